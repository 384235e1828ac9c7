"""Record lists and details on a real store: verdicts from the latest results, amended flags, seal checks."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

import pytest

from inspector_app.domain.errors import NotFoundError
from inspector_app.domain.records import canonical_json, content_hash
from inspector_app.services.records_service import RecordsService
from inspector_app.services.workspace import Workspace
from inspector_app.storage.attachment_store import AttachmentStore
from inspector_app.storage.field_record_repository import FieldRecordRepository, IndexFields, NewFieldRecord, SealData

T0 = dt.datetime(2026, 11, 20, 2, 0)


def _add(
    workspace: Workspace,
    record_id: str,
    record_type: str,
    minutes: int,
    *,
    seal: bool = True,
    verdict: str | None = None,
    spot_check_id: str | None = None,
    supersedes_id: str | None = None,
) -> None:
    payload: dict[str, Any] = {"type": record_type, "id": record_id, "record": {"n": minutes}}
    with workspace.database.session() as session:
        repo = FieldRecordRepository(session)
        repo.insert_draft(
            NewFieldRecord(
                id=record_id,
                record_type=record_type,
                created_at=T0 + dt.timedelta(minutes=minutes),
                payload_json=canonical_json(payload).decode(),
                utc_offset_minutes=480,
                spot_check_id=spot_check_id,
                supersedes_id=supersedes_id,
                index=IndexFields(number=f"N-{record_id}", product_name="复合肥料", verdict=verdict),
            )
        )
        if seal:
            repo.seal(
                record_id,
                SealData(
                    sealed_at=T0 + dt.timedelta(minutes=minutes, seconds=30),
                    payload_json=canonical_json(payload).decode(),
                    content_hash=content_hash(payload),
                    signature="c2ln",
                    signer_key_id="k" * 32,
                ),
            )


@pytest.fixture
def store(workspace: Workspace) -> Workspace:
    _add(workspace, "sc", "spot_check", 0, verdict="pending")
    _add(workspace, "r1", "test_results", 10, verdict="nonconforming", spot_check_id="sc")
    _add(workspace, "r2", "re_inspection", 20, verdict="conforming", spot_check_id="sc")
    _add(workspace, "draft-results", "test_results", 25, seal=False, verdict="nonconforming", spot_check_id="sc")
    _add(workspace, "am", "amendment", 30, verdict="pending", spot_check_id="sc", supersedes_id="sc")
    _add(workspace, "am-draft", "amendment", 35, seal=False, spot_check_id="sc", supersedes_id="am")
    _add(workspace, "failed", "spot_check", 40, verdict="failed")
    _add(workspace, "waiting", "spot_check", 50, verdict="pending")
    return workspace


def test_list_shows_the_latest_sealed_verdict_and_amended_flags(store: Workspace) -> None:
    records = {r.id: r for r in RecordsService(store.database).list()}
    assert records["sc"].verdict == "conforming"  # the re-inspection replaced the first result
    assert records["am"].verdict == "conforming"
    assert records["failed"].verdict == "failed"
    assert records["waiting"].verdict == "pending"
    assert records["r1"].verdict == "nonconforming"
    assert records["sc"].amended and not records["am"].amended  # a draft amendment does not count
    assert records["sc"].created_at.utcoffset() == dt.timedelta(hours=8)
    assert records["sc"].created_at.hour == 10
    assert next(iter(records)) == "waiting"  # newest first


def test_list_filters(store: Workspace) -> None:
    service = RecordsService(store.database)
    assert [r.id for r in service.list(type="spot_check")] == ["waiting", "failed", "sc"]
    assert [r.id for r in service.list(status="draft")] == ["am-draft", "draft-results"]
    assert [r.id for r in service.list(text="N-fail")] == ["failed"]
    json.dumps([r.to_dict() for r in service.list()], ensure_ascii=False)


def test_get_gives_payload_children_chain_and_attachments(store: Workspace) -> None:
    attachments = AttachmentStore(store.attachments_dir)
    with store.database.session() as session:
        stored = attachments.add(session, b"photo", "image/jpeg", "p.jpg", now=T0)
        attachments.link(session, "am-draft", stored.sha256, "photo_site")
    service = RecordsService(store.database)
    detail = service.get("sc")
    assert detail.payload == {"type": "spot_check", "id": "sc", "record": {"n": 0}}
    assert detail.hash_matches is True
    assert [c.id for c in detail.children] == ["r1", "r2", "draft-results", "am", "am-draft"]
    assert [m.id for m in detail.amendment_chain] == ["sc", "am", "am-draft"]
    draft = service.get("am-draft")
    assert draft.hash_matches is None
    assert [(a.role, a.sha256) for a in draft.attachments] == [("photo_site", stored.sha256)]
    json.dumps(detail.to_dict(), ensure_ascii=False)
    with pytest.raises(NotFoundError):
        service.get("missing")


def test_get_notices_a_payload_changed_behind_the_triggers(store: Workspace) -> None:
    connection = sqlite3.connect(store.database.path)
    try:
        connection.execute("DROP TRIGGER field_records_sealed_no_update")
        connection.execute("""UPDATE field_records SET payload_json = '{"id":"sc","record":{"n":1},"type":"spot_check"}'
                              WHERE id = 'sc'""")
        connection.commit()
    finally:
        connection.close()
    assert RecordsService(store.database).get("sc").hash_matches is False
