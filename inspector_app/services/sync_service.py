"""Sync with headquarters: enrolment, sending the outbox, fetching reference data, USB bundles, and status.

One sync does, in order: read HQ's clock (for the skew warning); send every pending record in batches (records
first, then the attachments HQ says it lacks, resumably); fetch reference pages since the device's cursor, each
applied in one transaction with its cursor; compare the device's reference copy with HQ's digest. Each step that
fails is explained in the report in plain Chinese and English; what already went through stays done, so the next
sync continues where this one stopped. Nothing is ever lost by a failed or interrupted sync: the outbox is marked
only for records HQ confirmed it holds (with all their attachments), and HQ stores each record once however often
it arrives.

Enrolment keeps HQ's URL, the device id and HQ's key id in the ``settings`` table; the device token is a secret
and lives in a file readable by the owner only (``<data dir>/hq_token``, mode 0600), never in the database, which
backups copy around. HQ's public key becomes a trusted key (source ``hq``).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import logging
import os
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector_app.domain.errors import (
    AttachmentError,
    BundleError,
    InspectorError,
    KeyTrustError,
    SyncError,
    UpdateRequiredError,
)
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.security.signing import key_id_for
from inspector_app.services.workspace import Workspace
from inspector_app.storage.attachment_store import AttachmentStore
from inspector_app.storage.models import Setting, TrustedKey
from inspector_app.sync.bundle import (
    BundleFile,
    BundleSummary,
    ReferenceBundle,
    read_reference_bundle,
    write_records_bundle,
)
from inspector_app.sync.client import HqClient, RetryPolicy, encode_envelope, normalise_hq_url, split_batches
from inspector_app.sync.outbox import Outbox, OutgoingRecord
from inspector_app.sync.protocol import (
    MAX_BATCH_BYTES,
    MAX_PAGE_LIMIT,
    RecordBatchResult,
    RecordEnvelope,
    RecordStatus,
    ReferenceChange,
    b64decode_strict,
    is_enrollment_code,
    normalise_enrollment_code,
    parse_enrollment_qr,
    record_batch_signing_message,
    record_signing_message,
)
from inspector_app.sync.reference_apply import AppliedPage, ReferenceApplier, SkippedChange

logger = logging.getLogger(__name__)

__all__ = [
    "CLOCK_SKEW_WARNING_SECONDS",
    "EnrollmentResult",
    "ReferenceBundlePreview",
    "ReferenceImportReport",
    "SyncFailure",
    "SyncProgress",
    "SyncReport",
    "SyncService",
    "SyncStatus",
    "parse_enrollment_qr",
]

Clock = Callable[[], dt.datetime]

SETTING_HQ_URL = "sync.hq_url"
SETTING_DEVICE_ID = "sync.device_id"
SETTING_HQ_KEY_ID = "sync.hq_key_id"
SETTING_ENROLLED_AT = "sync.enrolled_at"
SETTING_INSPECTOR = "sync.inspector"
SETTING_CERTIFICATE = "sync.certificate"
SETTING_LAST_SYNC = "sync.last_sync"
SETTING_CLOCK_SKEW = "sync.clock_skew_seconds"
TOKEN_FILENAME = "hq_token"
LOCK_FILENAME = "sync.lock"
#: A device clock further off HQ's than this is shown to the inspector.
CLOCK_SKEW_WARNING_SECONDS = 5 * 60
#: Outbox rows read per round; batches are cut from them by count and size.
OUTBOX_PAGE = 1000
REFERENCE_PAGE = MAX_PAGE_LIMIT
#: Reference changes that could not be applied are listed one by one up to this many, then counted.
MAX_LISTED_SKIPS = 20
#: Changes per transaction when importing a reference bundle.
BUNDLE_IMPORT_PAGE = 5000
_TOKEN_MODE = 0o600

OUTCOME_SUCCESS = "success"
OUTCOME_PARTIAL = "partial"
OUTCOME_UNREACHABLE = "unreachable"
OUTCOME_FAILED = "failed"
OUTCOME_NOT_ENROLLED = "not_enrolled"
OUTCOME_UPDATE_REQUIRED = "update_required"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# ================================================================================================ results


@dataclass(frozen=True, slots=True)
class EnrollmentResult:
    """What enrolment established."""

    hq_url: str
    device_id: str
    hq_key_id: str
    inspector_name: str
    inspector_badge: str
    enrolled_at: str
    clock_skew_seconds: float


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Where a running sync is; each bar is ``done`` of ``total`` (``total`` 0 = not known yet / nothing)."""

    phase: str  # clock | records | attachments | reference | digest | done
    records_done: int = 0
    records_total: int = 0
    attachments_done: int = 0
    attachments_total: int = 0
    reference_pages: int = 0
    reference_done: int = 0
    reference_total: int = 0


