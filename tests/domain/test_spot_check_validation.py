"""Validation of the sampling record: each rule of DOMAIN.md §2, with the field it names and its level."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector_app.domain.catalogue import CatalogueDomain
from inspector_app.domain.spot_check import (
    BackupKeeper,
    Inspector,
    Packaging,
    Producer,
    Sample,
    SampledSite,
    SamplingOutcome,
    SamplingRecord,
    SamplingUnit,
    Sealing,
)
from inspector_app.domain.spot_check_validation import (
    IssueLevel,
    ProductKindRequirements,
    RecentCheck,
    ValidationContext,
    ValidationIssue,
    has_errors,
    validate_sampling_record,
)

D = dt.date
TODAY = D(2025, 10, 10)
SITE_USCC = "91110108551385082Q"
PRODUCER_USCC = "91350100M000100Y43"

FERTILISER = ProductKindRequirements(
    code="IND-01-001",
    name="复合肥料",
    domain=CatalogueDomain.INDUSTRIAL,
    needs_xk=True,
    sample_quantity=2,
    backup_quantity=2,
    quantity_unit="袋",
)
PLUGS = ProductKindRequirements(
    code="IND-02-001",
    name="插头插座",
    domain=CatalogueDomain.INDUSTRIAL,
    needs_ccc=True,
    ccc_code="0201",
    sample_quantity=4,
    backup_quantity=4,
    quantity_unit="只",
)
OIL = ProductKindRequirements(
    code="FOOD-02-001",
    name="食用植物油",
    domain=CatalogueDomain.FOOD,
    needs_sc=True,
    sample_quantity=4,
    backup_quantity=4,
    quantity_unit="瓶",
)

RECORD = SamplingRecord(
    sampling_unit=SamplingUnit(name="北京市海淀区市场监督管理局", address="北京市海淀区", province="北京市"),
    inspectors=(
        Inspector(inspector_id=1, name="张三", badge_number="11010820001"),
        Inspector(inspector_id=2, name="李四", badge_number="11010820002"),
    ),
    sampled_site=SampledSite(
        name="丰收农资经营部",
        address="北京市海淀区农大南路 1 号",
        region_code="110108",
        urban_rural="fringe",
        uscc=SITE_USCC,
    ),
    producer=Producer(
        name="福州丰收化肥有限公司",
        address="福建省福州市",
        region_code="350100",
        uscc=PRODUCER_USCC,
        licence_number="(闽)XK13-001-00018",
    ),
    sample=Sample(
        product_kind_code="IND-01-001",
        name="复合肥料",
        barcode="6901234567892",
        gtin="06901234567892",
        trademark="丰收",
        specification="40kg/袋",
        standard="GB/T 15063-2020",
        production_date=D(2025, 8, 1),
        batch="20250801",
        sampling_date=D(2025, 10, 9),
        lot_base=200,
        sample_quantity=2,
        backup_quantity=2,
        quantity_unit="袋",
        xk_number="(闽)XK13-001-00018",
    ),
    sealing=Sealing(seal_numbers=("F0001", "F0002"), seal_state="完好", backup_keeper=BackupKeeper.LAB),
)
CONTEXT = ValidationContext(today=TODAY, requirements=FERTILISER, same_product_window_months=6)


def with_sample(record: SamplingRecord = RECORD, **changes: Any) -> SamplingRecord:
    return record.replace(sample=dataclasses.replace(record.sample, **changes))


def with_producer(record: SamplingRecord = RECORD, **changes: Any) -> SamplingRecord:
    return record.replace(producer=dataclasses.replace(record.producer, **changes))


def with_site(record: SamplingRecord = RECORD, **changes: Any) -> SamplingRecord:
    return record.replace(sampled_site=dataclasses.replace(record.sampled_site, **changes))


def with_sealing(record: SamplingRecord = RECORD, **changes: Any) -> SamplingRecord:
    return record.replace(sealing=dataclasses.replace(record.sealing, **changes))


def _resolves(payload: Any, path: str) -> bool:
    """Whether a dotted path like ``inspectors[1].badge_number`` names something in the record's JSON form."""
    node = payload
    for part in path.split("."):
        match = re.fullmatch(r"(\w+)(?:\[(\d+)\])?", part)
        assert match is not None, path
        if not isinstance(node, dict) or match.group(1) not in node:
            return False
        node = node[match.group(1)]
        if match.group(2) is not None:
            index = int(match.group(2))
            if not isinstance(node, list) or index >= len(node):
                return False
            node = node[index]
    return True


