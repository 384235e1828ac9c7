"""Spot checks (监督抽查) from the first field to the certificate: the use cases the GUI and the CLI call.

The path (DOMAIN.md §2): a **draft** sampling record is started from scratch, from an assigned task or from a scan
card, with what the reference data knows already filled in (product, maker and its licences, the catalogue's sample
and backup quantities, the task's basics). The inspectors complete it, validation explains what is wrong, both
inspectors and the sampled party sign (signatures and photos are content-addressed attachments), and **sealing**
fixes it for good: a canonical JSON payload, its SHA-256, the device's Ed25519 signature over that hash and an outbox
row for HQ, in one transaction. From then on the record never changes — every method here refuses with
``SealedRecordError`` and the database triggers back that up. A correction is an **amendment**: a new record naming
what it corrects and why, sealed the same way; ``history`` shows the original and every amendment with what changed.

Later records of the same spot check are sealed at once when entered: **test results** (judged by the domain layer,
with the legal deadlines from the rules table and the holiday calendar), the **certificate** (numbered, with the
signed QR payload), **objections**, **re-inspections** and **follow-ups** (correction order, re-check).

The sealed payload of every record is ``{"type", "id", "device_id", "spot_check_id", "supersedes_id",
"inspectors", "times", "record", "attachments"}``: ``record`` is the body (the ``SamplingRecord`` dict for spot
checks and amendments), ``attachments`` maps each role to the sorted list of SHA-256 names of its files (a role may
hold several photos; signature roles hold one). The signature is over the 32 bytes of the SHA-256 digest.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector_app.documents.certificate_payload import CertificateClaims, encode_certificate
from inspector_app.documents.document_data import CertificateDocument, CertificateResultLine, SamplingFormDocument
from inspector_app.domain.catalogue import CatalogueDomain
from inspector_app.domain.deadlines import (
    AFTER_FAILURE_CORRECTION,
    AFTER_FAILURE_RECHECK,
    OBJECTION_FARM_RAPID_TEST,
    OBJECTION_FOOD,
    OBJECTION_INDUSTRIAL,
    REPEAT_CHECK_WINDOW,
    Deadline,
    DeadlineRule,
    WorkingDayCalendar,
    add_months,
    compute_deadlines,
    due_soon,
)
from inspector_app.domain.errors import (
    AttachmentError,
    InspectorError,
    NotFoundError,
    SealedRecordError,
    WorkflowError,
)
from inspector_app.domain.identifiers import Identification
from inspector_app.domain.ids import new_uuid7
from inspector_app.domain.limits import Conformity, Limit
from inspector_app.domain.records import canonical_json, content_hash, record_signing_message
from inspector_app.domain.regions import Regions
from inspector_app.domain.results import (
    LineJudgement,
    LineStatus,
    ResultLine,
    SampleJudgement,
    SampleVerdict,
    judge_results,
)
from inspector_app.domain.spot_check import (
    Basics,
    Inspector,
    Producer,
    Sample,
    SampledSite,
    SamplingOutcome,
    SamplingRecord,
    SamplingUnit,
    TaskCategory,
)
from inspector_app.domain.spot_check_validation import (
    ProductKindRequirements,
    RecentCheck,
    ValidationContext,
    ValidationIssue,
    validate_sampling_record,
)
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.security.signing import verify_signature
from inspector_app.services.identity_service import InspectorSession
from inspector_app.services.records_service import AttachmentInfo, payload_matches_hash
from inspector_app.services.scan_service import ScanService, VerdictCard
from inspector_app.services.trust_service import TrustService
from inspector_app.services.workspace import Workspace
from inspector_app.storage.attachment_store import AttachmentStore, LinkedAttachment
from inspector_app.storage.field_record_repository import (
    STATUS_SEALED,
    FieldRecordRepository,
    FieldRecordRow,
    IndexFields,
    NewFieldRecord,
    SealData,
)
from inspector_app.storage.models import (
    CatalogueCategory,
    CatalogueEdition,
    Enterprise,
    InspectionItem,
    ProductKind,
    Rule,
    Setting,
    Task,
    TradeItem,
)
from inspector_app.storage.models import Inspector as InspectorRow

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]

PAYLOAD_FORMAT = "inspector-field-record"
PAYLOAD_VERSION = 1

ROLE_SIGNATURE_INSPECTOR_1 = "signature_inspector_1"
ROLE_SIGNATURE_INSPECTOR_2 = "signature_inspector_2"
ROLE_SIGNATURE_PARTY = "signature_party"
SIGNATURE_ROLES = (ROLE_SIGNATURE_INSPECTOR_1, ROLE_SIGNATURE_INSPECTOR_2, ROLE_SIGNATURE_PARTY)
PHOTO_ROLES = ("photo_site", "photo_sample", "photo_seal", "scan_form")
ATTACHMENT_ROLES = SIGNATURE_ROLES + PHOTO_ROLES

FOLLOW_UP_KINDS = ("correction_order", "re_check")

#: Prefixes of the numbers this workstation gives: 抽样单 CY-<year>-<device>-<seq>, certificates IW-<...>.
SPOT_CHECK_NUMBER_PREFIX = "CY"
CERTIFICATE_NUMBER_PREFIX = "IW"

# The scan page remembers where the inspector is (services/scan_service.py); a new form starts there.
_PLACE_SETTING_KEY = "scan.place"


def local_now() -> dt.datetime:
    """The device's current time, aware, in its local zone."""
    return dt.datetime.now().astimezone()


# ------------------------------------------------------------------------------------------------ what it returns


@dataclass(frozen=True, slots=True)
class AttachmentInput:
    """A file to attach: its role, bytes, media type and original name."""

    role: str
    data: bytes
    media_type: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class SpotCheckView:
    """A sampling record (a spot check or an amendment of one), as the form shows it.

    Times are aware, in the offset the device had when the record was started. ``spot_check_id`` is the original
    spot check (itself for a spot check); ``supersedes_id`` and ``reason`` say what an amendment corrects and why.
    """

    id: str
    record_type: str
    status: str
    record: SamplingRecord
    number: str
    created_at: dt.datetime
    sealed_at: dt.datetime | None
    content_hash: str | None
    signer_key_id: str | None
    attachments: tuple[AttachmentInfo, ...]
    spot_check_id: str
    supersedes_id: str | None = None
    reason: str = ""

    @property
    def sealed(self) -> bool:
        """Whether the record is sealed (and so never changes again)."""
        return self.status == STATUS_SEALED

    def attachments_in(self, role: str) -> tuple[AttachmentInfo, ...]:
        """The files attached in ``role``."""
        return tuple(a for a in self.attachments if a.role == role)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field an amendment changed: its dotted path and the values before and after (as JSON values)."""

    path: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One version of a sampling record: the original or an amendment, with what it changed."""

    view: SpotCheckView
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class SealedRecordView:
    """A sealed record of another type (results, certificate, objection...): id, number, body and seal."""

    id: str
    record_type: str
    spot_check_id: str
    number: str
    verdict: str | None
    body: dict[str, Any]
    created_at: dt.datetime
    sealed_at: dt.datetime
    content_hash: str
    signer_key_id: str


@dataclass(frozen=True, slots=True)
class SealCheck:
    """Whether a sealed record is intact: its payload still hashes to its content hash, and the signature over that
    hash verifies with a trusted key (``signer_trusted`` False when the key is unknown or revoked here)."""

    record_id: str
    hash_matches: bool
    signature_valid: bool
    signer_key_id: str | None
    signer_trusted: bool

    @property
    def intact(self) -> bool:
        """Everything checks out."""
        return self.hash_matches and self.signature_valid and self.signer_trusted


@dataclass(frozen=True, slots=True)
class ResultsEntry:
    """Results kept for a spot check: the sealed record, the sample's judgement and the deadlines it sets."""

    record_id: str
    spot_check_id: str
    judgement: SampleJudgement
    deadlines: tuple[Deadline, ...]

    @property
    def verdict(self) -> str:
        """conforming | nonconforming | incomplete."""
        return self.judgement.verdict.value


@dataclass(frozen=True, slots=True)
class CertificateIssued:
    """A sealed certificate: its record, number, verdict and the signed ``IW1:`` text its QR code carries."""

    record_id: str
    spot_check_id: str
    number: str
    verdict: str
    qr_payload: str
    issued_at: dt.datetime


@dataclass(frozen=True, slots=True)
class DueItem:
    """An open deadline of a spot check, for the home page's "due soon" list."""

    spot_check_id: str
    results_record_id: str
    number: str  # the sampling form's number
    report_number: str
    product_name: str
    site_name: str
    deadline: Deadline
    overdue: bool

    @property
    def due(self) -> dt.date | dt.datetime | None:
        """When the deadline ends (a date lasts to its end); None when it cannot be computed."""
        return self.deadline.due


@dataclass(frozen=True, slots=True)
class SpotCheckOverview:
    """One spot check as a whole: its current sampling record, verdict, judgement, deadlines and other records."""

    spot_check: SpotCheckView
    original_id: str
    verdict: str | None
    judgement: SampleJudgement | None
    deadlines: tuple[Deadline, ...]
    certificate: CertificateIssued | None
    records: tuple[SealedRecordView, ...]


