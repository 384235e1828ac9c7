"""Enrol and sync against a real ``inspector-hq serve`` process on 127.0.0.1."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_hq import LiveHq
from sqlalchemy import select
from sync_data import NOW, USCC_A, record_scans, seal_record

from inspector_app.domain.errors import SyncError, UpdateRequiredError
from inspector_app.domain.ids import new_uuid7
from inspector_app.domain.records import canonical_json, content_hash
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.scan_service import ScanService
from inspector_app.services.sync_service import SyncService
from inspector_app.services.workspace import Workspace, open_workspace
from inspector_app.storage.field_record_repository import FieldRecordRepository, NewFieldRecord, SealData
from inspector_app.storage.models import Enterprise, FieldRecord, TradeItem, TrustedKey
from inspector_app.sync.client import HqClient, RetryPolicy
from inspector_app.sync.outbox import Outbox
from inspector_app.sync.protocol import (
    PROTOCOL_HEADER,
    EnterpriseRow,
    ReferenceTable,
    RiskAlertRow,
    TradeItemRow,
    format_enrollment_qr,
    record_signing_message,
)

FAST = RetryPolicy(attempts=3, base_delay=0.05, max_delay=0.2, budget=10.0)


@pytest.fixture(scope="module")
def hq(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHq]:
    server = LiveHq(tmp_path_factory.mktemp("hq") / "data")
    server.start()
    try:
        server.add_inspector()
        yield server
    finally:
        server.stop()


@pytest.fixture
def service(workspace: Workspace, keys: DeviceKeys) -> SyncService:
    return SyncService(workspace, keys, retry=FAST)


def _enrolled(service: SyncService, hq: LiveHq) -> SyncService:
    service.enroll(hq.url, hq.issue_code())
    return service


def test_enrol_keeps_url_token_and_hq_key(service: SyncService, hq: LiveHq, workspace: Workspace) -> None:
    result = service.enroll("", format_enrollment_qr(hq.issue_code(), hq.url))  # the QR text carries the URL

    status = service.status()
    assert status.enrolled
    assert status.hq_url == hq.url
    assert result.inspector_badge == "ZF-3501-0001"
    assert stat.S_IMODE(service.token_path.stat().st_mode) == 0o600
    with workspace.database.session() as session:
        trusted = session.get(TrustedKey, result.hq_key_id)
        assert trusted is not None and trusted.source == "hq"
    assert "token" not in {k for k in os.listdir(workspace.data_dir) if k.endswith(".db")}


def test_a_used_code_cannot_enrol_again(service: SyncService, hq: LiveHq, tmp_path: Path) -> None:
    code = hq.issue_code()
    service.enroll(hq.url, code)
    other = SyncService(service._workspace, DeviceKeys.load_or_create(tmp_path / "other"), retry=FAST)

    with pytest.raises(SyncError) as raised:
        other.enroll(hq.url, code)

    assert raised.value.reason == "bad_code"
    assert "登记码无效" in raised.value.message_zh


def test_records_and_attachments_reach_hq_once_and_complete(
    service: SyncService, hq: LiveHq, workspace: Workspace, keys: DeviceKeys
) -> None:
    _enrolled(service, hq)
    scans = record_scans(workspace, keys, 3)
    big = os.urandom(9 * 1024 * 1024)  # three chunks
    sealed = seal_record(workspace, keys, attachments=[b"\xff\xd8small photo", big])
    progress: list[str] = []

    report = service.sync(lambda p: progress.append(p.phase))
    again = service.sync()

    assert report.outcome == "success", report.failures
    assert report.records_stored == 4
    assert report.attachments_sent == 2
    assert again.records_stored == 0 and again.records_duplicate == 0  # nothing left to send
    held = hq.received()
    for record_id in [*scans, sealed]:
        assert held[record_id][1] is True
    assert hq.attachment(hashlib.sha256(big).hexdigest()) == big
    # The scan events travelled under one batch signature, which HQ keeps; the sealed record under its own.
    batches = hq.batch_of()
    assert {batches[record_id] is not None for record_id in scans} == {True}
    assert len({batches[record_id] for record_id in scans}) == 1
    assert batches[sealed] is None
    assert Outbox(workspace.database).pending_count() == 0
    assert {"records", "attachments", "reference", "done"} <= set(progress)
    assert service.status().last_outcome == "success"


def test_reference_data_comes_down_and_alerts_show_at_once(
    service: SyncService, hq: LiveHq, small_catalogue: Workspace
) -> None:
    _enrolled(service, hq)
    gtin = "06901234567892"
    hq.write_reference(
        ReferenceTable.ENTERPRISES, [EnterpriseRow(uscc=USCC_A, name="福州示例食品", region_code="350100")]
    )
    hq.write_reference(ReferenceTable.TRADE_ITEMS, [TradeItemRow(gtin=gtin, name="示例饮料", enterprise_uscc=USCC_A)])
    first = service.sync()
    scans = ScanService(small_catalogue.database, clock=lambda: dt.datetime.now(dt.UTC))
    assert scans.verdict(gtin).outcome != "red"
    hq.write_reference(
        ReferenceTable.RISK_ALERTS,
        [
            RiskAlertRow(
                code="ALERT-LIVE-1",
                title="示例饮料召回",
                action="recall",
                match_type="gtin",
                gtin=gtin,
                valid_from=dt.date(2020, 1, 1),
            )
        ],
    )

    second = service.sync()

    assert first.outcome == "success", first.failures
    assert first.digest_ok is True
    assert second.reference_upserted.get("risk_alerts") == 1
    assert second.digest_ok is True
    assert scans.verdict(gtin).outcome == "red"
    with small_catalogue.database.session() as session:
        item = session.scalars(select(TradeItem).where(TradeItem.gtin == gtin)).one()
        maker = session.scalars(select(Enterprise).where(Enterprise.uscc == USCC_A)).one()
        assert item.enterprise_id == maker.id
    third = service.sync()
    assert third.reference_changes == 0


def test_a_revoked_device_is_told_in_plain_words_and_keeps_its_records(
    service: SyncService, hq: LiveHq, workspace: Workspace, keys: DeviceKeys
) -> None:
    _enrolled(service, hq)
    record_scans(workspace, keys, 2)
    hq.revoke(keys.key_id)

    report = service.sync()

    assert report.outcome == "not_enrolled"
    assert "停用" in report.failures[0].message_zh
    assert Outbox(workspace.database).pending_count() == 2


class _OldWorkstation(httpx.HTTPTransport):
    """Speaks protocol version 0, as a workstation from before v1 would."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.headers[PROTOCOL_HEADER] = "0"
        return super().handle_request(request)


