"""The shipped catalogue and its CSV sample parse cleanly and hold what the application relies on."""

from __future__ import annotations

import re

import pytest

from inspector_app.domain.catalogue import (
    CatalogueDomain,
    CatalogueSpec,
    ProductKindSpec,
    catalogue_to_json,
    parse_catalogue,
    parse_catalogue_csv,
    parse_catalogue_json,
)
from inspector_app.domain.limits import LimitOp
from inspector_app.resources import resource_path

INDUSTRIAL_13 = [
    "工业生产资料",
    "家用电器及电器附件",
    "家具及建筑装饰装修材料",
    "电子及信息技术产品",
    "交通用具及相关产品",
    "儿童用品",
    "食品相关产品",
    "服装鞋帽及家用纺织品",
    "老年人用品",
    "农业生产资料",
    "日用杂品",
    "文教体育用品",
    "日用化学制品及卫生用品",
]
FOOD_32 = [
    "粮食加工品",
    "食用油、油脂及其制品",
    "调味品",
    "肉制品",
    "乳制品",
    "饮料",
    "方便食品",
    "饼干",
    "罐头",
    "冷冻饮品",
    "速冻食品",
    "薯类和膨化食品",
    "糖果制品",
    "茶叶及相关制品",
    "酒类",
    "蔬菜制品",
    "水果制品",
    "炒货食品及坚果制品",
    "蛋制品",
    "可可及焙烤咖啡产品",
    "食糖",
    "水产制品",
    "淀粉及淀粉制品",
    "糕点",
    "豆制品",
    "蜂产品",
    "保健食品",
    "特殊膳食食品",
    "特殊医学用途配方食品",
    "婴幼儿配方食品",
    "餐饮食品",
    "食品添加剂",
]
FARM_7 = ["畜禽肉及副产品", "蔬菜", "水产品", "水果类", "鲜蛋", "豆类", "生干坚果与籽类食品"]

# A standard code ("GB 2716-2018", "GB/T 5023.3-2008", "NY/T 761-2008", "GB 30000（系列）") or an announcement.
STANDARD_RE = re.compile(r"^(GB|GB/T|NY/T|SH/T|QB/T|CJ/T|JC|FZ/T) [0-9][0-9.]*(-[0-9]{4})?(（系列）)?$|公告")


@pytest.fixture(scope="module")
def shipped() -> CatalogueSpec:
    path = resource_path("catalogue", "catalogue.json")
    return parse_catalogue(path.read_bytes(), path.name)


def _kinds_named(spec: CatalogueSpec, name: str) -> list[ProductKindSpec]:
    return [kind for kind in spec.iter_kinds() if kind.name == name]


def _one(spec: CatalogueSpec, name: str) -> ProductKindSpec:
    found = _kinds_named(spec, name)
    assert len(found) == 1, name
    return found[0]


def test_edition(shipped: CatalogueSpec) -> None:
    assert shipped.edition.code == "cn-2023"
    assert "2023年版" in shipped.edition.name
    assert shipped.edition.issued_on is not None
    assert "国市监质监发〔2023〕5号" in shipped.edition.source


def test_categories_of_each_domain(shipped: CatalogueSpec) -> None:
    industrial = [category.name for category in shipped.categories_in(CatalogueDomain.INDUSTRIAL)]
    assert len(industrial) == 14
    assert industrial[:13] == INDUSTRIAL_13
    # The 14th name is not confirmed by the published notice; the file must say so.
    assert shipped.categories_in(CatalogueDomain.INDUSTRIAL)[13].note
    assert [category.name for category in shipped.categories_in(CatalogueDomain.FOOD)] == FOOD_32
    assert [category.name for category in shipped.categories_in(CatalogueDomain.FARM_PRODUCE)] == FARM_7
    assert [category.sort_order for category in shipped.categories] == list(range(1, 54))
    assert all(category.product_kinds for category in shipped.categories)


def test_counts(shipped: CatalogueSpec) -> None:
    industrial_kinds = [k for c in shipped.categories_in(CatalogueDomain.INDUSTRIAL) for k in c.product_kinds]
    assert len(industrial_kinds) >= 100
    with_items = [kind for kind in shipped.iter_kinds() if kind.inspection_items]
    assert len(with_items) >= 30
    domains_with_items = {category.domain for category, kind in shipped.iter_category_kinds() if kind.inspection_items}
    assert domains_with_items == set(CatalogueDomain)
    assert sum(1 for kind in industrial_kinds if kind.inspection_items) >= 15


def test_licence_flags_follow_the_domains(shipped: CatalogueSpec) -> None:
    for category, kind in shipped.iter_category_kinds():
        if category.domain is CatalogueDomain.FOOD:
            # Catering holds a business licence (JY), not a production licence.
            assert kind.needs_sc is (category.name != "餐饮食品"), kind.name
        else:
            assert not kind.needs_sc, kind.name
        if category.domain is not CatalogueDomain.INDUSTRIAL:
            assert not (kind.needs_xk or kind.needs_ccc), kind.name


