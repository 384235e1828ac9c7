"""USB bundles: records and attachments for HQ in one signed file, and reference data from HQ the other way.

For places without a network, a bundle carries exactly what sync would have sent (DESIGN.md §4). A bundle is one
ZIP file::

    manifest.json        what the bundle holds: kind, format version, who made it and when, and the hash of
                         every other member (records or changes, each attachment)
    manifest.sig         base64 Ed25519 signature over b"inspector-bundle-v1\\n" + the manifest bytes
    records.jsonl        (records bundle) one RecordEnvelope (sync protocol) per line, in outbox order
    attachments/<sha256> (records bundle) each attachment's bytes, named by their SHA-256
    changes.jsonl        (reference bundle) one ReferenceChange per line, in seq order

Reading checks everything before anything is used: the file is a complete ZIP, the manifest is signed by a key the
reader trusts (a device registered at HQ; HQ's key on a workstation), the hash of every member matches the
manifest, every record's content hash matches its payload and its signature verifies, and no member is missing or
unlisted. Any failure refuses the whole file with a :class:`~inspector_app.domain.errors.BundleError` that says
what is wrong (truncated, damaged or altered, signed by an unknown or wrong key, not a bundle at all).

Writing goes to a temporary file beside the target, is flushed to disk and renamed into place, so a stick pulled
out halfway never leaves something that looks like a bundle.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol, TypeGuard

from pydantic import ValidationError

from inspector_app.domain.errors import BundleError
from inspector_app.security.signing import verify_signature
from inspector_app.sync.protocol import (
    MAX_ATTACHMENT_BYTES,
    MAX_BATCH_BYTES,
    RecordEnvelope,
    ReferenceChange,
    b64decode_strict,
    record_signing_message,
)

logger = logging.getLogger(__name__)

RECORDS_FORMAT = "inspector-records-bundle"
REFERENCE_FORMAT = "inspector-reference-bundle"
BUNDLE_FORMAT_VERSION = 1
RECORDS_SUFFIX = ".iwbundle"
REFERENCE_SUFFIX = ".iwref"

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
RECORDS_NAME = "records.jsonl"
CHANGES_NAME = "changes.jsonl"
ATTACHMENTS_DIR = "attachments/"
_SIGNATURE_TAG = b"inspector-bundle-v1\n"

#: The manifest lists every record; a hundred thousand records make a few tens of MB.
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
#: One line of records.jsonl or changes.jsonl (an envelope holds a payload of at most MAX_BATCH_BYTES).
MAX_LINE_BYTES = MAX_BATCH_BYTES + 64 * 1024
MAX_MEMBERS = 1_000_000
_CHUNK = 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
# What reading a damaged member raises: bad CRC, a cut-off stream, broken deflate data, odd compression.
_READ_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error)

KeyLookup = Mapping[str, bytes] | Callable[[str], bytes | None]
"""Where a reader finds public keys: key id → raw 32-byte Ed25519 key (``None``/absent: not trusted)."""


class BundleSigner(Protocol):
    """What signs a bundle: a device's keys (``DeviceKeys``) or HQ's."""

    @property
    def key_id(self) -> str:
        """The signer's key id."""
        ...

    @property
    def public_key_raw(self) -> bytes:
        """The signer's raw public key."""
        ...

    def sign(self, message: bytes) -> bytes:
        """An Ed25519 signature of ``message``."""
        ...


@dataclass(frozen=True, slots=True)
class BundleFile:
    """An attachment to put into a records bundle: its hash, size, media type and where the bytes are."""

    sha256: str
    size_bytes: int
    media_type: str
    path: Path


@dataclass(frozen=True, slots=True)
class BundleAttachment:
    """An attachment listed in a bundle."""

    sha256: str
    size_bytes: int
    media_type: str


@dataclass(frozen=True, slots=True)
class BundleSummary:
    """What was written: where, how many records and attachments, total bytes and the signer."""

    path: Path
    records: int
    attachments: int
    size_bytes: int
    key_id: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Bundle:
    """A records bundle that passed every check. ``records`` are in the device's outbox order."""

    path: Path
    device_id: str
    key_id: str
    device_label: str
    created_at: dt.datetime
    records: tuple[RecordEnvelope, ...]
    attachments: tuple[BundleAttachment, ...]

    def read_attachment(self, sha256: str) -> bytes:
        """The bytes of an attachment of this bundle, checked against their hash again."""
        if sha256 not in {attachment.sha256 for attachment in self.attachments}:
            raise KeyError(sha256)
        with _open_zip(self.path) as archive:
            data = _read_member(archive, ATTACHMENTS_DIR + sha256, MAX_ATTACHMENT_BYTES, self.path)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise _tampered(self.path, f"attachment {sha256} changed since the bundle was checked")
        return data


