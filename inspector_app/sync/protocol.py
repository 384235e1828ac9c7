"""Sync protocol version 2: the wire models shared by the workstation (``sync/client.py``) and HQ (``hq/``).

Everything on the wire is JSON (UTF-8) except attachment bodies, which are raw bytes. Times are ISO 8601 in UTC.
Every model here is pydantic v2; request models refuse unknown fields (HQ answers 422), response models ignore
them (HQ may add a response field without breaking older clients; a new request field or a change of meaning is a
new version).

Versioning
----------
Every ``/v1/...`` request (except the public ``POST /v1/certificates/verify``) carries the header
``X-Inspector-Protocol: 2`` (:data:`PROTOCOL_HEADER`, :data:`PROTOCOL_VERSION`); every HQ response carries HQ's own
version in the same header. ``/v1`` in the paths names the API's shape, the header the protocol's version. Version 2
added the batch signature (``RecordBatch.batch_signature``); HQ still serves version 1 workstations, which sign
every record; a version 2 workstation meeting a version 1 HQ is told that HQ needs updating (``hq_too_old``) before
it sends a field that HQ would refuse.

The version is checked before the token and before the body. A request without the header, or with a version
below :data:`MIN_PROTOCOL_VERSION`, gets **426 Upgrade Required** with an :class:`UpdateRequiredBody` (code
``update_required``) and HQ does nothing else with it — nothing is stored, so nothing is lost: the outbox stays as
it was until the workstation is updated. A version above HQ's gets **400** with code ``hq_too_old`` (the
workstation is newer than HQ; tell the administrator). ``GET /version`` says which
versions HQ speaks without needing either header or token.

Authentication
--------------
``Authorization: Bearer <token>`` on every endpoint except ``GET /health``, ``GET /version``, ``POST /v1/enroll``
(which authenticates by the one-time code) and ``POST /v1/certificates/verify``. The token is handed out once by
enrollment (43 characters, base64url of 32 random bytes); HQ keeps only its SHA-256. A missing or unknown token is
401 ``invalid_token``; the token of a revoked device is 401 ``device_revoked``.

Errors
------
Every error answer (4xx, and 503 when the database is down) has an :class:`ErrorBody`
``{code, message_zh, message_en, errors}``: ``code`` is machine-readable (see :class:`ErrorCode`), the messages are
fit to show, ``errors`` lists field problems of a 422. Malformed JSON or a body that does not fit the model is 422
``invalid_request``; a body over the limits (:data:`MAX_BATCH_BYTES`, :data:`MAX_BATCH_RECORDS`,
:data:`MAX_ATTACHMENT_BYTES`, :data:`MAX_ATTACHMENT_CHUNK_BYTES`) is 413 ``too_large``. HQ never answers 5xx for
anything a client sends.

Endpoints
---------
``GET /health`` → :class:`HealthStatus`; ``GET /version`` → :class:`VersionInfo`; OpenAPI at ``/openapi.json``.

``POST /v1/enroll`` — :class:`EnrollmentRequest` → :class:`EnrollmentResponse`. The one-time code (from
``inspector-hq enroll-code``) is used up by the first successful enrollment; a used, expired or unknown code is 403
``invalid_code``. The device id is the key id of the device's public key (:func:`inspector_app.security.signing.
key_id_for`). HQ certifies the key: :class:`DeviceCertificate` is HQ's Ed25519 signature over
:func:`device_certificate_message` (key id ‖ raw public key ‖ enrolled-at text); the workstation stores HQ's public
key (``hq_public_key``) as trusted (source ``hq``) and can check the certificate with :meth:`DeviceCertificate.
verify`. Enrolling the same key again with a new code gives a new token (the old one stops working); a revoked
device's key cannot enroll again (403 ``device_revoked``).

``POST /v1/records`` — :class:`RecordBatch` (1..1000 records, ≤ 5 MB) → :class:`RecordBatchResult`. Records may be
sent before their attachments (the usual order: records, then attachments). Each
:class:`RecordEnvelope` carries the canonical payload text exactly as hashed; HQ checks, in this order: the
envelope's ``device_id`` and ``signer_key_id`` are the authenticated device (else ``rejected``/``device_mismatch``
or ``signer_mismatch``); ``content_hash == sha256(payload.encode("utf-8"))`` (else ``bad_hash``); the payload is a
JSON object and, when it has an ``"id"``, that id is the envelope's (else ``bad_payload``/``id_mismatch``);
``signature`` is the device's Ed25519 signature over :func:`record_signing_message` — the 64 ASCII hex characters of
``content_hash`` (else ``bad_signature``). A record without a ``signature`` of its own (a scan event, which is not
sealed when it is made) is covered by the batch: ``batch_signature`` is the device's signature over
:func:`record_batch_signing_message` — the batch manifest, one ``<id> <content_hash>`` line per record of the batch
in order — and a missing or wrong batch signature rejects exactly those records (``bad_signature``). HQ stores the
manifest and its signature once per batch (``record_batches``, keyed by the manifest's SHA-256, which each record
names in ``batch_sha256``), so every record stays provably the device's. One signature per batch instead of one per
scan event is what lets a device push thousands of records a second: an Ed25519 verification costs about 100 µs of
CPU, more than everything else HQ does with a small record. A good record is inserted with
``ON CONFLICT (id) DO NOTHING``; then:

* ``stored`` — new at HQ; ``duplicate`` — HQ already had this id with this hash (re-sending is harmless);
* ``conflict`` — HQ has this id with another hash; the new version is kept for review (``conflicts`` table),
  the stored one is never overwritten; re-sending the same conflicting version answers ``conflict`` again;
* ``rejected`` — refused for the ``reason`` given; nothing stored; re-sending the same bytes gives the same answer.

``missing_attachments`` lists the attachment hashes HQ does not yet hold completely; a record counts as complete
at HQ only when all its attachments are. ``stored_up_to`` is the highest ``seq`` (the device's outbox position)
such that every record of the batch with a ``seq`` up to it is stored, duplicate or conflict (held durably by HQ:
the transaction has committed before the answer is sent); ``None`` when the first record was rejected. The
client may also mark each record by its own result.

``HEAD /v1/attachments/{sha256}`` — how much HQ has: ``200`` with headers ``Upload-Offset`` (bytes received,
``0`` when HQ has nothing), ``Upload-Length`` (total size when known) and ``X-Attachment-Complete``
(``true``/``false``). ``GET /v1/attachments/{sha256}`` → :class:`AttachmentStatus` (the same as JSON).

``PUT /v1/attachments/{sha256}`` — raw bytes (``Content-Type: application/octet-stream``), resumable by the
``Upload-Offset`` convention (chosen over ``Content-Range``: one integer each way, no range syntax to get wrong):
headers ``Upload-Length`` (total size in bytes, required) and ``Upload-Offset`` (where this body starts in the file,
default ``0``). The body is appended when ``Upload-Offset`` equals what HQ has; otherwise 409 ``offset_mismatch``
with HQ's ``Upload-Offset`` header (ask, then send the rest). When the last byte arrives HQ checks the SHA-256 of
the whole file: a mismatch is 422 ``hash_mismatch`` and HQ forgets what it had (start again at 0). Putting a
complete attachment again is 200 and changes nothing. Answer: :class:`AttachmentStatus`.

``GET /v1/reference/changes?since=<cursor>&limit=<n>`` → :class:`ReferenceChangePage`: the reference changes with
``seq > since`` in ``seq`` order, at most ``limit`` (1..:data:`MAX_PAGE_LIMIT`, default
:data:`DEFAULT_PAGE_LIMIT`). Sequences grow but may have gaps; never assume ``seq + 1``. Apply a page and store
``next_cursor`` in one transaction; ask again while ``has_more``. A change is ``upsert`` (``row`` is the whole new
row, see :data:`REFERENCE_ROW_MODELS`) or ``delete`` (``row`` is ``None``). HQ wins: the device replaces its row by
the natural key (:func:`reference_key`). Cursor ``0`` means "from the beginning".

``GET /v1/reference/digest`` → :class:`ReferenceDigest`: per table, the number of live rows and
:func:`reference_digest` over their (key, seq) pairs, as of ``high_water``. A device that has applied every change
up to ``high_water`` computes the same digest over its rows with ``hq_seq > 0`` (rows it made itself carry 0).

``GET /v1/time`` → :class:`ServerTime` (for the clock-skew warning).

Throughput (a 2-core machine running both ends over loopback, batches of 1,000 scan events under batch signatures):
about 9,000 records/s into SQLite and 8,500/s into PostgreSQL; a fresh device takes in about 19,000 reference
changes/s (pages of 10,000), bound by validating and writing them.

``POST /v1/certificates/verify`` — :class:`CertificateVerifyRequest` (the text of a certificate QR code) →
:class:`CertificateVerifyResult`, checked against HQ's key and the keys of enrolled devices.

Reference rows
--------------
Rows travel with natural keys (USCC, GTIN, alert code, licence type+number, catalogue edition code, badge number,
task code, rule code, date, year), never with database ids: see the ``*Row`` models. A catalogue edition travels
whole, as the JSON document of ``resources/catalogue/FORMAT.md`` (``parse_catalogue_json`` reads it). A product
kind is named by its code; a device resolves it in its installed catalogue.

USB
---
The same record envelopes and reference changes travel in USB bundles (``sync/bundle.py``); the enrollment QR code
is :func:`format_enrollment_qr` / :func:`parse_enrollment_qr`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from inspector_app.domain.records import record_signing_message as record_signing_message  # noqa: PLC0414 - re-exported
from inspector_app.security.signing import verify_signature

# --- versions, headers, limits ---------------------------------------------------------------------------

PROTOCOL_VERSION: Final = 2
MIN_PROTOCOL_VERSION: Final = 1
PROTOCOL_HEADER: Final = "X-Inspector-Protocol"
UPLOAD_OFFSET_HEADER: Final = "Upload-Offset"
UPLOAD_LENGTH_HEADER: Final = "Upload-Length"
ATTACHMENT_COMPLETE_HEADER: Final = "X-Attachment-Complete"

MAX_BATCH_RECORDS: Final = 1000
MAX_BATCH_BYTES: Final = 5 * 1024 * 1024
MAX_RECORD_ATTACHMENTS: Final = 100
MAX_ATTACHMENT_BYTES: Final = 64 * 1024 * 1024
MAX_ATTACHMENT_CHUNK_BYTES: Final = 8 * 1024 * 1024
DEFAULT_PAGE_LIMIT: Final = 1000
MAX_PAGE_LIMIT: Final = 10_000
#: Request bodies of the small JSON endpoints (enroll, certificate verification).
MAX_SMALL_BODY_BYTES: Final = 64 * 1024
#: The first word of a batch manifest (:func:`record_batch_signing_message`).
BATCH_MANIFEST_HEADER: Final = "inspector-record-batch/1"

SHA256_PATTERN: Final = r"^[0-9a-f]{64}$"
KEY_ID_PATTERN: Final = r"^[0-9a-f]{32}$"
RECORD_ID_PATTERN: Final = r"^[0-9A-Za-z][0-9A-Za-z-]{0,63}$"
RECORD_TYPE_PATTERN: Final = r"^[a-z][a-z0-9_]{0,39}$"

_CONTROL_OR_SURROGATE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")

Sha256 = Annotated[str, Field(pattern=SHA256_PATTERN, description="SHA-256, 64 lower-case hex characters")]
KeyId = Annotated[str, Field(pattern=KEY_ID_PATTERN, description="key id: 32 lower-case hex characters")]


class ErrorCode(StrEnum):
    """Machine-readable error codes of :class:`ErrorBody`."""

    UPDATE_REQUIRED = "update_required"
    HQ_TOO_OLD = "hq_too_old"
    INVALID_TOKEN = "invalid_token"
    DEVICE_REVOKED = "device_revoked"
    INVALID_CODE = "invalid_code"
    INVALID_KEY = "invalid_key"
    INVALID_REQUEST = "invalid_request"
    TOO_LARGE = "too_large"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    OFFSET_MISMATCH = "offset_mismatch"
    SIZE_MISMATCH = "size_mismatch"
    HASH_MISMATCH = "hash_mismatch"
    UNAVAILABLE = "unavailable"
    NOT_SUPPORTED = "not_supported"


class RecordStatus(StrEnum):
    """What HQ did with one uploaded record."""

    STORED = "stored"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    REJECTED = "rejected"


class RejectReason(StrEnum):
    """Why a record was rejected (``RecordResult.reason``); ``conflict`` results carry ``conflict``."""

    DEVICE_MISMATCH = "device_mismatch"
    SIGNER_MISMATCH = "signer_mismatch"
    BAD_HASH = "bad_hash"
    BAD_PAYLOAD = "bad_payload"
    ID_MISMATCH = "id_mismatch"
    BAD_SIGNATURE = "bad_signature"
    CONFLICT = "conflict"


class ReferenceOp(StrEnum):
    """A reference change either replaces a whole row or deletes it."""

    UPSERT = "upsert"
    DELETE = "delete"


class ReferenceTable(StrEnum):
    """The reference tables that travel down, by their wire names (the workstation's table names)."""

    CATALOGUE_EDITIONS = "catalogue_editions"
    ENTERPRISES = "enterprises"
    LICENCES = "licences"
    BLACKLIST_ENTRIES = "blacklist_entries"
    TRADE_ITEMS = "trade_items"
    RISK_ALERTS = "risk_alerts"
    INSPECTORS = "inspectors"
    TASKS = "tasks"
    RULES = "rules"
    HOLIDAY_DAYS = "holiday_days"
    HOLIDAY_YEARS = "holiday_years"


#: The order a fresh device best applies tables in when it loads a snapshot (referenced rows first). Changes in a
#: page are always applied in ``seq`` order; HQ writes referenced rows before the rows that name them.
REFERENCE_TABLE_ORDER: Final = tuple(ReferenceTable)


class _Request(BaseModel):
    """A body HQ receives: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class _Response(BaseModel):
    """A body HQ sends: unknown fields are ignored by the reader."""

    model_config = ConfigDict(extra="ignore")


class _Row(BaseModel):
    """A reference row: exactly these fields, within this protocol version."""

    model_config = ConfigDict(extra="forbid")


# --- errors ----------------------------------------------------------------------------------------------


class FieldError(_Response):
    """One problem with one field of a refused request (``location`` like ``body.records.3.content_hash``)."""

    location: str
    message: str


class ErrorBody(_Response):
    """The body of every error answer."""

    code: str
    message_zh: str
    message_en: str
    errors: list[FieldError] = Field(default_factory=list)


class UpdateRequiredBody(ErrorBody):
    """426: the client speaks an older protocol than HQ accepts (or sent no version); nothing was done."""

    protocol_version: int = PROTOCOL_VERSION
    min_protocol_version: int = MIN_PROTOCOL_VERSION


# --- service endpoints -----------------------------------------------------------------------------------


class HealthStatus(_Response):
    """``GET /health``: ``ok`` when HQ can reach its database."""

    status: Literal["ok"]
    database: Literal["ok"]


class VersionInfo(_Response):
    """``GET /version``: what HQ is and which protocol versions it speaks."""

    server: str
    version: str
    protocol_version: int
    min_protocol_version: int
    hq_key_id: str


class ServerTime(_Response):
    """``GET /v1/time``: HQ's clock, for the clock-skew warning."""

    server_time: dt.datetime


# --- enrollment ------------------------------------------------------------------------------------------


class EnrollmentRequest(_Request):
    """``POST /v1/enroll``: a device registers its public key with a one-time code."""

    code: str = Field(min_length=1, max_length=64, description="the one-time code, with or without dashes")
    public_key: str = Field(min_length=1, max_length=100, description="base64 of the raw 32-byte Ed25519 key")
    device_label: str = Field(min_length=1, max_length=100, description="a name for people, e.g. 温州洞头-01")

    @field_validator("device_label")
    @classmethod
    def _printable_label(cls, value: str) -> str:
        if _CONTROL_OR_SURROGATE.search(value) or not value.strip():
            raise ValueError("the device label must be printable text")
        return value.strip()


class InspectorInfo(_Response):
    """The inspector an enrollment code was issued for."""

    id: int
    badge_number: str
    name: str


class DeviceCertificate(_Response):
    """HQ's certificate of a device key: an Ed25519 signature by HQ over :func:`device_certificate_message`."""

    device_key_id: str
    public_key: str = Field(description="base64 of the device's raw public key")
    enrolled_at: str = Field(description="UTC, exactly as signed: YYYY-MM-DDTHH:MM:SSZ")
    hq_key_id: str
    signature: str = Field(description="base64 Ed25519 signature by HQ")

    def message(self) -> bytes:
        """The bytes HQ signed."""
        return device_certificate_message(self.device_key_id, b64decode_strict(self.public_key), self.enrolled_at)

    def verify(self, hq_public_key_raw: bytes) -> bool:
        """Whether HQ's key ``hq_public_key_raw`` signed this certificate (never raises for garbage)."""
        try:
            message = self.message()
            signature = b64decode_strict(self.signature)
        except ValueError:
            return False
        return verify_signature(hq_public_key_raw, signature, message)


class EnrollmentResponse(_Response):
    """What an enrolled device keeps: its id, its token (shown once), HQ's key and HQ's certificate of its key."""

    device_id: str
    token: str
    hq_public_key: str = Field(description="base64 of HQ's raw Ed25519 public key; trust it (source hq)")
    hq_key_id: str
    certificate: DeviceCertificate
    inspector: InspectorInfo
    server_time: dt.datetime


# --- records up ------------------------------------------------------------------------------------------


class RecordEnvelope(_Request):
    """One sealed record on its way to HQ."""

    seq: int = Field(ge=0, description="the device's outbox position; stored_up_to answers in these terms")
    id: str = Field(pattern=RECORD_ID_PATTERN, description="the record's UUIDv7")
    type: str = Field(pattern=RECORD_TYPE_PATTERN, description="scan_event, spot_check, test_results, ...")
    device_id: KeyId
    payload: str = Field(max_length=MAX_BATCH_BYTES, description="the canonical JSON text that content_hash covers")
    content_hash: Sha256
    signature: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="base64 Ed25519 over record_signing_message; absent when the batch signature covers the record",
    )
    signer_key_id: KeyId
    attachments: list[Sha256] = Field(default_factory=list, max_length=MAX_RECORD_ATTACHMENTS)


