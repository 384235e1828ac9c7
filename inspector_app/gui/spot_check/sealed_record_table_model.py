"""The sealed records that followed the sampling form — results, certificates, objections, re-inspections,
correction orders and re-checks — one row each, oldest first, with what each says in a line."""

from __future__ import annotations

import logging
from typing import Any

from inspector_app.domain.results import SampleVerdict
from inspector_app.gui.models.row_table_model import Column, RowTableModel
from inspector_app.services.spot_check_service import SealedRecordView

logger = logging.getLogger(__name__)


class SealedRecordTableModel(RowTableModel[SealedRecordView]):
    """Columns: record (检验结果, 证书, 异议, 责令整改...), number, sealed at, content."""

    COLUMN_TYPE, COLUMN_NUMBER, COLUMN_SEALED, COLUMN_CONTENT = range(4)

    def __init__(self, parent: Any = None) -> None:
        columns: list[Column[SealedRecordView]] = [
            Column(lambda: self.tr("记录"), self.type_text),
            Column(lambda: self.tr("编号"), lambda r: r.number),
            Column(
                lambda: self.tr("签章封存时间"),
                lambda r: r.sealed_at.strftime("%Y-%m-%d %H:%M"),
                sort_key=lambda r: r.sealed_at.isoformat(),
            ),
            Column(lambda: self.tr("内容"), self.content_text, tooltip=self.content_text),
        ]
        super().__init__(columns, parent)

    def type_text(self, record: SealedRecordView) -> str:
        """What the record is, in words."""
        if record.record_type == "follow_up":
            return self.tr("责令整改") if record.body.get("kind") == "correction_order" else self.tr("复查")
        words = {
            "test_results": self.tr("检验结果"),
            "re_inspection": self.tr("复检结果"),
            "certificate": self.tr("证书"),
            "objection": self.tr("异议"),
        }
        return words.get(record.record_type, record.record_type)

    def content_text(self, record: SealedRecordView) -> str:
        """What the record says, on one line."""
        body = record.body
        kind = record.record_type
        if kind in ("test_results", "re_inspection"):
            return self.tr("{lab}，报告日期 {day}：{verdict}").format(
                lab=body.get("lab") or self.tr("检验机构未填"),
                day=body.get("reported_on", ""),
                verdict=self.verdict_word(record.verdict),
            )
        if kind == "certificate":
            return self.tr("结论：{verdict}").format(verdict=self.verdict_word(str(body.get("verdict", ""))))
        if kind == "objection":
            text = self.tr("{by} 于 {day} 提出：{reason}").format(
                by=body.get("by", ""), day=body.get("filed_on", ""), reason=body.get("reason", "")
            )
            if body.get("within_window") is False:
                text += self.tr("（逾期）")
            return text
        if kind == "follow_up":
            note = str(body.get("note") or "")
            if body.get("kind") == "correction_order":
                text = self.tr("{day} 责令整改，文号 {number}").format(
                    day=body.get("done_on", ""), number=body.get("document_number") or "—"
                )
            else:
                text = self.tr("{day} 复查：{outcome}").format(
                    day=body.get("done_on", ""), outcome=self.verdict_word(str(body.get("outcome", "")))
                )
            return self.tr("{text}；{note}").format(text=text, note=note) if note else text
        return ""

    def verdict_word(self, verdict: str | None) -> str:
        """合格 / 不合格 / 结果不完整, or the code itself."""
        words = {
            SampleVerdict.CONFORMING.value: self.tr("合格"),
            SampleVerdict.NONCONFORMING.value: self.tr("不合格"),
            SampleVerdict.INCOMPLETE.value: self.tr("结果不完整"),
        }
        return words.get(verdict or "", verdict or "—")