def test_an_old_workstation_is_told_to_update_and_loses_nothing(
    workspace: Workspace, keys: DeviceKeys, hq: LiveHq
) -> None:
    current = SyncService(workspace, keys, retry=FAST)
    _enrolled(current, hq)
    record_scans(workspace, keys, 2)
    old = SyncService(
        workspace,
        keys,
        client_factory=lambda url, token: HqClient(url, token=token, retry=FAST, transport=_OldWorkstation()),
    )

    with (
        HqClient(hq.url, token="x", retry=FAST, transport=_OldWorkstation()) as client,
        pytest.raises(UpdateRequiredError) as raised,
    ):
        client.server_time()
    report = old.sync()

    assert "更新" in raised.value.message_zh and "update" in raised.value.message_en
    assert report.outcome == "update_required"
    assert "未上传的记录仍安全保存在本机" in report.failures[0].message_zh
    assert Outbox(workspace.database).pending_count() == 2
    assert current.sync().records_stored == 2


def _hq_cli(hq: LiveHq, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspector_app.hq.cli", *args, "--data-dir", str(hq.data_dir)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
        check=False,
    )


def test_usb_bundles_both_ways_through_hq_commands(
    service: SyncService, hq: LiveHq, workspace: Workspace, keys: DeviceKeys, tmp_path: Path
) -> None:
    _enrolled(service, hq)
    scans = record_scans(workspace, keys, 2)
    photo = os.urandom(50_000)
    sealed = seal_record(workspace, keys, attachments=[photo])
    hq.write_reference(ReferenceTable.TRADE_ITEMS, [TradeItemRow(gtin="06907777777770", name="U盘商品")])
    records = service.export_bundle(tmp_path / "records.iwbundle").path
    reference = tmp_path / "reference.iwref"

    first = _hq_cli(hq, "import-bundle", str(records), "--json")
    second = _hq_cli(hq, "import-bundle", str(records), "--json")
    exported = _hq_cli(hq, "export-reference-bundle", str(reference))
    imported = service.import_reference_bundle(reference)
    again = service.import_reference_bundle(reference)

    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["new"] == 3
    assert json.loads(second.stdout)["already_known"] == 3
    held = hq.received()
    assert all(held[record_id][1] for record_id in [*scans, sealed])
    assert hq.attachment(hashlib.sha256(photo).hexdigest()) == photo
    assert exported.returncode == 0, exported.stderr
    assert imported.upserted.get("trade_items", 0) >= 1
    assert again.changed == 0
    report = service.sync()  # the network finds everything already there
    assert report.outcome == "success", report.failures
    assert report.records_stored == 0 and report.records_duplicate == 3
    assert report.reference_changes == 0


