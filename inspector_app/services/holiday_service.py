"""The official holiday schedule as data: filling it from the ``chinesecalendar`` package and reading it back.

Working-day deadlines (7 working days to object to a food result, 5 to answer a reporter...) skip public holidays
and count the weekend days worked in exchange (调休). The State Council publishes each year's schedule late in the
year before; the ``chinesecalendar`` package carries the published years and raises ``NotImplementedError`` for
any other. The schedule lives in the ``holiday_days`` and ``holiday_years`` tables so that:

- the domain counts with data (:class:`WorkingDayCalendar`) and never imports the package;
- HQ can send schedules through sync (their rows carry ``hq_seq``), and every device counts the same;
- a year the store does not know makes the deadline say so instead of guessing.

``ensure_holiday_calendar`` adds every year the package knows completely and the store lacks; it never changes a
year the store already has (it may have come from HQ). Its second call costs one small query.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass
from importlib import metadata

import chinese_calendar  # type: ignore[import-untyped]
from sqlalchemy import insert, select

from inspector_app.domain.deadlines import WorkingDayCalendar
from inspector_app.storage.database import Database
from inspector_app.storage.models import HolidayDay, HolidayYear

logger = logging.getLogger(__name__)

HOLIDAY = "holiday"
WORKDAY = "workday"
# The package's schedules start in 2004; nothing earlier is looked for.
FIRST_YEAR = 2004
# How far ahead to look for published years: a schedule is announced at most about a year ahead.
YEARS_AHEAD = 3
_NAME_LENGTH = 60


@dataclass(frozen=True, slots=True)
class ScheduledDay:
    """One day that differs from "Monday to Friday": a public holiday, or a weekend day worked in exchange."""

    day: dt.date
    kind: str  # holiday | workday
    name: str


@dataclass(frozen=True, slots=True)
class HolidayReport:
    """What ``ensure_holiday_calendar`` did: the years it added (with how many days) and the years already there."""

    added_years: tuple[int, ...]
    kept_years: tuple[int, ...]
    days_added: int
    source: str

    @property
    def changed(self) -> bool:
        """Whether any year was added."""
        return bool(self.added_years)


def package_source() -> str:
    """The package and version the schedule comes from, as recorded in ``holiday_years.source``."""
    try:
        version = metadata.version("chinesecalendar")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return f"chinesecalendar {version}"


@functools.cache
def package_years(today: dt.date | None = None) -> tuple[int, ...]:
    """The years whose schedule the package knows completely (both 1 January and 31 December answer)."""
    last = (today or dt.date.today()).year + YEARS_AHEAD
    years = []
    for year in range(FIRST_YEAR, last + 1):
        try:
            chinese_calendar.is_workday(dt.date(year, 1, 1))
            chinese_calendar.is_workday(dt.date(year, 12, 31))
        except NotImplementedError:
            continue
        years.append(year)
    return tuple(years)


def _chinese_name(english: str | None) -> str:
    """The package names holidays in English; the Chinese name is its enum's ``chinese`` attribute."""
    if not english:
        return ""
    for holiday in chinese_calendar.Holiday:
        if holiday.value == english:
            return str(holiday.chinese)[:_NAME_LENGTH]
    return english[:_NAME_LENGTH]


def schedule_for_year(year: int) -> list[ScheduledDay]:
    """The days of ``year`` that differ from Monday-to-Friday, from the package: public holidays (also those on a
    weekend, which change no count but show the whole holiday) and weekend days worked in exchange.

    Raises NotImplementedError for a year the package does not know. The package's own ``holidays`` and
    ``workdays`` tables are read directly: asking it day by day rescans them for every date (seconds per call).
    """
    if year not in package_years():
        raise NotImplementedError(f"chinesecalendar has no schedule for {year}")
    days = [
        ScheduledDay(day, HOLIDAY, _chinese_name(english))
        for day, english in chinese_calendar.holidays.items()
        if day.year == year
    ]
    days += [
        ScheduledDay(day, WORKDAY, _chinese_name(english))
        for day, english in chinese_calendar.workdays.items()
        if day.year == year
    ]
    return sorted(days, key=lambda entry: entry.day)


class HolidayService:
    """Fills the store's holiday schedule from the package and reads it back as a :class:`WorkingDayCalendar`."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def ensure_calendar(self) -> HolidayReport:
        """Add every year the package knows and the store lacks (one transaction); leave known years alone."""
        source = package_source()
        years = package_years()
        with self._database.session() as session:
            present = set(session.scalars(select(HolidayYear.year)))
            missing = [year for year in years if year not in present]
            days_added = 0
            for year in missing:
                schedule = schedule_for_year(year)
                if schedule:
                    session.execute(
                        insert(HolidayDay),
                        [{"day": entry.day, "kind": entry.kind, "name": entry.name} for entry in schedule],
                    )
                session.add(HolidayYear(year=year, source=source))
                days_added += len(schedule)
        kept = tuple(year for year in years if year in present)
        if missing:
            logger.info("holiday schedule: added %d years (%d days) from %s", len(missing), days_added, source)
        return HolidayReport(added_years=tuple(missing), kept_years=kept, days_added=days_added, source=source)

    def load_calendar(self) -> WorkingDayCalendar:
        """The schedule in the store: holidays, adjusted workdays and the known years."""
        with self._database.session() as session:
            rows = session.execute(select(HolidayDay.day, HolidayDay.kind)).all()
            years = set(session.scalars(select(HolidayYear.year)))
        holidays: set[dt.date] = set()
        workdays: set[dt.date] = set()
        for day, kind in rows:
            if kind == HOLIDAY:
                holidays.add(day)
            elif kind == WORKDAY:
                workdays.add(day)
            else:
                # A row the deadline count cannot place: refusing is safer than counting it either way.
                raise ValueError(f"holiday_days {day}: unknown kind {kind!r} (expected holiday or workday)")
        return WorkingDayCalendar(holidays=holidays, adjusted_workdays=workdays, known_years=years)


def ensure_holiday_calendar(database: Database) -> HolidayReport:
    """Fill ``holiday_days``/``holiday_years`` with every year the package knows that the store lacks."""
    return HolidayService(database).ensure_calendar()


def load_calendar(database: Database) -> WorkingDayCalendar:
    """The store's holiday schedule as a :class:`WorkingDayCalendar`."""
    return HolidayService(database).load_calendar()
