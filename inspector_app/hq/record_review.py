"""What an HQ operator does with received records after the fact: review conflicts, and audit signatures.

* **Conflicts.** A device sent another version of a record id HQ already holds; HQ kept it beside the stored one
  and never applied it. :meth:`RecordReview.conflicts` lists them (open ones first), :meth:`conflict` shows both
  versions and the fields where they differ, :meth:`resolve` notes that someone looked and what they decided.
  Resolving changes nothing about the stored record: a correction reaches HQ as a new sealed record (an amendment)
  from the workstation.
* **Audit.** :meth:`audit` checks every stored record again against what HQ keeps: the payload against its hash,
  and the hash against the device's signature — its own, or the batch manifest that covers it (the manifest must
  be held, match its hash, name the device and list the record). A failure means the stored data was changed
  after it arrived.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update

from inspector_app.hq.hq_error import HqError
from inspector_app.hq.signature_pool import verify_one
from inspector_app.hq.sql import utc_now
from inspector_app.hq.storage.database import HqDatabase
from inspector_app.hq.storage.models import Conflict, ReceivedRecord, RecordBatchManifest
from inspector_app.sync.protocol import BATCH_MANIFEST_HEADER, ErrorCode, record_signing_message

logger = logging.getLogger(__name__)

_AUDIT_PAGE = 2000


@dataclass(frozen=True, slots=True)
class ConflictSummary:
    """One conflicting version kept for review."""

    id: int
    record_id: str
    type: str
    device_id: str
    received_at: dt.datetime
    source: str
    stored_hash: str
    content_hash: str
    reviewed_at: dt.datetime | None
    review_note: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "record_id": self.record_id,
            "type": self.type,
            "device_id": self.device_id,
            "received_at": self.received_at.isoformat(),
            "source": self.source,
            "stored_hash": self.stored_hash,
            "content_hash": self.content_hash,
            "reviewed_at": self.reviewed_at.isoformat() if self.reviewed_at else None,
            "review_note": self.review_note,
        }


@dataclass(frozen=True, slots=True)
class ConflictDetail:
    """A conflict with both versions: the one HQ holds and the one it kept for review."""

    summary: ConflictSummary
    stored_payload: dict[str, Any]
    conflicting_payload: dict[str, Any]
    stored_received_at: dt.datetime
    stored_device_id: str

    @property
    def differing_fields(self) -> list[str]:
        """Top-level payload fields whose values differ (present in one version only counts as differing)."""
        keys = sorted(set(self.stored_payload) | set(self.conflicting_payload))
        return [key for key in keys if self.stored_payload.get(key) != self.conflicting_payload.get(key)]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.summary.to_dict(),
            "stored_device_id": self.stored_device_id,
            "stored_received_at": self.stored_received_at.isoformat(),
            "differing_fields": self.differing_fields,
            "stored_payload": self.stored_payload,
            "conflicting_payload": self.conflicting_payload,
        }


@dataclass(frozen=True, slots=True)
class AuditFailure:
    """A stored record whose check failed, and why (Chinese and English)."""

    record_id: str
    reason_zh: str
    reason_en: str


@dataclass(slots=True)
class AuditReport:
    """How many records were checked, how each was signed, and which failed."""

    checked: int = 0
    own_signatures: int = 0
    batch_signatures: int = 0
    failures: list[AuditFailure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "own_signatures": self.own_signatures,
            "batch_signatures": self.batch_signatures,
            "ok": self.ok,
            "failures": [
                {"record_id": f.record_id, "reason_zh": f.reason_zh, "reason_en": f.reason_en} for f in self.failures
            ],
        }


class RecordReview:
    """Conflict review and signature audit over HQ's received records."""

    def __init__(self, database: HqDatabase) -> None:
        self._database = database

    # --- conflicts ---------------------------------------------------------------------------------------

    def conflicts(self, *, include_reviewed: bool = False) -> list[ConflictSummary]:
        """Conflicts in the order they arrived; only those not yet reviewed unless ``include_reviewed``."""
        query = select(Conflict).order_by(Conflict.id)
        if not include_reviewed:
            query = query.where(Conflict.reviewed_at.is_(None))
        with self._database.read() as connection:
            rows = connection.execute(query).all()
        return [_summary(row) for row in rows]

    def conflict(self, conflict_id: int) -> ConflictDetail:
        """One conflict with both versions; ``HqError`` 404 when there is no such conflict."""
        with self._database.read() as connection:
            row = connection.execute(select(Conflict).where(Conflict.id == conflict_id)).one_or_none()
            if row is None:
                raise _no_conflict(conflict_id)
            stored = connection.execute(
                select(ReceivedRecord.payload, ReceivedRecord.received_at, ReceivedRecord.device_id).where(
                    ReceivedRecord.id == row.record_id
                )
            ).one()
        return ConflictDetail(
            summary=_summary(row),
            stored_payload=_object(stored.payload),
            conflicting_payload=_object(row.payload),
            stored_received_at=stored.received_at.replace(tzinfo=dt.UTC),
            stored_device_id=stored.device_id,
        )

    def resolve(self, conflict_id: int, note: str) -> ConflictSummary:
        """Note that conflict ``conflict_id`` was reviewed and what was decided; the stored record is untouched.
        Resolving again replaces the note."""
        note = note.strip()
        if not note:
            raise HqError(
                422,
                ErrorCode.INVALID_REQUEST,
                "请写明审核结论（例如：以总部已存版本为准，已通知检查员补正）",
                "Write down what was decided (e.g. the stored version stands; the inspector was asked to amend)",
            )
        with self._database.write() as connection:
            done = connection.execute(
                update(Conflict).where(Conflict.id == conflict_id).values(reviewed_at=utc_now(), review_note=note)
            )
            if done.rowcount == 0:
                raise _no_conflict(conflict_id)
            row = connection.execute(select(Conflict).where(Conflict.id == conflict_id)).one()
        logger.info("conflict %d (record %s) reviewed", conflict_id, row.record_id)
        return _summary(row)

    def open_conflict_count(self) -> int:
        """How many conflicts wait for review."""
        with self._database.read() as connection:
            count = connection.execute(
                select(func.count()).select_from(Conflict).where(Conflict.reviewed_at.is_(None))
            ).scalar_one()
        return int(count)

    # --- audit -------------------------------------------------------------------------------------------

    def audit(self, device_keys: Mapping[str, bytes]) -> AuditReport:
        """Check every stored record's hash and signature again. ``device_keys``: key id → raw public key of every
        device that ever enrolled (revoked ones included: their records stay valid)."""
        report = AuditReport()
        manifests: dict[str, frozenset[str] | None] = {}
        for row in self._iter_records():
            report.checked += 1
            problem = self._check(row, device_keys, manifests)
            if problem is not None:
                report.failures.append(AuditFailure(row.id, *problem))
            elif row.batch_sha256 is None:
                report.own_signatures += 1
            else:
                report.batch_signatures += 1
        if report.failures:
            logger.warning("audit: %d of %d records failed", len(report.failures), report.checked)
        return report

    def _iter_records(self) -> Iterator[Any]:
        columns = (
            ReceivedRecord.id,
            ReceivedRecord.payload,
            ReceivedRecord.content_hash,
            ReceivedRecord.signature,
            ReceivedRecord.signer_key_id,
            ReceivedRecord.device_id,
            ReceivedRecord.batch_sha256,
        )
        last = ""
        while True:
            with self._database.read() as connection:
                rows = connection.execute(
                    select(*columns).where(ReceivedRecord.id > last).order_by(ReceivedRecord.id).limit(_AUDIT_PAGE)
                ).all()
            yield from rows
            if len(rows) < _AUDIT_PAGE:
                return
            last = rows[-1].id

    def _check(
        self, row: Any, device_keys: Mapping[str, bytes], manifests: dict[str, frozenset[str] | None]
    ) -> tuple[str, str] | None:
        if hashlib.sha256(row.payload.encode("utf-8")).hexdigest() != row.content_hash:
            return (
                "记录内容与其哈希值不符（入库后被改动）",
                "the content does not match its hash (changed after it arrived)",
            )
        key = device_keys.get(row.signer_key_id)
        if key is None:
            return (
                f"签名密钥 {row.signer_key_id} 不是登记过的设备",
                f"the signer {row.signer_key_id} is not an enrolled device",
            )
        if row.batch_sha256 is None:
            if not verify_one(key, _b64(row.signature), record_signing_message(row.content_hash)):
                return ("记录签名无效", "the record's signature does not verify")
            return None
        if row.batch_sha256 not in manifests:
            manifests[row.batch_sha256] = self._manifest_lines(row.batch_sha256, row.signer_key_id, key)
        lines = manifests[row.batch_sha256]
        if lines is None:
            return ("批次清单缺失或其签名无效", "the batch manifest is missing or its signature does not verify")
        if f"{row.id} {row.content_hash}" not in lines:
            return ("批次清单中没有这条记录", "the batch manifest does not list this record")
        return None

    def _manifest_lines(self, sha256: str, signer: str, key: bytes) -> frozenset[str] | None:
        with self._database.read() as connection:
            found = connection.execute(
                select(RecordBatchManifest.manifest, RecordBatchManifest.signature).where(
                    RecordBatchManifest.sha256 == sha256
                )
            ).one_or_none()
        if found is None:
            return None
        message = found.manifest.encode("utf-8")
        lines = found.manifest.split("\n")
        if (
            hashlib.sha256(message).hexdigest() != sha256
            or lines[0] != f"{BATCH_MANIFEST_HEADER} {signer}"
            or not verify_one(key, _b64(found.signature), message)
        ):
            return None
        return frozenset(lines[1:])


def _summary(row: Any) -> ConflictSummary:
    return ConflictSummary(
        id=row.id,
        record_id=row.record_id,
        type=row.type,
        device_id=row.device_id,
        received_at=row.received_at.replace(tzinfo=dt.UTC),
        source=row.source,
        stored_hash=row.stored_hash,
        content_hash=row.content_hash,
        reviewed_at=row.reviewed_at.replace(tzinfo=dt.UTC) if row.reviewed_at else None,
        review_note=row.review_note,
    )


def _object(text: str) -> dict[str, Any]:
    value = json.loads(text)
    return value if isinstance(value, dict) else {"value": value}


def _b64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return b""


def _no_conflict(conflict_id: int) -> HqError:
    return HqError(404, ErrorCode.NOT_FOUND, f"找不到冲突记录：{conflict_id}", f"No conflict {conflict_id}")
