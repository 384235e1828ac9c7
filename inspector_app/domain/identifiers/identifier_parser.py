"""The single entry point: whatever a scanner or a person typed → a typed result or a typed error.

How ambiguous input is decided (in this order):

1. An AIM symbology identifier (in front of the text, or passed separately by a decoder) decides first:
   ``]E0``/``]E4``/``]I1`` (and ``]E3`` with add-on) are plain GTINs; ``]C1``, ``]e0``, ``]d2``, ``]Q3``,
   ``]J1`` are GS1 data (a Digital Link when it is a URI). Other symbologies (``]C0``, ``]Q1``, ...) carry
   no GS1 meaning, so the content is classified as if it had none.
2. ``http(s)://`` with a GS1 primary key in the path is a Digital Link; any other URL is unknown.
3. ``(NN)...`` is the bracketed GS1 form; ``XK...`` (optionally after a province) an XK licence;
   ``SC`` + digits an SC licence.
4. A GS separator or one of its accepted stand-ins (see ``normalization``) after leading digits: GS1 data.
5. Digits only (inner spaces ignored), by length:
   - 8, 12, 13, 14: a GTIN, and only a GTIN. A wrong check digit is reported as such rather than read as
     some GS1 string (``15210527`` is a mistyped EAN-8 far more often than a lone best-before date).
     Eight digits that fail as GTIN-8 but pass as UPC-E are a UPC-E.
   - 9: an organisation code without its hyphen.
   - 16: starting with ``19``/``20`` a CCC certificate (year first); otherwise GS1 data, e.g. ``01`` + GTIN.
   - 18: a USCC if its mod-31 check passes, else GS1 data if that parses, else the USCC error.
   - 20: GS1 data only when it starts with ``01``, the GTIN check digit is right and the whole string parses
     (e.g. ``(01)…(10)12``); otherwise a drug trace code. A real GS1 scan is recognised through its
     symbology identifier whatever it looks like.
   - any other length: GS1 data.
6. 18 letters and digits (at least six digits): a USCC; 8+1 (``XXXXXXXX-C``, or without the hyphen with at
   least one digit): an organisation code.
7. Anything starting with two digits: GS1 data. Everything else is unknown.

GS1 failures are reported as ``gs1`` errors only when the input clearly claims to be GS1 (symbology,
separator, brackets, or ``00``/``01``/``02``/``03`` followed by a full key); otherwise the input is unknown.
Without such a claim, a GS1 reading is accepted only if it holds a key (SSCC, GTIN: AIs 00-03) or at least two
element strings: almost any text starting ``10``, ``21`` or ``90``-``99`` is formally one valid element
string (batch, serial, company internal), which would turn typing mistakes into "valid" codes.
"""

from __future__ import annotations

import logging
import re

from biip.symbology import GS1Symbology

from inspector_app.domain.identifiers.digital_link import looks_like_uri, parse_digital_link
from inspector_app.domain.identifiers.drug_trace_code import DRUG_TRACE_CODE_LENGTH, parse_drug_trace_code
from inspector_app.domain.identifiers.gs1 import parse_gs1
from inspector_app.domain.identifiers.gtin import (
    GTIN_LENGTHS,
    is_ascii_digits,
    parse_ean_with_add_on,
    parse_gtin,
)
from inspector_app.domain.identifiers.identification import Identification
from inspector_app.domain.identifiers.identifier_error import IdentifierError
from inspector_app.domain.identifiers.identifier_kind import IdentifierKind
from inspector_app.domain.identifiers.identify_result import IdentifyResult
from inspector_app.domain.identifiers.licences import (
    CCC_LENGTH,
    XK_START,
    parse_ccc_certificate,
    parse_sc_licence,
    parse_xk_licence,
)
from inspector_app.domain.identifiers.normalization import (
    GS,
    clean_text,
    normalise_hyphens,
    remove_inner_whitespace,
    replace_gs_substitutes,
    split_symbology,
)
from inspector_app.domain.identifiers.org_code import ORG_CODE_SHAPE, parse_org_code
from inspector_app.domain.identifiers.uscc import parse_uscc

logger = logging.getLogger(__name__)

_GTIN_SYMBOLOGIES = frozenset({GS1Symbology.EAN_13, GS1Symbology.EAN_8, GS1Symbology.ITF_14})
_GS1_SYMBOLOGIES = frozenset(GS1Symbology.with_gs1_messages())
_HRI_START = re.compile(r"^\(\d{2,4}\)")
_DIGITAL_LINK_PATH = re.compile(r"/(?:00|01|253|255|401|402|414|417|8003|8004|8006|8010|8013|8017|8018)/")
# A GS1 string that starts with a complete key (SSCC or GTIN) claims to be GS1 even without symbology.
_CLAIMS_GS1 = re.compile(r"^(?:00\d{18}|0[1-3]\d{14})")
_KEY_AIS = frozenset({"00", "01", "02", "03"})
_CCC_YEAR_PREFIXES = ("19", "20")
_USCC_LENGTH = 18
_ORG_CODE_DIGITS = 9


def _unrecognised(message_zh: str = "", message_en: str = "") -> IdentifierError:
    return IdentifierError(
        IdentifierKind.UNKNOWN,
        "unrecognised",
        message_zh or "无法识别：不是商品条码、GS1 数据、统一社会信用代码、组织机构代码、许可证或证书编号",
        message_en
        or "Not a recognised code: not a GTIN, GS1 data, USCC, organisation code, licence or certificate number",
    )


