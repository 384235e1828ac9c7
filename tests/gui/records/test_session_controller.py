"""Who is acting: the first login (with the demo hint), the idle lock from the setting, unlocking, another inspector
taking over at the lock, logging out, and cancelling the first login."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot
from records_support import DemoStore

from inspector_app.gui.idle_lock import DEFAULT_IDLE_MINUTES
from inspector_app.gui.page_context import PageContext
from inspector_app.gui.session_controller import IDLE_MINUTES_KEY, MAX_IDLE_MINUTES, demo_hint, idle_minutes
from inspector_app.services.identity_service import DEMO_PASSWORD, InspectorSession

LogIn = Callable[[PageContext, str, str], InspectorSession]


def _field(context: PageContext, name: str) -> QLineEdit:
    dialog = context.sessions.login_dialog
    assert dialog is not None
    edit = dialog.findChild(QLineEdit, name)
    assert edit is not None
    return edit


def _notice(context: PageContext) -> str:
    dialog = context.sessions.login_dialog
    assert dialog is not None
    label = dialog.findChild(QLabel, "noticeLabel")
    assert label is not None
    return label.text() if not label.isHidden() else ""


def test_idle_minutes_from_the_setting() -> None:
    assert idle_minutes(None) == DEFAULT_IDLE_MINUTES
    assert idle_minutes(" 2.5 ") == 2.5
    for bad in ("", "ten", "0", "-3", "nan", "inf", str(MAX_IDLE_MINUTES + 1)):
        assert idle_minutes(bad) == DEFAULT_IDLE_MINUTES, bad


@given(st.text(max_size=20))
def test_any_setting_gives_a_usable_idle_time(text: str) -> None:
    minutes = idle_minutes(text)
    assert 0 < minutes <= MAX_IDLE_MINUTES


def test_first_login_hints_the_demo_badges_and_shows_who_is_acting(
    qtbot: QtBot, demo_context: PageContext, demo_store: DemoStore, log_in_as: LogIn
) -> None:
    sessions = demo_context.sessions
    assert sessions.session is None and sessions.login_dialog is None
    sessions.start(None)
    dialog = sessions.login_dialog
    assert dialog is not None and dialog.isVisible()
    assert demo_context.runner.wait_until_idle()
    hint = demo_hint(demo_store.badges)
    assert demo_store.badges[0] in hint and demo_store.badges[1] in hint and DEMO_PASSWORD in hint
    assert _notice(demo_context) == hint

    # A wrong password is refused in the dialog; the right one logs in.
    qtbot.keyClicks(_field(demo_context, "badgeEdit"), demo_store.badges[0])
    qtbot.keyClicks(_field(demo_context, "passwordEdit"), "wrong-password")
    dialog.accept()
    assert demo_context.runner.wait_until_idle()
    assert sessions.session is None
    assert dialog.error_message() == "执法证号或密码不正确。"
    session = log_in_as(demo_context, demo_store.badges[0], DEMO_PASSWORD)
    assert sessions.session == session and not sessions.is_locked
    assert sessions.login_dialog is None
    assert sessions.idle_lock.is_running


def test_idle_lock_from_the_setting_then_unlock_with_the_password(
    qtbot: QtBot, demo_context: PageContext, demo_store: DemoStore, log_in_as: LogIn
) -> None:
    demo_context.services.settings.set(IDLE_MINUTES_KEY, "0.005")  # 300 ms
    sessions = demo_context.sessions
    first = log_in_as(demo_context, demo_store.badges[0], DEMO_PASSWORD)
    assert sessions.idle_lock.idle_ms == 300
    with qtbot.waitSignal(sessions.locked, timeout=5_000):
        pass
    assert sessions.is_locked and sessions.session == first
    dialog = sessions.login_dialog
    assert dialog is not None and dialog.isVisible()
    assert _field(demo_context, "badgeEdit").text() == first.badge_number
    box = dialog.findChild(QDialogButtonBox, "buttons")
    assert box is not None and box.button(QDialogButtonBox.StandardButton.Cancel) is None  # no way around it
    dialog.reject()
    assert dialog.isVisible()
    notice = _notice(demo_context)
    assert notice.startswith(f"工作站已锁定（闲置超时）。请 {first.name} 重新输入密码")
    assert notice.endswith(demo_hint(demo_store.badges))

    with qtbot.waitSignal(sessions.unlocked, timeout=20_000) as unlocked:
        qtbot.keyClicks(_field(demo_context, "passwordEdit"), DEMO_PASSWORD)
        dialog.accept()
    assert unlocked.args is not None and unlocked.args[0].inspector_id == first.inspector_id
    assert not sessions.is_locked and sessions.login_dialog is None


def test_another_inspector_takes_over_at_the_lock(
    qtbot: QtBot, demo_context: PageContext, demo_store: DemoStore, log_in_as: LogIn
) -> None:
    sessions = demo_context.sessions
    first = log_in_as(demo_context, demo_store.badges[0], DEMO_PASSWORD)
    with qtbot.waitSignal(sessions.locked, timeout=2_000):
        sessions.lock_now()
    assert sessions.is_locked
    second = log_in_as(demo_context, demo_store.badges[1], DEMO_PASSWORD)
    assert second.inspector_id != first.inspector_id
    assert sessions.session == second and not sessions.is_locked


def test_log_out_asks_for_a_login_again(
    qtbot: QtBot, demo_context: PageContext, demo_store: DemoStore, log_in_as: LogIn
) -> None:
    sessions = demo_context.sessions
    log_in_as(demo_context, demo_store.badges[0], DEMO_PASSWORD)
    with qtbot.waitSignal(sessions.session_changed) as changed:
        sessions.log_out()
    assert changed.args == [None]
    assert sessions.session is None and not sessions.idle_lock.is_running
    assert sessions.login_dialog is not None and sessions.login_dialog.isVisible()
    sessions.log_out()  # nobody is logged in: nothing happens
    assert sessions.login_dialog is not None


def test_cancelling_the_first_login(qtbot: QtBot, demo_context: PageContext) -> None:
    sessions = demo_context.sessions
    sessions.start(None)
    dialog = sessions.login_dialog
    assert dialog is not None
    with qtbot.waitSignal(sessions.login_cancelled, timeout=2_000):
        dialog.reject()
    assert sessions.session is None and sessions.login_dialog is None


@pytest.mark.parametrize("language", ["zh", "en"])
def test_demo_hint_wording(demo_context: PageContext, language: str) -> None:
    assert demo_context.translations.install(language)
    hint = demo_hint(["A1", "B2"])
    assert "A1" in hint and "B2" in hint and DEMO_PASSWORD in hint
