"""Scanning use cases: the verdict card for a code, and every scan kept as a traceability event."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from inspector_app.domain.identifiers import IdentifierKind, IdentifyResult, identify
from inspector_app.domain.ids import new_uuid7
from inspector_app.domain.records import canonical_json, content_hash
from inspector_app.domain.verdict import Verdict, invalid_verdict, judge
from inspector_app.storage.database import Database
from inspector_app.storage.models import ScanEvent
from inspector_app.storage.scan_event_repository import (
    ScanEventRow,
    ScanFilter,
    count_scan_events,
    find_scan_events,
    insert_scan_event,
)
from inspector_app.storage.verdict_queries import ScannedCode, load_verdict_facts

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]

_GTIN_KINDS = {IdentifierKind.GTIN, IdentifierKind.GS1, IdentifierKind.DIGITAL_LINK}
_LICENCE_TYPES = {
    IdentifierKind.SC_LICENCE: "SC",
    IdentifierKind.XK_LICENCE: "XK",
    IdentifierKind.CCC_CERTIFICATE: "CCC",
}


def local_now() -> dt.datetime:
    """The device's current time, aware, in its local zone."""
    return dt.datetime.now().astimezone()


@dataclass(frozen=True, slots=True)
class ScanPlace:
    """Where the inspector is scanning, chosen once per session."""

    name: str = ""
    place_type: str = ""  # market | supermarket | checkpoint | warehouse | ...
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class VerdictCard:
    """What one scan means: the parsed code and the verdict on it."""

    code: str
    symbology: str | None
    identified: IdentifyResult
    verdict: Verdict

    @property
    def outcome(self) -> str:
        """red | amber | green | unknown | invalid."""
        return self.verdict.outcome.value

    def to_dict(self, language: str = "zh") -> dict[str, object]:
        """A JSON-ready form for the command line and for the stored event."""
        facts = self.verdict.facts
        item = facts.trade_item
        kind = facts.product_kind
        maker = facts.enterprise
        return {
            "code": self.code,
            "symbology": self.symbology,
            "outcome": self.outcome,
            "summary": self.verdict.summary(language),
            "identifier": self.identified.to_dict(),
            "item": None
            if item is None
            else {"gtin": item.gtin, "name": item.name, "brand": item.brand, "specification": item.specification},
            "product_kind": None
            if kind is None
            else {
                "code": kind.code,
                "name": kind.name,
                "category": kind.category_name,
                "domain": kind.domain,
                "in_catalogue": True,
                "requires": list(kind.required_licence_types),
            },
            "maker": None
            if maker is None
            else {
                "uscc": maker.uscc,
                "name": maker.name,
                "credit_class": maker.credit_class,
                "region_code": maker.region_code,
            },
            "findings": [
                {"level": f.level.value, "code": f.code, "message": f.message(language), "message_en": f.message_en}
                for f in self.verdict.findings
            ],
            "history": [
                {
                    "occurred_at": h.occurred_at.isoformat(),
                    "kind": h.kind,
                    "outcome": h.outcome,
                    "place": h.place_name,
                    "batch": h.batch,
                }
                for h in facts.history
            ],
            "dispositions": list(self.verdict.dispositions),
        }


@dataclass(frozen=True, slots=True)
class ScanResult:
    """A recorded scan: the stored event's id and the card shown for it."""

    event_id: str
    occurred_at: dt.datetime
    card: VerdictCard


def _scanned_code(result: IdentifyResult) -> ScannedCode:
    found = result.identification
    if found is None:
        return ScannedCode()
    if found.kind in _GTIN_KINDS and found.gtin:
        return ScannedCode(
            gtin=found.gtin,
            batch=found.batch,
            expiry_date=found.expiry_date,
            best_before_date=found.best_before_date,
        )
    if found.kind is IdentifierKind.USCC and found.uscc:
        return ScannedCode(uscc=found.uscc)
    if found.kind in _LICENCE_TYPES:
        return ScannedCode(licence_type=_LICENCE_TYPES[found.kind], licence_number=found.normalized)
    return ScannedCode()


