"""Conflict review and the signature audit, through ``inspector-hq conflicts …`` and ``inspector-hq verify-records``
on a real data dir (SQLite), and the audit on PostgreSQL too."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hq_testing import HqProcess, TestDevice, enroll_in_process
from sqlalchemy import update

from inspector_app.hq.app import HqServices
from inspector_app.hq.storage.models import ReceivedRecord, RecordBatchManifest


@pytest.fixture
def hq(tmp_path: Path) -> HqProcess:
    server = HqProcess(tmp_path / "hq")
    server.admin("migrate")
    return server


def _send_with_conflict(services: HqServices, device: TestDevice) -> tuple[str, str]:
    """Two sealed records and three scan events under a batch signature, then another version of the first."""
    authenticated = services.registry.authenticate(device.token)
    sealed = [device.record(seq, record_type="spot_check") for seq in (1, 2)]
    scans = [device.unsigned_record(seq) for seq in (3, 4, 5)]
    batch = [*sealed, *scans]
    stored = services.records.receive(authenticated, batch, batch_signature=device.batch_signature(batch))
    assert stored.counts.stored == 5
    changed = device.record(
        6,
        record_id=sealed[0].id,
        record_type="spot_check",
        payload={"type": "spot_check", "id": sealed[0].id, "n": 1, "verdict": "合格"},
    )
    assert services.records.receive(authenticated, [changed]).counts.conflict == 1
    return sealed[0].id, scans[1].id


def test_conflicts_are_listed_shown_and_resolved_without_touching_the_record(hq: HqProcess) -> None:
    services = hq.services()
    try:
        device = TestDevice()
        enroll_in_process(services, device)
        conflicted, _scan = _send_with_conflict(services, device)
    finally:
        services.database.close()

    listed = json.loads(hq.admin("conflicts", "list", "--json").stdout)
    assert [item["record_id"] for item in listed] == [conflicted]
    conflict_id = str(listed[0]["id"])
    shown = json.loads(hq.admin("conflicts", "show", conflict_id, "--json").stdout)
    assert shown["differing_fields"] == ["verdict"]
    assert shown["stored_payload"]["n"] == 1 and "verdict" not in shown["stored_payload"]
    assert shown["conflicting_payload"]["verdict"] == "合格"
    text = hq.admin("conflicts", "show", conflict_id).stdout
    assert 'verdict: null  →  "合格"' in text

    assert hq.admin("conflicts", "resolve", conflict_id, "--note", " ", check=False).returncode == 1
    resolved = hq.admin("conflicts", "resolve", conflict_id, "--note", "以已存版本为准，已通知检查员补正")
    assert "unchanged" in resolved.stdout
    assert json.loads(hq.admin("conflicts", "list", "--json").stdout) == []
    everything = json.loads(hq.admin("conflicts", "list", "--all", "--json").stdout)
    assert everything[0]["review_note"] == "以已存版本为准，已通知检查员补正"
    assert everything[0]["reviewed_at"] is not None
    assert "no conflicts" in hq.admin("conflicts", "list").stdout
    missing = hq.admin("conflicts", "show", "999", check=False)
    assert missing.returncode == 1 and "No conflict 999" in missing.stderr
    # The stored version is still the first one, and still verifies.
    report = json.loads(hq.admin("verify-records", "--json").stdout)
    assert (report["checked"], report["own_signatures"], report["batch_signatures"], report["ok"]) == (5, 2, 3, True)


def test_the_audit_finds_records_changed_after_they_arrived(hq: HqProcess) -> None:
    services = hq.services()
    try:
        device = TestDevice()
        enroll_in_process(services, device)
        conflicted, scan = _send_with_conflict(services, device)
        assert "0 failed" in hq.admin("verify-records").stdout
        with services.database.write() as connection:
            # A payload edited in the database (hash kept): the hash check fails.
            connection.execute(
                update(ReceivedRecord).where(ReceivedRecord.id == conflicted).values(payload='{"id":"x"}')
            )
            # A scan event re-pointed at a forged hash and payload pair: its manifest no longer lists it.
            forged = '{"forged":true}'
            connection.execute(
                update(ReceivedRecord)
                .where(ReceivedRecord.id == scan)
                .values(payload=forged, content_hash=hashlib.sha256(forged.encode()).hexdigest())
            )
    finally:
        services.database.close()
    result = hq.admin("verify-records", "--json", check=False)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["checked"] == 5 and not report["ok"]
    failures = {item["record_id"]: item["reason_en"] for item in report["failures"]}
    assert set(failures) == {conflicted, scan}
    assert "hash" in failures[conflicted]
    assert "does not list" in failures[scan]


def test_a_tampered_manifest_fails_every_record_it_covers(services: HqServices) -> None:
    """On SQLite and PostgreSQL."""
    device = TestDevice()
    enroll_in_process(services, device)
    _send_with_conflict(services, device)
    keys = services.registry.device_keys(include_revoked=True)
    assert services.review.audit(keys).ok
    with services.database.write() as connection:
        connection.execute(update(RecordBatchManifest).values(manifest=RecordBatchManifest.manifest + "extra 0\n"))
    report = services.review.audit(keys)
    assert (report.checked, len(report.failures)) == (5, 3)
    assert {failure.reason_en for failure in report.failures} == {
        "the batch manifest is missing or its signature does not verify"
    }
    # A revoked device's records stay valid: the audit uses every key that ever enrolled.
    services.registry.revoke(device.key_id)
    assert services.review.audit(services.registry.device_keys(include_revoked=True)).own_signatures == 2
