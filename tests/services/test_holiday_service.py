"""The holiday schedule in the store: filled from chinesecalendar, read back as a WorkingDayCalendar."""

from __future__ import annotations

import datetime as dt
import time

import chinese_calendar  # type: ignore[import-untyped]
import pytest
from sqlalchemy import func, select

from inspector_app.domain.catalogue import CatalogueDomain
from inspector_app.domain.deadlines import DayType, DeadlineRule, compute_deadlines
from inspector_app.domain.errors import UnknownCalendarYearError
from inspector_app.services.holiday_service import (
    HOLIDAY,
    WORKDAY,
    ensure_holiday_calendar,
    load_calendar,
    package_source,
    package_years,
    schedule_for_year,
)
from inspector_app.services.rules_service import RulesService, ensure_default_rules
from inspector_app.services.workspace import Workspace
from inspector_app.storage.models import HolidayDay, HolidayYear

D = dt.date


def test_every_year_the_package_knows_is_stored_once(workspace: Workspace) -> None:
    report = ensure_holiday_calendar(workspace.database)
    years = package_years()
    assert {2024, 2025, 2026} <= set(years)
    assert report.added_years == years and report.kept_years == () and report.changed
    assert report.source == package_source() and report.source.startswith("chinesecalendar ")
    with workspace.database.session() as session:
        stored = list(session.scalars(select(HolidayYear.year).order_by(HolidayYear.year)))
        sources = set(session.scalars(select(HolidayYear.source)))
        day_count = session.scalar(select(func.count()).select_from(HolidayDay))
    assert tuple(stored) == years and sources == {report.source}
    assert day_count == report.days_added > 0

    started = time.perf_counter()
    second = ensure_holiday_calendar(workspace.database)
    elapsed = time.perf_counter() - started
    assert second.added_years == () and second.kept_years == years and not second.changed
    assert second.days_added == 0
    assert elapsed < 0.5  # one small query, no re-scan of the package


def test_years_the_package_does_not_know_are_not_stored(workspace: Workspace) -> None:
    ensure_holiday_calendar(workspace.database)
    unknown = max(package_years()) + 1
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(unknown, 6, 1))
    calendar = load_calendar(workspace.database)
    assert not calendar.knows(unknown)
    with pytest.raises(UnknownCalendarYearError) as caught:
        calendar.is_working_day(D(unknown, 6, 1))
    assert caught.value.message_zh == f"{unknown} 年节假日安排未知，无法计算截止日期"


def test_a_year_already_in_the_store_is_left_alone(workspace: Workspace) -> None:
    # A year sent by HQ (here: 2025 with one invented extra holiday) is never overwritten by the package.
    with workspace.database.session() as session:
        session.add(HolidayYear(year=2025, source="HQ", hq_seq=7))
        session.add(HolidayDay(day=D(2025, 3, 3), kind=HOLIDAY, name="HQ", hq_seq=7))
    report = ensure_holiday_calendar(workspace.database)
    assert 2025 in report.kept_years and 2025 not in report.added_years
    calendar = load_calendar(workspace.database)
    assert not calendar.is_working_day(D(2025, 3, 3))
    assert calendar.is_working_day(D(2025, 10, 6))  # the package's 中秋 2025 was not added for HQ's year
    assert not calendar.is_working_day(D(2026, 2, 16))  # other years still came from the package


def test_loaded_calendar_matches_the_package_day_by_day(workspace: Workspace) -> None:
    ensure_holiday_calendar(workspace.database)
    calendar = load_calendar(workspace.database)
    day = D(2024, 1, 1)
    while day <= D(2026, 12, 31):
        assert calendar.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_schedule_names_and_kinds_for_national_day_2025() -> None:
    schedule = {entry.day: entry for entry in schedule_for_year(2025)}
    assert schedule[D(2025, 9, 28)].kind == WORKDAY and schedule[D(2025, 9, 28)].name == "国庆节"
    assert schedule[D(2025, 10, 11)].kind == WORKDAY
    assert schedule[D(2025, 10, 6)].kind == HOLIDAY and schedule[D(2025, 10, 6)].name == "中秋"
    assert schedule[D(2025, 10, 4)].kind == HOLIDAY  # a Saturday inside the holiday
    assert D(2025, 10, 12) not in schedule  # an ordinary Sunday
    assert D(2025, 10, 9) not in schedule  # an ordinary Thursday


def test_an_unknown_kind_in_the_table_is_refused(workspace: Workspace) -> None:
    with workspace.database.session() as session:
        session.add(HolidayDay(day=D(2025, 3, 3), kind="half", name=""))
    with pytest.raises(ValueError, match="half"):
        load_calendar(workspace.database)


def test_food_objection_from_stored_rules_and_schedule(workspace: Workspace) -> None:
    """End to end on a real store: the shipped rules and the package's schedule give 13 October 2025."""
    ensure_default_rules(workspace.database)
    ensure_holiday_calendar(workspace.database)
    rules = [
        DeadlineRule(
            code=rule.code,
            name=rule.name,
            amount=rule.amount,
            day_type=DayType(rule.day_type),
            legal_source=rule.legal_source,
            applies_to=rule.applies_to,
            confidence=rule.confidence,
            note=rule.note,
        )
        for rule in RulesService(workspace.database).list_rules()
    ]
    calendar = load_calendar(workspace.database)
    [objection] = compute_deadlines(
        D(2025, 9, 26), CatalogueDomain.FOOD, rapid_test=False, nonconforming=False, rules=rules, calendar=calendar
    )
    assert objection.due == D(2025, 10, 13)
    late = max(package_years())
    [unknown] = compute_deadlines(
        D(late, 12, 28), CatalogueDomain.FOOD, rapid_test=False, nonconforming=False, rules=rules, calendar=calendar
    )
    assert unknown.due is None and f"{late + 1} 年节假日安排未知" in unknown.note_zh
