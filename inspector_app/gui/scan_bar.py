"""The scan bar: always ready for a USB scanner or a typed code, with the session's place and the last result."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QStyle, QToolButton, QWidget

from inspector_app.gui import outcome_style
from inspector_app.gui.dialogs.place_dialog import PlaceDialog, place_type_name
from inspector_app.gui.scan_session import ScanSession, ScanSource, SessionScan
from inspector_app.services.scan_service import ScanPlace

logger = logging.getLogger(__name__)

GS = "\x1d"
_SUBMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
# Longest code we accept: a GS1 DataMatrix holds at most a few hundred characters; a runaway input is not a code.
MAX_CODE_LENGTH = 4000


def visible_code(code: str) -> str:
    """``code`` with its GS separators shown as ␝, for labels (Qt draws a control character as nothing)."""
    return code.replace(GS, "\u241d")


class ScanLineEdit(QLineEdit):
    """A line edit that submits on Enter *or* Tab and keeps the GS separator scanners send.

    QLineEdit drops non-printable characters, and Tab would move the focus: a scanner set to end its codes with
    Tab, or a GS1 code with GS (typed as the character 0x1D or as Ctrl+]), would otherwise lose data.

    Signals:
        submitted(str): Enter or Tab with text in the field; the field is cleared and keeps the focus.
    """

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(MAX_CODE_LENGTH)
        # Codes are ASCII; an input method would hold the keys of a scanner in its composition window.
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)

    def event(self, event: QEvent) -> bool:
        # Tab is taken for focus changes before keyPressEvent sees it, so it is caught here.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and self.text()
        ):
            self._submit()
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _SUBMIT_KEYS and self.text():
            self._submit()
            event.accept()
            return
        if is_group_separator(event):
            self.insert(GS)
            event.accept()
            return
        super().keyPressEvent(event)

    def _submit(self) -> None:
        code = self.text()
        self.clear()
        self.submitted.emit(code)


def is_group_separator(event: QKeyEvent) -> bool:
    """Whether a key press means GS: the character 0x1D itself, or Ctrl+] (how a keyboard types it)."""
    if event.text() == GS:
        return True
    modifiers = event.modifiers()
    return event.key() == Qt.Key.Key_BracketRight and bool(modifiers & Qt.KeyboardModifier.ControlModifier)


class ScanBar(QWidget):
    """Line edit + place button + last-result chip, for the main window's toolbar.

    Enter or Tab submits the field to the session. Scanner bursts caught elsewhere in the window arrive through
    :meth:`receive_scan`. The place button opens the place dialog.

    Signals:
        code_submitted(str): a code was handed to the session (typed, or received from the scanner filter).
    """

    code_submitted = Signal(str)

    def __init__(self, session: ScanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ScanBar")
        self._session = session
        self._last: SessionScan | None = None
        self._place_dialog: PlaceDialog | None = None

        self._place_button = QToolButton(self)
        self._place_button.setObjectName("placeButton")
        self._place_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._place_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DirHomeIcon))
        self._line_edit = ScanLineEdit(self)
        self._line_edit.setObjectName("scanEdit")
        self._line_edit.setMinimumWidth(420)
        self._line_edit.setClearButtonEnabled(True)
        self._result_label = QLabel(self)
        self._result_label.setObjectName("resultLabel")
        self._result_label.setMinimumWidth(220)
        self._result_label.setMargin(4)
        self._result_label.setTextFormat(Qt.TextFormat.PlainText)
        self._result_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self._place_button)
        layout.addWidget(self._line_edit, 3)
        layout.addWidget(self._result_label, 2)

        self._line_edit.submitted.connect(self._on_line_submitted)
        self._place_button.clicked.connect(self.open_place_dialog)
        session.scan_recorded.connect(self._on_scan_recorded)
        session.place_changed.connect(self._on_place_changed)
        session.pending_changed.connect(self._on_pending_changed)
        session.translations.language_changed.connect(self._on_language_changed)
        self._retranslate()

    # --- public ------------------------------------------------------------------------------------------

    @property
    def line_edit(self) -> ScanLineEdit:
        """The field codes are typed into (the scanner filter leaves it alone while it has the focus)."""
        return self._line_edit

    @property
    def last_outcome(self) -> str | None:
        """The outcome of the last recorded scan, or None before the first."""
        return self._last.result.card.outcome if self._last is not None else None

    @property
    def place_dialog(self) -> PlaceDialog | None:
        """The place dialog while it is open."""
        return self._place_dialog

    def result_text(self) -> str:
        """What the result chip says."""
        return self._result_label.text()

    def place_text(self) -> str:
        """What the place button says."""
        return self._place_button.text()

    def receive_scan(self, code: str, source: ScanSource = ScanSource.SCANNER) -> None:
        """A scan caught by the scanner filter while another widget had the focus: submit it like a typed one."""
        self._submit(code, source)

    def open_place_dialog(self) -> PlaceDialog:
        """Open the place dialog (window-modal, not blocking); the chosen place is set when it is accepted."""
        if self._place_dialog is not None:
            self._place_dialog.raise_()
            return self._place_dialog
        dialog = PlaceDialog(self._session.place, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._on_place_dialog_accepted)
        dialog.finished.connect(self._on_place_dialog_finished)
        self._place_dialog = dialog
        dialog.open()
        return dialog

    # --- slots -------------------------------------------------------------------------------------------

    def _on_line_submitted(self, code: str) -> None:
        self._submit(code, ScanSource.KEYBOARD)

    def _submit(self, code: str, source: ScanSource) -> None:
        if self._session.submit(code, None, source):
            self.code_submitted.emit(code)
            logger.debug("code submitted from %s (%d characters)", source, len(code))

    def _on_scan_recorded(self, scan: SessionScan) -> None:
        self._last = scan
        self._show_last()

    def _on_pending_changed(self, _count: int) -> None:
        self._show_last()

    def _on_place_changed(self, _place: ScanPlace) -> None:
        self._show_place()

    def _on_place_dialog_accepted(self) -> None:
        if self._place_dialog is not None:
            self._session.set_place(self._place_dialog.place())

    def _on_place_dialog_finished(self, _result: int) -> None:
        self._place_dialog = None
        self._line_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_language_changed(self, _language: str) -> None:
        self._retranslate()

    # --- display -----------------------------------------------------------------------------------------

    def _show_place(self) -> None:
        place = self._session.place
        if place.name:
            kind = place_type_name(place.place_type) if place.place_type else ""
            self._place_button.setText(place.name + (f"（{kind}）" if kind else ""))
            self._place_button.setToolTip(place.address or place.name)
        else:
            self._place_button.setText(self.tr("设置检查地点"))
            self._place_button.setToolTip(self.tr("尚未设置本次检查的地点；扫描仍会记录"))

    def _show_last(self) -> None:
        pending = self._session.pending
        if self._last is None:
            text = self.tr("正在判定…") if pending else self.tr("等待扫描")
            self._result_label.setText(text)
            self._result_label.setStyleSheet("")
            return
        card = self._last.result.card
        language = self._session.language
        item = card.verdict.facts.trade_item
        what = item.name if item is not None else visible_code(card.code)
        text = f"{outcome_style.headline(card.outcome, language)} · {what}"
        if pending:
            text += self.tr("（还有 %n 个在判定）", "", pending)
        self._result_label.setText(text)
        self._result_label.setToolTip(card.verdict.summary(language))
        self._result_label.setStyleSheet(outcome_style.style_sheet(card.outcome) + " border-radius: 4px;")

    def _retranslate(self) -> None:
        self._line_edit.setPlaceholderText(self.tr("扫描或输入条码、许可证号、信用代码，回车确认"))
        self._show_place()
        self._show_last()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