class ScanService:
    """Verdicts and scan events on one workstation's store."""

    def __init__(self, database: Database, device_id: str = "", clock: Clock = local_now) -> None:
        self._database = database
        self._device_id = device_id
        self._clock = clock

    def verdict(self, code: str, symbology: str | None = None) -> VerdictCard:
        """The card for ``code`` (nothing is recorded)."""
        today = self._clock().date()
        with self._database.session() as session:
            return self._card(session, code, symbology, today)

    def _card(self, session: Session, code: str, symbology: str | None, today: dt.date) -> VerdictCard:
        result = identify(code, symbology=symbology)
        if not result.valid or result.identification is None:
            error = result.error
            verdict = invalid_verdict(
                today,
                error.message_zh if error else "无法识别的编码",
                error.message_en if error else "Not a recognised code",
            )
        else:
            facts = load_verdict_facts(session, _scanned_code(result), today)
            verdict = judge(facts)
        found_symbology = result.identification.symbology if result.identification else None
        return VerdictCard(code, symbology or found_symbology, result, verdict)

    def record_scan(
        self,
        code: str,
        symbology: str | None = None,
        place: ScanPlace | None = None,
        inspector_id: int | None = None,
    ) -> ScanResult:
        """Judge ``code`` and keep the scan as a traceability event, in one transaction."""
        place = place or ScanPlace()
        now = self._clock()
        if now.tzinfo is None:
            raise ValueError("the clock must give aware datetimes")
        offset = now.utcoffset() or dt.timedelta(0)
        occurred_utc = now.astimezone(dt.UTC).replace(tzinfo=None)
        with self._database.session() as session:
            card = self._card(session, code, symbology, now.date())
            found = card.identified.identification
            facts = card.verdict.facts
            event_id = new_uuid7()
            identifiers = found.to_dict() if found is not None else {}
            verdict_dict = card.to_dict()
            biz_step = "inspecting"
            disposition = card.verdict.dispositions[0] if card.verdict.dispositions else None
            payload = {
                "type": "scan_event",
                "id": event_id,
                "device_id": self._device_id,
                "inspector_id": inspector_id,
                "occurred_at": occurred_utc.isoformat() + "Z",
                "utc_offset_minutes": int(offset.total_seconds() // 60),
                "raw_code": code,
                "symbology": card.symbology,
                "identifiers": identifiers,
                "outcome": card.outcome,
                "findings": [f.code for f in card.verdict.findings],
                "place": {
                    "name": place.name,
                    "type": place.place_type,
                    "address": place.address,
                    "latitude": place.latitude,
                    "longitude": place.longitude,
                },
                "biz_step": biz_step,
                "disposition": disposition,
            }
            event = ScanEvent(
                id=event_id,
                device_id=self._device_id,
                inspector_id=inspector_id,
                occurred_at=occurred_utc,
                utc_offset_minutes=int(offset.total_seconds() // 60),
                raw_code=code,
                symbology=card.symbology,
                identifier_kind=card.identified.kind.value,
                identifiers_json=json.dumps(identifiers, ensure_ascii=False, sort_keys=True),
                gtin=found.gtin if found is not None else None,
                batch=found.batch if found is not None else None,
                serial=found.serial if found is not None else None,
                enterprise_id=facts.enterprise.id if facts.enterprise is not None else None,
                outcome=card.outcome,
                summary=card.verdict.summary()[:300],
                verdict_json=json.dumps(verdict_dict, ensure_ascii=False, sort_keys=True),
                place_name=place.name,
                place_type=place.place_type,
                place_address=place.address,
                latitude=place.latitude,
                longitude=place.longitude,
                biz_step=biz_step,
                disposition=disposition,
                payload_json=canonical_json(payload).decode("utf-8"),
                content_hash=content_hash(payload),
            )
            insert_scan_event(session, event)
        logger.info("scan %s recorded: %s", event_id, card.outcome)
        return ScanResult(event_id, now, card)

    def history(self, scan_filter: ScanFilter | None = None) -> list[ScanEventRow]:
        """Recorded scans, newest first."""
        with self._database.session() as session:
            return find_scan_events(session, scan_filter or ScanFilter())

    def trace(self, gtin: str, batch: str | None = None) -> list[ScanEventRow]:
        """Every scan of ``gtin`` (and ``batch`` if given), newest first."""
        return self.history(ScanFilter(gtin=gtin, batch=batch or "", limit=5000))

    def count(self) -> int:
        """How many scans are stored."""
        with self._database.session() as session:
            return count_scan_events(session)
