"""CatalogueService on real files and a real SQLite store: import, refusal of bad files, installed summaries."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, text

from inspector_app.domain.catalogue import catalogue_to_csv, parse_catalogue, parse_catalogue_json
from inspector_app.domain.errors import (
    FileReadError,
    ImportFileError,
    NotFoundError,
    StorageError,
    StorageProblem,
)
from inspector_app.resources import RESOURCES_ENV
from inspector_app.services import catalogue_service
from inspector_app.services.catalogue_service import (
    CatalogueService,
    ChangeCounts,
    ImportReport,
    ensure_catalogue_installed,
    read_import_file,
    shipped_catalogue_path,
)
from inspector_app.storage import database as database_module
from inspector_app.storage.database import Database, open_database


def _kind(code: str, name: str, items: list[dict[str, Any]], **flags: Any) -> dict[str, Any]:
    kind: dict[str, Any] = {
        "code": code,
        "name": name,
        "needs_xk": False,
        "needs_ccc": False,
        "needs_sc": False,
        "ccc_code": None,
        "risk_level": "high",
        "sample_quantity": 4,
        "backup_quantity": 4,
        "quantity_unit": "件",
        "standards": ["GB 2811-2019"],
        "main_regions": "浙江",
        "inspection_items": items,
    }
    kind.update(flags)
    return kind


def _item(code: str, name: str, limit: dict[str, str]) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "judging_standard": "GB 2716-2018",
        "method_standard": "GB 5009.227-2016",
        "limit": limit,
        "detection_limit": "0.01",
        "criticality": "major",
    }


def catalogue(code: str = "svc-1") -> dict[str, Any]:
    return {
        "format": "inspector-catalogue",
        "format_version": 1,
        "edition": {"code": code, "name": "服务测试目录", "issued_on": "2024-03-01", "source": "test"},
        "categories": [
            {
                "code": "IND-01",
                "name": "工业生产资料",
                "domain": "industrial",
                "sort_order": 1,
                "product_kinds": [
                    _kind(
                        "IND-01-011", "安全帽", [_item("F", "冲击吸收性能", {"op": "le", "value": "4900", "unit": "N"})]
                    ),
                    _kind("IND-01-012", "钢丝绳", [], needs_xk=True),
                ],
            },
            {
                "code": "FOOD-02",
                "name": "食用油、油脂及其制品",
                "domain": "food",
                "sort_order": 2,
                "product_kinds": [
                    _kind(
                        "FOOD-02-001",
                        "食用植物油",
                        [
                            _item("AV", "酸价", {"op": "le", "value": "3", "unit": "mg/g"}),
                            _item("PV", "过氧化值", {"op": "le", "value": "0.25", "unit": "g/100g"}),
                        ],
                        needs_sc=True,
                        main_regions=None,
                    )
                ],
            },
            {
                "code": "FARM-01",
                "name": "畜禽肉及副产品",
                "domain": "farm_produce",
                "sort_order": 3,
                "product_kinds": [_kind("FARM-01-001", "猪肉", [_item("CLB", "克伦特罗", {"op": "not_detected"})])],
            },
        ],
    }


def write_json(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "data" / "inspector.db")
    yield db
    db.close()


@pytest.fixture
def service(database: Database) -> CatalogueService:
    return CatalogueService(database)


def dump(database: Database) -> list[tuple[Any, ...]]:
    tables = ("catalogue_editions", "catalogue_categories", "product_kinds", "inspection_items")
    return database.run(
        lambda s: [(table, *row) for table in tables for row in s.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
    )


# --- good files ---------------------------------------------------------------------------------------------


def test_import_json_installs_the_edition(service: CatalogueService, tmp_path: Path) -> None:
    path = write_json(tmp_path / "cat.json", catalogue())
    report = service.import_file(path)
    assert isinstance(report, ImportReport)
    assert report.source == str(path)
    assert (report.edition_code, report.edition_name, report.edition_created) == ("svc-1", "服务测试目录", True)
    assert report.categories == ChangeCounts(added=3)
    assert report.product_kinds == ChangeCounts(added=4)
    assert report.inspection_items == ChangeCounts(added=4)
    assert report.changed is True

    (summary,) = service.installed()
    assert (summary.code, summary.categories, summary.product_kinds, summary.inspection_items) == ("svc-1", 3, 4, 4)
    assert [(d.domain, d.categories, d.product_kinds, d.inspection_items) for d in summary.domains] == [
        ("industrial", 1, 2, 1),
        ("food", 1, 1, 2),
        ("farm_produce", 1, 1, 1),
    ]
    kinds = service.product_kinds("svc-1", "IND-01")
    assert [(k.code, k.needs_xk) for k in kinds] == [("IND-01-011", False), ("IND-01-012", True)]
    assert [c.code for c in service.categories("svc-1")] == ["IND-01", "FOOD-02", "FARM-01"]


def test_the_csv_form_of_the_same_catalogue_changes_nothing(
    service: CatalogueService, database: Database, tmp_path: Path
) -> None:
    service.import_file(write_json(tmp_path / "cat.json", catalogue()))
    before = dump(database)
    spec = parse_catalogue_json(json.dumps(catalogue(), ensure_ascii=False))
    csv_path = tmp_path / "cat.csv"
    csv_path.write_bytes(b"\xef\xbb\xbf" + catalogue_to_csv(spec).encode("utf-8"))  # with a BOM, as Excel saves
    report = service.import_file(csv_path)
    assert report.changed is False
    assert report.product_kinds == ChangeCounts(unchanged=4)
    assert report.inspection_items == ChangeCounts(unchanged=4)
    assert dump(database) == before


def test_reimporting_the_same_file_changes_nothing(
    service: CatalogueService, database: Database, tmp_path: Path
) -> None:
    path = write_json(tmp_path / "cat.json", catalogue())
    service.import_file(path)
    before = dump(database)
    report = service.import_file(path)
    assert (report.edition_created, report.edition_updated, report.changed) == (False, False, False)
    assert dump(database) == before


# --- bad files: every bad line, nothing written ------------------------------------------------------------


def test_a_bad_json_file_lists_every_error_and_writes_nothing(
    service: CatalogueService, database: Database, tmp_path: Path
) -> None:
    service.import_file(write_json(tmp_path / "good.json", catalogue()))
    before = dump(database)
    document = catalogue()
    document["edition"]["name"] = "改了名字"  # a good change that must not be written either
    document["categories"][0]["product_kinds"][0]["sample_quantity"] = 0
    document["categories"][1]["domain"] = "cosmetics"
    document["categories"][2]["product_kinds"][0]["inspection_items"][0]["limit"] = {"op": "le", "value": "abc"}
    path = write_json(tmp_path / "bad.json", document)
    text_lines = path.read_text(encoding="utf-8").splitlines()

    with pytest.raises(ImportFileError) as info:
        service.import_file(path)
    error = info.value
    assert error.path == str(path)
    assert len(error.errors) >= 3
    reasons = " ".join(e.reason for e in error.errors)
    assert "sample_quantity" in reasons
    assert "cosmetics" in reasons
    assert "abc" in reasons
    # Each error points at a line holding an object ("{") of the file.
    assert all(text_lines[e.line - 1].strip().endswith("{") for e in error.errors)
    assert dump(database) == before


def test_a_bad_csv_file_lists_every_bad_row_by_its_line(
    service: CatalogueService, database: Database, tmp_path: Path
) -> None:
    spec = parse_catalogue_json(json.dumps(catalogue(), ensure_ascii=False))
    lines = catalogue_to_csv(spec).splitlines()
    header = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:]]
    rows[1][header.index("sample_quantity")] = "-3"  # line 3
    rows[3][header.index("needs_sc")] = "maybe"  # line 5
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([lines[0], *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")

    with pytest.raises(ImportFileError) as info:
        service.import_file(path)
    assert info.value.path == str(path)
    assert {e.line for e in info.value.errors} == {3, 5}
    assert dump(database) == []
    assert service.installed() == []


def test_an_unsupported_extension_is_refused(service: CatalogueService, tmp_path: Path) -> None:
    path = write_json(tmp_path / "catalogue.txt", catalogue())
    with pytest.raises(ImportFileError) as info:
        service.import_file(path)
    assert [e.line for e in info.value.errors] == [0]
    assert service.installed() == []


@pytest.mark.parametrize("reason", ["missing", "directory", "not_utf8"])
def test_unreadable_files_raise_file_read_error(service: CatalogueService, tmp_path: Path, reason: str) -> None:
    path = tmp_path / "catalogue.json"
    if reason == "directory":
        path.mkdir()
    elif reason == "not_utf8":
        path.write_bytes('{"name": "质量安全监管"}\n'.encode("gb18030"))
    with pytest.raises(FileReadError) as info:
        service.import_file(path)
    assert info.value.reason == reason
    assert info.value.path == str(path)
    assert str(path) in info.value.message_zh
    assert str(path) in info.value.message_en
    assert service.installed() == []


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"edition_code\nok\n\xd6\xd0\xce\xc4\n")
    with pytest.raises(FileReadError) as info:
        read_import_file(path)
    assert "第 3 行" in info.value.message_zh
    assert "line 3" in info.value.message_en


def test_a_huge_file_is_refused_before_reading(
    service: CatalogueService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue_service, "MAX_IMPORT_BYTES", 100)
    with pytest.raises(FileReadError) as info:
        service.import_file(write_json(tmp_path / "cat.json", catalogue()))
    assert info.value.reason == "too_large"


def test_unknown_editions_are_not_found(service: CatalogueService) -> None:
    with pytest.raises(NotFoundError):
        service.categories("none")
    with pytest.raises(NotFoundError):
        service.product_kinds("none")


@given(
    content=st.one_of(
        st.text(max_size=300),
        st.text(alphabet='{}[]":,0123456789 \nabcdefnulltrue', max_size=300),
        st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    ),
    suffix=st.sampled_from([".json", ".csv"]),
)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_gives_a_report_or_a_refusal_and_refusals_write_nothing(
    service: CatalogueService, database: Database, tmp_path: Path, content: str, suffix: str
) -> None:
    if not dump(database):
        service.import_file(write_json(tmp_path / "base.json", catalogue()))
    before = dump(database)
    path = tmp_path / f"fuzz{suffix}"
    path.write_text(content, encoding="utf-8")
    try:
        report = service.import_file(path)
    except ImportFileError as error:
        assert error.errors
        assert error.path == str(path)
        assert dump(database) == before
    else:
        assert isinstance(report, ImportReport)


# --- the transaction: all or nothing ------------------------------------------------------------------------


def test_a_write_failing_half_way_leaves_the_store_as_it_was(database: Database, tmp_path: Path) -> None:
    service = CatalogueService(database)
    service.import_file(write_json(tmp_path / "small.json", catalogue()))
    before = dump(database)
    pages = database.run(lambda s: s.execute(text("PRAGMA page_count")).scalar_one())

    def limit_pages(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    event.listen(database.engine.pool, "checkout", limit_pages)
    try:
        with pytest.raises(StorageError) as info:
            service.import_file(shipped_catalogue_path())  # far larger than two more pages
    finally:
        event.remove(database.engine.pool, "checkout", limit_pages)
    assert info.value.problem is StorageProblem.DISK_FULL
    assert dump(database) == before


def test_a_locked_store_refuses_the_import_and_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 50)
    database = open_database(tmp_path / "inspector.db")
    other = sqlite3.connect(database.path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StorageError) as info:
            CatalogueService(database).import_file(write_json(tmp_path / "cat.json", catalogue()))
        assert info.value.problem is StorageProblem.LOCKED
        other.execute("ROLLBACK")
        assert dump(database) == []
    finally:
        other.close()
        database.close()


# --- the shipped catalogue ----------------------------------------------------------------------------------


def test_ensure_installs_the_shipped_catalogue_once(database: Database) -> None:
    path = shipped_catalogue_path()
    expected = parse_catalogue(path.read_text(encoding="utf-8-sig"), path.name).counts()
    report = ensure_catalogue_installed(database)
    assert report is not None
    assert report.edition_created is True
    assert report.source == str(path)
    assert report.product_kinds.added == expected.product_kinds
    assert report.inspection_items.added == expected.inspection_items
    (summary,) = CatalogueService(database).installed()
    assert (summary.categories, summary.product_kinds, summary.inspection_items) == (
        expected.categories,
        expected.product_kinds,
        expected.inspection_items,
    )

    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        assert ensure_catalogue_installed(database) is None
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    assert len(statements) == 1


def test_ensure_does_nothing_when_another_edition_is_installed(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    CatalogueService(database).import_file(write_json(tmp_path / "local.json", catalogue("local-1")))
    monkeypatch.setenv(RESOURCES_ENV, str(tmp_path / "no-such-resources"))
    assert ensure_catalogue_installed(database) is None
    assert [e.code for e in CatalogueService(database).installed()] == ["local-1"]


def test_ensure_uses_the_resources_folder(database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    resources = tmp_path / "resources"
    (resources / "catalogue").mkdir(parents=True)
    write_json(resources / "catalogue" / "catalogue.json", catalogue("shipped-x"))
    monkeypatch.setenv(RESOURCES_ENV, str(resources))
    report = ensure_catalogue_installed(database)
    assert report is not None
    assert report.edition_code == "shipped-x"


def test_ensure_reports_a_missing_shipped_file(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RESOURCES_ENV, str(tmp_path / "empty"))
    with pytest.raises(FileReadError) as info:
        ensure_catalogue_installed(database)
    assert info.value.reason == "missing"
    assert CatalogueService(database).installed() == []
