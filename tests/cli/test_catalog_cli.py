"""``inspector-app catalog import|show`` as a user runs it: a real subprocess on real files and a real database."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from inspector_app.domain.catalogue import catalogue_to_csv, parse_catalogue, parse_catalogue_json
from inspector_app.domain.errors import ImportFileError
from inspector_app.services.workspace import DATA_DIR_ENV
from inspector_app.storage.database import DATABASE_FILENAME

# Each test starts the real command in a subprocess (a few seconds each on a shared machine).
pytestmark = pytest.mark.slow

CATALOGUE_TABLES = ("catalogue_editions", "catalogue_categories", "product_kinds", "inspection_items")


def run_cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != DATA_DIR_ENV}
    env["PYTHONUTF8"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "inspector_app.cli", "--data-dir", str(data_dir), "catalog", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def _kind(code: str, name: str, items: list[dict[str, Any]] | None = None, **flags: Any) -> dict[str, Any]:
    kind: dict[str, Any] = {
        "code": code,
        "name": name,
        "needs_xk": False,
        "needs_ccc": False,
        "needs_sc": False,
        "ccc_code": None,
        "risk_level": "high",
        "sample_quantity": 2,
        "backup_quantity": 2,
        "quantity_unit": "件",
        "standards": [],
        "main_regions": None,
        "inspection_items": items or [],
    }
    kind.update(flags)
    return kind


def catalogue() -> dict[str, Any]:
    item = {
        "code": "AV",
        "name": "酸价",
        "judging_standard": "GB 2716-2018",
        "method_standard": "GB 5009.229-2016",
        "limit": {"op": "le", "value": "3", "unit": "mg/g"},
        "detection_limit": None,
        "criticality": "major",
    }
    return {
        "format": "inspector-catalogue",
        "format_version": 1,
        "edition": {"code": "cli-1", "name": "命令行测试目录", "issued_on": "2023-01-20", "source": "test"},
        "categories": [
            {
                "code": "IND-01",
                "name": "工业生产资料",
                "domain": "industrial",
                "sort_order": 1,
                "product_kinds": [
                    _kind("IND-01-001", "钢丝绳", needs_xk=True),
                    _kind("IND-01-002", "胶合板", needs_xk=True),
                    _kind("IND-01-003", "插头插座", needs_ccc=True, ccc_code="0201"),
                ],
            },
            {
                "code": "FOOD-02",
                "name": "食用油、油脂及其制品",
                "domain": "food",
                "sort_order": 2,
                "product_kinds": [_kind("FOOD-02-001", "食用植物油", [item], needs_sc=True)],
            },
        ],
    }


def write_json(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def dump(data_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every catalogue row, every column, read straight from the database file."""
    path = data_dir / DATABASE_FILENAME
    if not path.exists():
        return {}
    connection = sqlite3.connect(path)
    try:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in CATALOGUE_TABLES
        }
    finally:
        connection.close()


def row_counts(data_dir: Path) -> dict[str, int]:
    return {table: len(rows) for table, rows in dump(data_dir).items()}


def expected_errors(path: Path) -> list[str]:
    """The ``FILE:LINE: reason`` lines the parser itself finds in ``path``."""
    with pytest.raises(ImportFileError) as info:
        parse_catalogue(path.read_text(encoding="utf-8-sig"), path.name)
    return [f"{path}:{e.line}: {e.reason}" for e in sorted(info.value.errors, key=lambda e: e.line)]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "workspace"


