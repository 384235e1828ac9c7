"""The settings page: language saved and applied at once, data and backup folders."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from inspector_app.gui.application import Application
from inspector_app.gui.pages.settings_page import SettingsPage
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
