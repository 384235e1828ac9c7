"""This session's scans, newest first, for the list beside the verdict card."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from inspector_app.gui import outcome_style
from inspector_app.gui.scan_bar import visible_code
from inspector_app.gui.scan_session import RECENT_LIMIT, SessionScan

logger = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex


class RecentScanListModel(QAbstractListModel):
    """One row per recorded scan: time, headline and what was scanned, with the outcome's colour.

    ``language`` picks the wording of the headlines ("zh" or "en").
    """

    def __init__(self, parent: Any = None, *, language: str = "zh") -> None:
        super().__init__(parent)
        self._scans: list[SessionScan] = []
        self._language = language

    @property
    def scans(self) -> list[SessionScan]:
        """The scans listed, newest first (a copy)."""
        return list(self._scans)

    def add(self, scan: SessionScan) -> None:
        """Put ``scan`` at the top; the oldest falls off beyond ``RECENT_LIMIT``."""
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._scans.insert(0, scan)
        self.endInsertRows()
        if len(self._scans) > RECENT_LIMIT:
            self.beginRemoveRows(QModelIndex(), RECENT_LIMIT, len(self._scans) - 1)
            del self._scans[RECENT_LIMIT:]
            self.endRemoveRows()

    def set_scans(self, scans: list[SessionScan]) -> None:
        """Replace every row (newest first)."""
        self.beginResetModel()
        self._scans = list(scans[:RECENT_LIMIT])
        self.endResetModel()

    def set_language(self, language: str) -> None:
        """Re-word the rows."""
        self._language = language
        if self._scans:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._scans) - 1, 0))

    def scan_at(self, index: _Index) -> SessionScan | None:
        """The scan behind ``index``, or None."""
        if not index.isValid() or index.model() is not self or not 0 <= index.row() < len(self._scans):
            return None
        return self._scans[index.row()]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._scans)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        scan = self.scan_at(index)
        if scan is None:
            return None
        card = scan.result.card
        if role == Qt.ItemDataRole.DisplayRole:
            item = card.verdict.facts.trade_item
            what = item.name if item is not None else visible_code(card.code)
            when = scan.result.occurred_at.strftime("%H:%M:%S")
            return f"{when}  {outcome_style.headline(card.outcome, self._language)}  {what}"
        if role == Qt.ItemDataRole.DecorationRole:
            return outcome_style.background_colour(card.outcome)
        if role == Qt.ItemDataRole.ToolTipRole:
            return card.verdict.summary(self._language)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if self.scan_at(index) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