@dataclass(frozen=True, slots=True)
class SyncFailure:
    """One thing that did not work, explained. ``kind``: connection, record, attachment, reference, digest, clock;
    ``subject``: the record id, attachment hash or table concerned (may be empty)."""

    kind: str
    subject: str
    message_zh: str
    message_en: str

    def message(self, language: str = "zh") -> str:
        """The explanation in ``language``."""
        return self.message_en if language.startswith("en") else self.message_zh


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one sync did: what went up, what came down, what failed (each failure explained)."""

    outcome: str  # success | partial | unreachable | failed | not_enrolled | update_required
    started_at: dt.datetime
    finished_at: dt.datetime
    hq_url: str
    records_stored: int = 0
    records_duplicate: int = 0
    records_conflict: int = 0
    records_rejected: int = 0
    records_pending: int = 0
    attachments_sent: int = 0
    attachment_bytes: int = 0
    reference_pages: int = 0
    reference_upserted: dict[str, int] = field(default_factory=dict)
    reference_deleted: dict[str, int] = field(default_factory=dict)
    reference_cursor: int = 0
    digest_ok: bool | None = None
    clock_skew_seconds: float | None = None
    failures: tuple[SyncFailure, ...] = ()

    @property
    def records_sent(self) -> int:
        """Records HQ now holds that it did not have before."""
        return self.records_stored

    @property
    def reference_changes(self) -> int:
        """Reference rows changed on this workstation."""
        return sum(self.reference_upserted.values()) + sum(self.reference_deleted.values())

    def summary(self, language: str = "zh") -> str:
        """One line for the status bar and the sync page."""
        if language.startswith("en"):
            text = (
                f"{self.records_stored} record(s) sent, {self.attachments_sent} attachment(s), "
                f"{self.reference_changes} reference change(s) received, {self.records_pending} still pending"
            )
            return text + (f"; {len(self.failures)} problem(s)" if self.failures else "")
        text = (
            f"上传记录 {self.records_stored} 条、附件 {self.attachments_sent} 个，接收参考数据变更 "
            f"{self.reference_changes} 条，待上传 {self.records_pending} 条"
        )
        return text + (f"；{len(self.failures)} 个问题" if self.failures else "")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``inspector-app sync --json``)."""
        data = asdict(self)
        data["started_at"] = self.started_at.isoformat()
        data["finished_at"] = self.finished_at.isoformat()
        data["failures"] = [asdict(failure) for failure in self.failures]
        data["reference_changes"] = self.reference_changes
        return data


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """For the status bar and the sync page: enrolment, pending uploads, last sync, clock skew worth a warning."""

    enrolled: bool
    hq_url: str
    device_id: str
    inspector_name: str
    pending: int
    failing: int
    last_sync_at: dt.datetime | None
    last_outcome: str
    last_summary_zh: str
    last_summary_en: str
    clock_skew_seconds: float | None  # only when larger than CLOCK_SKEW_WARNING_SECONDS
    reference_cursor: int


@dataclass(frozen=True, slots=True)
class ReferenceBundlePreview:
    """What importing a reference bundle would do, before anything is written."""

    path: Path
    created_at: dt.datetime
    hq_key_id: str
    since: int
    next_cursor: int
    change_count: int
    new_changes: int
    already_applied: int
    cursor: int
    gap: bool
    new_by_table: dict[str, dict[str, int]]


@dataclass(frozen=True, slots=True)
class ReferenceImportReport:
    """What importing a reference bundle did."""

    path: Path
    cursor_before: int
    cursor_after: int
    upserted: dict[str, int]
    deleted: dict[str, int]
    already_applied: int
    skipped: tuple[SkippedChange, ...]

    @property
    def changed(self) -> int:
        """Reference rows changed."""
        return sum(self.upserted.values()) + sum(self.deleted.values())


# ================================================================================================ service


