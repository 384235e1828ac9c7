"""Field records received at HQ: checked, stored exactly once, never overwritten; conflicts kept for review.

A batch is checked record by record (device, hash, payload, signature — see ``sync/protocol.py``), then everything
that passed goes into the database in one transaction with ``INSERT … ON CONFLICT (id) DO NOTHING``: a record id
that is already there is looked up, and the same hash makes a ``duplicate``, another hash a ``conflict`` (that
version goes into ``conflicts``, again ``ON CONFLICT DO NOTHING``). The answer leaves only after the commit, so
``stored_up_to`` never names a record HQ could still lose.

A record with its own signature is checked against it; one without (a scan event) is covered by the batch
signature over the manifest of the whole batch, which is checked once and kept in ``record_batches`` in the same
transaction as the records that name it (``batch_sha256``; their ``signature`` column repeats the batch's).

A record is ``complete`` when every attachment it names is complete. Attachment rows are created (empty) with the
record, read ``FOR SHARE`` on PostgreSQL, and the upload that completes an attachment updates the row first and
the records after, so whichever of the two transactions commits second sees the other's work: a record can never
be left incomplete with all its attachments in.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Literal

from sqlalchemy import Connection, func, select

from inspector_app.hq.device_registry import AuthenticatedDevice
from inspector_app.hq.signature_pool import SignaturePool, verify_one
from inspector_app.hq.sql import chunks, dialect_insert, insert_new_returning, orm, utc_now
from inspector_app.hq.storage.database import HqDatabase
from inspector_app.hq.storage.models import (
    Conflict,
    HqAttachment,
    HqBase,
    ReceivedRecord,
    RecordAttachmentLink,
    RecordBatchManifest,
)
from inspector_app.sync.protocol import (
    RecordBatchResult,
    RecordCounts,
    RecordEnvelope,
    RecordResult,
    RecordStatus,
    RejectReason,
    b64decode_strict,
    record_batch_signing_message,
    record_signing_message,
)

logger = logging.getLogger(__name__)

_RECORDS_TABLE = HqBase.metadata.tables["received_records"]
SOURCE_NETWORK = "network"
SOURCE_BUNDLE = "bundle"
EXPORT_COLUMNS = (
    "id",
    "type",
    "device_id",
    "content_hash",
    "signer_key_id",
    "signature",
    "batch_sha256",
    "received_at",
    "source",
    "complete",
    "payload",
)

_REJECT_MESSAGES: dict[RejectReason, tuple[str, str]] = {
    RejectReason.DEVICE_MISMATCH: (
        "记录的设备编号与本设备不符，未接收",
        "The record names another device than the one sending it; not accepted",
    ),
    RejectReason.SIGNER_MISMATCH: (
        "记录不是由本设备的密钥签名的，未接收",
        "The record was not signed with this device's key; not accepted",
    ),
    RejectReason.BAD_HASH: (
        "记录内容与其哈希值不符（内容可能被改动），未接收",
        "The record's content does not match its hash (it may have been altered); not accepted",
    ),
    RejectReason.BAD_PAYLOAD: (
        "记录内容不是有效的 JSON 对象，未接收",
        "The record's content is not a valid JSON object; not accepted",
    ),
    RejectReason.ID_MISMATCH: (
        "记录内容中的编号与记录编号不符，未接收",
        "The id inside the record's content differs from the record id; not accepted",
    ),
    RejectReason.BAD_SIGNATURE: (
        "记录签名无效（内容可能被改动或签名密钥不符），未接收",
        "The record's signature is not valid (altered content or another key); not accepted",
    ),
}
_CONFLICT_MESSAGE = (
    "总部已有同一编号但内容不同的记录；新版本已留存待审核，原记录未被覆盖",
    "HQ already holds a record with this id and other content; this version is kept for review and the stored "
    "one is not overwritten",
)


@dataclass(slots=True)
class _Checked:
    envelope: RecordEnvelope
    reason: RejectReason | None = None
    signature: bytes = b""
    batched: bool = False  # no signature of its own: the batch signature must cover it
    status: RecordStatus | None = None
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Manifest:
    """A batch manifest whose device signature holds."""

    text: str
    sha256: str
    signature: str

    @classmethod
    def verified(
        cls, device: AuthenticatedDevice, records: Sequence[RecordEnvelope], signature_text: str | None
    ) -> _Manifest | None:
        """The manifest of ``records`` when ``signature_text`` is ``device``'s signature of it, else ``None``."""
        if signature_text is None:
            return None
        try:
            signature = b64decode_strict(signature_text)
        except ValueError:
            return None
        message = record_batch_signing_message(device.id, ((r.id, r.content_hash) for r in records))
        if not verify_one(device.public_key_raw, signature, message):
            return None
        return cls(message.decode("ascii"), hashlib.sha256(message).hexdigest(), signature_text)


