"""Scans typed the way a USB scanner types them: into the scan bar, and while another field has the focus."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from scan_data import CABLE_EAN, GREEN_GS1, OIL_GTIN, RECALLED_BATCH_PARTS, UNKNOWN_EAN, gtin13
from scan_window import HUMAN_DELAY_MS, ScanWindow, focus, show_active

from inspector_app.gui.scan_session import ScanSession, ScanSource
from inspector_app.services.scan_service import ScanEventRow, ScanFilter

SCANNER_DELAY_MS = 2


def scanner_types(qtbot: QtBot, widget: object, code: str, terminator: Qt.Key = Qt.Key.Key_Return) -> None:
    """A wedge scanner: the characters 2 ms apart, then Enter (or Tab)."""
    qtbot.keyClicks(widget, code, delay=SCANNER_DELAY_MS)
    QTest.qWait(SCANNER_DELAY_MS)
    qtbot.keyClick(widget, terminator)


def history(session: ScanSession) -> list[ScanEventRow]:
    return session.service.history(ScanFilter(limit=5000))


def wait_for_scans(qtbot: QtBot, session: ScanSession, count: int, timeout: int = 10_000) -> list[ScanEventRow]:
    qtbot.waitUntil(lambda: session.service.count() >= count and session.pending == 0, timeout=timeout)
    rows = history(session)
    assert len(rows) == count
    return rows


def test_scan_into_the_scan_bar_records_it_and_shows_red(
    qtbot: QtBot, scan_window: ScanWindow, scan_session: ScanSession
) -> None:
    bar = scan_window.scan_bar
    focus(qtbot, bar.line_edit)
    with qtbot.waitSignal(scan_session.scan_recorded, timeout=10_000) as recorded:
        scanner_types(qtbot, bar.line_edit, CABLE_EAN)
    scan = recorded.args[0]
    assert scan.result.card.outcome == "red"
    assert scan.source is ScanSource.KEYBOARD
    assert bar.last_outcome == "red"
    assert "立即处置" in bar.result_text()
    assert bar.line_edit.text() == ""
    assert bar.line_edit.hasFocus()
    [row] = wait_for_scans(qtbot, scan_session, 1)
    assert row.raw_code == CABLE_EAN and row.outcome == "red" and row.enterprise_name == "长治市某电缆厂"


def test_tab_ends_a_scan_too(qtbot: QtBot, scan_window: ScanWindow, scan_session: ScanSession) -> None:
    focus(qtbot, scan_window.scan_bar.line_edit)
    scanner_types(qtbot, scan_window.scan_bar.line_edit, GREEN_GS1, Qt.Key.Key_Tab)
    [row] = wait_for_scans(qtbot, scan_session, 1)
    assert row.raw_code == GREEN_GS1 and row.outcome == "green" and row.batch == "2025X"
    assert scan_window.scan_bar.line_edit.hasFocus()


@pytest.mark.parametrize("target", ["scan_bar", "other_field"])
def test_gs_typed_as_ctrl_bracket_stays_in_the_code(
    qtbot: QtBot, scan_window: ScanWindow, scan_session: ScanSession, target: str
) -> None:
    widget = scan_window.scan_bar.line_edit if target == "scan_bar" else scan_window.other_field
    focus(qtbot, widget)
    first, second = RECALLED_BATCH_PARTS
    qtbot.keyClicks(widget, first, delay=SCANNER_DELAY_MS)
    qtbot.keyClick(widget, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier, delay=SCANNER_DELAY_MS)
    scanner_types(qtbot, widget, second)
    [row] = wait_for_scans(qtbot, scan_session, 1)
    assert row.raw_code == f"{first}\x1d{second}"
    assert (row.gtin, row.batch, row.outcome) == (OIL_GTIN, "B2026A", "red")
    assert scan_window.other_field.text() == ""


def test_scan_while_another_field_has_the_focus_goes_to_the_scan_bar(
    qtbot: QtBot, scan_window: ScanWindow, scan_session: ScanSession
) -> None:
    field = scan_window.other_field
    focus(qtbot, field)
    qtbot.keyClicks(field, "Wang Li", delay=HUMAN_DELAY_MS)
    with qtbot.waitSignal(scan_session.scan_recorded, timeout=10_000) as recorded:
        scanner_types(qtbot, field, CABLE_EAN)
    assert recorded.args[0].source is ScanSource.SCANNER
    assert recorded.args[0].result.card.outcome == "red"
    assert scan_window.scanner_filter.scans_detected == 1
    qtbot.keyClicks(field, " 13800", delay=HUMAN_DELAY_MS)
    qtbot.waitUntil(lambda: scan_window.scanner_filter.holding == 0)
    assert field.text() == "Wang Li 13800"
    assert field.hasFocus()
    assert [row.raw_code for row in wait_for_scans(qtbot, scan_session, 1)] == [CABLE_EAN]
    assert scan_window.scan_bar.last_outcome == "red"


def test_human_typing_with_enter_stays_in_its_field(
    qtbot: QtBot, scan_window: ScanWindow, scan_session: ScanSession
) -> None:
    field = scan_window.other_field
    focus(qtbot, field)
    with qtbot.waitSignal(field.returnPressed, timeout=5_000):
        qtbot.keyClicks(field, "6901", delay=HUMAN_DELAY_MS)
        QTest.qWait(HUMAN_DELAY_MS)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    # A short word typed fast and Enter is not a scan either: scans are at least four characters.
    with qtbot.waitSignal(field.returnPressed, timeout=5_000):
        scanner_types(qtbot, field, "ok")
    qtbot.waitUntil(lambda: scan_window.scanner_filter.holding == 0)
    assert field.text() == "6901ok"
    QTest.qWait(100)
    assert scan_session.service.count() == 0
    assert scan_window.scanner_filter.scans_detected == 0


def test_editing_keys_pass_in_order_with_what_was_held(qtbot: QtBot, scan_window: ScanWindow) -> None:
    field = scan_window.other_field
    focus(qtbot, field)
    # Typed fast (held while undecided), then Backspace and Home, which are never held: order must survive.
    qtbot.keyClicks(field, "abcd", delay=SCANNER_DELAY_MS)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Home)
    qtbot.keyClicks(field, "x", delay=SCANNER_DELAY_MS)
    qtbot.waitUntil(lambda: scan_window.scanner_filter.holding == 0)
    assert field.text() == "xabc"


def test_scan_while_a_button_has_the_focus(qtbot: QtBot, scan_window: ScanWindow, scan_session: ScanSession) -> None:
    clicked: list[bool] = []
    scan_window.button.clicked.connect(lambda: clicked.append(True))
    focus(qtbot, scan_window.button)
    scanner_types(qtbot, scan_window.button, UNKNOWN_EAN)
    [row] = wait_for_scans(qtbot, scan_session, 1)
    assert row.raw_code == UNKNOWN_EAN and row.outcome == "unknown"
    assert clicked == []


def test_keys_go_straight_through_when_the_window_is_not_active(
    qtbot: QtBot, scan_window: ScanWindow, scan_session: ScanSession
) -> None:
    other = ScanWindow(scan_session)  # another top-level window of the application, without a filter
    qtbot.addWidget(other)
    show_active(qtbot, other)
    focus(qtbot, other.other_field)
    qtbot.keyClicks(other.other_field, CABLE_EAN, delay=SCANNER_DELAY_MS)
    assert other.other_field.text() == CABLE_EAN  # nothing held: the filter only watches its own window
    assert scan_window.scanner_filter.holding == 0


@pytest.mark.slow
def test_two_hundred_scans_at_two_ms_per_character_are_all_recorded_ungarbled(
    qtbot: QtBot, scan_window: ScanWindow, scan_session: ScanSession
) -> None:
    field = scan_window.other_field
    bar = scan_window.scan_bar.line_edit
    codes = [gtin13(f"690{number:09d}") for number in range(200)]
    codes[::25] = [GREEN_GS1] * len(codes[::25])
    focus(qtbot, field)
    qtbot.keyClicks(field, "note", delay=HUMAN_DELAY_MS)
    for number, code in enumerate(codes):
        # Half of them while the form field has the focus, half straight into the scan bar.
        target = field if number % 2 == 0 else bar
        if not target.hasFocus():
            focus(qtbot, target)
        scanner_types(qtbot, target, code)
        QTest.qWait(20)  # the scanner is moved to the next product
    rows = wait_for_scans(qtbot, scan_session, len(codes), timeout=120_000)
    assert Counter(row.raw_code for row in rows) == Counter(codes)
    assert field.text() == "note"
    assert scan_window.scanner_filter.scans_detected == len(codes) // 2
