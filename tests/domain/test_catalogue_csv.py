"""The catalogue's CSV form: one row per inspection item, repeated kind columns that must agree."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from inspector_app.domain.catalogue import (
    CSV_OPTIONAL_COLUMNS,
    CSV_REQUIRED_COLUMNS,
    catalogue_to_csv,
    parse_catalogue_csv,
)
from inspector_app.domain.errors import ImportFileError
from inspector_app.domain.limits import LimitOp

BASE = {
    "edition_code": "cn-2023",
    "edition_name": "测试目录",
    "category_code": "IND-01",
    "category_name": "工业生产资料",
    "domain": "industrial",
    "kind_code": "IND-01-011",
    "kind_name": "安全帽",
    "needs_xk": "true",
    "needs_ccc": "false",
    "needs_sc": "false",
    "ccc_code": "",
    "risk_level": "high",
    "sample_quantity": "4",
    "backup_quantity": "4",
    "quantity_unit": "顶",
    "standards": "GB 2811-2019",
    "item_code": "01",
    "item_name": "冲击吸收性能",
    "judging_standard": "GB 2811-2019",
    "method_standard": "GB/T 2812-2006",
    "limit_op": "le",
    "limit_value": "4900",
    "limit_low": "",
    "limit_high": "",
    "limit_text": "",
    "unit": "N",
    "criticality": "critical",
}
NO_ITEM = dict.fromkeys(
    (
        "item_code",
        "item_name",
        "judging_standard",
        "method_standard",
        "limit_op",
        "limit_value",
        "limit_low",
        "limit_high",
        "limit_text",
        "unit",
        "criticality",
    ),
    "",
)


def row(**changes: str) -> dict[str, str]:
    return {**BASE, **changes}


def to_csv(rows: list[dict[str, str]], columns: tuple[str, ...] | None = None) -> str:
    columns = columns or tuple(rows[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for values in rows:
        writer.writerow([values.get(column, "") for column in columns])
    return buffer.getvalue()


def good_rows() -> list[dict[str, str]]:
    return [
        row(),
        row(
            item_code="02",
            item_name="耐穿刺性能",
            limit_op="text",
            limit_value="",
            limit_text="钢锥不接触头模表面",
            unit="",
        ),
        row(
            kind_code="IND-01-003", kind_name="冷轧带肋钢筋", standards="GB/T 13788-2017", quantity_unit="组", **NO_ITEM
        ),
        row(
            category_code="FOOD-02",
            category_name="食用油、油脂及其制品",
            domain="food",
            kind_code="FOOD-02-001",
            kind_name="花生油",
            needs_xk="否",
            needs_sc="是",
            risk_level="medium",
            sample_quantity="2",
            backup_quantity="2",
            quantity_unit="瓶",
            standards="GB 2716-2018; GB 2762-2022 ;",
            item_code="01",
            item_name="酸价（KOH）",
            judging_standard="GB 2716-2018",
            method_standard="GB 5009.229-2016",
            limit_op="range",
            limit_value="",
            limit_low="0",
            limit_high="3",
            unit="mg/g",
            criticality="major",
        ),
    ]


def errors_of(text: str | bytes) -> list[tuple[int, str]]:
    with pytest.raises(ImportFileError) as caught:
        parse_catalogue_csv(text)
    assert caught.value.errors
    return [(error.line, error.reason) for error in caught.value.errors]


def test_parses_rows_into_categories_kinds_and_items() -> None:
    spec = parse_catalogue_csv(to_csv(good_rows()))
    assert spec.edition.code == "cn-2023"
    assert spec.edition.issued_on is None
    assert [category.code for category in spec.categories] == ["IND-01", "FOOD-02"]
    helmet = spec.kind("IND-01-011")
    assert helmet is not None
    assert helmet.line == 2
    assert [item.code for item in helmet.inspection_items] == ["01", "02"]
    assert [item.line for item in helmet.inspection_items] == [2, 3]
    assert helmet.inspection_items[0].limit.value == Decimal(4900)
    assert helmet.inspection_items[1].limit.op is LimitOp.TEXT
    rebar = spec.kind("IND-01-003")
    assert rebar is not None and rebar.inspection_items == ()
    oil = spec.kind("FOOD-02-001")
    assert oil is not None
    assert (oil.needs_xk, oil.needs_sc) == (False, True)
    assert oil.standards == ("GB 2716-2018", "GB 2762-2022")
    assert oil.inspection_items[0].limit.low == Decimal(0)


def test_booleans_in_every_accepted_spelling() -> None:
    for true, false in (("true", "false"), ("TRUE", "False"), ("1", "0"), ("是", "否")):
        spec = parse_catalogue_csv(to_csv([row(needs_xk=true, needs_ccc=false)]))
        kind = spec.kind("IND-01-011")
        assert kind is not None and kind.needs_xk and not kind.needs_ccc


def test_bom_optional_columns_and_blank_lines() -> None:
    columns = (*CSV_REQUIRED_COLUMNS, "edition_issued_on", "category_sort_order", "detection_limit", "main_regions")
    rows = [row(edition_issued_on="2023-01-20", category_sort_order="7", detection_limit="0.1 N", main_regions="华东")]
    text = "\ufeff" + to_csv(rows, columns) + "\r\n\r\n"
    spec = parse_catalogue_csv(text.encode("utf-8"))
    assert str(spec.edition.issued_on) == "2023-01-20"
    assert spec.categories[0].sort_order == 7
    kind = spec.kind("IND-01-011")
    assert kind is not None
    assert kind.main_regions == "华东"
    assert kind.inspection_items[0].detection_limit == "0.1 N"


def test_round_trip_through_the_writer() -> None:
    spec = parse_catalogue_csv(to_csv(good_rows()))
    written = catalogue_to_csv(spec)
    assert written.splitlines()[0].split(",") == [*CSV_REQUIRED_COLUMNS, *CSV_OPTIONAL_COLUMNS]
    assert parse_catalogue_csv(written) == spec


def test_a_quoted_multiline_cell_keeps_later_line_numbers_right() -> None:
    rows = good_rows()
    rows[0]["item_name"] = "冲击吸收性能\n（第二行）"
    rows[3]["sample_quantity"] = "two"
    errors = errors_of(to_csv(rows))
    # Header on line 1, row 1 on lines 2–3, row 2 on line 4, row 3 on line 5, row 4 on line 6.
    assert errors == [(6, "sample_quantity“two”不是整数 / sample_quantity 'two' is not a whole number")]


def test_every_bad_cell_is_reported_with_its_line() -> None:
    rows = good_rows()
    rows[0]["needs_xk"] = "yes"
    rows[1]["limit_op"] = "between"
    rows[2]["backup_quantity"] = "-1"
    rows[3]["ccc_code"] = "201"
    errors = errors_of(to_csv(rows))
    assert (2, "needs_xk“yes”应为 true/false/1/0/是/否 / needs_xk 'yes' must be one of true/false/1/0/是/否") in errors
    assert any(line == 3 and "bad limit op 'between'" in reason for line, reason in errors)
    assert any(line == 4 and "backup_quantity '-1' is not a whole number" in reason for line, reason in errors)
    assert any(line == 5 and "CCC code '201' must be 4 digits" in reason for line, reason in errors)


def test_repeated_kind_columns_must_agree() -> None:
    rows = good_rows()
    rows[1]["kind_name"] = "安全帽（另一个名字）"
    rows[1]["sample_quantity"] = "5"
    errors = errors_of(to_csv(rows))
    assert errors == [
        (
            3,
            "产品种类信息与前面的行不一致：kind_name, sample_quantity / "
            "product kind columns differ from an earlier row: kind_name, sample_quantity",
        )
    ]


def test_repeated_category_and_edition_columns_must_agree() -> None:
    rows = good_rows()
    rows[2]["category_name"] = "工业原料"
    rows[3]["edition_code"] = "cn-2024"
    reasons = dict(errors_of(to_csv(rows)))
    assert "category columns differ from an earlier row: category_name" in reasons[4]
    assert "edition columns differ from an earlier row: edition_code" in reasons[5]


def test_a_kind_code_may_not_appear_in_two_categories() -> None:
    rows = good_rows()
    rows.append(row(category_code="IND-02", category_name="家用电器及电器附件", item_code="03"))
    errors = errors_of(to_csv(rows))
    assert any(
        line == 6 and "duplicate product kind code 'IND-01-011' (already in category 'IND-01')" in reason
        for line, reason in errors
    )


def test_duplicate_item_codes_within_a_kind() -> None:
    rows = good_rows()
    rows[1]["item_code"] = "01"
    errors = errors_of(to_csv(rows))
    assert len(errors) == 1
    assert errors[0][0] == 3 and "duplicate inspection item code '01' in this kind (first on line 2)" in errors[0][1]


def test_an_itemless_row_cannot_join_item_rows() -> None:
    rows = good_rows()
    rows.append(row(**NO_ITEM))
    rows.append(row(kind_code="IND-01-003", kind_name="冷轧带肋钢筋", standards="GB/T 13788-2017", quantity_unit="组"))
    errors = errors_of(to_csv(rows))
    assert [line for line, _ in errors] == [6, 7]


def test_header_problems_stop_before_the_rows() -> None:
    columns = (*(column for column in CSV_REQUIRED_COLUMNS if column != "risk_level"), "colour", "colour")
    errors = errors_of(to_csv([row(colour="red")], columns))
    reasons = " | ".join(reason for _, reason in errors)
    assert "header lacks required columns: risk_level" in reasons
    assert "unknown column 'colour'" in reasons
    assert "duplicate column 'colour'" in reasons
    assert {line for line, _ in errors} == {1}


def test_rows_with_the_wrong_number_of_cells() -> None:
    text = to_csv(good_rows())
    lines = text.split("\r\n")
    lines[2] += ",extra"
    errors = errors_of("\r\n".join(lines))
    assert errors == [(3, "本行有 28 列，表头有 27 列 / row has 28 cells, header has 27")]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "the file is empty: no header row"),
        ("\n\n", "the file is empty: no header row"),
        (",".join(CSV_REQUIRED_COLUMNS) + "\n", "the file has a header but no data rows"),
        ('a,"b\n', "CSV syntax error"),
    ],
)
def test_empty_and_broken_files(text: str, fragment: str) -> None:
    assert any(fragment in reason for _, reason in errors_of(text))


def test_cell_errors_and_structural_errors_come_together_sorted() -> None:
    rows = good_rows()
    rows[3]["needs_sc"] = "maybe"
    rows[0]["domain"] = "medical"
    rows[1]["domain"] = "medical"
    rows[2]["domain"] = "medical"
    errors = errors_of(to_csv(rows))
    assert [line for line, _ in errors] == [2, 5]
    assert "bad domain 'medical'" in errors[0][1]
    assert "needs_sc 'maybe'" in errors[1][1]
