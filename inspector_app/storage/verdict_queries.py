"""The few indexed lookups behind a verdict card.

Every query here is a point or small range lookup on an index (GTIN, enterprise id, product kind id), with
Core ``select`` of plain columns rather than ORM entities: a scan must come back in a few milliseconds on a store
of a million trade items.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from inspector_app.domain.verdict import (
    AlertFact,
    BlacklistFact,
    EnterpriseFact,
    HistoryFact,
    LicenceFact,
    ProductKindFact,
    TradeItemFact,
    VerdictFacts,
)
from inspector_app.storage.models import (
    BlacklistEntry,
    CatalogueCategory,
    Enterprise,
    Licence,
    ProductKind,
    RiskAlert,
    ScanEvent,
    TradeItem,
)

HISTORY_LIMIT = 20


@dataclass(frozen=True, slots=True)
class ScannedCode:
    """What the identifier parser found in the code that bears on the lookups."""

    gtin: str | None = None
    batch: str | None = None
    expiry_date: dt.date | None = None
    best_before_date: dt.date | None = None
    uscc: str | None = None
    licence_type: str | None = None  # SC | XK | CCC
    licence_number: str | None = None


_KIND_COLUMNS = (
    ProductKind.id,
    ProductKind.code,
    ProductKind.name,
    CatalogueCategory.name,
    CatalogueCategory.domain,
    ProductKind.needs_xk,
    ProductKind.needs_ccc,
    ProductKind.needs_sc,
)


def _kind_fact(session: Session, kind_id: int | None) -> ProductKindFact | None:
    if kind_id is None:
        return None
    row = session.execute(
        select(*_KIND_COLUMNS)
        .join(CatalogueCategory, ProductKind.category_id == CatalogueCategory.id)
        .where(ProductKind.id == kind_id)
    ).one_or_none()
    return ProductKindFact(*row) if row else None


def _enterprise_fact(session: Session, enterprise_id: int | None) -> EnterpriseFact | None:
    if enterprise_id is None:
        return None
    row = session.execute(
        select(
            Enterprise.id,
            Enterprise.uscc,
            Enterprise.name,
            Enterprise.region_code,
            Enterprise.credit_class,
            Enterprise.address,
        ).where(Enterprise.id == enterprise_id)
    ).one_or_none()
    return EnterpriseFact(*row) if row else None


def _licences(session: Session, enterprise_id: int) -> tuple[LicenceFact, ...]:
    rows = session.execute(
        select(
            Licence.type,
            Licence.number,
            Licence.status,
            Licence.valid_from,
            Licence.valid_to,
            Licence.product_kind_id,
            Licence.scope,
        ).where(Licence.enterprise_id == enterprise_id)
    ).all()
    return tuple(LicenceFact(*row) for row in rows)


def _blacklist(session: Session, enterprise_id: int) -> tuple[BlacklistFact, ...]:
    rows = session.execute(
        select(
            BlacklistEntry.list_type,
            BlacklistEntry.reason,
            BlacklistEntry.since,
            BlacklistEntry.until,
            BlacklistEntry.authority,
        ).where(BlacklistEntry.enterprise_id == enterprise_id)
    ).all()
    return tuple(BlacklistFact(*row) for row in rows)


def _alerts(
    session: Session,
    gtin: str | None,
    enterprise: EnterpriseFact | None,
    kind: ProductKindFact | None,
) -> tuple[AlertFact, ...]:
    conditions = []
    if gtin:
        conditions.append(RiskAlert.gtin == gtin)
    if enterprise is not None:
        conditions.append(RiskAlert.enterprise_id == enterprise.id)
    if kind is not None:
        conditions.append(RiskAlert.product_kind_id == kind.id)
    if not conditions:
        return ()
    rows = session.execute(
        select(
            RiskAlert.code,
            RiskAlert.title,
            RiskAlert.level,
            RiskAlert.action,
            RiskAlert.match_type,
            RiskAlert.batch,
            RiskAlert.valid_from,
            RiskAlert.valid_until,
            RiskAlert.status,
            RiskAlert.reason,
            RiskAlert.issued_by,
        )
        .where(or_(*conditions))
        .where(RiskAlert.status == "active")
    ).all()
    facts = [AlertFact(*row) for row in rows]
    # An alert on the maker's region applies too; there are few of them, so they are read by region code.
    if enterprise is not None and enterprise.region_code:
        region_rows = session.execute(
            select(
                RiskAlert.code,
                RiskAlert.title,
                RiskAlert.level,
                RiskAlert.action,
                RiskAlert.match_type,
                RiskAlert.batch,
                RiskAlert.valid_from,
                RiskAlert.valid_until,
                RiskAlert.status,
                RiskAlert.reason,
                RiskAlert.issued_by,
            ).where(
                RiskAlert.match_type == "region",
                RiskAlert.region_code == enterprise.region_code,
                RiskAlert.status == "active",
            )
        ).all()
        facts.extend(AlertFact(*row) for row in region_rows)
    # The same alert can match by several columns (e.g. GTIN and maker); show it once.
    unique = {fact.code: fact for fact in facts}
    return tuple(unique.values())


def _history(session: Session, gtin: str) -> tuple[HistoryFact, ...]:
    rows = session.execute(
        select(ScanEvent.occurred_at, ScanEvent.outcome, ScanEvent.place_name, ScanEvent.batch)
        .where(ScanEvent.gtin == gtin)
        .order_by(ScanEvent.occurred_at.desc())
        .limit(HISTORY_LIMIT)
    ).all()
    return tuple(
        HistoryFact(occurred_at=row[0], kind="scan", outcome=row[1], place_name=row[2], batch=row[3]) for row in rows
    )


def load_verdict_facts(session: Session, code: ScannedCode, today: dt.date) -> VerdictFacts:
    """Gather what the store knows about ``code``: item, kind, maker, licences, lists, alerts, history."""
    trade_item: TradeItemFact | None = None
    kind: ProductKindFact | None = None
    enterprise: EnterpriseFact | None = None
    looked_up = "none"
    if code.gtin:
        looked_up = "gtin"
        row = session.execute(
            select(
                TradeItem.gtin,
                TradeItem.name,
                TradeItem.brand,
                TradeItem.specification,
                TradeItem.product_kind_id,
                TradeItem.enterprise_id,
            ).where(TradeItem.gtin == code.gtin)
        ).one_or_none()
        if row is not None:
            trade_item = TradeItemFact(row[0], row[1], row[2], row[3])
            kind = _kind_fact(session, row[4])
            enterprise = _enterprise_fact(session, row[5])
    elif code.uscc:
        looked_up = "enterprise"
        enterprise_id = session.execute(select(Enterprise.id).where(Enterprise.uscc == code.uscc)).scalar()
        enterprise = _enterprise_fact(session, enterprise_id)
    elif code.licence_number and code.licence_type:
        looked_up = "licence"
        holder = session.execute(
            select(Licence.enterprise_id, Licence.product_kind_id).where(
                Licence.type == code.licence_type, Licence.number == code.licence_number
            )
        ).first()
        if holder is not None:
            enterprise = _enterprise_fact(session, holder[0])
            kind = _kind_fact(session, holder[1])
        else:
            looked_up = "none"

    licences: tuple[LicenceFact, ...] = ()
    blacklist: tuple[BlacklistFact, ...] = ()
    if enterprise is not None:
        licences = _licences(session, enterprise.id)
        blacklist = _blacklist(session, enterprise.id)
    return VerdictFacts(
        today=today,
        gtin=code.gtin,
        batch=code.batch,
        expiry_date=code.expiry_date,
        best_before_date=code.best_before_date,
        trade_item=trade_item,
        product_kind=kind,
        enterprise=enterprise,
        licences=licences,
        blacklist=blacklist,
        alerts=_alerts(session, code.gtin, enterprise, kind),
        history=_history(session, code.gtin) if code.gtin else (),
        looked_up=looked_up,
    )
