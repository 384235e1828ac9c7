"""Printing the services' PDFs through Qt: pages rasterised onto a PDF-format QPrinter (A4 and the 80 mm roll,
batches), the printed QR code still verifies; the preview goes through prompts; "save as PDF" keeps the text."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget
from records_support import DemoStore

from inspector_app.gui import printing
from inspector_app.gui.printing import PrintableDocument, PrintLayout
from inspector_app.services.records_service import RecordSummary

_A4_POINTS = (595.0, 842.0)
_ROLL_WIDTH_POINTS = 80 / 25.4 * 72


def _pdf_printer(path: Path, layout: PrintLayout) -> QPrinter:
    printer = printing.new_printer(layout, "test")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def _page_sizes(path_or_bytes: Path | bytes) -> list[tuple[float, float]]:
    document = pdfium.PdfDocument(path_or_bytes)
    try:
        return [tuple(round(value, 1) for value in document[index].get_size()) for index in range(len(document))]
    finally:
        document.close()


def _pdftotext(path: Path) -> str:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def _certificates(store: DemoStore) -> list[RecordSummary]:
    return store.records.list(type="certificate")


def test_a4_certificate_painted_on_a_pdf_printer_keeps_a_verifiable_qr(
    qapp: QApplication, demo_store: DemoStore, tmp_path: Path
) -> None:
    certificate = _certificates(demo_store)[0]
    pdf = demo_store.spot_checks.certificate_pdf(certificate.id)
    out = tmp_path / "printed.pdf"
    printer = _pdf_printer(out, PrintLayout.A4)
    assert printing.paint_pdf(printer, pdf) == 1
    sizes = _page_sizes(out)
    assert len(sizes) == 1
    assert sizes[0] == pytest.approx(_A4_POINTS, abs=1.0)
    # Printed as an image: no text layer, but the code on the paper verifies.
    assert _pdftotext(out).strip() == ""
    check = demo_store.certificates.verify_pdf(out.read_bytes())
    assert check.genuine, check.message("en")
    assert check.claims is not None and check.claims.certificate_number == certificate.number


def test_roll_pages_are_80_mm_wide_and_as_long_as_the_document(
    qapp: QApplication, demo_store: DemoStore, tmp_path: Path
) -> None:
    certificate = _certificates(demo_store)[0]
    pdf = demo_store.spot_checks.certificate_pdf(certificate.id, layout="roll80")
    source_sizes = _page_sizes(pdf)
    form = demo_store.spot_checks.sampling_form_pdf(certificate.spot_check_id, layout="roll80")
    form_sizes = _page_sizes(form)
    out = tmp_path / "roll.pdf"
    assert printing.paint_pdfs(_pdf_printer(out, PrintLayout.ROLL80), [pdf, form], PrintLayout.ROLL80) == len(
        source_sizes
    ) + len(form_sizes)
    printed = _page_sizes(out)
    assert len(printed) == len(source_sizes) + len(form_sizes)
    for (width, height), (_source_width, source_height) in zip(printed, source_sizes + form_sizes, strict=True):
        assert width == pytest.approx(_ROLL_WIDTH_POINTS, abs=1.0)
        assert height == pytest.approx(source_height, abs=1.0)
    assert len({height for _width, height in printed}) > 1  # the certificate and the form differ in length
    assert demo_store.certificates.verify_pdf(out.read_bytes()).genuine


def test_batch_print_goes_through_the_preview_prompt(
    qapp: QApplication, demo_store: DemoStore, tmp_path: Path, recorded_prompts: object
) -> None:
    certificates = _certificates(demo_store)[:2]
    documents = [
        PrintableDocument(f"证书 {row.number}", demo_store.spot_checks.certificate_pdf(row.id)) for row in certificates
    ]
    parent = QWidget()
    recorded_prompts.answers["preview_print"] = True  # type: ignore[attr-defined]
    assert printing.print_documents(parent, documents, PrintLayout.A4) is True
    (call,) = recorded_prompts.named("preview_print")  # type: ignore[attr-defined]
    dialog_parent, printer, paint = call
    assert dialog_parent is parent
    assert printer.pageLayout().pageSize().id() == printer.pageLayout().pageSize().PageSizeId.A4
    assert printer.docName() == "批量打印（2 份）"
    # The preview's paint request, answered on a PDF printer: both certificates, one page each.
    out = tmp_path / "batch.pdf"
    pdf_printer = _pdf_printer(out, PrintLayout.A4)
    paint(pdf_printer)
    assert len(_page_sizes(out)) == 2
    assert recorded_prompts.named("show_error") == []  # type: ignore[attr-defined]
    parent.deleteLater()


def test_nothing_to_print_opens_nothing(qapp: QApplication, recorded_prompts: object) -> None:
    assert printing.print_documents(None, []) is False
    assert printing.save_documents_as_pdf(None, [], "x.pdf") is None
    assert recorded_prompts.calls == []  # type: ignore[attr-defined]


def test_save_as_pdf_keeps_the_text_and_joins_a_batch(
    qapp: QApplication, demo_store: DemoStore, tmp_path: Path, recorded_prompts: object
) -> None:
    certificate = _certificates(demo_store)[0]
    certificate_pdf = demo_store.spot_checks.certificate_pdf(certificate.id)
    form_pdf = demo_store.spot_checks.sampling_form_pdf(certificate.spot_check_id)
    target = tmp_path / "out" / "saved"  # no suffix: ".pdf" is added
    target.parent.mkdir()
    recorded_prompts.answers["choose_save_file"] = target  # type: ignore[attr-defined]
    written = printing.save_documents_as_pdf(
        None,
        [PrintableDocument("证书", certificate_pdf), PrintableDocument("抽样单", form_pdf)],
        "批量.pdf",
    )
    assert written == target.with_name("saved.pdf")
    assert len(_page_sizes(written)) == len(_page_sizes(certificate_pdf)) + len(_page_sizes(form_pdf))
    text = _pdftotext(written)
    assert certificate.product_name in text and certificate.number in text
    (call,) = recorded_prompts.named("choose_save_file")  # type: ignore[attr-defined]
    assert call[2].name == "批量.pdf"
    assert [path.name for path in target.parent.iterdir()] == ["saved.pdf"]  # no temporary file left behind

    # One document is written exactly as the service made it (metadata and all).
    recorded_prompts.answers["choose_save_file"] = tmp_path / "one.pdf"  # type: ignore[attr-defined]
    single = printing.save_documents_as_pdf(None, [PrintableDocument("证书", certificate_pdf)], "证书.pdf")
    assert single is not None and single.read_bytes() == certificate_pdf
    assert demo_store.certificates.verify_pdf(single.read_bytes()).genuine


def test_save_as_pdf_cancelled_or_unwritable(
    qapp: QApplication, tmp_path: Path, recorded_prompts: object, demo_store: DemoStore
) -> None:
    pdf = demo_store.spot_checks.certificate_pdf(_certificates(demo_store)[0].id)
    documents = [PrintableDocument("证书", pdf)]
    assert printing.save_documents_as_pdf(None, documents, "证书.pdf") is None  # the dialog was cancelled
    assert recorded_prompts.named("show_error") == []  # type: ignore[attr-defined]
    recorded_prompts.answers["choose_save_file"] = tmp_path / "missing-folder" / "x.pdf"  # type: ignore[attr-defined]
    assert printing.save_documents_as_pdf(None, documents, "证书.pdf") is None
    (error,) = recorded_prompts.named("show_error")  # type: ignore[attr-defined]
    assert error[1] == "保存失败" and "missing-folder" in error[2]


@pytest.mark.qt_log_ignore("QPainter::begin", "This plugin does not support propagateSizeHints")
def test_a_printer_that_cannot_open_is_reported(
    qapp: QApplication, demo_store: DemoStore, tmp_path: Path, recorded_prompts: object
) -> None:
    pdf = demo_store.spot_checks.certificate_pdf(_certificates(demo_store)[0].id)
    printer = _pdf_printer(tmp_path / "no-such-folder" / "out.pdf", PrintLayout.A4)
    with pytest.raises(printing.PrintError):
        printing.paint_pdf(printer, pdf)
    recorded_prompts.answers["preview_print"] = False  # type: ignore[attr-defined]
    printing.print_documents(None, [PrintableDocument("证书", pdf)])
    (_parent, _printer, paint) = recorded_prompts.named("preview_print")[0]  # type: ignore[attr-defined]
    paint(printer)  # what the dialog would do: the failure is shown, not raised into Qt
    (error,) = recorded_prompts.named("show_error")  # type: ignore[attr-defined]
    assert error[1] == "打印失败"


def test_bytes_that_are_not_a_pdf_are_reported_not_raised_into_qt(
    qapp: QApplication, tmp_path: Path, recorded_prompts: object
) -> None:
    with pytest.raises(pdfium.PdfiumError):
        printing.paint_pdf(_pdf_printer(tmp_path / "out.pdf", PrintLayout.A4), b"not a pdf")
    printing.print_documents(None, [PrintableDocument("坏文件", b"not a pdf")])
    (_parent, _printer, paint) = recorded_prompts.named("preview_print")[0]  # type: ignore[attr-defined]
    paint(_pdf_printer(tmp_path / "out2.pdf", PrintLayout.A4))
    (error,) = recorded_prompts.named("show_error")  # type: ignore[attr-defined]
    assert error[1:3] == ("打印失败", "要打印的文档无法读取。")
