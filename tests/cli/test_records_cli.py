"""``inspector-app records`` and ``inspector-app print`` as real processes on the demo workspace."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest

# Every test starts real processes (about two seconds each on the reference laptop).
pytestmark = pytest.mark.slow


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "inspector_app.cli", "--data-dir", str(data_dir), "--demo", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory whose demo workspace was filled by the first ``records list --demo``."""
    directory = tmp_path_factory.mktemp("cli-data")
    first = run_cli("records", "list", data_dir=directory)
    assert first.returncode == 0, first.stderr
    assert "已生成演示抽查记录" in first.stderr
    return directory


@pytest.fixture(scope="module")
def listed(data_dir: Path) -> list[dict[str, Any]]:
    """Every record, as ``records list --json`` gives them (read once for the module)."""
    return _records(data_dir)


def _of_type(records: list[dict[str, Any]], record_type: str) -> list[dict[str, Any]]:
    return [record for record in records if record["type"] == record_type]


def _records(data_dir: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli("records", "list", "--json", *args, data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert isinstance(records, list)
    return records


def _pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(str(path))
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_list_text_names_types_and_verdicts(data_dir: Path) -> None:
    result = run_cli("records", "list", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "已生成" not in result.stderr  # made once, not again
    for words in (
        "抽样单 spot check",
        "证书 certificate",
        "不合格 nonconforming",
        "合格 conforming",
        "抽样未果 failed",
    ):
        assert words in result.stdout
    assert "更正 amendment" in result.stdout and "[已更正 amended]" in result.stdout
    assert "共 14 条 14 record(s)" in result.stdout


def test_list_json_with_type_and_status_filters(data_dir: Path, listed: list[dict[str, Any]]) -> None:
    spot_checks = _records(data_dir, "--type", "spot_check")
    assert spot_checks == _of_type(listed, "spot_check")
    assert len(spot_checks) == 5
    assert {record["type"] for record in spot_checks} == {"spot_check"}
    assert sorted(record["verdict"] for record in spot_checks) == [
        "conforming", "conforming", "failed", "nonconforming", "nonconforming",
    ]  # fmt: skip
    for key in ("id", "type", "status", "product", "verdict"):
        assert key in spot_checks[0]
    assert _records(data_dir, "--status", "draft") == []
    assert len(_of_type(listed, "certificate")) == 4


def test_bad_type_is_a_usage_error(data_dir: Path) -> None:
    result = run_cli("records", "list", "--type", "memo", data_dir=data_dir)
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_show_a_record_with_its_seal_and_related_records(data_dir: Path, listed: list[dict[str, Any]]) -> None:
    spot_check = next(r for r in _of_type(listed, "spot_check") if r["verdict"] == "nonconforming")
    text = run_cli("records", "show", spot_check["id"], data_dir=data_dir)
    assert text.returncode == 0, text.stderr
    assert "一致 intact" in text.stdout and "证书 certificate" in text.stdout
    as_json = run_cli("records", "show", "--json", spot_check["id"], data_dir=data_dir)
    detail = json.loads(as_json.stdout)
    assert detail["hash_matches"] is True
    assert {child["type"] for child in detail["children"]} == {"test_results", "certificate"}
    assert {a["role"] for a in detail["attachments"]} == {
        "signature_inspector_1", "signature_inspector_2", "signature_party",
    }  # fmt: skip
    missing = run_cli("records", "show", "no-such-id", data_dir=data_dir)
    assert missing.returncode == 2 and "No record no-such-id" in missing.stderr


def test_print_certificate_by_spot_check_or_certificate_id(
    data_dir: Path, listed: list[dict[str, Any]], tmp_path: Path
) -> None:
    certificate = _of_type(listed, "certificate")[0]
    by_spot_check = tmp_path / "by-spot-check.pdf"
    result = run_cli("print", "certificate", certificate["spot_check_id"], "--pdf", str(by_spot_check),
                     data_dir=data_dir)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "已写入 written" in result.stdout
    by_id = tmp_path / "by-id.pdf"
    assert run_cli("print", "certificate", certificate["id"], "--pdf", str(by_id), data_dir=data_dir).returncode == 0
    for path in (by_spot_check, by_id):
        text = _pdf_text(path)
        assert certificate["number"] in text and certificate["product"].split()[0] in text
    roll = tmp_path / "roll.pdf"
    assert run_cli("print", "certificate", certificate["id"], "--pdf", str(roll), "--layout", "roll80",
                   data_dir=data_dir).returncode == 0  # fmt: skip
    document = pdfium.PdfDocument(str(roll))
    try:
        width_mm = document[0].get_width() / 72 * 25.4
    finally:
        document.close()
    assert round(width_mm) == 80


def test_print_sampling_form_in_five_copies(data_dir: Path, listed: list[dict[str, Any]], tmp_path: Path) -> None:
    spot_check = next(r for r in _of_type(listed, "spot_check") if r["verdict"] == "conforming")
    target = tmp_path / "form.pdf"
    result = run_cli("print", "sampling-form", spot_check["id"], "--pdf", str(target), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    text = _pdf_text(target)
    for copy in ("第一联", "第二联", "第三联", "第四联", "第五联"):
        assert copy in text
    assert spot_check["number"] in text


def test_print_refuses_what_it_cannot_print(data_dir: Path, listed: list[dict[str, Any]], tmp_path: Path) -> None:
    failed = next(r for r in _of_type(listed, "spot_check") if r["verdict"] == "failed")
    target = tmp_path / "none.pdf"
    no_certificate = run_cli("print", "certificate", failed["id"], "--pdf", str(target), data_dir=data_dir)
    assert no_certificate.returncode == 2 and "尚未出具证书" in no_certificate.stderr
    assert not target.exists()
    folder_missing = tmp_path / "missing-folder" / "out.pdf"
    unwritable = run_cli("print", "sampling-form", failed["id"], "--pdf", str(folder_missing), data_dir=data_dir)
    assert unwritable.returncode == 2 and "无法写入文件" in unwritable.stderr


def test_objection_and_follow_up_are_sealed_records(data_dir: Path, listed: list[dict[str, Any]]) -> None:
    failing = [r for r in _of_type(listed, "spot_check") if r["verdict"] == "nonconforming"]
    assert failing, listed
    spot_check_id = failing[0]["id"]
    objection = run_cli(
        "records", "objection", spot_check_id, "--filed-on", "2026-11-20", "--by", "某某食品有限公司",
        "--reason", "对检验结果有异议，申请复检", "--json", data_dir=data_dir,
    )  # fmt: skip
    assert objection.returncode == 0, objection.stderr
    assert json.loads(objection.stdout)["type"] == "objection"
    follow_up = run_cli(
        "records", "follow-up", spot_check_id, "--kind", "correction_order", "--done-on", "2026-11-21",
        "--document-number", "市监责改〔2026〕12号", data_dir=data_dir,
    )  # fmt: skip
    assert follow_up.returncode == 0, follow_up.stderr
    assert "sealed" in follow_up.stdout
    assert len(_records(data_dir, "--type", "objection")) == len(_of_type(listed, "objection")) + 1
    assert len(_records(data_dir, "--type", "follow_up")) == len(_of_type(listed, "follow_up")) + 1
    refused = run_cli(
        "records", "follow-up", spot_check_id, "--kind", "re_check", "--done-on", "2026-11-22", data_dir=data_dir
    )
    assert refused.returncode != 0
    assert refused.stderr.strip()
