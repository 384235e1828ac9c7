"""The catalogue's JSON form: parsing into the dataclasses, whole-file validation with line numbers, writing."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from inspector_app.domain.catalogue import (
    CatalogueDomain,
    Criticality,
    RiskLevel,
    catalogue_to_csv,
    catalogue_to_dict,
    catalogue_to_json,
    parse_catalogue,
    parse_catalogue_csv,
    parse_catalogue_json,
)
from inspector_app.domain.errors import ImportFileError
from inspector_app.domain.limits import LimitOp


def _item(code: str, **changes: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "code": code,
        "name": "酸价（KOH）",
        "judging_standard": "GB 2716-2018",
        "method_standard": "GB 5009.229-2016",
        "limit": {"op": "le", "value": "3", "unit": "mg/g"},
        "detection_limit": None,
        "criticality": "major",
    }
    item.update(changes)
    return item


def _kind(code: str, **changes: Any) -> dict[str, Any]:
    kind: dict[str, Any] = {
        "code": code,
        "name": "危险化学品",
        "needs_xk": True,
        "needs_ccc": False,
        "needs_sc": False,
        "ccc_code": None,
        "risk_level": "high",
        "sample_quantity": 2,
        "backup_quantity": 2,
        "quantity_unit": "瓶",
        "standards": ["GB 15258-2009"],
        "main_regions": None,
        "inspection_items": [],
    }
    kind.update(changes)
    return kind


def catalogue() -> dict[str, Any]:
    """A small valid catalogue: one industrial, one food and one farm-produce category."""
    return {
        "format": "inspector-catalogue",
        "format_version": 1,
        "edition": {"code": "cn-2023", "name": "测试目录", "issued_on": "2023-01-20", "source": "测试"},
        "categories": [
            {
                "code": "IND-01",
                "name": "工业生产资料",
                "domain": "industrial",
                "sort_order": 1,
                "product_kinds": [
                    _kind("IND-01-001"),
                    _kind(
                        "IND-02-001",
                        name="插头插座",
                        needs_xk=False,
                        needs_ccc=True,
                        ccc_code="0201",
                        inspection_items=[
                            _item("T1", name="温升", limit={"op": "le", "value": "45", "unit": "K"}),
                            _item(
                                "T2", name="防触电保护", limit={"op": "text", "text": "符合"}, criticality="critical"
                            ),
                        ],
                    ),
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
                        name="花生油",
                        needs_xk=False,
                        needs_sc=True,
                        quantity_source="默认值",
                        inspection_items=[
                            _item("01"),
                            _item("02", name="过氧化值", limit={"op": "le", "value": "0.25", "unit": "g/100g"}),
                        ],
                    )
                ],
            },
            {
                "code": "FARM-02",
                "name": "蔬菜",
                "domain": "farm_produce",
                "product_kinds": [
                    _kind(
                        "FARM-02-001",
                        name="芹菜",
                        needs_xk=False,
                        quantity_unit="kg",
                        backup_quantity=0,
                        inspection_items=[
                            _item("01", name="毒死蜱", limit={"op": "le", "value": "0.05", "unit": "mg/kg"}),
                        ],
                    )
                ],
            },
        ],
    }


def dump(data: Any) -> str:
    """One field a line, so every object starts on a line of its own."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first line containing ``fragment``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(fragment)


def errors_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(ImportFileError) as caught:
        parse_catalogue_json(text)
    assert caught.value.errors, "an ImportFileError must list its errors"
    return [(error.line, error.reason) for error in caught.value.errors]


def has_error(errors: list[tuple[int, str]], line: int, fragment: str) -> bool:
    return any(at == line and fragment in reason for at, reason in errors)


# ---------------------------------------------------------------- good files


def test_parses_a_valid_catalogue_into_dataclasses() -> None:
    text = dump(catalogue())
    spec = parse_catalogue_json(text)
    assert spec.edition.code == "cn-2023"
    assert spec.edition.issued_on == dt.date(2023, 1, 20)
    assert [category.domain for category in spec.categories] == [
        CatalogueDomain.INDUSTRIAL,
        CatalogueDomain.FOOD,
        CatalogueDomain.FARM_PRODUCE,
    ]
    # sort_order defaults to the category's position when left out.
    assert [category.sort_order for category in spec.categories] == [1, 2, 3]
    plug = spec.kind("IND-02-001")
    assert plug is not None
    assert plug.ccc_code == "0201"
    assert plug.risk_level is RiskLevel.HIGH
    assert plug.standards == ("GB 15258-2009",)
    assert plug.required_licence_types == ("CCC",)
    assert plug.line == line_of(text, '"code": "IND-02-001"') - 1
    first, second = plug.inspection_items
    assert first.limit.op is LimitOp.LE
    assert first.limit.value == Decimal(45)
    assert second.criticality is Criticality.CRITICAL
    assert second.line == line_of(text, '"code": "T2"') - 1
    oil = spec.kind("FOOD-02-001")
    assert oil is not None and oil.quantity_source == "默认值" and oil.needs_sc
    assert spec.kind("nope") is None
    counts = spec.counts()
    assert (counts.categories, counts.product_kinds, counts.inspection_items, counts.kinds_with_items) == (3, 4, 5, 3)
    assert [kind.code for kind in spec.iter_kinds()] == ["IND-01-001", "IND-02-001", "FOOD-02-001", "FARM-02-001"]
    assert [c.code for c in spec.categories_in(CatalogueDomain.FOOD)] == ["FOOD-02"]


