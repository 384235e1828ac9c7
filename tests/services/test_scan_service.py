"""Scan service on a real SQLite store: verdict cards from the reference data, scans kept as events."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from inspector_app.domain.records import content_hash
from inspector_app.services.scan_service import ScanPlace, ScanService
from inspector_app.services.workspace import Workspace, open_workspace
from inspector_app.storage.models import (
    BlacklistEntry,
    CatalogueCategory,
    CatalogueEdition,
    Enterprise,
    Licence,
    ProductKind,
    RiskAlert,
    ScanEvent,
    TradeItem,
)
from inspector_app.storage.scan_event_repository import ScanFilter

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 27, 10, 30, tzinfo=BEIJING)
OIL_GTIN = "06901234567892"
CABLE_GTIN = "06920000000012"
GOOD_USCC = "91110108551385082Q"
BAD_USCC = "92140702MA0K2AX62M"


def clock() -> dt.datetime:
    return NOW


@pytest.fixture
def store(tmp_path: Path) -> Workspace:
    workspace = open_workspace(tmp_path / "data")
    with workspace.database.session() as session:
        edition = CatalogueEdition(code="cn-2023", name="目录", imported_at=dt.datetime(2026, 1, 1))
        food = CatalogueCategory(edition=edition, code="FOOD-02", name="食用油、油脂及其制品", domain="food")
        industrial = CatalogueCategory(edition=edition, code="IND-01", name="工业生产资料", domain="industrial")
        oil = ProductKind(
            category=food,
            code="FOOD-02-001",
            name="食用植物油",
            needs_sc=True,
            sample_quantity=4,
            backup_quantity=2,
            quantity_unit="瓶",
        )
        cable = ProductKind(
            category=industrial,
            code="IND-01-010",
            name="电线电缆",
            needs_xk=True,
            sample_quantity=2,
            backup_quantity=1,
            quantity_unit="卷",
        )
        good = Enterprise(uscc=GOOD_USCC, name="北京金禾粮油有限公司", region_code="110108", credit_class="A")
        bad = Enterprise(uscc=BAD_USCC, name="长治市某电缆厂", region_code="140402", credit_class="C")
        session.add_all([edition, food, industrial, oil, cable, good, bad])
        session.flush()
        session.add_all(
            [
                Licence(
                    enterprise=good,
                    type="SC",
                    number="SC10211010800523",
                    product_kind_id=oil.id,
                    valid_from=dt.date(2024, 1, 1),
                    valid_to=dt.date(2029, 1, 1),
                ),
                Licence(
                    enterprise=bad,
                    type="XK",
                    number="XK06-001-00018",
                    status="suspended",
                    valid_from=dt.date(2022, 1, 1),
                    valid_to=dt.date(2027, 1, 1),
                ),
                BlacklistEntry(enterprise=bad, reason="以次充好", since=dt.date(2025, 5, 1)),
                TradeItem(
                    gtin=OIL_GTIN,
                    name="一级大豆油",
                    brand="金禾",
                    specification="5L",
                    product_kind_id=oil.id,
                    enterprise_id=good.id,
                ),
                TradeItem(
                    gtin=CABLE_GTIN,
                    name="BV 2.5 铜芯线",
                    brand="长缆",
                    specification="100m",
                    product_kind_id=cable.id,
                    enterprise_id=bad.id,
                ),
                RiskAlert(
                    code="R-2026-001",
                    title="大豆油批次酸价超标",
                    action="recall",
                    match_type="gtin_batch",
                    gtin=OIL_GTIN,
                    batch="B2026A",
                    valid_from=dt.date(2026, 10, 1),
                ),
            ]
        )
    yield workspace
    workspace.close()


def test_known_item_is_green_with_maker_and_kind(store: Workspace) -> None:
    card = ScanService(store.database, clock=clock).verdict("]C1010690123456789217271231102025X")
    assert card.outcome == "green", card.verdict.findings
    data = card.to_dict()
    assert data["item"] == {"gtin": OIL_GTIN, "name": "一级大豆油", "brand": "金禾", "specification": "5L"}
    assert data["maker"]["uscc"] == GOOD_USCC  # type: ignore[index]
    assert data["product_kind"]["in_catalogue"] is True  # type: ignore[index]


def test_plain_ean_of_an_item_with_a_batch_recall_asks_to_check_the_batch(store: Workspace) -> None:
    card = ScanService(store.database, clock=clock).verdict("6901234567892")
    assert card.outcome == "amber"
    assert card.verdict.findings[0].code == "batch_alert_unknown_batch"


def test_gs1_code_with_recalled_batch_and_past_expiry_is_red(store: Workspace) -> None:
    card = ScanService(store.database, clock=clock).verdict("]C101069012345678921726112010B2026A")
    assert card.outcome == "red"
    found = {f.code for f in card.verdict.findings}
    assert {"alert_recall_gtin_batch", "expired"} <= found


def test_blacklisted_maker_with_suspended_licence(store: Workspace) -> None:
    card = ScanService(store.database, clock=clock).verdict(CABLE_GTIN)
    codes = [f.code for f in card.verdict.red]
    assert codes == ["blacklisted", "licence_suspended_xk"]


def test_scanning_a_uscc_judges_the_enterprise(store: Workspace) -> None:
    card = ScanService(store.database, clock=clock).verdict(BAD_USCC)
    assert card.outcome == "red"
    assert card.verdict.facts.enterprise is not None
    assert card.verdict.facts.enterprise.name == "长治市某电缆厂"


def test_unknown_gtin_and_unreadable_text(store: Workspace) -> None:
    service = ScanService(store.database, clock=clock)
    assert service.verdict("6901234567885").outcome == "unknown"
    unreadable = service.verdict("hello world")
    assert unreadable.outcome == "invalid"
    assert unreadable.verdict.findings[0].message_zh


def test_record_scan_stores_a_hashed_traceability_event(store: Workspace) -> None:
    service = ScanService(store.database, device_id="dev-1", clock=clock)
    place = ScanPlace("朝阳区某农贸市场", "market", "北京市朝阳区", 39.9, 116.4)
    result = service.record_scan("6901234567892", "]E0", place, inspector_id=None)
    with store.database.session() as session:
        event = session.execute(select(ScanEvent).where(ScanEvent.id == result.event_id)).scalar_one()
        assert event.occurred_at == dt.datetime(2026, 11, 27, 2, 30)  # UTC
        assert event.utc_offset_minutes == 480
        assert event.gtin == OIL_GTIN
        assert event.outcome == "amber"
        assert event.biz_step == "inspecting"
        assert event.place_name == "朝阳区某农贸市场"
        payload = json.loads(event.payload_json)
        assert content_hash(payload) == event.content_hash
        assert payload["raw_code"] == "6901234567892"
    rows = service.history()
    assert [row.id for row in rows] == [result.event_id]
    assert rows[0].local_time.hour == 10
    assert rows[0].item_name == "一级大豆油"


def test_history_filters_and_item_trace(store: Workspace) -> None:
    service = ScanService(store.database, clock=clock)
    red = service.record_scan(CABLE_GTIN, place=ScanPlace("城乡结合部检查站", "checkpoint"))
    service.record_scan("6901234567892", place=ScanPlace("超市"))
    third = service.record_scan("]C101069012345678921726112010B2026A", place=ScanPlace("超市"))
    assert [r.id for r in service.history(ScanFilter(outcome="red"))] == [third.event_id, red.event_id]
    assert len(service.history(ScanFilter(place="检查站"))) == 1
    assert len(service.history(ScanFilter(maker="金禾"))) == 2
    assert len(service.history(ScanFilter(maker=BAD_USCC.lower()))) == 1
    assert [r.batch for r in service.trace(OIL_GTIN, "B2026A")] == ["B2026A"]
    assert len(service.trace(OIL_GTIN)) == 2
    assert service.history(ScanFilter(date_from=dt.date(2026, 11, 28))) == []
    # The next scan of the same item shows the earlier ones as its history.
    card = service.verdict(OIL_GTIN)
    assert len(card.verdict.facts.history) == 2
    assert service.count() == 3


def test_epcis_export_of_recorded_scans(store: Workspace) -> None:
    service = ScanService(store.database, device_id="dev-9", clock=clock)
    first = service.record_scan("]C101069012345678921726112010B2026A", place=ScanPlace("超市", address="北京市"))
    second = service.record_scan("6901234567892", place=ScanPlace("超市"))
    document = service.export_epcis()
    events = document["epcisBody"]["eventList"]  # type: ignore[index]
    assert document["type"] == "EPCISDocument"
    assert [e["eventID"] for e in events] == [f"urn:uuid:{first.event_id}", f"urn:uuid:{second.event_id}"]
    batch_event, class_event = events
    assert batch_event["action"] == "OBSERVE"
    assert batch_event["bizStep"] == "inspecting"
    assert batch_event["epcList"] == ["https://id.gs1.org/01/06901234567892/10/B2026A"]
    assert batch_event["disposition"] == "expired"
    assert batch_event["eventTime"].endswith("+08:00")
    assert batch_event["eventTimeZoneOffset"] == "+08:00"
    assert class_event["quantityList"] == [{"epcClass": "https://id.gs1.org/01/06901234567892"}]
    assert "disposition" not in class_event
