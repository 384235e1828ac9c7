"""The session's place: the dialog's validation, GPS parsing, and the place stored with each scan."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot
from scan_data import OIL_EAN
from scan_window import ScanWindow, focus

from inspector_app.gui.dialogs.place_dialog import (
    CoordinatesError,
    PlaceDialog,
    format_coordinates,
    parse_coordinates,
    place_type_name,
)
from inspector_app.gui.scan_session import ScanSession
from inspector_app.services.scan_service import PLACE_TYPES, ScanPlace, ScanService

latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("39.9042,116.4074", (39.9042, 116.4074)),
        (" 39.9042 ， 116.4074 ", (39.9042, 116.4074)),
        ("-33.86 151.21", (-33.86, 151.21)),
        ("+22.5;114", (22.5, 114.0)),
        ("", None),
        ("   ", None),
    ],
)
def test_coordinates_are_read_latitude_first(text: str, expected: tuple[float, float] | None) -> None:
    assert parse_coordinates(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [("116.4074, 39.9042", "range"), ("91,0", "range"), ("0,180.5", "range"), ("39.9", "format"),
     ("北京", "format"), ("39.9,116.4,5", "format"), ("1e3,2", "format"), ("nan,nan", "format")],
)  # fmt: skip
def test_bad_coordinates_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(CoordinatesError) as raised:
        parse_coordinates(text)
    assert raised.value.reason == reason


@given(latitudes, longitudes)
def test_formatted_coordinates_read_back(latitude: float, longitude: float) -> None:
    parsed = parse_coordinates(format_coordinates(latitude, longitude))
    assert parsed is not None
    assert math.isclose(parsed[0], latitude, abs_tol=1e-6) and math.isclose(parsed[1], longitude, abs_tol=1e-6)


@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_never_crashes(text: str) -> None:
    try:
        parsed = parse_coordinates(text)
    except CoordinatesError:
        return
    if parsed is not None:
        assert -90 <= parsed[0] <= 90 and -180 <= parsed[1] <= 180


def test_dialog_needs_a_name_and_valid_gps(qtbot: QtBot) -> None:
    dialog = PlaceDialog()
    qtbot.addWidget(dialog)
    dialog.open()
    name = dialog.findChild(QLineEdit, "nameEdit")
    gps = dialog.findChild(QLineEdit, "gpsEdit")
    assert not dialog.is_valid()
    focus(qtbot, name)
    qtbot.keyClicks(name, "Chaoyang market")
    assert dialog.is_valid()
    focus(qtbot, gps)
    qtbot.keyClicks(gps, "116.4,39.9")
    assert not dialog.is_valid()
    gps.clear()
    qtbot.keyClicks(gps, "39.9,116.4")
    assert dialog.is_valid()
    combo = dialog.findChild(QComboBox, "typeCombo")
    combo.setCurrentIndex(combo.findData("checkpoint"))
    assert dialog.place() == ScanPlace("Chaoyang market", "checkpoint", "", 39.9, 116.4)
    assert [combo.itemText(i) for i in range(combo.count())] == [place_type_name(code) for code in PLACE_TYPES]
    assert combo.itemText(0) == "农贸市场"
    dialog.close()


def test_place_chosen_in_the_scan_bar_goes_with_every_scan_and_is_remembered(
    qtbot: QtBot, scan_window: ScanWindow, scan_session: ScanSession, scan_service: ScanService
) -> None:
    bar = scan_window.scan_bar
    assert "设置检查地点" in bar.place_text()
    dialog = bar.open_place_dialog()
    dialog.set_place(ScanPlace("朝阳区某农贸市场", "market", "北京市朝阳区", 39.9, 116.4))
    with qtbot.waitSignal(scan_session.place_changed):
        dialog.accept()
    assert "朝阳区某农贸市场" in bar.place_text() and "农贸市场" in bar.place_text()
    with qtbot.waitSignal(scan_session.scan_recorded, timeout=10_000):
        scan_session.submit(OIL_EAN)
    [row] = scan_service.history()
    assert (row.place_name, row.place_type) == ("朝阳区某农贸市场", "market")
    scan_session.runner.wait_until_idle()
    assert scan_service.saved_place() == ScanPlace("朝阳区某农贸市场", "market", "北京市朝阳区", 39.9, 116.4)
    # The next session starts where the last one was.
    next_session = ScanSession(scan_service, scan_session.runner, scan_session.translations)
    with qtbot.waitSignal(next_session.place_changed, timeout=10_000):
        next_session.load_saved_place()
    assert next_session.place.name == "朝阳区某农贸市场"
