"""Trusted keys: the workstation's own, keys moved by file between two workstations, revocation."""

from __future__ import annotations

import base64
import datetime as dt
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector_app.domain.errors import KeyFileError, KeyTrustError, NotFoundError
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.security.signing import load_public_key_file, verify_signature
from inspector_app.services.trust_service import SOURCE_FILE, SOURCE_OWN, TrustService
from inspector_app.services.workspace import Workspace, open_workspace
from inspector_app.storage.models import TrustedKey

ADDED = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def trust(workspace: Workspace) -> TrustService:
    return TrustService(workspace.database, DeviceKeys.load_or_create(workspace.data_dir), clock=lambda: ADDED)


@pytest.fixture
def other_workspace(tmp_path: Path) -> Iterator[Workspace]:
    opened = open_workspace(tmp_path / "other-laptop")
    yield opened
    opened.close()


@pytest.fixture
def other_keys(other_workspace: Workspace) -> DeviceKeys:
    return DeviceKeys.load_or_create(other_workspace.data_dir)


def test_own_key_is_trusted_once(trust: TrustService, workspace: Workspace) -> None:
    keys = DeviceKeys.load_or_create(workspace.data_dir)
    assert trust.trusted_keys() == {}
    info = trust.ensure_own_key_trusted()
    assert info.key_id == keys.key_id
    assert info.public_key_raw == keys.public_key_raw
    assert (info.source, info.revoked, info.added_at) == (SOURCE_OWN, False, ADDED)
    assert info.label.startswith("本机")
    assert trust.ensure_own_key_trusted() == info
    assert trust.trusted_keys() == {keys.key_id: keys.public_key_raw}
    assert trust.list() == [info]


def test_a_key_moves_between_workstations_by_file(
    trust: TrustService, other_workspace: Workspace, other_keys: DeviceKeys, tmp_path: Path
) -> None:
    other = TrustService(other_workspace.database, other_keys)
    exported = other.export_own_key(tmp_path / "other.pub", "洞头-02")
    assert load_public_key_file(exported).key_id == other_keys.key_id

    trust.ensure_own_key_trusted()
    info = trust.import_key_file(exported, "洞头所 二号机")
    assert (info.key_id, info.label, info.source) == (other_keys.key_id, "洞头所 二号机", SOURCE_FILE)

    keys = trust.trusted_keys()
    assert set(keys) == {trust.list()[0].key_id, other_keys.key_id}
    message = b"certificate claims"
    assert verify_signature(keys[other_keys.key_id], other_keys.sign(message), message)

    assert trust.import_key_file(exported, "another label") == info  # the same key again changes nothing
    assert len(trust.list()) == 2
    assert trust.list()[0].source == SOURCE_OWN  # own key first


def test_label_defaults_to_the_workstation_in_the_file(
    trust: TrustService, other_workspace: Workspace, other_keys: DeviceKeys, tmp_path: Path
) -> None:
    path = TrustService(other_workspace.database, other_keys).export_own_key(tmp_path / "k.pub", "上虞 03")
    assert trust.import_key_file(path).label == "上虞 03"


def test_export_defaults_to_the_host_name(trust: TrustService, tmp_path: Path) -> None:
    path = trust.export_own_key(tmp_path / "mine.pub")
    assert load_public_key_file(path).workstation == " ".join(socket.gethostname().split())


def test_revoked_keys_are_no_longer_trusted_and_stay_revoked(
    trust: TrustService, other_workspace: Workspace, other_keys: DeviceKeys, tmp_path: Path
) -> None:
    path = TrustService(other_workspace.database, other_keys).export_own_key(tmp_path / "k.pub")
    trust.ensure_own_key_trusted()
    trust.import_key_file(path)
    revoked = trust.revoke(other_keys.key_id.upper())
    assert revoked.revoked is True
    assert other_keys.key_id not in trust.trusted_keys()
    assert [info.revoked for info in trust.list()] == [False, True]  # still listed
    assert trust.revoke(other_keys.key_id).revoked is True  # again: no change, no error
    with pytest.raises(KeyTrustError) as raised:
        trust.import_key_file(path)
    assert raised.value.reason == "revoked"
    assert other_keys.key_id not in trust.trusted_keys()


def test_own_key_cannot_be_revoked(trust: TrustService) -> None:
    own = trust.ensure_own_key_trusted()
    with pytest.raises(KeyTrustError) as raised:
        trust.revoke(own.key_id)
    assert raised.value.reason == "own_key"
    assert own.key_id in trust.trusted_keys()


def test_unknown_key_cannot_be_revoked(trust: TrustService) -> None:
    with pytest.raises(NotFoundError):
        trust.revoke("0" * 32)


def test_a_bad_file_adds_nothing(trust: TrustService, tmp_path: Path) -> None:
    bad = tmp_path / "bad.pub"
    bad.write_text("# not a key\nhello\n", encoding="utf-8")
    with pytest.raises(KeyFileError):
        trust.import_key_file(bad)
    with pytest.raises(KeyFileError):
        trust.import_key_file(tmp_path / "missing.pub")
    assert trust.list() == []


def test_an_unreadable_stored_key_is_left_out(trust: TrustService, workspace: Workspace) -> None:
    own = trust.ensure_own_key_trusted()
    with workspace.database.session() as session:
        session.add(TrustedKey(key_id="f" * 32, public_key="not base64!", label="", source="hq", added_at=ADDED))
        session.add(
            TrustedKey(
                key_id="e" * 32,
                public_key=base64.b64encode(b"\1" * 31).decode(),
                label="",
                source="hq",
                added_at=ADDED,
            )
        )
    assert trust.trusted_keys() == {own.key_id: own.public_key_raw}