class RecordBatch(_Request):
    """``POST /v1/records``: records in the device's outbox order."""

    records: list[RecordEnvelope] = Field(min_length=1, max_length=MAX_BATCH_RECORDS)
    batch_signature: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="base64 Ed25519 of the sending device over record_batch_signing_message of these records; "
        "covers every record that carries no signature of its own",
    )


def record_batch_signing_message(device_id: str, records: Iterable[tuple[str, str]]) -> bytes:
    """The bytes a device signs for a whole batch: a header line naming the device, then one line
    ``<record id> <content hash>`` per record in the batch's order. HQ keeps this text (the batch manifest) with
    the signature, so each record it covers can be shown later to come from the device."""
    lines = [BATCH_MANIFEST_HEADER + " " + device_id]
    lines.extend(f"{record_id} {content_hash}" for record_id, content_hash in records)
    return ("\n".join(lines) + "\n").encode("ascii")


class RecordResult(_Response):
    """What HQ did with one record of a batch."""

    id: str
    seq: int
    status: RecordStatus
    reason: str | None = None
    message_zh: str = ""
    message_en: str = ""
    missing_attachments: list[str] = Field(default_factory=list)


class RecordCounts(_Response):
    """How many records of a batch ended which way."""

    stored: int = 0
    duplicate: int = 0
    conflict: int = 0
    rejected: int = 0


