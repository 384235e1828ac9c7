"""The scan page: the card of the latest scan, the session's list, and image files dropped or opened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListView, QPushButton
from pytestqt.qtbot import QtBot
from scan_data import CABLE_EAN, OIL_EAN, UNKNOWN_EAN, blank_frame, ean13_picture, save_png
from scan_window import drop_files

from inspector_app.gui import prompts
from inspector_app.gui.dialogs.trace_dialog import TraceDialog
from inspector_app.gui.pages.scan_page import ScanPage
from inspector_app.gui.scan_session import ScanSession, ScanSource


@pytest.fixture
def page(qtbot: QtBot, scan_session: ScanSession) -> Iterator[ScanPage]:
    widget = ScanPage(scan_session)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    yield widget
    scan_session.runner.wait_until_idle()


def test_dropped_image_gives_the_card_and_the_event(
    qtbot: QtBot, page: ScanPage, scan_session: ScanSession, tmp_path: Path
) -> None:
    picture = save_png(ean13_picture(CABLE_EAN), tmp_path / "cable.png")
    with qtbot.waitSignal(scan_session.images_scanned, timeout=20_000):
        assert drop_files(page, [picture])
    assert page.card.outcome == "red"
    assert page.card.headline_text() == "立即处置"
    [row] = scan_session.service.history()
    assert (row.raw_code, row.symbology, row.outcome) == (CABLE_EAN, "]E0", "red")
    assert page.recent_model.rowCount() == 1
    assert page.recent_model.scans[0].source is ScanSource.IMAGE
    assert "找到并记录了 1 个条码" in page.status_text()


def test_bad_and_empty_files_are_reported_plainly(
    qtbot: QtBot, page: ScanPage, scan_session: ScanSession, tmp_path: Path, recorded_prompts: Any
) -> None:
    not_an_image = tmp_path / "notes.png"
    not_an_image.write_text("这不是图像 not an image", encoding="utf-8")
    empty_photo = save_png(blank_frame(), tmp_path / "wall.png")
    good = save_png(ean13_picture(OIL_EAN), tmp_path / "oil.png")
    with qtbot.waitSignal(scan_session.images_scanned, timeout=20_000):
        assert drop_files(page, [not_an_image, empty_photo, good])
    [(parent, _title, message)] = recorded_prompts.named("show_error")
    assert parent is page
    assert message.startswith("notes.png: ")
    assert "图像" in message  # the decoder's own reason, in Chinese
    status = page.status_text().splitlines()
    assert status == ["notes.png：无法读取", "wall.png：图像中未找到条码", "oil.png：找到并记录了 1 个条码"]
    assert [row.raw_code for row in scan_session.service.history()] == [OIL_EAN]
    assert page.card.outcome == "amber"


def test_open_image_button_uses_the_file_dialog(
    qtbot: QtBot, page: ScanPage, scan_session: ScanSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    picture = save_png(ean13_picture(UNKNOWN_EAN), tmp_path / "unknown.png")
    asked: list[tuple[str, str]] = []

    def choose(_parent: object, title: str, name_filter: str) -> list[Path]:
        asked.append((title, name_filter))
        return [picture]

    monkeypatch.setattr(prompts, "choose_image_files", choose)
    with qtbot.waitSignal(scan_session.images_scanned, timeout=20_000):
        qtbot.mouseClick(page.findChild(QPushButton, "openImageButton"), Qt.MouseButton.LeftButton)
    assert asked and "*.png" in asked[0][1]
    assert page.card.outcome == "unknown"
    assert "已照常记录" in page.card.recorded_text()


def test_cancelled_file_dialog_does_nothing(
    qtbot: QtBot, page: ScanPage, scan_session: ScanSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "choose_image_files", lambda *_args: [])
    qtbot.mouseClick(page.findChild(QPushButton, "openImageButton"), Qt.MouseButton.LeftButton)
    assert not scan_session.runner.busy
    assert scan_session.service.count() == 0


def test_recent_list_and_trace(qtbot: QtBot, page: ScanPage, scan_session: ScanSession, qtmodeltester: Any) -> None:
    for code in (OIL_EAN, CABLE_EAN, OIL_EAN):
        with qtbot.waitSignal(scan_session.scan_recorded, timeout=10_000):
            scan_session.submit(code)
    model = page.recent_model
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert [scan.result.card.code for scan in model.scans] == [OIL_EAN, CABLE_EAN, OIL_EAN]
    assert "一级大豆油" in model.data(model.index(0, 0))
    # Picking an older scan shows its card again.
    page.findChild(QListView, "recentList").setCurrentIndex(model.index(1, 0))
    assert page.card.outcome == "red"
    with qtbot.waitSignal(page.trace_opened) as opened:
        qtbot.mouseClick(page.findChild(QPushButton, "traceButton"), Qt.MouseButton.LeftButton)
    dialog: TraceDialog = opened.args[0]
    qtbot.waitUntil(lambda: dialog.maker_model.rowCount() == 1)
    assert dialog.item_model.rows[0].raw_code == CABLE_EAN
    dialog.close()
