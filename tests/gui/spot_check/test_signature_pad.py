"""The signature pad draws with the mouse, a pen and a finger, and saves the ink cropped on white."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from spot_check_data import draw_signature

from inspector_app.gui.spot_check.signature_pad import CROP_MARGIN, PNG_SCALE, SignaturePad


@pytest.fixture
def pad(qtbot: QtBot) -> SignaturePad:
    widget = SignaturePad()
    widget.resize(420, 140)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _image(png: bytes) -> QImage:
    image = QImage.fromData(png, "PNG")
    assert not image.isNull()
    return image


def _dark_pixels(image: QImage) -> int:
    return sum(
        1 for y in range(image.height()) for x in range(image.width()) if QColor(image.pixel(x, y)).lightness() < 100
    )


def test_mouse_strokes_give_a_cropped_png_on_white(qtbot: QtBot, pad: SignaturePad) -> None:
    assert pad.is_empty()
    with pytest.raises(ValueError, match="empty"):
        pad.to_png()
    with qtbot.waitSignals([pad.changed, pad.changed]):
        draw_signature(qtbot, pad)
    assert not pad.is_empty() and pad.stroke_count == 2  # the stroke and the dot

    image = _image(pad.to_png())
    # The ink spans x 20..180 and y 30..80 (plus half a line width): the image is cropped to that, not the pad.
    assert image.width() < 420 * PNG_SCALE and image.height() < 140 * PNG_SCALE
    assert image.width() >= (180 - 20 + 2 * CROP_MARGIN) * PNG_SCALE
    assert image.height() >= (80 - 30 + 2 * CROP_MARGIN) * PNG_SCALE
    corners = [(0, 0), (image.width() - 1, 0), (0, image.height() - 1), (image.width() - 1, image.height() - 1)]
    assert all(QColor(image.pixel(x, y)) == QColor("#ffffff") for x, y in corners)
    assert _dark_pixels(image) > 200

    with qtbot.waitSignal(pad.changed):
        pad.clear()
    assert pad.is_empty()
    with pytest.raises(ValueError, match="empty"):
        pad.to_png()


def test_two_signatures_differ(qtbot: QtBot, pad: SignaturePad) -> None:
    draw_signature(qtbot, pad)
    first = pad.to_png()
    pad.clear()
    draw_signature(qtbot, pad, shift=60)
    draw_signature(qtbot, pad, shift=120)
    assert pad.to_png() != first


def _tablet(pad: SignaturePad, kind: QTabletEvent.Type, x: float, y: float, pressure: float) -> None:
    local = QPointF(x, y)
    event = QTabletEvent(
        kind,
        QPointingDevice.primaryPointingDevice(),
        local,
        QPointF(pad.mapToGlobal(local)),
        pressure,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        Qt.KeyboardModifier.NoModifier,
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton if kind != QTabletEvent.Type.TabletRelease else Qt.MouseButton.NoButton,
    )
    QApplication.sendEvent(pad, event)


def test_a_pen_draws_with_its_pressure(qtbot: QtBot, pad: SignaturePad) -> None:
    def stroke(pressure: float, y: float) -> None:
        _tablet(pad, QTabletEvent.Type.TabletPress, 20, y, pressure)
        for x in range(30, 300, 10):
            _tablet(pad, QTabletEvent.Type.TabletMove, x, y, pressure)
        _tablet(pad, QTabletEvent.Type.TabletRelease, 300, y, pressure)

    with qtbot.waitSignal(pad.changed):
        stroke(0.1, 40)
    light = _dark_pixels(_image(pad.to_png()))
    pad.clear()
    stroke(1.0, 40)
    heavy = _dark_pixels(_image(pad.to_png()))
    assert pad.stroke_count == 1  # accepted: no mouse event was synthesised to draw it twice
    assert heavy > light * 2


def test_a_finger_draws(qtbot: QtBot, pad: SignaturePad) -> None:
    device = QTest.createTouchDevice()
    with qtbot.waitSignal(pad.changed):
        QTest.touchEvent(pad, device).press(0, QPoint(30, 40), pad).commit()
        for x in range(40, 200, 20):
            QTest.touchEvent(pad, device).move(0, QPoint(x, 40 + x // 4), pad).commit()
        QTest.touchEvent(pad, device).release(0, QPoint(200, 90), pad).commit()
    assert pad.stroke_count == 1
    assert _dark_pixels(_image(pad.to_png())) > 100


def test_a_read_only_pad_takes_no_ink(qtbot: QtBot, pad: SignaturePad) -> None:
    pad.set_read_only(True)
    with qtbot.assertNotEmitted(pad.changed):
        draw_signature(qtbot, pad)
    assert pad.is_empty() and pad.is_read_only()
    pad.set_read_only(False)
    draw_signature(qtbot, pad)
    assert not pad.is_empty()
