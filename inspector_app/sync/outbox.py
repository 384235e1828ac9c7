"""The outbox: sealed records waiting to go to HQ, read in queue order, marked sent only once HQ holds them.

Every sealed field record and every scan event has one ``outbox`` row, written in the same transaction as the
record itself. Sending reads the rows that are not yet sent, oldest first, together with what HQ needs of each
record (its canonical payload, hash, signature and the hashes of its attachments). A row is marked sent only after
HQ answered that it holds the record durably (and, for records with attachments, every attachment in full); until
then it stays pending and is sent again on the next sync. Re-sending is harmless: HQ keys records by id and hash,
so a record that arrives twice is stored once.

Nothing here deletes a row: a sent row keeps ``sent_at`` as the receipt, and ``attempts``/``last_error`` tell how
often sending was tried and why the last try failed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector_app.storage.database import Database
from inspector_app.storage.models import OutboxEntry

logger = logging.getLogger(__name__)

FIELD_RECORDS_TABLE = "field_records"
SCAN_EVENTS_TABLE = "scan_events"
SCAN_EVENT_TYPE = "scan_event"
#: The longest ``last_error`` kept; the full story goes to the log.
MAX_ERROR_LENGTH = 1000
# SQLite accepts up to 32766 bound parameters; updates by id go in slices well below that.
_ID_SLICE = 900


@dataclass(frozen=True, slots=True)
class OutgoingAttachment:
    """A file a record refers to, as HQ is told about it."""

    sha256: str
    size_bytes: int
    media_type: str


@dataclass(frozen=True, slots=True)
class OutgoingRecord:
    """One pending outbox row with its record, ready to be put on the wire or into a bundle.

    ``signature`` and ``signer_key_id`` are ``None`` for scan events, which are not signed when recorded: the
    sender signs their ``content_hash`` with the device key (Ed25519 is deterministic, so every re-send carries
    the same signature). ``missing`` is true when the record the row names cannot be found (a damaged store):
    such a row is never marked sent.
    """

    outbox_id: int
    record_table: str
    record_id: str
    record_type: str
    device_id: str
    payload_json: str
    content_hash: str
    signature: str | None
    signer_key_id: str | None
    attachments: tuple[OutgoingAttachment, ...]
    enqueued_at: dt.datetime
    attempts: int
    last_error: str
    missing: bool = False

    @property
    def attachment_hashes(self) -> tuple[str, ...]:
        """The SHA-256 of every attachment, sorted."""
        return tuple(attachment.sha256 for attachment in self.attachments)


@dataclass(frozen=True, slots=True)
class OutboxCounts:
    """How many rows wait, how many were sent, and how many of the waiting ones failed at least once."""

    pending: int
    sent: int
    failing: int


class Outbox:
    """Reads and updates the ``outbox`` table of one workstation store. Each call is its own transaction."""

    def __init__(self, database: Database) -> None:
        self._database = database

    # ----------------------------------------------------------------------------------------------- reading
    def pending(self, *, after_id: int = 0, limit: int = 500) -> list[OutgoingRecord]:
        """Up to ``limit`` unsent rows with ``outbox.id > after_id``, oldest first, with their records.

        Walking with ``after_id`` (the last ``outbox_id`` seen) lets one sync visit every pending row once, even
        rows HQ keeps refusing, instead of sending the same head of the queue again and again.
        """
        limit = max(1, limit)
        return self._database.run(lambda session: _pending(session, after_id, limit))

    def pending_by_ids(self, record_ids: Sequence[str]) -> list[OutgoingRecord]:
        """The unsent rows of ``record_ids`` (in queue order); rows already sent are left out."""
        if not record_ids:
            return []
        return self._database.run(lambda session: _pending_by_ids(session, list(record_ids)))

    def iter_pending(self, page_size: int = 500) -> Iterable[OutgoingRecord]:
        """Every unsent row, oldest first, read page by page (each page its own short transaction)."""
        after = 0
        while True:
            page = self.pending(after_id=after, limit=page_size)
            if not page:
                return
            yield from page
            after = page[-1].outbox_id

    def pending_count(self) -> int:
        """How many rows wait to be sent."""
        return self._database.run(
            lambda session: int(
                session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.sent_at.is_(None))) or 0
            )
        )

    def counts(self) -> OutboxCounts:
        """Pending, sent and failing (pending with an error) rows."""

        def work(session: Session) -> OutboxCounts:
            pending = session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.sent_at.is_(None)))
            sent = session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.sent_at.is_not(None)))
            failing = session.scalar(
                select(func.count())
                .select_from(OutboxEntry)
                .where(OutboxEntry.sent_at.is_(None), OutboxEntry.last_error != "")
            )
            return OutboxCounts(int(pending or 0), int(sent or 0), int(failing or 0))

        return self._database.run(work)

    # ----------------------------------------------------------------------------------------------- writing
    def mark_sent(self, outbox_ids: Iterable[int], sent_at: dt.datetime) -> int:
        """Mark the rows sent at ``sent_at`` (UTC); rows already sent keep their first receipt. Returns how many
        rows changed."""
        ids = sorted(set(outbox_ids))
        if not ids:
            return 0
        moment = _utc_naive(sent_at).isoformat(sep=" ", timespec="microseconds")
        changed = self._database.run(
            lambda session: _update(session, ids, "sent_at = ?, attempts = attempts + 1, last_error = ''", (moment,))
        )
        logger.debug("outbox: %d row(s) marked sent", changed)
        return changed

    def mark_sent_up_to(self, outbox_ids: Iterable[int], stored_up_to: int, sent_at: dt.datetime) -> int:
        """Mark sent those of ``outbox_ids`` that are ``<= stored_up_to`` (HQ's durable watermark for the batch)."""
        return self.mark_sent((outbox_id for outbox_id in outbox_ids if outbox_id <= stored_up_to), sent_at)

    def record_failure(self, outbox_ids: Iterable[int], error: str) -> int:
        """Count one more failed attempt for each unsent row and keep ``error`` as its last error."""
        ids = sorted(set(outbox_ids))
        if not ids:
            return 0
        text = error[:MAX_ERROR_LENGTH]
        return self._database.run(
            lambda session: _update(session, ids, "attempts = attempts + 1, last_error = ?", (text,))
        )

    def record_failures(self, errors: dict[int, str]) -> int:
        """Like :meth:`record_failure`, with a different error for each row."""
        changed = 0
        by_text: dict[str, list[int]] = {}
        for outbox_id, text in errors.items():
            by_text.setdefault(text, []).append(outbox_id)
        for text, ids in by_text.items():
            changed += self.record_failure(ids, text)
        return changed


# One query for a page of the queue with both kinds of record: the sync reads a hundred thousand rows this way,
# so it goes to the driver as plain SQL (no per-row ORM or expression work).
_PAGE_COLUMNS = """
    o.id, o.record_table, o.record_id, o.enqueued_at, o.attempts, o.last_error,
    f.record_type, f.device_id, f.payload_json, f.content_hash, f.signature, f.signer_key_id, f.status,
    s.device_id, s.payload_json, s.content_hash
FROM outbox o
LEFT JOIN field_records f ON o.record_table = 'field_records' AND f.id = o.record_id
LEFT JOIN scan_events s ON o.record_table = 'scan_events' AND s.id = o.record_id
"""
_PAGE_SQL = "SELECT" + _PAGE_COLUMNS + "WHERE o.sent_at IS NULL AND o.id > ? ORDER BY o.id LIMIT ?"
_BY_ID_SQL = "SELECT" + _PAGE_COLUMNS + "WHERE o.sent_at IS NULL AND o.record_id IN ({marks}) ORDER BY o.id"


def _pending(session: Session, after_id: int, limit: int) -> list[OutgoingRecord]:
    rows = session.connection().exec_driver_sql(_PAGE_SQL, (after_id, limit)).all()
    return _records(session, rows)


def _pending_by_ids(session: Session, record_ids: Sequence[str]) -> list[OutgoingRecord]:
    rows: list[Any] = []
    for start in range(0, len(record_ids), _ID_SLICE):
        chunk = tuple(record_ids[start : start + _ID_SLICE])
        marks = ", ".join("?" for _ in chunk)
        rows.extend(session.connection().exec_driver_sql(_BY_ID_SQL.format(marks=marks), chunk).all())
    return sorted(_records(session, rows), key=lambda record: record.outbox_id)


def _records(session: Session, rows: Sequence[Any]) -> list[OutgoingRecord]:
    """Outgoing records from rows of the page query, with the attachments of the field records among them."""
    field_ids = [row[2] for row in rows if row[1] == FIELD_RECORDS_TABLE]
    attachments: dict[str, dict[str, OutgoingAttachment]] = {}
    for start in range(0, len(field_ids), _ID_SLICE):
        chunk = tuple(field_ids[start : start + _ID_SLICE])
        marks = ", ".join("?" for _ in chunk)
        for record_id, sha256, size_bytes, media_type in session.connection().exec_driver_sql(
            "SELECT ra.record_id, a.sha256, a.size_bytes, a.media_type FROM record_attachments ra "
            f"JOIN attachments a ON a.sha256 = ra.sha256 WHERE ra.record_id IN ({marks})",
            chunk,
        ):
            attachments.setdefault(record_id, {})[sha256] = OutgoingAttachment(sha256, int(size_bytes), media_type)
    records: list[OutgoingRecord] = []
    for row in rows:
        (outbox_id, table, record_id, enqueued, attempts, last_error) = row[:6]
        enqueued_at = _timestamp(enqueued)
        if table == FIELD_RECORDS_TABLE:
            record_type, device_id, payload, digest, signature, signer, status = row[6:13]
            files = attachments.get(record_id, {})
            records.append(
                OutgoingRecord(
                    outbox_id=outbox_id,
                    record_table=table,
                    record_id=record_id,
                    record_type=record_type or "",
                    device_id=device_id or "",
                    payload_json=payload or "",
                    content_hash=digest or "",
                    signature=signature,
                    signer_key_id=signer,
                    attachments=tuple(files[sha] for sha in sorted(files)),
                    enqueued_at=enqueued_at,
                    attempts=attempts,
                    last_error=last_error,
                    missing=payload is None or digest is None or status != "sealed",
                )
            )
            continue
        device_id, payload, digest = row[13:16]
        records.append(
            OutgoingRecord(
                outbox_id=outbox_id,
                record_table=table,
                record_id=record_id,
                record_type=SCAN_EVENT_TYPE,
                device_id=device_id or "",
                payload_json=payload or "",
                content_hash=digest or "",
                signature=None,
                signer_key_id=None,
                attachments=(),
                enqueued_at=enqueued_at,
                attempts=attempts,
                last_error=last_error,
                missing=payload is None or table != SCAN_EVENTS_TABLE,
            )
        )
    return records


def _timestamp(value: object) -> dt.datetime:
    # SQLite hands back the text SQLAlchemy wrote ("2026-11-20 08:30:00.000000").
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _update(session: Session, ids: list[int], assignments: str, values: tuple[Any, ...]) -> int:
    changed = 0
    for start in range(0, len(ids), _ID_SLICE):
        chunk = tuple(ids[start : start + _ID_SLICE])
        marks = ", ".join("?" for _ in chunk)
        result = session.connection().exec_driver_sql(
            f"UPDATE outbox SET {assignments} WHERE sent_at IS NULL AND id IN ({marks})", (*values, *chunk)
        )
        changed += int(getattr(result, "rowcount", 0) or 0)
    return changed


def _utc_naive(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)
