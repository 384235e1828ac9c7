"""Content-addressed attachments on real files and a real SQLite store."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector_app.domain.errors import AttachmentError
from inspector_app.services.workspace import Workspace
from inspector_app.storage.attachment_store import MAX_ATTACHMENT_BYTES, AttachmentStore
from inspector_app.storage.field_record_repository import FieldRecordRepository, NewFieldRecord
from inspector_app.storage.models import Attachment

NOW = dt.datetime(2026, 11, 27, 2, 30, tzinfo=dt.UTC)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def store(workspace: Workspace) -> AttachmentStore:
    return AttachmentStore(workspace.attachments_dir)


def test_file_is_named_by_its_hash_in_a_two_digit_folder(store: AttachmentStore, workspace: Workspace) -> None:
    digest = store.write_file(PNG)
    assert digest == hashlib.sha256(PNG).hexdigest()
    path = workspace.attachments_dir / digest[:2] / digest
    assert path.read_bytes() == PNG
    assert store.path_for(digest) == path
    # No temporary file is left behind.
    assert sorted(p.name for p in path.parent.iterdir()) == [digest]


def test_same_bytes_twice_is_one_file_and_one_row(store: AttachmentStore, workspace: Workspace) -> None:
    with workspace.database.session() as session:
        first = store.add(session, PNG, "image/png", "C:\\photos\\seal.png", now=NOW)
        second = store.add(session, PNG, "image/png", "other.png", now=NOW)
    assert first == second
    assert first.original_name == "seal.png"
    assert first.size_bytes == len(PNG)
    assert first.created_at == NOW.replace(tzinfo=None)
    with workspace.database.session() as session:
        assert session.query(Attachment).count() == 1
    assert len(list(workspace.attachments_dir.rglob("*"))) == 2  # the folder and the file


def test_read_back_verifies_the_content(store: AttachmentStore) -> None:
    digest = store.write_file(PNG)
    assert store.read(digest) == PNG
    store.verify(digest)


def test_missing_file_is_a_clear_error(store: AttachmentStore) -> None:
    digest = store.write_file(PNG)
    store.path_for(digest).unlink()
    with pytest.raises(AttachmentError) as caught:
        store.read(digest)
    assert caught.value.reason == "missing"
    assert caught.value.sha256 == digest
    assert "附件文件缺失" in caught.value.message_zh
    assert str(store.path_for(digest)) in caught.value.message_en
    with pytest.raises(AttachmentError, match="missing"):
        store.verify(digest)


def test_changed_byte_is_detected_as_corrupt(store: AttachmentStore) -> None:
    digest = store.write_file(PNG)
    path = store.path_for(digest)
    damaged = bytearray(path.read_bytes())
    damaged[20] ^= 0x01
    path.write_bytes(bytes(damaged))
    with pytest.raises(AttachmentError) as caught:
        store.read(digest)
    assert caught.value.reason == "corrupt"
    assert "已损坏" in caught.value.message_zh
    with pytest.raises(AttachmentError) as verified:
        store.verify(digest)
    assert verified.value.reason == "corrupt"


def test_storing_the_right_bytes_again_repairs_a_damaged_file(store: AttachmentStore) -> None:
    digest = store.write_file(PNG)
    store.path_for(digest).write_bytes(b"garbage")
    assert store.write_file(PNG) == digest
    assert store.read(digest) == PNG


@pytest.mark.parametrize("name", ["../../etc/passwd", "ABCDEF" * 10 + "abcd", "", "a" * 63, "g" * 64])
def test_hash_that_is_not_64_hex_digits_is_refused(store: AttachmentStore, name: str) -> None:
    with pytest.raises(AttachmentError) as caught:
        store.read(name)
    assert caught.value.reason == "bad_hash"


def test_empty_and_oversized_data_are_refused(store: AttachmentStore, tmp_path: Path) -> None:
    with pytest.raises(AttachmentError) as empty:
        store.write_file(b"")
    assert empty.value.reason == "empty"
    with pytest.raises(AttachmentError) as large:
        store.write_file(b"\0" * (MAX_ATTACHMENT_BYTES + 1))
    assert large.value.reason == "too_large"
    assert not store.root.exists() or not any(store.root.rglob("*"))


def test_bad_media_type_is_refused(store: AttachmentStore, workspace: Workspace) -> None:
    with workspace.database.session() as session, pytest.raises(AttachmentError) as caught:
        store.add(session, PNG, "png", now=NOW)
    assert caught.value.reason == "bad_media_type"


def test_unwritable_folder_is_an_attachment_error(tmp_path: Path) -> None:
    # A plain file where the folder should be: no folder can be made under it, even for root.
    root = tmp_path / "not-a-folder"
    root.write_bytes(b"")
    with pytest.raises(AttachmentError) as caught:
        AttachmentStore(root).write_file(PNG)
    assert caught.value.reason == "unwritable"
    assert "无法保存附件文件" in caught.value.message_zh


def test_links_by_role_and_unlinking_a_role(store: AttachmentStore, workspace: Workspace) -> None:
    other = b"another photo"
    with workspace.database.session() as session:
        FieldRecordRepository(session).insert_draft(
            NewFieldRecord(id="r1", record_type="spot_check", created_at=NOW, payload_json="{}")
        )
        png = store.add(session, PNG, "image/png", "sig.png", now=NOW)
        jpg = store.add(session, other, "image/jpeg", "site.jpg", now=NOW)
        store.link(session, "r1", png.sha256, "signature_inspector_1")
        store.link(session, "r1", png.sha256, "signature_inspector_1")  # idempotent
        store.link(session, "r1", jpg.sha256, "photo_site")
        linked = store.for_record(session, "r1")
        assert [(a.role, a.sha256, a.media_type) for a in linked] == [
            ("photo_site", jpg.sha256, "image/jpeg"),
            ("signature_inspector_1", png.sha256, "image/png"),
        ]
        assert store.unlink(session, "r1", png.sha256, "photo_site") == 0  # not linked in that role
        assert store.unlink_role(session, "r1", "photo_site") == 1
        assert [a.role for a in store.for_record(session, "r1")] == ["signature_inspector_1"]
        assert store.get(session, png.sha256) == png
        assert store.get(session, "0" * 64) is None


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(data=st.binary(min_size=1, max_size=2048))
def test_any_bytes_round_trip(tmp_path: Path, data: bytes) -> None:
    store = AttachmentStore(tmp_path / "hyp")
    digest = store.write_file(data)
    assert store.read(digest) == data
    assert digest == hashlib.sha256(data).hexdigest()
