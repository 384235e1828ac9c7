"""Image files dropped on a window are scanned: the event filter that makes any widget a drop target."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

logger = logging.getLogger(__name__)


def dropped_files(mime: QMimeData | None) -> list[Path]:
    """The local files among the dragged URLs, in order (folders and remote URLs are left out)."""
    if mime is None or not mime.hasUrls():
        return []
    files: list[Path] = []
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if not path.is_dir():
            files.append(path)
    return files


class ImageDropFilter(QObject):
    """Makes ``target`` accept dropped files and hands them to ``handler`` (which decodes and records them).

    Any local file is accepted: one that is not a readable image is reported with the decoder's reason instead
    of being refused without a word.

    Signals: none.
    """

    def __init__(self, target: QWidget, handler: Callable[[list[Path]], object], parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else target)
        self._handler = handler
        target.setAcceptDrops(True)
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QDragEnterEvent | QDragMoveEvent):
            if dropped_files(event.mimeData()):
                event.acceptProposedAction()
                return True
            return False
        if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
            files = dropped_files(event.mimeData())
            if not files:
                return False
            event.acceptProposedAction()
            logger.info("%d file(s) dropped", len(files))
            self._handler(files)
            return True
        return False
