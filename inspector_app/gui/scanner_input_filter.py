"""Catches USB-scanner bursts anywhere in the main window and sends them to the scan bar.

A keyboard-wedge scanner types into whatever has the focus. While the inspector is filling in a form, a scan
would land in the form's field. This application-wide event filter holds each key press for a moment (the
detector's gap, a few tens of milliseconds) while :class:`ScannerBurstDetector` decides: a burst ended by Enter
or Tab goes to the scan bar and never reaches the field; anything else is replayed to the widget it was meant
for, in the original order. Nothing is dropped and nothing is reordered: every held event is either replayed or
is part of a scan.

Only key events for the focus widget of the main window, while that window is active, are considered; the scan
bar handles its own input. Shortcut keys (with Ctrl, Alt or Meta) and editing keys (arrows, Backspace, Delete…)
end any pending burst and pass through at once, after what was held before them. Ctrl+] is GS, as on a
terminal, and stays in the scan.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from inspector_app.gui.scan_bar import GS, ScanBar, is_group_separator
from inspector_app.gui.scan_session import ScanSource
from inspector_app.services.scan_service import ScannerBurstDetector, TypedText, WedgeEvent, WedgeScan

logger = logging.getLogger(__name__)

#: Longest pause between two characters of one scan. Scanners send a character every 1–10 ms; people rarely
#: type four characters and Enter with every gap this short. The margin over the scanner's rate covers a GUI
#: thread that is briefly busy when key events carry no timestamp of their own.
DEFAULT_MAX_GAP_MS = 50.0
#: Shortest code taken for a scan (a human "ok⏎" typed fast must not become a scan).
DEFAULT_MIN_LENGTH = 4
#: When the decision timer fires this late, the GUI thread was stalled and key events may still be queued
#: behind it: the decision waits one more pass of the event loop so they are counted first.
_STALL_MS = 15
#: How long the release of a key pressed in a scan is waited for before a release of that key counts as new.
_RELEASE_WAIT_MS = 1000

_MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
    }
)
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


@dataclass
class _Held:
    """A key event held back, the widget it was for, and the characters it gave the detector."""

    event: QKeyEvent
    receiver: QWidget  # checked with shiboken6.isValid before use: the widget may be deleted meanwhile
    chars: str


class ScannerInputFilter(QObject):
    """Application-wide key filter that routes scanner bursts to the scan bar.

    Install with ``QApplication.instance().installEventFilter(filter)``; :meth:`uninstall` removes it and
    replays whatever is held.

    Signals:
        scan_detected(str): a burst was recognised as a scan and handed to the scan bar.
    """

    scan_detected = Signal(str)

    def __init__(
        self,
        window: QWidget,
        scan_bar: ScanBar,
        *,
        max_gap_ms: float = DEFAULT_MAX_GAP_MS,
        min_length: int = DEFAULT_MIN_LENGTH,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent if parent is not None else window)
        self._window = window
        self._scan_bar = scan_bar
        self._detector = ScannerBurstDetector(max_gap_ms=max_gap_ms, min_length=min_length)
        self._held: deque[_Held] = deque()
        self._swallowed_releases: dict[int, deque[int]] = {}  # key → when its press went into a scan
        self._replaying = False
        self._clock = QElapsedTimer()
        self._clock.start()
        # The detector works in the key events' own clock; polling needs "now" in that clock.
        self._last_event_ms = 0.0
        self._last_handled_ms = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer)
        self._timer_started_ms = 0
        self._timer_interval_ms = 0
        self._rechecked = False
        self.scans_detected = 0

    # --- public ------------------------------------------------------------------------------------------

    def install(self) -> None:
        """Start filtering the application's key events."""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def uninstall(self) -> None:
        """Stop filtering; anything held is resolved first."""
        self.flush()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    @property
    def holding(self) -> int:
        """How many key events are held while a decision is pending."""
        return len(self._held)

    def flush(self) -> None:
        """Decide now on everything held (e.g. before the window closes)."""
        self._timer.stop()
        self._dispatch(self._detector.flush())
        self._release_leftovers()

    # --- the filter --------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        event_type = event.type()
        if event_type not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) or self._replaying:
            return False
        if not isinstance(event, QKeyEvent) or not self._is_for_focus_widget(watched):
            return False
        if not self._window_active(watched):
            if self._held:
                self.flush()
            return False
        assert isinstance(watched, QWidget)  # checked by _is_for_focus_widget
        if watched is self._scan_bar.line_edit or self._scan_bar.isAncestorOf(watched):
            # The scan bar takes typed and scanned codes itself; only what was held before goes first.
            if self._held:
                self.flush()
            return False
        if event_type == QEvent.Type.KeyRelease:
            return self._on_release(watched, event)
        return self._on_press(watched, event)

    def _on_press(self, watched: QWidget, event: QKeyEvent) -> bool:
        chars = _chars_of(event)
        if chars is None or event.isAutoRepeat():
            # A shortcut, an editing key or a key held down (scanners never repeat keys): it ends any burst
            # and goes through now, after what was held before it.
            if self._held:
                self.flush()
            return False
        if not chars:  # a modifier key (a scanner presses Shift for capitals)
            if not self._held:
                return False
            self._hold(watched, event, "")
            return True
        timestamp = self._timestamp(event)
        self._hold(watched, event, chars)
        self._dispatch(self._detector.feed(chars, timestamp))
        self._release_leftovers()
        self._arm_timer()
        return True

    def _on_release(self, watched: QWidget, event: QKeyEvent) -> bool:
        if self._release_swallowed(event.key()):
            # The press of this key was part of a scan: its release must not reach the widget either.
            return True
        if not self._held:
            return False
        self._hold(watched, event, "")
        return True

    # --- holding and deciding ----------------------------------------------------------------------------

    def _hold(self, watched: QWidget, event: QKeyEvent, chars: str) -> None:
        # The event object belongs to whoever sent it and dies after the filter returns: keep a copy.
        self._held.append(_Held(event.clone(), watched, chars))

    def _timestamp(self, event: QKeyEvent) -> float:
        now = self._clock.elapsed()
        stamp = event.timestamp()
        # Synthetic events (tests, input tools) carry no timestamp; the time of handling is the best there is.
        timestamp = float(stamp) if stamp else float(now)
        self._last_event_ms = timestamp
        self._last_handled_ms = now
        return timestamp

    def _arm_timer(self) -> None:
        deadline = self._detector.deadline_ms
        if deadline is None:
            self._timer.stop()
            return
        elapsed_since_event = self._clock.elapsed() - self._last_handled_ms
        interval = max(0, int(deadline - self._last_event_ms - elapsed_since_event) + 1)
        self._rechecked = False
        self._timer_started_ms = self._clock.elapsed()
        self._timer_interval_ms = interval
        self._timer.start(interval)

    def _on_timer(self) -> None:
        late = self._clock.elapsed() - self._timer_started_ms - self._timer_interval_ms
        if late > _STALL_MS and not self._rechecked:
            self._rechecked = True
            self._timer_started_ms = self._clock.elapsed()
            self._timer_interval_ms = 0
            self._timer.start(0)
            return
        now = self._last_event_ms + (self._clock.elapsed() - self._last_handled_ms)
        self._dispatch(self._detector.poll(now))
        self._release_leftovers()
        if self._detector.deadline_ms is not None:
            self._arm_timer()

    def _dispatch(self, events: list[WedgeEvent]) -> None:
        for wedge_event in events:
            if isinstance(wedge_event, WedgeScan):
                taken = self._take(len(wedge_event.text) + len(wedge_event.terminator))
                for held in taken:
                    if held.event.type() == QEvent.Type.KeyPress:
                        self._swallowed_releases.setdefault(held.event.key(), deque()).append(self._clock.elapsed())
                    else:
                        self._release_swallowed(held.event.key())
                self._deliver_scan(wedge_event.text)
            elif isinstance(wedge_event, TypedText):
                self._replay(self._take(len(wedge_event.text)))

    def _take(self, char_count: int) -> list[_Held]:
        """The held events that gave the next ``char_count`` characters, with the key-less events after them."""
        taken: list[_Held] = []
        remaining = char_count
        while self._held and remaining > 0:
            held = self._held.popleft()
            remaining -= len(held.chars)
            taken.append(held)
        while self._held and not self._held[0].chars:
            taken.append(self._held.popleft())
        if remaining > 0:
            logger.error("scanner filter lost track of %d held character(s)", remaining)
        return taken

    def _release_leftovers(self) -> None:
        # Once the detector holds nothing, no held event can still become part of a scan.
        if not self._detector.pending and self._held:
            self._replay(list(self._held))
            self._held.clear()

    def _release_swallowed(self, key: int) -> bool:
        """Whether a release of ``key`` is owed to a press that went into a scan (and settle that debt)."""
        pressed = self._swallowed_releases.get(key)
        if not pressed:
            return False
        # A release that never came (focus moved, window closed) must not swallow a later, human one.
        while pressed and self._clock.elapsed() - pressed[0] > _RELEASE_WAIT_MS:
            pressed.popleft()
        owed = bool(pressed)
        if owed:
            pressed.popleft()
        if not pressed:
            del self._swallowed_releases[key]
        return owed

    def _replay(self, held_events: list[_Held]) -> None:
        if not held_events:
            return
        self._replaying = True
        try:
            for held in held_events:
                receiver: QWidget | None = held.receiver
                if not shiboken6.isValid(receiver):
                    # The widget went away while its keys were held: they go where the focus is now.
                    receiver = QApplication.focusWidget()
                if receiver is None:
                    logger.warning("no widget to replay a held key to; it is dropped")
                    continue
                QApplication.sendEvent(receiver, held.event)
        finally:
            self._replaying = False

    def _deliver_scan(self, text: str) -> None:
        self.scans_detected += 1
        logger.info("scanner burst of %d characters routed to the scan bar", len(text))
        self._scan_bar.receive_scan(text, ScanSource.SCANNER)
        self.scan_detected.emit(text)

    # --- where events go ---------------------------------------------------------------------------------

    def _is_for_focus_widget(self, watched: QObject) -> bool:
        # A key event goes first to the focus widget; when ignored it travels up to the parents, and those
        # deliveries must not be counted a second time.
        if not isinstance(watched, QWidget):
            return False
        focus = QApplication.focusWidget()
        return watched is focus or focus is None

    def _window_active(self, watched: QObject) -> bool:
        return isinstance(watched, QWidget) and watched.window() is self._window and self._window.isActiveWindow()


def _chars_of(event: QKeyEvent) -> str | None:
    """What a key press gives the burst detector: characters, "" for a modifier key, None for a command key."""
    key = event.key()
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return "\r"
    if key == Qt.Key.Key_Tab and not event.modifiers() & _COMMAND_MODIFIERS:
        return "\t"
    if is_group_separator(event):
        return GS
    if key in _MODIFIER_KEYS:
        return ""
    if event.modifiers() & _COMMAND_MODIFIERS:
        return None
    text = event.text()
    if not text or not text.isprintable():
        return None
    return text
