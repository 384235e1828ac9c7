"""Symbology names: ours ↔ zxing-cpp format names ↔ zbar type names ↔ AIM symbology identifiers.

Our names are short, stable strings stored with every scan event, so they never depend on how a decoder
library happens to spell a format. GS1 variants are distinct symbologies because the AIM identifier a
scanner sends (``]C1`` vs ``]C0``, ``]d2`` vs ``]d1``, ``]Q3`` vs ``]Q1``) tells them apart, and the
identifier parser needs to know that FNC1 (GS) separators are meaningful.

This module does not import any decoder library: it maps names only.
"""

from __future__ import annotations

import enum
import logging
import re

logger = logging.getLogger(__name__)


class Symbology(enum.StrEnum):
    """The symbologies the workstation reads, by our stable name."""

    EAN13 = "ean13"
    EAN8 = "ean8"
    UPCA = "upca"
    UPCE = "upce"
    CODE128 = "code128"
    GS1_128 = "gs1_128"
    QR = "qr"
    GS1_QR = "gs1_qr"
    DATAMATRIX = "datamatrix"
    GS1_DATAMATRIX = "gs1_datamatrix"

    @property
    def is_gs1(self) -> bool:
        """True for the GS1 variants (content is a GS1 element string with GS separators)."""
        return self in _GS1_SYMBOLOGIES

    @property
    def family(self) -> str:
        """The physical symbology, ignoring GS1 mode: "ean_upc", "code128", "qr" or "datamatrix"."""
        return _FAMILY[self]

    @property
    def aim_id(self) -> str:
        """The usual AIM symbology identifier for this symbology (without ECI)."""
        return _AIM_IDS[self]

    @property
    def label(self) -> str:
        """A display label, e.g. "EAN-13" or "GS1 DataMatrix"."""
        return _LABELS[self]


_GS1_SYMBOLOGIES = frozenset({Symbology.GS1_128, Symbology.GS1_QR, Symbology.GS1_DATAMATRIX})

_FAMILY: dict[Symbology, str] = {
    Symbology.EAN13: "ean_upc",
    Symbology.EAN8: "ean_upc",
    Symbology.UPCA: "ean_upc",
    Symbology.UPCE: "ean_upc",
    Symbology.CODE128: "code128",
    Symbology.GS1_128: "code128",
    Symbology.QR: "qr",
    Symbology.GS1_QR: "qr",
    Symbology.DATAMATRIX: "datamatrix",
    Symbology.GS1_DATAMATRIX: "datamatrix",
}

# ISO/IEC 15424: ]E0 is EAN-13, UPC-A and UPC-E alike (UPC-A is an EAN-13 with a leading 0); ]E4 is EAN-8.
_AIM_IDS: dict[Symbology, str] = {
    Symbology.EAN13: "]E0",
    Symbology.EAN8: "]E4",
    Symbology.UPCA: "]E0",
    Symbology.UPCE: "]E0",
    Symbology.CODE128: "]C0",
    Symbology.GS1_128: "]C1",
    Symbology.QR: "]Q1",
    Symbology.GS1_QR: "]Q3",
    Symbology.DATAMATRIX: "]d1",
    Symbology.GS1_DATAMATRIX: "]d2",
}

_LABELS: dict[Symbology, str] = {
    Symbology.EAN13: "EAN-13",
    Symbology.EAN8: "EAN-8",
    Symbology.UPCA: "UPC-A",
    Symbology.UPCE: "UPC-E",
    Symbology.CODE128: "Code 128",
    Symbology.GS1_128: "GS1-128",
    Symbology.QR: "QR Code",
    Symbology.GS1_QR: "GS1 QR Code",
    Symbology.DATAMATRIX: "Data Matrix",
    Symbology.GS1_DATAMATRIX: "GS1 DataMatrix",
}

# zxing-cpp's BarcodeFormat names (str(format)) → (plain symbology, GS1 symbology).
_ZXING_FORMATS: dict[str, tuple[Symbology, Symbology]] = {
    "EAN-13": (Symbology.EAN13, Symbology.EAN13),
    "EAN-8": (Symbology.EAN8, Symbology.EAN8),
    "UPC-A": (Symbology.UPCA, Symbology.UPCA),
    "UPC-E": (Symbology.UPCE, Symbology.UPCE),
    "Code 128": (Symbology.CODE128, Symbology.GS1_128),
    "QR Code": (Symbology.QR, Symbology.GS1_QR),
    "Data Matrix": (Symbology.DATAMATRIX, Symbology.GS1_DATAMATRIX),
}

