"""Printing the PDFs the services render: Qt's print preview, the A4 and 80 mm roll layouts, batches, "save as PDF".

The services produce finished PDFs (reportlab, with the embedded CJK font and the signed QR code). To print them
through Qt, each page is rasterised with PDFium at the printer's resolution (capped at :data:`MAX_RENDER_DPI`, which
keeps a QR module several dots wide and an A4 page near 26 MB) and painted onto the ``QPrinter``. The roll layout
has pages as long as their content, so the printer's page is set to 80 mm by that length before each page; an A4
document is scaled to whatever paper the inspector picked in the print dialog, keeping its proportions.

"Save as PDF" does not go through the printer at all: it writes the services' own PDF (vector text, searchable,
metadata intact), several documents joined into one file.

Every dialog goes through ``gui.prompts``: the print preview (``preview_print``) and the save dialog
(``choose_save_file``), so tests drive :func:`paint_pdfs` on a PDF-format printer and never see a modal.
"""

from __future__ import annotations

import enum
import functools
import io
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2  # type: ignore[import-untyped]
from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, QStandardPaths
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from inspector_app.gui import prompts

logger = logging.getLogger(__name__)

#: Rasterising above this gains nothing on paper and costs memory (an A4 page at 1200 dpi is 560 MB in RGBx).
MAX_RENDER_DPI = 300
#: Width of the paper roll of portable thermal printers.
ROLL_WIDTH_MM = 80.0
_POINTS_PER_INCH = 72.0
_MM_PER_POINT = 25.4 / _POINTS_PER_INCH
PDF_NAME_FILTER = "PDF (*.pdf)"


class PrintLayout(enum.StrEnum):
    """The two layouts the services render (their ``layout`` argument)."""

    A4 = "a4"
    ROLL80 = "roll80"


@dataclass(frozen=True, slots=True)
class PrintableDocument:
    """One rendered document: what to call it (print queue, file name) and its PDF bytes."""

    title: str
    pdf: bytes


class PrintError(Exception):
    """The printer could not be opened for painting."""


def roll_page_size(height_mm: float) -> QPageSize:
    """A custom page 80 mm wide and ``height_mm`` long (exact, never rounded to a standard size)."""
    return QPageSize(
        QSizeF(ROLL_WIDTH_MM, height_mm),
        QPageSize.Unit.Millimeter,
        f"80 mm roll × {height_mm:.0f} mm",
        QPageSize.SizeMatchPolicy.ExactMatch,
    )


def new_printer(layout: PrintLayout, title: str = "") -> QPrinter:
    """A high-resolution printer set up for ``layout``: A4 portrait, or the 80 mm roll; no margins of its own (the
    documents carry theirs)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    configure_printer(printer, layout)
    if title:
        printer.setDocName(title)
    return printer


def configure_printer(printer: QPrinter, layout: PrintLayout) -> None:
    """Set ``printer``'s paper for ``layout`` (the roll's length is set per page while painting)."""
    printer.setFullPage(True)
    if layout is PrintLayout.ROLL80:
        printer.setPageSize(roll_page_size(200.0))
    else:
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def paint_pdf(printer: QPrinter, pdf_bytes: bytes, layout: PrintLayout = PrintLayout.A4) -> int:
    """Paint every page of one PDF on ``printer``; returns the number of pages painted."""
    return paint_pdfs(printer, [pdf_bytes], layout)


def paint_pdfs(printer: QPrinter, pdfs: Sequence[bytes], layout: PrintLayout = PrintLayout.A4) -> int:
    """Paint the pages of several PDFs, in order, as one print job; returns the number of pages painted.

    With the roll layout each printed page is as long as its PDF page. Raises ``PrintError`` when the printer
    cannot be opened, and pypdfium2's ``PdfiumError`` for bytes that are not a PDF.
    """
    documents: list[pypdfium2.PdfDocument] = []
    try:
        for data in pdfs:
            documents.append(pypdfium2.PdfDocument(data))
        pages = [(document, index) for document in documents for index in range(len(document))]
        if not pages:
            return 0
        painter = QPainter()
        try:
            for number, (document, index) in enumerate(pages):
                page = document[index]
                try:
                    width_pt, height_pt = page.get_size()
                    if layout is PrintLayout.ROLL80:
                        printer.setPageSize(roll_page_size(height_pt * _MM_PER_POINT))
                    if number == 0:
                        if not painter.begin(printer):
                            raise PrintError(f"the printer {printer.printerName()!r} could not be opened")
                        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                    elif not printer.newPage():
                        raise PrintError("the printer refused a new page")
                    _paint_page(painter, printer, page, width_pt, height_pt)
                finally:
                    page.close()
        finally:
            if painter.isActive():
                painter.end()
        logger.info("painted %d page(s) of %d document(s) (%s)", len(pages), len(documents), layout.value)
        return len(pages)
    finally:
        for document in documents:
            document.close()


def _paint_page(
    painter: QPainter, printer: QPrinter, page: pypdfium2.PdfPage, width_pt: float, height_pt: float
) -> None:
    """Rasterise ``page`` at the printer's resolution and draw it centred, scaled to fit the paper."""
    target = printer.paperRect(QPrinter.Unit.DevicePixel)
    dpi = min(float(printer.resolution()), float(MAX_RENDER_DPI))
    bitmap = page.render(scale=dpi / _POINTS_PER_INCH, rev_byteorder=True, prefer_bgrx=True, optimize_mode="print")
    try:
        pixels = bitmap.to_numpy()
        image = QImage(pixels.data, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888)
        # The page's own proportions, fitted into the paper and centred.
        scale = min(target.width() / width_pt, target.height() / height_pt)
        drawn = QSizeF(width_pt * scale, height_pt * scale)
        left = target.left() + (target.width() - drawn.width()) / 2
        top = target.top() + (target.height() - drawn.height()) / 2
        painter.drawImage(QRectF(left, top, drawn.width(), drawn.height()), image)
    finally:
        bitmap.close()


