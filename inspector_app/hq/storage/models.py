"""SQLAlchemy 2 models of the HQ store (its own ``MetaData``, separate from the workstation's).

Four groups of tables:

* **people and devices** — ``inspectors`` (also reference data), ``devices`` (an enrolled key, its token hash and
  revocation), ``enrollment_codes`` (one-time, stored as SHA-256), ``hq_keys`` (HQ's public key, row ``id = 1``);
* **records up** — ``received_records`` (one row per record id, never overwritten), ``record_attachments``,
  ``attachments`` + ``attachment_chunks`` (the bytes, in the database so that any HQ process can resume any
  upload), ``conflicts`` (other versions of a known id, kept for review), ``record_batches`` (the signed
  manifest of each batch whose records carry no signature of their own);
* **reference data down** — one table per wire table of ``sync.protocol.ReferenceTable``, each row with its
  natural key ``ref_key``, the ``seq`` of its latest change, its wire form ``row_json`` and typed columns for
  queries; and ``reference_changes``, the change log with its database-generated ``seq``.

Instants are naive UTC ``DateTime`` (the same on SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite gives a 64-bit rowid only to a column declared exactly INTEGER PRIMARY KEY; PostgreSQL wants BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class HqBase(DeclarativeBase):
    """Declarative base of every HQ table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# --- HQ, people, devices ---------------------------------------------------------------------------------


class HqKey(HqBase):
    """HQ's signing key, public half only (the private key stays in the HQ data dir). Row 1 is the one in use."""

    __tablename__ = "hq_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    public_key: Mapped[str] = mapped_column(String(100))  # base64 raw Ed25519
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ReferenceRowMixin:
    """What every reference row carries: its natural key, its latest change and its wire form."""

    ref_key: Mapped[str] = mapped_column(String(200), unique=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    row_json: Mapped[str] = mapped_column(Text)


class HqInspector(ReferenceRowMixin, HqBase):
    """An inspector (reference data, key ``badge_number``); enrollment codes are issued for one."""

    __tablename__ = "inspectors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    badge_number: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    unit: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20), default="inspector")
    region_code: Mapped[str | None] = mapped_column(String(6))
    public_key: Mapped[str | None] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Device(HqBase):
    """An enrolled workstation: its key (``id`` is the key id), the hash of its token, and revocation."""

    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    public_key: Mapped[str] = mapped_column(String(100))  # base64 raw Ed25519
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("inspectors.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 hex of the token
    enrolled_at: Mapped[dt.datetime] = mapped_column(DateTime)
    certificate_signature: Mapped[str] = mapped_column(String(100))  # base64, over the certificate message
    certified_at: Mapped[str] = mapped_column(String(20))  # the enrolled-at text the certificate signs
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class EnrollmentCode(HqBase):
    """A one-time enrollment code, kept only as its SHA-256."""

    __tablename__ = "enrollment_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspectors.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    used_by_device: Mapped[str | None] = mapped_column(String(32))


# --- records up ------------------------------------------------------------------------------------------


class ReceivedRecord(HqBase):
    """A field record as received: stored once under its id, never overwritten. ``complete`` when every
    attachment it names is complete at HQ."""

    __tablename__ = "received_records"
    __table_args__ = (
        Index("ix_received_records_device_id", "device_id"),
        Index("ix_received_records_received_at", "received_at"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(32))
    type: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    # The record's own signature, or (with batch_sha256) the signature of the batch manifest that covers it.
    signature: Mapped[str] = mapped_column(String(200))
    signer_key_id: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(10), default="network")  # network | bundle
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    batch_sha256: Mapped[str | None] = mapped_column(String(64))


class RecordBatchManifest(HqBase):
    """A batch manifest as the device signed it (``sync.protocol.record_batch_signing_message``): the proof that
    the records naming it in ``batch_sha256`` came from the device, kept as long as they are."""

    __tablename__ = "record_batches"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(32))
    manifest: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)


class RecordAttachmentLink(HqBase):
    """Which received record names which attachment."""

    __tablename__ = "record_attachments"
    __table_args__ = (Index("ix_record_attachments_sha256", "sha256"),)

    record_id: Mapped[str] = mapped_column(ForeignKey("received_records.id", ondelete="CASCADE"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)


class HqAttachment(HqBase):
    """An attachment by content hash: its announced size, how many bytes arrived, and whether it is complete."""

    __tablename__ = "attachments"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int | None] = mapped_column(BigInteger)
    bytes_received: Mapped[int] = mapped_column(BigInteger, default=0)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AttachmentChunk(HqBase):
    """A piece of an attachment's bytes, at its offset in the file."""

    __tablename__ = "attachment_chunks"

    sha256: Mapped[str] = mapped_column(ForeignKey("attachments.sha256", ondelete="CASCADE"), primary_key=True)
    offset: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Conflict(HqBase):
    """Another version of a record id HQ already holds: kept for review, never applied."""

    __tablename__ = "conflicts"
    __table_args__ = (UniqueConstraint("record_id", "content_hash"),)

    id: Mapped[int] = mapped_column(BigId, Identity(), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(64), index=True)
    device_id: Mapped[str] = mapped_column(String(32))
    type: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(200))
    signer_key_id: Mapped[str] = mapped_column(String(32))
    stored_hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(10), default="network")
    batch_sha256: Mapped[str | None] = mapped_column(String(64))
    # Set by an operator who has looked at the conflict (``inspector-hq conflicts resolve``); the stored record is
    # never changed by it.
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    review_note: Mapped[str | None] = mapped_column(Text)