def test_import_then_show(data_dir: Path, tmp_path: Path) -> None:
    empty = run_cli(data_dir, "show", "--json")
    assert empty.returncode == 0, empty.stderr
    assert json.loads(empty.stdout) == {"editions": []}

    path = write_json(tmp_path / "catalogue.json", catalogue())
    result = run_cli(data_dir, "import", str(path))
    assert result.returncode == 0, result.stderr
    assert "cli-1" in result.stdout
    assert "新安装 installed" in result.stdout
    assert "产品种类 product kinds: 新增 added 4" in result.stdout
    assert row_counts(data_dir) == {
        "catalogue_editions": 1,
        "catalogue_categories": 2,
        "product_kinds": 4,
        "inspection_items": 1,
    }

    shown = run_cli(data_dir, "show", "--kinds")
    assert shown.returncode == 0, shown.stderr
    assert "cli-1  命令行测试目录" in shown.stdout
    assert "IND-01  工业生产资料  [industrial]  3 种 kinds, 0 项 items" in shown.stdout
    assert "FOOD-02  食用油、油脂及其制品  [food]  1 种 kinds, 1 项 items" in shown.stdout
    lines = {line.split()[0]: line for line in shown.stdout.splitlines() if line.startswith("      ")}
    assert lines["IND-01-001"].split()[1:3] == ["XK", "-"]
    assert "CCC:0201" in lines["IND-01-003"]
    assert lines["FOOD-02-001"].split()[1:4] == ["-", "-", "SC"]

    as_json = run_cli(data_dir, "show", "--json", "--kinds")
    assert as_json.returncode == 0, as_json.stderr
    (edition,) = json.loads(as_json.stdout)["editions"]
    assert (edition["code"], edition["product_kinds_count"], edition["inspection_items_count"]) == ("cli-1", 4, 1)
    assert [d["domain"] for d in edition["domains"]] == ["industrial", "food"]
    plug = edition["categories"][0]["kinds"][2]
    assert (plug["code"], plug["needs_ccc"], plug["ccc_code"]) == ("IND-01-003", True, "0201")

    missing = run_cli(data_dir, "show", "--edition", "no-such")
    assert missing.returncode == 1
    assert "no-such" in missing.stderr


def test_a_bad_csv_reports_every_bad_line_and_imports_nothing(data_dir: Path, tmp_path: Path) -> None:
    good = write_json(tmp_path / "good.json", catalogue())
    assert run_cli(data_dir, "import", str(good)).returncode == 0
    before = dump(data_dir)

    spec = parse_catalogue_json(good.read_text(encoding="utf-8"))
    lines = catalogue_to_csv(spec).splitlines()
    header = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:]]
    rows[0][header.index("kind_name")] = "钢丝绳（新名称）"  # a valid change, which must not be written either
    rows[1][header.index("sample_quantity")] = "zero"  # line 3
    rows[2][header.index("ccc_code")] = "02011"  # line 4
    rows[3][header.index("domain")] = "cosmetics"  # line 5
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([lines[0], *(",".join(row) for row in rows)]) + "\n", encoding="utf-8")

    result = run_cli(data_dir, "import", str(bad))
    assert result.returncode == 1
    reported = [line for line in result.stderr.splitlines() if line.startswith(f"{bad}:")]
    assert reported == expected_errors(bad)
    assert {int(line.split(":")[1]) for line in reported} == {3, 4, 5}
    assert "未导入任何数据" in result.stderr
    assert "nothing was imported" in result.stderr
    assert result.stdout == ""
    assert dump(data_dir) == before


def test_a_bad_json_reports_every_bad_line_and_imports_nothing(data_dir: Path, tmp_path: Path) -> None:
    document = catalogue()
    kinds = document["categories"][0]["product_kinds"]
    kinds[0]["sample_quantity"] = -1
    kinds[1]["risk_level"] = "extreme"
    kinds[2]["code"] = "IND-01-001"  # duplicate kind code
    document["categories"][1]["product_kinds"][0]["inspection_items"][0]["limit"] = {
        "op": "range",
        "low": "5",
        "high": "1",
    }
    bad = write_json(tmp_path / "bad.json", document)

    result = run_cli(data_dir, "import", str(bad))
    assert result.returncode == 1
    reported = [line for line in result.stderr.splitlines() if line.startswith(f"{bad}:")]
    expected = expected_errors(bad)
    assert reported == expected
    assert len({line.split(":")[1] for line in reported}) >= 4  # four different objects, four different lines
    assert row_counts(data_dir) == dict.fromkeys(CATALOGUE_TABLES, 0)


