"""The inspection certificate / test report (检验报告) as a PDF, with its signed QR code.

Page 1 carries the QR code (the signed ``IW1:`` payload) and a line telling how to verify it; the same payload is
written into the PDF's /Keywords so software can find it without reading the image — but only the QR code is what
a reader of the paper sees, so verification of a PDF decodes the rendered QR (``pdf_certificate_reader``).
``render_many`` prints several documents — certificates and sampling forms alike — into one PDF for batch work.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from inspector_app.documents.document_data import CertificateDocument, SamplingFormDocument
from inspector_app.documents.document_parts import (
    CELL_PADDING,
    CONFORMITY_TEXT,
    EMPTY,
    FieldRow,
    cell,
    field_table,
    font_command,
    format_instant,
    grid_commands,
    or_empty,
    para,
)
from inspector_app.documents.fonts import cjk_font
from inspector_app.documents.page_layout import (
    LABEL_COLOUR,
    SHADE_COLOUR,
    LayoutStyles,
    PageLayout,
    lay_out,
    new_canvas,
    page_height,
    place,
)
from inspector_app.documents.qr_code_flowable import QrCodeFlowable
from inspector_app.documents.sampling_form_pdf import SamplingFormPdf
from inspector_app.domain.limits import Conformity

logger = logging.getLogger(__name__)

VERIFY_TEXT_ZH = "真伪核验：用质量安全监管检查工作站扫描二维码，或运行 inspector-app verify-certificate 本文件。"
VERIFY_TEXT_EN = (
    "Verify: scan the QR code with the Inspector Workstation, or run inspector-app verify-certificate FILE."
)
PAYLOAD_SEPARATOR = "\n"
_VERDICT_EN = {Conformity.CONFORMING: "CONFORMING", Conformity.NONCONFORMING: "NONCONFORMING"}
_FAIL_COLOUR = colors.Color(0.75, 0.0, 0.0)
_FAIL_SHADE = colors.Color(1.0, 0.9, 0.9)


class CertificatePdf:
    """Draws one certificate onto a canvas."""

    def __init__(self, document: CertificateDocument, layout: PageLayout) -> None:
        self._doc = document
        self._layout = layout

    def draw(self, canvas: Canvas, name: str) -> None:
        """Lay the certificate out (forms named after ``name``) and add its pages."""
        layout = self._layout
        blocks = lay_out(canvas, self._flowables(), layout, name)
        for index, block in enumerate(blocks, start=1):
            height = page_height(layout, block)
            canvas.setPageSize((layout.width, height))
            self._decorate(canvas, index, len(blocks), height)
            place(canvas, layout, block, height)
            canvas.showPage()

    def _decorate(self, canvas: Canvas, page: int, pages: int, height: float) -> None:
        layout = self._layout
        doc = self._doc
        size = layout.font_size
        font = cjk_font()
        canvas.setFillColor(colors.black)
        canvas.setFont(font, size * 0.8)
        top = height - layout.margin - size
        canvas.drawString(layout.margin, top, "质量安全监管检查工作站")
        canvas.drawRightString(layout.width - layout.margin, top, f"No. {doc.certificate_number}")
        footer = f"证书 {doc.certificate_number} · 记录 {or_empty(doc.record_id)}"
        if pages > 1:
            footer += f" · 第 {page}/{pages} 页"
        if layout.columns == 2:
            canvas.setFont(font, size * 0.7)
            canvas.drawString(layout.margin, layout.margin + size, f"证书 {doc.certificate_number}")
            canvas.drawString(layout.margin, layout.margin, f"记录 {or_empty(doc.record_id)}")
        else:
            canvas.drawString(layout.margin, layout.margin, footer)

    def _flowables(self) -> list[Flowable]:
        doc = self._doc
        layout = self._layout
        styles = layout.styles
        gap = Spacer(1, 2 * mm)
        out: list[Flowable] = [
            para(doc.title, styles.title),
            para(f"Inspection certificate / test report · 证书编号 No. {doc.certificate_number}", styles.subtitle),
            gap,
        ]
        header_rows = [
            FieldRow("证书编号", doc.certificate_number),
            FieldRow("组织机关", doc.organiser),
            FieldRow("承检机构", doc.lab),
            FieldRow("报告编号", doc.report_number),
            FieldRow("报告日期", or_empty(doc.report_date)),
            FieldRow("签发时间", format_instant(doc.issued_at)),
        ]
        if layout.columns == 4:
            qr_size = 42 * mm
            info_width = layout.content_width - qr_size - 4 * mm
            info = _pairs_table(header_rows, info_width, styles)
            top = Table(
                [[[self._verdict(info_width), Spacer(1, 2 * mm), info], self._qr(qr_size)]],
                colWidths=[info_width + 4 * mm, qr_size],
                hAlign="LEFT",
            )
            top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
            out += [top, gap]
        else:
            out += [self._qr(min(layout.content_width, 52 * mm)), gap, self._verdict(layout.content_width), gap]
            out += [_pairs_table(header_rows, layout.content_width, styles), gap]
        out += [field_table("样品信息 Sample", self._sample_rows(), layout), gap]
        out += [self._results(), gap]
        if doc.deadlines:
            out.append(para("时限 Deadlines", styles.heading))
            out += [para(f"• {line}", styles.body) for line in doc.deadlines]
            out.append(gap)
        inspectors = "；".join(
            f"{inspector.name}（执法证号 {or_empty(inspector.badge_number)}）" for inspector in doc.inspectors
        )
        out.append(para(f"抽样人员 Inspectors：{inspectors or EMPTY}", styles.body))
        if doc.notes:
            out.append(para(f"备注 Notes：{doc.notes}", styles.body))
        out += [gap, para(VERIFY_TEXT_ZH, styles.small), para(VERIFY_TEXT_EN, styles.small)]
        return out

    def _verdict(self, width: float) -> Flowable:
        doc = self._doc
        styles = self._layout.styles
        failed = doc.verdict is Conformity.NONCONFORMING
        colour = _FAIL_COLOUR if failed else colors.black
        style = ParagraphStyle("verdict", parent=styles.banner, textColor=colour)
        text = f"检验结论：{CONFORMITY_TEXT[doc.verdict]} {_VERDICT_EN[doc.verdict]}"
        banner = Table([[para(text, style)]], colWidths=[width], hAlign="LEFT")
        banner.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.5 if failed else 1.0, colour)]))
        return banner

    def _qr(self, size: float) -> Flowable:
        styles = self._layout.styles
        caption = para("扫码核验真伪 Scan to verify", styles.subtitle)
        cell = Table([[QrCodeFlowable(self._doc.qr_payload, size)], [caption]], colWidths=[size], hAlign="CENTER")
        cell.setStyle(
            TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ]
            )
        )
        return cell

    def _sample_rows(self) -> list[FieldRow]:
        doc = self._doc
        return [
            FieldRow("产品名称", doc.product, wide=True),
            FieldRow("商标", doc.trademark),
            FieldRow("规格型号", doc.specification),
            FieldRow("生产批号", doc.batch),
            FieldRow("抽样日期", or_empty(doc.sampling_date)),
            FieldRow("标称生产者", doc.producer, wide=True),
            FieldRow("统一社会信用代码", doc.producer_uscc, wide=True),
            FieldRow("被抽样单位", doc.sampled_site, wide=True),
        ]

    def _results(self) -> Flowable:
        doc = self._doc
        layout = self._layout
        styles = layout.styles
        body, small, label = styles.body, styles.small, styles.label
        if layout.columns == 4:
            header: list[object] = ["序号", "检验项目", "检验结果", "单位", "标准要求", "单项判定", "检验方法"]
            fractions: tuple[float, ...] = (0.06, 0.2, 0.13, 0.1, 0.14, 0.1, 0.27)
        else:
            header = ["检验项目", "结果", "要求", "判定"]
            fractions = (0.34, 0.26, 0.24, 0.16)
        widths = [layout.content_width * fraction for fraction in fractions]
        room = [width - 2 * CELL_PADDING for width in widths]
        rows: list[list[object]] = []
        for number, line in enumerate(doc.results, start=1):
            verdict = CONFORMITY_TEXT[line.judgement]
            if layout.columns == 4:
                texts = [str(number), line.item, or_empty(line.value), or_empty(line.unit), or_empty(line.limit_text)]
                rows.append([cell(text, body, room[i]) for i, text in enumerate(texts)]
                            + [cell(verdict, body, room[5]), cell(or_empty(line.method), small, room[6])])  # fmt: skip
            else:
                item = [para(line.item, body), para(or_empty(line.method), small)]
                value = f"{or_empty(line.value)} {line.unit}".strip()
                rows.append([item, cell(value, body, room[1]), cell(or_empty(line.limit_text), body, room[2]),
                             cell(verdict, body, room[3])])  # fmt: skip
        heading = [para("检验结果 Results", styles.heading)] + [""] * (len(header) - 1)
        data: list[list[object]] = [heading, header, *rows]
        if not doc.results:
            data.append(["（无检验结果 no results）", *[""] * (len(header) - 1)])
        commands: list[tuple[object, ...]] = [
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 1), SHADE_COLOUR),
            *grid_commands(),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            font_command(body, (0, 2), (-1, -1)),
            font_command(label, (0, 1), (-1, 1)),
        ]
        if layout.columns == 4:
            commands.append(font_command(small, (6, 2), (6, -1)))
        if not doc.results:
            commands.append(("SPAN", (0, 2), (-1, 2)))
        for index, line in enumerate(doc.results, start=2):
            if line.judgement is Conformity.NONCONFORMING:
                commands.append(("BACKGROUND", (0, index), (-1, index), _FAIL_SHADE))
                commands.append(("TEXTCOLOR", (0, index), (-1, index), _FAIL_COLOUR))
        table = Table(data, colWidths=widths, repeatRows=2, hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        return table


def _pairs_table(rows: Sequence[FieldRow], width: float, styles: LayoutStyles) -> Table:
    """A plain two-column label/value table."""
    widths = [width * 0.3, width * 0.7]
    data = [
        [cell(row.label, styles.label, widths[0] - 2 * CELL_PADDING),
         cell(or_empty(row.value), styles.body, widths[1] - 2 * CELL_PADDING)]
        for row in rows
    ]  # fmt: skip
    table = Table(data, colWidths=widths, hAlign="LEFT")
    commands = [
        *grid_commands(),
        ("BACKGROUND", (0, 0), (0, -1), LABEL_COLOUR),
        font_command(styles.label, (0, 0), (0, -1)),
        font_command(styles.body, (1, 0), (1, -1)),
    ]
    table.setStyle(TableStyle(commands))
    return table


def render_certificate(document: CertificateDocument, layout: str = "a4") -> bytes:
    """The certificate as PDF bytes, on A4 or the 80 mm roll (``"roll80"``); its QR payload is also in the
    PDF's /Keywords."""
    page_layout = PageLayout.named(layout)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, page_layout, f"{document.title} {document.certificate_number}")
    canvas.setSubject(f"检验报告 inspection certificate {document.certificate_number}")
    canvas.setKeywords(document.qr_payload)
    CertificatePdf(document, page_layout).draw(canvas, "certificate")
    canvas.save()
    logger.debug("certificate %s rendered (%s)", document.certificate_number, layout)
    return buffer.getvalue()


def render_many(documents: Sequence[CertificateDocument | SamplingFormDocument], layout: str = "a4") -> bytes:
    """Several documents in one PDF, in order, each starting on a new page (batch printing). The certificates'
    payloads are in /Keywords, one a line, in the same order."""
    if not documents:
        raise ValueError("nothing to print")
    page_layout = PageLayout.named(layout)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, page_layout, f"批量打印 {len(documents)} 份文书 batch of {len(documents)} documents")
    payloads: list[str] = []
    for index, document in enumerate(documents, start=1):
        if isinstance(document, CertificateDocument):
            payloads.append(document.qr_payload)
            CertificatePdf(document, page_layout).draw(canvas, f"doc{index}")
        else:
            SamplingFormPdf(document, page_layout).draw(canvas, f"doc{index}")
    if payloads:
        canvas.setKeywords(PAYLOAD_SEPARATOR.join(payloads))
    canvas.save()
    logger.info("batch of %d documents rendered (%s)", len(documents), layout)
    return buffer.getvalue()
