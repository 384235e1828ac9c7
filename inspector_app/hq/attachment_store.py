"""Attachments at HQ by content hash, uploaded in pieces and resumable from any HQ process.

The bytes live in the database (``attachment_chunks``, one row per piece at its offset), not in one process's
files, so an upload cut off on one HQ process can be finished through another. A piece is appended only at the
offset HQ has (``Upload-Offset`` convention, see ``sync/protocol.py``); the row is locked while appending, so two
uploads of the same file cannot interleave. When the last byte is in, the SHA-256 of the whole file is checked: a
match marks the attachment complete and completes every record whose attachments are now all in; a mismatch
forgets what arrived, so the next try starts from zero.
"""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy import Connection, delete, exists, select, update
from sqlalchemy.orm import aliased

from inspector_app.hq.hq_error import HqError
from inspector_app.hq.sql import dialect_insert, orm, utc_now
from inspector_app.hq.storage.database import HqDatabase
from inspector_app.hq.storage.models import AttachmentChunk, HqAttachment, ReceivedRecord, RecordAttachmentLink
from inspector_app.sync.protocol import MAX_ATTACHMENT_BYTES, AttachmentStatus, ErrorCode

logger = logging.getLogger(__name__)


class OffsetMismatchError(HqError):
    """The piece does not start where HQ's copy ends; ``offset`` is how much HQ has."""

    def __init__(self, offset: int) -> None:
        super().__init__(
            409,
            ErrorCode.OFFSET_MISMATCH,
            f"上传位置不符：总部已收到 {offset} 字节，请从该位置继续上传",
            f"Upload offset mismatch: HQ has {offset} bytes; continue from there",
        )
        self.offset = offset


class HashMismatchError(HqError):
    """The complete file does not have the SHA-256 it was uploaded under; HQ dropped it."""

    def __init__(self, sha256: str) -> None:
        super().__init__(
            422,
            ErrorCode.HASH_MISMATCH,
            f"附件内容与其哈希值 {sha256} 不符，总部已丢弃，请重新上传",
            f"The attachment's content does not match its hash {sha256}; HQ dropped it, upload it again",
        )