def test_reimporting_the_same_file_changes_nothing(data_dir: Path, tmp_path: Path) -> None:
    path = write_json(tmp_path / "catalogue.json", catalogue())
    assert run_cli(data_dir, "import", str(path)).returncode == 0
    before = dump(data_dir)
    again = run_cli(data_dir, "import", str(path))
    assert again.returncode == 0, again.stderr
    assert "无变化 unchanged" in again.stdout
    assert "未变 unchanged 4" in again.stdout
    assert dump(data_dir) == before


def test_updating_an_edition_keeps_trade_item_references_valid(data_dir: Path, tmp_path: Path) -> None:
    assert run_cli(data_dir, "import", str(write_json(tmp_path / "v1.json", catalogue()))).returncode == 0
    connection = sqlite3.connect(data_dir / DATABASE_FILENAME)
    try:
        with connection:
            kind_ids = dict(connection.execute("SELECT code, id FROM product_kinds").fetchall())
            connection.executemany(
                "INSERT INTO trade_items (gtin, name, brand, specification, product_kind_id, hq_seq) "
                "VALUES (?, ?, '', '', ?, 0)",
                [
                    ("06901234567892", "钢丝绳 6x19", kind_ids["IND-01-001"]),
                    ("06901234567885", "胶合板 1220x2440", kind_ids["IND-01-002"]),
                ],
            )
    finally:
        connection.close()

    version2 = catalogue()
    version2["edition"]["name"] = "命令行测试目录（第二版）"
    kinds = version2["categories"][0]["product_kinds"]
    kinds[0]["name"] = "钢丝绳（含镀锌）"
    del kinds[1]  # 胶合板 leaves the file, but a trade item still refers to it
    del kinds[1]  # 插头插座 leaves the file, nothing refers to it
    result = run_cli(data_dir, "import", str(write_json(tmp_path / "v2.json", version2)))
    assert result.returncode == 0, result.stderr
    assert "已更新 updated" in result.stdout
    assert "IND-01/IND-01-002 胶合板 — trade_items 1" in result.stdout

    connection = sqlite3.connect(data_dir / DATABASE_FILENAME)
    try:
        rows = connection.execute(
            "SELECT t.gtin, k.id, k.code, k.name FROM trade_items t JOIN product_kinds k ON k.id = t.product_kind_id "
            "ORDER BY t.gtin"
        ).fetchall()
        assert rows == [
            ("06901234567885", kind_ids["IND-01-002"], "IND-01-002", "胶合板"),
            ("06901234567892", kind_ids["IND-01-001"], "IND-01-001", "钢丝绳（含镀锌）"),
        ]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        codes = {row[0] for row in connection.execute("SELECT code FROM product_kinds")}
        assert codes == {"IND-01-001", "IND-01-002", "FOOD-02-001"}
    finally:
        connection.close()


@pytest.mark.parametrize("problem", ["missing", "directory", "not_utf8"])
def test_an_unreadable_file_is_a_clear_error(data_dir: Path, tmp_path: Path, problem: str) -> None:
    path = tmp_path / "catalogue.csv"
    if problem == "directory":
        path.mkdir()
    elif problem == "not_utf8":
        path.write_bytes("edition_code,edition_name\n质量安全监管,目录\n".encode("gb18030"))
    result = run_cli(data_dir, "import", str(path))
    assert result.returncode == 1
    assert result.stderr.startswith("错误 error: ")
    assert str(path) in result.stderr
    assert "Traceback" not in result.stderr
    assert row_counts(data_dir) == dict.fromkeys(CATALOGUE_TABLES, 0)