@dataclass(frozen=True, slots=True)
class ReferenceBundle:
    """A reference bundle that passed every check: the changes after ``since`` up to ``next_cursor``."""

    path: Path
    key_id: str
    created_at: dt.datetime
    since: int
    next_cursor: int
    change_count: int
    tables: Mapping[str, Mapping[str, int]]

    def iter_changes(self) -> Iterator[ReferenceChange]:
        """The changes in seq order, read from the file (streamed: a million changes never sit in memory)."""
        with _open_zip(self.path) as archive:
            yield from _iter_changes(archive, self.path)


# ============================================================================================= writing


def write_records_bundle(
    path: Path,
    records: Sequence[RecordEnvelope],
    attachments: Sequence[BundleFile],
    signer: BundleSigner,
    *,
    created_at: dt.datetime,
    device_label: str = "",
) -> BundleSummary:
    """Write a signed records bundle to ``path`` (atomically). ``records`` are envelopes already signed.

    Every attachment file is copied while its hash is checked; a file that no longer matches its name stops the
    writing with ``BundleError`` (``unwritable``) and nothing is left at ``path``.
    """
    path = Path(path)
    created = _utc(created_at)
    record_lines = [record.model_dump_json().encode("utf-8") + b"\n" for record in records]
    records_hash = hashlib.sha256(b"".join(record_lines)).hexdigest()
    unique_files = {item.sha256: item for item in attachments}

    def fill(archive: zipfile.ZipFile) -> dict[str, Any]:
        with archive.open(_info(RECORDS_NAME, zipfile.ZIP_DEFLATED), "w", force_zip64=True) as stream:
            for line in record_lines:
                stream.write(line)
        listed: list[dict[str, Any]] = []
        for sha256, item in sorted(unique_files.items()):
            _copy_checked(archive, item, path)
            listed.append({"sha256": sha256, "size": item.size_bytes, "media_type": item.media_type})
        return {
            "format": RECORDS_FORMAT,
            "format_version": BUNDLE_FORMAT_VERSION,
            "created_at": _iso(created),
            "device_id": signer.key_id,
            "key_id": signer.key_id,
            "public_key": base64.b64encode(signer.public_key_raw).decode("ascii"),
            "device_label": device_label,
            "records_sha256": records_hash,
            "record_count": len(records),
            "records": [{"id": r.id, "seq": r.seq, "type": r.type, "content_hash": r.content_hash} for r in records],
            "attachments": listed,
        }

    size = _write_archive(path, signer, fill)
    logger.info("records bundle %s: %d record(s), %d attachment(s)", path, len(records), len(unique_files))
    return BundleSummary(path, len(records), len(unique_files), size, signer.key_id, created)


def write_reference_bundle(
    path: Path,
    changes: Iterable[ReferenceChange],
    signer: BundleSigner,
    *,
    since: int,
    created_at: dt.datetime,
) -> BundleSummary:
    """Write a signed reference bundle of ``changes`` (seq order, all after ``since``) to ``path``, streamed."""
    path = Path(path)
    created = _utc(created_at)
    counts: dict[str, dict[str, int]] = {}
    state = {"count": 0, "last": since}

    def fill(archive: zipfile.ZipFile) -> dict[str, Any]:
        digest = hashlib.sha256()
        with archive.open(_info(CHANGES_NAME, zipfile.ZIP_DEFLATED), "w", force_zip64=True) as stream:
            for change in changes:
                if change.seq <= state["last"]:
                    raise ValueError(f"reference change {change.seq} is not after {state['last']}")
                line = change.model_dump_json().encode("utf-8") + b"\n"
                digest.update(line)
                stream.write(line)
                state["count"] += 1
                state["last"] = change.seq
                table = counts.setdefault(change.table.value, {})
                table[change.op.value] = table.get(change.op.value, 0) + 1
        return {
            "format": REFERENCE_FORMAT,
            "format_version": BUNDLE_FORMAT_VERSION,
            "created_at": _iso(created),
            "key_id": signer.key_id,
            "public_key": base64.b64encode(signer.public_key_raw).decode("ascii"),
            "since": since,
            "next_cursor": state["last"],
            "change_count": state["count"],
            "changes_sha256": digest.hexdigest(),
            "tables": counts,
        }

    size = _write_archive(path, signer, fill)
    logger.info("reference bundle %s: %d change(s) after %d", path, state["count"], since)
    return BundleSummary(path, state["count"], 0, size, signer.key_id, created)


