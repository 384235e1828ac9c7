"""Sync survives what networks, servers and laptops do: against a real ``inspector-hq serve`` on 127.0.0.1.

Connections cut mid-response and mid-upload, answers delayed past the timeout, duplicated and out of step with
their questions (a fault-injecting proxy between client and HQ), the HQ process killed in the middle of an upload,
the workstation process killed in the middle of a sync. After each, syncing again must leave: every record at HQ
exactly once with its hash (and no conflicts), every attachment intact (hash checked), the outbox empty.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fault_proxy import Fault, FaultProxy
from live_hq import LiveHq
from sqlalchemy import func, select
from sync_data import insert_scan_events_fast, seal_record

from inspector_app.hq.storage.models import Conflict
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.sync_service import SyncReport, SyncService
from inspector_app.services.workspace import Workspace
from inspector_app.storage.models import FieldRecord, ScanEvent, TradeItem
from inspector_app.sync.client import ClientTimeouts, HqClient, RetryPolicy
from inspector_app.sync.outbox import Outbox
from inspector_app.sync.protocol import ReferenceTable, TradeItemRow

pytestmark = pytest.mark.slow

PATIENT = RetryPolicy(attempts=8, base_delay=0.02, max_delay=0.25, budget=60.0)
SHORT = ClientTimeouts(connect=2.0, read=2.0, write=5.0, pool=2.0)
# Few attempts: when HQ is down, the sync gives up quickly and reports it.
GIVE_UP = RetryPolicy(attempts=3, base_delay=0.05, max_delay=0.1, budget=5.0)


@pytest.fixture(scope="module")
def hq(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHq]:
    server = LiveHq(tmp_path_factory.mktemp("hq-faults") / "data")
    server.start()
    try:
        server.add_inspector()
        yield server
    finally:
        server.stop()


@pytest.fixture
def proxy(hq: LiveHq) -> Iterator[FaultProxy]:
    relay = FaultProxy(hq.port)
    yield relay
    relay.stop()


def _service(workspace: Workspace, keys: DeviceKeys, retry: RetryPolicy = PATIENT) -> SyncService:
    def factory(url: str, token: str | None) -> HqClient:
        return HqClient(url, token=token, retry=retry, timeouts=SHORT)

    return SyncService(workspace, keys, client_factory=factory)


def _records(workspace: Workspace) -> dict[str, str]:
    """Every record of the workstation: id → content hash."""
    with workspace.database.session() as session:
        scans = dict(session.execute(select(ScanEvent.id, ScanEvent.content_hash)).all())
        sealed = dict(session.execute(select(FieldRecord.id, FieldRecord.content_hash)).all())
    return {**scans, **{key: value or "" for key, value in sealed.items()}}


def _assert_all_at_hq_once(hq: LiveHq, workspace: Workspace, files: list[bytes]) -> None:
    expected = _records(workspace)
    held = hq.received()
    mine = {record_id: held[record_id] for record_id in expected if record_id in held}
    assert {record_id: digest for record_id, (digest, _) in mine.items()} == expected
    assert all(complete for _, complete in mine.values())
    with hq.services.database.read() as connection:
        conflicts = connection.execute(
            select(func.count()).select_from(Conflict).where(Conflict.record_id.in_(list(expected)))
        ).scalar_one()
    assert conflicts == 0
    for data in files:
        assert hq.attachment(hashlib.sha256(data).hexdigest()) == data
    assert Outbox(workspace.database).pending_count() == 0


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_cut_delayed_and_stale_answers_leave_every_record_once(
    hq: LiveHq, proxy: FaultProxy, workspace: Workspace, keys: DeviceKeys
) -> None:
    service = _service(workspace, keys)
    service.enroll(proxy.url, hq.issue_code())
    insert_scan_events_fast(workspace, 2500)  # three batches
    files = [os.urandom(9 * 1024 * 1024), b"\xff\xd8 a signature"]
    seal_record(workspace, keys, attachments=files)
    hq.write_reference(
        ReferenceTable.TRADE_ITEMS, [TradeItemRow(gtin=f"0690000{i:07d}", name=f"商品{i}") for i in range(50)]
    )
    proxy.add(
        Fault("cut_response", "/v1/records", size=40),  # HQ stored the batch; the answer is cut off
        Fault("duplicate", "/v1/records"),  # the answer comes twice on the connection
        Fault("stale", "/v1/records"),  # ...and again in front of the next answer: out of step with its question
        Fault("drop", "/v1/records"),
        Fault("delay", "/v1/records", seconds=3.0),  # past the 2 s read timeout
        Fault("pass", "/v1/attachments", method="PUT"),
        Fault("cut_request", "/v1/attachments", method="PUT", size=100_000),  # mid-upload
        Fault("cut_response", "/v1/attachments", method="PUT", size=12),
        Fault("duplicate", "/v1/attachments", method="GET"),
        Fault("delay", "/v1/reference/changes", seconds=3.0),
        Fault("cut_response", "/v1/reference/changes", size=200),
        Fault("stale", "/v1/reference/changes"),
        Fault("duplicate", "/v1/reference/digest"),
    )

    report = service.sync()

    assert report.outcome == "success", report.failures
    assert proxy.pending_faults() == 0, proxy.log.requests
    assert report.records_stored + report.records_duplicate >= 2501
    _assert_all_at_hq_once(hq, workspace, files)
    assert report.digest_ok is True
    with workspace.database.session() as session:
        assert session.scalar(select(func.count()).select_from(TradeItem)) >= 50


def _sync_in_background(service: SyncService) -> tuple[threading.Thread, list[SyncReport]]:
    reports: list[SyncReport] = []
    thread = threading.Thread(target=lambda: reports.append(service.sync()), daemon=True)
    thread.start()
    return thread, reports


def test_hq_killed_mid_upload_then_sync_again(
    hq: LiveHq, proxy: FaultProxy, workspace: Workspace, keys: DeviceKeys
) -> None:
    service = _service(workspace, keys, retry=GIVE_UP)
    service.enroll(proxy.url, hq.issue_code())
    insert_scan_events_fast(workspace, 2200)
    files = [os.urandom(10 * 1024 * 1024)]
    seal_record(workspace, keys, attachments=files)

    try:
        # 1. Killed while HQ handles the second batch of records.
        proxy.add(Fault("pass", "/v1/records"), Fault("stall", "/v1/records", seconds=60))
        thread, reports = _sync_in_background(service)
        _wait_for(lambda: proxy.log.faults("stall") >= 1, 60, "the second batch")
        hq.kill()
        thread.join(60)
        assert reports[0].outcome == "unreachable"
        assert "无法连接总部" in reports[0].failures[-1].message_zh or reports[0].failures[-1].kind == "connection"
        assert Outbox(workspace.database).pending_count() > 0
        hq.start()

        # 2. Killed while HQ receives the second chunk of a 10 MB attachment.
        proxy.add(
            Fault("pass", "/v1/attachments", method="PUT"), Fault("stall", "/v1/attachments", method="PUT", seconds=60)
        )
        thread, reports = _sync_in_background(service)
        _wait_for(lambda: proxy.log.faults("stall") >= 2, 60, "the second attachment chunk")
        hq.kill()
        thread.join(60)
        assert reports[0].outcome == "unreachable"
        hq.start()
    finally:
        if hq.process is None:
            hq.start()

    report = service.sync()

    assert report.outcome == "success", report.failures
    _assert_all_at_hq_once(hq, workspace, files)


def _cli_sync(data_dir: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "inspector_app.cli", "--data-dir", str(data_dir), "sync", "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_workstation_killed_mid_sync_then_sync_again(
    hq: LiveHq, proxy: FaultProxy, workspace: Workspace, keys: DeviceKeys
) -> None:
    service = _service(workspace, keys)
    service.enroll(proxy.url, hq.issue_code())
    insert_scan_events_fast(workspace, 2100)
    files = [os.urandom(300_000), os.urandom(200_000)]
    seal_record(workspace, keys, attachments=files)
    hq.write_reference(
        ReferenceTable.TRADE_ITEMS, [TradeItemRow(gtin=f"0691000{i:07d}", name=f"货品{i}") for i in range(25_000)]
    )

    # 1. Killed while its second batch of records is at HQ.
    proxy.add(Fault("pass", "/v1/records"), Fault("stall", "/v1/records", seconds=60))
    process = _cli_sync(workspace.data_dir)
    try:
        _wait_for(lambda: proxy.log.faults("stall") >= 1, 120, "the second batch from the command line")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(30)

    # 2. Killed while it fetches the second page of reference data.
    proxy.add(Fault("pass", "/v1/reference/changes"), Fault("stall", "/v1/reference/changes", seconds=60))
    process = _cli_sync(workspace.data_dir)
    try:
        _wait_for(lambda: proxy.log.faults("stall") >= 2, 120, "the second reference page")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(30)

    report = service.sync()

    assert report.outcome == "success", report.failures
    _assert_all_at_hq_once(hq, workspace, files)
    assert report.digest_ok is True
    with workspace.database.session() as session:
        assert session.scalar(select(func.count()).select_from(TradeItem)) >= 25_000
