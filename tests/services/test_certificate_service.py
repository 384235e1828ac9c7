"""Certificate verification against the workstation's trusted keys: QR text, certificate PDFs and photos of the
code; a changed byte, a foreign key and a revoked key all fail; the printed code, not the metadata, decides."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas

from inspector_app.documents.base45 import b45decode, b45encode
from inspector_app.documents.certificate_payload import CertificateClaims, encode_certificate
from inspector_app.documents.certificate_pdf import render_certificate
from inspector_app.documents.document_data import CertificateDocument, CertificateResultLine
from inspector_app.domain.errors import DocumentReadError
from inspector_app.domain.limits import Conformity
from inspector_app.domain.spot_check import Inspector
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.certificate_service import (
    CertificateService,
    VerificationStatus,
    looks_like_certificate,
)
from inspector_app.services.trust_service import TrustService
from inspector_app.services.workspace import Workspace

CHINA = dt.timezone(dt.timedelta(hours=8))
PRODUCT = "丰收牌复合肥料"
NUMBER = "IW-2026-0badc0de-0007"


@dataclasses.dataclass
class Setup:
    service: CertificateService
    trust: TrustService
    workspace: Workspace
    own: DeviceKeys
    other: DeviceKeys
    tmp_path: Path


@pytest.fixture
def setup(workspace: Workspace, tmp_path: Path) -> Setup:
    own = DeviceKeys.load_or_create(tmp_path / "own")
    other = DeviceKeys.load_or_create(tmp_path / "other")
    trust = TrustService(workspace.database, own)
    trust.ensure_own_key_trusted()
    return Setup(CertificateService(trust), trust, workspace, own, other, tmp_path)


def _claims(**changes: object) -> CertificateClaims:
    claims = CertificateClaims(
        certificate_number=NUMBER,
        verdict=Conformity.NONCONFORMING,
        product=PRODUCT,
        batch="LOT-A1",
        maker_uscc="91110108551385082Q",
        date=dt.date(2026, 11, 25),
        inspector_badges=("11010800001", "11010800002"),
        issued_at=dt.datetime(2026, 11, 25, 9, 30, tzinfo=CHINA),
    )
    return dataclasses.replace(claims, **changes)  # type: ignore[arg-type]


def _payload(keys: DeviceKeys, **changes: object) -> str:
    return encode_certificate(_claims(**changes), keys.sign, keys.key_id, signer_public_key=keys.public_key_raw)


def _certificate_pdf(payload: str, *, layout: str = "a4") -> bytes:
    document = CertificateDocument(
        certificate_number=NUMBER,
        verdict=Conformity.NONCONFORMING,
        product=PRODUCT,
        specification="40kg/袋",
        batch="LOT-A1",
        producer="北京丰收化肥有限公司",
        producer_uscc="91110108551385082Q",
        sampled_site="海淀农资经营部",
        sampling_date=dt.date(2026, 11, 20),
        report_date=dt.date(2026, 11, 25),
        lab="国家化肥质量检验检测中心",
        report_number="BG-2026-0001",
        results=(CertificateResultLine("总养分", "32.5", "%", "≥ 35", Conformity.NONCONFORMING, "GB/T 15063-2020"),),
        inspectors=(Inspector(1, "张三", "11010800001"), Inspector(2, "李四", "11010800002")),
        deadlines=("异议期限：2026-12-10",),
        qr_payload=payload,
    )
    return render_certificate(document, layout=layout)


def _qr_png(text: str) -> bytes:
    """A photo-like PNG of a QR code holding ``text``: drawn by reportlab on a page, rendered by PDFium."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(200, 200))
    widget = QrCodeWidget(text, barLevel="Q")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(160, 160, transform=[160 / (x1 - x0), 0, 0, 160 / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, 20, 20)
    canvas.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    try:
        image = document[0].render(scale=3).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _altered(payload: str) -> str:
    """The payload with one byte of the signed COSE message changed (then packed again)."""
    import zlib

    message = bytearray(zlib.decompress(b45decode(payload[4:])))
    claims_at = message.find(PRODUCT.encode("utf-8")[:3])
    assert claims_at > 0
    message[claims_at] ^= 0x01
    return "IW1:" + b45encode(zlib.compress(bytes(message), 9))


def test_own_certificate_text_is_genuine_with_its_content(setup: Setup) -> None:
    check = setup.service.verify_text("  " + _payload(setup.own) + "\n")
    assert check.genuine and check.status is VerificationStatus.GENUINE
    assert check.source == "text" and check.notes == ()
    assert check.claims is not None
    assert (check.claims.certificate_number, check.claims.product) == (NUMBER, PRODUCT)
    assert check.claims.verdict is Conformity.NONCONFORMING
    assert check.claims.issuer_key_id == setup.own.key_id
    assert "真实有效" in check.message("zh") and "Genuine" in check.message("en")


def test_a_changed_byte_is_altered(setup: Setup) -> None:
    check = setup.service.verify_text(_altered(_payload(setup.own)))
    assert not check.genuine
    assert check.status is VerificationStatus.ALTERED
    assert "篡改" in check.message("zh")


def test_a_foreign_key_is_an_unknown_signer_until_imported_and_again_after_revocation(setup: Setup) -> None:
    foreign = _payload(setup.other)
    assert setup.service.verify_text(foreign).status is VerificationStatus.UNKNOWN_SIGNER
    key_file = setup.tmp_path / "other.pub"
    TrustService(setup.workspace.database, setup.other).export_own_key(key_file)
    setup.trust.import_key_file(key_file)
    assert setup.service.verify_text(foreign).genuine
    setup.trust.revoke(setup.other.key_id)
    assert setup.service.verify_text(foreign).status is VerificationStatus.UNKNOWN_SIGNER


def test_a_forgery_under_the_trusted_key_id_is_forged(setup: Setup) -> None:
    # Signed by the other key while naming ours: the embedded signer key gives the forger away.
    forged = encode_certificate(
        _claims(), setup.other.sign, setup.own.key_id, signer_public_key=setup.other.public_key_raw
    )
    check = setup.service.verify_text(forged)
    assert check.status is VerificationStatus.FORGED
    assert check.verification is not None and check.verification.signer_key_id == setup.other.key_id


def test_garbage_is_malformed_and_never_raises(setup: Setup) -> None:
    for text in ("", "IW1:", "IW1:%%%", "IW2:ABC", "6901234567892", "IW1:" + "A" * 5000):
        check = setup.service.verify_text(text)
        assert check.status is VerificationStatus.MALFORMED, text
        assert not check.genuine


_BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


# verify_text only reads the store, so one store serves every example.
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300) | st.text(_BASE45, max_size=400).map(lambda body: "IW1:" + body))
def test_any_text_gets_a_verdict(setup: Setup, text: str) -> None:
    check = setup.service.verify_text(text)
    assert check.verification is not None
    assert check.genuine is False
    assert check.message("zh") and check.message("en")