def test_optional_fields_may_be_left_out() -> None:
    data = catalogue()
    del data["edition"]["issued_on"]
    del data["edition"]["source"]
    kind = data["categories"][0]["product_kinds"][0]
    for key in ("ccc_code", "standards", "main_regions", "inspection_items"):
        del kind[key]
    spec = parse_catalogue_json(dump(data))
    assert spec.edition.issued_on is None
    assert spec.edition.source == ""
    first = spec.categories[0].product_kinds[0]
    assert (first.ccc_code, first.standards, first.main_regions, first.inspection_items) == (None, (), None, ())


def test_a_ccc_kind_without_its_code_is_allowed() -> None:
    data = catalogue()
    data["categories"][0]["product_kinds"][1]["ccc_code"] = None
    spec = parse_catalogue_json(dump(data))
    kind = spec.kind("IND-02-001")
    assert kind is not None and kind.needs_ccc and kind.ccc_code is None


def test_item_codes_repeat_freely_across_kinds() -> None:
    spec = parse_catalogue_json(dump(catalogue()))
    assert spec.kind("FOOD-02-001").inspection_items[0].code == "01"  # type: ignore[union-attr]
    assert spec.kind("FARM-02-001").inspection_items[0].code == "01"  # type: ignore[union-attr]


def test_bytes_with_bom_and_text_with_bom_are_read() -> None:
    text = dump(catalogue())
    expected = parse_catalogue_json(text)
    assert parse_catalogue_json(b"\xef\xbb\xbf" + text.encode()) == expected
    assert parse_catalogue_json("\ufeff" + text) == expected


def test_writers_round_trip() -> None:
    spec = parse_catalogue_json(dump(catalogue()))
    assert parse_catalogue_json(catalogue_to_json(spec)) == spec
    assert parse_catalogue_csv(catalogue_to_csv(spec)) == spec
    assert catalogue_to_dict(spec)["categories"][2]["sort_order"] == 3


def test_parse_catalogue_picks_the_parser_by_extension() -> None:
    spec = parse_catalogue_json(dump(catalogue()))
    assert parse_catalogue(catalogue_to_json(spec), "cat.JSON") == spec
    assert parse_catalogue(catalogue_to_csv(spec).encode(), "dir.v2/cat.csv") == spec
    for name in ("cat.xlsx", "catalogue", "json"):
        with pytest.raises(ImportFileError) as caught:
            parse_catalogue(catalogue_to_json(spec), name)
        assert caught.value.errors[0].line == 0
        assert caught.value.path == name
    with pytest.raises(ImportFileError) as caught:
        parse_catalogue("{", "broken.json")
    assert caught.value.path == "broken.json"


# ---------------------------------------------------------------- bad files


def test_syntax_errors_carry_their_line() -> None:
    text = dump(catalogue())
    broken = text.replace('"name": "芹菜",', '"name": "芹菜"', 1)
    errors = errors_of(broken)
    assert len(errors) == 1
    assert errors[0][0] == line_of(broken, '"name": "芹菜"') + 1
    assert "JSON syntax error" in errors[0][1] and "JSON 语法错误" in errors[0][1]
    assert errors_of("")[0][0] == 1
    assert "nested too deeply" in errors_of("[" * 100_000)[0][1]