def _signature_text(item: _Checked, manifest: _Manifest | None) -> str:
    if item.envelope.signature is not None:
        return item.envelope.signature
    assert manifest is not None  # a batched record only gets this far under a verified manifest
    return manifest.signature


def _batch_of(item: _Checked, manifest: _Manifest | None) -> str | None:
    return manifest.sha256 if item.batched and manifest is not None else None


@dataclass(frozen=True, slots=True)
class RecordStoreCounts:
    """How much HQ holds."""

    records: int
    complete: int
    conflicts: int


class RecordStore:
    """Receives, stores and exports field records."""

    def __init__(self, database: HqDatabase, signatures: SignaturePool | None = None) -> None:
        self._database = database
        self._signatures = signatures or SignaturePool(workers=1)

    def close(self) -> None:
        """Stop the signature workers, if any were started."""
        self._signatures.close()

    def receive(
        self,
        device: AuthenticatedDevice,
        records: Sequence[RecordEnvelope],
        source: str = SOURCE_NETWORK,
        batch_signature: str | None = None,
    ) -> RecordBatchResult:
        """Check and store ``records`` sent (or carried in a bundle) by ``device``; one result per record.

        Records without a signature of their own are covered by ``batch_signature``, the device's signature over
        the manifest of all ``records`` (``record_batch_signing_message``)."""
        checked = [self._check(device, envelope) for envelope in records]
        pending = [item for item in checked if item.reason is None and not item.batched]
        valid = self._signatures.verify(
            [
                (device.public_key_raw, item.signature, record_signing_message(item.envelope.content_hash))
                for item in pending
            ]
        )
        for item, good_signature in zip(pending, valid, strict=True):
            if not good_signature:
                item.reason = RejectReason.BAD_SIGNATURE
        batched = [item for item in checked if item.reason is None and item.batched]
        manifest: _Manifest | None = None
        if batched:
            manifest = _Manifest.verified(device, records, batch_signature)
            if manifest is None:
                for item in batched:
                    item.reason = RejectReason.BAD_SIGNATURE
        now = utc_now()
        good = [item for item in checked if item.reason is None]
        if good:
            with self._database.write() as connection:
                if manifest is not None:
                    connection.execute(
                        dialect_insert(self._database, RecordBatchManifest)
                        .values(
                            sha256=manifest.sha256,
                            device_id=device.id,
                            manifest=manifest.text,
                            signature=manifest.signature,
                            received_at=now,
                        )
                        .on_conflict_do_nothing()
                    )
                self._store(connection, good, now, source, manifest)
        results: list[RecordResult] = []
        counts = RecordCounts()
        stored_up_to: int | None = None
        prefix_intact = True
        for item in checked:
            envelope = item.envelope
            if item.reason is not None:
                zh, en = _REJECT_MESSAGES[item.reason]
                result = RecordResult(
                    id=envelope.id,
                    seq=envelope.seq,
                    status=RecordStatus.REJECTED,
                    reason=item.reason.value,
                    message_zh=zh,
                    message_en=en,
                )
                counts.rejected += 1
                prefix_intact = False
            else:
                status = item.status or RecordStatus.STORED
                conflict = status is RecordStatus.CONFLICT
                result = RecordResult(
                    id=envelope.id,
                    seq=envelope.seq,
                    status=status,
                    reason=RejectReason.CONFLICT.value if conflict else None,
                    message_zh=_CONFLICT_MESSAGE[0] if conflict else "",
                    message_en=_CONFLICT_MESSAGE[1] if conflict else "",
                    missing_attachments=item.missing,
                )
                setattr(counts, status.value, getattr(counts, status.value) + 1)
                if prefix_intact:
                    stored_up_to = envelope.seq if stored_up_to is None else max(stored_up_to, envelope.seq)
            results.append(result)
        if counts.stored or counts.conflict or counts.rejected:
            logger.info(
                "records from %s (%s): %d stored, %d duplicate, %d conflict, %d rejected",
                device.id,
                source,
                counts.stored,
                counts.duplicate,
                counts.conflict,
                counts.rejected,
            )
        return RecordBatchResult(
            results=results, stored_up_to=stored_up_to, counts=counts, received_at=now.replace(tzinfo=dt.UTC)
        )

    @staticmethod
    def _check(device: AuthenticatedDevice, envelope: RecordEnvelope) -> _Checked:
        if envelope.device_id != device.id:
            return _Checked(envelope, RejectReason.DEVICE_MISMATCH)
        if envelope.signer_key_id != device.id:
            return _Checked(envelope, RejectReason.SIGNER_MISMATCH)
        try:
            payload_bytes = envelope.payload.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: no device wrote that, and no database can store it
            return _Checked(envelope, RejectReason.BAD_PAYLOAD)
        if hashlib.sha256(payload_bytes).hexdigest() != envelope.content_hash:
            return _Checked(envelope, RejectReason.BAD_HASH)
        if "\x00" in envelope.payload:  # canonical JSON escapes NUL; PostgreSQL text cannot hold it
            return _Checked(envelope, RejectReason.BAD_PAYLOAD)
        try:
            payload = json.loads(envelope.payload)
        except ValueError:
            return _Checked(envelope, RejectReason.BAD_PAYLOAD)
        if not isinstance(payload, dict):
            return _Checked(envelope, RejectReason.BAD_PAYLOAD)
        if "id" in payload and payload["id"] != envelope.id:
            return _Checked(envelope, RejectReason.ID_MISMATCH)
        if envelope.signature is None:
            return _Checked(envelope, batched=True)
        try:
            signature = b64decode_strict(envelope.signature)
        except ValueError:
            return _Checked(envelope, RejectReason.BAD_SIGNATURE)
        return _Checked(envelope, signature=signature)

    def _store(
        self, connection: Connection, items: list[_Checked], now: dt.datetime, source: str, manifest: _Manifest | None
    ) -> None:
        # The first occurrence of an id in the batch is the one inserted; later ones compare against it.
        first: dict[str, _Checked] = {}
        for item in items:
            first.setdefault(item.envelope.id, item)
        hashes = sorted({sha for item in first.values() for sha in item.envelope.attachments})
        complete_hashes: set[str] = set()
        if hashes:
            for part in chunks(hashes):
                connection.execute(
                    dialect_insert(self._database, HqAttachment)
                    .values(
                        [{"sha256": sha, "bytes_received": 0, "complete": False, "created_at": now} for sha in part]
                    )
                    .on_conflict_do_nothing()
                )
                found = connection.execute(
                    select(HqAttachment.sha256, HqAttachment.complete)
                    .where(HqAttachment.sha256.in_(part))
                    .order_by(HqAttachment.sha256)
                    .with_for_update(read=True)
                )
                complete_hashes.update(sha for sha, complete in found if complete)
        inserted: set[str] = set()
        candidates = list(first.values())
        rows = [
            {
                "id": item.envelope.id,
                "device_id": item.envelope.device_id,
                "type": item.envelope.type,
                "payload": item.envelope.payload,
                "content_hash": item.envelope.content_hash,
                "signature": _signature_text(item, manifest),
                "signer_key_id": item.envelope.signer_key_id,
                "received_at": now,
                "source": source,
                "complete": all(sha in complete_hashes for sha in item.envelope.attachments),
                "batch_sha256": _batch_of(item, manifest),
            }
            for item in candidates
        ]
        # RETURNING names exactly the rows this transaction inserted; the others were there already.
        inserted.update(
            insert_new_returning(
                connection, self._database, _RECORDS_TABLE, rows, conflict_columns=["id"], returning="id"
            )
        )
        links = [
            {"record_id": item.envelope.id, "sha256": sha}
            for item in candidates
            if item.envelope.id in inserted
            for sha in dict.fromkeys(item.envelope.attachments)
        ]
        if links:
            connection.execute(dialect_insert(self._database, RecordAttachmentLink).on_conflict_do_nothing(), links)
        stored_hash: dict[str, str] = {}
        others = [record_id for record_id in first if record_id not in inserted]
        for part in chunks(others):
            found_hashes = connection.execute(
                select(ReceivedRecord.id, ReceivedRecord.content_hash).where(ReceivedRecord.id.in_(part))
            )
            stored_hash.update((record_id, content) for record_id, content in found_hashes)
        for record_id in inserted:
            stored_hash[record_id] = first[record_id].envelope.content_hash
        conflicts = []
        for item in items:
            envelope = item.envelope
            fresh = envelope.id in inserted and first[envelope.id] is item
            if fresh:
                item.status = RecordStatus.STORED
            elif stored_hash[envelope.id] == envelope.content_hash:
                item.status = RecordStatus.DUPLICATE
            else:
                item.status = RecordStatus.CONFLICT
                conflicts.append(
                    {
                        "record_id": envelope.id,
                        "device_id": envelope.device_id,
                        "type": envelope.type,
                        "payload": envelope.payload,
                        "content_hash": envelope.content_hash,
                        "signature": _signature_text(item, manifest),
                        "signer_key_id": envelope.signer_key_id,
                        "stored_hash": stored_hash[envelope.id],
                        "received_at": now,
                        "source": source,
                        "batch_sha256": _batch_of(item, manifest),
                    }
                )
            if item.status is not RecordStatus.CONFLICT:
                item.missing = [sha for sha in dict.fromkeys(envelope.attachments) if sha not in complete_hashes]
        if conflicts:
            connection.execute(
                dialect_insert(self._database, Conflict).on_conflict_do_nothing(
                    index_elements=["record_id", "content_hash"]
                ),
                conflicts,
            )
        if conflicts:
            logger.warning("%d conflicting record version(s) kept for review", len(conflicts))

    # --- reading -----------------------------------------------------------------------------------------

    def counts(self) -> RecordStoreCounts:
        """How many records (complete ones) and conflicts HQ holds."""
        with self._database.read() as connection:
            records = connection.execute(select(func.count()).select_from(ReceivedRecord)).scalar_one()
            complete = connection.execute(
                select(func.count()).select_from(ReceivedRecord).where(ReceivedRecord.complete.is_(True))
            ).scalar_one()
            conflicts = connection.execute(select(func.count()).select_from(Conflict)).scalar_one()
        return RecordStoreCounts(int(records), int(complete), int(conflicts))

    def known_hashes(self, record_ids: Sequence[str]) -> dict[str, str]:
        """Record id → stored content hash, for the ids HQ has."""
        found: dict[str, str] = {}
        with self._database.read() as connection:
            for part in chunks(list(dict.fromkeys(record_ids))):
                rows = connection.execute(
                    select(ReceivedRecord.id, ReceivedRecord.content_hash).where(ReceivedRecord.id.in_(part))
                )
                found.update((record_id, content) for record_id, content in rows)
        return found

    def iter_records(self, page_size: int = 1000) -> Iterator[ReceivedRecord]:
        """Every received record in the order received (then by id), read page by page."""
        last: tuple[dt.datetime, str] | None = None
        while True:
            query = select(ReceivedRecord).order_by(ReceivedRecord.received_at, ReceivedRecord.id).limit(page_size)
            if last is not None:
                query = query.where(
                    (ReceivedRecord.received_at > last[0])
                    | ((ReceivedRecord.received_at == last[0]) & (ReceivedRecord.id > last[1]))
                )
            with self._database.read() as connection:
                rows = list(orm(connection).execute(query).scalars())
            yield from rows
            if len(rows) < page_size:
                return
            last = (rows[-1].received_at, rows[-1].id)

    def export(self, stream: IO[str], output_format: Literal["csv", "json"] = "csv") -> int:
        """Write every received record to ``stream`` as CSV (one row per record, header first) or as a JSON array
        (the payload as an object); return how many were written."""
        count = 0
        if output_format == "csv":
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow(EXPORT_COLUMNS)
            for record in self.iter_records():
                writer.writerow(
                    [
                        record.id,
                        record.type,
                        record.device_id,
                        record.content_hash,
                        record.signer_key_id,
                        record.signature,
                        record.batch_sha256 or "",
                        record.received_at.replace(tzinfo=dt.UTC).isoformat(),
                        record.source,
                        "true" if record.complete else "false",
                        record.payload,
                    ]
                )
                count += 1
            return count
        stream.write("[")
        for record in self.iter_records():
            item = {
                "id": record.id,
                "type": record.type,
                "device_id": record.device_id,
                "content_hash": record.content_hash,
                "signer_key_id": record.signer_key_id,
                "signature": record.signature,
                "batch_sha256": record.batch_sha256,
                "received_at": record.received_at.replace(tzinfo=dt.UTC).isoformat(),
                "source": record.source,
                "complete": record.complete,
                "payload": json.loads(record.payload),
            }
            stream.write(("\n" if count == 0 else ",\n") + json.dumps(item, ensure_ascii=False, sort_keys=True))
            count += 1
        stream.write("\n]\n" if count else "]\n")
        return count


def export_text(store: RecordStore, output_format: Literal["csv", "json"] = "csv") -> str:
    """The whole export as one string (for tests and small stores)."""
    buffer = io.StringIO()
    store.export(buffer, output_format)
    return buffer.getvalue()
