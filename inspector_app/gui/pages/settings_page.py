"""Settings: the interface language, the idle time before the workstation locks, and where it keeps its data and
backups.

The idle time is the setting ``security.idle_minutes`` that ``SessionController`` reads at start and at every login;
a change made here is saved and handed to the running idle lock at once, so it applies without a restart.
"""

from __future__ import annotations

import functools
import logging

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QSpinBox, QWidget

from inspector_app.gui import prompts
from inspector_app.gui.change_bus import Change
from inspector_app.gui.forms.ui_settings_page import Ui_SettingsPage
from inspector_app.gui.page_context import PageContext
from inspector_app.gui.session_controller import IDLE_MINUTES_KEY, idle_minutes
from inspector_app.gui.session_controller import MAX_IDLE_MINUTES as _MAX_ACCEPTED

logger = logging.getLogger(__name__)

# Each language is named in itself, so whoever cannot read the current one still finds their own.
_LANGUAGE_NAMES = (("zh", "中文（简体）"), ("en", "English"))

# The idle times the page offers, in whole minutes: under a minute locks an inspector out while reading a form; the
# upper bound is the one the session controller accepts.
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = int(_MAX_ACCEPTED)


class SettingsPage(QWidget):
    """Choose the language (saved, applied at once) and the idle time before the lock (saved, applied at once); see
    and open the data and backup folders.

    Signals:
        idle_minutes_saved(int): the idle time was saved and handed to the idle lock.
    """

    idle_minutes_saved = Signal(int)

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
        self._build_idle_lock_group()
        self._retranslate()

        self._ui.languageCombo.activated.connect(self._on_language_activated)
        self._ui.openDataDirButton.clicked.connect(self._on_open_data_dir_clicked)
        self._ui.openBackupsButton.clicked.connect(self._on_open_backups_clicked)
        context.translations.language_changed.connect(self._show_language)
        self._idle_spin.valueChanged.connect(self._on_idle_minutes_changed)
        context.runner.run_query(self._read_idle_minutes, self._show_idle_minutes)

    @property
    def idle_spin(self) -> QSpinBox:
        """The idle time before the lock, in minutes."""
        return self._idle_spin

    def _build_idle_lock_group(self) -> None:
        # Built here rather than in the Designer form: one row, placed above the data group.
        self._security_group = QGroupBox(self)
        self._security_group.setObjectName("securityGroup")
        self._idle_label = QLabel(self._security_group)
        self._idle_label.setObjectName("idleMinutesLabel")
        self._idle_spin = QSpinBox(self._security_group)
        self._idle_spin.setObjectName("idleMinutesSpin")
        self._idle_spin.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        # Saved on Enter, on leaving the field or on an arrow step; not on every keystroke of "15".
        self._idle_spin.setKeyboardTracking(False)
        self._idle_spin.setEnabled(False)  # until the stored value is read
        self._idle_label.setBuddy(self._idle_spin)
        self._idle_note = QLabel(self._security_group)
        self._idle_note.setObjectName("idleMinutesNote")
        self._idle_note.setWordWrap(True)
        form = QFormLayout(self._security_group)
        form.addRow(self._idle_label, self._idle_spin)
        form.addRow(self._idle_note)
        layout = self._ui.pageLayout
        layout.insertWidget(layout.indexOf(self._ui.dataGroup), self._security_group)

    def _read_idle_minutes(self) -> float:
        return idle_minutes(self._context.services.settings.get(IDLE_MINUTES_KEY))

    def _show_idle_minutes(self, minutes: float) -> None:
        # The time that applies is shown: a fraction at its nearest whole minute, an unusable value (over two hours,
        # not a number) as the default the lock uses instead. The stored text stays until the inspector changes it.
        self._idle_spin.blockSignals(True)
        self._idle_spin.setValue(min(MAX_IDLE_MINUTES, max(MIN_IDLE_MINUTES, round(minutes))))
        self._idle_spin.blockSignals(False)
        self._idle_spin.setEnabled(True)

    def _on_idle_minutes_changed(self, minutes: int) -> None:
        if not MIN_IDLE_MINUTES <= minutes <= MAX_IDLE_MINUTES:
            return
        work = functools.partial(self._context.services.settings.set, IDLE_MINUTES_KEY, str(minutes))
        self._context.runner.run_command(
            work,
            functools.partial(self._on_idle_minutes_saved, minutes),
            changes=Change.SETTINGS,
            on_error=self._on_idle_minutes_not_saved,
        )

    def _on_idle_minutes_saved(self, minutes: int, _result: object) -> None:
        self._context.sessions.set_idle_minutes(minutes)
        logger.info("idle lock set to %d minutes", minutes)
        self.idle_minutes_saved.emit(minutes)

    def _on_idle_minutes_not_saved(self, _error: BaseException) -> None:
        self._context.runner.run_query(self._read_idle_minutes, self._show_idle_minutes)

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
        self._security_group.setTitle(self.tr("安全"))
        self._idle_label.setText(self.tr("闲置自动锁定："))
        self._idle_spin.setSuffix(self.tr(" 分钟"))
        self._idle_note.setText(
            self.tr(
                "无人操作达到设定时间后，工作站自动锁定，须重新输入密码。可设 {low}–{high} 分钟，修改后立即生效。"
            ).format(low=MIN_IDLE_MINUTES, high=MAX_IDLE_MINUTES)
        )
        if self._info.is_demo:
            self._ui.workspaceValue.setText(self.tr("演示工作区（示例数据，不是真实记录）"))
        else:
            self._ui.workspaceValue.setText(self.tr("正式工作区"))
