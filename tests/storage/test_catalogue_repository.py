"""Writing parsed catalogues into a real SQLite store: insert, in-place replacement, kept references, summaries."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from inspector_app.domain.catalogue import CatalogueSpec, parse_catalogue_json
from inspector_app.storage.catalogue_repository import CatalogueRepository, CatalogueWriteResult, ChangeCounts
from inspector_app.storage.database import Database, open_database
from inspector_app.storage.models import (
    CatalogueCategory,
    CatalogueEdition,
    Enterprise,
    InspectionItem,
    Licence,
    ProductKind,
    RiskAlert,
    Task,
    TradeItem,
)

T1 = dt.datetime(2026, 1, 1, 8, 0)
T2 = dt.datetime(2026, 2, 1, 8, 0)


def _item(code: str, name: str, limit: dict[str, str], criticality: str = "major") -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "judging_standard": "GB 2716-2018",
        "method_standard": "GB 5009.229-2016",
        "limit": limit,
        "detection_limit": None,
        "criticality": criticality,
    }


def _kind(code: str, name: str, items: list[dict[str, Any]] | None = None, **flags: Any) -> dict[str, Any]:
    kind: dict[str, Any] = {
        "code": code,
        "name": name,
        "needs_xk": False,
        "needs_ccc": False,
        "needs_sc": False,
        "ccc_code": None,
        "risk_level": "medium",
        "sample_quantity": 2,
        "backup_quantity": 2,
        "quantity_unit": "件",
        "standards": ["GB 1-2020", "GB/T 2-2021"],
        "main_regions": None,
        "inspection_items": items or [],
    }
    kind.update(flags)
    return kind


def catalogue(code: str = "test-1") -> dict[str, Any]:
    """A small catalogue with all three domains, licence flags and several limit kinds."""
    return {
        "format": "inspector-catalogue",
        "format_version": 1,
        "edition": {"code": code, "name": "测试目录", "issued_on": "2023-01-20", "source": "测试来源"},
        "categories": [
            {
                "code": "IND-01",
                "name": "工业生产资料",
                "domain": "industrial",
                "sort_order": 1,
                "product_kinds": [
                    _kind("IND-01-001", "危险化学品", needs_xk=True, risk_level="high", quantity_unit="瓶"),
                    _kind(
                        "IND-01-002",
                        "复合肥料",
                        [_item("N", "总养分", {"op": "ge", "value": "25.0", "unit": "%"}, "critical")],
                        needs_xk=True,
                    ),
                ],
            },
            {
                "code": "IND-02",
                "name": "家用电器及电器附件",
                "domain": "industrial",
                "sort_order": 2,
                "product_kinds": [
                    _kind(
                        "IND-02-001",
                        "插头插座",
                        [
                            _item("MARK", "标志", {"op": "text", "text": "符合"}, "minor"),
                            _item("RES", "接地电阻", {"op": "le", "value": "0.05", "unit": "Ω"}),
                        ],
                        needs_ccc=True,
                        ccc_code="0201",
                    )
                ],
            },
            {
                "code": "FOOD-02",
                "name": "食用油、油脂及其制品",
                "domain": "food",
                "sort_order": 3,
                "product_kinds": [
                    _kind(
                        "FOOD-02-001",
                        "食用植物油",
                        [
                            _item("AV", "酸价", {"op": "le", "value": "3", "unit": "mg/g"}),
                            _item("PV", "过氧化值", {"op": "le", "value": "0.25", "unit": "g/100g"}),
                            _item("BAP", "苯并[a]芘", {"op": "le", "value": "10", "unit": "μg/kg"}, "critical"),
                            _item("DEN", "相对密度", {"op": "range", "low": "0.910", "high": "0.925"}),
                        ],
                        needs_sc=True,
                        quantity_unit="瓶",
                    )
                ],
            },
            {
                "code": "FARM-02",
                "name": "蔬菜",
                "domain": "farm_produce",
                "sort_order": 4,
                "product_kinds": [
                    _kind(
                        "FARM-02-001",
                        "叶菜类蔬菜",
                        [_item("CBF", "克百威", {"op": "not_detected"}, "critical")],
                        quantity_unit="kg",
                    )
                ],
            },
        ],
    }


def spec_of(document: dict[str, Any]) -> CatalogueSpec:
    return parse_catalogue_json(json.dumps(document, ensure_ascii=False, indent=2))


def category_of(document: dict[str, Any], code: str) -> dict[str, Any]:
    return next(c for c in document["categories"] if c["code"] == code)


def kind_of(document: dict[str, Any], code: str) -> dict[str, Any]:
    return next(k for c in document["categories"] for k in c["product_kinds"] if k["code"] == code)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "inspector.db")
    yield db
    db.close()


def write(database: Database, document: dict[str, Any], at: dt.datetime = T1) -> CatalogueWriteResult:
    spec = spec_of(document)
    return database.run(lambda session: CatalogueRepository(session).write(spec, imported_at=at))


def kind_ids(database: Database) -> dict[str, int]:
    return database.run(lambda s: {code: id_ for code, id_ in s.execute(select(ProductKind.code, ProductKind.id))})


def row_counts(database: Database) -> tuple[int, int, int, int]:
    def count(session: Any) -> tuple[int, int, int, int]:
        edition, category, kind, item = (
            session.scalar(select(func.count()).select_from(model))
            for model in (CatalogueEdition, CatalogueCategory, ProductKind, InspectionItem)
        )
        return edition, category, kind, item

    return database.run(count)


def dump(database: Database) -> list[tuple[Any, ...]]:
    """Every catalogue row with every column, for before/after comparisons."""
    tables = ("catalogue_editions", "catalogue_categories", "product_kinds", "inspection_items")
    return database.run(
        lambda s: [tuple(row) for table in tables for row in s.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
    )


# --- a new edition ------------------------------------------------------------------------------------------


def test_a_new_edition_is_inserted_whole(database: Database) -> None:
    assert database.run(lambda s: CatalogueRepository(s).has_edition()) is False
    result = write(database, catalogue())
    assert result.edition_created is True
    assert result.edition_updated is False
    assert result.changed is True
    assert result.categories == ChangeCounts(added=4)
    assert result.product_kinds == ChangeCounts(added=5)
    assert result.inspection_items == ChangeCounts(added=8)
    assert result.kept == ()
    assert row_counts(database) == (1, 4, 5, 8)
    assert database.run(lambda s: CatalogueRepository(s).has_edition()) is True

    with database.session() as session:
        edition = session.scalars(select(CatalogueEdition)).one()
        assert (edition.code, edition.name, edition.issued_on, edition.source, edition.imported_at) == (
            "test-1",
            "测试目录",
            dt.date(2023, 1, 20),
            "测试来源",
            T1,
        )
        plug = session.scalars(select(ProductKind).where(ProductKind.code == "IND-02-001")).one()
        assert (plug.needs_xk, plug.needs_ccc, plug.needs_sc, plug.ccc_code) == (False, True, False, "0201")
        assert plug.category.code == "IND-02"
        assert plug.standards == "GB 1-2020; GB/T 2-2021"
        assert plug.hq_seq == 0
        oil = session.scalars(select(ProductKind).where(ProductKind.code == "FOOD-02-001")).one()
        assert oil.needs_sc is True
        assert [i.code for i in oil.inspection_items] == ["AV", "PV", "BAP", "DEN"]
        pv, density = oil.inspection_items[1], oil.inspection_items[3]
        # Decimals stay exactly as written ("0.25", "0.910"), never floats.
        assert (pv.limit_op, pv.limit_value, pv.unit, pv.criticality) == ("le", "0.25", "g/100g", "major")
        assert (density.limit_op, density.limit_low, density.limit_high, density.limit_value) == (
            "range",
            "0.910",
            "0.925",
            None,
        )
        mark = session.scalars(select(InspectionItem).where(InspectionItem.code == "MARK")).one()
        assert (mark.limit_op, mark.limit_text, mark.unit) == ("text", "符合", "")
        hazard = session.scalars(select(ProductKind).where(ProductKind.code == "IND-01-001")).one()
        assert (hazard.risk_level, hazard.quantity_unit, hazard.main_regions) == ("high", "瓶", None)


def test_rewriting_the_same_file_changes_nothing(database: Database) -> None:
    write(database, catalogue(), at=T1)
    before = dump(database)
    result = write(database, catalogue(), at=T2)
    assert result.changed is False
    assert result.edition_created is False
    assert result.categories == ChangeCounts(unchanged=4)
    assert result.product_kinds == ChangeCounts(unchanged=5)
    assert result.inspection_items == ChangeCounts(unchanged=8)
    # Not even imported_at moves: the store is identical row for row.
    assert dump(database) == before


# --- replacing an edition in place ---------------------------------------------------------------------------


def test_changes_update_rows_in_place_and_keep_ids(database: Database) -> None:
    write(database, catalogue())
    ids = kind_ids(database)
    document = catalogue()
    document["edition"]["name"] = "测试目录（修订）"
    kind_of(document, "IND-01-001")["name"] = "危险化学品（修订）"
    oil = kind_of(document, "FOOD-02-001")
    oil["inspection_items"][0]["limit"]["value"] = "4"  # AV changed
    del oil["inspection_items"][1]  # PV removed
    oil["inspection_items"].append(_item("TBHQ", "特丁基对苯二酚", {"op": "le", "value": "0.2", "unit": "g/kg"}))
    category_of(document, "IND-02")["product_kinds"].append(_kind("IND-02-002", "开关", needs_ccc=True))

    result = write(database, document, at=T2)
    assert result.edition_updated is True
    assert result.categories == ChangeCounts(unchanged=4)
    assert result.product_kinds == ChangeCounts(added=1, updated=1, unchanged=4)
    # AV's limit changed; BAP and DEN moved up one place when PV went (their order is part of the row).
    assert result.inspection_items == ChangeCounts(added=1, updated=3, unchanged=4, removed=1)
    after = kind_ids(database)
    assert {code: after[code] for code in ids} == ids
    assert "IND-02-002" in after
    with database.session() as session:
        edition = session.scalars(select(CatalogueEdition)).one()
        assert (edition.name, edition.imported_at) == ("测试目录（修订）", T2)
        oil_row = session.get(ProductKind, ids["FOOD-02-001"])
        assert oil_row is not None
        assert [(i.code, i.limit_value, i.sort_order) for i in oil_row.inspection_items] == [
            ("AV", "4", 0),
            ("BAP", "10", 1),
            ("DEN", None, 2),
            ("TBHQ", "0.2", 3),
        ]


def test_reordering_items_is_an_update_of_their_order_only(database: Database) -> None:
    write(database, catalogue())
    document = catalogue()
    kind_of(document, "FOOD-02-001")["inspection_items"].reverse()
    result = write(database, document)
    assert result.inspection_items == ChangeCounts(updated=4, unchanged=4)
    assert result.product_kinds == ChangeCounts(unchanged=5)


def test_an_unreferenced_kind_missing_from_the_file_is_removed_with_its_items(database: Database) -> None:
    write(database, catalogue())
    document = catalogue()
    category_of(document, "FOOD-02")["product_kinds"] = []
    result = write(database, document)
    assert result.product_kinds == ChangeCounts(unchanged=4, removed=1)
    assert result.inspection_items == ChangeCounts(unchanged=4, removed=4)
    assert result.kept == ()
    assert row_counts(database) == (1, 4, 4, 4)


def test_a_missing_category_is_removed_with_its_kinds(database: Database) -> None:
    write(database, catalogue())
    document = catalogue()
    document["categories"] = [c for c in document["categories"] if c["code"] != "FARM-02"]
    result = write(database, document)
    assert result.categories == ChangeCounts(unchanged=3, removed=1)
    assert result.product_kinds == ChangeCounts(unchanged=4, removed=1)
    assert row_counts(database) == (1, 3, 4, 7)


def _reference_everything(database: Database, kind_id: int) -> None:
    """A trade item, a licence, a risk alert and a task, all pointing at one product kind."""
    with database.session() as session:
        maker = Enterprise(uscc="91110108551385082Q", name="测试企业", region_code="110108")
        session.add(maker)
        session.flush()
        session.add(TradeItem(gtin="06901234567892", name="插座", product_kind_id=kind_id, enterprise_id=maker.id))
        session.add(Licence(enterprise_id=maker.id, type="CCC", number="2020010201000001", product_kind_id=kind_id))
        session.add(
            RiskAlert(
                code="ALERT-1",
                title="插座召回",
                action="recall",
                match_type="product_kind",
                product_kind_id=kind_id,
                valid_from=dt.date(2026, 1, 1),
            )
        )
        task = Task(code="TASK-1", title="插座抽查")
        task.product_kinds.append(session.get_one(ProductKind, kind_id))
        session.add(task)


def test_a_referenced_kind_missing_from_the_file_is_kept_and_reported(database: Database) -> None:
    write(database, catalogue())
    plug_id = kind_ids(database)["IND-02-001"]
    _reference_everything(database, plug_id)
    document = catalogue()
    category_of(document, "IND-02")["product_kinds"] = []

    result = write(database, document)
    assert result.product_kinds == ChangeCounts(unchanged=4, kept=1)
    assert result.inspection_items == ChangeCounts(unchanged=6, kept=2)
    assert result.changed is False
    (kept,) = result.kept
    assert (kept.level, kept.category_code, kept.kind_code, kept.name) == (
        "product_kind",
        "IND-02",
        "IND-02-001",
        "插头插座",
    )
    assert dict(kept.referenced_by) == {"licences": 1, "risk_alerts": 1, "task_product_kinds": 1, "trade_items": 1}
    with database.session() as session:
        assert session.scalar(select(TradeItem.product_kind_id)) == plug_id
        assert session.scalar(select(Licence.product_kind_id)) == plug_id
        assert session.scalar(select(RiskAlert.product_kind_id)) == plug_id
        assert [k.id for k in session.scalars(select(Task)).one().product_kinds] == [plug_id]
        assert session.execute(text("PRAGMA foreign_key_check")).all() == []


def test_a_missing_category_holding_a_kept_kind_is_kept(database: Database) -> None:
    write(database, catalogue())
    plug_id = kind_ids(database)["IND-02-001"]
    _reference_everything(database, plug_id)
    document = catalogue()
    document["categories"] = [c for c in document["categories"] if c["code"] != "IND-02"]

    result = write(database, document)
    assert result.categories == ChangeCounts(unchanged=3, kept=1)
    assert [(row.level, row.category_code, row.kind_code) for row in result.kept] == [
        ("product_kind", "IND-02", "IND-02-001"),
        ("category", "IND-02", None),
    ]
    assert dict(result.kept[1].referenced_by) == {"product_kinds": 1}
    assert row_counts(database) == (1, 4, 5, 8)

    # When the file lists it again, the kept kind is simply matched again.
    again = write(database, catalogue())
    assert again.kept == ()
    assert again.product_kinds == ChangeCounts(unchanged=5)
    assert kind_ids(database)["IND-02-001"] == plug_id


def test_a_kind_moved_to_another_category_keeps_its_id(database: Database) -> None:
    write(database, catalogue())
    plug_id = kind_ids(database)["IND-02-001"]
    _reference_everything(database, plug_id)
    document = catalogue()
    plug = category_of(document, "IND-02")["product_kinds"].pop()
    category_of(document, "IND-01")["product_kinds"].append(plug)
    document["categories"] = [c for c in document["categories"] if c["code"] != "IND-02"]

    result = write(database, document)
    assert result.product_kinds == ChangeCounts(updated=1, unchanged=4)
    assert result.categories == ChangeCounts(unchanged=3, removed=1)
    assert result.kept == ()
    with database.session() as session:
        moved = session.get_one(ProductKind, plug_id)
        assert moved.category.code == "IND-01"
        assert len(moved.inspection_items) == 2
        assert session.scalar(select(TradeItem.product_kind_id)) == plug_id


def test_local_changes_reset_hq_seq_and_untouched_rows_keep_it(database: Database) -> None:
    write(database, catalogue())
    with database.session() as session:
        session.execute(text("UPDATE product_kinds SET hq_seq = 7"))
    document = catalogue()
    kind_of(document, "IND-01-002")["sample_quantity"] = 3
    write(database, document)
    with database.session() as session:
        seqs = {code: seq for code, seq in session.execute(select(ProductKind.code, ProductKind.hq_seq))}
    assert seqs.pop("IND-01-002") == 0
    assert set(seqs.values()) == {7}


def test_editions_are_independent(database: Database) -> None:
    write(database, catalogue("a-2023"))
    b = catalogue("b-2024")
    b["categories"] = b["categories"][:1]
    result = write(database, b)
    assert result.edition_created is True
    assert row_counts(database) == (2, 5, 7, 9)
    # Replacing b never touches a.
    b["categories"][0]["product_kinds"] = []
    write(database, b)
    assert row_counts(database) == (2, 5, 5, 8)


# --- summaries ---------------------------------------------------------------------------------------------


def test_edition_summaries_count_per_domain(database: Database) -> None:
    write(database, catalogue("b-2024"))
    write(database, catalogue("a-2023"))
    summaries = database.run(lambda s: CatalogueRepository(s).editions())
    assert [s.code for s in summaries] == ["a-2023", "b-2024"]
    summary = summaries[0]
    assert (summary.name, summary.issued_on, summary.imported_at) == ("测试目录", dt.date(2023, 1, 20), T1)
    assert [(d.domain, d.categories, d.product_kinds, d.inspection_items) for d in summary.domains] == [
        ("industrial", 2, 3, 3),
        ("food", 1, 1, 4),
        ("farm_produce", 1, 1, 1),
    ]
    assert (summary.categories, summary.product_kinds, summary.inspection_items) == (4, 5, 8)


def test_category_and_kind_summaries(database: Database) -> None:
    write(database, catalogue())
    repository_categories = database.run(lambda s: CatalogueRepository(s).categories("test-1"))
    assert [(c.code, c.domain, c.product_kinds, c.inspection_items) for c in repository_categories] == [
        ("IND-01", "industrial", 2, 1),
        ("IND-02", "industrial", 1, 2),
        ("FOOD-02", "food", 1, 4),
        ("FARM-02", "farm_produce", 1, 1),
    ]
    kinds = database.run(lambda s: CatalogueRepository(s).product_kinds("test-1"))
    assert [k.code for k in kinds] == ["IND-01-001", "IND-01-002", "IND-02-001", "FOOD-02-001", "FARM-02-001"]
    plug = kinds[2]
    assert (plug.needs_xk, plug.needs_ccc, plug.needs_sc, plug.ccc_code, plug.inspection_items) == (
        False,
        True,
        False,
        "0201",
        2,
    )
    assert plug.standards == ("GB 1-2020", "GB/T 2-2021")
    only_food = database.run(lambda s: CatalogueRepository(s).product_kinds("test-1", "FOOD-02"))
    assert [(k.code, k.needs_sc, k.inspection_items) for k in only_food] == [("FOOD-02-001", True, 4)]
    assert database.run(lambda s: CatalogueRepository(s).categories("nope")) == []
    assert database.run(lambda s: CatalogueRepository(s).edition_exists("nope")) is False