class RecordBatchResult(_Response):
    """HQ's answer to a batch: one result per record, in the batch's order."""

    results: list[RecordResult]
    stored_up_to: int | None
    counts: RecordCounts
    received_at: dt.datetime


# --- attachments -----------------------------------------------------------------------------------------


class AttachmentStatus(_Response):
    """How much of an attachment HQ holds. ``size`` is ``None`` before the first byte arrived."""

    sha256: str
    size: int | None
    bytes_received: int
    complete: bool


# --- reference data down ---------------------------------------------------------------------------------


class CatalogueEditionRow(_Row):
    """A whole catalogue edition: the JSON document of ``resources/catalogue/FORMAT.md``. Key: edition code."""

    format: Literal["inspector-catalogue"]
    format_version: int
    edition: dict[str, Any]
    categories: list[dict[str, Any]]


class EnterpriseRow(_Row):
    """An enterprise. Key: ``uscc``."""

    uscc: str = Field(min_length=18, max_length=18)
    name: str = Field(min_length=1, max_length=200)
    address: str = Field(default="", max_length=300)
    region_code: str = Field(pattern=r"^[0-9]{6}$")
    size: Literal["micro", "small", "medium", "large"] = "small"
    legal_representative: str = Field(default="", max_length=60)
    phone: str = Field(default="", max_length=40)
    credit_class: Literal["A", "B", "C", "D"] = "B"


