"""Identifiers: recognise and check every code an inspector scans or types.

``identify(text)`` never raises and returns an :class:`IdentifyResult`; ``parse_identifier(text)`` returns an
:class:`Identification` or raises :class:`IdentifierError`.
"""

from inspector_app.domain.identifiers.identification import Identification
from inspector_app.domain.identifiers.identifier_error import IdentifierError
from inspector_app.domain.identifiers.identifier_kind import IdentifierKind
from inspector_app.domain.identifiers.identifier_parser import identify, parse_identifier
from inspector_app.domain.identifiers.identify_result import IdentifyResult
from inspector_app.domain.identifiers.org_code import format_org_code, is_valid_org_code, org_code_check_char
from inspector_app.domain.identifiers.regions import province_by_abbreviation, province_by_code, region_name

__all__ = [
    "Identification",
    "IdentifierError",
    "IdentifierKind",
    "IdentifyResult",
    "format_org_code",
    "identify",
    "is_valid_org_code",
    "org_code_check_char",
    "parse_identifier",
    "province_by_abbreviation",
    "province_by_code",
    "region_name",
]
