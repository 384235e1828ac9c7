"""The rows the demo generator makes, one named tuple per table, fields named and ordered like the columns.

Named tuples rather than dataclasses: a million of them are made at scale 1000, they are cheap to build, and a
bulk insert can hand them to the database driver as they are. ``id`` values are the primary keys to use (the
generator numbers every table from 1, so it writes only into an empty store).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple


class DemoEnterprise(NamedTuple):
    """A row of ``enterprises``."""

    id: int
    uscc: str
    name: str
    address: str
    region_code: str
    size: str
    legal_representative: str
    phone: str
    credit_class: str


class DemoLicence(NamedTuple):
    """A row of ``licences`` (SC, XK, CCC or JY)."""

    id: int
    enterprise_id: int
    type: str
    number: str
    scope: str
    product_kind_id: int | None
    valid_from: dt.date
    valid_to: dt.date
    status: str


class DemoBlacklistEntry(NamedTuple):
    """A row of ``blacklist_entries``."""

    id: int
    enterprise_id: int
    list_type: str
    reason: str
    authority: str
    since: dt.date
    until: dt.date | None


class DemoTradeItem(NamedTuple):
    """A row of ``trade_items``; ``gtin`` has 14 digits."""

    id: int
    gtin: str
    name: str
    brand: str
    specification: str
    product_kind_id: int
    enterprise_id: int


class DemoRiskAlert(NamedTuple):
    """A row of ``risk_alerts``; only the column its ``match_type`` names is filled among the match columns."""

    id: int
    code: str
    title: str
    level: str
    action: str
    match_type: str
    gtin: str | None
    batch: str | None
    enterprise_id: int | None
    product_kind_id: int | None
    region_code: str | None
    reason: str
    issued_by: str
    valid_from: dt.date
    valid_until: dt.date | None
    status: str


class DemoInspector(NamedTuple):
    """A row of ``inspectors``."""

    id: int
    badge_number: str
    name: str
    unit: str
    role: str
    region_code: str
    public_key: str | None
    active: bool


class DemoTask(NamedTuple):
    """A row of ``tasks``."""

    id: int
    code: str
    title: str
    plan: str
    task_category: str
    organiser: str
    region_code: str
    quota: int
    starts_on: dt.date
    deadline: dt.date
    status: str


class DemoTaskProductKind(NamedTuple):
    """A row of ``task_product_kinds``."""

    task_id: int
    product_kind_id: int


class DemoTaskInspector(NamedTuple):
    """A row of ``task_inspectors``."""

    task_id: int
    inspector_id: int


@dataclass(frozen=True, slots=True)
class DemoProductKind:
    """A product kind of the installed catalogue, as the generator needs it (``id`` is its primary key)."""

    id: int
    code: str
    name: str
    domain: str  # industrial | food | farm_produce
    category_code: str
    category_name: str
    category_order: int
    needs_sc: bool
    needs_xk: bool
    needs_ccc: bool
    ccc_code: str | None
    # (name, limit op) of each inspection item, for failure reasons that fit the kind: ("酸价（KOH）", "le").
    inspection_items: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class DemoBlock:
    """One scale unit of demo data: every row of it refers only to itself, earlier blocks or the catalogue."""

    index: int
    enterprises: tuple[DemoEnterprise, ...]
    licences: tuple[DemoLicence, ...]
    blacklist_entries: tuple[DemoBlacklistEntry, ...]
    trade_items: tuple[DemoTradeItem, ...]
    risk_alerts: tuple[DemoRiskAlert, ...]
    inspectors: tuple[DemoInspector, ...]
    tasks: tuple[DemoTask, ...]
    task_product_kinds: tuple[DemoTaskProductKind, ...]
    task_inspectors: tuple[DemoTaskInspector, ...]

    @property
    def row_count(self) -> int:
        """Rows in this block, all tables together."""
        return (
            len(self.enterprises)
            + len(self.licences)
            + len(self.blacklist_entries)
            + len(self.trade_items)
            + len(self.risk_alerts)
            + len(self.inspectors)
            + len(self.tasks)
            + len(self.task_product_kinds)
            + len(self.task_inspectors)
        )
