"""Reading field records for lists and detail views: the records page, ``inspector-app records list``.

A spot check is sealed before its results exist, so its own row can never carry the final verdict (the row is
immutable). The verdict a list shows for a spot check is therefore the one of its latest sealed results record (a
re-inspection counts as results); until then it is ``pending``, or ``failed`` when the sampling itself failed.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector_app.domain.records import canonical_json, content_hash
from inspector_app.storage.attachment_store import LinkedAttachment, record_attachments
from inspector_app.storage.database import Database
from inspector_app.storage.field_record_repository import (
    RECORD_TYPES,
    STATUS_SEALED,
    FieldRecordRepository,
    FieldRecordRow,
    RecordFilter,
)
from inspector_app.storage.models import FieldRecord

__all__ = ["RECORD_TYPES", "AttachmentInfo", "RecordDetail", "RecordSummary", "RecordsService"]

logger = logging.getLogger(__name__)

#: Record types whose verdict becomes the spot check's verdict (the latest one wins).
RESULT_TYPES = ("test_results", "re_inspection")


@dataclass(frozen=True, slots=True)
class RecordSummary:
    """One line of a record list. Times are aware, in the offset the device had when the record was made."""

    id: str
    record_type: str
    status: str
    product_name: str
    verdict: str | None  # conforming | nonconforming | incomplete | pending | failed | None
    number: str
    created_at: dt.datetime
    sealed_at: dt.datetime | None
    spot_check_id: str | None
    supersedes_id: str | None
    gtin: str | None
    batch: str | None
    site_name: str
    amended: bool = False  # a later amendment corrects this record

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (times ISO 8601 with offset)."""
        return {
            "id": self.id,
            "type": self.record_type,
            "status": self.status,
            "product": self.product_name,
            "verdict": self.verdict,
            "number": self.number,
            "created_at": self.created_at.isoformat(),
            "sealed_at": self.sealed_at.isoformat() if self.sealed_at else None,
            "spot_check_id": self.spot_check_id,
            "supersedes_id": self.supersedes_id,
            "gtin": self.gtin,
            "batch": self.batch,
            "site": self.site_name,
            "amended": self.amended,
        }


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    """A file a record uses, in its role."""

    role: str
    sha256: str
    media_type: str
    size_bytes: int
    original_name: str


@dataclass(frozen=True, slots=True)
class RecordDetail:
    """A record with its payload, seal, attachments, the records that belong to it and its amendment chain.

    ``hash_matches`` says whether the stored payload still hashes to the sealed ``content_hash`` (None for a
    draft); the device signature is checked by ``SpotCheckService.verify_seal`` with the trusted keys.
    """

    summary: RecordSummary
    payload: dict[str, Any]
    content_hash: str | None
    signature: str | None
    signer_key_id: str | None
    device_id: str
    inspector_id: int | None
    second_inspector_id: int | None
    attachments: tuple[AttachmentInfo, ...]
    children: tuple[RecordSummary, ...]
    amendment_chain: tuple[RecordSummary, ...]
    hash_matches: bool | None

    @property
    def id(self) -> str:
        """The record's id."""
        return self.summary.id

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            **self.summary.to_dict(),
            "payload": self.payload,
            "content_hash": self.content_hash,
            "signature": self.signature,
            "signer_key_id": self.signer_key_id,
            "device_id": self.device_id,
            "hash_matches": self.hash_matches,
            "attachments": [
                {"role": a.role, "sha256": a.sha256, "media_type": a.media_type, "size": a.size_bytes}
                for a in self.attachments
            ],
            "children": [child.to_dict() for child in self.children],
            "amendment_chain": [member.id for member in self.amendment_chain],
        }


