"""How a verdict's outcome looks everywhere it is shown: the same colour and words on the card, the scan bar and
in the tables, so an inspector learns them once."""

from __future__ import annotations

import logging

from PySide6.QtGui import QColor

from inspector_app.domain.verdict import HEADLINES, Outcome

logger = logging.getLogger(__name__)

# Background and text colour per outcome: strong enough to read at arm's length in daylight, and the amber
# band carries dark text because white on yellow is unreadable.
_COLOURS: dict[str, tuple[str, str]] = {
    Outcome.RED.value: ("#c62828", "#ffffff"),
    Outcome.AMBER.value: ("#f9a825", "#212121"),
    Outcome.GREEN.value: ("#2e7d32", "#ffffff"),
    Outcome.UNKNOWN.value: ("#616161", "#ffffff"),
    Outcome.INVALID.value: ("#9e9e9e", "#212121"),
}
_NEUTRAL = ("#e0e0e0", "#212121")


def background_colour(outcome: str) -> QColor:
    """The band colour of ``outcome``: red, amber, green, or grey for unknown and invalid."""
    return QColor(_COLOURS.get(outcome, _NEUTRAL)[0])


def text_colour(outcome: str) -> QColor:
    """The colour of text written on ``background_colour(outcome)``."""
    return QColor(_COLOURS.get(outcome, _NEUTRAL)[1])


def style_sheet(outcome: str) -> str:
    """A style sheet fragment giving a widget the outcome's colours."""
    background, foreground = _COLOURS.get(outcome, _NEUTRAL)
    return f"background-color: {background}; color: {foreground};"


def headline(outcome: str, language: str) -> str:
    """The card's headline for ``outcome`` ("立即处置", "基础数据中无此商品"...) in ``language``."""
    try:
        zh, en = HEADLINES[Outcome(outcome)]
    except ValueError:
        logger.warning("unknown outcome %r", outcome)
        return outcome
    return en if language.startswith("en") else zh
