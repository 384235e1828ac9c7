"""``inspector-app scan-image``: codes and identifications per file, errors per file, the exit status."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy
import pytest
import zxingcpp
from PIL import Image

from inspector_app.cli import scan_image

GTIN = "6901234567892"
GS1_DM_HRI = "(01)06901234567892(17)270630(10)LOT42(21)SN0001"
GS1_DM_TEXT = "01069012345678921727063010LOT42\x1d21SN0001"


def _photo(
    content: str | None, fmt: zxingcpp.BarcodeFormat = zxingcpp.BarcodeFormat.EAN13, **options: object
) -> Image.Image:
    photo = Image.new("RGB", (900, 600), (180, 170, 150))
    if content is not None:
        code = numpy.asarray(zxingcpp.create_barcode(content, fmt, **options).to_image(scale=4))
        label = Image.fromarray(numpy.ascontiguousarray(code))
        if label.height < 40:  # linear codes come out one row high
            label = label.resize((label.width, 120), Image.Resampling.NEAREST)
        photo.paste(label.convert("RGB"), (100, 150))
    return photo


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "ean": tmp_path / "ean13.png",
        "dm": tmp_path / "drug box.jpg",
        "none": tmp_path / "shelf.png",
        "text": tmp_path / "notes.jpg",
        "truncated": tmp_path / "cut.png",
    }
    _photo(GTIN).save(paths["ean"])
    _photo(GS1_DM_HRI, zxingcpp.BarcodeFormat.DataMatrix, gs1=True, force_square=True).save(paths["dm"], quality=90)
    _photo(None).save(paths["none"])
    paths["text"].write_text("这不是图片 not a picture", encoding="utf-8")
    paths["truncated"].write_bytes(paths["ean"].read_bytes()[:2000])
    return paths


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="inspector-app")
    scan_image.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["scan-image", *argv])
    result: int = args.func(args)
    return result


def test_text_report(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    status = _run([str(files["ean"]), str(files["dm"]), str(files["none"])])
    out = capsys.readouterr().out
    assert status == 0
    assert f"文件 file: {files['ean']}" in out
    assert "EAN-13 (ean13) ]E0" in out
    assert "GS1 DataMatrix (gs1_datamatrix) ]d2" in out
    assert "06901234567892" in out
    assert "LOT42" in out
    assert "2027-06-30" in out
    assert "<GS>" in out  # GS shown visibly, not sent raw to the terminal
    assert "\x1d" not in out
    assert out.count("未找到条码 / no code found") == 1


def test_json_report(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    status = _run(["--json", str(files["dm"]), str(files["none"]), str(files["ean"])])
    raw = capsys.readouterr().out
    assert status == 0
    assert "\\u001d" in raw
    report = json.loads(raw)
    assert [entry["file"] for entry in report] == [str(files["dm"]), str(files["none"]), str(files["ean"])]
    dm, none, ean = report
    assert dm["error"] is None
    (code,) = dm["codes"]
    assert code["symbology"] == "gs1_datamatrix"
    assert code["text"] == GS1_DM_TEXT
    assert code["aim_id"] == "]d2"
    identifier = code["identifier"]
    assert identifier["kind"] == "gs1"
    assert identifier["valid"] is True
    assert identifier["identification"]["gtin"] == "06901234567892"
    assert identifier["identification"]["batch"] == "LOT42"
    assert identifier["identification"]["serial"] == "SN0001"
    assert identifier["identification"]["expiry_date"] == "2027-06-30"
    assert none == {"file": str(files["none"]), "codes": [], "error": None}
    assert ean["codes"][0]["identifier"]["kind"] == "gtin"
    assert ean["codes"][0]["identifier"]["identification"]["details"]["prefix_owner"] == "GS1 China"


def test_unreadable_files_give_exit_status_1(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    missing = files["ean"].parent / "missing.png"
    status = _run(["--json", str(files["ean"]), str(files["text"]), str(files["truncated"]), str(missing)])
    raw = capsys.readouterr().out
    assert "不是支持的图像文件" in raw  # ensure_ascii=False: Chinese stays readable
    report = json.loads(raw)
    assert status == 1
    assert report[0]["error"] is None
    assert [entry["codes"] for entry in report[1:]] == [[], [], []]
    errors = [entry["error"] for entry in report[1:]]
    assert "不是支持的图像文件" in errors[0]
    assert "Not a supported image" in errors[0]
    assert "损坏" in errors[1]
    assert "damaged" in errors[1]
    assert "找不到文件" in errors[2]
    assert "File not found" in errors[2]
    assert all(" / " in error for error in errors)


def test_unreadable_file_in_text_report(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    status = _run([str(files["text"]), str(files["none"])])
    out = capsys.readouterr().out
    assert status == 1
    assert "错误 error: 不是支持的图像文件" in out
    assert "未找到条码 / no code found" in out


def test_directory_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["--json", str(tmp_path)]) == 1
    assert "文件夹" in json.loads(capsys.readouterr().out)[0]["error"]


def test_files_are_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _run([])
    assert "FILE" in capsys.readouterr().err


def test_real_command(files: dict[str, Path]) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "inspector_app.cli", "scan-image", "--json", str(files["ean"]), str(files["text"])],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    report = json.loads(completed.stdout)
    assert report[0]["codes"][0]["text"] == GTIN
    assert report[1]["error"]
