"""The verdict rules: each red, amber and info reason, and how they add up to the outcome."""

from __future__ import annotations

import datetime as dt

import pytest

from inspector_app.domain.verdict import (
    AlertFact,
    BlacklistFact,
    EnterpriseFact,
    LicenceFact,
    Outcome,
    ProductKindFact,
    TradeItemFact,
    VerdictFacts,
    judge,
)

TODAY = dt.date(2026, 11, 27)
ITEM = TradeItemFact("06901234567892", "一级大豆油", "金禾", "5L")
MAKER = EnterpriseFact(7, "91110108551385082Q", "北京某某粮油有限公司", "110108", "A")
OIL = ProductKindFact(3, "FOOD-02-001", "食用植物油", "食用油、油脂及其制品", "food", False, False, True)
CABLE = ProductKindFact(9, "IND-01-010", "电线电缆", "工业生产资料", "industrial", True, True, False)
SC_OK = LicenceFact("SC", "SC10211010800523", "valid", dt.date(2024, 1, 1), dt.date(2029, 1, 1), None)


def facts(**changes: object) -> VerdictFacts:
    base: dict[str, object] = {
        "today": TODAY,
        "gtin": ITEM.gtin,
        "trade_item": ITEM,
        "product_kind": OIL,
        "enterprise": MAKER,
        "licences": (SC_OK,),
    }
    base.update(changes)
    return VerdictFacts(**base)  # type: ignore[arg-type]


def codes(verdict_facts: VerdictFacts) -> list[str]:
    return [f.code for f in judge(verdict_facts).findings]


def alert(action: str, match_type: str, **changes: object) -> AlertFact:
    values: dict[str, object] = {
        "code": f"A-{action}-{match_type}",
        "title": "抽检发现酸价超标",
        "level": "high",
        "action": action,
        "match_type": match_type,
        "batch": None,
        "valid_from": dt.date(2026, 1, 1),
        "valid_until": None,
    }
    values.update(changes)
    return AlertFact(**values)  # type: ignore[arg-type]


def test_clean_item_is_green_and_says_it_is_a_catalogue_product() -> None:
    verdict = judge(facts())
    assert verdict.outcome is Outcome.GREEN
    assert codes(facts()) == ["catalogue_product"]
    assert "食用植物油" in verdict.findings[0].message_zh


def test_unknown_gtin_is_unknown_and_offers_to_record() -> None:
    verdict = judge(VerdictFacts(today=TODAY, gtin="06901234567892"))
    assert verdict.outcome is Outcome.UNKNOWN
    assert verdict.findings[0].code == "not_in_reference_data"
    assert "not in the reference data" in verdict.findings[0].message_en


def test_blacklisted_maker_is_red() -> None:
    entry = BlacklistFact("serious_violation", "生产销售不合格产品", dt.date(2025, 3, 1), None)
    verdict = judge(facts(blacklist=(entry,)))
    assert verdict.outcome is Outcome.RED
    assert verdict.findings[0].code == "blacklisted"
    assert "黑名单" in verdict.findings[0].message_zh


def test_blacklist_entry_that_ended_no_longer_counts() -> None:
    entry = BlacklistFact("serious_violation", "x", dt.date(2023, 3, 1), dt.date(2026, 3, 1))
    assert judge(facts(blacklist=(entry,))).outcome is Outcome.GREEN


def test_abnormal_operation_list_is_amber() -> None:
    entry = BlacklistFact("abnormal_operation", "通过登记的住所无法联系", dt.date(2025, 3, 1), None)
    assert judge(facts(blacklist=(entry,))).outcome is Outcome.AMBER


@pytest.mark.parametrize("match_type", ["gtin", "enterprise", "product_kind", "region"])
@pytest.mark.parametrize(
    ("action", "outcome"), [("recall", Outcome.RED), ("stop_sale", Outcome.RED), ("watch", Outcome.AMBER)]
)
def test_alerts_by_what_they_match(match_type: str, action: str, outcome: Outcome) -> None:
    verdict = judge(facts(alerts=(alert(action, match_type),)))
    assert verdict.outcome is outcome
    assert verdict.findings[0].code == f"alert_{action}_{match_type}"


def test_batch_recall_matches_only_its_batch() -> None:
    recall = alert("recall", "gtin_batch", batch="B2026A")
    assert judge(facts(batch="b2026a", alerts=(recall,))).outcome is Outcome.RED
    assert judge(facts(batch="B2025X", alerts=(recall,))).outcome is Outcome.GREEN


def test_batch_recall_without_batch_in_code_asks_to_check_the_pack() -> None:
    verdict = judge(facts(alerts=(alert("recall", "gtin_batch", batch="B2026A"),)))
    assert verdict.outcome is Outcome.AMBER
    assert verdict.findings[0].code == "batch_alert_unknown_batch"
    assert "B2026A" in verdict.findings[0].message_zh


