"""Field records of the spot-check family: drafts, sealing (with the outbox row), look-ups and amendment chains.

A record starts as a ``draft`` whose payload may change. Sealing sets ``status``, ``sealed_at``, ``content_hash``,
``signature`` and ``signer_key_id`` and, in the same transaction, enqueues the record in the ``outbox`` for HQ:
either both happen or neither. After that the row never changes: this repository refuses with
``SealedRecordError``, and the database triggers of migration 0002 refuse any UPDATE or DELETE that gets past it.

The repository works inside the caller's session (its transaction); it returns frozen rows, never ORM objects.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session

from inspector_app.domain.errors import NotFoundError, SealedRecordError
from inspector_app.storage.attachment_store import AttachmentStore
from inspector_app.storage.models import FieldRecord, OutboxEntry

logger = logging.getLogger(__name__)

RECORD_TYPES = (
    "spot_check",
    "test_results",
    "certificate",
    "objection",
    "re_inspection",
    "follow_up",
    "amendment",
)
STATUS_DRAFT = "draft"
STATUS_SEALED = "sealed"
OUTBOX_TABLE = "field_records"
MAX_LIST_ROWS = 5000


@dataclass(frozen=True, slots=True)
class IndexFields:
    """The denormalised columns lists and look-ups use; the payload stays the truth."""

    number: str = ""
    product_name: str = ""
    gtin: str | None = None
    batch: str | None = None
    producer_uscc: str | None = None
    site_name: str = ""
    verdict: str | None = None


@dataclass(frozen=True, slots=True)
class NewFieldRecord:
    """What a new draft is made of. ``created_at`` is UTC (naive or aware)."""

    id: str
    record_type: str
    created_at: dt.datetime
    payload_json: str
    utc_offset_minutes: int = 0
    device_id: str = ""
    inspector_id: int | None = None
    second_inspector_id: int | None = None
    spot_check_id: str | None = None
    supersedes_id: str | None = None
    index: IndexFields = IndexFields()


@dataclass(frozen=True, slots=True)
class SealData:
    """What sealing writes: the final payload, its hash and the device's signature over it."""

    sealed_at: dt.datetime  # UTC
    payload_json: str
    content_hash: str
    signature: str  # base64
    signer_key_id: str


