"""The scanner filter with key events stamped by the device, as real keyboards and scanners send them: a busy
GUI thread cannot turn typing into a scan or a scan into typing, and nothing is lost or reordered."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot
from scan_data import CABLE_EAN, gtin13
from scan_window import KeyboardDevice, ScanWindow, focus

from inspector_app.gui.scan_session import ScanSession

DEVICE = KeyboardDevice()


def settle(qtbot: QtBot, window: ScanWindow, session: ScanSession) -> None:
    """Wait until the filter holds nothing and every scan is recorded."""
    qtbot.waitUntil(lambda: window.scanner_filter.holding == 0, timeout=5_000)
    assert session.runner.wait_until_idle()


def test_a_scan_delivered_late_is_still_a_scan(
    qtbot: QtBot, scan_window: ScanWindow, scan_session: ScanSession
) -> None:
    field = scan_window.other_field
    focus(qtbot, field)
    detected: list[str] = []
    scan_window.scanner_filter.scan_detected.connect(detected.append)
    DEVICE.pause(1000)
    for char in CABLE_EAN + "\r":
        DEVICE.type(field, char, gap_ms=3)
        time.sleep(0.12)  # the GUI thread is busy: each key is handled long after it was pressed
    settle(qtbot, scan_window, scan_session)
    assert detected == [CABLE_EAN]
    assert field.text() == ""


def test_typing_delivered_in_one_lump_is_still_typing(
    qtbot: QtBot, scan_window: ScanWindow, scan_session: ScanSession
) -> None:
    field = scan_window.other_field
    focus(qtbot, field)
    DEVICE.pause(1000)
    # Pressed 200 ms apart, handled all at once (as after a stall): the stamps say a person typed it.
    DEVICE.type(field, "12345678\r", gap_ms=200)
    settle(qtbot, scan_window, scan_session)
    assert field.text() == "12345678"
    assert scan_window.scanner_filter.scans_detected == 0
    assert scan_session.service.count() == 0


segments = st.lists(
    st.one_of(
        st.tuples(st.just("human"), st.text(alphabet="abcxyz 0123", min_size=1, max_size=6)),
        st.tuples(st.just("scan"), st.integers(min_value=0, max_value=10**9 - 1)),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segments)
def test_interleaved_typing_and_scans_lose_nothing(
    qtbot: QtBot, scan_window: ScanWindow, scan_session: ScanSession, plan: list[tuple[str, object]]
) -> None:
    field = scan_window.other_field
    focus(qtbot, field)
    field.clear()
    detected: list[str] = []
    scan_window.scanner_filter.scan_detected.connect(detected.append)
    try:
        expected_text, expected_scans = "", []
        for kind, value in plan:
            DEVICE.pause(400)
            if kind == "human":
                DEVICE.type(field, str(value), gap_ms=180)
                expected_text += str(value)
            else:
                code = gtin13(f"690{int(str(value)):09d}")
                DEVICE.type(field, code + "\r", gap_ms=4)
                expected_scans.append(code)
        settle(qtbot, scan_window, scan_session)
        assert field.text() == expected_text
        assert detected == expected_scans
    finally:
        scan_window.scanner_filter.scan_detected.disconnect(detected.append)
