"""``inspector-app inspector add|set-password|list`` and ``keys …``: the main paths as real processes, the refusals
in-process through ``main`` (quicker), all on real files and a real database."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from inspector_app.cli import main
from inspector_app.security.passwords import verify_password
from inspector_app.services.workspace import DATA_DIR_ENV
from inspector_app.storage.database import DATABASE_FILENAME


def run_cli(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != DATA_DIR_ENV}
    env["PYTHONUTF8"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "inspector_app.cli", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


class InProcess:
    """Runs ``main`` with the given standard input and returns (exit status, stdout, stderr)."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        self._capsys = capsys
        self._monkeypatch = monkeypatch

    def __call__(self, data_dir: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
        self._monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(["--data-dir", str(data_dir), *args])
        captured = self._capsys.readouterr()
        return code, captured.out, captured.err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> InProcess:
    return InProcess(capsys, monkeypatch)


def _password_hash(data_dir: Path, badge: str) -> str:
    connection = sqlite3.connect(data_dir / DATABASE_FILENAME)
    try:
        row = connection.execute(
            "SELECT c.password_hash FROM inspector_credentials c JOIN inspectors i ON i.id = c.inspector_id "
            "WHERE i.badge_number = ?",
            (badge,),
        ).fetchone()
    finally:
        connection.close()
    assert row is not None
    return str(row[0])


@pytest.mark.slow
def test_add_and_list_inspectors_as_processes(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    added = run_cli(
        data_dir,
        "inspector", "add", "--badge", "33030500001", "--name", "谢霞", "--unit", "温州市洞头区市场监督管理局",
        "--role", "admin", "--password-stdin",
        stdin="first pass 一\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "33030500001" in added.stdout and "谢霞" in added.stdout
    assert verify_password("first pass 一", _password_hash(data_dir, "33030500001"))  # only the newline is cut

    listed = run_cli(data_dir, "inspector", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(row["badge_number"], row["name"], row["role"], row["has_password"]) for row in rows] == [
        ("33030500001", "谢霞", "admin", True)
    ]
    assert rows[0]["unit"] == "温州市洞头区市场监督管理局"
    assert all("password_hash" not in row for row in rows)


def test_list_as_text_and_json(tmp_path: Path, cli: InProcess) -> None:
    data_dir = tmp_path / "data"
    assert cli(data_dir, "inspector", "list") == (0, "没有执法人员 no inspectors\n", "")
    assert (
        cli(data_dir, "inspector", "add", "--badge", "B2", "--name", "罗伟", "--password-stdin", stdin="pass-2222")[0]
        == 0
    )
    assert cli(data_dir, "inspector", "add", "--badge", "B1", "--name", "谢霞", "--role", "admin", "--password-stdin",
               stdin="pass-1111\r\n")[0] == 0  # fmt: skip
    assert verify_password("pass-1111", _password_hash(data_dir, "B1"))  # CRLF cut too
    code, out, _err = cli(data_dir, "inspector", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("B1\t谢霞\t管理员 admin\t在职 active\t已设密码 password set")
    assert lines[1].startswith("B2\t罗伟\t执法人员 inspector")
    assert lines[-1].endswith("2 inspector(s)")
    code, out, _err = cli(data_dir, "inspector", "list", "--json")
    assert [row["badge_number"] for row in json.loads(out)] == ["B1", "B2"]


def test_refusals_exit_1_with_both_languages(tmp_path: Path, cli: InProcess) -> None:
    data_dir = tmp_path / "data"
    code, _out, err = cli(
        data_dir, "inspector", "add", "--badge", "B1", "--name", "甲", "--password-stdin", stdin="short\n"
    )
    assert code == 1
    assert "至少需要 8 个字符" in err and "at least 8 characters" in err

    assert (
        cli(data_dir, "inspector", "add", "--badge", "B1", "--name", "甲", "--password-stdin", stdin="12345678")[0] == 0
    )
    code, _out, err = cli(
        data_dir, "inspector", "add", "--badge", "B1", "--name", "乙", "--password-stdin", stdin="87654321\n"
    )
    assert code == 1
    assert "已被使用" in err and "already in use" in err

    code, _out, err = cli(data_dir, "inspector", "add", "--badge", "B2", "--name", "丙", "--password-stdin", stdin="")
    assert code == 1 and "empty" in err

    code, _out, err = cli(data_dir, "inspector", "add", "--badge", "B3", "--name", "丁", stdin="")
    assert code == 1 and "--password-stdin" in err

    code, out, _err = cli(data_dir, "inspector", "list", "--json")
    assert [row["name"] for row in json.loads(out)] == ["甲"]


def test_bad_role_is_a_usage_error(tmp_path: Path, cli: InProcess) -> None:
    with pytest.raises(SystemExit) as raised:
        cli(tmp_path / "data", "inspector", "add", "--badge", "B1", "--name", "甲", "--role", "boss")
    assert raised.value.code == 2


def test_set_password(tmp_path: Path, cli: InProcess) -> None:
    data_dir = tmp_path / "data"
    cli(data_dir, "inspector", "add", "--badge", "B1", "--name", "甲", "--password-stdin", stdin="old-password\n")
    code, out, _err = cli(
        data_dir, "inspector", "set-password", "--badge", "B1", "--password-stdin", stdin="new-password\n"
    )
    assert code == 0 and "B1" in out
    stored = _password_hash(data_dir, "B1")
    assert verify_password("new-password", stored) and not verify_password("old-password", stored)
    code, _out, err = cli(
        data_dir, "inspector", "set-password", "--badge", "NOPE", "--password-stdin", stdin="whatever1\n"
    )
    assert code == 1 and "NOPE" in err


@pytest.mark.slow
def test_keys_move_between_workstations_as_processes(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    shown = run_cli(first, "keys", "show")
    assert shown.returncode == 0, shown.stderr
    key_id = shown.stdout.split("key id:")[1].split()[0]
    assert len(key_id) == 32
    assert (first / "keys" / "device_ed25519.pem").is_file()

    exported = run_cli(first, "keys", "export", str(tmp_path / "first.pub"), "--workstation", "洞头-01")
    assert exported.returncode == 0, exported.stderr
    assert key_id in exported.stdout
    assert "# workstation: 洞头-01" in (tmp_path / "first.pub").read_text(encoding="utf-8")

    imported = run_cli(second, "keys", "import", str(tmp_path / "first.pub"), "--label", "洞头所一号机")
    assert imported.returncode == 0, imported.stderr
    assert key_id in imported.stdout


def test_keys_list_and_revoke(tmp_path: Path, cli: InProcess) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    code, shown, _err = cli(first, "keys", "show")
    assert code == 0
    assert cli(first, "keys", "show")[1] == shown  # created once
    key_id = shown.split("key id:")[1].split()[0]
    assert cli(first, "keys", "export", str(tmp_path / "first.pub"))[0] == 0
    assert cli(second, "keys", "import", str(tmp_path / "first.pub"), "--label", "洞头所一号机")[0] == 0

    rows = json.loads(cli(second, "keys", "list", "--json")[1])
    assert [(row["source"], row["revoked"]) for row in rows] == [("own", False), ("file", False)]
    assert rows[1]["key_id"] == key_id and rows[1]["label"] == "洞头所一号机"

    code, out, _err = cli(second, "keys", "revoke", key_id)
    assert code == 0 and key_id in out
    code, out, _err = cli(second, "keys", "list")
    assert "已撤销 revoked" in out and "2 key(s)" in out

    code, _out, err = cli(second, "keys", "import", str(tmp_path / "first.pub"))
    assert code == 1 and "revoked" in err
    code, _out, err = cli(second, "keys", "revoke", rows[0]["key_id"])
    assert code == 1 and "own key" in err
    code, _out, err = cli(second, "keys", "revoke", "0" * 32)
    assert code == 1 and "0" * 32 in err


def test_import_of_a_bad_file_exits_1(tmp_path: Path, cli: InProcess) -> None:
    bad = tmp_path / "bad.pub"
    bad.write_text("hello\n", encoding="utf-8")
    code, _out, err = cli(tmp_path / "data", "keys", "import", str(bad))
    assert code == 1
    assert "不是有效的公钥文件" in err and "Not a valid public key file" in err


def test_damaged_device_key_is_reported_not_replaced(tmp_path: Path, cli: InProcess) -> None:
    data_dir = tmp_path / "data"
    assert cli(data_dir, "keys", "show")[0] == 0
    key_file = data_dir / "keys" / "device_ed25519.pem"
    key_file.write_bytes(b"garbage")
    code, _out, err = cli(data_dir, "keys", "show")
    assert code == 2
    assert "设备密钥文件已损坏" in err and "damaged" in err
    assert key_file.read_bytes() == b"garbage"
