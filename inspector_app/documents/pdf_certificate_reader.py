"""Getting the signed payload out of a certificate PDF, or out of a photo or scan of its QR code.

Two ways into a PDF: its /Keywords (written by ``render_certificate``, quick, but invisible to a person and
trivially edited without touching what is printed) and the QR code on page 1, rendered to an image with PDFium
and decoded with zxing-cpp. Verification uses the QR code: it is what the paper shows, so a PDF whose metadata
was swapped for a genuine payload still fails on its own printed code. ``PdfCertificatePayloads`` reports both,
and whether they agree.
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy
import numpy.typing as npt
import pypdfium2  # type: ignore[import-untyped]
import zxingcpp
from PIL import Image

from inspector_app.documents.certificate_payload import PREFIX
from inspector_app.domain.errors import DocumentReadError

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
# Page 1 is rendered at 144 dpi (a 42 mm code gets about 3 pixels a module); if nothing is found, once more at
# 216 dpi for small or roll-sized codes.
_RENDER_SCALES = (2.0, 3.0)
_QR_FORMATS = zxingcpp.BarcodeFormats([zxingcpp.BarcodeFormat.QRCode])


@dataclass(frozen=True)
class PdfCertificatePayloads:
    """The payloads found in a certificate PDF: from /Keywords (one per certificate, in page order) and from the
    QR code on the first page. ``qr`` is the one to verify."""

    metadata: tuple[str, ...]
    qr: str | None

    @property
    def consistent(self) -> bool:
        """True when the printed QR code and the metadata carry the same first payload."""
        return bool(self.metadata) and self.metadata[0] == self.qr


class PdfCertificateReader:
    """Reads certificate payloads from PDF bytes and images."""

    def read_pdf(self, data: bytes) -> PdfCertificatePayloads:
        """Both payloads of a certificate PDF; raises ``DocumentReadError`` when ``data`` is not a readable PDF."""
        with _open_pdf(data) as document:
            metadata = _metadata_payloads(document)
            qr = _page_payload(document, 0)
        if metadata and qr is not None and metadata[0] != qr:
            logger.warning("certificate PDF: the metadata payload differs from the printed QR code")
        return PdfCertificatePayloads(metadata, qr)

    def read_pdf_file(self, path: Path) -> PdfCertificatePayloads:
        """``read_pdf`` on a file."""
        return self.read_pdf(_read_file(path))

    def payload_from_page(self, data: bytes, page_index: int = 0) -> str | None:
        """The payload in the QR code printed on one page (0-based), None when there is none."""
        with _open_pdf(data) as document:
            if not 0 <= page_index < len(document):
                raise DocumentReadError(
                    "no_such_page", f"PDF 没有第 {page_index + 1} 页", f"the PDF has no page {page_index + 1}"
                )
            return _page_payload(document, page_index)

    def payloads_from_image(self, data: bytes) -> tuple[str, ...]:
        """The certificate payloads in the QR codes of an image (a photo or scan, PNG/JPEG/...), in reading order;
        raises ``DocumentReadError`` when the bytes are not a readable image."""
        pixels = _load_image(data)
        return _payloads_in(pixels)

    def payloads_from_image_file(self, path: Path) -> tuple[str, ...]:
        """``payloads_from_image`` on a file."""
        return self.payloads_from_image(_read_file(path))


@contextlib.contextmanager
def _open_pdf(data: bytes) -> Iterator[pypdfium2.PdfDocument]:
    """A PDFium document over ``data``, closed afterwards."""
    if not data.startswith(b"%PDF"):
        raise DocumentReadError("not_a_pdf", "文件不是 PDF", "the file is not a PDF")
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise DocumentReadError("unreadable", f"PDF 文件无法读取：{exc}", f"the PDF cannot be read: {exc}") from exc
    try:
        yield document
    finally:
        document.close()


def _metadata_payloads(document: pypdfium2.PdfDocument) -> tuple[str, ...]:
    try:
        keywords = document.get_metadata_value("Keywords")
    except (pypdfium2.PdfiumError, KeyError, ValueError):
        return ()
    return tuple(line.strip() for line in str(keywords).splitlines() if line.strip().startswith(PREFIX))


def _page_payload(document: pypdfium2.PdfDocument, page_index: int) -> str | None:
    page = document[page_index]
    try:
        for scale in _RENDER_SCALES:
            bitmap = page.render(scale=scale, grayscale=True)
            try:
                payloads = _payloads_in(bitmap.to_numpy())
            finally:
                bitmap.close()
            if payloads:
                return payloads[0]
            logger.debug("no certificate QR code on page %d at scale %.1f", page_index + 1, scale)
    except pypdfium2.PdfiumError as exc:
        raise DocumentReadError(
            "unreadable", f"PDF 页面无法渲染：{exc}", f"the PDF page cannot be rendered: {exc}"
        ) from exc
    finally:
        page.close()
    return None


def _payloads_in(pixels: npt.NDArray[numpy.uint8]) -> tuple[str, ...]:
    """Texts of the QR codes in ``pixels`` that look like certificate payloads, or of any QR code if none do."""
    barcodes = zxingcpp.read_barcodes(pixels, formats=_QR_FORMATS, text_mode=zxingcpp.TextMode.Plain)
    texts = [barcode.text for barcode in barcodes if barcode.valid and barcode.text]
    ours = tuple(text for text in texts if text.startswith(PREFIX))
    return ours or tuple(texts)


def _load_image(data: bytes) -> npt.NDArray[numpy.uint8]:
    if len(data) > MAX_FILE_BYTES:
        raise DocumentReadError("too_large", "图像文件过大", "the image file is too large")
    try:
        with warnings.catch_warnings():
            # A decompression bomb is refused below by pixel count; Pillow's warning would only repeat that.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise DocumentReadError("too_large", "图像像素过多", "the image has too many pixels")
                return numpy.asarray(image.convert("L"))
    except DocumentReadError:
        raise
    # Pillow raises many error types on damaged files (OSError, ValueError, SyntaxError, struct.error...).
    except Exception as exc:
        raise DocumentReadError("not_an_image", f"无法读取图像：{exc}", f"not a readable image: {exc}") from exc


def _read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentReadError("too_large", f"文件过大：{path}", f"file too large: {path}", str(path))
        return path.read_bytes()
    except FileNotFoundError:
        raise DocumentReadError("missing", f"文件不存在：{path}", f"no such file: {path}", str(path)) from None
    except IsADirectoryError:
        raise DocumentReadError(
            "unreadable", f"这是一个文件夹：{path}", f"a folder, not a file: {path}", str(path)
        ) from None
    except OSError as exc:
        raise DocumentReadError("unreadable", f"文件无法读取：{path}", f"cannot read {path}: {exc}", str(path)) from exc
