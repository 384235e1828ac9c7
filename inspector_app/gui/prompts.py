"""The one place that opens message boxes, file dialogs and external folders.

Everything else calls these functions through the module (``prompts.show_error(...)``), so tests can replace
them with ``monkeypatch.setattr(prompts, "show_error", ...)`` and never see a real modal dialog.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget

logger = logging.getLogger(__name__)


def _parent(parent: QWidget | None) -> QWidget | None:
    return parent if parent is not None else QApplication.activeWindow()


def show_error(parent: QWidget | None, title: str, message: str, details: str = "") -> None:
    """A modal error message; ``details`` (e.g. a file path) goes into the expandable details area."""
    logger.info("error shown: %s: %s", title, message)
    box = QMessageBox(QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Ok, _parent(parent))
    if details:
        box.setDetailedText(details)
    box.exec()


def show_information(parent: QWidget | None, title: str, message: str) -> None:
    """A modal information message."""
    QMessageBox.information(_parent(parent), title, message)


def show_about(parent: QWidget | None, title: str, text: str) -> None:
    """The about box (rich text)."""
    QMessageBox.about(_parent(parent), title, text)


def choose_image_files(parent: QWidget | None, title: str, name_filter: str) -> list[Path]:
    """Let the inspector pick image files; an empty list when cancelled."""
    names, _selected_filter = QFileDialog.getOpenFileNames(_parent(parent), title, "", name_filter)
    return [Path(name) for name in names]


def open_folder(path: Path) -> bool:
    """Open ``path`` in the system file manager; ``False`` when the desktop refused."""
    opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    if not opened:
        logger.warning("could not open folder %s", path)
    return opened


def choose_open_file(parent: QWidget | None, title: str, name_filter: str) -> Path | None:
    """Let the inspector pick one file to open; ``None`` when cancelled."""
    name, _selected_filter = QFileDialog.getOpenFileName(_parent(parent), title, "", name_filter)
    return Path(name) if name else None


def choose_save_file(parent: QWidget | None, title: str, suggested: Path, name_filter: str) -> Path | None:
    """Let the inspector choose where to save a file, starting at ``suggested``; ``None`` when cancelled."""
    name, _selected_filter = QFileDialog.getSaveFileName(_parent(parent), title, str(suggested), name_filter)
    return Path(name) if name else None


def preview_print(parent: QWidget | None, printer: QPrinter, paint: Callable[[QPrinter], object]) -> bool:
    """Qt's print preview on ``printer``; ``paint(printer)`` draws the pages (for the preview and again for the
    real print). ``True`` when the inspector printed."""
    dialog = QPrintPreviewDialog(printer, _parent(parent))
    dialog.paintRequested.connect(paint)
    return dialog.exec() == QDialog.DialogCode.Accepted
