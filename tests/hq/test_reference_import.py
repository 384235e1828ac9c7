"""Importing reference files at HQ: CSV and JSON, validated whole, errors by line, idempotent."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector_app.domain.errors import ImportFileError
from inspector_app.hq.app import HqServices
from inspector_app.hq.demo_data import shipped_catalogue
from inspector_app.hq.reference_import import ImportKind, ReferenceImporter
from inspector_app.resources import resource_path
from inspector_app.sync.protocol import ReferenceTable

USCC_A = "91350100M000100Y43"
USCC_B = "913301006091241235"
ENTERPRISES_CSV = f"""uscc,name,address,region_code,credit_class
{USCC_A},福州甲食品有限公司,福州市鼓楼区,350100,A
{USCC_B},杭州乙厂,,330100,
"""


def _kind_code() -> str:
    return next(shipped_catalogue().iter_kinds()).code


def _importer(services: HqServices) -> ReferenceImporter:
    return ReferenceImporter(services.reference)


def test_enterprises_then_licences_and_trade_items_import_and_reimport_changes_nothing(
    sqlite_services: HqServices,
) -> None:
    importer = _importer(sqlite_services)
    importer.import_file(ImportKind.CATALOGUE, resource_path("catalogue", "catalogue.json"))
    first = importer.import_content(ImportKind.ENTERPRISES, ENTERPRISES_CSV.encode(), "e.csv")
    assert (first.rows, first.changes) == (2, 2)
    assert importer.import_content(ImportKind.ENTERPRISES, ENTERPRISES_CSV.encode(), "e.csv").changes == 0
    kind = _kind_code()
    licences = [
        {
            "type": "SC",
            "number": "SC10135010000001",
            "enterprise_uscc": USCC_A,
            "product_kind_code": kind,
            "valid_from": "2024-01-01",
            "valid_to": "2029-01-01",
        },
    ]
    assert importer.import_content(ImportKind.LICENCES, json.dumps(licences).encode(), "l.json").changes == 1
    items = f"gtin,name,brand,product_kind_code,enterprise_uscc\n06901234567892,示例饼干,示例,{kind},{USCC_A}\n"
    assert importer.import_content(ImportKind.TRADE_ITEMS, items.encode("utf-8-sig"), "t.CSV").changes == 1
    row = sqlite_services.reference.get(ReferenceTable.TRADE_ITEMS, "06901234567892")
    assert row is not None and row["enterprise_uscc"] == USCC_A


def test_every_bad_line_is_reported_and_nothing_is_written(sqlite_services: HqServices) -> None:
    importer = _importer(sqlite_services)
    text = (
        "uscc,name,region_code\n"
        f"{USCC_A},好企业,350100\n"
        "91350100M000100Y44,校验位错,350100\n"
        f"{USCC_A},重复,350100\n"
        "short,太短,350100\n"
        f"{USCC_B},,330100\n"
        f"{USCC_B},多一列,330100,extra\n"
    )
    with pytest.raises(ImportFileError) as caught:
        importer.import_content(ImportKind.ENTERPRISES, text.encode(), "bad.csv")
    lines = sorted({error.line for error in caught.value.errors})
    assert lines == [3, 4, 5, 6, 7]
    assert any("duplicate of line 2" in error.reason for error in caught.value.errors)
    assert sqlite_services.reference.count(ReferenceTable.ENTERPRISES) == 0


def test_references_must_exist_at_hq(sqlite_services: HqServices) -> None:
    importer = _importer(sqlite_services)
    items = f"gtin,name,product_kind_code,enterprise_uscc\n06901234567892,饼干,NO-SUCH-KIND,{USCC_A}\n"
    with pytest.raises(ImportFileError) as caught:
        importer.import_content(ImportKind.TRADE_ITEMS, items.encode(), "t.csv")
    reasons = " ".join(error.reason for error in caught.value.errors)
    assert "unknown enterprise" in reasons and "product kind" in reasons
    tasks = [{"code": "T-1", "title": "抽查", "inspector_badges": ["nobody"]}]
    with pytest.raises(ImportFileError, match="error"):
        importer.import_content(ImportKind.TASKS, json.dumps(tasks).encode(), "tasks.json")


def test_alerts_are_checked_for_their_match_and_gtin(sqlite_services: HqServices) -> None:
    importer = _importer(sqlite_services)
    alerts = {
        "format": "inspector-alerts",
        "format_version": 1,
        "alerts": [
            {
                "code": "A-1",
                "title": "召回",
                "action": "recall",
                "match_type": "gtin",
                "gtin": "06901234567892",
                "valid_from": "2026-01-01",
            },
            {"code": "A-2", "title": "缺 GTIN", "action": "recall", "match_type": "gtin", "valid_from": "2026-01-01"},
            {
                "code": "A-3",
                "title": "校验位",
                "action": "watch",
                "match_type": "gtin",
                "gtin": "06901234567891",
                "valid_from": "2026-01-01",
            },
        ],
    }
    text = json.dumps(alerts, ensure_ascii=False, indent=2)
    with pytest.raises(ImportFileError) as caught:
        importer.import_content(ImportKind.ALERTS, text.encode(), "alerts.json")
    # Each error points at the line where its object starts.
    starts = [number for number, line in enumerate(text.splitlines(), start=1) if line.strip() == "{"]
    assert sorted({error.line for error in caught.value.errors}) == starts[2:]  # the root, then A-1 are fine
    alerts["alerts"] = alerts["alerts"][:1]
    assert importer.import_content(ImportKind.ALERTS, json.dumps(alerts).encode(), "alerts.json").changes == 1


def test_rules_and_holidays(sqlite_services: HqServices) -> None:
    importer = _importer(sqlite_services)
    rules = importer.import_file(ImportKind.RULES, resource_path("rules", "rules.json"))
    assert rules.changes == rules.rows > 10
    holidays = "day,kind,name\n2026-10-01,holiday,国庆节\n2026-10-10,workday,国庆节调休\n"
    report = importer.import_content(ImportKind.HOLIDAYS, holidays.encode(), "cn-2026.csv")
    assert report.rows == 2 and report.changes == 3
    assert sqlite_services.reference.get(ReferenceTable.HOLIDAY_YEARS, "2026") == {
        "year": 2026,
        "source": "cn-2026.csv",
    }


def test_files_that_are_not_csv_or_json_or_not_utf8(sqlite_services: HqServices) -> None:
    importer = _importer(sqlite_services)
    for content, name in (
        (b"x", "e.txt"),
        (b"\xff\xfe", "e.csv"),
        (b"", "e.csv"),
        (b"[1,", "e.json"),
        (b"{}", "e.json"),
    ):
        with pytest.raises(ImportFileError):
            importer.import_content(ImportKind.ENTERPRISES, content, name)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=400) | st.text(max_size=400).map(str.encode), json_form=st.booleans())
def test_any_file_is_imported_or_refused_with_line_errors(
    sqlite_services: HqServices, content: bytes, json_form: bool
) -> None:
    importer = _importer(sqlite_services)
    try:
        importer.parse(ImportKind.ENTERPRISES, content, "f.json" if json_form else "f.csv")
    except ImportFileError as exc:
        assert exc.errors
        assert all(error.line >= 0 for error in exc.errors)
