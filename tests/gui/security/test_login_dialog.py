"""The login dialog driven as an inspector would: type badge and password, click OK, see the session or the error."""

from __future__ import annotations

import logging

import pytest
from login_data import FIRST_BADGE, FIRST_NAME, FIRST_PASSWORD, NOW, SECOND_BADGE
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from inspector_app.domain.errors import StorageError, StorageProblem
from inspector_app.gui.dialogs.login_dialog import LoginDialog
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.gui.translations import Translations
from inspector_app.services.identity_service import MAX_FAILED_ATTEMPTS, IdentityService, InspectorSession


def _badge(dialog: LoginDialog) -> QLineEdit:
    edit = dialog.findChild(QLineEdit, "badgeEdit")
    assert edit is not None
    return edit


def _password(dialog: LoginDialog) -> QLineEdit:
    edit = dialog.findChild(QLineEdit, "passwordEdit")
    assert edit is not None
    return edit


def _button(dialog: LoginDialog, which: QDialogButtonBox.StandardButton) -> QPushButton | None:
    box = dialog.findChild(QDialogButtonBox, "buttons")
    assert box is not None
    return box.button(which)


def _ok(dialog: LoginDialog) -> QPushButton:
    button = _button(dialog, QDialogButtonBox.StandardButton.Ok)
    assert button is not None
    return button


def _error_label(dialog: LoginDialog) -> QLabel:
    label = dialog.findChild(QLabel, "errorLabel")
    assert label is not None
    return label


def _open(qtbot: QtBot, dialog: LoginDialog) -> LoginDialog:
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def _type(qtbot: QtBot, dialog: LoginDialog, badge: str, password: str) -> None:
    qtbot.keyClicks(_badge(dialog), badge)
    qtbot.keyClicks(_password(dialog), password)


def test_typing_and_ok_logs_in(qtbot: QtBot, identity: IdentityService, translations: Translations) -> None:
    dialog = _open(qtbot, LoginDialog(identity.login))
    assert dialog.windowTitle() == "执法人员登录"
    assert _ok(dialog).text() == "登录"
    assert not _ok(dialog).isEnabled()
    qtbot.keyClicks(_badge(dialog), FIRST_BADGE)
    assert not _ok(dialog).isEnabled()  # the password is missing
    qtbot.keyClicks(_password(dialog), FIRST_PASSWORD)
    assert _ok(dialog).isEnabled()
    assert _password(dialog).echoMode() == QLineEdit.EchoMode.Password

    with qtbot.waitSignal(dialog.logged_in) as logged_in:
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    session = logged_in.args[0]
    assert isinstance(session, InspectorSession)
    assert (session.badge_number, session.name, session.logged_in_at) == (FIRST_BADGE, FIRST_NAME, NOW)
    assert dialog.session() == session
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    assert _password(dialog).text() == ""  # the password does not linger in the widget


def test_enter_in_the_password_field_logs_in(
    qtbot: QtBot, identity: IdentityService, translations: Translations
) -> None:
    dialog = _open(qtbot, LoginDialog(identity.login))
    _type(qtbot, dialog, FIRST_BADGE, FIRST_PASSWORD)
    with qtbot.waitSignal(dialog.logged_in):
        qtbot.keyClick(_password(dialog), Qt.Key.Key_Return)


def test_a_wrong_password_is_shown_in_the_dialog(
    qtbot: QtBot, identity: IdentityService, translations: Translations, recorded_prompts: object
) -> None:
    dialog = _open(qtbot, LoginDialog(identity.login))
    _type(qtbot, dialog, FIRST_BADGE, "not-the-password")
    with qtbot.assertNotEmitted(dialog.logged_in), qtbot.waitSignal(dialog.login_failed) as failed:
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert failed.args == ["执法证号或密码不正确。"]
    assert _error_label(dialog).isVisible()
    assert dialog.error_message() == "执法证号或密码不正确。"
    assert dialog.isVisible() and dialog.session() is None
    assert _password(dialog).text() == "" and _password(dialog).hasFocus()
    assert _badge(dialog).text() == FIRST_BADGE
    assert recorded_prompts.calls == []  # type: ignore[attr-defined]  # no message box

    qtbot.keyClicks(_password(dialog), FIRST_PASSWORD)
    with qtbot.waitSignal(dialog.logged_in):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.error_message() == ""


def test_an_unknown_badge_gets_the_same_message(
    qtbot: QtBot, identity: IdentityService, translations: Translations
) -> None:
    dialog = _open(qtbot, LoginDialog(identity.login))
    _type(qtbot, dialog, "99999999999", FIRST_PASSWORD)
    with qtbot.waitSignal(dialog.login_failed) as failed:
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert failed.args == ["执法证号或密码不正确。"]


