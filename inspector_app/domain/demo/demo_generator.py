"""The deterministic demo-data generator: believable reference data at any scale, from a seed.

One scale unit (a ``DemoBlock``) holds 200 enterprises with about 400 licences and 4 blacklist entries, 1,000
trade items, 50 risk alerts and recalls, 10 spot-check tasks and 20 inspectors (inspectors stop at a cap: a
workstation's region does not have tens of thousands). Blocks are made one at a time, so scale 1000 (a million
trade items) never sits in memory at once.

Determinism: each block draws from its own ``random.Random`` seeded with the seed and the block number, and the
counters that keep numbers unique run in block order; the same seed, catalogue and region table always give the
same rows. Dates are placed around a reference date handed in, never today's date.

Realism, briefly: producers cluster in the manufacturing provinces and shops in the workstation's home province;
names are region + trade name + industry + 有限公司; every USCC, organisation code and GTIN carries a correct
check character; SC, XK, CCC and JY numbers have their real layouts (the SC and JY check digits follow no
published algorithm, so they are random digits); some licences are expired, expiring, suspended, revoked or
cancelled, and a few still say "valid" after their end date, as stale records do.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from inspector_app.domain.demo import demo_codes as codes
from inspector_app.domain.demo import vocabulary as words
from inspector_app.domain.demo.demo_rows import (
    DemoBlacklistEntry,
    DemoBlock,
    DemoEnterprise,
    DemoInspector,
    DemoLicence,
    DemoProductKind,
    DemoRiskAlert,
    DemoTask,
    DemoTaskInspector,
    DemoTaskProductKind,
    DemoTradeItem,
)
from inspector_app.domain.errors import DemoDataError
from inspector_app.domain.regions import Region, Regions

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

ENTERPRISES_PER_BLOCK = 200
TRADE_ITEMS_PER_BLOCK = 1_000
RISK_ALERTS_PER_BLOCK = 50
TASKS_PER_BLOCK = 10
INSPECTORS_PER_BLOCK = 20
DEFAULT_INSPECTOR_CAP = 500
# Every enterprise gets its own GS1 company prefix; 820,000 prefixes at 200 enterprises a block allow 4,100 blocks.
MAX_SCALE = 4_000
DEFAULT_SEED = 2026
DEFAULT_REFERENCE_DATE = dt.date(2026, 11, 1)
DEFAULT_HOME_PROVINCE = "33"

FOOD = "food"
INDUSTRIAL = "industrial"
FARM = "farm_produce"
SELLER = "seller"

# Producers per block by the domain they make; the rest of the 200 sell.
_PRODUCER_MIX = ((FOOD, 80), (INDUSTRIAL, 60), (FARM, 10))
_SELLERS = ENTERPRISES_PER_BLOCK - sum(count for _, count in _PRODUCER_MIX)

# Where producers are, by province (first two digits of the code); provinces not listed weigh 1.
_PROVINCE_WEIGHTS = {
    "44": 14, "33": 12, "32": 11, "37": 9, "35": 6, "41": 5, "13": 4, "51": 4, "42": 4, "43": 3, "34": 3,
    "31": 3, "11": 2, "12": 2, "50": 2, "21": 2, "36": 2, "61": 2, "45": 2,
}  # fmt: skip
_HOME_EXTRA_WEIGHT = 10
_SELLERS_AT_HOME = 0.85

_SIZES = ("micro", "small", "medium", "large")
_PRODUCER_SIZE_WEIGHTS = (25, 45, 22, 8)
_SELLER_SIZE_WEIGHTS = (40, 45, 12, 3)
# How many trade items a producer of each size has, relatively.
_ITEM_WEIGHT_BY_SIZE = {"micro": 1, "small": 2, "medium": 5, "large": 12}
_CREDIT_CLASSES = ("A", "B", "C", "D")
_CREDIT_WEIGHTS = (50, 35, 11, 4)

_MATCH_TYPES = ("gtin", "gtin_batch", "enterprise", "product_kind", "region")
_MATCH_WEIGHTS = (22, 34, 20, 14, 10)
_BROAD_ALERT_CAPS = {"product_kind": 60, "region": 40}

_LICENCE_YEARS = 5
# Share of makers whose current licence replaced an earlier one (licences run five years; most makers are older).
_RENEWED_SHARE = 0.4
# CCC certificates per certified kind, by maker size: one certificate covers one model series.
_CCC_CERTIFICATES_BY_SIZE = {"micro": (2, 4), "small": (3, 8), "medium": (6, 15), "large": (10, 30)}
_SERIOUS_LIST_YEARS = 3


# Why, since and until when an enterprise is on a list: (list type, reason, since, until).
_Listing = tuple[str, str, dt.date, dt.date | None]


@dataclass(frozen=True, slots=True)
class DemoConfig:
    """What to generate: ``scale`` blocks from ``seed``, dated around ``reference_date``.

    ``home_province`` (two digits) is where the workstation's inspectors, shops and tasks are.
    """

    scale: int
    seed: int = DEFAULT_SEED
    reference_date: dt.date = DEFAULT_REFERENCE_DATE
    home_province: str = DEFAULT_HOME_PROVINCE
    inspector_cap: int = DEFAULT_INSPECTOR_CAP

    def __post_init__(self) -> None:
        if not 1 <= self.scale <= MAX_SCALE:
            raise DemoDataError(
                "bad_scale",
                f"规模应在 1 到 {MAX_SCALE} 之间，实为 {self.scale}",
                f"The scale must be between 1 and {MAX_SCALE}, not {self.scale}",
            )
        if self.inspector_cap < 1:
            raise ValueError("inspector_cap must be positive")


@dataclass(frozen=True, slots=True)
class DemoPlan:
    """How many rows of each fixed-size table ``scale`` blocks make (licences and blacklist entries vary)."""

    blocks: int
    enterprises: int
    trade_items: int
    risk_alerts: int
    tasks: int
    inspectors: int


@dataclass(slots=True)
class _Producer:
    enterprise_id: int
    domain: str
    kinds: tuple[DemoProductKind, ...]
    brands: tuple[str, ...]
    prefix: str
    weight: int
    next_reference: int


@dataclass(slots=True)
class _Counters:
    """Running numbers that keep codes unique across blocks."""

    licence_id: int = 0
    blacklist_id: int = 0
    trade_item_id: int = 0
    alert_id: int = 0
    inspector_id: int = 0
    task_id: int = 0
    broad_alerts: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    sc: defaultdict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    xk: defaultdict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    ccc: defaultdict[tuple[int, str], int] = field(default_factory=lambda: defaultdict(int))
    jy: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))


class DemoGenerator:
    """Makes ``DemoBlock``s for a catalogue (its product kinds) and a region table. Pure and deterministic."""

    def __init__(self, config: DemoConfig, kinds: Sequence[DemoProductKind], regions: Regions) -> None:
        if not kinds:
            raise DemoDataError(
                "no_catalogue",
                "没有已安装的产品目录，无法生成演示数据",
                "No product catalogue is installed, so no demo data can be made",
            )
        self.config = config
        self._regions = regions
        self._ref = config.reference_date
        self._kinds = tuple(kinds)
        self._categories: dict[str, dict[str, list[DemoProductKind]]] = defaultdict(lambda: defaultdict(list))
        for kind in self._kinds:
            self._categories[kind.domain][kind.category_code].append(kind)
        self._templates = {kind.id: _template_for(kind) for kind in self._kinds}
        # Label words per kind ("{kind}" filled in) with their own specification if they carry one; empty when the
        # kind has no template of its own.
        self._variants = {kind.id: _variants(kind, self._templates[kind.id]) for kind in self._kinds}
        self._failures = {kind.id: _failure_reasons(kind) for kind in self._kinds}
        # Producers make kinds they would need to be licensed for; a food category none of whose kinds needs an SC
        # licence (catering) has no factories.
        self._producer_categories = {
            domain: {
                code: found
                for code, found in categories.items()
                if domain != FOOD or any(kind.needs_sc for kind in found)
            }
            for domain, categories in self._categories.items()
        }
        self._producer_mix = self._resolve_producer_mix()
        # A category with more kinds has more makers, and licensed kinds (the catalogue's point) weigh more.
        self._category_weights = {
            domain: (
                tuple(sorted(categories)),
                tuple(sum(1 + 3 * _licensable(kind) for kind in categories[code]) for code in sorted(categories)),
            )
            for domain, categories in self._producer_categories.items()
        }
        self._sc_categories = {kind.id: _sc_category(kind) for kind in self._kinds if kind.domain == FOOD}
        self._xk_codes = _xk_codes(self._kinds)

        counties = regions.counties()
        if not counties:
            raise ValueError("the region table has no county-level divisions")
        by_province: dict[str, list[Region]] = defaultdict(list)
        for county in counties:
            by_province[county.code[:2]].append(county)
        self._counties_by_province = {code: tuple(found) for code, found in by_province.items()}
        home = config.home_province
        if home not in self._counties_by_province:
            raise ValueError(f"home province {home} has no county in the region table")
        self._home_province = home
        self._home_counties = self._counties_by_province[home]
        self._provinces = tuple(sorted(self._counties_by_province))
        self._province_weights = tuple(
            _PROVINCE_WEIGHTS.get(code, 1) + (_HOME_EXTRA_WEIGHT if code == home else 0) for code in self._provinces
        )
        self._all_counties = counties
        self._locality_cache: dict[str, str] = {}
        self._short_names_cache: dict[str, tuple[str, str]] = {}

    # --- public ---------------------------------------------------------------------------------------------

    def plan(self) -> DemoPlan:
        """The row counts of the fixed-size tables for this configuration."""
        scale = self.config.scale
        return DemoPlan(
            blocks=scale,
            enterprises=scale * ENTERPRISES_PER_BLOCK,
            trade_items=scale * TRADE_ITEMS_PER_BLOCK,
            risk_alerts=scale * RISK_ALERTS_PER_BLOCK,
            tasks=scale * TASKS_PER_BLOCK,
            inspectors=min(scale * INSPECTORS_PER_BLOCK, self.config.inspector_cap),
        )

    def blocks(self) -> Iterator[DemoBlock]:
        """Every block in order, made lazily. Each call starts afresh and yields the same blocks."""
        counters = _Counters()
        for index in range(self.config.scale):
            rng = random.Random(f"inspector-demo/{self.config.seed}/{index}")
            yield self._block(index, rng, counters)

    # --- one block ------------------------------------------------------------------------------------------

    def _block(self, index: int, rng: random.Random, counters: _Counters) -> DemoBlock:
        first_enterprise_id = index * ENTERPRISES_PER_BLOCK + 1
        roles = [domain for domain, count in self._producer_mix for _ in range(count)]
        roles += [SELLER] * _SELLERS
        rng.shuffle(roles)

        blacklisted = self._blacklist_plan(rng)
        enterprises: list[DemoEnterprise] = []
        producers: list[_Producer] = []
        sellers: list[DemoEnterprise] = []
        for offset, role in enumerate(roles):
            enterprise_id = first_enterprise_id + offset
            listing = blacklisted.get(offset)
            enterprise, producer = self._enterprise(rng, enterprise_id, role, listing)
            enterprises.append(enterprise)
            if producer is not None:
                producers.append(producer)
            else:
                sellers.append(enterprise)

        blacklist_entries = []
        for offset, (list_type, reason, since, until) in sorted(blacklisted.items()):
            counters.blacklist_id += 1
            enterprise = enterprises[offset]
            blacklist_entries.append(
                DemoBlacklistEntry(
                    id=counters.blacklist_id,
                    enterprise_id=enterprise.id,
                    list_type=list_type,
                    reason=reason,
                    authority=self._authority(rng, enterprise.region_code),
                    since=since,
                    until=until,
                )
            )

        by_id = {enterprise.id: enterprise for enterprise in enterprises}
        licences = self._licences(rng, counters, producers, sellers, by_id)
        trade_items = self._trade_items(rng, counters, producers)
        alerts = self._alerts(
            rng,
            counters,
            items=trade_items,
            enterprises=enterprises,
            producers=producers,
            blacklisted=blacklisted,
            by_id=by_id,
        )
        inspectors = self._inspectors(rng, counters)
        tasks, task_kinds, task_inspectors = self._tasks(rng, counters)
        return DemoBlock(
            index=index,
            enterprises=tuple(enterprises),
            licences=tuple(licences),
            blacklist_entries=tuple(blacklist_entries),
            trade_items=tuple(trade_items),
            risk_alerts=tuple(alerts),
            inspectors=tuple(inspectors),
            tasks=tuple(tasks),
            task_product_kinds=tuple(task_kinds),
            task_inspectors=tuple(task_inspectors),
        )

    # --- enterprises ----------------------------------------------------------------------------------------

    def _blacklist_plan(self, rng: random.Random) -> dict[int, _Listing]:
        """Which enterprises of the block (by offset) are listed, why, since and until when."""
        plan: dict[int, _Listing] = {}
        for offset in rng.sample(range(ENTERPRISES_PER_BLOCK), rng.randint(3, 5)):
            since = self._ref - dt.timedelta(days=rng.randint(30, 1500))
            if rng.random() < 0.7:
                plan[offset] = (
                    "serious_violation",
                    rng.choice(words.SERIOUS_VIOLATION_REASONS),
                    since,
                    codes.add_years(since, _SERIOUS_LIST_YEARS),
                )
            else:
                until = None if rng.random() < 0.7 else since + dt.timedelta(days=rng.randint(30, 365))
                plan[offset] = ("abnormal_operation", rng.choice(words.ABNORMAL_OPERATION_REASONS), since, until)
        return plan

    def _enterprise(
        self,
        rng: random.Random,
        enterprise_id: int,
        role: str,
        listing: _Listing | None,
    ) -> tuple[DemoEnterprise, _Producer | None]:
        if role == SELLER:
            county = rng.choice(self._home_counties) if rng.random() < _SELLERS_AT_HOME else self._any_county(rng)
            size = rng.choices(_SIZES, _SELLER_SIZE_WEIGHTS)[0]
        else:
            county = self._any_county(rng)
            size = rng.choices(_SIZES, _PRODUCER_SIZE_WEIGHTS)[0]
        trade_name = self._trade_name(rng)
        kinds: tuple[DemoProductKind, ...] = ()
        if role == SELLER:
            individual = rng.random() < 0.4
            entity_type = "92" if individual else "91"
            if individual:
                size = "micro"
                names = [
                    f"{prefix}{trade_name}{rng.choice(words.SHOP_KINDS)}" for prefix in self._local_prefixes(county)
                ]
            else:
                industry = rng.choice(words.SELLER_INDUSTRIES)
                names = [f"{prefix}{trade_name}{industry}有限公司" for prefix in self._company_prefixes(rng, county)]
        else:
            kinds = self._producer_kinds(rng, role)
            template = self._templates[kinds[0].id]
            industry = rng.choice(template.industries)
            if role == FARM:
                entity_type = "93"
                size = "micro" if size in ("medium", "large") else size
                names = [
                    f"{prefix}{trade_name}{industry}{words.FARM_COOP_SUFFIX}" for prefix in self._local_prefixes(county)
                ]
            else:
                entity_type = "91"
                suffix = (
                    words.LARGE_COMPANY_SUFFIX
                    if size == "large" and rng.random() < 0.5
                    else rng.choice(words.COMPANY_SUFFIXES)
                )
                names = [f"{prefix}{trade_name}{industry}{suffix}" for prefix in self._company_prefixes(rng, county)]
        name = next((candidate for candidate in names if not _has_famous_brand(candidate)), names[-1])

        if listing is not None:
            list_type, _, _, until = listing
            active = until is None or until >= self._ref
            credit = "D" if active and list_type == "serious_violation" else "C"
        else:
            credit = rng.choices(_CREDIT_CLASSES, _CREDIT_WEIGHTS)[0]

        enterprise = DemoEnterprise(
            id=enterprise_id,
            uscc=codes.uscc(entity_type, county.code, enterprise_id),
            name=name,
            address=self._address(rng, county, role),
            region_code=county.code,
            size=size,
            legal_representative=_person_name(rng),
            phone=_masked_mobile(rng),
            credit_class=credit,
        )
        if role == SELLER:
            return enterprise, None
        brand_pool = {FOOD: words.FOOD_BRANDS, INDUSTRIAL: words.INDUSTRIAL_BRANDS}.get(role, words.FARM_BRANDS)
        brands = tuple(rng.sample(brand_pool, rng.randint(1, 2)))
        if rng.random() < 0.4:
            brands = (trade_name, *brands[:1])
        producer = _Producer(
            enterprise_id=enterprise_id,
            domain=role,
            kinds=kinds,
            brands=brands,
            prefix=codes.company_prefix(enterprise_id - 1),
            weight=_ITEM_WEIGHT_BY_SIZE[size],
            next_reference=rng.randint(1, 60),
        )
        return enterprise, producer

    def _resolve_producer_mix(self) -> tuple[tuple[str, int], ...]:
        """The producer mix, with the share of a domain the catalogue lacks given to the first domain it has."""
        available = [domain for domain, _ in _PRODUCER_MIX if self._producer_categories.get(domain)]
        if not available:
            raise DemoDataError(
                "no_catalogue",
                "产品目录中没有工业、食品或食用农产品类别",
                "The catalogue has no industrial, food or farm-produce category",
            )
        mix: dict[str, int] = defaultdict(int)
        for domain, count in _PRODUCER_MIX:
            mix[domain if domain in available else available[0]] += count
        return tuple(mix.items())

    def _producer_kinds(self, rng: random.Random, domain: str) -> tuple[DemoProductKind, ...]:
        categories = self._producer_categories[domain]
        codes_, weights = self._category_weights[domain]
        category = categories[rng.choices(codes_, weights)[0]]
        wanted = {FOOD: rng.choices((1, 2, 3), (50, 35, 15))[0], INDUSTRIAL: rng.choices((1, 2), (60, 40))[0]}.get(
            domain, rng.randint(1, 2)
        )
        return tuple(rng.sample(category, min(wanted, len(category))))

    def _trade_name(self, rng: random.Random) -> str:
        return rng.choice(_TRADE_NAMES)

    def _any_county(self, rng: random.Random) -> Region:
        province = rng.choices(self._provinces, self._province_weights)[0]
        return rng.choice(self._counties_by_province[province])

    def _company_prefixes(self, rng: random.Random, county: Region) -> list[str]:
        """Region words to start a company name with, preferred first: city (杭州), province (浙江) or none."""
        short_names = self._short_names_cache.get(county.code)
        if short_names is None:
            city = self._regions.prefecture_of(county.code)
            province = self._regions.province_of(county.code)
            province_short = (self._regions.short_name(province.code) if province else None) or ""
            city_short = (
                self._regions.short_name(city.code) if city is not None and not city.is_placeholder else None
            ) or province_short
            short_names = (city_short, province_short)
            self._short_names_cache[county.code] = short_names
        city_short, province_short = short_names
        preferred = province_short if rng.random() < 0.25 else city_short
        return [preferred, city_short, province_short, ""]

    def _local_prefixes(self, county: Region) -> list[str]:
        """ "杭州市西湖区" for shops and co-operatives, then shorter forms."""
        locality = self._locality(county)
        city = locality.removesuffix(county.name)
        return [locality, city, ""]

    def _locality(self, county: Region) -> str:
        cached = self._locality_cache.get(county.code)
        if cached is None:
            chain = self._regions.chain(county.code)
            named = [region.name for region in chain[1:] if not region.is_placeholder]
            if len(named) < 2:  # a municipality: 北京市朝阳区
                named = [chain[0].name, county.name]
            cached = "".join(named)
            self._locality_cache[county.code] = cached
        return cached

    def _address(self, rng: random.Random, county: Region, role: str) -> str:
        place = self._regions.full_name(county.code) or county.name
        road = rng.choice(words.ROADS)
        number = rng.randint(1, 999)
        if role in (FOOD, INDUSTRIAL) and rng.random() < 0.4:
            return f"{place}{rng.choice(words.INDUSTRIAL_ZONES)}{road}{number}号"
        if role == SELLER and rng.random() < 0.5:
            return f"{place}{road}{number}号{rng.randint(1, 30)}号商铺"
        if role == FARM:
            return f"{place}{rng.choice(('东', '西', '南', '北'))}{rng.choice(('湖', '山', '桥', '塘'))}村{number}号"
        return f"{place}{road}{number}号"

    def _authority(self, rng: random.Random, region_code: str) -> str:
        city = self._regions.prefecture_of(region_code)
        if city is not None and not city.is_placeholder and rng.random() < 0.5:
            return city.name + words.AUTHORITY_SUFFIX
        province = self._regions.province_of(region_code)
        return (province.name if province else "") + words.AUTHORITY_SUFFIX

    # --- licences -------------------------------------------------------------------------------------------

    def _licences(
        self,
        rng: random.Random,
        counters: _Counters,
        producers: list[_Producer],
        sellers: list[DemoEnterprise],
        by_id: dict[int, DemoEnterprise],
    ) -> list[DemoLicence]:
        licences: list[DemoLicence] = []

        def add(enterprise_id: int, kind: str, number: str, *, scope: str, kind_id: int | None, dates: _Dates) -> None:
            counters.licence_id += 1
            licences.append(
                DemoLicence(
                    id=counters.licence_id,
                    enterprise_id=enterprise_id,
                    type=kind,
                    number=number,
                    scope=scope,
                    product_kind_id=kind_id,
                    valid_from=dates.valid_from,
                    valid_to=dates.valid_to,
                    status=dates.status,
                )
            )

        for producer in producers:
            maker = by_id[producer.enterprise_id]
            if producer.domain == FOOD:
                licensed = [kind for kind in producer.kinds if kind.needs_sc]
                if not licensed:
                    continue
                main = licensed[0]
                scope = "、".join(kind.name for kind in licensed)
                current = self._licence_dates(rng)
                if rng.random() < _RENEWED_SHARE:
                    earlier = self._earlier_dates(rng, current)
                    number = self._sc(rng, counters, main, maker.region_code)
                    add(maker.id, "SC", number, scope=scope, kind_id=main.id, dates=earlier)
                number = self._sc(rng, counters, main, maker.region_code)
                add(maker.id, "SC", number, scope=scope, kind_id=main.id, dates=current)
                continue
            if producer.domain != INDUSTRIAL:
                continue
            for kind in producer.kinds:
                if kind.needs_xk:
                    current = self._licence_dates(rng)
                    if rng.random() < _RENEWED_SHARE:
                        earlier = self._earlier_dates(rng, current)
                        number = self._xk(counters, kind, maker.region_code)
                        add(maker.id, "XK", number, scope=kind.name, kind_id=kind.id, dates=earlier)
                    number = self._xk(counters, kind, maker.region_code)
                    add(maker.id, "XK", number, scope=kind.name, kind_id=kind.id, dates=current)
                if kind.needs_ccc and kind.ccc_code:
                    models = [model for model, _ in self._variants[kind.id]] or [kind.name]
                    low, high = _CCC_CERTIFICATES_BY_SIZE[maker.size]
                    for _ in range(rng.randint(low, high)):
                        dates = self._licence_dates(rng)
                        year = dates.valid_from.year
                        counters.ccc[(year, kind.ccc_code)] += 1
                        number = codes.ccc_number(year, "01", kind.ccc_code, counters.ccc[(year, kind.ccc_code)])
                        scope = f"{kind.name}：{rng.choice(models)}"
                        add(maker.id, "CCC", number, scope=scope, kind_id=kind.id, dates=dates)
        for seller in sellers:
            counters.jy[seller.region_code] += 1
            number = codes.jy_number(1, seller.region_code, counters.jy[seller.region_code], rng.randint(0, 9))
            add(
                seller.id, "JY", number, scope=rng.choice(words.JY_SCOPES), kind_id=None, dates=self._licence_dates(rng)
            )
        return licences

    def _sc(self, rng: random.Random, counters: _Counters, kind: DemoProductKind, region: str) -> str:
        category = "1" + self._sc_categories.get(kind.id, words.SC_OTHER_FOOD)
        counters.sc[(category, region)] += 1
        return codes.sc_number(category, region, counters.sc[(category, region)], rng.randint(0, 9))

    def _xk(self, counters: _Counters, kind: DemoProductKind, region: str) -> str:
        industry, product = self._xk_codes[kind.id]
        counters.xk[(industry, product)] += 1
        province = self._regions.province_of(region)
        abbreviation = _PROVINCE_ABBREVIATIONS.get(province.code[:2] if province else "", "国")
        return codes.xk_number(abbreviation, industry, product, counters.xk[(industry, product)])

    def _licence_dates(self, rng: random.Random) -> _Dates:
        """Five-year validity placed around the reference date, with a status drawn like real registers show."""
        ref = self._ref
        draw = rng.random()
        if draw < 0.06:  # expiring within the warning window
            valid_to = ref + dt.timedelta(days=rng.randint(0, 90))
            status = "valid"
        elif draw < 0.14:  # expired and marked so
            valid_to = ref - dt.timedelta(days=rng.randint(1, 900))
            status = "expired"
        elif draw < 0.16:  # expired but the register still says valid
            valid_to = ref - dt.timedelta(days=rng.randint(1, 400))
            status = "valid"
        else:
            valid_to = ref + dt.timedelta(days=rng.randint(91, _LICENCE_YEARS * 365 - 1))
            status = rng.choices(("valid", "suspended", "revoked", "cancelled"), (84, 6, 5, 5))[0]
        valid_from = codes.add_years(valid_to, -_LICENCE_YEARS) + dt.timedelta(days=1)
        return _Dates(valid_from, valid_to, status)

    def _earlier_dates(self, rng: random.Random, current: _Dates) -> _Dates:
        """The licence a current one replaced: it ended the day before the current one began."""
        valid_to = current.valid_from - dt.timedelta(days=1)
        valid_from = codes.add_years(valid_to, -_LICENCE_YEARS) + dt.timedelta(days=1)
        status = "expired" if valid_to < self._ref else "cancelled"
        if rng.random() < 0.3:
            status = "cancelled"
        return _Dates(valid_from, valid_to, status)

    # --- trade items ----------------------------------------------------------------------------------------

    def _trade_items(self, rng: random.Random, counters: _Counters, producers: list[_Producer]) -> list[DemoTradeItem]:
        items: list[DemoTradeItem] = []
        owners = rng.choices(producers, [producer.weight for producer in producers], k=TRADE_ITEMS_PER_BLOCK)
        pick = _picker(rng)
        for producer in owners:
            kind = pick(producer.kinds)
            template = self._templates[kind.id]
            spec = pick(template.specs)
            variants = self._variants[kind.id]
            if variants:
                variant, own_spec = pick(variants)
                spec = own_spec if own_spec is not None else spec
            elif kind.domain == INDUSTRIAL:
                letters = rng.choice(words.MODEL_LETTERS) + rng.choice(words.MODEL_LETTERS)
                variant = f"{kind.name} {letters}-{rng.randint(100, 999)}"
            else:
                variant = kind.name
            brand = pick(producer.brands)
            reference = producer.next_reference
            producer.next_reference += 1
            counters.trade_item_id += 1
            items.append(
                DemoTradeItem(
                    id=counters.trade_item_id,
                    gtin=codes.gtin14(producer.prefix, reference),
                    name=f"{brand} {variant} {spec}" if spec else f"{brand} {variant}",
                    brand=brand,
                    specification=spec,
                    product_kind_id=kind.id,
                    enterprise_id=producer.enterprise_id,
                )
            )
        return items

    # --- alerts ---------------------------------------------------------------------------------------------

    def _alerts(
        self,
        rng: random.Random,
        counters: _Counters,
        *,
        items: list[DemoTradeItem],
        enterprises: list[DemoEnterprise],
        producers: list[_Producer],
        blacklisted: dict[int, _Listing],
        by_id: dict[int, DemoEnterprise],
    ) -> list[DemoRiskAlert]:
        kinds_by_id = {kind.id: kind for kind in self._kinds}
        listed = [enterprises[offset] for offset in sorted(blacklisted)]
        makers = [by_id[producer.enterprise_id] for producer in producers]
        home_province = self._regions.get(f"{self._home_province}0000")
        home_authority = (home_province.name if home_province else "") + words.AUTHORITY_SUFFIX
        alerts: list[DemoRiskAlert] = []
        for drawn in rng.choices(_MATCH_TYPES, _MATCH_WEIGHTS, k=RISK_ALERTS_PER_BLOCK):
            match_type = drawn
            # Warnings on a whole product kind or region are rare nationwide: past their cap, batches instead.
            if drawn in _BROAD_ALERT_CAPS:
                if counters.broad_alerts[drawn] >= _BROAD_ALERT_CAPS[drawn]:
                    match_type = "gtin_batch"
                else:
                    counters.broad_alerts[drawn] += 1
            valid_from = self._ref - dt.timedelta(days=rng.randint(0, 600))
            gtin = batch = region_code = None
            enterprise_id = kind_id = None
            if match_type in ("gtin", "gtin_batch"):
                item = rng.choice(items)
                maker = by_id[item.enterprise_id]
                kind = kinds_by_id[item.product_kind_id]
                gtin = item.gtin
                reason = rng.choice(self._failures[kind.id])
                if match_type == "gtin_batch":
                    batch = _batch(rng, valid_from)
                    action = rng.choices(("recall", "stop_sale", "watch"), (60, 30, 10))[0]
                else:
                    action = rng.choices(("recall", "stop_sale", "watch"), (30, 40, 30))[0]
                batch_note = f"（批号：{batch}）" if batch else ""
                title = {
                    "recall": f"{maker.name}召回{item.name}{batch_note}",
                    "stop_sale": f"关于停止销售{item.name}{batch_note}的通知",
                    "watch": f"{item.name}{batch_note}质量安全风险提示",
                }[action]
                issued_by = words.NATIONAL_AUTHORITY if rng.random() < 0.4 else self._authority(rng, maker.region_code)
            elif match_type == "enterprise":
                maker = rng.choice(listed) if listed and rng.random() < 0.5 else rng.choice(makers)
                enterprise_id = maker.id
                reason = rng.choice(words.ENTERPRISE_ALERT_REASONS)
                action = rng.choices(("stop_sale", "watch"), (40, 60))[0]
                title = (
                    f"关于暂停销售{maker.name}所产产品的通知"
                    if action == "stop_sale"
                    else f"{maker.name}产品质量风险关注"
                )
                issued_by = home_authority if rng.random() < 0.6 else self._authority(rng, maker.region_code)
            elif match_type == "product_kind":
                kind = rng.choice(self._kinds)
                kind_id = kind.id
                reason = rng.choice(self._failures[kind.id])
                action = "watch"
                title = f"{kind.name}产品质量安全风险警示：{reason}"
                issued_by = words.NATIONAL_AUTHORITY if rng.random() < 0.5 else home_authority
            else:
                county = self._any_county(rng)
                region_code = county.code
                reason = rng.choice(words.REGION_ALERT_REASONS)
                action = "watch"
                title = f"{self._regions.full_name(county.code)}产品质量安全风险提示"
                issued_by = self._authority(rng, county.code)
            level = {
                "recall": "high",
                "stop_sale": rng.choice(("high", "high", "medium")),
                "watch": rng.choice(("medium", "low")),
            }[action]
            if action == "watch":
                valid_until: dt.date | None = valid_from + dt.timedelta(days=rng.randint(90, 365))
            elif rng.random() < 0.5:
                valid_until = None
            else:
                valid_until = valid_from + dt.timedelta(days=rng.randint(180, 730))
            counters.alert_id += 1
            alerts.append(
                DemoRiskAlert(
                    id=counters.alert_id,
                    code=f"RA{valid_from.year}-{counters.alert_id:06d}",
                    title=title,
                    level=level,
                    action=action,
                    match_type=match_type,
                    gtin=gtin,
                    batch=batch,
                    enterprise_id=enterprise_id,
                    product_kind_id=kind_id,
                    region_code=region_code,
                    reason=reason,
                    issued_by=issued_by,
                    valid_from=valid_from,
                    valid_until=valid_until,
                    status="withdrawn" if rng.random() < 0.12 else "active",
                )
            )
        return alerts

    # --- people and tasks -----------------------------------------------------------------------------------

    def _inspectors(self, rng: random.Random, counters: _Counters) -> list[DemoInspector]:
        inspectors = []
        room = self.config.inspector_cap - counters.inspector_id
        for _ in range(min(INSPECTORS_PER_BLOCK, room)):
            counters.inspector_id += 1
            county = rng.choice(self._home_counties)
            first = counters.inspector_id == 1
            role = "admin" if first else ("supervisor" if rng.random() < 0.12 else "inspector")
            inspectors.append(
                DemoInspector(
                    id=counters.inspector_id,
                    badge_number=f"{county.code}{counters.inspector_id:05d}",
                    name=_person_name(rng),
                    unit=self._locality(county) + words.AUTHORITY_SUFFIX,
                    role=role,
                    region_code=county.code,
                    public_key=None,
                    active=first or rng.random() < 0.95,
                )
            )
        return inspectors

    def _tasks(
        self, rng: random.Random, counters: _Counters
    ) -> tuple[list[DemoTask], list[DemoTaskProductKind], list[DemoTaskInspector]]:
        tasks: list[DemoTask] = []
        task_kinds: list[DemoTaskProductKind] = []
        task_inspectors: list[DemoTaskInspector] = []
        province_code = f"{self._home_province}0000"
        province_name = self._regions.name(province_code) or ""
        domains = [domain for domain in (FOOD, INDUSTRIAL, FARM) if self._categories.get(domain)]
        domain_weights = [{FOOD: 50, INDUSTRIAL: 40, FARM: 10}[domain] for domain in domains]
        for _ in range(TASKS_PER_BLOCK):
            counters.task_id += 1
            domain = rng.choices(domains, domain_weights)[0]
            categories = self._categories[domain]
            category_kinds = categories[rng.choice(sorted(categories))]
            kinds = rng.sample(category_kinds, min(rng.randint(1, 3), len(category_kinds)))
            starts_on = self._ref + dt.timedelta(days=rng.randint(-300, 30))
            deadline = starts_on + dt.timedelta(days=rng.randint(60, 240))
            year = starts_on.year
            monitoring = rng.random() < 0.2
            level = rng.choices(("national", "province", "city"), (15, 45, 40))[0]
            if level == "city":
                county = rng.choice(self._home_counties)
                city = self._regions.prefecture_of(county.code)
                if city is None or city.is_placeholder:
                    place, region_code = province_name, province_code
                else:
                    place, region_code = city.name, city.code
            else:
                place, region_code = ("国家" if level == "national" else province_name), province_code
            organiser = words.NATIONAL_AUTHORITY if level == "national" else place + words.AUTHORITY_SUFFIX
            kind_words = kinds[0].name + ("等" if len(kinds) > 1 else "")
            food_like = domain in (FOOD, FARM)
            national = level == "national"
            if monitoring:
                title = f"{year}年{place}{kind_words}{'食品安全' if food_like else '质量安全'}风险监测"
            elif food_like:
                title = f"{year}年{place}食品安全监督抽检（{kinds[0].category_name}）"
            elif national:
                title = f"{year}年{kind_words}产品质量国家监督抽查"
            else:
                title = f"{year}年{place}{kind_words}产品质量监督抽查"
            if food_like:
                plan = f"{year}年{place}食品安全抽检监测计划"
            elif national:
                plan = f"{year}年产品质量国家监督抽查计划"
            else:
                plan = f"{year}年{place}产品质量监督抽查计划"
            if rng.random() < 0.03:
                status = "cancelled"
            elif deadline < self._ref:
                status = "closed" if rng.random() < 0.9 else "open"
            else:
                status = "open"
            tasks.append(
                DemoTask(
                    id=counters.task_id,
                    code=f"RW{year}-{counters.task_id:05d}",
                    title=title,
                    plan=plan,
                    task_category="risk_monitoring" if monitoring else "supervision",
                    organiser=organiser,
                    region_code=region_code,
                    quota=5 * rng.randint(1, 24),
                    starts_on=starts_on,
                    deadline=deadline,
                    status=status,
                )
            )
            task_kinds.extend(DemoTaskProductKind(counters.task_id, kind.id) for kind in kinds)
            pool = counters.inspector_id
            # At least two samplers (DOMAIN.md §2), when the workstation knows two.
            team = rng.sample(range(1, pool + 1), min(rng.randint(2, 4), pool))
            task_inspectors.extend(DemoTaskInspector(counters.task_id, inspector) for inspector in sorted(team))
        return tasks, task_kinds, task_inspectors


@dataclass(frozen=True, slots=True)
class _Dates:
    valid_from: dt.date
    valid_to: dt.date
    status: str


# Province abbreviations printed before provincial XK numbers, "(浙)XK…".
_PROVINCE_ABBREVIATIONS = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "蒙", "21": "辽", "22": "吉", "23": "黑", "31": "沪",
    "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣", "37": "鲁", "41": "豫", "42": "鄂", "43": "湘",
    "44": "粤", "45": "桂", "46": "琼", "50": "渝", "51": "川", "52": "黔", "53": "滇", "54": "藏", "61": "陕",
    "62": "甘", "63": "青", "64": "宁", "65": "新",
}  # fmt: skip


def _template_for(kind: DemoProductKind) -> words.ProductTemplate:
    templates, fallback = {
        FOOD: (words.FOOD_TEMPLATES, words.FOOD_FALLBACK),
        FARM: (words.FARM_TEMPLATES, words.FARM_FALLBACK),
    }.get(kind.domain, (words.INDUSTRIAL_TEMPLATES, words.INDUSTRIAL_FALLBACK))
    for text in (kind.name, kind.category_name):
        for template in templates:
            if any(keyword in text for keyword in template.keywords):
                return template
    return fallback


def _licensable(kind: DemoProductKind) -> bool:
    """Whether makers of ``kind`` hold a licence or certificate the demo can number."""
    return kind.needs_sc or kind.needs_xk or (kind.needs_ccc and kind.ccc_code is not None)


def _everyday_name(name: str) -> str:
    """The name a label uses: "小白菜" for 普通白菜（小白菜）, "黄豆" for 大豆（黄豆）, else the name itself."""
    if name.endswith("）") and "（" in name:
        inner = name[name.index("（") + 1 : -1]
        if inner and "、" not in inner:
            return inner
    return name


def _sc_category(kind: DemoProductKind) -> str:
    """The two-digit SC food category of a food kind, from its category's name; "31" (other foods) if none."""
    for number, name in words.SC_FOOD_CATEGORIES:
        if name == kind.category_name or name in kind.name:
            return number
    for number, name in words.SC_FOOD_CATEGORIES:
        if name[:2] in kind.category_name:
            return number
    return words.SC_OTHER_FOOD


