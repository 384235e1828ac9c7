"""The records page over the demo store: the list and its filters, opening a record's spot check, new spot checks
from scratch and from a task, batch printing and saving documents, and checking a certificate file."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from records_support import DemoStore, RecordingOpener

from inspector_app.gui import printing
from inspector_app.gui.models.record_table_model import RecordTableModel
from inspector_app.gui.page_context import PageContext
from inspector_app.gui.pages.records_page import DocumentKind, RecordsPage, RenderedDocuments, document_target
from inspector_app.gui.printing import PrintLayout
from inspector_app.services.identity_service import DEMO_PASSWORD, InspectorSession
from inspector_app.services.records_service import RecordSummary

LogIn = Callable[[PageContext, str, str], InspectorSession]


@pytest.fixture
def page(
    qtbot: QtBot, demo_context: PageContext, demo_store: DemoStore, log_in_as: LogIn, opener: RecordingOpener
) -> Iterator[RecordsPage]:
    log_in_as(demo_context, demo_store.badges[0], DEMO_PASSWORD)
    widget = RecordsPage(demo_context, opener=opener)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    assert demo_context.runner.wait_until_idle()
    yield widget
    demo_context.runner.wait_until_idle()


def _rows(page: RecordsPage) -> list[RecordSummary]:
    return page.model.rows


def _button(page: RecordsPage, name: str) -> QPushButton:
    button = page.findChild(QPushButton, name)
    assert button is not None
    return button


def _shown_texts(page: RecordsPage, column: int) -> list[str]:
    proxy = page.table.model()
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def test_lists_every_record_newest_first_with_coloured_verdicts(
    page: RecordsPage, demo_store: DemoStore, qtmodeltester: ModelTester
) -> None:
    rows = _rows(page)
    assert [row.id for row in rows] == [row.id for row in demo_store.records.list()]
    assert {row.record_type for row in rows} == {"spot_check", "test_results", "certificate", "amendment"}
    qtmodeltester.check(page.model)
    types = _shown_texts(page, RecordTableModel.COLUMN_TYPE)
    assert "检验证书" in types and "更正" in types and "抽样单（已更正）" in types
    verdicts = _shown_texts(page, RecordTableModel.COLUMN_VERDICT)
    assert {"合格", "不合格", "抽样未果"} <= set(verdicts)
    number = next(n for n, row in enumerate(rows) if row.verdict == "nonconforming")
    cell = page.model.index(number, RecordTableModel.COLUMN_VERDICT)
    assert cell.data(Qt.ItemDataRole.BackgroundRole).name() == "#c62828"
    assert page.findChild(QLabel, "countLabel").text() == f"共 {len(rows)} 条记录"


def test_filters_by_type_status_verdict_and_text(qtbot: QtBot, page: RecordsPage, demo_store: DemoStore) -> None:
    certificates = demo_store.records.list(type="certificate")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.set_filter(record_type="certificate")
    assert [row.id for row in _rows(page)] == [row.id for row in certificates]

    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.set_filter(record_type="certificate", verdict="nonconforming")
    assert _rows(page) and all(row.verdict == "nonconforming" for row in _rows(page))
    assert len(_rows(page)) == len([row for row in certificates if row.verdict == "nonconforming"])

    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.set_filter(status="draft")
    assert _rows(page) == []
    assert page.findChild(QComboBox, "statusCombo").currentText() == "草稿"

    # Typing in the search field reloads after a pause.
    wanted = certificates[0]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.set_filter()
    assert page.findChild(QComboBox, "typeCombo").currentText() == "全部"
    search = page.findChild(QLineEdit, "searchEdit")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClicks(search, wanted.number)
    assert [row.id for row in _rows(page)] == [wanted.id]


def test_opening_a_certificate_opens_its_spot_check(
    qtbot: QtBot, page: RecordsPage, opener: RecordingOpener, demo_store: DemoStore
) -> None:
    assert not _button(page, "openButton").isEnabled()
    certificate = next(row for row in _rows(page) if row.record_type == "certificate")
    page.select_records([certificate.id])
    assert _button(page, "openButton").isEnabled()
    qtbot.mouseClick(_button(page, "openButton"), Qt.MouseButton.LeftButton)
    assert [record_id for record_id, _session in opener.opened] == [certificate.spot_check_id]
    assert opener.opened[0][1].badge_number == demo_store.badges[0]
    assert len(page.launcher.windows) == 1

    spot_check = next(row for row in _rows(page) if row.record_type == "spot_check")
    number = page.model.find_row(lambda row: row.id == spot_check.id)
    index = page.table.model().mapFromSource(page.model.index(number, 0))
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(opener.opened) == 2
    assert opener.opened[-1][0] == spot_check.id


def test_new_spot_check_from_scratch_and_from_a_task(
    qtbot: QtBot, page: RecordsPage, opener: RecordingOpener, demo_store: DemoStore
) -> None:
    before = len(_rows(page))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(_button(page, "newButton"), Qt.MouseButton.LeftButton)
    assert page.launcher.windows
    (draft_id, session) = opener.opened[-1]
    draft = demo_store.spot_checks.get(draft_id)
    assert draft.status == "draft" and draft.record.basics.task_code == ""
    assert draft.record.inspectors[0].badge_number == session.badge_number == demo_store.badges[0]
    assert len(_rows(page)) == before + 1 and _rows(page)[0].id == draft_id  # the list reloaded by itself

    combo = page.findChild(QComboBox, "taskCombo")
    assert combo.itemText(0) == "不按任务（从零开始）"
    task = page.tasks()[0]
    assert combo.count() == len(page.tasks()) + 1 and task.code in combo.itemText(1)
    page.select_task(task.code)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        assert page.start_new_spot_check()
    from_task = demo_store.spot_checks.get(opener.opened[-1][0])
    assert from_task.record.basics.task_code == task.code
    assert from_task.record.basics.task_source == (task.plan or task.title)


def test_document_targets() -> None:
    def row(record_type: str, record_id: str, spot_check_id: str | None) -> RecordSummary:
        import datetime as dt

        moment = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
        return RecordSummary(record_id, record_type, "sealed", "", None, "", moment, moment, spot_check_id, None,
                             None, None, "")  # fmt: skip

    assert document_target(row("spot_check", "S", None), DocumentKind.SAMPLING_FORM) == "S"
    assert document_target(row("amendment", "A", "S"), DocumentKind.SAMPLING_FORM) == "A"
    assert document_target(row("test_results", "R", "S"), DocumentKind.SAMPLING_FORM) == "S"
    assert document_target(row("certificate", "C", "S"), DocumentKind.CERTIFICATE) == "C"
    assert document_target(row("spot_check", "S", None), DocumentKind.CERTIFICATE) == "S"
    assert document_target(row("objection", "O", "S"), DocumentKind.CERTIFICATE) == "S"


def _pages(data: bytes | Path) -> int:
    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def test_batch_print_of_certificates_with_the_records_that_have_none(
    qtbot: QtBot, page: RecordsPage, demo_store: DemoStore, recorded_prompts: Any, tmp_path: Path
) -> None:
    certificates = [row for row in _rows(page) if row.record_type == "certificate"][:2]
    failed = next(row for row in _rows(page) if row.verdict == "failed")
    page.select_records([certificates[0].id, certificates[1].id, failed.id])
    assert len(page.selected_rows()) == 3
    page.set_document_kind(DocumentKind.CERTIFICATE)
    page.set_print_layout(PrintLayout.ROLL80)
    with qtbot.waitSignal(page.documents_rendered, timeout=20_000) as rendered_signal:
        qtbot.mouseClick(_button(page, "printButton"), Qt.MouseButton.LeftButton)
    rendered: RenderedDocuments = rendered_signal.args[0]
    assert [document.title for document in rendered.documents] == [f"检验证书 {row.number}" for row in certificates]
    assert [skipped.number for skipped in rendered.skipped] == [failed.number]
    ((_parent, title, message),) = recorded_prompts.named("show_information")
    assert title == "部分记录没有此文档" and failed.number in message and "检验证书" in message
    ((_parent, printer, paint),) = recorded_prompts.named("preview_print")
    assert printer.docName() == "批量打印（2 份）"
    out = tmp_path / "printed.pdf"
    pdf_printer = printing.new_printer(PrintLayout.ROLL80)
    pdf_printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    pdf_printer.setOutputFileName(str(out))
    paint(pdf_printer)
    assert _pages(out) == 2
    assert demo_store.certificates.verify_pdf(out.read_bytes()).genuine


def test_save_sampling_forms_as_one_pdf(
    qtbot: QtBot, page: RecordsPage, demo_store: DemoStore, recorded_prompts: Any, tmp_path: Path
) -> None:
    # A certificate and its own spot check stand for the same sampling form: it is saved once.
    certificate = next(row for row in _rows(page) if row.record_type == "certificate")
    amendment = next(row for row in _rows(page) if row.record_type == "amendment")
    page.select_records([certificate.id, certificate.spot_check_id or "", amendment.id])
    page.set_document_kind(DocumentKind.SAMPLING_FORM)
    target = tmp_path / "forms.pdf"
    recorded_prompts.answers["choose_save_file"] = target
    with qtbot.waitSignal(page.documents_rendered, timeout=20_000) as rendered_signal:
        qtbot.mouseClick(_button(page, "savePdfButton"), Qt.MouseButton.LeftButton)
    rendered: RenderedDocuments = rendered_signal.args[0]
    assert len(rendered.documents) == 2 and rendered.skipped == ()
    ((_parent, _title, suggested, _filter),) = recorded_prompts.named("choose_save_file")
    assert suggested.name == "抽样单 2 份.pdf"
    expected_pages = sum(_pages(document.pdf) for document in rendered.documents)
    assert _pages(target) == expected_pages
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(target), "-"], capture_output=True, check=True).stdout
    assert amendment.number.encode() in text and "更正".encode() in text
    assert recorded_prompts.named("show_information") == []


def test_verify_a_certificate_file(
    qtbot: QtBot, page: RecordsPage, demo_store: DemoStore, recorded_prompts: Any, tmp_path: Path
) -> None:
    assert page.verify_certificate_file() is None  # cancelled
    certificate = next(row for row in _rows(page) if row.record_type == "certificate")
    path = tmp_path / "certificate.pdf"
    path.write_bytes(demo_store.spot_checks.certificate_pdf(certificate.id))
    recorded_prompts.answers["choose_open_file"] = path
    with qtbot.waitSignal(page.certificate_dialog_opened) as opened:
        qtbot.mouseClick(_button(page, "verifyButton"), Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: dialog.check() is not None, timeout=20_000)
    assert dialog.is_genuine() and dialog.headline_text() == "真实有效"
    assert dialog.claim_text("number") == certificate.number
    dialog.close()


def test_english(qtbot: QtBot, page: RecordsPage, demo_context: PageContext) -> None:
    assert demo_context.translations.install("en")
    new_button = _button(page, "newButton")
    qtbot.waitUntil(lambda: new_button.text() == "New spot check", timeout=3_000)
    assert page.findChild(QComboBox, "typeCombo").currentText() == "All"
    assert page.findChild(QComboBox, "documentCombo").itemText(1) == "Certificate"
    assert page.findChild(QLabel, "countLabel").text() == f"{len(_rows(page))} records"
    assert "Non-conforming" in _shown_texts(page, RecordTableModel.COLUMN_VERDICT)
    header = page.table.model().headerData(RecordTableModel.COLUMN_SITE, Qt.Orientation.Horizontal)
    assert header == "Sampled party"
