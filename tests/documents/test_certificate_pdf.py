"""The certificate PDF read back: its text in Chinese, and a printed QR code that decodes and verifies."""

from __future__ import annotations

import dataclasses

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from document_samples import (
    CERTIFICATE_NUMBER,
    PRODUCER,
    PRODUCT,
    PdfPages,
    SigningKey,
    certificate_document,
    page_sizes,
    sampling_document,
)
from pyzbar import pyzbar

from inspector_app.documents.certificate_payload import VerificationStatus, verify_certificate
from inspector_app.documents.certificate_pdf import VERIFY_TEXT_ZH, render_certificate, render_many
from inspector_app.documents.document_data import CertificateResultLine
from inspector_app.documents.pdf_certificate_reader import PdfCertificateReader
from inspector_app.domain.limits import Conformity

MM = 72 / 25.4


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_the_certificate_text_is_printed_in_chinese(pdf_pages: PdfPages, key: SigningKey, layout: str) -> None:
    pages = pdf_pages(render_certificate(certificate_document(key), layout))
    assert len(pages) == 1
    text = _flat(pages[0])
    expected = [
        "产品质量监督抽查检验报告",
        CERTIFICATE_NUMBER,
        "检验结论：不合格",
        "NONCONFORMING",
        _flat(PRODUCT),
        "5L/桶",
        "20260903A07",
        _flat(PRODUCER),
        "91110108551385082Q",
        "晋中市榆次区华联超市顺城街店",
        "2026-11-20",  # sampling date
        "2026-12-04",  # report date
        "山西省食品质量安全监督检验研究院",
        "SPJD-2026-11873",
        "过氧化值",
        "0.31",
        "g/100g",
        "≤0.25",
        "不合格",
        "GB5009.227-2016",
        "酸价（KOH）",
        "异议期限",
        "《食品安全法》第八十八条",
        "王建国（执法证号14070201001）",
        "李秀英（执法证号14070201002）",
        _flat(VERIFY_TEXT_ZH),
        "verify-certificate",
    ]
    missing = [value for value in expected if value not in text]
    assert not missing


@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_the_printed_qr_code_decodes_and_verifies(key: SigningKey, layout: str) -> None:
    document = certificate_document(key)
    payloads = PdfCertificateReader().read_pdf(render_certificate(document, layout))
    assert payloads.qr == document.qr_payload
    assert payloads.metadata == (document.qr_payload,)
    assert payloads.consistent
    result = verify_certificate(payloads.qr, {key.key_id: key.public_raw})
    assert result.status is VerificationStatus.GENUINE
    assert result.claims is not None and result.claims.certificate_number == CERTIFICATE_NUMBER


def test_an_independent_decoder_reads_the_printed_code_too(key: SigningKey) -> None:
    document = certificate_document(key)
    pdf = pdfium.PdfDocument(render_certificate(document))
    try:
        image = pdf[0].render(scale=2.5).to_pil()
    finally:
        pdf.close()
    decoded = [symbol.data.decode("ascii") for symbol in pyzbar.decode(image) if symbol.type == "QRCODE"]
    assert decoded == [document.qr_payload]


def test_a_certificate_signed_by_another_key_prints_but_does_not_verify(key: SigningKey, other_key: SigningKey) -> None:
    document = certificate_document(other_key)
    payloads = PdfCertificateReader().read_pdf(render_certificate(document))
    assert payloads.qr is not None
    assert verify_certificate(payloads.qr, {key.key_id: key.public_raw}).status is VerificationStatus.UNKNOWN_SIGNER


def test_the_roll_certificate_is_80_mm_wide() -> None:
    ((width, height),) = page_sizes(render_certificate(certificate_document(SigningKey()), "roll80"))
    assert width == pytest.approx(80 * MM, abs=0.01)
    assert height > width


def test_a_conforming_certificate_says_so(pdf_pages: PdfPages, key: SigningKey) -> None:
    line = CertificateResultLine("酸价", "1.2", "mg/g", "≤ 3", Conformity.CONFORMING)
    document = certificate_document(key, verdict=Conformity.CONFORMING, results=(line,), deadlines=())
    text = _flat(pdf_pages(render_certificate(document))[0])
    assert "检验结论：合格CONFORMING" in text
    assert "不合格" not in text


def test_a_certificate_without_results_or_deadlines_still_prints(pdf_pages: PdfPages, key: SigningKey) -> None:
    document = certificate_document(key, results=(), deadlines=(), inspectors=())
    text = _flat(pdf_pages(render_certificate(document))[0])
    assert "无检验结果" in text


def test_many_results_flow_over_pages_with_the_code_on_page_one(pdf_pages: PdfPages, key: SigningKey) -> None:
    lines = tuple(
        CertificateResultLine(f"检验项目{n:02d}", f"{n}.0", "mg/kg", "≤ 100", Conformity.CONFORMING, "GB 5009.1")
        for n in range(1, 90)
    )
    document = certificate_document(key, results=lines)
    data = render_certificate(document)
    pages = pdf_pages(data)
    assert len(pages) >= 2
    assert "检验项目89" in _flat("".join(pages))
    assert "第 1/" in pages[0]
    reader = PdfCertificateReader()
    assert reader.payload_from_page(data, 0) == document.qr_payload
    assert reader.payload_from_page(data, 1) is None
    assert "检验项目" in pages[1]  # the table's header row repeats


def test_a_batch_prints_everything_in_order(pdf_pages: PdfPages, key: SigningKey) -> None:
    first = certificate_document(key)
    second = certificate_document(key, certificate_number="IW-2026-3f9a1c2e-0043", product="五粮液52度浓香型白酒")
    data = render_many([first, sampling_document(), second], "a4")
    pages = pdf_pages(data)
    assert len(pages) == 1 + 5 + 1
    assert CERTIFICATE_NUMBER in pages[0]
    assert "第一联 组织机关" in pages[1] and "第五联 被抽样单位" in pages[5]
    assert "IW-2026-3f9a1c2e-0043" in pages[6] and "五粮液" in pages[6]
    reader = PdfCertificateReader()
    assert reader.read_pdf(data).metadata == (first.qr_payload, second.qr_payload)
    assert reader.payload_from_page(data, 6) == second.qr_payload


def test_a_batch_needs_something_to_print() -> None:
    with pytest.raises(ValueError, match="nothing"):
        render_many([])


def test_a_verdict_that_is_not_one_is_refused(key: SigningKey) -> None:
    with pytest.raises(ValueError, match="verdict"):
        dataclasses.replace(certificate_document(key), verdict=Conformity.NOT_JUDGED)
