"""TaskRunner: work off the GUI thread, results and failures back on it, changes announced."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from inspector_app.domain.errors import InspectorError, StorageError, StorageProblem
from inspector_app.gui.change_bus import Change, ChangeBus
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.gui.translations import Translations


@pytest.fixture
def bus(qapp: QApplication) -> ChangeBus:
    return ChangeBus()


@pytest.fixture
def runner(bus: ChangeBus, translations: Translations) -> Iterator[TaskRunner]:
    task_runner = TaskRunner(bus, translations)
    yield task_runner
    task_runner.shutdown()


def test_query_runs_off_the_gui_thread_and_answers_on_it(qtbot: QtBot, runner: TaskRunner) -> None:
    gui_thread = threading.get_ident()
    seen: dict[str, Any] = {}

    def work() -> int:
        seen["work_thread"] = threading.get_ident()
        return 42

    def on_result(value: int) -> None:
        seen["result"] = value
        seen["callback_thread"] = threading.get_ident()

    runner.run_query(work, on_result)
    qtbot.waitUntil(lambda: "result" in seen, timeout=3000)
    assert seen["result"] == 42
    assert seen["work_thread"] != gui_thread
    assert seen["callback_thread"] == gui_thread


def test_calls_run_in_the_order_given(runner: TaskRunner) -> None:
    order: list[int] = []
    for number in range(20):
        runner.run_query(lambda number=number: number, order.append)
    assert runner.wait_until_idle()
    assert order == list(range(20))


def test_command_announces_its_changes(qtbot: QtBot, runner: TaskRunner, bus: ChangeBus) -> None:
    with qtbot.waitSignal(bus.changed, timeout=3000) as announced:
        runner.run_command(lambda: None, changes=Change.CATALOGUE | Change.SETTINGS)
    assert announced.args == [Change.CATALOGUE | Change.SETTINGS]


def test_query_announces_nothing(qtbot: QtBot, runner: TaskRunner, bus: ChangeBus) -> None:
    with qtbot.assertNotEmitted(bus.changed):
        runner.run_query(lambda: 1)
        assert runner.wait_until_idle()


def test_expected_error_is_shown_with_its_own_message(
    runner: TaskRunner, bus: ChangeBus, translations: Translations, recorded_prompts: Any, qtbot: QtBot
) -> None:
    failures: list[BaseException] = []

    def fail() -> None:
        raise StorageError(StorageProblem.DISK_FULL, "磁盘空间已满", "The disk is full")

    with qtbot.assertNotEmitted(bus.changed):
        runner.run_command(fail, changes=Change.CATALOGUE, on_error=failures.append)
        assert runner.wait_until_idle()
    assert [type(error) for error in failures] == [StorageError]
    assert recorded_prompts.named("show_error") == [(None, "操作失败", "磁盘空间已满")]
    translations.install("en")
    runner.run_query(lambda: (_ for _ in ()).throw(InspectorError("中文", "English words")))
    assert runner.wait_until_idle()
    assert recorded_prompts.named("show_error")[-1] == (None, "Operation failed", "English words")


def test_unexpected_error_is_logged_and_shown_as_such(
    runner: TaskRunner, recorded_prompts: Any, caplog: pytest.LogCaptureFixture
) -> None:
    def buggy() -> None:
        raise ZeroDivisionError("division by zero")

    with caplog.at_level(logging.ERROR, logger="inspector_app.gui.task_runner"):
        runner.run_query(buggy)
        assert runner.wait_until_idle()
    ((_parent, title, message, details),) = recorded_prompts.named("show_error")
    assert title == "意外错误"
    assert "意外错误" in message
    assert details == "ZeroDivisionError: division by zero"
    (record,) = caplog.records
    assert record.exc_info is not None
    assert record.exc_info[0] is ZeroDivisionError


def test_busy_changes_once_per_burst(qtbot: QtBot, runner: TaskRunner) -> None:
    states: list[bool] = []
    runner.busy_changed.connect(states.append)
    for _ in range(3):
        runner.run_query(lambda: None)
    assert runner.busy
    assert runner.wait_until_idle()
    assert states == [True, False]
    assert not runner.busy


class _Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.values: list[object] = []

    def take(self, value: object) -> None:
        self.values.append(value)


def test_result_for_a_deleted_receiver_is_dropped(runner: TaskRunner) -> None:
    receiver = _Receiver()
    gate = threading.Event()
    runner.run_query(lambda: gate.wait(5) and "late", receiver.take)
    receiver.deleteLater()
    QApplication.sendPostedEvents(None, 0)  # delete it now, while the work still waits
    gate.set()
    assert runner.wait_until_idle()  # and no crash


def test_no_work_after_shutdown(runner: TaskRunner) -> None:
    runner.shutdown()
    with pytest.raises(RuntimeError, match="shut down"):
        runner.run_query(lambda: None)