@given(text=st.text(max_size=40))
def test_looks_like_certificate_only_for_the_prefix(text: str) -> None:
    assert looks_like_certificate("IW1:" + text)
    assert looks_like_certificate("  IW12:" + text)
    if not text.lstrip().startswith("IW"):
        assert not looks_like_certificate(text)


def test_certificate_pdf_is_judged_by_its_printed_code(setup: Setup) -> None:
    pdf = _certificate_pdf(_payload(setup.own))
    check = setup.service.verify_pdf(pdf)
    assert check.genuine and check.source == "pdf" and check.notes == ()
    assert check.claims is not None and check.claims.product == PRODUCT

    roll = setup.service.verify_pdf(_certificate_pdf(_payload(setup.own), layout="roll80"))
    assert roll.genuine


def test_metadata_swapped_for_a_genuine_payload_does_not_save_a_foreign_pdf(setup: Setup) -> None:
    genuine = _payload(setup.own)
    foreign_pdf = _certificate_pdf(_payload(setup.other))
    swapped = foreign_pdf.replace(_keywords(foreign_pdf), genuine.encode("ascii"))
    check = setup.service.verify_pdf(swapped)
    assert check.status is VerificationStatus.UNKNOWN_SIGNER
    assert [note.message_en for note in check.notes] == [
        "The PDF metadata differs from the printed QR code: the printed code is what was verified"
    ]


def _keywords(pdf: bytes) -> bytes:
    start = pdf.index(b"/Keywords (") + len(b"/Keywords (")
    return pdf[start : pdf.index(b")", start)]


def test_pdf_without_a_code_says_so(setup: Setup) -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "no certificate here")
    canvas.save()
    check = setup.service.verify_pdf(buffer.getvalue())
    assert check.verification is None and not check.genuine and check.status is None
    assert check.message("en") == "No certificate QR code was found"


def test_not_a_pdf_raises_a_readable_error(setup: Setup) -> None:
    with pytest.raises(DocumentReadError) as raised:
        setup.service.verify_pdf(b"hello")
    assert raised.value.reason == "not_a_pdf"


def test_photo_of_the_code(setup: Setup) -> None:
    check = setup.service.verify_image(_qr_png(_payload(setup.own)))
    assert check.genuine and check.source == "image"

    other_qr = setup.service.verify_image(_qr_png("https://example.com/"))
    assert other_qr.status is VerificationStatus.MALFORMED
    assert [note.message_en for note in other_qr.notes] == ["The QR code is not a certificate code of this system"]

    blank = io.BytesIO()
    Image.new("L", (200, 200), 255).save(blank, format="PNG")
    nothing = setup.service.verify_image(blank.getvalue())
    assert nothing.verification is None and nothing.message("zh") == "未找到证书二维码"


def test_files_are_told_apart_by_content(setup: Setup) -> None:
    pdf_path = setup.tmp_path / "certificate.dat"
    pdf_path.write_bytes(_certificate_pdf(_payload(setup.own)))
    assert setup.service.verify_file(pdf_path).source == "pdf"
    image_path = setup.tmp_path / "code.pdf"  # the name lies; the content decides
    image_path.write_bytes(_qr_png(_altered(_payload(setup.own))))
    image_check = setup.service.verify_file(image_path)
    assert (image_check.source, image_check.status) == ("image", VerificationStatus.ALTERED)
    with pytest.raises(DocumentReadError) as missing:
        setup.service.verify_file(setup.tmp_path / "missing.pdf")
    assert missing.value.reason == "missing"
    with pytest.raises(DocumentReadError) as folder:
        setup.service.verify_file(setup.tmp_path)
    assert folder.value.reason == "unreadable"
