"""The store survives a process killed in the middle of writing: nothing committed is lost, nothing half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from inspector_app.services.scan_service import ScanService
from inspector_app.services.workspace import open_workspace
from inspector_app.storage.database import quick_check
from inspector_app.storage.models import ScanEvent

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from inspector_app.services.scan_service import ScanPlace, ScanService
    from inspector_app.services.workspace import open_workspace

    workspace = open_workspace(Path(sys.argv[1]))
    service = ScanService(workspace.database, device_id="crash-test")
    while True:
        result = service.record_scan("6901234567892", place=ScanPlace("市场"))
        # Only after the commit returned is the scan acknowledged to the parent.
        print(result.event_id, flush=True)
    """
)


@pytest.mark.slow
def test_killed_writer_loses_no_acknowledged_scan(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    open_workspace(data_dir).close()
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    acknowledged: list[str] = []
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while len(acknowledged) < 40 and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        acknowledged.append(line.strip())
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    acknowledged.extend(line.strip() for line in process.stdout.read().splitlines() if line.strip())
    process.stdout.close()
    assert len(acknowledged) >= 40, "the writer did not get going"

    database_path = data_dir / "inspector.db"
    quick_check(database_path)
    workspace = open_workspace(data_dir)
    try:
        with workspace.database.session() as session:
            stored = set(session.execute(select(ScanEvent.id)).scalars())
            total = session.execute(select(func.count()).select_from(ScanEvent)).scalar_one()
        assert set(acknowledged) <= stored
        # At most the one scan in flight when the kill came was committed without being acknowledged.
        assert total - len(acknowledged) <= 1
        assert len(stored) == total
        # The store is fully usable afterwards.
        ScanService(workspace.database).record_scan("6901234567892")
    finally:
        workspace.close()
