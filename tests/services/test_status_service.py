"""StatusService on real SQLite workspaces: what the status bar is told."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from inspector_app.services.scan_service import ScanService
from inspector_app.services.status_service import StatusService
from inspector_app.services.workspace import Workspace
from inspector_app.storage.models import CatalogueEdition, OutboxEntry


def test_empty_workspace(workspace: Workspace) -> None:
    service = StatusService(workspace, is_demo=False)
    status = service.status()
    assert (status.edition_code, status.edition_name, status.edition_count) == (None, None, 0)
    assert status.hq_enrolled is False
    assert status.pending_uploads == 0
    info = service.workspace_info()
    assert info.is_demo is False
    assert info.data_dir == workspace.data_dir
    assert info.database_path == workspace.data_dir / "inspector.db"
    assert info.backups_dir == workspace.data_dir / "backups"


def test_newest_edition_and_pending_uploads(small_catalogue: Workspace) -> None:
    with small_catalogue.database.session() as session:
        session.add(CatalogueEdition(code="old-2019", name="旧目录", issued_on=dt.date(2019, 1, 1),
                                     imported_at=dt.datetime(2024, 5, 1)))  # fmt: skip
    scans = ScanService(small_catalogue.database, device_id="dev")
    sent = scans.record_scan("6901234567892")
    scans.record_scan("6901234567892")
    scans.record_scan("hello")
    with small_catalogue.database.session() as session:
        entry = session.execute(select(OutboxEntry).where(OutboxEntry.record_id == sent.event_id)).scalar_one()
        entry.sent_at = dt.datetime(2026, 2, 1)
    status = StatusService(small_catalogue, is_demo=True).status()
    assert (status.edition_code, status.edition_issued_on) == ("test-2023", dt.date(2023, 6, 1))
    assert status.edition_name == "测试目录（2023年版）"
    assert status.edition_count == 2
    assert status.pending_uploads == 2
    assert status.hq_enrolled is False
    assert StatusService(small_catalogue, is_demo=True).workspace_info().is_demo is True