@dataclass(frozen=True, slots=True)
class FieldRecordRow:
    """One field record as stored (times in UTC, naive)."""

    id: str
    record_type: str
    status: str
    spot_check_id: str | None
    supersedes_id: str | None
    device_id: str
    inspector_id: int | None
    second_inspector_id: int | None
    created_at: dt.datetime
    utc_offset_minutes: int
    sealed_at: dt.datetime | None
    payload_json: str
    content_hash: str | None
    signature: str | None
    signer_key_id: str | None
    number: str
    product_name: str
    gtin: str | None
    batch: str | None
    producer_uscc: str | None
    site_name: str
    verdict: str | None

    @property
    def sealed(self) -> bool:
        """Whether the record is sealed (and so never changes again)."""
        return self.status == STATUS_SEALED

    @property
    def payload(self) -> dict[str, Any]:
        """The stored payload, parsed."""
        data = json.loads(self.payload_json)
        if not isinstance(data, dict):
            raise ValueError(f"record {self.id}: the payload is not an object")
        return data

    def local_time(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` (UTC, naive) as the inspector saw it, with the device's offset when the record was made."""
        zone = dt.timezone(dt.timedelta(minutes=self.utc_offset_minutes))
        return moment.replace(tzinfo=dt.UTC).astimezone(zone)


@dataclass(frozen=True, slots=True)
class RecordFilter:
    """What a record list filters by; every field optional. ``text`` matches number, product, site, batch,
    GTIN, producer USCC or the id."""

    record_type: str | None = None
    status: str | None = None
    text: str = ""
    spot_check_id: str | None = None
    limit: int = 500


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """A record waiting for (or already sent to) HQ."""

    id: int
    record_table: str
    record_id: str
    enqueued_at: dt.datetime
    sent_at: dt.datetime | None
    attempts: int


class FieldRecordRepository:
    """Reads and writes field records within one session (the caller commits or rolls back)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # ----------------------------------------------------------------------------------------------- writing
    def insert_draft(self, record: NewFieldRecord) -> FieldRecordRow:
        """Add a new draft."""
        if record.record_type not in RECORD_TYPES:
            raise ValueError(f"unknown record type {record.record_type!r}")
        index = record.index
        row = FieldRecord(
            id=record.id,
            record_type=record.record_type,
            status=STATUS_DRAFT,
            spot_check_id=record.spot_check_id,
            supersedes_id=record.supersedes_id,
            device_id=record.device_id,
            inspector_id=record.inspector_id,
            second_inspector_id=record.second_inspector_id,
            created_at=_utc_naive(record.created_at),
            utc_offset_minutes=record.utc_offset_minutes,
            sealed_at=None,
            payload_json=record.payload_json,
            content_hash=None,
            signature=None,
            signer_key_id=None,
            number=index.number,
            product_name=index.product_name[:200],
            gtin=index.gtin,
            batch=index.batch,
            producer_uscc=index.producer_uscc,
            site_name=index.site_name[:200],
            verdict=index.verdict,
        )
        self._session.add(row)
        self._session.flush()
        return _row(row)

    def update_draft(
        self,
        record_id: str,
        payload_json: str,
        index: IndexFields,
        *,
        inspector_id: int | None = None,
        second_inspector_id: int | None = None,
    ) -> FieldRecordRow:
        """Replace a draft's payload and index columns; ``SealedRecordError`` if it is sealed."""
        values = {
            "payload_json": payload_json,
            "inspector_id": inspector_id,
            "second_inspector_id": second_inspector_id,
            **_index_values(index),
        }
        self._update_draft_row(record_id, values)
        return self.get(record_id)

    def seal(self, record_id: str, seal: SealData, index: IndexFields | None = None) -> FieldRecordRow:
        """Seal a draft and enqueue it for HQ, in the caller's transaction.

        ``SealedRecordError`` if it is already sealed, ``NotFoundError`` if there is no such record.
        """
        values: dict[str, Any] = {
            "status": STATUS_SEALED,
            "sealed_at": _utc_naive(seal.sealed_at),
            "payload_json": seal.payload_json,
            "content_hash": seal.content_hash,
            "signature": seal.signature,
            "signer_key_id": seal.signer_key_id,
        }
        if index is not None:
            values.update(_index_values(index))
        self._update_draft_row(record_id, values)
        self._session.add(
            OutboxEntry(
                record_table=OUTBOX_TABLE,
                record_id=record_id,
                enqueued_at=_utc_naive(seal.sealed_at),
                sent_at=None,
                attempts=0,
                last_error="",
            )
        )
        self._session.flush()
        logger.info("sealed record %s (%s)", record_id, seal.content_hash)
        return self.get(record_id)

    def delete_draft(self, record_id: str, attachments: AttachmentStore) -> None:
        """Discard a draft and its attachment links (the files stay: other records may share them)."""
        row = self._session.get(FieldRecord, record_id)
        if row is None:
            raise _not_found(record_id)
        if row.status != STATUS_DRAFT:
            raise SealedRecordError(record_id)
        attachments.unlink_all(self._session, record_id)
        self._session.delete(row)
        self._session.flush()

    def _update_draft_row(self, record_id: str, values: dict[str, Any]) -> None:
        # The status condition makes the check and the write one statement: nothing can seal in between.
        result = self._session.execute(
            update(FieldRecord)
            .where(FieldRecord.id == record_id, FieldRecord.status == STATUS_DRAFT)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if int(getattr(result, "rowcount", 0) or 0) == 1:
            self._session.expire_all()
            return
        if self.find(record_id) is None:
            raise _not_found(record_id)
        raise SealedRecordError(record_id)

    # ----------------------------------------------------------------------------------------------- reading
    def find(self, record_id: str) -> FieldRecordRow | None:
        """The record, or ``None``."""
        row = self._session.get(FieldRecord, record_id, populate_existing=True)
        return None if row is None else _row(row)

    def get(self, record_id: str) -> FieldRecordRow:
        """The record; ``NotFoundError`` if there is none."""
        found = self.find(record_id)
        if found is None:
            raise _not_found(record_id)
        return found

    def list_records(self, record_filter: RecordFilter | None = None) -> list[FieldRecordRow]:
        """Records, newest first, filtered."""
        wanted = record_filter or RecordFilter()
        statement = select(FieldRecord)
        if wanted.record_type:
            statement = statement.where(FieldRecord.record_type == wanted.record_type)
        if wanted.status:
            statement = statement.where(FieldRecord.status == wanted.status)
        if wanted.spot_check_id:
            statement = statement.where(FieldRecord.spot_check_id == wanted.spot_check_id)
        text = wanted.text.strip()
        if text:
            statement = statement.where(
                or_(
                    FieldRecord.number.contains(text, autoescape=True),
                    FieldRecord.product_name.contains(text, autoescape=True),
                    FieldRecord.site_name.contains(text, autoescape=True),
                    FieldRecord.batch.contains(text, autoescape=True),
                    FieldRecord.gtin.contains(text, autoescape=True),
                    FieldRecord.producer_uscc == text.upper(),
                    FieldRecord.id.startswith(text.lower(), autoescape=True),
                )
            )
        limit = max(1, min(wanted.limit, MAX_LIST_ROWS))
        return self._rows(statement.order_by(FieldRecord.created_at.desc(), FieldRecord.id.desc()).limit(limit))

    def children(self, spot_check_id: str, record_type: str | None = None) -> list[FieldRecordRow]:
        """The records that belong to a spot check (results, certificates, objections, amendments...), oldest
        first."""
        statement = select(FieldRecord).where(FieldRecord.spot_check_id == spot_check_id)
        if record_type:
            statement = statement.where(FieldRecord.record_type == record_type)
        return self._rows(statement.order_by(FieldRecord.created_at, FieldRecord.id))

    def amendment_chain(self, record_id: str) -> list[FieldRecordRow]:
        """The original record and every amendment that corrects it or a later amendment, oldest first.

        Given any record of the chain, the answer is the same: the walk goes up ``supersedes_id`` to the
        original, then down to everything that supersedes it.
        """
        current = self.get(record_id)
        seen = {current.id}
        while current.supersedes_id is not None:
            current = self.get(current.supersedes_id)
            if current.id in seen:  # a cycle cannot be written by the service; never loop on a damaged store
                break
            seen.add(current.id)
        root = current
        chain = [root]
        frontier = [root.id]
        known = {root.id}
        while frontier:
            statement = select(FieldRecord).where(FieldRecord.supersedes_id.in_(frontier))
            found = [row for row in self._rows(statement) if row.id not in known]
            chain.extend(found)
            known.update(row.id for row in found)
            frontier = [row.id for row in found]
        return [root, *sorted(chain[1:], key=lambda row: (row.created_at, row.id))]

    def superseded_by(self, record_id: str) -> list[FieldRecordRow]:
        """The amendments that name ``record_id`` as what they correct, oldest first."""
        statement = select(FieldRecord).where(FieldRecord.supersedes_id == record_id)
        return self._rows(statement.order_by(FieldRecord.created_at, FieldRecord.id))

    def sealed_of_types(self, record_types: Sequence[str]) -> list[FieldRecordRow]:
        """Every sealed record of ``record_types``, oldest first."""
        statement = select(FieldRecord).where(
            FieldRecord.record_type.in_(list(record_types)), FieldRecord.status == STATUS_SEALED
        )
        return self._rows(statement.order_by(FieldRecord.created_at, FieldRecord.id))

    def sealed_sampling_records(
        self, *, producer_uscc: str | None = None, gtin: str | None = None
    ) -> list[FieldRecordRow]:
        """Sealed spot checks and amendments of a producer (by USCC) or of a GTIN, oldest first."""
        conditions = []
        if producer_uscc:
            conditions.append(FieldRecord.producer_uscc == producer_uscc)
        if gtin:
            conditions.append(FieldRecord.gtin == gtin)
        if not conditions:
            return []
        statement = select(FieldRecord).where(
            FieldRecord.record_type.in_(("spot_check", "amendment")),
            FieldRecord.status == STATUS_SEALED,
            or_(*conditions),
        )
        return self._rows(statement.order_by(FieldRecord.created_at, FieldRecord.id))

    def max_number_sequence(self, record_type: str, prefix: str) -> int:
        """The highest ``<prefix><sequence>`` sequence among numbers of ``record_type``, 0 if none."""
        numbers = self._session.scalars(
            select(FieldRecord.number).where(
                FieldRecord.record_type == record_type, FieldRecord.number.startswith(prefix, autoescape=True)
            )
        )
        highest = 0
        for number in numbers:
            tail = number[len(prefix) :]
            if tail.isdigit():
                highest = max(highest, int(tail))
        return highest

    def count(self, record_type: str | None = None, status: str | None = None) -> int:
        """How many records there are (of a type, in a status)."""
        statement = select(func.count()).select_from(FieldRecord)
        if record_type:
            statement = statement.where(FieldRecord.record_type == record_type)
        if status:
            statement = statement.where(FieldRecord.status == status)
        return int(self._session.execute(statement).scalar_one())

    def outbox_entries(self, record_ids: Sequence[str] | None = None) -> list[OutboxRow]:
        """Outbox rows of field records (of ``record_ids`` if given), in queue order."""
        statement = select(OutboxEntry).where(OutboxEntry.record_table == OUTBOX_TABLE)
        if record_ids is not None:
            statement = statement.where(OutboxEntry.record_id.in_(list(record_ids)))
        return [
            OutboxRow(entry.id, entry.record_table, entry.record_id, entry.enqueued_at, entry.sent_at, entry.attempts)
            for entry in self._session.scalars(statement.order_by(OutboxEntry.id))
        ]

    def _rows(self, statement: Select[FieldRecord]) -> list[FieldRecordRow]:
        return [_row(row) for row in self._session.scalars(statement)]


def _row(row: FieldRecord) -> FieldRecordRow:
    return FieldRecordRow(
        id=row.id,
        record_type=row.record_type,
        status=row.status,
        spot_check_id=row.spot_check_id,
        supersedes_id=row.supersedes_id,
        device_id=row.device_id,
        inspector_id=row.inspector_id,
        second_inspector_id=row.second_inspector_id,
        created_at=row.created_at,
        utc_offset_minutes=row.utc_offset_minutes,
        sealed_at=row.sealed_at,
        payload_json=row.payload_json,
        content_hash=row.content_hash,
        signature=row.signature,
        signer_key_id=row.signer_key_id,
        number=row.number,
        product_name=row.product_name,
        gtin=row.gtin,
        batch=row.batch,
        producer_uscc=row.producer_uscc,
        site_name=row.site_name,
        verdict=row.verdict,
    )


def _index_values(index: IndexFields) -> dict[str, Any]:
    return {
        "number": index.number,
        "product_name": index.product_name[:200],
        "gtin": index.gtin,
        "batch": index.batch,
        "producer_uscc": index.producer_uscc,
        "site_name": index.site_name[:200],
        "verdict": index.verdict,
    }


def _utc_naive(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _not_found(record_id: str) -> NotFoundError:
    return NotFoundError(f"找不到记录 {record_id}", f"No record {record_id}")
