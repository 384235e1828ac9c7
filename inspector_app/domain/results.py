"""Test results of a sample and the sample's verdict (DOMAIN.md §2, "Test report lines"). Pure.

A :class:`ResultLine` is one inspection item as a laboratory report or an on-site rapid test gives it: the value
exactly as measured (text: "0.3", "未检出", "<0.01", "无异味"), its unit, the limit it is judged against, the
standards and where it came from. :func:`judge_results` judges every line with :meth:`Limit.judge` and decides the
sample:

- **nonconforming** as soon as one judged line fails — one failing item makes the sample fail, whatever the
  others say or whether they are in yet;
- otherwise **incomplete** while a line has no value, or a value that cannot be read or judged, or when no line
  is judged at all (a sample is never "conforming" on nothing);
- otherwise **conforming**.

Lines whose limit is ``info`` are recorded, not judged, and never decide the verdict. A line whose unit differs
from its limit's unit is not judged (comparing 0.3 g/kg with a limit in mg/kg would be wrong by a factor of 1000):
it is reported as unreadable until someone converts it.

``to_dict``/``from_dict`` give the JSON form stored in a test-results record. The judgement is stored too, as it
was when the record was sealed, so that reading a sealed record back never re-judges it under newer code.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from inspector_app.domain.errors import InvalidResultError, LimitFormatError
from inspector_app.domain.limits import Conformity, Judgement, Limit, LimitOp

logger = logging.getLogger(__name__)


class SampleVerdict(StrEnum):
    """The verdict on a whole sample."""

    CONFORMING = "conforming"
    NONCONFORMING = "nonconforming"
    INCOMPLETE = "incomplete"


class LineStatus(StrEnum):
    """What became of one result line."""

    CONFORMING = "conforming"
    NONCONFORMING = "nonconforming"
    NOT_JUDGED = "not_judged"  # an "info" limit: recorded only
    MISSING = "missing"  # no value yet
    UNREADABLE = "unreadable"  # a value that cannot be read or judged against the limit


_LINE_TEXT_FIELDS = (
    "item_code",
    "item_name",
    "value",
    "unit",
    "method_standard",
    "judging_standard",
    "detection_limit",
    "report_number",
    "lab",
    "note",
)


@dataclass(frozen=True)
class ResultLine:
    """One inspection item's result, with the limit it is judged against and where the result came from."""

    item_code: str
    item_name: str
    value: str  # as measured: "0.3", "0.3 mg/kg", "未检出", "<0.01", "无异味"; "" while not yet known
    unit: str
    limit: Limit
    method_standard: str = ""
    judging_standard: str = ""
    detection_limit: str = ""  # e.g. "0.01 mg/kg"
    rapid_test: bool = False  # an on-site rapid test, not a laboratory method
    report_number: str = ""
    lab: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: every field, the limit in its catalogue form."""
        result: dict[str, Any] = {name: getattr(self, name) for name in _LINE_TEXT_FIELDS}
        result["limit"] = self.limit.to_dict()
        result["rapid_test"] = self.rapid_test
        return result

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "line") -> ResultLine:
        """The line from its JSON form; raises ``ValueError`` naming the bad field (under ``path``)."""
        if not isinstance(data, Mapping):
            raise ValueError(f"{path}: expected an object")
        names = {field.name for field in fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"{path}: unknown field(s) {', '.join(sorted(unknown))}")
        for required in ("item_code", "item_name", "value", "unit", "limit"):
            if required not in data:
                raise ValueError(f"{path}.{required}: missing")
        texts: dict[str, str] = {}
        for name in _LINE_TEXT_FIELDS:
            value = data.get(name, "")
            if not isinstance(value, str):
                raise ValueError(f"{path}.{name}: expected text")
            texts[name] = value
        rapid_test = data.get("rapid_test", False)
        if not isinstance(rapid_test, bool):
            raise ValueError(f"{path}.rapid_test: expected true or false")
        try:
            limit = Limit.from_dict(data["limit"])
        except LimitFormatError as exc:
            raise ValueError(f"{path}.limit: {'; '.join(exc.reasons)}") from exc
        return cls(
            item_code=texts["item_code"],
            item_name=texts["item_name"],
            value=texts["value"],
            unit=texts["unit"],
            limit=limit,
            method_standard=texts["method_standard"],
            judging_standard=texts["judging_standard"],
            detection_limit=texts["detection_limit"],
            rapid_test=rapid_test,
            report_number=texts["report_number"],
            lab=texts["lab"],
            note=texts["note"],
        )


@dataclass(frozen=True)
class LineJudgement:
    """The judgement of one line: its status and the reasoning, fit to show (Chinese and English)."""

    item_code: str
    item_name: str
    status: LineStatus
    reason_zh: str
    reason_en: str
    measured: Decimal | None = None

    @property
    def judgement(self) -> Judgement | None:
        """The :class:`Judgement` of a judged (or recorded-only) line; None when missing or unreadable."""
        conformity = _STATUS_CONFORMITY.get(self.status)
        if conformity is None:
            return None
        return Judgement(conformity, self.reason_zh, self.reason_en, self.measured)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (the measured number as text)."""
        return {
            "item_code": self.item_code,
            "item_name": self.item_name,
            "status": self.status.value,
            "reason_zh": self.reason_zh,
            "reason_en": self.reason_en,
            "measured": str(self.measured) if self.measured is not None else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "line") -> LineJudgement:
        """The line judgement from its JSON form; raises ``ValueError`` naming the bad field."""
        _check_keys(data, {"item_code", "item_name", "status", "reason_zh", "reason_en", "measured"}, path)
        for name in ("item_code", "item_name", "reason_zh", "reason_en"):
            if not isinstance(data[name], str):
                raise ValueError(f"{path}.{name}: expected text")
        try:
            status = LineStatus(data["status"])
        except ValueError as exc:
            raise ValueError(f"{path}.status: {data['status']!r} is not a line status") from exc
        measured_raw = data["measured"]
        measured: Decimal | None = None
        if measured_raw is not None:
            if not isinstance(measured_raw, str):
                raise ValueError(f"{path}.measured: expected a decimal as text")
            try:
                measured = Decimal(measured_raw)
            except InvalidOperation as exc:
                raise ValueError(f"{path}.measured: {measured_raw!r} is not a decimal") from exc
            if not measured.is_finite():
                raise ValueError(f"{path}.measured: {measured_raw!r} is not a finite decimal")
        return cls(
            item_code=data["item_code"],
            item_name=data["item_name"],
            status=status,
            reason_zh=data["reason_zh"],
            reason_en=data["reason_en"],
            measured=measured,
        )


