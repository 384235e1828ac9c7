"""What the status bar shows: which workspace is open, the catalogue in use, HQ enrolment and pending uploads."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector_app.services.workspace import Workspace
from inspector_app.storage.database import BACKUP_DIRNAME
from inspector_app.storage.models import CatalogueEdition, ScanEvent

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WorkspaceInfo:
    """Where the open workspace lives; fixed for the lifetime of the window."""

    is_demo: bool
    data_dir: Path
    database_path: Path
    backups_dir: Path


@dataclass(frozen=True, slots=True)
class WorkstationStatus:
    """A snapshot for the status bar.

    ``hq_enrolled`` is ``False`` until this device has been enrolled with headquarters; this version has no
    enrolment, so it is always ``False`` and every field record counts as a pending upload.
    """

    edition_code: str | None
    edition_name: str | None
    edition_issued_on: dt.date | None
    edition_count: int
    hq_enrolled: bool
    pending_uploads: int


class StatusService:
    """Answers the status bar's questions about the open workspace."""

    def __init__(self, workspace: Workspace, *, is_demo: bool) -> None:
        self._workspace = workspace
        self._info = WorkspaceInfo(
            is_demo=is_demo,
            data_dir=workspace.data_dir,
            database_path=workspace.database.path,
            backups_dir=workspace.database.path.parent / BACKUP_DIRNAME,
        )

    def workspace_info(self) -> WorkspaceInfo:
        """The open workspace's folders (no database access)."""
        return self._info

    def status(self) -> WorkstationStatus:
        """The current status, read in one short transaction."""
        return self._workspace.database.run(self._status)

    @staticmethod
    def _status(session: Session) -> WorkstationStatus:
        editions = session.execute(
            select(CatalogueEdition.code, CatalogueEdition.name, CatalogueEdition.issued_on).order_by(
                CatalogueEdition.issued_on.desc().nulls_last(), CatalogueEdition.imported_at.desc()
            )
        ).all()
        # Nothing is sent anywhere yet, so every recorded scan is still waiting to go to HQ.
        pending = session.scalar(select(func.count()).select_from(ScanEvent)) or 0
        newest = editions[0] if editions else None
        return WorkstationStatus(
            edition_code=newest.code if newest else None,
            edition_name=newest.name if newest else None,
            edition_issued_on=newest.issued_on if newest else None,
            edition_count=len(editions),
            hq_enrolled=False,
            pending_uploads=pending,
        )