def _xk_codes(kinds: Sequence[DemoProductKind]) -> dict[int, tuple[int, int]]:
    """A stable (industry, product) pair per XK kind: the category's order and the kind's place in it."""
    codes_by_kind: dict[int, tuple[int, int]] = {}
    per_category: dict[str, int] = defaultdict(int)
    for kind in sorted(kinds, key=lambda k: (k.category_order, k.category_code, k.code)):
        if kind.needs_xk:
            per_category[kind.category_code] += 1
            industry = min(max(kind.category_order, 1), 99)
            codes_by_kind[kind.id] = (industry, min(per_category[kind.category_code], 999))
    return codes_by_kind


def _variants(kind: DemoProductKind, template: words.ProductTemplate) -> tuple[tuple[str, str | None], ...]:
    everyday = _everyday_name(kind.name)
    found: list[tuple[str, str | None]] = []
    for variant in template.variants:
        if not variant:
            continue
        text, _, spec = variant.replace("{kind}", everyday).partition("#")
        found.append((text, spec or None))
    return tuple(found)


def _failure_reasons(kind: DemoProductKind) -> tuple[str, ...]:
    """Why a product of this kind failed: one of its catalogue test items, worded as notices word it."""
    food_like = kind.domain in (FOOD, FARM)
    reasons = []
    for name, op in kind.inspection_items:
        if op == "info":
            continue
        if op == "not_detected":
            reasons.append(f"{name}检出")
        elif op in ("le", "lt") and food_like:
            reasons.append(f"{name}超标")
        else:
            reasons.append(f"{name}不合格")
    if reasons:
        return tuple(reasons)
    return {FOOD: words.FOOD_FAILURES, FARM: words.FARM_FAILURES}.get(kind.domain, words.INDUSTRIAL_FAILURES)