def validate(record: SamplingRecord, context: ValidationContext = CONTEXT) -> list[ValidationIssue]:
    issues = validate_sampling_record(record, context)
    payload = record.to_dict()
    for issue in issues:
        assert issue.message_zh and issue.message_en and issue.code
        assert _resolves(payload, issue.field), issue.field
    return issues


def found(issues: list[ValidationIssue]) -> set[tuple[str, str, str]]:
    return {(issue.level.value, issue.field, issue.code) for issue in issues}


def test_a_complete_record_has_nothing_to_say() -> None:
    assert validate(RECORD) == []
    assert not has_errors([])


# ---------------------------------------------------------------------------- inspectors


def test_two_samplers_are_required() -> None:
    issues = validate(RECORD.replace(inspectors=RECORD.inspectors[:1]))
    assert found(issues) == {("error", "inspectors", "inspectors_too_few")}
    assert "不得少于 2 名" in issues[0].message_zh and has_errors(issues)


def test_the_two_samplers_must_be_distinct_people() -> None:
    first, second = RECORD.inspectors
    same_badge = dataclasses.replace(second, badge_number=" １１０１０８２０００１ ")  # full-width, padded
    assert found(validate(RECORD.replace(inspectors=(first, same_badge)))) == {
        ("error", "inspectors[1].badge_number", "inspectors_same_badge")
    }
    same_id = dataclasses.replace(second, inspector_id=1)
    assert found(validate(RECORD.replace(inspectors=(first, same_id)))) == {
        ("error", "inspectors[1].inspector_id", "inspectors_same_person")
    }


def test_sampler_details_and_confirmation() -> None:
    first, second = RECORD.inspectors
    unconfirmed = dataclasses.replace(second, inspector_id=None, badge_number="", name="")
    assert found(validate(RECORD.replace(inspectors=(first, unconfirmed)))) == {
        ("error", "inspectors[1].name", "inspector_name_missing"),
        ("error", "inspectors[1].badge_number", "inspector_badge_missing"),
        ("warning", "inspectors[1].inspector_id", "inspector_not_confirmed"),
    }


# ---------------------------------------------------------------------------- identifiers


def test_uscc_with_a_wrong_check_character_is_an_error_that_explains() -> None:
    issues = validate(with_site(uscc="91110108551385082X"))
    assert found(issues) == {("error", "sampled_site.uscc", "uscc_invalid")}
    assert "校验" in issues[0].message_zh or "check" in issues[0].message_en.lower()


def test_a_code_of_another_kind_is_not_a_uscc() -> None:
    issues = validate(with_producer(uscc="6901234567892"))
    assert found(issues) == {("error", "producer.uscc", "uscc_invalid")}
    assert "商品条码" in issues[0].message_zh


def test_missing_usccs_are_warnings() -> None:
    record = with_producer(with_site(uscc=""), uscc="")
    assert found(validate(record)) == {
        ("warning", "sampled_site.uscc", "site_uscc_missing"),
        ("warning", "producer.uscc", "producer_uscc_missing"),
    }


def test_licence_number_formats() -> None:
    assert found(validate(with_producer(licence_number="SC1021201160052"))) == {
        ("error", "producer.licence_number", "licence_invalid")
    }
    assert found(validate(with_producer(licence_number=SITE_USCC))) == {
        ("error", "producer.licence_number", "licence_not_production")
    }
    assert found(validate(with_site(licence_type="JY", licence_number="JY1110108000123"))) == {
        ("error", "sampled_site.licence_number", "jy_invalid")
    }
    assert validate(with_site(licence_type="JY", licence_number="JY11101080001234")) == []
    assert found(validate(with_site(licence_type="SC", licence_number="XK13-001-00018"))) == {
        ("error", "sampled_site.licence_number", "licence_type_mismatch")
    }
    assert found(validate(with_site(licence_type="SC", licence_number=""))) == {
        ("warning", "sampled_site.licence_number", "site_licence_number_missing")
    }
    assert validate(with_site(licence_type="SC", licence_number="SC10212011600523")) == []