def _write_archive(path: Path, signer: BundleSigner, fill: Callable[[zipfile.ZipFile], dict[str, Any]]) -> int:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as raw:
            with zipfile.ZipFile(raw, "w", allowZip64=True) as archive:
                manifest = fill(archive)
                manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
                signature = signer.sign(_SIGNATURE_TAG + manifest_bytes)
                archive.writestr(_info(MANIFEST_NAME, zipfile.ZIP_DEFLATED), manifest_bytes)
                archive.writestr(_info(SIGNATURE_NAME, zipfile.ZIP_STORED), base64.b64encode(signature) + b"\n")
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise BundleError(
            "unwritable",
            f"无法写入数据包文件 {path}：{exc.strerror or exc}。请检查 U 盘是否已插好、是否有足够空间。",
            f"Cannot write the bundle file {path}: {exc.strerror or exc}. Check that the USB stick is plugged in "
            "and has room.",
            str(path),
        ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return path.stat().st_size


def _copy_checked(archive: zipfile.ZipFile, item: BundleFile, bundle_path: Path) -> None:
    digest = hashlib.sha256()
    size = 0
    try:
        with open(item.path, "rb") as source, archive.open(_info(ATTACHMENTS_DIR + item.sha256), "w") as target:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
    except OSError as exc:
        raise BundleError(
            "unwritable",
            f"无法读取附件文件 {item.path}：{exc.strerror or exc}",
            f"Cannot read the attachment file {item.path}: {exc.strerror or exc}",
            str(bundle_path),
        ) from exc
    if digest.hexdigest() != item.sha256 or size != item.size_bytes:
        raise BundleError(
            "unwritable",
            f"附件文件 {item.path} 已损坏或被改动（校验值不符），未写出数据包。请从备份恢复该文件。",
            f"The attachment file {item.path} is damaged or altered (its hash does not match); no bundle was "
            "written. Restore the file from a backup.",
            str(bundle_path),
        )


def _info(name: str, compression: int = zipfile.ZIP_STORED) -> zipfile.ZipInfo:
    # A fixed timestamp: the same content gives the same bytes, and no local clock leaks into the file.
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = compression
    info.external_attr = 0o644 << 16
    return info


# ============================================================================================= reading


def read_bundle(path: Path, keys: KeyLookup) -> Bundle:
    """Read and check a records bundle; ``keys`` finds the public key of a device by key id.

    Raises ``BundleError`` (nothing from the file is used) when it is missing, not a bundle, truncated, damaged or
    altered, signed by an unknown key, or a reference bundle.
    """
    path = Path(path)
    with _open_zip(path) as archive:
        manifest, key_id = _checked_manifest(archive, path, RECORDS_FORMAT, keys)
        names = _member_names(archive, path)
        listed_records = manifest.get("records")
        listed_files = manifest.get("attachments")
        if not isinstance(listed_records, list) or not isinstance(listed_files, list):
            raise _tampered(path, "manifest without record or attachment lists")
        files: list[BundleAttachment] = []
        for entry in listed_files:
            files.append(_check_attachment(archive, entry, path))
        expected_names = {MANIFEST_NAME, SIGNATURE_NAME, RECORDS_NAME} | {
            ATTACHMENTS_DIR + item.sha256 for item in files
        }
        if names != expected_names:
            extra = sorted(names - expected_names)[:3]
            missing = sorted(expected_names - names)[:3]
            raise _tampered(path, f"members differ from the manifest (extra {extra}, missing {missing})")
        records = _check_records(archive, manifest, listed_records, keys, path)
        available = {item.sha256 for item in files}
        for record in records:
            absent = [sha for sha in record.attachments if sha not in available]
            if absent:
                raise _tampered(path, f"record {record.id} names attachment(s) not in the bundle: {absent[:3]}")
    created = _parse_time(manifest.get("created_at"), path)
    device_id = str(manifest.get("device_id", ""))
    if device_id != key_id:
        raise _tampered(path, "device id and key id differ")
    logger.info("records bundle %s checked: %d record(s), %d attachment(s)", path, len(records), len(files))
    return Bundle(
        path=path,
        device_id=device_id,
        key_id=key_id,
        device_label=str(manifest.get("device_label", ""))[:200],
        created_at=created,
        records=tuple(records),
        attachments=tuple(files),
    )


def read_reference_bundle(path: Path, keys: KeyLookup) -> ReferenceBundle:
    """Read and check a reference bundle; ``keys`` finds HQ's public key by key id (the workstation's trusted
    keys of source ``hq``). Every change is parsed once here, so a bad line refuses the file before import."""
    path = Path(path)
    with _open_zip(path) as archive:
        manifest, key_id = _checked_manifest(archive, path, REFERENCE_FORMAT, keys)
        names = _member_names(archive, path)
        if names != {MANIFEST_NAME, SIGNATURE_NAME, CHANGES_NAME}:
            raise _tampered(path, f"unexpected members {sorted(names)[:5]}")
        since = manifest.get("since")
        next_cursor = manifest.get("next_cursor")
        count = manifest.get("change_count")
        expected_hash = manifest.get("changes_sha256")
        if not (_is_int(since) and _is_int(next_cursor) and _is_int(count)) or not isinstance(expected_hash, str):
            raise _tampered(path, "manifest fields missing")
        digest = hashlib.sha256()
        seen = 0
        last = since
        with _open_member(archive, CHANGES_NAME, path) as stream:
            for line in _lines(stream, path):
                digest.update(line)
                change = _parse_change(line, path)
                if change.seq <= last:
                    raise _tampered(path, f"change {change.seq} out of order")
                last = change.seq
                seen += 1
        if digest.hexdigest() != expected_hash or seen != count or last != next_cursor:
            raise _tampered(path, "changes do not match the manifest")
    tables = manifest.get("tables")
    return ReferenceBundle(
        path=path,
        key_id=key_id,
        created_at=_parse_time(manifest.get("created_at"), path),
        since=int(since),
        next_cursor=int(next_cursor),
        change_count=int(count),
        tables=_table_counts(tables),
    )


def _checked_manifest(
    archive: zipfile.ZipFile, path: Path, expected_format: str, keys: KeyLookup
) -> tuple[dict[str, Any], str]:
    names = archive.namelist()
    if MANIFEST_NAME not in names or SIGNATURE_NAME not in names:
        raise BundleError(
            "not_a_bundle",
            f"不是工作站数据包（缺少清单或签名）：{path}",
            f"Not an inspector bundle (no manifest or signature): {path}",
            str(path),
        )
    manifest_bytes = _read_member(archive, MANIFEST_NAME, MAX_MANIFEST_BYTES, path)
    signature_text = _read_member(archive, SIGNATURE_NAME, 1024, path)
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _tampered(path, f"manifest unreadable: {exc}") from exc
    if not isinstance(manifest, dict):
        raise _tampered(path, "manifest is not an object")
    kind = manifest.get("format")
    if kind not in (RECORDS_FORMAT, REFERENCE_FORMAT):
        raise BundleError("not_a_bundle", f"不是工作站数据包：{path}", f"Not an inspector bundle: {path}", str(path))
    if kind != expected_format:
        wanted_zh, wanted_en = (
            ("记录数据包", "a records bundle")
            if expected_format == RECORDS_FORMAT
            else ("参考数据包", "a reference bundle")
        )
        raise BundleError(
            "wrong_kind",
            f"该文件不是{wanted_zh}：{path}",
            f"This file is not {wanted_en}: {path}",
            str(path),
        )
    version = manifest.get("format_version")
    if version != BUNDLE_FORMAT_VERSION:
        raise BundleError(
            "unsupported_version",
            f"数据包格式版本 {version} 不受本程序支持，请更新软件：{path}",
            f"Bundle format version {version} is not supported by this program; update it: {path}",
            str(path),
        )
    key_id = manifest.get("key_id")
    if not isinstance(key_id, str):
        raise _tampered(path, "manifest without key id")
    public_key = _lookup(keys, key_id)
    if public_key is None:
        raise BundleError(
            "unknown_signer",
            f"数据包由未知或不受信任的密钥（{key_id}）签名，已拒收：{path}",
            f"The bundle is signed by an unknown or untrusted key ({key_id}) and was refused: {path}",
            str(path),
        )
    try:
        signature = b64decode_strict(signature_text.decode("ascii").strip())
    except (UnicodeDecodeError, ValueError) as exc:
        raise _bad_signature(path) from exc
    if not verify_signature(public_key, signature, _SIGNATURE_TAG + manifest_bytes):
        raise _bad_signature(path)
    return manifest, key_id


def _check_attachment(archive: zipfile.ZipFile, entry: object, path: Path) -> BundleAttachment:
    if not isinstance(entry, dict):
        raise _tampered(path, "bad attachment entry")
    sha256 = entry.get("sha256")
    size = entry.get("size")
    media_type = entry.get("media_type", "")
    if not isinstance(sha256, str) or len(sha256) != 64 or not _is_int(size) or not isinstance(media_type, str):
        raise _tampered(path, "bad attachment entry")
    if int(size) > MAX_ATTACHMENT_BYTES:
        raise _too_large(path)
    digest = hashlib.sha256()
    received = 0
    with _open_member(archive, ATTACHMENTS_DIR + sha256, path) as stream:
        while chunk := _read_stream(stream, _CHUNK, path):
            received += len(chunk)
            if received > MAX_ATTACHMENT_BYTES:
                raise _too_large(path)
            digest.update(chunk)
    if digest.hexdigest() != sha256 or received != size:
        raise _tampered(path, f"attachment {sha256[:12]} does not match its hash")
    return BundleAttachment(sha256, int(size), media_type)


def _check_records(
    archive: zipfile.ZipFile,
    manifest: Mapping[str, Any],
    listed: list[Any],
    keys: KeyLookup,
    path: Path,
) -> list[RecordEnvelope]:
    expected_hash = manifest.get("records_sha256")
    digest = hashlib.sha256()
    records: list[RecordEnvelope] = []
    with _open_member(archive, RECORDS_NAME, path) as stream:
        for line in _lines(stream, path):
            digest.update(line)
            try:
                records.append(RecordEnvelope.model_validate_json(line))
            except ValidationError as exc:
                raise _tampered(path, f"record line {len(records) + 1} invalid") from exc
    if digest.hexdigest() != expected_hash or manifest.get("record_count") != len(records):
        raise _tampered(path, "records do not match the manifest")
    if len(listed) != len(records):
        raise _tampered(path, "record list does not match the records")
    key_cache: dict[str, bytes | None] = {}
    for entry, record in zip(listed, records, strict=True):
        if (
            not isinstance(entry, dict)
            or entry.get("id") != record.id
            or entry.get("content_hash") != (record.content_hash)
        ):
            raise _tampered(path, f"record {record.id} differs from the manifest")
        if hashlib.sha256(record.payload.encode("utf-8")).hexdigest() != record.content_hash:
            raise _tampered(path, f"record {record.id}: the content does not match its hash")
        if record.signer_key_id not in key_cache:
            key_cache[record.signer_key_id] = _lookup(keys, record.signer_key_id)
        public_key = key_cache[record.signer_key_id]
        if public_key is None:
            raise BundleError(
                "unknown_signer",
                f"数据包中的记录 {record.id} 由未知密钥（{record.signer_key_id}）签名，已拒收：{path}",
                f"Record {record.id} in the bundle is signed by an unknown key ({record.signer_key_id}); the bundle "
                f"was refused: {path}",
                str(path),
            )
        if record.signature is None:  # a bundle carries each record's own signature; nothing covers it otherwise
            raise _bad_record_signature(path, record.id)
        try:
            signature = b64decode_strict(record.signature)
        except ValueError as exc:
            raise _bad_record_signature(path, record.id) from exc
        if not verify_signature(public_key, signature, record_signing_message(record.content_hash)):
            raise _bad_record_signature(path, record.id)
    return records


def _iter_changes(archive: zipfile.ZipFile, path: Path) -> Iterator[ReferenceChange]:
    with _open_member(archive, CHANGES_NAME, path) as stream:
        for line in _lines(stream, path):
            yield _parse_change(line, path)


def _parse_change(line: bytes, path: Path) -> ReferenceChange:
    try:
        return ReferenceChange.model_validate_json(line)
    except ValidationError as exc:
        raise _tampered(path, "a reference change is invalid") from exc


# ============================================================================================= helpers


@contextlib.contextmanager
def _open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        raw = open(path, "rb")  # noqa: SIM115  (closed below, after the archive)
    except FileNotFoundError as exc:
        raise BundleError(
            "unreadable", f"找不到数据包文件：{path}", f"Bundle file not found: {path}", str(path)
        ) from exc
    except OSError as exc:
        raise BundleError(
            "unreadable",
            f"无法读取数据包文件 {path}：{exc.strerror or exc}",
            f"Cannot read the bundle file {path}: {exc.strerror or exc}",
            str(path),
        ) from exc
    try:
        head = raw.read(4)
        raw.seek(0)
        try:
            archive = zipfile.ZipFile(raw)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            if head == _ZIP_MAGIC:
                raise BundleError(
                    "truncated",
                    f"数据包文件不完整（可能复制中断或 U 盘被提前拔出）：{path}。请重新导出或重新复制。",
                    f"The bundle file is incomplete (perhaps the copy was interrupted or the USB stick removed too "
                    f"early): {path}. Export or copy it again.",
                    str(path),
                ) from exc
            raise BundleError(
                "not_a_bundle",
                f"不是工作站数据包（不是 ZIP 文件）：{path}",
                f"Not an inspector bundle (not a ZIP file): {path}",
                str(path),
            ) from exc
        with archive:
            if len(archive.infolist()) > MAX_MEMBERS:
                raise _too_large(path)
            yield archive
    finally:
        raw.close()


def _member_names(archive: zipfile.ZipFile, path: Path) -> set[str]:
    names = archive.namelist()
    unique = set(names)
    if len(unique) != len(names):
        raise _tampered(path, "duplicate members")
    return unique


@contextlib.contextmanager
def _open_member(archive: zipfile.ZipFile, name: str, path: Path) -> Iterator[IO[bytes]]:
    try:
        stream = archive.open(name)
    except KeyError as exc:
        raise _tampered(path, f"{name} missing") from exc
    except _READ_ERRORS as exc:
        raise _damaged(path, exc) from exc
    with stream:
        yield stream


def _read_stream(stream: IO[bytes], size: int, path: Path) -> bytes:
    try:
        return stream.read(size)
    except _READ_ERRORS as exc:
        raise _damaged(path, exc) from exc


def _read_member(archive: zipfile.ZipFile, name: str, limit: int, path: Path) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError as exc:
        raise _tampered(path, f"{name} missing") from exc
    if info.file_size > limit:
        raise _too_large(path)
    with _open_member(archive, name, path) as stream:
        data = _read_stream(stream, limit + 1, path)
    if len(data) > limit:
        raise _too_large(path)
    return data


def _lines(stream: IO[bytes], path: Path) -> Iterator[bytes]:
    while True:
        try:
            line = stream.readline(MAX_LINE_BYTES + 1)
        except _READ_ERRORS as exc:
            raise _damaged(path, exc) from exc
        if not line:
            return
        if len(line) > MAX_LINE_BYTES or not line.endswith(b"\n"):
            raise _tampered(path, "an overlong or unterminated line")
        yield line


def _lookup(keys: KeyLookup, key_id: str) -> bytes | None:
    if callable(keys):
        return keys(key_id)
    return keys.get(key_id)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _table_counts(value: object) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    if isinstance(value, dict):
        for table, ops in value.items():
            if isinstance(ops, dict):
                counts[str(table)] = {str(op): int(n) for op, n in ops.items() if _is_int(n)}
    return counts


def _parse_time(value: object, path: Path) -> dt.datetime:
    if not isinstance(value, str):
        raise _tampered(path, "no creation time")
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise _tampered(path, "bad creation time") from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _tampered(path: Path, detail: str) -> BundleError:
    error = BundleError(
        "tampered",
        f"数据包已损坏或被改动，已整体拒收：{path}。请重新导出数据包。",
        f"The bundle is damaged or has been altered and was refused as a whole: {path}. Export it again.",
        str(path),
    )
    error.add_note(detail)
    return error


def _damaged(path: Path, exc: BaseException) -> BundleError:
    return _tampered(path, f"{type(exc).__name__}: {exc}")


def _bad_signature(path: Path) -> BundleError:
    return BundleError(
        "bad_signature",
        f"数据包签名无效：文件在签名后被改动，或由其他设备冒名签署。已拒收：{path}",
        f"The bundle's signature is not valid: the file was changed after signing, or signed by another key than "
        f"it claims. Refused: {path}",
        str(path),
    )


def _bad_record_signature(path: Path, record_id: str) -> BundleError:
    return BundleError(
        "bad_signature",
        f"数据包中记录 {record_id} 的签名无效，已整体拒收：{path}",
        f"The signature of record {record_id} in the bundle is not valid; the bundle was refused: {path}",
        str(path),
    )


def _too_large(path: Path) -> BundleError:
    return BundleError(
        "too_large",
        f"数据包中的内容超出允许的大小，已拒收：{path}",
        f"Something in the bundle is larger than allowed; refused: {path}",
        str(path),
    )
