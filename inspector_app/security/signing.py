"""Ed25519 verification, key ids, and public key files (``.pub``) for moving a key between workstations.

A key id is the first 16 bytes of SHA-256 over the raw 32-byte public key, as 32 hex characters: short enough to
print on a certificate, long enough that two keys never share one by accident.

A public key file is UTF-8 text: comment lines starting with ``#`` (the first says what the file is, one names the
workstation, one gives the key id as a check against a damaged copy) and one line with the raw public key in
standard base64::

    # 质量安全监管检查工作站 设备公钥 Inspector Workstation device public key (Ed25519)
    # workstation: 温州洞头-01
    # key-id: 3f0c2a9e4b7d1c5e8a6f0b2d4c6e8a1b
    u3Q5ZC6m0o6y1b8P7sXx0rV9kq3nT2m8dWf4hJ1sE0A=

Reading is lenient about comments and blank lines and strict about the key: exactly one key line, exactly 32
bytes, and the key id (when the file gives one) must match the key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from inspector_app.domain.errors import KeyFileError

logger = logging.getLogger(__name__)

#: Length of a raw Ed25519 public key and of a signature, in bytes.
PUBLIC_KEY_LENGTH = 32
SIGNATURE_LENGTH = 64
#: Bytes of SHA-256 kept in a key id (shown as twice as many hex characters).
KEY_ID_BYTES = 16
#: Suffix of public key files.
PUBLIC_KEY_SUFFIX = ".pub"
#: A public key file is a few hundred bytes; anything far larger is not one (and is not read into memory).
MAX_PUBLIC_KEY_FILE_BYTES = 64 * 1024

_TITLE_LINE = "# 质量安全监管检查工作站 设备公钥 Inspector Workstation device public key (Ed25519)"
_WORKSTATION_FIELD = "workstation"
_KEY_ID_FIELD = "key-id"


def key_id_for(public_key_raw: bytes) -> str:
    """The key id of a raw 32-byte Ed25519 public key: hex of the first 16 bytes of its SHA-256 (32 characters).

    Raises ``ValueError`` for anything that is not 32 bytes long.
    """
    if len(public_key_raw) != PUBLIC_KEY_LENGTH:
        raise ValueError(f"an Ed25519 public key has {PUBLIC_KEY_LENGTH} bytes, not {len(public_key_raw)}")
    return hashlib.sha256(public_key_raw).digest()[:KEY_ID_BYTES].hex()


def verify_signature(public_key_raw: bytes, signature: bytes, message: bytes) -> bool:
    """Whether ``signature`` is a valid Ed25519 signature of ``message`` by ``public_key_raw``.

    Never raises for bad input: a key or signature of the wrong length, or garbage, is simply not valid.
    """
    if len(public_key_raw) != PUBLIC_KEY_LENGTH or len(signature) != SIGNATURE_LENGTH:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key_raw).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True, slots=True)
class PublicKeyFile:
    """The content of a public key file: the raw key, its id and the workstation it came from."""

    public_key_raw: bytes
    key_id: str
    workstation: str

    @property
    def public_key_b64(self) -> str:
        """The raw key in standard base64 (44 characters)."""
        return base64.b64encode(self.public_key_raw).decode("ascii")


def format_public_key_file(public_key_raw: bytes, workstation: str) -> str:
    """The text of a public key file for ``public_key_raw``, naming ``workstation``."""
    key_id = key_id_for(public_key_raw)
    # The name sits on one comment line: line breaks in it would turn the rest into a would-be key line.
    name = " ".join(workstation.split())
    lines = [
        _TITLE_LINE,
        f"# {_WORKSTATION_FIELD}: {name}",
        f"# {_KEY_ID_FIELD}: {key_id}",
        base64.b64encode(public_key_raw).decode("ascii"),
    ]
    return "\n".join(lines) + "\n"


def parse_public_key_file(text: str, path: str = "") -> PublicKeyFile:
    """Read the text of a public key file; raises ``KeyFileError`` (reason ``not_a_key`` or ``key_id_mismatch``)."""
    fields: dict[str, str] = {}
    key_lines: list[str] = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        if line.startswith("#"):
            name, separator, value = line[1:].partition(":")
            if separator:
                fields.setdefault(name.strip().lower(), value.strip())
            continue
        key_lines.append(line)
    if len(key_lines) != 1:
        raise _not_a_key(path, f"{len(key_lines)} key lines")
    try:
        public_key_raw = base64.b64decode(key_lines[0], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise _not_a_key(path, str(exc)) from exc
    if len(public_key_raw) != PUBLIC_KEY_LENGTH:
        raise _not_a_key(path, f"{len(public_key_raw)} bytes")
    key_id = key_id_for(public_key_raw)
    stated = fields.get(_KEY_ID_FIELD, "").lower()
    if stated and stated != key_id:
        raise KeyFileError(
            "key_id_mismatch",
            f"公钥文件中的密钥编号（{stated}）与公钥不符，文件可能已损坏或被改动：{path}",
            f"The key id in the public key file ({stated}) does not match its key; the file may be damaged or "
            f"altered: {path}",
            path,
        )
    return PublicKeyFile(public_key_raw, key_id, fields.get(_WORKSTATION_FIELD, ""))


def save_public_key_file(path: Path, public_key_raw: bytes, workstation: str) -> Path:
    """Write a public key file at ``path`` (replacing it if present) and return the path.

    Written to a temporary file first and renamed, so a crash never leaves half a key behind.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(format_public_key_file(public_key_raw, workstation))
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise KeyFileError(
            "unreadable",
            f"无法写入公钥文件：{path}（{exc.strerror or exc}）",
            f"Cannot write the public key file {path}: {exc.strerror or exc}",
            str(path),
        ) from exc
    logger.info("public key %s written to %s", key_id_for(public_key_raw), path)
    return path


def load_public_key_file(path: Path) -> PublicKeyFile:
    """Read a public key file; raises ``KeyFileError`` when it is missing, unreadable, too large or not a key."""
    path = Path(path)
    where = str(path)
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_PUBLIC_KEY_FILE_BYTES + 1)
    except FileNotFoundError as exc:
        raise KeyFileError("missing", f"找不到公钥文件：{path}", f"Public key file not found: {path}", where) from exc
    except OSError as exc:
        raise KeyFileError(
            "unreadable",
            f"无法读取公钥文件：{path}（{exc.strerror or exc}）",
            f"Cannot read the public key file {path}: {exc.strerror or exc}",
            where,
        ) from exc
    if len(data) > MAX_PUBLIC_KEY_FILE_BYTES:
        raise KeyFileError(
            "too_large",
            f"文件过大，不是公钥文件：{path}",
            f"The file is far too large to be a public key file: {path}",
            where,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KeyFileError(
            "not_utf8",
            f"不是公钥文件（非 UTF-8 文本）：{path}",
            f"Not a public key file (not UTF-8 text): {path}",
            where,
        ) from exc
    return parse_public_key_file(text, where)


def _not_a_key(path: str, detail: str) -> KeyFileError:
    error = KeyFileError(
        "not_a_key",
        f"不是有效的公钥文件：应只含一行 Base64 编码的 32 字节 Ed25519 公钥（{path}）",
        f"Not a valid public key file: it must hold exactly one line with a base64 32-byte Ed25519 key ({path})",
        path,
    )
    error.add_note(detail)
    return error
