"""The HQ API in process: versions, auth, enrollment, records, attachments, reference data, limits."""

from __future__ import annotations

import base64
import hashlib
import json
import os

from fastapi.testclient import TestClient
from hq_testing import BADGE, HEADERS, TestDevice, add_inspector, batch_json, count_rows
from sqlalchemy import select

from inspector_app.hq.app import HqServices
from inspector_app.hq.reference_store import TableWrite
from inspector_app.hq.storage.models import Conflict, HqAttachment, ReceivedRecord
from inspector_app.sync.protocol import (
    MAX_ATTACHMENT_CHUNK_BYTES,
    MAX_BATCH_BYTES,
    MAX_BATCH_RECORDS,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    EnrollmentResponse,
    EnterpriseRow,
    RecordBatchResult,
    ReferenceChangePage,
    ReferenceDigest,
    ReferenceTable,
    RiskAlertRow,
    UpdateRequiredBody,
    reference_digest,
)

ENTERPRISE = EnterpriseRow(uscc="91350100M000100Y43", name="福州测试食品有限公司", region_code="350100")


def _enroll_over_http(client: TestClient, services: HqServices, device: TestDevice) -> EnrollmentResponse:
    add_inspector(services)
    code = services.registry.issue_code(BADGE).code
    answer = client.post("/v1/enroll", json=device.enrollment_request(code).model_dump(), headers=HEADERS)
    assert answer.status_code == 200, answer.text
    response = EnrollmentResponse.model_validate(answer.json())
    device.token = response.token
    return response


# --- service endpoints and versions ----------------------------------------------------------------------


def test_health_version_and_the_protocol_header_on_every_answer(client: TestClient) -> None:
    health = client.get("/health")
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "database": "ok"}
    assert health.headers[PROTOCOL_HEADER] == str(PROTOCOL_VERSION)
    version = client.get("/version").json()
    assert (version["protocol_version"], version["min_protocol_version"]) == (PROTOCOL_VERSION, 1)
    assert len(version["hq_key_id"]) == 32
    assert "/v1/records" in client.get("/openapi.json").json()["paths"]


def test_an_old_client_is_told_to_update_and_nothing_is_stored(
    client: TestClient, sqlite_services: HqServices, device: TestDevice
) -> None:
    body = batch_json([device.record(1)])
    for headers in ({"Authorization": f"Bearer {device.token}"}, {**device.headers(), PROTOCOL_HEADER: "0"}):
        answer = client.post("/v1/records", json=body, headers=headers)
        assert answer.status_code == 426
        error = UpdateRequiredBody.model_validate(answer.json())
        assert error.code == "update_required"
        assert "更新" in error.message_zh
        assert "update" in error.message_en
    assert count_rows(sqlite_services, ReceivedRecord) == 0
    newer_headers = {**device.headers(), PROTOCOL_HEADER: str(PROTOCOL_VERSION + 1)}
    newer = client.post("/v1/records", json=body, headers=newer_headers)
    assert newer.status_code == 400
    assert newer.json()["code"] == "hq_too_old"
    assert count_rows(sqlite_services, ReceivedRecord) == 0


def test_every_device_endpoint_needs_a_valid_token(client: TestClient, sqlite_services: HqServices) -> None:
    sha = "0" * 64
    calls = [
        ("GET", "/v1/time"),
        ("GET", "/v1/reference/changes"),
        ("GET", "/v1/reference/digest"),
        ("GET", f"/v1/attachments/{sha}"),
        ("HEAD", f"/v1/attachments/{sha}"),
    ]
    for token in (None, "not-a-token", "x" * 500):
        headers = dict(HEADERS)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        for method, path in calls:
            answer = client.request(method, path, headers=headers)
            assert answer.status_code == 401, (method, path)
            if method != "HEAD":
                assert answer.json()["code"] == "invalid_token"
        upload = client.post("/v1/records", json={"records": []}, headers=headers)
        assert upload.status_code == 401
    assert count_rows(sqlite_services, ReceivedRecord) == 0