# zbar's symbol type names (pyzbar ``Decoded.type``) → (plain symbology, GS1 symbology).
_ZBAR_TYPES: dict[str, tuple[Symbology, Symbology]] = {
    "EAN13": (Symbology.EAN13, Symbology.EAN13),
    "EAN8": (Symbology.EAN8, Symbology.EAN8),
    "UPCA": (Symbology.UPCA, Symbology.UPCA),
    "UPCE": (Symbology.UPCE, Symbology.UPCE),
    "CODE128": (Symbology.CODE128, Symbology.GS1_128),
    "QRCODE": (Symbology.QR, Symbology.GS1_QR),
}

# AIM identifiers: "]" + code character + modifier character (ISO/IEC 15424).
_AIM_PREFIX = re.compile(r"\][A-Za-z][0-9A-Za-z]")

# AIM identifier → symbology. EAN/UPC ]E0 cannot tell EAN-13 from UPC-A/UPC-E by itself: see from_aim_id.
_AIM_TO_SYMBOLOGY: dict[str, Symbology] = {
    "]E0": Symbology.EAN13,
    "]E4": Symbology.EAN8,
    "]C0": Symbology.CODE128,
    "]C1": Symbology.GS1_128,
    "]C2": Symbology.CODE128,
    "]C4": Symbology.CODE128,
    "]Q0": Symbology.QR,
    "]Q1": Symbology.QR,
    "]Q2": Symbology.QR,
    "]Q3": Symbology.GS1_QR,
    "]Q4": Symbology.GS1_QR,
    "]Q5": Symbology.QR,
    "]Q6": Symbology.QR,
    "]d0": Symbology.DATAMATRIX,
    "]d1": Symbology.DATAMATRIX,
    "]d2": Symbology.GS1_DATAMATRIX,
    "]d3": Symbology.DATAMATRIX,
    "]d4": Symbology.DATAMATRIX,
    "]d5": Symbology.GS1_DATAMATRIX,
    "]d6": Symbology.DATAMATRIX,
}


def from_zxing(format_name: str, *, is_gs1: bool) -> Symbology | None:
    """Our symbology for a zxing-cpp format name (``str(barcode.format)``), or None if we do not read it."""
    pair = _ZXING_FORMATS.get(format_name)
    if pair is None:
        return None
    return pair[1] if is_gs1 else pair[0]


def from_zbar(type_name: str, *, is_gs1: bool) -> Symbology | None:
    """Our symbology for a zbar symbol type name (``"EAN13"``, ``"CODE128"`` …), or None if we do not read it."""
    pair = _ZBAR_TYPES.get(type_name)
    if pair is None:
        return None
    return pair[1] if is_gs1 else pair[0]


def from_aim_id(aim_id: str, text: str = "") -> Symbology | None:
    """Our symbology for an AIM identifier such as ``]C1``, or None if it is not one we read.

    ``]E0`` covers EAN-13, UPC-A and UPC-E; with ``text`` given, 12 digits mean UPC-A and 8 digits UPC-E
    (the number system 0/1 form a scanner sends for UPC-E), otherwise EAN-13.
    """
    symbology = _AIM_TO_SYMBOLOGY.get(aim_id)
    if symbology is Symbology.EAN13 and text.isascii() and text.isdigit():
        if len(text) == 12:
            return Symbology.UPCA
        if len(text) == 8:
            return Symbology.UPCE
    return symbology


def split_aim_prefix(text: str) -> tuple[str | None, str]:
    """Split a leading AIM symbology identifier (``]C1``, ``]d2``, ``]Q3``, ``]E0`` …) from ``text``.

    Returns ``(aim_id, rest)``; ``aim_id`` is None when ``text`` does not start with one.
    """
    match = _AIM_PREFIX.match(text)
    if match is None:
        return None, text
    return match.group(0), text[match.end() :]


def is_gs1_aim_id(aim_id: str | None) -> bool:
    """True when the AIM identifier announces GS1 element-string content (]C1, ]d2, ]d5, ]Q3, ]Q4, ]e0)."""
    return aim_id in {"]C1", "]d2", "]d5", "]Q3", "]Q4", "]e0"}
