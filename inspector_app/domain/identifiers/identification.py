"""The typed result of reading one code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from inspector_app.domain.identifiers.identifier_kind import IdentifierKind


@dataclass(frozen=True)
class Identification:
    """A code that was recognised and passed every check that exists for its kind.

    ``raw`` is the text exactly as received; ``normalized`` the canonical text (a lookup key: GTIN in its own
    length, GS1 data in bracketed form, USCC upper-case, ...). ``gtin`` is always 14 digits. ``details``
    holds every further parsed part as display text, keyed by a stable snake_case name; ``elements`` lists
    the GS1 Application Identifiers and their values in the order they were read.
    """

    kind: IdentifierKind
    raw: str
    normalized: str
    symbology: str | None = None
    gtin: str | None = None
    batch: str | None = None
    serial: str | None = None
    production_date: dt.date | None = None
    best_before_date: dt.date | None = None
    expiry_date: dt.date | None = None
    uscc: str | None = None
    org_code: str | None = None
    region_code: str | None = None
    licence_number: str | None = None
    details: Mapping[str, str] = field(default_factory=dict, hash=False)
    elements: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        # A read-only copy keeps the frozen promise even for the mapping.
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))

    def present_fields(self) -> dict[str, str]:
        """The fields that have a value, as display text (dates ISO), followed by ``details``."""
        values: dict[str, str] = {}
        for name in (
            "gtin",
            "batch",
            "serial",
            "production_date",
            "best_before_date",
            "expiry_date",
            "uscc",
            "org_code",
            "region_code",
            "licence_number",
        ):
            value = getattr(self, name)
            if value is None:
                continue
            values[name] = value.isoformat() if isinstance(value, dt.date) else str(value)
        for key, text in self.details.items():
            values.setdefault(key, text)
        return values

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dictionary with every field (``None`` where absent, dates as ISO text)."""

        def iso(value: dt.date | None) -> str | None:
            return value.isoformat() if value is not None else None

        return {
            "kind": self.kind.value,
            "raw": self.raw,
            "normalized": self.normalized,
            "symbology": self.symbology,
            "gtin": self.gtin,
            "batch": self.batch,
            "serial": self.serial,
            "production_date": iso(self.production_date),
            "best_before_date": iso(self.best_before_date),
            "expiry_date": iso(self.expiry_date),
            "uscc": self.uscc,
            "org_code": self.org_code,
            "region_code": self.region_code,
            "licence_number": self.licence_number,
            "details": dict(self.details),
            "elements": [{"ai": ai, "value": value} for ai, value in self.elements],
        }
