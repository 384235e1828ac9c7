"""Field records as a table (the records page): type, status, number, product, verdict, site and times.

The words for record types, statuses and verdicts live here too, so every place that names them says the same.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from inspector_app.gui import outcome_style
from inspector_app.gui.models.row_table_model import Column, RowTableModel
from inspector_app.services.records_service import RECORD_TYPES, RecordSummary

logger = logging.getLogger(__name__)

#: Verdicts a record list shows, worst first (the sort order of the verdict column).
VERDICTS = ("nonconforming", "failed", "incomplete", "pending", "conforming")
STATUSES = ("draft", "sealed")
# The outcome colours of the verdict card, reused so that red means the same everywhere.
_VERDICT_OUTCOMES = {
    "nonconforming": "red",
    "failed": "amber",
    "incomplete": "amber",
    "pending": "unknown",
    "conforming": "green",
}


def record_type_name(record_type: str) -> str:
    """抽样单 / 检验结果 / 检验证书..., or the code itself when unknown."""
    names = {
        "spot_check": QCoreApplication.translate("RecordTableModel", "抽样单"),
        "test_results": QCoreApplication.translate("RecordTableModel", "检验结果"),
        "certificate": QCoreApplication.translate("RecordTableModel", "检验证书"),
        "objection": QCoreApplication.translate("RecordTableModel", "异议"),
        "re_inspection": QCoreApplication.translate("RecordTableModel", "复检"),
        "follow_up": QCoreApplication.translate("RecordTableModel", "后续处理"),
        "amendment": QCoreApplication.translate("RecordTableModel", "更正"),
    }
    return names.get(record_type, record_type)


def status_name(status: str) -> str:
    """草稿 / 已封存, or the code itself when unknown."""
    names = {
        "draft": QCoreApplication.translate("RecordTableModel", "草稿"),
        "sealed": QCoreApplication.translate("RecordTableModel", "已封存"),
    }
    return names.get(status, status)


def verdict_name(verdict: str | None) -> str:
    """合格 / 不合格 / 待检验..., "" for a record without a verdict."""
    if verdict is None:
        return ""
    names = {
        "conforming": QCoreApplication.translate("RecordTableModel", "合格"),
        "nonconforming": QCoreApplication.translate("RecordTableModel", "不合格"),
        "incomplete": QCoreApplication.translate("RecordTableModel", "结果不完整"),
        "pending": QCoreApplication.translate("RecordTableModel", "待检验"),
        "failed": QCoreApplication.translate("RecordTableModel", "抽样未果"),
    }
    return names.get(verdict, verdict)


def verdict_outcome(verdict: str | None) -> str | None:
    """The card outcome whose colours a verdict is shown in (red for nonconforming...), None for no colour."""
    return _VERDICT_OUTCOMES.get(verdict) if verdict is not None else None


def _time(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else ""


def _type_order(record_type: str) -> int:
    return RECORD_TYPES.index(record_type) if record_type in RECORD_TYPES else len(RECORD_TYPES)


def _verdict_order(verdict: str | None) -> int:
    return VERDICTS.index(verdict) if verdict in VERDICTS else len(VERDICTS)


class RecordTableModel(RowTableModel[RecordSummary]):
    """Columns: type, status, number, product, verdict (coloured), site, created, sealed."""

    COLUMN_TYPE, COLUMN_STATUS, COLUMN_NUMBER, COLUMN_PRODUCT = range(4)
    COLUMN_VERDICT, COLUMN_SITE, COLUMN_CREATED, COLUMN_SEALED = range(4, 8)

    def __init__(self, parent: Any = None) -> None:
        columns: list[Column[RecordSummary]] = [
            Column(
                lambda: self.tr("类型"),
                self._type_text,
                sort_key=lambda r: _type_order(r.record_type),
                tooltip=self._type_tooltip,
            ),
            Column(lambda: self.tr("状态"), lambda r: status_name(r.status)),
            Column(lambda: self.tr("编号"), lambda r: r.number, tooltip=lambda r: r.id),
            Column(
                lambda: self.tr("产品"),
                lambda r: r.product_name,
                tooltip=lambda r: " · ".join(part for part in (r.gtin or "", r.batch or "") if part),
            ),
            Column(
                lambda: self.tr("结论"),
                lambda r: verdict_name(r.verdict),
                sort_key=lambda r: _verdict_order(r.verdict),
                alignment=Qt.AlignmentFlag.AlignCenter,
            ),
            Column(lambda: self.tr("被抽样单位"), lambda r: r.site_name),
            Column(lambda: self.tr("创建时间"), lambda r: _time(r.created_at), sort_key=lambda r: r.created_at),
            Column(
                lambda: self.tr("封存时间"),
                lambda r: _time(r.sealed_at),
                sort_key=lambda r: r.sealed_at or dt.datetime.min.replace(tzinfo=dt.UTC),
            ),
        ]
        super().__init__(columns, parent)

    def _type_text(self, row: RecordSummary) -> str:
        name = record_type_name(row.record_type)
        return self.tr("%1（已更正）").replace("%1", name) if row.amended else name

    def _type_tooltip(self, row: RecordSummary) -> str:
        if row.record_type == "amendment":
            return self.tr("更正记录，更正 %1").replace("%1", row.supersedes_id or "")
        if row.amended:
            return self.tr("此记录已被更正记录更正；两者都保留")
        return ""

    def extra_data(self, row: RecordSummary, column: int, role: int) -> Any:
        if column == self.COLUMN_VERDICT:
            outcome = verdict_outcome(row.verdict)
            if outcome is None:
                return None
            if role == Qt.ItemDataRole.BackgroundRole:
                return outcome_style.background_colour(outcome)
            if role == Qt.ItemDataRole.ForegroundRole:
                return outcome_style.text_colour(outcome)
            return None
        if column == self.COLUMN_STATUS and role == Qt.ItemDataRole.ForegroundRole and row.status == "draft":
            return QColor("#8d6e00")  # drafts stand out: they are not yet part of the record
        return None
