"""Settings: the interface language, and where this workstation keeps its data and backups."""

from __future__ import annotations

import functools
import logging

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from inspector_app.gui import prompts
from inspector_app.gui.change_bus import Change
from inspector_app.gui.forms.ui_settings_page import Ui_SettingsPage
from inspector_app.gui.page_context import PageContext

logger = logging.getLogger(__name__)

# Each language is named in itself, so whoever cannot read the current one still finds their own.
_LANGUAGE_NAMES = (("zh", "中文（简体）"), ("en", "English"))


class SettingsPage(QWidget):
    """Choose the language (saved, applied at once); see and open the data and backup folders.

    Signals: none.
    """

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._info = context.services.status.workspace_info()
        self._ui = Ui_SettingsPage()
        self._ui.setupUi(self)  # type: ignore[no-untyped-call]  # generated form
        for code, name in _LANGUAGE_NAMES:
            self._ui.languageCombo.addItem(name, code)
        self._ui.dataDirEdit.setText(str(self._info.data_dir))
        self._ui.dataDirEdit.setCursorPosition(0)
        self._ui.backupsDirEdit.setText(str(self._info.backups_dir))
        self._ui.backupsDirEdit.setCursorPosition(0)
        self._ui.databaseValue.setText(self._info.database_path.name)
        self._ui.databaseValue.setToolTip(str(self._info.database_path))
        self._show_language(context.translations.language)
        self._retranslate()

        self._ui.languageCombo.activated.connect(self._on_language_activated)
        self._ui.openDataDirButton.clicked.connect(self._on_open_data_dir_clicked)
        self._ui.openBackupsButton.clicked.connect(self._on_open_backups_clicked)
        context.translations.language_changed.connect(self._show_language)

    def _show_language(self, language: str) -> None:
        combo = self._ui.languageCombo
        index = combo.findData(language)
        if index >= 0 and index != combo.currentIndex():
            combo.setCurrentIndex(index)

    def _on_language_activated(self, index: int) -> None:
        language = self._ui.languageCombo.itemData(index)
        if language == self._context.translations.language:
            return
        work = functools.partial(self._context.services.settings.set_language, language)
        self._context.runner.run_command(
            work,
            functools.partial(self._on_language_saved, language),
            changes=Change.SETTINGS,
            on_error=self._on_language_not_saved,
        )

    def _on_language_saved(self, language: str, _result: object) -> None:
        self._context.translations.install(language)

    def _on_language_not_saved(self, _error: BaseException) -> None:
        self._show_language(self._context.translations.language)

    def _on_open_data_dir_clicked(self) -> None:
        prompts.open_folder(self._info.data_dir)

    def _on_open_backups_clicked(self) -> None:
        if not self._info.backups_dir.is_dir():
            prompts.show_information(
                self,
                self.tr("暂无备份"),
                self.tr("还没有备份。工作站会在升级数据库之前自动创建备份。"),
            )
            return
        prompts.open_folder(self._info.backups_dir)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._ui.retranslateUi(self)  # type: ignore[no-untyped-call]
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        if self._info.is_demo:
            self._ui.workspaceValue.setText(self.tr("演示工作区（示例数据，不是真实记录）"))
        else:
            self._ui.workspaceValue.setText(self.tr("正式工作区"))
