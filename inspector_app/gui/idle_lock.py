"""Locks the workstation after a stretch without user input, so a laptop left open in a shop is not left logged in.

An application-wide event filter restarts one single-shot timer on every key press, mouse click or move, wheel
turn, touch or pen event; when the timer runs out, ``locked`` is emitted and the window shows the login dialog
again. While locked, input does not restart the timer: only :meth:`IdleLock.unlock` (after a new login) does.
The filter only looks at each event's type and never consumes an event.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal

logger = logging.getLogger(__name__)

#: Idle time before the lock, unless the caller chooses another.
DEFAULT_IDLE_MINUTES = 10

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
    }
)


def minutes_to_ms(minutes: float) -> int:
    """Milliseconds in ``minutes`` (at least 1)."""
    return max(1, round(minutes * 60_000))


class IdleLock(QObject):
    """Emits ``locked`` after ``idle_ms`` without user input anywhere in the application.

    Call :meth:`start` once the inspector has logged in; after ``locked``, show the login dialog and call
    :meth:`unlock` when it succeeds. :meth:`stop` removes the filter (e.g. on logout or shutdown).

    Signals:
        locked(): the idle time ran out; the workstation is locked until :meth:`unlock`.
    """

    locked = Signal()

    def __init__(self, idle_ms: int = minutes_to_ms(DEFAULT_IDLE_MINUTES), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self._on_timeout)
        self._is_locked = False
        self._installed_on: QCoreApplication | None = None
        self.set_idle_ms(idle_ms)

    @property
    def idle_ms(self) -> int:
        """Idle time before the lock, in milliseconds."""
        return self._timer.interval()

    @property
    def is_locked(self) -> bool:
        """Whether the idle time ran out and :meth:`unlock` has not been called since."""
        return self._is_locked

    @property
    def is_running(self) -> bool:
        """Whether the lock is watching for input (started and not stopped)."""
        return self._installed_on is not None

    def set_idle_ms(self, idle_ms: int) -> None:
        """Change the idle time; a running countdown starts again with the new time."""
        if idle_ms < 1:
            raise ValueError(f"the idle time must be positive, not {idle_ms} ms")
        self._timer.setInterval(idle_ms)
        if self._timer.isActive():
            self._timer.start()

    def start(self) -> None:
        """Watch the application's input and start the countdown (again, if already started)."""
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before starting the idle lock")
        if self._installed_on is None:
            app.installEventFilter(self)
            self._installed_on = app
        self._is_locked = False
        self._timer.start()
        logger.info("idle lock started: %d ms", self.idle_ms)

    def stop(self) -> None:
        """Stop watching and counting."""
        self._timer.stop()
        if self._installed_on is not None:
            self._installed_on.removeEventFilter(self)
            self._installed_on = None

    def unlock(self) -> None:
        """After a new login: count the idle time from now."""
        self._is_locked = False
        if self._installed_on is not None:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._is_locked and event.type() in _INPUT_EVENTS:
            self._timer.start()
        return False

    def _on_timeout(self) -> None:
        self._is_locked = True
        logger.info("no input for %d ms: workstation locked", self.idle_ms)
        self.locked.emit()
