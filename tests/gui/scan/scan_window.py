"""A stand-in main window for the scanning GUI tests and benchmark: scan bar in the toolbar, a form field and a
button as the central widget, the scanner filter ready to install."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QEvent, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QInputMethodEvent, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QPushButton, QToolBar, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from scan_data import CABLE_EAN, add_reference_rows, fixed_clock

from inspector_app.gui.change_bus import ChangeBus
from inspector_app.gui.pages.scan_page import ScanPage
from inspector_app.gui.scan_bar import ScanBar
from inspector_app.gui.scan_session import ScanSession
from inspector_app.gui.scanner_input_filter import ScannerInputFilter
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.gui.translations import Translations
from inspector_app.services.scan_service import ScanService
from inspector_app.services.workspace import open_workspace

#: QTest's key events carry no timestamp, so the filter times them as it handles them; on a loaded test machine
#: the GUI thread can stall for tens of milliseconds (first paint, garbage collection), so the tests allow
#: the scanner a wider gap than the default and type "human" text slower than that.
TEST_MAX_GAP_MS = 80.0
HUMAN_DELAY_MS = 150


class ScanWindow(QMainWindow):
    """A main window as the inspector has it: the scan bar in the toolbar, a form field and a button below."""

    def __init__(self, session: ScanSession, max_gap_ms: float = TEST_MAX_GAP_MS) -> None:
        super().__init__()
        self.scan_bar = ScanBar(session, self)
        toolbar = QToolBar(self)
        toolbar.addWidget(self.scan_bar)
        self.addToolBar(toolbar)
        central = QWidget(self)
        self.other_field = QLineEdit(central)
        self.other_field.setObjectName("otherField")
        self.button = QPushButton("OK", central)
        layout = QVBoxLayout(central)
        layout.addWidget(self.other_field)
        layout.addWidget(self.button)
        self.setCentralWidget(central)
        self.scanner_filter = ScannerInputFilter(self, self.scan_bar, max_gap_ms=max_gap_ms)


def show_active(qtbot: QtBot, window: QWidget) -> None:
    """Show ``window``, make it the active window and let its first paint finish before anything is typed."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitExposed(window)
    qtbot.wait(100)


def focus(qtbot: QtBot, widget: QWidget) -> None:
    """Give ``widget`` the keyboard focus and wait until it has it."""
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` the way a person does: ASCII key by key, Chinese as an input method commits it.

    (QTest can only synthesise key events for ASCII characters.)
    """
    for run_is_ascii, run in _runs(text):
        if run_is_ascii:
            qtbot.keyClicks(widget, run)
        else:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)


def _runs(text: str) -> list[tuple[bool, str]]:
    runs: list[tuple[bool, str]] = []
    for char in text:
        ascii_char = char.isascii()
        if runs and runs[-1][0] == ascii_char:
            runs[-1] = (ascii_char, runs[-1][1] + char)
        else:
            runs.append((ascii_char, char))
    return runs


def drop_files(widget: QWidget, paths: list[Path]) -> bool:
    """Drag ``paths`` over ``widget`` and drop them, as a file manager does; True when the drop was accepted.

    Qt delivers a drop only to the widget that accepted the drag's entry, so both events are sent.
    """
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    position = QPointF(widget.width() / 2, widget.height() / 2)
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    try:  # Qt 6.12 takes the position as QPointF and deprecates the QPoint form older versions require
        enter = QDragEnterEvent(position, Qt.DropAction.CopyAction, mime, buttons, modifiers)
    except TypeError:
        enter = QDragEnterEvent(position.toPoint(), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(position, Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


class KeyboardDevice:
    """Sends key events stamped with a device clock, as a real keyboard or scanner does (QTest's carry none).

    The clock only moves forward, across calls, so events of one test never seem older than earlier ones.
    """

    def __init__(self, start_ms: int = 1_000_000) -> None:
        self.now_ms = start_ms

    def type(self, widget: QWidget, text: str, gap_ms: int) -> None:
        """Press and release each character of ``text`` (\\r is Enter, \\t is Tab), ``gap_ms`` apart."""
        for char in text:
            self.now_ms += gap_ms
            key, char_text = _KEYS.get(char, (0, char))
            if not key:
                key = ord(char.upper()) if char.isascii() else 0
            for event_type in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(event_type, key, Qt.KeyboardModifier.NoModifier, char_text)
                event.setTimestamp(self.now_ms)
                QApplication.sendEvent(widget, event)

    def pause(self, gap_ms: int) -> None:
        """Let ``gap_ms`` pass on the device clock (nothing is typed)."""
        self.now_ms += gap_ms


_KEYS = {"\r": (Qt.Key.Key_Return, "\r"), "\t": (Qt.Key.Key_Tab, "\t")}


def warm_up_scanning(directory: Path) -> None:
    """Run one scan through the whole path (filter, scan bar, session, scan page) in a throwaway store.

    PySide6 builds each Qt enum's Python class on first use (about a millisecond each): the first scan of a
    process touches a hundred of them and stalls the GUI thread for 100–250 ms. Real key events carry their own
    timestamps and are not affected; QTest's carry none, so the filter would see that stall as a pause in the
    scanner's typing. Warming up once per test process keeps the timing tests about the filter, not about
    PySide's start-up.
    """
    workspace = open_workspace(directory)
    add_reference_rows(workspace.database)
    translations = Translations()
    translations.install("zh")
    runner = TaskRunner(ChangeBus(), translations)
    session = ScanSession(ScanService(workspace.database, clock=fixed_clock), runner, translations)
    window = ScanWindow(session)
    page = ScanPage(session)
    window.show()
    page.show()
    window.activateWindow()
    window.scanner_filter.install()
    window.other_field.setFocus()
    QTest.qWait(50)
    QTest.keyClicks(window.other_field, CABLE_EAN, Qt.KeyboardModifier.NoModifier, 2)
    QTest.keyClick(window.other_field, Qt.Key.Key_Return)
    clock = QElapsedTimer()
    clock.start()
    while session.service.count() == 0 and clock.elapsed() < 10_000:
        QTest.qWait(10)
    runner.wait_until_idle()
    QTest.qWait(50)
    window.scanner_filter.uninstall()
    runner.shutdown()
    for widget in (page, window):
        widget.close()
        widget.deleteLater()
    translations.uninstall()
    workspace.close()
