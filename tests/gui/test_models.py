"""Every Qt model passes QAbstractItemModelTester, empty and filled, and reads its rows correctly."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from inspector_app.gui.models.category_tree_model import CategoryFilter, CategoryTreeModel
from inspector_app.gui.models.inspection_item_table_model import InspectionItemTableModel
from inspector_app.gui.models.product_kind_table_model import ProductKindTableModel
from inspector_app.gui.models.row_table_model import SORT_ROLE
from inspector_app.services.catalogue_browser import CategoryRow, InspectionItemRow, ProductKindRow


def _category(id_: int, domain: str, kinds: int) -> CategoryRow:
    return CategoryRow(id=id_, edition_code="e", code=f"C{id_}", name=f"类别{id_}", domain=domain, sort_order=id_,
                       kind_count=kinds)  # fmt: skip


CATEGORIES = [
    _category(1, "food", 4),
    _category(2, "industrial", 2),
    _category(3, "industrial", 3),
    _category(4, "local_special", 1),  # an unknown domain still shows, after the known ones
    _category(5, "farm_produce", 0),
]


def _kind(id_: int, risk: str, sample: int) -> ProductKindRow:
    return ProductKindRow(
        id=id_, category_id=1, category_code="C1", category_name="类别1", domain="food", code=f"K{id_:02d}",
        name=f"种类{id_}", needs_xk=id_ % 2 == 0, needs_ccc=False, needs_sc=True, ccc_code=None, risk_level=risk,
        sample_quantity=sample, backup_quantity=sample, quantity_unit="瓶", standards=("GB 1",), main_regions=None,
        item_count=0,
    )  # fmt: skip


def _item(id_: int, op: str, criticality: str, **limit: str | None) -> InspectionItemRow:
    values: dict[str, str | None] = {"limit_value": None, "limit_low": None, "limit_high": None, "limit_text": None}
    values.update(limit)
    return InspectionItemRow(
        id=id_, code=f"I{id_}", name=f"项目{id_}", judging_standard="GB 2762-2022", method_standard="GB 5009.12",
        limit_op=op, unit="mg/kg", detection_limit="0.01 mg/kg" if id_ == 1 else None, criticality=criticality,
        **values,
    )  # fmt: skip


def test_category_tree_model(qtmodeltester: ModelTester) -> None:
    model = CategoryTreeModel()
    qtmodeltester.check(model)
    model.set_categories(CATEGORIES)
    qtmodeltester.check(model)
    groups = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert groups == ["全部类别", "工业产品", "食品", "食用农产品", "local_special"]
    assert [model.index(row, 1).data() for row in range(model.rowCount())] == ["10", "5", "4", "0", "1"]
    industrial = model.index(1, 0)
    assert model.rowCount(industrial) == 2
    assert model.rowCount(model.index(1, 1)) == 0  # only column 0 has children
    assert model.rowCount(model.index(0, 0)) == 0  # "all" has none
    child = model.index(1, 0, industrial)
    assert child.parent() == industrial
    assert model.filter_at(child) == CategoryFilter(domain="industrial", category_id=3)
    assert model.filter_at(industrial) == CategoryFilter(domain="industrial")
    assert model.filter_at(model.index(0, 0)) == CategoryFilter()
    assert model.filter_at(QModelIndex()) == CategoryFilter()
    assert model.index_of(CategoryFilter(domain="industrial", category_id=3)) == child.siblingAtColumn(0)
    assert model.index_of(CategoryFilter(domain="food")) == model.index(2, 0)
    assert model.index_of(CategoryFilter(category_id=999)) == model.index(0, 0)
    model.set_categories([])
    qtmodeltester.check(model)
    assert model.rowCount() == 1


def test_product_kind_table_model(qtmodeltester: ModelTester) -> None:
    model = ProductKindTableModel()
    qtmodeltester.check(model)
    model.set_rows([_kind(1, "low", 2), _kind(2, "high", 12), _kind(3, "medium", 3)])
    qtmodeltester.check(model)
    assert model.index(1, model.COLUMN_XK).data() == "✓"
    assert model.index(0, model.COLUMN_XK).data() == ""
    assert model.index(1, model.COLUMN_SAMPLING).data() == "12 + 12 瓶"
    assert model.index(1, model.COLUMN_RISK).data() == "高"
    assert model.index(1, model.COLUMN_RISK).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert [model.index(row, model.COLUMN_RISK).data(SORT_ROLE) for row in range(3)] == [2, 0, 1]
    assert model.index(1, model.COLUMN_SAMPLING).data(SORT_ROLE) > model.index(2, model.COLUMN_SAMPLING).data(
        SORT_ROLE
    )  # numeric, not "12" < "3"
    assert model.index(1, model.COLUMN_XK).data(Qt.ItemDataRole.ToolTipRole).startswith("须取得")
    assert model.find_row(lambda row: row.id == 3) == 2
    assert model.find_row(lambda row: row.id == 9) == -1
    assert model.headerData(0, Qt.Orientation.Horizontal) == "编码"


def test_inspection_item_table_model(qtmodeltester: ModelTester) -> None:
    model = InspectionItemTableModel()
    qtmodeltester.check(model)
    model.set_rows(
        [
            _item(1, "le", "critical", limit_value="0.5"),
            _item(2, "range", "minor", limit_low="1", limit_high="2"),
            _item(3, "not_detected", "major"),
            _item(4, "text", "major", limit_text="无异味"),
            _item(5, "info", "minor", limit_text="记录批号"),
            _item(6, "gt", "major", limit_value="7"),
        ]
    )
    qtmodeltester.check(model)
    limits = [model.index(row, model.COLUMN_LIMIT).data() for row in range(model.rowCount())]
    assert limits == ["≤ 0.5 mg/kg", "1～2 mg/kg", "不得检出", "无异味", "仅记录（记录批号）", "> 7 mg/kg"]
    assert model.index(0, model.COLUMN_LIMIT).data(Qt.ItemDataRole.ToolTipRole) == "≤ 0.5 mg/kg\n检出限：0.01 mg/kg"
    assert model.index(1, model.COLUMN_LIMIT).data(Qt.ItemDataRole.ToolTipRole) == "1～2 mg/kg"
    assert model.index(1, model.COLUMN_NAME).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(0, model.COLUMN_CRITICALITY).data() == "关键"
    assert model.index(0, model.COLUMN_CRITICALITY).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(1, model.COLUMN_CRITICALITY).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.row_at(model.index(3, 0)) == model.rows[3]
    assert model.row_at(QModelIndex()) is None
