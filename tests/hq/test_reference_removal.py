"""``inspector-hq remove KIND KEY...``: reference rows removed by natural key reach the devices as delete changes;
an unknown key removes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hq_testing import HqProcess

from inspector_app.hq.reference_store import TableWrite
from inspector_app.sync.protocol import BlacklistEntryRow, EnterpriseRow, ReferenceTable, TradeItemRow

USCC = "91350100M000100Y43"
GTINS = ("06901234567892", "06901234567908")
LISTING = BlacklistEntryRow(enterprise_uscc=USCC, reason="虚假标注", since=dt.date(2026, 3, 1))
LISTING_KEY = f"{USCC}|serious_violation|2026-03-01"


@pytest.fixture
def hq(tmp_path: Path) -> HqProcess:
    server = HqProcess(tmp_path / "hq")
    server.admin("migrate")
    services = server.services()
    try:
        services.reference.write(
            [
                TableWrite(
                    ReferenceTable.ENTERPRISES,
                    [EnterpriseRow(uscc=USCC, name="福州测试食品有限公司", region_code="350100")],
                ),
                TableWrite(ReferenceTable.TRADE_ITEMS, [TradeItemRow(gtin=gtin, name="测试商品") for gtin in GTINS]),
                TableWrite(ReferenceTable.BLACKLIST_ENTRIES, [LISTING]),
            ]
        )
    finally:
        services.database.close()
    return server


def _log(server: HqProcess) -> list[tuple[str, str, str]]:
    services = server.services()
    try:
        page = services.reference.changes(0, 1000)
    finally:
        services.database.close()
    return [(table, key, op) for _seq, table, key, op, _row in page.rows]


def test_removed_rows_go_to_the_devices_as_deletes(hq: HqProcess) -> None:
    removed = hq.admin("remove", "trade-items", GTINS[0])
    assert "1 row(s)" in removed.stdout
    hq.admin("remove", "blacklist", LISTING_KEY)
    log = _log(hq)
    assert ("trade_items", GTINS[0], "delete") in log
    assert ("blacklist_entries", LISTING_KEY, "delete") in log
    assert ("trade_items", GTINS[1], "upsert") in log
    services = hq.services()
    try:
        assert services.reference.get(ReferenceTable.TRADE_ITEMS, GTINS[0]) is None
        assert services.reference.get(ReferenceTable.TRADE_ITEMS, GTINS[1]) is not None
        assert services.reference.count(ReferenceTable.BLACKLIST_ENTRIES) == 0
    finally:
        services.database.close()


def test_an_unknown_key_removes_nothing(hq: HqProcess) -> None:
    before = _log(hq)
    refused = hq.admin("remove", "trade-items", GTINS[1], "06999999999999", check=False)
    assert refused.returncode == 1
    assert "06999999999999" in refused.stderr and "nothing was removed" in refused.stderr
    assert _log(hq) == before