# --- enrollment ------------------------------------------------------------------------------------------


def test_enrollment_gives_a_token_and_a_certificate_that_verifies_against_hq(
    client: TestClient, sqlite_services: HqServices
) -> None:
    device = TestDevice()
    response = _enroll_over_http(client, sqlite_services, device)
    assert response.device_id == device.key_id
    assert response.inspector.badge_number == BADGE
    hq_key = base64.b64decode(response.hq_public_key)
    assert response.hq_key_id == sqlite_services.identity.key_id
    assert response.certificate.verify(hq_key)
    assert response.certificate.device_key_id == device.key_id
    other = TestDevice()
    assert not response.certificate.verify(other.public_key_raw)
    forged = response.certificate.model_copy(update={"device_key_id": other.key_id, "public_key": other.public_key_b64})
    assert not forged.verify(hq_key)
    assert client.get("/v1/time", headers=device.headers()).status_code == 200


def test_a_code_works_once_and_a_replay_changes_nothing(client: TestClient, sqlite_services: HqServices) -> None:
    add_inspector(sqlite_services)
    code = sqlite_services.registry.issue_code(BADGE).code
    first, second = TestDevice(), TestDevice()
    assert (
        client.post("/v1/enroll", json=first.enrollment_request(code).model_dump(), headers=HEADERS).status_code == 200
    )
    replay = client.post("/v1/enroll", json=second.enrollment_request(code).model_dump(), headers=HEADERS)
    assert replay.status_code == 403
    assert replay.json()["code"] == "invalid_code"
    assert [device.id for device in sqlite_services.registry.list_devices()] == [first.key_id]
    # The same device with its own used code again: refused too.
    again = client.post("/v1/enroll", json=first.enrollment_request(code).model_dump(), headers=HEADERS)
    assert again.status_code == 403


def test_expired_unknown_and_malformed_codes_and_keys_are_refused(
    client: TestClient, sqlite_services: HqServices
) -> None:
    add_inspector(sqlite_services)
    expired = sqlite_services.registry.issue_code(BADGE, ttl_hours=0.0001).code
    import time

    time.sleep(0.5)
    device = TestDevice()
    for code in (expired, "AAAA-BBBB-CCCC-DDDD", "short", "x" * 64):
        answer = client.post("/v1/enroll", json=device.enrollment_request(code).model_dump(), headers=HEADERS)
        assert answer.status_code == 403, code
    good = sqlite_services.registry.issue_code(BADGE).code
    bad_key = {"code": good, "public_key": base64.b64encode(b"short").decode(), "device_label": "x"}
    answer = client.post("/v1/enroll", json=bad_key, headers=HEADERS)
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_key"
    bad_label = {**device.enrollment_request(good).model_dump(), "device_label": "a\u0000b"}
    assert client.post("/v1/enroll", json=bad_label, headers=HEADERS).status_code == 422
    assert sqlite_services.registry.list_devices() == []
    # The good code was not used up by the refused requests.
    assert (
        client.post("/v1/enroll", json=device.enrollment_request(good).model_dump(), headers=HEADERS).status_code == 200
    )


def test_a_revoked_device_is_refused_and_cannot_enroll_again(
    client: TestClient, sqlite_services: HqServices, device: TestDevice
) -> None:
    assert client.get("/v1/time", headers=device.headers()).status_code == 200
    sqlite_services.registry.revoke(device.key_id)
    answer = client.post("/v1/records", json=batch_json([device.record(1)]), headers=device.headers())
    assert answer.status_code == 401
    assert answer.json()["code"] == "device_revoked"
    assert count_rows(sqlite_services, ReceivedRecord) == 0
    code = sqlite_services.registry.issue_code(BADGE).code
    again = client.post("/v1/enroll", json=device.enrollment_request(code).model_dump(), headers=HEADERS)
    assert again.status_code == 403
    assert again.json()["code"] == "device_revoked"


