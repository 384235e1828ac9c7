"""The result lines of a sample as an editable table, each line judged by the domain as it is typed.

One row per inspection item. The value, unit, method, detection limit and the rapid-test flag are edited in place;
the item and its limit come from the catalogue and are read-only. After every change the line is judged again with
``judge_line`` and its status and reasoning shown beside it, so the inspector sees why a value fails before the
results are sealed.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from inspector_app.domain.results import (
    LineJudgement,
    LineStatus,
    ResultLine,
    SampleJudgement,
    judge_line,
    judge_results,
)
from inspector_app.gui.dialogs.login_dialog import interface_language

logger = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex

#: Status colours: the verdict colours of the whole application (red fails, green passes, grey is open).
STATUS_COLOURS: dict[LineStatus, tuple[str, str]] = {
    LineStatus.CONFORMING: ("#2e7d32", "#ffffff"),
    LineStatus.NONCONFORMING: ("#c62828", "#ffffff"),
    LineStatus.NOT_JUDGED: ("#e0e0e0", "#212121"),
    LineStatus.MISSING: ("#e0e0e0", "#212121"),
    LineStatus.UNREADABLE: ("#f9a825", "#212121"),
}


class ResultLineTableModel(QAbstractTableModel):
    """Columns: item, value*, unit*, limit, method*, detection limit*, rapid test* (check box), status, reasoning.

    Columns marked * are editable unless the model is read-only (results already sealed).

    Signals:
        lines_changed(): a line was edited (and judged again).
    """

    lines_changed = Signal()

    (
        COLUMN_ITEM,
        COLUMN_VALUE,
        COLUMN_UNIT,
        COLUMN_LIMIT,
        COLUMN_METHOD,
        COLUMN_DETECTION_LIMIT,
        COLUMN_RAPID,
        COLUMN_STATUS,
        COLUMN_REASON,
    ) = range(9)
    _TEXT_FIELDS: ClassVar[dict[int, str]] = {
        COLUMN_VALUE: "value",
        COLUMN_UNIT: "unit",
        COLUMN_METHOD: "method_standard",
        COLUMN_DETECTION_LIMIT: "detection_limit",
    }

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: list[ResultLine] = []
        self._judged: list[LineJudgement] = []
        self._read_only = False

    # --- our API -------------------------------------------------------------------------------------------

    def set_lines(self, lines: Sequence[ResultLine], *, read_only: bool = False) -> None:
        """Replace every line (judged at once)."""
        self.beginResetModel()
        self._lines = list(lines)
        self._judged = [judge_line(line) for line in self._lines]
        self._read_only = read_only
        self.endResetModel()

    @property
    def lines(self) -> list[ResultLine]:
        """The lines as edited."""
        return list(self._lines)

    @property
    def judgements(self) -> list[LineJudgement]:
        """Each line's judgement, in order."""
        return list(self._judged)

    def judgement(self) -> SampleJudgement:
        """The sample's verdict on the lines as they stand."""
        return judge_results(self._lines)

    def is_read_only(self) -> bool:
        """Whether the lines can no longer be edited."""
        return self._read_only

    def status_text(self, status: LineStatus) -> str:
        """A line status in words: 合格, 不合格, 仅记录, 未录入, 无法判定."""
        names = {
            LineStatus.CONFORMING: self.tr("合格"),
            LineStatus.NONCONFORMING: self.tr("不合格"),
            LineStatus.NOT_JUDGED: self.tr("仅记录"),
            LineStatus.MISSING: self.tr("未录入"),
            LineStatus.UNREADABLE: self.tr("无法判定"),
        }
        return names[status]

    def retranslate(self) -> None:
        """Headers and words are translated when read: tell the views to read them again."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._lines) - 1, self.columnCount() - 1))

    # --- Qt's API ------------------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 9

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        line, judged, column = self._lines[index.row()], self._judged[index.row()], index.column()
        if column == self.COLUMN_RAPID:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if line.rapid_test else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(line, judged, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COLUMN_LIMIT:
                return line.judging_standard or None
            if column in (self.COLUMN_STATUS, self.COLUMN_REASON):
                return self._reason(judged) or None
            return None
        if column == self.COLUMN_STATUS and role == Qt.ItemDataRole.BackgroundRole:
            return QColor(STATUS_COLOURS[judged.status][0])
        if column == self.COLUMN_STATUS and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(STATUS_COLOURS[judged.status][1])
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if self._read_only or not self._valid(index):
            return False
        line, column = self._lines[index.row()], index.column()
        if column == self.COLUMN_RAPID and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
            changed = dataclasses.replace(line, rapid_test=checked)
        elif column in self._TEXT_FIELDS and role == Qt.ItemDataRole.EditRole:
            changes: dict[str, Any] = {self._TEXT_FIELDS[column]: str(value or "").strip()}
            changed = dataclasses.replace(line, **changes)
        else:
            return False
        if changed == line:
            return False
        row = index.row()
        self._lines[row] = changed
        self._judged[row] = judge_line(changed)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        self.lines_changed.emit()
        return True

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not self._valid(index):
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self._read_only:
            return flags
        if index.column() in self._TEXT_FIELDS:
            flags |= Qt.ItemFlag.ItemIsEditable
        elif index.column() == self.COLUMN_RAPID:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or section < 0:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if section < len(self._lines) else None
        headers = [
            self.tr("检验项目"),
            self.tr("检测结果"),
            self.tr("单位"),
            self.tr("限量"),
            self.tr("检验方法"),
            self.tr("检出限"),
            self.tr("快检"),
            self.tr("判定"),
            self.tr("判定理由"),
        ]
        return headers[section] if section < len(headers) else None

    # --- internals -----------------------------------------------------------------------------------------

    def _valid(self, index: _Index) -> bool:
        return (
            index.isValid()
            and index.model() is self
            and 0 <= index.row() < len(self._lines)
            and 0 <= index.column() < self.columnCount()
        )

    def _text(self, line: ResultLine, judged: LineJudgement, column: int) -> str:
        if column == self.COLUMN_ITEM:
            return line.item_name or line.item_code
        if column in self._TEXT_FIELDS:
            return str(getattr(line, self._TEXT_FIELDS[column]))
        if column == self.COLUMN_LIMIT:
            return line.limit.describe()
        if column == self.COLUMN_STATUS:
            return self.status_text(judged.status)
        if column == self.COLUMN_REASON:
            return self._reason(judged)
        return ""

    @staticmethod
    def _reason(judged: LineJudgement) -> str:
        return judged.reason_en if interface_language() == "en" else judged.reason_zh
