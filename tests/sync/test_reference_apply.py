"""Reference changes from HQ: upserts by natural key, deletes, one transaction per page with the cursor."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sync_data import USCC_A, USCC_B, ChangeLog, alert_row, enterprise_row, trade_item_row

from inspector_app.domain.errors import SyncError
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.catalogue_service import shipped_catalogue_path
from inspector_app.services.scan_service import ScanService
from inspector_app.services.workspace import Workspace, open_workspace
from inspector_app.storage.models import (
    BlacklistEntry,
    CatalogueEdition,
    Enterprise,
    HolidayDay,
    Inspector,
    Licence,
    RiskAlert,
    Rule,
    Task,
    TradeItem,
)
from inspector_app.sync.protocol import (
    ReferenceChange,
    ReferenceChangePage,
    ReferenceDigest,
    ReferenceTable,
    TableDigest,
    reference_digest,
)
from inspector_app.sync.reference_apply import ReferenceApplier

T = ReferenceTable


def _page(changes: list[ReferenceChange], since: int, has_more: bool = False) -> ReferenceChangePage:
    last = changes[-1].seq if changes else since
    return ReferenceChangePage(changes=changes, next_cursor=last, has_more=has_more, high_water=last)


def _full_log() -> tuple[ChangeLog, list[ReferenceChange]]:
    log = ChangeLog(start=100, step=3)  # gaps in the sequence are normal
    changes = [
        log.upsert(T.ENTERPRISES, USCC_A, enterprise_row(credit_class="A")),
        log.upsert(T.ENTERPRISES, USCC_B, enterprise_row(USCC_B, "北京示例电器厂")),
        log.upsert(
            T.LICENCES,
            "SC|SC10635010000001",
            {"type": "SC", "number": "SC10635010000001", "enterprise_uscc": USCC_A, "product_kind_code": "FOOD-02-001"},
        ),
        log.upsert(
            T.TRADE_ITEMS,
            "06901234567892",
            trade_item_row("06901234567892", enterprise_uscc=USCC_A, product_kind_code="FOOD-02-001"),
        ),
        log.upsert(T.TRADE_ITEMS, "06901234567893", trade_item_row("06901234567893", enterprise_uscc="9" * 18)),
        log.upsert(T.RISK_ALERTS, "A-2026-001", alert_row("A-2026-001", "06901234567892")),
        log.upsert(
            T.BLACKLIST_ENTRIES,
            f"{USCC_B}|serious_violation|2026-03-01",
            {"enterprise_uscc": USCC_B, "reason": "严重违法", "since": "2026-03-01"},
        ),
        log.upsert(T.INSPECTORS, "ZF-001", {"badge_number": "ZF-001", "name": "张三"}),
        log.upsert(
            T.TASKS,
            "T-2026-01",
            {
                "code": "T-2026-01",
                "title": "食用油抽查",
                "product_kind_codes": ["FOOD-02-001", "NOPE"],
                "inspector_badges": ["ZF-001"],
            },
        ),
        log.upsert(
            T.RULES,
            "objection_food",
            {
                "code": "objection_food",
                "name": "食品复检申请",
                "amount": 7,
                "day_type": "working_days",
                "legal_source": "食品安全法",
            },
        ),
        log.upsert(T.HOLIDAY_DAYS, "2026-10-01", {"day": "2026-10-01", "kind": "holiday", "name": "国庆节"}),
        log.upsert(T.HOLIDAY_YEARS, "2026", {"year": 2026, "source": "国务院办公厅"}),
    ]
    return log, changes


def test_a_page_lands_with_names_resolved_and_the_cursor(small_catalogue: Workspace) -> None:
    applier = ReferenceApplier(small_catalogue.database)
    _, changes = _full_log()

    applied = applier.apply_page(_page(changes, 0), since=0)

    assert applied.cursor_after == changes[-1].seq == applier.cursor()
    assert applied.upserted["trade_items"] == 2
    assert applied.skipped == ()
    with small_catalogue.database.session() as session:
        a = session.scalars(select(Enterprise).where(Enterprise.uscc == USCC_A)).one()
        assert (a.credit_class, a.hq_seq) == ("A", changes[0].seq)
        item = session.scalars(select(TradeItem).where(TradeItem.gtin == "06901234567892")).one()
        assert item.enterprise_id == a.id
        assert item.product_kind_id is not None
        orphan = session.scalars(select(TradeItem).where(TradeItem.gtin == "06901234567893")).one()
        assert orphan.enterprise_id is None
        licence = session.scalars(select(Licence)).one()
        assert (licence.enterprise_id, licence.product_kind_id) == (a.id, item.product_kind_id)
        task = session.scalars(select(Task)).one()
        assert [k.code for k in task.product_kinds] == ["FOOD-02-001"]
        assert [i.badge_number for i in task.inspectors] == ["ZF-001"]
        assert session.scalars(select(BlacklistEntry)).one().since == dt.date(2026, 3, 1)
        assert session.get(HolidayDay, dt.date(2026, 10, 1)) is not None
        assert session.scalars(select(Rule)).one().amount == 7


def test_an_alert_from_hq_shows_on_the_next_verdict(small_catalogue: Workspace) -> None:
    applier = ReferenceApplier(small_catalogue.database)
    _, changes = _full_log()
    scans = ScanService(small_catalogue.database, clock=lambda: dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC))
    before = scans.verdict("06901234567892")

    applier.apply_page(_page(changes, 0), since=0)
    after = scans.verdict("06901234567892")

    assert before.outcome == "unknown"
    assert after.outcome == "red"
    assert any(f.code.startswith("alert_recall") for f in after.verdict.findings)


def test_applying_the_same_page_twice_changes_nothing(small_catalogue: Workspace) -> None:
    applier = ReferenceApplier(small_catalogue.database)
    _, changes = _full_log()
    applier.apply_page(_page(changes, 0), since=0)
    digest = applier.local_digest()

    again = applier.apply_page(_page(changes, 0), since=0)

    assert again.applied == 0
    assert again.already_applied == len(changes)
    assert applier.local_digest() == digest


def test_a_page_starting_after_the_cursor_is_refused(small_catalogue: Workspace) -> None:
    applier = ReferenceApplier(small_catalogue.database)
    log = ChangeLog(start=50)

    with pytest.raises(SyncError) as raised:
        applier.apply_page(_page([log.upsert(T.ENTERPRISES, USCC_A, enterprise_row())], 50), since=50)

    assert raised.value.reason == "reference_gap"
    assert applier.cursor() == 0
    with small_catalogue.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Enterprise)) == 0


def test_a_page_that_fails_midway_leaves_neither_rows_nor_cursor(small_catalogue: Workspace) -> None:
    applier = ReferenceApplier(small_catalogue.database)
    log = ChangeLog()
    with small_catalogue.database.session() as session:
        session.execute(
            text(
                "CREATE TRIGGER refuse_item BEFORE INSERT ON trade_items WHEN NEW.gtin = '00000000000017' "
                "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END"
            )
        )
    changes = [
        log.upsert(T.ENTERPRISES, USCC_A, enterprise_row()),
        log.upsert(T.TRADE_ITEMS, "00000000000017", trade_item_row("00000000000017")),
    ]

    with pytest.raises(IntegrityError, match="simulated failure"):
        applier.apply_page(_page(changes, 0), since=0)

    assert applier.cursor() == 0
    with small_catalogue.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Enterprise)) == 0


def test_hq_wins_over_a_local_row_and_deletes_remove(small_catalogue: Workspace) -> None:
    applier = ReferenceApplier(small_catalogue.database)
    with small_catalogue.database.session() as session:
        session.add(TradeItem(gtin="06901234567892", name="本地名称", hq_seq=0))
    log = ChangeLog()
    applier.apply_page(
        _page([log.upsert(T.TRADE_ITEMS, "06901234567892", trade_item_row("06901234567892", "总部名称"))], 0), since=0
    )
    with small_catalogue.database.session() as session:
        assert session.scalars(select(TradeItem.name)).one() == "总部名称"

    applier.apply_page(_page([log.delete(T.TRADE_ITEMS, "06901234567892")], 1), since=1)

    with small_catalogue.database.session() as session:
        assert session.scalar(select(func.count()).select_from(TradeItem)) == 0


def test_deleting_an_enterprise_that_recorded_scans_name_keeps_it_local(
    small_catalogue: Workspace, keys: DeviceKeys
) -> None:
    applier = ReferenceApplier(small_catalogue.database)
    _, changes = _full_log()
    applier.apply_page(_page(changes, 0), since=0)
    scans = ScanService(small_catalogue.database, clock=lambda: dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC))
    scans.record_scan("06901234567892")  # made by enterprise A: the scan event points at it
    cursor = applier.cursor()
    log = ChangeLog(start=cursor)

    applier.apply_page(
        _page(
            [log.delete(T.ENTERPRISES, USCC_A), log.delete(T.ENTERPRISES, USCC_B), log.delete(T.INSPECTORS, "ZF-001")],
            cursor,
        ),
        since=cursor,
    )

    with small_catalogue.database.session() as session:
        kept = session.scalars(select(Enterprise)).one()
        assert (kept.uscc, kept.hq_seq) == (USCC_A, 0)
        assert session.scalar(select(func.count()).select_from(Licence)) == 0
        assert session.scalar(select(func.count()).select_from(RiskAlert)) == 1  # a GTIN alert names no maker
        assert session.scalar(select(func.count()).select_from(BlacklistEntry)) == 0
        assert session.scalar(select(func.count()).select_from(Inspector)) == 0
    assert scans.count() == 1
    assert applier.local_digest()["enterprises"].rows == 0


def test_catalogue_editions_travel_whole(workspace: Workspace) -> None:
    applier = ReferenceApplier(workspace.database)
    document = json.loads(Path(shipped_catalogue_path()).read_text(encoding="utf-8"))
    code = document["edition"]["code"]
    log = ChangeLog()

    applier.apply_page(_page([log.upsert(T.CATALOGUE_EDITIONS, code, document)], 0), since=0)
    again = applier.apply_changes([log.upsert(T.CATALOGUE_EDITIONS, code, document)], since=1, next_cursor=2)

    with workspace.database.session() as session:
        edition = session.scalars(select(CatalogueEdition)).one()
        assert (edition.code, edition.hq_seq) == (code, 2)
    assert again.upserted == {"catalogue_editions": 1}
    applier.apply_page(_page([log.delete(T.CATALOGUE_EDITIONS, code)], 2), since=2)
    with workspace.database.session() as session:
        assert session.scalar(select(func.count()).select_from(CatalogueEdition)) == 0


def test_bad_rows_and_unknown_references_are_skipped_and_explained(small_catalogue: Workspace) -> None:
    applier = ReferenceApplier(small_catalogue.database)
    log = ChangeLog()
    changes = [
        log.upsert(T.TRADE_ITEMS, "123", {"gtin": "123", "name": "bad"}),
        log.upsert(T.LICENCES, "SC|X1", {"type": "SC", "number": "X1", "enterprise_uscc": USCC_B}),
        log.upsert(
            T.RISK_ALERTS, "K", alert_row("K", "06901234567892", match_type="product_kind", product_kind_code="ZZ")
        ),
    ]

    applied = applier.apply_page(_page(changes, 0), since=0)

    assert [s.seq for s in applied.skipped] == [1, 2, 3]
    assert all(s.reason_zh and s.reason_en for s in applied.skipped)
    assert applier.cursor() == 3


def test_digest_matches_hq_and_tells_which_table_differs(small_catalogue: Workspace) -> None:
    applier = ReferenceApplier(small_catalogue.database)
    _, changes = _full_log()
    applier.apply_page(_page(changes, 0), since=0)
    cursor = applier.cursor()
    live = {}
    for change in changes:
        live.setdefault(change.table.value, []).append((change.key, change.seq))
    tables = {name: TableDigest(rows=len(pairs), hash=reference_digest(pairs)) for name, pairs in live.items()}

    good = applier.check_digest(ReferenceDigest(high_water=cursor, tables=tables))
    tables["trade_items"] = TableDigest(rows=3, hash="0" * 64)
    bad = applier.check_digest(ReferenceDigest(high_water=cursor, tables=tables))
    later = applier.check_digest(ReferenceDigest(high_water=cursor + 5, tables=tables))

    assert good.ok
    assert [(m.table, m.local_rows, m.hq_rows) for m in bad.mismatches] == [("trade_items", 2, 3)]
    assert not later.comparable and not later.ok


@pytest.fixture(scope="module")
def shared_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    opened = open_workspace(tmp_path_factory.mktemp("property"))
    yield opened
    opened.close()


_KEYS = st.sampled_from(["00000000000017", "00000000000024", "00000000000031"])
_OPS = st.lists(st.tuples(st.booleans(), _KEYS, st.sampled_from(["甲", "乙", "丙"])), min_size=1, max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_OPS, cuts=st.lists(st.integers(min_value=1, max_value=25), max_size=5), replay=st.booleans())
def test_any_paging_and_replay_gives_hq_state(
    shared_workspace: Workspace, ops: list[tuple[bool, str, str]], cuts: list[int], replay: bool
) -> None:
    database = shared_workspace.database
    with database.session() as session:
        session.execute(text("DELETE FROM trade_items"))
    applier = ReferenceApplier(database)
    applier.reset_cursor(0)
    log = ChangeLog(step=2)
    changes = [
        log.upsert(T.TRADE_ITEMS, key, trade_item_row(key, name)) if upsert else log.delete(T.TRADE_ITEMS, key)
        for upsert, key, name in ops
    ]
    expected: dict[str, tuple[str, int]] = {}
    for change in changes:
        if change.row is None:
            expected.pop(change.key, None)
        else:
            expected[change.key] = (change.row["name"], change.seq)
    bounds = sorted({min(c, len(changes)) for c in cuts} | {len(changes)})
    since, start = 0, 0
    for stop in bounds:
        page = changes[start:stop]
        if replay and start > 0:
            page = changes[start - 1 : stop]  # overlapping pages: the repeated change is skipped
            applier.apply_changes(page, since=changes[start - 2].seq if start > 1 else 0, next_cursor=page[-1].seq)
        else:
            applier.apply_changes(page, since=since, next_cursor=page[-1].seq)
        since, start = page[-1].seq, stop

    with database.session() as session:
        rows = {
            gtin: (name, seq)
            for gtin, name, seq in session.execute(select(TradeItem.gtin, TradeItem.name, TradeItem.hq_seq))
        }
    assert rows == expected
    assert applier.cursor() == changes[-1].seq
