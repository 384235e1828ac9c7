"""Signature checks, key ids and public key files."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from inspector_app.domain.errors import KeyFileError
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.security.signing import (
    MAX_PUBLIC_KEY_FILE_BYTES,
    format_public_key_file,
    key_id_for,
    load_public_key_file,
    parse_public_key_file,
    save_public_key_file,
    verify_signature,
)


def _raw_public(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


PRIVATE = Ed25519PrivateKey.generate()
PUBLIC = _raw_public(PRIVATE)
MESSAGE = "抽样单 DC19142400463230158 合格".encode()
SIGNATURE = PRIVATE.sign(MESSAGE)


def _flip(data: bytes, index: int) -> bytes:
    changed = bytearray(data)
    changed[index % len(changed)] ^= 0x01
    return bytes(changed)


def test_a_signature_verifies() -> None:
    assert verify_signature(PUBLIC, SIGNATURE, MESSAGE)


@pytest.mark.parametrize("index", [0, 7, 31, -1])
def test_a_changed_byte_of_the_message_fails(index: int) -> None:
    assert not verify_signature(PUBLIC, SIGNATURE, _flip(MESSAGE, index))


@pytest.mark.parametrize("index", [0, 31, 32, 63])
def test_a_changed_byte_of_the_signature_fails(index: int) -> None:
    assert not verify_signature(PUBLIC, _flip(SIGNATURE, index), MESSAGE)


def test_another_key_fails() -> None:
    assert not verify_signature(_raw_public(Ed25519PrivateKey.generate()), SIGNATURE, MESSAGE)


def test_device_key_signatures_verify_with_its_public_key(tmp_path: Path) -> None:
    keys = DeviceKeys.load_or_create(tmp_path)
    signature = keys.sign(MESSAGE)
    assert len(signature) == 64
    assert verify_signature(keys.public_key_raw, signature, MESSAGE)
    assert not verify_signature(keys.public_key_raw, signature, MESSAGE + b" ")


@pytest.mark.parametrize(
    ("key", "signature"),
    [(PUBLIC[:31], SIGNATURE), (PUBLIC + b"\0", SIGNATURE), (PUBLIC, SIGNATURE[:63]), (PUBLIC, b""), (b"", b"")],
)
def test_wrong_lengths_are_simply_invalid(key: bytes, signature: bytes) -> None:
    assert verify_signature(key, signature, MESSAGE) is False


@given(st.binary(max_size=40), st.binary(max_size=70), st.binary(max_size=64))
def test_verification_never_raises(key: bytes, signature: bytes, message: bytes) -> None:
    assert verify_signature(key, signature, message) in (True, False)


@given(st.binary(min_size=64, max_size=64), st.binary(max_size=64))
def test_random_signatures_do_not_verify(signature: bytes, message: bytes) -> None:
    assert not verify_signature(PUBLIC, signature, message)


def test_key_id_is_a_sha256_prefix_and_needs_32_bytes() -> None:
    assert key_id_for(b"\0" * 32) == "66687aadf862bd776c8fc18b8e9f8e20"  # SHA-256 of 32 zero bytes
    with pytest.raises(ValueError, match="32 bytes"):
        key_id_for(b"\0" * 31)


# --- public key files ---------------------------------------------------------------------------------------


def test_public_key_file_round_trip(tmp_path: Path) -> None:
    path = save_public_key_file(tmp_path / "laptop.pub", PUBLIC, "温州洞头-01")
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("# ") and "Ed25519" in text.splitlines()[0]
    assert "# workstation: 温州洞头-01" in text
    assert f"# key-id: {key_id_for(PUBLIC)}" in text
    assert base64.b64encode(PUBLIC).decode() in text
    loaded = load_public_key_file(path)
    assert loaded.public_key_raw == PUBLIC
    assert loaded.key_id == key_id_for(PUBLIC)
    assert loaded.workstation == "温州洞头-01"
    assert loaded.public_key_b64 == base64.b64encode(PUBLIC).decode()
    assert [entry.name for entry in tmp_path.iterdir()] == ["laptop.pub"]


def test_saving_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "key.pub"
    path.write_text("old")
    save_public_key_file(path, PUBLIC, "x")
    assert load_public_key_file(path).public_key_raw == PUBLIC


def test_workstation_name_cannot_break_the_format() -> None:
    text = format_public_key_file(PUBLIC, "evil\nAAAA\r\n# key-id: 00")
    parsed = parse_public_key_file(text)
    assert parsed.public_key_raw == PUBLIC
    assert parsed.workstation == "evil AAAA # key-id: 00"


def test_lenient_about_comments_blank_lines_bom_and_crlf(tmp_path: Path) -> None:
    key = base64.b64encode(PUBLIC).decode()
    path = tmp_path / "windows.pub"
    path.write_bytes(("\ufeff\r\n# a note\r\n\r\n  " + key + "  \r\n\r\n").encode("utf-8"))
    loaded = load_public_key_file(path)
    assert loaded.public_key_raw == PUBLIC
    assert loaded.workstation == ""
    assert parse_public_key_file(key).key_id == key_id_for(PUBLIC)  # a bare key line is enough


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only comments\n",
        f"{base64.b64encode(PUBLIC).decode()}\n{base64.b64encode(PUBLIC).decode()}\n",
        "this is not base64!\n",
        base64.b64encode(PUBLIC[:31]).decode(),
        base64.b64encode(PUBLIC + b"\0").decode(),
        "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n",
    ],
    ids=["empty", "comments", "two-keys", "not-base64", "31-bytes", "33-bytes", "pem"],
)
def test_not_a_key_is_refused(text: str) -> None:
    with pytest.raises(KeyFileError) as raised:
        parse_public_key_file(text, "x.pub")
    assert raised.value.reason == "not_a_key"
    assert "x.pub" in raised.value.message_zh and "32-byte" in raised.value.message_en


def test_a_key_id_that_does_not_match_is_refused() -> None:
    text = format_public_key_file(PUBLIC, "a").replace(key_id_for(PUBLIC), "0" * 32)
    with pytest.raises(KeyFileError) as raised:
        parse_public_key_file(text)
    assert raised.value.reason == "key_id_mismatch"


def test_a_changed_key_byte_is_caught_by_the_key_id() -> None:
    text = format_public_key_file(PUBLIC, "a").replace(
        base64.b64encode(PUBLIC).decode(), base64.b64encode(_flip(PUBLIC, 5)).decode()
    )
    with pytest.raises(KeyFileError, match="does not match"):
        parse_public_key_file(text)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: d / "missing.pub", "missing"),
        (lambda d: d, "unreadable"),
        (lambda d: _write(d / "big.pub", b"#" * (MAX_PUBLIC_KEY_FILE_BYTES + 1)), "too_large"),
        (lambda d: _write(d / "latin1.pub", "# Schlüssel\n".encode("latin-1")), "not_utf8"),
    ],
    ids=["missing", "folder", "too-large", "not-utf8"],
)
def test_files_that_cannot_be_read(tmp_path: Path, make: object, reason: str) -> None:
    assert callable(make)
    with pytest.raises(KeyFileError) as raised:
        load_public_key_file(make(tmp_path))
    assert raised.value.reason == reason


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_unwritable_destination_is_a_key_file_error(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError) as raised:
        save_public_key_file(tmp_path / "no-such-folder" / "k.pub", PUBLIC, "x")
    assert raised.value.reason == "unreadable"
    assert not any(name.endswith(".tmp") for name in os.listdir(tmp_path))


@given(st.text(max_size=300))
def test_parsing_any_text_gives_a_key_or_a_key_file_error(text: str) -> None:
    try:
        parsed = parse_public_key_file(text)
    except KeyFileError as error:
        assert error.reason in ("not_a_key", "key_id_mismatch")
    else:
        assert len(parsed.public_key_raw) == 32


@given(st.binary(min_size=32, max_size=32), st.text(max_size=60))
def test_any_key_and_workstation_name_round_trip(public_key: bytes, workstation: str) -> None:
    parsed = parse_public_key_file(format_public_key_file(public_key, workstation))
    assert parsed.public_key_raw == public_key
    assert parsed.workstation == " ".join(workstation.split())
