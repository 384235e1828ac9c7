"""This workstation's Ed25519 key pair: made on first start, then loaded on every start.

The private key lives in ``<data dir>/keys/device_ed25519.pem`` (PKCS#8 PEM, unencrypted: the workstation must sign
without a person typing a passphrase, and the operating system's owner-only permissions guard it — folder 0700,
file 0600). The file is written to a temporary name, flushed to disk and then linked into place, so a crash or a
second workstation process starting at the same moment never leaves a half-written key or two different keys.

A key file that exists but cannot be read is an error with a clear message, never silently replaced: every record
and certificate this workstation sealed is signed with that key, and a new key would make it look forged.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from inspector_app.domain.errors import KeyFileError
from inspector_app.security.signing import key_id_for

logger = logging.getLogger(__name__)

KEYS_DIRNAME = "keys"
DEVICE_KEY_FILENAME = "device_ed25519.pem"
#: Owner-only permissions of the key folder and the key file (POSIX; Windows keeps the folder's ACL).
KEYS_DIR_MODE = 0o700
KEY_FILE_MODE = 0o600
# A PEM Ed25519 key is 119 bytes; reading stops well above that so a wrong file is not read whole.
_MAX_KEY_FILE_BYTES = 16 * 1024


class DeviceKeys:
    """The workstation's signing key. The device id written into records is :attr:`key_id`."""

    def __init__(self, private_key: Ed25519PrivateKey, path: Path) -> None:
        self._private_key = private_key
        self.path = path
        self.public_key_raw: bytes = private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.key_id: str = key_id_for(self.public_key_raw)

    @classmethod
    def load_or_create(cls, data_dir: Path) -> DeviceKeys:
        """Load the key pair from ``data_dir/keys``, creating it (and the folder) on first start.

        Raises ``KeyFileError`` when the key file exists but is damaged, is not an Ed25519 key, or cannot be read;
        the file is then left exactly as it was.
        """
        keys_dir = Path(data_dir) / KEYS_DIRNAME
        path = keys_dir / DEVICE_KEY_FILENAME
        _ensure_private_dir(keys_dir)
        if not path.exists():
            created = _create_key_file(path)
            if created is not None:
                logger.info("created the device key %s in %s", created.key_id, path)
                return created
            # Another process created the key between our check and our link: use theirs.
        keys = cls(_read_private_key(path), path)
        _tighten_mode(path, KEY_FILE_MODE)
        logger.info("loaded the device key %s from %s", keys.key_id, path)
        return keys

    @property
    def public_key_b64(self) -> str:
        """The raw public key in standard base64 (44 characters)."""
        return base64.b64encode(self.public_key_raw).decode("ascii")

    @property
    def device_id(self) -> str:
        """The id records name as their device: the key id."""
        return self.key_id

    def sign(self, message: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``message``."""
        return self._private_key.sign(message)

    def __repr__(self) -> str:
        return f"DeviceKeys(key_id={self.key_id!r}, path={str(self.path)!r})"


def _ensure_private_dir(keys_dir: Path) -> None:
    try:
        keys_dir.mkdir(mode=KEYS_DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise _unreadable(keys_dir, exc) from exc
    # mkdir's mode is filtered by the umask and ignored for a folder that already exists.
    _tighten_mode(keys_dir, KEYS_DIR_MODE)


def _tighten_mode(path: Path, mode: int) -> None:
    """Give ``path`` exactly ``mode`` if it has more (POSIX only; Windows has no such permission bits)."""
    if os.name != "posix":
        return
    try:
        current = stat.S_IMODE(path.stat().st_mode)
        if current != mode:
            os.chmod(path, mode)
            logger.warning("permissions of %s were %o; set to %o", path, current, mode)
    except OSError as exc:
        raise _unreadable(path, exc) from exc


def _create_key_file(path: Path) -> DeviceKeys | None:
    """Write a new key to ``path``; ``None`` when another process put one there first."""
    private_key = Ed25519PrivateKey.generate()
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            if os.name == "posix":
                os.fchmod(stream.fileno(), KEY_FILE_MODE)  # exactly 0600, whatever the umask did to it
            stream.write(pem)
            stream.flush()
            os.fsync(stream.fileno())
        if not _place_without_replacing(temporary, path):
            return None
        _sync_directory(path.parent)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    finally:
        temporary.unlink(missing_ok=True)
    return DeviceKeys(private_key, path)


def _place_without_replacing(temporary: Path, path: Path) -> bool:
    """Move ``temporary`` to ``path`` unless ``path`` exists; ``False`` if it did."""
    try:
        # A hard link is an atomic "create only if absent": two starting processes cannot both win.
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError:
        # File systems without hard links (FAT on a USB stick): a rename, after checking once more.
        if path.exists():
            return False
        os.replace(temporary, path)
    return True


def _sync_directory(directory: Path) -> None:
    """Make the new directory entry durable (POSIX; Windows cannot open a folder for fsync)."""
    if os.name != "posix":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        with contextlib.suppress(OSError):  # some file systems refuse fsync on a directory; the data is synced
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _read_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        with open(path, "rb") as stream:
            data = stream.read(_MAX_KEY_FILE_BYTES + 1)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if not data.strip() or len(data) > _MAX_KEY_FILE_BYTES:
        raise _damaged(path, f"{len(data)} bytes")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        # ValueError: not PEM, or damaged; TypeError: an encrypted key (we never write one).
        raise _damaged(path, str(exc)) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(
            "wrong_kind",
            f"设备密钥文件中不是 Ed25519 私钥：{path}。工作站未作任何修改，请从备份恢复原密钥文件或联系技术支持。",
            f"The device key file does not hold an Ed25519 private key: {path}. Nothing was changed; restore the "
            "original key file from a backup or contact support.",
            str(path),
        )
    return key


def _damaged(path: Path, detail: str) -> KeyFileError:
    error = KeyFileError(
        "damaged",
        f"设备密钥文件已损坏：{path}。工作站不会自动替换它，因为本机已签名的记录依赖此密钥。"
        "请从备份恢复该文件，或联系技术支持。",
        f"The device key file is damaged: {path}. The workstation does not replace it, because the records it "
        "has signed depend on this key. Restore the file from a backup or contact support.",
        str(path),
    )
    error.add_note(detail)
    return error


def _unreadable(path: Path, exc: OSError) -> KeyFileError:
    reason = exc.strerror or str(exc)
    return KeyFileError(
        "unreadable",
        f"无法读取或写入设备密钥：{path}（{reason}）。请检查数据目录的权限。",
        f"Cannot read or write the device key {path} ({reason}). Check the permissions of the data folder.",
        str(path),
    )