def test_enrolling_again_replaces_the_token(client: TestClient, sqlite_services: HqServices) -> None:
    device = TestDevice()
    _enroll_over_http(client, sqlite_services, device)
    old = device.token
    _enroll_over_http(client, sqlite_services, device)
    assert device.token != old
    assert client.get("/v1/time", headers=device.headers()).status_code == 200
    stale = {**HEADERS, "Authorization": f"Bearer {old}"}
    assert client.get("/v1/time", headers=stale).status_code == 401


# --- records ---------------------------------------------------------------------------------------------


def _post(client: TestClient, device: TestDevice, records: list) -> RecordBatchResult:  # type: ignore[type-arg]
    answer = client.post("/v1/records", json=batch_json(records), headers=device.headers())
    assert answer.status_code == 200, answer.text
    return RecordBatchResult.model_validate(answer.json())


def test_records_are_stored_once_duplicates_are_harmless_and_conflicts_kept(
    client: TestClient, sqlite_services: HqServices, device: TestDevice
) -> None:
    records = [device.record(seq) for seq in range(1, 6)]
    first = _post(client, device, records)
    assert [result.status for result in first.results] == ["stored"] * 5
    assert first.stored_up_to == 5
    again = _post(client, device, records)
    assert [result.status for result in again.results] == ["duplicate"] * 5
    assert again.stored_up_to == 5
    changed = device.record(6, record_id=records[2].id, payload={"id": records[2].id, "n": "changed"})
    conflict = _post(client, device, [changed])
    assert conflict.results[0].status == "conflict"
    assert conflict.results[0].message_en
    assert _post(client, device, [changed]).results[0].status == "conflict"
    assert count_rows(sqlite_services, ReceivedRecord) == 5
    assert count_rows(sqlite_services, Conflict) == 1
    with sqlite_services.database.read() as connection:
        kept = connection.execute(select(ReceivedRecord.content_hash).where(ReceivedRecord.id == records[2].id))
        assert kept.scalar_one() == records[2].content_hash


def test_the_same_id_twice_in_one_batch(client: TestClient, device: TestDevice) -> None:
    record = device.record(1)
    other = device.record(2, record_id=record.id, payload={"id": record.id, "other": True})
    result = _post(client, device, [record, record.model_copy(update={"seq": 2}), other.model_copy(update={"seq": 3})])
    assert [item.status for item in result.results] == ["stored", "duplicate", "conflict"]


def test_tampered_and_foreign_records_are_rejected_and_nothing_is_stored(
    client: TestClient, sqlite_services: HqServices, device: TestDevice
) -> None:
    stranger = TestDevice()
    good = device.record(1)
    tampered_payload = good.model_copy(update={"seq": 2, "payload": good.payload.replace('"n":1', '"n":2')})
    forged_signature = good.model_copy(
        update={"seq": 3, "signature": base64.b64encode(stranger.sign(good.content_hash.encode())).decode()}
    )
    rehashed = device.record(4)
    rehashed = rehashed.model_copy(update={"content_hash": hashlib.sha256(b"other").hexdigest()})
    foreign = stranger.record(5)
    other_signer = device.record(6).model_copy(update={"signer_key_id": stranger.key_id})
    wrong_id = device.record(7, payload={"id": "someone-else", "n": 7})
    not_object = device.record(8, payload={"id": "x"}).model_copy(
        update={"payload": "[1,2]", "content_hash": hashlib.sha256(b"[1,2]").hexdigest()}
    )
    result = _post(
        client, device, [tampered_payload, forged_signature, rehashed, foreign, other_signer, wrong_id, not_object]
    )
    reasons = [(item.status, item.reason) for item in result.results]
    assert reasons == [
        ("rejected", "bad_hash"),
        ("rejected", "bad_signature"),
        ("rejected", "bad_hash"),
        ("rejected", "device_mismatch"),
        ("rejected", "signer_mismatch"),
        ("rejected", "id_mismatch"),
        ("rejected", "bad_payload"),
    ]
    assert all(item.message_zh and item.message_en for item in result.results)
    assert result.stored_up_to is None
    assert count_rows(sqlite_services, ReceivedRecord) == 0