class LicenceRow(_Row):
    """A licence or certificate. Key: ``type|number``. The enterprise comes first (its own change)."""

    type: Literal["SC", "XK", "CCC", "JY"]
    number: str = Field(min_length=1, max_length=40)
    enterprise_uscc: str = Field(min_length=18, max_length=18)
    scope: str = Field(default="", max_length=300)
    product_kind_code: str | None = Field(default=None, max_length=64)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    status: Literal["valid", "suspended", "revoked", "cancelled", "expired"] = "valid"


class BlacklistEntryRow(_Row):
    """A blacklist (or abnormal-operation list) entry. Key: ``enterprise_uscc|list_type|since``."""

    enterprise_uscc: str = Field(min_length=18, max_length=18)
    list_type: str = Field(default="serious_violation", min_length=1, max_length=30, pattern=r"^[a-z_]+$")
    reason: str = Field(min_length=1, max_length=2000)
    authority: str = Field(default="", max_length=200)
    since: dt.date
    until: dt.date | None = None


class TradeItemRow(_Row):
    """A trade item. Key: ``gtin`` (14 digits)."""

    gtin: str = Field(pattern=r"^[0-9]{14}$")
    name: str = Field(min_length=1, max_length=200)
    brand: str = Field(default="", max_length=100)
    specification: str = Field(default="", max_length=100)
    product_kind_code: str | None = Field(default=None, max_length=64)
    enterprise_uscc: str | None = Field(default=None, min_length=18, max_length=18)