def test_barcode_gtin_and_region_codes() -> None:
    assert found(validate(with_sample(barcode="6901234567890"))) == {("error", "sample.barcode", "barcode_invalid")}
    assert found(validate(with_sample(gtin="06901234567893"))) == {("error", "sample.gtin", "gtin_invalid")}
    assert found(validate(with_sample(gtin="00012345600012"))) == {("error", "sample.gtin", "gtin_barcode_mismatch")}
    assert found(validate(with_site(region_code="990101"))) == {("error", "sampled_site.region_code", "region_invalid")}
    assert found(validate(with_producer(region_code="35010"))) == {("error", "producer.region_code", "region_invalid")}


# ---------------------------------------------------------------------------- catalogue licence requirements


def test_a_kind_needing_xk_without_an_xk_number_is_an_error() -> None:
    record = with_producer(with_sample(xk_number=""), licence_number="")
    issues = validate(record)
    assert found(issues) == {("warning", "sample.xk_number", "xk_required")}
    assert "复合肥料" in issues[0].message_zh
    # The producer's XK number is enough; an invalid one is not.
    assert validate(with_sample(xk_number="")) == []
    assert found(validate(with_producer(record, licence_number="XK13-001"))) == {
        ("error", "producer.licence_number", "licence_invalid"),
        ("warning", "sample.xk_number", "xk_required"),
    }
    # Imported goods carry no Chinese production licence.
    assert validate(with_sample(record, imported=True)) == []


def test_a_kind_needing_sc_accepts_the_contract_manufacturers_licence() -> None:
    food = with_sample(
        product_kind_code="FOOD-02-001", name="花生油", quantity_unit="瓶", xk_number="", purchase_cost="59.80"
    )
    food = food.replace(producer=Producer(name="某粮油有限公司", uscc=PRODUCER_USCC, licence_number=""))
    context = dataclasses.replace(CONTEXT, requirements=OIL)
    assert found(validate(food, context)) == {
        ("warning", "producer.licence_number", "sc_required"),
        ("warning", "sample.sample_quantity", "quantity_below_catalogue"),
        ("warning", "sample.backup_quantity", "quantity_below_catalogue"),
    }
    contracted = with_producer(
        food, has_third_party=True, third_party_name="某油脂加工厂", third_party_licence="SC10235010000019"
    )
    contracted = with_sample(contracted, sample_quantity=4, backup_quantity=4)
    assert validate(contracted, context) == []
    assert found(validate(with_producer(contracted, third_party_name=""), context)) == {
        ("error", "producer.third_party_name", "third_party_name_missing")
    }


def test_a_kind_needing_ccc_without_a_certificate_is_an_error() -> None:
    plug = with_sample(product_kind_code="IND-02-001", name="转换插座", quantity_unit="只", sample_quantity=4)
    plug = with_sample(plug, backup_quantity=4, xk_number="", lot_base=100)
    plug = with_producer(plug, licence_number="")
    context = dataclasses.replace(CONTEXT, requirements=PLUGS)
    assert found(validate(plug, context)) == {("warning", "sample.ccc_number", "ccc_required")}
    assert validate(with_sample(plug, ccc_number="2024010201123456"), context) == []
    mismatch = validate(with_sample(plug, ccc_number="2024010202123456"), context)
    assert found(mismatch) == {("warning", "sample.ccc_number", "ccc_product_mismatch")}
    assert "0201" in mismatch[0].message_zh
    # A certificate dated after this year cannot exist yet (one year of slack for a slow clock).
    assert found(validate(with_sample(plug, ccc_number="2031010201123456"), context)) == {
        ("error", "sample.ccc_number", "ccc_invalid")
    }


# ---------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"production_date": D(2025, 10, 9)}, set()),
        ({"production_date": D(2025, 10, 10)}, {("error", "sample.production_date", "production_after_sampling")}),
        ({"sampling_date": D(2025, 10, 11)}, {("error", "sample.sampling_date", "sampling_date_future")}),
        ({"sampling_date": None}, {("error", "sample.sampling_date", "sampling_date_missing")}),
        ({"expiry_date": D(2025, 8, 1)}, {("error", "sample.expiry_date", "expiry_before_production")}),
        ({"expiry_date": D(2025, 10, 8)}, {("warning", "sample.expiry_date", "expired_when_sampled")}),
        ({"expiry_date": D(2025, 10, 9)}, set()),
        ({"batch": "", "production_date": None}, {("error", "sample.batch", "batch_missing")}),
        ({"batch": ""}, set()),
    ],
)
def test_dates_in_order(changes: dict[str, Any], expected: set[tuple[str, str, str]]) -> None:
    assert found(validate(with_sample(**changes))) == expected


