"""Telling a USB barcode scanner in keyboard ("wedge") mode from a person typing.

A wedge scanner types the code as key presses, a few milliseconds apart, and usually ends with Enter or Tab;
a person types tens to hundreds of milliseconds apart. :class:`ScannerBurstDetector` watches the characters
with their timestamps and splits them into scans and typed text.

Guarantees, whatever the input: every character fed comes out exactly once, in the order fed — in a scan's
text or terminator, or in typed text — and a scan's text is exactly what the scanner sent (AIM symbology
prefixes such as ``]C1``, GS characters and the GS substitutes some scanners send are kept for the
identifier parser to interpret). A code that itself contains Enter or Tab is split there, because the scanner
sends the same keys a terminator would.

Timestamps must come from the key events themselves (Qt's ``QKeyEvent.timestamp()``), not from the time the
event was handled: a GUI busy for a moment delivers queued key presses together, which would make typing look
like a burst.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from inspector_app.scanning.symbology import from_aim_id, split_aim_prefix

logger = logging.getLogger(__name__)

DEFAULT_TERMINATORS = "\r\n\t"


@dataclass(frozen=True, slots=True)
class WedgeScan:
    """One code typed by a scanner: ``text`` as sent, then its ``terminator`` ("\\r", "\\r\\n", "\\n", "\\t",
    or "" for a burst that ended in silence when unterminated scans are accepted)."""

    text: str
    terminator: str
    started_ms: float
    finished_ms: float

    @property
    def aim_id(self) -> str | None:
        """The AIM symbology identifier the scanner put in front (``]C1``, ``]d2`` …), if any."""
        return split_aim_prefix(self.text)[0]

    @property
    def symbology(self) -> str | None:
        """Our symbology name derived from the AIM prefix, if there is one we know."""
        aim_id, rest = split_aim_prefix(self.text)
        if aim_id is None:
            return None
        symbology = from_aim_id(aim_id, rest)
        return symbology.value if symbology is not None else None


@dataclass(frozen=True, slots=True)
class TypedText:
    """Characters a person typed (including any Enter or Tab they pressed), in order."""

    text: str
    started_ms: float


WedgeEvent = WedgeScan | TypedText


class ScannerBurstDetector:
    """Splits a stream of (character, timestamp) into :class:`WedgeScan` and :class:`TypedText` events.

    A *burst* is a run of characters each at most ``max_gap_ms`` after the previous one. A burst of at least
    ``min_length`` characters ended by a terminator (Enter or Tab, also within ``max_gap_ms``) is a scan;
    anything else is typing. "\\r\\n" counts as one terminator. With ``accept_unterminated``, a burst of at
    least ``min_length`` characters followed by silence is also a scan (for scanners set up without a suffix).

    Characters are held while they may still turn out to be part of a scan: call :meth:`poll` with the current
    time when :attr:`deadline_ms` has passed (e.g. from a timer), and :meth:`flush` at the end of input.
    """

    def __init__(
        self,
        *,
        max_gap_ms: float = 30.0,
        min_length: int = 4,
        terminators: str = DEFAULT_TERMINATORS,
        accept_unterminated: bool = False,
    ) -> None:
        if max_gap_ms <= 0:
            raise ValueError("max_gap_ms must be positive")
        if min_length < 1:
            raise ValueError("min_length must be at least 1")
        if not terminators:
            raise ValueError("at least one terminator is needed")
        self._max_gap_ms = max_gap_ms
        self._min_length = min_length
        self._terminators = frozenset(terminators)
        self._accept_unterminated = accept_unterminated
        self._run: list[str] = []
        self._run_started_ms = 0.0
        self._last_ms: float | None = None
        # A scan ended by "\r" is held back for one gap: scanners often send "\r\n", and the "\n" belongs to it.
        self._held_scan: WedgeScan | None = None

    @property
    def pending(self) -> str:
        """Characters received but not yet given out (the current burst, and a held scan with its terminator)."""
        held = self._held_scan
        prefix = held.text + held.terminator if held is not None else ""
        return prefix + "".join(self._run)

    @property
    def deadline_ms(self) -> float | None:
        """When :meth:`poll` can give out what is pending, or None when nothing is pending."""
        if self._last_ms is None or (self._held_scan is None and not self._run):
            return None
        return self._last_ms + self._max_gap_ms

    def feed(self, text: str, timestamp_ms: float) -> list[WedgeEvent]:
        """Take the character(s) of one key event; return the events that are now complete."""
        events: list[WedgeEvent] = []
        for char in text:
            self._feed_char(char, timestamp_ms, events)
        return events

    def poll(self, now_ms: float) -> list[WedgeEvent]:
        """Give out what is pending if nothing has arrived for longer than ``max_gap_ms``."""
        events: list[WedgeEvent] = []
        if self._last_ms is not None and self._gap(now_ms) > self._max_gap_ms:
            self._release_held_scan(events)
            self._close_run_by_silence(events)
        return events

    def flush(self) -> list[WedgeEvent]:
        """End of input: give out everything pending."""
        events: list[WedgeEvent] = []
        self._release_held_scan(events)
        self._close_run_by_silence(events)
        return events

    def _gap(self, timestamp_ms: float) -> float:
        if self._last_ms is None:
            return math.inf
        # Out-of-order timestamps (a clock step, events from two sources) count as no gap rather than failing.
        return max(0.0, timestamp_ms - self._last_ms)

    def _feed_char(self, char: str, timestamp_ms: float, events: list[WedgeEvent]) -> None:
        gap = self._gap(timestamp_ms)
        held = self._held_scan
        if held is not None:
            self._held_scan = None
            if char == "\n" and gap <= self._max_gap_ms:
                events.append(WedgeScan(held.text, held.terminator + char, held.started_ms, timestamp_ms))
                self._last_ms = timestamp_ms
                return
            events.append(held)
        if self._run and gap > self._max_gap_ms:
            self._close_run_by_silence(events)
        self._last_ms = timestamp_ms
        if char in self._terminators:
            self._terminate_run(char, timestamp_ms, events)
            return
        if not self._run:
            self._run_started_ms = timestamp_ms
        self._run.append(char)

    def _terminate_run(self, terminator: str, timestamp_ms: float, events: list[WedgeEvent]) -> None:
        run_text = "".join(self._run)
        started_ms = self._run_started_ms if self._run else timestamp_ms
        self._run.clear()
        if len(run_text) >= self._min_length:
            scan = WedgeScan(run_text, terminator, started_ms, timestamp_ms)
            logger.debug("scanner burst of %d characters", len(run_text))
            if terminator == "\r":
                self._held_scan = scan
            else:
                events.append(scan)
        else:
            events.append(TypedText(run_text + terminator, started_ms))

    def _close_run_by_silence(self, events: list[WedgeEvent]) -> None:
        if not self._run:
            return
        run_text = "".join(self._run)
        self._run.clear()
        if self._accept_unterminated and len(run_text) >= self._min_length and self._last_ms is not None:
            events.append(WedgeScan(run_text, "", self._run_started_ms, self._last_ms))
        else:
            events.append(TypedText(run_text, self._run_started_ms))

    def _release_held_scan(self, events: list[WedgeEvent]) -> None:
        if self._held_scan is not None:
            events.append(self._held_scan)
            self._held_scan = None
