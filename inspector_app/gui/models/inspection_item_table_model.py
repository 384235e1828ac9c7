"""The inspection-item table in the catalogue page's detail pane."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from inspector_app.gui import display_text
from inspector_app.gui.models.row_table_model import Column, RowTableModel
from inspector_app.services.catalogue_browser import InspectionItemRow

logger = logging.getLogger(__name__)

_CRITICALITY_ORDER = {"critical": 0, "major": 1, "minor": 2}
_CRITICAL_COLOUR = QColor(176, 32, 32)


class InspectionItemTableModel(RowTableModel[InspectionItemRow]):
    """Columns: item name, judging standard, method standard, limit (readable), criticality."""

    COLUMN_NAME, COLUMN_JUDGING, COLUMN_METHOD, COLUMN_LIMIT, COLUMN_CRITICALITY = range(5)

    def __init__(self, parent: Any = None) -> None:
        columns: list[Column[InspectionItemRow]] = [
            Column(lambda: self.tr("检验项目"), lambda r: r.name),
            Column(lambda: self.tr("判定依据"), lambda r: r.judging_standard),
            Column(lambda: self.tr("检验方法"), lambda r: r.method_standard),
            Column(
                lambda: self.tr("限量要求"),
                display_text.limit_text,
                tooltip=self._limit_tooltip,
            ),
            Column(
                lambda: self.tr("重要程度"),
                lambda r: display_text.criticality_name(r.criticality),
                sort_key=lambda r: _CRITICALITY_ORDER.get(r.criticality, len(_CRITICALITY_ORDER)),
                alignment=Qt.AlignmentFlag.AlignCenter,
            ),
        ]
        super().__init__(columns, parent)

    def _limit_tooltip(self, row: InspectionItemRow) -> str:
        # The full limit (long wording gets elided in the cell) and, where known, the detection limit.
        lines = [display_text.limit_text(row)]
        if row.detection_limit:
            lines.append(self.tr("检出限：{limit}").format(limit=row.detection_limit))
        return "\n".join(lines)

    def extra_data(self, row: InspectionItemRow, column: int, role: int) -> Any:
        critical = row.criticality == "critical"
        if column == self.COLUMN_CRITICALITY and role == Qt.ItemDataRole.ForegroundRole and critical:
            return _CRITICAL_COLOUR
        return None
