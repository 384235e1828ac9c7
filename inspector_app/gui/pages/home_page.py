"""The home page, first in the navigation: who is acting, what is due soon, and the usual first steps.

The "due soon" list is ``SpotCheckService.due_soon``: open objection windows of nonconforming results, correction
and re-check deadlines (overdue ones too, in red), and deadlines that cannot be computed because the holiday
schedule of their year is not known yet — each with its legal source and the record it belongs to. A deadline is
dealt with from here too: "办理…" (or the row's context menu) opens the objection dialog for an objection window and
the correction order / re-check dialog for those deadlines; once recorded, the deadline leaves the list.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui import prompts
from inspector_app.gui.change_bus import Change
from inspector_app.gui.dialogs.certificate_verification_dialog import CertificateVerificationDialog
from inspector_app.gui.models.due_item_table_model import DueItemTableModel
from inspector_app.gui.pages.records_page import CERTIFICATE_NAME_FILTER
from inspector_app.gui.spot_check.after_verdict import KIND_CORRECTION_ORDER, follow_up_kind_for
from inspector_app.gui.spot_check.follow_up_dialog import FollowUpDialog
from inspector_app.gui.spot_check.objection_dialog import ObjectionDialog
from inspector_app.gui.spot_check_launcher import Opener, SpotCheckLauncher
from inspector_app.gui.widgets.row_table_view import sortable_row_table
from inspector_app.services.identity_service import InspectorSession
from inspector_app.services.spot_check_service import OBJECTION_CODES, DueItem

if TYPE_CHECKING:
    from inspector_app.gui.page_context import PageContext

logger = logging.getLogger(__name__)

# How far ahead the "due soon" list looks: two weeks cover the objection windows of recent results.
DUE_WITHIN_DAYS = 14


class HomePage(QWidget):
    """The inspector logged in (with lock and log-out), quick actions, and the deadlines due soon.

    Double-clicking a deadline (or "打开") opens its spot check; "办理…" (or the context menu) opens the dialog that
    records what answers it. The list reloads when records are written, when the page is shown and when another
    inspector logs in.

    Signals:
        navigation_requested(str): a quick action asks the window to show the page with this key.
        loaded(int): the "due soon" list arrived (how many).
        certificate_dialog_opened(object): a ``CertificateVerificationDialog`` was opened.
        after_verdict_dialog_opened(object): an ``ObjectionDialog`` or ``FollowUpDialog`` was opened for a deadline.
    """

    navigation_requested = Signal(str)
    loaded = Signal(int)
    certificate_dialog_opened = Signal(object)
    after_verdict_dialog_opened = Signal(object)

    def __init__(self, context: PageContext, parent: QWidget | None = None, *, opener: Opener | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HomePage")
        self._context = context
        self._launcher = SpotCheckLauncher(context, self, opener=opener)
        self._request = 0

        self._who_label = QLabel(self)
        self._who_label.setObjectName("whoLabel")
        font = QFont(self._who_label.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.4)
        font.setBold(True)
        self._who_label.setFont(font)
        self._unit_label = QLabel(self)
        self._unit_label.setObjectName("unitLabel")
        self._lock_button = QPushButton(self)
        self._lock_button.setObjectName("lockButton")
        self._logout_button = QPushButton(self)
        self._logout_button.setObjectName("logoutButton")

        self._actions_box = QGroupBox(self)
        self._new_button = QPushButton(self._actions_box)
        self._new_button.setObjectName("newSpotCheckButton")
        self._scan_button = QPushButton(self._actions_box)
        self._scan_button.setObjectName("scanButton")
        self._records_button = QPushButton(self._actions_box)
        self._records_button.setObjectName("recordsButton")
        self._verify_button = QPushButton(self._actions_box)
        self._verify_button.setObjectName("verifyButton")
        actions = QHBoxLayout(self._actions_box)
        for button in (self._new_button, self._scan_button, self._records_button, self._verify_button):
            button.setMinimumHeight(40)
            actions.addWidget(button)
        actions.addStretch(1)

        self._due_box = QGroupBox(self)
        self._model = DueItemTableModel(self, language=context.translations.language)
        # As the service orders them, soonest first, until a header is clicked.
        self._proxy, self._table = sortable_row_table(
            self._due_box,
            self._model,
            "dueTable",
            stretch_column=DueItemTableModel.COLUMN_SOURCE,
            selection_mode=QTableView.SelectionMode.SingleSelection,
        )
        self._table.setWordWrap(False)
        self._table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._empty_label = QLabel(self._due_box)
        self._empty_label.setObjectName("emptyLabel")
        self._open_button = QPushButton(self._due_box)
        self._open_button.setObjectName("openButton")
        self._open_button.setEnabled(False)
        self._act_button = QPushButton(self._due_box)
        self._act_button.setObjectName("actButton")
        self._act_button.setEnabled(False)
        due_buttons = QHBoxLayout()
        due_buttons.addWidget(self._empty_label, 1)
        due_buttons.addWidget(self._act_button)
        due_buttons.addWidget(self._open_button)
        due_layout = QVBoxLayout(self._due_box)
        due_layout.addWidget(self._table, 1)
        due_layout.addLayout(due_buttons)

        who = QVBoxLayout()
        who.addWidget(self._who_label)
        who.addWidget(self._unit_label)
        top = QHBoxLayout()
        top.addLayout(who, 1)
        top.addWidget(self._lock_button)
        top.addWidget(self._logout_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._actions_box)
        layout.addWidget(self._due_box, 1)

        self._lock_button.clicked.connect(context.sessions.lock_now)
        self._logout_button.clicked.connect(context.sessions.log_out)
        self._new_button.clicked.connect(self._on_new_button_clicked)
        self._scan_button.clicked.connect(self._on_scan_button_clicked)
        self._records_button.clicked.connect(self._on_records_button_clicked)
        self._verify_button.clicked.connect(self.verify_certificate_file)
        self._open_button.clicked.connect(self.open_selected)
        self._act_button.clicked.connect(self.act_on_selected)
        self._table.doubleClicked.connect(self._on_row_double_clicked)
        self._table.customContextMenuRequested.connect(self._on_context_menu_requested)
        self._table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        context.change_bus.changed.connect(self._on_changed)
        context.sessions.session_changed.connect(self._on_session_changed)
        context.translations.language_changed.connect(self._model.set_language)

        self._retranslate()
        self.reload()

    @classmethod
    def from_context(cls, context: PageContext) -> HomePage:
        """The page as the navigation builds it."""
        return cls(context)

    # --- public ------------------------------------------------------------------------------------------

    @property
    def model(self) -> DueItemTableModel:
        """The deadlines listed."""
        return self._model

    @property
    def table(self) -> QTableView:
        """The "due soon" table."""
        return self._table

    @property
    def launcher(self) -> SpotCheckLauncher:
        """Opens spot checks and starts new ones for this page."""
        return self._launcher

    def who_text(self) -> str:
        """Who the page says is logged in."""
        return self._who_label.text()

    def empty_text(self) -> str:
        """The line under the list (shown when nothing is due)."""
        return self._empty_label.text() if not self._empty_label.isHidden() else ""

    def reload(self) -> None:
        """Read the deadlines due soon (in the background)."""
        self._request += 1
        work = functools.partial(self._context.services.spot_check.due_soon, DUE_WITHIN_DAYS)
        self._context.runner.run_query(work, functools.partial(self._on_loaded, self._request))

    def selected_item(self) -> DueItem | None:
        """The selected deadline, or None."""
        indexes = self._table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self._model.row_at(self._proxy.mapToSource(indexes[0]))

    def open_selected(self) -> QWidget | None:
        """Open the spot check of the selected deadline."""
        item = self.selected_item()
        return self._launcher.open_record(item.spot_check_id) if item is not None else None

    def act_on_selected(self) -> QDialog | None:
        """Open the dialog that records what answers the selected deadline."""
        item = self.selected_item()
        return self.act_on(item) if item is not None else None

    def act_on(self, item: DueItem) -> QDialog | None:
        """Open the objection dialog for an objection window, the follow-up dialog (on the right step) for a
        correction or re-check deadline; None for any other deadline or when nobody is logged in."""
        session: InspectorSession | None = self._context.sessions.session
        if session is None:
            return None
        dialog: QDialog
        code = item.deadline.code
        kind = follow_up_kind_for(code)
        if code in OBJECTION_CODES:
            dialog = ObjectionDialog(self._context, session, item.spot_check_id, parent=self.window())
        elif kind is not None:
            dialog = FollowUpDialog(self._context, session, item.spot_check_id, kind=kind, parent=self.window())
        else:
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        logger.info("%s opened for %s of %s", dialog.objectName(), code, item.spot_check_id)
        self.after_verdict_dialog_opened.emit(dialog)
        return dialog

    def row_menu(self, item: DueItem) -> QMenu:
        """The context menu of a deadline: open its spot check, and record what answers the deadline."""
        menu = QMenu(self)
        menu.setObjectName("dueRowMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        open_action = menu.addAction(self.tr("打开抽查"))
        open_action.setObjectName("openAction")
        open_action.triggered.connect(functools.partial(self._launcher.open_record, item.spot_check_id))
        label = self._act_label(item)
        if label:
            act_action = menu.addAction(label)
            act_action.setObjectName("actAction")
            act_action.triggered.connect(functools.partial(self.act_on, item))
        return menu

    def verify_certificate_file(self) -> CertificateVerificationDialog | None:
        """Ask for a certificate PDF (or a photo of its code) and check it."""
        path = prompts.choose_open_file(
            self, self.tr("打开证书"), self.tr("证书 PDF 或二维码图像") + f" ({CERTIFICATE_NAME_FILTER})"
        )
        if path is None:
            return None
        dialog = CertificateVerificationDialog.verify_file(
            self._context.services.certificates,
            self._context.runner,
            path,
            self.window(),
            language=self._context.translations.language,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.certificate_dialog_opened.emit(dialog)
        return dialog

    # --- slots -------------------------------------------------------------------------------------------

    def _on_loaded(self, request: int, items: list[DueItem]) -> None:
        if request != self._request:
            return
        self._model.set_rows(items)
        self._open_button.setEnabled(False)
        self._act_button.setEnabled(False)
        self._show_count()
        self.loaded.emit(len(items))

    def _on_changed(self, changes: Change) -> None:
        if changes & (Change.SCANS | Change.REFERENCE_DATA):
            self.reload()

    def _on_session_changed(self, _session: object) -> None:
        self._show_who()
        self.reload()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        item = self.selected_item()
        self._open_button.setEnabled(item is not None)
        self._act_button.setEnabled(item is not None and bool(self._act_label(item)))
        if item is not None and self._act_label(item):
            self._act_button.setToolTip(self._act_label(item))

    def _on_context_menu_requested(self, position: QPoint) -> None:
        index = self._table.indexAt(position)
        item = self._model.row_at(self._proxy.mapToSource(index)) if index.isValid() else None
        if item is None:
            return
        self._table.selectRow(index.row())
        self.row_menu(item).popup(self._table.viewport().mapToGlobal(position))

    def _on_row_double_clicked(self, index: QModelIndex) -> None:
        item = self._model.row_at(self._proxy.mapToSource(index))
        if item is not None:
            self._launcher.open_record(item.spot_check_id)

    def _on_new_button_clicked(self) -> None:
        self._launcher.start_new()

    def _on_scan_button_clicked(self) -> None:
        self.navigation_requested.emit("scan")

    def _on_records_button_clicked(self) -> None:
        self.navigation_requested.emit("records")

    def showEvent(self, event: QShowEvent) -> None:
        # Deadlines run out with time, not only when records change: a page shown again reads them afresh.
        super().showEvent(event)
        if not event.spontaneous():
            self.reload()

    # --- text --------------------------------------------------------------------------------------------

    def _show_who(self) -> None:
        session: InspectorSession | None = self._context.sessions.session
        if session is None:
            self._who_label.setText(self.tr("未登录"))
            self._unit_label.setText("")
        else:
            self._who_label.setText(
                self.tr("当前执法人员：%1（执法证号 %2）")
                .replace("%1", session.name)
                .replace("%2", session.badge_number)
            )
            since = session.logged_in_at.strftime("%Y-%m-%d %H:%M")
            self._unit_label.setText(
                self.tr("%1 · 登录于 %2").replace("%1", session.unit or self.tr("单位未填")).replace("%2", since)
            )
        logged_in = session is not None
        for button in (self._lock_button, self._logout_button, self._new_button):
            button.setEnabled(logged_in)

    def _act_label(self, item: DueItem) -> str:
        """What "办理" does for ``item`` ("" when nothing is recorded against that deadline here)."""
        code = item.deadline.code
        if code in OBJECTION_CODES:
            return self.tr("登记异议…")
        kind = follow_up_kind_for(code)
        if kind is None:
            return ""
        return self.tr("登记责令整改…") if kind == KIND_CORRECTION_ORDER else self.tr("登记复查…")

    def _show_count(self) -> None:
        count = self._model.rowCount()
        self._empty_label.setText(
            self.tr("%n 项期限即将到期或已逾期", "", count) if count else self.tr("近期没有到期的期限")
        )

    def _retranslate(self) -> None:
        self._show_who()
        self._lock_button.setText(self.tr("锁定"))
        self._lock_button.setToolTip(self.tr("离开时锁定工作站，回来后输入密码继续"))
        self._logout_button.setText(self.tr("退出登录"))
        self._actions_box.setTitle(self.tr("常用操作"))
        self._new_button.setText(self.tr("新建抽查"))
        self._scan_button.setText(self.tr("扫描"))
        self._records_button.setText(self.tr("抽查记录"))
        self._verify_button.setText(self.tr("核验证书…"))
        self._due_box.setTitle(self.tr("即将到期（%1 日内）及已逾期的期限").replace("%1", str(DUE_WITHIN_DAYS)))
        self._open_button.setText(self.tr("打开"))
        self._act_button.setText(self.tr("办理…"))
        self._act_button.setToolTip(self.tr("为所选期限登记异议、责令整改或复查"))
        self._show_count()
        self._model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