# ---------------------------------------------------------------------------- quantities


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"lot_base": 4}, set()),
        ({"lot_base": 3}, {("error", "sample.lot_base", "quantities_exceed_lot")}),
        ({"lot_base": None}, {("error", "sample.lot_base", "quantity_missing")}),
        ({"lot_base": 0}, {("error", "sample.lot_base", "quantity_not_positive")}),
        (
            {"sample_quantity": 0},
            {
                ("error", "sample.sample_quantity", "quantity_not_positive"),
                ("warning", "sample.sample_quantity", "quantity_below_catalogue"),
            },
        ),
        ({"backup_quantity": -1}, {("error", "sample.backup_quantity", "quantity_not_positive")}),
        ({"backup_quantity": 1}, {("warning", "sample.backup_quantity", "quantity_below_catalogue")}),
        ({"sample_quantity": 5}, set()),
        ({"quantity_unit": ""}, {("error", "sample.quantity_unit", "quantity_unit_missing")}),
        ({"quantity_unit": "kg", "sample_quantity": 1}, {("warning", "sample.quantity_unit", "quantity_unit_differs")}),
        ({"quantity_unit": " 袋 "}, set()),
    ],
)
def test_quantities_consistent(changes: dict[str, Any], expected: set[tuple[str, str, str]]) -> None:
    assert found(validate(with_sample(**changes))) == expected


def test_backup_may_be_absent_when_the_catalogue_asks_for_none() -> None:
    context = dataclasses.replace(CONTEXT, requirements=dataclasses.replace(FERTILISER, backup_quantity=0))
    assert validate(with_sample(backup_quantity=None), context) == []
    assert found(validate(with_sample(backup_quantity=None))) == {
        ("error", "sample.backup_quantity", "quantity_missing")
    }


def test_a_lot_below_the_plans_minimum_should_be_a_failed_sampling() -> None:
    context = dataclasses.replace(CONTEXT, minimum_lot_base=500)
    issues = validate(RECORD, context)
    assert found(issues) == {("warning", "sample.lot_base", "lot_below_minimum")}
    assert "抽样未果" in issues[0].message_zh


def test_without_a_catalogue_kind_only_the_kind_is_asked_for() -> None:
    context = dataclasses.replace(CONTEXT, requirements=None)
    assert validate(RECORD, context) == []
    assert found(validate(with_sample(product_kind_code=""), context)) == {
        ("warning", "sample.product_kind_code", "product_kind_missing")
    }
    assert found(validate(with_sample(product_kind_code="IND-02-001"))) == {
        ("error", "sample.product_kind_code", "product_kind_mismatch")
    }


# ---------------------------------------------------------------------------- goods that must not be sampled


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (with_sample(name="复合肥料（试制品）"), {("warning", "sample.name", "not_for_sampling")}),
        (with_sample(name="复合肥料 处理品"), {("warning", "sample.name", "not_for_sampling")}),
        (with_sample(name="复合肥料样品"), {("warning", "sample.name", "not_for_sampling")}),
        (RECORD.replace(notes="包装上标注“非卖品”"), {("warning", "notes", "not_for_sampling")}),
        (RECORD.replace(notes="该批为试制产品"), {("warning", "notes", "not_for_sampling")}),
        (RECORD.replace(notes="样品完好，已现场封样"), set()),
        (with_sample(name="水处理剂"), set()),
    ],
)
def test_trial_processing_and_sample_goods_are_warned(
    record: SamplingRecord, expected: set[tuple[str, str, str]]
) -> None:
    assert found(validate(record)) == expected


# ---------------------------------------------------------------------------- repeat checks


def earlier(**changes: Any) -> RecentCheck:
    base = RecentCheck(
        record_id="0192a1b2-0000-7000-8000-000000000001",
        sampling_date=D(2025, 5, 20),
        producer_uscc=PRODUCER_USCC.lower(),
        producer_name="福州丰收化肥有限公司",
        trademark="丰收",
        specification="40 kg/袋",
        standard="GB/T 15063-2020",
        form_number="XC2025052000001",
    )
    return dataclasses.replace(base, **changes)


def test_the_same_product_checked_within_six_months_is_warned_with_the_earlier_record() -> None:
    context = dataclasses.replace(CONTEXT, recent_checks=(earlier(),))
    issues = validate(RECORD, context)
    assert found(issues) == {("warning", "sample", "checked_recently")}
    assert "XC2025052000001" in issues[0].message_zh and "2025-05-20" in issues[0].message_zh
    assert "6 个月" in issues[0].message_zh


