"""Writing a parsed catalogue into the local store, and reading what is installed.

How an edition is written (``CatalogueRepository.write``), all inside the caller's single transaction:

* an edition code not yet present is inserted whole;
* an edition code already present is **replaced by the file's content, in place**: categories are matched by
  code, product kinds by (category code, kind code) — or by kind code alone when a kind moved to another
  category — and inspection items by code within their kind. A matched row keeps its id and is updated only
  if a value differs, so trade items, licences, risk alerts and tasks that point at a product kind keep
  pointing at the same kind, and re-importing the same file changes nothing at all;
* rows the file no longer lists are deleted only when nothing outside the catalogue refers to them (directly,
  or through one of their inspection items). Referenced ones are kept unchanged and reported as ``kept``;
  deleting them would null trade-item and licence links and cascade away alerts and task assignments;
* every row the import inserts or changes gets ``hq_seq = 0`` (made locally, not by HQ); ``imported_at`` of
  the edition is the time of the last import that changed something.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, func, select, update
from sqlalchemy.orm import Session, selectinload

from inspector_app.domain.catalogue import (
    CatalogueDomain,
    CatalogueSpec,
    CategorySpec,
    InspectionItemSpec,
    ProductKindSpec,
)
from inspector_app.domain.limits import Limit
from inspector_app.storage.models import (
    Base,
    CatalogueCategory,
    CatalogueEdition,
    InspectionItem,
    ProductKind,
    ReferenceMixin,
)

logger = logging.getLogger(__name__)

#: The catalogue's own tables: references among them are the catalogue's structure, not outside use.
_CATALOGUE_TABLES = frozenset({"catalogue_editions", "catalogue_categories", "product_kinds", "inspection_items"})

#: How many ids go into one ``IN (...)`` when counting references (well under SQLite's variable limit).
_ID_CHUNK = 500

#: Separator of the standards column.
STANDARDS_SEPARATOR = "; "


@dataclass(frozen=True, slots=True)
class ChangeCounts:
    """What an import did to one level of the catalogue (categories, product kinds or inspection items)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    kept: int = 0  # no longer in the file, but kept because other records refer to them

    @property
    def changed(self) -> bool:
        """Whether anything at this level was added, updated or removed."""
        return bool(self.added or self.updated or self.removed)


@dataclass(frozen=True, slots=True)
class KeptRow:
    """A row the file no longer lists, kept because other records refer to it.

    ``level`` is ``"category"``, ``"product_kind"`` or ``"inspection_item"``; ``referenced_by`` lists
    (table, number of rows) pairs, e.g. ``(("trade_items", 3), ("licences", 1))``.
    """

    level: str
    category_code: str
    kind_code: str | None
    item_code: str | None
    name: str
    referenced_by: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class CatalogueWriteResult:
    """The outcome of writing one edition."""

    edition_code: str
    edition_name: str
    edition_created: bool
    edition_updated: bool
    categories: ChangeCounts
    product_kinds: ChangeCounts
    inspection_items: ChangeCounts
    kept: tuple[KeptRow, ...]

    @property
    def changed(self) -> bool:
        """Whether the store differs in any way from before the write."""
        return (
            self.edition_created
            or self.edition_updated
            or self.categories.changed
            or self.product_kinds.changed
            or self.inspection_items.changed
        )


@dataclass(frozen=True, slots=True)
class DomainCounts:
    """How many categories, product kinds and inspection items one domain of an edition holds."""

    domain: str
    categories: int
    product_kinds: int
    inspection_items: int


@dataclass(frozen=True, slots=True)
class EditionSummary:
    """An installed edition with its size per domain (industrial, food, farm_produce)."""

    code: str
    name: str
    issued_on: dt.date | None
    source: str
    imported_at: dt.datetime
    domains: tuple[DomainCounts, ...]

    @property
    def categories(self) -> int:
        """Categories in all domains."""
        return sum(d.categories for d in self.domains)

    @property
    def product_kinds(self) -> int:
        """Product kinds in all domains."""
        return sum(d.product_kinds for d in self.domains)

    @property
    def inspection_items(self) -> int:
        """Inspection items in all domains."""
        return sum(d.inspection_items for d in self.domains)


