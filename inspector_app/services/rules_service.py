"""Time limits and other rules as data (DOMAIN.md §2): the shipped defaults, and reading them back.

Every time limit the workstation counts with — objection periods, correction and re-check deadlines, the repeat
check window, tip and complaint replies — lives in the ``rules`` table with its legal source, how it counts
(``calendar_days``, ``working_days``, ``hours`` or ``months``), what it applies to and how sure we are of it
(A/B/C as in DOMAIN.md). Nothing in code hard-codes a legal period.

The defaults ship in ``resources/rules/rules.json``. ``ensure_default_rules`` adds the rules a store lacks and never
changes one it has: HQ owns the rules and may have changed them through sync (their rows carry ``hq_seq``).

``months`` exists because the repeat-check window is "6 months" in the law: counting calendar months (to the same
day of the month, or the month's last day) is not any fixed number of days.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from inspector_app.domain.errors import FileReadError, ImportFileError, LineError, NotFoundError
from inspector_app.resources import resource_path
from inspector_app.storage.database import Database
from inspector_app.storage.models import Rule

logger = logging.getLogger(__name__)

FORMAT_NAME = "inspector-rules"
FORMAT_VERSION = 1
DAY_TYPES = ("calendar_days", "working_days", "hours", "months")
APPLIES_TO = ("industrial", "food", "farm_produce", "all")
CONFIDENCE_LEVELS = ("A", "B", "C")
_FIELDS = ("code", "name", "applies_to", "amount", "day_type", "legal_source", "confidence", "note")
_CODE = re.compile(r"[a-z][a-z0-9_]{0,59}")
_MAX_LENGTHS = {"name": 200, "legal_source": 300, "note": 4000}


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """One rule: a time limit with how it counts, what it applies to, its legal source and confidence."""

    code: str
    name: str
    applies_to: str
    amount: int
    day_type: str
    legal_source: str
    confidence: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class RulesReport:
    """What ``ensure_default_rules`` did: the codes it added and the codes the store already had (left alone)."""

    added: tuple[str, ...]
    kept: tuple[str, ...]

    @property
    def changed(self) -> bool:
        """Whether any rule was added."""
        return bool(self.added)


def shipped_rules_path() -> Path:
    """Where the default rules file is."""
    return resource_path("rules", "rules.json")


def parse_rules(text: str) -> tuple[RuleInfo, ...]:
    """Parse and validate a rules file; raise ``ImportFileError`` listing every problem, or return the rules."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError([LineError(exc.lineno, f"JSON 语法错误 / JSON syntax error: {exc.msg}")]) from exc
    if not isinstance(document, dict):
        raise ImportFileError([LineError(1, "顶层应为对象 / the top level must be an object")])
    if document.get("format") != FORMAT_NAME or document.get("format_version") != FORMAT_VERSION:
        raise ImportFileError(
            [LineError(1, f"不是规则文件 / not a rules file (format {FORMAT_NAME} version {FORMAT_VERSION})")]
        )
    entries = document.get("rules")
    if not isinstance(entries, list):
        raise ImportFileError([LineError(1, "缺少 rules 列表 / the rules list is missing")])
    lines = _object_lines(text, len(entries))
    errors: list[LineError] = []
    rules: list[RuleInfo] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        line = lines[index]
        rule = _parse_rule(entry, line, errors)
        if rule is None:
            continue
        if rule.code in seen:
            errors.append(LineError(line, f"规则代码重复 / duplicate rule code {rule.code}"))
            continue
        seen.add(rule.code)
        rules.append(rule)
    if errors:
        raise ImportFileError(errors)
    return tuple(rules)


def load_shipped_rules() -> tuple[RuleInfo, ...]:
    """The default rules shipped with the workstation."""
    path = shipped_rules_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FileReadError("missing", f"找不到规则文件：{path}", f"Rules file not found: {path}", str(path)) from exc
    except OSError as exc:
        raise FileReadError(
            "unreadable", f"无法读取规则文件：{path}", f"Cannot read the rules file {path}: {exc}", str(path)
        ) from exc
    return parse_rules(text)


