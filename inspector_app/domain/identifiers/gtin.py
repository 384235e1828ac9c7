"""GTIN-8/12/13/14 (and UPC-E) with the GS1 prefix owner, through biip."""

from __future__ import annotations

import logging

from biip import ParseError
from biip.checksums import gs1_standard_check_digit
from biip.gtin import Gtin, GtinFormat
from biip.rcn import Rcn
from biip.upc import Upc

from inspector_app.domain.identifiers.identification import Identification
from inspector_app.domain.identifiers.identifier_error import IdentifierError
from inspector_app.domain.identifiers.identifier_kind import IdentifierKind

logger = logging.getLogger(__name__)

GTIN_LENGTHS = (8, 12, 13, 14)

_FORMAT_NAMES = {
    GtinFormat.GTIN_8: "GTIN-8",
    GtinFormat.GTIN_12: "GTIN-12",
    GtinFormat.GTIN_13: "GTIN-13",
    GtinFormat.GTIN_14: "GTIN-14",
}


def is_ascii_digits(text: str) -> bool:
    """``str.isdigit`` also accepts superscripts and other scripts' digits; codes use ASCII only."""
    return text.isascii() and text.isdigit()


def validate_gtin(digits: str, kind: IdentifierKind = IdentifierKind.GTIN) -> Gtin:
    """Check length, characters and the mod-10 check digit; return biip's parsed GTIN.

    ``kind`` is the kind reported in the error (a GTIN inside a GS1 string is reported as ``gs1``).
    """
    if not is_ascii_digits(digits):
        raise IdentifierError(
            kind, "bad_format", f"商品条码只能由数字组成：{digits!r}", f"A GTIN has digits only: {digits!r}"
        )
    if len(digits) not in GTIN_LENGTHS:
        raise IdentifierError(
            kind,
            "bad_length",
            f"商品条码应为 8、12、13 或 14 位，实为 {len(digits)} 位",
            f"A GTIN has 8, 12, 13 or 14 digits, not {len(digits)}",
        )
    if digits.strip("0") == "":
        raise IdentifierError(kind, "bad_value", "全零不是有效的商品条码", "An all-zero GTIN is not valid")
    expected = gs1_standard_check_digit(digits[:-1])
    if int(digits[-1]) != expected:
        raise IdentifierError(
            kind,
            "check_digit",
            f"商品条码校验位错误：应为 {expected}，实为 {digits[-1]}",
            f"GTIN check digit is wrong: expected {expected}, got {digits[-1]}",
        )
    try:
        return Gtin.parse(digits)
    except ParseError as exc:
        # Not reached for digits that pass the checks above; kept so biip's own errors never escape.
        raise IdentifierError(kind, "bad_format", f"商品条码无法解析：{exc}", f"GTIN cannot be parsed: {exc}") from exc


def gtin_details(gtin: Gtin) -> dict[str, str]:
    """Display parts of a GTIN: its format, GS1 prefix and owner, company prefix, in-store use."""
    details: dict[str, str] = {"gtin_format": _FORMAT_NAMES[gtin.format]}
    if gtin.prefix is not None:
        details["gs1_prefix"] = gtin.prefix.value
        details["prefix_owner"] = gtin.prefix.usage
    if gtin.company_prefix is not None:
        details["company_prefix"] = gtin.company_prefix.value
    if gtin.item_reference:
        details["item_reference"] = gtin.item_reference
    details["check_digit"] = str(gtin.check_digit)
    if gtin.packaging_level is not None:
        details["packaging_level"] = str(gtin.packaging_level)
    if isinstance(gtin, Rcn):
        details["restricted_circulation"] = "店内码 restricted circulation number"
    return details


def _identification(gtin: Gtin, raw: str, symbology: str | None, extra: dict[str, str]) -> Identification:
    gtin14 = gtin.as_gtin_14()
    normalized = gtin14[-gtin.format.length :]
    return Identification(
        kind=IdentifierKind.GTIN,
        raw=raw,
        normalized=normalized,
        symbology=symbology,
        gtin=gtin14,
        details={**gtin_details(gtin), **extra},
    )


def parse_gtin(digits: str, raw: str, symbology: str | None = None) -> Identification:
    """A GTIN typed or scanned on its own (EAN-13, EAN-8, UPC-A, ITF-14, or UPC-E as 8 digits)."""
    try:
        gtin = validate_gtin(digits)
    except IdentifierError as error:
        upc = _as_upc_e(digits) if error.code == "check_digit" else None
        if upc is None:
            raise
        # Eight digits that fail as GTIN-8 but pass as UPC-E: an imported North-American product.
        expanded = validate_gtin(upc.as_upc_a())
        return _identification(expanded, raw, symbology, {"upc_e": digits})
    return _identification(gtin, raw, symbology, {})


def parse_ean_with_add_on(digits: str, raw: str, symbology: str | None) -> Identification:
    """EAN-13 followed by its 2- or 5-digit add-on (AIM ``]E3``): the add-on goes to ``details``."""
    if len(digits) in (15, 18) and is_ascii_digits(digits):
        identification = parse_gtin(digits[:13], raw, symbology)
        details = {**identification.details, "add_on": digits[13:]}
        return Identification(
            kind=identification.kind,
            raw=raw,
            normalized=identification.normalized,
            symbology=symbology,
            gtin=identification.gtin,
            details=details,
        )
    return parse_gtin(digits, raw, symbology)


def _as_upc_e(digits: str) -> Upc | None:
    if len(digits) != 8 or digits[0] not in "01":
        return None
    try:
        return Upc.parse(digits)
    except ParseError:
        return None
