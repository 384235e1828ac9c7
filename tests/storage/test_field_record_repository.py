"""Field records on a real SQLite store: drafts, sealing with its outbox row, look-ups, amendment chains, and
the triggers that keep a sealed row unchanged even against raw SQL."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from inspector_app.domain.errors import NotFoundError, SealedRecordError
from inspector_app.services.workspace import Workspace
from inspector_app.storage.attachment_store import AttachmentStore
from inspector_app.storage.field_record_repository import (
    FieldRecordRepository,
    IndexFields,
    NewFieldRecord,
    RecordFilter,
    SealData,
)

T0 = dt.datetime(2026, 11, 27, 2, 0)


def _draft(record_id: str, minutes: int = 0, **changes: object) -> NewFieldRecord:
    values: dict[str, object] = {
        "id": record_id,
        "record_type": "spot_check",
        "created_at": T0 + dt.timedelta(minutes=minutes),
        "payload_json": '{"n":1}',
        "utc_offset_minutes": 480,
        "device_id": "dev",
        "index": IndexFields(product_name="食用植物油", gtin="06901234567892", batch="B1", site_name="华联超市"),
    }
    values.update(changes)
    return NewFieldRecord(**values)  # type: ignore[arg-type]


def _seal(at_minutes: int = 5, payload: str = '{"n":2}') -> SealData:
    return SealData(
        sealed_at=T0 + dt.timedelta(minutes=at_minutes),
        payload_json=payload,
        content_hash="ab" * 32,
        signature="c2ln",
        signer_key_id="k" * 32,
    )


def test_draft_can_be_updated_until_sealed(workspace: Workspace) -> None:
    with workspace.database.session() as session:
        repo = FieldRecordRepository(session)
        created = repo.insert_draft(_draft("a"))
        assert created.status == "draft" and not created.sealed
        assert created.local_time(created.created_at).hour == 10  # UTC+8 as the inspector saw it
        updated = repo.update_draft("a", '{"n":3}', IndexFields(product_name="花生油"), inspector_id=None)
        assert updated.payload == {"n": 3}
        assert updated.product_name == "花生油"
        assert updated.gtin is None


def test_seal_sets_every_seal_field_and_one_outbox_row_in_the_same_transaction(workspace: Workspace) -> None:
    with workspace.database.session() as session:
        repo = FieldRecordRepository(session)
        repo.insert_draft(_draft("a"))
        sealed = repo.seal("a", _seal(), IndexFields(number="CY-1", product_name="油", verdict="pending"))
    assert sealed.status == "sealed"
    assert sealed.sealed_at == T0 + dt.timedelta(minutes=5)
    assert sealed.content_hash == "ab" * 32
    assert sealed.signature == "c2ln"
    assert sealed.signer_key_id == "k" * 32
    assert sealed.payload == {"n": 2}
    assert (sealed.number, sealed.verdict) == ("CY-1", "pending")
    with workspace.database.session() as session:
        outbox = FieldRecordRepository(session).outbox_entries()
    assert [(o.record_table, o.record_id, o.sent_at) for o in outbox] == [("field_records", "a", None)]


def test_seal_rolls_back_with_its_outbox_row(workspace: Workspace) -> None:
    with workspace.database.session() as session:
        FieldRecordRepository(session).insert_draft(_draft("a"))

    class CrashError(Exception):
        pass

    with pytest.raises(CrashError), workspace.database.session() as session:
        FieldRecordRepository(session).seal("a", _seal())
        raise CrashError
    with workspace.database.session() as session:
        repo = FieldRecordRepository(session)
        assert repo.get("a").status == "draft"
        assert repo.outbox_entries() == []


def test_sealed_record_refuses_update_seal_and_delete(workspace: Workspace) -> None:
    with workspace.database.session() as session:
        repo = FieldRecordRepository(session)
        repo.insert_draft(_draft("a"))
        repo.seal("a", _seal())
    with workspace.database.session() as session:
        repo = FieldRecordRepository(session)
        with pytest.raises(SealedRecordError) as caught:
            repo.update_draft("a", "{}", IndexFields())
        assert caught.value.record_id == "a"
        assert "已签章封存" in caught.value.message_zh
        with pytest.raises(SealedRecordError):
            repo.seal("a", _seal(9))
        with pytest.raises(SealedRecordError):
            repo.delete_draft("a", AttachmentStore(workspace.attachments_dir))
    with workspace.database.session() as session:
        repo = FieldRecordRepository(session)
        assert repo.get("a").payload == {"n": 2}
        assert len(repo.outbox_entries()) == 1


def test_unknown_record_is_not_found(workspace: Workspace) -> None:
    with workspace.database.session() as session:
        repo = FieldRecordRepository(session)
        assert repo.find("nope") is None
        with pytest.raises(NotFoundError):
            repo.get("nope")
        with pytest.raises(NotFoundError):
            repo.update_draft("nope", "{}", IndexFields())
        with pytest.raises(NotFoundError):
            repo.seal("nope", _seal())
        with pytest.raises(ValueError, match="unknown record type"):
            repo.insert_draft(_draft("x", record_type="memo"))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE field_records SET payload_json = '{}' WHERE id = 'a'",
        "UPDATE field_records SET status = 'draft' WHERE id = 'a'",
        "UPDATE field_records SET verdict = 'conforming' WHERE id = 'a'",
        "DELETE FROM field_records WHERE id = 'a'",
        "DELETE FROM record_attachments WHERE record_id = 'a'",
        "INSERT INTO record_attachments (record_id, sha256, role) VALUES ('a', '{sha}', 'photo_site')",
    ],
)
def test_triggers_refuse_raw_sql_on_a_sealed_record(workspace: Workspace, statement: str) -> None:
    attachments = AttachmentStore(workspace.attachments_dir)
    with workspace.database.session() as session:
        repo = FieldRecordRepository(session)
        repo.insert_draft(_draft("a"))
        first = attachments.add(session, b"signature", "image/png", now=T0)
        second = attachments.add(session, b"photo", "image/jpeg", now=T0)
        attachments.link(session, "a", first.sha256, "signature_inspector_1")
        repo.seal("a", _seal())
    sql = statement.replace("{sha}", second.sha256)
    # Through SQLAlchemy...
    with pytest.raises(IntegrityError, match="sealed record"), workspace.database.session() as session:
        session.execute(text(sql))
    # ...and through a bare sqlite3 connection, as any other program would.
    connection = sqlite3.connect(workspace.database.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="sealed record"):
            connection.execute(sql)
    finally:
        connection.close()
    with workspace.database.session() as session:
        row = FieldRecordRepository(session).get("a")
        assert (row.status, row.payload_json, row.verdict) == ("sealed", '{"n":2}', None)
        assert [a.sha256 for a in attachments.for_record(session, "a")] == [first.sha256]


def test_drafts_can_be_changed_and_deleted_with_raw_sql(workspace: Workspace) -> None:
    # The triggers guard sealed rows only: a test that a draft stays editable keeps them from over-reaching.
    with workspace.database.session() as session:
        FieldRecordRepository(session).insert_draft(_draft("a"))
    with workspace.database.session() as session:
        session.execute(text("UPDATE field_records SET verdict = 'x' WHERE id = 'a'"))
    with workspace.database.session() as session:
        FieldRecordRepository(session).delete_draft("a", AttachmentStore(workspace.attachments_dir))
    with workspace.database.session() as session:
        assert FieldRecordRepository(session).find("a") is None


def test_list_filters_by_type_status_and_text(workspace: Workspace) -> None:
    with workspace.database.session() as session:
        repo = FieldRecordRepository(session)
        repo.insert_draft(_draft("a", 0))
        repo.insert_draft(
            _draft("b", 1, index=IndexFields(product_name="复合肥料", producer_uscc="91110108551385082Q"))
        )
        repo.insert_draft(_draft("c", 2, record_type="test_results", spot_check_id="a"))
        repo.seal("b", _seal())
    with workspace.database.session() as session:
        repo = FieldRecordRepository(session)
        assert [r.id for r in repo.list_records()] == ["c", "b", "a"]
        assert [r.id for r in repo.list_records(RecordFilter(record_type="spot_check"))] == ["b", "a"]
        assert [r.id for r in repo.list_records(RecordFilter(status="sealed"))] == ["b"]
        assert [r.id for r in repo.list_records(RecordFilter(text="肥料"))] == ["b"]
        assert [r.id for r in repo.list_records(RecordFilter(text="91110108551385082q"))] == ["b"]
        assert [r.id for r in repo.list_records(RecordFilter(text="华联"))] == ["c", "a"]
        assert [r.id for r in repo.list_records(RecordFilter(text="%"))] == []
        assert [r.id for r in repo.list_records(RecordFilter(limit=1))] == ["c"]
        assert repo.count("spot_check") == 2
        assert repo.count(status="draft") == 2


def test_children_of_a_spot_check_oldest_first(workspace: Workspace) -> None:
    with workspace.database.session() as session:
        repo = FieldRecordRepository(session)
        repo.insert_draft(_draft("sc", 0))
        repo.insert_draft(_draft("cert", 3, record_type="certificate", spot_check_id="sc"))
        repo.insert_draft(_draft("res", 2, record_type="test_results", spot_check_id="sc"))
        repo.insert_draft(_draft("other", 1))
        assert [r.id for r in repo.children("sc")] == ["res", "cert"]
        assert [r.id for r in repo.children("sc", "certificate")] == ["cert"]
        assert repo.children("other") == []


def test_amendment_chain_is_the_same_from_any_member(workspace: Workspace) -> None:
    with workspace.database.session() as session:
        repo = FieldRecordRepository(session)
        repo.insert_draft(_draft("orig", 0))
        repo.insert_draft(_draft("am1", 5, record_type="amendment", supersedes_id="orig", spot_check_id="orig"))
        repo.insert_draft(_draft("am2", 9, record_type="amendment", supersedes_id="am1", spot_check_id="orig"))
        repo.insert_draft(_draft("unrelated", 1))
        for member in ("orig", "am1", "am2"):
            assert [r.id for r in repo.amendment_chain(member)] == ["orig", "am1", "am2"]
        assert [r.id for r in repo.amendment_chain("unrelated")] == ["unrelated"]
        assert [r.id for r in repo.superseded_by("orig")] == ["am1"]


def test_number_sequence_per_prefix(workspace: Workspace) -> None:
    with workspace.database.session() as session:
        repo = FieldRecordRepository(session)
        assert repo.max_number_sequence("certificate", "IW-2026-ab-") == 0
        for index, number in enumerate(["IW-2026-ab-0007", "IW-2026-ab-0012", "IW-2025-ab-0099", "IW-2026-ab-x"]):
            repo.insert_draft(_draft(f"c{index}", index, record_type="certificate", index=IndexFields(number=number)))
        assert repo.max_number_sequence("certificate", "IW-2026-ab-") == 12
        assert repo.max_number_sequence("spot_check", "IW-2026-ab-") == 0