class RiskAlertRow(_Row):
    """A risk alert or recall. Key: ``code``. Withdrawing an alert is an upsert with ``status`` ``withdrawn``."""

    code: str = Field(min_length=1, max_length=40)
    title: str = Field(min_length=1, max_length=300)
    level: Literal["high", "medium", "low"] = "medium"
    action: Literal["recall", "stop_sale", "watch"]
    match_type: Literal["gtin", "gtin_batch", "enterprise", "product_kind", "region"]
    gtin: str | None = Field(default=None, pattern=r"^[0-9]{14}$")
    batch: str | None = Field(default=None, max_length=40)
    enterprise_uscc: str | None = Field(default=None, min_length=18, max_length=18)
    product_kind_code: str | None = Field(default=None, max_length=64)
    region_code: str | None = Field(default=None, pattern=r"^[0-9]{6}$")
    reason: str = Field(default="", max_length=2000)
    issued_by: str = Field(default="", max_length=200)
    valid_from: dt.date
    valid_until: dt.date | None = None
    status: Literal["active", "withdrawn"] = "active"


class InspectorRow(_Row):
    """An inspector. Key: ``badge_number``."""

    badge_number: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=60)
    unit: str = Field(default="", max_length=200)
    role: Literal["inspector", "supervisor", "admin"] = "inspector"
    region_code: str | None = Field(default=None, pattern=r"^[0-9]{6}$")
    public_key: str | None = Field(default=None, max_length=100)
    active: bool = True


