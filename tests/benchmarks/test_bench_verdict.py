"""Verdict service on a full-size store, beside a bare indexed SQLite lookup of the same rows.

The store: demo data at ``BENCH_SCALE`` (default 1000 = 1,000,000 trade items, 200,000 enterprises, 50,000
alerts) plus as many earlier scan events as trade items. Building it takes minutes, so it is kept in
``.benchmarks/`` and reused while its generator inputs stay the same.

    make bench                                   # everything
    .venv/bin/pytest tests/benchmarks/test_bench_verdict.py --benchmark-only -s
    BENCH_SCALE=10 .venv/bin/pytest tests/benchmarks/test_bench_verdict.py -s    # a quick look
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import inspector_app
from inspector_app.services.catalogue_service import ensure_catalogue_installed
from inspector_app.services.demo_service import generate_demo_data
from inspector_app.services.scan_service import ScanService
from inspector_app.storage.bulk_load import bulk_loading
from inspector_app.storage.database import Database, open_database
from inspector_app.storage.models import ScanEvent

SCALE = int(os.environ.get("BENCH_SCALE", "1000"))
SAMPLES = 2000
STORE_DIR = Path(__file__).resolve().parents[2] / ".benchmarks"
FIXED_NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _scan_event_rows(gtins: list[tuple[str, int | None]], count: int) -> object:
    rng = random.Random(7)
    start = dt.datetime(2024, 1, 1)
    for number in range(count):
        gtin, enterprise_id = gtins[rng.randrange(len(gtins))]
        occurred = start + dt.timedelta(seconds=number * 60)
        yield (
            f"00000000-0000-7000-8000-{number:012d}",
            "bench-device",
            occurred,
            480,
            gtin,
            "]E0",
            "gtin",
            "{}",
            gtin,
            None,
            None,
            enterprise_id,
            rng.choice(("green", "green", "green", "amber", "red")),
            "",
            "{}",
            "基准测试市场",
            "market",
            "",
            "inspecting",
            "{}",
            "0" * 64,
        )


def _build_store(path: Path) -> None:
    database = open_database(path)
    try:
        ensure_catalogue_installed(database)
        generate_demo_data(database, scale=SCALE)
        with database.engine.connect() as connection:
            gtins = [
                (row[0], row[1]) for row in connection.exec_driver_sql("SELECT gtin, enterprise_id FROM trade_items")
            ]
        columns = (
            "id", "device_id", "occurred_at", "utc_offset_minutes", "raw_code", "symbology", "identifier_kind",
            "identifiers_json", "gtin", "batch", "serial", "enterprise_id", "outcome", "summary", "verdict_json",
            "place_name", "place_type", "place_address", "biz_step", "payload_json", "content_hash",
        )  # fmt: skip
        with bulk_loading(database.engine) as loader:
            loader.insert(ScanEvent.__table__, columns, _scan_event_rows(gtins, len(gtins)))  # type: ignore[arg-type]
    finally:
        database.close()


def _fingerprint() -> str:
    """Changes whenever what the store is built from changes: generator, schema, this file."""
    package = Path(inspector_app.__file__).parent
    sources = sorted(
        [
            *package.joinpath("domain", "demo").glob("*.py"),
            *package.joinpath("storage", "migrations", "versions").glob("*.py"),
        ]
    )
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


@pytest.fixture(scope="module")
def store() -> Database:
    STORE_DIR.mkdir(exist_ok=True)
    path = STORE_DIR / f"verdict-store-scale{SCALE}-{_fingerprint()}.db"
    ready = path.with_suffix(".ready")
    if not ready.exists():
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        started = time.perf_counter()
        _build_store(path)
        ready.write_text(f"built in {time.perf_counter() - started:.0f} s\n")
    database = open_database(path)
    yield database
    database.close()


@pytest.fixture(scope="module")
def sample_codes(store: Database) -> list[str]:
    with store.engine.connect() as connection:
        count = connection.exec_driver_sql("SELECT max(id) FROM trade_items").scalar() or 0
        rng = random.Random(11)
        ids = [rng.randint(1, count) for _ in range(SAMPLES)]
        codes = [
            connection.exec_driver_sql("SELECT gtin FROM trade_items WHERE id = ?", (item_id,)).scalar() or ""
            for item_id in ids
        ]
    # One in ten scans is of an item HQ does not know.
    return [code if index % 10 else "06999999999994" for index, code in enumerate(codes)]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _time_each(call: Callable[[str], object], codes: list[str]) -> list[float]:
    timings = []
    for code in codes:
        started = time.perf_counter()
        call(code)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _bare_lookup(path: Path) -> Callable[[str], object]:
    """The same rows the verdict reads, by hand-written indexed SQL on one open connection."""
    connection = sqlite3.connect(path)

    def lookup(gtin: str) -> object:
        item = connection.execute(
            "SELECT gtin, name, brand, specification, product_kind_id, enterprise_id FROM trade_items WHERE gtin = ?",
            (gtin,),
        ).fetchone()
        kind_id = item[4] if item else None
        enterprise_id = item[5] if item else None
        kind = connection.execute(
            "SELECT k.id, k.code, k.name, c.name, c.domain, k.needs_xk, k.needs_ccc, k.needs_sc "
            "FROM product_kinds k JOIN catalogue_categories c ON c.id = k.category_id WHERE k.id = ?",
            (kind_id,),
        ).fetchone()
        maker = connection.execute(
            "SELECT id, uscc, name, region_code, credit_class, address FROM enterprises WHERE id = ?", (enterprise_id,)
        ).fetchone()
        licences = connection.execute(
            "SELECT type, number, status, valid_from, valid_to, product_kind_id, scope FROM licences "
            "WHERE enterprise_id = ?",
            (enterprise_id,),
        ).fetchall()
        blacklist = connection.execute(
            "SELECT list_type, reason, since, until, authority FROM blacklist_entries WHERE enterprise_id = ?",
            (enterprise_id,),
        ).fetchall()
        alerts = connection.execute(
            "SELECT * FROM risk_alerts WHERE status = 'active' "
            "AND (gtin = ? OR enterprise_id = ? OR product_kind_id = ?)",
            (gtin, enterprise_id, kind_id),
        ).fetchall()
        region = connection.execute(
            "SELECT * FROM risk_alerts WHERE match_type = 'region' AND region_code = ? AND status = 'active'",
            (maker[3] if maker else None,),
        ).fetchall()
        history = connection.execute(
            "SELECT occurred_at, outcome, place_name, batch FROM scan_events WHERE gtin = ? "
            "ORDER BY occurred_at DESC LIMIT 20",
            (gtin,),
        ).fetchall()
        return item, kind, maker, licences, blacklist, alerts, region, history

    return lookup


def test_verdict_p95_beside_bare_sqlite(benchmark: object, store: Database, sample_codes: list[str]) -> None:
    service = ScanService(store, clock=lambda: FIXED_NOW)
    bare = _bare_lookup(store.path)
    # Warm both paths (page cache, statement caches) before measuring.
    _time_each(service.verdict, sample_codes[:200])
    _time_each(bare, sample_codes[:200])
    verdict_ms = _time_each(service.verdict, sample_codes)
    bare_ms = _time_each(bare, sample_codes)
    p95, bare_p95 = _percentile(verdict_ms, 0.95), _percentile(bare_ms, 0.95)
    report = {
        "scale": SCALE,
        "verdict_median_ms": round(statistics.median(verdict_ms), 3),
        "verdict_p95_ms": round(p95, 3),
        "bare_median_ms": round(statistics.median(bare_ms), 3),
        "bare_p95_ms": round(bare_p95, 3),
        "p95_ratio": round(p95 / bare_p95, 2),
    }
    print("\nverdict benchmark:", report)
    benchmark.extra_info.update(report)  # type: ignore[attr-defined]
    codes = iter(sample_codes * 10)
    benchmark(lambda: service.verdict(next(codes)))  # type: ignore[operator]
