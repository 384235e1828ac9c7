"""Drug trace codes (药品追溯码): 20 digits whose first 7 are the drug identification code.

The check digits are not published, so only the format is checked; no check is ever computed here.
Imported drugs carry a GS1 DataMatrix instead, which is read as a GS1 string.
"""

from __future__ import annotations

import logging

from inspector_app.domain.identifiers.identification import Identification
from inspector_app.domain.identifiers.identifier_error import IdentifierError
from inspector_app.domain.identifiers.identifier_kind import IdentifierKind

logger = logging.getLogger(__name__)

DRUG_TRACE_CODE_LENGTH = 20
DRUG_ID_LENGTH = 7


def parse_drug_trace_code(digits: str, raw: str, symbology: str | None = None) -> Identification:
    """Accept 20 ASCII digits; report the drug identification code (the first seven)."""
    kind = IdentifierKind.DRUG_TRACE_CODE
    if len(digits) != DRUG_TRACE_CODE_LENGTH or not (digits.isascii() and digits.isdigit()):
        raise IdentifierError(kind, "bad_length", "药品追溯码应为 20 位数字", "A drug trace code has 20 digits")
    return Identification(
        kind=kind,
        raw=raw,
        normalized=digits,
        symbology=symbology,
        details={
            "drug_id": digits[:DRUG_ID_LENGTH],
            "code_remainder": digits[DRUG_ID_LENGTH:],
            "check": "校验算法未公开，仅校验格式 check not published, format only",
        },
    )
