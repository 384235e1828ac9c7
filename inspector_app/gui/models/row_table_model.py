"""A read-only table model over a list of frozen dataclasses, one row per dataclass."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

logger = logging.getLogger(__name__)

RowT = TypeVar("RowT")

#: Role under which each cell gives a value that sorts naturally (numbers as numbers).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column(Generic[RowT]):
    """How one column reads a row: its header (translated when asked), text, sort key, alignment, tooltip."""

    header: Callable[[], str]
    text: Callable[[RowT], str]
    sort_key: Callable[[RowT], Any] | None = None
    alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    tooltip: Callable[[RowT], str] | None = None


class RowTableModel(QAbstractTableModel, Generic[RowT]):
    """Rows of dataclasses shown through a list of ``Column``; subclasses only declare their columns."""

    def __init__(self, columns: Sequence[Column[RowT]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[RowT] = []

    # --- our API -------------------------------------------------------------------------------------------

    @property
    def rows(self) -> list[RowT]:
        """The rows shown, in model order (a copy)."""
        return list(self._rows)

    def set_rows(self, rows: Sequence[RowT]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, index: _Index) -> RowT | None:
        """The dataclass behind ``index`` (of this model), or ``None`` for an invalid index."""
        if not index.isValid() or index.model() is not self or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def find_row(self, predicate: Callable[[RowT], bool]) -> int:
        """The number of the first row matching ``predicate``, or -1."""
        return next((number for number, row in enumerate(self._rows) if predicate(row)), -1)

    def retranslate(self) -> None:
        """Headers and texts are translated when read: tell the views to read them again."""
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(self._columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # --- Qt's API ------------------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None or not 0 <= index.column() < len(self._columns):
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == SORT_ROLE:
            return column.sort_key(row) if column.sort_key is not None else column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.alignment.value)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row) or None
        return self.extra_data(row, index.column(), role)

    def extra_data(self, row: RowT, column: int, role: int) -> Any:
        """Hook for subclasses: other roles (colours, fonts) of one cell. ``None`` by default."""
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._columns[section].header()
            return None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole and section >= 0:
            return section + 1
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if self.row_at(index) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
