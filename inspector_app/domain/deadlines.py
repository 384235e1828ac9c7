"""Legal deadlines after a spot-check result: objection windows, correction and re-check (DOMAIN.md §2). Pure.

Every time limit comes from the rules table (``resources/rules/rules.json``, HQ may change it) as a
:class:`DeadlineRule`; this module only counts. The holiday schedule is data too: a :class:`WorkingDayCalendar`
built from the ``holiday_days``/``holiday_years`` tables, never from a library at run time, because HQ sends the
schedules and a deadline must be the same on every device.

Counting convention (used for every day type):

- **The day of receipt is not counted; the day after it is day 1.** This is the general rule of Chinese
  procedure law for periods in days ("期间开始的时和日，不计算在期间内": Civil Procedure Law art. 85, Administrative
  Procedure Law art. 82, and SAMR's administrative-penalty procedure rules) [B]. A period of 15 calendar days from
  a result received on 1 March therefore ends at the end of 16 March.
- **Working days** skip Saturdays, Sundays and public holidays and count the weekend days officially worked in
  exchange (调休). A year whose schedule is not known is never guessed: the deadline is returned without a date
  and says "2027 年节假日安排未知，无法计算截止日期" (:class:`UnknownCalendarYearError`).
- **Calendar days** are not extended when the last day is a weekend or holiday, unless the rule says so
  (``DeadlineRule.extends_past_holidays``). Procedure law extends such periods to the next working day, but
  neither the Product Quality Law nor the spot-check measures say whether that applies to the objection window
  [C]. So the stricter date is the deadline, and when it falls on a rest day its note names the day the period
  would end on if the extension applied: the inspector sees both and nothing is decided silently.
- **Hours** run from the moment the result was received (the 4-hour window for rapid tests of edible farm produce,
  Food Safety Law art. 88) and need that moment, not only a date.
- **Months** end on the same day of the month, or on the month's last day when it has no such day
  (6 months from 31 August end on 28 or 29 February).

A deadline given as a date lasts to the end of that day; :meth:`Deadline.ends_at` gives the first instant after it.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from inspector_app.domain.catalogue import CatalogueDomain
from inspector_app.domain.errors import UnknownCalendarYearError

logger = logging.getLogger(__name__)

# Rule codes of resources/rules/rules.json that this module counts with.
OBJECTION_INDUSTRIAL = "objection_industrial"
OBJECTION_FOOD = "objection_food"
OBJECTION_FARM_RAPID_TEST = "objection_farm_rapid_test"
AFTER_FAILURE_CORRECTION = "after_failure_correction"
AFTER_FAILURE_RECHECK = "after_failure_recheck"
REPEAT_CHECK_WINDOW = "repeat_check_window"

# Which objection rule governs a result. Edible farm produce tested in a laboratory follows the food sampling
# measures (SAMR Order No. 15), hence the food rule; only a rapid test of farm produce has the 4-hour window
# (Food Safety Law art. 88 para. 2). A "rapid test" of other products has no window of its own [B].
_OBJECTION_RULES: Mapping[CatalogueDomain, str] = {
    CatalogueDomain.INDUSTRIAL: OBJECTION_INDUSTRIAL,
    CatalogueDomain.FOOD: OBJECTION_FOOD,
    CatalogueDomain.FARM_PRODUCE: OBJECTION_FOOD,
}
# Deadlines that follow a nonconforming result, counted when the rule applies to the product's domain.
FOLLOW_UP_RULES = (AFTER_FAILURE_CORRECTION, AFTER_FAILURE_RECHECK)

_ENGLISH_NAMES: Mapping[str, str] = {
    OBJECTION_INDUSTRIAL: "Objection (re-inspection request) window",
    OBJECTION_FOOD: "Objection (re-inspection request) window, food",
    OBJECTION_FARM_RAPID_TEST: "Objection window after a rapid test of edible farm produce",
    AFTER_FAILURE_CORRECTION: "Correction after a failed spot check",
    AFTER_FAILURE_RECHECK: "Re-check after a failed spot check",
    REPEAT_CHECK_WINDOW: "Repeat-check exclusion window",
    "food_sample_to_lab": "Food samples and papers to the laboratory",
    "food_lab_report": "Food laboratory report",
    "food_nominal_producer_dispute": "Nominal producer's dispute of a food sample",
    "tip_reply_real_name": "Reply to a real-name reporter",
    "complaint_acceptance_decision": "Decision on accepting a complaint",
    "case_transfer_police_decision": "Police decision on a transferred case",
    "case_transfer_reconsideration": "Reconsideration of a refusal to open a case",
    "licence_expiry_warning": "Licence expiry warning lead time",
}

_WEEKEND = (5, 6)  # Saturday, Sunday (date.weekday())


class DayType(StrEnum):
    """How a rule counts its amount."""

    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    HOURS = "hours"
    MONTHS = "months"


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier, when negative), or that month's last day if it is shorter."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    last_day = _calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(start.day, last_day))


@dataclass(frozen=True)
class WorkingDayCalendar:
    """The official schedule: public holidays, weekend days worked in exchange (调休), and which years are known.

    A day of a year not in ``known_years`` cannot be judged: :meth:`is_working_day` raises
    :class:`UnknownCalendarYearError` instead of falling back to "Monday to Friday", which would be wrong around
    every holiday. Holidays that fall on a weekend may be listed; they change nothing.
    """

    holidays: AbstractSet[dt.date]
    adjusted_workdays: AbstractSet[dt.date]
    known_years: AbstractSet[int]

    def __post_init__(self) -> None:
        # Frozen copies: a caller's set changing later must not change deadlines already handed out.
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "adjusted_workdays", frozenset(self.adjusted_workdays))
        object.__setattr__(self, "known_years", frozenset(self.known_years))
        both = self.holidays & self.adjusted_workdays
        if both:
            days = ", ".join(sorted(day.isoformat() for day in both))
            raise ValueError(f"days both holiday and adjusted workday: {days}")

    def knows(self, year: int) -> bool:
        """Whether the schedule of ``year`` is known."""
        return year in self.known_years

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day; raises UnknownCalendarYearError when its year is not known."""
        if day.year not in self.known_years:
            raise UnknownCalendarYearError(day.year)
        if day in self.adjusted_workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() not in _WEEKEND

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (the day after ``start`` is the first one examined).

        ``start`` itself is never counted, so it may be a holiday or lie in an unknown year; every day examined
        after it must be in a known year, else UnknownCalendarYearError. ``count`` 0 gives ``start``.
        """
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        remaining = count
        while remaining:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the first working day after it (UnknownCalendarYearError if unknown)."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day


@dataclass(frozen=True)
class DeadlineRule:
    """One time limit of the rules table (DOMAIN.md §2), with its legal source.

    ``applies_to`` is ``industrial``, ``food``, ``farm_produce`` or ``all``. ``extends_past_holidays`` moves a
    calendar-day deadline that ends on a rest day to the next working day; no shipped rule sets it (see the
    module docstring).
    """

    code: str
    name: str
    amount: int
    day_type: DayType
    legal_source: str
    applies_to: str = "all"
    confidence: str = ""
    note: str = ""
    extends_past_holidays: bool = False

    def __post_init__(self) -> None:
        # Rules arrive from the database as plain text; coerce here so a bad value fails at once, by name.
        object.__setattr__(self, "day_type", DayType(self.day_type))
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount <= 0:
            raise ValueError(f"rule {self.code}: amount must be a positive whole number, not {self.amount!r}")

    def applies_to_domain(self, domain: CatalogueDomain) -> bool:
        """Whether the rule governs products of ``domain``."""
        return self.applies_to in ("all", domain.value)


@dataclass(frozen=True)
class Deadline:
    """One computed deadline. ``due`` is a date (lasting to its end), a datetime (hours), or None when it could
    not be computed — then ``note_zh``/``note_en`` say why."""

    code: str
    name_zh: str
    name_en: str
    due: dt.date | dt.datetime | None
    legal_source: str
    day_type: DayType
    note_zh: str
    note_en: str
    start: dt.date | dt.datetime | None = None
    confidence: str = ""

    @property
    def computable(self) -> bool:
        """Whether the deadline has a date."""
        return self.due is not None

    def ends_at(self, tzinfo: dt.tzinfo | None = None) -> dt.datetime | None:
        """The first instant after the deadline (midnight after a due date), or None when not computable.

        A due date is read in ``tzinfo`` (local time); a naive due datetime is taken to be in ``tzinfo`` too.
        """
        if self.due is None:
            return None
        if isinstance(self.due, dt.datetime):
            if self.due.tzinfo is None and tzinfo is not None:
                return self.due.replace(tzinfo=tzinfo)
            return self.due
        return dt.datetime.combine(self.due + dt.timedelta(days=1), dt.time.min, tzinfo=tzinfo)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (dates and datetimes ISO, with ``due_kind`` telling which)."""
        return {
            "code": self.code,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "due": _iso(self.due),
            "due_kind": _kind_of(self.due),
            "legal_source": self.legal_source,
            "day_type": self.day_type.value,
            "note_zh": self.note_zh,
            "note_en": self.note_en,
            "start": _iso(self.start),
            "start_kind": _kind_of(self.start),
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Deadline:
        """The deadline from its JSON form; raises ``ValueError`` naming the bad field."""
        expected = {
            "code",
            "name_zh",
            "name_en",
            "due",
            "due_kind",
            "legal_source",
            "day_type",
            "note_zh",
            "note_en",
            "start",
            "start_kind",
            "confidence",
        }
        if not isinstance(data, Mapping):
            raise ValueError("deadline: expected an object")
        unknown = set(data) - expected
        missing = expected - set(data)
        if unknown or missing:
            raise ValueError(f"deadline: unknown {sorted(unknown)}, missing {sorted(missing)}")
        for key in ("code", "name_zh", "name_en", "legal_source", "note_zh", "note_en", "confidence"):
            if not isinstance(data[key], str):
                raise ValueError(f"deadline.{key}: expected text")
        try:
            day_type = DayType(data["day_type"])
        except ValueError as exc:
            raise ValueError(f"deadline.day_type: {data['day_type']!r} is not a day type") from exc
        return cls(
            code=data["code"],
            name_zh=data["name_zh"],
            name_en=data["name_en"],
            due=_from_iso(data["due"], data["due_kind"], "due"),
            legal_source=data["legal_source"],
            day_type=day_type,
            note_zh=data["note_zh"],
            note_en=data["note_en"],
            start=_from_iso(data["start"], data["start_kind"], "start"),
            confidence=data["confidence"],
        )


def _kind_of(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    return "datetime" if isinstance(value, dt.datetime) else "date"


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _from_iso(text: object, kind: object, name: str) -> dt.date | dt.datetime | None:
    if text is None and kind is None:
        return None
    if not isinstance(text, str):
        raise ValueError(f"deadline.{name}: expected ISO text")
    try:
        if kind == "datetime":
            return dt.datetime.fromisoformat(text)
        if kind == "date":
            return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"deadline.{name}: {text!r} is not ISO {kind}") from exc
    raise ValueError(f"deadline.{name}_kind: {kind!r} is not date or datetime")


def _as_date(moment: dt.date | dt.datetime) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def compute_deadline(rule: DeadlineRule, start: dt.date | dt.datetime, calendar: WorkingDayCalendar) -> Deadline:
    """The deadline ``rule`` sets for an event at ``start`` (the moment a result was received or served).

    Never raises for an unknown calendar year: the deadline then has no date and its note says why.
    """
    name_en = _ENGLISH_NAMES.get(rule.code, rule.name)
    day = _as_date(start)
    amount = rule.amount
    due: dt.date | dt.datetime | None
    if rule.day_type is DayType.HOURS:
        if isinstance(start, dt.datetime):
            due = start + dt.timedelta(hours=amount)
            note_zh = f"自收到结果时起 {amount} 小时内"
            note_en = f"within {amount} hours of receiving the result"
        else:
            due = None
            note_zh = f"按小时计算（{amount} 小时），需要收到结果的具体时刻，无法仅凭日期计算"
            note_en = f"counted in hours ({amount}); needs the moment the result was received, not only the date"
    elif rule.day_type is DayType.MONTHS:
        due = add_months(day, amount)
        note_zh = f"自 {day.isoformat()} 起 {amount} 个月（无对应日的，以该月最后一日为止）"
        note_en = f"{amount} months from {day.isoformat()} (the month's last day when it has no such day)"
    elif rule.day_type is DayType.WORKING_DAYS:
        counting_zh = f"按工作日计算：次日起第 {amount} 个工作日（不含周末和法定节假日，调休上班日计入）"
        counting_en = (
            f"working days: the {amount}th working day after the start (weekends and public holidays skipped, "
            "adjusted working weekends counted)"
        )
        try:
            due = calendar.add_working_days(day, amount)
            note_zh, note_en = counting_zh, counting_en
        except UnknownCalendarYearError as error:
            due = None
            note_zh = f"{error.message_zh}（{counting_zh}）"
            note_en = f"{error.message_en} ({counting_en})"
            logger.info("deadline %s not computed: year %d unknown", rule.code, error.year)
    else:
        due, note_zh, note_en = _calendar_days(rule, day, calendar)
    return Deadline(
        code=rule.code,
        name_zh=rule.name,
        name_en=name_en,
        due=due,
        legal_source=rule.legal_source,
        day_type=rule.day_type,
        note_zh=note_zh,
        note_en=note_en,
        start=start,
        confidence=rule.confidence,
    )


def _calendar_days(rule: DeadlineRule, day: dt.date, calendar: WorkingDayCalendar) -> tuple[dt.date | None, str, str]:
    amount = rule.amount
    last_day = day + dt.timedelta(days=amount)
    note_zh = f"按日历日计算：次日为第 1 日，共 {amount} 日，至截止日 24 时止"
    note_en = f"calendar days: the day after the start is day 1; ends at the end of day {amount}"
    if not calendar.knows(last_day.year):
        if rule.extends_past_holidays:
            error = UnknownCalendarYearError(last_day.year)
            return None, f"{error.message_zh}（本规则逢节假日顺延）", f"{error.message_en} (this rule extends)"
        return last_day, note_zh, note_en
    if calendar.is_working_day(last_day):
        return last_day, note_zh, note_en
    extended: dt.date | None = None
    unknown: UnknownCalendarYearError | None = None
    try:
        extended = calendar.next_working_day(last_day)
    except UnknownCalendarYearError as error:
        # The rest days run into a year whose schedule is not known (31 December into January).
        unknown = error
    if rule.extends_past_holidays:
        if extended is None:
            assert unknown is not None
            return None, f"{unknown.message_zh}（本规则逢节假日顺延）", f"{unknown.message_en} (this rule extends)"
        return (
            extended,
            f"{note_zh}；{last_day.isoformat()} 为休息日，按本规则顺延至其后第一个工作日",
            f"{note_en}; {last_day.isoformat()} is a rest day, so the rule extends it to the next working day",
        )
    if extended is None:
        return (
            last_day,
            f"{note_zh}；截止日 {last_day.isoformat()} 为休息日，本规则不顺延",
            f"{note_en}; the last day {last_day.isoformat()} is a rest day and the rule does not extend it",
        )
    return (
        last_day,
        f"{note_zh}；截止日 {last_day.isoformat()} 为休息日，本规则不顺延"
        f"（若适用节假日顺延，则为 {extended.isoformat()}）",
        f"{note_en}; the last day {last_day.isoformat()} is a rest day and the rule does not extend it "
        f"(if the holiday extension applied it would be {extended.isoformat()})",
    )


def _missing_rule(code: str, start: dt.date | dt.datetime) -> Deadline:
    return Deadline(
        code=code,
        name_zh=code,
        name_en=_ENGLISH_NAMES.get(code, code),
        due=None,
        legal_source="",
        day_type=DayType.CALENDAR_DAYS,
        note_zh=f"规则表中没有规则 {code}，无法计算截止日期",
        note_en=f"The rules table has no rule {code}, so the deadline cannot be computed",
        start=start,
    )


def compute_deadlines(
    received_at: dt.date | dt.datetime,
    domain: CatalogueDomain,
    *,
    rapid_test: bool,
    nonconforming: bool,
    rules: Iterable[DeadlineRule],
    calendar: WorkingDayCalendar,
) -> list[Deadline]:
    """The deadlines a spot-check result sets, counted from when the party received it.

    Always the objection window: 15 calendar days for industrial products, 7 working days for food and for
    farm produce tested in a laboratory, 4 hours after a rapid test of farm produce. For a nonconforming result
    also correction and re-check, for each whose rule applies to ``domain`` (the shipped rules: industrial
    products). A rule missing from ``rules`` gives a deadline without a date that says so.
    """
    by_code = {rule.code: rule for rule in rules}
    objection_code = (
        OBJECTION_FARM_RAPID_TEST if rapid_test and domain is CatalogueDomain.FARM_PRODUCE else _OBJECTION_RULES[domain]
    )
    deadlines = []
    objection_rule = by_code.get(objection_code)
    deadlines.append(
        compute_deadline(objection_rule, received_at, calendar)
        if objection_rule is not None
        else _missing_rule(objection_code, received_at)
    )
    if nonconforming:
        for code in FOLLOW_UP_RULES:
            rule = by_code.get(code)
            if rule is None:
                deadlines.append(_missing_rule(code, received_at))
            elif rule.applies_to_domain(domain):
                deadlines.append(compute_deadline(rule, received_at, calendar))
    return deadlines


def due_soon(
    deadlines: Iterable[Deadline], now: dt.datetime, within_days: int, *, include_overdue: bool = False
) -> list[Deadline]:
    """Deadlines that end within ``within_days`` days of ``now`` (soonest first), then those without a date.

    A deadline whose date could not be computed is always listed, last: nobody can tell that it is not due soon.
    Deadlines already past are left out unless ``include_overdue``. Due dates are read in ``now``'s time zone.
    """
    horizon = now + dt.timedelta(days=within_days)
    dated: list[tuple[dt.datetime, Deadline]] = []
    unknown: list[Deadline] = []
    for deadline in deadlines:
        end = deadline.ends_at(now.tzinfo)
        if end is None:
            unknown.append(deadline)
            continue
        if end > horizon:
            continue
        if end <= now and not include_overdue:
            continue
        dated.append((end, deadline))
    dated.sort(key=lambda pair: pair[0])
    return [deadline for _, deadline in dated] + unknown
