"""Scan events as a table: the scan history page and the trace dialog."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from inspector_app.gui import outcome_style
from inspector_app.gui.models.row_table_model import Column, RowTableModel
from inspector_app.services.scan_service import ScanEventRow

logger = logging.getLogger(__name__)

_OUTCOME_ORDER = {"red": 0, "amber": 1, "unknown": 2, "invalid": 3, "green": 4}


def outcome_name(outcome: str) -> str:
    """A one-word name of the outcome for table cells."""
    names = {
        "red": QCoreApplication.translate("ScanEventTableModel", "红"),
        "amber": QCoreApplication.translate("ScanEventTableModel", "黄"),
        "green": QCoreApplication.translate("ScanEventTableModel", "绿"),
        "unknown": QCoreApplication.translate("ScanEventTableModel", "无此商品"),
        "invalid": QCoreApplication.translate("ScanEventTableModel", "无法识别"),
    }
    return names.get(outcome, outcome)


def _printable(code: str) -> str:
    return code.replace("\x1d", "\u241d")


class ScanEventTableModel(RowTableModel[ScanEventRow]):
    """Columns: local time, outcome (coloured), item, GTIN, batch, maker, place, summary, raw code."""

    COLUMN_TIME, COLUMN_OUTCOME, COLUMN_ITEM, COLUMN_GTIN, COLUMN_BATCH = range(5)
    COLUMN_MAKER, COLUMN_PLACE, COLUMN_SUMMARY, COLUMN_CODE = range(5, 9)

    def __init__(self, parent: Any = None) -> None:
        columns: list[Column[ScanEventRow]] = [
            Column(
                lambda: self.tr("时间"),
                lambda r: r.local_time.strftime("%Y-%m-%d %H:%M:%S"),
                sort_key=lambda r: r.occurred_at,
            ),
            Column(
                lambda: self.tr("结果"),
                lambda r: outcome_name(r.outcome),
                sort_key=lambda r: _OUTCOME_ORDER.get(r.outcome, len(_OUTCOME_ORDER)),
                alignment=Qt.AlignmentFlag.AlignCenter,
                tooltip=lambda r: r.summary,
            ),
            Column(lambda: self.tr("商品"), lambda r: r.item_name or ""),
            Column(lambda: self.tr("商品条码"), lambda r: r.gtin or ""),
            Column(lambda: self.tr("批号"), lambda r: r.batch or ""),
            Column(
                lambda: self.tr("生产企业"),
                lambda r: r.enterprise_name or "",
                tooltip=lambda r: r.enterprise_uscc or "",
            ),
            Column(lambda: self.tr("地点"), lambda r: r.place_name),
            Column(lambda: self.tr("判定"), lambda r: r.summary, tooltip=lambda r: r.summary),
            Column(lambda: self.tr("扫描内容"), lambda r: _printable(r.raw_code), tooltip=lambda r: r.symbology or ""),
        ]
        super().__init__(columns, parent)

    def extra_data(self, row: ScanEventRow, column: int, role: int) -> Any:
        if column != self.COLUMN_OUTCOME:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return outcome_style.background_colour(row.outcome)
        if role == Qt.ItemDataRole.ForegroundRole:
            return outcome_style.text_colour(row.outcome)
        return None
