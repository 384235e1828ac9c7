"""The device key pair: made once, reloaded the same, owner-only on disk, never replaced when damaged."""

from __future__ import annotations

import base64
import hashlib
import multiprocessing
import os
import stat
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from inspector_app.domain.errors import KeyFileError
from inspector_app.security.device_keys import DEVICE_KEY_FILENAME, KEYS_DIRNAME, DeviceKeys
from inspector_app.security.signing import key_id_for, verify_signature

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_created_once_then_reloaded_unchanged(tmp_path: Path) -> None:
    created = DeviceKeys.load_or_create(tmp_path)
    key_file = tmp_path / KEYS_DIRNAME / DEVICE_KEY_FILENAME
    assert created.path == key_file
    content = key_file.read_bytes()
    assert content.startswith(b"-----BEGIN PRIVATE KEY-----")  # PKCS#8

    reloaded = DeviceKeys.load_or_create(tmp_path)
    assert reloaded.key_id == created.key_id
    assert reloaded.public_key_raw == created.public_key_raw
    assert key_file.read_bytes() == content
    assert sorted(path.name for path in key_file.parent.iterdir()) == [DEVICE_KEY_FILENAME]  # no temporary left

    message = b"sealed record"
    assert verify_signature(created.public_key_raw, reloaded.sign(message), message)


def test_another_data_dir_gets_another_key(tmp_path: Path) -> None:
    assert DeviceKeys.load_or_create(tmp_path / "a").key_id != DeviceKeys.load_or_create(tmp_path / "b").key_id


def test_key_id_and_public_key_forms(tmp_path: Path) -> None:
    keys = DeviceKeys.load_or_create(tmp_path)
    assert len(keys.public_key_raw) == 32
    assert base64.b64decode(keys.public_key_b64) == keys.public_key_raw
    assert len(keys.key_id) == 32 and int(keys.key_id, 16) >= 0
    assert keys.key_id == hashlib.sha256(keys.public_key_raw).hexdigest()[:32] == key_id_for(keys.public_key_raw)
    assert keys.device_id == keys.key_id
    assert keys.key_id in repr(keys) and "PRIVATE" not in repr(keys)


@posix_only
def test_folder_and_file_are_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        keys = DeviceKeys.load_or_create(tmp_path)
    finally:
        os.umask(previous)
    assert _mode(keys.path.parent) == 0o700
    assert _mode(keys.path) == 0o600


@posix_only
def test_loose_permissions_are_tightened_on_load(tmp_path: Path) -> None:
    keys = DeviceKeys.load_or_create(tmp_path)
    os.chmod(keys.path, 0o644)
    os.chmod(keys.path.parent, 0o755)
    again = DeviceKeys.load_or_create(tmp_path)
    assert again.key_id == keys.key_id
    assert _mode(keys.path.parent) == 0o700
    assert _mode(keys.path) == 0o600


def _damage(path: Path, content: bytes) -> None:
    os.chmod(path, 0o600)
    path.write_bytes(content)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\n\n",
        b"not a key at all",
        b"-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----\n",  # truncated
        b"\x00" * 119,
    ],
    ids=["empty", "blank", "text", "truncated", "zeros"],
)
def test_damaged_key_file_is_an_error_and_left_alone(tmp_path: Path, content: bytes) -> None:
    keys = DeviceKeys.load_or_create(tmp_path)
    _damage(keys.path, content)
    with pytest.raises(KeyFileError) as raised:
        DeviceKeys.load_or_create(tmp_path)
    error = raised.value
    assert error.reason == "damaged"
    assert error.path == str(keys.path)
    assert "设备密钥文件已损坏" in error.message_zh and str(keys.path) in error.message_zh
    assert "damaged" in error.message_en and "does not replace it" in error.message_en
    assert keys.path.read_bytes() == content  # never silently replaced


def test_truncated_copy_of_the_real_key_is_damaged(tmp_path: Path) -> None:
    keys = DeviceKeys.load_or_create(tmp_path)
    original = keys.path.read_bytes()
    _damage(keys.path, original[: len(original) // 2])
    with pytest.raises(KeyFileError, match="damaged"):
        DeviceKeys.load_or_create(tmp_path)


def test_key_of_another_kind_is_refused(tmp_path: Path) -> None:
    keys = DeviceKeys.load_or_create(tmp_path)
    other = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _damage(keys.path, other)
    with pytest.raises(KeyFileError) as raised:
        DeviceKeys.load_or_create(tmp_path)
    assert raised.value.reason == "wrong_kind"
    assert keys.path.read_bytes() == other


def test_encrypted_key_is_refused_as_damaged(tmp_path: Path) -> None:
    keys = DeviceKeys.load_or_create(tmp_path)
    encrypted = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"passphrase"),
    )
    _damage(keys.path, encrypted)
    with pytest.raises(KeyFileError) as raised:
        DeviceKeys.load_or_create(tmp_path)
    assert raised.value.reason == "damaged"


def test_key_path_taken_by_a_folder_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / KEYS_DIRNAME / DEVICE_KEY_FILENAME).mkdir(parents=True)
    with pytest.raises(KeyFileError) as raised:
        DeviceKeys.load_or_create(tmp_path)
    assert raised.value.reason == "unreadable"


def test_data_dir_that_is_a_file_is_unreadable(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file, not a folder")
    with pytest.raises(KeyFileError) as raised:
        DeviceKeys.load_or_create(blocker)
    assert raised.value.reason == "unreadable"


def _key_id_in(data_dir: str) -> str:
    return DeviceKeys.load_or_create(Path(data_dir)).key_id


def test_processes_starting_together_end_up_with_one_key(tmp_path: Path) -> None:
    """Workstation processes racing on first start must not each keep a different key."""
    data_dir = str(tmp_path / "shared")
    context = "fork" if sys.platform.startswith("linux") else "spawn"
    with ProcessPoolExecutor(max_workers=4, mp_context=multiprocessing.get_context(context)) as pool:
        key_ids = list(pool.map(_key_id_in, [data_dir] * 8))
    assert len(set(key_ids)) == 1
    assert DeviceKeys.load_or_create(Path(data_dir)).key_id == key_ids[0]
