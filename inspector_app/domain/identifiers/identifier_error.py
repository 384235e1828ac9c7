"""The one error identifier parsing raises."""

from __future__ import annotations

from inspector_app.domain.errors import InspectorError
from inspector_app.domain.identifiers.identifier_kind import IdentifierKind


class IdentifierError(InspectorError):
    """A code could not be accepted. ``kind`` is what it looked like, ``code`` the machine reason.

    Reasons: ``empty``, ``unrecognised``, ``bad_format`` (characters or layout), ``bad_length``,
    ``check_digit``, ``bad_date``, ``unknown_ai`` (GS1 Application Identifier not in the GS1 table),
    ``bad_value`` (a GS1 value that does not fit its AI), ``bad_region`` (unknown province code or
    abbreviation). :func:`identify` adds ``internal_error`` if a parser bug ever surfaces, so that a scan
    never crashes the caller.
    """

    def __init__(self, kind: IdentifierKind, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en)
        self.kind = kind
        self.code = code

    def __repr__(self) -> str:
        return f"IdentifierError(kind={self.kind.value!r}, code={self.code!r}, message_en={self.message_en!r})"
