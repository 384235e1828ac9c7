"""Property tests: any input yields a spec or an ImportFileError, and valid catalogues survive both forms."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector_app.domain.catalogue import (
    CatalogueSpec,
    catalogue_to_csv,
    catalogue_to_json,
    parse_catalogue,
    parse_catalogue_csv,
    parse_catalogue_json,
)
from inspector_app.domain.errors import ImportFileError

FUZZ = settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])


def _outcome(parse: Any, *args: Any) -> CatalogueSpec | ImportFileError:
    """Run a parser; only a spec or an ImportFileError with well-formed line errors may come out."""
    try:
        spec = parse(*args)
    except ImportFileError as error:
        assert error.errors
        for line_error in error.errors:
            assert line_error.line >= 0
            assert " / " in line_error.reason
        assert [e.line for e in error.errors] == sorted(e.line for e in error.errors)
        return error
    assert isinstance(spec, CatalogueSpec)
    return spec


# ---------------------------------------------------------------- arbitrary input


@FUZZ
@given(st.text(max_size=400))
def test_any_text_as_json(text: str) -> None:
    _outcome(parse_catalogue_json, text)


@FUZZ
@given(st.text(max_size=400))
def test_any_text_as_csv(text: str) -> None:
    _outcome(parse_catalogue_csv, text)


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(["a.json", "a.csv", "a.CSV", "a.txt", "", "noext"]))
def test_any_bytes_with_any_name(content: bytes, filename: str) -> None:
    _outcome(parse_catalogue, content, filename)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=8,
)


def _valid_catalogue() -> dict[str, Any]:
    item = {
        "code": "01",
        "name": "酸价",
        "judging_standard": "GB 2716-2018",
        "method_standard": "GB 5009.229-2016",
        "limit": {"op": "range", "low": "0", "high": "3", "unit": "mg/g"},
        "detection_limit": None,
        "criticality": "major",
    }
    kind = {
        "code": "K1",
        "name": "花生油",
        "needs_xk": False,
        "needs_ccc": False,
        "needs_sc": True,
        "ccc_code": None,
        "risk_level": "high",
        "sample_quantity": 2,
        "backup_quantity": 2,
        "quantity_unit": "瓶",
        "quantity_source": None,
        "standards": ["GB 2716-2018"],
        "main_regions": None,
        "inspection_items": [item],
    }
    return {
        "format": "inspector-catalogue",
        "format_version": 1,
        "edition": {"code": "e1", "name": "目录", "issued_on": "2023-01-20", "source": ""},
        "categories": [{"code": "C1", "name": "食用油", "domain": "food", "sort_order": 1, "product_kinds": [kind]}],
    }


def _slots(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) in a JSON tree, so a test can overwrite any one of them."""
    found: list[tuple[Any, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((node, key))
            found.extend(_slots(value))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((node, index))
            found.extend(_slots(value))
    return found


def test_the_mutation_template_is_valid() -> None:
    spec = parse_catalogue_json(json.dumps(_valid_catalogue()))
    assert spec.counts().inspection_items == 1


@FUZZ
@given(data=st.data())
def test_any_value_anywhere_in_a_valid_catalogue(data: st.DataObject) -> None:
    tree = _valid_catalogue()
    slots = _slots(tree)
    container, key = slots[data.draw(st.integers(0, len(slots) - 1))]
    container[key] = data.draw(json_values)
    _outcome(parse_catalogue_json, json.dumps(tree, ensure_ascii=False, indent=1))


@FUZZ
@given(data=st.data())
def test_any_cell_anywhere_in_a_valid_csv(data: st.DataObject) -> None:
    text = catalogue_to_csv(parse_catalogue_json(json.dumps(_valid_catalogue())))
    rows = list(csv.reader(io.StringIO(text)))
    row = data.draw(st.integers(0, len(rows) - 1))
    column = data.draw(st.integers(0, len(rows[0]) - 1))
    rows[row][column] = data.draw(st.text(max_size=10))
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    _outcome(parse_catalogue_csv, buffer.getvalue())


# ---------------------------------------------------------------- valid catalogues round-trip

names = st.text(
    alphabet=st.characters(exclude_categories=["Cs", "Cc"]) | st.sampled_from("，；;、\t"), min_size=1, max_size=12
).filter(lambda text: text.strip() == text and text != "")
codes = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,8}", fullmatch=True)
decimals = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False).map(
    lambda number: format(number, "f")
)
limits = st.one_of(
    st.builds(
        lambda op, v, u: {"op": op, "value": v, "unit": u}, st.sampled_from(["le", "lt", "ge", "gt"]), decimals, names
    ),
    st.builds(
        lambda a, b: {"op": "range", "low": min(a, b, key=float), "high": max(a, b, key=float)}, decimals, decimals
    ),
    st.just({"op": "not_detected"}),
    st.builds(lambda text: {"op": "text", "text": text}, names),
    st.builds(lambda text: {"op": "info", "text": text}, names),
)