class RulesService:
    """Reads the rules of a store and installs the shipped defaults."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def ensure_defaults(self) -> RulesReport:
        """Add every shipped rule whose code the store lacks; leave the others as they are."""
        shipped = load_shipped_rules()
        with self._database.session() as session:
            present = set(session.scalars(select(Rule.code)))
            added = []
            for rule in shipped:
                if rule.code in present:
                    continue
                session.add(
                    Rule(
                        code=rule.code,
                        name=rule.name,
                        applies_to=rule.applies_to,
                        amount=rule.amount,
                        day_type=rule.day_type,
                        legal_source=rule.legal_source,
                        confidence=rule.confidence,
                        note=rule.note,
                    )
                )
                added.append(rule.code)
        kept = tuple(rule.code for rule in shipped if rule.code in present)
        if added:
            logger.info("installed %d default rules", len(added))
        return RulesReport(added=tuple(added), kept=kept)

    def list_rules(self) -> list[RuleInfo]:
        """Every rule in the store, by code."""
        with self._database.session() as session:
            return [_info(rule) for rule in session.scalars(select(Rule).order_by(Rule.code))]

    def get(self, code: str) -> RuleInfo:
        """The rule with ``code``; ``NotFoundError`` if the store has none."""
        with self._database.session() as session:
            rule = session.scalars(select(Rule).where(Rule.code == code)).one_or_none()
            if rule is None:
                raise NotFoundError(f"没有规则 {code}", f"No rule {code}")
            return _info(rule)


def ensure_default_rules(database: Database) -> RulesReport:
    """Install the shipped rules a store lacks (demo and real workspaces alike); existing rules are left alone."""
    return RulesService(database).ensure_defaults()


def _info(rule: Rule) -> RuleInfo:
    return RuleInfo(
        code=rule.code,
        name=rule.name,
        applies_to=rule.applies_to,
        amount=rule.amount,
        day_type=rule.day_type,
        legal_source=rule.legal_source,
        confidence=rule.confidence,
        note=rule.note,
    )


def _object_lines(text: str, count: int) -> list[int]:
    """The line each rule object starts on, found by its ``"code"`` key (every rule has exactly one)."""
    starts = [text.count("\n", 0, match.start()) + 1 for match in re.finditer(r'"code"\s*:', text)]
    if len(starts) != count:
        return [1] * count
    return starts


def _parse_rule(entry: Any, line: int, errors: list[LineError]) -> RuleInfo | None:
    if not isinstance(entry, dict):
        errors.append(LineError(line, "规则应为对象 / a rule must be an object"))
        return None
    problems: list[str] = []
    missing = [name for name in _FIELDS if name not in entry and name != "note"]
    unknown = sorted(set(entry) - set(_FIELDS))
    if missing:
        problems.append(f"缺少字段 / missing field(s): {', '.join(missing)}")
    if unknown:
        problems.append(f"未知字段 / unknown field(s): {', '.join(unknown)}")
    if not missing:
        code, amount = entry["code"], entry["amount"]
        if not isinstance(code, str) or not _CODE.fullmatch(code):
            problems.append(f"规则代码应为小写字母、数字和下划线 / bad rule code {code!r}")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            problems.append(f"期限应为正整数 / amount must be a positive integer, not {amount!r}")
        if entry["day_type"] not in DAY_TYPES:
            problems.append(f"计算方式应为 {'/'.join(DAY_TYPES)} / unknown day_type {entry['day_type']!r}")
        if entry["applies_to"] not in APPLIES_TO:
            problems.append(f"适用范围应为 {'/'.join(APPLIES_TO)} / unknown applies_to {entry['applies_to']!r}")
        if entry["confidence"] not in CONFIDENCE_LEVELS:
            problems.append(f"可信度应为 A/B/C / confidence must be A, B or C, not {entry['confidence']!r}")
        for name in ("name", "legal_source", "note"):
            value = entry.get(name, "")
            if not isinstance(value, str) or (name != "note" and not value.strip()):
                problems.append(f"{name} 应为非空文本 / {name} must be non-empty text")
            elif len(value) > _MAX_LENGTHS[name]:
                problems.append(f"{name} 过长 / {name} is longer than {_MAX_LENGTHS[name]} characters")
    if problems:
        errors.extend(LineError(line, problem) for problem in problems)
        return None
    return RuleInfo(
        code=entry["code"],
        name=entry["name"].strip(),
        applies_to=entry["applies_to"],
        amount=entry["amount"],
        day_type=entry["day_type"],
        legal_source=entry["legal_source"].strip(),
        confidence=entry["confidence"],
        note=entry.get("note", ""),
    )
