"""Legal deadlines as a table: name, when it ends, what has dealt with it, its legal source and the note that
explains it."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from inspector_app.domain.deadlines import Deadline
from inspector_app.domain.results import SampleVerdict
from inspector_app.gui.dialogs.login_dialog import interface_language
from inspector_app.gui.models.row_table_model import Column, RowTableModel
from inspector_app.services.spot_check_service import SealedRecordView

logger = logging.getLogger(__name__)

_UNKNOWN_COLOUR = "#c62828"
_CLOSED_COLOUR = "#2e7d32"


def _sort_due(deadline: Deadline) -> Any:
    due = deadline.due
    if due is None:
        return (1, "")
    return (0, due.isoformat() if isinstance(due, dt.datetime) else f"{due.isoformat()}T24")


class DeadlineTableModel(RowTableModel[Deadline]):
    """Columns: deadline, due (date, or date and time for hours), status, legal source, note.

    A deadline that cannot be computed (a holiday year not published yet) says so in red instead of a date. The
    status column names the record that dealt with a deadline (:meth:`set_closing`): the objection filed in the
    objection window, the correction order, the re-check.
    """

    COLUMN_NAME, COLUMN_DUE, COLUMN_STATUS, COLUMN_SOURCE, COLUMN_NOTE = range(5)

    def __init__(self, parent: Any = None) -> None:
        self._closing: dict[str, SealedRecordView] = {}
        columns: list[Column[Deadline]] = [
            Column(lambda: self.tr("期限"), self.name_text),
            Column(lambda: self.tr("截止"), self.due_text, sort_key=_sort_due, tooltip=self.note_text),
            Column(lambda: self.tr("办理情况"), self.status_text, tooltip=self.status_tooltip),
            Column(lambda: self.tr("法律依据"), lambda d: d.legal_source, tooltip=lambda d: d.legal_source),
            Column(lambda: self.tr("说明"), self.note_text, tooltip=self.note_text),
        ]
        super().__init__(columns, parent)

    def set_closing(self, closing: Mapping[str, SealedRecordView]) -> None:
        """Which record dealt with which deadline (by deadline code); the others show no status."""
        self._closing = dict(closing)
        if self._rows:
            column = self.COLUMN_STATUS
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def closing_record(self, deadline: Deadline) -> SealedRecordView | None:
        """The record that dealt with ``deadline``, if any."""
        return self._closing.get(deadline.code)

    def name_text(self, deadline: Deadline) -> str:
        """The deadline's name in the interface language."""
        return deadline.name_en if interface_language() == "en" else deadline.name_zh

    def note_text(self, deadline: Deadline) -> str:
        """The note (how it was counted, or why it cannot be) in the interface language."""
        return deadline.note_en if interface_language() == "en" else deadline.note_zh

    def due_text(self, deadline: Deadline) -> str:
        """ "2026-12-05 前", "2026-11-20 14:30 前", or "无法计算"."""
        due = deadline.due
        if due is None:
            return self.tr("无法计算")
        if isinstance(due, dt.datetime):
            return self.tr("{moment} 前").format(moment=due.strftime("%Y-%m-%d %H:%M"))
        return self.tr("{moment} 前").format(moment=due.isoformat())

    def status_text(self, deadline: Deadline) -> str:
        """What dealt with the deadline: "已提出异议（2026-11-25）", "已责令整改（…）", "已复查（…）：合格"; or ""."""
        record = self._closing.get(deadline.code)
        if record is None:
            return ""
        body = record.body
        if record.record_type == "objection":
            day = str(body.get("filed_on", ""))
            if body.get("within_window") is False:
                return self.tr("已提出异议（{day}，逾期）").format(day=day)
            return self.tr("已提出异议（{day}）").format(day=day)
        day = str(body.get("done_on", ""))
        if body.get("kind") == "correction_order":
            number = str(body.get("document_number", ""))
            if number:
                return self.tr("已责令整改（{day}，{number}）").format(day=day, number=number)
            return self.tr("已责令整改（{day}）").format(day=day)
        outcome = str(body.get("outcome", ""))
        if outcome == SampleVerdict.CONFORMING.value:
            return self.tr("已复查（{day}）：合格").format(day=day)
        if outcome == SampleVerdict.NONCONFORMING.value:
            return self.tr("已复查（{day}）：不合格").format(day=day)
        return self.tr("已复查（{day}）").format(day=day)

    def status_tooltip(self, deadline: Deadline) -> str:
        """The grounds or note the closing record gives."""
        record = self._closing.get(deadline.code)
        if record is None:
            return ""
        return str(record.body.get("reason") or record.body.get("note") or "")

    def extra_data(self, row: Deadline, column: int, role: int) -> Any:
        if column == self.COLUMN_DUE and row.due is None and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(_UNKNOWN_COLOUR)
        if column == self.COLUMN_STATUS and role == Qt.ItemDataRole.ForegroundRole and row.code in self._closing:
            return QColor(_CLOSED_COLOUR)
        return None
