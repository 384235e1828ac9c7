"""The application-wide "what changed" signal: pages decide for themselves whether to reload."""

from __future__ import annotations

import enum
import logging

from PySide6.QtCore import QObject, Signal

logger = logging.getLogger(__name__)


class Change(enum.Flag):
    """What a command changed. Combine with ``|``."""

    CATALOGUE = enum.auto()
    REFERENCE_DATA = enum.auto()  # enterprises, licences, trade items, alerts, tasks, inspectors
    SETTINGS = enum.auto()
    SCANS = enum.auto()  # scan events recorded (field records waiting for upload)


class ChangeBus(QObject):
    """Broadcasts changes to whoever listens; pages never refresh each other directly.

    Signals:
        changed(Change): something was written; emitted on the GUI thread.
    """

    changed = Signal(object)

    def announce(self, changes: Change) -> None:
        """Tell every listener that ``changes`` happened. An empty flag is not broadcast."""
        if not changes:
            return
        logger.debug("changed: %s", changes)
        self.changed.emit(changes)