class TaskRow(_Row):
    """A spot-check task. Key: ``code``. Product kinds by code, inspectors by badge number."""

    code: str = Field(min_length=1, max_length=40)
    title: str = Field(min_length=1, max_length=300)
    plan: str = Field(default="", max_length=300)
    task_category: Literal["supervision", "risk_monitoring"] = "supervision"
    organiser: str = Field(default="", max_length=200)
    region_code: str | None = Field(default=None, pattern=r"^[0-9]{6}$")
    quota: int = Field(default=0, ge=0)
    starts_on: dt.date | None = None
    deadline: dt.date | None = None
    status: Literal["open", "closed", "cancelled"] = "open"
    product_kind_codes: list[str] = Field(default_factory=list)
    inspector_badges: list[str] = Field(default_factory=list)


class RuleRow(_Row):
    """A rule (time limit) as data with its legal source. Key: ``code``."""

    code: str = Field(min_length=1, max_length=60)
    name: str = Field(min_length=1, max_length=200)
    applies_to: Literal["industrial", "food", "farm_produce", "all"] = "all"
    amount: int = Field(ge=0)
    day_type: Literal["calendar_days", "working_days", "hours", "months"]
    legal_source: str = Field(min_length=1, max_length=300)
    confidence: Literal["A", "B", "C"] = "B"
    note: str = Field(default="", max_length=2000)


