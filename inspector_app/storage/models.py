"""SQLAlchemy 2 models of the local store.

Two kinds of rows live here (DESIGN.md §3):

* **reference data** — HQ is the authority, the device only reads it; every row carries ``hq_seq``, the HQ change
  sequence it came with (0 for rows made locally, e.g. the shipped catalogue or demo data);
* **field records** — written on the device and never edited in place (scan events so far).

Dates are ``date``; instants are stored as UTC ``datetime`` plus the device's UTC offset in minutes, so the local
time the inspector saw can always be shown again. Decimal limits are kept as text to stay exact.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints keep Alembic's batch migrations on SQLite deterministic.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every local table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ReferenceMixin:
    """Columns every reference-data row carries."""

    hq_seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


# --- catalogue -------------------------------------------------------------------------------------------


class CatalogueEdition(ReferenceMixin, Base):
    """One edition of the key-product catalogue (national or local)."""

    __tablename__ = "catalogue_editions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)

    categories: Mapped[list[CatalogueCategory]] = relationship(
        back_populates="edition", cascade="all, delete-orphan", order_by="CatalogueCategory.sort_order"
    )


class CatalogueCategory(ReferenceMixin, Base):
    """A category of an edition: industrial (14), food (32) or edible farm produce (7)."""

    __tablename__ = "catalogue_categories"
    __table_args__ = (UniqueConstraint("edition_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("catalogue_editions.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str] = mapped_column(String(20))  # industrial | food | farm_produce
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    edition: Mapped[CatalogueEdition] = relationship(back_populates="categories")
    product_kinds: Mapped[list[ProductKind]] = relationship(
        back_populates="category", cascade="all, delete-orphan", order_by="ProductKind.code"
    )


class ProductKind(ReferenceMixin, Base):
    """A product kind of the catalogue with its licence needs and sampling quantities."""

    __tablename__ = "product_kinds"
    __table_args__ = (UniqueConstraint("category_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("catalogue_categories.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    needs_xk: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_ccc: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_sc: Mapped[bool] = mapped_column(Boolean, default=False)
    ccc_code: Mapped[str | None] = mapped_column(String(4))
    risk_level: Mapped[str] = mapped_column(String(10), default="medium")
    sample_quantity: Mapped[int] = mapped_column(Integer)
    backup_quantity: Mapped[int] = mapped_column(Integer)
    quantity_unit: Mapped[str] = mapped_column(String(20))
    standards: Mapped[str] = mapped_column(Text, default="")  # "; "-separated
    main_regions: Mapped[str | None] = mapped_column(Text)

    category: Mapped[CatalogueCategory] = relationship(back_populates="product_kinds")
    inspection_items: Mapped[list[InspectionItem]] = relationship(
        back_populates="product_kind", cascade="all, delete-orphan", order_by="InspectionItem.sort_order"
    )


class InspectionItem(ReferenceMixin, Base):
    """One test item of a product kind: standards, limit expression and criticality."""

    __tablename__ = "inspection_items"
    __table_args__ = (UniqueConstraint("product_kind_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_kind_id: Mapped[int] = mapped_column(ForeignKey("product_kinds.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    judging_standard: Mapped[str] = mapped_column(String(200), default="")
    method_standard: Mapped[str] = mapped_column(String(200), default="")
    limit_op: Mapped[str] = mapped_column(String(20))  # le, lt, ge, gt, range, not_detected, text, info
    limit_value: Mapped[str | None] = mapped_column(String(40))
    limit_low: Mapped[str | None] = mapped_column(String(40))
    limit_high: Mapped[str | None] = mapped_column(String(40))
    limit_text: Mapped[str | None] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40), default="")
    detection_limit: Mapped[str | None] = mapped_column(String(80))
    criticality: Mapped[str] = mapped_column(String(10), default="major")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    product_kind: Mapped[ProductKind] = relationship(back_populates="inspection_items")


# --- enterprises -----------------------------------------------------------------------------------------


class Enterprise(ReferenceMixin, Base):
    """A business known to HQ, keyed by its unified social credit code (USCC)."""

    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    size: Mapped[str] = mapped_column(String(10), default="small")  # micro | small | medium | large
    legal_representative: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    credit_class: Mapped[str] = mapped_column(String(2), default="B")  # A | B | C | D

    licences: Mapped[list[Licence]] = relationship(back_populates="enterprise", cascade="all, delete-orphan")
    blacklist_entries: Mapped[list[BlacklistEntry]] = relationship(
        back_populates="enterprise", cascade="all, delete-orphan"
    )


class Licence(ReferenceMixin, Base):
    """A licence or certificate held by an enterprise: SC, XK, CCC or JY."""

    __tablename__ = "licences"
    __table_args__ = (UniqueConstraint("type", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(4))  # SC | XK | CCC | JY
    number: Mapped[str] = mapped_column(String(40))
    scope: Mapped[str] = mapped_column(String(300), default="")
    product_kind_id: Mapped[int | None] = mapped_column(ForeignKey("product_kinds.id", ondelete="SET NULL"), index=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    # valid | suspended | revoked | cancelled | expired
    status: Mapped[str] = mapped_column(String(12), default="valid")

    enterprise: Mapped[Enterprise] = relationship(back_populates="licences")


class BlacklistEntry(ReferenceMixin, Base):
    """An enterprise on a serious-violation (blacklist) or abnormal-operation list."""

    __tablename__ = "blacklist_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    list_type: Mapped[str] = mapped_column(String(30), default="serious_violation")
    reason: Mapped[str] = mapped_column(Text)
    authority: Mapped[str] = mapped_column(String(200), default="")
    since: Mapped[dt.date] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date)

    enterprise: Mapped[Enterprise] = relationship(back_populates="blacklist_entries")


# --- trade items and alerts ------------------------------------------------------------------------------


class TradeItem(ReferenceMixin, Base):
    """A trade item by GTIN (always stored as 14 digits)."""

    __tablename__ = "trade_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    gtin: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    brand: Mapped[str] = mapped_column(String(100), default="")
    specification: Mapped[str] = mapped_column(String(100), default="")
    product_kind_id: Mapped[int | None] = mapped_column(ForeignKey("product_kinds.id", ondelete="SET NULL"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id", ondelete="SET NULL"), index=True)


class RiskAlert(ReferenceMixin, Base):
    """A risk warning or recall, and what it matches (GTIN, GTIN+batch, enterprise, product kind, region)."""

    __tablename__ = "risk_alerts"
    __table_args__ = (
        Index("ix_risk_alerts_gtin_batch", "gtin", "batch"),
        Index("ix_risk_alerts_enterprise_id", "enterprise_id"),
        Index("ix_risk_alerts_product_kind_id", "product_kind_id"),
        Index("ix_risk_alerts_region_code", "region_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(10), default="medium")  # high | medium | low
    action: Mapped[str] = mapped_column(String(12))  # recall | stop_sale | watch
    match_type: Mapped[str] = mapped_column(String(20))  # gtin | gtin_batch | enterprise | product_kind | region
    gtin: Mapped[str | None] = mapped_column(String(14))
    batch: Mapped[str | None] = mapped_column(String(40))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"))
    product_kind_id: Mapped[int | None] = mapped_column(ForeignKey("product_kinds.id", ondelete="CASCADE"))
    region_code: Mapped[str | None] = mapped_column(String(6))
    reason: Mapped[str] = mapped_column(Text, default="")
    issued_by: Mapped[str] = mapped_column(String(200), default="")
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="active")  # active | withdrawn


# --- people and work -------------------------------------------------------------------------------------


class Inspector(ReferenceMixin, Base):
    """An inspector (执法人员) known to HQ."""

    __tablename__ = "inspectors"

    id: Mapped[int] = mapped_column(primary_key=True)
    badge_number: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    unit: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20), default="inspector")  # inspector | supervisor | admin
    region_code: Mapped[str | None] = mapped_column(String(6))
    public_key: Mapped[str | None] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


task_product_kinds = Table(
    "task_product_kinds",
    Base.metadata,
    Column("task_id", ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column("product_kind_id", ForeignKey("product_kinds.id", ondelete="CASCADE"), primary_key=True),
)

task_inspectors = Table(
    "task_inspectors",
    Base.metadata,
    Column("task_id", ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column("inspector_id", ForeignKey("inspectors.id", ondelete="CASCADE"), primary_key=True),
)


class Task(ReferenceMixin, Base):
    """A spot-check task (抽查任务) assigned by HQ."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    plan: Mapped[str] = mapped_column(String(300), default="")
    task_category: Mapped[str] = mapped_column(String(20), default="supervision")  # supervision | risk_monitoring
    organiser: Mapped[str] = mapped_column(String(200), default="")
    region_code: Mapped[str | None] = mapped_column(String(6))
    quota: Mapped[int] = mapped_column(Integer, default=0)
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | closed | cancelled

    product_kinds: Mapped[list[ProductKind]] = relationship(secondary=task_product_kinds)
    inspectors: Mapped[list[Inspector]] = relationship(secondary=task_inspectors)


