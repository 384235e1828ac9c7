"""The product-kind table of the catalogue page."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from inspector_app.gui import display_text
from inspector_app.gui.models.row_table_model import Column, RowTableModel
from inspector_app.services.catalogue_browser import ProductKindRow

logger = logging.getLogger(__name__)

_CENTER = Qt.AlignmentFlag.AlignCenter
_RISK_ORDER = {"high": 0, "medium": 1, "low": 2}
_HIGH_RISK_COLOUR = QColor(176, 32, 32)


class ProductKindTableModel(RowTableModel[ProductKindRow]):
    """Columns: code, name, category, XK, CCC, SC, CCC code, risk level, sample + backup quantity."""

    COLUMN_CODE, COLUMN_NAME, COLUMN_CATEGORY, COLUMN_XK, COLUMN_CCC, COLUMN_SC = range(6)
    COLUMN_CCC_CODE, COLUMN_RISK, COLUMN_SAMPLING = range(6, 9)

    def __init__(self, parent: Any = None) -> None:
        columns: list[Column[ProductKindRow]] = [
            Column(lambda: self.tr("编码"), lambda r: r.code),
            Column(lambda: self.tr("产品名称"), lambda r: r.name),
            Column(lambda: self.tr("类别"), lambda r: r.category_name),
            Column(
                lambda: "XK",
                lambda r: display_text.flag_text(r.needs_xk),
                alignment=_CENTER,
                tooltip=lambda r: self.tr("须取得工业产品生产许可证（XK）") if r.needs_xk else "",
            ),
            Column(
                lambda: "CCC",
                lambda r: display_text.flag_text(r.needs_ccc),
                alignment=_CENTER,
                tooltip=lambda r: self.tr("须通过强制性产品认证（CCC）") if r.needs_ccc else "",
            ),
            Column(
                lambda: "SC",
                lambda r: display_text.flag_text(r.needs_sc),
                alignment=_CENTER,
                tooltip=lambda r: self.tr("须取得食品生产许可证（SC）") if r.needs_sc else "",
            ),
            Column(lambda: self.tr("CCC 编码"), lambda r: r.ccc_code or "", alignment=_CENTER),
            Column(
                lambda: self.tr("风险等级"),
                lambda r: display_text.risk_level_name(r.risk_level),
                sort_key=lambda r: _RISK_ORDER.get(r.risk_level, len(_RISK_ORDER)),
                alignment=_CENTER,
            ),
            Column(
                lambda: self.tr("样品 + 备样"),
                lambda r: display_text.sampling_text(r.sample_quantity, r.backup_quantity, r.quantity_unit),
                sort_key=lambda r: (r.sample_quantity + r.backup_quantity, r.quantity_unit),
            ),
        ]
        super().__init__(columns, parent)

    def extra_data(self, row: ProductKindRow, column: int, role: int) -> Any:
        if column == self.COLUMN_RISK and role == Qt.ItemDataRole.ForegroundRole and row.risk_level == "high":
            return _HIGH_RISK_COLOUR
        return None
