"""The workstation window: toolbar, navigation list, page stack and status bar."""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QSizePolicy,
    QTextEdit,
    QWidget,
)

from inspector_app import __version__
from inspector_app.gui import prompts
from inspector_app.gui.change_bus import Change
from inspector_app.gui.dialogs.certificate_verification_dialog import CertificateVerificationDialog
from inspector_app.gui.forms.ui_main_window import Ui_MainWindow
from inspector_app.gui.image_drop_filter import ImageDropFilter
from inspector_app.gui.navigation import PAGES, PageSpec
from inspector_app.gui.page_context import PageContext
from inspector_app.gui.pages.scan_page import ScanPage
from inspector_app.gui.scan_bar import ScanBar
from inspector_app.gui.scan_session import ScanSource, SessionScan
from inspector_app.gui.scanner_input_filter import ScannerInputFilter
from inspector_app.services.identity_service import InspectorSession
from inspector_app.services.status_service import WorkstationStatus

logger = logging.getLogger(__name__)

_DEMO_BADGE_STYLE = "QLabel { background: #d97706; color: white; border-radius: 4px; padding: 2px 10px; }"


class MainWindow(QMainWindow):
    """Builds one navigation entry and one page per registered ``PageSpec`` and keeps the status bar current.

    The pages show only while an inspector is logged in (``context.sessions``); a certificate's QR code arriving
    at the scan bar opens its verification.

    Signals: none.
    """

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._info = context.services.status.workspace_info()
        self._status: WorkstationStatus | None = None
        self._ui = Ui_MainWindow()
        self._ui.setupUi(self)  # type: ignore[no-untyped-call]  # generated form
        self._pages: dict[str, QWidget] = {}
        self._specs: list[PageSpec] = []
        self._certificate_dialog: CertificateVerificationDialog | None = None

        self._build_toolbar()
        self._build_status_bar()
        self._build_pages()
        self._retranslate()
        # A scanner types into whatever has the focus: the filter (installed on the application by its owner)
        # sends its bursts to the scan bar; image files dropped anywhere on the window are scanned.
        self.scanner_filter = ScannerInputFilter(self, self.scan_bar)
        scan_page = self._pages.get("scan")
        if isinstance(scan_page, ScanPage):
            self._image_drop = ImageDropFilter(self, scan_page.scan_files)
        context.scan_session.scan_recorded.connect(self._on_scan_recorded)
        context.scan_session.certificate_scanned.connect(self.verify_certificate_text)
        context.sessions.session_changed.connect(self._on_session_changed)
        context.sessions.locked.connect(self._on_locked)
        context.sessions.unlocked.connect(self._on_unlocked)
        self._lock_action.triggered.connect(context.sessions.lock_now)
        self._logout_action.triggered.connect(context.sessions.log_out)

        self._ui.navigationList.currentRowChanged.connect(self._on_navigation_row_changed)
        self._ui.aboutAction.triggered.connect(self._on_about_triggered)
        context.change_bus.changed.connect(self._on_changed)
        context.runner.busy_changed.connect(self._on_busy_changed)
        self._ui.navigationList.setCurrentRow(0)
        self._show_session(context.sessions.session)
        self.refresh_status()

    # --- public ------------------------------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page registered under ``key``."""
        return self._pages[key]

    def page_keys(self) -> list[str]:
        """The navigation entries, top to bottom."""
        return [spec.key for spec in self._specs]

    def show_page(self, key: str) -> None:
        """Switch to the page registered under ``key``."""
        self._ui.navigationList.setCurrentRow(self.page_keys().index(key))

    def current_page_key(self) -> str:
        """Key of the page on show."""
        return self._specs[self._ui.navigationList.currentRow()].key

    def pages_shown(self) -> bool:
        """Whether the pages are on show (someone is logged in and the workstation is not locked)."""
        return not self._ui.centralWidget.isHidden()

    def inspector_text(self) -> str:
        """Who the status bar says is acting."""
        return self._inspector_label.text()

    def verify_certificate_text(self, text: str) -> CertificateVerificationDialog:
        """Check a certificate's QR text (from the scan bar or the camera) and show the verdict."""
        dialog = CertificateVerificationDialog.verify_text(
            self._context.services.certificates,
            self._context.runner,
            text,
            self,
            language=self._context.translations.language,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._on_certificate_dialog_destroyed)
        self._certificate_dialog = dialog
        return dialog

    @property
    def certificate_dialog(self) -> CertificateVerificationDialog | None:
        """The verification dialog opened last, while it is open."""
        return self._certificate_dialog

    def refresh_status(self) -> None:
        """Read the status bar's figures again (in the background)."""
        self._context.runner.run_query(self._context.services.status.status, self._on_status_loaded)

    # --- construction ------------------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        toolbar = self._ui.mainToolBar
        self.scan_bar = ScanBar(self._context.scan_session, self)
        toolbar.addWidget(self.scan_bar)
        self._demo_badge = QLabel(self)
        self._demo_badge.setStyleSheet(_DEMO_BADGE_STYLE)
        self._demo_badge_action = toolbar.addWidget(self._demo_badge)
        self._demo_badge_action.setVisible(self._info.is_demo)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self._lock_action = QAction(self)
        self._lock_action.setObjectName("lockAction")
        self._logout_action = QAction(self)
        self._logout_action.setObjectName("logoutAction")
        toolbar.addAction(self._lock_action)
        toolbar.addAction(self._logout_action)
        self._ui.aboutAction.setIcon(self.style().standardIcon(self.style().StandardPixmap.SP_MessageBoxInformation))
        toolbar.addAction(self._ui.aboutAction)

    def _build_status_bar(self) -> None:
        bar = self._ui.statusBar
        self._busy_bar = QProgressBar(self)
        self._busy_bar.setRange(0, 0)
        self._busy_bar.setMaximumSize(QSize(80, 14))
        self._busy_bar.setTextVisible(False)
        self._busy_bar.setVisible(False)
        self._workspace_label = QLabel(self)
        # A long data-folder path may be clipped (the tooltip has it whole) but must never widen the window.
        self._workspace_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._edition_label = QLabel(self)
        self._hq_label = QLabel(self)
        self._pending_label = QLabel(self)
        self._inspector_label = QLabel(self)
        self._inspector_label.setObjectName("inspectorLabel")
        bar.addWidget(self._workspace_label, 1)
        for widget in (self._busy_bar, self._inspector_label, self._edition_label, self._hq_label, self._pending_label):
            bar.addPermanentWidget(widget)

    def _build_pages(self) -> None:
        style = self.style()
        for spec in PAGES:
            page = spec.factory(self._context)
            page.setObjectName(f"{spec.key}Page")
            self._ui.pageStack.addWidget(page)
            item = QListWidgetItem(style.standardIcon(spec.icon), spec.title(), self._ui.navigationList)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setSizeHint(QSize(0, 40))
            self._pages[spec.key] = page
            self._specs.append(spec)
            navigation_requested = getattr(page, "navigation_requested", None)
            if navigation_requested is not None:  # quick actions of a page (the home page's) switch pages
                navigation_requested.connect(self.show_page)

    # --- slots -------------------------------------------------------------------------------------------

    def _on_navigation_row_changed(self, row: int) -> None:
        if 0 <= row < len(self._specs):
            self._ui.pageStack.setCurrentIndex(row)

    def _on_changed(self, _changes: Change) -> None:
        # Every change may move a figure of the status bar (catalogue, pending records...); the query is cheap.
        self.refresh_status()

    def _on_scan_recorded(self, scan: SessionScan) -> None:
        # The card is the point of a scan: show it, unless the camera page shows its own, or the scan came in
        # while the inspector was typing into a form (the scan bar's colour says enough then).
        if "scan" not in self._pages or self.current_page_key() in ("scan", "camera"):
            return
        if scan.source is ScanSource.SCANNER and isinstance(QApplication.focusWidget(), QLineEdit | QTextEdit):
            return
        self.show_page("scan")

    def _on_session_changed(self, session: InspectorSession | None) -> None:
        self._show_session(session)
        if session is not None:
            self.show_page(self._specs[0].key)

    def _on_locked(self) -> None:
        self._show_session(None)

    def _on_unlocked(self, session: InspectorSession) -> None:
        self._show_session(session)

    def _show_session(self, session: InspectorSession | None) -> None:
        # Nothing of the workstation shows, and nothing is scanned, until someone is logged in.
        signed_in = session is not None
        self._ui.centralWidget.setVisible(signed_in)
        self.scan_bar.setEnabled(signed_in)
        self._lock_action.setEnabled(signed_in)
        self._logout_action.setEnabled(signed_in)
        self._retranslate_session()

    def _on_certificate_dialog_destroyed(self, _object: object = None) -> None:
        self._certificate_dialog = None

    def _on_busy_changed(self, busy: bool) -> None:
        self._busy_bar.setVisible(busy)

    def _on_status_loaded(self, status: WorkstationStatus) -> None:
        self._status = status
        self._retranslate_status()

    def _on_about_triggered(self) -> None:
        title = self.tr("关于本工作站")
        text = self.tr(
            "<h3>质量安全监管检查工作站</h3><p>版本 {version}</p>"
            "<p>面向市场监管质量安全检查人员的离线工作站。</p><p>数据文件夹：{folder}</p>"
        ).format(version=html.escape(__version__), folder=html.escape(str(self._info.data_dir)))
        prompts.show_about(self, title, text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._ui.retranslateUi(self)  # type: ignore[no-untyped-call]
            self._retranslate()
        super().changeEvent(event)

    # --- texts -------------------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        title = self.tr("质量安全监管检查工作站")
        if self._info.is_demo:
            title = self.tr("{title} — 演示").format(title=title)
        self.setWindowTitle(title)
        self._demo_badge.setText(self.tr("演示数据 · 非真实记录"))
        for row, spec in enumerate(self._specs):
            self._ui.navigationList.item(row).setText(spec.title())
        self._lock_action.setText(self.tr("锁定"))
        self._lock_action.setToolTip(self.tr("锁定工作站，回来后输入密码继续"))
        self._logout_action.setText(self.tr("退出登录"))
        self._retranslate_session()
        self._retranslate_status()

    def _retranslate_session(self) -> None:
        sessions = self._context.sessions
        session = sessions.session
        if session is None:
            self._inspector_label.setText(self.tr("未登录"))
        elif sessions.is_locked:
            self._inspector_label.setText(self.tr("已锁定：%1").replace("%1", session.name))
        else:
            self._inspector_label.setText(
                self.tr("执法人员：%1（%2）").replace("%1", session.name).replace("%2", session.badge_number)
            )

    def _retranslate_status(self) -> None:
        workspace = self.tr("演示工作区") if self._info.is_demo else self.tr("正式工作区")
        self._workspace_label.setText(f"{workspace} · {self._info.data_dir}")
        self._workspace_label.setToolTip(self.tr("数据文件夹：{folder}").format(folder=self._info.data_dir))
        status = self._status
        if status is None:
            self._edition_label.setText(self.tr("目录：读取中…"))
            self._pending_label.setText("")
            self._hq_label.setText("")
            return
        if status.edition_code is None:
            self._edition_label.setText(self.tr("目录：未安装"))
            self._edition_label.setToolTip("")
        else:
            self._edition_label.setText(self.tr("目录：{edition}").format(edition=status.edition_code))
            self._edition_label.setToolTip(status.edition_name or "")
        if status.hq_enrolled:
            if status.last_sync_at is None:
                self._hq_label.setText(self.tr("已登记到总部 · 尚未同步"))
            else:
                when = status.last_sync_at.astimezone().strftime("%m-%d %H:%M")
                self._hq_label.setText(self.tr("已登记到总部 · 上次同步 {time}").format(time=when))
            if status.clock_skew_seconds is not None:
                self._hq_label.setToolTip(
                    self.tr("本机时钟与总部相差 {minutes} 分钟，请校准时间。").format(
                        minutes=round(status.clock_skew_seconds / 60)
                    )
                )
            else:
                self._hq_label.setToolTip("")
        else:
            self._hq_label.setText(self.tr("未连接总部"))
            self._hq_label.setToolTip(self.tr("本设备尚未登记到总部，记录只保存在本机。"))
        self._pending_label.setText(self.tr("待上传：{count}").format(count=status.pending_uploads))
