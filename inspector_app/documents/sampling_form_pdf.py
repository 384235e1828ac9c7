"""The sampling form (抽样单) as a PDF, in its five labelled copies (DOMAIN.md §2).

Each copy is the whole form under its own label — 第一联 组织机关 … 第五联 被抽样单位 — with the record id,
the content hash and the sealing key in every page footer, so that any copy can be checked against the sealed
record. The form is laid out once and placed under the five labels (see ``page_layout``).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer, TableStyle

from inspector_app.documents.document_data import SamplingFormDocument
from inspector_app.documents.document_parts import (
    EMPTY,
    FieldRow,
    WholeTable,
    field_table,
    format_instant,
    image_or_note,
    or_empty,
    para,
)
from inspector_app.documents.fonts import cjk_font
from inspector_app.documents.page_layout import GRID_COLOUR, PageLayout, lay_out, new_canvas, page_height, place
from inspector_app.domain.spot_check import (
    BackupKeeper,
    Packaging,
    SamplingOutcome,
    Stage,
    TaskCategory,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FormCopy:
    """One of the five copies: its number, the party it goes to, and that party in English."""

    ordinal: str
    recipient: str
    recipient_en: str

    @property
    def label(self) -> str:
        """The label printed on the copy, e.g. "第一联 组织机关"."""
        return f"{self.ordinal} {self.recipient}"


COPIES = (
    FormCopy("第一联", "组织机关", "organising authority"),
    FormCopy("第二联", "承检机构", "laboratory"),
    FormCopy("第三联", "标称生产者", "nominal producer"),
    FormCopy("第四联", "抽样单位", "sampling unit"),
    FormCopy("第五联", "被抽样单位", "sampled unit"),
)

_TASK_CATEGORIES = {TaskCategory.SUPERVISION: "监督抽检", TaskCategory.RISK_MONITORING: "风险监测"}
_STAGES = {Stage.PRODUCTION: "生产环节", Stage.CIRCULATION: "流通环节", Stage.CATERING: "餐饮环节"}
_PACKAGING = {Packaging.PREPACKED: "预包装", Packaging.BULK: "散装", Packaging.OTHER: "其他"}
_BACKUP_KEEPERS = {
    BackupKeeper.LAB: "承检机构",
    BackupKeeper.SAMPLED_PARTY: "被抽样单位",
    BackupKeeper.SAMPLING_UNIT: "抽样单位",
}
_URBAN_RURAL = {"urban": "城市", "rural": "乡村", "fringe": "城乡结合部"}
_OUTCOMES = {
    SamplingOutcome.SAMPLED: "已抽样",
    SamplingOutcome.SAMPLING_FAILED: "抽样未果",
    SamplingOutcome.REFUSED_TO_SIGN: "已抽样，被抽样单位拒绝签字",
}


class SamplingFormPdf:
    """Draws one sampling form, all five copies, onto a canvas."""

    def __init__(self, document: SamplingFormDocument, layout: PageLayout) -> None:
        self._doc = document
        self._layout = layout

    def draw(self, canvas: Canvas, name: str) -> None:
        """Lay the form out (forms named after ``name``) and add its pages: every copy, every page of it."""
        layout = self._layout
        blocks = lay_out(canvas, self._flowables(), layout, name)
        for copy in COPIES:
            for index, block in enumerate(blocks, start=1):
                height = page_height(layout, block)
                canvas.setPageSize((layout.width, height))
                self._decorate(canvas, copy, index, len(blocks), height)
                place(canvas, layout, block, height)
                canvas.showPage()

    def _decorate(self, canvas: Canvas, copy: FormCopy, page: int, pages: int, height: float) -> None:
        layout = self._layout
        doc = self._doc
        font = cjk_font()
        size = layout.font_size
        left = layout.margin
        right = layout.width - layout.margin
        top = height - layout.margin - size * 1.2
        canvas.setFillColor(colors.black)
        canvas.setFont(font, size * 1.25)
        canvas.drawString(left, top, copy.label)
        canvas.setFont(font, size * 0.8)
        page_text = f"第 {page}/{pages} 页" if pages > 1 else ""
        if layout.columns == 4:
            canvas.drawRightString(right, top, f"Copy for the {copy.recipient_en}   {page_text}".rstrip())
        else:
            canvas.drawRightString(right, top, page_text)
        if doc.sealed_at is None:
            _draft_mark(canvas, layout, height)
        lines = _footer_lines(doc, layout)
        canvas.setFont(font, size * 0.75)
        y = layout.margin + (len(lines) - 1) * size * 0.95
        for line in lines:
            canvas.drawString(left, y, line)
            y -= size * 0.95

    def _flowables(self) -> list[Flowable]:
        doc = self._doc
        record = doc.record
        layout = self._layout
        styles = layout.styles
        gap = Spacer(1, 1.2 * mm)
        title = "风险监测抽样单" if record.basics.task_category is TaskCategory.RISK_MONITORING else "监督抽查抽样单"
        status = (
            f"已封存 sealed {format_instant(doc.sealed_at)}"
            if doc.sealed_at is not None
            else "草稿，未封存，不作为正式文书 DRAFT — not sealed, not valid"
        )
        out: list[Flowable] = [
            para(title, styles.title),
            para(f"Sampling form · 抽样单编号 No. {or_empty(doc.number)} · {status}", styles.subtitle),
            gap,
        ]
        for banner in self._banners():
            out += [para(banner, styles.banner), gap]
        for heading, rows in self._sections():
            out += [field_table(heading, rows, layout), gap]
        out.append(self._signatures())
        return out

    def _banners(self) -> list[str]:
        doc = self._doc
        outcome = doc.record.outcome
        banners = []
        if doc.amendment_note:
            banners.append(f"更正记录 Amendment：{doc.amendment_note}")
        if outcome is SamplingOutcome.SAMPLING_FAILED:
            banners.append(f"抽样未果 Sampling failed：{or_empty(doc.failure_note)}")
        elif outcome is SamplingOutcome.REFUSED_TO_SIGN:
            banners.append(f"被抽样单位拒绝签字 Refused to sign：{or_empty(doc.refusal_note)}")
        return banners

    def _sections(self) -> list[tuple[str, list[FieldRow]]]:
        doc = self._doc
        record = doc.record
        basics = record.basics
        unit = record.sampling_unit
        site = record.sampled_site
        producer = record.producer
        sample = record.sample
        sealing = record.sealing
        quantity_unit = sample.quantity_unit

        def quantity(value: int | None) -> str:
            return EMPTY if value is None else f"{value} {quantity_unit}".strip()

        samplers = "；".join(
            f"{inspector.name}（执法证号 {or_empty(inspector.badge_number)}）" for inspector in doc.inspectors
        )
        licence = site.licence_number
        if site.licence_type and not licence.startswith(site.licence_type):
            licence = f"{site.licence_type} {licence}".strip()
        sections: list[tuple[str, list[FieldRow]]] = [
            (
                "一、基本信息 Basics",
                [
                    FieldRow("任务来源", basics.task_source, wide=True),
                    FieldRow("任务编号", basics.task_code),
                    FieldRow("任务类别", _TASK_CATEGORIES[basics.task_category]),
                    FieldRow("组织机关", basics.organiser),
                    FieldRow("承检机构", basics.lab),
                    FieldRow("抽样类型", basics.sampling_type),
                    FieldRow("抽样环节", _STAGES[basics.stage]),
                    FieldRow("抽样场所", basics.place_type),
                    FieldRow("抽样结果", _OUTCOMES[record.outcome]),
                    FieldRow("产品分类", " > ".join(basics.product_classification), wide=True),
                ],
            ),
            (
                "二、抽样单位 Sampling unit",
                [
                    FieldRow("单位名称", unit.name),
                    FieldRow("所在省份", unit.province),
                    FieldRow("单位地址", unit.address, wide=True),
                    FieldRow("联系人", unit.contact),
                    FieldRow("联系电话", unit.phone),
                    FieldRow("抽样人员", samplers, wide=True),
                ],
            ),
            (
                "三、被抽样单位 Sampled site",
                [
                    FieldRow("单位名称", site.name, wide=True),
                    FieldRow("单位地址", site.address, wide=True),
                    FieldRow("所在地区", doc.sampled_site_region or site.region_code),
                    FieldRow("城乡类别", _URBAN_RURAL.get(site.urban_rural, site.urban_rural)),
                    FieldRow("统一社会信用代码", site.uscc),
                    FieldRow("许可证", licence),
                    FieldRow("法定代表人", site.legal_representative),
                    FieldRow("联系人", site.contact),
                    FieldRow("联系电话", site.phone),
                ],
            ),
            (
                "四、标称生产者 Nominal producer",
                [
                    FieldRow("企业名称", producer.name, wide=True),
                    FieldRow("企业地址", producer.address, wide=True),
                    FieldRow("所在地区", doc.producer_region or producer.region_code),
                    FieldRow("统一社会信用代码", producer.uscc),
                    FieldRow("生产许可证号", producer.licence_number),
                    FieldRow("联系电话", producer.phone),
                    FieldRow("是否委托生产", "是" if producer.has_third_party else "否"),
                    *(
                        [
                            FieldRow("受托企业许可证", producer.third_party_licence),
                            FieldRow("受托生产企业", producer.third_party_name, wide=True),
                            FieldRow("受托企业地址", producer.third_party_address, wide=True),
                        ]
                        if producer.has_third_party
                        else []
                    ),
                ],
            ),
            (
                "五、样品信息 Sample",
                [
                    FieldRow("样品名称", sample.name, wide=True),
                    FieldRow("商品条码", sample.barcode or sample.gtin),
                    FieldRow("商标", sample.trademark),
                    FieldRow("样品类型", sample.sample_type),
                    FieldRow("样品来源", sample.source),
                    FieldRow("包装分类", _PACKAGING[sample.packaging]),
                    FieldRow("规格型号", sample.specification),
                    FieldRow("生产日期", or_empty(sample.production_date)),
                    FieldRow("保质期", sample.shelf_life),
                    FieldRow("到期日期", or_empty(sample.expiry_date)),
                    FieldRow("生产批号", sample.batch),
                    FieldRow("序列号", sample.serial),
                    FieldRow("质量等级", sample.grade),
                    FieldRow("单价（元）", sample.unit_price),
                    FieldRow("是否进口", "是" if sample.imported else "否"),
                    FieldRow("原产地", sample.origin),
                    FieldRow("贮存条件", sample.storage_conditions),
                    FieldRow("执行标准", sample.standard),
                    FieldRow("生产许可证（XK）", sample.xk_number),
                    FieldRow("CCC 证书编号", sample.ccc_number),
                    FieldRow("抽样日期", or_empty(sample.sampling_date)),
                    FieldRow("抽样基数", quantity(sample.lot_base)),
                    FieldRow("抽样数量", quantity(sample.sample_quantity)),
                    FieldRow("备样数量", quantity(sample.backup_quantity)),
                    FieldRow("购样费用（元）", sample.purchase_cost),
                ],
            ),
            (
                "六、封样及备注 Sealing and notes",
                [
                    FieldRow("封条编号", "、".join(sealing.seal_numbers), wide=True),
                    FieldRow("封样状态", sealing.seal_state),
                    FieldRow("备样保存方", _BACKUP_KEEPERS[sealing.backup_keeper]),
                    FieldRow("备样存放地点", sealing.backup_location),
                    FieldRow("见证人", record.witness),
                    FieldRow("备注", record.notes, wide=True),
                ],
            ),
        ]
        return sections

    def _signatures(self) -> Flowable:
        """Both inspectors' and the sampled party's signatures, side by side on A4 and stacked on the roll."""
        doc = self._doc
        layout = self._layout
        styles = layout.styles
        wide = layout.columns == 4
        image_width = layout.content_width / 3 - 8 if wide else layout.content_width - 8
        image_height = 11 * mm
        missing = "（未签字 not signed）"
        cells: list[list[Flowable]] = []
        images = (doc.signature_inspector_1, doc.signature_inspector_2)
        for index, image in enumerate(images):
            inspector = doc.inspectors[index] if index < len(doc.inspectors) else None
            who = EMPTY if inspector is None else f"{inspector.name} {or_empty(inspector.badge_number)}"
            caption = f"抽样人员{'一二'[index]}签字 Inspector {index + 1}：{who}"
            cells.append(
                [
                    para(caption, styles.label),
                    image_or_note(image, image_width, image_height, missing, styles.small),
                ]
            )
        outcome = doc.record.outcome
        if outcome is SamplingOutcome.REFUSED_TO_SIGN:
            party_note = f"拒绝签字 refused：{or_empty(doc.refusal_note)}"
        elif outcome is SamplingOutcome.SAMPLING_FAILED:
            party_note = f"抽样未果 sampling failed：{or_empty(doc.failure_note)}"
        else:
            party_note = missing
        party_image = None if outcome is SamplingOutcome.REFUSED_TO_SIGN else doc.signature_party
        cells.append(
            [
                para(f"被抽样单位签字 Sampled party：{or_empty(doc.record.sampled_site.contact)}", styles.label),
                image_or_note(party_image, image_width, image_height, party_note, styles.small),
            ]
        )
        if wide:
            data: list[list[object]] = [list(cells)]
            widths = [layout.content_width / 3] * 3
        else:
            data = [[cell] for cell in cells]
            widths = [layout.content_width]
        table = WholeTable(data, colWidths=widths, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOUR),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return table


def render_sampling_form(document: SamplingFormDocument, layout: str = "a4") -> bytes:
    """The sampling form as PDF bytes, five labelled copies, on A4 or the 80 mm roll (``"roll80"``)."""
    page_layout = PageLayout.named(layout)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, page_layout, f"抽样单 {document.number or document.record_id}")
    canvas.setSubject("监督抽查抽样单 spot-check sampling form")
    SamplingFormPdf(document, page_layout).draw(canvas, "form")
    canvas.save()
    logger.debug("sampling form %s rendered (%s)", document.record_id, layout)
    return buffer.getvalue()


def _footer_lines(doc: SamplingFormDocument, layout: PageLayout) -> list[str]:
    record_line = f"记录 record {doc.record_id}"
    key_line = f"签名密钥 key {or_empty(doc.signer_key_id)}"
    hash_text = doc.content_hash or EMPTY
    if layout.columns == 4:
        return [f"{record_line}    {key_line}", f"内容哈希 SHA-256 {hash_text}"]
    half = (len(hash_text) + 1) // 2
    return [record_line, key_line, f"SHA-256 {hash_text[:half]}", f"        {hash_text[half:]}"]


def _draft_mark(canvas: Canvas, layout: PageLayout, height: float) -> None:
    """A large grey "草稿 DRAFT" across the page: an unsealed form is not a legal document."""
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.85, 0.85, 0.85))
    canvas.setFont(cjk_font(), layout.width / 7)
    canvas.translate(layout.width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, "草稿 DRAFT")
    canvas.restoreState()