def merge_pdfs(pdfs: Sequence[bytes]) -> bytes:
    """One PDF holding the pages of ``pdfs`` in order (a single PDF comes back unchanged, metadata and all)."""
    if len(pdfs) == 1:
        return pdfs[0]
    merged = pypdfium2.PdfDocument.new()
    try:
        for data in pdfs:
            source = pypdfium2.PdfDocument(data)
            try:
                merged.import_pages(source)
            finally:
                source.close()
        buffer = io.BytesIO()
        merged.save(buffer)
        return buffer.getvalue()
    finally:
        merged.close()


def write_pdf(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a temporary file beside it, then renamed)."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def print_documents(
    parent: QWidget | None, documents: Sequence[PrintableDocument], layout: PrintLayout = PrintLayout.A4
) -> bool:
    """Open Qt's print preview for ``documents`` (one job, in order); ``True`` when the inspector printed."""
    if not documents:
        return False
    title = (
        documents[0].title
        if len(documents) == 1
        else QCoreApplication.translate("Printing", "批量打印（%1 份）").replace("%1", str(len(documents)))
    )
    printer = new_printer(layout, title)
    paint = functools.partial(_paint_for_dialog, parent, [document.pdf for document in documents], layout)
    printed = prompts.preview_print(parent, printer, paint)
    logger.info("print preview of %d document(s) closed; printed: %s", len(documents), printed)
    return bool(printed)


def _paint_for_dialog(parent: QWidget | None, pdfs: list[bytes], layout: PrintLayout, printer: QPrinter) -> None:
    """The preview's paint request: failures are shown, never raised into Qt's event loop."""
    try:
        paint_pdfs(printer, pdfs, layout)
    except PrintError as error:
        logger.error("printing failed: %s", error)
        prompts.show_error(
            parent,
            QCoreApplication.translate("Printing", "打印失败"),
            QCoreApplication.translate("Printing", "打印机无法打开，请检查打印机设置后重试。"),
            str(error),
        )
    except pypdfium2.PdfiumError as error:
        logger.error("a document to print could not be read: %s", error)
        prompts.show_error(
            parent,
            QCoreApplication.translate("Printing", "打印失败"),
            QCoreApplication.translate("Printing", "要打印的文档无法读取。"),
            str(error),
        )


def suggested_pdf_path(name: str) -> Path:
    """Where the save dialog starts: the user's documents folder (or home), with ``name``."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    return Path(folder) / name


def save_documents_as_pdf(
    parent: QWidget | None, documents: Sequence[PrintableDocument], suggested_name: str
) -> Path | None:
    """Ask where to save, then write ``documents`` as one PDF there; the path written, or ``None`` when the
    inspector cancelled or the file could not be written (which is reported)."""
    if not documents:
        return None
    path = prompts.choose_save_file(
        parent,
        QCoreApplication.translate("Printing", "另存为 PDF"),
        suggested_pdf_path(suggested_name),
        PDF_NAME_FILTER,
    )
    if path is None:
        return None
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        data = merge_pdfs([document.pdf for document in documents])
        write_pdf(path, data)
    except OSError as error:
        logger.error("could not write %s: %s", path, error)
        prompts.show_error(
            parent,
            QCoreApplication.translate("Printing", "保存失败"),
            QCoreApplication.translate("Printing", "文件无法写入：%1").replace("%1", str(path)),
            str(error),
        )
        return None
    except pypdfium2.PdfiumError as error:
        logger.error("could not join the documents for %s: %s", path, error)
        prompts.show_error(
            parent,
            QCoreApplication.translate("Printing", "保存失败"),
            QCoreApplication.translate("Printing", "要保存的文档无法读取。"),
            str(error),
        )
        return None
    logger.info("saved %d document(s) as %s", len(documents), path)
    return path