class HolidayDayRow(_Row):
    """A day of the official holiday schedule. Key: the ISO date."""

    day: dt.date
    kind: Literal["holiday", "workday"]
    name: str = Field(default="", max_length=60)


class HolidayYearRow(_Row):
    """A year whose official holiday schedule is complete. Key: the year."""

    year: int = Field(ge=1900, le=2999)
    source: str = Field(default="", max_length=200)


#: The row model of each reference table.
REFERENCE_ROW_MODELS: Final[Mapping[ReferenceTable, type[BaseModel]]] = {
    ReferenceTable.CATALOGUE_EDITIONS: CatalogueEditionRow,
    ReferenceTable.ENTERPRISES: EnterpriseRow,
    ReferenceTable.LICENCES: LicenceRow,
    ReferenceTable.BLACKLIST_ENTRIES: BlacklistEntryRow,
    ReferenceTable.TRADE_ITEMS: TradeItemRow,
    ReferenceTable.RISK_ALERTS: RiskAlertRow,
    ReferenceTable.INSPECTORS: InspectorRow,
    ReferenceTable.TASKS: TaskRow,
    ReferenceTable.RULES: RuleRow,
    ReferenceTable.HOLIDAY_DAYS: HolidayDayRow,
    ReferenceTable.HOLIDAY_YEARS: HolidayYearRow,
}


def reference_key(table: ReferenceTable | str, row: Mapping[str, Any]) -> str:
    """The natural key of a reference row (a row dict as on the wire, dates as ISO text or ``date``).

    Composite keys join their parts with ``|``: licences ``type|number``, blacklist entries
    ``enterprise_uscc|list_type|since``.
    """
    table = ReferenceTable(table)
    if table is ReferenceTable.CATALOGUE_EDITIONS:
        return str(row["edition"]["code"])
    if table is ReferenceTable.ENTERPRISES:
        return str(row["uscc"])
    if table is ReferenceTable.LICENCES:
        return f"{row['type']}|{row['number']}"
    if table is ReferenceTable.BLACKLIST_ENTRIES:
        return f"{row['enterprise_uscc']}|{row['list_type']}|{_iso(row['since'])}"
    if table is ReferenceTable.TRADE_ITEMS:
        return str(row["gtin"])
    if table in (ReferenceTable.RISK_ALERTS, ReferenceTable.TASKS, ReferenceTable.RULES):
        return str(row["code"])
    if table is ReferenceTable.INSPECTORS:
        return str(row["badge_number"])
    if table is ReferenceTable.HOLIDAY_DAYS:
        return _iso(row["day"])
    return str(row["year"])


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


class ReferenceChange(_Response):
    """One change of one reference row."""

    seq: int
    table: ReferenceTable
    key: str
    op: ReferenceOp
    row: dict[str, Any] | None = Field(
        description="the whole row (see REFERENCE_ROW_MODELS) for upsert; null for delete"
    )


class ReferenceChangePage(_Response):
    """``GET /v1/reference/changes``: changes after ``since`` in ``seq`` order.

    ``next_cursor`` is the ``seq`` of the last change in the page (``since`` when the page is empty);
    ``high_water`` is the highest ``seq`` HQ had when it answered.
    """

    changes: list[ReferenceChange]
    next_cursor: int
    has_more: bool
    high_water: int


class TableDigest(_Response):
    """Live rows of one reference table and :func:`reference_digest` over their (key, seq) pairs."""

    rows: int
    hash: str


class ReferenceDigest(_Response):
    """``GET /v1/reference/digest``: every table's digest as of ``high_water`` (one consistent snapshot)."""

    high_water: int
    tables: dict[str, TableDigest]


def reference_digest(pairs: Iterable[tuple[str, int]]) -> str:
    """SHA-256 (hex) over ``key\\tseq\\n`` lines (UTF-8) of the pairs sorted by key (code point order).

    An empty table gives the SHA-256 of no bytes. Both sides compute it the same way over their live rows.
    """
    digest = hashlib.sha256()
    for key, seq in sorted(pairs):
        digest.update(f"{key}\t{seq}\n".encode())
    return digest.hexdigest()


# --- certificate verification ----------------------------------------------------------------------------


class CertificateVerifyRequest(_Request):
    """``POST /v1/certificates/verify``: the text a certificate's QR code holds (``IW1:...``)."""

    text: str = Field(min_length=1, max_length=4096)