def test_stored_up_to_stops_at_the_first_rejected_record(client: TestClient, device: TestDevice) -> None:
    records = [device.record(seq) for seq in (10, 11, 12)]
    records[1] = records[1].model_copy(update={"content_hash": "0" * 64})
    result = _post(client, device, records)
    assert [item.status for item in result.results] == ["stored", "rejected", "stored"]
    assert result.stored_up_to == 10


def test_malformed_oversized_and_overlong_batches_are_refused_cleanly(
    client: TestClient, sqlite_services: HqServices, device: TestDevice
) -> None:
    headers = {**device.headers(), "Content-Type": "application/json"}
    broken = client.post("/v1/records", content=b'{"records": [', headers=headers)
    assert broken.status_code == 422
    assert broken.json()["code"] == "invalid_request"
    assert broken.json()["message_en"].startswith("The request is malformed")
    wrong_shape = client.post("/v1/records", json={"records": [{"id": 1}]}, headers=device.headers())
    assert wrong_shape.status_code == 422
    assert wrong_shape.json()["errors"]
    too_many = [device.record(seq) for seq in range(MAX_BATCH_RECORDS + 1)]
    assert client.post("/v1/records", json=batch_json(too_many), headers=device.headers()).status_code == 422
    huge = client.post("/v1/records", content=b"{" + b" " * MAX_BATCH_BYTES + b"}", headers=headers)
    assert huge.status_code == 413
    assert huge.json()["code"] == "too_large"

    def chunked() -> object:
        yield b'{"records": ['
        for _ in range(MAX_BATCH_BYTES // 65536 + 2):
            yield b" " * 65536
        yield b"]}"

    streamed = client.post("/v1/records", content=chunked(), headers=headers)  # type: ignore[arg-type]
    assert streamed.status_code == 413
    assert count_rows(sqlite_services, ReceivedRecord) == 0


# --- attachments -----------------------------------------------------------------------------------------


def test_attachments_resume_and_complete_their_records(
    client: TestClient, sqlite_services: HqServices, device: TestDevice
) -> None:
    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()
    record = device.record(1, attachments=[sha])
    stored = _post(client, device, [record])
    assert stored.results[0].missing_attachments == [sha]
    path = f"/v1/attachments/{sha}"
    head = client.head(path, headers=device.headers())
    assert head.status_code == 200
    assert head.headers["Upload-Offset"] == "0"
    headers = {**device.headers(), "Upload-Length": str(len(data)), "Content-Type": "application/octet-stream"}
    first = client.put(path, content=data[:100_000], headers={**headers, "Upload-Offset": "0"})
    assert first.status_code == 200
    assert first.json() == {"sha256": sha, "size": len(data), "bytes_received": 100_000, "complete": False}
    # A piece at the wrong offset (a retry of the first piece) is refused with what HQ has.
    repeat = client.put(path, content=data[:100_000], headers={**headers, "Upload-Offset": "0"})
    assert repeat.status_code == 409
    assert repeat.headers["Upload-Offset"] == "100000"
    assert client.get(path, headers=device.headers()).json()["bytes_received"] == 100_000
    rest = client.put(path, content=data[100_000:], headers={**headers, "Upload-Offset": "100000"})
    assert rest.json()["complete"] is True
    with sqlite_services.database.read() as connection:
        assert connection.execute(select(ReceivedRecord.complete)).scalar_one() is True
    assert sqlite_services.attachments.read(sha) == data
    assert client.put(path, content=data, headers={**headers, "Upload-Offset": "0"}).json()["complete"] is True
    # The record sent again after its attachment arrived reports nothing missing.
    assert _post(client, device, [record]).results[0].missing_attachments == []


def test_an_attachment_that_does_not_match_its_hash_is_dropped(
    client: TestClient, sqlite_services: HqServices, device: TestDevice
) -> None:
    data = b"photo bytes"
    sha = hashlib.sha256(b"something else").hexdigest()
    headers = {**device.headers(), "Upload-Length": str(len(data))}
    answer = client.put(f"/v1/attachments/{sha}", content=data, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["code"] == "hash_mismatch"
    assert client.get(f"/v1/attachments/{sha}", headers=device.headers()).json()["bytes_received"] == 0
    assert sqlite_services.attachments.read(sha) is None


def test_attachment_limits(client: TestClient, sqlite_services: HqServices, device: TestDevice) -> None:
    sha = "ab" * 32
    base = device.headers()
    assert client.put(f"/v1/attachments/{sha}", content=b"x", headers=base).status_code == 422  # no Upload-Length
    past = client.put(f"/v1/attachments/{sha}", content=b"xyz", headers={**base, "Upload-Length": "2"})
    assert past.status_code == 422
    big = b"x" * (MAX_ATTACHMENT_CHUNK_BYTES + 1)
    too_big = client.put(f"/v1/attachments/{sha}", content=big, headers={**base, "Upload-Length": str(len(big))})
    assert too_big.status_code == 413
    assert client.get("/v1/attachments/NOT-A-HASH", headers=base).status_code == 422
    assert count_rows(sqlite_services, HqAttachment) <= 1


# --- reference data --------------------------------------------------------------------------------------


def test_reference_changes_page_and_digest(client: TestClient, sqlite_services: HqServices, device: TestDevice) -> None:
    alert = RiskAlertRow(
        code="ALERT-1",
        title="召回",
        action="recall",
        match_type="enterprise",
        enterprise_uscc=ENTERPRISE.uscc,
        valid_from="2026-01-01",  # type: ignore[arg-type]
    )
    sqlite_services.reference.write(
        [TableWrite(ReferenceTable.ENTERPRISES, [ENTERPRISE]), TableWrite(ReferenceTable.RISK_ALERTS, [alert])]
    )
    pages: list[ReferenceChangePage] = []
    cursor = 0
    while True:
        answer = client.get("/v1/reference/changes", params={"since": cursor, "limit": 1}, headers=device.headers())
        assert answer.status_code == 200
        page = ReferenceChangePage.model_validate(answer.json())
        pages.append(page)
        cursor = page.next_cursor
        if not page.has_more:
            break
    changes = [change for page in pages for change in page.changes]
    assert [change.table for change in changes] == ["inspectors", "enterprises", "risk_alerts"]
    assert changes[1].row == json.loads(ENTERPRISE.model_dump_json())
    assert [change.seq for change in changes] == sorted(change.seq for change in changes)
    digest = ReferenceDigest.model_validate(client.get("/v1/reference/digest", headers=device.headers()).json())
    assert digest.high_water == changes[-1].seq
    assert digest.tables["enterprises"].rows == 1
    assert digest.tables["enterprises"].hash == reference_digest([(ENTERPRISE.uscc, changes[1].seq)])
    assert digest.tables["trade_items"].hash == reference_digest([])
    bad = client.get("/v1/reference/changes", params={"since": -1}, headers=device.headers())
    assert bad.status_code == 422
    huge = client.get("/v1/reference/changes", params={"since": 2**70}, headers=device.headers())
    assert huge.status_code == 422


def test_certificate_verification_is_public_and_never_fails_on_garbage(client: TestClient) -> None:
    for text in ("IW1:garbage", "hello", "IW1:" + "A" * 3000):
        answer = client.post("/v1/certificates/verify", json={"text": text})
        assert answer.status_code == 200
        assert answer.json()["status"] == "malformed"