@dataclass(frozen=True, slots=True)
class CategorySummary:
    """One category of an edition with the number of its product kinds and inspection items."""

    edition_code: str
    code: str
    name: str
    domain: str
    sort_order: int
    product_kinds: int
    inspection_items: int


@dataclass(frozen=True, slots=True)
class ProductKindSummary:
    """One product kind with its licence flags (XK, CCC, SC), sampling quantities and number of items."""

    edition_code: str
    category_code: str
    code: str
    name: str
    needs_xk: bool
    needs_ccc: bool
    needs_sc: bool
    ccc_code: str | None
    risk_level: str
    sample_quantity: int
    backup_quantity: int
    quantity_unit: str
    standards: tuple[str, ...]
    inspection_items: int


class _Counter:
    """Mutable tally behind a ``ChangeCounts``."""

    def __init__(self) -> None:
        self.added = 0
        self.updated = 0
        self.unchanged = 0
        self.removed = 0
        self.kept = 0

    def record(self, *, created: bool, changed: bool) -> None:
        if created:
            self.added += 1
        elif changed:
            self.updated += 1
        else:
            self.unchanged += 1

    def freeze(self) -> ChangeCounts:
        return ChangeCounts(self.added, self.updated, self.unchanged, self.removed, self.kept)


def _assign(row: ReferenceMixin, values: Mapping[str, Any]) -> bool:
    """Set ``values`` on ``row``; return whether any of them differed. Changed rows become local (hq_seq 0)."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    if changed:
        row.hq_seq = 0
    return changed


def _category_values(spec: CategorySpec) -> dict[str, Any]:
    return {"name": spec.name, "domain": str(spec.domain), "sort_order": spec.sort_order}


def _kind_values(spec: ProductKindSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "needs_xk": spec.needs_xk,
        "needs_ccc": spec.needs_ccc,
        "needs_sc": spec.needs_sc,
        "ccc_code": spec.ccc_code,
        "risk_level": str(spec.risk_level),
        "sample_quantity": spec.sample_quantity,
        "backup_quantity": spec.backup_quantity,
        "quantity_unit": spec.quantity_unit,
        "standards": STANDARDS_SEPARATOR.join(spec.standards),
        "main_regions": spec.main_regions,
    }


def _decimal_text(value: object) -> str | None:
    return None if value is None else str(value)


def limit_columns(limit: Limit) -> dict[str, Any]:
    """The ``inspection_items`` columns that hold ``limit`` (decimals as exact text)."""
    return {
        "limit_op": str(limit.op),
        "limit_value": _decimal_text(limit.value),
        "limit_low": _decimal_text(limit.low),
        "limit_high": _decimal_text(limit.high),
        "limit_text": limit.text,
        "unit": limit.unit or "",
    }


def _item_values(spec: InspectionItemSpec, sort_order: int) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": spec.name,
        "judging_standard": spec.judging_standard or "",
        "method_standard": spec.method_standard or "",
        "detection_limit": spec.detection_limit,
        "criticality": str(spec.criticality),
        "sort_order": sort_order,
    }
    values.update(limit_columns(spec.limit))
    return values


def _referencing_columns(table_name: str) -> list[Column[Any]]:
    """Columns outside the catalogue with a foreign key to ``table_name``."""
    columns: list[Column[Any]] = []
    for table in Base.metadata.sorted_tables:
        if table.name in _CATALOGUE_TABLES:
            continue
        for foreign_key in table.foreign_keys:
            if foreign_key.column.table.name == table_name:
                columns.append(foreign_key.parent)
    return columns


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _ID_CHUNK):
        yield ids[start : start + _ID_CHUNK]


class CatalogueRepository:
    """Catalogue reads and writes on one session; the caller owns the transaction (one per import)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # --- reads --------------------------------------------------------------------------------------------

    def has_edition(self) -> bool:
        """Whether any edition is installed (one indexed query)."""
        return self._session.execute(select(CatalogueEdition.id).limit(1)).first() is not None

    def editions(self) -> list[EditionSummary]:
        """Installed editions by code, each with its counts per domain."""
        statement = (
            select(
                CatalogueEdition.id,
                CatalogueCategory.domain,
                func.count(func.distinct(CatalogueCategory.id)),
                func.count(func.distinct(ProductKind.id)),
                func.count(InspectionItem.id),
            )
            .join(CatalogueCategory, CatalogueCategory.edition_id == CatalogueEdition.id)
            .outerjoin(ProductKind, ProductKind.category_id == CatalogueCategory.id)
            .outerjoin(InspectionItem, InspectionItem.product_kind_id == ProductKind.id)
            .group_by(CatalogueEdition.id, CatalogueCategory.domain)
        )
        per_edition: dict[int, list[DomainCounts]] = defaultdict(list)
        for edition_id, domain, categories, kinds, items in self._session.execute(statement):
            per_edition[edition_id].append(DomainCounts(domain, categories, kinds, items))
        order = {str(domain): index for index, domain in enumerate(CatalogueDomain)}
        summaries = []
        for edition in self._session.scalars(select(CatalogueEdition).order_by(CatalogueEdition.code)):
            domains = sorted(per_edition.get(edition.id, []), key=lambda d: (order.get(d.domain, len(order)), d.domain))
            summaries.append(
                EditionSummary(
                    code=edition.code,
                    name=edition.name,
                    issued_on=edition.issued_on,
                    source=edition.source,
                    imported_at=edition.imported_at,
                    domains=tuple(domains),
                )
            )
        return summaries

    def edition_exists(self, edition_code: str) -> bool:
        """Whether an edition with this code is installed."""
        statement = select(CatalogueEdition.id).where(CatalogueEdition.code == edition_code)
        return self._session.execute(statement).first() is not None

    def categories(self, edition_code: str) -> list[CategorySummary]:
        """The categories of one edition in catalogue order, with kind and item counts."""
        statement = (
            select(
                CatalogueCategory.code,
                CatalogueCategory.name,
                CatalogueCategory.domain,
                CatalogueCategory.sort_order,
                func.count(func.distinct(ProductKind.id)),
                func.count(InspectionItem.id),
            )
            .join(CatalogueEdition, CatalogueEdition.id == CatalogueCategory.edition_id)
            .outerjoin(ProductKind, ProductKind.category_id == CatalogueCategory.id)
            .outerjoin(InspectionItem, InspectionItem.product_kind_id == ProductKind.id)
            .where(CatalogueEdition.code == edition_code)
            .group_by(CatalogueCategory.id)
            .order_by(CatalogueCategory.sort_order, CatalogueCategory.code)
        )
        return [
            CategorySummary(edition_code, code, name, domain, sort_order, kinds, items)
            for code, name, domain, sort_order, kinds, items in self._session.execute(statement)
        ]

    def product_kinds(self, edition_code: str, category_code: str | None = None) -> list[ProductKindSummary]:
        """The product kinds of one edition (optionally one category) in catalogue order."""
        item_counts = (
            select(InspectionItem.product_kind_id, func.count().label("n"))
            .group_by(InspectionItem.product_kind_id)
            .subquery()
        )
        statement = (
            select(ProductKind, CatalogueCategory.code, func.coalesce(item_counts.c.n, 0))
            .join(CatalogueCategory, CatalogueCategory.id == ProductKind.category_id)
            .join(CatalogueEdition, CatalogueEdition.id == CatalogueCategory.edition_id)
            .outerjoin(item_counts, item_counts.c.product_kind_id == ProductKind.id)
            .where(CatalogueEdition.code == edition_code)
            .order_by(CatalogueCategory.sort_order, CatalogueCategory.code, ProductKind.code)
        )
        if category_code is not None:
            statement = statement.where(CatalogueCategory.code == category_code)
        return [
            ProductKindSummary(
                edition_code=edition_code,
                category_code=category_code_,
                code=kind.code,
                name=kind.name,
                needs_xk=kind.needs_xk,
                needs_ccc=kind.needs_ccc,
                needs_sc=kind.needs_sc,
                ccc_code=kind.ccc_code,
                risk_level=kind.risk_level,
                sample_quantity=kind.sample_quantity,
                backup_quantity=kind.backup_quantity,
                quantity_unit=kind.quantity_unit,
                standards=tuple(s.strip() for s in kind.standards.split(";") if s.strip()),
                inspection_items=items,
            )
            for kind, category_code_, items in self._session.execute(statement)
        ]

    # --- write --------------------------------------------------------------------------------------------

    def write(self, spec: CatalogueSpec, *, imported_at: dt.datetime) -> CatalogueWriteResult:
        """Insert or replace (in place) the edition of ``spec``; see the module docstring for the rules."""
        session = self._session
        edition = session.scalar(
            select(CatalogueEdition)
            .where(CatalogueEdition.code == spec.edition.code)
            .options(
                selectinload(CatalogueEdition.categories)
                .selectinload(CatalogueCategory.product_kinds)
                .selectinload(ProductKind.inspection_items)
            )
        )
        edition_created = edition is None
        if edition is None:
            edition = CatalogueEdition(code=spec.edition.code, imported_at=imported_at, hq_seq=0)
            session.add(edition)
        edition_updated = _assign(
            edition,
            {"name": spec.edition.name, "issued_on": spec.edition.issued_on, "source": spec.edition.source or ""},
        )
        edition_updated = edition_updated and not edition_created

        categories, kinds, items = _Counter(), _Counter(), _Counter()
        old_categories = {category.code: category for category in edition.categories}
        old_kinds = {(c.code, k.code): k for c in edition.categories for k in c.product_kinds}
        old_kinds_by_code: dict[str, list[ProductKind]] = defaultdict(list)
        for old_kind in old_kinds.values():
            old_kinds_by_code[old_kind.code].append(old_kind)
        matched_kinds: set[int] = set()  # id() of ORM objects matched by the file
        listed_categories: set[str] = set()
        stale_items: list[InspectionItem] = []

        for category_spec in spec.categories:
            listed_categories.add(category_spec.code)
            category = old_categories.get(category_spec.code)
            created = category is None
            if category is None:
                category = CatalogueCategory(code=category_spec.code, hq_seq=0)
                edition.categories.append(category)
            changed = _assign(category, _category_values(category_spec))
            categories.record(created=created, changed=changed)

            for kind_spec in category_spec.product_kinds:
                kind: ProductKind | None = old_kinds.get((category_spec.code, kind_spec.code))
                moved = False
                if kind is None:
                    # The same kind code under another category: the kind moved; keep its id.
                    candidates = [k for k in old_kinds_by_code.get(kind_spec.code, []) if id(k) not in matched_kinds]
                    if len(candidates) == 1:
                        kind = candidates[0]
                        kind.category = category
                        kind.hq_seq = 0
                        moved = True
                created = kind is None
                if kind is None:
                    kind = ProductKind(code=kind_spec.code, hq_seq=0)
                    category.product_kinds.append(kind)
                matched_kinds.add(id(kind))
                changed = _assign(kind, _kind_values(kind_spec)) or moved
                kinds.record(created=created, changed=changed)

                old_items = {item.code: item for item in kind.inspection_items}
                listed_items: set[str] = set()
                for position, item_spec in enumerate(kind_spec.inspection_items):
                    listed_items.add(item_spec.code)
                    item = old_items.get(item_spec.code)
                    created = item is None
                    if item is None:
                        item = InspectionItem(code=item_spec.code, hq_seq=0)
                        kind.inspection_items.append(item)
                    changed = _assign(item, _item_values(item_spec, position))
                    items.record(created=created, changed=changed)
                stale_items.extend(item for code, item in old_items.items() if code not in listed_items)

        session.flush()
        kept: list[KeptRow] = []
        stale_kinds = [kind for kind in old_kinds.values() if id(kind) not in matched_kinds]
        stale_categories = [c for code, c in old_categories.items() if code not in listed_categories]
        if stale_items or stale_kinds or stale_categories:
            # Hold SQLite's write lock (a no-op write) before counting references, so that no other writer
            # can add a reference between the count and the deletes that depend on it.
            session.execute(
                update(CatalogueEdition)
                .where(CatalogueEdition.id == edition.id)
                .values(hq_seq=CatalogueEdition.hq_seq)
                .execution_options(synchronize_session=False)
            )
        self._remove_items(stale_items, items, kept)
        self._remove_kinds(stale_kinds, kinds, items, kept)
        self._remove_categories(stale_categories, categories, kept)

        result = CatalogueWriteResult(
            edition_code=edition.code,
            edition_name=edition.name,
            edition_created=edition_created,
            edition_updated=edition_updated,
            categories=categories.freeze(),
            product_kinds=kinds.freeze(),
            inspection_items=items.freeze(),
            kept=tuple(kept),
        )
        if result.changed and not edition_created:
            edition.imported_at = imported_at
        session.flush()
        logger.info(
            "catalogue edition %s written: categories %s, kinds %s, items %s, kept %d",
            result.edition_code,
            result.categories,
            result.product_kinds,
            result.inspection_items,
            len(result.kept),
        )
        return result

    def _reference_counts(self, table_name: str, ids: list[int]) -> dict[int, dict[str, int]]:
        """For each id of ``table_name`` referred to from outside the catalogue: rows per referring table."""
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        if not ids:
            return counts
        for column in _referencing_columns(table_name):
            for chunk in _chunks(ids):
                statement = select(column, func.count()).where(column.in_(chunk)).group_by(column)
                for target_id, count in self._session.execute(statement):
                    table = column.table.name
                    counts[target_id][table] = counts[target_id].get(table, 0) + count
        return counts

    def _remove_items(self, stale: list[InspectionItem], counter: _Counter, kept: list[KeptRow]) -> None:
        references = self._reference_counts("inspection_items", [item.id for item in stale])
        for item in stale:
            used = references.get(item.id)
            if used:
                counter.kept += 1
                kind = item.product_kind
                kept.append(
                    KeptRow(
                        "inspection_item",
                        kind.category.code,
                        kind.code,
                        item.code,
                        item.name,
                        tuple(sorted(used.items())),
                    )
                )
            else:
                counter.removed += 1
                item.product_kind.inspection_items.remove(item)  # delete-orphan deletes the row

    def _remove_kinds(
        self, stale: list[ProductKind], counter: _Counter, item_counter: _Counter, kept: list[KeptRow]
    ) -> None:
        references = self._reference_counts("product_kinds", [kind.id for kind in stale])
        item_references = self._reference_counts(
            "inspection_items", [item.id for kind in stale for item in kind.inspection_items]
        )
        for kind in stale:
            used: dict[str, int] = dict(references.get(kind.id, {}))
            for item in kind.inspection_items:
                for table, count in item_references.get(item.id, {}).items():
                    used[table] = used.get(table, 0) + count
            if used:
                counter.kept += 1
                item_counter.kept += len(kind.inspection_items)
                kept.append(
                    KeptRow("product_kind", kind.category.code, kind.code, None, kind.name, tuple(sorted(used.items())))
                )
            else:
                counter.removed += 1
                item_counter.removed += len(kind.inspection_items)
                kind.category.product_kinds.remove(kind)  # delete-orphan deletes it and its items

    def _remove_categories(self, stale: list[CatalogueCategory], counter: _Counter, kept: list[KeptRow]) -> None:
        references = self._reference_counts("catalogue_categories", [category.id for category in stale])
        for category in stale:
            used: dict[str, int] = dict(references.get(category.id, {}))
            if category.product_kinds:
                used["product_kinds"] = len(category.product_kinds)
            if used:
                counter.kept += 1
                kept.append(KeptRow("category", category.code, None, None, category.name, tuple(sorted(used.items()))))
            else:
                counter.removed += 1
                category.edition.categories.remove(category)
