"""Demo data throughput: trade items per second, generated alone and generated + stored, extrapolated to a million.

Scale 100 (100,000 trade items, 20,000 enterprises, about 37,000 licences) by default; ``DEMO_BENCH_SCALE=1000``
runs the full million-item store the scanning benchmark uses.

    .venv/bin/pytest tests/benchmarks/test_bench_demo.py -s
    DEMO_BENCH_SCALE=1000 .venv/bin/pytest tests/benchmarks/test_bench_demo.py -s -k store

The figures (items/s, and the seconds a million items would take at that rate) are printed and kept in each
benchmark's ``extra_info``.
"""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path
from typing import Any

from inspector_app.domain.demo import TRADE_ITEMS_PER_BLOCK, DemoConfig, DemoGenerator
from inspector_app.services.catalogue_service import ensure_catalogue_installed
from inspector_app.services.demo_service import DemoService, DemoSummary, generate_demo_data, load_regions
from inspector_app.storage.database import open_database

SCALE = int(os.environ.get("DEMO_BENCH_SCALE", "100"))
MILLION = 1_000_000
# Scale 1000 has to finish in a few minutes on a two-core machine; five minutes for the whole store is the most
# we accept, and a generator or loader that lost its speed (row-by-row inserts, the ORM) is far slower than that.
MAX_SECONDS_FOR_A_MILLION = 300.0

_counter = itertools.count()


def _report(benchmark: Any, label: str, items: int, seconds: float) -> float:
    per_second = items / seconds
    million_seconds = MILLION / per_second
    benchmark.extra_info.update(
        {"trade_items": items, "items_per_second": round(per_second), "seconds_for_a_million": round(million_seconds)}
    )
    print(
        f"\n{label}: {items:,} trade items in {seconds:.1f} s = {per_second:,.0f} items/s; "
        f"1,000,000 items would take {million_seconds:.0f} s"
    )
    return million_seconds


def test_generate_only(benchmark: Any, tmp_path: Path) -> None:
    database = open_database(tmp_path / "kinds.db")
    try:
        ensure_catalogue_installed(database)
        kinds = DemoService(database).product_kinds()
    finally:
        database.close()
    regions = load_regions()

    def generate() -> int:
        generator = DemoGenerator(DemoConfig(scale=SCALE), kinds, regions)
        return sum(len(block.trade_items) for block in generator.blocks())

    started = time.perf_counter()
    items = benchmark.pedantic(generate, rounds=1, iterations=1)
    seconds = time.perf_counter() - started
    assert items == SCALE * TRADE_ITEMS_PER_BLOCK
    assert _report(benchmark, "generated", items, seconds) < MAX_SECONDS_FOR_A_MILLION


def test_generate_and_store(benchmark: Any, tmp_path: Path) -> None:
    def fresh_store() -> tuple[tuple[Any, ...], dict[str, Any]]:
        database = open_database(tmp_path / f"demo-{next(_counter)}.db")
        ensure_catalogue_installed(database)
        return (database,), {}

    summaries: list[DemoSummary] = []

    def fill(database: Any) -> None:
        try:
            summaries.append(generate_demo_data(database, SCALE))
        finally:
            database.close()

    benchmark.pedantic(fill, setup=fresh_store, rounds=1, iterations=1)
    (summary,) = summaries
    assert summary.trade_items == SCALE * TRADE_ITEMS_PER_BLOCK
    million_seconds = _report(benchmark, "generated and stored", summary.trade_items, summary.seconds)
    benchmark.extra_info["rows"] = summary.rows
    assert million_seconds < MAX_SECONDS_FOR_A_MILLION
