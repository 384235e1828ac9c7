"""SettingsService on a real SQLite workspace, and the language choice rule."""

from __future__ import annotations

import pytest

from inspector_app.services.settings_service import LANGUAGE_KEY, SettingsService, choose_language
from inspector_app.services.workspace import Workspace, open_workspace


def test_get_default_and_set(workspace: Workspace) -> None:
    settings = SettingsService(workspace.database)
    assert settings.get("place.name") is None
    assert settings.get("place.name", "未设置") == "未设置"
    settings.set("place.name", "海淀区市场")
    settings.set("place.name", "朝阳区市场")  # replaces, never duplicates
    assert settings.get("place.name") == "朝阳区市场"


def test_language_round_trip_survives_reopening(workspace: Workspace) -> None:
    settings = SettingsService(workspace.database)
    assert settings.language() is None
    settings.set_language("en")
    assert settings.language() == "en"
    workspace.close()
    reopened = open_workspace(workspace.data_dir)
    try:
        assert SettingsService(reopened.database).language() == "en"
    finally:
        reopened.close()


def test_unsupported_language(workspace: Workspace) -> None:
    settings = SettingsService(workspace.database)
    with pytest.raises(ValueError, match="unsupported"):
        settings.set_language("fr")
    assert settings.language() is None
    settings.set(LANGUAGE_KEY, "klingon")  # e.g. written by a newer version
    assert settings.language() is None


@pytest.mark.parametrize(
    ("explicit", "stored", "system", "expected"),
    [
        ("en", "zh", "zh_CN", "en"),  # the command line wins
        (None, "en", "zh_CN", "en"),  # then the setting
        (None, "zh", "en_US", "zh"),
        (None, None, "en_US", "en"),  # then the system locale
        (None, None, "en-GB.UTF-8", "en"),
        (None, None, "EN", "en"),
        (None, None, "zh_CN.UTF-8", "zh"),
        (None, None, "C.UTF-8", "zh"),
        (None, None, "de_DE", "zh"),
        (None, None, "", "zh"),
        (None, None, None, "zh"),
        ("fr", "xx", "en_US", "en"),  # unsupported values are skipped
    ],
)
def test_choose_language(explicit: str | None, stored: str | None, system: str | None, expected: str) -> None:
    assert choose_language(explicit, stored, system) == expected
