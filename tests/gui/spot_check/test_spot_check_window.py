"""The spot-check window as an inspector uses it: fill the form, two signatures and the second inspector's password,
seal, results with one failing item, the 不合格 verdict and its deadlines, the certificate; and the amendment path,
which keeps the original and shows both versions."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot
from spot_check_data import (
    FERTILISER_CODE,
    SECOND_BADGE,
    SECOND_PASSWORD,
    confirm_second,
    ok_button,
    sealed_through_service,
    sign,
    type_chinese,
)
from spot_check_world import Context, World

from inspector_app.documents.certificate_payload import VerificationStatus, verify_certificate
from inspector_app.gui.spot_check.seal_dialog import SealDialog
from inspector_app.gui.spot_check.spot_check_editor import SpotCheckEditor
from inspector_app.gui.spot_check.spot_check_window import SpotCheckWindow, open_spot_check


def _line(editor: SpotCheckEditor, path: str) -> QLineEdit:
    widget = editor.field_widget(path)
    assert isinstance(widget, QLineEdit)
    return widget


def _button(parent: SpotCheckWindow | SpotCheckEditor, name: str) -> QPushButton:
    button = parent.findChild(QPushButton, name)
    assert button is not None
    return button


def _seal_in_window(qtbot: QtBot, context: Context, window: SpotCheckWindow) -> None:
    """Seal what the editor shows: second inspector's password, three signatures, OK; wait for the reload."""
    editor = window.editor
    with qtbot.waitSignal(editor.seal_dialog_opened) as opened:
        qtbot.mouseClick(_button(editor, "sealButton"), Qt.MouseButton.LeftButton)
    dialog: SealDialog = opened.args[0]
    with qtbot.waitSignal(dialog.inspectors_assigned):
        confirm_second(qtbot, dialog, SECOND_BADGE, SECOND_PASSWORD)
    sign(qtbot, dialog)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert context.runner.wait_until_idle()


def test_the_whole_path_in_the_window(qtbot: QtBot, context: Context, world: World) -> None:
    draft = world.service.start_from_scan(FERTILISER_CODE, world.first)
    window = open_spot_check(context, draft.id, world.first)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.overview is not None)
    assert window.isVisible() and window.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    assert window.verdict_text() == "未封存"
    assert not window.tabs.isTabEnabled(window.TAB_RESULTS) and not window.tabs.isTabEnabled(window.TAB_CERTIFICATE)

    # What the scan could not know, typed on site.
    editor = window.editor
    qtbot.keyClicks(_line(editor, "sample.lot_base"), "200")
    qtbot.keyClicks(_line(editor, "sealing.seal_numbers"), "FY-0001, FY-0002")
    qtbot.keyClicks(_line(editor, "sampled_site.uscc"), "92140702MA0K2AX62M")
    for path, text in (
        ("sampled_site.name", "海淀农资经营部"),
        ("sampled_site.address", "北京市海淀区农资市场12号"),
        ("sealing.seal_state", "完好"),
    ):
        _line(editor, path).clear()
        type_chinese(_line(editor, path), text)
    _seal_in_window(qtbot, context, window)
    assert editor.is_read_only() and window.verdict_text() == "待检验"
    assert window.tabs.isTabEnabled(window.TAB_RESULTS)
    spot_check_id = window.spot_check_id
    assert spot_check_id == draft.id and world.service.get(draft.id).sealed

    # Results from the lab: total nutrient fails.
    window.tabs.setCurrentIndex(window.TAB_RESULTS)
    results = window.results_editor
    qtbot.waitUntil(results.is_editable)
    results.set_value("I01", "32.5")
    results.set_value("I02", "6.8")
    results.set_header("BJ-2026-0456", "北京市产品质量监督检验院", dt.date(2026, 11, 20))
    with qtbot.waitSignal(window.loaded):
        qtbot.mouseClick(_button(window, "saveResultsButton"), Qt.MouseButton.LeftButton)
    assert context.runner.wait_until_idle()
    assert window.verdict_text() == "不合格" and results.verdict_text() == "不合格"
    codes = [deadline.code for deadline in results.deadlines_view.deadlines()]
    assert codes == ["objection_industrial", "after_failure_correction", "after_failure_recheck"]

    # The certificate, with a QR payload that verifies with this device's key.
    assert window.tabs.isTabEnabled(window.TAB_CERTIFICATE)
    window.tabs.setCurrentIndex(window.TAB_CERTIFICATE)
    issue = _button(window, "issueCertificateButton")
    assert issue.isEnabled()
    with qtbot.waitSignal(window.certificate_issued) as issued:
        qtbot.mouseClick(issue, Qt.MouseButton.LeftButton)
    certificate = issued.args[0]
    assert certificate.number.startswith("IW-2026-") and certificate.number in window.certificate_text()
    assert "不合格" in window.certificate_text() and not issue.isEnabled()
    check = verify_certificate(certificate.qr_payload, {world.keys.key_id: world.keys.public_key_raw})
    assert check.status is VerificationStatus.GENUINE
    assert world.service.overview(spot_check_id).certificate == certificate

    # Any record of the spot check opens it: here the results record.
    results_id = next(r.id for r in world.service.overview(spot_check_id).records if r.record_type == "test_results")
    other = SpotCheckWindow(context, world.first, camera_devices=list)
    qtbot.addWidget(other)
    with qtbot.waitSignal(other.loaded):
        other.load(results_id)
    assert other.spot_check_id == spot_check_id and other.certificate() == certificate


