"""The validation issues of a sampling record as a table: level (coloured), field and the service's message."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from inspector_app.domain.spot_check_validation import ValidationIssue
from inspector_app.gui.dialogs.login_dialog import interface_language
from inspector_app.gui.models.row_table_model import Column, RowTableModel
from inspector_app.gui.spot_check.sampling_fields import field_label

logger = logging.getLogger(__name__)

#: Errors in red, warnings in amber: the colours of the scan outcomes, learned once.
ERROR_COLOUR = "#c62828"
WARNING_COLOUR = "#f9a825"
_TEXT_ON = {ERROR_COLOUR: "#ffffff", WARNING_COLOUR: "#212121"}


def issue_colour(issue: ValidationIssue) -> str:
    """The colour of an issue's level."""
    return ERROR_COLOUR if issue.is_error else WARNING_COLOUR


class ValidationIssueTableModel(RowTableModel[ValidationIssue]):
    """Columns: level (错误 / 提醒, coloured), the field's name, the message in the interface language."""

    COLUMN_LEVEL, COLUMN_FIELD, COLUMN_MESSAGE = range(3)

    def __init__(self, parent: Any = None) -> None:
        columns: list[Column[ValidationIssue]] = [
            Column(
                lambda: self.tr("级别"),
                self.level_text,
                sort_key=lambda issue: 0 if issue.is_error else 1,
                alignment=Qt.AlignmentFlag.AlignCenter,
            ),
            Column(lambda: self.tr("字段"), lambda issue: field_label(issue.field), tooltip=lambda issue: issue.field),
            Column(
                lambda: self.tr("说明"),
                lambda issue: issue.message(interface_language()),
                tooltip=lambda issue: issue.message(interface_language()),
            ),
        ]
        super().__init__(columns, parent)

    def level_text(self, issue: ValidationIssue) -> str:
        """错误 or 提醒, in the interface language."""
        return self.tr("错误") if issue.is_error else self.tr("提醒")

    @property
    def error_count(self) -> int:
        """How many issues block sealing."""
        return sum(issue.is_error for issue in self._rows)

    @property
    def warning_count(self) -> int:
        """How many issues are warnings."""
        return sum(not issue.is_error for issue in self._rows)

    def extra_data(self, row: ValidationIssue, column: int, role: int) -> Any:
        if column != self.COLUMN_LEVEL:
            return None
        colour = issue_colour(row)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(colour)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(_TEXT_ON[colour])
        return None
