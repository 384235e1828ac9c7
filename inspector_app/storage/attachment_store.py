"""Content-addressed attachment files (photos, signatures, scans) beside the database, and their rows.

A file is named by the SHA-256 of its bytes and kept as ``<attachments_dir>/ab/<sha256>`` (``ab`` = the first two
hex digits, so no folder grows past a few thousand entries). Writing goes to a temporary file in the same folder,
is flushed and fsynced, then renamed into place, so a crash leaves either the whole file or none. The same bytes
always land in the same file: storing twice is harmless, and a record and HQ agree on what a hash means.

Reading checks the hash again: a file that went missing or changed on disk is an ``AttachmentError`` naming it,
never silently different content in a sealed record or a printed form.

The ``attachments`` row describes the file (media type, size, original name); ``record_attachments`` says which
record uses it in which role. Files are written before the rows; if the transaction then rolls back, the file stays
as an unreferenced blob, which costs a little space and nothing else.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from inspector_app.domain.errors import AttachmentError
from inspector_app.storage.models import Attachment, RecordAttachment

logger = logging.getLogger(__name__)

#: The largest attachment accepted (a high-resolution photo is a few MB; a scanned multi-page form maybe 20).
MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024

_SHA256 = re.compile(r"[0-9a-f]{64}")
_MAX_NAME = 200
_MAX_MEDIA_TYPE = 60
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class StoredAttachment:
    """One stored file: its hash, what it is and when it was first stored (UTC)."""

    sha256: str
    media_type: str
    size_bytes: int
    original_name: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class LinkedAttachment:
    """A file as used by one record, in one role (``signature_inspector_1``, ``photo_seal``...)."""

    record_id: str
    role: str
    sha256: str
    media_type: str
    size_bytes: int
    original_name: str


def sha256_hex(data: bytes) -> str:
    """The lower-case hex SHA-256 of ``data``: the name an attachment is stored under."""
    return hashlib.sha256(data).hexdigest()


class AttachmentStore:
    """Content-addressed files under ``root`` and their ``attachments`` / ``record_attachments`` rows.

    File operations need no session; row operations take the caller's session so that they join its transaction.
    """

    def __init__(self, root: Path) -> None:
        self._root = Path(root)

    @property
    def root(self) -> Path:
        """The folder holding the ``ab/<sha256>`` files."""
        return self._root

    def path_for(self, sha256: str) -> Path:
        """Where the file with hash ``sha256`` lives (whether or not it exists)."""
        digest = _checked_hash(sha256)
        return self._root / digest[:2] / digest

    # ------------------------------------------------------------------------------------------------ files
    def write_file(self, data: bytes) -> str:
        """Store ``data`` (if not already stored intact) and return its SHA-256.

        A file already present under the name is kept when its content matches; a damaged one is replaced by the
        bytes given, which are by definition the right ones.
        """
        if not data:
            raise AttachmentError("empty", "附件内容为空", "The attachment is empty")
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise AttachmentError(
                "too_large",
                f"附件过大（{len(data):,} 字节，上限 {MAX_ATTACHMENT_BYTES:,} 字节）",
                f"The attachment is too large ({len(data):,} bytes; the limit is {MAX_ATTACHMENT_BYTES:,})",
            )
        digest = sha256_hex(data)
        target = self.path_for(digest)
        if target.is_file() and _file_hash(target) == digest:
            return digest
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(target, data)
        except OSError as exc:
            raise AttachmentError(
                "unwritable",
                f"无法保存附件文件 {target}：{exc.strerror or exc}",
                f"Cannot save the attachment file {target}: {exc.strerror or exc}",
                digest,
            ) from exc
        logger.debug("stored attachment %s (%d bytes)", digest, len(data))
        return digest

    def read(self, sha256: str) -> bytes:
        """The bytes of the file ``sha256``, checked against their name.

        Raises ``AttachmentError`` with reason ``missing`` when the file is gone and ``corrupt`` when its content
        no longer has that hash.
        """
        path = self.path_for(sha256)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise _missing(path, sha256, exc) from exc
        actual = sha256_hex(data)
        if actual != sha256:
            raise _corrupt(path, sha256, actual)
        return data

    def verify(self, sha256: str) -> None:
        """Raise ``AttachmentError`` (``missing`` or ``corrupt``) unless the file ``sha256`` is present and intact.

        Reads the file in chunks, so checking a large scan does not hold it in memory.
        """
        path = self.path_for(sha256)
        try:
            actual = _file_hash(path)
        except OSError as exc:
            raise _missing(path, sha256, exc) from exc
        if actual != sha256:
            raise _corrupt(path, sha256, actual)

    # ------------------------------------------------------------------------------------------------ rows
    def add(
        self,
        session: Session,
        data: bytes,
        media_type: str,
        original_name: str = "",
        *,
        now: dt.datetime,
    ) -> StoredAttachment:
        """Store ``data`` and make sure its ``attachments`` row exists; ``now`` is UTC (naive or aware)."""
        media_type = media_type.strip()
        if not media_type or len(media_type) > _MAX_MEDIA_TYPE or "/" not in media_type:
            raise AttachmentError(
                "bad_media_type",
                f"附件类型无效：{media_type!r}",
                f"Not a media type: {media_type!r} (expected e.g. image/png)",
            )
        digest = self.write_file(data)
        row = session.get(Attachment, digest)
        if row is None:
            row = Attachment(
                sha256=digest,
                media_type=media_type,
                size_bytes=len(data),
                original_name=_clean_name(original_name),
                created_at=_utc_naive(now),
            )
            session.add(row)
            session.flush()
        return _stored(row)

    def get(self, session: Session, sha256: str) -> StoredAttachment | None:
        """The row of the file ``sha256``, or ``None``."""
        row = session.get(Attachment, _checked_hash(sha256))
        return None if row is None else _stored(row)

    def link(self, session: Session, record_id: str, sha256: str, role: str) -> None:
        """Record that ``record_id`` uses the file ``sha256`` in ``role`` (no-op if it already does)."""
        existing = session.get(RecordAttachment, (record_id, sha256, role))
        if existing is None:
            session.add(RecordAttachment(record_id=record_id, sha256=sha256, role=role))
            session.flush()

    def unlink(self, session: Session, record_id: str, sha256: str, role: str) -> int:
        """Remove one link (drafts only: the database refuses this for sealed records); returns 1 or 0."""
        result = session.execute(
            delete(RecordAttachment).where(
                RecordAttachment.record_id == record_id,
                RecordAttachment.sha256 == sha256,
                RecordAttachment.role == role,
            )
        )
        session.flush()
        return int(getattr(result, "rowcount", 0) or 0)

    def unlink_role(self, session: Session, record_id: str, role: str) -> int:
        """Remove every file ``record_id`` uses in ``role``; returns how many links went (drafts only: the
        database refuses this for sealed records)."""
        result = session.execute(
            delete(RecordAttachment).where(RecordAttachment.record_id == record_id, RecordAttachment.role == role)
        )
        session.flush()
        return int(getattr(result, "rowcount", 0) or 0)

    def unlink_all(self, session: Session, record_id: str) -> None:
        """Remove every link of ``record_id`` (to discard a draft)."""
        session.execute(delete(RecordAttachment).where(RecordAttachment.record_id == record_id))
        session.flush()

    def for_record(self, session: Session, record_id: str) -> list[LinkedAttachment]:
        """The files ``record_id`` uses, by role then hash."""
        return record_attachments(session, record_id)


def record_attachments(session: Session, record_id: str) -> list[LinkedAttachment]:
    """The files ``record_id`` uses, by role then hash (rows only: the files are not read)."""
    rows = session.execute(
        select(
            RecordAttachment.record_id,
            RecordAttachment.role,
            RecordAttachment.sha256,
            Attachment.media_type,
            Attachment.size_bytes,
            Attachment.original_name,
        )
        .join(Attachment, Attachment.sha256 == RecordAttachment.sha256)
        .where(RecordAttachment.record_id == record_id)
        .order_by(RecordAttachment.role, RecordAttachment.sha256)
    ).all()
    return [LinkedAttachment(*row) for row in rows]


def _checked_hash(sha256: str) -> str:
    # The name becomes a path: anything but 64 lower-case hex digits could point outside the folder.
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise AttachmentError(
            "bad_hash",
            f"附件校验值无效：{sha256!r}",
            f"Not an attachment hash: {sha256!r} (expected 64 lower-case hex digits)",
        )
    return sha256


def _missing(path: Path, sha256: str, exc: OSError) -> AttachmentError:
    if isinstance(exc, FileNotFoundError):
        return AttachmentError(
            "missing",
            f"附件文件缺失：{path}。记录引用的照片或签名已不在数据目录中，请从备份恢复。",
            f"Attachment file missing: {path}. A photo or signature the record refers to is no longer in the data "
            "folder; restore it from a backup.",
            sha256,
        )
    return AttachmentError(
        "missing",
        f"无法读取附件文件 {path}：{exc.strerror or exc}",
        f"Cannot read the attachment file {path}: {exc.strerror or exc}",
        sha256,
    )


def _corrupt(path: Path, sha256: str, actual: str) -> AttachmentError:
    return AttachmentError(
        "corrupt",
        f"附件文件已损坏或被改动：{path}（内容校验值 {actual[:12]}… 与文件名不符）。请从备份恢复。",
        f"Attachment file damaged or altered: {path} (its content hashes to {actual[:12]}…, not to its name). "
        "Restore it from a backup.",
        sha256,
    )


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _atomic_write(target: Path, data: bytes) -> None:
    descriptor, temp_name = tempfile.mkstemp(prefix=".incoming-", dir=target.parent)
    temp_path = Path(temp_name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_path, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp_path.unlink()
        raise
    _fsync_directory(target.parent)


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the folder entry is on disk; not every platform can open a folder.
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _clean_name(name: str) -> str:
    # Only the last path component is kept: the original folder says nothing the record needs.
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base[:_MAX_NAME]


def _utc_naive(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _stored(row: Attachment) -> StoredAttachment:
    return StoredAttachment(row.sha256, row.media_type, row.size_bytes, row.original_name, row.created_at)
