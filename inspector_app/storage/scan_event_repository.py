"""Writing scan events and reading the scan history and an item's trace."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from inspector_app.domain.epcis import ScanEventFacts
from inspector_app.storage.models import Enterprise, ScanEvent, TradeItem

MAX_HISTORY_ROWS = 5000


@dataclass(frozen=True, slots=True)
class ScanEventRow:
    """One scan event as the history lists it."""

    id: str
    occurred_at: dt.datetime  # UTC
    utc_offset_minutes: int
    raw_code: str
    symbology: str | None
    identifier_kind: str
    gtin: str | None
    batch: str | None
    serial: str | None
    outcome: str
    summary: str
    place_name: str
    place_type: str
    item_name: str | None
    enterprise_name: str | None
    enterprise_uscc: str | None
    inspector_id: int | None

    @property
    def local_time(self) -> dt.datetime:
        """The time as the inspector saw it (with the device's offset at that moment)."""
        zone = dt.timezone(dt.timedelta(minutes=self.utc_offset_minutes))
        return self.occurred_at.replace(tzinfo=dt.UTC).astimezone(zone)


@dataclass(frozen=True, slots=True)
class ScanFilter:
    """What the history page filters by; every field optional."""

    date_from: dt.date | None = None  # UTC dates, inclusive
    date_to: dt.date | None = None
    place: str = ""
    outcome: str = ""
    gtin: str = ""
    batch: str = ""
    maker: str = ""  # part of the maker's name or its USCC
    enterprise_id: int | None = None
    limit: int = 500


def insert_scan_event(session: Session, event: ScanEvent) -> None:
    """Add one event (the caller's transaction commits it)."""
    session.add(event)


def _select_rows() -> Select[*tuple[Any, ...]]:
    return (
        select(
            ScanEvent.id,
            ScanEvent.occurred_at,
            ScanEvent.utc_offset_minutes,
            ScanEvent.raw_code,
            ScanEvent.symbology,
            ScanEvent.identifier_kind,
            ScanEvent.gtin,
            ScanEvent.batch,
            ScanEvent.serial,
            ScanEvent.outcome,
            ScanEvent.summary,
            ScanEvent.place_name,
            ScanEvent.place_type,
            TradeItem.name,
            Enterprise.name,
            Enterprise.uscc,
            ScanEvent.inspector_id,
        )
        .outerjoin(TradeItem, TradeItem.gtin == ScanEvent.gtin)
        .outerjoin(Enterprise, Enterprise.id == ScanEvent.enterprise_id)
    )


def _rows(session: Session, statement: Select[*tuple[Any, ...]]) -> list[ScanEventRow]:
    return [ScanEventRow(*row) for row in session.execute(statement).all()]


def find_scan_events(session: Session, scan_filter: ScanFilter) -> list[ScanEventRow]:
    """The history, newest first, filtered."""
    statement = _select_rows()
    if scan_filter.date_from is not None:
        start = dt.datetime.combine(scan_filter.date_from, dt.time.min)
        statement = statement.where(ScanEvent.occurred_at >= start)
    if scan_filter.date_to is not None:
        end = dt.datetime.combine(scan_filter.date_to + dt.timedelta(days=1), dt.time.min)
        statement = statement.where(ScanEvent.occurred_at < end)
    if scan_filter.place:
        statement = statement.where(ScanEvent.place_name.contains(scan_filter.place, autoescape=True))
    if scan_filter.outcome:
        statement = statement.where(ScanEvent.outcome == scan_filter.outcome)
    if scan_filter.gtin:
        statement = statement.where(ScanEvent.gtin == scan_filter.gtin)
    if scan_filter.batch:
        statement = statement.where(ScanEvent.batch == scan_filter.batch)
    if scan_filter.enterprise_id is not None:
        statement = statement.where(ScanEvent.enterprise_id == scan_filter.enterprise_id)
    if scan_filter.maker:
        text = scan_filter.maker
        statement = statement.where(
            (Enterprise.name.contains(text, autoescape=True)) | (Enterprise.uscc == text.upper())
        )
    limit = max(1, min(scan_filter.limit, MAX_HISTORY_ROWS))
    statement = statement.order_by(ScanEvent.occurred_at.desc(), ScanEvent.id.desc()).limit(limit)
    return _rows(session, statement)


def epcis_facts(session: Session, ids: Sequence[str]) -> list[ScanEventFacts]:
    """The EPCIS view of the events ``ids``, in the order given."""
    rows = session.execute(
        select(
            ScanEvent.id,
            ScanEvent.occurred_at,
            ScanEvent.utc_offset_minutes,
            ScanEvent.gtin,
            ScanEvent.batch,
            ScanEvent.serial,
            ScanEvent.raw_code,
            ScanEvent.biz_step,
            ScanEvent.disposition,
            ScanEvent.place_name,
            ScanEvent.place_address,
            ScanEvent.latitude,
            ScanEvent.longitude,
            ScanEvent.device_id,
            ScanEvent.outcome,
        ).where(ScanEvent.id.in_(ids))
    ).all()
    by_id = {row[0]: ScanEventFacts(*cast(tuple[Any, ...], row)) for row in rows}
    return [by_id[event_id] for event_id in ids if event_id in by_id]


def count_scan_events(session: Session) -> int:
    """How many scan events the device holds."""
    return int(session.execute(select(func.count()).select_from(ScanEvent)).scalar_one())


def scan_event_ids(session: Session, ids: Sequence[str]) -> set[str]:
    """Which of ``ids`` are stored."""
    return set(session.execute(select(ScanEvent.id).where(ScanEvent.id.in_(ids))).scalars())
