"""Rules as data: the shipped time limits, installing them, and refusing a bad rules file."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from inspector_app.domain.errors import ImportFileError, NotFoundError
from inspector_app.services.rules_service import (
    DAY_TYPES,
    RuleInfo,
    RulesService,
    ensure_default_rules,
    load_shipped_rules,
    parse_rules,
    shipped_rules_path,
)
from inspector_app.services.workspace import Workspace
from inspector_app.storage.models import Rule

# DOMAIN.md §2 and §6: (code, amount, day type, applies to, confidence).
EXPECTED = {
    "objection_industrial": (15, "calendar_days", "industrial", "A"),
    "objection_food": (7, "working_days", "food", "A"),
    "objection_farm_rapid_test": (4, "hours", "farm_produce", "A"),
    "after_failure_correction": (60, "calendar_days", "industrial", "B"),
    "after_failure_recheck": (75, "calendar_days", "industrial", "B"),
    "repeat_check_window": (6, "months", "industrial", "B"),
    "food_sample_to_lab": (5, "working_days", "food", "C"),
    "food_lab_report": (20, "working_days", "food", "C"),
    "food_nominal_producer_dispute": (5, "working_days", "food", "B"),
    "tip_reply_real_name": (5, "working_days", "all", "B"),
    "complaint_acceptance_decision": (7, "working_days", "all", "B"),
    "case_transfer_police_decision": (3, "calendar_days", "all", "B"),
    "case_transfer_reconsideration": (3, "calendar_days", "all", "B"),
    "licence_expiry_warning": (90, "calendar_days", "all", "C"),
}


def test_shipped_rules_are_the_domain_time_limits() -> None:
    rules = {rule.code: rule for rule in load_shipped_rules()}
    assert {code: (r.amount, r.day_type, r.applies_to, r.confidence) for code, r in rules.items()} == EXPECTED
    for rule in rules.values():
        assert rule.legal_source.strip()
        assert rule.name.strip()
        assert rule.note.strip()
    assert "食品安全法" in rules["objection_food"].legal_source
    assert "产品质量法" in rules["objection_industrial"].legal_source


def test_ensure_default_rules_adds_them_once(workspace: Workspace) -> None:
    first = ensure_default_rules(workspace.database)
    assert set(first.added) == set(EXPECTED) and first.kept == () and first.changed
    second = ensure_default_rules(workspace.database)
    assert second.added == () and set(second.kept) == set(EXPECTED) and not second.changed
    assert [rule.code for rule in RulesService(workspace.database).list_rules()] == sorted(EXPECTED)


def test_rules_changed_by_hq_are_kept(workspace: Workspace) -> None:
    with workspace.database.session() as session:
        session.add(
            Rule(
                code="objection_industrial",
                name="HQ 调整后的期限",
                applies_to="industrial",
                amount=20,
                day_type="calendar_days",
                legal_source="总部通知",
                confidence="B",
                hq_seq=42,
            )
        )
    report = ensure_default_rules(workspace.database)
    assert "objection_industrial" in report.kept and "objection_industrial" not in report.added
    kept = RulesService(workspace.database).get("objection_industrial")
    assert (kept.amount, kept.legal_source) == (20, "总部通知")
    with workspace.database.session() as session:
        assert session.scalars(select(Rule.hq_seq).where(Rule.code == "objection_industrial")).one() == 42


def test_get_unknown_rule(workspace: Workspace) -> None:
    with pytest.raises(NotFoundError):
        RulesService(workspace.database).get("nope")


def _document(*rules: dict[str, object]) -> str:
    return json.dumps({"format": "inspector-rules", "format_version": 1, "rules": list(rules)}, indent=2)


GOOD = {
    "code": "x_limit",
    "name": "测试期限",
    "applies_to": "all",
    "amount": 3,
    "day_type": "working_days",
    "legal_source": "测试",
    "confidence": "B",
}


def test_a_good_file_parses() -> None:
    assert parse_rules(_document(GOOD)) == (RuleInfo(**GOOD),)  # type: ignore[arg-type]


def test_every_bad_rule_is_reported_with_its_line() -> None:
    text = _document(
        GOOD,
        {**GOOD, "code": "bad_day", "day_type": "weeks"},
        {**GOOD, "code": "x_limit"},
        {**GOOD, "code": "zero", "amount": 0, "confidence": "D"},
        {key: value for key, value in GOOD.items() if key != "legal_source"} | {"code": "no_source"},
        {**GOOD, "code": "Bad Code", "colour": "red"},
    )
    with pytest.raises(ImportFileError) as raised:
        parse_rules(text)
    lines = text.splitlines()
    errors = raised.value.errors
    assert len(errors) == 7
    assert [lines[error.line - 1].strip() for error in errors] == [
        '"code": "bad_day",',
        '"code": "x_limit",',
        '"code": "zero",',
        '"code": "zero",',
        '"code": "no_source",',
        '"code": "Bad Code",',
        '"code": "Bad Code",',
    ]
    reasons = " ".join(error.reason for error in raised.value.errors)
    for word in ("weeks", "duplicate", "positive", "confidence", "legal_source", "bad rule code", "colour"):
        assert word in reasons


@pytest.mark.parametrize(
    "text",
    [
        "{",
        "[]",
        json.dumps({"format": "other", "format_version": 1, "rules": []}),
        json.dumps({"format": "inspector-rules", "format_version": 2, "rules": []}),
        json.dumps({"format": "inspector-rules", "format_version": 1}),
        json.dumps({"format": "inspector-rules", "format_version": 1, "rules": [1]}),
    ],
)
def test_files_that_are_not_rules_files(text: str) -> None:
    with pytest.raises(ImportFileError):
        parse_rules(text)


@given(st.text())
def test_any_text_gives_rules_or_an_import_error(text: str) -> None:
    try:
        parse_rules(text)
    except ImportFileError as exc:
        assert exc.errors


@given(
    st.dictionaries(
        st.sampled_from([*GOOD, "note", "extra"]),
        st.one_of(st.text(max_size=4), st.integers(-2, 5), st.booleans(), st.none(), st.sampled_from(DAY_TYPES)),
    )
)
def test_any_rule_object_parses_or_is_refused(entry: dict[str, object]) -> None:
    try:
        rules = parse_rules(_document(entry))
    except ImportFileError as exc:
        assert exc.errors
    else:
        assert rules[0].amount > 0 and rules[0].day_type in DAY_TYPES


def test_shipped_file_is_where_the_service_reads_it() -> None:
    assert shipped_rules_path().is_file()