_STATUS_CONFORMITY = {
    LineStatus.CONFORMING: Conformity.CONFORMING,
    LineStatus.NONCONFORMING: Conformity.NONCONFORMING,
    LineStatus.NOT_JUDGED: Conformity.NOT_JUDGED,
}
_CONFORMITY_STATUS = {conformity: status for status, conformity in _STATUS_CONFORMITY.items()}


@dataclass(frozen=True)
class SampleJudgement:
    """The verdict on a sample, each line's judgement in the order given, and the verdict's reasoning."""

    verdict: SampleVerdict
    lines: tuple[LineJudgement, ...]
    reason_zh: str
    reason_en: str

    @property
    def failing(self) -> tuple[LineJudgement, ...]:
        """The lines that failed their limit."""
        return tuple(line for line in self.lines if line.status is LineStatus.NONCONFORMING)

    @property
    def open_lines(self) -> tuple[LineJudgement, ...]:
        """The lines still without a usable value (missing or unreadable)."""
        return tuple(line for line in self.lines if line.status in (LineStatus.MISSING, LineStatus.UNREADABLE))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "verdict": self.verdict.value,
            "lines": [line.to_dict() for line in self.lines],
            "reason_zh": self.reason_zh,
            "reason_en": self.reason_en,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SampleJudgement:
        """The judgement from its JSON form; raises ``ValueError`` naming the bad field."""
        _check_keys(data, {"verdict", "lines", "reason_zh", "reason_en"}, "judgement")
        try:
            verdict = SampleVerdict(data["verdict"])
        except ValueError as exc:
            raise ValueError(f"judgement.verdict: {data['verdict']!r} is not a verdict") from exc
        raw_lines = data["lines"]
        if not isinstance(raw_lines, list):
            raise ValueError("judgement.lines: expected a list")
        for name in ("reason_zh", "reason_en"):
            if not isinstance(data[name], str):
                raise ValueError(f"judgement.{name}: expected text")
        lines = tuple(
            LineJudgement.from_dict(item, f"judgement.lines[{index}]") for index, item in enumerate(raw_lines)
        )
        return cls(verdict=verdict, lines=lines, reason_zh=data["reason_zh"], reason_en=data["reason_en"])


