"""The running GUI: the Qt application object and what hangs off it (translations, task runner, main window)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QStyle

from inspector_app import __version__
from inspector_app.gui import prompts
from inspector_app.gui.change_bus import Change, ChangeBus
from inspector_app.gui.main_window import MainWindow
from inspector_app.gui.page_context import GuiServices, PageContext
from inspector_app.gui.pages.camera_page import CameraPage
from inspector_app.gui.scan_session import ScanSession
from inspector_app.gui.session_controller import SessionController
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.gui.translations import Translations
from inspector_app.services.identity_service import InspectorSession

logger = logging.getLogger(__name__)

APPLICATION_NAME = "inspector-app"
# Families that carry Simplified Chinese glyphs, in order of preference; the first one installed is used.
_CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei")


def qt_application(argv: Sequence[str] | None = None) -> QApplication:
    """The process's ``QApplication``: the existing one (tests) or a new one set up for the workstation."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationName(APPLICATION_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView))
    _prefer_cjk_font(app)
    return app


def _prefer_cjk_font(app: QApplication) -> None:
    """Put a Chinese-capable family first, so Chinese never falls back glyph by glyph to odd-looking fonts."""
    installed = set(QFontDatabase.families())
    for family in _CJK_FAMILIES:
        if family in installed:
            font = QFont(app.font())
            font.setFamilies([family, *font.families()])
            app.setFont(font)
            logger.debug("interface font: %s", family)
            return


def report_unusable_workspace(message: str, details: str) -> None:
    """Tell the inspector why the workstation cannot start (before any window exists)."""
    prompts.show_error(None, QCoreApplication.translate("Application", "无法打开工作区"), message, details)


class Application(QObject):
    """Owns the GUI's long-lived objects and wires them together.

    ``startup`` (optional) is a command run in the background as soon as the window shows — installing the
    catalogue and demo data on first use — whose completion is announced as a catalogue and reference-data
    change, so pages reload by themselves.

    :meth:`show` asks for the inspector's login (``sessions``); the pages show once someone is logged in, and
    cancelling that first login closes the window.

    Signals: none.
    """

    def __init__(
        self,
        services: GuiServices,
        translations: Translations,
        startup: Callable[[], object] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.translations = translations
        self.change_bus = ChangeBus(self)
        self.runner = TaskRunner(self.change_bus, translations, self)
        if startup is not None:
            # Queued before any page asks for data: the single worker runs calls in order, so pages read
            # the installed catalogue rather than an empty store.
            self.runner.run_command(startup, changes=Change.CATALOGUE | Change.REFERENCE_DATA)
        self.scan_session = ScanSession(services.scan, self.runner, translations, self)
        self.scan_session.load_saved_place()
        self.sessions = SessionController(
            services.identity,
            services.settings,
            self.runner,
            demo=services.status.workspace_info().is_demo,
            parent=self,
        )
        context = PageContext(services, self.runner, self.change_bus, translations, self.scan_session, self.sessions)
        self.main_window = MainWindow(context)
        self.main_window.scanner_filter.install()
        self.sessions.session_changed.connect(self._on_session_changed)
        self.sessions.login_cancelled.connect(self.main_window.close)

    def show(self) -> None:
        """Show the main window and ask who is logging in."""
        self.main_window.show()
        self.sessions.start(self.main_window)

    def shutdown(self) -> None:
        """Wait for the running background call, then release the window."""
        self.sessions.shutdown()
        self.main_window.scanner_filter.uninstall()
        camera = self.main_window.page("camera") if "camera" in self.main_window.page_keys() else None
        if isinstance(camera, CameraPage):
            camera.shutdown()  # its decoding thread must end before the window goes
        self.runner.shutdown()
        self.main_window.close()
        self.main_window.deleteLater()

    def _on_session_changed(self, session: InspectorSession | None) -> None:
        # Scans name the inspector who made them.
        self.scan_session.set_inspector(session.inspector_id if session is not None else None)
