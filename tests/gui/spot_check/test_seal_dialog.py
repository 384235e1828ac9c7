"""Sealing: the second inspector confirms with their own password, everyone signs on the pad, the record is sealed;
whatever stands in the way is said in plain words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot
from spot_check_data import (
    FERTILISER_CODE,
    FIRST_PASSWORD,
    SECOND_BADGE,
    SECOND_PASSWORD,
    completed,
    confirm_second,
    ok_button,
    sign,
)
from spot_check_world import Context, World

from inspector_app.domain.spot_check import SamplingOutcome, Sealing
from inspector_app.gui.spot_check.seal_dialog import SealDialog
from inspector_app.gui.spot_check.spot_check_editor import SpotCheckEditor
from inspector_app.services.spot_check_service import SIGNATURE_ROLES, SpotCheckView

PARTY = "signature_party"


def _draft(world: World, **changes: object) -> SpotCheckView:
    """A form filled in on site, with only the logged-in inspector on it so far."""
    draft = world.service.start_from_scan(FERTILISER_CODE, world.first)
    record = completed(draft.record, world.first)
    return world.service.save_draft(draft.id, record.replace(**changes) if changes else record)


def _open(qtbot: QtBot, context: Context, world: World, view: SpotCheckView) -> tuple[SpotCheckEditor, SealDialog]:
    editor = SpotCheckEditor(context, world.first, camera_devices=list)
    editor.resize(1200, 800)
    qtbot.addWidget(editor)
    editor.show()
    with qtbot.waitSignal(editor.view_changed):
        editor.load(view.id)
    seal = editor.findChild(QPushButton, "sealButton")
    assert seal is not None
    with qtbot.waitSignal(editor.seal_dialog_opened) as opened:
        qtbot.mouseClick(seal, Qt.MouseButton.LeftButton)  # saves the draft first
    dialog: SealDialog = opened.args[0]
    assert dialog.isVisible() and editor.seal_dialog() is dialog
    assert context.runner.wait_until_idle()  # what validation still finds is shown at once
    return editor, dialog


def test_what_is_missing_is_said_in_plain_words(qtbot: QtBot, context: Context, world: World) -> None:
    _editor, dialog = _open(qtbot, context, world, _draft(world))
    # Before anyone signs: validation's own words about the single inspector.
    assert dialog.problems()[0] == "抽样单还有以下问题，须先改正才能签章封存："
    assert any("抽样人员不得少于 2 名" in line for line in dialog.problems())
    first = dialog.findChild(QLabel, "firstInspectorLabel")
    assert first is not None and "张三" in first.text() and "11010800001" in first.text()

    with qtbot.waitSignal(dialog.refused) as refused:
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    reasons = refused.args[0]
    assert any("第二名抽样人员尚未用本人的执法证号和密码确认" in line for line in reasons)
    assert any("缺少第一抽样人（张三）的签名" in line for line in reasons)
    assert any("缺少第二抽样人的签名" in line for line in reasons)
    assert any("缺少被抽样单位的签名" in line and "拒签" in line for line in reasons)
    problems = dialog.findChild(QLabel, "problemsLabel")
    assert problems is not None and problems.isVisible() and "缺少第二抽样人的签名" in problems.text()
    assert dialog.isVisible() and not world.service.get(dialog.view.id).sealed


def test_the_first_inspector_cannot_confirm_as_the_second(qtbot: QtBot, context: Context, world: World) -> None:
    _editor, dialog = _open(qtbot, context, world, _draft(world))
    with qtbot.assertNotEmitted(dialog.inspectors_assigned):
        confirm_second(qtbot, dialog, world.first.badge_number, FIRST_PASSWORD)
        assert context.runner.wait_until_idle()
    confirm = dialog.confirm_dialog()
    assert confirm is not None and "两名不同的执法人员" in confirm.error_message()
    assert dialog.second() is None
    confirm.reject()


def test_two_inspectors_and_the_party_sign_and_the_record_is_sealed(
    qtbot: QtBot, context: Context, world: World
) -> None:
    editor, dialog = _open(qtbot, context, world, _draft(world))
    with qtbot.waitSignal(dialog.inspectors_assigned) as assigned:
        confirm_second(qtbot, dialog, SECOND_BADGE, SECOND_PASSWORD)
    assert [person.name for person in assigned.args[0].record.inspectors] == ["张三", "李四"]
    second = dialog.findChild(QLabel, "secondInspectorLabel")
    assert second is not None and "李四" in second.text() and "已用本人密码确认" in second.text()
    assert context.runner.wait_until_idle()
    assert dialog.problems() == []  # two inspectors now: validation has nothing left to say
    assert editor.findChild(QLabel, "inspectorsLabel").text().startswith("张三（11010800001）、李四（11010800002）")

    sign(qtbot, dialog)
    with qtbot.waitSignal(editor.sealed) as sealed:
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    record_id = sealed.args[0]
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert editor.is_read_only() and "签章封存" in editor.banner_text()

    stored = world.service.get(record_id)
    assert stored.sealed and world.service.verify_seal(record_id).intact
    assert sorted(a.role for a in stored.attachments) == sorted(SIGNATURE_ROLES)
    for attachment in stored.attachments:
        image = QImage.fromData(world.service.read_attachment(attachment.sha256))
        assert attachment.media_type == "image/png" and not image.isNull()
        assert image.pixelColor(0, 0) == QColor("#ffffff")
    assert len({a.sha256 for a in stored.attachments}) == 3  # three different signatures


def test_the_services_refusal_is_explained(qtbot: QtBot, context: Context, world: World) -> None:
    view = _draft(world, sealing=Sealing(seal_numbers=(), seal_state=""))
    editor, dialog = _open(qtbot, context, world, view)
    assert any("封条编号未填写" in line for line in dialog.problems())
    with qtbot.waitSignal(dialog.inspectors_assigned):
        confirm_second(qtbot, dialog, SECOND_BADGE, SECOND_PASSWORD)
    sign(qtbot, dialog)
    with qtbot.waitSignal(dialog.refused) as refused, qtbot.assertNotEmitted(editor.sealed):
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert refused.args[0][0] == "未能签章封存："
    assert any("sealing.seal_numbers" in line and "封条编号未填写" in line for line in refused.args[0])
    assert dialog.isVisible() and not dialog.is_busy()
    assert not world.service.get(view.id).sealed


def test_a_party_that_refuses_to_sign_is_not_asked_to(qtbot: QtBot, context: Context, world: World) -> None:
    view = _draft(world, outcome=SamplingOutcome.REFUSED_TO_SIGN, refusal_reason="负责人拒绝签字", witness="王五")
    editor, dialog = _open(qtbot, context, world, view)
    assert not dialog.pad(PARTY).isVisible()
    note = dialog.findChild(QLabel, "partyNote")
    assert note is not None and note.isVisible() and "负责人拒绝签字" in note.text()
    with qtbot.waitSignal(dialog.inspectors_assigned):
        confirm_second(qtbot, dialog, SECOND_BADGE, SECOND_PASSWORD)
    sign(qtbot, dialog, ("signature_inspector_1", "signature_inspector_2"))
    with qtbot.waitSignal(editor.sealed) as sealed:
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    stored = world.service.get(sealed.args[0])
    assert stored.sealed and stored.record.outcome is SamplingOutcome.REFUSED_TO_SIGN
    assert sorted(a.role for a in stored.attachments) == ["signature_inspector_1", "signature_inspector_2"]