@pytest.mark.parametrize(
    "name",
    [
        "热轧带肋钢筋",
        "热轧光圆钢筋",
        "冷轧带肋钢筋",
        "通用硅酸盐水泥",
        "危险化学品",
        "复合肥料",
        "过磷酸钙",
        "食品用塑料包装容器工具等制品",
        "瓶装液化石油气调压器",
        "钢丝绳",
        "胶合板",
        "细木工板",
        "安全帽",
    ],
)
def test_production_licence_products(shipped: CatalogueSpec, name: str) -> None:
    assert _one(shipped, name).needs_xk


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("电线组件", "0101"),
        ("插头插座", "0201"),
        ("开关", "0202"),
        ("家用电冰箱和食品冷冻箱", "0701"),
        ("微波炉", "0714"),
        ("微型计算机", "0901"),
    ],
)
def test_ccc_products_and_codes(shipped: CatalogueSpec, name: str, code: str) -> None:
    kind = _one(shipped, name)
    assert kind.needs_ccc and kind.ccc_code == code


def test_children_products_need_ccc(shipped: CatalogueSpec) -> None:
    for name in ("儿童推车", "塑胶玩具", "电玩具"):
        assert _one(shipped, name).needs_ccc


@pytest.mark.parametrize(
    ("kind", "item", "expected"),
    [
        ("花生油", "酸价（KOH）", (LimitOp.LE, "3", "mg/g")),
        ("花生油", "过氧化值", (LimitOp.LE, "0.25", "g/100g")),
        ("花生油", "苯并[a]芘", (LimitOp.LE, "10", "μg/kg")),
        ("花生油", "黄曲霉毒素 B₁", (LimitOp.LE, "20", "μg/kg")),
        ("大豆油", "黄曲霉毒素 B₁", (LimitOp.LE, "10", "μg/kg")),
        ("安全帽", "冲击吸收性能（传递到头模的力）", (LimitOp.LE, "4900", "N")),
        ("复合肥料", "总养分（N+P₂O₅+K₂O，高浓度）", (LimitOp.GE, "40.0", "%")),
        ("巴氏杀菌乳", "蛋白质（牛乳）", (LimitOp.GE, "2.9", "g/100g")),
        ("电动自行车", "最高设计车速", (LimitOp.LE, "25", "km/h")),
    ],
)
def test_reference_limits(shipped: CatalogueSpec, kind: str, item: str, expected: tuple[LimitOp, str, str]) -> None:
    items = {spec.name: spec for spec in _one(shipped, kind).inspection_items}
    limit = items[item].limit
    assert (limit.op, str(limit.value), limit.unit) == expected


def test_every_item_is_well_formed(shipped: CatalogueSpec) -> None:
    for kind in shipped.iter_kinds():
        for item in kind.inspection_items:
            assert STANDARD_RE.search(item.judging_standard), (kind.name, item.judging_standard)
            assert STANDARD_RE.search(item.method_standard), (kind.name, item.method_standard)
            assert item.limit.describe()
            assert item.code.startswith(kind.code)


def test_every_kind_has_quantities_and_says_where_they_come_from(shipped: CatalogueSpec) -> None:
    for kind in shipped.iter_kinds():
        assert kind.sample_quantity >= 1
        assert kind.backup_quantity >= 0
        assert kind.quantity_unit
        assert kind.quantity_source, kind.name
        for standard in kind.standards:
            assert STANDARD_RE.search(standard), (kind.name, standard)


def test_the_sample_csv_agrees_with_the_shipped_catalogue(shipped: CatalogueSpec) -> None:
    path = resource_path("catalogue", "catalogue-sample.csv")
    sample = parse_catalogue_csv(path.read_text(encoding="utf-8"))
    # Its own edition code: importing the sample never replaces the installed catalogue.
    assert sample.edition.code == "sample-2023" != shipped.edition.code
    assert len(sample.categories) >= 3
    assert {category.domain for category in sample.categories} == set(CatalogueDomain)
    assert any(not kind.inspection_items for kind in sample.iter_kinds())
    for kind in sample.iter_kinds():
        original = shipped.kind(kind.code)
        assert original is not None
        assert original.name == kind.name
        assert original.inspection_items == kind.inspection_items
        assert original.required_licence_types == kind.required_licence_types


def test_the_shipped_file_is_what_the_writer_would_write(shipped: CatalogueSpec) -> None:
    # Keeping the file canonical makes HQ's edits show up as small, reviewable diffs.
    text = resource_path("catalogue", "catalogue.json").read_text(encoding="utf-8")
    assert catalogue_to_json(parse_catalogue_json(text)) == text
