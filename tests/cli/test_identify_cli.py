"""``inspector-app identify``: through its own parser, and once as a real process."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from inspector_app.cli import identify


def run_identify(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="inspector-app")
    subparsers = parser.add_subparsers(dest="command")
    identify.add_parser(subparsers)
    args = parser.parse_args(["identify", *argv])
    status = args.func(args)
    return status, capsys.readouterr().out


def test_valid_gtin_prints_chinese_labels_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run_identify(capsys, "6901234567892")
    assert status == 0
    assert "类型 kind: gtin" in out
    assert "有效 valid: 是 yes" in out
    assert "商品条码 GTIN: 06901234567892" in out
    assert "前缀归属 prefix owner: GS1 China" in out


def test_invalid_code_prints_the_error_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run_identify(capsys, "91110108551385082R")
    assert status == 1
    assert "类型 kind: uscc" in out
    assert "有效 valid: 否 no" in out
    assert "错误代码 error_code: check_digit" in out
    assert "校验码错误" in out and "check character is wrong" in out


def test_json_output_for_a_gs1_string(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run_identify(capsys, "--json", "]C1010690123456789217251200\x1d10批号")
    assert status == 1  # 批号 is not in GS1 character set 82
    data = json.loads(out)
    assert data["kind"] == "gs1" and data["valid"] is False
    assert data["error_code"] == "bad_value"
    assert data["fields"] == {}
    status, out = run_identify(capsys, "--json", "]C101069012345678921725120010ABC")
    data = json.loads(out)
    assert status == 0
    assert data == {
        "input": "]C101069012345678921725120010ABC",
        "kind": "gs1",
        "valid": True,
        "fields": data["fields"],
        "error": None,
        "error_code": None,
    }
    fields = data["fields"]
    assert fields["gtin"] == "06901234567892"
    assert fields["batch"] == "ABC"
    assert fields["expiry_date"] == "2025-12-31"
    assert fields["prefix_owner"] == "GS1 China"
    assert fields["symbology"] == "]C1"
    assert fields["ai_17"] == "251200"


def test_json_output_keeps_chinese_unescaped(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run_identify(capsys, "--json", "92140702MA0K2AX62M")
    assert status == 0
    assert "个体工商户" in out
    fields = json.loads(out)["fields"]
    assert fields["uscc"] == "92140702MA0K2AX62M"
    assert fields["org_code"] == "MA0K2AX6-2"
    assert fields["region_code"] == "140702"


def test_separate_symbology_option(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run_identify(capsys, "--json", "--symbology", "]d2", "01069012345678921725123110ABC")
    assert status == 0
    assert json.loads(out)["fields"]["symbology"] == "]d2"


def test_control_characters_are_shown_visibly(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run_identify(capsys, "0106901234567892\x1d10AB")
    assert status == 0
    assert "输入 input: 0106901234567892<GS>10AB" in out
    assert "\x1d" not in out


def test_unknown_code(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run_identify(capsys, "--json", "hello")
    assert status == 1
    data = json.loads(out)
    assert (data["kind"], data["error_code"]) == ("unknown", "unrecognised")
    assert "not a recognised code" in data["error"].lower()


def test_real_process() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "inspector_app.cli", "identify", "--json", "（01）06901234567892（10）ABC"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    assert data["input"] == "（01）06901234567892（10）ABC"
    assert (data["kind"], data["fields"]["batch"]) == ("gs1", "ABC")
    failed = subprocess.run(
        [sys.executable, "-m", "inspector_app.cli", "identify", "6901234567893"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert failed.returncode == 1
    assert "错误代码 error_code: check_digit" in failed.stdout