# ------------------------------------------------------------------------------------------------ the service


class SpotCheckService:
    """Spot-check records of one workspace, signed with this device's key.

    ``clock`` gives aware local datetimes (tests pass a fixed one). Every method opens its own session and returns
    frozen dataclasses.
    """

    def __init__(self, workspace: Workspace, device_keys: DeviceKeys, clock: Clock = local_now) -> None:
        self._workspace = workspace
        self._database = workspace.database
        self._keys = device_keys
        self._clock = clock
        self._attachments = AttachmentStore(workspace.attachments_dir)

    @property
    def device_id(self) -> str:
        """The id this workstation writes into its records (its key id)."""
        return self._keys.key_id

    # ----------------------------------------------------------------------------------------- starting a draft

    def start_from_scratch(self, inspector: InspectorSession, *, task_code: str | None = None) -> SpotCheckView:
        """A new draft with the inspector, the sampling unit, today's date and a proposed form number."""
        with self._database.session() as session:
            record = self._base_record(session, inspector)
            if task_code:
                record = _with_task(record, _task_row(session, task_code))
            return self._insert_spot_check(session, record, inspector)

    def start_from_task(self, task_code: str, inspector: InspectorSession) -> SpotCheckView:
        """A new draft for an assigned task: its basics, region, and its product kind when it has only one."""
        with self._database.session() as session:
            task = _task_row(session, task_code)
            record = _with_task(self._base_record(session, inspector), task)
            return self._insert_spot_check(session, record, inspector)

    def start_from_scan(
        self, card_or_code: VerdictCard | str, inspector: InspectorSession, *, task_code: str | None = None
    ) -> SpotCheckView:
        """A new draft for the scanned item: GTIN, batch and dates from the code; product, maker (name, USCC,
        address, licence numbers) and the catalogue's quantities from the reference data.

        ``card_or_code`` is a ``VerdictCard`` from the scan page or the code text itself.
        """
        if isinstance(card_or_code, VerdictCard):
            card = card_or_code
        else:
            if not card_or_code.strip():
                raise WorkflowError("no_code", [("没有可用的扫描编码", "No scanned code to start from")])
            card = ScanService(self._database, self.device_id, self._clock).verdict(card_or_code)
        found = card.identified.identification
        with self._database.session() as session:
            record = self._base_record(session, inspector)
            if task_code:
                record = _with_task(record, _task_row(session, task_code))
            if found is not None:
                record = _with_scanned_code(record, found, session)
            return self._insert_spot_check(session, record, inspector)

    def _base_record(self, session: Session, inspector: InspectorSession) -> SamplingRecord:
        today = self._clock().date()
        place = _saved_place(session)
        number = self._next_number(session, "spot_check", SPOT_CHECK_NUMBER_PREFIX, today.year)
        return SamplingRecord(
            basics=Basics(form_number=number),
            sampling_unit=SamplingUnit(name=inspector.unit),
            inspectors=(_inspector_of(inspector),),
            sampled_site=SampledSite(name=place.get("name", ""), address=place.get("address", "")),
            sample=Sample(sampling_date=today),
        )

    def _insert_spot_check(
        self, session: Session, record: SamplingRecord, inspector: InspectorSession
    ) -> SpotCheckView:
        record_id = new_uuid7()
        now = self._clock()
        row = FieldRecordRepository(session).insert_draft(
            NewFieldRecord(
                id=record_id,
                record_type="spot_check",
                created_at=now,
                utc_offset_minutes=_offset_minutes(now),
                payload_json=_draft_payload("spot_check", record_id, record.to_dict()),
                device_id=self.device_id,
                inspector_id=inspector.inspector_id,
                spot_check_id=None,
                index=_sampling_index(record, verdict=None),
            )
        )
        logger.info("spot check %s started by %s", record_id, inspector.badge_number)
        return _view(row, [])

    # ----------------------------------------------------------------------------------------- editing a draft

    def get(self, record_id: str) -> SpotCheckView:
        """The sampling record (spot check or amendment) ``record_id``."""
        with self._database.session() as session:
            row = _sampling_row(FieldRecordRepository(session), record_id)
            return _view(row, self._attachments.for_record(session, row.id))

    def save_draft(self, record_id: str, record: SamplingRecord) -> SpotCheckView:
        """Replace a draft's content; ``SealedRecordError`` once it is sealed."""
        with self._database.session() as session:
            repo = FieldRecordRepository(session)
            row = _sampling_row(repo, record_id)
            if row.sealed:
                raise SealedRecordError(record_id)
            body = _draft_body(row)
            body["record"] = record.to_dict()
            first, second = _inspector_ids(record)
            updated = repo.update_draft(
                record_id,
                canonical_json(body).decode("utf-8"),
                _sampling_index(record, verdict=None),
                inspector_id=first,
                second_inspector_id=second,
            )
            return _view(updated, self._attachments.for_record(session, record_id))

    def assign_inspectors(self, record_id: str, first: InspectorSession, second: InspectorSession) -> SpotCheckView:
        """Put the two logged-in inspectors on a draft's form (first and second sampler)."""
        current = self.get(record_id)
        if current.sealed:
            raise SealedRecordError(record_id)
        record = current.record.replace(inspectors=(_inspector_of(first), _inspector_of(second)))
        return self.save_draft(record_id, record)

    def discard_draft(self, record_id: str) -> None:
        """Throw a draft away (its attachment files stay: they are content-addressed and may be shared)."""
        with self._database.session() as session:
            FieldRecordRepository(session).delete_draft(record_id, self._attachments)
        logger.info("draft %s discarded", record_id)

    def add_attachment(self, record_id: str, role: str, data: bytes, media_type: str, name: str = "") -> AttachmentInfo:
        """Attach a signature or photo to a draft. A signature role holds one file: a new signature replaces the
        old one. Photo roles (``photo_site``, ``photo_sample``, ``photo_seal``, ``scan_form``) collect files."""
        if role not in ATTACHMENT_ROLES:
            raise AttachmentError(
                "bad_role",
                f"未知的附件用途：{role}",
                f"Unknown attachment role: {role} (one of {', '.join(ATTACHMENT_ROLES)})",
            )
        with self._database.session() as session:
            repo = FieldRecordRepository(session)
            row = repo.get(record_id)
            if row.sealed:
                raise SealedRecordError(record_id)
            stored = self._attachments.add(session, data, media_type, name, now=self._clock())
            if role in SIGNATURE_ROLES:
                self._attachments.unlink_role(session, record_id, role)
            self._attachments.link(session, record_id, stored.sha256, role)
        logger.info("attached %s (%s) to %s", role, stored.sha256[:12], record_id)
        return AttachmentInfo(role, stored.sha256, stored.media_type, stored.size_bytes, stored.original_name)

    def remove_attachment(self, record_id: str, role: str, sha256: str | None = None) -> None:
        """Detach a file (or every file in ``role``) from a draft."""
        with self._database.session() as session:
            row = FieldRecordRepository(session).get(record_id)
            if row.sealed:
                raise SealedRecordError(record_id)
            if sha256 is None:
                self._attachments.unlink_role(session, record_id, role)
            else:
                self._attachments.unlink(session, record_id, sha256, role)

    def read_attachment(self, sha256: str) -> bytes:
        """The bytes of an attached file, checked against its hash (``AttachmentError`` if missing or damaged)."""
        return self._attachments.read(sha256)

    # ----------------------------------------------------------------------------------------- validation

    def validate(self, record_id: str) -> list[ValidationIssue]:
        """Every problem of a sampling record, in the order of the form: formats, dates, quantities, inspectors,
        catalogue licence requirements, and earlier checks of the same product in the repeat-check window."""
        with self._database.session() as session:
            row = _sampling_row(FieldRecordRepository(session), record_id)
            return self._validate(session, _record_of(row), _chain_ids(session, row))

    def validate_record(self, record: SamplingRecord, record_id: str | None = None) -> list[ValidationIssue]:
        """Validate a record that is not saved yet (the form as it is being typed); ``record_id`` is the draft it
        will be saved into, so that the record is not compared with itself."""
        with self._database.session() as session:
            own: set[str] = set()
            if record_id is not None:
                row = FieldRecordRepository(session).find(record_id)
                own = _chain_ids(session, row) if row is not None else {record_id}
            return self._validate(session, record, own)

    def _validate(self, session: Session, record: SamplingRecord, own_ids: set[str]) -> list[ValidationIssue]:
        today = self._clock().date()
        window = _repeat_window(session)
        context = ValidationContext(
            today=today,
            requirements=_requirements(session, record.sample.product_kind_code),
            recent_checks=tuple(_recent_checks(session, record, own_ids, window, today)),
            same_product_window_months=window,
            follow_up_or_emergency=_is_follow_up_or_emergency(record),
        )
        return validate_sampling_record(record, context)

    # ----------------------------------------------------------------------------------------- sealing

    def seal(self, record_id: str, first: InspectorSession, second: InspectorSession) -> SpotCheckView:
        """Seal a draft spot check or amendment: hash, device signature and outbox row, in one transaction.

        Refused (``WorkflowError`` listing every reason) unless validation finds no error, the two sessions are two
        distinct inspectors known here who are the record's inspectors, both inspectors have signed, and the party
        has signed — unless it refused (with the reason recorded) or the sampling failed. An amendment also needs
        its reason.
        """
        with self._database.session() as session:
            repo = FieldRecordRepository(session)
            row = _sampling_row(repo, record_id)
            if row.sealed:
                raise SealedRecordError(record_id)
            record = _record_of(row)
            linked = self._attachments.for_record(session, record_id)
            problems = _seal_problems(session, row, record, linked, first=first, second=second)
            issues = self._validate(session, record, _chain_ids(session, row))
            problems.extend(
                (f"{issue.field}：{issue.message_zh}", f"{issue.field}: {issue.message_en}")
                for issue in issues
                if issue.is_error
            )
            if problems:
                raise WorkflowError("cannot_seal", problems)
            for attachment in linked:
                self._attachments.verify(attachment.sha256)
            body = _draft_body(row)
            sealed = self._seal_row(
                repo,
                row,
                record=body["record"],
                extra={key: value for key, value in body.items() if key not in ("type", "id", "record")},
                inspectors=(first, second),
                attachments=linked,
                index=_sampling_index(record, verdict=_initial_verdict(record)),
            )
            return _view(sealed, linked)

    def _seal_row(
        self,
        repo: FieldRecordRepository,
        row: FieldRecordRow,
        *,
        record: Mapping[str, Any],
        extra: Mapping[str, Any],
        inspectors: Sequence[InspectorSession | None],
        attachments: Sequence[LinkedAttachment],
        index: IndexFields,
    ) -> FieldRecordRow:
        now = self._clock()
        payload: dict[str, Any] = {
            "format": PAYLOAD_FORMAT,
            "format_version": PAYLOAD_VERSION,
            "type": row.record_type,
            "id": row.id,
            "device_id": self.device_id,
            "spot_check_id": row.spot_check_id,
            "supersedes_id": row.supersedes_id,
            "inspectors": [_inspector_json(person) for person in inspectors if person is not None],
            "times": {
                "created_at": _utc_text(row.created_at),
                "sealed_at": _utc_text(now),
                "utc_offset_minutes": row.utc_offset_minutes,
            },
            "record": dict(record),
            "attachments": _attachment_map(attachments),
            **extra,
        }
        digest = content_hash(payload)
        signature = self._keys.sign(record_signing_message(digest))
        return repo.seal(
            row.id,
            SealData(
                sealed_at=now,
                payload_json=canonical_json(payload).decode("utf-8"),
                content_hash=digest,
                signature=base64.b64encode(signature).decode("ascii"),
                signer_key_id=self._keys.key_id,
            ),
            index,
        )

    def verify_seal(self, record_id: str, trusted_keys: Mapping[str, bytes] | None = None) -> SealCheck:
        """Check a sealed record: its payload still hashes to its content hash, and the device signature over that
        hash verifies with a trusted key. ``trusted_keys`` (key id → raw public key) defaults to this
        workstation's own key and the keys it trusts."""
        with self._database.session() as session:
            row = FieldRecordRepository(session).get(record_id)
        if not row.sealed:
            return SealCheck(record_id, False, False, None, False)
        if trusted_keys is None:
            keys = TrustService(self._database, self._keys).trusted_keys()
            keys.setdefault(self._keys.key_id, self._keys.public_key_raw)
        else:
            keys = dict(trusted_keys)
        key = keys.get(row.signer_key_id or "")
        signature_ok = False
        if key is not None and row.signature and row.content_hash:
            try:
                signature = base64.b64decode(row.signature, validate=True)
            except ValueError:
                signature = b""
            signature_ok = verify_signature(key, signature, record_signing_message(row.content_hash))
        return SealCheck(record_id, bool(payload_matches_hash(row)), signature_ok, row.signer_key_id, key is not None)

    # ----------------------------------------------------------------------------------------- amendments

    def start_amendment(self, record_id: str, corrected: SamplingRecord, reason: str) -> SpotCheckView:
        """A draft amendment of the sealed sampling record ``record_id`` (or of the latest amendment of it, which
        is what it then names as corrected): attach the new signatures to it, then ``seal`` it."""
        reason = reason.strip()
        if not reason:
            raise WorkflowError("no_reason", [("更正必须说明原因", "An amendment needs its reason")])
        with self._database.session() as session:
            repo = FieldRecordRepository(session)
            target = _sampling_row(repo, record_id)
            if not target.sealed:
                raise WorkflowError(
                    "not_sealed",
                    [("草稿可直接修改，无需更正记录", "A draft is edited directly; only sealed records are amended")],
                )
            chain = [member for member in repo.amendment_chain(target.id) if member.sealed]
            latest = chain[-1]
            spot_check_id = chain[0].id
            amendment_id = new_uuid7()
            now = self._clock()
            body = {
                "type": "amendment",
                "id": amendment_id,
                "record": corrected.to_dict(),
                "amendment": {"corrects": latest.id, "reason": reason},
            }
            first, second = _inspector_ids(corrected)
            row = repo.insert_draft(
                NewFieldRecord(
                    id=amendment_id,
                    record_type="amendment",
                    created_at=now,
                    utc_offset_minutes=_offset_minutes(now),
                    payload_json=canonical_json(body).decode("utf-8"),
                    device_id=self.device_id,
                    inspector_id=first,
                    second_inspector_id=second,
                    spot_check_id=spot_check_id,
                    supersedes_id=latest.id,
                    index=_sampling_index(corrected, verdict=None),
                )
            )
            logger.info("amendment %s of %s started", amendment_id, latest.id)
            return _view(row, [])

    def amend(  # noqa: PLR0917 - the record, the correction, why, and the two inspectors who sign it
        self,
        record_id: str,
        corrected: SamplingRecord,
        reason: str,
        first: InspectorSession,
        second: InspectorSession,
        attachments: Iterable[AttachmentInput] = (),
    ) -> SpotCheckView:
        """Correct a sealed sampling record: a new amendment record naming what it corrects and why, with its own
        signatures (``attachments``: both inspectors', and the party's unless it refused), sealed like the
        original. The original stays as it was; ``history`` shows both."""
        draft = self.start_amendment(record_id, corrected, reason)
        try:
            for attachment in attachments:
                self.add_attachment(draft.id, attachment.role, attachment.data, attachment.media_type, attachment.name)
            return self.seal(draft.id, first, second)
        except Exception:
            self.discard_draft(draft.id)
            raise

    def history(self, record_id: str) -> list[HistoryEntry]:
        """The original sampling record and every sealed amendment, oldest first, each with the fields it changed
        (drafts of amendments are left out: they are not part of the record yet)."""
        with self._database.session() as session:
            repo = FieldRecordRepository(session)
            row = repo.get(record_id)
            if row.record_type not in ("spot_check", "amendment"):
                if row.spot_check_id is None:
                    raise _not_sampling(record_id)
                row = repo.get(row.spot_check_id)
            chain = [member for member in repo.amendment_chain(row.id) if member.sealed or member.supersedes_id is None]
            views = [_view(member, self._attachments.for_record(session, member.id)) for member in chain]
        entries = []
        previous: dict[str, Any] | None = None
        for view in views:
            current = view.record.to_dict()
            changes = () if previous is None else tuple(_changes(previous, current))
            entries.append(HistoryEntry(view, changes))
            previous = current
        return entries

    # ----------------------------------------------------------------------------------------- results and verdict

    def result_template(self, spot_check_id: str) -> list[ResultLine]:
        """One empty result line per inspection item of the sample's catalogue product kind, with its limit, unit
        and standards, in catalogue order (an empty list when the product kind is unknown)."""
        with self._database.session() as session:
            repo = FieldRecordRepository(session)
            spot = repo.get(spot_check_id)
            current = _effective(repo, spot) if spot.sealed else spot
            kind = product_kind_row(session, _record_of(current).sample.product_kind_code)
            if kind is None:
                return []
            return [_template_line(item) for item in kind.inspection_items]

    def enter_results(
        self,
        spot_check_id: str,
        lines: Sequence[ResultLine],
        report_number: str,
        lab: str,
        reported_on: dt.date,
        *,
        received_at: dt.date | dt.datetime | None = None,
        entered_by: InspectorSession | None = None,
        domain: str | None = None,
    ) -> ResultsEntry:
        """Judge the results of a sealed spot check and keep them as a sealed ``test_results`` record.

        Returns the sample's judgement (any failing item makes it nonconforming) and the deadlines it sets, from the
        rules table and the holiday calendar, counted from ``received_at`` — when the party received the result:
        ``reported_on`` by default, or now for an on-site rapid test (whose objection window runs in hours).
        ``domain`` (industrial / food / farm_produce) is needed only when the sample has no catalogue product kind.
        """
        lines = tuple(lines)
        if not lines:
            raise WorkflowError("no_results", [("没有检验结果", "No result lines were given")])
        now = self._clock()
        rules, calendar = self._deadline_inputs()
        with self._database.session() as session:
            repo = FieldRecordRepository(session)
            spot = _sealed_spot_check(repo, spot_check_id)
            current = _effective(repo, spot)
            record = _record_of(current)
            if record.outcome is SamplingOutcome.SAMPLING_FAILED:
                raise WorkflowError(
                    "sampling_failed",
                    [("抽样未果，没有样品可出具检验结果", "Sampling failed: there is no sample to test")],
                )
            product_domain = _domain_for(session, record, domain)
            judgement = judge_results(lines)
            rapid = any(line.rapid_test for line in lines)
            received = received_at if received_at is not None else (now if rapid else reported_on)
            deadlines = compute_deadlines(
                received,
                product_domain,
                rapid_test=rapid,
                nonconforming=judgement.verdict is SampleVerdict.NONCONFORMING,
                rules=rules,
                calendar=calendar,
            )
            body = {
                "sampling_record_id": current.id,
                "report_number": report_number.strip(),
                "lab": lab.strip(),
                "reported_on": reported_on.isoformat(),
                "received_at": received.isoformat(),
                "domain": product_domain.value,
                "rapid_test": rapid,
                "lines": [line.to_dict() for line in lines],
                "judgement": judgement.to_dict(),
                "deadlines": [deadline.to_dict() for deadline in deadlines],
            }
            row = self._insert_sealed(
                repo,
                "test_results",
                spot,
                body,
                (entered_by,),
                index=_child_index(record, number=report_number.strip(), verdict=judgement.verdict.value),
            )
        logger.info("results %s for %s: %s", row.id, spot_check_id, judgement.verdict.value)
        return ResultsEntry(row.id, spot_check_id, judgement, tuple(deadlines))

    def record_reinspection(  # noqa: PLR0917 - the same shape as enter_results, plus the objection it answers
        self,
        spot_check_id: str,
        objection_id: str,
        lines: Sequence[ResultLine],
        report_number: str,
        lab: str,
        reported_on: dt.date,
        *,
        received_at: dt.date | dt.datetime | None = None,
        entered_by: InspectorSession | None = None,
    ) -> ResultsEntry:
        """Keep the re-inspection (复检) that answers an objection as a sealed ``re_inspection`` record.

        Its verdict replaces the first one (it is final: no new objection window; correction and re-check follow a
        nonconforming result). For food the re-inspection lab is never the first lab, and after a rapid test of farm
        produce the re-test may not be a rapid method (Food Safety Law art. 88).
        """
        lines = tuple(lines)
        if not lines:
            raise WorkflowError("no_results", [("没有复检结果", "No re-inspection result lines were given")])
        rules, calendar = self._deadline_inputs()
        with self._database.session() as session:
            repo = FieldRecordRepository(session)
            spot = _sealed_spot_check(repo, spot_check_id)
            objection = repo.get(objection_id)
            if objection.record_type != "objection" or objection.spot_check_id != spot.id:
                raise WorkflowError(
                    "not_an_objection",
                    [
                        (
                            f"{objection_id} 不是本次抽查的异议记录",
                            f"{objection_id} is not an objection to this spot check",
                        )
                    ],
                )
            latest = _latest_results(repo, spot.id)
            if latest is not None and latest.record_type == "re_inspection":
                raise WorkflowError(
                    "already_reinspected",
                    [
                        (
                            "本次抽查已有复检结论，复检结论为最终结论",
                            "This spot check was re-inspected already; that result is final",
                        )
                    ],
                )
            first = repo.get(str(objection.payload["record"]["results_record_id"]))
            if latest is None or first.id != latest.id:
                raise WorkflowError(
                    "objection_not_current",
                    [
                        (
                            "该异议针对的不是最新的检验结果",
                            "The objection is not against the latest results of this spot check",
                        )
                    ],
                )
            first_body = first.payload["record"]
            product_domain = CatalogueDomain(first_body["domain"])
            problems: list[tuple[str, str]] = []
            if not lab.strip():
                problems.append(("须写明复检机构", "The re-inspection laboratory must be given"))
            elif product_domain is not CatalogueDomain.INDUSTRIAL and _same_lab(lab, str(first_body.get("lab", ""))):
                problems.append(
                    (
                        "食品复检机构不得为初检机构",
                        "For food, the re-inspection laboratory may not be the one that made the first test",
                    )
                )
            if bool(first_body.get("rapid_test")) and any(line.rapid_test for line in lines):
                problems.append(
                    (
                        "快速检测结果的复检不得采用快速检测方法",
                        "A re-test after a rapid test may not use a rapid method",
                    )
                )
            if problems:
                raise WorkflowError("reinspection_refused", problems)
            current = _effective(repo, spot)
            record = _record_of(current)
            judgement = judge_results(lines)
            received = received_at if received_at is not None else reported_on
            deadlines = [
                deadline
                for deadline in compute_deadlines(
                    received,
                    product_domain,
                    rapid_test=False,
                    nonconforming=judgement.verdict is SampleVerdict.NONCONFORMING,
                    rules=rules,
                    calendar=calendar,
                )
                if deadline.code not in OBJECTION_CODES
            ]
            body = {
                "sampling_record_id": current.id,
                "objection_id": objection.id,
                "first_results_id": first.id,
                "report_number": report_number.strip(),
                "lab": lab.strip(),
                "reported_on": reported_on.isoformat(),
                "received_at": received.isoformat(),
                "domain": product_domain.value,
                "rapid_test": False,
                "lines": [line.to_dict() for line in lines],
                "judgement": judgement.to_dict(),
                "deadlines": [deadline.to_dict() for deadline in deadlines],
            }
            row = self._insert_sealed(
                repo,
                "re_inspection",
                spot,
                body,
                (entered_by,),
                index=_child_index(record, number=report_number.strip(), verdict=judgement.verdict.value),
            )
        logger.info("re-inspection %s for %s: %s", row.id, spot_check_id, judgement.verdict.value)
        return ResultsEntry(row.id, spot_check_id, judgement, tuple(deadlines))

    def issue_certificate(self, spot_check_id: str, *, issued_by: InspectorSession | None = None) -> CertificateIssued:
        """A sealed ``certificate`` record for the latest results of a spot check, numbered
        ``IW-<year>-<device>-<seq>``, with the signed QR payload. Asking again for the same results gives the
        certificate already issued; new results (a re-inspection) get a new certificate."""
        now = self._clock()
        with self._database.session() as session:
            repo = FieldRecordRepository(session)
            spot = _sealed_spot_check(repo, spot_check_id)
            results = _latest_results(repo, spot.id)
            if results is None:
                raise WorkflowError("no_results", [("尚无检验结果，不能出具证书", "No results yet: no certificate")])
            if results.verdict not in (SampleVerdict.CONFORMING.value, SampleVerdict.NONCONFORMING.value):
                raise WorkflowError(
                    "incomplete",
                    [("检验结果不完整，不能出具证书", "The results are incomplete: no certificate can be issued")],
                )
            for existing in repo.children(spot.id, "certificate"):
                if existing.sealed and existing.payload["record"].get("results_record_id") == results.id:
                    return _certificate_issued(existing)
            current = _effective(repo, spot)
            record = _record_of(current)
            results_body = results.payload["record"]
            number = self._next_number(session, "certificate", CERTIFICATE_NUMBER_PREFIX, now.year)
            claims = CertificateClaims(
                certificate_number=number,
                verdict=Conformity(results.verdict),
                product=record.sample.name,
                batch=record.sample.batch,
                maker_uscc=record.producer.uscc,
                date=dt.date.fromisoformat(results_body["reported_on"]),
                inspector_badges=tuple(person.badge_number for person in record.inspectors),
                issued_at=now,
            )
            payload = encode_certificate(
                claims, self._keys.sign, self._keys.key_id, signer_public_key=self._keys.public_key_raw
            )
            body = {
                "number": number,
                "verdict": results.verdict,
                "results_record_id": results.id,
                "sampling_record_id": current.id,
                "claims": {
                    "certificate_number": number,
                    "verdict": results.verdict,
                    "product": record.sample.name,
                    "batch": record.sample.batch,
                    "maker_uscc": record.producer.uscc,
                    "date": claims.date.isoformat(),
                    "inspector_badges": list(claims.inspector_badges),
                    "issued_at": now.isoformat(),
                },
                "qr_payload": payload,
            }
            row = self._insert_sealed(
                repo, "certificate", spot, body, (issued_by,), index=_child_index(record, number, results.verdict)
            )
        logger.info("certificate %s issued for %s", number, spot_check_id)
        return _certificate_issued(row)

    # ----------------------------------------------------------------------------------------- after the verdict

    def file_objection(
        self,
        spot_check_id: str,
        filed_on: dt.date,
        by: str,
        reason: str,
        *,
        recorded_by: InspectorSession | None = None,
    ) -> SealedRecordView:
        """Keep an objection (异议 / 复检申请) to the latest results as a sealed ``objection`` record, with whether it
        came within the objection window (a late objection is recorded too: what happened is the record)."""
        by, reason = by.strip(), reason.strip()
        problems = []
        if not by:
            problems.append(("须写明异议申请人", "Who objects must be given"))
        if not reason:
            problems.append(("须写明异议理由", "The objection's grounds must be given"))
        if problems:
            raise WorkflowError("incomplete_objection", problems)
        rules, calendar = self._deadline_inputs()
        with self._database.session() as session:
            repo = FieldRecordRepository(session)
            spot = _sealed_spot_check(repo, spot_check_id)
            results = _latest_results(repo, spot.id)
            if results is None or results.record_type != "test_results":
                raise WorkflowError(
                    "nothing_to_object",
                    [
                        (
                            "没有可提出异议的检验结果（复检结论为最终结论）",
                            "There are no results open to objection (a re-inspection's result is final)",
                        )
                    ],
                )
            window = next((d for d in _deadlines_of(results, rules, calendar) if d.code in OBJECTION_CODES), None)
            within: bool | None = None
            if window is not None and window.due is not None:
                due_day = window.due.date() if isinstance(window.due, dt.datetime) else window.due
                within = filed_on <= due_day
            current = _effective(repo, spot)
            body = {
                "results_record_id": results.id,
                "filed_on": filed_on.isoformat(),
                "by": by,
                "reason": reason,
                "window": window.to_dict() if window is not None else None,
                "within_window": within,
            }
            row = self._insert_sealed(
                repo, "objection", spot, body, (recorded_by,), index=_child_index(_record_of(current), "", None)
            )
        logger.info("objection %s filed against %s", row.id, spot_check_id)
        return _sealed_view(row)

    def record_follow_up(
        self,
        spot_check_id: str,
        kind: str,
        done_on: dt.date,
        note: str = "",
        *,
        outcome: str = "",
        document_number: str = "",
        recorded_by: InspectorSession | None = None,
    ) -> SealedRecordView:
        """Keep a follow-up of a nonconforming sample as a sealed ``follow_up`` record: ``correction_order`` (责令
        整改, with the order's ``document_number``) or ``re_check`` (复查, with ``outcome`` conforming or
        nonconforming). Each closes its deadline in ``due_soon``."""
        if kind not in FOLLOW_UP_KINDS:
            raise WorkflowError("bad_follow_up", [(f"未知的后续处理类型：{kind}", f"Unknown follow-up kind {kind!r}")])
        outcome = outcome.strip()
        if kind == "correction_order" and not document_number.strip():
            raise WorkflowError(
                "no_document_number",
                [("责令整改须记录整改通知书文号", "A correction order needs the number of its order document")],
            )
        if kind == "re_check" and outcome not in (SampleVerdict.CONFORMING.value, SampleVerdict.NONCONFORMING.value):
            raise WorkflowError(
                "no_outcome",
                [("复查须记录结论（合格或不合格）", "A re-check needs its outcome: conforming or nonconforming")],
            )
        with self._database.session() as session:
            repo = FieldRecordRepository(session)
            spot = _sealed_spot_check(repo, spot_check_id)
            results = _latest_results(repo, spot.id)
            if results is None or results.verdict != SampleVerdict.NONCONFORMING.value:
                raise WorkflowError(
                    "not_nonconforming",
                    [("只有不合格样品才有整改和复查", "Correction and re-check follow only a nonconforming sample")],
                )
            current = _effective(repo, spot)
            body = {
                "results_record_id": results.id,
                "kind": kind,
                "done_on": done_on.isoformat(),
                "outcome": outcome,
                "document_number": document_number.strip(),
                "note": note.strip(),
            }
            row = self._insert_sealed(
                repo,
                "follow_up",
                spot,
                body,
                (recorded_by,),
                index=_child_index(_record_of(current), document_number.strip(), outcome or None),
            )
        logger.info("follow-up %s (%s) for %s", row.id, kind, spot_check_id)
        return _sealed_view(row)

    def due_soon(self, within_days: int = 7) -> list[DueItem]:
        """Open deadlines ending within ``within_days``: objection windows of nonconforming results still open,
        and correction and re-check deadlines (also overdue ones) not yet closed by a follow-up. Deadlines that
        cannot be computed (an unknown holiday year) are always listed, last."""
        now = self._clock()
        rules, calendar = self._deadline_inputs()
        with self._database.session() as session:
            repo = FieldRecordRepository(session)
            rows = repo.sealed_of_types(("test_results", "re_inspection", "objection", "follow_up"))
            numbers = {row.id: row.number for row in repo.sealed_of_types(("spot_check",))}
        by_spot: dict[str, list[FieldRecordRow]] = {}
        for row in rows:
            if row.spot_check_id is not None:
                by_spot.setdefault(row.spot_check_id, []).append(row)
        items: list[DueItem] = []
        for spot_check_id, children in by_spot.items():
            results = [row for row in children if row.record_type in ("test_results", "re_inspection")]
            if not results:
                continue
            latest = results[-1]
            if latest.verdict != SampleVerdict.NONCONFORMING.value:
                continue
            objected = any(
                row.record_type == "objection" and row.payload["record"].get("results_record_id") == latest.id
                for row in children
            )
            closed = {
                str(row.payload["record"].get("kind"))
                for row in children
                if row.record_type == "follow_up" and row.created_at >= latest.created_at
            }
            deadlines = _deadlines_of(latest, rules, calendar)
            windows = [d for d in deadlines if d.code in OBJECTION_CODES and not objected]
            follow_ups = [d for d in deadlines if d.code in _KIND_CLOSING and _KIND_CLOSING[d.code] not in closed]
            chosen = due_soon(windows, now, within_days) + due_soon(follow_ups, now, within_days, include_overdue=True)
            for deadline in chosen:
                end = deadline.ends_at(now.tzinfo)
                items.append(
                    DueItem(
                        spot_check_id=spot_check_id,
                        results_record_id=latest.id,
                        number=numbers.get(spot_check_id, ""),
                        report_number=latest.number,
                        product_name=latest.product_name,
                        site_name=latest.site_name,
                        deadline=deadline,
                        overdue=end is not None and end <= now,
                    )
                )
        items.sort(key=lambda item: _sort_key(item, now))
        return items

    def overview(self, spot_check_id: str) -> SpotCheckOverview:
        """Everything about one spot check: its current sampling record (the latest sealed amendment, if any), the
        latest judgement and its deadlines, the certificate, and every sealed record that belongs to it."""
        rules, calendar = self._deadline_inputs()
        with self._database.session() as session:
            repo = FieldRecordRepository(session)
            spot = repo.get(spot_check_id)
            if spot.record_type == "amendment" and spot.spot_check_id is not None:
                spot = repo.get(spot.spot_check_id)
            if spot.record_type != "spot_check":
                raise _not_sampling(spot_check_id)
            current = _effective(repo, spot) if spot.sealed else spot
            view = _view(current, self._attachments.for_record(session, current.id))
            children = [row for row in repo.children(spot.id) if row.sealed and row.record_type != "amendment"]
        results = [row for row in children if row.record_type in ("test_results", "re_inspection")]
        latest = results[-1] if results else None
        certificates = [row for row in children if row.record_type == "certificate"]
        judgement = SampleJudgement.from_dict(latest.payload["record"]["judgement"]) if latest else None
        return SpotCheckOverview(
            spot_check=view,
            original_id=spot.id,
            verdict=latest.verdict if latest is not None else spot.verdict,
            judgement=judgement,
            deadlines=tuple(_deadlines_of(latest, rules, calendar)) if latest is not None else (),
            certificate=_certificate_issued(certificates[-1]) if certificates else None,
            records=tuple(_sealed_view(row) for row in children),
        )

    # ----------------------------------------------------------------------------------------- documents

    def sampling_form_pdf(self, record_id: str, layout: str = "a4") -> bytes:
        """The sampling form of a spot check or amendment as a PDF (five labelled copies)."""
        document = self.sampling_form_document(record_id)
        from inspector_app.documents.sampling_form_pdf import render_sampling_form

        return render_sampling_form(document, layout=layout)

    def sampling_form_document(self, record_id: str) -> SamplingFormDocument:
        """What the sampling form of ``record_id`` prints (also for batch printing several records)."""
        with self._database.session() as session:
            row = _sampling_row(FieldRecordRepository(session), record_id)
            linked = self._attachments.for_record(session, row.id)
        record = _record_of(row)
        signatures = {a.role: a.sha256 for a in linked if a.role in SIGNATURE_ROLES}
        note = ""
        if row.record_type == "amendment":
            amendment = row.payload.get("amendment") or {}
            note = f"更正 {amendment.get('corrects', row.supersedes_id)}：{amendment.get('reason', '')}"
        regions = _regions()
        return SamplingFormDocument.from_record(
            record,
            record_id=row.id,
            content_hash=row.content_hash or "",
            sealed_at=row.local_time(row.sealed_at) if row.sealed_at is not None else None,
            number=row.number,
            signature_inspector_1=self._signature(signatures, ROLE_SIGNATURE_INSPECTOR_1),
            signature_inspector_2=self._signature(signatures, ROLE_SIGNATURE_INSPECTOR_2),
            signature_party=self._signature(signatures, ROLE_SIGNATURE_PARTY),
            signer_key_id=row.signer_key_id or "",
            amendment_note=note,
            sampled_site_region=_region_name(regions, record.sampled_site.region_code),
            producer_region=_region_name(regions, record.producer.region_code),
        )

    def certificate_pdf(self, record_id: str, layout: str = "a4") -> bytes:
        """The certificate / test report as a PDF; ``record_id`` is a certificate, or a spot check that has one
        (its latest)."""
        document = self.certificate_document(record_id)
        from inspector_app.documents.certificate_pdf import render_certificate

        return render_certificate(document, layout=layout)

    def certificate_document(self, record_id: str) -> CertificateDocument:
        """What the certificate ``record_id`` (or the latest certificate of spot check ``record_id``) prints."""
        rules, calendar = self._deadline_inputs()
        with self._database.session() as session:
            repo = FieldRecordRepository(session)
            row = repo.get(record_id)
            if row.record_type in ("spot_check", "amendment"):
                spot_id = row.spot_check_id or row.id
                certificates = [c for c in repo.children(spot_id, "certificate") if c.sealed]
                if not certificates:
                    raise NotFoundError(
                        f"抽查 {record_id} 尚未出具证书", f"No certificate has been issued for spot check {record_id}"
                    )
                row = certificates[-1]
            if row.record_type != "certificate" or not row.sealed:
                raise NotFoundError(f"{record_id} 不是证书", f"{record_id} is not a certificate")
            body = row.payload["record"]
            results = repo.get(str(body["results_record_id"]))
            sampling = repo.get(str(body["sampling_record_id"]))
        record = _record_of(sampling)
        results_body = results.payload["record"]
        lines = [ResultLine.from_dict(item) for item in results_body["lines"]]
        judgement = SampleJudgement.from_dict(results_body["judgement"])
        deadlines = _deadlines_of(results, rules, calendar)
        sample = record.sample
        return CertificateDocument(
            certificate_number=row.number,
            verdict=Conformity(body["verdict"]),
            product=sample.name,
            specification=sample.specification,
            batch=sample.batch,
            producer=record.producer.name,
            producer_uscc=record.producer.uscc,
            sampled_site=record.sampled_site.name,
            sampling_date=sample.sampling_date,
            report_date=dt.date.fromisoformat(results_body["reported_on"]),
            lab=str(results_body.get("lab", "")),
            report_number=str(results_body.get("report_number", "")),
            results=tuple(
                _certificate_line(line, judged) for line, judged in zip(lines, judgement.lines, strict=False)
            ),
            inspectors=record.inspectors,
            deadlines=tuple(_deadline_text(deadline) for deadline in deadlines),
            qr_payload=str(body["qr_payload"]),
            organiser=record.basics.organiser,
            trademark=sample.trademark,
            record_id=row.id,
            issued_at=row.local_time(row.sealed_at) if row.sealed_at is not None else None,
            notes=judgement.reason_zh,
        )

    def _signature(self, signatures: Mapping[str, str], role: str) -> bytes | None:
        sha256 = signatures.get(role)
        return self._attachments.read(sha256) if sha256 is not None else None

    # ----------------------------------------------------------------------------------------- shared steps

    def _deadline_inputs(self) -> tuple[list[DeadlineRule], WorkingDayCalendar]:
        from inspector_app.services.holiday_service import load_calendar

        with self._database.session() as session:
            rules = _deadline_rules(session)
        return rules, load_calendar(self._database)

    def _insert_sealed(
        self,
        repo: FieldRecordRepository,
        record_type: str,
        spot: FieldRecordRow,
        body: Mapping[str, Any],
        people: Sequence[InspectorSession | None],
        *,
        index: IndexFields,
    ) -> FieldRecordRow:
        record_id = new_uuid7()
        now = self._clock()
        present = [person for person in people if person is not None]
        row = repo.insert_draft(
            NewFieldRecord(
                id=record_id,
                record_type=record_type,
                created_at=now,
                utc_offset_minutes=_offset_minutes(now),
                payload_json=_draft_payload(record_type, record_id, body),
                device_id=self.device_id,
                inspector_id=present[0].inspector_id if present else None,
                second_inspector_id=present[1].inspector_id if len(present) > 1 else None,
                spot_check_id=spot.id,
                index=index,
            )
        )
        return self._seal_row(repo, row, record=body, extra={}, inspectors=present, attachments=(), index=index)

    # ----------------------------------------------------------------------------------------- numbers

    def _next_number(self, session: Session, record_type: str, prefix: str, year: int) -> str:
        stem = f"{prefix}-{year}-{self.device_id[:8]}-"
        sequence = FieldRecordRepository(session).max_number_sequence(record_type, stem) + 1
        return f"{stem}{sequence:04d}"