@st.composite
def catalogues(draw: st.DrawFn) -> dict[str, Any]:
    kind_codes = draw(st.lists(codes, min_size=1, max_size=5, unique=True))
    category_codes = draw(st.lists(codes, min_size=1, max_size=len(kind_codes), unique=True))
    categories: list[dict[str, Any]] = [
        {
            "code": code,
            "name": draw(names),
            "domain": draw(st.sampled_from(["industrial", "food", "farm_produce"])),
            "sort_order": draw(st.integers(0, 99)),
            "product_kinds": [],
        }
        for code in category_codes
    ]
    for index, kind_code in enumerate(kind_codes):
        category = categories[index % len(categories)]
        domain = category["domain"]
        needs_ccc = domain == "industrial" and draw(st.booleans())
        items = [
            {
                "code": item_code,
                "name": draw(names),
                "judging_standard": draw(names),
                "method_standard": draw(names),
                "limit": draw(limits),
                "detection_limit": draw(st.none() | names),
                "criticality": draw(st.sampled_from(["critical", "major", "minor"])),
            }
            for item_code in draw(st.lists(codes, max_size=3, unique=True))
        ]
        category["product_kinds"].append(
            {
                "code": kind_code,
                "name": draw(names),
                "needs_xk": domain == "industrial" and draw(st.booleans()),
                "needs_ccc": needs_ccc,
                "needs_sc": domain == "food" and draw(st.booleans()),
                "ccc_code": draw(st.none() | st.from_regex(r"[0-9]{4}", fullmatch=True)) if needs_ccc else None,
                "risk_level": draw(st.sampled_from(["high", "medium", "low"])),
                "sample_quantity": draw(st.integers(1, 100)),
                "backup_quantity": draw(st.integers(0, 100)),
                "quantity_unit": draw(names),
                "quantity_source": draw(st.none() | names),
                "standards": draw(st.lists(names.filter(lambda text: ";" not in text), max_size=3, unique=True)),
                "main_regions": draw(st.none() | names),
                "inspection_items": items,
            }
        )
    return {
        "format": "inspector-catalogue",
        "format_version": 1,
        "edition": {
            "code": draw(codes),
            "name": draw(names),
            "issued_on": draw(st.none() | st.dates().map(lambda day: day.isoformat())),
            "source": draw(st.just("") | names),
        },
        "categories": categories,
    }


@FUZZ
@given(catalogues())
def test_valid_catalogues_parse_and_round_trip_through_both_forms(data: dict[str, Any]) -> None:
    spec = parse_catalogue_json(json.dumps(data, ensure_ascii=False))
    assert spec.counts().product_kinds == sum(len(c["product_kinds"]) for c in data["categories"])
    assert parse_catalogue_json(catalogue_to_json(spec)) == spec
    assert parse_catalogue_csv(catalogue_to_csv(spec)) == spec
    assert parse_catalogue(catalogue_to_csv(spec).encode("utf-8-sig"), "x.csv") == spec
