"""Limit expressions of inspection items, and judging a test result against one (pure, no I/O).

A limit comes from the catalogue file as a small dict (``{"op": "le", "value": "3", "unit": "mg/g"}``);
``Limit.from_dict`` checks it, ``Limit.describe`` words it the way a test report prints it ("≤ 3 mg/g") and
``Limit.judge`` decides whether one result conforms, giving its reasoning in Chinese and English.

All arithmetic is ``decimal.Decimal``: a limit of 0.1 compared with a result of 0.1 must be equal, which binary
floats do not promise. Decimal values are written in plain notation only ("0.25", "-5", "100"): exponents,
NaN and infinities are refused, so what the file says is what the report prints.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from inspector_app.domain.errors import InvalidResultError, LimitFormatError

logger = logging.getLogger(__name__)

# Plain decimal notation, ASCII digits only (``\d`` would also accept Arabic-Indic and other digits).
_DECIMAL_RE = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
MAX_DECIMAL_LENGTH = 40
MAX_TEXT_LENGTH = 200

# Words a laboratory writes for "not detected" (compared after NFKC folding and lower-casing).
NOT_DETECTED_WORDS = frozenset({"未检出", "nd", "n.d.", "not detected"})


class LimitOp(StrEnum):
    """How a limit constrains a result."""

    LE = "le"
    LT = "lt"
    GE = "ge"
    GT = "gt"
    RANGE = "range"
    NOT_DETECTED = "not_detected"
    TEXT = "text"
    INFO = "info"


_NUMERIC_OPS = frozenset({LimitOp.LE, LimitOp.LT, LimitOp.GE, LimitOp.GT})
_SYMBOLS = {LimitOp.LE: "≤", LimitOp.LT: "<", LimitOp.GE: "≥", LimitOp.GT: ">"}
_LIMIT_KEYS = frozenset({"op", "value", "low", "high", "text", "unit"})


class Conformity(StrEnum):
    """The outcome of judging one result."""

    CONFORMING = "conforming"
    NONCONFORMING = "nonconforming"
    NOT_JUDGED = "not_judged"


@dataclass(frozen=True)
class Judgement:
    """Whether one result meets its limit, and why (``reason_zh`` / ``reason_en`` are fit to show)."""

    conformity: Conformity
    reason_zh: str
    reason_en: str
    measured: Decimal | None = None

    @property
    def conforming(self) -> bool | None:
        """True or False when judged, None for a recorded-only item."""
        if self.conformity is Conformity.NOT_JUDGED:
            return None
        return self.conformity is Conformity.CONFORMING


def parse_decimal(text: str) -> Decimal | None:
    """The Decimal written in plain notation in ``text`` (surrounding blanks allowed), else None."""
    candidate = text.strip()
    if len(candidate) > MAX_DECIMAL_LENGTH or not _DECIMAL_RE.fullmatch(candidate):
        return None
    return Decimal(candidate)


def _fold(text: str) -> str:
    """Full-width characters to half-width and runs of blanks to one space, for lenient comparison."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


