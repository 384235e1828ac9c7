"""The settings page: language saved and applied at once, the idle-lock time saved and applied at once within its
bounds, data and backup folders."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from inspector_app.gui.application import Application
from inspector_app.gui.idle_lock import DEFAULT_IDLE_MINUTES, minutes_to_ms
from inspector_app.gui.page_context import GuiServices, PageContext
from inspector_app.gui.pages.settings_page import SettingsPage
from inspector_app.gui.session_controller import IDLE_MINUTES_KEY
from inspector_app.gui.translations import Translations
from inspector_app.services.settings_service import SettingsService
from inspector_app.services.workspace import Workspace


def _page(gui_app: Application) -> SettingsPage:
    gui_app.main_window.show_page("settings")
    page = gui_app.main_window.page("settings")
    assert isinstance(page, SettingsPage)
    return page


def test_shows_the_workspace_folders(gui_app: Application, small_catalogue: Workspace) -> None:
    page = _page(gui_app)
    assert page._ui.dataDirEdit.text() == str(small_catalogue.data_dir)
    assert page._ui.backupsDirEdit.text() == str(small_catalogue.data_dir / "backups")
    assert page._ui.databaseValue.text() == "inspector.db"
    assert page._ui.workspaceValue.text() == "正式工作区"
    assert page._ui.languageCombo.currentData() == "zh"


def test_choosing_english_saves_and_applies_it(
    qtbot: QtBot, gui_app: Application, small_catalogue: Workspace, translations: Translations
) -> None:
    page = _page(gui_app)
    combo = page._ui.languageCombo
    combo.setFocus()
    with qtbot.waitSignal(translations.language_changed, timeout=3000) as changed:
        qtbot.keyClick(combo, Qt.Key.Key_Down)  # the next entry: English
    assert changed.args == ["en"]
    qtbot.waitUntil(lambda: page._ui.languageLabel.text() != "界面语言：", timeout=3000)
    assert SettingsService(small_catalogue.database).language() == "en"
    assert page._ui.languageLabel.text() == "Interface language:"
    assert page._ui.workspaceValue.text() == "Live workspace"
    assert gui_app.main_window.windowTitle() == "Inspector Workstation"


def test_open_data_folder(
    qtbot: QtBot, gui_app: Application, small_catalogue: Workspace, recorded_prompts: Any
) -> None:
    page = _page(gui_app)
    qtbot.mouseClick(page._ui.openDataDirButton, Qt.MouseButton.LeftButton)
    assert recorded_prompts.named("open_folder") == [(small_catalogue.data_dir,)]


def test_open_backups_folder(
    qtbot: QtBot, gui_app: Application, small_catalogue: Workspace, recorded_prompts: Any
) -> None:
    page = _page(gui_app)
    qtbot.mouseClick(page._ui.openBackupsButton, Qt.MouseButton.LeftButton)
    assert recorded_prompts.named("open_folder") == []
    ((_parent, title, _message),) = recorded_prompts.named("show_information")
    assert title == "暂无备份"
    (small_catalogue.data_dir / "backups").mkdir()
    qtbot.mouseClick(page._ui.openBackupsButton, Qt.MouseButton.LeftButton)
    assert recorded_prompts.named("open_folder") == [(small_catalogue.data_dir / "backups",)]


def _typed_into_spin(qtbot: QtBot, page: SettingsPage, text: str) -> None:
    spin = page.idle_spin
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)


def test_idle_lock_minutes_are_saved_and_applied_at_once(
    qtbot: QtBot, gui_app: Application, small_catalogue: Workspace
) -> None:
    page = _page(gui_app)
    spin = page.idle_spin
    qtbot.waitUntil(spin.isEnabled, timeout=3000)
    assert spin.value() == DEFAULT_IDLE_MINUTES and (spin.minimum(), spin.maximum()) == (1, 120)
    assert spin.suffix() == " 分钟"
    lock = gui_app.sessions.idle_lock
    assert lock.is_running and lock.idle_ms == minutes_to_ms(DEFAULT_IDLE_MINUTES)

    with qtbot.assertNotEmitted(spin.valueChanged):  # not saved on every keystroke of "25"
        _typed_into_spin(qtbot, page, "25")
    with qtbot.waitSignal(page.idle_minutes_saved, timeout=3000) as saved:
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert saved.args == [25]
    assert SettingsService(small_catalogue.database).get(IDLE_MINUTES_KEY) == "25"
    # In force without a restart: the running lock counts 25 minutes from now.
    assert lock.is_running and lock.idle_ms == minutes_to_ms(25)


def test_idle_lock_minutes_stay_within_bounds(qtbot: QtBot, gui_app: Application, small_catalogue: Workspace) -> None:
    page = _page(gui_app)
    spin = page.idle_spin
    qtbot.waitUntil(spin.isEnabled, timeout=3000)
    _typed_into_spin(qtbot, page, "500")  # the third digit would pass two hours: refused as typed
    with qtbot.waitSignal(page.idle_minutes_saved, timeout=3000) as saved:
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert saved.args == [50] and spin.value() == 50
    with qtbot.waitSignal(page.idle_minutes_saved, timeout=3000) as saved:
        spin.setValue(0)  # below the least offered: one minute
    assert saved.args == [1] and spin.value() == 1
    assert SettingsService(small_catalogue.database).get(IDLE_MINUTES_KEY) == "1"
    assert gui_app.sessions.idle_lock.idle_ms == minutes_to_ms(1)


@pytest.mark.parametrize(
    ("stored", "shown"), [("0.005", 1), ("90.4", 90), ("200", DEFAULT_IDLE_MINUTES), ("abc", DEFAULT_IDLE_MINUTES)]
)
def test_a_stored_idle_time_the_page_does_not_offer_is_shown_and_left_alone(
    qtbot: QtBot, gui_app: Application, gui_services: GuiServices, stored: str, shown: int
) -> None:
    settings = gui_services.settings
    settings.set(IDLE_MINUTES_KEY, stored)
    context = PageContext(
        gui_services, gui_app.runner, gui_app.change_bus, gui_app.translations, gui_app.scan_session, gui_app.sessions
    )
    page = SettingsPage(context)
    qtbot.addWidget(page)
    qtbot.waitUntil(page.idle_spin.isEnabled, timeout=3000)
    assert page.idle_spin.value() == shown
    assert gui_app.runner.wait_until_idle()
    assert settings.get(IDLE_MINUTES_KEY) == stored
