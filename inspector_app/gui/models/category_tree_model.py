"""The category tree of the catalogue page: everything → product domain → category, each with its kind count."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from inspector_app.gui import display_text
from inspector_app.services.catalogue_browser import DOMAIN_ORDER, CategoryRow

logger = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex
# internalId of top-level rows; a category row's internalId is its group's top-level row number (>= 1).
_TOP_LEVEL = 0


@dataclass(frozen=True, slots=True)
class CategoryFilter:
    """What a tree node selects: everything, one product domain, or one category."""

    domain: str | None = None
    category_id: int | None = None


@dataclass(slots=True)
class _Group:
    domain: str
    categories: list[CategoryRow] = field(default_factory=list)

    @property
    def kind_count(self) -> int:
        return sum(category.kind_count for category in self.categories)


class CategoryTreeModel(QAbstractItemModel):
    """Two columns (name, number of product kinds). Row 0 is "all categories"; then one row per domain."""

    COLUMN_NAME, COLUMN_COUNT = range(2)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[_Group] = []

    # --- our API -------------------------------------------------------------------------------------------

    def set_categories(self, categories: Sequence[CategoryRow]) -> None:
        """Replace the tree; domains appear in catalogue order (industrial, food, farm produce, then others)."""
        by_domain: dict[str, _Group] = {}
        for category in categories:
            by_domain.setdefault(category.domain, _Group(category.domain)).categories.append(category)

        def order(group: _Group) -> tuple[int, str]:
            known = group.domain in DOMAIN_ORDER
            return (DOMAIN_ORDER.index(group.domain) if known else len(DOMAIN_ORDER), group.domain)

        self.beginResetModel()
        self._groups = sorted(by_domain.values(), key=order)
        self.endResetModel()

    def filter_at(self, index: _Index) -> CategoryFilter:
        """What the node at ``index`` selects (everything for an invalid index)."""
        if not index.isValid():
            return CategoryFilter()
        if index.internalId() == _TOP_LEVEL:
            if index.row() == 0:
                return CategoryFilter()
            return CategoryFilter(domain=self._groups[index.row() - 1].domain)
        group = self._groups[index.internalId() - 1]
        category = group.categories[index.row()]
        return CategoryFilter(domain=group.domain, category_id=category.id)

    def index_of(self, wanted: CategoryFilter) -> QModelIndex:
        """The name-column index of the node selecting ``wanted``; the "all" row when it is gone."""
        for group_number, group in enumerate(self._groups, start=1):
            if wanted.category_id is None and wanted.domain == group.domain:
                return self.index(group_number, 0)
            for row, category in enumerate(group.categories):
                if category.id == wanted.category_id:
                    return self.index(row, 0, self.index(group_number, 0))
        return self.index(0, 0)

    def retranslate(self) -> None:
        """Group names are translated when read: tell the views to read them again."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    # --- Qt's API ------------------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP_LEVEL)
        return self.createIndex(row, column, parent.row())

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP_LEVEL:
            return QModelIndex()
        return self.createIndex(index.internalId(), 0, _TOP_LEVEL)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return 1 + len(self._groups)
        if parent.column() != 0 or parent.internalId() != _TOP_LEVEL or parent.row() == 0:
            return 0
        return len(self._groups[parent.row() - 1].categories)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 2

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            name, count = self._name_and_count(index)
            return name if index.column() == self.COLUMN_NAME else str(count)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.COLUMN_COUNT:
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        if role == Qt.ItemDataRole.ToolTipRole and index.internalId() != _TOP_LEVEL:
            category = self._groups[index.internalId() - 1].categories[index.row()]
            return f"{category.code} {category.name}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == self.COLUMN_NAME:
            return self.tr("类别")
        if section == self.COLUMN_COUNT:
            return self.tr("种类数")
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != _TOP_LEVEL:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def _name_and_count(self, index: _Index) -> tuple[str, int]:
        if index.internalId() == _TOP_LEVEL:
            if index.row() == 0:
                total = sum(group.kind_count for group in self._groups)
                return self.tr("全部类别"), total
            group = self._groups[index.row() - 1]
            return display_text.domain_name(group.domain), group.kind_count
        category = self._groups[index.internalId() - 1].categories[index.row()]
        return category.name, category.kind_count
