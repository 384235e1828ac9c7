"""The catalogue browser: categories → product kinds → inspection items, searchable."""

from __future__ import annotations

import functools
import logging

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView, QWidget

from inspector_app.gui import display_text
from inspector_app.gui.change_bus import Change
from inspector_app.gui.forms.ui_catalogue_page import Ui_CataloguePage
from inspector_app.gui.models.category_tree_model import CategoryFilter, CategoryTreeModel
from inspector_app.gui.models.inspection_item_table_model import InspectionItemTableModel
from inspector_app.gui.models.product_kind_table_model import ProductKindTableModel
from inspector_app.gui.models.row_table_model import SORT_ROLE
from inspector_app.gui.page_context import PageContext
from inspector_app.services.catalogue_browser import (
    CategoryRow,
    EditionRow,
    InspectionItemRow,
    ProductKindRow,
)

logger = logging.getLogger(__name__)

#: Delay between the last keystroke and the search, so typing a word runs one query, not one per letter.
SEARCH_DELAY_MS = 200
#: Most product kinds listed at once; the label says when there are more.
KIND_LIMIT = 500


class CataloguePage(QWidget):
    """Browse the installed catalogue.

    Every query goes through the task runner; results are applied only if they answer the latest request,
    so a slow search can never overwrite a newer one.

    Signals: none (it only listens to the change bus).
    """

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._browser = context.services.catalogue_browser
        self._ui = Ui_CataloguePage()
        self._ui.setupUi(self)  # type: ignore[no-untyped-call]  # generated form

        self._category_model = CategoryTreeModel(self)
        self._kind_model = ProductKindTableModel(self)
        self._kind_proxy = QSortFilterProxyModel(self)
        self._kind_proxy.setSourceModel(self._kind_model)
        self._kind_proxy.setSortRole(SORT_ROLE)
        self._item_model = InspectionItemTableModel(self)

        self._editions: list[EditionRow] = []
        self._edition_code: str | None = None
        self._category_filter = CategoryFilter()
        self._selected_kind_id: int | None = None
        self._items_kind_id: int | None = None  # whose inspection items the item model holds or awaits
        self._kind_request = 0
        self._item_request = 0
        self._truncated = False

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        self._setup_views()
        self._connect()
        self._show_kind(None)
        self.reload()

    # --- public ------------------------------------------------------------------------------------------

    @property
    def kind_model(self) -> ProductKindTableModel:
        """The product kinds currently listed (tests read it)."""
        return self._kind_model

    @property
    def item_model(self) -> InspectionItemTableModel:
        """The inspection items of the selected kind."""
        return self._item_model

    @property
    def category_model(self) -> CategoryTreeModel:
        """The category tree."""
        return self._category_model

    def reload(self) -> None:
        """Read editions, categories and kinds again, keeping the current selection where it still exists."""
        self._context.runner.run_query(self._browser.editions, self._on_editions_loaded)

    # --- set-up ------------------------------------------------------------------------------------------

    def _setup_views(self) -> None:
        ui = self._ui
        ui.categoryTree.setModel(self._category_model)
        ui.categoryTree.header().setSectionResizeMode(CategoryTreeModel.COLUMN_NAME, QHeaderView.ResizeMode.Stretch)
        ui.categoryTree.header().setSectionResizeMode(
            CategoryTreeModel.COLUMN_COUNT, QHeaderView.ResizeMode.ResizeToContents
        )
        ui.categoryTree.header().setStretchLastSection(False)

        ui.kindTable.setModel(self._kind_proxy)
        ui.kindTable.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # catalogue order until a header is clicked
        kind_header = ui.kindTable.horizontalHeader()
        kind_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        kind_header.setSectionResizeMode(ProductKindTableModel.COLUMN_NAME, QHeaderView.ResizeMode.Stretch)
        kind_header.setStretchLastSection(False)

        # Compact rows: the style's default leaves room for editors these read-only tables never open.
        row_height = self.fontMetrics().height() + 8
        ui.kindTable.verticalHeader().setDefaultSectionSize(row_height)
        ui.itemTable.verticalHeader().setDefaultSectionSize(row_height)

        ui.itemTable.setModel(self._item_model)
        item_header = ui.itemTable.horizontalHeader()
        item_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        item_header.setSectionResizeMode(InspectionItemTableModel.COLUMN_LIMIT, QHeaderView.ResizeMode.Stretch)
        item_header.setStretchLastSection(False)

        title_font = QFont(ui.kindTitleLabel.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setBold(True)
        ui.kindTitleLabel.setFont(title_font)

        ui.mainSplitter.setStretchFactor(0, 1)
        ui.mainSplitter.setStretchFactor(1, 4)
        ui.mainSplitter.setSizes([260, 1000])
        ui.contentSplitter.setStretchFactor(0, 3)
        ui.contentSplitter.setStretchFactor(1, 2)
        self._set_edition_selector_visible(False)

    def _connect(self) -> None:
        ui = self._ui
        ui.searchEdit.textChanged.connect(self._on_search_text_changed)
        ui.searchEdit.returnPressed.connect(self._on_search_return_pressed)
        self._search_timer.timeout.connect(self._load_kinds)
        ui.editionCombo.activated.connect(self._on_edition_activated)
        ui.categoryTree.selectionModel().selectionChanged.connect(self._on_category_selection_changed)
        ui.kindTable.selectionModel().selectionChanged.connect(self._on_kind_selection_changed)
        self._context.change_bus.changed.connect(self._on_changed)

    # --- loading -----------------------------------------------------------------------------------------

    def _on_editions_loaded(self, editions: list[EditionRow]) -> None:
        self._editions = editions
        codes = [edition.code for edition in editions]
        if self._edition_code not in codes:
            self._edition_code = codes[0] if codes else None
        combo = self._ui.editionCombo
        combo.blockSignals(True)
        combo.clear()
        for edition in editions:
            combo.addItem(edition.name, edition.code)
            combo.setItemData(combo.count() - 1, f"{edition.name} ({edition.code})", Qt.ItemDataRole.ToolTipRole)
        if self._edition_code is not None:
            combo.setCurrentIndex(codes.index(self._edition_code))
        combo.blockSignals(False)
        self._set_edition_selector_visible(len(editions) > 1)
        self._load_categories()

    def _load_categories(self) -> None:
        work = functools.partial(self._browser.categories, self._edition_code)
        if self._edition_code is None:
            # Nothing installed (yet): show an empty tree and an empty table rather than everything of nothing.
            self._on_categories_loaded([])
            return
        self._context.runner.run_query(work, self._on_categories_loaded)

    def _on_categories_loaded(self, categories: list[CategoryRow]) -> None:
        tree = self._ui.categoryTree
        tree.selectionModel().blockSignals(True)
        self._category_model.set_categories(categories)
        tree.expandAll()
        index = self._category_model.index_of(self._category_filter)
        tree.setCurrentIndex(index)
        tree.selectionModel().blockSignals(False)
        self._category_filter = self._category_model.filter_at(index)
        self._load_kinds()

    def _load_kinds(self) -> None:
        self._search_timer.stop()
        self._kind_request += 1
        if self._edition_code is None:
            self._on_kinds_loaded(self._kind_request, [])
            return
        work = functools.partial(
            self._browser.product_kinds,
            self._category_filter.category_id,
            self._ui.searchEdit.text(),
            edition_code=self._edition_code,
            domain=self._category_filter.domain,
            limit=KIND_LIMIT + 1,
        )
        self._context.runner.run_query(work, functools.partial(self._on_kinds_loaded, self._kind_request))

    def _on_kinds_loaded(self, request: int, kinds: list[ProductKindRow]) -> None:
        if request != self._kind_request:
            return  # a newer search is on its way
        self._truncated = len(kinds) > KIND_LIMIT
        self._kind_model.set_rows(kinds[:KIND_LIMIT])
        self._update_result_label()
        row = self._kind_model.find_row(lambda kind: kind.id == self._selected_kind_id)
        if row >= 0:
            proxy_index = self._kind_proxy.mapFromSource(self._kind_model.index(row, 0))
            self._ui.kindTable.selectRow(proxy_index.row())
            self._ui.kindTable.scrollTo(proxy_index)
        else:
            self._show_kind(None)

    def _load_items(self, kind: ProductKindRow) -> None:
        self._item_request += 1
        work = functools.partial(self._browser.inspection_items, kind.id)
        self._context.runner.run_query(
            work,
            functools.partial(self._on_items_loaded, self._item_request),
            on_error=functools.partial(self._on_items_failed, self._item_request),
        )

    def _on_items_loaded(self, request: int, items: list[InspectionItemRow]) -> None:
        if request == self._item_request:
            self._item_model.set_rows(items)

    def _on_items_failed(self, request: int, _error: BaseException) -> None:
        if request == self._item_request:
            self._item_model.set_rows([])

    # --- slots -------------------------------------------------------------------------------------------

    def _on_search_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_return_pressed(self) -> None:
        self._load_kinds()

    def _on_edition_activated(self, index: int) -> None:
        code = self._ui.editionCombo.itemData(index)
        if code != self._edition_code:
            self._edition_code = code
            self._category_filter = CategoryFilter()
            self._selected_kind_id = None
            self._load_categories()

    def _on_category_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        self._category_filter = self._category_model.filter_at(indexes[0] if indexes else QModelIndex())
        self._load_kinds()

    def _on_kind_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self._ui.kindTable.selectionModel().selectedRows()
        kind = self._kind_model.row_at(self._kind_proxy.mapToSource(rows[0])) if rows else None
        self._show_kind(kind)

    def _on_changed(self, changes: Change) -> None:
        if changes & Change.CATALOGUE:
            self._items_kind_id = None  # the selected kind's items may have changed too
            self.reload()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._ui.retranslateUi(self)  # type: ignore[no-untyped-call]
            self._category_model.retranslate()
            self._kind_model.retranslate()
            self._item_model.retranslate()
            self._update_result_label()
            self._show_kind(self._current_kind())
        super().changeEvent(event)

    # --- presentation ------------------------------------------------------------------------------------

    def _current_kind(self) -> ProductKindRow | None:
        rows = self._ui.kindTable.selectionModel().selectedRows()
        return self._kind_model.row_at(self._kind_proxy.mapToSource(rows[0])) if rows else None

    def _set_edition_selector_visible(self, visible: bool) -> None:
        self._ui.editionLabel.setVisible(visible)
        self._ui.editionCombo.setVisible(visible)

    def _update_result_label(self) -> None:
        count = self._kind_model.rowCount()
        if self._truncated:
            text = self.tr("仅显示前 {count} 种，请缩小搜索范围").format(count=count)
        else:
            text = self.tr("共 {count} 种产品").format(count=count)
        self._ui.resultLabel.setText(text)

    def _show_kind(self, kind: ProductKindRow | None) -> None:
        ui = self._ui
        self._selected_kind_id = kind.id if kind else None
        ui.factsWidget.setVisible(kind is not None)
        ui.itemTable.setVisible(kind is not None)
        if kind is None:
            ui.kindTitleLabel.setText(self.tr("选择一个产品种类，查看其标准和检验项目。"))
            self._item_request += 1
            self._items_kind_id = None
            self._item_model.set_rows([])
            return
        ui.kindTitleLabel.setText(f"{kind.name}  ({kind.code})")
        ui.categoryValue.setText(f"{display_text.domain_name(kind.domain)} › {kind.category_name}")
        ui.licenceValue.setText(self._licence_text(kind))
        ui.riskValue.setText(display_text.risk_level_name(kind.risk_level))
        ui.samplingValue.setText(
            display_text.sampling_text(kind.sample_quantity, kind.backup_quantity, kind.quantity_unit)
        )
        ui.standardsValue.setText("\n".join(kind.standards) if kind.standards else self.tr("未列出"))
        ui.regionsValue.setText(kind.main_regions or self.tr("未列出"))
        if kind.id != self._items_kind_id:
            self._items_kind_id = kind.id
            self._item_model.set_rows([])
            self._load_items(kind)

    def _licence_text(self, kind: ProductKindRow) -> str:
        parts = []
        if kind.needs_xk:
            parts.append(self.tr("工业产品生产许可证（XK）"))
        if kind.needs_ccc:
            ccc = self.tr("强制性产品认证（CCC）")
            parts.append(f"{ccc} {kind.ccc_code}" if kind.ccc_code else ccc)
        if kind.needs_sc:
            parts.append(self.tr("食品生产许可证（SC）"))
        return "\n".join(parts) if parts else self.tr("无")