# --- reference data down ---------------------------------------------------------------------------------


class ReferenceChangeRow(HqBase):
    """The change log: one row per change, ``seq`` given by the database. The log keeps only the latest change
    of each (table, key): writing a row again removes its earlier change, so a fresh device pulls each row once."""

    __tablename__ = "reference_changes"
    __table_args__ = (
        Index("ix_reference_changes_table_key", "table_name", "ref_key"),
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(BigId, Identity(), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    ref_key: Mapped[str] = mapped_column(String(200))
    op: Mapped[str] = mapped_column(String(10))  # upsert | delete
    row_json: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)


class HqCatalogueEdition(ReferenceRowMixin, HqBase):
    """A catalogue edition; ``row_json`` is the whole catalogue document."""

    __tablename__ = "catalogue_editions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))


class HqEnterprise(ReferenceRowMixin, HqBase):
    """An enterprise by USCC."""

    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uscc: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    region_code: Mapped[str] = mapped_column(String(6))
    size: Mapped[str] = mapped_column(String(10))
    legal_representative: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    credit_class: Mapped[str] = mapped_column(String(2))


class HqLicence(ReferenceRowMixin, HqBase):
    """A licence by type and number."""

    __tablename__ = "licences"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    type: Mapped[str] = mapped_column(String(4))
    number: Mapped[str] = mapped_column(String(40))
    enterprise_uscc: Mapped[str] = mapped_column(String(18), index=True)
    scope: Mapped[str] = mapped_column(String(300), default="")
    product_kind_code: Mapped[str | None] = mapped_column(String(64))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))


class HqBlacklistEntry(ReferenceRowMixin, HqBase):
    """A blacklist entry by enterprise, list type and start date."""

    __tablename__ = "blacklist_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    enterprise_uscc: Mapped[str] = mapped_column(String(18), index=True)
    list_type: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text)
    authority: Mapped[str] = mapped_column(String(200), default="")
    since: Mapped[dt.date] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date)


class HqTradeItem(ReferenceRowMixin, HqBase):
    """A trade item by GTIN."""

    __tablename__ = "trade_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    gtin: Mapped[str] = mapped_column(String(14))
    name: Mapped[str] = mapped_column(String(200))
    brand: Mapped[str] = mapped_column(String(100), default="")
    specification: Mapped[str] = mapped_column(String(100), default="")
    product_kind_code: Mapped[str | None] = mapped_column(String(64))
    enterprise_uscc: Mapped[str | None] = mapped_column(String(18))


class HqRiskAlert(ReferenceRowMixin, HqBase):
    """A risk alert or recall by code."""

    __tablename__ = "risk_alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(10))
    action: Mapped[str] = mapped_column(String(12))
    match_type: Mapped[str] = mapped_column(String(20))
    gtin: Mapped[str | None] = mapped_column(String(14))
    batch: Mapped[str | None] = mapped_column(String(40))
    enterprise_uscc: Mapped[str | None] = mapped_column(String(18))
    product_kind_code: Mapped[str | None] = mapped_column(String(64))
    region_code: Mapped[str | None] = mapped_column(String(6))
    reason: Mapped[str] = mapped_column(Text, default="")
    issued_by: Mapped[str] = mapped_column(String(200), default="")
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))


class HqTask(ReferenceRowMixin, HqBase):
    """A spot-check task by code; product kinds and inspectors as JSON lists of codes and badge numbers."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    plan: Mapped[str] = mapped_column(String(300), default="")
    task_category: Mapped[str] = mapped_column(String(20))
    organiser: Mapped[str] = mapped_column(String(200), default="")
    region_code: Mapped[str | None] = mapped_column(String(6))
    quota: Mapped[int] = mapped_column(Integer, default=0)
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))
    product_kind_codes: Mapped[str] = mapped_column(Text, default="[]")
    inspector_badges: Mapped[str] = mapped_column(Text, default="[]")


class HqRule(ReferenceRowMixin, HqBase):
    """A rule as data by code."""

    __tablename__ = "rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    applies_to: Mapped[str] = mapped_column(String(30))
    amount: Mapped[int] = mapped_column(Integer)
    day_type: Mapped[str] = mapped_column(String(12))
    legal_source: Mapped[str] = mapped_column(String(300))
    confidence: Mapped[str] = mapped_column(String(1))
    note: Mapped[str] = mapped_column(Text, default="")


class HqHolidayDay(ReferenceRowMixin, HqBase):
    """A day of the official holiday schedule."""

    __tablename__ = "holiday_days"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(60), default="")


class HqHolidayYear(ReferenceRowMixin, HqBase):
    """A year whose holiday schedule is complete."""

    __tablename__ = "holiday_years"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(200), default="")