class CertificateVerifyResult(_Response):
    """The verdict on a certificate: ``genuine``, ``altered``, ``forged``, ``unknown_signer`` or ``malformed``."""

    status: str
    message_zh: str
    message_en: str
    claims: dict[str, Any] | None = None
    signer_key_id: str | None = None


# --- signed messages -------------------------------------------------------------------------------------


def format_enrolled_at(moment: dt.datetime) -> str:
    """The enrolled-at text of a certificate: UTC, whole seconds, ``YYYY-MM-DDTHH:MM:SSZ``."""
    if moment.tzinfo is None:
        raise ValueError("enrolled_at must be an aware datetime")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def device_certificate_message(device_key_id: str, public_key_raw: bytes, enrolled_at: str) -> bytes:
    """The bytes HQ signs to certify a device key: a domain tag, the key id, the raw key and the enrolled-at text.

    ``b"inspector-device-cert-v1\\n" + key_id (32 ASCII) + b"\\n" + raw key (32 bytes) + b"\\n" + enrolled_at
    (ASCII)``. The tag keeps a certificate signature from ever being valid as a record signature or vice versa.
    """
    return (
        b"inspector-device-cert-v1\n"
        + device_key_id.encode("ascii")
        + b"\n"
        + public_key_raw
        + b"\n"
        + (enrolled_at.encode("ascii"))
    )


def b64decode_strict(text: str) -> bytes:
    """Standard base64 to bytes; ``ValueError`` for anything else (no silently skipped characters)."""
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError(f"not base64: {exc}") from exc


# --- enrollment codes and their QR -----------------------------------------------------------------------

#: One-time codes use Crockford's base32 alphabet (no I, L, O, U) in four groups of four: ``7K3Q-9XJD-M2PA-H4TB``.
ENROLLMENT_CODE_ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ENROLLMENT_CODE_LENGTH: Final = 16
ENROLLMENT_QR_PREFIX: Final = "IWENROLL1:"
_CODE_CONFUSABLES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CODE_RE = re.compile(f"[{ENROLLMENT_CODE_ALPHABET}]{{{ENROLLMENT_CODE_LENGTH}}}")


def normalise_enrollment_code(text: str) -> str:
    """A typed code in its canonical form: upper case, no dashes or blanks, O→0 and I/L→1 as people misread them.

    Returns the text as cleaned even when it is not a valid code; :func:`is_enrollment_code` tells.
    """
    cleaned = "".join(ch for ch in text.upper() if ch not in "- \t\r\n")
    return cleaned.translate(_CODE_CONFUSABLES)


def is_enrollment_code(text: str) -> bool:
    """Whether ``text`` (already normalised) has the form of a one-time code."""
    return _CODE_RE.fullmatch(text) is not None


def format_enrollment_code(code: str) -> str:
    """A canonical code in groups of four for people: ``7K3Q-9XJD-M2PA-H4TB``."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@dataclass(frozen=True, slots=True)
class EnrollmentQr:
    """What an enrollment QR code holds: the one-time code and, when HQ knows it, HQ's URL."""

    code: str
    hq_url: str | None


def format_enrollment_qr(code: str, hq_url: str | None = None) -> str:
    """The text of an enrollment QR code: ``IWENROLL1:code=XXXX-XXXX-XXXX-XXXX&hq=<url-encoded URL>``."""
    fields = {"code": format_enrollment_code(normalise_enrollment_code(code))}
    if hq_url:
        fields["hq"] = hq_url
    return ENROLLMENT_QR_PREFIX + urllib.parse.urlencode(fields)


def parse_enrollment_qr(text: str) -> EnrollmentQr | None:
    """Read the text of an enrollment QR code; ``None`` when it is not one."""
    text = text.strip()
    if not text.startswith(ENROLLMENT_QR_PREFIX):
        return None
    try:
        fields = urllib.parse.parse_qs(text[len(ENROLLMENT_QR_PREFIX) :], strict_parsing=True)
    except ValueError:
        return None
    codes = fields.get("code", [])
    urls = fields.get("hq", [])
    if len(codes) != 1 or len(urls) > 1:
        return None
    code = normalise_enrollment_code(codes[0])
    if not is_enrollment_code(code):
        return None
    url = urls[0] if urls else None
    if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        return None
    return EnrollmentQr(code, url)
