"""HQ storage on SQLite and on PostgreSQL: migrations, reference changes and digests, records, attachments,
enrollment codes under concurrency."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hq_testing import BADGE, TestDevice, add_inspector, enroll_in_process
from sqlalchemy import func, select

from inspector_app.hq.app import HqServices, open_services
from inspector_app.hq.hq_error import HqError
from inspector_app.hq.hq_identity import HqKeyMismatchError
from inspector_app.hq.hq_settings import HqSettings
from inspector_app.hq.reference_store import TableWrite
from inspector_app.hq.storage.database import alembic_config, head_revision, open_hq_database
from inspector_app.hq.storage.models import Conflict, HqBase, ReceivedRecord, ReferenceChangeRow
from inspector_app.sync.protocol import (
    EnterpriseRow,
    ReferenceTable,
    TradeItemRow,
    reference_digest,
)


def _enterprise(number: int, name: str = "企业") -> EnterpriseRow:
    return EnterpriseRow(uscc=f"9135010000000{number:05d}", name=f"{name}{number}", region_code="350100")


def _item(number: int, name: str = "商品") -> TradeItemRow:
    return TradeItemRow(gtin=f"{number:014d}", name=f"{name}{number}")


def test_the_schema_is_migrated_and_migrating_again_changes_nothing(services: HqServices) -> None:
    assert services.database.current_revision() == head_revision()
    assert services.database.migrate() == (head_revision(), head_revision())


def test_a_second_process_with_another_key_file_refuses_to_start(services: HqServices, tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = HqSettings(data_dir=tmp_path / "other-hq", database_url=services.settings.database_url)
    if other.database_url is None:  # SQLite: the same file from another data dir
        other = HqSettings(data_dir=tmp_path / "other-hq", database_url=services.settings.resolved_database_url)
    with pytest.raises(HqKeyMismatchError) as caught:
        open_services(other)
    assert "hq" in caught.value.message_en.lower()
    same = open_services(services.settings)
    assert same.identity.key_id == services.identity.key_id
    same.database.close()


def test_reference_writes_are_idempotent_logged_and_compacted(services: HqServices) -> None:
    store = services.reference
    first = store.write([TableWrite(ReferenceTable.ENTERPRISES, [_enterprise(n) for n in range(50)])])
    assert first.changes == 50
    assert first.first_seq is not None and first.last_seq is not None
    assert first.last_seq - first.first_seq == 49
    again = store.write([TableWrite(ReferenceTable.ENTERPRISES, [_enterprise(n) for n in range(50)])])
    assert (again.changes, again.unchanged, again.first_seq) == (0, 50, None)
    changed = store.write(
        [
            TableWrite(
                ReferenceTable.ENTERPRISES, [_enterprise(3, "改名"), _enterprise(99)], deletes=[_enterprise(7).uscc]
            )
        ]
    )
    report = changed.tables[0]
    assert (report.inserted, report.updated, report.deleted, report.unchanged) == (1, 1, 1, 0)
    rows = list(store.iter_changes(0, page_size=7))
    keys = [key for _seq, _table, key, _op, _row in rows]
    # One entry per row: the update replaced the first change of enterprise 3; the delete is a tombstone.
    assert len(keys) == len(set(keys)) == 51
    assert [seq for seq, *_ in rows] == sorted(seq for seq, *_ in rows)
    latest = {key: (seq, op, row) for seq, _table, key, op, row in rows}
    assert latest[_enterprise(7).uscc][1:] == ("delete", None)
    assert json.loads(latest[_enterprise(3).uscc][2] or "{}")["name"] == "改名3"
    assert store.get(ReferenceTable.ENTERPRISES, _enterprise(7).uscc) is None
    assert store.count(ReferenceTable.ENTERPRISES) == 50
    # Deleting what is not there writes nothing.
    assert store.write([TableWrite(ReferenceTable.ENTERPRISES, deletes=["nothing"])]).changes == 0


def test_pages_cover_every_change_once_and_the_digest_matches_the_rows(services: HqServices) -> None:
    store = services.reference
    store.write([TableWrite(ReferenceTable.TRADE_ITEMS, [_item(n) for n in range(1, 1201)])])
    store.write([TableWrite(ReferenceTable.ENTERPRISES, [_enterprise(n) for n in range(5)])])
    cursor, seen, pages = 0, [], 0
    while True:
        page = store.changes(cursor, 500)
        body = json.loads(page.to_json())
        assert body["next_cursor"] == page.next_cursor
        seen.extend(change["key"] for change in body["changes"])
        cursor = page.next_cursor
        pages += 1
        if not page.has_more:
            break
    assert pages == 3
    assert len(seen) == len(set(seen)) == 1205
    assert not store.changes(cursor, 500).rows
    digest = store.digest()
    assert digest.high_water == cursor
    pairs = [(change[2], change[0]) for change in store.iter_changes() if change[1] == "trade_items"]
    assert digest.tables["trade_items"].rows == 1200
    assert digest.tables["trade_items"].hash == reference_digest(pairs)
    assert digest.tables["rules"].hash == hashlib.sha256(b"").hexdigest()


def test_concurrent_reference_writers_make_sequences_visible_in_order(services: HqServices) -> None:
    """Writers on many threads (many connections) while a reader follows the cursor: the reader never skips."""
    store = services.reference
    stop = threading.Event()
    seen: list[int] = []
    errors: list[BaseException] = []

    def read() -> None:
        cursor = 0
        try:
            while True:
                page = store.changes(cursor, 1000)
                seen.extend(row[0] for row in page.rows)
                cursor = page.next_cursor
                if stop.is_set() and not page.has_more:
                    return
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def write(worker: int) -> None:
        for batch in range(8):
            start = worker * 10_000 + batch * 25
            store.write([TableWrite(ReferenceTable.TRADE_ITEMS, [_item(start + n) for n in range(1, 26)])])

    reader = threading.Thread(target=read)
    reader.start()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, range(4)))
    stop.set()
    reader.join(60)
    assert not errors
    assert len(seen) == len(set(seen)) == 4 * 8 * 25
    with services.database.read() as connection:
        logged = connection.execute(select(func.count()).select_from(ReferenceChangeRow)).scalar_one()
    assert logged == 800


def test_records_are_stored_once_even_from_concurrent_senders(services: HqServices) -> None:
    device = TestDevice()
    enroll_in_process(services, device)
    device_row = services.registry.authenticate(device.token)
    records = [device.record(seq) for seq in range(1, 201)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _n: services.records.receive(device_row, records), range(4)))
    stored = sum(result.counts.stored for result in results)
    duplicates = sum(result.counts.duplicate for result in results)
    assert (stored, duplicates) == (200, 600)
    assert all(result.stored_up_to == 200 for result in results)
    assert services.records.counts().records == 200
    conflicting = device.record(1, record_id=records[0].id, payload={"id": records[0].id, "x": 1})
    with ThreadPoolExecutor(3) as pool:
        outcomes = list(pool.map(lambda _n: services.records.receive(device_row, [conflicting]), range(3)))
    assert {outcome.results[0].status for outcome in outcomes} == {"conflict"}
    with services.database.read() as connection:
        assert connection.execute(select(func.count()).select_from(Conflict)).scalar_one() == 1
        assert connection.execute(select(func.count()).select_from(ReceivedRecord)).scalar_one() == 200


def test_a_record_completes_when_its_last_attachment_arrives_in_either_order(services: HqServices) -> None:
    device = TestDevice()
    enroll_in_process(services, device)
    sender = services.registry.authenticate(device.token)
    first, second = os.urandom(1000), os.urandom(2000)
    sha1, sha2 = hashlib.sha256(first).hexdigest(), hashlib.sha256(second).hexdigest()
    services.attachments.append(sha1, 0, len(first), first)  # before the record
    result = services.records.receive(sender, [device.record(1, attachments=[sha1, sha2])])
    assert result.results[0].missing_attachments == [sha2]
    assert services.records.counts().complete == 0
    services.attachments.append(sha2, 0, len(second), second[:500])
    assert services.records.counts().complete == 0
    services.attachments.append(sha2, 500, len(second), second[500:])
    assert services.records.counts().complete == 1
    assert services.attachments.read(sha2) == second


def test_one_code_enrolls_one_device_even_when_many_try_at_once(services: HqServices) -> None:
    add_inspector(services)
    code = services.registry.issue_code(BADGE).code
    devices = [TestDevice(f"ws-{n}") for n in range(6)]

    def attempt(device: TestDevice) -> bool:
        try:
            services.registry.enroll(device.enrollment_request(code))
        except HqError as exc:
            assert exc.code == "invalid_code"
            return False
        return True

    with ThreadPoolExecutor(6) as pool:
        outcomes = list(pool.map(attempt, devices))
    assert outcomes.count(True) == 1
    assert len(services.registry.list_devices()) == 1


def test_records_export_as_csv_and_json(services: HqServices) -> None:
    import csv
    import io

    device = TestDevice()
    enroll_in_process(services, device)
    sender = services.registry.authenticate(device.token)
    records = [device.record(n, record_id=f"r-{n}", payload={"id": f"r-{n}", "名称": "抽样"}) for n in range(3)]
    assert services.records.receive(sender, records).counts.stored == 3
    csv_text = io.StringIO()
    assert services.records.export(csv_text, "csv") == 3
    rows = list(csv.DictReader(io.StringIO(csv_text.getvalue())))
    assert sorted(row["id"] for row in rows) == ["r-0", "r-1", "r-2"]
    assert json.loads(rows[0]["payload"])["名称"] == "抽样"
    json_text = io.StringIO()
    services.records.export(json_text, "json")
    items = json.loads(json_text.getvalue())
    assert sorted(item["payload"]["id"] for item in items) == ["r-0", "r-1", "r-2"]
    empty = io.StringIO()
    services.records.export(empty, "json")
    assert len(json.loads(empty.getvalue())) == 3


def test_hq_migrations_match_the_models(services: HqServices) -> None:
    with services.database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, HqBase.metadata) == []


def test_a_store_of_the_first_revision_upgrades_and_keeps_its_records(hq_settings: HqSettings) -> None:
    """An HQ database written before batch manifests existed: migrating keeps every record (no batch named)."""
    database = open_hq_database(hq_settings.resolved_database_url)
    try:
        with database.engine.connect() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
            connection.commit()
        with database.write() as connection:
            connection.execute(
                ReceivedRecord.__table__.insert().values(
                    id="old-record",
                    device_id="0" * 32,
                    type="scan_event",
                    payload="{}",
                    content_hash="a" * 64,
                    signature="sig",
                    signer_key_id="0" * 32,
                    received_at=dt.datetime(2026, 11, 1),
                    source="network",
                    complete=True,
                )
            )
        assert database.migrate() == ("0001", head_revision())
        with database.read() as connection:
            row = connection.execute(select(ReceivedRecord.id, ReceivedRecord.batch_sha256)).one()
        assert tuple(row) == ("old-record", None)
    finally:
        database.close()
