"""The scanning session: where the inspector is, and every scan recorded from any input, in order.

The scan bar, the keyboard-wedge filter, the scan page (image files) and the camera page all hand their codes
to one ``ScanSession``. It records each through the task runner (off the GUI thread, one at a time and in the
order submitted), keeps the session's recent results, and tells the widgets by signal.
"""

from __future__ import annotations

import enum
import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from inspector_app.domain.errors import ImageReadError
from inspector_app.gui.change_bus import Change
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.gui.translations import Translations
from inspector_app.services.certificate_service import looks_like_certificate
from inspector_app.services.scan_service import (
    ImageScanResult,
    ScanPlace,
    ScanResult,
    ScanService,
)

logger = logging.getLogger(__name__)

#: How many of this session's scans the scan page lists.
RECENT_LIMIT = 200


class ScanSource(enum.StrEnum):
    """Where a code came from (shown with the result; the stored event has the symbology)."""

    KEYBOARD = "keyboard"  # typed or scanned into the scan bar
    SCANNER = "scanner"  # a scanner burst caught while another widget had the focus
    IMAGE = "image"
    CAMERA = "camera"


@dataclass(frozen=True, slots=True)
class SessionScan:
    """One recorded scan of this session and where its code came from."""

    result: ScanResult
    source: ScanSource


@dataclass(frozen=True, slots=True)
class ImageFileOutcome:
    """What became of one image file: the recorded codes, or the error that kept it from being read."""

    path: Path
    scan: ImageScanResult | None
    error: ImageReadError | None

    @property
    def found_nothing(self) -> bool:
        """The file was read and holds no code."""
        return self.error is None and self.scan is not None and not self.scan.results


def _scan_image_files(service: ScanService, paths: Sequence[Path], place: ScanPlace) -> list[ImageFileOutcome]:
    """Runs on the worker thread: each file on its own, so one bad file does not stop the others."""
    outcomes = []
    for path in paths:
        try:
            outcomes.append(ImageFileOutcome(path, service.scan_image_file(path, place), None))
        except ImageReadError as error:
            logger.info("image %s not read: %s", path, error.reason)
            outcomes.append(ImageFileOutcome(path, None, error))
    return outcomes


class ScanSession(QObject):
    """The session's place and scans.

    Signals:
        scan_recorded(SessionScan): a scan was judged and stored (GUI thread, in submission order).
        images_scanned(list[ImageFileOutcome]): a batch of image files was decoded (their scans were announced
            one by one through ``scan_recorded`` just before).
        place_changed(ScanPlace): the session's place was set.
        pending_changed(int): how many submitted scans are not recorded yet.
        certificate_scanned(str): a certificate's QR code (``IW1:...``) arrived; it is verified, not recorded.
    """

    scan_recorded = Signal(object)
    images_scanned = Signal(object)
    place_changed = Signal(object)
    pending_changed = Signal(int)
    certificate_scanned = Signal(str)

    def __init__(
        self,
        service: ScanService,
        runner: TaskRunner,
        translations: Translations,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._translations = translations
        self._place = ScanPlace()
        self._recent: list[SessionScan] = []
        self._pending = 0
        self._inspector_id: int | None = None

    # --- state -------------------------------------------------------------------------------------------

    @property
    def service(self) -> ScanService:
        """The scan service (pages run its queries through :attr:`runner`)."""
        return self._service

    @property
    def runner(self) -> TaskRunner:
        """The task runner every call goes through."""
        return self._runner

    @property
    def translations(self) -> Translations:
        """The interface language."""
        return self._translations

    @property
    def language(self) -> str:
        """``"zh"`` or ``"en"``: which of a verdict's two wordings to show."""
        return self._translations.language

    @property
    def place(self) -> ScanPlace:
        """Where the inspector is scanning."""
        return self._place

    @property
    def recent(self) -> list[SessionScan]:
        """This session's scans, newest first (at most ``RECENT_LIMIT``)."""
        return list(self._recent)

    @property
    def pending(self) -> int:
        """Scans submitted and not recorded yet."""
        return self._pending

    def set_inspector(self, inspector_id: int | None) -> None:
        """Record scans from now on under this inspector (the one logged in), or under nobody."""
        self._inspector_id = inspector_id

    def load_saved_place(self) -> None:
        """Take up the place remembered from the last session (in the background)."""
        self._runner.run_query(self._service.saved_place, self._on_saved_place_loaded)

    def set_place(self, place: ScanPlace, *, remember: bool = True) -> None:
        """Scan at ``place`` from now on; ``remember`` it for the next session too."""
        self._place = place
        logger.info("scanning at %s (%s)", place.name or "-", place.place_type or "-")
        self.place_changed.emit(place)
        if remember:
            self._runner.run_command(functools.partial(self._service.save_place, place), changes=Change.SETTINGS)

    # --- scanning ----------------------------------------------------------------------------------------

    def submit(self, code: str, symbology: str | None = None, source: ScanSource = ScanSource.KEYBOARD) -> bool:
        """Judge and record ``code``; the result arrives through ``scan_recorded``. False for blank input."""
        if not code.strip():
            return False
        if looks_like_certificate(code):
            # A certificate is checked for authenticity, not judged as a product code.
            self.certificate_scanned.emit(code.strip())
            return True
        work = functools.partial(self._service.record_scan, code, symbology, self._place, self._inspector_id)
        self._set_pending(self._pending + 1)
        self._runner.run_command(
            work,
            functools.partial(self._on_recorded, source),
            changes=Change.SCANS,
            on_error=self._on_failed,
        )
        return True

    def scan_image_files(self, paths: Sequence[Path]) -> bool:
        """Decode ``paths`` in the background and record every code found. False when there is nothing to do."""
        files = [Path(path) for path in paths]
        if not files:
            return False
        logger.info("scanning %d image file(s)", len(files))
        work = functools.partial(_scan_image_files, self._service, files, self._place)
        self._set_pending(self._pending + 1)
        self._runner.run_command(work, self._on_images_scanned, changes=Change.SCANS, on_error=self._on_failed)
        return True

    # --- results -----------------------------------------------------------------------------------------

    def _remember(self, scan: SessionScan) -> None:
        self._recent.insert(0, scan)
        del self._recent[RECENT_LIMIT:]
        self.scan_recorded.emit(scan)

    def _on_recorded(self, source: ScanSource, result: ScanResult) -> None:
        self._set_pending(self._pending - 1)
        self._remember(SessionScan(result, source))

    def _on_images_scanned(self, outcomes: list[ImageFileOutcome]) -> None:
        self._set_pending(self._pending - 1)
        for outcome in outcomes:
            if outcome.scan is not None:
                for result in outcome.scan.results:
                    self._remember(SessionScan(result, ScanSource.IMAGE))
        self.images_scanned.emit(outcomes)

    def _on_failed(self, _error: BaseException) -> None:
        # The runner has shown the error already; only the count needs fixing.
        self._set_pending(self._pending - 1)

    def _on_saved_place_loaded(self, place: ScanPlace) -> None:
        if place != ScanPlace() and self._place == ScanPlace():
            self.set_place(place, remember=False)

    def _set_pending(self, count: int) -> None:
        self._pending = max(0, count)
        self.pending_changed.emit(self._pending)