class SyncService:
    """Sync use cases of one workspace. Each call opens its own sessions and its own connection to HQ."""

    def __init__(
        self,
        workspace: Workspace,
        device_keys: DeviceKeys,
        clock: Clock = _utc_now,
        *,
        retry: RetryPolicy | None = None,
        client_factory: Callable[[str, str | None], HqClient] | None = None,
    ) -> None:
        self._workspace = workspace
        self._database = workspace.database
        self._keys = device_keys
        self._clock = clock
        self._retry = retry
        self._client_factory = client_factory
        self._outbox = Outbox(workspace.database)
        self._applier = ReferenceApplier(workspace.database, lambda: self._now_utc().replace(tzinfo=None))
        self._attachments = AttachmentStore(workspace.attachments_dir)

    @property
    def token_path(self) -> Path:
        """Where the device token is kept (owner-only file)."""
        return self._workspace.data_dir / TOKEN_FILENAME

    # ------------------------------------------------------------------------------------------- enrolment
    def enroll(self, hq_url: str, code: str, device_label: str = "") -> EnrollmentResult:
        """Enrol this workstation at ``hq_url`` with a one-time ``code`` (typed, or the text of the enrolment QR).

        Raises ``SyncError`` when the URL or code is not valid, HQ cannot be reached or refuses the code; on
        success the URL, device id and token are kept and HQ's key is trusted.
        """
        scanned = parse_enrollment_qr(code)
        if scanned is not None:
            code = scanned.code
            hq_url = hq_url or scanned.hq_url or ""
        url = normalise_hq_url(hq_url)
        normalised = normalise_enrollment_code(code)
        if not is_enrollment_code(normalised):
            raise SyncError(
                "bad_code",
                "登记码格式不对：应为 16 位字母数字，例如 7K3Q-9XJD-M2PA-H4TB。",
                "That is not an enrolment code: it has 16 letters and digits, e.g. 7K3Q-9XJD-M2PA-H4TB.",
            )
        label = " ".join((device_label or _workstation_label()).split())[:100] or "workstation"
        logger.info("enrolling at %s as %s", url, self._keys.key_id)
        with self._client(url, None) as client:
            answer = client.enroll(normalised, self._keys.public_key_b64, label)
        try:
            hq_key_raw = b64decode_strict(answer.hq_public_key)
            hq_key_id = key_id_for(hq_key_raw)
        except ValueError as exc:
            raise _bad_hq_key() from exc
        if hq_key_id != answer.hq_key_id or not answer.certificate.verify(hq_key_raw):
            raise _bad_hq_key()
        skew = (answer.server_time - self._now_utc()).total_seconds()
        self._write_token(answer.token)
        now = self._now_utc().replace(tzinfo=None)
        settings = {
            SETTING_HQ_URL: url,
            SETTING_DEVICE_ID: answer.device_id,
            SETTING_HQ_KEY_ID: hq_key_id,
            SETTING_ENROLLED_AT: answer.certificate.enrolled_at,
            SETTING_INSPECTOR: json.dumps(answer.inspector.model_dump(), ensure_ascii=False),
            SETTING_CERTIFICATE: answer.certificate.model_dump_json(),
            SETTING_CLOCK_SKEW: f"{skew:.1f}",
        }

        def work(session: Session) -> None:
            for key, value in settings.items():
                session.merge(Setting(key=key, value=value))
            row = session.get(TrustedKey, hq_key_id)
            if row is None:
                session.add(
                    TrustedKey(
                        key_id=hq_key_id,
                        public_key=answer.hq_public_key,
                        label=f"总部 HQ {url}"[:200],
                        source="hq",
                        added_at=now,
                        revoked=False,
                    )
                )
            elif row.revoked:
                raise KeyTrustError(
                    "revoked",
                    f"总部密钥 {hq_key_id} 在本机已被撤销，不能据此登记。请联系总部管理员。",
                    f"HQ's key {hq_key_id} has been revoked on this workstation, so it cannot enrol with it. Contact "
                    "the HQ administrator.",
                )

        self._database.run(work)
        logger.info("enrolled at %s: device %s, HQ key %s", url, answer.device_id, hq_key_id)
        return EnrollmentResult(
            hq_url=url,
            device_id=answer.device_id,
            hq_key_id=hq_key_id,
            inspector_name=answer.inspector.name,
            inspector_badge=answer.inspector.badge_number,
            enrolled_at=answer.certificate.enrolled_at,
            clock_skew_seconds=skew,
        )

    def is_enrolled(self) -> bool:
        """Whether an HQ URL and a token are kept."""
        return bool(self._setting(SETTING_HQ_URL)) and self._read_token() is not None

    # ------------------------------------------------------------------------------------------------ sync
    def sync(
        self, progress: Callable[[SyncProgress], None] | None = None, *, full_reference: bool = False
    ) -> SyncReport:
        """Send the outbox, fetch reference changes, check the digest; never raises for HQ's or the network's
        failures (they are in the report). ``full_reference`` asks HQ for all reference data again."""
        run = _SyncRun(self, progress or (lambda _progress: None))
        with self._sync_lock() as locked:
            if not locked:
                report = run.finish_early(
                    OUTCOME_FAILED,
                    SyncFailure(
                        "connection",
                        "",
                        "另一个同步正在进行，请稍后再试。",
                        "Another sync is already running; try again in a moment.",
                    ),
                )
            else:
                report = run.execute(full_reference=full_reference)
        self._remember(report)
        return report

    # ---------------------------------------------------------------------------------------------- status
    def status(self) -> SyncStatus:
        """Enrolment, pending uploads, the last sync and a clock-skew warning (only when it is worth one)."""
        counts = self._outbox.counts()
        values = self._settings(
            SETTING_HQ_URL, SETTING_DEVICE_ID, SETTING_INSPECTOR, SETTING_LAST_SYNC, SETTING_CLOCK_SKEW
        )
        last = _json_object(values.get(SETTING_LAST_SYNC))
        inspector = _json_object(values.get(SETTING_INSPECTOR))
        skew = _float(values.get(SETTING_CLOCK_SKEW))
        last_at = None
        if isinstance(last.get("finished_at"), str):
            with contextlib.suppress(ValueError):
                last_at = dt.datetime.fromisoformat(last["finished_at"])
        return SyncStatus(
            enrolled=bool(values.get(SETTING_HQ_URL)) and self._read_token() is not None,
            hq_url=values.get(SETTING_HQ_URL, ""),
            device_id=values.get(SETTING_DEVICE_ID, ""),
            inspector_name=str(inspector.get("name", "")),
            pending=counts.pending,
            failing=counts.failing,
            last_sync_at=last_at,
            last_outcome=str(last.get("outcome", "")),
            last_summary_zh=str(last.get("summary_zh", "")),
            last_summary_en=str(last.get("summary_en", "")),
            clock_skew_seconds=skew if skew is not None and abs(skew) > CLOCK_SKEW_WARNING_SECONDS else None,
            reference_cursor=self._applier.cursor(),
        )

    def pending_count(self) -> int:
        """Records waiting for HQ."""
        return self._outbox.pending_count()

    # --------------------------------------------------------------------------------------------- bundles
    def export_bundle(self, path: Path) -> BundleSummary:
        """Write every unsent record and its attachments into one signed bundle file at ``path``.

        The records stay in the outbox: HQ stores each once, so a later network sync (or a second bundle) only
        finds them already there. Raises ``BundleError`` when the file cannot be written or an attachment file is
        damaged (nothing is written then).
        """
        envelopes: list[RecordEnvelope] = []
        files: dict[str, BundleFile] = {}
        for record in self._outbox.iter_pending(OUTBOX_PAGE):
            if record.missing:
                logger.error("outbox row %d names a missing record %s; left out", record.outbox_id, record.record_id)
                continue
            envelopes.append(self._envelope(record))
            for attachment in record.attachments:
                files[attachment.sha256] = BundleFile(
                    attachment.sha256,
                    attachment.size_bytes,
                    attachment.media_type,
                    self._attachments.path_for(attachment.sha256),
                )
        summary = write_records_bundle(
            Path(path),
            envelopes,
            list(files.values()),
            self._keys,
            created_at=self._now_utc(),
            device_label=_workstation_label(),
        )
        return summary

    def preview_reference_bundle(self, path: Path) -> ReferenceBundlePreview:
        """Check a reference bundle from HQ and tell what importing it would change (nothing is written)."""
        bundle = self._read_reference_bundle(path)
        cursor = self._applier.cursor()
        new_by_table: dict[str, dict[str, int]] = {}
        new = 0
        for change in bundle.iter_changes():
            if change.seq <= cursor:
                continue
            new += 1
            table = new_by_table.setdefault(change.table.value, {})
            table[change.op.value] = table.get(change.op.value, 0) + 1
        return ReferenceBundlePreview(
            path=Path(path),
            created_at=bundle.created_at,
            hq_key_id=bundle.key_id,
            since=bundle.since,
            next_cursor=bundle.next_cursor,
            change_count=bundle.change_count,
            new_changes=new,
            already_applied=bundle.change_count - new,
            cursor=cursor,
            gap=bundle.since > cursor,
            new_by_table=new_by_table,
        )

    def import_reference_bundle(self, path: Path) -> ReferenceImportReport:
        """Import a reference bundle from HQ: changes after this workstation's cursor, a page per transaction.

        Importing the same bundle twice changes nothing the second time. Raises ``BundleError`` for a bundle that
        fails its checks or would leave a gap (it starts after this workstation's cursor).
        """
        bundle = self._read_reference_bundle(path)
        cursor_before = self._applier.cursor()
        if bundle.since > cursor_before:
            raise BundleError(
                "reference_gap",
                f"该参考数据包从第 {bundle.since} 号变更之后开始，而本机只更新到第 {cursor_before} 号；导入会漏掉中间的"
                f"变更，已拒绝。请向总部索取从第 {cursor_before} 号开始的数据包。",
                f"This reference bundle starts after change {bundle.since}, but this workstation is only up to "
                f"{cursor_before}; importing it would miss the changes in between, so it was refused. Ask HQ for a "
                f"bundle since {cursor_before}.",
                str(path),
            )
        upserted: Counter[str] = Counter()
        deleted: Counter[str] = Counter()
        skipped: list[SkippedChange] = []
        already = 0
        since = bundle.since
        page: list[ReferenceChange] = []

        def flush(next_cursor: int) -> None:
            nonlocal already, since
            applied = self._applier.apply_changes(page, since=since, next_cursor=next_cursor)
            upserted.update(applied.upserted)
            deleted.update(applied.deleted)
            skipped.extend(applied.skipped)
            already += applied.already_applied
            since = next_cursor
            page.clear()

        for change in bundle.iter_changes():
            page.append(change)
            if len(page) >= BUNDLE_IMPORT_PAGE:
                flush(change.seq)
        flush(bundle.next_cursor)
        report = ReferenceImportReport(
            path=Path(path),
            cursor_before=cursor_before,
            cursor_after=self._applier.cursor(),
            upserted=dict(upserted),
            deleted=dict(deleted),
            already_applied=already,
            skipped=tuple(skipped),
        )
        logger.info("reference bundle %s imported: %d change(s), %d already applied", path, report.changed, already)
        return report

    # ------------------------------------------------------------------------------------------- internals
    def _read_reference_bundle(self, path: Path) -> ReferenceBundle:
        return read_reference_bundle(Path(path), self._hq_keys())

    def _hq_keys(self) -> dict[str, bytes]:
        def work(session: Session) -> dict[str, bytes]:
            rows = session.execute(
                select(TrustedKey.key_id, TrustedKey.public_key).where(
                    TrustedKey.source == "hq", TrustedKey.revoked.is_(False)
                )
            ).all()
            keys: dict[str, bytes] = {}
            for key_id, public_key in rows:
                with contextlib.suppress(ValueError):
                    keys[key_id] = b64decode_strict(public_key)
            return keys

        return self._database.run(work)

    def _envelope(self, record: OutgoingRecord, *, sign: bool = True) -> RecordEnvelope:
        """The wire form of ``record``. A scan event (not signed when recorded) is signed here, or, with
        ``sign=False``, left for the batch signature (:meth:`_batch_signature`) to cover."""
        signature = record.signature
        signer = record.signer_key_id
        if signature is None or signer is None:
            # Ed25519 is deterministic, so a record signed again for a second bundle carries the same signature.
            signature = self._sign(record.content_hash) if sign else None
            signer = self._keys.key_id
        return RecordEnvelope(
            seq=record.outbox_id,
            id=record.record_id,
            type=record.record_type,
            device_id=self._keys.key_id,
            payload=record.payload_json,
            content_hash=record.content_hash,
            signature=signature,
            signer_key_id=signer,
            attachments=list(record.attachment_hashes),
        )

    def _sign(self, content_hash: str) -> str:
        return base64.b64encode(self._keys.sign(record_signing_message(content_hash))).decode("ascii")

    def _batch_signature(self, batch: Sequence[OutgoingRecord]) -> str | None:
        """The device's signature over the manifest of ``batch``, when a record in it has no signature of its own
        (one signature per batch instead of one per scan event)."""
        if all(record.signature is not None and record.signer_key_id is not None for record in batch):
            return None
        message = record_batch_signing_message(
            self._keys.key_id, ((record.record_id, record.content_hash) for record in batch)
        )
        return base64.b64encode(self._keys.sign(message)).decode("ascii")

    def _client(self, url: str, token: str | None) -> HqClient:
        if self._client_factory is not None:
            return self._client_factory(url, token)
        return HqClient(url, token=token, retry=self._retry)

    def _now_utc(self) -> dt.datetime:
        now = self._clock()
        return now.replace(tzinfo=dt.UTC) if now.tzinfo is None else now.astimezone(dt.UTC)

    def _setting(self, key: str) -> str | None:
        return self._settings(key).get(key)

    def _settings(self, *keys: str) -> dict[str, str]:
        def work(session: Session) -> dict[str, str]:
            rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(keys))).all()
            return {key: value for key, value in rows}

        return self._database.run(work)

    def _set_settings(self, values: dict[str, str]) -> None:
        def work(session: Session) -> None:
            for key, value in values.items():
                session.merge(Setting(key=key, value=value))

        self._database.run(work)

    def _remember(self, report: SyncReport) -> None:
        record = {
            "outcome": report.outcome,
            "finished_at": report.finished_at.isoformat(),
            "summary_zh": report.summary("zh"),
            "summary_en": report.summary("en"),
            "failures": len(report.failures),
        }
        values = {SETTING_LAST_SYNC: json.dumps(record, ensure_ascii=False)}
        if report.clock_skew_seconds is not None:
            values[SETTING_CLOCK_SKEW] = f"{report.clock_skew_seconds:.1f}"
        try:
            self._set_settings(values)
        except InspectorError:
            logger.exception("could not remember the last sync")

    def _read_token(self) -> str | None:
        try:
            text = self.token_path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return text or None

    def _write_token(self, token: str) -> None:
        path = self.token_path
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
            try:
                if os.name == "posix":
                    os.fchmod(descriptor, _TOKEN_MODE)
                os.write(descriptor, token.encode("ascii") + b"\n")
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            os.replace(temporary, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise SyncError(
                "unwritable",
                f"无法保存同步凭证文件 {path}：{exc.strerror or exc}。请检查数据目录的权限。",
                f"Cannot save the sync token file {path}: {exc.strerror or exc}. Check the data folder's permissions.",
            ) from exc
        if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) != _TOKEN_MODE:
            os.chmod(path, _TOKEN_MODE)

    @contextlib.contextmanager
    def _sync_lock(self) -> Iterator[bool]:
        """An exclusive, non-blocking lock on ``<data dir>/sync.lock`` (POSIX; elsewhere always granted)."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            yield True
            return
        path = self._workspace.data_dir / LOCK_FILENAME
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(descriptor, fcntl.LOCK_UN)
        finally:
            os.close(descriptor)


# ================================================================================================ one run


class _SyncRun:
    """The state of one sync: counters, failures and the progress callback."""

    def __init__(self, service: SyncService, progress: Callable[[SyncProgress], None]) -> None:
        self._service = service
        self._progress_callback = progress
        self._started = service._now_utc()
        self._hq_url = service._setting(SETTING_HQ_URL) or ""
        self._failures: list[SyncFailure] = []
        self._counts: Counter[str] = Counter()
        self._upserted: Counter[str] = Counter()
        self._deleted: Counter[str] = Counter()
        self._progress = SyncProgress("clock")
        self._skew: float | None = None
        self._digest_ok: bool | None = None
        self._reference_pages = 0
        self._skipped = 0
        self._unreachable = False

    # --------------------------------------------------------------------------------------------- driving
    def execute(self, *, full_reference: bool) -> SyncReport:
        service = self._service
        token = service._read_token()
        if not self._hq_url or token is None:
            return self.finish_early(
                OUTCOME_NOT_ENROLLED,
                SyncFailure(
                    "connection",
                    "",
                    "本机尚未在总部登记，无法同步。请在同步页输入总部地址和一次性登记码完成登记。",
                    "This workstation is not enrolled with headquarters, so it cannot sync. Enter HQ's address and a "
                    "one-time code on the sync page to enrol it.",
                ),
            )
        started = time.monotonic()
        logger.info("sync with %s started", self._hq_url)
        try:
            with service._client(self._hq_url, token) as client:
                self._clock(client)
                self._send_records(client)
                if not self._unreachable:
                    self._fetch_reference(client, full_reference=full_reference)
        except UpdateRequiredError as exc:
            return self.finish_early(OUTCOME_UPDATE_REQUIRED, _failure("connection", "", exc))
        except SyncError as exc:
            if exc.reason in ("unauthorized", "revoked", "not_enrolled"):
                return self.finish_early(OUTCOME_NOT_ENROLLED, _failure("connection", "", exc))
            self._failures.append(_failure("connection", "", exc))
            self._unreachable = self._unreachable or exc.retryable
        self._skipped_summary()
        report = self._report(self._outcome())
        logger.info(
            "sync with %s finished in %.1f s: %s (%s)",
            self._hq_url,
            time.monotonic() - started,
            report.outcome,
            report.summary("en"),
        )
        return report

    def finish_early(self, outcome: str, failure: SyncFailure) -> SyncReport:
        self._failures.append(failure)
        logger.warning("sync not done (%s): %s", outcome, failure.message_en)
        return self._report(outcome)

    def _skipped_summary(self) -> None:
        hidden = self._skipped - MAX_LISTED_SKIPS
        if hidden > 0:
            self._failures.append(
                SyncFailure(
                    "reference",
                    "",
                    f"另有 {hidden} 条参考数据变更未能应用（原因同上类）。",
                    f"{hidden} more reference change(s) were not applied (for reasons like the ones above).",
                )
            )

    def _outcome(self) -> str:
        if self._unreachable:
            return OUTCOME_UNREACHABLE
        return OUTCOME_PARTIAL if self._failures else OUTCOME_SUCCESS

    def _report(self, outcome: str) -> SyncReport:
        service = self._service
        try:
            pending = service._outbox.pending_count()
            cursor = service._applier.cursor()
        except InspectorError:
            pending, cursor = -1, -1
        self._emit(phase="done")
        return SyncReport(
            outcome=outcome,
            started_at=self._started,
            finished_at=service._now_utc(),
            hq_url=self._hq_url,
            records_stored=self._counts["stored"],
            records_duplicate=self._counts["duplicate"],
            records_conflict=self._counts["conflict"],
            records_rejected=self._counts["rejected"],
            records_pending=pending,
            attachments_sent=self._counts["attachments"],
            attachment_bytes=self._counts["attachment_bytes"],
            reference_pages=self._reference_pages,
            reference_upserted=dict(self._upserted),
            reference_deleted=dict(self._deleted),
            reference_cursor=cursor,
            digest_ok=self._digest_ok,
            clock_skew_seconds=self._skew,
            failures=tuple(self._failures),
        )

    def _emit(self, **changes: Any) -> None:
        fields = {name: getattr(self._progress, name) for name in SyncProgress.__dataclass_fields__}
        fields.update(changes)
        self._progress = SyncProgress(**fields)
        try:
            self._progress_callback(self._progress)
        except Exception:
            logger.exception("the sync progress callback failed")

    # ----------------------------------------------------------------------------------------------- clock
    def _clock(self, client: HqClient) -> None:
        self._emit(phase="clock")
        before = self._service._now_utc()
        answer = client.server_time()
        after = self._service._now_utc()
        local = before + (after - before) / 2
        self._skew = (answer.server_time.astimezone(dt.UTC) - local).total_seconds()
        if abs(self._skew) > CLOCK_SKEW_WARNING_SECONDS:
            minutes = round(abs(self._skew) / 60)
            ahead_zh, ahead_en = ("慢", "behind") if self._skew > 0 else ("快", "ahead of")
            self._failures.append(
                SyncFailure(
                    "clock",
                    "",
                    f"本机时钟比总部{ahead_zh}约 {minutes} 分钟。记录上的时间以本机时钟为准，请校正系统时间。",
                    f"This workstation's clock is about {minutes} minute(s) {ahead_en} HQ's. Records carry the "
                    "workstation's time; please correct the system clock.",
                )
            )

    # --------------------------------------------------------------------------------------------- records
    def _send_records(self, client: HqClient) -> None:
        """Send the outbox batch by batch; the next batch is read, signed and encoded while HQ handles this one."""
        outbox = self._service._outbox
        total = outbox.pending_count()
        self._emit(phase="records", records_total=total, records_done=0)
        awaiting: dict[int, tuple[OutgoingRecord, set[str]]] = {}
        done = 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="record-upload") as uploader:
            in_flight: tuple[list[OutgoingRecord], Future[RecordBatchResult]] | None = None
            for batch, encoded in self._batches():
                if in_flight is not None:
                    done += self._finish_batch(*in_flight, awaiting)
                    self._emit(records_done=done)
                ids = [record.record_id for record in batch]
                signature = self._service._batch_signature(batch)
                in_flight = (batch, uploader.submit(client.upload_encoded_records, ids, encoded, signature))
            if in_flight is not None:
                done += self._finish_batch(*in_flight, awaiting)
                self._emit(records_done=done)
        if awaiting:
            self._send_attachments(client, awaiting)

    def _batches(self) -> Iterator[tuple[list[OutgoingRecord], list[bytes]]]:
        """Pending records as batches ready to send: signed where needed, serialised, cut to HQ's limits."""
        service = self._service
        after = 0
        while True:
            page = service._outbox.pending(after_id=after, limit=OUTBOX_PAGE)
            if not page:
                return
            after = page[-1].outbox_id
            sendable: list[OutgoingRecord] = []
            encoded: list[bytes] = []
            for record in page:
                data = self._encoded(record)
                if data is not None:
                    sendable.append(record)
                    encoded.append(data)
            for start, stop in split_batches(encoded):
                yield sendable[start:stop], encoded[start:stop]

    def _encoded(self, record: OutgoingRecord) -> bytes | None:
        """The record's envelope as JSON, or ``None`` (and the reason noted) when it cannot travel."""
        if record.missing:
            self._record_problem(
                record,
                "本机数据库中找不到这条待上传记录的内容（数据可能已损坏），无法上传。请联系技术支持。",
                "The content of this waiting record cannot be found in the local database (it may be damaged), so "
                "it cannot be sent. Contact support.",
            )
            return None
        try:
            data = encode_envelope(self._service._envelope(record, sign=False))
        except ValidationError as exc:
            self._record_problem(
                record,
                f"这条记录的格式不符合上传要求，无法上传（{exc.error_count()} 处问题）。请联系技术支持。",
                f"This record does not fit the upload format ({exc.error_count()} problem(s)) and cannot be sent. "
                "Contact support.",
            )
            return None
        if len(data) > MAX_BATCH_BYTES - 1024:
            self._record_problem(
                record,
                "这条记录过大，无法通过网络上传。请用 U 盘数据包交付。",
                "This record is too large to send over the network; deliver it by USB bundle.",
            )
            return None
        return data

    def _finish_batch(
        self,
        batch: list[OutgoingRecord],
        answer: Future[RecordBatchResult],
        awaiting: dict[int, tuple[OutgoingRecord, set[str]]],
    ) -> int:
        """Take HQ's answer to a batch into the outbox; returns how many records it covered."""
        try:
            result = answer.result()
        except SyncError as exc:
            self._service._outbox.record_failure((r.outbox_id for r in batch), exc.message_en)
            if exc.retryable or isinstance(exc, UpdateRequiredError) or exc.status in (401, 403):
                self._unreachable = exc.retryable
                raise
            for record in batch:
                self._failures.append(_failure("record", record.record_id, exc))
            return 0
        self._apply_results(batch, result.results, awaiting)
        return len(batch)

    def _apply_results(
        self,
        batch: Sequence[OutgoingRecord],
        results: Sequence[Any],
        awaiting: dict[int, tuple[OutgoingRecord, set[str]]],
    ) -> None:
        service = self._service
        by_id = {record.record_id: record for record in batch}
        sent: list[int] = []
        problems: dict[int, str] = {}
        for result in results:
            record = by_id[result.id]
            status = RecordStatus(result.status)
            self._counts[status.value] += 1
            if status is RecordStatus.REJECTED:
                problems[record.outbox_id] = f"rejected: {result.reason or ''} {result.message_en}".strip()
                self._failures.append(
                    SyncFailure(
                        "record",
                        record.record_id,
                        f"总部拒收记录 {record.record_id}：{result.message_zh or _reject_zh(result.reason)}",
                        f"HQ refused record {record.record_id}: {result.message_en or result.reason}",
                    )
                )
                continue
            if status is RecordStatus.CONFLICT:
                # HQ keeps this version for review beside the one it has; sending it again changes nothing.
                self._failures.append(
                    SyncFailure(
                        "record",
                        record.record_id,
                        f"记录 {record.record_id} 与总部已有的同编号记录内容不同，总部已另存待审核，未覆盖原记录。",
                        f"Record {record.record_id} differs from the record HQ already has under that id; HQ kept it "
                        "for review and did not overwrite the original.",
                    )
                )
            missing = set(result.missing_attachments)
            if missing:
                awaiting[record.outbox_id] = (record, missing)
            else:
                sent.append(record.outbox_id)
        service._outbox.mark_sent(sent, service._now_utc())
        if problems:
            service._outbox.record_failures(problems)

    # ----------------------------------------------------------------------------------------- attachments
    def _send_attachments(self, client: HqClient, awaiting: dict[int, tuple[OutgoingRecord, set[str]]]) -> None:
        service = self._service
        sizes: dict[str, int] = {}
        for record, missing in awaiting.values():
            for attachment in record.attachments:
                if attachment.sha256 in missing:
                    sizes[attachment.sha256] = attachment.size_bytes
        wanted = sorted({sha for _, missing in awaiting.values() for sha in missing})
        self._emit(phase="attachments", attachments_total=len(wanted), attachments_done=0)
        complete: set[str] = set()
        for index, sha256 in enumerate(wanted, start=1):
            try:
                service._attachments.verify(sha256)
                size = sizes.get(sha256)
                if size is None:
                    size = service._attachments.path_for(sha256).stat().st_size
                client.upload_attachment(sha256, service._attachments.path_for(sha256), size)
            except AttachmentError as exc:
                self._failures.append(
                    SyncFailure(
                        "attachment",
                        sha256,
                        f"附件 {sha256[:12]}… 无法上传：{exc.message_zh}",
                        f"Attachment {sha256[:12]}… cannot be sent: {exc.message_en}",
                    )
                )
                continue
            except OSError as exc:
                self._failures.append(
                    SyncFailure(
                        "attachment",
                        sha256,
                        f"无法读取附件 {sha256[:12]}…：{exc.strerror or exc}",
                        f"Cannot read attachment {sha256[:12]}…: {exc.strerror or exc}",
                    )
                )
                continue
            except SyncError as exc:
                if exc.retryable or isinstance(exc, UpdateRequiredError) or exc.status == 401:
                    self._mark_complete(awaiting, complete)
                    raise
                self._failures.append(_failure("attachment", sha256, exc))
                continue
            complete.add(sha256)
            self._counts["attachments"] += 1
            self._counts["attachment_bytes"] += size
            self._emit(attachments_done=index)
        self._mark_complete(awaiting, complete)

    def _mark_complete(self, awaiting: dict[int, tuple[OutgoingRecord, set[str]]], complete: set[str]) -> None:
        service = self._service
        done = [outbox_id for outbox_id, (_, missing) in awaiting.items() if missing <= complete]
        waiting = {
            outbox_id: "waiting for attachments: " + ", ".join(sorted(missing - complete))[:400]
            for outbox_id, (_, missing) in awaiting.items()
            if not missing <= complete
        }
        service._outbox.mark_sent(done, service._now_utc())
        if waiting:
            service._outbox.record_failures(waiting)

    # ------------------------------------------------------------------------------------------- reference
    def _fetch_reference(self, client: HqClient, *, full_reference: bool) -> None:
        applier = self._service._applier
        if full_reference:
            applier.reset_cursor(0)
        start = applier.cursor()
        self._emit(phase="reference", reference_done=0, reference_total=0, reference_pages=0)
        cursor = self._pull_pages(client, start, start)
        self._emit(phase="digest")
        for _round in range(3):
            # HQ computes its digest while the device computes its own.
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reference-digest") as asking:
                remote = asking.submit(client.reference_digest)
                try:
                    local = applier.cursor_and_digest()
                finally:
                    digest = remote.result()
            if digest.high_water > cursor:
                cursor = self._pull_pages(client, cursor, start)
                continue
            check = applier.check_digest(digest, local)
            if not check.comparable:
                self._failures.append(
                    SyncFailure(
                        "digest",
                        "",
                        f"本机参考数据的进度（第 {check.cursor} 号）超过总部（第 {check.high_water} 号），无法核对。"
                        "请联系总部管理员。",
                        f"This workstation's reference data is ahead of HQ's (change {check.cursor} vs "
                        f"{check.high_water}), so it cannot be checked. Contact the HQ administrator.",
                    )
                )
                self._digest_ok = False
                return
            self._digest_ok = check.ok
            for mismatch in check.mismatches:
                self._failures.append(
                    SyncFailure(
                        "digest",
                        mismatch.table,
                        f"本机的参考数据表 {mismatch.table} 与总部不一致（本机 {mismatch.local_rows} 行，总部 "
                        f"{mismatch.hq_rows} 行）。可执行 inspector-app sync --full-reference 重新下载全部参考数据。",
                        f"The reference table {mismatch.table} differs from HQ's ({mismatch.local_rows} row(s) here, "
                        f"{mismatch.hq_rows} at HQ). Run inspector-app sync --full-reference to fetch all reference "
                        "data again.",
                    )
                )
            return

    def _pull_pages(self, client: HqClient, cursor: int, start: int) -> int:
        """Fetch and apply pages until HQ has no more; the next page is fetched while this one is applied.

        Fetching waits on the network and HQ, applying mostly on SQLite (which releases the GIL), so the two
        overlap. Only the fetching thread uses the client; the prefetched page is dropped if applying fails.
        """
        applier = self._service._applier
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reference-fetch") as fetcher:
            pending = fetcher.submit(client.reference_changes, cursor, REFERENCE_PAGE)
            try:
                while True:
                    page = pending.result()
                    since = cursor
                    if page.has_more:
                        pending = fetcher.submit(client.reference_changes, max(page.next_cursor, since), REFERENCE_PAGE)
                    applied: AppliedPage = applier.apply_page(page, since=since)
                    self._reference_pages += 1
                    self._upserted.update(applied.upserted)
                    self._deleted.update(applied.deleted)
                    self._note_skipped(applied.skipped)
                    cursor = applied.cursor_after
                    self._emit(
                        reference_pages=self._reference_pages,
                        reference_done=cursor - start,
                        reference_total=max(page.high_water - start, cursor - start),
                    )
                    if not page.has_more:
                        return cursor
                    if cursor <= since:
                        raise SyncError(
                            "bad_response",
                            "总部的参考数据分页没有前进，已停止下载。下次同步会继续。",
                            "HQ's reference pages did not advance; the download stopped and continues at the next "
                            "sync.",
                            retryable=True,
                        )
            finally:
                pending.cancel()

    def _note_skipped(self, skipped: Sequence[SkippedChange]) -> None:
        for change in skipped:
            self._skipped += 1
            if self._skipped > MAX_LISTED_SKIPS:
                continue
            self._failures.append(
                SyncFailure(
                    "reference",
                    f"{change.table}:{change.key}",
                    f"参考数据变更 {change.seq}（{change.table} {change.key}）未能应用：{change.reason_zh}",
                    f"Reference change {change.seq} ({change.table} {change.key}) was not applied: {change.reason_en}",
                )
            )

    def _record_problem(self, record: OutgoingRecord, message_zh: str, message_en: str) -> None:
        self._service._outbox.record_failure([record.outbox_id], message_en)
        self._failures.append(SyncFailure("record", record.record_id, message_zh, message_en))


# ================================================================================================ helpers


def _failure(kind: str, subject: str, error: InspectorError) -> SyncFailure:
    return SyncFailure(kind, subject, error.message_zh, error.message_en)


_REJECT_ZH = {
    "device_mismatch": "记录不属于本机",
    "signer_mismatch": "签名密钥不是本机登记的密钥",
    "bad_hash": "内容与校验值不符",
    "bad_payload": "内容格式无效",
    "id_mismatch": "内容中的编号与记录编号不符",
    "bad_signature": "签名无效",
}


def _reject_zh(reason: str | None) -> str:
    return _REJECT_ZH.get(reason or "", reason or "原因未说明")


def _bad_hq_key() -> SyncError:
    return SyncError(
        "bad_response",
        "总部返回的密钥或证书无法验证，已停止登记。请确认总部地址正确，或联系总部管理员。",
        "The key or certificate HQ sent cannot be verified, so enrolment stopped. Check the HQ address or contact "
        "the HQ administrator.",
    )


def _workstation_label() -> str:
    import socket

    return socket.gethostname() or "inspector-workstation"


def _json_object(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return None
