"""``inspector-app enroll|sync|export-bundle|import-reference-bundle`` without HQ: one real process, the rest
in-process (each process start costs seconds of imports)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inspector_app.cli import main
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.scan_service import ScanService
from inspector_app.services.workspace import open_workspace
from inspector_app.storage.models import TrustedKey
from inspector_app.sync.bundle import read_bundle, write_reference_bundle
from inspector_app.sync.protocol import ReferenceChange, ReferenceOp, ReferenceTable

NOW = dt.datetime(2026, 11, 20, 8, 30, tzinfo=dt.UTC)


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspector_app.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
        check=False,
    )


def cli(capsys: pytest.CaptureFixture[str], *args: str, data_dir: Path) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_sync_before_enrolment_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    synced = run_cli("sync", "--json", data_dir=tmp_path)
    status_code, status, _ = cli(capsys, "sync", "--status", "--json", data_dir=tmp_path)
    plain_code, plain, _ = cli(capsys, "sync", data_dir=tmp_path)

    assert synced.returncode == 1
    report = json.loads(synced.stdout)
    assert report["outcome"] == "not_enrolled"
    assert "not enrolled" in report["failures"][0]["message_en"]
    assert status_code == 0
    assert json.loads(status)["enrolled"] is False
    assert plain_code == 1
    assert "未登记" in plain


def test_enrol_with_a_malformed_code_or_url_fails_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code_status, _, code_err = cli(capsys, "enroll", "--hq", "http://127.0.0.1:9", "--code", "abc", data_dir=tmp_path)
    url_status, _, url_err = cli(
        capsys, "enroll", "--hq", "ftp://hq", "--code", "7K3Q-9XJD-M2PA-H4TB", data_dir=tmp_path
    )

    assert code_status == 1
    assert "登记码格式不对" in code_err
    assert url_status == 1
    assert "http://" in url_err


def test_export_bundle_then_import_reference_bundle_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "data"
    workspace = open_workspace(data_dir)
    keys = DeviceKeys.load_or_create(data_dir)
    ScanService(workspace.database, device_id=keys.key_id).record_scan("06901234567892")
    hq = DeviceKeys.load_or_create(tmp_path / "hq")
    with workspace.database.session() as session:
        session.add(TrustedKey(key_id=hq.key_id, public_key=hq.public_key_b64, source="hq", added_at=NOW))
    workspace.close()
    change = ReferenceChange(
        seq=3,
        table=ReferenceTable.TRADE_ITEMS,
        key="06901234567892",
        op=ReferenceOp.UPSERT,
        row={"gtin": "06901234567892", "name": "示例饮料"},
    )
    reference = write_reference_bundle(tmp_path / "ref.iwref", [change], hq, since=0, created_at=NOW).path

    exported = cli(capsys, "export-bundle", str(tmp_path / "out.iwbundle"), data_dir=data_dir)
    preview = cli(capsys, "import-reference-bundle", str(reference), "--preview", data_dir=data_dir)
    first = cli(capsys, "import-reference-bundle", str(reference), data_dir=data_dir)
    second = cli(capsys, "import-reference-bundle", str(reference), data_dir=data_dir)
    garbage = tmp_path / "garbage.iwref"
    garbage.write_bytes(b"not a bundle")
    refused = cli(capsys, "import-reference-bundle", str(garbage), data_dir=data_dir)

    assert exported[0] == 0, exported[2]
    assert len(read_bundle(tmp_path / "out.iwbundle", {keys.key_id: keys.public_key_raw}).records) == 1
    assert preview[0] == 0, preview[2]
    assert "新 new 1" in preview[1]
    assert "已导入 imported: 1" in first[1]
    assert "已导入 imported: 0" in second[1]
    assert refused[0] == 1
    assert "不是工作站数据包" in refused[2]
