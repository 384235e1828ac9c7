"""Shared fixtures: offscreen Qt, an isolated data directory, and fresh workspaces on real SQLite files."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Without a display and without this, creating the QApplication aborts the whole test process.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from inspector_app.services.workspace import DATA_DIR_ENV, Workspace, open_workspace
from inspector_app.storage.models import (
    CatalogueCategory,
    CatalogueEdition,
    InspectionItem,
    ProductKind,
)


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the default data directory into tmp_path so no test touches the real user folder."""
    data_dir = tmp_path / "default-data"
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    return data_dir


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """A fresh workspace (new SQLite file, migrated to head) in tmp_path."""
    opened = open_workspace(tmp_path / "workspace")
    yield opened
    opened.close()


def _item(code: str, name: str, op: str, unit: str = "", **limit: str) -> InspectionItem:
    return InspectionItem(
        code=code,
        name=name,
        judging_standard=limit.pop("judging", ""),
        method_standard=limit.pop("method", ""),
        limit_op=op,
        unit=unit,
        criticality=limit.pop("criticality", "major"),
        sort_order=int(code[-2:]),
        **limit,
    )


@pytest.fixture
def small_catalogue(workspace: Workspace) -> Workspace:
    """The workspace holding a small, known catalogue edition ``test-2023`` (4 categories, 5 kinds, 9 items)."""
    edition = CatalogueEdition(
        code="test-2023",
        name="测试目录（2023年版）",
        issued_on=dt.date(2023, 6, 1),
        imported_at=dt.datetime(2024, 1, 1),
    )
    fertiliser = ProductKind(
        code="IND-01-001", name="复合肥料", needs_xk=True, risk_level="medium", sample_quantity=2,
        backup_quantity=2, quantity_unit="袋", standards="GB/T 15063-2020",
        inspection_items=[
            _item("I01", "总养分", "ge", "%", limit_value="35", judging="GB/T 15063-2020"),
            _item("I02", "pH 值", "range", "", limit_low="5.5", limit_high="8.5", criticality="minor"),
        ],
    )  # fmt: skip
    chemicals = ProductKind(
        code="IND-01-002", name="危险化学品", needs_xk=True, risk_level="high", sample_quantity=2,
        backup_quantity=2, quantity_unit="瓶", standards="GB 15603-2022",
    )  # fmt: skip
    plugs = ProductKind(
        code="IND-02-001", name="插头插座", needs_ccc=True, ccc_code="0201", risk_level="high", sample_quantity=4,
        backup_quantity=4, quantity_unit="只", standards="GB/T 2099.1-2021",
        inspection_items=[_item("I01", "防触电保护", "text", limit_text="符合标准要求", criticality="critical")],
    )  # fmt: skip
    oil = ProductKind(
        code="FOOD-02-001", name="食用植物油", needs_sc=True, risk_level="high", sample_quantity=4,
        backup_quantity=4, quantity_unit="瓶", standards="GB 2716-2018; GB 2762-2022",
        inspection_items=[
            _item("I01", "酸价", "le", "mg/g", limit_value="3", judging="GB 2716-2018", method="GB 5009.229-2016"),
            _item("I02", "过氧化值", "le", "g/100g", limit_value="0.25", method="GB 5009.227-2016"),
            _item("I03", "苯并[a]芘", "le", "μg/kg", limit_value="10", judging="GB 2762-2022", criticality="critical"),
        ],
    )  # fmt: skip
    greens = ProductKind(
        code="FARM-02-001", name="叶菜类蔬菜", risk_level="medium", sample_quantity=1, backup_quantity=1,
        quantity_unit="kg", standards="GB 2763-2021",
        inspection_items=[
            _item("I01", "毒死蜱", "le", "mg/kg", limit_value="0.1", method="GB 23200.113-2018"),
            _item("I02", "甲胺磷", "not_detected", criticality="critical"),
            _item("I03", "检验日期", "info"),
        ],
    )  # fmt: skip
    edition.categories = [
        CatalogueCategory(code="IND-01", name="工业生产资料", domain="industrial", sort_order=1,
                          product_kinds=[fertiliser, chemicals]),
        CatalogueCategory(code="IND-02", name="家用电器及电器附件", domain="industrial", sort_order=2,
                          product_kinds=[plugs]),
        CatalogueCategory(code="FOOD-02", name="食用油、油脂及其制品", domain="food", sort_order=20,
                          product_kinds=[oil]),
        CatalogueCategory(code="FARM-02", name="蔬菜", domain="farm_produce", sort_order=40,
                          product_kinds=[greens]),
    ]  # fmt: skip
    with workspace.database.session() as session:
        session.add(edition)
    return workspace
