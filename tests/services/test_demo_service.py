"""Demo data into a real SQLite store: counts, integrity, atomicity, and the demo workspace's first start."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from inspector_app.domain.demo import TRADE_ITEMS_PER_BLOCK
from inspector_app.domain.errors import DemoDataError
from inspector_app.services.demo_service import (
    STAGE_BLOCKS,
    DemoSummary,
    ensure_demo_data,
    generate_demo_data,
)
from inspector_app.services.workspace import Workspace, open_workspace, resolve_data_dir
from inspector_app.storage.database import Database
from inspector_app.storage.models import (
    BlacklistEntry,
    CatalogueEdition,
    Enterprise,
    Inspector,
    Licence,
    RiskAlert,
    Rule,
    Task,
    TradeItem,
    task_inspectors,
    task_product_kinds,
)

COUNTED = {
    "enterprises": Enterprise,
    "licences": Licence,
    "blacklist_entries": BlacklistEntry,
    "trade_items": TradeItem,
    "risk_alerts": RiskAlert,
    "inspectors": Inspector,
    "tasks": Task,
}


def _counts(database: Database) -> dict[str, int]:
    with database.session() as session:
        counts = {name: session.scalar(select(func.count()).select_from(model)) or 0 for name, model in COUNTED.items()}
        counts["task_product_kinds"] = session.scalar(select(func.count()).select_from(task_product_kinds)) or 0
        counts["task_inspectors"] = session.scalar(select(func.count()).select_from(task_inspectors)) or 0
    return counts


def _summary_counts(summary: DemoSummary) -> dict[str, int]:
    return {name: getattr(summary, name) for name in (*COUNTED, "task_product_kinds", "task_inspectors")}


@pytest.fixture(scope="module")
def scale_two(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Workspace, DemoSummary, list[tuple[str, int, int]]]]:
    """One store filled at scale 2, shared by the read-only tests of this module."""
    workspace = open_workspace(tmp_path_factory.mktemp("demo") / "workspace")
    calls: list[tuple[str, int, int]] = []
    summary = generate_demo_data(workspace.database, 2, progress=lambda *call: calls.append(call))
    yield workspace, summary, calls
    workspace.close()


def test_counts_per_scale(scale_two: tuple[Workspace, DemoSummary, list[tuple[str, int, int]]]) -> None:
    workspace, summary, _ = scale_two
    counts = _counts(workspace.database)
    assert counts == _summary_counts(summary)
    assert counts["enterprises"] == 400
    assert counts["trade_items"] == 2 * TRADE_ITEMS_PER_BLOCK
    assert counts["risk_alerts"] == 100
    assert counts["tasks"] == 20
    assert counts["inspectors"] == 40
    assert 500 <= counts["licences"] <= 1100
    assert 6 <= counts["blacklist_entries"] <= 10
    assert summary.rows == sum(counts.values())
    assert summary.seconds > 0 and summary.trade_items_per_second > 0
    assert (summary.scale, summary.seed, summary.reference_date) == (2, 2026, dt.date(2026, 11, 1))


def test_catalogue_and_rules_are_installed_first(
    scale_two: tuple[Workspace, DemoSummary, list[tuple[str, int, int]]],
) -> None:
    workspace, _, calls = scale_two
    with workspace.database.session() as session:
        assert session.scalar(select(func.count()).select_from(CatalogueEdition)) == 1
        assert session.scalar(select(func.count()).select_from(Rule)) == 14
    stages = [stage for stage, _, _ in calls]
    assert stages.index("catalogue") < stages.index("rules") < stages.index(STAGE_BLOCKS)
    assert [(done, total) for stage, done, total in calls if stage == STAGE_BLOCKS] == [(0, 2), (1, 2), (2, 2)]


def test_foreign_keys_hold(scale_two: tuple[Workspace, DemoSummary, list[tuple[str, int, int]]]) -> None:
    workspace, _, _ = scale_two
    connection = sqlite3.connect(workspace.database.path)
    try:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        # Every reference is filled in where the row needs it: trade items name their kind and maker.
        assert connection.execute(
            "SELECT count(*) FROM trade_items WHERE product_kind_id IS NULL OR enterprise_id IS NULL"
        ).fetchone() == (0,)
        orphans = connection.execute(
            "SELECT count(*) FROM trade_items t LEFT JOIN product_kinds k ON k.id = t.product_kind_id "
            "WHERE k.id IS NULL"
        ).fetchone()
        assert orphans == (0,)
    finally:
        connection.close()


def test_rows_read_back_through_the_orm(scale_two: tuple[Workspace, DemoSummary, list[tuple[str, int, int]]]) -> None:
    workspace, _, _ = scale_two
    with workspace.database.session() as session:
        licence = session.get(Licence, 1)
        assert licence is not None
        assert isinstance(licence.valid_from, dt.date) and isinstance(licence.valid_to, dt.date)
        assert licence.enterprise.uscc
        recall = session.scalars(select(RiskAlert).where(RiskAlert.match_type == "gtin_batch").limit(1)).one()
        assert session.scalars(select(TradeItem).where(TradeItem.gtin == recall.gtin)).one()
        inspector = session.get(Inspector, 1)
        assert inspector is not None and inspector.active is True and inspector.role == "admin"
        task = session.get(Task, 1)
        assert task is not None and len(task.inspectors) >= 2 and task.product_kinds
        assert all(entry.since <= dt.date(2026, 11, 1) for entry in session.scalars(select(BlacklistEntry)))


def test_the_same_seed_gives_the_same_store(
    tmp_path: Path, scale_two: tuple[Workspace, DemoSummary, list[tuple[str, int, int]]]
) -> None:
    workspace, _, _ = scale_two
    again = open_workspace(tmp_path / "again")
    try:
        generate_demo_data(again.database, 2)
        query = "SELECT gtin, name, enterprise_id FROM trade_items ORDER BY id"
        first, second = sqlite3.connect(workspace.database.path), sqlite3.connect(again.database.path)
        try:
            assert first.execute(query).fetchall() == second.execute(query).fetchall()
        finally:
            first.close()
            second.close()
    finally:
        again.close()


def test_a_store_with_data_is_refused_and_left_alone(workspace: Workspace) -> None:
    generate_demo_data(workspace.database, 1, seed=1)
    before = _counts(workspace.database)
    with pytest.raises(DemoDataError) as raised:
        generate_demo_data(workspace.database, 1, seed=2)
    assert raised.value.reason == "not_empty"
    assert _counts(workspace.database) == before


def test_one_real_enterprise_is_enough_to_refuse(workspace: Workspace) -> None:
    with workspace.database.session() as session:
        session.add(Enterprise(uscc="91110108551385082Q", name="真实企业", region_code="110108"))
    with pytest.raises(DemoDataError):
        generate_demo_data(workspace.database, 1)
    assert _counts(workspace.database)["trade_items"] == 0


def test_a_failed_load_leaves_nothing_behind(workspace: Workspace) -> None:
    # Tasks are written after enterprises, licences and items of the same transaction: failing there must
    # take all of them back.
    connection = sqlite3.connect(workspace.database.path)
    connection.execute("CREATE TRIGGER refuse_tasks BEFORE INSERT ON tasks BEGIN SELECT RAISE(ABORT, 'no'); END")
    connection.commit()
    connection.close()
    with pytest.raises(Exception, match="no"):
        generate_demo_data(workspace.database, 1)
    assert _counts(workspace.database) == dict.fromkeys(_counts(workspace.database), 0)


def test_bad_scale_is_refused_before_anything_is_written(workspace: Workspace) -> None:
    with pytest.raises(DemoDataError) as raised:
        generate_demo_data(workspace.database, 0)
    assert raised.value.reason == "bad_scale"
    with workspace.database.session() as session:
        assert session.scalar(select(func.count()).select_from(CatalogueEdition)) == 0


def test_ensure_demo_data_fills_a_new_demo_workspace_once(tmp_path: Path) -> None:
    demo = open_workspace(resolve_data_dir(tmp_path, demo=True))
    try:
        first = ensure_demo_data(demo)
        assert first is not None and first.scale == 1
        counts = _counts(demo.database)
        assert counts["trade_items"] == TRADE_ITEMS_PER_BLOCK
        assert ensure_demo_data(demo) is None
        assert _counts(demo.database) == counts
    finally:
        demo.close()
    reopened = open_workspace(resolve_data_dir(tmp_path, demo=True))
    try:
        assert ensure_demo_data(reopened) is None
        assert _counts(reopened.database) == counts
    finally:
        reopened.close()


def test_ensure_demo_data_never_touches_a_real_workspace(workspace: Workspace) -> None:
    with pytest.raises(DemoDataError) as raised:
        ensure_demo_data(workspace)
    assert raised.value.reason == "not_demo_workspace"
    assert _counts(workspace.database)["enterprises"] == 0
