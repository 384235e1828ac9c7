"""The catalogue page, driven like an inspector would: type a search, pick a category, select a kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from inspector_app.gui.application import Application
from inspector_app.gui.change_bus import Change
from inspector_app.gui.models.category_tree_model import CategoryFilter
from inspector_app.gui.models.inspection_item_table_model import InspectionItemTableModel
from inspector_app.gui.pages import catalogue_page
from inspector_app.gui.pages.catalogue_page import CataloguePage
from inspector_app.gui.translations import Translations
from inspector_app.services.catalogue_browser import CatalogueBrowser, ProductKindRow
from inspector_app.services.workspace import Workspace
from inspector_app.storage.models import CatalogueEdition, ProductKind

ALL_KINDS = ["IND-01-001", "IND-01-002", "IND-02-001", "FOOD-02-001", "FARM-02-001"]


def _page(gui_app: Application) -> CataloguePage:
    gui_app.main_window.show_page("catalogue")  # the scan page comes first in the navigation
    page = gui_app.main_window.page("catalogue")
    assert isinstance(page, CataloguePage)
    return page


def _listed(page: CataloguePage) -> list[str]:
    return [row.code for row in page.kind_model.rows]


def _select_kind(qtbot: QtBot, gui_app: Application, code: str) -> None:
    page = _page(gui_app)
    table = page._ui.kindTable
    for row in range(table.model().rowCount()):
        if table.model().index(row, 0).data() == code:
            rect = table.visualRect(table.model().index(row, 1))
            qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            break
    else:
        raise AssertionError(f"{code} is not listed")
    assert gui_app.runner.wait_until_idle()


def _type_chinese(widget: QWidget, text: str) -> None:
    """Deliver ``text`` the way a Chinese input method does: one committed string (keyClicks is ASCII-only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _item_texts(page: CataloguePage, column: int) -> list[str]:
    model = page.item_model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_lists_everything_at_first(gui_app: Application) -> None:
    page = _page(gui_app)
    assert _listed(page) == ALL_KINDS
    assert page._ui.resultLabel.text() == "共 5 种产品"
    assert not page._ui.editionCombo.isVisible()  # one edition: nothing to choose


def test_category_tree_groups_by_domain_with_counts(gui_app: Application) -> None:
    model = _page(gui_app).category_model
    top = [(model.index(row, 0).data(), model.index(row, 1).data()) for row in range(model.rowCount())]
    assert top == [("全部类别", "5"), ("工业产品", "3"), ("食品", "1"), ("食用农产品", "1")]
    industrial = model.index(1, 0)
    children = [model.index(row, 0, industrial).data() for row in range(model.rowCount(industrial))]
    assert children == ["工业生产资料", "家用电器及电器附件"]


def test_typing_a_search_filters_the_kinds(qtbot: QtBot, gui_app: Application) -> None:
    page = _page(gui_app)
    qtbot.keyClicks(page._ui.searchEdit, "gb 2716")  # a standard, in lower case
    qtbot.waitUntil(lambda: _listed(page) == ["FOOD-02-001"], timeout=3000)
    assert page._ui.resultLabel.text() == "共 1 种产品"
    page._ui.searchEdit.clear()
    qtbot.waitUntil(lambda: _listed(page) == ALL_KINDS, timeout=3000)
    _type_chinese(page._ui.searchEdit, "酸价")  # an inspection item name
    qtbot.waitUntil(lambda: _listed(page) == ["FOOD-02-001"], timeout=3000)


def test_search_waits_for_the_typing_to_pause(
    qtbot: QtBot, gui_app: Application, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(gui_app)
    searches: list[str] = []
    original = CatalogueBrowser.product_kinds

    def counting(self: CatalogueBrowser, *args: object, **kwargs: object) -> list[ProductKindRow]:
        searches.append(str(args[1]) if len(args) > 1 else "")
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(CatalogueBrowser, "product_kinds", counting)
    qtbot.keyClicks(page._ui.searchEdit, "food-02")
    qtbot.waitUntil(lambda: _listed(page) == ["FOOD-02-001"], timeout=3000)
    assert gui_app.runner.wait_until_idle()
    assert searches == ["food-02"]  # one query for seven keystrokes


def test_pressing_return_searches_at_once(qtbot: QtBot, gui_app: Application) -> None:
    page = _page(gui_app)
    page._ui.searchEdit.setText("0201")
    qtbot.keyClick(page._ui.searchEdit, Qt.Key.Key_Return)
    assert page._search_timer.isActive() is False
    assert gui_app.runner.wait_until_idle()
    assert _listed(page) == ["IND-02-001"]


def test_selecting_a_kind_shows_its_standards_and_items(qtbot: QtBot, gui_app: Application) -> None:
    page = _page(gui_app)
    _type_chinese(page._ui.searchEdit, "植物油")
    qtbot.waitUntil(lambda: _listed(page) == ["FOOD-02-001"], timeout=3000)
    _select_kind(qtbot, gui_app, "FOOD-02-001")
    assert page._ui.kindTitleLabel.text() == "食用植物油  (FOOD-02-001)"
    assert page._ui.standardsValue.text() == "GB 2716-2018\nGB 2762-2022"
    assert page._ui.licenceValue.text() == "食品生产许可证（SC）"
    assert page._ui.samplingValue.text() == "4 + 4 瓶"
    assert page._ui.riskValue.text() == "高"
    assert _item_texts(page, InspectionItemTableModel.COLUMN_NAME) == ["酸价", "过氧化值", "苯并[a]芘"]
    assert _item_texts(page, InspectionItemTableModel.COLUMN_LIMIT) == ["≤ 3 mg/g", "≤ 0.25 g/100g", "≤ 10 μg/kg"]
    assert _item_texts(page, InspectionItemTableModel.COLUMN_METHOD)[0] == "GB 5009.229-2016"
    assert _item_texts(page, InspectionItemTableModel.COLUMN_CRITICALITY) == ["重要", "重要", "关键"]


def test_limits_read_as_an_inspector_expects(qtbot: QtBot, gui_app: Application) -> None:
    page = _page(gui_app)
    _select_kind(qtbot, gui_app, "FARM-02-001")
    assert _item_texts(page, InspectionItemTableModel.COLUMN_LIMIT) == ["≤ 0.1 mg/kg", "不得检出", "仅记录"]
    _select_kind(qtbot, gui_app, "IND-01-001")
    assert _item_texts(page, InspectionItemTableModel.COLUMN_LIMIT) == ["≥ 35 %", "5.5～8.5"]
    _select_kind(qtbot, gui_app, "IND-02-001")
    assert _item_texts(page, InspectionItemTableModel.COLUMN_LIMIT) == ["符合标准要求"]
    assert page._ui.licenceValue.text() == "强制性产品认证（CCC） 0201"


def test_choosing_a_category_or_domain(gui_app: Application) -> None:
    page = _page(gui_app)
    tree = page._ui.categoryTree
    model = page.category_model
    tree.setCurrentIndex(model.index_of(CategoryFilter(domain="food")))
    assert gui_app.runner.wait_until_idle()
    assert _listed(page) == ["FOOD-02-001"]
    industrial_category = model.index(0, 0, model.index(1, 0))
    tree.setCurrentIndex(industrial_category)
    assert gui_app.runner.wait_until_idle()
    assert _listed(page) == ["IND-01-001", "IND-01-002"]
    tree.setCurrentIndex(model.index(0, 0))
    assert gui_app.runner.wait_until_idle()
    assert _listed(page) == ALL_KINDS


def test_search_within_the_chosen_category(qtbot: QtBot, gui_app: Application) -> None:
    page = _page(gui_app)
    page._ui.categoryTree.setCurrentIndex(page.category_model.index_of(CategoryFilter(domain="industrial")))
    assert gui_app.runner.wait_until_idle()
    _type_chinese(page._ui.searchEdit, "油")
    qtbot.waitUntil(lambda: page._ui.resultLabel.text() == "共 0 种产品", timeout=3000)
    assert _listed(page) == []


def test_sorting_by_risk_keeps_the_rows(gui_app: Application) -> None:
    page = _page(gui_app)
    table = page._ui.kindTable
    table.sortByColumn(page.kind_model.COLUMN_RISK, Qt.SortOrder.AscendingOrder)
    risks = [table.model().index(row, page.kind_model.COLUMN_RISK).data() for row in range(5)]
    assert risks == ["高", "高", "高", "中", "中"]


def test_too_many_results_are_capped_and_said_so(
    qtbot: QtBot, gui_app: Application, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue_page, "KIND_LIMIT", 2)
    page = _page(gui_app)
    qtbot.keyClick(page._ui.searchEdit, Qt.Key.Key_Return)
    assert gui_app.runner.wait_until_idle()
    assert _listed(page) == ALL_KINDS[:2]
    assert page._ui.resultLabel.text() == "仅显示前 2 种，请缩小搜索范围"


def test_a_new_edition_shows_the_selector(small_catalogue: Workspace, gui_app: Application) -> None:
    with small_catalogue.database.session() as session:
        session.add(CatalogueEdition(code="local-2025", name="地方补充目录（2025）", issued_on=dt.date(2025, 1, 1),
                                     imported_at=dt.datetime(2025, 1, 2)))  # fmt: skip
    gui_app.change_bus.announce(Change.CATALOGUE)
    assert gui_app.runner.wait_until_idle()
    page = _page(gui_app)
    combo = page._ui.editionCombo
    assert combo.isVisible()
    assert [combo.itemData(i) for i in range(combo.count())] == ["local-2025", "test-2023"]
    assert combo.currentData() == "test-2023"  # the inspector keeps what was shown
    page._on_edition_activated(0)  # what choosing the first entry does
    assert gui_app.runner.wait_until_idle()
    assert _listed(page) == []
    assert page.category_model.index(0, 1).data() == "0"


def test_a_kind_removed_meanwhile_is_reported(
    qtbot: QtBot, small_catalogue: Workspace, gui_app: Application, recorded_prompts: Any
) -> None:
    with small_catalogue.database.session() as session:
        session.query(ProductKind).filter_by(code="IND-01-002").delete()
    _select_kind(qtbot, gui_app, "IND-01-002")
    ((_parent, title, message),) = recorded_prompts.named("show_error")
    assert title == "操作失败"
    assert "产品种类不存在" in message
    assert _page(gui_app).item_model.rowCount() == 0


def test_speaks_english(qtbot: QtBot, gui_app: Application, translations: Translations) -> None:
    assert translations.install("en")
    page = _page(gui_app)
    qtbot.waitUntil(lambda: page._ui.resultLabel.text() == "5 product kinds", timeout=3000)
    _select_kind(qtbot, gui_app, "FARM-02-001")
    assert page.category_model.index(0, 0).data() == "All categories"
    assert page.category_model.index(3, 0).data() == "Edible farm produce"
    header = page.kind_model.headerData(page.kind_model.COLUMN_NAME, Qt.Orientation.Horizontal)
    assert header == "Product"
    assert _item_texts(page, InspectionItemTableModel.COLUMN_LIMIT)[1] == "Not detected"
    assert page._ui.resultLabel.text() == "5 product kinds"
    assert page._ui.searchEdit.placeholderText().startswith("Search")
    assert page._ui.riskValue.text() == "Medium"