def test_an_amendment_keeps_the_original_and_shows_both(qtbot: QtBot, context: Context, world: World) -> None:
    sealed = sealed_through_service(world.service, world.first, world.second)
    window = SpotCheckWindow(context, world.first, camera_devices=list)
    window.resize(1300, 900)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.loaded):
        window.load(sealed.id)
    assert [window.history_model.version_text(entry) for entry in window.history_model.rows] == ["原始记录"]
    amend = _button(window, "startAmendmentButton")
    assert not amend.isEnabled()  # the reason comes first
    reason = window.findChild(QLineEdit, "amendmentReasonEdit")
    assert reason is not None
    type_chinese(reason, "批号抄错")
    assert amend.isEnabled()
    with qtbot.waitSignal(window.amendment_started) as started:
        qtbot.mouseClick(amend, Qt.MouseButton.LeftButton)
    draft = started.args[0]
    assert draft.record_type == "amendment" and draft.supersedes_id == sealed.id
    editor = window.editor
    assert not editor.is_read_only() and "更正记录" in editor.banner_text() and "批号抄错" in editor.banner_text()
    assert window.tabs.currentIndex() == window.TAB_FORM and not amend.isEnabled()

    batch = _line(editor, "sample.batch")
    batch.selectAll()
    qtbot.keyClicks(batch, "LOT-A2")
    _seal_in_window(qtbot, context, window)

    # The original is as it was; the amendment is in force; the history shows both and what changed.
    assert world.service.get(sealed.id).record.sample.batch == "LOT-A1"
    assert world.service.get(sealed.id).content_hash == sealed.content_hash
    assert editor.is_read_only() and _line(editor, "sample.batch").text() == "LOT-A2"
    assert editor.view is not None and editor.view.record_type == "amendment"
    model = window.history_model
    assert [model.version_text(entry) for entry in model.rows] == ["原始记录", "更正 1"]
    assert model.index(1, model.COLUMN_REASON).data() == "批号抄错"
    assert model.index(1, model.COLUMN_CHANGES).data() == "批号：LOT-A1 → LOT-A2"
    assert reason.text() == "" and not amend.isEnabled()


def test_closing_the_window_saves_the_draft(qtbot: QtBot, context: Context, world: World) -> None:
    draft = world.service.start_from_scan(FERTILISER_CODE, world.first)
    window = SpotCheckWindow(context, world.first, camera_devices=list)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.loaded):
        window.load(draft.id)
    qtbot.keyClicks(_line(window.editor, "sample.lot_base"), "120")
    assert window.editor.is_modified()
    window.close()
    assert context.runner.wait_until_idle()
    assert world.service.get(draft.id).record.sample.lot_base == 120


def test_a_reinspection_calls_for_a_new_certificate(qtbot: QtBot, context: Context, world: World) -> None:
    service = world.service
    sealed = sealed_through_service(service, world.first, world.second)
    lines = service.result_template(sealed.id)
    failing = [dataclasses.replace(lines[0], value="32.5"), dataclasses.replace(lines[1], value="6.8")]
    service.enter_results(sealed.id, failing, "BJ-1", "检验院", dt.date(2026, 11, 20))
    first = service.issue_certificate(sealed.id)
    window = SpotCheckWindow(context, world.first, camera_devices=list)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded):
        window.load(sealed.id)
    assert window.certificate() == first and not _button(window, "issueCertificateButton").isEnabled()

    objection = service.file_objection(sealed.id, dt.date(2026, 11, 25), "北京丰收化肥有限公司", "对总养分结果有异议")
    passing = [dataclasses.replace(lines[0], value="36"), dataclasses.replace(lines[1], value="6.8")]
    service.record_reinspection(sealed.id, objection.id, passing, "BJ-2", "另一检验院", dt.date(2026, 12, 1))
    with qtbot.waitSignal(window.loaded):
        window.load(sealed.id)
    assert window.verdict_text() == "合格（复检）"  # the re-inspection's verdict, final
    assert window.certificate() is None and _button(window, "issueCertificateButton").isEnabled()
    assert "可出具证书" in window.certificate_text()
    with qtbot.waitSignal(window.certificate_issued) as issued:
        window.issue_certificate()
    assert issued.args[0].number != first.number and issued.args[0].verdict == "conforming"
