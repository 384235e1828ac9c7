"""Runs service calls off the GUI thread and brings their results back as signals.

One worker thread runs every call in the order it was asked for: the services open their own short sessions,
and queuing them keeps SQLite free of writer contention. The result (or the exception) travels back through a
queued signal, so callbacks always run on the GUI thread and are the only code that touches widgets.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from inspector_app.domain.errors import InspectorError
from inspector_app.gui import prompts
from inspector_app.gui.change_bus import Change, ChangeBus
from inspector_app.gui.translations import Translations

logger = logging.getLogger(__name__)

ResultCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


@dataclass(frozen=True, slots=True)
class _Pending:
    on_result: ResultCallback | None
    on_error: ErrorCallback | None
    changes: Change
    description: str


class _Job(QRunnable):
    """Calls ``work`` on a pool thread and reports back through the runner's cross-thread signals."""

    def __init__(self, runner: TaskRunner, task_id: int, work: Callable[[], Any]) -> None:
        super().__init__()
        self._runner = runner
        self._task_id = task_id
        self._work = work

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:  # everything goes back to the GUI thread, which decides what to show
            self._runner.job_raised.emit(self._task_id, exc)
        else:
            self._runner.job_completed.emit(self._task_id, result)


def _receiver_alive(callback: Callable[..., Any]) -> bool:
    """False when the callback is a bound method of a Qt object that has already been deleted."""
    target = callback.func if isinstance(callback, functools.partial) else callback
    owner = getattr(target, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class TaskRunner(QObject):
    """Executes queries and commands in the background, one at a time.

    Failures are shown to the inspector here, so callers need no error handling of their own:
    ``InspectorError`` (including ``StorageError``) with its own message in the interface language; anything
    else is logged with its traceback and shown as an unexpected error.

    Signals:
        busy_changed(bool): work started (``True``) or the queue ran empty (``False``).
        job_completed(int, object), job_raised(int, object): internal, emitted from the worker thread.
    """

    busy_changed = Signal(bool)
    job_completed = Signal(int, object)
    job_raised = Signal(int, object)

    def __init__(self, change_bus: ChangeBus, translations: Translations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._change_bus = change_bus
        self._translations = translations
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._accepting = True
        self.job_completed.connect(self._on_job_completed)
        self.job_raised.connect(self._on_job_raised)

    @property
    def busy(self) -> bool:
        """Whether any call is queued or running."""
        return bool(self._pending)

    def run_query(
        self,
        work: Callable[[], Any],
        on_result: ResultCallback | None = None,
        *,
        on_error: ErrorCallback | None = None,
    ) -> int:
        """Run a read-only ``work()`` in the background; ``on_result(value)`` gets its return value.

        ``on_error(exception)`` is called after the failure was shown (to reset a busy widget, say).
        Returns the task id.
        """
        return self._submit(work, on_result, on_error, Change(0))

    def run_command(
        self,
        work: Callable[[], Any],
        on_result: ResultCallback | None = None,
        *,
        changes: Change,
        on_error: ErrorCallback | None = None,
    ) -> int:
        """Run a ``work()`` that writes; after it succeeds, ``changes`` is announced on the change bus."""
        return self._submit(work, on_result, on_error, changes)

    def wait_until_idle(self, timeout_ms: int = 30_000) -> bool:
        """Block until the worker is idle and every result was delivered (tests and shutdown only)."""
        if not self._pool.waitForDone(timeout_ms):
            return False
        # Results travel as queued signals: let them arrive.
        app = QCoreApplication.instance()
        while self._pending and app is not None:
            app.processEvents()
        return True

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Stop accepting work, drop what has not started and wait for the running call to finish."""
        self._accepting = False
        self._pool.clear()
        if not self._pool.waitForDone(timeout_ms):
            logger.error("a background task did not finish within %d ms", timeout_ms)
        self._pending.clear()

    def _submit(
        self,
        work: Callable[[], Any],
        on_result: ResultCallback | None,
        on_error: ErrorCallback | None,
        changes: Change,
    ) -> int:
        if not self._accepting:
            raise RuntimeError("the task runner has been shut down")
        task_id = next(self._ids)
        target = work.func if isinstance(work, functools.partial) else work
        description = getattr(target, "__qualname__", None) or repr(target)
        was_busy = self.busy
        self._pending[task_id] = _Pending(on_result, on_error, changes, description)
        logger.debug("task %d queued: %s", task_id, description)
        self._pool.start(_Job(self, task_id, work))
        if not was_busy:
            self.busy_changed.emit(True)
        return task_id

    def _finish(self, task_id: int) -> _Pending | None:
        pending = self._pending.pop(task_id, None)
        if pending is not None and not self._pending:
            self.busy_changed.emit(False)
        return pending

    def _on_job_completed(self, task_id: int, result: object) -> None:
        pending = self._finish(task_id)
        if pending is None:
            return
        logger.debug("task %d done: %s", task_id, pending.description)
        if pending.on_result is not None and _receiver_alive(pending.on_result):
            pending.on_result(result)
        self._change_bus.announce(pending.changes)

    def _on_job_raised(self, task_id: int, error: BaseException) -> None:
        pending = self._finish(task_id)
        if pending is None:
            return
        title = self.tr("操作失败")
        if isinstance(error, InspectorError):
            logger.warning("task %d (%s) failed: %s", task_id, pending.description, error)
            prompts.show_error(None, title, error.user_message(self._translations.language))
        else:
            logger.error(
                "task %d (%s) raised an unexpected error",
                task_id,
                pending.description,
                exc_info=(type(error), error, error.__traceback__),
            )
            prompts.show_error(
                None,
                self.tr("意外错误"),
                self.tr("发生了意外错误，操作未完成。详细信息已写入日志，请联系技术支持。"),
                f"{type(error).__name__}: {error}",
            )
        if pending.on_error is not None and _receiver_alive(pending.on_error):
            pending.on_error(error)