# ------------------------------------------------------------------------------------------------ helpers


def _offset_minutes(moment: dt.datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("the clock must give aware datetimes")
    offset = moment.utcoffset() or dt.timedelta(0)
    return int(offset.total_seconds() // 60)


def _utc_text(moment: dt.datetime) -> str:
    utc = moment.astimezone(dt.UTC) if moment.tzinfo is not None else moment
    return utc.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _draft_payload(record_type: str, record_id: str, record: Mapping[str, Any]) -> str:
    return canonical_json({"type": record_type, "id": record_id, "record": dict(record)}).decode("utf-8")


def _draft_body(row: FieldRecordRow) -> dict[str, Any]:
    body = row.payload
    if not isinstance(body.get("record"), dict):
        raise ValueError(f"record {row.id}: the payload has no record")
    return body


def _record_of(row: FieldRecordRow) -> SamplingRecord:
    return SamplingRecord.from_dict(_draft_body(row)["record"])


def _sampling_row(repo: FieldRecordRepository, record_id: str) -> FieldRecordRow:
    row = repo.get(record_id)
    if row.record_type not in ("spot_check", "amendment"):
        raise _not_sampling(record_id)
    return row


def _not_sampling(record_id: str) -> NotFoundError:
    return NotFoundError(f"{record_id} 不是抽样单或其更正记录", f"{record_id} is not a sampling record or amendment")


def _chain_ids(session: Session, row: FieldRecordRow) -> set[str]:
    return {member.id for member in FieldRecordRepository(session).amendment_chain(row.id)}


def _inspector_of(session_: InspectorSession) -> Inspector:
    return Inspector(inspector_id=session_.inspector_id, name=session_.name, badge_number=session_.badge_number)


def _inspector_json(person: InspectorSession) -> dict[str, Any]:
    return {"id": person.inspector_id, "name": person.name, "badge_number": person.badge_number}


def _inspector_ids(record: SamplingRecord) -> tuple[int | None, int | None]:
    ids = [person.inspector_id for person in record.inspectors]
    return (ids[0] if ids else None, ids[1] if len(ids) > 1 else None)


def _initial_verdict(record: SamplingRecord) -> str:
    return "failed" if record.outcome is SamplingOutcome.SAMPLING_FAILED else "pending"


def _sampling_index(record: SamplingRecord, *, verdict: str | None) -> IndexFields:
    sample = record.sample
    return IndexFields(
        number=record.basics.form_number[:40],
        product_name=sample.name,
        gtin=sample.gtin or None,
        batch=sample.batch[:40] or None,
        producer_uscc=record.producer.uscc or None,
        site_name=record.sampled_site.name,
        verdict=verdict,
    )


def _attachment_map(attachments: Iterable[LinkedAttachment]) -> dict[str, list[str]]:
    mapping: dict[str, list[str]] = {}
    for attachment in attachments:
        mapping.setdefault(attachment.role, []).append(attachment.sha256)
    return {role: sorted(hashes) for role, hashes in sorted(mapping.items())}


def _view(row: FieldRecordRow, attachments: Iterable[LinkedAttachment]) -> SpotCheckView:
    body = _draft_body(row)
    amendment = body.get("amendment")
    return SpotCheckView(
        id=row.id,
        record_type=row.record_type,
        status=row.status,
        record=SamplingRecord.from_dict(body["record"]),
        number=row.number,
        created_at=row.local_time(row.created_at),
        sealed_at=row.local_time(row.sealed_at) if row.sealed_at is not None else None,
        content_hash=row.content_hash,
        signer_key_id=row.signer_key_id,
        attachments=tuple(
            AttachmentInfo(a.role, a.sha256, a.media_type, a.size_bytes, a.original_name) for a in attachments
        ),
        spot_check_id=row.spot_check_id or row.id,
        supersedes_id=row.supersedes_id,
        reason=str(amendment.get("reason", "")) if isinstance(amendment, dict) else "",
    )


def _changes(before: Mapping[str, Any], after: Mapping[str, Any], prefix: str = "") -> list[FieldChange]:
    changes: list[FieldChange] = []
    for key in sorted(set(before) | set(after)):
        path = f"{prefix}.{key}" if prefix else key
        old, new = before.get(key), after.get(key)
        if isinstance(old, dict) and isinstance(new, dict):
            changes.extend(_changes(old, new, path))
        elif old != new:
            changes.append(FieldChange(path, old, new))
    return changes


def _seal_problems(
    session: Session,
    row: FieldRecordRow,
    record: SamplingRecord,
    linked: Sequence[LinkedAttachment],
    *,
    first: InspectorSession,
    second: InspectorSession,
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if first.inspector_id == second.inspector_id or first.badge_number == second.badge_number:
        problems.append(("两名抽样人员必须是不同的人", "The two samplers must be two different inspectors"))
    for person in (first, second):
        known = session.get(InspectorRow, person.inspector_id)
        if known is None or known.badge_number != person.badge_number or not known.active:
            problems.append(
                (
                    f"执法人员 {person.name}（{person.badge_number}）不是本机有效的执法人员",
                    f"Inspector {person.name} ({person.badge_number}) is not an active inspector on this workstation",
                )
            )
    on_form = {(p.inspector_id, p.badge_number) for p in record.inspectors}
    for person in (first, second):
        if (person.inspector_id, person.badge_number) not in on_form:
            problems.append(
                (
                    f"签章人员 {person.name}（{person.badge_number}）不是抽样单上的抽样人员",
                    f"{person.name} ({person.badge_number}) is not one of the samplers on the form",
                )
            )
    roles = {attachment.role for attachment in linked}
    needed = [(ROLE_SIGNATURE_INSPECTOR_1, "第一抽样人签名", "the first sampler's signature")]
    needed.append((ROLE_SIGNATURE_INSPECTOR_2, "第二抽样人签名", "the second sampler's signature"))
    if record.outcome is SamplingOutcome.SAMPLED:
        needed.append((ROLE_SIGNATURE_PARTY, "被抽样单位签名", "the sampled party's signature"))
    for role, zh, en in needed:
        if role not in roles:
            problems.append((f"缺少{zh}", f"Missing {en}"))
    if record.outcome is SamplingOutcome.REFUSED_TO_SIGN and not record.refusal_reason.strip():
        problems.append(("被抽样单位拒签时必须记录拒签原因", "A refusal to sign needs its reason"))
    if record.outcome is SamplingOutcome.SAMPLING_FAILED and not record.failure_reason.strip():
        problems.append(("抽样未果时必须记录原因", "Sampling failed needs its reason"))
    if row.record_type == "amendment":
        amendment = row.payload.get("amendment")
        if not isinstance(amendment, dict) or not str(amendment.get("reason", "")).strip():
            problems.append(("更正必须说明原因", "An amendment needs its reason"))
    return problems


# ------------------------------------------------------------------------------------------------ workflow helpers

OBJECTION_CODES = frozenset({OBJECTION_INDUSTRIAL, OBJECTION_FOOD, OBJECTION_FARM_RAPID_TEST})
#: The deadline each follow-up kind closes (``due_soon`` stops listing it once a follow-up of that kind is sealed).
FOLLOW_UP_DEADLINES: Mapping[str, str] = {
    "correction_order": AFTER_FAILURE_CORRECTION,
    "re_check": AFTER_FAILURE_RECHECK,
}
_KIND_CLOSING = {code: kind for kind, code in FOLLOW_UP_DEADLINES.items()}
# Words in the sampling type that mark a follow-up of a failure or an emergency check, which the repeat-check rule
# exempts (DOMAIN.md §2).
_EXEMPT_SAMPLING_TYPES = ("跟踪", "应急", "follow", "emergency")


def _sealed_spot_check(repo: FieldRecordRepository, spot_check_id: str) -> FieldRecordRow:
    row = repo.get(spot_check_id)
    if row.record_type == "amendment" and row.spot_check_id is not None:
        row = repo.get(row.spot_check_id)
    if row.record_type != "spot_check":
        raise _not_sampling(spot_check_id)
    if not row.sealed:
        raise WorkflowError(
            "not_sealed", [("抽样单尚未签章封存", "The sampling record is not sealed yet: sign and seal it first")]
        )
    return row


def _effective(repo: FieldRecordRepository, spot: FieldRecordRow) -> FieldRecordRow:
    """The sampling record in force: the latest sealed amendment, or the original."""
    chain = [member for member in repo.amendment_chain(spot.id) if member.sealed]
    return chain[-1] if chain else spot


def _latest_results(repo: FieldRecordRepository, spot_check_id: str) -> FieldRecordRow | None:
    results = [
        row
        for row in repo.children(spot_check_id)
        if row.sealed and row.record_type in ("test_results", "re_inspection")
    ]
    return results[-1] if results else None


def _domain_for(session: Session, record: SamplingRecord, override: str | None) -> CatalogueDomain:
    if override:
        try:
            return CatalogueDomain(override)
        except ValueError:
            raise WorkflowError(
                "bad_domain",
                [
                    (
                        f"未知的产品领域：{override}",
                        f"Unknown product domain {override!r} (industrial, food or farm_produce)",
                    )
                ],
            ) from None
    requirements = _requirements(session, record.sample.product_kind_code)
    if requirements is None or requirements.domain is None:
        raise WorkflowError(
            "unknown_domain",
            [
                (
                    "样品没有目录产品类别，无法确定异议期限，请指明产品领域（工业产品、食品或食用农产品）",
                    "The sample has no catalogue product kind, so the objection window is unknown; say whether it is "
                    "an industrial product, food or edible farm produce",
                )
            ],
        )
    return requirements.domain


def _same_lab(first: str, second: str) -> bool:
    return "".join(first.split()).casefold() == "".join(second.split()).casefold()


def _parse_moment(text: str) -> dt.date | dt.datetime:
    return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)


def _deadlines_of(
    results: FieldRecordRow, rules: Sequence[DeadlineRule], calendar: WorkingDayCalendar
) -> list[Deadline]:
    """The deadlines of a results record, counted again with today's rules and calendar (a holiday year that was
    unknown when the results were entered may be known now)."""
    body = results.payload["record"]
    deadlines = compute_deadlines(
        _parse_moment(str(body["received_at"])),
        CatalogueDomain(body["domain"]),
        rapid_test=bool(body.get("rapid_test")),
        nonconforming=results.verdict == SampleVerdict.NONCONFORMING.value,
        rules=rules,
        calendar=calendar,
    )
    if results.record_type == "re_inspection":
        deadlines = [deadline for deadline in deadlines if deadline.code not in OBJECTION_CODES]
    return deadlines


def _deadline_rules(session: Session) -> list[DeadlineRule]:
    rules = []
    for rule in session.scalars(select(Rule).order_by(Rule.code)):
        try:
            rules.append(
                DeadlineRule(
                    code=rule.code,
                    name=rule.name,
                    amount=rule.amount,
                    day_type=rule.day_type,  # type: ignore[arg-type]  # coerced (and checked) by DeadlineRule
                    legal_source=rule.legal_source,
                    applies_to=rule.applies_to,
                    confidence=rule.confidence,
                    note=rule.note,
                )
            )
        except ValueError:
            logger.error("rule %s cannot be counted with (day type %r); left out", rule.code, rule.day_type)
    return rules


def _repeat_window(session: Session) -> int | None:
    rule = session.scalars(select(Rule).where(Rule.code == REPEAT_CHECK_WINDOW)).one_or_none()
    return None if rule is None or rule.day_type != "months" else rule.amount


def _requirements(session: Session, kind_code: str) -> ProductKindRequirements | None:
    if not kind_code.strip():
        return None
    kind = product_kind_row(session, kind_code.strip())
    if kind is None:
        return None
    try:
        domain: CatalogueDomain | None = CatalogueDomain(kind.category.domain)
    except ValueError:
        domain = None
    return ProductKindRequirements(
        code=kind.code,
        name=kind.name,
        domain=domain,
        needs_xk=kind.needs_xk,
        needs_ccc=kind.needs_ccc,
        needs_sc=kind.needs_sc,
        ccc_code=kind.ccc_code,
        sample_quantity=kind.sample_quantity,
        backup_quantity=kind.backup_quantity,
        quantity_unit=kind.quantity_unit,
    )


def _is_follow_up_or_emergency(record: SamplingRecord) -> bool:
    text = record.basics.sampling_type.casefold()
    return any(word in text for word in _EXEMPT_SAMPLING_TYPES)


def _recent_checks(
    session: Session, record: SamplingRecord, own_ids: set[str], window_months: int | None, today: dt.date
) -> list[RecentCheck]:
    """Sealed spot checks of the same producer (or GTIN) on this workstation — each in its version in force —
    that the repeat-check rule may concern."""
    uscc, gtin = record.producer.uscc.strip().upper(), record.sample.gtin.strip()
    if not uscc and not gtin:
        return []
    repo = FieldRecordRepository(session)
    candidates = repo.sealed_sampling_records(producer_uscc=uscc or None, gtin=gtin or None)
    day = record.sample.sampling_date or today
    horizon = add_months(day, -(window_months or 6))
    checks: list[RecentCheck] = []
    seen: set[str] = set()
    for row in candidates:
        spot_id = row.spot_check_id or row.id
        if spot_id in own_ids or row.id in own_ids or spot_id in seen:
            continue
        current = _effective(repo, repo.get(spot_id))
        seen.add(spot_id)
        earlier = _record_of(current)
        if earlier.outcome is SamplingOutcome.SAMPLING_FAILED or earlier.sample.sampling_date is None:
            continue
        if earlier.sample.sampling_date < horizon:
            continue
        latest = _latest_results(repo, spot_id)
        checks.append(
            RecentCheck(
                record_id=spot_id,
                sampling_date=earlier.sample.sampling_date,
                producer_uscc=earlier.producer.uscc,
                producer_name=earlier.producer.name,
                trademark=earlier.sample.trademark,
                specification=earlier.sample.specification,
                standard=earlier.sample.standard,
                form_number=earlier.basics.form_number,
                nonconforming=latest is not None and latest.verdict == SampleVerdict.NONCONFORMING.value,
            )
        )
    return checks


def _child_index(record: SamplingRecord, number: str, verdict: str | None) -> IndexFields:
    """Index columns of a record that belongs to a spot check: the sample's, with its own number and verdict."""
    return dataclasses.replace(_sampling_index(record, verdict=verdict), number=number[:40])


def _sealed_view(row: FieldRecordRow) -> SealedRecordView:
    assert row.sealed_at is not None and row.content_hash is not None
    return SealedRecordView(
        id=row.id,
        record_type=row.record_type,
        spot_check_id=row.spot_check_id or row.id,
        number=row.number,
        verdict=row.verdict,
        body=dict(row.payload["record"]),
        created_at=row.local_time(row.created_at),
        sealed_at=row.local_time(row.sealed_at),
        content_hash=row.content_hash,
        signer_key_id=row.signer_key_id or "",
    )


def _certificate_issued(row: FieldRecordRow) -> CertificateIssued:
    body = row.payload["record"]
    assert row.sealed_at is not None
    return CertificateIssued(
        record_id=row.id,
        spot_check_id=row.spot_check_id or "",
        number=row.number,
        verdict=str(body["verdict"]),
        qr_payload=str(body["qr_payload"]),
        issued_at=row.local_time(row.sealed_at),
    )


def _sort_key(item: DueItem, now: dt.datetime) -> tuple[int, dt.datetime, str]:
    end = item.deadline.ends_at(now.tzinfo)
    return (1, now, item.number) if end is None else (0, end, item.number)


_LINE_CONFORMITY = {
    LineStatus.CONFORMING: Conformity.CONFORMING,
    LineStatus.NONCONFORMING: Conformity.NONCONFORMING,
}


def _certificate_line(line: ResultLine, judged: LineJudgement) -> CertificateResultLine:
    return CertificateResultLine(
        item=line.item_name or line.item_code,
        value=line.value,
        unit=line.unit,
        limit_text=line.limit.describe(),
        judgement=_LINE_CONFORMITY.get(judged.status, Conformity.NOT_JUDGED),
        method=line.method_standard,
    )


def _deadline_text(deadline: Deadline) -> str:
    if deadline.due is None:
        when = deadline.note_zh
    elif isinstance(deadline.due, dt.datetime):
        when = f"{deadline.due.strftime('%Y-%m-%d %H:%M')} 前"
    else:
        when = f"{deadline.due.isoformat()} 前"
    source = f"（{deadline.legal_source}）" if deadline.legal_source else ""
    return f"{deadline.name_zh}：{when}{source}"


@functools.cache
def _regions() -> Regions | None:
    from inspector_app.services.demo_service import load_regions

    try:
        return load_regions()
    except InspectorError:
        logger.warning("the region table cannot be read; forms print region codes")
        return None


def _region_name(regions: Regions | None, code: str) -> str:
    if regions is None or not code.strip():
        return ""
    return regions.full_name(code.strip()) or ""


# ------------------------------------------------------------------------------------------------ reference data


def _saved_place(session: Session) -> dict[str, str]:
    row = session.get(Setting, _PLACE_SETTING_KEY)
    if row is None:
        return {}
    try:
        data = json.loads(row.value)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: str(data.get(key) or "") for key in ("name", "address")}


def _task_row(session: Session, task_code: str) -> Task:
    task = session.scalars(select(Task).where(Task.code == task_code.strip())).one_or_none()
    if task is None:
        raise NotFoundError(f"没有抽查任务 {task_code}", f"No spot-check task {task_code}")
    return task


def _with_task(record: SamplingRecord, task: Task) -> SamplingRecord:
    try:
        category = TaskCategory(task.task_category)
    except ValueError:
        category = TaskCategory.SUPERVISION
    basics = dataclasses.replace(
        record.basics,
        task_code=task.code,
        task_source=task.plan or task.title,
        task_category=category,
        organiser=task.organiser,
    )
    site = record.sampled_site
    if task.region_code and not site.region_code:
        site = dataclasses.replace(site, region_code=task.region_code)
    record = record.replace(basics=basics, sampled_site=site)
    if len(task.product_kinds) == 1 and not record.sample.product_kind_code:
        record = _with_product_kind(record, task.product_kinds[0])
    return record


def _with_product_kind(record: SamplingRecord, kind: ProductKind) -> SamplingRecord:
    sample = record.sample
    standards = [part.strip() for part in kind.standards.split(";") if part.strip()]
    sample = dataclasses.replace(
        sample,
        product_kind_code=kind.code,
        sample_quantity=sample.sample_quantity or kind.sample_quantity,
        backup_quantity=sample.backup_quantity or kind.backup_quantity,
        quantity_unit=sample.quantity_unit or kind.quantity_unit,
        standard=sample.standard or (standards[0] if standards else ""),
    )
    return record.replace(sample=sample)


def _with_scanned_code(record: SamplingRecord, found: Identification, session: Session) -> SamplingRecord:
    gtin: str | None = found.gtin
    sample = dataclasses.replace(
        record.sample,
        gtin=gtin or "",
        barcode=_barcode_of(gtin) if gtin else "",
        batch=found.batch or "",
        serial=found.serial or "",
        production_date=found.production_date,
        expiry_date=found.expiry_date or found.best_before_date,
    )
    record = record.replace(sample=sample)
    item = session.scalars(select(TradeItem).where(TradeItem.gtin == gtin)).one_or_none() if gtin else None
    enterprise: Enterprise | None = None
    kind: ProductKind | None = None
    if item is not None:
        record = record.replace(
            sample=dataclasses.replace(
                record.sample, name=item.name, trademark=item.brand, specification=item.specification
            )
        )
        if item.product_kind_id is not None:
            kind = session.get(ProductKind, item.product_kind_id)
        if item.enterprise_id is not None:
            enterprise = session.get(Enterprise, item.enterprise_id)
    elif found.uscc:
        enterprise = session.scalars(select(Enterprise).where(Enterprise.uscc == found.uscc)).one_or_none()
    if kind is not None:
        record = _with_product_kind(record, kind)
    if enterprise is not None:
        record = _with_producer(record, enterprise, kind)
    return record


def _template_line(item: InspectionItem) -> ResultLine:
    limit: dict[str, str] = {"op": item.limit_op}
    for key, value in (
        ("value", item.limit_value),
        ("low", item.limit_low),
        ("high", item.limit_high),
        ("text", item.limit_text),
        ("unit", item.unit),
    ):
        if value:
            limit[key] = value
    return ResultLine(
        item_code=item.code,
        item_name=item.name,
        value="",
        unit=item.unit,
        limit=Limit.from_dict(limit),
        method_standard=item.method_standard,
        judging_standard=item.judging_standard,
        detection_limit=item.detection_limit or "",
    )


def _barcode_of(gtin: str) -> str:
    # The form's barcode field is what is printed on the pack: a GTIN-13 (EAN-13) drops the GTIN-14's leading 0.
    return gtin[1:] if len(gtin) == 14 and gtin.startswith("0") else gtin


def _with_producer(record: SamplingRecord, enterprise: Enterprise, kind: ProductKind | None) -> SamplingRecord:
    def best(licence_type: str) -> str:
        candidates = [lic for lic in enterprise.licences if lic.type == licence_type and lic.status == "valid"]
        candidates.sort(key=lambda lic: (kind is None or lic.product_kind_id != kind.id, lic.number))
        return candidates[0].number if candidates else ""

    sc, xk, ccc = best("SC"), best("XK"), best("CCC")
    production_licence = xk if kind is not None and kind.needs_xk and xk else (sc or xk)
    producer = Producer(
        name=enterprise.name,
        address=enterprise.address,
        region_code=enterprise.region_code,
        uscc=enterprise.uscc,
        licence_number=production_licence,
        phone=enterprise.phone,
    )
    sample = dataclasses.replace(
        record.sample, xk_number=record.sample.xk_number or xk, ccc_number=record.sample.ccc_number or ccc
    )
    return record.replace(producer=producer, sample=sample)


def product_kind_row(session: Session, code: str) -> ProductKind | None:
    """The product kind with ``code`` in the most recently imported edition that has it."""
    return session.scalars(
        select(ProductKind)
        .join(CatalogueCategory, ProductKind.category_id == CatalogueCategory.id)
        .join(CatalogueEdition, CatalogueCategory.edition_id == CatalogueEdition.id)
        .where(ProductKind.code == code)
        .order_by(CatalogueEdition.imported_at.desc(), ProductKind.id.desc())
        .limit(1)
    ).first()


__all__ = [
    "ATTACHMENT_ROLES",
    "FOLLOW_UP_KINDS",
    "PHOTO_ROLES",
    "SIGNATURE_ROLES",
    "AttachmentInfo",
    "AttachmentInput",
    "CertificateIssued",
    "DueItem",
    "FieldChange",
    "HistoryEntry",
    "ResultsEntry",
    "SealCheck",
    "SealedRecordView",
    "SpotCheckOverview",
    "SpotCheckService",
    "SpotCheckView",
    "local_now",
]
