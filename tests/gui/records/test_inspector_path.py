"""The whole path as an inspector walks it, in the real window over the demo workspace: log in, scan a product at the
scan bar, start a sample from the card, fill the form, two signatures and the second inspector's password, seal,
enter results with one failing item, see 不合格 and the deadlines, issue the certificate, print it and save it as PDF,
and read the PDF back (the product name in its text, a QR code that verifies)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from records_support import DemoStore

from inspector_app.gui import printing
from inspector_app.gui.application import Application
from inspector_app.gui.pages.records_page import DocumentKind, RecordsPage
from inspector_app.gui.pages.scan_page import ScanPage
from inspector_app.gui.printing import PrintLayout
from inspector_app.gui.spot_check.seal_dialog import SealDialog
from inspector_app.gui.spot_check.signature_pad import SignaturePad
from inspector_app.gui.spot_check.spot_check_window import SpotCheckWindow
from inspector_app.services.identity_service import DEMO_PASSWORD
from inspector_app.services.spot_check_service import SIGNATURE_ROLES

# A demo product with an upper limit among its items: its earthing resistance will fail.
PRODUCT_GTIN = "06951493800117"
FAILING_VALUE = "0.25"  # ≤ 0.1 Ω allowed


def _type_into(qtbot: QtBot, dialog: QWidget, name: str, text: str) -> None:
    edit = dialog.findChild(QLineEdit, name)
    assert edit is not None, name
    edit.clear()
    qtbot.keyClicks(edit, text)


def _type_chinese(widget: QWidget, text: str) -> None:
    """What a Chinese input method delivers: one committed string (keyClicks types ASCII only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _field(window: SpotCheckWindow, path: str) -> QLineEdit:
    widget = window.editor.field_widget(path)
    assert isinstance(widget, QLineEdit), path
    return widget


def _button(parent: QWidget, name: str) -> QPushButton:
    button = parent.findChild(QPushButton, name)
    assert button is not None, name
    return button


def _ok(dialog: QWidget) -> QPushButton:
    box = dialog.findChild(QDialogButtonBox, "buttons")
    assert box is not None
    return box.button(QDialogButtonBox.StandardButton.Ok)


def _sign(qtbot: QtBot, pad: SignaturePad, shift: int) -> None:
    points = [QPoint(20 + shift, 70), QPoint(50 + shift, 30), QPoint(80 + shift, 80), QPoint(120 + shift, 40)]
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=points[0])
    for point in points[1:]:
        qtbot.mouseMove(pad, point)
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=points[-1])


def _pdf_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


