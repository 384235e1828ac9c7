"""``inspector-app scans list|export-epcis`` as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from inspector_app.services.scan_service import ScanPlace, ScanService
from inspector_app.services.workspace import open_workspace


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspector_app.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
        check=False,
    )


def test_list_and_export(tmp_path: Path) -> None:
    workspace = open_workspace(tmp_path)
    service = ScanService(workspace.database, device_id="dev")
    service.record_scan("6901234567892", place=ScanPlace("东城区农贸市场"))
    service.record_scan("hello", place=ScanPlace("西城区超市"))
    workspace.close()

    listed = run_cli("scans", "list", "--json", "--place", "农贸", data_dir=tmp_path)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [row["code"] for row in rows] == ["6901234567892"]
    assert rows[0]["outcome"] == "unknown"

    invalid = run_cli("scans", "list", "--outcome", "invalid", data_dir=tmp_path)
    assert "hello" in invalid.stdout
    assert "1 scan(s)" in invalid.stdout

    target = tmp_path / "events.json"
    exported = run_cli("scans", "export-epcis", "-o", str(target), data_dir=tmp_path)
    assert exported.returncode == 0, exported.stderr
    document = json.loads(target.read_text(encoding="utf-8"))
    assert len(document["epcisBody"]["eventList"]) == 2