def test_every_problem_is_reported_at_once_on_the_line_its_object_starts() -> None:
    data = catalogue()
    kinds = data["categories"][0]["product_kinds"]
    kinds[0]["sample_quantity"] = 0
    kinds[0]["risk_level"] = "extreme"
    kinds[1]["inspection_items"][0]["limit"] = {"op": "range", "low": "5", "high": "1"}
    kinds[1]["inspection_items"][1]["criticality"] = "fatal"
    data["categories"][1]["domain"] = "drugs"
    data["categories"][2]["product_kinds"][0]["ccc_code"] = "12a"
    text = dump(data)
    errors = errors_of(text)
    kind_line = line_of(text, '"code": "IND-01-001"') - 1
    item_line = line_of(text, '"code": "T1"') - 1
    assert has_error(errors, kind_line, "样品数量必须为正整数 / sample_quantity must be a positive integer")
    assert has_error(errors, kind_line, "bad risk_level 'extreme'")
    assert has_error(errors, item_line, "range low 5 is above high 1")
    assert has_error(errors, line_of(text, '"code": "T2"') - 1, "bad criticality 'fatal'")
    assert has_error(errors, line_of(text, '"code": "FOOD-02"') - 1, "bad domain 'drugs'")
    assert has_error(errors, line_of(text, '"code": "FARM-02-001"') - 1, "CCC code '12a' must be 4 digits")
    assert len(errors) == 6
    assert [line for line, _ in errors] == sorted(line for line, _ in errors)


def test_duplicate_codes_are_refused() -> None:
    data = catalogue()
    data["categories"][1]["code"] = "IND-01"
    data["categories"][2]["product_kinds"][0]["code"] = "IND-01-001"
    items = data["categories"][0]["product_kinds"][1]["inspection_items"]
    items[1]["code"] = "T1"
    text = dump(data)
    errors = errors_of(text)
    first_category = line_of(text, '"code": "IND-01"') - 1
    assert any("duplicate category code 'IND-01'" in r and f"line {first_category}" in r for _, r in errors)
    assert any("duplicate product kind code 'IND-01-001'" in reason for _, reason in errors)
    assert any("duplicate inspection item code 'T1'" in reason for _, reason in errors)
    assert len(errors) == 3


def test_missing_unknown_and_duplicate_fields() -> None:
    data = catalogue()
    del data["categories"][0]["product_kinds"][0]["quantity_unit"]
    data["categories"][0]["product_kinds"][0]["colour"] = "red"
    del data["edition"]["name"]
    text = dump(data).replace('"format_version": 1,', '"format_version": 1,\n  "format_version": 1,', 1)
    errors = errors_of(text)
    reasons = " | ".join(reason for _, reason in errors)
    assert "product kind lacks field 'quantity_unit'" in reasons
    assert "unknown field 'colour' in product kind" in reasons
    assert "edition lacks field 'name'" in reasons
    assert has_error(errors, 1, "duplicate field 'format_version'")


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        (("sample_quantity",), "2", "sample_quantity must be a positive integer"),
        (("sample_quantity",), True, "sample_quantity must be a positive integer"),
        (("sample_quantity",), 2.0, "sample_quantity must be a positive integer"),
        (("sample_quantity",), 10**40, "sample_quantity must be a positive integer"),
        (("backup_quantity",), -1, "backup_quantity must be a non-negative integer"),
        (("needs_xk",), "true", "needs_xk must be true or false"),
        (("needs_xk",), 1, "needs_xk must be true or false"),
        (("name",), "", "name must not be empty"),
        (("name",), None, "name must not be empty"),
        (("name",), 5, "name must be a string"),
        (("name",), "x" * 201, "name is longer than 200 characters"),
        (("name",), "a\x00b", "name contains an invalid character"),
        (("code",), "IND 01", "may hold only letters, digits"),
        (("code",), "-IND", "may hold only letters, digits"),
        (("standards",), "GB 1", "standards must be an array of strings"),
        (("standards",), ["GB 1", "GB 1"], "standards lists a standard twice"),
        (("standards",), ["GB 1", " "], "standards holds an empty or invalid entry"),
        (("standards",), ["GB 1; GB 2"], "standards holds an empty or invalid entry"),
        (("inspection_items",), {"a": 1}, "inspection_items must be an array"),
        (("inspection_items",), [1], "each inspection item in inspection_items must be an object"),
        (("ccc_code",), 201, "ccc_code must be a string or null"),
        (("ccc_code",), "0201", "a CCC code is given but needs_ccc is false"),
        (("needs_sc",), True, "only kinds in a food category can need an SC licence"),
    ],
)
def test_wrong_kind_values_are_refused(path: tuple[str, ...], value: Any, fragment: str) -> None:
    data = catalogue()
    target = data["categories"][0]["product_kinds"][0]
    target[path[0]] = value
    errors = errors_of(dump(data))
    assert any(fragment in reason for _, reason in errors), errors


