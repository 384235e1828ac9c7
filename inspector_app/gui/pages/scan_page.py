"""The scan page: the verdict card of the latest scan, this session's scans, and image files to scan."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui import prompts
from inspector_app.gui.dialogs.trace_dialog import TraceDialog
from inspector_app.gui.image_drop_filter import ImageDropFilter
from inspector_app.gui.models.recent_scan_list_model import RecentScanListModel
from inspector_app.gui.scan_session import ImageFileOutcome, ScanSession, SessionScan
from inspector_app.gui.spot_check_launcher import SpotCheckLauncher
from inspector_app.gui.widgets.verdict_card import VerdictCardWidget

if TYPE_CHECKING:
    from inspector_app.gui.page_context import PageContext

logger = logging.getLogger(__name__)

#: What the open-image dialog offers (anything else can still be dropped and is then reported).
IMAGE_NAME_FILTER = "*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp"


class ScanPage(QWidget):
    """Verdict card on the left; on the right this session's scans, "open image…" and the trace button.

    Image files dropped on the page (or chosen with the button) are decoded in the background and every code
    in them is recorded; a file that cannot be read is reported with its reason, one without a code is said so.

    Signals:
        trace_opened(TraceDialog): the trace of the shown item was opened.
    """

    trace_opened = Signal(object)

    def __init__(self, session: ScanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ScanPage")
        self._session = session
        self._shown: SessionScan | None = None

        self._card = VerdictCardWidget(self, language=session.language)
        self._model = RecentScanListModel(self, language=session.language)
        self._model.set_scans(session.recent)
        self._recent_title = QLabel(self)
        self._recent_view = QListView(self)
        self._recent_view.setObjectName("recentList")
        self._recent_view.setModel(self._model)
        self._recent_view.setUniformItemSizes(True)
        self._recent_view.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self._open_button = QPushButton(self)
        self._open_button.setObjectName("openImageButton")
        self._open_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self._trace_button = QPushButton(self)
        self._trace_button.setObjectName("traceButton")
        self._trace_button.setEnabled(False)
        self._status = QLabel(self)
        self._status.setObjectName("statusLabel")
        self._status.setWordWrap(True)
        self._drop_hint = QLabel(self)
        self._drop_hint.setWordWrap(True)
        self._drop_hint.setEnabled(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self._open_button)
        buttons.addWidget(self._trace_button)
        buttons.addStretch(1)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addLayout(buttons)
        side_layout.addWidget(self._status)
        side_layout.addWidget(self._recent_title)
        side_layout.addWidget(self._recent_view, 1)
        side_layout.addWidget(self._drop_hint)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._card)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._drop_filter = ImageDropFilter(self, self.scan_files)
        self._open_button.clicked.connect(self._on_open_button_clicked)
        self._trace_button.clicked.connect(self.open_trace)
        self._recent_view.selectionModel().selectionChanged.connect(self._on_recent_selection_changed)
        session.scan_recorded.connect(self._on_scan_recorded)
        session.images_scanned.connect(self._on_images_scanned)
        session.translations.language_changed.connect(self._on_language_changed)
        self._retranslate()
        if session.recent:
            self._show(session.recent[0])

    @classmethod
    def from_context(cls, context: PageContext) -> ScanPage:
        """The page as the navigation builds it, offering "sample this item" on the card."""
        page = cls(context.scan_session)
        page.enable_sampling(SpotCheckLauncher(context, page))
        return page

    def enable_sampling(self, launcher: SpotCheckLauncher) -> None:
        """Offer "sample this item" (抽样) on the card; ``launcher`` starts the draft from the scan and opens it."""
        self._card.set_sampling_enabled(True)
        self._card.sample_requested.connect(launcher.start_from_scan)

    # --- public ------------------------------------------------------------------------------------------

    @property
    def card(self) -> VerdictCardWidget:
        """The verdict card."""
        return self._card

    @property
    def recent_model(self) -> RecentScanListModel:
        """This session's scans."""
        return self._model

    def status_text(self) -> str:
        """The line reporting on image files."""
        return self._status.text()

    def scan_files(self, paths: list[Path]) -> bool:
        """Decode ``paths`` and record their codes (what the button and a drop do)."""
        if not paths:
            return False
        self._status.setText(self.tr("正在识别 %n 个图像文件…", "", len(paths)))
        return self._session.scan_image_files(paths)

    def open_trace(self) -> TraceDialog | None:
        """Open the trace of the item (and maker) on the card; None when the card has neither."""
        scan = self._shown
        if scan is None:
            return None
        facts = scan.result.card.verdict.facts
        found = scan.result.card.identified.identification
        gtin = facts.gtin or (found.gtin if found is not None else None)
        uscc = facts.enterprise.uscc if facts.enterprise is not None else None
        if gtin is None and uscc is None:
            return None
        title = facts.trade_item.name if facts.trade_item is not None else (gtin or uscc or "")
        dialog = TraceDialog(
            self._session.service,
            self._session.runner,
            gtin=gtin,
            batch=facts.batch,
            uscc=uscc,
            title=title,
            parent=self.window(),
        )
        dialog.show()
        self.trace_opened.emit(dialog)
        return dialog

    # --- slots -------------------------------------------------------------------------------------------

    def _on_open_button_clicked(self) -> None:
        paths = prompts.choose_image_files(self, self.tr("打开图像文件"), self.tr("图像") + f" ({IMAGE_NAME_FILTER})")
        self.scan_files(paths)

    def _on_scan_recorded(self, scan: SessionScan) -> None:
        self._model.add(scan)
        self._recent_view.selectionModel().blockSignals(True)
        self._recent_view.clearSelection()
        self._recent_view.selectionModel().blockSignals(False)
        self._show(scan)

    def _on_recent_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            scan = self._model.scan_at(indexes[0])
            if scan is not None:
                self._show(scan)

    def _on_images_scanned(self, outcomes: list[ImageFileOutcome]) -> None:
        lines: list[str] = []
        errors: list[str] = []
        language = self._session.language
        for outcome in outcomes:
            name = outcome.path.name
            if outcome.error is not None:
                message = outcome.error.user_message(language)
                errors.append(f"{name}: {message}")
                lines.append(self.tr("%1：无法读取").replace("%1", name))
            elif outcome.found_nothing:
                lines.append(self.tr("%1：图像中未找到条码").replace("%1", name))
            elif outcome.scan is not None:
                count = len(outcome.scan.results)
                lines.append(self.tr("%1：找到并记录了 %n 个条码", "", count).replace("%1", name))
        self._status.setText("\n".join(lines))
        if errors:
            prompts.show_error(self, self.tr("无法读取图像"), "\n".join(errors))

    def _on_language_changed(self, language: str) -> None:
        self._card.set_language(language)
        self._model.set_language(language)

    # --- display -----------------------------------------------------------------------------------------

    def _show(self, scan: SessionScan) -> None:
        self._shown = scan
        self._card.show_result(scan.result)
        facts = scan.result.card.verdict.facts
        found = scan.result.card.identified.identification
        has_trace = bool(facts.gtin or (found is not None and found.gtin) or facts.enterprise is not None)
        self._trace_button.setEnabled(has_trace)

    def _retranslate(self) -> None:
        self._recent_title.setText(self.tr("本次检查的扫描"))
        self._open_button.setText(self.tr("打开图像…"))
        self._trace_button.setText(self.tr("追溯"))
        self._trace_button.setToolTip(self.tr("该商品和该企业产品的全部扫描记录"))
        self._drop_hint.setText(self.tr("可将含条码的照片或图像文件拖放到此窗口"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
