"""Building blocks shared by the documents: escaped paragraphs, label/value tables, images that may be damaged.

Every text that reaches a ``Paragraph`` passes through ``para`` first: reportlab reads paragraph text as markup,
so an ``&`` or ``<`` in a company name would otherwise break the layout or inject formatting.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, Paragraph, Table, TableStyle

from inspector_app.documents.page_layout import GRID_COLOUR, LABEL_COLOUR, SHADE_COLOUR, PageLayout
from inspector_app.domain.limits import Conformity

logger = logging.getLogger(__name__)

EMPTY = "—"
CELL_PADDING = 3.0
CONFORMITY_TEXT = {
    Conformity.CONFORMING: "合格",
    Conformity.NONCONFORMING: "不合格",
    Conformity.NOT_JUDGED: "不判定",
}


@dataclass(frozen=True)
class FieldRow:
    """One label/value pair; a ``wide`` one takes the whole row of a four-column table."""

    label: str
    value: str
    wide: bool = False


class WholeTable(Table):  # type: ignore[misc]  # reportlab ships no type information
    """A table that moves to the next page whole rather than split (the signature block)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab's names
        return []


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain ``text`` (escaped; line breaks kept)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def or_empty(value: object) -> str:
    """The value as printed, a dash when there is none."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return format_instant(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def format_instant(value: dt.datetime | None) -> str:
    """``2026-11-20 14:32:05 +08:00`` (the record's own offset), a dash for None."""
    if value is None:
        return EMPTY
    text = value.strftime("%Y-%m-%d %H:%M:%S")
    offset = value.strftime("%z")
    return f"{text} {offset[:3]}:{offset[3:]}" if offset else text


def cell(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """Plain text when it fits one line of ``width``, else a wrapping paragraph. A table draws plain text
    directly, about ten times faster than a paragraph, and most cells of a form are short."""
    if "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    return para(text, style)


def font_command(style: ParagraphStyle, start: tuple[int, int], stop: tuple[int, int]) -> tuple[object, ...]:
    """The table style command that draws plain-text cells in ``style``'s font."""
    return ("FONT", start, stop, style.fontName, style.fontSize, style.leading)


def field_table(heading: str, rows: Sequence[FieldRow], layout: PageLayout) -> Table:
    """A shaded heading row over label/value cells: two pairs a row on A4, one on the roll."""
    styles = layout.styles
    width = layout.content_width
    columns = layout.columns
    fractions = (0.15, 0.35, 0.15, 0.35) if columns == 4 else (0.3, 0.7)
    widths = [width * fraction for fraction in fractions]
    room = [w - 2 * CELL_PADDING for w in widths]
    wide_room = width - widths[0] - 2 * CELL_PADDING
    data: list[list[object]] = [[para(heading, styles.heading)] + [""] * (columns - 1)]
    commands: list[tuple[object, ...]] = [
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE_COLOUR),
    ]
    pending: list[object] = []
    paired_rows: list[int] = []
    for row in rows:
        value_room = wide_room if row.wide and columns == 4 else room[1]
        cells = [cell(row.label, styles.label, room[0]), cell(or_empty(row.value), styles.body, value_room)]
        if columns == 2:
            data.append(cells)
            continue
        if row.wide:
            if pending:
                data.append([*pending, "", ""])
                pending = []
            data.append([*cells, "", ""])
            commands.append(("SPAN", (1, len(data) - 1), (3, len(data) - 1)))
            continue
        pending.extend(cells)
        if len(pending) == 4:
            data.append(pending)
            paired_rows.append(len(data) - 1)
            pending = []
    if pending:
        data.append([*pending, "", ""])
    commands += grid_commands()
    for index in range(0, columns, 2):
        commands.append(font_command(styles.label, (index, 1), (index, -1)))
        commands.append(font_command(styles.body, (index + 1, 1), (index + 1, -1)))
    commands.append(("BACKGROUND", (0, 1), (0, -1), LABEL_COLOUR))
    # The second label column is shaded only where a row has one (a wide row spans it with its value).
    commands += [("BACKGROUND", (2, row), (2, row), LABEL_COLOUR) for row in paired_rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def grid_commands() -> list[tuple[object, ...]]:
    """Ruled cells with the padding every table of ours uses."""
    return [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOUR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]


def image_or_note(data: bytes | None, width: float, height: float, note: str, style: ParagraphStyle) -> Flowable:
    """The image in ``data`` scaled into ``width`` × ``height``, or ``note`` when there is none or it is
    unreadable (a damaged signature must not stop a document from printing; the note says so)."""
    if data is None:
        return para(note, style)
    try:
        reader = ImageReader(io.BytesIO(data))
        pixel_width, pixel_height = reader.getSize()
    # PIL raises many error types on damaged bytes (OSError, ValueError, SyntaxError, struct.error...).
    except Exception as exc:
        logger.warning("unreadable image in a document: %s", exc)
        return para("（图像无法读取 image unreadable）", style)
    scale = min(width / pixel_width, height / pixel_height)
    return Image(io.BytesIO(data), width=pixel_width * scale, height=pixel_height * scale, hAlign="LEFT")
