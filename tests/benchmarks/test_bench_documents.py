"""Document rendering: a certificate with its QR code beside a bare reportlab page, and the five-copy form.

Targets (issue 4): a certificate PDF with QR code in under 50 ms median, reported beside a bare reportlab page that
draws the same text and the same QR image with the same embedded font (the ratio is what our layout, tables and
QR encoding cost); the sampling form in its five copies in under 200 ms. Medians are taken in CPU time, so other
work on the shared machine does not count; wall-clock medians are printed beside them.

    .venv/bin/pytest tests/benchmarks/test_bench_documents.py --benchmark-only -s
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy
import pytest
import zxingcpp
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))

from document_samples import SigningKey, certificate_document, sampling_document

from inspector_app.documents.certificate_pdf import render_certificate
from inspector_app.documents.document_data import CertificateDocument
from inspector_app.documents.fonts import cjk_font
from inspector_app.documents.sampling_form_pdf import render_sampling_form

CERTIFICATE_TARGET_MS = 50.0
FORM_TARGET_MS = 200.0
ROUNDS = 30


def _medians(work: Callable[[], bytes], rounds: int) -> tuple[float, float]:
    """Median CPU and wall-clock milliseconds of ``work``."""
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(rounds):
        started_cpu = time.process_time()
        started_wall = time.perf_counter()
        work()
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started_wall) * 1000)
    return statistics.median(cpu), statistics.median(wall)


def _texts(document: CertificateDocument) -> list[str]:
    """Every text the certificate prints, one line each."""
    lines = [
        document.title,
        f"Inspection certificate / test report · 证书编号 No. {document.certificate_number}",
        f"检验结论：{document.verdict.value}",
        f"组织机关 {document.organiser}",
        f"承检机构 {document.lab}",
        f"报告编号 {document.report_number}  报告日期 {document.report_date}",
        f"产品名称 {document.product}",
        f"商标 {document.trademark}  规格型号 {document.specification}",
        f"生产批号 {document.batch}  抽样日期 {document.sampling_date}",
        f"标称生产者 {document.producer}",
        f"统一社会信用代码 {document.producer_uscc}",
        f"被抽样单位 {document.sampled_site}",
        "序号 检验项目 检验结果 单位 标准要求 单项判定 检验方法",
    ]
    lines += [
        f"{n} {line.item} {line.value} {line.unit} {line.limit_text} {line.judgement.value} {line.method}"
        for n, line in enumerate(document.results, start=1)
    ]
    lines += list(document.deadlines)
    lines += [f"抽样人员 {inspector.name} {inspector.badge_number}" for inspector in document.inspectors]
    lines.append("真伪核验：用质量安全监管检查工作站扫描二维码，或运行 inspector-app verify-certificate 本文件。")
    return lines


def _bare_page(lines: list[str], qr_png: bytes) -> bytes:
    """The same text and QR image on one page, positioned by hand: what reportlab costs at the least."""
    font = cjk_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setFont(font, 9)
    y = A4[1] - 20 * mm
    for line in lines:
        canvas.drawString(15 * mm, y, line)
        y -= 13
    canvas.drawImage(ImageReader(io.BytesIO(qr_png)), A4[0] - 57 * mm, A4[1] - 62 * mm, 42 * mm, 42 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def certificate() -> CertificateDocument:
    cjk_font()  # registered once per process, as in the application: not part of a document's time
    return certificate_document(SigningKey())


def test_certificate_pdf_beside_a_bare_reportlab_page(benchmark: object, certificate: CertificateDocument) -> None:
    symbol = zxingcpp.create_barcode(certificate.qr_payload, zxingcpp.BarcodeFormat.QRCode, ec_level="Q")
    image = Image.fromarray(numpy.ascontiguousarray(numpy.asarray(symbol.to_image(scale=4))))
    png = io.BytesIO()
    image.save(png, "PNG")
    lines = _texts(certificate)
    render_certificate(certificate)
    _bare_page(lines, png.getvalue())
    ours_cpu, ours_wall = _medians(lambda: render_certificate(certificate), ROUNDS)
    bare_cpu, bare_wall = _medians(lambda: _bare_page(lines, png.getvalue()), ROUNDS)
    roll_cpu, roll_wall = _medians(lambda: render_certificate(certificate, "roll80"), ROUNDS)
    report = {
        "certificate_a4_cpu_median_ms": round(ours_cpu, 2),
        "certificate_a4_wall_median_ms": round(ours_wall, 2),
        "certificate_roll80_cpu_median_ms": round(roll_cpu, 2),
        "certificate_roll80_wall_median_ms": round(roll_wall, 2),
        "bare_page_cpu_median_ms": round(bare_cpu, 2),
        "bare_page_wall_median_ms": round(bare_wall, 2),
        "ratio_cpu": round(ours_cpu / bare_cpu, 2),
    }
    print("\ncertificate benchmark:", report)
    benchmark.extra_info.update(report)  # type: ignore[attr-defined]
    assert ours_cpu < CERTIFICATE_TARGET_MS
    assert roll_cpu < CERTIFICATE_TARGET_MS
    benchmark(lambda: render_certificate(certificate))  # type: ignore[operator]


def test_sampling_form_five_copies(benchmark: object) -> None:
    cjk_font()
    document = sampling_document()
    render_sampling_form(document)
    a4_cpu, a4_wall = _medians(lambda: render_sampling_form(document), ROUNDS // 2)
    roll_cpu, roll_wall = _medians(lambda: render_sampling_form(document, "roll80"), ROUNDS // 2)
    report = {
        "form_a4_cpu_median_ms": round(a4_cpu, 2),
        "form_a4_wall_median_ms": round(a4_wall, 2),
        "form_roll80_cpu_median_ms": round(roll_cpu, 2),
        "form_roll80_wall_median_ms": round(roll_wall, 2),
    }
    print("\nsampling form benchmark:", report)
    benchmark.extra_info.update(report)  # type: ignore[attr-defined]
    assert a4_cpu < FORM_TARGET_MS
    assert roll_cpu < FORM_TARGET_MS
    benchmark(lambda: render_sampling_form(document))  # type: ignore[operator]
