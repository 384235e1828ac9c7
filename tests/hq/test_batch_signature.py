"""One device signature over a whole batch: records without a signature of their own (scan events) are covered by
the batch manifest, which HQ keeps so that each record stays provably the device's."""

from __future__ import annotations

import base64
import hashlib

from fastapi.testclient import TestClient
from hq_testing import TestDevice, batch_json, count_rows, enroll_in_process
from sqlalchemy import select

from inspector_app.hq.app import HqServices
from inspector_app.hq.storage.models import Conflict, ReceivedRecord, RecordBatchManifest
from inspector_app.security.signing import verify_signature
from inspector_app.sync.protocol import (
    BATCH_MANIFEST_HEADER,
    MIN_PROTOCOL_VERSION,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    RecordBatchResult,
    RecordEnvelope,
)


def _post(
    client: TestClient, device: TestDevice, records: list[RecordEnvelope], signature: str | None
) -> RecordBatchResult:
    answer = client.post("/v1/records", json=batch_json(records, signature), headers=device.headers())
    assert answer.status_code == 200, answer.text
    return RecordBatchResult.model_validate(answer.json())


def _statuses(result: RecordBatchResult) -> list[tuple[str, str | None]]:
    return [(item.status, item.reason) for item in result.results]


def test_a_batch_signature_covers_unsigned_records_and_hq_keeps_the_manifest(
    client: TestClient, sqlite_services: HqServices, device: TestDevice
) -> None:
    records = [device.unsigned_record(seq) for seq in range(1, 6)]
    signature = device.batch_signature(records)
    result = _post(client, device, records, signature)
    assert _statuses(result) == [("stored", None)] * 5
    assert result.stored_up_to == 5

    with sqlite_services.database.read() as connection:
        stored = connection.execute(
            select(
                ReceivedRecord.id, ReceivedRecord.content_hash, ReceivedRecord.signature, ReceivedRecord.batch_sha256
            )
        ).all()
        sha, text, kept_signature = connection.execute(
            select(RecordBatchManifest.sha256, RecordBatchManifest.manifest, RecordBatchManifest.signature)
        ).one()
    # The manifest is the exact text signed: its hash names it, the device's key verifies it, and every stored
    # record is one of its lines.
    assert hashlib.sha256(text.encode("ascii")).hexdigest() == sha
    assert text.startswith(f"{BATCH_MANIFEST_HEADER} {device.key_id}\n")
    assert verify_signature(device.public_key_raw, base64.b64decode(kept_signature), text.encode("ascii"))
    lines = set(text.splitlines()[1:])
    assert {record_id for record_id, *_ in stored} == {record.id for record in records}
    for record_id, content_hash, record_signature, batch_sha in stored:
        assert f"{record_id} {content_hash}" in lines
        assert batch_sha == sha
        assert record_signature == signature

    # Sending the same records again, in another batch with its own signature, changes nothing.
    again = list(reversed(records))
    assert _statuses(_post(client, device, again, device.batch_signature(again))) == [("duplicate", None)] * 5
    assert count_rows(sqlite_services, ReceivedRecord) == 5


def test_unsigned_records_without_a_valid_batch_signature_are_refused_and_nothing_is_stored(
    client: TestClient, sqlite_services: HqServices, device: TestDevice
) -> None:
    stranger = TestDevice()
    records = [device.unsigned_record(seq) for seq in range(1, 4)]
    good = device.batch_signature(records)
    # A payload changed after signing, re-hashed to match: the hash check passes, the manifest no longer does.
    altered = device.unsigned_record(2, record_id=records[1].id, payload={"id": records[1].id, "n": "altered"})
    attempts = {
        "missing": (records, None),
        "not base64": (records, "%%%"),
        "another key": (records, stranger.batch_signature(records)),
        "another order": (list(reversed(records)), good),
        "a record altered": ([records[0], altered, records[2]], good),
        "a record left out": (records[:2], good),
    }
    for label, (batch, signature) in attempts.items():
        result = _post(client, device, batch, signature)
        assert _statuses(result) == [("rejected", "bad_signature")] * len(batch), label
        assert result.stored_up_to is None, label
        assert all(item.message_zh and item.message_en for item in result.results), label
    assert count_rows(sqlite_services, ReceivedRecord) == 0
    assert count_rows(sqlite_services, RecordBatchManifest) == 0
    assert count_rows(sqlite_services, Conflict) == 0


def test_records_with_their_own_signature_do_not_depend_on_the_batch_signature(
    client: TestClient, sqlite_services: HqServices, device: TestDevice
) -> None:
    sealed = device.record(1, record_type="spot_check")
    scan = device.unsigned_record(2)
    result = _post(client, device, [sealed, scan], None)
    assert _statuses(result) == [("stored", None), ("rejected", "bad_signature")]
    assert result.stored_up_to == 1
    with sqlite_services.database.read() as connection:
        kept = connection.execute(select(ReceivedRecord.signature, ReceivedRecord.batch_sha256)).one()
    assert kept == (sealed.signature, None)
    assert count_rows(sqlite_services, RecordBatchManifest) == 0

    # A record whose own signature is bad stays refused even under a good batch signature.
    forged = device.record(3).model_copy(update={"signature": sealed.signature})
    batch = [forged, scan]
    assert _statuses(_post(client, device, batch, device.batch_signature(batch))) == [
        ("rejected", "bad_signature"),
        ("stored", None),
    ]


def test_a_conflicting_version_under_a_batch_signature_is_kept_with_its_manifest(services: HqServices) -> None:
    """On SQLite and PostgreSQL: the conflict row names the manifest that covers the rejected-for-review version."""
    device = TestDevice()
    enroll_in_process(services, device)
    authenticated = services.registry.authenticate(device.token)
    first = [device.unsigned_record(1)]
    assert services.records.receive(authenticated, first, batch_signature=device.batch_signature(first)).counts.stored
    changed = [device.unsigned_record(2, record_id=first[0].id, payload={"id": first[0].id, "n": "changed"})]
    result = services.records.receive(authenticated, changed, batch_signature=device.batch_signature(changed))
    assert result.counts.conflict == 1
    with services.database.read() as connection:
        conflict_batch = connection.execute(select(Conflict.batch_sha256)).scalar_one()
        manifests = set(connection.execute(select(RecordBatchManifest.sha256)).scalars())
    assert conflict_batch in manifests
    assert len(manifests) == 2


def test_a_version_1_workstation_that_signs_every_record_is_still_served(
    client: TestClient, sqlite_services: HqServices, device: TestDevice
) -> None:
    assert PROTOCOL_VERSION == 2 and MIN_PROTOCOL_VERSION == 1
    records = [device.record(seq) for seq in (1, 2)]
    answer = client.post("/v1/records", json=batch_json(records), headers={**device.headers(), PROTOCOL_HEADER: "1"})
    assert answer.status_code == 200, answer.text
    assert answer.headers[PROTOCOL_HEADER] == "2"
    assert [item.status for item in RecordBatchResult.model_validate(answer.json()).results] == ["stored"] * 2
    assert count_rows(sqlite_services, RecordBatchManifest) == 0
