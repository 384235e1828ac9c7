"""Scan events as GS1 EPCIS 2.0 ObjectEvents (JSON-LD), with CBV 2.0 vocabulary (DOMAIN.md §7).

An inspection scan is an ``ObjectEvent`` with ``action: OBSERVE``, business step ``inspecting``, a disposition
when the verdict implies one (``expired``, ``recalled``, ...), the item as a GS1 Digital Link URI (GTIN, and batch
or serial when the code carried them) and the place as ``readPoint``. The event id is the record's UUIDv7 as a URN.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"
DIGITAL_LINK_BASE = "https://id.gs1.org"


@dataclass(frozen=True, slots=True)
class ScanEventFacts:
    """The parts of a stored scan event that EPCIS speaks about."""

    event_id: str
    occurred_at_utc: dt.datetime  # naive UTC
    utc_offset_minutes: int
    gtin: str | None
    batch: str | None
    serial: str | None
    raw_code: str
    biz_step: str
    disposition: str | None
    place_name: str
    place_address: str
    latitude: float | None
    longitude: float | None
    device_id: str
    outcome: str


def digital_link(gtin: str, batch: str | None = None, serial: str | None = None) -> str:
    """The GS1 Digital Link URI of an item: serial beats batch, as EPCIS instance-level identification wants."""
    if serial:
        return f"{DIGITAL_LINK_BASE}/01/{gtin}/21/{_escape(serial)}"
    if batch:
        return f"{DIGITAL_LINK_BASE}/01/{gtin}/10/{_escape(batch)}"
    return f"{DIGITAL_LINK_BASE}/01/{gtin}"


def _escape(value: str) -> str:
    return quote(value, safe="")


def _offset_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def object_event(event: ScanEventFacts) -> dict[str, Any]:
    """One scan as an EPCIS 2.0 ObjectEvent."""
    zone = dt.timezone(dt.timedelta(minutes=event.utc_offset_minutes))
    local = event.occurred_at_utc.replace(tzinfo=dt.UTC).astimezone(zone)
    document: dict[str, Any] = {
        "type": "ObjectEvent",
        "eventID": f"urn:uuid:{event.event_id}",
        "eventTime": local.isoformat(timespec="milliseconds"),
        "eventTimeZoneOffset": _offset_text(event.utc_offset_minutes),
        "action": "OBSERVE",
        "bizStep": event.biz_step,
        "readPoint": {"id": f"urn:inspector-app:device:{event.device_id or 'unknown'}"},
    }
    if event.gtin:
        if event.batch or event.serial:
            document["epcList"] = [digital_link(event.gtin, event.batch, event.serial)]
        else:
            document["quantityList"] = [{"epcClass": digital_link(event.gtin)}]
    else:
        document["epcList"] = []
    if event.disposition:
        document["disposition"] = event.disposition
    location: dict[str, Any] = {"name": event.place_name} if event.place_name else {}
    if event.place_address:
        location["address"] = event.place_address
    if event.latitude is not None and event.longitude is not None:
        location["geo"] = f"geo:{event.latitude},{event.longitude}"
    if location:
        document["inspector:place"] = location
    document["inspector:outcome"] = event.outcome
    document["inspector:rawCode"] = event.raw_code
    return document


def epcis_document(events: Iterable[ScanEventFacts], created: dt.datetime) -> dict[str, Any]:
    """An EPCISDocument holding ``events``."""
    return {
        "@context": [EPCIS_CONTEXT, {"inspector": "urn:inspector-app:epcis:"}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": created.isoformat(timespec="seconds"),
        "epcisBody": {"eventList": [object_event(event) for event in events]},
    }


def is_object_event(document: Mapping[str, Any]) -> bool:
    """Whether ``document`` has the required members of an EPCIS 2.0 ObjectEvent (a light structural check)."""
    required = {"type", "eventTime", "eventTimeZoneOffset", "action"}
    return required <= set(document) and document["type"] == "ObjectEvent"