def test_a_conflicting_version_is_kept_for_review_not_overwritten(
    service: SyncService, hq: LiveHq, workspace: Workspace, keys: DeviceKeys, tmp_path: Path
) -> None:
    _enrolled(service, hq)
    record_id = seal_record(workspace, keys, extra={"note": "original"})
    assert service.sync().records_stored == 1
    # The same device key on a restored copy of the laptop seals another version under the same id.
    twin = open_workspace(tmp_path / "restored-copy")
    try:
        twin_service = SyncService(twin, keys, retry=FAST)
        _enrolled(twin_service, hq)
        _seal_with_id(twin, keys, record_id, {"note": "changed"})
        report = twin_service.sync()
        assert Outbox(twin.database).pending_count() == 0
    finally:
        twin.close()

    assert report.records_conflict == 1
    assert "另存待审核" in report.failures[0].message_zh
    assert hq.received()[record_id][0] == _hash_of(workspace, record_id)  # the stored version stands


def test_a_record_hq_refuses_stays_waiting_with_the_reason(
    service: SyncService, hq: LiveHq, workspace: Workspace, keys: DeviceKeys
) -> None:
    _enrolled(service, hq)
    good = record_scans(workspace, keys, 1)[0]
    bad = _seal_with_id(workspace, keys, new_uuid7(), {"note": "signed over the raw hash bytes"}, raw_signature=True)

    report = service.sync()

    assert report.outcome == "partial"
    assert report.records_stored == 1 and report.records_rejected == 1
    assert any(f.subject == bad and "签名无效" in f.message_zh for f in report.failures)
    assert good in hq.received() and bad not in hq.received()
    waiting = Outbox(workspace.database).pending()
    assert [w.record_id for w in waiting] == [bad]
    assert "bad_signature" in waiting[0].last_error


def test_a_clock_far_from_hqs_is_reported(workspace: Workspace, keys: DeviceKeys, hq: LiveHq) -> None:
    slow = SyncService(workspace, keys, clock=lambda: dt.datetime.now(dt.UTC) - dt.timedelta(minutes=12), retry=FAST)
    _enrolled(slow, hq)

    report = slow.sync()
    status = slow.status()

    assert report.clock_skew_seconds is not None and report.clock_skew_seconds > 600
    assert any(f.kind == "clock" and "12 分钟" in f.message_zh for f in report.failures)
    assert status.clock_skew_seconds is not None and status.clock_skew_seconds > 600


def test_only_one_sync_runs_at_a_time(service: SyncService, hq: LiveHq, workspace: Workspace) -> None:
    import fcntl

    _enrolled(service, hq)
    with open(workspace.data_dir / "sync.lock", "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        report = service.sync()

    assert report.outcome == "failed"
    assert "另一个同步正在进行" in report.failures[0].message_zh
    assert service.sync().outcome == "success"


def _seal_with_id(
    workspace: Workspace, keys: DeviceKeys, record_id: str, extra: dict[str, str], *, raw_signature: bool = False
) -> str:
    """A sealed field record with a chosen id; ``raw_signature`` signs the 32 hash bytes instead of the protocol's
    64 hex characters (as a workstation that got the signing message wrong would)."""
    payload = {"id": record_id, "type": "spot_check", "attachments": [], **extra}
    digest = content_hash(payload)
    message = bytes.fromhex(digest) if raw_signature else record_signing_message(digest)
    with workspace.database.session() as session:
        repository = FieldRecordRepository(session)
        repository.insert_draft(
            NewFieldRecord(
                id=record_id, record_type="spot_check", created_at=NOW, payload_json="{}", device_id=keys.key_id
            )
        )
        repository.seal(
            record_id,
            SealData(
                sealed_at=NOW,
                payload_json=canonical_json(payload).decode("utf-8"),
                content_hash=digest,
                signature=base64.b64encode(keys.sign(message)).decode("ascii"),
                signer_key_id=keys.key_id,
            ),
        )
    return record_id


def _hash_of(workspace: Workspace, record_id: str) -> str:
    with workspace.database.session() as session:
        row = session.get(FieldRecord, record_id)
        assert row is not None and row.content_hash is not None
        return row.content_hash
