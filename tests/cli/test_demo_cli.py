"""``inspector-app demo``: as a real process, and in-process through ``main`` for the quicker cases."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from inspector_app.cli import main
from inspector_app.services.workspace import DATA_DIR_ENV


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspector_app.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def _count(data_dir: Path, table: str) -> int:
    connection = sqlite3.connect(data_dir / "inspector.db")
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


def test_scale_one_fills_the_workspace_and_says_so(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = _run("--data-dir", str(data_dir), "demo", "--scale", "1")
    assert result.returncode == 0, result.stderr
    assert "商品 trade items:" in result.stdout and "1,000" in result.stdout
    assert "企业 enterprises:" in result.stdout
    assert "用时 took" in result.stdout and "trade items/s" in result.stdout
    assert "1/1" in result.stderr
    assert _count(data_dir, "trade_items") == 1000
    assert _count(data_dir, "enterprises") == 200
    assert _count(data_dir, "rules") > 0

    again = _run("--data-dir", str(data_dir), "demo", "--scale", "1", "--seed", "5")
    assert again.returncode == 1
    assert "空的工作区" in again.stderr and "empty" in again.stderr
    assert str(data_dir) in again.stderr
    assert _count(data_dir, "trade_items") == 1000


def test_seed_and_reference_date_change_the_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["--data-dir", str(first), "demo", "--scale", "1", "--seed", "9"]) == 0
    assert (
        main(["--data-dir", str(second), "demo", "--scale", "1", "--seed", "9", "--reference-date", "2030-01-01"]) == 0
    )
    assert "2030-01-01" in capsys.readouterr().out
    query = "SELECT gtin FROM trade_items ORDER BY id"
    dates = "SELECT max(valid_from) FROM risk_alerts"
    one, two = sqlite3.connect(first / "inspector.db"), sqlite3.connect(second / "inspector.db")
    try:
        assert one.execute(query).fetchall() == two.execute(query).fetchall()
        assert one.execute(dates).fetchone()[0] <= "2026-11-01" < two.execute(dates).fetchone()[0] <= "2030-01-01"
    finally:
        one.close()
        two.close()


def test_demo_flag_writes_into_the_demo_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "base"))
    assert main(["--demo", "demo", "--scale", "1"]) == 0
    assert _count(tmp_path / "base" / "demo", "trade_items") == 1000
    assert not (tmp_path / "base" / "inspector.db").exists()


@pytest.mark.parametrize("scale", ["0", "4001", "many"])
def test_bad_scales_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], scale: str) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--data-dir", str(tmp_path / "data"), "demo", "--scale", scale])
    assert raised.value.code == 2
    assert "--scale" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()