@pytest.mark.parametrize(
    "check",
    [
        earlier(sampling_date=D(2025, 4, 9)),  # exactly six months before 9 October: outside the window
        earlier(trademark="丰登"),
        earlier(standard="GB/T 15063-2009"),
        earlier(specification="25kg/袋"),
        earlier(producer_uscc="91110108551385082Q"),
        earlier(nonconforming=True),  # this check is the follow-up of a failure
    ],
)
def test_other_products_or_follow_ups_are_not_repeats(check: RecentCheck) -> None:
    assert validate(RECORD, dataclasses.replace(CONTEXT, recent_checks=(check,))) == []


def test_repeat_rule_details() -> None:
    recent = (earlier(sampling_date=D(2025, 4, 10)),)
    assert found(validate(RECORD, dataclasses.replace(CONTEXT, recent_checks=recent))) == {
        ("warning", "sample", "checked_recently")
    }
    # Emergencies and follow-ups are exempt; a longer window from HQ is used as given.
    assert validate(RECORD, dataclasses.replace(CONTEXT, recent_checks=recent, follow_up_or_emergency=True)) == []
    old = (earlier(sampling_date=D(2025, 1, 10)),)
    assert validate(RECORD, dataclasses.replace(CONTEXT, recent_checks=old)) == []
    assert len(validate(RECORD, dataclasses.replace(CONTEXT, recent_checks=old, same_product_window_months=12))) == 1
    # A higher level's check is named as such.
    higher = (earlier(by_higher_level=True),)
    assert found(validate(RECORD, dataclasses.replace(CONTEXT, recent_checks=higher))) == {
        ("warning", "sample", "checked_by_higher_level")
    }
    # Without the rule, nothing is assumed: the check says it was not made.
    assert found(
        validate(RECORD, dataclasses.replace(CONTEXT, recent_checks=recent, same_product_window_months=None))
    ) == {("warning", "sample", "repeat_rule_missing")}
    # Without a USCC on either side, the producer's name decides.
    no_uscc = with_producer(uscc="")
    context = dataclasses.replace(CONTEXT, recent_checks=(earlier(producer_uscc=""),))
    assert ("warning", "sample", "checked_recently") in found(validate(no_uscc, context))


# ---------------------------------------------------------------------------- outcomes


def test_sampling_failed_needs_its_reason_and_nothing_of_a_sample() -> None:
    failed = SamplingRecord(
        sampling_unit=RECORD.sampling_unit,
        inspectors=RECORD.inspectors,
        sampled_site=SampledSite(name="丰收农资经营部"),
        sample=Sample(sampling_date=D(2025, 10, 9)),
        outcome=SamplingOutcome.SAMPLING_FAILED,
    )
    assert found(validate(failed)) == {("error", "failure_reason", "failure_reason_missing")}
    explained = failed.replace(failure_reason="现场仅有标注“样品”的产品，无待销产品")
    assert validate(explained) == []
    sealed = explained.replace(sealing=Sealing(seal_numbers=("F0001",)))
    assert found(validate(sealed)) == {("warning", "sealing.seal_numbers", "seal_numbers_unexpected")}
    assert found(validate(RECORD.replace(failure_reason="无"))) == {
        ("warning", "failure_reason", "failure_reason_unexpected")
    }


def test_refusal_to_sign_needs_its_reason() -> None:
    refused = RECORD.replace(outcome=SamplingOutcome.REFUSED_TO_SIGN)
    assert found(validate(refused)) == {
        ("error", "refusal_reason", "refusal_reason_missing"),
        ("warning", "witness", "witness_missing"),
    }
    assert validate(refused.replace(refusal_reason="负责人不在场，店员拒绝签字", witness="王五（社区网格员）")) == []
    assert found(validate(RECORD.replace(refusal_reason="拒签"))) == {
        ("warning", "refusal_reason", "refusal_reason_unexpected")
    }


