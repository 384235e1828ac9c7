"""Open deadlines as a table (the home page's "due soon" list): what is due, when, on which legal ground, for
which record."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from inspector_app.gui import outcome_style
from inspector_app.gui.models.row_table_model import Column, RowTableModel
from inspector_app.services.spot_check_service import DueItem

logger = logging.getLogger(__name__)


def due_text(item: DueItem) -> str:
    """The deadline's end as a date ("2026-12-05") or a time ("2026-12-05 14:30"); "" when not computable."""
    due = item.due
    if due is None:
        return ""
    if isinstance(due, dt.datetime):
        return due.strftime("%Y-%m-%d %H:%M")
    return due.isoformat()


def _due_sort_key(item: DueItem) -> tuple[int, str]:
    # Not computable last, as the service lists them; date and time texts sort as they read.
    return (1, "") if item.due is None else (0, due_text(item))


class DueItemTableModel(RowTableModel[DueItem]):
    """Columns: deadline, due (red when overdue; the reason when it cannot be computed), legal source, form
    number, report number, product, site. ``language`` picks the deadline's Chinese or English name."""

    COLUMN_DEADLINE, COLUMN_DUE, COLUMN_SOURCE, COLUMN_NUMBER, COLUMN_REPORT, COLUMN_PRODUCT, COLUMN_SITE = range(7)

    def __init__(self, parent: Any = None, *, language: str = "zh") -> None:
        self._language = language
        columns: list[Column[DueItem]] = [
            Column(lambda: self.tr("期限"), self._deadline_name, tooltip=self._deadline_note),
            Column(lambda: self.tr("截止"), self._due_cell, sort_key=_due_sort_key, tooltip=self._deadline_note),
            Column(
                lambda: self.tr("法律依据"),
                lambda r: r.deadline.legal_source,
                tooltip=lambda r: r.deadline.legal_source,
            ),
            Column(lambda: self.tr("抽样单编号"), lambda r: r.number, tooltip=lambda r: r.spot_check_id),
            Column(lambda: self.tr("报告编号"), lambda r: r.report_number),
            Column(lambda: self.tr("产品"), lambda r: r.product_name),
            Column(lambda: self.tr("被抽样单位"), lambda r: r.site_name),
        ]
        super().__init__(columns, parent)

    def set_language(self, language: str) -> None:
        """Show the deadlines' names and notes in ``language`` ("zh" or "en")."""
        self._language = language
        self.retranslate()

    def _deadline_name(self, item: DueItem) -> str:
        return item.deadline.name_en if self._language == "en" else item.deadline.name_zh

    def _deadline_note(self, item: DueItem) -> str:
        return item.deadline.note_en if self._language == "en" else item.deadline.note_zh

    def _due_cell(self, item: DueItem) -> str:
        if item.due is None:
            return self.tr("无法计算")
        text = due_text(item)
        return self.tr("%1（已逾期）").replace("%1", text) if item.overdue else text

    def extra_data(self, row: DueItem, column: int, role: int) -> Any:
        if column != self.COLUMN_DUE:
            return None
        if row.overdue:
            if role == Qt.ItemDataRole.BackgroundRole:
                return outcome_style.background_colour("red")
            if role == Qt.ItemDataRole.ForegroundRole:
                return outcome_style.text_colour("red")
        elif row.due is None and role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#8d6e00")
        return None
