"""The outbox: pending rows in order with their records, marked sent only when told, failures counted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sync_data import NOW, record_scans, seal_record

from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.workspace import Workspace
from inspector_app.storage.models import OutboxEntry
from inspector_app.sync.outbox import Outbox


def test_scans_and_sealed_records_wait_in_order_with_their_content(workspace: Workspace, keys: DeviceKeys) -> None:
    first_scan = record_scans(workspace, keys, 1)[0]
    record_id = seal_record(workspace, keys, attachments=[b"photo one", b"photo two"])
    second_scan = record_scans(workspace, keys, 1)[0]

    pending = Outbox(workspace.database).pending()

    assert [p.record_id for p in pending] == [first_scan, record_id, second_scan]
    scan, sealed, _ = pending
    assert scan.record_type == "scan_event"
    assert scan.signature is None
    assert scan.attachments == ()
    assert sealed.record_type == "spot_check"
    assert sealed.signer_key_id == keys.key_id
    assert len(sealed.attachments) == 2
    assert list(sealed.attachment_hashes) == sorted(sealed.attachment_hashes)
    assert {a.size_bytes for a in sealed.attachments} == {9}
    assert not any(p.missing for p in pending)
    import hashlib

    for item in pending:
        assert hashlib.sha256(item.payload_json.encode()).hexdigest() == item.content_hash


def test_keyset_walk_visits_every_row_once(workspace: Workspace, keys: DeviceKeys) -> None:
    ids = record_scans(workspace, keys, 7)
    outbox = Outbox(workspace.database)

    walked = [record.record_id for record in outbox.iter_pending(page_size=3)]
    page = outbox.pending(after_id=outbox.pending(limit=2)[-1].outbox_id, limit=2)

    assert walked == ids
    assert [p.record_id for p in page] == ids[2:4]


def test_mark_sent_keeps_the_first_receipt_and_leaves_others_pending(workspace: Workspace, keys: DeviceKeys) -> None:
    record_scans(workspace, keys, 4)
    outbox = Outbox(workspace.database)
    pending = outbox.pending()

    changed = outbox.mark_sent_up_to([p.outbox_id for p in pending], pending[1].outbox_id, NOW)
    again = outbox.mark_sent([pending[0].outbox_id], NOW + dt.timedelta(hours=1))

    assert (changed, again) == (2, 0)
    assert [p.record_id for p in outbox.pending()] == [p.record_id for p in pending[2:]]
    assert outbox.counts().pending == 2
    assert outbox.counts().sent == 2
    with workspace.database.session() as session:
        first = session.scalars(select(OutboxEntry).order_by(OutboxEntry.id)).first()
        assert first is not None
        assert first.sent_at == NOW.replace(tzinfo=None)
        assert first.attempts == 1


def test_failures_count_attempts_and_keep_the_last_error(workspace: Workspace, keys: DeviceKeys) -> None:
    record_scans(workspace, keys, 2)
    outbox = Outbox(workspace.database)
    first, second = outbox.pending()

    outbox.record_failure([first.outbox_id], "timeout")
    outbox.record_failures({first.outbox_id: "x" * 5000, second.outbox_id: "refused"})
    rows = {p.outbox_id: p for p in outbox.pending()}

    assert rows[first.outbox_id].attempts == 2
    assert rows[first.outbox_id].last_error == "x" * 1000
    assert rows[second.outbox_id].last_error == "refused"
    assert outbox.counts().failing == 2
    outbox.mark_sent([first.outbox_id], NOW)
    assert outbox.counts().failing == 1


def test_pending_by_ids_leaves_sent_rows_out(workspace: Workspace, keys: DeviceKeys) -> None:
    ids = record_scans(workspace, keys, 3)
    outbox = Outbox(workspace.database)
    outbox.mark_sent([outbox.pending()[0].outbox_id], NOW)

    assert [p.record_id for p in outbox.pending_by_ids([ids[2], ids[0], ids[1]])] == ids[1:]
    assert outbox.pending_by_ids([]) == []


def test_a_row_whose_record_is_gone_is_reported_missing(workspace: Workspace) -> None:
    with workspace.database.session() as session:
        session.add(OutboxEntry(record_table="field_records", record_id="gone", enqueued_at=NOW.replace(tzinfo=None)))
        session.add(OutboxEntry(record_table="scan_events", record_id="gone-too", enqueued_at=NOW.replace(tzinfo=None)))

    pending = Outbox(workspace.database).pending()

    assert [(p.record_id, p.missing) for p in pending] == [("gone", True), ("gone-too", True)]