@dataclass(frozen=True)
class Limit:
    """One limit expression. Which fields are set depends on ``op`` (checked on construction).

    - ``le`` / ``lt`` / ``ge`` / ``gt``: ``value``;
    - ``range``: ``low`` ≤ ``high``, both inclusive;
    - ``not_detected``: nothing (the item must not be detected);
    - ``text``: ``text``, the expected wording (e.g. "无异味", "符合");
    - ``info``: nothing; the result is recorded, not judged (``text`` may hold a note).
    ``unit`` is optional everywhere.
    """

    op: LimitOp
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    text: str | None = None
    unit: str | None = None

    def __post_init__(self) -> None:
        reasons = _shape_problems(self.op, self.value, self.low, self.high, self.text)
        if reasons:
            raise LimitFormatError(reasons)

    # ----------------------------------------------------------------- file form
    @classmethod
    def from_dict(cls, data: object) -> Limit:
        """The limit described by ``data`` (the file's dict); LimitFormatError lists every problem."""
        if not isinstance(data, Mapping):
            raise LimitFormatError(["限量必须是对象 / limit must be an object"])
        reasons: list[str] = []
        for key in data:
            if key not in _LIMIT_KEYS:
                reasons.append(f"限量中有未知字段“{key}” / unknown field '{key}' in limit")
        op_raw = data.get("op")
        op: LimitOp | None = None
        if op_raw is None:
            reasons.append("限量缺少 op / limit has no 'op'")
        elif not isinstance(op_raw, str) or op_raw not in LimitOp._value2member_map_:
            allowed = ", ".join(member.value for member in LimitOp)
            reasons.append(
                f"限量运算符“{op_raw}”无效（允许：{allowed}） / bad limit op '{op_raw}' (allowed: {allowed})"
            )
        else:
            op = LimitOp(op_raw)
        numbers: dict[str, Decimal | None] = {}
        for key in ("value", "low", "high"):
            numbers[key] = _decimal_field(data.get(key), key, reasons)
        text = _text_field(data.get("text"), "text", reasons)
        unit = _text_field(data.get("unit"), "unit", reasons)
        if op is not None and not reasons:
            reasons.extend(_shape_problems(op, numbers["value"], numbers["low"], numbers["high"], text))
        if reasons or op is None:
            raise LimitFormatError(reasons)
        return cls(op=op, value=numbers["value"], low=numbers["low"], high=numbers["high"], text=text, unit=unit)

    def to_dict(self) -> dict[str, str]:
        """The file form: ``op`` plus the fields that are set, decimals as strings."""
        result = {"op": self.op.value}
        for key, number in (("value", self.value), ("low", self.low), ("high", self.high)):
            if number is not None:
                result[key] = str(number)
        if self.text is not None:
            result["text"] = self.text
        if self.unit is not None:
            result["unit"] = self.unit
        return result

    # ----------------------------------------------------------------- wording
    def describe(self) -> str:
        """The limit as a report prints it: "≤ 0.5 mg/kg", "2.9～3.5 g/100g", "不得检出", "无异味"."""
        unit = f" {self.unit}" if self.unit else ""
        if self.op in _NUMERIC_OPS:
            return f"{_SYMBOLS[self.op]} {self.value}{unit}"
        if self.op is LimitOp.RANGE:
            return f"{self.low}～{self.high}{unit}"
        if self.op is LimitOp.NOT_DETECTED:
            return "不得检出"
        if self.op is LimitOp.TEXT:
            return str(self.text)
        return f"仅记录（{self.text}）" if self.text else "仅记录"

    # ----------------------------------------------------------------- judging
    def judge(self, value: str) -> Judgement:
        """Judge one result as entered (e.g. "0.3", "0.3 mg/kg", "未检出", "<0.01", "无异味").

        Numbers are compared exactly as decimals. "未检出"/"ND" counts as 0; "<x" (below a detection or
        quantification limit x) counts as somewhere in [0, x) and is judged only when every value there gives
        the same answer. Raises InvalidResultError when the result cannot be read or cannot be decided.
        """
        if self.op is LimitOp.INFO:
            return Judgement(Conformity.NOT_JUDGED, "仅记录，不作判定", "recorded only, not judged")
        folded = _fold(value)
        if not folded:
            raise InvalidResultError(value, "检测结果为空", "the result is empty")
        if self.op is LimitOp.TEXT:
            return self._judge_text(value, folded)
        if self.op is LimitOp.NOT_DETECTED:
            return self._judge_not_detected(value, folded)
        return self._judge_number(value, folded)

    def _judge_text(self, value: str, folded: str) -> Judgement:
        expected = _fold(str(self.text))
        if folded == expected:
            return Judgement(
                Conformity.CONFORMING,
                f"结果“{folded}”与要求“{expected}”一致",
                f"result '{folded}' matches the requirement '{expected}'",
            )
        return Judgement(
            Conformity.NONCONFORMING,
            f"结果“{folded}”不符合要求“{expected}”",
            f"result '{folded}' does not match the requirement '{expected}'",
        )

    def _judge_not_detected(self, value: str, folded: str) -> Judgement:
        if folded.lower() in NOT_DETECTED_WORDS:
            return Judgement(Conformity.CONFORMING, "未检出，符合“不得检出”", "not detected, as required")
        below = self._read_below(value, folded)
        if below is not None:
            return Judgement(
                Conformity.CONFORMING,
                f"结果低于检出限 {below}{self._unit_suffix()}，按未检出判定，符合“不得检出”",
                f"result below the detection limit {below}{self._unit_suffix()}: not detected, as required",
            )
        number = self._read_number(value, folded)
        if number < 0:
            raise InvalidResultError(value, f"检测结果“{value}”不能为负数", f"result '{value}' cannot be negative")
        if number == 0:
            return Judgement(Conformity.CONFORMING, "结果为 0，按未检出判定", "result is 0: not detected", number)
        return Judgement(
            Conformity.NONCONFORMING,
            f"检出 {number}{self._unit_suffix()}，要求不得检出",
            f"detected {number}{self._unit_suffix()}; it must not be detected",
            number,
        )

    def _judge_number(self, value: str, folded: str) -> Judgement:
        requirement = self.describe()
        if folded.lower() in NOT_DETECTED_WORDS:
            ok = self._accepts(Decimal(0))
            return self._numeric_judgement(ok, "未检出（按 0 计）", "not detected (taken as 0)", requirement, None)
        below = self._read_below(value, folded)
        if below is not None:
            everywhere, nowhere = self._accepts_interval(below)
            if everywhere == nowhere:
                raise InvalidResultError(
                    value,
                    f"结果“<{below}”无法对照“{requirement}”判定：需要更低的检出限",
                    f"result '<{below}' cannot be judged against '{requirement}': a lower detection limit is needed",
                )
            shown = f"<{below}{self._unit_suffix()}"
            return self._numeric_judgement(everywhere, shown, shown, requirement, None)
        number = self._read_number(value, folded)
        shown = f"{number}{self._unit_suffix()}"
        return self._numeric_judgement(self._accepts(number), shown, shown, requirement, number)

    def _numeric_judgement(
        self, ok: bool, shown_zh: str, shown_en: str, requirement: str, measured: Decimal | None
    ) -> Judgement:
        if ok:
            return Judgement(
                Conformity.CONFORMING,
                f"结果 {shown_zh}，符合要求 {requirement}",
                f"result {shown_en} meets the limit {requirement}",
                measured,
            )
        return Judgement(
            Conformity.NONCONFORMING,
            f"结果 {shown_zh}，不符合要求 {requirement}",
            f"result {shown_en} fails the limit {requirement}",
            measured,
        )

    def _accepts(self, number: Decimal) -> bool:
        """Whether an exact ``number`` meets a numeric or range limit."""
        if self.op is LimitOp.RANGE:
            assert self.low is not None and self.high is not None
            return self.low <= number <= self.high
        assert self.value is not None
        if self.op is LimitOp.LE:
            return number <= self.value
        if self.op is LimitOp.LT:
            return number < self.value
        if self.op is LimitOp.GE:
            return number >= self.value
        return number > self.value

    def _accepts_interval(self, bound: Decimal) -> tuple[bool, bool]:
        """(every value in [0, bound) meets the limit, no value in [0, bound) meets it)."""
        zero = Decimal(0)
        if self.op is LimitOp.RANGE:
            assert self.low is not None and self.high is not None
            return self.low <= zero and bound <= self.high, bound <= self.low or zero > self.high
        assert self.value is not None
        limit = self.value
        if self.op is LimitOp.LE:
            return bound <= limit, zero > limit
        if self.op is LimitOp.LT:
            return bound <= limit, zero >= limit
        if self.op is LimitOp.GE:
            return zero >= limit, bound <= limit
        return zero > limit, bound <= limit

    def _unit_suffix(self) -> str:
        return f" {self.unit}" if self.unit else ""

    def _strip_unit(self, folded: str) -> str:
        """The result without a trailing unit equal to the limit's own (so "0.3 mg/kg" reads as 0.3)."""
        if self.unit:
            unit = _fold(self.unit)
            if unit and folded.endswith(unit):
                return folded[: -len(unit)].strip()
        return folded

    def _read_number(self, value: str, folded: str) -> Decimal:
        number = parse_decimal(self._strip_unit(folded))
        if number is None:
            raise InvalidResultError(
                value,
                f"检测结果“{value}”不是有效数值（示例：0.25、未检出、<0.01）",
                f"result '{value}' is not a number (examples: 0.25, ND, <0.01)",
            )
        return number

    def _read_below(self, value: str, folded: str) -> Decimal | None:
        """The bound x of a result written "<x", or None when the result is not of that form."""
        if not folded.startswith("<"):
            return None
        bound = parse_decimal(self._strip_unit(folded[1:].strip()))
        if bound is None or bound <= 0:
            raise InvalidResultError(
                value,
                f"检测结果“{value}”无法识别：“<”后应为正数",
                f"result '{value}' is unreadable: '<' must be followed by a positive number",
            )
        return bound


