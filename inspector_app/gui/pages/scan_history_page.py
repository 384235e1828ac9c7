"""The scan history: every recorded scan, filtered by date, place, outcome, GTIN and maker; open an item's trace."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QItemSelection, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui.change_bus import Change, ChangeBus
from inspector_app.gui.dialogs.trace_dialog import TraceDialog
from inspector_app.gui.models.scan_event_table_model import ScanEventTableModel, outcome_name
from inspector_app.gui.scan_session import ScanSession
from inspector_app.gui.widgets.row_table_view import sortable_row_table
from inspector_app.services.scan_service import ScanEventRow, ScanFilter

if TYPE_CHECKING:
    from inspector_app.gui.page_context import PageContext

logger = logging.getLogger(__name__)

#: Rows listed at once; the count label says when there are more.
HISTORY_LIMIT = 1000
#: Pause after the last keystroke in a text filter before the query runs.
FILTER_DELAY_MS = 250
_OUTCOMES = ("", "red", "amber", "green", "unknown", "invalid")


class ScanHistoryPage(QWidget):
    """Filters on top, the matching scans below (newest first), and the trace of the selected row.

    The list reloads by itself when scans are recorded (the change bus says so) or a filter changes.

    Signals:
        loaded(int): the rows for the current filter arrived (how many).
        trace_opened(TraceDialog): a trace dialog was opened.
    """

    loaded = Signal(int)
    trace_opened = Signal(object)

    def __init__(
        self, session: ScanSession, change_bus: ChangeBus | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ScanHistoryPage")
        self._session = session
        self._request = 0
        self._truncated = False

        today = QDate.currentDate()
        self._from_edit = QDateEdit(today.addDays(-30), self)
        self._from_edit.setObjectName("fromEdit")
        self._to_edit = QDateEdit(today, self)
        self._to_edit.setObjectName("toEdit")
        for date_edit in (self._from_edit, self._to_edit):
            date_edit.setCalendarPopup(True)
            date_edit.setDisplayFormat("yyyy-MM-dd")
        self._outcome_combo = QComboBox(self)
        self._outcome_combo.setObjectName("outcomeCombo")
        for outcome in _OUTCOMES:
            self._outcome_combo.addItem("", outcome)
        self._place_edit = QLineEdit(self)
        self._place_edit.setObjectName("placeEdit")
        self._gtin_edit = QLineEdit(self)
        self._gtin_edit.setObjectName("gtinEdit")
        self._maker_edit = QLineEdit(self)
        self._maker_edit.setObjectName("makerEdit")
        for edit in (self._place_edit, self._gtin_edit, self._maker_edit):
            edit.setClearButtonEnabled(True)
        self._trace_button = QPushButton(self)
        self._trace_button.setObjectName("traceButton")
        self._trace_button.setEnabled(False)
        self._count_label = QLabel(self)
        self._count_label.setObjectName("countLabel")

        self._model = ScanEventTableModel(self)
        # Newest first, as queried, until a header is clicked.
        self._proxy, self._table = sortable_row_table(
            self,
            self._model,
            "historyTable",
            stretch_column=ScanEventTableModel.COLUMN_SUMMARY,
            selection_mode=QTableView.SelectionMode.SingleSelection,
        )

        self._labels: dict[str, QLabel] = {
            name: QLabel(self) for name in ("from", "to", "outcome", "place", "gtin", "maker")
        }
        first = QFormLayout()
        first.addRow(self._labels["from"], self._from_edit)
        first.addRow(self._labels["to"], self._to_edit)
        second = QFormLayout()
        second.addRow(self._labels["outcome"], self._outcome_combo)
        second.addRow(self._labels["place"], self._place_edit)
        third = QFormLayout()
        third.addRow(self._labels["gtin"], self._gtin_edit)
        third.addRow(self._labels["maker"], self._maker_edit)
        filters = QHBoxLayout()
        filters.addLayout(first)
        filters.addLayout(second)
        filters.addLayout(third)
        filters.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self._count_label, 1)
        bottom.addWidget(self._trace_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self._table, 1)
        layout.addLayout(bottom)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.reload)
        for edit in (self._place_edit, self._gtin_edit, self._maker_edit):
            edit.textChanged.connect(self._on_filter_text_changed)
            edit.returnPressed.connect(self.reload)
        self._from_edit.dateChanged.connect(self._on_filter_changed)
        self._to_edit.dateChanged.connect(self._on_filter_changed)
        self._outcome_combo.currentIndexChanged.connect(self._on_filter_changed)
        self._table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._table.doubleClicked.connect(self._on_row_double_clicked)
        self._trace_button.clicked.connect(self.open_trace)
        if change_bus is not None:
            change_bus.changed.connect(self._on_changed)

        self._retranslate()
        self.reload()

    @classmethod
    def from_context(cls, context: PageContext) -> ScanHistoryPage:
        """The page as the navigation builds it."""
        return cls(context.scan_session, context.change_bus)

    # --- public ------------------------------------------------------------------------------------------

    @property
    def model(self) -> ScanEventTableModel:
        """The rows listed (in query order; the view may sort them)."""
        return self._model

    @property
    def table(self) -> QTableView:
        """The table view."""
        return self._table

    def current_filter(self) -> ScanFilter:
        """The filter the widgets describe (dates are local dates)."""
        date_from = _python_date(self._from_edit.date())
        date_to = _python_date(self._to_edit.date())
        if date_from > date_to:
            date_from, date_to = date_to, date_from
        return ScanFilter(
            date_from=date_from,
            date_to=date_to,
            place=self._place_edit.text().strip(),
            outcome=str(self._outcome_combo.currentData() or ""),
            gtin=_gtin14(self._gtin_edit.text()),
            maker=self._maker_edit.text().strip(),
            limit=HISTORY_LIMIT + 1,
        )

    def set_date_range(self, date_from: dt.date, date_to: dt.date) -> None:
        """Show scans from ``date_from`` to ``date_to`` (local dates, inclusive)."""
        self._from_edit.setDate(QDate(date_from.year, date_from.month, date_from.day))
        self._to_edit.setDate(QDate(date_to.year, date_to.month, date_to.day))

    def reload(self) -> None:
        """Run the query for the current filter."""
        self._filter_timer.stop()
        self._request += 1
        work = functools.partial(self._session.service.history_by_local_dates, self.current_filter())
        self._session.runner.run_query(work, functools.partial(self._on_loaded, self._request))

    def selected_row(self) -> ScanEventRow | None:
        """The selected scan, or None."""
        indexes = self._table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self._model.row_at(self._proxy.mapToSource(indexes[0]))

    def open_trace(self) -> TraceDialog | None:
        """Open the trace of the selected scan's item and maker; None when it has neither."""
        row = self.selected_row()
        if row is None or (not row.gtin and not row.enterprise_uscc):
            return None
        dialog = TraceDialog(
            self._session.service,
            self._session.runner,
            gtin=row.gtin,
            batch=row.batch,
            uscc=row.enterprise_uscc,
            title=row.item_name or row.gtin or row.enterprise_name or "",
            parent=self.window(),
        )
        dialog.show()
        self.trace_opened.emit(dialog)
        return dialog

    # --- slots -------------------------------------------------------------------------------------------

    def _on_loaded(self, request: int, rows: list[ScanEventRow]) -> None:
        if request != self._request:
            return  # a newer filter is on its way
        self._truncated = len(rows) > HISTORY_LIMIT
        self._model.set_rows(rows[:HISTORY_LIMIT])
        self._trace_button.setEnabled(False)
        self._show_count()
        self.loaded.emit(self._model.rowCount())

    def _on_filter_text_changed(self, _text: str) -> None:
        self._filter_timer.start()

    def _on_filter_changed(self, *_args: object) -> None:
        self.reload()

    def _on_changed(self, changes: Change) -> None:
        if changes & Change.SCANS:
            self.reload()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = self.selected_row()
        self._trace_button.setEnabled(row is not None and bool(row.gtin or row.enterprise_uscc))

    def _on_row_double_clicked(self, _index: object) -> None:
        self.open_trace()

    # --- text --------------------------------------------------------------------------------------------

    def _show_count(self) -> None:
        count = self._model.rowCount()
        if self._truncated:
            text = self.tr("显示最近的 %n 条扫描记录（还有更多，请缩小筛选范围）", "", count)
        else:
            text = self.tr("共 %n 条扫描记录", "", count)
        self._count_label.setText(text)

    def _retranslate(self) -> None:
        self._labels["from"].setText(self.tr("从"))
        self._labels["to"].setText(self.tr("至"))
        self._labels["outcome"].setText(self.tr("结果"))
        self._labels["place"].setText(self.tr("地点"))
        self._labels["gtin"].setText(self.tr("商品条码"))
        self._labels["maker"].setText(self.tr("生产企业"))
        self._place_edit.setPlaceholderText(self.tr("地点名称的一部分"))
        self._gtin_edit.setPlaceholderText(self.tr("8、12、13 或 14 位"))
        self._maker_edit.setPlaceholderText(self.tr("企业名称的一部分或统一社会信用代码"))
        self._outcome_combo.setItemText(0, self.tr("全部"))
        for index, outcome in enumerate(_OUTCOMES[1:], start=1):
            self._outcome_combo.setItemText(index, outcome_name(outcome))
        self._trace_button.setText(self.tr("追溯…"))
        self._show_count()
        self._model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


def _python_date(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())


def _gtin14(text: str) -> str:
    """A GTIN as stored (14 digits, zero-padded); other text is passed on as typed."""
    digits = "".join(text.split())
    if digits.isascii() and digits.isdigit() and len(digits) in (8, 12, 13, 14):
        return digits.zfill(14)
    return digits
