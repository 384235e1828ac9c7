"""Deadlines from the rules table, counted on the real 2024–2026 holiday schedules (State Council notices)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector_app.domain.catalogue import CatalogueDomain
from inspector_app.domain.deadlines import (
    AFTER_FAILURE_CORRECTION,
    AFTER_FAILURE_RECHECK,
    OBJECTION_FARM_RAPID_TEST,
    OBJECTION_FOOD,
    OBJECTION_INDUSTRIAL,
    REPEAT_CHECK_WINDOW,
    DayType,
    Deadline,
    DeadlineRule,
    WorkingDayCalendar,
    add_months,
    compute_deadline,
    compute_deadlines,
    due_soon,
)
from inspector_app.domain.errors import UnknownCalendarYearError
from inspector_app.resources import resource_path

D = dt.date

# The official schedules (国务院办公厅关于部分节假日安排的通知) for 2024, 2025 and 2026: holidays on weekdays and
# weekends, and the weekend days worked in exchange. Written out here so the domain tests need no package.
HOLIDAYS_2024 = (
    [D(2024, 1, 1)]
    + [D(2024, 2, day) for day in range(10, 18)]
    + [D(2024, 4, 4), D(2024, 4, 5), D(2024, 4, 6)]
    + [D(2024, 5, day) for day in range(1, 6)]
    + [D(2024, 6, 10), D(2024, 9, 15), D(2024, 9, 16), D(2024, 9, 17)]
    + [D(2024, 10, day) for day in range(1, 8)]
)
WORKDAYS_2024 = [D(2024, 2, 4), D(2024, 2, 18), D(2024, 4, 7), D(2024, 4, 28), D(2024, 5, 11), D(2024, 9, 14)]
WORKDAYS_2024 += [D(2024, 9, 29), D(2024, 10, 12)]
HOLIDAYS_2025 = (
    [D(2025, 1, 1)]
    + [D(2025, 1, day) for day in range(28, 32)]
    + [D(2025, 2, day) for day in range(1, 5)]
    + [D(2025, 4, 4), D(2025, 4, 5), D(2025, 4, 6)]
    + [D(2025, 5, day) for day in range(1, 6)]
    + [D(2025, 5, 31), D(2025, 6, 1), D(2025, 6, 2)]
    + [D(2025, 10, day) for day in range(1, 9)]
)
WORKDAYS_2025 = [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)]
HOLIDAYS_2026 = (
    [D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3)]
    + [D(2026, 2, day) for day in range(15, 24)]
    + [D(2026, 4, 4), D(2026, 4, 5), D(2026, 4, 6)]
    + [D(2026, 5, day) for day in range(1, 6)]
    + [D(2026, 6, 19), D(2026, 6, 20), D(2026, 6, 21)]
    + [D(2026, 9, 25), D(2026, 9, 26), D(2026, 9, 27)]
    + [D(2026, 10, day) for day in range(1, 8)]
)
WORKDAYS_2026 = [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)]

CALENDAR = WorkingDayCalendar(
    holidays=set(HOLIDAYS_2024 + HOLIDAYS_2025 + HOLIDAYS_2026),
    adjusted_workdays=set(WORKDAYS_2024 + WORKDAYS_2025 + WORKDAYS_2026),
    known_years={2024, 2025, 2026},
)


def shipped_rules() -> list[DeadlineRule]:
    """The rules of resources/rules/rules.json, as the services hand them to the domain."""
    document = json.loads(resource_path("rules", "rules.json").read_text(encoding="utf-8"))
    return [
        DeadlineRule(
            code=entry["code"],
            name=entry["name"],
            amount=entry["amount"],
            day_type=DayType(entry["day_type"]),
            legal_source=entry["legal_source"],
            applies_to=entry["applies_to"],
            confidence=entry["confidence"],
            note=entry.get("note", ""),
        )
        for entry in document["rules"]
    ]


RULES = shipped_rules()
BY_CODE = {rule.code: rule for rule in RULES}


# ---------------------------------------------------------------------------- the calendar


def test_adjusted_weekend_days_are_working_days_and_holidays_are_not() -> None:
    assert CALENDAR.is_working_day(D(2025, 9, 28))  # Sunday worked before 国庆
    assert CALENDAR.is_working_day(D(2025, 10, 11))  # Saturday worked after 国庆
    assert not CALENDAR.is_working_day(D(2025, 10, 6))  # Monday, 中秋
    assert not CALENDAR.is_working_day(D(2025, 10, 12))  # an ordinary Sunday
    assert CALENDAR.is_working_day(D(2025, 10, 9))  # an ordinary Thursday
    assert CALENDAR.is_working_day(D(2026, 2, 14)) and CALENDAR.is_working_day(D(2026, 2, 28))
    assert not CALENDAR.is_working_day(D(2026, 2, 16))


def test_seven_working_days_across_national_day_2025() -> None:
    # Received Friday 26 September: 28 Sep (Sun, worked) 1, 29 Sep 2, 30 Sep 3, 1-8 Oct holiday, 9 Oct 4,
    # 10 Oct 5, 11 Oct (Sat, worked) 6, 12 Oct Sunday, 13 Oct 7.
    assert CALENDAR.add_working_days(D(2025, 9, 26), 7) == D(2025, 10, 13)
    assert CALENDAR.add_working_days(D(2025, 9, 26), 1) == D(2025, 9, 28)
    assert CALENDAR.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)
    # Received on a holiday: the count still starts the next day.
    assert CALENDAR.add_working_days(D(2025, 10, 3), 3) == D(2025, 10, 11)


def test_seven_working_days_across_spring_festival_2026() -> None:
    # Received Thursday 12 February: 13 Feb 1, 14 Feb (Sat, worked) 2, 15-23 Feb holiday, 24 Feb 3, 25 4, 26 5,
    # 27 6, 28 Feb (Sat, worked) 7.
    assert CALENDAR.add_working_days(D(2026, 2, 12), 7) == D(2026, 2, 28)
    # Without the adjusted Saturdays a plain Monday-to-Friday count would say 3 March.
    plain = WorkingDayCalendar(holidays=set(HOLIDAYS_2026), adjusted_workdays=set(), known_years={2026})
    assert plain.add_working_days(D(2026, 2, 12), 7) == D(2026, 3, 3)


def test_zero_working_days_is_the_start_and_negative_is_refused() -> None:
    assert CALENDAR.add_working_days(D(2025, 10, 4), 0) == D(2025, 10, 4)
    with pytest.raises(ValueError, match="negative"):
        CALENDAR.add_working_days(D(2025, 10, 4), -1)


def test_an_unknown_year_is_never_guessed() -> None:
    with pytest.raises(UnknownCalendarYearError) as caught:
        CALENDAR.is_working_day(D(2027, 3, 3))
    assert caught.value.year == 2027
    assert caught.value.message_zh == "2027 年节假日安排未知，无法计算截止日期"
    # 31 December 2026 is a Thursday: one working day fits, the second would be in 2027.
    assert CALENDAR.add_working_days(D(2026, 12, 30), 1) == D(2026, 12, 31)
    with pytest.raises(UnknownCalendarYearError, match="2027"):
        CALENDAR.add_working_days(D(2026, 12, 30), 2)
    # The start itself may be in an unknown year only if no day of it is examined.
    with pytest.raises(UnknownCalendarYearError, match="2023"):
        CALENDAR.add_working_days(D(2023, 12, 30), 3)


def test_calendar_is_frozen_and_refuses_contradictions() -> None:
    holidays = {D(2025, 10, 1)}
    calendar = WorkingDayCalendar(holidays=holidays, adjusted_workdays=set(), known_years={2025})
    holidays.add(D(2025, 10, 9))
    assert calendar.is_working_day(D(2025, 10, 9))
    with pytest.raises(ValueError, match="2025-10-01"):
        WorkingDayCalendar(holidays={D(2025, 10, 1)}, adjusted_workdays={D(2025, 10, 1)}, known_years={2025})


@given(st.dates(D(2024, 1, 1), D(2026, 11, 30)), st.integers(1, 20))
def test_working_day_count_lands_on_a_working_day_after_exactly_n_of_them(start: dt.date, count: int) -> None:
    due = CALENDAR.add_working_days(start, count)
    assert due > start
    assert CALENDAR.is_working_day(due)
    days = [start + dt.timedelta(days=offset) for offset in range(1, (due - start).days + 1)]
    assert sum(CALENDAR.is_working_day(day) for day in days) == count


@given(st.dates(D(1900, 1, 1), D(2200, 12, 31)), st.integers(-1200, 1200))
def test_add_months_keeps_the_day_or_takes_the_month_end(start: dt.date, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day == start.day or (result.day < start.day and (result + dt.timedelta(days=1)).day == 1)


def test_add_months_examples() -> None:
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2023, 8, 31), 6) == D(2024, 2, 29)
    assert add_months(D(2025, 3, 15), 6) == D(2025, 9, 15)
    assert add_months(D(2025, 3, 31), -1) == D(2025, 2, 28)


# ---------------------------------------------------------------------------- rules → deadlines


def test_industrial_objection_is_15_calendar_days_from_the_day_after() -> None:
    [objection] = compute_deadlines(
        D(2025, 3, 3), CatalogueDomain.INDUSTRIAL, rapid_test=False, nonconforming=False, rules=RULES, calendar=CALENDAR
    )
    assert objection.code == OBJECTION_INDUSTRIAL
    assert objection.due == D(2025, 3, 18)
    assert objection.day_type is DayType.CALENDAR_DAYS
    assert "产品质量法" in objection.legal_source
    assert objection.name_zh == BY_CODE[OBJECTION_INDUSTRIAL].name
    assert objection.name_en and objection.confidence == "A"


def test_calendar_day_deadline_on_a_holiday_is_not_extended_but_says_when_it_would_be() -> None:
    # 16 September 2025 + 15 days = 1 October, National Day: kept, and the note names 9 October.
    deadline = compute_deadline(BY_CODE[OBJECTION_INDUSTRIAL], D(2025, 9, 16), CALENDAR)
    assert deadline.due == D(2025, 10, 1)
    assert "不顺延" in deadline.note_zh and "2025-10-09" in deadline.note_zh
    assert "2025-10-09" in deadline.note_en


def test_a_rule_that_extends_past_holidays_moves_to_the_next_working_day() -> None:
    extending = DeadlineRule(
        code="objection_industrial",
        name="异议",
        amount=15,
        day_type=DayType.CALENDAR_DAYS,
        legal_source="test",
        applies_to="industrial",
        extends_past_holidays=True,
    )
    assert compute_deadline(extending, D(2025, 9, 16), CALENDAR).due == D(2025, 10, 9)
    assert compute_deadline(extending, D(2025, 3, 3), CALENDAR).due == D(2025, 3, 18)
    # Ending in unknown 2027, whether the last day is a rest day cannot be told: no date, and it says why.
    late = compute_deadline(extending, D(2026, 12, 20), CALENDAR)
    assert late.due is None and "2027 年节假日安排未知" in late.note_zh


def test_calendar_day_deadline_in_an_unknown_year_still_has_its_date() -> None:
    deadline = compute_deadline(BY_CODE[OBJECTION_INDUSTRIAL], D(2026, 12, 20), CALENDAR)
    assert deadline.due == D(2027, 1, 4)


def test_food_objection_is_7_working_days() -> None:
    [objection] = compute_deadlines(
        D(2025, 9, 26), CatalogueDomain.FOOD, rapid_test=False, nonconforming=False, rules=RULES, calendar=CALENDAR
    )
    assert objection.code == OBJECTION_FOOD
    assert objection.due == D(2025, 10, 13)
    assert objection.day_type is DayType.WORKING_DAYS
    assert "食品安全法" in objection.legal_source


def test_food_objection_in_an_unknown_year_says_it_cannot_be_computed() -> None:
    [objection] = compute_deadlines(
        D(2026, 12, 25), CatalogueDomain.FOOD, rapid_test=False, nonconforming=False, rules=RULES, calendar=CALENDAR
    )
    assert objection.due is None and not objection.computable
    assert objection.note_zh.startswith("2027 年节假日安排未知，无法计算截止日期")
    assert "2027" in objection.note_en


def test_rapid_test_of_farm_produce_gives_four_hours() -> None:
    received = dt.datetime(2025, 10, 1, 22, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    [objection] = compute_deadlines(
        received, CatalogueDomain.FARM_PRODUCE, rapid_test=True, nonconforming=True, rules=RULES, calendar=CALENDAR
    )
    assert objection.code == OBJECTION_FARM_RAPID_TEST
    assert objection.due == dt.datetime(2025, 10, 2, 2, 30, tzinfo=received.tzinfo)
    assert objection.day_type is DayType.HOURS
    # Only a date: the hours cannot be counted, and the deadline says so.
    [dateless] = compute_deadlines(
        D(2025, 10, 1),
        CatalogueDomain.FARM_PRODUCE,
        rapid_test=True,
        nonconforming=False,
        rules=RULES,
        calendar=CALENDAR,
    )
    assert dateless.due is None and "具体时刻" in dateless.note_zh


def test_farm_produce_tested_in_a_lab_follows_the_food_rule() -> None:
    [objection] = compute_deadlines(
        D(2025, 9, 26),
        CatalogueDomain.FARM_PRODUCE,
        rapid_test=False,
        nonconforming=False,
        rules=RULES,
        calendar=CALENDAR,
    )
    assert objection.code == OBJECTION_FOOD and objection.due == D(2025, 10, 13)


def test_nonconforming_industrial_result_adds_correction_and_recheck() -> None:
    deadlines = compute_deadlines(
        D(2025, 3, 3), CatalogueDomain.INDUSTRIAL, rapid_test=False, nonconforming=True, rules=RULES, calendar=CALENDAR
    )
    assert [(d.code, d.due) for d in deadlines] == [
        (OBJECTION_INDUSTRIAL, D(2025, 3, 18)),
        (AFTER_FAILURE_CORRECTION, D(2025, 5, 2)),
        (AFTER_FAILURE_RECHECK, D(2025, 5, 17)),
    ]
    assert all(d.legal_source for d in deadlines)


def test_follow_up_rules_apply_only_to_their_domain() -> None:
    # The shipped correction and re-check rules are for industrial products.
    deadlines = compute_deadlines(
        D(2025, 3, 3), CatalogueDomain.FOOD, rapid_test=False, nonconforming=True, rules=RULES, calendar=CALENDAR
    )
    assert [d.code for d in deadlines] == [OBJECTION_FOOD]
    # HQ widening a rule to "all" is followed without a code change.
    widened = [
        DeadlineRule(
            code=r.code,
            name=r.name,
            amount=r.amount,
            day_type=r.day_type,
            legal_source=r.legal_source,
            applies_to="all" if r.code == AFTER_FAILURE_CORRECTION else r.applies_to,
        )
        for r in RULES
    ]
    deadlines = compute_deadlines(
        D(2025, 3, 3), CatalogueDomain.FOOD, rapid_test=False, nonconforming=True, rules=widened, calendar=CALENDAR
    )
    assert [d.code for d in deadlines] == [OBJECTION_FOOD, AFTER_FAILURE_CORRECTION]


def test_amounts_come_from_the_rules_not_the_code() -> None:
    changed = [
        DeadlineRule(
            code=OBJECTION_INDUSTRIAL,
            name="异议期限",
            amount=20,
            day_type=DayType.CALENDAR_DAYS,
            legal_source="HQ",
        )
    ]
    [objection] = compute_deadlines(
        D(2025, 3, 3),
        CatalogueDomain.INDUSTRIAL,
        rapid_test=False,
        nonconforming=False,
        rules=changed,
        calendar=CALENDAR,
    )
    assert objection.due == D(2025, 3, 23)


def test_a_missing_rule_gives_a_deadline_that_says_so() -> None:
    deadlines = compute_deadlines(
        D(2025, 3, 3), CatalogueDomain.INDUSTRIAL, rapid_test=False, nonconforming=True, rules=[], calendar=CALENDAR
    )
    assert [d.code for d in deadlines] == [OBJECTION_INDUSTRIAL, AFTER_FAILURE_CORRECTION, AFTER_FAILURE_RECHECK]
    assert all(d.due is None and "规则表中没有规则" in d.note_zh for d in deadlines)


def test_months_rule_counts_calendar_months() -> None:
    deadline = compute_deadline(BY_CODE[REPEAT_CHECK_WINDOW], D(2025, 8, 31), CALENDAR)
    assert deadline.due == D(2026, 2, 28) and deadline.day_type is DayType.MONTHS


def test_rule_values_are_checked() -> None:
    with pytest.raises(ValueError, match="positive"):
        DeadlineRule(code="x", name="x", amount=0, day_type=DayType.CALENDAR_DAYS, legal_source="s")
    with pytest.raises(ValueError):
        DeadlineRule(code="x", name="x", amount=1, day_type="fortnights", legal_source="s")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- due soon, JSON


def test_due_soon_lists_the_next_deadlines_first_and_the_unknown_last() -> None:
    tz = dt.timezone(dt.timedelta(hours=8))
    now = dt.datetime(2025, 10, 10, 9, 0, tzinfo=tz)
    food = compute_deadline(BY_CODE[OBJECTION_FOOD], D(2025, 9, 26), CALENDAR)  # 13 Oct
    industrial = compute_deadline(BY_CODE[OBJECTION_INDUSTRIAL], D(2025, 9, 26), CALENDAR)  # 11 Oct
    later = compute_deadline(BY_CODE[AFTER_FAILURE_RECHECK], D(2025, 9, 26), CALENDAR)  # 10 Dec
    past = compute_deadline(BY_CODE[OBJECTION_INDUSTRIAL], D(2025, 9, 20), CALENDAR)  # 5 Oct
    hours = compute_deadline(BY_CODE[OBJECTION_FARM_RAPID_TEST], now - dt.timedelta(hours=1), CALENDAR)
    unknown = compute_deadline(BY_CODE[OBJECTION_FOOD], D(2026, 12, 28), CALENDAR)
    listed = due_soon([food, industrial, later, past, hours, unknown], now, within_days=7)
    assert listed == [hours, industrial, food, unknown]
    assert due_soon([past, food], now, 7, include_overdue=True) == [past, food]
    # A due date lasts to its end: on the last day at 23:59 it is still due, the next midnight it is past.
    last_minute = dt.datetime(2025, 10, 11, 23, 59, tzinfo=tz)
    assert due_soon([industrial], last_minute, 1) == [industrial]
    assert due_soon([industrial], last_minute + dt.timedelta(minutes=1), 1) == []


def test_deadline_json_round_trip() -> None:
    received = dt.datetime(2025, 10, 1, 22, 30, tzinfo=dt.UTC)
    for deadline in (
        compute_deadline(BY_CODE[OBJECTION_FARM_RAPID_TEST], received, CALENDAR),
        compute_deadline(BY_CODE[OBJECTION_FOOD], D(2025, 9, 26), CALENDAR),
        compute_deadline(BY_CODE[OBJECTION_FOOD], D(2026, 12, 28), CALENDAR),
    ):
        data = json.loads(json.dumps(deadline.to_dict()))
        assert Deadline.from_dict(data) == deadline
    with pytest.raises(ValueError, match="unknown"):
        Deadline.from_dict({**deadline.to_dict(), "extra": 1})
    with pytest.raises(ValueError, match="due"):
        Deadline.from_dict({**deadline.to_dict(), "due": "soon", "due_kind": "date"})


def test_a_rest_day_at_the_end_of_the_last_known_year() -> None:
    # A schedule where 31 December is a holiday and the next year is unknown.
    calendar = WorkingDayCalendar(holidays={D(2026, 12, 31)}, adjusted_workdays=set(), known_years={2026})
    rule = BY_CODE[OBJECTION_INDUSTRIAL]
    kept = compute_deadline(rule, D(2026, 12, 16), calendar)
    assert kept.due == D(2026, 12, 31)
    assert "本规则不顺延" in kept.note_zh and "若适用" not in kept.note_zh
    extending = DeadlineRule(
        code=rule.code,
        name=rule.name,
        amount=rule.amount,
        day_type=rule.day_type,
        legal_source=rule.legal_source,
        extends_past_holidays=True,
    )
    unknown = compute_deadline(extending, D(2026, 12, 16), calendar)
    assert unknown.due is None and unknown.note_zh.startswith("2027 年节假日安排未知")
