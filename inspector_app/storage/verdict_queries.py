"""The few indexed lookups behind a verdict card.

Every query here is a point or small range lookup on an index (GTIN, enterprise id, product kind id), with
Core ``select`` of plain columns rather than ORM entities: a scan must come back in a few milliseconds on a store
of a million trade items.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, and_, bindparam, or_, select
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


_KIND = (
    select(
        ProductKind.id,
        ProductKind.code,
        ProductKind.name,
        CatalogueCategory.name,
        CatalogueCategory.domain,
        ProductKind.needs_xk,
        ProductKind.needs_ccc,
        ProductKind.needs_sc,
    )
    .join(CatalogueCategory, ProductKind.category_id == CatalogueCategory.id)
    .where(ProductKind.id == bindparam("kind_id"))
)
_ENTERPRISE = select(
    Enterprise.id,
    Enterprise.uscc,
    Enterprise.name,
    Enterprise.region_code,
    Enterprise.credit_class,
    Enterprise.address,
).where(Enterprise.id == bindparam("enterprise_id"))
_ENTERPRISE_BY_USCC = select(Enterprise.id).where(Enterprise.uscc == bindparam("uscc"))
_TRADE_ITEM = select(
    TradeItem.gtin,
    TradeItem.name,
    TradeItem.brand,
    TradeItem.specification,
    TradeItem.product_kind_id,
    TradeItem.enterprise_id,
).where(TradeItem.gtin == bindparam("gtin"))
_LICENCE_HOLDER = select(Licence.enterprise_id, Licence.product_kind_id).where(
    Licence.type == bindparam("type"), Licence.number == bindparam("number")
)
_LICENCES = select(
    Licence.type,
    Licence.number,
    Licence.status,
    Licence.valid_from,
    Licence.valid_to,
    Licence.product_kind_id,
    Licence.scope,
).where(Licence.enterprise_id == bindparam("enterprise_id"))
_BLACKLIST = select(
    BlacklistEntry.list_type,
    BlacklistEntry.reason,
    BlacklistEntry.since,
    BlacklistEntry.until,
    BlacklistEntry.authority,
).where(BlacklistEntry.enterprise_id == bindparam("enterprise_id"))
_ALERT_COLUMNS = (
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
# Each branch of the OR is an indexed lookup (SQLite's multi-index OR); a NULL parameter matches nothing.
_ALERTS = select(*_ALERT_COLUMNS).where(
    or_(
        RiskAlert.gtin == bindparam("gtin"),
        RiskAlert.enterprise_id == bindparam("enterprise_id"),
        RiskAlert.product_kind_id == bindparam("kind_id"),
        and_(RiskAlert.region_code == bindparam("region_code"), RiskAlert.match_type == "region"),
    ),
    RiskAlert.status == "active",
    RiskAlert.valid_from <= bindparam("today"),
    or_(RiskAlert.valid_until.is_(None), RiskAlert.valid_until >= bindparam("today")),
)
_HISTORY = (
    select(ScanEvent.occurred_at, ScanEvent.outcome, ScanEvent.place_name, ScanEvent.batch)
    .where(ScanEvent.gtin == bindparam("gtin"))
    .order_by(ScanEvent.occurred_at.desc())
    .limit(HISTORY_LIMIT)
)


def _kind_fact(connection: Connection, kind_id: int | None) -> ProductKindFact | None:
    if kind_id is None:
        return None
    row = connection.execute(_KIND, {"kind_id": kind_id}).one_or_none()
    return ProductKindFact(*row) if row else None


def _enterprise_fact(connection: Connection, enterprise_id: int | None) -> EnterpriseFact | None:
    if enterprise_id is None:
        return None
    row = connection.execute(_ENTERPRISE, {"enterprise_id": enterprise_id}).one_or_none()
    return EnterpriseFact(*row) if row else None


def _alerts(
    connection: Connection,
    today: dt.date,
    gtin: str | None,
    enterprise: EnterpriseFact | None,
    kind: ProductKindFact | None,
) -> tuple[AlertFact, ...]:
    if not gtin and enterprise is None and kind is None:
        return ()
    rows = connection.execute(
        _ALERTS,
        {
            "today": today,
            "gtin": gtin,
            "enterprise_id": enterprise.id if enterprise else None,
            "kind_id": kind.id if kind else None,
            "region_code": enterprise.region_code if enterprise and enterprise.region_code else None,
        },
    ).all()
    # The same alert can match by several columns (e.g. GTIN and maker); show it once.
    unique = {row[0]: AlertFact(*row) for row in rows}
    return tuple(unique.values())


def _history(connection: Connection, gtin: str) -> tuple[HistoryFact, ...]:
    return tuple(
        HistoryFact(occurred_at=row[0], kind="scan", outcome=row[1], place_name=row[2], batch=row[3])
        for row in connection.execute(_HISTORY, {"gtin": gtin})
    )


def load_verdict_facts(session: Session, code: ScannedCode, today: dt.date) -> VerdictFacts:
    """Gather what the store knows about ``code``: item, kind, maker, licences, lists, alerts, history."""
    connection = session.connection()
    trade_item: TradeItemFact | None = None
    kind: ProductKindFact | None = None
    enterprise: EnterpriseFact | None = None
    looked_up = "none"
    if code.gtin:
        looked_up = "gtin"
        row = connection.execute(_TRADE_ITEM, {"gtin": code.gtin}).one_or_none()
        if row is not None:
            trade_item = TradeItemFact(row[0], row[1], row[2], row[3])
            kind = _kind_fact(connection, row[4])
            enterprise = _enterprise_fact(connection, row[5])
    elif code.uscc:
        looked_up = "enterprise"
        enterprise_id = connection.execute(_ENTERPRISE_BY_USCC, {"uscc": code.uscc}).scalar()
        enterprise = _enterprise_fact(connection, enterprise_id)
    elif code.licence_number and code.licence_type:
        looked_up = "licence"
        holder = connection.execute(_LICENCE_HOLDER, {"type": code.licence_type, "number": code.licence_number}).first()
        if holder is not None:
            enterprise = _enterprise_fact(connection, holder[0])
            kind = _kind_fact(connection, holder[1])
        else:
            looked_up = "none"

    licences: tuple[LicenceFact, ...] = ()
    blacklist: tuple[BlacklistFact, ...] = ()
    if enterprise is not None:
        params = {"enterprise_id": enterprise.id}
        licences = tuple(LicenceFact(*row) for row in connection.execute(_LICENCES, params))
        blacklist = tuple(BlacklistFact(*row) for row in connection.execute(_BLACKLIST, params))
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
        alerts=_alerts(connection, today, code.gtin, enterprise, kind),
        history=_history(connection, code.gtin) if code.gtin else (),
        looked_up=looked_up,
    )
