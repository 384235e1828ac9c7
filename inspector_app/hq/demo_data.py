"""Demo reference data for ``inspector-hq serve --demo``: the shipped catalogue and rules, and the demo generator's
enterprises, licences, blacklist, trade items, alerts, inspectors and tasks, written as reference changes.

The generator is fed the catalogue's product kinds in the order and numbering the workstation's demo uses (file
order for ids, then edition, category order, category code, kind code), so with the same seed and scale it makes
the same rows as a workstation's demo workspace: the natural keys (USCC, GTIN, alert code, badge) coincide and a
demo workstation that syncs with a demo HQ finds the rows it already has.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from inspector_app.domain.catalogue import CatalogueSpec, catalogue_to_dict, parse_catalogue
from inspector_app.domain.demo import DEFAULT_SEED, DemoBlock, DemoConfig, DemoGenerator, DemoProductKind
from inspector_app.domain.regions import Regions
from inspector_app.hq.reference_store import ReferenceStore, TableWrite
from inspector_app.resources import resource_path
from inspector_app.sync.protocol import (
    BlacklistEntryRow,
    CatalogueEditionRow,
    EnterpriseRow,
    InspectorRow,
    LicenceRow,
    ReferenceTable,
    RiskAlertRow,
    RuleRow,
    TaskRow,
    TradeItemRow,
)

logger = logging.getLogger(__name__)

DEMO_SCALE = 1
# Blocks written per transaction: large scales land in steps, each a consistent set of changes.
_BLOCKS_PER_WRITE = 20


@dataclass(frozen=True, slots=True)
class DemoLoadReport:
    """What loading demo data wrote (0 changes when the store already had it all)."""

    changes: int
    unchanged: int
    first_inspector_badge: str | None


def shipped_catalogue() -> CatalogueSpec:
    """The catalogue shipped in ``resources/catalogue/catalogue.json``."""
    path = resource_path("catalogue", "catalogue.json")
    return parse_catalogue(path.read_bytes(), path.name)


def shipped_rules() -> list[RuleRow]:
    """The rules shipped in ``resources/rules/rules.json``."""
    document = json.loads(resource_path("rules", "rules.json").read_text(encoding="utf-8"))
    return [RuleRow.model_validate(rule) for rule in document["rules"]]


def demo_product_kinds(spec: CatalogueSpec) -> list[DemoProductKind]:
    """The catalogue's product kinds as the generator needs them, numbered and ordered like the workstation's."""
    kinds: list[DemoProductKind] = []
    next_id = 1
    for category in spec.categories:
        for kind in category.product_kinds:
            kinds.append(
                DemoProductKind(
                    id=next_id,
                    code=kind.code,
                    name=kind.name,
                    domain=str(category.domain),
                    category_code=f"{spec.edition.code}:{category.code}",
                    category_name=category.name,
                    category_order=category.sort_order,
                    needs_sc=kind.needs_sc,
                    needs_xk=kind.needs_xk,
                    needs_ccc=kind.needs_ccc,
                    ccc_code=kind.ccc_code,
                    inspection_items=tuple((item.name, str(item.limit.op)) for item in kind.inspection_items),
                )
            )
            next_id += 1
    kinds.sort(key=lambda kind: (kind.category_order, kind.category_code, kind.code))
    return kinds


def load_regions() -> Regions:
    """The shipped GB/T 2260 region table."""
    return Regions.parse(resource_path("regions", "gb2260.csv").read_text(encoding="utf-8"))


def load_demo_data(store: ReferenceStore, scale: int = DEMO_SCALE, seed: int = DEFAULT_SEED) -> DemoLoadReport:
    """Write the catalogue, rules and ``scale`` blocks of generated rows as reference changes (idempotent)."""
    spec = shipped_catalogue()
    catalogue = CatalogueEditionRow.model_validate(catalogue_to_dict(spec))
    first = store.write(
        [
            TableWrite(ReferenceTable.CATALOGUE_EDITIONS, [catalogue]),
            TableWrite(ReferenceTable.RULES, shipped_rules()),
        ]
    )
    changes, unchanged = first.changes, first.unchanged
    generator = DemoGenerator(DemoConfig(scale=scale, seed=seed), demo_product_kinds(spec), load_regions())
    kind_codes = {kind.id: kind.code for kind in demo_product_kinds(spec)}
    usccs: dict[int, str] = {}
    badges: dict[int, str] = {}
    first_badge: str | None = None
    pending: list[DemoBlock] = []

    def flush() -> None:
        nonlocal changes, unchanged
        report = store.write(_block_writes(pending, kind_codes, usccs, badges))
        changes += report.changes
        unchanged += report.unchanged
        pending.clear()

    for block in generator.blocks():
        for enterprise in block.enterprises:
            usccs[enterprise.id] = enterprise.uscc
        for inspector in block.inspectors:
            badges[inspector.id] = inspector.badge_number
            if first_badge is None:
                first_badge = inspector.badge_number
        pending.append(block)
        if len(pending) >= _BLOCKS_PER_WRITE:
            flush()
    if pending:
        flush()
    logger.info("demo reference data: %d change(s), %d row(s) already there", changes, unchanged)
    return DemoLoadReport(changes, unchanged, first_badge)


def _block_writes(
    blocks: list[DemoBlock], kind_codes: dict[int, str], usccs: dict[int, str], badges: dict[int, str]
) -> list[TableWrite]:
    def kind(kind_id: int | None) -> str | None:
        return None if kind_id is None else kind_codes.get(kind_id)

    def rows(make: Iterator[BaseModel]) -> list[BaseModel]:
        return list(make)

    # The generator's rows are valid by construction: model_construct skips re-validating a million of them.
    enterprises = rows(
        EnterpriseRow.model_construct(
            uscc=e.uscc,
            name=e.name,
            address=e.address,
            region_code=e.region_code,
            size=e.size,
            legal_representative=e.legal_representative,
            phone=e.phone,
            credit_class=e.credit_class,
        )
        for block in blocks
        for e in block.enterprises
    )
    licences = rows(
        LicenceRow.model_construct(
            type=licence.type,
            number=licence.number,
            enterprise_uscc=usccs[licence.enterprise_id],
            scope=licence.scope,
            product_kind_code=kind(licence.product_kind_id),
            valid_from=licence.valid_from,
            valid_to=licence.valid_to,
            status=licence.status,
        )
        for block in blocks
        for licence in block.licences
    )
    blacklist = rows(
        BlacklistEntryRow.model_construct(
            enterprise_uscc=usccs[entry.enterprise_id],
            list_type=entry.list_type,
            reason=entry.reason,
            authority=entry.authority,
            since=entry.since,
            until=entry.until,
        )
        for block in blocks
        for entry in block.blacklist_entries
    )
    trade_items = rows(
        TradeItemRow.model_construct(
            gtin=item.gtin,
            name=item.name,
            brand=item.brand,
            specification=item.specification,
            product_kind_code=kind(item.product_kind_id),
            enterprise_uscc=usccs.get(item.enterprise_id),
        )
        for block in blocks
        for item in block.trade_items
    )
    alerts = rows(
        RiskAlertRow.model_construct(
            code=alert.code,
            title=alert.title,
            level=alert.level,
            action=alert.action,
            match_type=alert.match_type,
            gtin=alert.gtin,
            batch=alert.batch,
            enterprise_uscc=None if alert.enterprise_id is None else usccs[alert.enterprise_id],
            product_kind_code=kind(alert.product_kind_id),
            region_code=alert.region_code,
            reason=alert.reason,
            issued_by=alert.issued_by,
            valid_from=alert.valid_from,
            valid_until=alert.valid_until,
            status=alert.status,
        )
        for block in blocks
        for alert in block.risk_alerts
    )
    inspectors = rows(
        InspectorRow.model_construct(
            badge_number=inspector.badge_number,
            name=inspector.name,
            unit=inspector.unit,
            role=inspector.role,
            region_code=inspector.region_code,
            public_key=inspector.public_key,
            active=inspector.active,
        )
        for block in blocks
        for inspector in block.inspectors
    )
    tasks: list[BaseModel] = []
    for block in blocks:
        task_kinds: dict[int, list[str]] = {}
        task_badges: dict[int, list[str]] = {}
        for link in block.task_product_kinds:
            code = kind(link.product_kind_id)
            if code is not None:
                task_kinds.setdefault(link.task_id, []).append(code)
        for member in block.task_inspectors:
            task_badges.setdefault(member.task_id, []).append(badges[member.inspector_id])
        tasks.extend(
            TaskRow.model_construct(
                code=task.code,
                title=task.title,
                plan=task.plan,
                task_category=task.task_category,
                organiser=task.organiser,
                region_code=task.region_code,
                quota=task.quota,
                starts_on=task.starts_on,
                deadline=task.deadline,
                status=task.status,
                product_kind_codes=task_kinds.get(task.id, []),
                inspector_badges=task_badges.get(task.id, []),
            )
            for task in block.tasks
        )
    return [
        TableWrite(ReferenceTable.ENTERPRISES, enterprises),
        TableWrite(ReferenceTable.LICENCES, licences),
        TableWrite(ReferenceTable.BLACKLIST_ENTRIES, blacklist),
        TableWrite(ReferenceTable.TRADE_ITEMS, trade_items),
        TableWrite(ReferenceTable.RISK_ALERTS, alerts),
        TableWrite(ReferenceTable.INSPECTORS, inspectors),
        TableWrite(ReferenceTable.TASKS, tasks),
    ]
