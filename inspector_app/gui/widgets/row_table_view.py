"""The list tables of the pages (records, scan history, deadlines due): a row model behind a sorting proxy."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from inspector_app.gui.models.row_table_model import SORT_ROLE


def sortable_row_table(
    parent: QWidget,
    model: QAbstractItemModel,
    object_name: str,
    *,
    stretch_column: int,
    selection_mode: QAbstractItemView.SelectionMode,
) -> tuple[QSortFilterProxyModel, QTableView]:
    """A read-only table of ``model`` that sorts by ``SORT_ROLE`` when a header is clicked and shows the rows in the
    model's own order until then; whole rows are selected, columns fit their contents and ``stretch_column`` takes
    the rest of the width. Returns the proxy (for mapping selections back to the model) and the view."""
    table = QTableView(parent)
    table.setObjectName(object_name)
    proxy = QSortFilterProxyModel(table)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # unsorted: the order the service gave
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(selection_mode)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    return proxy, table
