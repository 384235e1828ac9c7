"""Limit expressions: parsing from the file dict, wording, and judging results with decimal arithmetic."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector_app.domain.errors import InvalidResultError, LimitFormatError
from inspector_app.domain.limits import Conformity, Limit, LimitOp, parse_decimal

# Plain-notation decimals, as the file and an inspector write them.
plain_decimals = st.decimals(min_value=-10_000, max_value=10_000, places=3, allow_nan=False, allow_infinity=False)


def _plain(number: Decimal) -> str:
    return format(number, "f")


# ---------------------------------------------------------------- parsing


def test_from_dict_reads_each_op_and_describes_it() -> None:
    cases = [
        ({"op": "le", "value": "0.5", "unit": "mg/kg"}, "≤ 0.5 mg/kg"),
        ({"op": "lt", "value": "3"}, "< 3"),
        ({"op": "ge", "value": "2.9", "unit": "g/100g"}, "≥ 2.9 g/100g"),
        ({"op": "gt", "value": "-5", "unit": "℃"}, "> -5 ℃"),
        ({"op": "range", "low": "12", "high": "18", "unit": "°T"}, "12～18 °T"),
        ({"op": "not_detected", "unit": "μg/kg"}, "不得检出"),
        ({"op": "text", "text": "无异味"}, "无异味"),
        ({"op": "info"}, "仅记录"),
        ({"op": "info", "text": "对照标签值", "unit": "%vol"}, "仅记录（对照标签值）"),
    ]
    for data, wording in cases:
        assert Limit.from_dict(data).describe() == wording


def test_from_dict_keeps_decimals_exact_and_round_trips() -> None:
    limit = Limit.from_dict({"op": "le", "value": "0.10", "unit": "mg/kg"})
    assert limit.value == Decimal("0.10")
    assert limit.to_dict() == {"op": "le", "value": "0.10", "unit": "mg/kg"}
    assert Limit.from_dict(limit.to_dict()) == limit


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"value": "1"}, "limit has no 'op'"),
        ({"op": "eq", "value": "1"}, "bad limit op 'eq'"),
        ({"op": "le"}, "a 'le' limit needs 'value'"),
        ({"op": "le", "value": 3}, "limit value must be a decimal written as a string"),
        ({"op": "le", "value": "1e3"}, "limit value '1e3' is not a plain decimal number"),
        ({"op": "le", "value": "NaN"}, "is not a plain decimal number"),
        ({"op": "le", "value": "Infinity"}, "is not a plain decimal number"),
        ({"op": "le", "value": "٣"}, "is not a plain decimal number"),
        ({"op": "le", "value": "1", "text": "x"}, "a 'le' limit takes no 'text'"),
        ({"op": "le", "value": "1", "low": "0"}, "a 'le' limit takes no 'low'"),
        ({"op": "range", "low": "5"}, "a 'range' limit needs 'high'"),
        ({"op": "range", "low": "5", "high": "1"}, "range low 5 is above high 1"),
        ({"op": "text"}, "a 'text' limit needs its expected text"),
        ({"op": "text", "text": "   "}, "a 'text' limit needs its expected text"),
        ({"op": "not_detected", "value": "0"}, "a 'not_detected' limit takes no 'value'"),
        ({"op": "le", "value": "1", "colour": "red"}, "unknown field 'colour' in limit"),
        ({"op": "le", "value": "1", "unit": 5}, "limit unit must be a string"),
    ],
)
def test_from_dict_refuses_malformed_limits(data: dict[str, object], fragment: str) -> None:
    with pytest.raises(LimitFormatError) as caught:
        Limit.from_dict(data)
    assert any(fragment in reason for reason in caught.value.reasons), caught.value.reasons


def test_from_dict_lists_every_problem_and_refuses_non_mappings() -> None:
    with pytest.raises(LimitFormatError) as caught:
        Limit.from_dict({"op": "range", "low": "x", "high": 7, "extra": 1})
    assert len(caught.value.reasons) == 3
    with pytest.raises(LimitFormatError):
        Limit.from_dict(["le", "1"])


def test_direct_construction_is_checked_too() -> None:
    with pytest.raises(LimitFormatError):
        Limit(LimitOp.RANGE, low=Decimal(2), high=Decimal(1))
    with pytest.raises(LimitFormatError):
        Limit(LimitOp.GE)


def test_parse_decimal_accepts_plain_notation_only() -> None:
    assert parse_decimal(" 0.25 ") == Decimal("0.25")
    assert parse_decimal("-3") == Decimal(-3)
    for text in ("1e3", ".5", "5.", "1,000", "NaN", "", "+", "0x10", "1" * 41):
        assert parse_decimal(text) is None, text


# ---------------------------------------------------------------- judging numbers


def test_boundaries_are_exact_decimals() -> None:
    le = Limit.from_dict({"op": "le", "value": "0.1", "unit": "mg/kg"})
    assert le.judge("0.1").conformity is Conformity.CONFORMING
    assert le.judge("0.10").conformity is Conformity.CONFORMING
    assert le.judge("0.1000000001").conformity is Conformity.NONCONFORMING
    lt = Limit.from_dict({"op": "lt", "value": "0.1"})
    assert lt.judge("0.1").conformity is Conformity.NONCONFORMING
    ge = Limit.from_dict({"op": "ge", "value": "2.9"})
    assert ge.judge("2.9").conforming is True
    assert ge.judge("2.89").conforming is False
    gt = Limit.from_dict({"op": "gt", "value": "0"})
    assert gt.judge("0").conforming is False
    rng = Limit.from_dict({"op": "range", "low": "12", "high": "18"})
    assert [rng.judge(v).conforming for v in ("11.9", "12", "15", "18", "18.01")] == [False, True, True, True, False]


def test_judgement_explains_itself_in_both_languages() -> None:
    limit = Limit.from_dict({"op": "le", "value": "0.5", "unit": "mg/kg"})
    failed = limit.judge("0.6")
    assert failed.conformity is Conformity.NONCONFORMING
    assert failed.measured == Decimal("0.6")
    assert "不符合" in failed.reason_zh and "≤ 0.5 mg/kg" in failed.reason_zh
    assert "fails" in failed.reason_en and "0.6 mg/kg" in failed.reason_en
    passed = limit.judge("0.5")
    assert "符合要求" in passed.reason_zh and "meets" in passed.reason_en


def test_results_may_carry_the_limit_unit_and_full_width_characters() -> None:
    limit = Limit.from_dict({"op": "le", "value": "3", "unit": "mg/g"})
    assert limit.judge("2.5 mg/g").conforming is True
    assert limit.judge("３．５ｍｇ/ｇ").conforming is False
    percent = Limit.from_dict({"op": "ge", "value": "40.0", "unit": "%"})
    assert percent.judge("41.2%").conforming is True
    with pytest.raises(InvalidResultError):
        limit.judge("2.5 g/kg")


def test_not_detected_words_count_as_zero_for_numeric_limits() -> None:
    le = Limit.from_dict({"op": "le", "value": "10", "unit": "μg/kg"})
    for word in ("未检出", "ND", "n.d.", "Not Detected"):
        judgement = le.judge(word)
        assert judgement.conforming is True
        assert judgement.measured is None
    assert Limit.from_dict({"op": "ge", "value": "0.4"}).judge("未检出").conforming is False


def test_below_a_detection_limit_is_judged_only_when_decidable() -> None:
    le = Limit.from_dict({"op": "le", "value": "0.05", "unit": "mg/kg"})
    assert le.judge("<0.01").conforming is True
    assert le.judge("＜0.05 mg/kg").conforming is True
    with pytest.raises(InvalidResultError) as caught:
        le.judge("<0.1")
    assert "lower detection limit" in caught.value.message_en
    ge = Limit.from_dict({"op": "ge", "value": "1"})
    assert ge.judge("<0.5").conforming is False
    rng = Limit.from_dict({"op": "range", "low": "0", "high": "2"})
    assert rng.judge("<1").conforming is True
    assert Limit.from_dict({"op": "range", "low": "3", "high": "5"}).judge("<2").conforming is False
    for bad in ("<0", "<-1", "<abc", "<"):
        with pytest.raises(InvalidResultError):
            le.judge(bad)


@pytest.mark.parametrize("value", ["", "   ", "abc", "1e3", "1,5", "--1", "0.3.1"])
def test_unreadable_results_raise(value: str) -> None:
    with pytest.raises(InvalidResultError) as caught:
        Limit.from_dict({"op": "le", "value": "1"}).judge(value)
    assert caught.value.value == value
    assert caught.value.message_zh and caught.value.message_en


# ---------------------------------------------------------------- other ops


def test_not_detected_limit() -> None:
    limit = Limit.from_dict({"op": "not_detected", "unit": "μg/kg"})
    assert limit.judge("未检出").conforming is True
    assert limit.judge("<0.5").conforming is True
    assert limit.judge("0").conforming is True
    detected = limit.judge("0.8 μg/kg")
    assert detected.conforming is False
    assert detected.measured == Decimal("0.8")
    assert "检出 0.8 μg/kg" in detected.reason_zh
    with pytest.raises(InvalidResultError):
        limit.judge("-1")
    with pytest.raises(InvalidResultError):
        limit.judge("阳性")


def test_text_limit_compares_folded_text() -> None:
    limit = Limit.from_dict({"op": "text", "text": "无异味"})
    assert limit.judge("无异味").conforming is True
    assert limit.judge("  无异味 ").conforming is True
    assert limit.judge("有异味").conforming is False
    assert Limit.from_dict({"op": "text", "text": "商业 无菌"}).judge("商业　无菌").conforming is True
    with pytest.raises(InvalidResultError):
        limit.judge(" ")


def test_info_limit_is_never_judged() -> None:
    judgement = Limit.from_dict({"op": "info", "unit": "%vol"}).judge("anything at all")
    assert judgement.conformity is Conformity.NOT_JUDGED
    assert judgement.conforming is None


# ---------------------------------------------------------------- properties


@given(result=plain_decimals, bound=plain_decimals, op=st.sampled_from(["le", "lt", "ge", "gt"]))
def test_numeric_judgement_matches_decimal_comparison(result: Decimal, bound: Decimal, op: str) -> None:
    limit = Limit.from_dict({"op": op, "value": _plain(bound), "unit": "mg/kg"})
    expected = {
        "le": result <= bound,
        "lt": result < bound,
        "ge": result >= bound,
        "gt": result > bound,
    }[op]
    assert limit.judge(_plain(result)).conforming is expected
    assert limit.judge(f"{_plain(result)} mg/kg").conforming is expected


@given(result=plain_decimals, a=plain_decimals, b=plain_decimals)
def test_range_judgement_is_inclusive(result: Decimal, a: Decimal, b: Decimal) -> None:
    low, high = min(a, b), max(a, b)
    limit = Limit.from_dict({"op": "range", "low": _plain(low), "high": _plain(high)})
    assert limit.judge(_plain(result)).conforming is (low <= result <= high)


@given(bound=st.decimals(min_value="0.001", max_value=1000, places=3), value=plain_decimals)
def test_below_results_agree_with_every_value_they_stand_for(bound: Decimal, value: Decimal) -> None:
    # "<bound" stands for [0, bound); "≤ value" is monotone, so the two ends of that interval decide it.
    limit = Limit.from_dict({"op": "le", "value": _plain(value)})
    at_zero = Decimal(0) <= value
    just_below_bound = bound <= value
    if at_zero == just_below_bound:
        assert limit.judge(f"<{_plain(bound)}").conforming is at_zero
    else:
        with pytest.raises(InvalidResultError):
            limit.judge(f"<{_plain(bound)}")


@settings(max_examples=300)
@given(value=st.text(max_size=30), op=st.sampled_from(list(LimitOp)))
def test_judge_any_text_gives_a_judgement_or_invalid_result(value: str, op: LimitOp) -> None:
    data: dict[str, str] = {"op": op.value, "unit": "mg/kg"}
    if op in (LimitOp.LE, LimitOp.LT, LimitOp.GE, LimitOp.GT):
        data["value"] = "0.5"
    elif op is LimitOp.RANGE:
        data |= {"low": "0.1", "high": "0.9"}
    elif op is LimitOp.TEXT:
        data["text"] = "符合"
    limit = Limit.from_dict(data)
    try:
        judgement = limit.judge(value)
    except InvalidResultError as error:
        assert error.value == value
    else:
        assert judgement.reason_zh and judgement.reason_en


@given(
    op=st.sampled_from(["le", "lt", "ge", "gt"]),
    value=plain_decimals,
    unit=st.none() | st.sampled_from(["mg/kg", "%", "Ω/km"]),
)
def test_to_dict_round_trips(op: str, value: Decimal, unit: str | None) -> None:
    data = {"op": op, "value": _plain(value)}
    if unit:
        data["unit"] = unit
    limit = Limit.from_dict(data)
    assert limit.to_dict() == data
    assert Limit.from_dict(limit.to_dict()) == limit