@pytest.mark.parametrize(
    ("limit", "fragment"),
    [
        ({"op": "between", "value": "1"}, "bad limit op 'between'"),
        ({"op": "le", "value": 3}, "limit value must be a decimal written as a string"),
        ({"op": "le", "value": "3 mg"}, "is not a plain decimal number"),
        ({"op": "le", "value": "3", "value2": "4"}, "unknown field 'value2' in limit"),
        ("le 3", "limit must be an object"),
        (None, "item lacks field 'limit'"),
        ("null", "limit must be an object"),
    ],
)
def test_wrong_limits_are_refused(limit: Any, fragment: str) -> None:
    data = catalogue()
    item = data["categories"][1]["product_kinds"][0]["inspection_items"][0]
    if limit is None:
        del item["limit"]
    elif limit == "null":
        item["limit"] = None
    else:
        item["limit"] = limit
    text = dump(data)
    errors = errors_of(text)
    assert any(fragment in reason for _, reason in errors), errors
    assert errors[0][0] >= line_of(text, '"code": "FOOD-02-001"')


def test_a_duplicate_field_inside_a_limit_is_refused() -> None:
    text = dump(catalogue()).replace('"op": "le",', '"op": "le", "op": "lt",', 1)
    assert any("duplicate field 'op'" in reason for _, reason in errors_of(text))


def test_licence_flags_must_fit_the_domain() -> None:
    data = catalogue()
    data["categories"][1]["product_kinds"][0]["needs_xk"] = True
    data["categories"][2]["product_kinds"][0]["needs_sc"] = True
    reasons = [reason for _, reason in errors_of(dump(data))]
    assert any("only kinds in an industrial category can need XK or CCC" in reason for reason in reasons)
    assert any("only kinds in a food category can need an SC licence" in reason for reason in reasons)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda d: d.update(format="something-else"), "format must be 'inspector-catalogue'"),
        (lambda d: d.update(format_version=2), "unsupported format_version 2"),
        (lambda d: d.update(format_version="1"), "format_version must be an integer"),
        (lambda d: d.update(categories=[]), "the catalogue has no categories"),
        (lambda d: d.update(categories={}), "categories must be an array"),
        (lambda d: d.update(edition="cn-2023"), "edition must be an object"),
        (lambda d: d.update(edition=None), "edition must be an object"),
        (lambda d: d["edition"].update(issued_on="2023-02-30"), "issued_on '2023-02-30' must be a YYYY-MM-DD date"),
        (lambda d: d["edition"].update(issued_on="20230120"), "must be a YYYY-MM-DD date"),
        (lambda d: d["edition"].update(issued_on=20230120), "must be a YYYY-MM-DD date"),
        (lambda d: d["categories"][0].update(sort_order=-1), "sort_order must be a non-negative integer"),
        (lambda d: d["categories"][0].update(product_kinds=None), "product_kinds must be an array"),
        (lambda d: d.pop("edition"), "file lacks field 'edition'"),
    ],
)
def test_file_level_problems(change: Any, fragment: str) -> None:
    data = catalogue()
    change(data)
    errors = errors_of(dump(data))
    assert any(fragment in reason for _, reason in errors), errors


@pytest.mark.parametrize("text", ["[]", "42", '"catalogue"', "null", "NaN"])
def test_the_top_level_must_be_an_object(text: str) -> None:
    assert errors_of(text) == [(1, "文件顶层必须是 JSON 对象 / the top level must be a JSON object")]


def test_numbers_that_python_cannot_hold_as_int_are_refused_not_crashing() -> None:
    data = catalogue()
    text = dump(data).replace('"sample_quantity": 2', '"sample_quantity": ' + "9" * 5000, 1)
    assert any("sample_quantity must be a positive integer" in reason for _, reason in errors_of(text))
    text = dump(data).replace('"sample_quantity": 2', '"sample_quantity": Infinity', 1)
    assert any("sample_quantity must be a positive integer" in reason for _, reason in errors_of(text))
    text = dump(data).replace('"name": "测试目录"', '"name": NaN', 1)
    assert any("name must be a string" in reason for _, reason in errors_of(text))


def test_invalid_utf8_is_reported_with_its_line() -> None:
    raw = dump(catalogue()).encode()
    position = raw.index("芹菜".encode())
    broken = raw[:position] + b"\xff" + raw[position + 1 :]
    with pytest.raises(ImportFileError) as caught:
        parse_catalogue_json(broken)
    assert caught.value.errors[0].line == raw.count(b"\n", 0, position) + 1
    assert "UTF-8" in caught.value.errors[0].reason


def test_refusal_leaves_the_input_untouched_and_is_repeatable() -> None:
    data = catalogue()
    data["categories"][0]["product_kinds"][0]["sample_quantity"] = 0
    snapshot = copy.deepcopy(data)
    text = dump(data)
    assert errors_of(text) == errors_of(text)
    assert data == snapshot
