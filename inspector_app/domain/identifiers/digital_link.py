"""GS1 Digital Link URIs, ``https://host/01/<GTIN>/10/<batch>/21/<serial>?17=YYMMDD``, through biip."""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl, unquote, urlsplit

from biip import ParseError
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString

from inspector_app.domain.identifiers.gs1 import identification_from_elements, is_known_ai, parse_element
from inspector_app.domain.identifiers.identification import Identification
from inspector_app.domain.identifiers.identifier_error import IdentifierError
from inspector_app.domain.identifiers.identifier_kind import IdentifierKind

logger = logging.getLogger(__name__)

_KIND = IdentifierKind.DIGITAL_LINK
# Primary keys a Digital Link path may start with (GS1 Digital Link standard, section 4).
_PRIMARY_KEYS = frozenset(
    {"00", "01", "253", "255", "401", "402", "414", "417", "8003", "8004", "8006", "8010", "8013", "8017", "8018"}
)


def looks_like_uri(text: str) -> bool:
    """Whether ``text`` starts with an http(s) scheme, the only ones a Digital Link uses."""
    return text[:8].lower().startswith(("http://", "https://"))


def parse_digital_link(uri: str, raw: str, symbology: str | None = None) -> Identification:
    """Parse a Digital Link; every element string is checked as in a GS1 string."""
    try:
        link = GS1DigitalLinkURI.parse(uri)
    except (ParseError, ValueError) as exc:
        # ValueError: urlsplit refuses some malformed hosts ("http://[::1").
        _raise_typed_error(uri)
        raise IdentifierError(
            _KIND,
            "bad_format",
            f"不是有效的 GS1 数字链接：{exc}",
            f"Not a valid GS1 Digital Link: {exc}",
        ) from exc
    elements: list[GS1ElementString] = []
    for element in link.element_strings:
        # Re-parse each element so that a wrong GTIN check digit (biip only notes it) is an error here.
        elements.append(parse_element(element.ai.ai, element.value, _KIND))
    return identification_from_elements(
        elements,
        kind=_KIND,
        raw=raw,
        normalized=uri,
        symbology=symbology,
        extra_details={"uri_host": urlsplit(uri).netloc},
    )


def _raise_typed_error(uri: str) -> None:
    """Find a more precise reason than biip's message (unknown AI, check digit, date) if there is one."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return
    segments = [unquote(segment) for segment in parts.path.split("/")]
    while segments and segments[0] not in _PRIMARY_KEYS:
        segments.pop(0)
    pairs = list(zip(segments[0::2], segments[1::2], strict=False))
    if pairs and pairs[0][0] == "01":
        pairs[0] = ("01", pairs[0][1].zfill(14))
    # Unknown query parameters are allowed in a Digital Link; only known AIs are checked.
    pairs.extend((key, value) for key, value in parse_qsl(parts.query) if is_known_ai(key))
    for key, value in pairs:
        if key.isascii() and key.isdigit():
            parse_element(key, value, _KIND)