def _decimal_field(raw: object, key: str, reasons: list[str]) -> Decimal | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        reasons.append(f"限量 {key} 必须是字符串形式的数值 / limit {key} must be a decimal written as a string")
        return None
    number = parse_decimal(raw)
    if number is None:
        reasons.append(f"限量 {key}“{raw}”不是有效数值 / limit {key} '{raw}' is not a plain decimal number")
    return number


def _text_field(raw: object, key: str, reasons: list[str]) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        reasons.append(f"限量 {key} 必须是字符串 / limit {key} must be a string")
        return None
    text = raw.strip()
    if len(text) > MAX_TEXT_LENGTH:
        reasons.append(f"限量 {key} 过长 / limit {key} is too long")
        return None
    return text or None


def _shape_problems(
    op: LimitOp, value: Decimal | None, low: Decimal | None, high: Decimal | None, text: str | None
) -> list[str]:
    """Which fields ``op`` needs or forbids, as reasons; empty when the shape is right."""
    reasons: list[str] = []
    present = {"value": value is not None, "low": low is not None, "high": high is not None}
    if op in _NUMERIC_OPS:
        needed, allowed_text = {"value"}, False
    elif op is LimitOp.RANGE:
        needed, allowed_text = {"low", "high"}, False
    elif op is LimitOp.TEXT:
        needed, allowed_text = set(), True
        if not text:
            reasons.append("text 类限量必须给出 text / a 'text' limit needs its expected text")
    elif op is LimitOp.INFO:
        needed, allowed_text = set(), True
    else:
        needed, allowed_text = set(), False
    for key, is_set in present.items():
        if key in needed and not is_set:
            reasons.append(f"{op.value} 类限量缺少 {key} / a '{op.value}' limit needs '{key}'")
        if key not in needed and is_set:
            reasons.append(f"{op.value} 类限量不应有 {key} / a '{op.value}' limit takes no '{key}'")
    if text is not None and not allowed_text:
        reasons.append(f"{op.value} 类限量不应有 text / a '{op.value}' limit takes no 'text'")
    if op is LimitOp.RANGE and low is not None and high is not None and low > high:
        reasons.append(f"范围下限 {low} 大于上限 {high} / range low {low} is above high {high}")
    return reasons
