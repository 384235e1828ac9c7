"""Device-local settings (the ``settings`` key/value table): UI language and the like."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from inspector_app.storage.database import Database
from inspector_app.storage.models import Setting

logger = logging.getLogger(__name__)

LANGUAGE_KEY = "ui.language"
#: Languages the interface ships in; Chinese is the source language of every string.
SUPPORTED_LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


def choose_language(explicit: str | None, stored: str | None, system_locale: str | None) -> str:
    """The UI language: the command line wins, then the saved setting, then the system locale.

    The workstation is built for Chinese inspectors, so only a system locale whose language is English
    (``en``, ``en_US``, ``en-GB.UTF-8``...) selects English; any other locale, including ``C``, gives Chinese.
    Unsupported values are ignored rather than trusted.
    """
    for candidate in (explicit, stored):
        if candidate in SUPPORTED_LANGUAGES:
            return candidate
    if system_locale:
        language = system_locale.replace("-", "_").split("_", 1)[0].split(".", 1)[0].lower()
        if language == "en":
            return "en"
    return DEFAULT_LANGUAGE


class SettingsService:
    """Reads and writes device-local settings. Each call is its own transaction."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def get(self, key: str, default: str | None = None) -> str | None:
        """The value stored under ``key``, or ``default``."""
        row = self._database.run(lambda session: session.get(Setting, key))
        return default if row is None else row.value

    def set(self, key: str, value: str) -> None:
        """Store ``value`` under ``key`` (insert or replace)."""

        def work(session: Session) -> None:
            session.merge(Setting(key=key, value=value))

        self._database.run(work)
        logger.info("setting %s changed", key)

    def language(self) -> str | None:
        """The saved UI language, or ``None`` when none (or an unsupported one) is saved."""
        value = self.get(LANGUAGE_KEY)
        return value if value in SUPPORTED_LANGUAGES else None

    def set_language(self, language: str) -> None:
        """Save the UI language; ``language`` must be one of ``SUPPORTED_LANGUAGES``."""
        if language not in SUPPORTED_LANGUAGES:
            raise ValueError(f"unsupported language {language!r}; expected one of {SUPPORTED_LANGUAGES}")
        self.set(LANGUAGE_KEY, language)
