"""Sync throughput over loopback against a real ``inspector-hq serve`` process.

* **Push:** 100,000 small records (scan events) from a workstation's outbox to HQ — the whole ``sync()``, with
  batching, signing, HQ's checks and the outbox bookkeeping — beside a bare bulk insert of the same rows into
  HQ's ``received_records`` table (one ``executemany``/``COPY`` in one transaction, no HTTP, no checks). Target
  at least 5,000 records/s. HQ on SQLite; also on PostgreSQL when ``INSPECTOR_TEST_POSTGRES_URL`` is set.
* **Pull:** 1,000,000 trade items (with 1,000 makers) onto a fresh workstation (the shipped catalogue installed,
  nothing else), with the progress callback watched to see the bar move. Target under 60 s until the last page
  is applied; the digest check that follows (HQ's and the device's digests over a million keys) is timed and
  reported beside it.

    .venv/bin/pytest tests/benchmarks/test_bench_sync.py --benchmark-only -s
    SYNC_BENCH_RECORDS=20000 SYNC_BENCH_ITEMS=100000 .venv/bin/pytest tests/benchmarks/test_bench_sync.py -s

Figures are printed and kept in each benchmark's ``extra_info``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hq"))

from hq_testing import fresh_postgres_database
from live_hq import LiveHq
from sync_data import insert_scan_events_fast

from inspector_app.hq.sql import insert_many
from inspector_app.hq.storage.models import ReceivedRecord
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.catalogue_service import ensure_catalogue_installed
from inspector_app.services.sync_service import SyncProgress, SyncService
from inspector_app.services.workspace import open_workspace
from inspector_app.storage.models import ScanEvent, TradeItem
from inspector_app.sync.protocol import EnterpriseRow, ReferenceTable, TradeItemRow

RECORDS = int(os.environ.get("SYNC_BENCH_RECORDS", "100000"))
ITEMS = int(os.environ.get("SYNC_BENCH_ITEMS", "1000000"))
MIN_RECORDS_PER_SECOND = 5000.0
MAX_PULL_SECONDS = 60.0
POSTGRES_URL = os.environ.get("INSPECTOR_TEST_POSTGRES_URL")
_ENTERPRISES = 1000
_KINDS = ("FOOD-02-001", "IND-02-001", "FOOD-01-001", None)

BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


@pytest.fixture(params=BACKENDS)
def hq(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHq]:
    with contextlib.ExitStack() as stack:
        url = None
        if request.param == "postgresql":
            assert POSTGRES_URL is not None
            url = stack.enter_context(fresh_postgres_database(POSTGRES_URL))
        server = LiveHq(tmp_path_factory.mktemp(f"hq-{request.param}") / "data", database_url=url)
        server.start()
        try:
            server.add_inspector()
            yield server
        finally:
            server.stop()


def _bare_bulk_insert(hq: LiveHq, workspace_rows: list[tuple[Any, ...]], device_id: str) -> float:
    """Seconds to insert the same rows straight into HQ's table (then removed again)."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = [
        (f"bare-{record_id}", device_id, "scan_event", payload, digest, "sig", device_id, now, "network", True)
        for record_id, payload, digest in workspace_rows
    ]
    columns = (
        "id",
        "device_id",
        "type",
        "payload",
        "content_hash",
        "signature",
        "signer_key_id",
        "received_at",
        "source",
        "complete",
    )
    database = hq.services.database
    started = time.perf_counter()
    with database.write() as connection:
        insert_many(connection, database, ReceivedRecord.__table__, columns, rows)
    seconds = time.perf_counter() - started
    with database.write() as connection:
        connection.execute(delete(ReceivedRecord).where(ReceivedRecord.id.startswith("bare-")))
    return seconds


def test_push_records(benchmark: Any, hq: LiveHq, tmp_path: Path) -> None:
    workspace = open_workspace(tmp_path / "workstation")
    try:
        keys = DeviceKeys.load_or_create(workspace.data_dir)
        service = SyncService(workspace, keys)
        service.enroll(hq.url, hq.issue_code())
        insert_scan_events_fast(workspace, RECORDS, device_id=keys.key_id)
        with workspace.database.session() as session:
            rows = [
                tuple(row)
                for row in session.execute(select(ScanEvent.id, ScanEvent.payload_json, ScanEvent.content_hash))
            ]
        before = hq.received_count()

        started = time.perf_counter()
        report = benchmark.pedantic(service.sync, rounds=1, iterations=1)
        seconds = time.perf_counter() - started
        bare = _bare_bulk_insert(hq, rows, keys.key_id)
    finally:
        workspace.close()

    assert report.outcome == "success", report.failures
    assert report.records_stored == RECORDS
    assert hq.received_count() - before == RECORDS
    rate = RECORDS / seconds
    bare_rate = RECORDS / bare
    benchmark.extra_info.update(
        {
            "records": RECORDS,
            "seconds": round(seconds, 2),
            "records_per_second": round(rate),
            "bare_insert_seconds": round(bare, 2),
            "bare_records_per_second": round(bare_rate),
            "ratio_to_bare": round(seconds / bare, 1),
        }
    )
    print(
        f"\npush ({'PostgreSQL' if hq.database_url else 'SQLite'}): {RECORDS:,} records in {seconds:.1f} s = "
        f"{rate:,.0f} records/s; bare bulk insert {bare:.2f} s = {bare_rate:,.0f} rows/s; "
        f"sync takes {seconds / bare:.1f}x the bare insert"
    )
    assert rate >= MIN_RECORDS_PER_SECOND


