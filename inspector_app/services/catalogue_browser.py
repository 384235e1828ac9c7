"""Read side of the catalogue for browsing: editions, categories, product kinds and their inspection items.

Everything is returned as frozen dataclasses; the caller never sees a session or an ORM object, so the results can
cross threads freely (the GUI runs these queries off its own thread).
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from inspector_app.domain.errors import NotFoundError
from inspector_app.storage.database import Database
from inspector_app.storage.models import CatalogueCategory, CatalogueEdition, InspectionItem, ProductKind

logger = logging.getLogger(__name__)

#: How many product kinds one call returns at most unless told otherwise: enough for any screen, small enough that
#: a one-letter search over a large local catalogue stays instant.
DEFAULT_KIND_LIMIT = 500

#: Product domains in the order the catalogue presents them.
DOMAIN_ORDER = ("industrial", "food", "farm_produce")

_LIKE_ESCAPE = "\\"


@dataclass(frozen=True, slots=True)
class EditionRow:
    """One installed catalogue edition with its size."""

    code: str
    name: str
    issued_on: dt.date | None
    category_count: int
    kind_count: int


@dataclass(frozen=True, slots=True)
class CategoryRow:
    """A catalogue category and how many product kinds it holds."""

    id: int
    edition_code: str
    code: str
    name: str
    domain: str
    sort_order: int
    kind_count: int


@dataclass(frozen=True, slots=True)
class ProductKindRow:
    """A product kind as the catalogue browser shows it."""

    id: int
    category_id: int
    category_code: str
    category_name: str
    domain: str
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
    main_regions: str | None
    item_count: int


@dataclass(frozen=True, slots=True)
class InspectionItemRow:
    """One inspection item of a product kind; the limit is kept as stored (operator and decimal strings)."""

    id: int
    code: str
    name: str
    judging_standard: str
    method_standard: str
    limit_op: str
    limit_value: str | None
    limit_low: str | None
    limit_high: str | None
    limit_text: str | None
    unit: str
    detection_limit: str | None
    criticality: str


def normalise_search(text: str) -> list[str]:
    """The search terms in ``text``: NFKC-normalised (full-width → ASCII), lower-cased, split on whitespace."""
    return unicodedata.normalize("NFKC", text).casefold().split()


def split_standards(text: str) -> tuple[str, ...]:
    """The standards column (``"; "``-separated) as a tuple without empty entries."""
    return tuple(part.strip() for part in text.replace("；", ";").split(";") if part.strip())


def _like_pattern(term: str) -> str:
    escaped = term.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2).replace("%", _LIKE_ESCAPE + "%")
    escaped = escaped.replace("_", _LIKE_ESCAPE + "_")
    return f"%{escaped}%"


class CatalogueBrowser:
    """Queries for the catalogue page. Each call opens its own short session."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def editions(self) -> list[EditionRow]:
        """Installed editions, newest issue first."""
        return self._database.run(self._editions)

    def categories(self, edition_code: str | None = None) -> list[CategoryRow]:
        """Categories of one edition (or of all when ``edition_code`` is ``None``), in catalogue order."""
        return self._database.run(lambda session: self._categories(session, edition_code))

    def product_kinds(
        self,
        category_id: int | None = None,
        search: str = "",
        *,
        edition_code: str | None = None,
        domain: str | None = None,
        limit: int = DEFAULT_KIND_LIMIT,
    ) -> list[ProductKindRow]:
        """Product kinds, filtered and searched, at most ``limit`` of them, in catalogue order.

        Every whitespace-separated term of ``search`` must match (case-insensitively, full-width letters
        counting as their ASCII forms) the kind's name or code, its CCC code, its category's name, one of its
        standards, or the name of one of its inspection items.
        """
        if limit < 1:
            raise ValueError(f"limit must be positive, got {limit}")
        terms = normalise_search(search)
        return self._database.run(
            lambda session: self._product_kinds(
                session, category_id=category_id, terms=terms, edition_code=edition_code, domain=domain, limit=limit
            )
        )

    def inspection_items(self, kind_id: int) -> list[InspectionItemRow]:
        """The inspection items of one product kind, in catalogue order.

        Raises ``NotFoundError`` when the product kind does not exist (e.g. removed by a catalogue update).
        """
        return self._database.run(lambda session: self._inspection_items(session, kind_id))

    # --- queries -----------------------------------------------------------------------------------------

    @staticmethod
    def _editions(session: Session) -> list[EditionRow]:
        category_counts = (
            select(CatalogueCategory.edition_id, func.count().label("n"))
            .group_by(CatalogueCategory.edition_id)
            .subquery()
        )
        kind_counts = (
            select(CatalogueCategory.edition_id, func.count(ProductKind.id).label("n"))
            .join(ProductKind, ProductKind.category_id == CatalogueCategory.id)
            .group_by(CatalogueCategory.edition_id)
            .subquery()
        )
        statement = (
            select(
                CatalogueEdition.code,
                CatalogueEdition.name,
                CatalogueEdition.issued_on,
                func.coalesce(category_counts.c.n, 0),
                func.coalesce(kind_counts.c.n, 0),
            )
            .outerjoin(category_counts, category_counts.c.edition_id == CatalogueEdition.id)
            .outerjoin(kind_counts, kind_counts.c.edition_id == CatalogueEdition.id)
            .order_by(CatalogueEdition.issued_on.desc().nulls_last(), CatalogueEdition.code)
        )
        return [
            EditionRow(code=code, name=name, issued_on=issued_on, category_count=categories, kind_count=kinds)
            for code, name, issued_on, categories, kinds in session.execute(statement)
        ]

    @staticmethod
    def _categories(session: Session, edition_code: str | None) -> list[CategoryRow]:
        kind_counts = (
            select(ProductKind.category_id, func.count().label("n")).group_by(ProductKind.category_id).subquery()
        )
        statement = (
            select(CatalogueCategory, CatalogueEdition.code, func.coalesce(kind_counts.c.n, 0))
            .join(CatalogueEdition, CatalogueEdition.id == CatalogueCategory.edition_id)
            .outerjoin(kind_counts, kind_counts.c.category_id == CatalogueCategory.id)
            .order_by(CatalogueEdition.code, CatalogueCategory.sort_order, CatalogueCategory.code)
        )
        if edition_code is not None:
            statement = statement.where(CatalogueEdition.code == edition_code)
        return [
            CategoryRow(
                id=category.id,
                edition_code=code,
                code=category.code,
                name=category.name,
                domain=category.domain,
                sort_order=category.sort_order,
                kind_count=count,
            )
            for category, code, count in session.execute(statement)
        ]

    @staticmethod
    def _product_kinds(
        session: Session,
        *,
        category_id: int | None,
        terms: list[str],
        edition_code: str | None,
        domain: str | None,
        limit: int,
    ) -> list[ProductKindRow]:
        item_counts = (
            select(InspectionItem.product_kind_id, func.count().label("n"))
            .group_by(InspectionItem.product_kind_id)
            .subquery()
        )
        statement = (
            select(ProductKind, CatalogueCategory, func.coalesce(item_counts.c.n, 0))
            .join(CatalogueCategory, CatalogueCategory.id == ProductKind.category_id)
            .join(CatalogueEdition, CatalogueEdition.id == CatalogueCategory.edition_id)
            .outerjoin(item_counts, item_counts.c.product_kind_id == ProductKind.id)
        )
        if category_id is not None:
            statement = statement.where(ProductKind.category_id == category_id)
        if edition_code is not None:
            statement = statement.where(CatalogueEdition.code == edition_code)
        if domain is not None:
            statement = statement.where(CatalogueCategory.domain == domain)
        for term in terms:
            pattern = _like_pattern(term)
            item_matches = exists().where(
                and_(
                    InspectionItem.product_kind_id == ProductKind.id,
                    func.lower(InspectionItem.name).like(pattern, escape=_LIKE_ESCAPE),
                )
            )
            statement = statement.where(
                or_(
                    func.lower(ProductKind.name).like(pattern, escape=_LIKE_ESCAPE),
                    func.lower(ProductKind.code).like(pattern, escape=_LIKE_ESCAPE),
                    func.lower(func.coalesce(ProductKind.ccc_code, "")).like(pattern, escape=_LIKE_ESCAPE),
                    func.lower(ProductKind.standards).like(pattern, escape=_LIKE_ESCAPE),
                    func.lower(CatalogueCategory.name).like(pattern, escape=_LIKE_ESCAPE),
                    item_matches,
                )
            )
        statement = statement.order_by(
            CatalogueEdition.code, CatalogueCategory.sort_order, CatalogueCategory.code, ProductKind.code
        ).limit(limit)
        rows = [
            ProductKindRow(
                id=kind.id,
                category_id=category.id,
                category_code=category.code,
                category_name=category.name,
                domain=category.domain,
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
                standards=split_standards(kind.standards),
                main_regions=kind.main_regions,
                item_count=count,
            )
            for kind, category, count in session.execute(statement)
        ]
        logger.debug("product kinds: category=%s terms=%s -> %d rows", category_id, terms, len(rows))
        return rows

    @staticmethod
    def _inspection_items(session: Session, kind_id: int) -> list[InspectionItemRow]:
        if session.get(ProductKind, kind_id) is None:
            raise NotFoundError(
                f"产品种类不存在（编号 {kind_id}），目录可能已更新。",
                f"Product kind {kind_id} does not exist; the catalogue may have been updated.",
            )
        statement = (
            select(InspectionItem)
            .where(InspectionItem.product_kind_id == kind_id)
            .order_by(InspectionItem.sort_order, InspectionItem.code)
        )
        return [
            InspectionItemRow(
                id=item.id,
                code=item.code,
                name=item.name,
                judging_standard=item.judging_standard,
                method_standard=item.method_standard,
                limit_op=item.limit_op,
                limit_value=item.limit_value,
                limit_low=item.limit_low,
                limit_high=item.limit_high,
                limit_text=item.limit_text,
                unit=item.unit,
                detection_limit=item.detection_limit,
                criticality=item.criticality,
            )
            for item in session.scalars(statement)
        ]
