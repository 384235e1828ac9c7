"""The deadlines a result sets (objection window, correction, re-check), each with its legal source and what has
dealt with it (the objection filed, the correction order, the re-check).

A deadline that cannot be computed is listed all the same, with why ("2027 年节假日安排未知，无法计算截止日期"): the
workstation never guesses a legal date. Double-clicking a deadline announces it, so that the window can open what
deals with it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from inspector_app.domain.deadlines import Deadline
from inspector_app.gui.spot_check.deadline_table_model import DeadlineTableModel
from inspector_app.services.spot_check_service import SealedRecordView

logger = logging.getLogger(__name__)

#: Legal sources are long ("《中华人民共和国产品质量法》第十五条；…"): wide enough to read in two or three lines.
SOURCE_COLUMN_WIDTH = 300


class DeadlinesView(QWidget):
    """A title, the deadlines as a table, and a note when there are none or some cannot be computed.

    Signals:
        deadline_activated(Deadline): a deadline was double-clicked.
    """

    deadline_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DeadlinesView")
        self._title = QLabel(self)
        self._title.setObjectName("deadlinesTitle")
        self._model = DeadlineTableModel(self)
        self._table = QTableView(self)
        self._table.setObjectName("deadlineTable")
        self._table.setModel(self._model)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setWordWrap(True)
        self._table.verticalHeader().setVisible(False)
        # Rows follow their wrapped text as the columns get their widths (a handful of deadlines: cheap).
        self._table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self._table.horizontalHeader()
        for column in (DeadlineTableModel.COLUMN_NAME, DeadlineTableModel.COLUMN_DUE, DeadlineTableModel.COLUMN_STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DeadlineTableModel.COLUMN_SOURCE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(DeadlineTableModel.COLUMN_SOURCE, SOURCE_COLUMN_WIDTH)
        header.setStretchLastSection(True)
        self._note = QLabel(self)
        self._note.setObjectName("deadlinesNote")
        self._note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._title)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._note)
        self._table.doubleClicked.connect(self._on_row_activated)
        self._retranslate()

    @property
    def model(self) -> DeadlineTableModel:
        """The deadlines shown."""
        return self._model

    def deadlines(self) -> list[Deadline]:
        """The deadlines shown, in order."""
        return self._model.rows

    @property
    def table(self) -> QTableView:
        """The table of deadlines."""
        return self._table

    def set_deadlines(
        self, deadlines: Sequence[Deadline], closing: Mapping[str, SealedRecordView] | None = None
    ) -> None:
        """Show ``deadlines``; ``closing`` names the record that dealt with a deadline (by its code)."""
        self._model.set_closing(closing or {})
        self._model.set_rows(deadlines)
        self._update_note()

    def status_text(self, code: str) -> str:
        """What the status column says about the deadline ``code`` ("" when it is open or not shown)."""
        row = self._model.find_row(lambda deadline: deadline.code == code)
        return self._model.status_text(self._model.rows[row]) if row >= 0 else ""

    def _on_row_activated(self, index: QModelIndex) -> None:
        deadline = self._model.row_at(index)
        if deadline is not None:
            self.deadline_activated.emit(deadline)

    def note_text(self) -> str:
        """The note under the table."""
        return self._note.text()

    def _update_note(self) -> None:
        rows = self._model.rows
        if not rows:
            self._note.setText(self.tr("此结果不产生法定期限。"))
        elif any(deadline.due is None for deadline in rows):
            self._note.setText(
                self.tr(
                    "有期限无法计算：所需年份的法定节假日安排尚未公布或尚未导入，系统不作推测。请在安排公布后同步。"
                )
            )
        else:
            self._note.setText("")
        self._note.setVisible(bool(self._note.text()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._title.setText(self.tr("法定期限"))
        self._table.setToolTip(self.tr("双击异议期限可登记异议；双击整改或复查期限可登记责令整改或复查。"))
        self._model.retranslate()
        self._update_note()
