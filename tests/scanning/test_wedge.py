"""Keyboard-wedge scanners vs people typing: scans come out exactly as sent, typing is never lost."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector_app.scanning.wedge import ScannerBurstDetector, TypedText, WedgeEvent, WedgeScan

SCANNER_GAP_MS = 2.0

# What scanners send: digits, letters, GS1 punctuation, AIM prefixes, GS and its keyboard substitutes, and
# the odd non-ASCII character of a QR code; never the terminators themselves.
_SCAN_ALPHABET = st.sampled_from(
    [
        *"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz-./:?=&%()]^~{}<>|_ ",
        "\x1d",
        "\u241d",
        "<GS>",
        "{GS}",
        "^]",
        "é",
        "批",
    ]
)
_HUMAN_ALPHABET = st.sampled_from([*"0123456789abcXYZ ,.]-\r\n\t", "查", "检"])


@st.composite
def _scan_texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(_SCAN_ALPHABET, min_size=4, max_size=40))
    prefix = draw(st.sampled_from(["", "]C1", "]d2", "]Q3", "]E0"]))
    return prefix + "".join(parts)


@dataclass(frozen=True)
class Scan:
    text: str
    terminator: str


@dataclass(frozen=True)
class Human:
    chars: str
    gaps_ms: tuple[float, ...]


_segments = st.one_of(
    st.builds(Scan, _scan_texts(), st.sampled_from(["\r", "\n", "\t", "\r\n"])),
    st.text(_HUMAN_ALPHABET, min_size=1, max_size=12).flatmap(
        lambda chars: st.builds(
            Human,
            st.just(chars),
            st.lists(st.floats(60, 1500), min_size=len(chars), max_size=len(chars)).map(tuple),
        )
    ),
)


def _play(
    segments: list[Scan | Human], pause_ms: float, poll_every: int | None = None
) -> tuple[list[WedgeEvent], list[tuple[str, float]]]:
    """Feed the segments' characters with realistic timing; return the events and the raw key stream."""
    detector = ScannerBurstDetector()
    keys: list[tuple[str, float]] = []
    now = 0.0
    previous: Scan | Human | None = None
    for segment in segments:
        if isinstance(segment, Scan):
            # A person cannot type within a scanner's burst; consecutive scans may follow each other at once.
            now += SCANNER_GAP_MS if isinstance(previous, Scan) else pause_ms
            for index, char in enumerate(segment.text + segment.terminator):
                if index:
                    now += SCANNER_GAP_MS
                keys.append((char, now))
        else:
            for char, gap in zip(segment.chars, segment.gaps_ms, strict=True):
                now += gap
                keys.append((char, now))
        previous = segment
    events: list[WedgeEvent] = []
    for index, (char, timestamp) in enumerate(keys):
        if poll_every and index % poll_every == 0:
            # A timer firing just before the key arrives must not change anything.
            events.extend(detector.poll(timestamp - 0.5))
        events.extend(detector.feed(char, timestamp))
    events.extend(detector.flush())
    return events, keys


def _merged_typing(events: list[WedgeEvent]) -> list[str]:
    """Typed text between scans, adjacent typing events joined (their split is an implementation detail)."""
    pieces: list[str] = []
    pending = ""
    for event in events:
        if isinstance(event, TypedText):
            pending += event.text
        else:
            if pending:
                pieces.append(pending)
            pending = ""
            pieces.append("\x00scan")
    if pending:
        pieces.append(pending)
    return pieces


def _expected_typing(segments: list[Scan | Human]) -> list[str]:
    pieces: list[str] = []
    pending = ""
    for segment in segments:
        if isinstance(segment, Human):
            pending += segment.chars
        else:
            if pending:
                pieces.append(pending)
            pending = ""
            pieces.append("\x00scan")
    if pending:
        pieces.append(pending)
    return pieces


def _characters_out(events: list[WedgeEvent]) -> str:
    return "".join(event.text + event.terminator if isinstance(event, WedgeScan) else event.text for event in events)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_segments, min_size=1, max_size=12),
    st.floats(60, 3000),
    st.one_of(st.none(), st.integers(1, 7)),
)
def test_interleaved_scans_and_typing_are_told_apart(
    segments: list[Scan | Human], pause_ms: float, poll_every: int | None
) -> None:
    events, keys = _play(segments, pause_ms, poll_every)
    scans = [event for event in events if isinstance(event, WedgeScan)]
    sent = [segment for segment in segments if isinstance(segment, Scan)]
    assert [(scan.text, scan.terminator) for scan in scans] == [(s.text, s.terminator) for s in sent]
    assert _merged_typing(events) == _expected_typing(segments)
    assert _characters_out(events) == "".join(char for char, _ in keys)


