"""CatalogueBrowser on a real SQLite workspace holding the small test catalogue (tests/conftest.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector_app.domain.errors import NotFoundError
from inspector_app.services.catalogue_browser import (
    CatalogueBrowser,
    CategoryRow,
    InspectionItemRow,
    ProductKindRow,
    normalise_search,
    split_standards,
)
from inspector_app.services.workspace import Workspace
from inspector_app.storage.models import CatalogueCategory, CatalogueEdition, ProductKind


@pytest.fixture
def browser(small_catalogue: Workspace) -> CatalogueBrowser:
    return CatalogueBrowser(small_catalogue.database)


def _codes(rows: list[ProductKindRow]) -> list[str]:
    return [row.code for row in rows]


def test_editions_report_their_size(browser: CatalogueBrowser) -> None:
    (edition,) = browser.editions()
    assert (edition.code, edition.issued_on) == ("test-2023", dt.date(2023, 6, 1))
    assert (edition.category_count, edition.kind_count) == (4, 5)


def test_editions_newest_first(small_catalogue: Workspace) -> None:
    with small_catalogue.database.session() as session:
        session.add(CatalogueEdition(code="local-2025", name="地方目录", issued_on=dt.date(2025, 3, 1),
                                     imported_at=dt.datetime(2025, 3, 2)))  # fmt: skip
    editions = CatalogueBrowser(small_catalogue.database).editions()
    assert [e.code for e in editions] == ["local-2025", "test-2023"]
    assert (editions[0].category_count, editions[0].kind_count) == (0, 0)


def test_categories_in_catalogue_order_with_counts(browser: CatalogueBrowser) -> None:
    rows = browser.categories("test-2023")
    assert [(r.code, r.domain, r.kind_count) for r in rows] == [
        ("IND-01", "industrial", 2),
        ("IND-02", "industrial", 1),
        ("FOOD-02", "food", 1),
        ("FARM-02", "farm_produce", 1),
    ]
    assert browser.categories("no-such-edition") == []
    assert browser.categories() == rows


def test_product_kinds_filtered_by_category_domain_and_edition(browser: CatalogueBrowser) -> None:
    by_code = {row.code: row for row in browser.categories()}
    assert _codes(browser.product_kinds(by_code["IND-01"].id)) == ["IND-01-001", "IND-01-002"]
    assert _codes(browser.product_kinds(domain="food")) == ["FOOD-02-001"]
    assert len(browser.product_kinds(edition_code="test-2023")) == 5
    assert browser.product_kinds(edition_code="other") == []


def test_product_kind_row_carries_everything_the_table_shows(browser: CatalogueBrowser) -> None:
    (oil,) = browser.product_kinds(search="食用植物油")
    assert oil.category_name == "食用油、油脂及其制品"
    assert (oil.needs_sc, oil.needs_xk, oil.needs_ccc) == (True, False, False)
    assert (oil.sample_quantity, oil.backup_quantity, oil.quantity_unit) == (4, 4, "瓶")
    assert oil.standards == ("GB 2716-2018", "GB 2762-2022")
    assert oil.item_count == 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        oil.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("肥料", ["IND-01-001"]),  # kind name
        ("ind-02", ["IND-02-001"]),  # code, case-insensitive
        ("0201", ["IND-02-001"]),  # CCC code
        ("蔬菜", ["FARM-02-001"]),  # category name
        ("gb 2716", ["FOOD-02-001"]),  # standard, lower case
        ("ＧＢ　２７１６", ["FOOD-02-001"]),  # full-width letters, digits and space
        ("酸价", ["FOOD-02-001"]),  # inspection item name
        ("电器 插头", ["IND-02-001"]),  # every term must match something
        ("插头 酸价", []),
        ("%", []),  # LIKE wildcards are literal
        ("_", []),
        ("   ", ["IND-01-001", "IND-01-002", "IND-02-001", "FOOD-02-001", "FARM-02-001"]),
    ],
)
def test_search(browser: CatalogueBrowser, search: str, expected: list[str]) -> None:
    assert _codes(browser.product_kinds(search=search)) == expected


def test_search_within_a_category(browser: CatalogueBrowser) -> None:
    industrial = next(row for row in browser.categories() if row.code == "IND-01")
    assert _codes(browser.product_kinds(industrial.id, "化学")) == ["IND-01-002"]
    assert _codes(browser.product_kinds(industrial.id, "酸价")) == []


def test_limit_caps_the_result(small_catalogue: Workspace) -> None:
    with small_catalogue.database.session() as session:
        category = session.query(CatalogueCategory).filter_by(code="IND-01").one()
        for number in range(3, 40):
            category.product_kinds.append(
                ProductKind(
                    code=f"IND-01-{number:03d}",
                    name=f"肥料{number}",
                    sample_quantity=1,
                    backup_quantity=1,
                    quantity_unit="袋",
                )
            )
    browser = CatalogueBrowser(small_catalogue.database)
    assert len(browser.product_kinds(search="肥料")) == 38
    assert _codes(browser.product_kinds(search="肥料", limit=3)) == ["IND-01-001", "IND-01-003", "IND-01-004"]
    with pytest.raises(ValueError, match="limit"):
        browser.product_kinds(limit=0)


def test_inspection_items_in_order_with_their_limits(browser: CatalogueBrowser) -> None:
    (greens,) = browser.product_kinds(search="叶菜")
    items = browser.inspection_items(greens.id)
    assert [(i.name, i.limit_op, i.limit_value, i.unit) for i in items] == [
        ("毒死蜱", "le", "0.1", "mg/kg"),
        ("甲胺磷", "not_detected", None, ""),
        ("检验日期", "info", None, ""),
    ]
    assert items[0].method_standard == "GB 23200.113-2018"
    assert all(isinstance(item, InspectionItemRow) for item in items)
    (chemicals,) = browser.product_kinds(search="危险化学品")
    assert browser.inspection_items(chemicals.id) == []


def test_inspection_items_of_a_missing_kind(browser: CatalogueBrowser) -> None:
    with pytest.raises(NotFoundError) as raised:
        browser.inspection_items(999_999)
    assert "999999" in raised.value.user_message("en")


def test_empty_workspace(workspace: Workspace) -> None:
    browser = CatalogueBrowser(workspace.database)
    assert browser.editions() == []
    assert browser.categories() == []
    assert browser.product_kinds(search="油") == []


def test_rows_are_plain_dataclasses(browser: CatalogueBrowser) -> None:
    rows: list[object] = [*browser.categories(), *browser.product_kinds(), *browser.editions()]
    for row in rows:
        assert dataclasses.is_dataclass(row)
        assert all(not type(getattr(row, f.name)).__module__.startswith("sqlalchemy")
                   for f in dataclasses.fields(row))  # fmt: skip
    assert isinstance(rows[0], CategoryRow)


def test_split_standards() -> None:
    assert split_standards("GB 1; GB 2；GB 3;; ") == ("GB 1", "GB 2", "GB 3")
    assert split_standards("") == ()


def test_normalise_search() -> None:
    assert normalise_search("  ＧＢ/T　15063 Abc ") == ["gb/t", "15063", "abc"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=30))
def test_any_search_text_is_safe(browser: CatalogueBrowser, text: str) -> None:
    """Outside input: whatever is typed, the query runs and returns only kinds that exist."""
    rows = browser.product_kinds(search=text)
    assert set(_codes(rows)) <= {"IND-01-001", "IND-01-002", "IND-02-001", "FOOD-02-001", "FARM-02-001"}
