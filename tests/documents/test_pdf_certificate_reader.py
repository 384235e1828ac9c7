"""Reading payloads from PDFs and images: the printed code is what counts, and bad files say what is wrong."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from document_samples import SigningKey, certificate_document
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from inspector_app.documents.certificate_payload import VerificationStatus, verify_certificate
from inspector_app.documents.certificate_pdf import render_certificate
from inspector_app.documents.pdf_certificate_reader import PdfCertificateReader
from inspector_app.domain.errors import DocumentReadError


def _page_png(data: bytes, scale: float = 2.0) -> bytes:
    pdf = pdfium.PdfDocument(data)
    try:
        image = pdf[0].render(scale=scale).to_pil()
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_the_printed_code_is_read_whatever_the_metadata_says(key: SigningKey) -> None:
    # The /Keywords of a certificate edited in place (same length, so the file stays well-formed).
    printed = certificate_document(key).qr_payload
    edited = printed[:-6] + ("AAAAAA" if printed[-6:] != "AAAAAA" else "BBBBBB")
    data = render_certificate(certificate_document(key, payload=printed))
    assert data.count(printed.encode()) == 1
    payloads = PdfCertificateReader().read_pdf(data.replace(printed.encode(), edited.encode()))
    assert payloads.metadata == (edited,)
    assert payloads.qr == printed
    assert not payloads.consistent
    assert verify_certificate(payloads.qr, {key.key_id: key.public_raw}).genuine
    assert not verify_certificate(payloads.metadata[0], {key.key_id: key.public_raw}).genuine


def test_a_pdf_without_a_qr_code_has_no_printed_payload() -> None:
    from document_samples import sampling_document

    from inspector_app.documents.sampling_form_pdf import render_sampling_form

    payloads = PdfCertificateReader().read_pdf(render_sampling_form(sampling_document()))
    assert payloads.qr is None
    assert payloads.metadata == ()
    assert not payloads.consistent


def test_a_photo_of_the_code_gives_the_payload(tmp_path: Path, key: SigningKey) -> None:
    document = certificate_document(key)
    path = tmp_path / "scan.png"
    path.write_bytes(_page_png(render_certificate(document, "roll80")))
    reader = PdfCertificateReader()
    assert reader.payloads_from_image_file(path) == (document.qr_payload,)
    # The same page, scanned a little crooked into a JPEG.
    with Image.open(path) as image:
        crooked = image.convert("L").rotate(7, expand=True, fillcolor=255, resample=Image.Resampling.BILINEAR)
    out = io.BytesIO()
    crooked.save(out, "JPEG", quality=85)
    (payload,) = reader.payloads_from_image(out.getvalue())
    assert verify_certificate(payload, {key.key_id: key.public_raw}).status is VerificationStatus.GENUINE


def test_an_image_without_a_code_gives_nothing() -> None:
    out = io.BytesIO()
    Image.new("L", (200, 200), 255).save(out, "PNG")
    assert PdfCertificateReader().payloads_from_image(out.getvalue()) == ()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not_a_pdf"),
        (b"hello", "not_a_pdf"),
        (b"%PDF-1.4\n%broken beyond repair", "unreadable"),
    ],
)
def test_bad_pdfs_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(DocumentReadError) as caught:
        PdfCertificateReader().read_pdf(data)
    assert caught.value.reason == reason
    assert caught.value.message_zh and caught.value.message_en


def test_a_truncated_certificate_pdf_is_an_error_or_has_no_code(key: SigningKey) -> None:
    data = render_certificate(certificate_document(key))
    try:
        payloads = PdfCertificateReader().read_pdf(data[: len(data) // 3])
    except DocumentReadError as exc:
        assert exc.reason == "unreadable"
    else:
        assert payloads.qr in (None, certificate_document(key).qr_payload)


def test_files_that_are_not_there_or_not_images(tmp_path: Path) -> None:
    reader = PdfCertificateReader()
    with pytest.raises(DocumentReadError) as missing:
        reader.read_pdf_file(tmp_path / "nothing.pdf")
    assert missing.value.reason == "missing"
    with pytest.raises(DocumentReadError) as folder:
        reader.payloads_from_image_file(tmp_path)
    assert folder.value.reason == "unreadable"
    (tmp_path / "text.png").write_text("not an image")
    with pytest.raises(DocumentReadError) as text:
        reader.payloads_from_image_file(tmp_path / "text.png")
    assert text.value.reason == "not_an_image"


def test_a_huge_image_is_refused_before_decoding() -> None:
    out = io.BytesIO()
    Image.new("1", (8000, 6000), 1).save(out, "PNG")
    with pytest.raises(DocumentReadError) as caught:
        PdfCertificateReader().payloads_from_image(out.getvalue())
    assert caught.value.reason == "too_large"


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_as_an_image_either_read_or_refused(data: bytes) -> None:
    with contextlib.suppress(DocumentReadError):
        PdfCertificateReader().payloads_from_image(data)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_as_a_pdf_either_read_or_refused(data: bytes) -> None:
    with contextlib.suppress(DocumentReadError):
        PdfCertificateReader().read_pdf(b"%PDF-1.7\n" + data)
