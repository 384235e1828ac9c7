"""Test data for sync: sealed field records with attachments, scan events, and reference changes."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from inspector_app.domain.ids import new_uuid7
from inspector_app.domain.records import canonical_json, content_hash
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.scan_service import ScanService
from inspector_app.services.workspace import Workspace
from inspector_app.storage.attachment_store import AttachmentStore
from inspector_app.storage.field_record_repository import FieldRecordRepository, NewFieldRecord, SealData
from inspector_app.storage.models import OutboxEntry, ScanEvent
from inspector_app.sync.protocol import ReferenceChange, ReferenceOp, ReferenceTable, record_signing_message

NOW = dt.datetime(2026, 11, 20, 8, 30, tzinfo=dt.UTC)
USCC_A = "91350100M000100Y43"
USCC_B = "91110000100000000X"


def seal_record(
    workspace: Workspace,
    keys: DeviceKeys,
    *,
    attachments: list[bytes] | None = None,
    record_type: str = "spot_check",
    extra: dict[str, Any] | None = None,
) -> str:
    """A sealed field record signed as protocol v1 says (over the ASCII hex hash), with its outbox row."""
    record_id = new_uuid7()
    store = AttachmentStore(workspace.attachments_dir)
    with workspace.database.session() as session:
        repository = FieldRecordRepository(session)
        repository.insert_draft(
            NewFieldRecord(
                id=record_id,
                record_type=record_type,
                created_at=NOW,
                payload_json="{}",
                device_id=keys.key_id,
            )
        )
        hashes = []
        for index, data in enumerate(attachments or []):
            stored = store.add(session, data, "image/jpeg", f"photo{index}.jpg", now=NOW)
            store.link(session, record_id, stored.sha256, f"photo_{index}")
            hashes.append(stored.sha256)
        payload = {"id": record_id, "type": record_type, "attachments": sorted(hashes), **(extra or {})}
        digest = content_hash(payload)
        repository.seal(
            record_id,
            SealData(
                sealed_at=NOW,
                payload_json=canonical_json(payload).decode("utf-8"),
                content_hash=digest,
                signature=base64.b64encode(keys.sign(record_signing_message(digest))).decode("ascii"),
                signer_key_id=keys.key_id,
            ),
        )
    return record_id


def record_scans(workspace: Workspace, keys: DeviceKeys, count: int) -> list[str]:
    """``count`` scans recorded through the scan service (each with its outbox row)."""
    service = ScanService(workspace.database, device_id=keys.key_id)
    return [service.record_scan(f"0690123456789{index % 10}").event_id for index in range(count)]


def insert_scan_events_fast(workspace: Workspace, count: int, device_id: str = "") -> list[str]:
    """``count`` minimal scan events and their outbox rows in one transaction (for large volumes)."""
    ids: list[str] = []
    scans: list[dict[str, Any]] = []
    outbox: list[dict[str, Any]] = []
    moment = NOW.replace(tzinfo=None)
    for index in range(count):
        event_id = new_uuid7()
        payload = {"type": "scan_event", "id": event_id, "device_id": device_id, "raw_code": f"{index:014d}"}
        text = canonical_json(payload).decode("utf-8")
        ids.append(event_id)
        scans.append(
            {
                "id": event_id,
                "device_id": device_id,
                "occurred_at": moment,
                "utc_offset_minutes": 480,
                "raw_code": f"{index:014d}",
                "identifier_kind": "gtin",
                "identifiers_json": "{}",
                "outcome": "unknown",
                "summary": "",
                "verdict_json": "{}",
                "place_name": "",
                "place_type": "",
                "place_address": "",
                "biz_step": "inspecting",
                "payload_json": text,
                "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            }
        )
        outbox.append(
            {
                "record_table": "scan_events",
                "record_id": event_id,
                "enqueued_at": moment,
                "sent_at": None,
                "attempts": 0,
                "last_error": "",
            }
        )
    with workspace.database.session() as session:
        session.execute(ScanEvent.__table__.insert(), scans)
        session.execute(OutboxEntry.__table__.insert(), outbox)
    return ids


class ChangeLog:
    """Builds reference changes with growing sequence numbers (gaps allowed)."""

    def __init__(self, start: int = 0, step: int = 1) -> None:
        self.seq = start
        self.step = step

    def upsert(self, table: ReferenceTable, key: str, row: dict[str, Any]) -> ReferenceChange:
        self.seq += self.step
        return ReferenceChange(seq=self.seq, table=table, key=key, op=ReferenceOp.UPSERT, row=row)

    def delete(self, table: ReferenceTable, key: str) -> ReferenceChange:
        self.seq += self.step
        return ReferenceChange(seq=self.seq, table=table, key=key, op=ReferenceOp.DELETE, row=None)


def enterprise_row(uscc: str = USCC_A, name: str = "福州示例食品有限公司", **extra: Any) -> dict[str, Any]:
    return {"uscc": uscc, "name": name, "region_code": "350100", **extra}


def trade_item_row(gtin: str, name: str = "示例饮料", **extra: Any) -> dict[str, Any]:
    return {"gtin": gtin, "name": name, **extra}


def alert_row(code: str, gtin: str, **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "title": "召回示例",
        "action": "recall",
        "match_type": "gtin",
        "gtin": gtin,
        "valid_from": "2026-01-01",
        **extra,
    }


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
