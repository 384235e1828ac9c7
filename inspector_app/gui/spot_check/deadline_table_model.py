"""Legal deadlines as a table: name, when it ends, its legal source and the note that explains it."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from inspector_app.domain.deadlines import Deadline
from inspector_app.gui.dialogs.login_dialog import interface_language
from inspector_app.gui.models.row_table_model import Column, RowTableModel

logger = logging.getLogger(__name__)

_UNKNOWN_COLOUR = "#c62828"


def _sort_due(deadline: Deadline) -> Any:
    due = deadline.due
    if due is None:
        return (1, "")
    return (0, due.isoformat() if isinstance(due, dt.datetime) else f"{due.isoformat()}T24")


class DeadlineTableModel(RowTableModel[Deadline]):
    """Columns: deadline, due (date, or date and time for hours), legal source, note.

    A deadline that cannot be computed (a holiday year not published yet) says so in red instead of a date.
    """

    COLUMN_NAME, COLUMN_DUE, COLUMN_SOURCE, COLUMN_NOTE = range(4)

    def __init__(self, parent: Any = None) -> None:
        columns: list[Column[Deadline]] = [
            Column(lambda: self.tr("期限"), self.name_text),
            Column(lambda: self.tr("截止"), self.due_text, sort_key=_sort_due, tooltip=self.note_text),
            Column(lambda: self.tr("法律依据"), lambda d: d.legal_source, tooltip=lambda d: d.legal_source),
            Column(lambda: self.tr("说明"), self.note_text, tooltip=self.note_text),
        ]
        super().__init__(columns, parent)

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

    def extra_data(self, row: Deadline, column: int, role: int) -> Any:
        if column == self.COLUMN_DUE and row.due is None and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(_UNKNOWN_COLOUR)
        return None
