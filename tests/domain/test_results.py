"""Judging a sample's result lines: any failing item fails the sample, missing values leave it incomplete."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector_app.domain.errors import InvalidResultError
from inspector_app.domain.limits import Conformity, Limit, LimitOp
from inspector_app.domain.results import (
    LineStatus,
    ResultLine,
    SampleJudgement,
    SampleVerdict,
    judge_line,
    judge_results,
    lines_from_list,
    lines_to_list,
)

ACID = Limit(LimitOp.LE, value=Decimal("3"), unit="mg/g")
PEROXIDE = Limit(LimitOp.LE, value=Decimal("0.25"), unit="g/100g")
METHAMIDOPHOS = Limit(LimitOp.NOT_DETECTED)
ODOUR = Limit(LimitOp.TEXT, text="无异味")
PH = Limit(LimitOp.RANGE, low=Decimal("5.5"), high=Decimal("8.5"))
TEST_DATE = Limit(LimitOp.INFO)


def line(code: str, value: str, limit: Limit, unit: str = "") -> ResultLine:
    return ResultLine(item_code=code, item_name=f"项目{code}", value=value, unit=unit, limit=limit)


def test_all_items_within_their_limits_is_conforming() -> None:
    judgement = judge_results(
        [
            line("I01", "1.2", ACID, "mg/g"),
            line("I02", "0.25", PEROXIDE, "g/100g"),  # exactly on the limit
            line("I03", "未检出", METHAMIDOPHOS),
            line("I04", "无异味", ODOUR),
            line("I05", "2025-10-09", TEST_DATE),
        ]
    )
    assert judgement.verdict is SampleVerdict.CONFORMING
    assert [entry.status for entry in judgement.lines] == [
        LineStatus.CONFORMING,
        LineStatus.CONFORMING,
        LineStatus.CONFORMING,
        LineStatus.CONFORMING,
        LineStatus.NOT_JUDGED,
    ]
    assert "4" in judgement.reason_zh and judgement.failing == () and judgement.open_lines == ()
    assert judgement.lines[1].reason_zh == "结果 0.25 g/100g，符合要求 ≤ 0.25 g/100g"
    assert judgement.lines[1].measured == Decimal("0.25")


def test_one_failing_item_makes_the_sample_nonconforming_even_with_others_missing() -> None:
    judgement = judge_results(
        [
            line("I01", "1.2", ACID, "mg/g"),
            line("I02", "0.31", PEROXIDE, "g/100g"),
            line("I03", "", METHAMIDOPHOS),
        ]
    )
    assert judgement.verdict is SampleVerdict.NONCONFORMING
    assert [entry.item_code for entry in judgement.failing] == ["I02"]
    assert judgement.failing[0].reason_zh == "结果 0.31 g/100g，不符合要求 ≤ 0.25 g/100g"
    assert "项目I02" in judgement.reason_zh and "1 项尚无有效结果" in judgement.reason_zh
    assert "项目I02" in judgement.reason_en and judgement.verdict.value == "nonconforming"


def test_an_item_without_value_leaves_the_sample_incomplete() -> None:
    judgement = judge_results([line("I01", "1.2", ACID, "mg/g"), line("I02", "  ", PEROXIDE, "g/100g")])
    assert judgement.verdict is SampleVerdict.INCOMPLETE
    assert judgement.lines[1].status is LineStatus.MISSING
    assert [entry.item_code for entry in judgement.open_lines] == ["I02"]


def test_an_unreadable_value_is_not_judged_and_says_why() -> None:
    judgement = judge_results([line("I01", "about one", ACID, "mg/g")])
    assert judgement.verdict is SampleVerdict.INCOMPLETE
    assert judgement.lines[0].status is LineStatus.UNREADABLE
    assert "不是有效数值" in judgement.lines[0].reason_zh


def test_a_result_in_another_unit_than_its_limit_is_never_compared() -> None:
    # 0.002 g/g is 2 mg/g (conforming) but 0.002 compared with 3 as if it were mg/g would pass anything.
    wrong_unit = judge_line(line("I01", "4", ACID, "g/kg"))
    assert wrong_unit.status is LineStatus.UNREADABLE and "单位" in wrong_unit.reason_zh
    # Full-width and spaced spellings of the same unit are the same unit.
    assert judge_line(line("I01", "4", ACID, "ｍｇ / ｇ")).status is LineStatus.NONCONFORMING


def test_info_items_never_decide_and_nothing_judged_is_incomplete() -> None:
    only_info = judge_results([line("I01", "2025-10-09", TEST_DATE), line("I02", "", TEST_DATE)])
    assert only_info.verdict is SampleVerdict.INCOMPLETE
    assert all(entry.status is LineStatus.NOT_JUDGED for entry in only_info.lines)
    assert judge_results([]).verdict is SampleVerdict.INCOMPLETE


def test_line_judgement_gives_the_limit_judgement() -> None:
    unreadable = judge_line(line("I01", "检出 0.2", METHAMIDOPHOS))
    assert unreadable.status is LineStatus.UNREADABLE and unreadable.judgement is None
    detected = judge_line(line("I01", "0.2", METHAMIDOPHOS))
    assert detected.judgement is not None and detected.judgement.conformity is Conformity.NONCONFORMING
    assert judge_line(line("I05", "x", TEST_DATE)).judgement == TEST_DATE.judge("x")


def test_result_lines_round_trip_through_json() -> None:
    lines = [
        ResultLine(
            item_code="I01",
            item_name="毒死蜱",
            value="<0.01",
            limit=Limit(LimitOp.LE, value=Decimal("0.1"), unit="mg/kg"),
            unit="mg/kg",
            method_standard="GB 23200.113-2018",
            judging_standard="GB 2763-2021",
            detection_limit="0.01 mg/kg",
            rapid_test=True,
            report_number="R2025-001",
            lab="某检验所",
            note="复检",
        ),
        line("I02", "5.8", PH),
    ]
    data = json.loads(json.dumps(lines_to_list(lines)))
    assert lines_from_list(data) == tuple(lines)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"surprise": 1}, "unknown field"),
        ({"value": 3}, r"lines\[0\]\.value: expected text"),
        ({"rapid_test": "yes"}, "rapid_test"),
        ({"limit": {"op": "le"}}, r"lines\[0\]\.limit"),
    ],
)
def test_bad_result_lines_are_refused_by_field(change: dict[str, object], message: str) -> None:
    data = line("I01", "1", ACID).to_dict() | change
    with pytest.raises(ValueError, match=message):
        lines_from_list([data])


def test_missing_fields_and_non_lists_are_refused() -> None:
    data = line("I01", "1", ACID).to_dict()
    del data["value"]
    with pytest.raises(ValueError, match=r"value: missing"):
        lines_from_list([data])
    with pytest.raises(ValueError, match="expected a list"):
        lines_from_list({"I01": data})


def test_sample_judgement_round_trips_and_keeps_the_reasoning_as_sealed() -> None:
    judgement = judge_results(
        [line("I01", "3.2", ACID, "mg/g"), line("I02", "", PEROXIDE), line("I03", "x", TEST_DATE)]
    )
    data = json.loads(json.dumps(judgement.to_dict()))
    assert SampleJudgement.from_dict(data) == judgement
    with pytest.raises(ValueError, match="verdict"):
        SampleJudgement.from_dict({**data, "verdict": "fine"})
    with pytest.raises(ValueError, match="measured"):
        bad_line = {**data["lines"][0], "measured": "NaN"}
        SampleJudgement.from_dict({**data, "lines": [bad_line]})


# ---------------------------------------------------------------------------- properties

decimals = st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=3, allow_nan=False)


@given(st.lists(st.tuples(decimals, decimals), min_size=1, max_size=8))
def test_the_sample_fails_exactly_when_some_numeric_item_exceeds_its_limit(
    pairs: list[tuple[Decimal, Decimal]],
) -> None:
    lines = [
        line(f"I{index:02d}", str(value), Limit(LimitOp.LE, value=limit, unit="mg/kg"), "mg/kg")
        for index, (value, limit) in enumerate(pairs)
    ]
    judgement = judge_results(lines)
    failing = [index for index, (value, limit) in enumerate(pairs) if value > limit]
    expected = SampleVerdict.NONCONFORMING if failing else SampleVerdict.CONFORMING
    assert judgement.verdict is expected
    assert [entry.item_code for entry in judgement.failing] == [f"I{index:02d}" for index in failing]


@given(st.text(max_size=40), st.sampled_from([ACID, PEROXIDE, METHAMIDOPHOS, ODOUR, PH, TEST_DATE]))
def test_any_typed_value_is_judged_or_explained_never_crashes(value: str, limit: Limit) -> None:
    entry = judge_line(line("I01", value, limit))
    assert entry.reason_zh and entry.reason_en
    if entry.status in (LineStatus.CONFORMING, LineStatus.NONCONFORMING):
        # The line agrees with the limit's own judgement.
        assert limit.judge(value).conformity.value == entry.status.value
    elif entry.status is LineStatus.UNREADABLE:
        with pytest.raises(InvalidResultError):
            limit.judge(value)


@given(st.lists(st.tuples(st.text(max_size=12), st.sampled_from([ACID, ODOUR, PH, TEST_DATE])), max_size=6))
def test_verdict_rule_holds_for_any_mix(entries: list[tuple[str, Limit]]) -> None:
    judgement = judge_results([line(f"I{index}", value, limit) for index, (value, limit) in enumerate(entries)])
    statuses = {entry.status for entry in judgement.lines}
    if LineStatus.NONCONFORMING in statuses:
        assert judgement.verdict is SampleVerdict.NONCONFORMING
    elif statuses & {LineStatus.MISSING, LineStatus.UNREADABLE} or LineStatus.CONFORMING not in statuses:
        assert judgement.verdict is SampleVerdict.INCOMPLETE
    else:
        assert judgement.verdict is SampleVerdict.CONFORMING
    assert SampleJudgement.from_dict(json.loads(json.dumps(judgement.to_dict()))) == judgement