def complete_records_of(connection: Connection, sha256: str) -> int:
    """Mark complete every record that names ``sha256`` and has no incomplete attachment left; return how many."""
    link = aliased(RecordAttachmentLink)
    attachment = aliased(HqAttachment)
    still_missing = exists(
        select(link.record_id)
        .join(attachment, attachment.sha256 == link.sha256)
        .where(link.record_id == ReceivedRecord.id, attachment.complete.is_(False))
    )
    result = connection.execute(
        update(ReceivedRecord)
        .where(
            ReceivedRecord.complete.is_(False),
            ReceivedRecord.id.in_(select(RecordAttachmentLink.record_id).where(RecordAttachmentLink.sha256 == sha256)),
            ~still_missing,
        )
        .values(complete=True)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


class HqAttachmentStore:
    """Status, resumable append and whole-file put of attachments."""

    def __init__(self, database: HqDatabase) -> None:
        self._database = database

    def status(self, sha256: str) -> AttachmentStatus:
        """How much of ``sha256`` HQ holds (nothing is size ``None``, 0 bytes)."""
        with self._database.read() as connection:
            row = (
                orm(connection).execute(select(HqAttachment).where(HqAttachment.sha256 == sha256)).scalar_one_or_none()
            )
        if row is None:
            return AttachmentStatus(sha256=sha256, size=None, bytes_received=0, complete=False)
        return AttachmentStatus(sha256=sha256, size=row.size, bytes_received=row.bytes_received, complete=row.complete)

    def append(self, sha256: str, offset: int, total: int, data: bytes) -> AttachmentStatus:
        """Append ``data`` at ``offset`` of the ``total``-byte file ``sha256``.

        Raises ``OffsetMismatchError`` (409) when HQ has another amount, ``HashMismatchError`` (422) when the
        finished file has another hash, ``HqError`` 409 ``size_mismatch`` when ``total`` contradicts what HQ was
        told before, 413 when the file is too large and 422 when the piece runs past ``total``.
        """
        if total < 1:
            raise HqError(
                422, ErrorCode.SIZE_MISMATCH, "附件不能为空（Upload-Length 应大于 0）", "An attachment cannot be empty"
            )
        if total > MAX_ATTACHMENT_BYTES:
            raise HqError(
                413,
                ErrorCode.TOO_LARGE,
                f"附件过大：上限为 {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB",
                f"The attachment is too large: the limit is {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB",
            )
        if offset < 0 or offset + len(data) > total:
            raise HqError(
                422,
                ErrorCode.SIZE_MISMATCH,
                "上传内容超出附件声明的大小（Upload-Offset + 长度 > Upload-Length）",
                "The piece runs past the attachment's declared size (Upload-Offset + length > Upload-Length)",
            )
        now = utc_now()
        failed_hash = False
        completed = 0
        with self._database.write() as connection:
            connection.execute(
                dialect_insert(self._database, HqAttachment)
                .values(sha256=sha256, size=total, bytes_received=0, complete=False, created_at=now)
                .on_conflict_do_nothing()
            )
            row = (
                orm(connection)
                .execute(select(HqAttachment).where(HqAttachment.sha256 == sha256).with_for_update())
                .scalar_one()
            )
            if row.complete:
                return _status(row.sha256, row.size, row.bytes_received, True)
            if row.size != total:
                if row.bytes_received:
                    raise HqError(
                        409,
                        ErrorCode.SIZE_MISMATCH,
                        f"附件大小与先前声明的 {row.size} 字节不符",
                        f"The attachment's size differs from the {row.size} bytes declared before",
                    )
                connection.execute(update(HqAttachment).where(HqAttachment.sha256 == sha256).values(size=total))
            if offset != row.bytes_received:
                raise OffsetMismatchError(row.bytes_received)
            if not data:
                return _status(sha256, total, row.bytes_received, False)
            connection.execute(
                dialect_insert(self._database, AttachmentChunk).values(sha256=sha256, offset=offset, data=data)
            )
            received = offset + len(data)
            if received < total:
                connection.execute(
                    update(HqAttachment).where(HqAttachment.sha256 == sha256).values(bytes_received=received)
                )
                return _status(sha256, total, received, False)
            if self._hash_of(connection, sha256) != sha256:
                # Forget what came (committed below), then tell the client: its next try starts from zero.
                connection.execute(delete(AttachmentChunk).where(AttachmentChunk.sha256 == sha256))
                connection.execute(
                    update(HqAttachment).where(HqAttachment.sha256 == sha256).values(bytes_received=0, size=None)
                )
                failed_hash = True
            else:
                connection.execute(
                    update(HqAttachment)
                    .where(HqAttachment.sha256 == sha256)
                    .values(bytes_received=received, complete=True, completed_at=now)
                )
                completed = complete_records_of(connection, sha256)
        if failed_hash:
            logger.warning("attachment %s: content does not match the hash; dropped", sha256)
            raise HashMismatchError(sha256)
        logger.info("attachment %s complete (%d bytes); %d record(s) now complete", sha256, total, completed)
        return _status(sha256, total, total, True)

    def put_whole(self, sha256: str, data: bytes) -> AttachmentStatus:
        """Store a whole file at once (bundle import); a complete attachment is left as it is."""
        current = self.status(sha256)
        if current.complete:
            return current
        if current.bytes_received:
            # A partial network upload: drop it and store the whole file from the bundle.
            with self._database.write() as connection:
                connection.execute(delete(AttachmentChunk).where(AttachmentChunk.sha256 == sha256))
                connection.execute(
                    update(HqAttachment)
                    .where(HqAttachment.sha256 == sha256, HqAttachment.complete.is_(False))
                    .values(bytes_received=0, size=None)
                )
        try:
            return self.append(sha256, 0, len(data), data)
        except OffsetMismatchError:
            # Another upload finished or started in between: what HQ has now is the answer.
            return self.status(sha256)

    def read(self, sha256: str) -> bytes | None:
        """The bytes of a complete attachment, or ``None``."""
        with self._database.read() as connection:
            complete = connection.execute(
                select(HqAttachment.complete).where(HqAttachment.sha256 == sha256)
            ).scalar_one_or_none()
            if not complete:
                return None
            pieces = connection.execute(
                select(AttachmentChunk.data).where(AttachmentChunk.sha256 == sha256).order_by(AttachmentChunk.offset)
            ).scalars()
            return b"".join(pieces)

    @staticmethod
    def _hash_of(connection: Connection, sha256: str) -> str:
        digest = hashlib.sha256()
        for piece in connection.execute(
            select(AttachmentChunk.data).where(AttachmentChunk.sha256 == sha256).order_by(AttachmentChunk.offset)
        ).scalars():
            digest.update(piece)
        return digest.hexdigest()


def _status(sha256: str, size: int | None, received: int, complete: bool) -> AttachmentStatus:
    return AttachmentStatus(sha256=sha256, size=size, bytes_received=received, complete=complete)
