"""An item's trace: every scan of that GTIN (or of that batch) and every scan of anything by the same maker."""

from __future__ import annotations

import functools
import logging

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui.models.scan_event_table_model import ScanEventTableModel
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.services.scan_service import ScanEventRow, ScanService

logger = logging.getLogger(__name__)


def _table(model: ScanEventTableModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(ScanEventTableModel.COLUMN_SUMMARY, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    return view


class TraceDialog(QDialog):
    """Two tabs: the scans of ``gtin`` (optionally only ``batch``) and the scans of the maker ``uscc``.

    Not modal for the window: open it with ``show()`` or ``open()``; it deletes itself when closed.

    Signals:
        loaded(): both lists have arrived (tests wait on it).
    """

    loaded = Signal()

    def __init__(
        self,
        service: ScanService,
        runner: TaskRunner,
        *,
        gtin: str | None = None,
        batch: str | None = None,
        uscc: str | None = None,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("TraceDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._service = service
        self._runner = runner
        self._gtin = gtin or None
        self._batch = batch or None
        self._uscc = uscc or None
        self._title = title
        self._waiting = 0

        self._item_model = ScanEventTableModel(self)
        self._maker_model = ScanEventTableModel(self)
        self._heading = QLabel(self)
        self._heading.setWordWrap(True)
        self._batch_check = QCheckBox(self)
        self._batch_check.setObjectName("batchOnlyCheck")
        self._batch_check.setVisible(self._batch is not None)
        self._tabs = QTabWidget(self)
        item_page = QWidget(self._tabs)
        item_layout = QVBoxLayout(item_page)
        item_layout.addWidget(self._batch_check)
        self._item_view = _table(self._item_model, item_page)
        item_layout.addWidget(self._item_view)
        self._maker_view = _table(self._maker_model, self._tabs)
        self._tabs.addTab(item_page, "")
        self._tabs.addTab(self._maker_view, "")
        self._tabs.setTabEnabled(0, self._gtin is not None)
        self._tabs.setTabEnabled(1, self._uscc is not None)
        if self._gtin is None:
            self._tabs.setCurrentIndex(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._heading)
        layout.addWidget(self._tabs, 1)
        layout.addWidget(buttons)
        self.resize(980, 560)

        self._batch_check.toggled.connect(self._load_item_scans)
        self._retranslate()
        self.reload()

    # --- public ------------------------------------------------------------------------------------------

    @property
    def item_model(self) -> ScanEventTableModel:
        """The scans of the item (or batch)."""
        return self._item_model

    @property
    def maker_model(self) -> ScanEventTableModel:
        """The scans of the maker's products."""
        return self._maker_model

    @property
    def batch_only_check(self) -> QCheckBox:
        """Ticked: only the scanned batch."""
        return self._batch_check

    def reload(self) -> None:
        """Ask for both lists again."""
        self._load_item_scans()
        self._load_maker_scans()

    # --- loading -----------------------------------------------------------------------------------------

    def _load_item_scans(self) -> None:
        if self._gtin is None:
            return
        batch = self._batch if self._batch_check.isChecked() else None
        self._waiting += 1
        self._runner.run_query(
            functools.partial(self._service.trace, self._gtin, batch),
            self._on_item_scans,
            on_error=self._on_failed,
        )

    def _load_maker_scans(self) -> None:
        if self._uscc is None:
            return
        self._waiting += 1
        self._runner.run_query(
            functools.partial(self._service.maker_trace, self._uscc), self._on_maker_scans, on_error=self._on_failed
        )

    def _on_item_scans(self, rows: list[ScanEventRow]) -> None:
        self._item_model.set_rows(rows)
        self._retranslate()
        self._one_arrived()

    def _on_maker_scans(self, rows: list[ScanEventRow]) -> None:
        self._maker_model.set_rows(rows)
        self._retranslate()
        self._one_arrived()

    def _on_failed(self, _error: BaseException) -> None:
        self._one_arrived()

    def _one_arrived(self) -> None:
        self._waiting = max(0, self._waiting - 1)
        if self._waiting == 0:
            self.loaded.emit()

    # --- text --------------------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("追溯") + (f" — {self._title}" if self._title else ""))
        parts = []
        if self._gtin:
            parts.append(self.tr("商品条码 %1").replace("%1", self._gtin))
        if self._batch:
            parts.append(self.tr("批号 %1").replace("%1", self._batch))
        if self._uscc:
            parts.append(self.tr("生产企业 %1").replace("%1", self._uscc))
        self._heading.setText("    ".join(parts))
        self._batch_check.setText(self.tr("只看批号 %1").replace("%1", self._batch or ""))
        self._tabs.setTabText(0, self.tr("本商品的扫描（%1）").replace("%1", str(self._item_model.rowCount())))
        self._tabs.setTabText(1, self.tr("该企业产品的扫描（%1）").replace("%1", str(self._maker_model.rowCount())))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
