"""The idle lock: fires after the idle time, input postpones it, and the login dialog unlocks it. Waits on signals."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from login_data import FIRST_BADGE, FIRST_PASSWORD
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from inspector_app.gui.dialogs.login_dialog import LoginDialog
from inspector_app.gui.idle_lock import DEFAULT_IDLE_MINUTES, IdleLock, minutes_to_ms
from inspector_app.gui.translations import Translations
from inspector_app.services.identity_service import IdentityService


@pytest.fixture
def field(qtbot: QtBot) -> QLineEdit:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    with qtbot.waitActive(edit):
        edit.show()
        edit.activateWindow()
    return edit


@pytest.fixture
def lock(qapp: QApplication) -> Iterator[IdleLock]:
    idle_lock = IdleLock(100)
    yield idle_lock
    idle_lock.stop()


def test_defaults() -> None:
    assert minutes_to_ms(DEFAULT_IDLE_MINUTES) == 600_000
    assert IdleLock().idle_ms == 600_000
    with pytest.raises(ValueError, match="positive"):
        IdleLock(0)


def test_locks_after_the_idle_time(qtbot: QtBot, lock: IdleLock) -> None:
    assert not lock.is_running
    started = time.monotonic()
    with qtbot.waitSignal(lock.locked, timeout=5000):
        lock.start()
    assert time.monotonic() - started >= 0.09
    assert lock.is_locked and lock.is_running


def test_input_postpones_the_lock_and_still_reaches_the_widget(qtbot: QtBot, lock: IdleLock, field: QLineEdit) -> None:
    lock.set_idle_ms(250)
    typed: list[float] = []
    typist = QTimer()
    typist.setInterval(80)

    def type_one() -> None:
        qtbot.keyClick(field, Qt.Key.Key_A)
        typed.append(time.monotonic())
        if len(typed) == 8:
            typist.stop()

    typist.timeout.connect(type_one)
    with qtbot.waitSignal(lock.locked, timeout=10_000):
        lock.start()
        typist.start()
    locked_at = time.monotonic()
    assert len(typed) == 8  # nobody was locked out while typing (8 × 80 ms > 250 ms)
    assert locked_at - typed[-1] >= 0.2  # the countdown restarted at the last key
    assert field.text() == "a" * 8  # the filter never swallows input


def test_a_mouse_click_counts_as_input(qtbot: QtBot, lock: IdleLock, field: QLineEdit) -> None:
    lock.set_idle_ms(150)
    clicks: list[float] = []
    clicker = QTimer()
    clicker.setInterval(60)

    def click_once() -> None:
        qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
        clicks.append(time.monotonic())
        if len(clicks) == 5:
            clicker.stop()

    clicker.timeout.connect(click_once)
    with qtbot.waitSignal(lock.locked, timeout=10_000):
        lock.start()
        clicker.start()
    assert len(clicks) == 5


def test_input_while_locked_does_not_unlock(qtbot: QtBot, lock: IdleLock, field: QLineEdit) -> None:
    with qtbot.waitSignal(lock.locked, timeout=5000):
        lock.start()
    qtbot.keyClick(field, Qt.Key.Key_B)
    assert lock.is_locked
    with qtbot.waitSignal(lock.locked, timeout=5000):
        lock.unlock()
        assert not lock.is_locked
    assert lock.is_locked


def test_stopped_lock_stays_quiet(qtbot: QtBot, lock: IdleLock) -> None:
    lock.set_idle_ms(20)
    lock.start()
    lock.stop()
    assert not lock.is_running
    with qtbot.assertNotEmitted(lock.locked, wait=200):
        pass
    lock.unlock()  # not running: does not start counting either
    with qtbot.assertNotEmitted(lock.locked, wait=100):
        pass


def test_lock_then_log_in_again(
    qtbot: QtBot, lock: IdleLock, identity: IdentityService, translations: Translations
) -> None:
    """What the window does: on ``locked`` show the login dialog without Cancel; a login unlocks."""
    dialogs: list[LoginDialog] = []

    def show_login() -> None:
        dialog = LoginDialog(
            identity.login, badge_number=FIRST_BADGE, notice="因长时间未操作，工作站已锁定。", allow_cancel=False
        )
        dialog.logged_in.connect(lambda _session: lock.unlock())
        qtbot.addWidget(dialog)
        dialog.show()
        dialogs.append(dialog)

    lock.locked.connect(show_login)
    with qtbot.waitSignal(lock.locked, timeout=5000):
        lock.start()
    assert len(dialogs) == 1 and lock.is_locked
    dialog = dialogs[0]
    password = dialog.findChild(QLineEdit, "passwordEdit")
    assert password is not None
    qtbot.keyClicks(password, FIRST_PASSWORD)
    with qtbot.waitSignal(dialog.logged_in):
        qtbot.keyClick(password, Qt.Key.Key_Return)
    assert not lock.is_locked
    with qtbot.waitSignal(lock.locked, timeout=5000):
        pass  # counting again after the login