@pytest.mark.slow
def test_an_inspector_walks_the_whole_path(
    qtbot: QtBot, window_app: Application, demo_store: DemoStore, recorded_prompts: Any, tmp_path: Path
) -> None:
    window = window_app.main_window
    first_badge, second_badge = demo_store.badges

    # 1. Log in: nothing of the workstation shows before.
    assert not window.pages_shown()
    login = window_app.sessions.login_dialog
    assert login is not None
    _type_into(qtbot, login, "badgeEdit", first_badge)
    _type_into(qtbot, login, "passwordEdit", DEMO_PASSWORD)
    with qtbot.waitSignal(window_app.sessions.session_changed, timeout=20_000):
        qtbot.mouseClick(_ok(login), Qt.MouseButton.LeftButton)
    first = window_app.sessions.session
    assert first is not None and window.pages_shown()

    # 2. Scan the product at the scan bar (GS1: GTIN, production date, expiry, batch).
    code = f"]C101{PRODUCT_GTIN}" + "11261101" + "17271101" + "10LOT-E2E"
    line = window.scan_bar.line_edit
    line.setFocus()
    with qtbot.waitSignal(window_app.scan_session.scan_recorded, timeout=10_000):
        qtbot.keyClicks(line, code)
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert window.current_page_key() == "scan"
    scan_page = window.page("scan")
    assert isinstance(scan_page, ScanPage)
    card = scan_page.card
    assert card.sample_button.isVisible()

    # 3. Sample this item: a draft with what the scan and the reference data know, in its own window.
    qtbot.mouseClick(card.sample_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _spot_check_window() is not None, timeout=20_000)
    spot_window = _spot_check_window()
    assert spot_window is not None
    qtbot.waitUntil(lambda: spot_window.overview is not None, timeout=20_000)
    record = spot_window.editor.record()
    assert (record.sample.gtin, record.sample.batch) == (PRODUCT_GTIN, "LOT-E2E")
    assert record.sample.production_date == dt.date(2026, 11, 1) and record.producer.uscc
    assert record.inspectors[0].badge_number == first_badge
    product_name = record.sample.name
    assert product_name

    # 4. Fill in what only the site can tell.
    qtbot.keyClicks(_field(spot_window, "sample.lot_base"), "20")
    qtbot.keyClicks(_field(spot_window, "sealing.seal_numbers"), "FY-E2E-01, FY-E2E-02")
    qtbot.keyClicks(_field(spot_window, "sampled_site.uscc"), "92140702MA0K2AX62M")
    for path, text in (
        ("sampled_site.name", "金华市婺城区家电商行"),
        ("sampled_site.address", "浙江省金华市婺城区八一北街 88 号"),
        ("sealing.seal_state", "完好"),
    ):
        _field(spot_window, path).clear()
        _type_chinese(_field(spot_window, path), text)

    # 5. Seal: the second inspector confirms with their own password; both inspectors and the shop sign.
    editor = spot_window.editor
    with qtbot.waitSignal(editor.seal_dialog_opened, timeout=20_000) as opened:
        qtbot.mouseClick(_button(editor, "sealButton"), Qt.MouseButton.LeftButton)
    seal: SealDialog = opened.args[0]
    with qtbot.waitSignal(seal.confirm_dialog_opened) as confirm_opened:
        qtbot.mouseClick(_button(seal, "confirmSecondButton"), Qt.MouseButton.LeftButton)
    confirm = confirm_opened.args[0]
    _type_into(qtbot, confirm, "badgeEdit", second_badge)
    _type_into(qtbot, confirm, "passwordEdit", DEMO_PASSWORD)
    with qtbot.waitSignal(seal.inspectors_assigned, timeout=20_000):
        qtbot.mouseClick(_ok(confirm), Qt.MouseButton.LeftButton)
    for shift, role in enumerate(SIGNATURE_ROLES):
        _sign(qtbot, seal.pad(role), shift * 30)
    with qtbot.waitSignal(spot_window.loaded, timeout=20_000):
        qtbot.mouseClick(_ok(seal), Qt.MouseButton.LeftButton)
    assert window_app.runner.wait_until_idle()
    spot_check_id = spot_window.spot_check_id
    assert spot_check_id is not None
    sealed = demo_store.spot_checks.get(spot_check_id)
    assert sealed.sealed and [person.badge_number for person in sealed.record.inspectors] == [first_badge, second_badge]
    assert {attachment.role for attachment in sealed.attachments} >= set(SIGNATURE_ROLES)
    assert demo_store.spot_checks.verify_seal(spot_check_id).intact

    # 6. Results from the lab, one item failing: the verdict is 不合格 and the deadlines follow.
    spot_window.tabs.setCurrentIndex(spot_window.TAB_RESULTS)
    results = spot_window.results_editor
    qtbot.waitUntil(results.is_editable, timeout=20_000)
    template = demo_store.spot_checks.result_template(spot_check_id)
    for line_template in template:
        value = line_template.limit.text or "0.05"
        if line_template.limit.op.value == "le":
            value = FAILING_VALUE
        results.set_value(line_template.item_code, value)
    results.set_header("JC-E2E-0001", "浙江省家用电器检验院", dt.date.today())
    with qtbot.waitSignal(spot_window.loaded, timeout=20_000):
        qtbot.mouseClick(_button(spot_window, "saveResultsButton"), Qt.MouseButton.LeftButton)
    assert window_app.runner.wait_until_idle()
    assert spot_window.verdict_text() == "不合格" and results.verdict_text() == "不合格"
    deadlines = results.deadlines_view.deadlines()
    assert [deadline.code for deadline in deadlines] == [
        "objection_industrial",
        "after_failure_correction",
        "after_failure_recheck",
    ]
    assert all(deadline.legal_source for deadline in deadlines)

    # 7. The certificate.
    spot_window.tabs.setCurrentIndex(spot_window.TAB_CERTIFICATE)
    with qtbot.waitSignal(spot_window.certificate_issued, timeout=20_000) as issued:
        qtbot.mouseClick(_button(spot_window, "issueCertificateButton"), Qt.MouseButton.LeftButton)
    certificate = issued.args[0]
    assert certificate.verdict == "nonconforming"
    assert window_app.runner.wait_until_idle()

    # 8. Print it from the records page: the preview, painted onto a PDF printer, and "save as PDF".
    window.show_page("records")
    records = window.page("records")
    assert isinstance(records, RecordsPage)
    qtbot.waitUntil(lambda: any(row.id == certificate.record_id for row in records.model.rows), timeout=20_000)
    records.select_records([certificate.record_id])
    records.set_document_kind(DocumentKind.CERTIFICATE)
    records.set_print_layout(PrintLayout.A4)
    with qtbot.waitSignal(records.documents_rendered, timeout=20_000):
        qtbot.mouseClick(_button(records, "printButton"), Qt.MouseButton.LeftButton)
    ((_parent, printer, paint),) = recorded_prompts.named("preview_print")
    assert printer.docName() == f"检验证书 {certificate.number}"
    printed = tmp_path / "printed.pdf"
    pdf_printer = printing.new_printer(PrintLayout.A4)
    pdf_printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    pdf_printer.setOutputFileName(str(printed))
    paint(pdf_printer)
    printed_check = demo_store.certificates.verify_pdf(printed.read_bytes())
    assert printed_check.genuine and printed_check.claims is not None
    assert printed_check.claims.certificate_number == certificate.number

    saved = tmp_path / "certificate.pdf"
    recorded_prompts.answers["choose_save_file"] = saved
    with qtbot.waitSignal(records.documents_rendered, timeout=20_000):
        qtbot.mouseClick(_button(records, "savePdfButton"), Qt.MouseButton.LeftButton)
    assert saved.exists()
    text = _pdf_text(saved)
    assert product_name in text and certificate.number in text and "不合格" in text
    check = demo_store.certificates.verify_file(saved)
    assert check.genuine and check.claims is not None
    assert check.claims.certificate_number == certificate.number and check.claims.batch == "LOT-E2E"
    assert recorded_prompts.named("show_error") == []


def _spot_check_window() -> SpotCheckWindow | None:
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, SpotCheckWindow) and w.isVisible()]
    return windows[-1] if windows else None
