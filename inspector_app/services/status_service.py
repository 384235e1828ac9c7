"""What the status bar shows: which workspace is open, the catalogue in use, HQ enrolment and pending uploads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector_app.services.sync_service import SyncService
from inspector_app.services.workspace import Workspace
from inspector_app.storage.database import BACKUP_DIRNAME
from inspector_app.storage.models import CatalogueEdition, OutboxEntry

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

    ``pending_uploads`` counts the outbox rows not yet acknowledged by headquarters; ``hq_enrolled`` and
    ``last_sync_at`` come from the sync service when one is given.
    """

    edition_code: str | None
    edition_name: str | None
    edition_issued_on: dt.date | None
    edition_count: int
    hq_enrolled: bool
    pending_uploads: int
    last_sync_at: dt.datetime | None = None
    clock_skew_seconds: float | None = None


class StatusService:
    """Answers the status bar's questions about the open workspace."""

    def __init__(self, workspace: Workspace, *, is_demo: bool, sync: SyncService | None = None) -> None:
        self._sync = sync
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
        """The current status: catalogue and outbox in one short transaction, then the sync state."""
        status = self._workspace.database.run(self._status)
        if self._sync is None:
            return status
        sync = self._sync.status()
        return dataclasses.replace(
            status,
            hq_enrolled=sync.enrolled,
            pending_uploads=sync.pending,
            last_sync_at=sync.last_sync_at,
            clock_skew_seconds=sync.clock_skew_seconds,
        )

    @staticmethod
    def _status(session: Session) -> WorkstationStatus:
        editions = session.execute(
            select(CatalogueEdition.code, CatalogueEdition.name, CatalogueEdition.issued_on).order_by(
                CatalogueEdition.issued_on.desc().nulls_last(), CatalogueEdition.imported_at.desc()
            )
        ).all()
        pending = (
            session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.sent_at.is_(None))) or 0
        )
        newest = editions[0] if editions else None
        return WorkstationStatus(
            edition_code=newest.code if newest else None,
            edition_name=newest.name if newest else None,
            edition_issued_on=newest.issued_on if newest else None,
            edition_count=len(editions),
            hq_enrolled=False,
            pending_uploads=pending,
        )
