"""Organisation code (组织机构代码, GB 11714-1997): eight characters and a check character.

python-stdnum has no module for it. Printed as ``XXXXXXXX-C``; it is also positions 9-17 of a USCC.
"""

from __future__ import annotations

import logging
import re
import string

from inspector_app.domain.identifiers.identification import Identification
from inspector_app.domain.identifiers.identifier_error import IdentifierError
from inspector_app.domain.identifiers.identifier_kind import IdentifierKind

logger = logging.getLogger(__name__)

_ALPHABET = string.digits + string.ascii_uppercase
_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_CODE_SHAPE = re.compile(r"^[0-9A-Z]{8}-?[0-9A-Z]$")
_KIND = IdentifierKind.ORG_CODE


def org_code_check_char(body: str) -> str:
    """The check character for the eight-character ``body``: 11 - (Σ value×weight mod 11); 10→X, 11→0.

    Digits count as 0-9 and letters A-Z as 10-35. Raises ``ValueError`` for any other character.
    """
    if len(body) != 8:
        raise ValueError(f"an organisation code body has 8 characters, not {len(body)}")
    total = 0
    for char, weight in zip(body, _WEIGHTS, strict=True):
        value = _ALPHABET.find(char)
        if value < 0:
            raise ValueError(f"{char!r} is not allowed in an organisation code")
        total += value * weight
    check = 11 - total % 11
    if check == 10:
        return "X"
    if check == 11:
        return "0"
    return str(check)


def is_valid_org_code(code: str) -> bool:
    """Whether a nine-character code (hyphen optional) has the right check character."""
    compact = code.replace("-", "")
    if not ORG_CODE_SHAPE.match(compact):
        return False
    return org_code_check_char(compact[:8]) == compact[8]


def format_org_code(code: str) -> str:
    """``XXXXXXXXC`` or ``XXXXXXXX-C`` → ``XXXXXXXX-C``."""
    compact = code.replace("-", "")
    return f"{compact[:8]}-{compact[8:]}"


def parse_org_code(text: str, raw: str, symbology: str | None = None) -> Identification:
    """Check an organisation code typed as ``XXXXXXXX-C`` or ``XXXXXXXXC`` (already upper-cased)."""
    if not ORG_CODE_SHAPE.match(text):
        raise IdentifierError(
            _KIND,
            "bad_format",
            "组织机构代码应为 8 位数字或大写字母加 1 位校验码，如 55138508-2",
            "An organisation code is 8 digits or capital letters and a check character, e.g. 55138508-2",
        )
    compact = text.replace("-", "")
    expected = org_code_check_char(compact[:8])
    if compact[8] != expected:
        raise IdentifierError(
            _KIND,
            "check_digit",
            f"组织机构代码校验码错误：应为 {expected}，实为 {compact[8]}",
            f"Organisation code check character is wrong: expected {expected}, got {compact[8]}",
        )
    formatted = format_org_code(compact)
    return Identification(
        kind=_KIND,
        raw=raw,
        normalized=formatted,
        symbology=symbology,
        org_code=formatted,
        details={"org_code_body": compact[:8], "check_char": compact[8]},
    )
