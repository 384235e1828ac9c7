"""A date field that may be empty: many dates of a sampling form (production date, expiry) are often unknown.

``QDateEdit`` always holds a date. Here its minimum date stands for "no date" and shows as blank; the calendar of
an empty field opens on today rather than on that minimum, and a clear button empties the field again.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QDate, QEvent, QObject, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QToolButton, QWidget

logger = logging.getLogger(__name__)

_EMPTY = QDate(1900, 1, 1)


class OptionalDateEdit(QWidget):
    """A ``QDateEdit`` (with its calendar) and a clear button; :meth:`date_value` is None when empty.

    Signals:
        date_changed(): the date was set, changed or cleared.
    """

    date_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._edit = QDateEdit(self)
        self._edit.setObjectName("dateEdit")
        self._edit.setCalendarPopup(True)
        self._edit.setDisplayFormat("yyyy-MM-dd")
        self._edit.setMinimumDate(_EMPTY)
        self._edit.setSpecialValueText(" ")  # shown for the minimum date: an empty field
        self._edit.setDate(_EMPTY)
        self._clear_button = QToolButton(self)
        self._clear_button.setObjectName("clearDateButton")
        self._clear_button.setText("✕")
        self._clear_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._edit, 1)
        layout.addWidget(self._clear_button)
        self.setFocusProxy(self._edit)
        self._edit.calendarWidget().installEventFilter(self)
        self._edit.dateChanged.connect(self._on_date_changed)
        self._clear_button.clicked.connect(self.clear)
        self._retranslate()
        self._update_clear_button()

    def date_value(self) -> dt.date | None:
        """The date, or None when the field is empty."""
        value = self._edit.date()
        if value == _EMPTY:
            return None
        return dt.date(value.year(), value.month(), value.day())

    def set_date_value(self, value: dt.date | None) -> None:
        """Show ``value`` (None empties the field)."""
        self._edit.setDate(QDate(value.year, value.month, value.day) if value is not None else _EMPTY)

    def clear(self) -> None:
        """Empty the field."""
        self._edit.setDate(_EMPTY)

    def set_read_only(self, read_only: bool) -> None:
        """A read-only field shows its date and cannot be changed or cleared."""
        self._edit.setReadOnly(read_only)
        self._edit.setCalendarPopup(not read_only)
        self._clear_button.setVisible(not read_only)

    def is_read_only(self) -> bool:
        """Whether the date cannot be changed."""
        return self._edit.isReadOnly()

    @property
    def date_edit(self) -> QDateEdit:
        """The inner date editor (for styling and focus)."""
        return self._edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # An empty field's calendar would open in January 1900: show the current month instead.
        if event.type() == QEvent.Type.Show and self.date_value() is None:
            today = QDate.currentDate()
            self._edit.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _on_date_changed(self, _date: QDate) -> None:
        self._update_clear_button()
        self.date_changed.emit()

    def _update_clear_button(self) -> None:
        self._clear_button.setEnabled(self.date_value() is not None)

    def _retranslate(self) -> None:
        self._clear_button.setToolTip(self.tr("清除日期"))
