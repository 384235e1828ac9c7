"""The workspace: the data directory and the local store opened in it.

The data directory is, in order: ``--data-dir``, ``$INSPECTOR_APP_DATA_DIR``, the platform's user data folder
(platformdirs). The demo workspace lives in a ``demo`` sub-folder of it, so it never mixes with real records.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from inspector_app.storage.database import DATABASE_FILENAME, Database, OpenReport, open_database

logger = logging.getLogger(__name__)

DATA_DIR_ENV = "INSPECTOR_APP_DATA_DIR"
APP_NAME = "inspector-app"
DEMO_SUBDIR = "demo"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None, *, demo: bool = False) -> Path:
    """Where this workstation keeps its database and files."""
    if explicit:
        base = Path(explicit)
    elif os.environ.get(DATA_DIR_ENV):
        base = Path(os.environ[DATA_DIR_ENV])
    else:
        base = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    base = base.expanduser()
    return base / DEMO_SUBDIR if demo else base


@dataclass(frozen=True, slots=True)
class Workspace:
    """An opened data directory. Services are built on its ``database``."""

    data_dir: Path
    database: Database

    @property
    def open_report(self) -> OpenReport:
        """What opening did: created, migrated from which revision, backup made."""
        return self.database.report

    @property
    def attachments_dir(self) -> Path:
        """Content-addressed files (photos, signatures) beside the database."""
        return self.data_dir / "attachments"

    def close(self) -> None:
        """Release the database."""
        self.database.close()


def open_workspace(data_dir: Path) -> Workspace:
    """Open (creating if needed) the workspace in ``data_dir``: checks, backs up and migrates the database."""
    logger.info("opening workspace %s", data_dir)
    database = open_database(Path(data_dir) / DATABASE_FILENAME)
    return Workspace(Path(data_dir), database)