def test_withdrawn_or_lapsed_alerts_do_not_count() -> None:
    withdrawn = alert("recall", "gtin", status="withdrawn")
    lapsed = alert("recall", "gtin", valid_until=dt.date(2026, 6, 1))
    future = alert("recall", "gtin", valid_from=dt.date(2027, 1, 1))
    assert judge(facts(alerts=(withdrawn, lapsed, future))).outcome is Outcome.GREEN


def test_expired_item_is_red_and_recalled_disposition() -> None:
    verdict = judge(facts(expiry_date=dt.date(2026, 11, 26), alerts=(alert("recall", "gtin"),)))
    assert verdict.outcome is Outcome.RED
    assert {"expired", "alert_recall_gtin"} <= {f.code for f in verdict.findings}
    assert verdict.dispositions == ("expired", "recalled")


def test_expiry_today_is_not_expired_but_soon() -> None:
    verdict = judge(facts(expiry_date=TODAY))
    assert verdict.outcome is Outcome.GREEN
    assert "expires_soon" in [f.code for f in verdict.findings]


def test_past_best_before_is_amber() -> None:
    assert judge(facts(best_before_date=dt.date(2026, 11, 1))).outcome is Outcome.AMBER


def test_required_licence_missing_is_red() -> None:
    verdict = judge(facts(licences=()))
    assert verdict.outcome is Outcome.RED
    assert verdict.findings[0].code == "licence_missing_sc"


def test_cable_needs_both_xk_and_ccc() -> None:
    xk = LicenceFact("XK", "XK06-001-00001", "valid", dt.date(2024, 1, 1), dt.date(2029, 1, 1), 9)
    verdict = judge(facts(product_kind=CABLE, licences=(xk,)))
    assert [f.code for f in verdict.red] == ["licence_missing_ccc"]


def test_licence_for_another_kind_does_not_count() -> None:
    other = LicenceFact("SC", "SC10211010800524", "valid", dt.date(2024, 1, 1), dt.date(2029, 1, 1), 99)
    assert "licence_missing_sc" in codes(facts(licences=(other,)))


@pytest.mark.parametrize(
    ("licence", "code"),
    [
        (LicenceFact("SC", "SC1", "suspended", dt.date(2024, 1, 1), dt.date(2029, 1, 1), None), "licence_suspended_sc"),
        (LicenceFact("SC", "SC1", "revoked", dt.date(2024, 1, 1), dt.date(2029, 1, 1), None), "licence_revoked_sc"),
        (LicenceFact("SC", "SC1", "valid", dt.date(2020, 1, 1), dt.date(2025, 1, 1), None), "licence_expired_sc"),
        (LicenceFact("SC", "SC1", "expired", dt.date(2020, 1, 1), None, None), "licence_expired_sc"),
    ],
)
def test_licence_not_valid_is_red(licence: LicenceFact, code: str) -> None:
    verdict = judge(facts(licences=(licence,)))
    assert verdict.outcome is Outcome.RED
    assert verdict.findings[0].code == code


def test_a_valid_licence_outweighs_an_old_expired_one() -> None:
    old = LicenceFact("SC", "SC0", "expired", dt.date(2015, 1, 1), dt.date(2020, 1, 1), None)
    assert judge(facts(licences=(old, SC_OK))).outcome is Outcome.GREEN


def test_licence_expiring_within_90_days_is_amber() -> None:
    soon = LicenceFact("SC", "SC1", "valid", dt.date(2021, 1, 1), TODAY + dt.timedelta(days=90), None)
    later = LicenceFact("SC", "SC1", "valid", dt.date(2021, 1, 1), TODAY + dt.timedelta(days=91), None)
    assert codes(facts(licences=(soon,)))[0] == "licence_expiring_sc"
    assert judge(facts(licences=(later,))).outcome is Outcome.GREEN


def test_catalogue_kind_with_unknown_maker_cannot_be_checked() -> None:
    verdict = judge(facts(enterprise=None, licences=()))
    assert verdict.outcome is Outcome.AMBER
    assert verdict.findings[0].code == "licence_unverifiable"


def test_earlier_nonconforming_checks_are_amber() -> None:
    verdict = judge(facts(nonconforming_item_checks=2, nonconforming_maker_checks=5))
    assert verdict.outcome is Outcome.AMBER
    assert [f.code for f in verdict.amber] == ["nonconforming_item_before", "nonconforming_maker_before"]


def test_low_credit_class_is_amber() -> None:
    low = EnterpriseFact(7, MAKER.uscc, MAKER.name, MAKER.region_code, "D")
    assert judge(facts(enterprise=low)).outcome is Outcome.AMBER


def test_findings_are_worst_first_and_summary_names_the_worst() -> None:
    verdict = judge(
        facts(
            alerts=(alert("watch", "product_kind"),),
            blacklist=(BlacklistFact("serious_violation", "造假", dt.date(2025, 1, 1), None),),
        )
    )
    levels = [f.level.value for f in verdict.findings]
    assert levels == sorted(levels, key=["red", "amber", "info"].index)
    assert verdict.summary().startswith("立即处置：生产企业")
    assert verdict.summary("en").startswith("Act now: The maker")