class Rule(ReferenceMixin, Base):
    """A time limit or other rule as data, with its legal source (DOMAIN.md §2)."""

    __tablename__ = "rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    applies_to: Mapped[str] = mapped_column(String(30), default="all")  # industrial | food | farm_produce | all
    amount: Mapped[int] = mapped_column(Integer)
    day_type: Mapped[str] = mapped_column(String(12))  # calendar_days | working_days | hours
    legal_source: Mapped[str] = mapped_column(String(300))
    confidence: Mapped[str] = mapped_column(String(1), default="B")  # A | B | C (DOMAIN.md)
    note: Mapped[str] = mapped_column(Text, default="")


# --- field records ---------------------------------------------------------------------------------------


class ScanEvent(Base):
    """One scan, kept as a traceability event (EPCIS ObjectEvent, action OBSERVE). Never edited."""

    __tablename__ = "scan_events"
    __table_args__ = (
        Index("ix_scan_events_gtin_occurred_at", "gtin", "occurred_at"),
        Index("ix_scan_events_occurred_at", "occurred_at"),
        Index("ix_scan_events_enterprise_id", "enterprise_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUIDv7
    device_id: Mapped[str] = mapped_column(String(64), default="")
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("inspectors.id", ondelete="SET NULL"))
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC, naive
    utc_offset_minutes: Mapped[int] = mapped_column(Integer, default=0)
    raw_code: Mapped[str] = mapped_column(Text)
    symbology: Mapped[str | None] = mapped_column(String(20))
    identifier_kind: Mapped[str] = mapped_column(String(20))
    identifiers_json: Mapped[str] = mapped_column(Text, default="{}")
    gtin: Mapped[str | None] = mapped_column(String(14))
    batch: Mapped[str | None] = mapped_column(String(40))
    serial: Mapped[str | None] = mapped_column(String(40))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(10))  # red | amber | green | unknown | invalid
    summary: Mapped[str] = mapped_column(String(300), default="")
    verdict_json: Mapped[str] = mapped_column(Text, default="{}")
    place_name: Mapped[str] = mapped_column(String(200), default="")
    place_type: Mapped[str] = mapped_column(String(30), default="")
    place_address: Mapped[str] = mapped_column(String(300), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    biz_step: Mapped[str] = mapped_column(String(30), default="inspecting")
    disposition: Mapped[str | None] = mapped_column(String(30))
    payload_json: Mapped[str] = mapped_column(Text)  # the canonical record that content_hash covers
    content_hash: Mapped[str] = mapped_column(String(64))


class Setting(Base):
    """Device-local settings (UI language, current place...), as text key/value pairs."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- spot-check field records ----------------------------------------------------------------------------


class FieldRecord(Base):
    """A field record of the spot-check family: written on the device, sealed, then never changed.

    ``record_type`` is one of spot_check, test_results, certificate, objection, re_inspection, follow_up,
    amendment. Records that belong to a spot check name it in ``spot_check_id``; an amendment names the record it
    corrects in ``supersedes_id``. While ``status`` is ``draft`` the payload may change; sealing sets
    ``content_hash`` (SHA-256 of the canonical payload) and ``signature`` (the device's Ed25519 signature over
    it), and database triggers refuse any later UPDATE or DELETE of the row.
    """

    __tablename__ = "field_records"
    __table_args__ = (
        Index("ix_field_records_spot_check_id", "spot_check_id"),
        Index("ix_field_records_type_created_at", "record_type", "created_at"),
        Index("ix_field_records_gtin", "gtin"),
        Index("ix_field_records_producer_uscc", "producer_uscc"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUIDv7
    record_type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft | sealed
    spot_check_id: Mapped[str | None] = mapped_column(ForeignKey("field_records.id", ondelete="RESTRICT"))
    supersedes_id: Mapped[str | None] = mapped_column(ForeignKey("field_records.id", ondelete="RESTRICT"))
    device_id: Mapped[str] = mapped_column(String(64), default="")
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("inspectors.id", ondelete="SET NULL"))
    second_inspector_id: Mapped[int | None] = mapped_column(ForeignKey("inspectors.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC
    utc_offset_minutes: Mapped[int] = mapped_column(Integer, default=0)
    sealed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # UTC
    payload_json: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    signature: Mapped[str | None] = mapped_column(String(200))  # base64 Ed25519 signature over content_hash
    signer_key_id: Mapped[str | None] = mapped_column(String(64))
    # Denormalised for lists and look-ups; the payload is the truth.
    number: Mapped[str] = mapped_column(String(40), default="")  # form or certificate number
    product_name: Mapped[str] = mapped_column(String(200), default="")
    gtin: Mapped[str | None] = mapped_column(String(14))
    batch: Mapped[str | None] = mapped_column(String(40))
    producer_uscc: Mapped[str | None] = mapped_column(String(18))
    site_name: Mapped[str] = mapped_column(String(200), default="")
    verdict: Mapped[str | None] = mapped_column(String(20))  # conforming | nonconforming | pending | failed


class Attachment(Base):
    """A content-addressed file (photo, signature, scan) kept beside the database as ``attachments/ab/<sha256>``."""

    __tablename__ = "attachments"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(60))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    original_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class RecordAttachment(Base):
    """Which record uses which attachment, in which role (signature_inspector_1, photo_seal, ...)."""

    __tablename__ = "record_attachments"

    record_id: Mapped[str] = mapped_column(ForeignKey("field_records.id", ondelete="RESTRICT"), primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("attachments.sha256", ondelete="RESTRICT"), primary_key=True)
    role: Mapped[str] = mapped_column(String(40), primary_key=True)


class OutboxEntry(Base):
    """A sealed record waiting to go to HQ; written in the same transaction that seals the record."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    record_table: Mapped[str] = mapped_column(String(30))  # field_records | scan_events
    record_id: Mapped[str] = mapped_column(String(36), unique=True)
    enqueued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")


class InspectorCredential(Base):
    """An inspector's offline login on this device: a memory-hard password hash, never the password."""

    __tablename__ = "inspector_credentials"

    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspectors.id", ondelete="CASCADE"), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)


class TrustedKey(Base):
    """A public key whose signatures this workstation accepts (its own, imported by file, or certified by HQ)."""

    __tablename__ = "trusted_keys"

    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)  # hex SHA-256 prefix of the raw key
    public_key: Mapped[str] = mapped_column(String(100))  # base64 raw Ed25519 public key
    label: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(10))  # own | file | hq
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class HolidayDay(ReferenceMixin, Base):
    """One day of the official holiday schedule: a public holiday, or a weekend day worked in exchange (调休)."""

    __tablename__ = "holiday_days"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # holiday | workday
    name: Mapped[str] = mapped_column(String(60), default="")


class HolidayYear(ReferenceMixin, Base):
    """A year whose official schedule is known; working-day deadlines in other years say they cannot be computed."""

    __tablename__ = "holiday_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(200), default="")
