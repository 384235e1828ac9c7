"""The embedded CJK font: shipped with its licence, registered once, and a clear error when it is missing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from inspector_app.documents import fonts
from inspector_app.domain.errors import FontMissingError
from inspector_app.resources import RESOURCES_ENV


def test_the_font_ships_with_its_licence() -> None:
    path = fonts.font_path()
    assert path.is_file()
    assert path.stat().st_size > 4_000_000
    licence = (path.parent / "LICENSE-wqy-microhei.txt").read_text(encoding="utf-8")
    assert "The WenQuanYi Project Board of Trustees" in licence
    assert "Apache-2.0 or GPL-3+ with Font exception" in licence
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in licence  # the full Apache text
    assert "END OF TERMS AND CONDITIONS" in licence


def test_the_font_is_registered_once_even_from_several_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    register = pdfmetrics.registerFont

    def counting(font: object) -> None:
        calls.append(getattr(font, "fontName", ""))
        register(font)

    monkeypatch.setattr(fonts, "_registered", None)
    monkeypatch.setattr(fonts.pdfmetrics, "registerFont", counting)
    with ThreadPoolExecutor(max_workers=4) as pool:
        names = list(pool.map(lambda _: fonts.cjk_font(), range(8)))
    assert names == [fonts.FONT_NAME] * 8
    assert calls == [fonts.FONT_NAME]
    assert pdfmetrics.getFont(fonts.FONT_NAME).face.name  # a real TrueType face, embedded when used


def test_a_missing_font_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "_registered", None)
    monkeypatch.setenv(RESOURCES_ENV, str(tmp_path))
    with pytest.raises(FontMissingError) as caught:
        fonts.cjk_font()
    assert "wqy-microhei.ttc" in caught.value.message_zh
    assert "reinstall" in caught.value.message_en