def _picker(rng: random.Random) -> Callable[[Sequence[_T]], _T]:
    """A uniform pick from a sequence, about twice as fast as ``Random.choice`` (the hot loop makes millions)."""
    draw = rng.random

    def pick(items: Sequence[_T]) -> _T:
        return items[int(draw() * len(items))]

    return pick


def _batch(rng: random.Random, before: dt.date) -> str:
    made = before - dt.timedelta(days=rng.randint(10, 400))
    style = rng.randrange(4)
    if style == 0:
        return made.strftime("%Y%m%d")
    if style == 1:
        return made.strftime("%Y%m%d") + rng.choice("ABCDE")
    if style == 2:
        return f"L{made:%y%m%d}{rng.randint(1, 99):02d}"
    return f"{made:%y%m%d}{rng.randint(1, 999):03d}"


def _person_name(rng: random.Random) -> str:
    return rng.choice(words.SURNAMES) + rng.choice(words.GIVEN_NAMES)


def _masked_mobile(rng: random.Random) -> str:
    """A mobile number masked the way public registers print it, so no real person's number appears."""
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}****{rng.randint(0, 9999):04d}"


_FAMOUS_BRAND = re.compile("|".join(re.escape(brand) for brand in sorted(words.FAMOUS_BRANDS)))


def _has_famous_brand(text: str) -> bool:
    return _FAMOUS_BRAND.search(text) is not None


# Every two-character trade name the lists make, less doubled characters and famous brands.
_TRADE_NAMES = tuple(
    first + second
    for first in words.TRADE_NAME_FIRST
    for second in words.TRADE_NAME_SECOND
    if first != second and not _has_famous_brand(first + second)
)
