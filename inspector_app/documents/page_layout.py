"""Page geometry and text styles of the two layouts (A4 and the 80 mm roll), and laying content out on them.

Content is laid out once into PDF form XObjects ("blocks", one per page of content) and then placed on as many
pages as needed: the five copies of a sampling form are the same content under five labels, so it is drawn once
and referenced five times — a fifth of the work and of the file. On A4 a block is one page of content; on the
roll there is a single block, and the page is made as long as it is (a thermal printer cuts where told).
"""

from __future__ import annotations

import functools
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame
from reportlab.platypus.doctemplate import ActionFlowable

from inspector_app.documents.fonts import cjk_font

logger = logging.getLogger(__name__)

LAYOUTS = ("a4", "roll80")
APPLICATION = "质量安全监管检查工作站 Inspector Workstation"
# Tallest roll page laid out (PDF allows 200 inches); longer content is shrunk to fit.
_ROLL_MAX_HEIGHT = 14000.0
GRID_COLOUR = colors.Color(0.35, 0.35, 0.35)
SHADE_COLOUR = colors.Color(0.9, 0.9, 0.9)
LABEL_COLOUR = colors.Color(0.96, 0.96, 0.96)


@dataclass(frozen=True)
class LayoutStyles:
    """Paragraph styles of one layout, all in the embedded CJK font."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    small: ParagraphStyle
    banner: ParagraphStyle


@dataclass(frozen=True)
class PageLayout:
    """One page layout. ``height`` is None for the roll, whose pages are as long as their content."""

    name: str
    width: float
    height: float | None
    margin: float
    header_height: float
    footer_height: float
    font_size: float
    columns: int  # label/value pairs per table row × 2

    @classmethod
    def named(cls, name: str) -> PageLayout:
        """``"a4"`` or ``"roll80"``; raises ``ValueError`` for anything else."""
        if name == "a4":
            return cls("a4", A4[0], A4[1], 12 * mm, 8 * mm, 8 * mm, 8.5, 4)
        if name == "roll80":
            return cls("roll80", 80 * mm, None, 4 * mm, 7 * mm, 16 * mm, 7.5, 2)
        raise ValueError(f"unknown layout {name!r}: use one of {', '.join(LAYOUTS)}")

    @property
    def content_width(self) -> float:
        """Width of the content area between the margins."""
        return self.width - 2 * self.margin

    @property
    def content_height(self) -> float:
        """Height of one page of content (A4); the roll's blocks have their own."""
        if self.height is None:
            return _ROLL_MAX_HEIGHT
        return self.height - 2 * self.margin - self.header_height - self.footer_height

    @property
    def styles(self) -> LayoutStyles:
        """The paragraph styles (built once per layout)."""
        return _styles(self.name, self.font_size)


@dataclass(frozen=True)
class ContentBlock:
    """A form XObject holding one page of content; ``top`` is its content's top edge in the form's coordinates
    and ``height`` how far down the content goes."""

    form_name: str
    top: float
    height: float


@functools.cache
def _styles(name: str, size: float) -> LayoutStyles:
    font = cjk_font()
    body = ParagraphStyle(
        f"{name}-body", fontName=font, fontSize=size, leading=size * 1.25, wordWrap="CJK", splitLongWords=True
    )
    return LayoutStyles(
        title=ParagraphStyle(
            f"{name}-title", parent=body, fontSize=size * 1.8, leading=size * 2.0, alignment=TA_CENTER
        ),
        subtitle=ParagraphStyle(
            f"{name}-subtitle", parent=body, fontSize=size * 0.9, leading=size * 1.2, alignment=TA_CENTER
        ),
        heading=ParagraphStyle(f"{name}-heading", parent=body, fontSize=size * 1.1, leading=size * 1.3),
        body=body,
        label=ParagraphStyle(f"{name}-label", parent=body, fontSize=size * 0.9, leading=size * 1.2),
        small=ParagraphStyle(f"{name}-small", parent=body, fontSize=size * 0.8, leading=size * 1.05),
        banner=ParagraphStyle(
            f"{name}-banner", parent=body, fontSize=size * 1.3, leading=size * 1.7, alignment=TA_CENTER
        ),
    )


def lay_out(canvas: Canvas, flowables: Sequence[Flowable], layout: PageLayout, name: str) -> list[ContentBlock]:
    """Lay ``flowables`` out into form XObjects named ``name-1``, ``name-2``…: one per A4 page, one for the roll."""
    remaining = list(flowables)
    blocks: list[ContentBlock] = []
    width = layout.content_width
    height = layout.content_height
    bottom = layout.margin + layout.footer_height
    while remaining:
        form_name = f"{name}-{len(blocks) + 1}"
        upper = bottom + height + layout.margin + layout.header_height
        canvas.beginForm(form_name, lowerx=0, lowery=0, upperx=layout.width, uppery=upper)
        frame = Frame(
            layout.margin, bottom, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
        )
        _fill(frame, remaining, canvas)
        if remaining and frame._atTop:
            # Nothing fitted on an empty page: the first flowable is taller than a page and cannot split.
            # Shrinking it keeps every word on paper, where dropping it would not.
            logger.warning("content taller than a page is shrunk to fit (%s)", type(remaining[0]).__name__)
            remaining[0] = KeepInFrame(width, height, [remaining[0]], mode="shrink")
            _fill(frame, remaining, canvas)
        canvas.endForm()
        top = bottom + height
        blocks.append(ContentBlock(form_name, top, top - frame._y))
    return blocks


def _fill(frame: Frame, remaining: list[Flowable], canvas: Canvas) -> None:
    """Add flowables from the front of ``remaining`` until the frame is full, splitting the one that straddles
    the bottom (tables split between rows, paragraphs between lines)."""
    while remaining:
        head = remaining[0]
        if isinstance(head, ActionFlowable):
            # Page and frame breaks: a break on an empty page is already done.
            del remaining[0]
            if frame._atTop:
                continue
            return
        if frame.add(head, canvas, trySplit=0):
            del remaining[0]
            continue
        parts = frame.split(head, canvas)
        if not parts or isinstance(parts[0], ActionFlowable) or not frame.add(parts[0], canvas, trySplit=0):
            return
        remaining[0:1] = parts[1:]


def page_height(layout: PageLayout, block: ContentBlock) -> float:
    """The height of the page that shows ``block``: fixed on A4, content plus header and footer on the roll."""
    if layout.height is not None:
        return layout.height
    return 2 * layout.margin + layout.header_height + block.height + layout.footer_height


def place(canvas: Canvas, layout: PageLayout, block: ContentBlock, height: float) -> None:
    """Draw ``block`` on the current page (of ``height``) under its header."""
    canvas.saveState()
    canvas.translate(0, height - layout.margin - layout.header_height - block.top)
    canvas.doForm(block.form_name)
    canvas.restoreState()


def new_canvas(buffer: io.BytesIO, layout: PageLayout, title: str) -> Canvas:
    """A canvas writing to ``buffer`` with the document information every PDF of ours carries."""
    canvas = Canvas(buffer, pagesize=(layout.width, layout.height or layout.width), pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(APPLICATION)
    canvas.setCreator(APPLICATION)
    return canvas
