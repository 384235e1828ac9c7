"""``inspector-app verdict`` as a real process on a real store."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from inspector_app.services.workspace import open_workspace
from inspector_app.storage.models import BlacklistEntry, Enterprise, TradeItem


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "inspector_app.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def make_store(data_dir: Path) -> None:
    workspace = open_workspace(data_dir)
    with workspace.database.session() as session:
        maker = Enterprise(uscc="92140702MA0K2AX62M", name="晋中某食品厂", region_code="140702", credit_class="B")
        session.add(maker)
        session.flush()
        session.add(BlacklistEntry(enterprise_id=maker.id, reason="使用非食用原料", since=dt.date(2025, 1, 1)))
        session.add(TradeItem(gtin="06901234567892", name="散装月饼", enterprise_id=maker.id))
    workspace.close()


def test_verdict_json_for_a_blacklisted_maker(tmp_path: Path) -> None:
    make_store(tmp_path)
    result = run_cli("verdict", "--json", "6901234567892", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    card = json.loads(result.stdout)
    assert card["outcome"] == "red"
    assert card["maker"]["name"] == "晋中某食品厂"
    assert card["findings"][0]["code"] == "blacklisted"
    assert card["identifier"]["kind"] == "gtin"


def test_verdict_text_and_invalid_code(tmp_path: Path) -> None:
    make_store(tmp_path)
    text = run_cli("verdict", "6901234567892", data_dir=tmp_path)
    assert "红色 RED" in text.stdout
    assert "黑名单" in text.stdout
    invalid = run_cli("verdict", "6901234567899", data_dir=tmp_path)
    assert invalid.returncode == 1
    assert "无效 INVALID" in invalid.stdout


def test_verdict_on_a_corrupt_database_says_so(tmp_path: Path) -> None:
    (tmp_path / "inspector.db").write_bytes(b"this is not a database" * 100)
    result = run_cli("verdict", "6901234567892", data_dir=tmp_path)
    assert result.returncode == 2
    assert "损坏" in result.stderr
    assert "damaged" in result.stderr
    assert (tmp_path / "inspector.db").read_bytes() == b"this is not a database" * 100
