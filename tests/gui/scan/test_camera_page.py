"""The camera page, fed recorded frames through the same pipeline as a live camera."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from scan_data import CABLE_EAN, OIL_EAN, blank_frame, frame_with_code

from inspector_app.gui.pages.camera_page import CameraPage, frame_to_image, image_to_grey_frame
from inspector_app.gui.scan_session import ScanSession, ScanSource
from inspector_app.services.scan_service import RecordedFrameSource


class BeepCounter:
    """Stands in for the loudspeaker."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


@pytest.fixture
def beeps() -> BeepCounter:
    return BeepCounter()


def camera_page(
    qtbot: QtBot, session: ScanSession, source: RecordedFrameSource, beeps: BeepCounter, hit_pause_ms: int = 1500
) -> CameraPage:
    page = CameraPage(session, frame_source=source, beep=beeps, frame_interval_ms=20, hit_pause_ms=hit_pause_ms)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    return page


@pytest.fixture
def pages() -> Iterator[list[CameraPage]]:
    """Camera pages to shut down after the test (their decoding thread must stop before Qt goes away)."""
    created: list[CameraPage] = []
    yield created
    for page in created:
        page.shutdown()


def test_a_code_held_in_view_is_read_once_not_ten_times(
    qtbot: QtBot, scan_session: ScanSession, beeps: BeepCounter, pages: list[CameraPage]
) -> None:
    # Two seconds of the same product in front of the lens, after a few empty frames.
    frames = [blank_frame(seed=n) for n in range(5)] + [frame_with_code(OIL_EAN) for _ in range(100)]
    page = camera_page(qtbot, scan_session, RecordedFrameSource(frames), beeps)
    pages.append(page)
    with qtbot.waitSignal(page.source_finished, timeout=60_000):
        page.start()
    qtbot.waitUntil(lambda: scan_session.pending == 0 and not page.pipeline.busy, timeout=10_000)
    assert page.hits == 1
    assert beeps.count == 1
    rows = scan_session.service.history()
    assert [(row.raw_code, row.symbology, row.outcome) for row in rows] == [(OIL_EAN, "]E0", "amber")]
    assert scan_session.recent[0].source is ScanSource.CAMERA
    assert page.card.outcome == "amber"
    assert page.pipeline.frames_decoded >= 2
    assert page.pipeline.frames_dropped > 0  # busy or paused: frames were skipped, not queued
    [outline] = page.preview.outlines
    assert len(outline) == 4
    assert "已读取 1 个条码" in page.status_text()


def test_a_second_product_after_the_pause_is_read_too(
    qtbot: QtBot, scan_session: ScanSession, beeps: BeepCounter, pages: list[CameraPage]
) -> None:
    frames = [frame_with_code(OIL_EAN) for _ in range(10)] + [blank_frame(seed=n) for n in range(60)]
    frames += [frame_with_code(CABLE_EAN, at=(60, 200)) for _ in range(10)] + [blank_frame(seed=99)] * 30
    page = camera_page(qtbot, scan_session, RecordedFrameSource(frames), beeps, hit_pause_ms=300)
    pages.append(page)
    with qtbot.waitSignal(page.source_finished, timeout=60_000):
        page.start()
    qtbot.waitUntil(lambda: scan_session.pending == 0 and not page.pipeline.busy, timeout=10_000)
    assert sorted(row.raw_code for row in scan_session.service.history()) == sorted([OIL_EAN, CABLE_EAN])
    assert beeps.count == 2
    assert page.card.outcome == "red"


def test_without_a_camera_the_page_says_so(qtbot: QtBot, scan_session: ScanSession, beeps: BeepCounter) -> None:
    page = CameraPage(scan_session, beep=beeps, camera_devices=list)
    qtbot.addWidget(page)
    page.show()
    assert not page.has_camera
    assert not page.running
    assert "未检测到摄像头" in page.no_camera_text()
    page.start()
    assert not page.running
    page.shutdown()


def test_frames_convert_to_images_and_back() -> None:
    grey = frame_with_code(OIL_EAN, size=(401, 211), at=(3, 1))  # odd width: rows are padded in a QImage
    assert (image_to_grey_frame(frame_to_image(grey)) == grey).all()