def _check_keys(data: object, expected: set[str], path: str) -> None:
    if not isinstance(data, Mapping):
        raise ValueError(f"{path}: expected an object")
    unknown = set(data) - expected
    if unknown:
        raise ValueError(f"{path}: unknown field(s) {', '.join(sorted(unknown))}")
    missing = expected - set(data)
    if missing:
        raise ValueError(f"{path}: missing field(s) {', '.join(sorted(missing))}")


def _fold_unit(unit: str) -> str:
    """A unit for comparison: full-width characters folded to half-width, blanks removed, case kept."""
    return "".join(unicodedata.normalize("NFKC", unit).split())


def judge_line(line: ResultLine) -> LineJudgement:
    """Judge one line (never raises: an unreadable value becomes an UNREADABLE line with the reason)."""
    code, name = line.item_code, line.item_name
    if line.limit.op is LimitOp.INFO:
        recorded = line.limit.judge(line.value)
        return LineJudgement(code, name, LineStatus.NOT_JUDGED, recorded.reason_zh, recorded.reason_en)
    if not line.value.strip():
        return LineJudgement(code, name, LineStatus.MISSING, "尚无检测结果", "no result yet")
    line_unit, limit_unit = _fold_unit(line.unit), _fold_unit(line.limit.unit or "")
    if line_unit and limit_unit and line_unit != limit_unit:
        return LineJudgement(
            code,
            name,
            LineStatus.UNREADABLE,
            f"结果单位“{line.unit}”与限量单位“{line.limit.unit}”不一致，无法判定，请换算后重新录入",
            f"the result's unit '{line.unit}' differs from the limit's unit '{line.limit.unit}'; convert it first",
        )
    try:
        judgement = line.limit.judge(line.value)
    except InvalidResultError as error:
        return LineJudgement(code, name, LineStatus.UNREADABLE, error.message_zh, error.message_en)
    return LineJudgement(
        code,
        name,
        _CONFORMITY_STATUS[judgement.conformity],
        judgement.reason_zh,
        judgement.reason_en,
        judgement.measured,
    )


def judge_results(lines: Iterable[ResultLine]) -> SampleJudgement:
    """Judge every line and decide the sample (see the module docstring for the rule)."""
    judged = tuple(judge_line(line) for line in lines)
    failing = [line for line in judged if line.status is LineStatus.NONCONFORMING]
    open_lines = [line for line in judged if line.status in (LineStatus.MISSING, LineStatus.UNREADABLE)]
    conforming = [line for line in judged if line.status is LineStatus.CONFORMING]
    if failing:
        names = "、".join(_label(line) for line in failing)
        names_en = ", ".join(_label(line) for line in failing)
        reason_zh = f"不合格：{len(failing)} 项不符合要求（{names}）"
        reason_en = f"nonconforming: {len(failing)} item(s) fail their limits ({names_en})"
        if open_lines:
            reason_zh += f"；另有 {len(open_lines)} 项尚无有效结果"
            reason_en += f"; {len(open_lines)} more item(s) have no usable result yet"
        verdict = SampleVerdict.NONCONFORMING
    elif open_lines:
        names = "、".join(_label(line) for line in open_lines)
        names_en = ", ".join(_label(line) for line in open_lines)
        reason_zh = f"结果不完整：{len(open_lines)} 项尚无有效结果（{names}）"
        reason_en = f"incomplete: {len(open_lines)} item(s) have no usable result ({names_en})"
        verdict = SampleVerdict.INCOMPLETE
    elif not conforming:
        reason_zh = "结果不完整：没有需要判定的检验项目"
        reason_en = "incomplete: no item is judged"
        verdict = SampleVerdict.INCOMPLETE
    else:
        reason_zh = f"合格：所检 {len(conforming)} 项均符合要求"
        reason_en = f"conforming: all {len(conforming)} judged item(s) meet their limits"
        verdict = SampleVerdict.CONFORMING
    logger.debug("sample judged %s over %d lines", verdict.value, len(judged))
    return SampleJudgement(verdict=verdict, lines=judged, reason_zh=reason_zh, reason_en=reason_en)


def _label(line: LineJudgement) -> str:
    return line.item_name or line.item_code


def lines_to_list(lines: Sequence[ResultLine]) -> list[dict[str, Any]]:
    """The JSON form of several lines, in order."""
    return [line.to_dict() for line in lines]


def lines_from_list(data: object) -> tuple[ResultLine, ...]:
    """Lines from their JSON form; raises ``ValueError`` naming the bad line and field."""
    if not isinstance(data, list):
        raise ValueError("lines: expected a list")
    return tuple(ResultLine.from_dict(item, f"lines[{index}]") for index, item in enumerate(data))