def parse_identifier(text: str, symbology: str | None = None) -> Identification:
    """Recognise ``text`` and check it; raise :class:`IdentifierError` (and nothing else) when it fails.

    ``symbology`` is the AIM identifier (``]d2``, ``]C1``, ...) when a decoder reports it apart from the
    text; one in front of the text takes precedence. See the module docstring for how ambiguity is decided.
    """
    cleaned = clean_text(text)
    if not cleaned:
        raise IdentifierError(IdentifierKind.UNKNOWN, "empty", "输入为空", "Nothing was entered")
    identifier, body = split_symbology(cleaned, symbology)
    body = body.strip()
    symbology_text = identifier.value if identifier is not None else None
    if not body:
        raise IdentifierError(
            IdentifierKind.UNKNOWN, "empty", "符号标识符之后没有数据", "No data after the symbology identifier"
        )
    gs1_symbology = identifier.gs1_symbology if identifier is not None else None
    if gs1_symbology in _GTIN_SYMBOLOGIES:
        return parse_gtin(remove_inner_whitespace(body), text, symbology_text)
    if gs1_symbology is GS1Symbology.EAN_13_WITH_ADD_ON:
        return parse_ean_with_add_on(remove_inner_whitespace(body), text, symbology_text)
    if gs1_symbology in _GS1_SYMBOLOGIES:
        if looks_like_uri(body):
            return parse_digital_link(body, text, symbology_text)
        data, _ = replace_gs_substitutes(body)
        return parse_gs1(data, text, symbology_text)
    return _classify(body, text, symbology_text)


def _classify(body: str, raw: str, symbology: str | None) -> Identification:
    if looks_like_uri(body):
        if _DIGITAL_LINK_PATH.search(body):
            return parse_digital_link(body, raw, symbology)
        raise _unrecognised("网址不是 GS1 数字链接", "The URL is not a GS1 Digital Link")
    if _HRI_START.match(body):
        data, _ = replace_gs_substitutes(body)
        return parse_gs1(data, raw, symbology)
    compact = remove_inner_whitespace(body)
    upper = normalise_hyphens(compact.upper())
    if XK_START.match(upper):
        return parse_xk_licence(upper, raw, symbology)
    if upper.startswith("SC") and upper[2:3].isdigit():
        return parse_sc_licence(upper, raw, symbology)
    data, had_separator = replace_gs_substitutes(body)
    if had_separator and data.lstrip(GS)[:2].isascii() and data.lstrip(GS)[:2].isdigit():
        return parse_gs1(data, raw, symbology)
    if is_ascii_digits(compact):
        return _classify_digits(compact, raw, symbology)
    digit_count = sum(char.isdigit() for char in upper)
    # A USCC has at least the six digits of its region code; an org code without hyphen at least one digit.
    # Without these floors any 18- or 9-letter word would be reported as a mistyped credit or org code.
    if len(upper) == _USCC_LENGTH and upper.isascii() and upper.isalnum() and digit_count >= 6:
        return parse_uscc(upper, raw, symbology)
    if ORG_CODE_SHAPE.match(upper) and ("-" in upper or digit_count > 0):
        return parse_org_code(upper, raw, symbology)
    if data[:2].isascii() and data[:2].isdigit():
        return _gs1_or_unknown(data, raw, symbology)
    raise _unrecognised()


def _classify_digits(digits: str, raw: str, symbology: str | None) -> Identification:
    length = len(digits)
    if length in GTIN_LENGTHS:
        return parse_gtin(digits, raw, symbology)
    if length == _ORG_CODE_DIGITS:
        return parse_org_code(digits, raw, symbology)
    if length == CCC_LENGTH and digits.startswith(_CCC_YEAR_PREFIXES):
        return parse_ccc_certificate(digits, raw, symbology)
    if length == DRUG_TRACE_CODE_LENGTH:
        if digits.startswith("01"):
            try:
                return parse_gs1(digits, raw, symbology)
            except IdentifierError:
                logger.debug("20 digits starting 01 are not GS1 data; reading a drug trace code")
        return parse_drug_trace_code(digits, raw, symbology)
    if length == _USCC_LENGTH:
        try:
            return parse_uscc(digits, raw, symbology)
        except IdentifierError as uscc_error:
            try:
                return _unclaimed_gs1(digits, raw, symbology)
            except IdentifierError:
                raise uscc_error from None
    return _gs1_or_unknown(digits, raw, symbology)


def _unclaimed_gs1(data: str, raw: str, symbology: str | None) -> Identification:
    """GS1 data that did not announce itself: parsed as usual, then held to the plausibility rule."""
    identification = parse_gs1(data, raw, symbology)
    ais = [ai for ai, _ in identification.elements]
    if any(ai in _KEY_AIS for ai in ais) or len(ais) >= 2:
        return identification
    raise _unrecognised()


def _gs1_or_unknown(data: str, raw: str, symbology: str | None) -> Identification:
    try:
        return _unclaimed_gs1(data, raw, symbology)
    except IdentifierError:
        if _CLAIMS_GS1.match(data):
            raise
        raise _unrecognised() from None


def identify(text: str, symbology: str | None = None) -> IdentifyResult:
    """Like :func:`parse_identifier`, but never raises: the error, if any, is in the result."""
    try:
        identification = parse_identifier(text, symbology)
    except IdentifierError as error:
        logger.debug("not accepted: %r (%s)", text, error.code)
        return IdentifyResult(kind=error.kind, valid=False, identification=None, error=error)
    except Exception:
        # A scan must never take the scan bar down; a parser bug is logged with its traceback instead.
        logger.exception("identifier parsing failed unexpectedly for %r", text)
        internal = IdentifierError(
            IdentifierKind.UNKNOWN,
            "internal_error",
            "解析此代码时出现内部错误，已记录日志",
            "An internal error occurred while reading this code; it has been logged",
        )
        return IdentifyResult(kind=IdentifierKind.UNKNOWN, valid=False, identification=None, error=internal)
    return IdentifyResult(kind=identification.kind, valid=True, identification=identification, error=None)
