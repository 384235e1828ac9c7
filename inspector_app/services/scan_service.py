"""Scanning use cases: the verdict card for a code, and every scan kept as a traceability event."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from inspector_app.domain.epcis import epcis_document
from inspector_app.domain.errors import ImageReadError
from inspector_app.domain.identifiers import IdentifierKind, IdentifyResult, identify
from inspector_app.domain.ids import new_uuid7
from inspector_app.domain.records import canonical_json, content_hash
from inspector_app.domain.verdict import Verdict, invalid_verdict, judge
from inspector_app.scanning.decoded_code import DecodedCode
from inspector_app.scanning.frame_source import Frame, FrameSource, RecordedFrameSource
from inspector_app.scanning.symbology import Symbology
from inspector_app.scanning.wedge import ScannerBurstDetector, TypedText, WedgeEvent, WedgeScan
from inspector_app.storage.database import Database
from inspector_app.storage.models import OutboxEntry, ScanEvent, Setting
from inspector_app.storage.scan_event_repository import (
    MAX_HISTORY_ROWS,
    ScanEventRow,
    ScanFilter,
    count_scan_events,
    epcis_facts,
    find_scan_events,
    insert_scan_event,
)
from inspector_app.storage.verdict_queries import ScannedCode, load_verdict_facts

if TYPE_CHECKING:
    from inspector_app.scanning.frame_decoder import FrameDecoder

# The GUI imports services only: what it needs of storage and scanning is re-exported here. The decoders
# themselves (zxing-cpp, zbar) load on first use, so opening the window or a command does not wait for them.
__all__ = [
    "PLACE_TYPES",
    "DecodedCode",
    "Frame",
    "FrameSource",
    "ImageReadError",
    "ImageScanResult",
    "RecordedFrameSource",
    "ScanEventRow",
    "ScanFilter",
    "ScanPlace",
    "ScanResult",
    "ScanService",
    "ScannerBurstDetector",
    "Symbology",
    "TypedText",
    "VerdictCard",
    "WedgeEvent",
    "WedgeScan",
    "local_now",
]

logger = logging.getLogger(__name__)

PLACE_TYPES = ("market", "supermarket", "wholesale_market", "checkpoint", "warehouse", "producer", "other")
"""Kinds of place an inspector scans at (stored as ``ScanPlace.place_type``), in the order a form offers them."""

PLACE_SETTING_KEY = "scan.place"

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


@dataclass(frozen=True, slots=True)
class ImageScanResult:
    """The codes found in one image file and the scan recorded for each, in the order they were found."""

    path: str
    codes: tuple[DecodedCode, ...]
    results: tuple[ScanResult, ...]


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
            # The event waits for HQ in the outbox, written in the same transaction: both or neither.
            session.add(
                OutboxEntry(
                    record_table="scan_events",
                    record_id=event_id,
                    enqueued_at=occurred_utc,
                    sent_at=None,
                    attempts=0,
                    last_error="",
                )
            )
        logger.info("scan %s recorded: %s", event_id, card.outcome)
        return ScanResult(event_id, now, card)

    def history(self, scan_filter: ScanFilter | None = None) -> list[ScanEventRow]:
        """Recorded scans, newest first."""
        with self._database.session() as session:
            return find_scan_events(session, scan_filter or ScanFilter())

    def trace(self, gtin: str, batch: str | None = None) -> list[ScanEventRow]:
        """Every scan of ``gtin`` (and ``batch`` if given), newest first."""
        return self.history(ScanFilter(gtin=gtin, batch=batch or "", limit=5000))

    def export_epcis(self, scan_filter: ScanFilter | None = None) -> dict[str, object]:
        """The filtered scans as one EPCIS 2.0 document (JSON-ready), oldest first."""
        rows = self.history(scan_filter)
        with self._database.session() as session:
            facts = epcis_facts(session, [row.id for row in reversed(rows)])
        return epcis_document(facts, self._clock())

    def count(self) -> int:
        """How many scans are stored."""
        with self._database.session() as session:
            return count_scan_events(session)

    def history_by_local_dates(self, scan_filter: ScanFilter) -> list[ScanEventRow]:
        """Like :meth:`history`, but ``date_from``/``date_to`` are dates as the inspector saw them.

        Events are stored in UTC with the device's offset at that moment; a local day therefore spans parts of
        two UTC days. The UTC range is widened by a day on each side and the rows are kept by their local date.
        """
        if scan_filter.date_from is None and scan_filter.date_to is None:
            return self.history(scan_filter)
        day = dt.timedelta(days=1)
        widened = replace(
            scan_filter,
            date_from=scan_filter.date_from - day if scan_filter.date_from is not None else None,
            date_to=scan_filter.date_to + day if scan_filter.date_to is not None else None,
            limit=MAX_HISTORY_ROWS,
        )
        rows = [
            row
            for row in self.history(widened)
            if (scan_filter.date_from is None or row.local_time.date() >= scan_filter.date_from)
            and (scan_filter.date_to is None or row.local_time.date() <= scan_filter.date_to)
        ]
        return rows[: max(1, min(scan_filter.limit, MAX_HISTORY_ROWS))]

    def maker_trace(self, uscc: str) -> list[ScanEventRow]:
        """Every scan of anything made by the enterprise with ``uscc``, newest first."""
        wanted = uscc.strip().upper()
        if not wanted:
            return []
        rows = self.history(ScanFilter(maker=wanted, limit=MAX_HISTORY_ROWS))
        # The maker filter also matches names containing the text; keep exactly this enterprise.
        return [row for row in rows if (row.enterprise_uscc or "").upper() == wanted]

    def decode_image_file(self, path: str | os.PathLike[str]) -> list[DecodedCode]:
        """Every barcode in the image file at ``path``; raises :class:`ImageReadError` if it cannot be read."""
        from inspector_app.scanning.image_decoder import ImageDecoder

        return ImageDecoder().decode_path(path)

    def scan_image_file(
        self,
        path: str | os.PathLike[str],
        place: ScanPlace | None = None,
        inspector_id: int | None = None,
    ) -> ImageScanResult:
        """Decode the image at ``path`` and record every code in it as a scan with its AIM symbology.

        Raises :class:`ImageReadError` (nothing recorded) when the file cannot be read; a readable image without
        a code gives a result with no codes.
        """
        logger.info("scanning image %s", path)
        codes = self.decode_image_file(path)
        results = tuple(self.record_scan(code.text, code.aim_id, place, inspector_id) for code in codes)
        logger.info("image %s: %d code(s) recorded", path, len(results))
        return ImageScanResult(str(path), tuple(codes), results)

    def new_frame_decoder(self, *, repeat_ms: float = 1500.0) -> FrameDecoder:
        """A decoder for one camera's stream of frames (it remembers which codes it reported lately)."""
        from inspector_app.scanning.frame_decoder import FrameDecoder

        return FrameDecoder(repeat_ms=repeat_ms)

    def saved_place(self) -> ScanPlace:
        """The place remembered from the last session (an empty place when none or unreadable)."""

        def work(session: Session) -> str | None:
            row = session.get(Setting, PLACE_SETTING_KEY)
            return None if row is None else row.value

        stored = self._database.run(work)
        if stored is None:
            return ScanPlace()
        try:
            data = json.loads(stored)
            return ScanPlace(
                name=str(data.get("name", "")),
                place_type=str(data.get("place_type", "")),
                address=str(data.get("address", "")),
                latitude=_optional_float(data.get("latitude")),
                longitude=_optional_float(data.get("longitude")),
            )
        except (ValueError, TypeError, AttributeError):
            logger.warning("ignoring an unreadable saved scan place")
            return ScanPlace()

    def save_place(self, place: ScanPlace) -> None:
        """Remember ``place`` for the next session."""
        value = json.dumps(
            {
                "name": place.name,
                "place_type": place.place_type,
                "address": place.address,
                "latitude": place.latitude,
                "longitude": place.longitude,
            },
            ensure_ascii=False,
            sort_keys=True,
        )

        def work(session: Session) -> None:
            session.merge(Setting(key=PLACE_SETTING_KEY, value=value))

        self._database.run(work)
        logger.info("scan place set: %s", place.name)


def _optional_float(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"not a number: {value!r}")
    return float(value)