def test_two_hundred_scans_in_a_row() -> None:
    codes = []
    for index in range(200):
        gtin_body = f"690{index:09d}"
        codes.append(
            [
                gtin_body + "5",
                f"]C101{gtin_body}0517251231" + f"10LOT{index}\x1d21S{index:05d}",
                f"]d201{gtin_body}0510B{index}<GS>21X",
                f"https://id.gs1.org/01/0{gtin_body}5/10/{index}",
            ][index % 4]
        )
    detector = ScannerBurstDetector()
    events: list[WedgeEvent] = []
    now = 0.0
    for index, code in enumerate(codes):
        terminator = "\r\n" if index % 3 == 0 else "\t" if index % 3 == 1 else "\r"
        for char in code + terminator:
            now += SCANNER_GAP_MS
            events.extend(detector.feed(char, now))
    events.extend(detector.flush())
    assert all(isinstance(event, WedgeScan) for event in events)
    assert [event.text for event in events if isinstance(event, WedgeScan)] == codes


def test_slow_typing_of_a_code_is_typing() -> None:
    detector = ScannerBurstDetector()
    events: list[WedgeEvent] = []
    for index, char in enumerate("6901234567892\r"):
        events.extend(detector.feed(char, index * 150.0))
    events.extend(detector.flush())
    assert all(isinstance(event, TypedText) for event in events)
    assert _characters_out(events) == "6901234567892\r"


def test_short_fast_burst_is_typing() -> None:
    # Two keys pressed together (roll-over) then Enter: too short to be a scan.
    detector = ScannerBurstDetector(min_length=4)
    events = detector.feed("a", 0) + detector.feed("b", 5) + detector.feed("\r", 10)
    assert events == [TypedText("ab\r", 0)]


def test_scan_metadata() -> None:
    detector = ScannerBurstDetector()
    events: list[WedgeEvent] = []
    for index, char in enumerate("]C10106901234567892\x1d10ABC\r\n"):
        events.extend(detector.feed(char, 1000 + index * 2.0))
    assert detector.pending == ""
    (scan,) = events
    assert isinstance(scan, WedgeScan)
    assert scan.text == "]C10106901234567892\x1d10ABC"
    assert scan.terminator == "\r\n"
    assert scan.aim_id == "]C1"
    assert scan.symbology == "gs1_128"
    assert scan.started_ms == 1000
    assert scan.finished_ms == 1000 + 2.0 * (len(scan.text) + 1)
    plain = WedgeScan("6901234567892", "\r", 0, 1)
    assert plain.aim_id is None
    assert plain.symbology is None
    assert WedgeScan("]E0036000291452", "\r", 0, 1).symbology == "upca"


def test_cr_scan_is_held_for_a_possible_lf_and_released_by_poll() -> None:
    detector = ScannerBurstDetector(max_gap_ms=30)
    events: list[WedgeEvent] = []
    for index, char in enumerate("ABCDEF\r"):
        events.extend(detector.feed(char, index * 2.0))
    assert events == []
    assert detector.pending == "ABCDEF\r"
    assert detector.deadline_ms == 12 + 30
    assert detector.poll(20) == []
    assert detector.poll(43) == [WedgeScan("ABCDEF", "\r", 0, 12)]
    assert detector.deadline_ms is None
    # A human Enter long after is typing, not part of the scan.
    assert detector.feed("\n", 500) == [TypedText("\n", 500)]


def test_typing_is_released_after_the_gap() -> None:
    detector = ScannerBurstDetector(max_gap_ms=30)
    assert detector.feed("查", 0) == []
    assert detector.pending == "查"
    assert detector.poll(10) == []
    assert detector.poll(31) == [TypedText("查", 0)]
    assert detector.pending == ""


def test_unterminated_bursts_when_enabled() -> None:
    detector = ScannerBurstDetector(accept_unterminated=True)
    for index, char in enumerate("6901234567892"):
        assert detector.feed(char, index * 2.0) == []
    assert detector.poll(100) == [WedgeScan("6901234567892", "", 0, 24)]
    # Without the option the same burst is typing.
    strict = ScannerBurstDetector()
    for index, char in enumerate("6901234567892"):
        strict.feed(char, index * 2.0)
    assert strict.flush() == [TypedText("6901234567892", 0)]


def test_multi_character_key_events_and_backwards_clock() -> None:
    detector = ScannerBurstDetector()
    events = detector.feed("]E0690", 0) + detector.feed("1234567892", -5) + detector.feed("\t", 1)
    assert events == [WedgeScan("]E06901234567892", "\t", 0, 1)]
    assert detector.feed("", 10) == []


@given(st.lists(st.tuples(st.text(max_size=3), st.floats(-1e6, 1e6, allow_nan=False)), max_size=60))
def test_no_character_is_ever_lost_or_reordered(keys: list[tuple[str, float]]) -> None:
    detector = ScannerBurstDetector()
    events: list[WedgeEvent] = []
    for text, timestamp in keys:
        events.extend(detector.feed(text, timestamp))
        events.extend(detector.poll(timestamp + 10))
    events.extend(detector.flush())
    assert _characters_out(events) == "".join(text for text, _ in keys)
    assert detector.pending == ""


@pytest.mark.parametrize(
    "kwargs",
    [{"max_gap_ms": 0}, {"min_length": 0}, {"terminators": ""}],
)
def test_invalid_settings(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"must|terminator"):
        ScannerBurstDetector(**kwargs)  # type: ignore[arg-type]
