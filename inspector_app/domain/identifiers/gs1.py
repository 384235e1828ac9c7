"""GS1 element strings (GS1-128, GS1 DataMatrix, GS1 QR, DataBar), raw or in bracketed form.

biip does the AI table, the value patterns and the dates (including the GS1 rule that day ``00`` means the
last day of the month, and the sliding century window); this module walks the string itself so that every
failure gets a typed reason (unknown AI, bad date, wrong check digit, ...), which biip only gives as text.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence

from biip import ParseConfig, ParseError
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_element_strings import GS1ElementString

from inspector_app.domain.identifiers.gtin import gtin_details, validate_gtin
from inspector_app.domain.identifiers.identification import Identification
from inspector_app.domain.identifiers.identifier_error import IdentifierError
from inspector_app.domain.identifiers.identifier_kind import IdentifierKind
from inspector_app.domain.identifiers.normalization import GS

logger = logging.getLogger(__name__)

_CONFIG = ParseConfig(separator_chars=(GS,))

# AIs whose value is a date (YYMMDD, or date and time); biip turns them into ``date``.
DATE_AIS = frozenset(
    {"11", "12", "13", "15", "16", "17", "4324", "4325", "4326", "7003", "7006", "7007", "7011", "8008"}
)
# Dates the Identification has no field for, shown in ``details``.
_OTHER_DATES = {"12": "due_date", "13": "packaging_date", "16": "sell_by_date", "7006": "first_freeze_date"}
_FIXED_NUMERIC = re.compile(r"^N\d\+N(\d+)$")
_HRI_AI = re.compile(r"\((\d{2,4})\)")


def find_ai(text: str, kind: IdentifierKind) -> GS1ApplicationIdentifier:
    """The Application Identifier ``text`` starts with, or an ``unknown_ai`` / ``bad_format`` error."""
    try:
        return GS1ApplicationIdentifier.extract(text)
    except ParseError as exc:
        if len(text) >= 2 and text[:2].isascii() and text[:2].isdigit():
            raise IdentifierError(
                kind,
                "unknown_ai",
                f"未知的 GS1 应用标识符：{text[:4]}…",
                f"Unknown GS1 Application Identifier at {text[:4]!r}",
            ) from exc
        raise IdentifierError(
            kind,
            "bad_format",
            f"此处应为 GS1 应用标识符：{text[:8]!r}",
            f"Expected a GS1 Application Identifier at {text[:8]!r}",
        ) from exc


def is_known_ai(code: str) -> bool:
    """Whether ``code`` is exactly an Application Identifier in the GS1 table."""
    try:
        return GS1ApplicationIdentifier.extract(code).ai == code
    except ParseError:
        return False


def _value_error(ai: GS1ApplicationIdentifier, value: str, kind: IdentifierKind) -> IdentifierError:
    """Why ``value`` does not fit ``ai``: a bad date, a fixed-length number of the wrong length, or else."""
    fixed = _FIXED_NUMERIC.match(ai.format)
    width = int(fixed.group(1)) if fixed is not None else None
    if ai.ai in DATE_AIS:
        # Without a separator the rest of the message follows a fixed-length value; show the value alone.
        shown = value[:width] if width is not None else value
        return IdentifierError(
            kind,
            "bad_date",
            f"应用标识符 {ai} 的日期无效：{shown!r}",
            f"Invalid date in AI {ai}: {shown!r}",
        )
    if width is not None and len(value) < width:
        return IdentifierError(
            kind,
            "bad_length",
            f"应用标识符 {ai} 应为 {width} 位数字，实为 {len(value)} 位",
            f"AI {ai} takes {width} digits, got {len(value)}",
        )
    return IdentifierError(
        kind,
        "bad_value",
        f"应用标识符 {ai}（{ai.data_title}）的值不符合格式 {ai.format}：{value!r}",
        f"Value {value!r} does not fit AI {ai} ({ai.data_title}), format {ai.format}",
    )


def _checked(element: GS1ElementString, kind: IdentifierKind) -> GS1ElementString:
    """Reject element strings whose embedded key (GTIN, SSCC, GLN) has a wrong check digit."""
    if element.ai.ai in ("01", "02", "03"):
        validate_gtin(element.value, kind)
    for error in (element.sscc_error, element.gln_error):
        if error is not None:
            raise IdentifierError(
                kind,
                "check_digit",
                f"应用标识符 {element.ai} 的校验位错误",
                f"Check digit of AI {element.ai} is wrong: {error}",
            )
    return element


def parse_element(ai_code: str, value: str, kind: IdentifierKind) -> GS1ElementString:
    """Exactly one element string: a known ``ai_code`` and its whole ``value``."""
    ai = find_ai(ai_code, kind)
    if ai.ai != ai_code:
        raise IdentifierError(
            kind,
            "unknown_ai",
            f"未知的 GS1 应用标识符：({ai_code})",
            f"Unknown GS1 Application Identifier ({ai_code})",
        )
    try:
        element = GS1ElementString.parse(ai_code + value, config=_CONFIG)
    except ParseError as exc:
        raise _value_error(ai, value, kind) from exc
    return _checked(element, kind)


def parse_element_string(data: str, kind: IdentifierKind = IdentifierKind.GS1) -> list[GS1ElementString]:
    """Split raw GS1 data (GS already substituted) into checked element strings."""
    rest = data.lstrip(GS)
    if not rest:
        raise IdentifierError(kind, "bad_format", "GS1 数据为空", "The GS1 data is empty")
    elements: list[GS1ElementString] = []
    while rest:
        ai = find_ai(rest, kind)
        try:
            element = GS1ElementString.extract(rest, config=_CONFIG)
        except ParseError as exc:
            raise _value_error(ai, rest[len(ai) :].split(GS, 1)[0], kind) from exc
        elements.append(_checked(element, kind))
        rest = rest[len(element) :].lstrip(GS)
    return elements


def parse_hri(text: str, kind: IdentifierKind = IdentifierKind.GS1) -> list[GS1ElementString]:
    """Bracketed human-readable form, ``(01)06901234567892(17)251231(10)ABC``.

    Spaces and separators between elements are ignored (neither can be part of a GS1 value). Every
    ``(digits)`` is an AI; parentheses not around 2-4 digits stay in the value.
    """
    compact = "".join(text.split()).replace(GS, "")
    matches = list(_HRI_AI.finditer(compact))
    if not matches or matches[0].start() != 0:
        raise IdentifierError(
            kind,
            "bad_format",
            "括号形式应以 (应用标识符) 开头",
            "The bracketed form must start with an (AI)",
        )
    elements: list[GS1ElementString] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(compact)
        elements.append(parse_element(match.group(1), compact[match.end() : end], kind))
    return elements


def identification_from_elements(
    elements: Sequence[GS1ElementString],
    *,
    kind: IdentifierKind,
    raw: str,
    normalized: str | None = None,
    symbology: str | None = None,
    extra_details: dict[str, str] | None = None,
) -> Identification:
    """Build the result from checked element strings: GTIN, batch, serial and dates, plus every AI."""
    seen: dict[str, str] = {}
    for element in elements:
        previous = seen.setdefault(element.ai.ai, element.value)
        if previous != element.value:
            raise IdentifierError(
                kind,
                "bad_value",
                f"应用标识符 {element.ai} 出现两次且值不同",
                f"AI {element.ai} appears twice with different values",
            )

    def element_for(ai: str) -> GS1ElementString | None:
        return next((element for element in elements if element.ai.ai == ai), None)

    def date_of(ai: str) -> dt.date | None:
        element = element_for(ai)
        return element.date if element is not None else None

    def value_of(ai: str) -> str | None:
        element = element_for(ai)
        return element.value if element is not None else None

    hri = "".join(element.as_hri() for element in elements)
    details: dict[str, str] = {"hri": hri}
    gtin14: str | None = None
    gtin_element = element_for("01")
    if gtin_element is not None:
        gtin = validate_gtin(gtin_element.value, kind)
        gtin14 = gtin.as_gtin_14()
        details.update(gtin_details(gtin))
    for ai, name in _OTHER_DATES.items():
        other = date_of(ai)
        if other is not None:
            details[name] = other.isoformat()
    for element in elements:
        details[f"ai_{element.ai.ai}"] = element.value
    details.update(extra_details or {})
    return Identification(
        kind=kind,
        raw=raw,
        normalized=normalized if normalized is not None else hri,
        symbology=symbology,
        gtin=gtin14,
        batch=value_of("10"),
        serial=value_of("21"),
        production_date=date_of("11"),
        best_before_date=date_of("15"),
        expiry_date=date_of("17"),
        details=details,
        elements=tuple((element.ai.ai, element.value) for element in elements),
    )


def parse_gs1(data: str, raw: str, symbology: str | None = None) -> Identification:
    """Raw element-string data (GS stand-ins already replaced) or the bracketed form."""
    elements = parse_hri(data) if _HRI_AI.match(data.lstrip(GS)) else parse_element_string(data)
    return identification_from_elements(elements, kind=IdentifierKind.GS1, raw=raw, symbology=symbology)
