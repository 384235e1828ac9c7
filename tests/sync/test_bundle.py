"""USB bundles: signed, every hash checked, refused whole when truncated, tampered or signed by the wrong key."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sync_data import NOW, USCC_A, ChangeLog, enterprise_row, record_scans, seal_record, trade_item_row

from inspector_app.domain.errors import BundleError
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.sync_service import SyncService
from inspector_app.services.workspace import Workspace
from inspector_app.storage.attachment_store import AttachmentStore
from inspector_app.storage.models import TradeItem, TrustedKey
from inspector_app.sync.bundle import (
    Bundle,
    read_bundle,
    read_reference_bundle,
    write_reference_bundle,
)
from inspector_app.sync.protocol import ReferenceTable


@pytest.fixture
def hq_keys(tmp_path: Path) -> DeviceKeys:
    return DeviceKeys.load_or_create(tmp_path / "hq")


@pytest.fixture
def service(workspace: Workspace, keys: DeviceKeys) -> SyncService:
    return SyncService(workspace, keys, clock=lambda: NOW)


def _trust_hq(workspace: Workspace, hq: DeviceKeys) -> None:
    with workspace.database.session() as session:
        session.add(
            TrustedKey(key_id=hq.key_id, public_key=hq.public_key_b64, source="hq", added_at=NOW.replace(tzinfo=None))
        )


@pytest.fixture
def bundle_path(tmp_path: Path, workspace: Workspace, keys: DeviceKeys, service: SyncService) -> Path:
    record_scans(workspace, keys, 2)
    seal_record(workspace, keys, attachments=[b"\xff\xd8 a photo", b"\xff\xd8 another photo"])
    seal_record(workspace, keys, attachments=[b"\xff\xd8 a photo"])  # shares a file with the record before
    path = tmp_path / "usb" / "records.iwbundle"
    path.parent.mkdir()
    service.export_bundle(path)
    return path


def _rewrite(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of the bundle with members replaced (bytes), removed (None) or added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename in change:
                replacement = change[info.filename]
                if replacement is not None:
                    new.writestr(info.filename, replacement)
                continue
            new.writestr(info, old.read(info.filename))
        for name, data in change.items():
            if name not in old.namelist() and data is not None:
                new.writestr(name, data)
    return target


def test_export_then_read_gives_every_record_and_attachment(
    bundle_path: Path, keys: DeviceKeys, service: SyncService
) -> None:
    bundle = read_bundle(bundle_path, {keys.key_id: keys.public_key_raw})

    assert isinstance(bundle, Bundle)
    assert bundle.device_id == keys.key_id
    assert [r.type for r in bundle.records] == ["scan_event", "scan_event", "spot_check", "spot_check"]
    assert [r.seq for r in bundle.records] == sorted(r.seq for r in bundle.records)
    assert len(bundle.attachments) == 2
    for attachment in bundle.attachments:
        assert hashlib.sha256(bundle.read_attachment(attachment.sha256)).hexdigest() == attachment.sha256
    assert service.pending_count() == 4  # records stay pending until HQ confirms them


def test_a_bundle_from_an_unknown_device_is_refused(bundle_path: Path, hq_keys: DeviceKeys) -> None:
    with pytest.raises(BundleError) as raised:
        read_bundle(bundle_path, {hq_keys.key_id: hq_keys.public_key_raw})

    assert raised.value.reason == "unknown_signer"
    assert raised.value.message_zh and raised.value.message_en


def test_a_bundle_signed_by_another_key_than_it_names_is_refused(
    bundle_path: Path, keys: DeviceKeys, hq_keys: DeviceKeys
) -> None:
    # The manifest names this device's key, but the trusted copy of that id is another key.
    with pytest.raises(BundleError) as raised:
        read_bundle(bundle_path, {keys.key_id: hq_keys.public_key_raw})

    assert raised.value.reason == "bad_signature"


@pytest.mark.parametrize("member", ["records.jsonl", "manifest.json"])
def test_a_changed_member_is_refused(bundle_path: Path, keys: DeviceKeys, tmp_path: Path, member: str) -> None:
    with zipfile.ZipFile(bundle_path) as archive:
        original = archive.read(member)
    altered = original.replace(b"scan_event", b"scan_evenT", 1)
    target = _rewrite(bundle_path, tmp_path / "altered.iwbundle", {member: altered})

    with pytest.raises(BundleError) as raised:
        read_bundle(target, {keys.key_id: keys.public_key_raw})

    assert raised.value.reason == ("tampered" if member == "records.jsonl" else "bad_signature")


def test_a_swapped_attachment_or_an_extra_member_is_refused(
    bundle_path: Path, keys: DeviceKeys, tmp_path: Path
) -> None:
    with zipfile.ZipFile(bundle_path) as archive:
        name = next(n for n in archive.namelist() if n.startswith("attachments/"))
    swapped = _rewrite(bundle_path, tmp_path / "swapped.iwbundle", {name: b"another picture"})
    extra = _rewrite(bundle_path, tmp_path / "extra.iwbundle", {"attachments/" + "0" * 64: b"x"})
    lookup = {keys.key_id: keys.public_key_raw}

    for target in (swapped, extra):
        with pytest.raises(BundleError) as raised:
            read_bundle(target, lookup)
        assert raised.value.reason == "tampered"


def test_a_truncated_file_and_a_non_bundle_are_told_apart(bundle_path: Path, keys: DeviceKeys, tmp_path: Path) -> None:
    data = bundle_path.read_bytes()
    truncated = tmp_path / "cut.iwbundle"
    truncated.write_bytes(data[: len(data) // 2])
    garbage = tmp_path / "photo.iwbundle"
    garbage.write_bytes(b"\x89PNG not a bundle")
    lookup = {keys.key_id: keys.public_key_raw}

    with pytest.raises(BundleError) as cut:
        read_bundle(truncated, lookup)
    with pytest.raises(BundleError) as other:
        read_bundle(garbage, lookup)
    with pytest.raises(BundleError) as missing:
        read_bundle(tmp_path / "nothing-here", lookup)

    assert (cut.value.reason, other.value.reason, missing.value.reason) == ("truncated", "not_a_bundle", "unreadable")


def test_a_records_bundle_is_not_a_reference_bundle(bundle_path: Path, keys: DeviceKeys) -> None:
    with pytest.raises(BundleError) as raised:
        read_reference_bundle(bundle_path, {keys.key_id: keys.public_key_raw})

    assert raised.value.reason == "wrong_kind"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damage_is_refused_or_harmless(
    bundle_path: Path, keys: DeviceKeys, tmp_path: Path, data: st.DataObject
) -> None:
    original = bundle_path.read_bytes()
    lookup = {keys.key_id: keys.public_key_raw}
    reference = read_bundle(bundle_path, lookup)
    damaged = bytearray(original)
    if data.draw(st.booleans(), label="truncate"):
        damaged = damaged[: data.draw(st.integers(0, len(original) - 1), label="length")]
    else:
        for _ in range(data.draw(st.integers(1, 4), label="flips")):
            position = data.draw(st.integers(0, len(original) - 1), label="position")
            damaged[position] ^= data.draw(st.integers(1, 255), label="mask")
    target = tmp_path / "damaged.iwbundle"
    target.write_bytes(bytes(damaged))

    try:
        bundle = read_bundle(target, lookup)
    except BundleError as exc:
        assert exc.message_zh and exc.message_en
        return
    # Damage outside everything the checks cover (a ZIP header field nobody reads) changes nothing that counts.
    assert bundle.records == reference.records
    assert bundle.attachments == reference.attachments


def test_reference_bundle_preview_then_import_twice_changes_nothing(
    workspace: Workspace, service: SyncService, hq_keys: DeviceKeys, tmp_path: Path
) -> None:
    _trust_hq(workspace, hq_keys)
    log = ChangeLog(start=10)
    changes = [log.upsert(ReferenceTable.ENTERPRISES, USCC_A, enterprise_row())]
    changes += [
        log.upsert(
            ReferenceTable.TRADE_ITEMS,
            f"0690123456{i:04d}",
            trade_item_row(f"0690123456{i:04d}", enterprise_uscc=USCC_A),
        )
        for i in range(12)
    ]
    changes.append(log.delete(ReferenceTable.TRADE_ITEMS, "06901234560003"))
    path = tmp_path / "reference.iwref"
    written = write_reference_bundle(path, changes, hq_keys, since=0, created_at=NOW)

    preview = service.preview_reference_bundle(path)
    first = service.import_reference_bundle(path)
    with workspace.database.session() as session:
        items = session.scalar(select(func.count()).select_from(TradeItem))
    second = service.import_reference_bundle(path)
    preview_after = service.preview_reference_bundle(path)

    assert written.records == 14
    assert (preview.new_changes, preview.already_applied, preview.gap) == (14, 0, False)
    assert preview.new_by_table == {"enterprises": {"upsert": 1}, "trade_items": {"upsert": 12, "delete": 1}}
    assert first.changed == 14
    assert first.cursor_after == changes[-1].seq
    assert items == 11
    assert (second.changed, second.already_applied) == (0, 14)
    assert preview_after.new_changes == 0


def test_reference_bundle_with_a_gap_or_from_an_untrusted_hq_is_refused(
    workspace: Workspace, service: SyncService, hq_keys: DeviceKeys, keys: DeviceKeys, tmp_path: Path
) -> None:
    log = ChangeLog(start=500)
    changes = [log.upsert(ReferenceTable.ENTERPRISES, USCC_A, enterprise_row())]
    gap = write_reference_bundle(tmp_path / "gap.iwref", changes, hq_keys, since=400, created_at=NOW).path
    stranger = write_reference_bundle(tmp_path / "own.iwref", changes, keys, since=0, created_at=NOW).path

    with pytest.raises(BundleError) as untrusted:
        service.preview_reference_bundle(gap)
    _trust_hq(workspace, hq_keys)
    assert service.preview_reference_bundle(gap).gap
    with pytest.raises(BundleError) as refused:
        service.import_reference_bundle(gap)
    with pytest.raises(BundleError) as own:
        service.import_reference_bundle(stranger)  # this workstation's own key is not HQ's

    assert untrusted.value.reason == "unknown_signer"
    assert refused.value.reason == "reference_gap"
    assert own.value.reason == "unknown_signer"
    with workspace.database.session() as session:
        assert session.scalar(select(func.count()).select_from(TradeItem)) == 0


def test_a_damaged_attachment_file_stops_the_export(
    workspace: Workspace, keys: DeviceKeys, service: SyncService, tmp_path: Path
) -> None:
    seal_record(workspace, keys, attachments=[b"photo bytes"])
    path = AttachmentStore(workspace.attachments_dir).path_for(hashlib.sha256(b"photo bytes").hexdigest())
    path.write_bytes(b"changed bytes")
    target = tmp_path / "out.iwbundle"

    with pytest.raises(BundleError) as raised:
        service.export_bundle(target)

    assert raised.value.reason == "unwritable"
    assert not target.exists()
    assert list(tmp_path.glob(".out.iwbundle*")) == []


def test_the_bundle_times_are_utc(bundle_path: Path, keys: DeviceKeys) -> None:
    bundle = read_bundle(bundle_path, {keys.key_id: keys.public_key_raw})

    assert bundle.created_at == NOW.replace(microsecond=0)
    assert bundle.created_at.utcoffset() == dt.timedelta(0)
