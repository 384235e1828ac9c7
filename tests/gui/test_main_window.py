"""Smoke tests of the main window: navigation from the registry, status bar, toolbar, language switch."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from inspector_app import __version__
from inspector_app.gui.application import Application
from inspector_app.gui.change_bus import Change
from inspector_app.gui.navigation import PAGES, page_spec
from inspector_app.gui.pages.catalogue_page import CataloguePage
from inspector_app.gui.pages.settings_page import SettingsPage
from inspector_app.gui.translations import Translations
from inspector_app.services.scan_service import ScanService
from inspector_app.services.workspace import Workspace


def _navigation(gui_app: Application) -> QListWidget:
    return gui_app.main_window._ui.navigationList


def _nav_texts(gui_app: Application) -> list[str]:
    navigation = _navigation(gui_app)
    return [navigation.item(row).text() for row in range(navigation.count())]


def _status_texts(gui_app: Application) -> list[str]:
    window = gui_app.main_window
    labels = (window._workspace_label, window._edition_label, window._hq_label, window._pending_label)
    return [label.text() for label in labels]


def test_window_shows_only_the_registered_pages(gui_app: Application) -> None:
    window = gui_app.main_window
    assert window.isVisible()
    assert window.windowTitle() == "质量安全监管检查工作站"
    assert window.page_keys() == [spec.key for spec in PAGES]
    assert window.page_keys() == ["home", "scan", "camera", "scan_history", "records", "sync", "catalogue", "settings"]
    assert _nav_texts(gui_app) == ["首页", "扫描", "摄像头扫描", "扫描记录", "抽查记录", "同步", "产品目录", "设置"]
    assert isinstance(window.page("catalogue"), CataloguePage)
    assert isinstance(window.page("settings"), SettingsPage)
    assert window.current_page_key() == "home"
    assert not _navigation(gui_app).item(0).icon().isNull()


def test_clicking_the_navigation_switches_pages(qtbot: QtBot, gui_app: Application) -> None:
    navigation = _navigation(gui_app)
    rect = navigation.visualItemRect(navigation.item(navigation.count() - 1))
    qtbot.mouseClick(navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert gui_app.main_window.current_page_key() == "settings"
    assert gui_app.main_window._ui.pageStack.currentWidget() is gui_app.main_window.page("settings")
    gui_app.main_window.show_page("catalogue")
    assert gui_app.main_window._ui.pageStack.currentWidget() is gui_app.main_window.page("catalogue")


def test_status_bar_tells_the_truth(gui_app: Application, small_catalogue: Workspace) -> None:
    workspace, edition, hq, pending = _status_texts(gui_app)
    assert workspace == f"正式工作区 · {small_catalogue.data_dir}"
    assert edition == "目录：test-2023"
    assert gui_app.main_window._edition_label.toolTip() == "测试目录（2023年版）"
    assert hq == "未连接总部"
    assert pending == "待上传：0"


def test_pending_uploads_follow_the_outbox(gui_app: Application, small_catalogue: Workspace) -> None:
    scans = ScanService(small_catalogue.database, device_id="test-device")
    for _ in range(3):
        scans.record_scan("6901234567892")
    gui_app.change_bus.announce(Change.REFERENCE_DATA)
    assert gui_app.runner.wait_until_idle()
    assert _status_texts(gui_app)[3] == "待上传：3"


def test_busy_indicator_follows_the_runner(qtbot: QtBot, gui_app: Application) -> None:
    busy_bar = gui_app.main_window._busy_bar
    assert not busy_bar.isVisible()
    with qtbot.waitSignal(gui_app.runner.busy_changed) as started:
        gui_app.main_window.refresh_status()
    assert started.args == [True]
    assert busy_bar.isVisible()
    assert gui_app.runner.wait_until_idle()
    assert not busy_bar.isVisible()


def test_about_box(gui_app: Application, recorded_prompts: Any) -> None:
    gui_app.main_window._ui.aboutAction.trigger()
    ((_parent, title, text),) = recorded_prompts.named("show_about")
    assert title == "关于本工作站"
    assert __version__ in text
    assert "质量安全监管检查工作站" in text


def test_demo_workspace_is_marked(
    qtbot: QtBot, gui_services: Any, translations: Translations, small_catalogue: Workspace
) -> None:
    import dataclasses

    from inspector_app.services.status_service import StatusService

    demo_services = dataclasses.replace(gui_services, status=StatusService(small_catalogue, is_demo=True))
    application = Application(demo_services, translations)
    try:
        application.show()
        assert application.runner.wait_until_idle()
        window = application.main_window
        assert window.windowTitle() == "质量安全监管检查工作站 — 演示"
        assert window._demo_badge.isVisible()
        assert window._demo_badge.text() == "演示数据 · 非真实记录"
        assert window._workspace_label.text().startswith("演示工作区 · ")
    finally:
        application.shutdown()


def test_real_workspace_has_no_demo_badge(gui_app: Application) -> None:
    assert not gui_app.main_window._demo_badge.isVisible()


def test_english_everywhere(qtbot: QtBot, gui_app: Application, translations: Translations) -> None:
    assert translations.install("en")
    window = gui_app.main_window
    # Qt posts LanguageChange to the windows: the texts change once the event loop ran.
    qtbot.waitUntil(lambda: window.windowTitle() != "质量安全监管检查工作站", timeout=3000)
    assert window.windowTitle() == "Inspector Workstation"
    assert _nav_texts(gui_app) == [
        "Home", "Scan", "Camera scan", "Scan history", "Spot-check records", "Sync", "Catalogue", "Settings",
    ]  # fmt: skip
    workspace, edition, hq, pending = _status_texts(gui_app)
    assert workspace.startswith("Live workspace · ")
    assert (edition, hq, pending) == ("Catalogue: test-2023", "Not enrolled with HQ", "Pending uploads: 0")
    assert window._ui.aboutAction.text() == "About"
    assert page_spec("settings").title() == "Settings"
    assert translations.install("zh")
    qtbot.waitUntil(lambda: _nav_texts(gui_app)[-2:] == ["产品目录", "设置"], timeout=3000)
