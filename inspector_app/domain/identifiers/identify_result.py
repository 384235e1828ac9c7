"""The never-failing answer of :func:`identify`."""

from __future__ import annotations

from dataclasses import dataclass

from inspector_app.domain.identifiers.identification import Identification
from inspector_app.domain.identifiers.identifier_error import IdentifierError
from inspector_app.domain.identifiers.identifier_kind import IdentifierKind


@dataclass(frozen=True)
class IdentifyResult:
    """Either a valid ``identification`` or the ``error`` saying why not; ``kind`` is set in both cases.

    When the code is invalid, ``kind`` is what it most resembled (a GTIN with a wrong check digit is
    ``gtin``), or ``unknown``.
    """

    kind: IdentifierKind
    valid: bool
    identification: Identification | None
    error: IdentifierError | None

    @property
    def error_code(self) -> str | None:
        """The machine reason of the error, or ``None`` when valid."""
        return self.error.code if self.error is not None else None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dictionary: kind, valid, identification (or ``None``), error text and error code."""
        return {
            "kind": self.kind.value,
            "valid": self.valid,
            "identification": self.identification.to_dict() if self.identification is not None else None,
            "error": str(self.error) if self.error is not None else None,
            "error_code": self.error_code,
        }