def test_required_fields_when_sampled() -> None:
    empty = SamplingRecord(inspectors=RECORD.inspectors, sample=Sample(sampling_date=D(2025, 10, 9)))
    codes = {(issue.field, issue.code) for issue in validate(empty) if issue.level is IssueLevel.ERROR}
    assert codes >= {
        ("sampling_unit.name", "sampling_unit_name_missing"),
        ("sampled_site.name", "site_name_missing"),
        ("sampled_site.address", "site_address_missing"),
        ("producer.name", "producer_name_missing"),
        ("sample.name", "sample_name_missing"),
        ("sample.batch", "batch_missing"),
        ("sample.lot_base", "quantity_missing"),
        ("sample.sample_quantity", "quantity_missing"),
        ("sample.backup_quantity", "quantity_missing"),
        ("sample.quantity_unit", "quantity_unit_missing"),
        ("sealing.seal_numbers", "seal_numbers_missing"),
    }


def test_bulk_goods_without_a_producer_are_a_warning() -> None:
    bulk = with_producer(with_sample(packaging=Packaging.BULK), name="", uscc="", licence_number="")
    assert found(validate(bulk)) == {("warning", "producer.name", "producer_name_missing")}


# ---------------------------------------------------------------------------- sealing and money


def test_seal_numbers_and_backup_keeper() -> None:
    assert found(validate(with_sealing(seal_numbers=()))) == {("error", "sealing.seal_numbers", "seal_numbers_missing")}
    assert found(validate(with_sealing(seal_numbers=("F0001", "f0001")))) == {
        ("error", "sealing.seal_numbers[1]", "seal_number_duplicate")
    }
    assert found(validate(with_sealing(seal_numbers=("F0001", " ")))) == {
        ("error", "sealing.seal_numbers[1]", "seal_number_blank")
    }
    assert found(validate(with_sealing(seal_state=""))) == {("warning", "sealing.seal_state", "seal_state_missing")}
    kept_on_site = with_sealing(backup_keeper=BackupKeeper.SAMPLED_PARTY)
    assert found(validate(kept_on_site)) == {("warning", "sealing.backup_location", "backup_location_missing")}
    assert validate(with_sealing(kept_on_site, backup_location="仓库冷藏柜，常温避光")) == []


def test_money_fields() -> None:
    assert found(validate(with_sample(unit_price="12,5"))) == {("error", "sample.unit_price", "amount_invalid")}
    assert found(validate(with_sample(purchase_cost="-3"))) == {("error", "sample.purchase_cost", "amount_invalid")}
    assert found(validate(with_sample(purchase_cost="80"))) == {
        ("warning", "sample.purchase_cost", "industrial_sample_paid")
    }
    assert validate(with_sample(purchase_cost="0", unit_price="80.00")) == []
    food_context = dataclasses.replace(
        CONTEXT, requirements=dataclasses.replace(FERTILISER, domain=CatalogueDomain.FOOD)
    )
    assert found(validate(RECORD, food_context)) == {("warning", "sample.purchase_cost", "purchase_cost_missing")}


def test_issue_messages_by_language() -> None:
    [issue] = validate(RECORD.replace(inspectors=RECORD.inspectors[:1]))
    assert issue.message("zh") == issue.message_zh and issue.message("en") == issue.message_en
    assert issue.is_error and issue.level is IssueLevel.ERROR


# ---------------------------------------------------------------------------- outside input


codes = st.one_of(
    st.text(max_size=24),
    st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXYSCXK-()闽鄂 ", max_size=24),
    st.sampled_from([SITE_USCC, PRODUCER_USCC, "SC10212011600523", "XK13-001-00018", "2024010201123456"]),
)


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "site_uscc": codes,
            "producer_uscc": codes,
            "licence": codes,
            "licence_type": st.sampled_from(["", "SC", "XK", "JY", "其他"]),
            "barcode": codes,
            "gtin": codes,
            "xk": codes,
            "ccc": codes,
            "region": codes,
            "amount": st.text(max_size=10),
        }
    )
)
def test_any_typed_codes_give_issues_never_exceptions(typed: dict[str, str]) -> None:
    record = with_site(
        uscc=typed["site_uscc"],
        licence_type=typed["licence_type"],
        licence_number=typed["licence"],
        region_code=typed["region"],
    )
    record = with_producer(
        record, uscc=typed["producer_uscc"], licence_number=typed["licence"], third_party_licence=typed["xk"]
    )
    record = with_sample(
        record,
        barcode=typed["barcode"],
        gtin=typed["gtin"],
        xk_number=typed["xk"],
        ccc_number=typed["ccc"],
        unit_price=typed["amount"],
    )
    issues = validate(record)
    assert all(issue.level in (IssueLevel.ERROR, IssueLevel.WARNING) for issue in issues)
