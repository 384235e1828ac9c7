"""The demo-data generator: deterministic, valid identifiers, real regions, believable variety.

The generator is fed the shipped catalogue (parsed by the domain parser) and the shipped region table, as the
service feeds it from the store.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from stdnum import ean
from stdnum.cn import uscc as stdnum_uscc

from inspector_app.domain.catalogue import parse_catalogue
from inspector_app.domain.demo import (
    ENTERPRISES_PER_BLOCK,
    INSPECTORS_PER_BLOCK,
    MAX_SCALE,
    RISK_ALERTS_PER_BLOCK,
    TASKS_PER_BLOCK,
    TRADE_ITEMS_PER_BLOCK,
    DemoBlock,
    DemoConfig,
    DemoGenerator,
    DemoProductKind,
)
from inspector_app.domain.demo import demo_codes as codes
from inspector_app.domain.errors import DemoDataError
from inspector_app.domain.regions import RegionLevel, Regions

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
REFERENCE = dt.date(2026, 11, 1)
SCALE = 3

# Well-known brands, kept here independently of the generator's own screening list.
REAL_BRANDS = (
    "金龙鱼", "鲁花", "福临门", "海天", "伊利", "蒙牛", "美的", "格力", "海尔", "公牛", "正泰", "九阳", "苏泊尔",
    "康师傅", "娃哈哈", "农夫山泉", "光明", "飞鹤", "好孩子", "得力", "晨光", "维达", "心相印", "立白", "老干妈",
    "双汇", "茅台", "五粮液", "青岛啤酒", "汇源", "小米", "华为", "格兰仕", "方太", "洽洽", "三只松鼠", "旺旺",
)  # fmt: skip


def _shipped_kinds() -> list[DemoProductKind]:
    spec = parse_catalogue((RESOURCES / "catalogue" / "catalogue.json").read_text(encoding="utf-8"), "catalogue.json")
    kinds = []
    for category in spec.categories:
        for kind in category.product_kinds:
            kinds.append(
                DemoProductKind(
                    id=len(kinds) + 1,
                    code=kind.code,
                    name=kind.name,
                    domain=str(category.domain),
                    category_code=category.code,
                    category_name=category.name,
                    category_order=category.sort_order,
                    needs_sc=kind.needs_sc,
                    needs_xk=kind.needs_xk,
                    needs_ccc=kind.needs_ccc,
                    ccc_code=kind.ccc_code,
                    inspection_items=tuple((item.name, str(item.limit.op)) for item in kind.inspection_items),
                )
            )
    return kinds


KINDS = _shipped_kinds()
KINDS_BY_ID = {kind.id: kind for kind in KINDS}
REGIONS = Regions.parse((RESOURCES / "regions" / "gb2260.csv").read_text(encoding="utf-8"))


def _generate(scale: int = SCALE, seed: int = 2026, **config: Any) -> list[DemoBlock]:
    config.setdefault("reference_date", REFERENCE)
    generator = DemoGenerator(DemoConfig(scale=scale, seed=seed, **config), KINDS, REGIONS)
    return list(generator.blocks())


@pytest.fixture(scope="module")
def blocks() -> list[DemoBlock]:
    return _generate()


@pytest.fixture(scope="module")
def many_blocks() -> list[DemoBlock]:
    """Enough blocks for averages and for every product kind to turn up."""
    return _generate(scale=12)


def _all(blocks: list[DemoBlock], table: str) -> list[Any]:
    return [row for block in blocks for row in getattr(block, table)]


# --- determinism -------------------------------------------------------------------------------------------


def test_same_seed_same_rows(blocks: list[DemoBlock]) -> None:
    assert _generate() == blocks


def test_blocks_can_be_iterated_again_with_the_same_result() -> None:
    generator = DemoGenerator(DemoConfig(scale=2, reference_date=REFERENCE), KINDS, REGIONS)
    assert list(generator.blocks()) == list(generator.blocks())


def test_another_seed_gives_other_rows(blocks: list[DemoBlock]) -> None:
    other = _generate(seed=7)
    assert [e.uscc for e in _all(other, "enterprises")] != [e.uscc for e in _all(blocks, "enterprises")]
    assert [t.name for t in _all(other, "trade_items")] != [t.name for t in _all(blocks, "trade_items")]


def test_a_larger_scale_starts_with_the_same_blocks(blocks: list[DemoBlock]) -> None:
    assert _generate(scale=1) == blocks[:1]


def test_dates_follow_the_reference_date_not_today(blocks: list[DemoBlock]) -> None:
    shift = dt.timedelta(days=400)
    later = _generate(scale=1, reference_date=REFERENCE + shift)
    assert [a.valid_from + shift for a in blocks[0].risk_alerts] == [a.valid_from for a in later[0].risk_alerts]
    assert [t.starts_on + shift for t in blocks[0].tasks] == [t.starts_on for t in later[0].tasks]
    assert [e.since + shift for e in blocks[0].blacklist_entries] == [e.since for e in later[0].blacklist_entries]


# --- sizes -------------------------------------------------------------------------------------------------


def test_fixed_sizes_per_block(blocks: list[DemoBlock]) -> None:
    for block in blocks:
        assert len(block.enterprises) == ENTERPRISES_PER_BLOCK
        assert len(block.trade_items) == TRADE_ITEMS_PER_BLOCK
        assert len(block.risk_alerts) == RISK_ALERTS_PER_BLOCK
        assert len(block.tasks) == TASKS_PER_BLOCK
        assert len(block.inspectors) == INSPECTORS_PER_BLOCK
        assert 3 <= len(block.blacklist_entries) <= 5
        assert 250 <= len(block.licences) <= 550
        assert block.row_count == sum(len(getattr(block, f.name)) for f in dataclasses.fields(block)[1:])


def test_about_400_licences_per_block_on_average(many_blocks: list[DemoBlock]) -> None:
    licences = _all(many_blocks, "licences")
    assert 330 <= len(licences) / len(many_blocks) <= 470


def test_inspectors_stop_at_the_cap() -> None:
    generated = _generate(scale=3, inspector_cap=30)
    assert [len(block.inspectors) for block in generated] == [20, 10, 0]
    # Later blocks still staff their tasks from the inspectors already made.
    inspector_ids = {i.id for i in _all(generated, "inspectors")}
    assert {link.inspector_id for link in _all(generated, "task_inspectors")} <= inspector_ids


def test_ids_are_consecutive_from_one(blocks: list[DemoBlock]) -> None:
    for table in ("enterprises", "licences", "blacklist_entries", "trade_items", "risk_alerts", "inspectors", "tasks"):
        ids = [row.id for row in _all(blocks, table)]
        assert ids == list(range(1, len(ids) + 1)), table


@pytest.mark.parametrize("scale", [0, -1, MAX_SCALE + 1])
def test_scale_out_of_range_is_refused(scale: int) -> None:
    with pytest.raises(DemoDataError) as raised:
        DemoConfig(scale=scale)
    assert raised.value.reason == "bad_scale"


def test_no_catalogue_is_refused() -> None:
    with pytest.raises(DemoDataError) as raised:
        DemoGenerator(DemoConfig(scale=1), [], REGIONS)
    assert raised.value.reason == "no_catalogue"


def test_a_catalogue_with_only_food_still_makes_full_blocks() -> None:
    food = [kind for kind in KINDS if kind.domain == "food"]
    block = next(DemoGenerator(DemoConfig(scale=1, reference_date=REFERENCE), food, REGIONS).blocks())
    assert len(block.enterprises) == ENTERPRISES_PER_BLOCK
    assert len(block.trade_items) == TRADE_ITEMS_PER_BLOCK
    assert {KINDS_BY_ID[item.product_kind_id].domain for item in block.trade_items} == {"food"}
    assert {licence.type for licence in block.licences} == {"SC", "JY"}


# --- identifiers -------------------------------------------------------------------------------------------


def _org_code_check(body: str) -> str:
    """GB 11714, written again here: weights 3,7,9,10,5,8,4,2; 11 - sum mod 11; 10 → X, 11 → 0."""
    total = sum(int(char, 36) * weight for char, weight in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    return {10: "X", 11: "0"}.get(11 - total % 11, str(11 - total % 11))


def test_every_uscc_is_valid_unique_and_carries_the_enterprise_region(blocks: list[DemoBlock]) -> None:
    enterprises = _all(blocks, "enterprises")
    for enterprise in enterprises:
        assert stdnum_uscc.validate(enterprise.uscc) == enterprise.uscc
        assert enterprise.uscc[2:8] == enterprise.region_code
        org_code = enterprise.uscc[8:17]
        assert _org_code_check(org_code[:8]) == org_code[8]
        assert enterprise.uscc[:2] in {"91", "92", "93"}
    assert len({e.uscc for e in enterprises}) == len(enterprises)
    assert {e.uscc[:2] for e in enterprises} == {"91", "92", "93"}


def test_org_code_check_matches_real_unified_codes() -> None:
    for real in ("91110108551385082Q", "92140702MA0K2AX62M", "91350100M000100Y43"):
        assert codes.org_code_check(real[8:16]) == real[16]
        assert codes.uscc_check(real[:17]) == real[17]


def test_every_gtin_is_a_valid_unique_chinese_ean13(blocks: list[DemoBlock]) -> None:
    items = _all(blocks, "trade_items")
    for item in items:
        assert len(item.gtin) == 14
        assert item.gtin[0] == "0"
        assert 690 <= int(item.gtin[1:4]) <= 699
        assert ean.validate(item.gtin[1:]) == item.gtin[1:]
    assert len({item.gtin for item in items}) == len(items)


def test_items_of_one_maker_share_its_company_prefix(blocks: list[DemoBlock]) -> None:
    prefixes: dict[int, set[str]] = collections.defaultdict(set)
    for item in _all(blocks, "trade_items"):
        length = 7 if item.gtin[1:4] in ("690", "691") else 8
        prefixes[item.enterprise_id].add(item.gtin[1 : 1 + length])
    assert all(len(found) == 1 for found in prefixes.values())
    owners = collections.Counter(next(iter(found)) for found in prefixes.values())
    assert max(owners.values()) == 1


def test_company_prefixes_are_distinct() -> None:
    # Scale 1000 uses the first 200,000; the last ones are where a bad bijection would collide first.
    serials = [*range(200_000), *range(codes.GS1_PREFIX_SLOTS - 20_000, codes.GS1_PREFIX_SLOTS)]
    prefixes = [codes.company_prefix(serial) for serial in serials]
    assert len(set(prefixes)) == len(serials)
    assert {prefix[:3] for prefix in prefixes} == {str(n) for n in range(690, 700)}
    assert {len(prefix) for prefix in prefixes if prefix[:3] in ("690", "691")} == {7}
    assert {len(prefix) for prefix in prefixes if prefix[:3] not in ("690", "691")} == {8}
    with pytest.raises(ValueError):
        codes.company_prefix(codes.GS1_PREFIX_SLOTS)


def test_gtin_check_digit_agrees_with_stdnum() -> None:
    for first12 in ("690123456789", "692000000000", "699999999999", "690000000001"):
        assert ean.is_valid(first12 + codes.gtin13_check_digit(first12))


# --- regions -----------------------------------------------------------------------------------------------


def test_region_codes_come_from_the_region_table(blocks: list[DemoBlock]) -> None:
    for enterprise in _all(blocks, "enterprises"):
        region = REGIONS.get(enterprise.region_code)
        assert region is not None
        assert region.level is RegionLevel.COUNTY
        assert enterprise.address.startswith(REGIONS.full_name(enterprise.region_code) or "?")
    for inspector in _all(blocks, "inspectors"):
        assert inspector.region_code.startswith("33")
        assert inspector.region_code in REGIONS
    for task in _all(blocks, "tasks"):
        assert task.region_code in REGIONS
    for alert in _all(blocks, "risk_alerts"):
        assert alert.region_code is None or alert.region_code in REGIONS


def test_makers_are_spread_over_many_provinces_and_shops_mostly_at_home(blocks: list[DemoBlock]) -> None:
    enterprises = _all(blocks, "enterprises")
    assert len({e.region_code[:2] for e in enterprises}) >= 20
    shops = [e for e in enterprises if e.uscc[:2] == "92"]
    assert sum(e.region_code.startswith("33") for e in shops) / len(shops) > 0.7


# --- licences ----------------------------------------------------------------------------------------------

LICENCE_SHAPES = {
    "SC": re.compile(r"SC[12]\d{2}(?P<region>\d{6})\d{4}\d"),
    "XK": re.compile(r"\([\u4e00-\u9fff]\)XK\d{2}-\d{3}-\d{5}"),
    "CCC": re.compile(r"(?P<year>\d{4})01(?P<product>\d{4})\d{6}"),
    "JY": re.compile(r"JY1(?P<region>\d{6})\d{6}\d"),
}


def test_licence_numbers_have_their_real_shapes_and_are_unique(blocks: list[DemoBlock]) -> None:
    enterprises = {e.id: e for e in _all(blocks, "enterprises")}
    licences = _all(blocks, "licences")
    for licence in licences:
        match = LICENCE_SHAPES[licence.type].fullmatch(licence.number)
        assert match, licence.number
        owner = enterprises[licence.enterprise_id]
        if licence.type in ("SC", "JY"):
            assert match.group("region") == owner.region_code
        if licence.type == "CCC":
            kind = KINDS_BY_ID[licence.product_kind_id]
            assert match.group("product") == kind.ccc_code
            assert int(match.group("year")) == licence.valid_from.year
        if licence.type == "XK":
            assert KINDS_BY_ID[licence.product_kind_id].needs_xk
        if licence.type == "SC":
            assert KINDS_BY_ID[licence.product_kind_id].needs_sc
        assert licence.valid_from < licence.valid_to
    assert len({(licence.type, licence.number) for licence in licences}) == len(licences)
    assert {licence.type for licence in licences} == {"SC", "XK", "CCC", "JY"}


def test_some_licences_are_expired_expiring_suspended_or_revoked(blocks: list[DemoBlock]) -> None:
    licences = _all(blocks, "licences")
    statuses = collections.Counter(licence.status for licence in licences)
    assert {"valid", "expired", "suspended", "revoked", "cancelled"} <= set(statuses)
    assert statuses["valid"] / len(licences) > 0.5
    expired = [licence for licence in licences if licence.valid_to < REFERENCE]
    assert 0.05 < len(expired) / len(licences) < 0.4
    assert all(licence.status in ("expired", "cancelled", "valid", "suspended", "revoked") for licence in expired)
    # A few registers still say "valid" after the end date; the scan verdict must catch them by date.
    assert any(licence.status == "valid" for licence in expired)
    expiring = [
        licence
        for licence in licences
        if licence.status == "valid" and REFERENCE <= licence.valid_to <= REFERENCE + dt.timedelta(days=90)
    ]
    assert expiring


def test_makers_hold_the_licences_their_products_need(blocks: list[DemoBlock]) -> None:
    held: dict[int, set[str]] = collections.defaultdict(set)
    for licence in _all(blocks, "licences"):
        held[licence.enterprise_id].add(licence.type)
    for item in _all(blocks, "trade_items"):
        kind = KINDS_BY_ID[item.product_kind_id]
        if kind.needs_sc:
            assert "SC" in held[item.enterprise_id], item
        if kind.needs_xk:
            assert "XK" in held[item.enterprise_id], item
        if kind.needs_ccc and kind.ccc_code:
            assert "CCC" in held[item.enterprise_id], item


# --- trade items -------------------------------------------------------------------------------------------


def test_trade_items_refer_to_catalogue_kinds_and_producing_enterprises(blocks: list[DemoBlock]) -> None:
    enterprises = {e.id: e for e in _all(blocks, "enterprises")}
    for item in _all(blocks, "trade_items"):
        assert item.product_kind_id in KINDS_BY_ID
        maker = enterprises[item.enterprise_id]
        assert maker.uscc[:2] in ("91", "93")  # makers, not individual shops
        assert item.name.startswith(item.brand + " ")
        assert item.specification == "" or item.name.endswith(item.specification)
    used = {item.product_kind_id for item in _all(blocks, "trade_items")}
    assert len(used) > 100


@pytest.mark.parametrize(
    ("kind_name", "expected"),
    [
        ("大豆油", "大豆油"),
        ("婴儿配方乳粉", "婴儿配方乳粉（0-6月龄，1段）"),
        ("较大婴儿配方乳粉", "较大婴儿配方乳粉（6-12月龄，2段）"),
        ("热轧带肋钢筋", "热轧带肋钢筋 HRB400E"),
        ("普通白菜（小白菜）", "小白菜"),
        ("插头插座", "插座"),
        ("电饭锅", "电饭"),
    ],
)
def test_product_names_match_their_kind(kind_name: str, expected: str, many_blocks: list[DemoBlock]) -> None:
    kind = next(k for k in KINDS if k.name == kind_name)
    names = [item.name for item in _all(many_blocks, "trade_items") if item.product_kind_id == kind.id]
    assert names, kind_name
    assert all(expected in name for name in names), names[:5]


def test_no_real_brand_appears(blocks: list[DemoBlock]) -> None:
    texts = [e.name for e in _all(blocks, "enterprises")]
    texts += [f"{item.brand} {item.name}" for item in _all(blocks, "trade_items")]
    for text in texts:
        assert not any(brand in text for brand in REAL_BRANDS), text


def test_company_names_look_like_chinese_company_names(blocks: list[DemoBlock]) -> None:
    for enterprise in _all(blocks, "enterprises"):
        if enterprise.uscc[:2] == "91":
            assert enterprise.name.endswith("公司"), enterprise.name
        elif enterprise.uscc[:2] == "93":
            assert enterprise.name.endswith("专业合作社"), enterprise.name
        assert re.fullmatch(r"1[3589]\d\*{4}\d{4}", enterprise.phone)
        assert 2 <= len(enterprise.legal_representative) <= 3


def test_credit_classes_lean_to_a_and_b(blocks: list[DemoBlock]) -> None:
    classes = collections.Counter(e.credit_class for e in _all(blocks, "enterprises"))
    assert set(classes) == {"A", "B", "C", "D"}
    assert (classes["A"] + classes["B"]) / sum(classes.values()) > 0.7


# --- blacklist, alerts, tasks ------------------------------------------------------------------------------


def test_blacklisted_enterprises_exist_and_their_credit_shows_it(blocks: list[DemoBlock]) -> None:
    enterprises = {e.id: e for e in _all(blocks, "enterprises")}
    entries = _all(blocks, "blacklist_entries")
    assert {entry.list_type for entry in entries} == {"serious_violation", "abnormal_operation"}
    for entry in entries:
        active = entry.since <= REFERENCE and (entry.until is None or entry.until >= REFERENCE)
        credit = enterprises[entry.enterprise_id].credit_class
        if active and entry.list_type == "serious_violation":
            assert credit == "D"
        else:
            assert credit in ("C", "D")
        assert entry.authority.endswith("市场监督管理局")
    assert any(entry.since <= REFERENCE <= (entry.until or REFERENCE) for entry in entries)


def test_alerts_match_by_every_type_and_name_only_what_they_match(blocks: list[DemoBlock]) -> None:
    items = {item.gtin: item for item in _all(blocks, "trade_items")}
    enterprise_ids = {e.id for e in _all(blocks, "enterprises")}
    alerts = _all(blocks, "risk_alerts")
    assert {a.match_type for a in alerts} == {"gtin", "gtin_batch", "enterprise", "product_kind", "region"}
    assert {a.action for a in alerts} == {"recall", "stop_sale", "watch"}
    columns = {
        "gtin": ("gtin",),
        "gtin_batch": ("gtin", "batch"),
        "enterprise": ("enterprise_id",),
        "product_kind": ("product_kind_id",),
        "region": ("region_code",),
    }
    for alert in alerts:
        filled = {
            name
            for name in ("gtin", "batch", "enterprise_id", "product_kind_id", "region_code")
            if getattr(alert, name)
        }
        assert filled == set(columns[alert.match_type]), alert
        if alert.gtin:
            assert alert.gtin in items
        if alert.enterprise_id:
            assert alert.enterprise_id in enterprise_ids
        if alert.product_kind_id:
            assert alert.product_kind_id in KINDS_BY_ID
        if alert.action == "recall":
            assert alert.level == "high"
        assert alert.valid_until is None or alert.valid_until > alert.valid_from
    assert len({a.code for a in alerts}) == len(alerts)
    assert {a.status for a in alerts} == {"active", "withdrawn"}


def test_some_alerts_are_on_a_gtin_and_batch(blocks: list[DemoBlock]) -> None:
    batch_alerts = [a for a in _all(blocks, "risk_alerts") if a.match_type == "gtin_batch"]
    assert len(batch_alerts) >= 0.2 * RISK_ALERTS_PER_BLOCK * SCALE
    assert all(a.batch and re.fullmatch(r"[0-9A-Z]{6,12}", a.batch) for a in batch_alerts)


def test_alert_reasons_fit_the_product(blocks: list[DemoBlock]) -> None:
    items = {item.gtin: item for item in _all(blocks, "trade_items")}
    for alert in _all(blocks, "risk_alerts"):
        kind = KINDS_BY_ID[items[alert.gtin].product_kind_id] if alert.gtin else None
        if kind is not None and kind.inspection_items:
            assert any(alert.reason.startswith(name) for name, _ in kind.inspection_items), (kind.name, alert.reason)


def test_tasks_have_kinds_at_least_two_inspectors_and_sane_dates(blocks: list[DemoBlock]) -> None:
    kinds_of: dict[int, list[int]] = collections.defaultdict(list)
    for link in _all(blocks, "task_product_kinds"):
        kinds_of[link.task_id].append(link.product_kind_id)
    team_of: dict[int, list[int]] = collections.defaultdict(list)
    for link in _all(blocks, "task_inspectors"):
        team_of[link.task_id].append(link.inspector_id)
    for task in _all(blocks, "tasks"):
        assert 1 <= len(kinds_of[task.id]) <= 3
        assert all(kind_id in KINDS_BY_ID for kind_id in kinds_of[task.id])
        assert len({KINDS_BY_ID[kind_id].category_code for kind_id in kinds_of[task.id]}) == 1
        assert 2 <= len(set(team_of[task.id])) <= 4
        assert task.starts_on < task.deadline
        assert task.status in ("open", "closed", "cancelled")
        if task.status == "closed":
            assert task.deadline < REFERENCE
        assert task.task_category in ("supervision", "risk_monitoring")
        assert task.quota > 0
    assert len({task.code for task in _all(blocks, "tasks")}) == SCALE * TASKS_PER_BLOCK


def test_alerts_on_a_whole_kind_or_region_stay_rare(many_blocks: list[DemoBlock]) -> None:
    kinds = collections.Counter(a.match_type for a in _all(many_blocks, "risk_alerts"))
    assert 0 < kinds["product_kind"] <= 60
    assert 0 < kinds["region"] <= 40
    assert sum(kinds.values()) == len(many_blocks) * RISK_ALERTS_PER_BLOCK


def test_plan_gives_the_fixed_sizes() -> None:
    plan = DemoGenerator(DemoConfig(scale=30), KINDS, REGIONS).plan()
    assert (plan.blocks, plan.enterprises, plan.trade_items, plan.risk_alerts, plan.tasks) == (
        30,
        30 * ENTERPRISES_PER_BLOCK,
        30 * TRADE_ITEMS_PER_BLOCK,
        30 * RISK_ALERTS_PER_BLOCK,
        30 * TASKS_PER_BLOCK,
    )
    assert plan.inspectors == 500  # the cap, not 30 × 20
