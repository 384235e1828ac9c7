"""Starting and opening spot checks from anywhere in the window: the records page, the home page, the scan card.

Every path needs the inspector who is logged in (``PageContext.sessions``): a new draft names them as its first
sampler. New drafts are made off the GUI thread (``SpotCheckService.start_from_scratch`` / ``start_from_task`` /
``start_from_scan``) and then opened in the spot-check window (``open_spot_check``).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from inspector_app.gui.spot_check.spot_check_context import RECORD_CHANGES
from inspector_app.gui.spot_check.spot_check_window import open_spot_check
from inspector_app.services.identity_service import InspectorSession
from inspector_app.services.scan_service import VerdictCard
from inspector_app.services.spot_check_service import SpotCheckView

if TYPE_CHECKING:
    from inspector_app.gui.page_context import PageContext

logger = logging.getLogger(__name__)

#: ``opener(context, record_id, session)``: shows the spot-check window for a record and returns it; by default
#: ``open_spot_check`` (editor, sealing, results, certificate, history).
Opener = Callable[["PageContext", str, InspectorSession], QWidget]


class SpotCheckLauncher(QObject):
    """Opens spot-check windows and starts new drafts for the inspector logged in.

    Signals:
        window_opened(object): a spot-check window was opened (the widget).
        draft_started(object): a new draft was made (its ``SpotCheckView``), just before its window opens.
    """

    window_opened = Signal(object)
    draft_started = Signal(object)

    def __init__(self, context: PageContext, parent: QObject | None = None, *, opener: Opener | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._opener: Opener = opener or open_spot_check
        self._windows: list[QWidget] = []

    @property
    def session(self) -> InspectorSession | None:
        """The inspector logged in, or None."""
        return self._context.sessions.session

    @property
    def windows(self) -> list[QWidget]:
        """The spot-check windows this launcher opened that still exist."""
        self._windows = [window for window in self._windows if shiboken6.isValid(window)]
        return list(self._windows)

    def open_record(self, record_id: str) -> QWidget | None:
        """Open the spot-check window of ``record_id`` (a spot check, or any record of one); None when nobody is
        logged in."""
        session = self.session
        if session is None:
            logger.warning("no inspector logged in: record %s not opened", record_id)
            return None
        window = self._opener(self._context, record_id, session)
        # Holding the window keeps a parentless one from being collected while it is on screen.
        self._windows = [*self.windows, window]
        logger.info("spot check %s opened", record_id)
        self.window_opened.emit(window)
        return window

    def start_new(self, task_code: str | None = None) -> bool:
        """Make a new draft (for ``task_code``, or from scratch) and open it. False when nobody is logged in."""
        session = self.session
        if session is None:
            return False
        service = self._context.services.spot_check
        work: Callable[[], Any]
        if task_code:
            work = functools.partial(service.start_from_task, task_code, session)
        else:
            work = functools.partial(service.start_from_scratch, session)
        self._context.runner.run_command(work, self._on_draft_started, changes=RECORD_CHANGES)
        return True

    def start_from_scan(self, card: VerdictCard) -> bool:
        """Make a new draft for the scanned item (GTIN, maker, batch and dates filled in) and open it. False when
        nobody is logged in."""
        session = self.session
        if session is None:
            return False
        work = functools.partial(self._context.services.spot_check.start_from_scan, card, session)
        self._context.runner.run_command(work, self._on_draft_started, changes=RECORD_CHANGES)
        return True

    def _on_draft_started(self, view: SpotCheckView) -> None:
        logger.info("draft %s started", view.id)
        self.draft_started.emit(view)
        self.open_record(view.id)