def _load_trade_items(hq: LiveHq, count: int) -> None:
    enterprises = [
        EnterpriseRow(uscc=_uscc(number), name=f"基准企业{number}", region_code="350100")
        for number in range(_ENTERPRISES)
    ]
    hq.write_reference(ReferenceTable.ENTERPRISES, enterprises)
    chunk = 100_000
    for start in range(0, count, chunk):
        items = [
            TradeItemRow(
                gtin=f"069{number:011d}",
                name=f"基准商品{number}",
                brand="基准品牌",
                specification="500ml",
                product_kind_code=_KINDS[number % len(_KINDS)],
                enterprise_uscc=enterprises[number % _ENTERPRISES].uscc,
            )
            for number in range(start, min(count, start + chunk))
        ]
        hq.write_reference(ReferenceTable.TRADE_ITEMS, items)


def _uscc(number: int) -> str:
    # Any 18 characters do for the wire and the workstation's table; these are unique and recognisable.
    return f"9135{hashlib.sha256(str(number).encode()).hexdigest()[:14].upper()}"


@pytest.mark.parametrize("backend", ["sqlite"])
def test_pull_a_million_trade_items(benchmark: Any, tmp_path_factory: pytest.TempPathFactory, backend: str) -> None:
    server = LiveHq(tmp_path_factory.mktemp(f"hq-pull-{backend}") / "data")
    server.start()
    workspace = open_workspace(tmp_path_factory.mktemp("fresh-workstation"))
    try:
        server.add_inspector()
        loading = time.perf_counter()
        _load_trade_items(server, ITEMS)
        print(f"\n(HQ loaded {ITEMS:,} trade items in {time.perf_counter() - loading:.0f} s)")
        ensure_catalogue_installed(workspace.database)
        service = SyncService(workspace, DeviceKeys.load_or_create(workspace.data_dir))
        service.enroll(server.url, server.issue_code())
        progress: list[tuple[float, SyncProgress]] = []
        started = time.perf_counter()

        def note(step: SyncProgress) -> None:
            progress.append((time.perf_counter() - started, step))

        report = benchmark.pedantic(lambda: service.sync(note), rounds=1, iterations=1)
        seconds = time.perf_counter() - started
        with workspace.database.session() as session:
            stored = session.scalar(select(func.count()).select_from(TradeItem))
            linked = session.scalar(
                select(func.count()).select_from(TradeItem).where(TradeItem.enterprise_id.is_not(None))
            )
    finally:
        workspace.close()
        server.stop()

    assert report.outcome == "success", report.failures
    assert report.digest_ok is True
    assert stored == ITEMS
    assert linked == ITEMS
    moves = [step.reference_done for _, step in progress if step.phase == "reference"]
    assert len(moves) >= 10 and moves == sorted(moves) and moves[-1] > moves[0]
    # The pull ends when the last page is in; checking the copy against HQ's digest follows.
    pulled = next(at for at, step in progress if step.phase == "digest")
    rate = ITEMS / pulled
    benchmark.extra_info.update(
        {
            "trade_items": ITEMS,
            "pull_seconds": round(pulled, 1),
            "digest_check_seconds": round(seconds - pulled, 1),
            "sync_seconds": round(seconds, 1),
            "items_per_second": round(rate),
            "pages": report.reference_pages,
        }
    )
    print(
        f"pull: {ITEMS:,} trade items (+{_ENTERPRISES:,} enterprises) onto a fresh workstation in {pulled:.1f} s = "
        f"{rate:,.0f} items/s ({report.reference_pages} pages, {len(moves)} progress updates); then the digest "
        f"check {seconds - pulled:.1f} s; whole sync {seconds:.1f} s"
    )
    assert pulled < MAX_PULL_SECONDS * ITEMS / 1_000_000
