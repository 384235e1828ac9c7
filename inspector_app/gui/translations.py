"""Which language the interface speaks, and the Qt translators that make it so.

Source strings are Simplified Chinese, so Chinese needs no application translator; it only loads Qt's own
Chinese catalogue so that standard buttons ("OK", "Cancel") match. English loads ``inspector_app_en.qm``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from inspector_app.resources import resource_path

logger = logging.getLogger(__name__)

TRANSLATION_BASENAME = "inspector_app"

_LOCALES = {
    "zh": QLocale(QLocale.Language.Chinese, QLocale.Country.China),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
}
# Qt's own strings: Chinese ships as a catalogue; English is Qt's source language and needs none.
_QT_CATALOGUES = {"zh": "qtbase_zh_CN"}


def system_locale_name() -> str:
    """The system locale as Qt sees it, e.g. ``zh_CN`` or ``en_US``."""
    return QLocale.system().name()


class Translations(QObject):
    """Installs the translators for one language at a time on the running application.

    Signals:
        language_changed(str): the interface language became ``"zh"`` or ``"en"``.
    """

    language_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._language: str | None = None
        self._installed: list[QTranslator] = []

    @property
    def language(self) -> str:
        """The current language (``"zh"`` until something else is installed)."""
        return self._language or "zh"

    def install(self, language: str) -> bool:
        """Switch the interface to ``language``; ``False`` if its catalogue could not be loaded.

        Installing a translator makes Qt send every widget a ``LanguageChange`` event, which is where pages
        re-translate themselves.
        """
        if language not in _LOCALES:
            raise ValueError(f"unsupported language {language!r}")
        if language == self._language:
            return True
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before installing translations")
        self._remove_translators(app)
        complete = True
        qt_catalogue = _QT_CATALOGUES.get(language)
        if qt_catalogue:
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            complete &= self._load(app, qt_catalogue, qt_dir)
        if language != "zh":
            app_dir = str(resource_path("translations"))
            complete &= self._load(app, f"{TRANSLATION_BASENAME}_{language}", app_dir)
        QLocale.setDefault(_LOCALES[language])
        self._language = language
        logger.info("interface language: %s", language)
        self.language_changed.emit(language)
        return complete

    def uninstall(self) -> None:
        """Remove our translators from the application (it goes back to the Chinese source strings)."""
        app = QCoreApplication.instance()
        if app is not None:
            self._remove_translators(app)
        QLocale.setDefault(QLocale.system())
        self._language = None

    def _remove_translators(self, app: QCoreApplication) -> None:
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed = []

    def _load(self, app: QCoreApplication, name: str, directory: str) -> bool:
        translator = QTranslator(self)
        if not translator.load(name, directory):
            logger.warning("translation %s not found in %s", name, directory)
            return False
        app.installTranslator(translator)
        self._installed.append(translator)
        return True
