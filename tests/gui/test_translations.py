"""Translations: the shipped English catalogue loads and covers the interface; Chinese gets Qt's own strings."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from inspector_app.gui.translations import Translations
from inspector_app.resources import resource_path


def test_english_catalogue_translates(translations: Translations, qtbot: QtBot) -> None:
    with qtbot.waitSignal(translations.language_changed) as changed:
        assert translations.install("en") is True
    assert changed.args == ["en"]
    assert translations.language == "en"
    assert QCoreApplication.translate("Navigation", "产品目录") == "Catalogue"
    assert QCoreApplication.translate("DisplayText", "不得检出") == "Not detected"
    assert QLocale().language() == QLocale.Language.English


def test_chinese_uses_the_source_strings_and_qt_chinese(translations: Translations) -> None:
    translations.install("en")
    assert translations.install("zh") is True
    assert QCoreApplication.translate("Navigation", "产品目录") == "产品目录"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own dialog buttons
    assert QLocale().language() == QLocale.Language.Chinese


def test_uninstall_restores_the_source_strings(qapp: QApplication) -> None:
    translations = Translations()
    translations.install("en")
    translations.uninstall()
    assert QCoreApplication.translate("Navigation", "产品目录") == "产品目录"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_missing_catalogue_is_reported(
    qapp: QApplication, tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSPECTOR_APP_RESOURCES", str(tmp_path))
    translations = Translations()
    try:
        assert translations.install("en") is False  # the interface stays usable, in Chinese
        assert translations.language == "en"
        assert QCoreApplication.translate("Navigation", "产品目录") == "产品目录"
    finally:
        translations.uninstall()


def test_unsupported_language(translations: Translations) -> None:
    with pytest.raises(ValueError, match="unsupported"):
        translations.install("fr")


def test_every_english_translation_keeps_its_placeholders() -> None:
    """A translation that drops "{count}" would show a wrong or empty figure (unfinished ones: build_qt --check)."""
    root = ET.parse(resource_path("translations", "inspector_app_en.ts")).getroot()
    checked = 0
    for message in root.iter("message"):
        source = message.findtext("source", "")
        translation = message.find("translation")
        assert translation is not None
        if translation.get("type") == "unfinished":
            continue
        texts = [translation.text or ""] + [form.text or "" for form in translation.iter("numerusform")]
        english = " ".join(texts)
        for placeholder in ("{count}", "{limit}", "{note}", "{title}", "{edition}", "{folder}", "{version}", "%n"):
            if placeholder in source:
                assert placeholder in english, f"{source!r} → {english!r}"
                checked += 1
    assert checked >= 8
