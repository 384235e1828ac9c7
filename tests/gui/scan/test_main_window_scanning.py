"""Scanning in the real main window: the scan bar in its toolbar, the filter on the application, the scan pages
in the navigation, image files dropped on the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from scan_data import UNKNOWN_EAN, ean13_picture, gtin13, save_png
from scan_window import HUMAN_DELAY_MS, drop_files, focus

from inspector_app.gui.application import Application
from inspector_app.gui.pages.camera_page import CameraPage
from inspector_app.gui.pages.scan_history_page import ScanHistoryPage
from inspector_app.gui.pages.scan_page import ScanPage
from inspector_app.gui.scan_bar import ScanBar


def activate(qtbot: QtBot, gui_app: Application) -> None:
    window = gui_app.main_window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.wait(100)


def test_scan_pages_are_registered_and_the_scan_bar_is_in_the_toolbar(gui_app: Application) -> None:
    window = gui_app.main_window
    assert window.page_keys()[1:4] == ["scan", "camera", "scan_history"]  # after the home page
    assert isinstance(window.page("scan"), ScanPage)
    assert isinstance(window.page("camera"), CameraPage)
    assert isinstance(window.page("scan_history"), ScanHistoryPage)
    assert isinstance(window.scan_bar, ScanBar)
    assert window._ui.mainToolBar.isAncestorOf(window.scan_bar)
    assert window.scan_bar.isVisible()


def test_scanning_while_typing_a_catalogue_search(qtbot: QtBot, gui_app: Application) -> None:
    activate(qtbot, gui_app)
    window = gui_app.main_window
    window.show_page("catalogue")
    search = window.page("catalogue").findChild(QLineEdit, "searchEdit")
    focus(qtbot, search)
    qtbot.keyClicks(search, "oil", delay=HUMAN_DELAY_MS)
    code = gtin13("690123456700")
    with qtbot.waitSignal(gui_app.scan_session.scan_recorded, timeout=10_000):
        qtbot.keyClicks(search, code, delay=2)
        qtbot.keyClick(search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gui_app.main_window.scanner_filter.holding == 0)
    assert search.text() == "oil"
    assert window.current_page_key() == "catalogue"  # the inspector was typing: the page stays
    assert window.scan_bar.last_outcome == "unknown"
    assert [row.raw_code for row in gui_app.scan_session.service.history()] == [code]
    qtbot.waitUntil(lambda: window._pending_label.text() == "待上传：1", timeout=5_000)


def test_a_code_typed_into_the_scan_bar_shows_its_card(qtbot: QtBot, gui_app: Application) -> None:
    activate(qtbot, gui_app)
    window = gui_app.main_window
    window.show_page("settings")
    focus(qtbot, window.scan_bar.line_edit)
    with qtbot.waitSignal(gui_app.scan_session.scan_recorded, timeout=10_000):
        qtbot.keyClicks(window.scan_bar.line_edit, UNKNOWN_EAN)
        qtbot.keyClick(window.scan_bar.line_edit, Qt.Key.Key_Return)
    assert window.current_page_key() == "scan"
    page = window.page("scan")
    assert isinstance(page, ScanPage)
    assert page.card.headline_text() == "基础数据中无此商品"
    assert "已照常记录" in page.card.recorded_text()


def test_an_image_dropped_on_the_window_is_scanned(qtbot: QtBot, gui_app: Application, tmp_path: Path) -> None:
    window = gui_app.main_window
    window.show_page("catalogue")
    picture = save_png(ean13_picture(UNKNOWN_EAN), tmp_path / "photo.png")
    with qtbot.waitSignal(gui_app.scan_session.images_scanned, timeout=20_000):
        assert drop_files(window, [picture])
    assert window.current_page_key() == "scan"
    assert window.page("scan").card.outcome == "unknown"
    [row] = gui_app.scan_session.service.history()
    assert (row.raw_code, row.symbology) == (UNKNOWN_EAN, "]E0")
