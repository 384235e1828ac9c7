"""Cleaning what a scanner or a keyboard sent before anything is recognised.

Group separator substitutes
---------------------------
A GS1 variable-length field (batch, serial, ...) ends with FNC1, which scanners transmit as the ASCII group
separator GS (0x1D). Keyboard-wedge scanners often cannot type GS and send something else; people copying
from label software type a visible stand-in. A stand-in is only safe if it can never occur inside a GS1 value.
GS1 values use the "AI encodable character set 82" (``! " % & ' ( ) * + , - . / 0-9 : ; < = > ? A-Z _ a-z``),
set 39 (``# - / 0-9 A-Z``, AI 8010) or set 64 (``- = 0-9 A-Z _ a-z``, AI 8030). So we accept:

- ``\\x1d`` itself, ``\\u241d`` (the visible symbol ␝), ``{GS}``, ``^]`` (caret notation for 0x1D), ``~``
  and ``\\xe8`` (FNC1 as code point 232, as some wedges send it): none of ``{ } ^ ] ~ ␝ è`` is in any of the
  three sets;
- an AIM symbology identifier of a GS1 symbology (``]C1``, ``]e0``, ``]d2``, ``]Q3``, ``]J1``) found inside
  the data (FNC1 reported again by concatenating readers): ``]`` is in none of the sets;
- ``<GS>``: ``<``, ``G``, ``S``, ``>`` are each in set 82, so a lot number could in theory contain the four
  characters ``<GS>``. We still accept it, as it is the notation label software and documentation print, and
  a real lot "…<GS>…" would be unreadable on any keyboard-mode scanner anyway. This is the one deliberate
  exception; it is matched case-insensitively, like ``{GS}``.

Not accepted: ``#`` (set 39), ``|``, ``@`` and other characters no scanner we know sends for GS.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from biip import ParseError
from biip.symbology import SymbologyIdentifier

logger = logging.getLogger(__name__)

GS = "\x1d"

_GS_SUBSTITUTES = re.compile(
    r"<GS>|\{GS\}|\^\]|\u241d|~|\xe8|\](?:C1|e0|d2|Q3|J1)",
    re.IGNORECASE,
)
# Only the two-letter tokens are case-insensitive; AIM identifiers are case-sensitive (]d2 vs ]D2).
_CASE_SENSITIVE_AIM = re.compile(r"\](?:C1|e0|d2|Q3|J1)")
_AIM_PREFIX = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
_HYPHENS = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")


def clean_text(text: str) -> str:
    """NFKC-normalise (full-width digits and letters from Chinese IMEs become ASCII), drop invisible format
    characters (byte-order marks, zero-width spaces from copy and paste) and strip surrounding whitespace."""
    normalized = unicodedata.normalize("NFKC", text)
    visible = "".join(char for char in normalized if unicodedata.category(char) != "Cf")
    return visible.strip()


def split_symbology(text: str, symbology: str | None) -> tuple[SymbologyIdentifier | None, str]:
    """Take a leading AIM symbology identifier off ``text``; else use ``symbology`` given separately.

    A malformed separate ``symbology`` is ignored (the decoder that sent it is at fault, not the code).
    """
    if _AIM_PREFIX.match(text):
        identifier = _extract(text)
        if identifier is not None:
            return identifier, text[len(identifier.value) :]
    if symbology:
        cleaned = clean_text(symbology)
        identifier = _extract(cleaned) if _AIM_PREFIX.match(cleaned) else None
        if identifier is None:
            logger.debug("ignoring malformed symbology identifier %r", symbology)
        return identifier, text
    return None, text


def _extract(text: str) -> SymbologyIdentifier | None:
    try:
        return SymbologyIdentifier.extract(text)
    except (ParseError, ValueError, IndexError):
        # biip indexes and converts modifier digits without guarding them (``]Yx`` raises ValueError).
        return None


def replace_gs_substitutes(text: str) -> tuple[str, bool]:
    """Replace every accepted GS stand-in by GS; also say whether any separator (real or stand-in) was seen."""
    found = GS in text

    def substitute(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith("]") and not _CASE_SENSITIVE_AIM.fullmatch(token):
            return token
        return GS

    replaced = _GS_SUBSTITUTES.sub(substitute, text)
    return replaced, found or replaced != text


def normalise_hyphens(text: str) -> str:
    """Turn the dashes IMEs and word processors produce (－, –, —, ‐, …) into ``-``."""
    return _HYPHENS.sub("-", text)


def remove_inner_whitespace(text: str) -> str:
    """Drop every whitespace character (licence numbers are often typed with spaces)."""
    return "".join(text.split())