class RecordsService:
    """Lists and shows field records of one store (read-only)."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def list(
        self, type: str | None = None, status: str | None = None, text: str = "", limit: int = 500
    ) -> list[RecordSummary]:
        """Records, newest first; ``type`` is a record type (``spot_check``, ``certificate``...), ``status``
        ``draft`` or ``sealed``, ``text`` matches number, product, site, batch, GTIN, USCC or id."""
        with self._database.session() as session:
            repo = FieldRecordRepository(session)
            rows = repo.list_records(RecordFilter(record_type=type, status=status, text=text, limit=limit))
            return summaries(session, rows)

    def get(self, record_id: str) -> RecordDetail:
        """One record in full; ``NotFoundError`` if there is none."""
        with self._database.session() as session:
            repo = FieldRecordRepository(session)
            row = repo.get(record_id)
            children = repo.children(row.id) if row.record_type == "spot_check" else []
            chain = repo.amendment_chain(row.id) if row.record_type in ("spot_check", "amendment") else [row]
            linked = record_attachments(session, row.id)
            summary, *rest = summaries(session, [row, *children, *chain])
            child_summaries = rest[: len(children)]
            chain_summaries = rest[len(children) :]
        return RecordDetail(
            summary=summary,
            payload=row.payload,
            content_hash=row.content_hash,
            signature=row.signature,
            signer_key_id=row.signer_key_id,
            device_id=row.device_id,
            inspector_id=row.inspector_id,
            second_inspector_id=row.second_inspector_id,
            attachments=tuple(_attachment_info(a) for a in linked),
            children=tuple(child_summaries),
            amendment_chain=tuple(chain_summaries),
            hash_matches=payload_matches_hash(row),
        )


def payload_matches_hash(row: FieldRecordRow) -> bool | None:
    """Whether a sealed row's payload is still canonical and hashes to its ``content_hash`` (None for a draft)."""
    if row.status != STATUS_SEALED or row.content_hash is None:
        return None
    try:
        payload = row.payload
    except ValueError:
        return False
    return canonical_json(payload).decode("utf-8") == row.payload_json and content_hash(payload) == row.content_hash


def summaries(session: Session, rows: list[FieldRecordRow]) -> list[RecordSummary]:
    """Summaries of ``rows``: a spot check (or an amendment of it) shows the verdict of its latest results, and
    ``amended`` when a sealed amendment corrects it."""
    sampling = [row for row in rows if row.record_type in ("spot_check", "amendment")]
    verdicts = _latest_verdicts(session, sorted({_spot_check_of(row) for row in sampling}))
    amended = _amended(session, [row.id for row in sampling])
    return [_summary(row, verdicts.get(_spot_check_of(row)), row.id in amended) for row in rows]


def _spot_check_of(row: FieldRecordRow) -> str:
    return row.spot_check_id or row.id


def _latest_verdicts(session: Session, spot_check_ids: list[str]) -> dict[str, str]:
    if not spot_check_ids:
        return {}
    latest: dict[str, str] = {}
    for chunk_start in range(0, len(spot_check_ids), 500):
        chunk = spot_check_ids[chunk_start : chunk_start + 500]
        rows = session.execute(
            select(FieldRecord.spot_check_id, FieldRecord.verdict)
            .where(
                FieldRecord.spot_check_id.in_(chunk),
                FieldRecord.record_type.in_(RESULT_TYPES),
                FieldRecord.status == STATUS_SEALED,
                FieldRecord.verdict.is_not(None),
            )
            .order_by(FieldRecord.created_at, FieldRecord.id)
        )
        for spot_check_id, verdict in rows:
            if spot_check_id is not None and verdict is not None:
                latest[spot_check_id] = verdict  # ordered oldest first: the last one stays
    return latest


def _amended(session: Session, record_ids: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk_start in range(0, len(record_ids), 500):
        chunk = record_ids[chunk_start : chunk_start + 500]
        found.update(
            session.scalars(
                select(FieldRecord.supersedes_id).where(
                    FieldRecord.supersedes_id.in_(chunk), FieldRecord.status == STATUS_SEALED
                )
            )
        )
    return {record_id for record_id in found if record_id is not None}


def _summary(row: FieldRecordRow, latest_verdict: str | None, amended: bool) -> RecordSummary:
    verdict = row.verdict
    # A sampling record's own verdict column was fixed when it was sealed (pending or failed); its results come later.
    if row.record_type in ("spot_check", "amendment") and latest_verdict is not None and verdict != "failed":
        verdict = latest_verdict
    return RecordSummary(
        id=row.id,
        record_type=row.record_type,
        status=row.status,
        product_name=row.product_name,
        verdict=verdict,
        number=row.number,
        created_at=row.local_time(row.created_at),
        sealed_at=row.local_time(row.sealed_at) if row.sealed_at is not None else None,
        spot_check_id=row.spot_check_id,
        supersedes_id=row.supersedes_id,
        gtin=row.gtin,
        batch=row.batch,
        site_name=row.site_name,
        amended=amended,
    )


def _attachment_info(linked: LinkedAttachment) -> AttachmentInfo:
    return AttachmentInfo(linked.role, linked.sha256, linked.media_type, linked.size_bytes, linked.original_name)
