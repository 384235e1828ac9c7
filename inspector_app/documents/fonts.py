"""The CJK TrueType font embedded in every PDF: WenQuanYi Micro Hei from ``resources/fonts/``.

reportlab's built-in CID fonts (``STSong-Light``) are not embedded, and a machine without Chinese fonts then shows
blanks; a TrueType font is embedded as a subset of the glyphs used (about 27 KB a page). Parsing the 5 MB
collection takes some 60 ms, so it is registered once per process; the lock makes that safe when PDFs are
rendered on a worker thread.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from inspector_app.domain.errors import FontMissingError
from inspector_app.resources import resource_path

logger = logging.getLogger(__name__)

FONT_NAME = "WenQuanYiMicroHei"
FONT_FILE = "wqy-microhei.ttc"

_lock = threading.Lock()
_registered: str | None = None


def font_path() -> Path:
    """Where the font collection lives."""
    return resource_path("fonts", FONT_FILE)


def cjk_font() -> str:
    """The reportlab name of the embedded CJK font, registering it on first use."""
    global _registered  # noqa: PLW0603 - one registration per process is the point
    if _registered is not None:
        return _registered
    with _lock:
        if _registered is None:
            path = font_path()
            if not path.is_file():
                raise FontMissingError(
                    f"找不到中文字体文件 {path}，无法生成 PDF，请重新安装",
                    f"The Chinese font {path} is missing, so no PDF can be made; please reinstall",
                )
            logger.debug("registering %s from %s", FONT_NAME, path)
            # Sub-font 0 of the collection is the proportional Micro Hei (1 is the monospaced variant).
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
            _registered = FONT_NAME
    return _registered