def test_the_lockout_message_appears(qtbot: QtBot, identity: IdentityService, translations: Translations) -> None:
    dialog = _open(qtbot, LoginDialog(identity.login, badge_number=SECOND_BADGE))
    for _ in range(MAX_FAILED_ATTEMPTS):
        qtbot.keyClicks(_password(dialog), "wrong-password")
        with qtbot.waitSignal(dialog.login_failed):
            qtbot.keyClick(_password(dialog), Qt.Key.Key_Return)
    assert "锁定" in dialog.error_message() and "5 分钟" in dialog.error_message()


def test_messages_follow_the_interface_language(
    qtbot: QtBot, identity: IdentityService, translations: Translations
) -> None:
    translations.install("en")
    dialog = _open(qtbot, LoginDialog(identity.login))
    _type(qtbot, dialog, FIRST_BADGE, "wrong-password")
    with qtbot.waitSignal(dialog.login_failed) as failed:
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert failed.args == ["The badge number or the password is wrong."]


def test_through_the_task_runner(
    qtbot: QtBot, identity: IdentityService, runner: TaskRunner, recorded_prompts: object
) -> None:
    """The window passes its runner: the check runs off the GUI thread and refusals still stay in the dialog."""
    dialog = _open(qtbot, LoginDialog(identity.login, runner.run_query))
    _type(qtbot, dialog, FIRST_BADGE, "wrong-password")
    with qtbot.waitSignal(dialog.login_failed):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
        assert dialog.is_busy() and not _ok(dialog).isEnabled() and not _badge(dialog).isEnabled()
    assert not dialog.is_busy() and _badge(dialog).isEnabled()
    assert recorded_prompts.calls == []  # type: ignore[attr-defined]

    qtbot.keyClicks(_password(dialog), FIRST_PASSWORD)
    with qtbot.waitSignal(dialog.logged_in) as logged_in:
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert logged_in.args[0].badge_number == FIRST_BADGE


def test_an_unexpected_failure_is_shown_and_logged(
    qtbot: QtBot, translations: Translations, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_badge: str, _password: str) -> InspectorSession:
        raise RuntimeError("bug")

    dialog = _open(qtbot, LoginDialog(broken))
    _type(qtbot, dialog, "B1", "password")
    with caplog.at_level(logging.ERROR), qtbot.waitSignal(dialog.login_failed):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert "意外错误" in dialog.error_message()
    assert "RuntimeError" in caplog.text


def test_a_storage_failure_shows_its_own_message(qtbot: QtBot, translations: Translations) -> None:
    def locked_database(_badge: str, _password: str) -> InspectorSession:
        raise StorageError(StorageProblem.LOCKED, "数据库正被另一个程序使用。", "The database is in use.")

    dialog = _open(qtbot, LoginDialog(locked_database))
    _type(qtbot, dialog, "B1", "password")
    with qtbot.waitSignal(dialog.login_failed):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.error_message() == "数据库正被另一个程序使用。"


def test_cancel_and_escape_close_a_normal_login(
    qtbot: QtBot, identity: IdentityService, translations: Translations
) -> None:
    dialog = _open(qtbot, LoginDialog(identity.login))
    cancel = _button(dialog, QDialogButtonBox.StandardButton.Cancel)
    assert cancel is not None
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    second = _open(qtbot, LoginDialog(identity.login))
    with qtbot.waitSignal(second.rejected):
        qtbot.keyClick(_badge(second), Qt.Key.Key_Escape)


def test_the_lock_screen_cannot_be_dismissed(
    qtbot: QtBot, identity: IdentityService, translations: Translations
) -> None:
    dialog = _open(
        qtbot,
        LoginDialog(
            identity.login, badge_number=FIRST_BADGE, notice="因长时间未操作，工作站已锁定。", allow_cancel=False
        ),
    )
    assert _button(dialog, QDialogButtonBox.StandardButton.Cancel) is None
    notice = dialog.findChild(QLabel, "noticeLabel")
    assert notice is not None and notice.isVisible() and notice.text() == "因长时间未操作，工作站已锁定。"
    assert _badge(dialog).text() == FIRST_BADGE
    assert _password(dialog).hasFocus()
    with qtbot.assertNotEmitted(dialog.rejected, wait=0):
        qtbot.keyClick(_password(dialog), Qt.Key.Key_Escape)
        dialog.close()
    assert dialog.isVisible()
    qtbot.keyClicks(_password(dialog), FIRST_PASSWORD)
    with qtbot.waitSignal(dialog.logged_in):
        qtbot.keyClick(_password(dialog), Qt.Key.Key_Return)
    assert not dialog.isVisible()
