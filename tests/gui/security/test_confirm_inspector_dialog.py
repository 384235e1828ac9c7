"""The second inspector confirms with their own password on the same laptop; the first one cannot stand in."""

from __future__ import annotations

from login_data import FIRST_BADGE, FIRST_NAME, FIRST_PASSWORD, SECOND_BADGE, SECOND_NAME, SECOND_PASSWORD
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from inspector_app.gui.dialogs.confirm_inspector_dialog import ConfirmInspectorDialog
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.gui.translations import Translations
from inspector_app.services.identity_service import IdentityService, InspectorSession


def _open(qtbot: QtBot, dialog: ConfirmInspectorDialog) -> ConfirmInspectorDialog:
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def _edit(dialog: ConfirmInspectorDialog, name: str) -> QLineEdit:
    edit = dialog.findChild(QLineEdit, name)
    assert edit is not None
    return edit


def _ok(dialog: ConfirmInspectorDialog) -> QPushButton:
    box = dialog.findChild(QDialogButtonBox, "buttons")
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None
    return button


def _confirm(qtbot: QtBot, dialog: ConfirmInspectorDialog, badge: str, password: str) -> None:
    qtbot.keyClicks(_edit(dialog, "badgeEdit"), badge)
    qtbot.keyClicks(_edit(dialog, "passwordEdit"), password)
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)


def test_the_second_inspector_confirms(qtbot: QtBot, identity: IdentityService, translations: Translations) -> None:
    first = identity.login(FIRST_BADGE, FIRST_PASSWORD)
    dialog = _open(qtbot, ConfirmInspectorDialog(first, identity.confirm_second_inspector))
    assert dialog.windowTitle() == "第二检查人员确认"
    assert _ok(dialog).text() == "确认"
    label = dialog.findChild(QLabel, "firstInspectorLabel")
    assert label is not None and FIRST_NAME in label.text() and FIRST_BADGE in label.text()
    assert _edit(dialog, "badgeEdit").text() == ""  # the second inspector types their own badge

    with qtbot.waitSignal(dialog.confirmed) as confirmed:
        _confirm(qtbot, dialog, SECOND_BADGE, SECOND_PASSWORD)
    second = confirmed.args[0]
    assert isinstance(second, InspectorSession)
    assert (second.badge_number, second.name) == (SECOND_BADGE, SECOND_NAME)
    assert second.inspector_id != first.inspector_id
    assert dialog.second() == second and dialog.first == first
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_first_inspector_cannot_confirm_again(
    qtbot: QtBot, identity: IdentityService, translations: Translations, recorded_prompts: object
) -> None:
    first = identity.login(FIRST_BADGE, FIRST_PASSWORD)
    dialog = _open(qtbot, ConfirmInspectorDialog(first, identity.confirm_second_inspector))
    with qtbot.assertNotEmitted(dialog.confirmed), qtbot.waitSignal(dialog.confirmation_failed) as failed:
        _confirm(qtbot, dialog, FIRST_BADGE, FIRST_PASSWORD)
    assert "两名不同的执法人员" in failed.args[0]
    assert dialog.error_message() == failed.args[0]
    assert dialog.isVisible() and dialog.second() is None
    assert recorded_prompts.calls == []  # type: ignore[attr-defined]


def test_a_wrong_password_is_refused_then_corrected(
    qtbot: QtBot, identity: IdentityService, runner: TaskRunner
) -> None:
    first = identity.login(FIRST_BADGE, FIRST_PASSWORD)
    dialog = _open(qtbot, ConfirmInspectorDialog(first, identity.confirm_second_inspector, runner.run_query))
    with qtbot.waitSignal(dialog.confirmation_failed) as failed:
        _confirm(qtbot, dialog, SECOND_BADGE, FIRST_PASSWORD)
    assert failed.args == ["执法证号或密码不正确。"]
    qtbot.keyClicks(_edit(dialog, "passwordEdit"), SECOND_PASSWORD)
    with qtbot.waitSignal(dialog.confirmed) as confirmed:
        qtbot.keyClick(_edit(dialog, "passwordEdit"), Qt.Key.Key_Return)
    assert confirmed.args[0].badge_number == SECOND_BADGE
