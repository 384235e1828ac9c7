"""Against real ``inspector-hq serve`` processes on 127.0.0.1: the whole flow over HTTP, schemathesis over the
OpenAPI schema (no 5xx), a server killed mid-upload, and two processes serving one database."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import schemathesis
from hq_testing import (
    BADGE,
    HEADERS,
    HqProcess,
    TestDevice,
    add_inspector,
    batch_json,
    fresh_postgres_database,
    postgres_admin_url,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from inspector_app.sync.protocol import (
    EnrollmentResponse,
    RecordBatchResult,
    ReferenceChangePage,
    ReferenceDigest,
    parse_enrollment_qr,
    reference_digest,
)

pytestmark = pytest.mark.slow


def _enroll(server: HqProcess, device: TestDevice, badge: str = BADGE) -> EnrollmentResponse:
    services = server.services()
    try:
        add_inspector(services, badge)
        code = services.registry.issue_code(badge).code
    finally:
        services.database.close()
    answer = httpx.post(
        f"{server.url}/v1/enroll", json=device.enrollment_request(code).model_dump(), headers=HEADERS, timeout=10
    )
    assert answer.status_code == 200, answer.text
    response = EnrollmentResponse.model_validate(answer.json())
    device.token = response.token
    return response


@pytest.fixture(scope="module")
def live_device(live_hq: HqProcess) -> TestDevice:
    device = TestDevice("live-01")
    _enroll(live_hq, device)
    return device


def test_the_demo_server_prints_a_code_for_its_demo_inspector(live_hq: HqProcess) -> None:
    qr_line = next(line for line in live_hq.log().splitlines() if line.startswith("二维码内容 QR text: "))
    parsed = parse_enrollment_qr(qr_line.split(": ", 1)[1])
    assert parsed is not None and parsed.hq_url == live_hq.url
    device = TestDevice("demo-01")
    answer = httpx.post(
        f"{live_hq.url}/v1/enroll", json=device.enrollment_request(parsed.code).model_dump(), headers=HEADERS
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["inspector"]["badge_number"] == "33030500001"


def test_the_demo_server_serves_its_reference_data_to_an_enrolled_device(
    live_hq: HqProcess, live_device: TestDevice
) -> None:
    with httpx.Client(base_url=live_hq.url, headers=live_device.headers(), timeout=10) as client:
        cursor, tables = 0, {}
        while True:
            page = ReferenceChangePage.model_validate(
                client.get("/v1/reference/changes", params={"since": cursor, "limit": 500}).json()
            )
            for change in page.changes:
                tables.setdefault(change.table.value, []).append((change.key, change.seq))
            cursor = page.next_cursor
            if not page.has_more:
                break
        digest = ReferenceDigest.model_validate(client.get("/v1/reference/digest").json())
    assert len(tables["trade_items"]) == 1000
    assert len(tables["enterprises"]) == 200
    assert tables["catalogue_editions"]
    for table, pairs in tables.items():
        assert digest.tables[table].hash == reference_digest(pairs), table
    assert digest.high_water == cursor


def test_records_and_attachments_over_http_exactly_once(live_hq: HqProcess, live_device: TestDevice) -> None:
    data = os.urandom(150_000)
    sha = hashlib.sha256(data).hexdigest()
    records = [live_device.record(seq, attachments=[sha] if seq == 1 else []) for seq in range(1, 51)]
    with httpx.Client(base_url=live_hq.url, headers=live_device.headers(), timeout=10) as client:
        for _attempt in range(2):
            answer = client.post("/v1/records", json=batch_json(records))
            result = RecordBatchResult.model_validate(answer.json())
            assert result.stored_up_to == 50
        assert result.counts.duplicate == 50
        put = client.put(f"/v1/attachments/{sha}", content=data, headers={"Upload-Length": str(len(data))})
        assert put.json()["complete"] is True
    services = live_hq.services()
    try:
        assert services.attachments.read(sha) == data
        assert services.records.known_hashes([r.id for r in records]) == {r.id: r.content_hash for r in records}
    finally:
        services.database.close()


def test_no_request_makes_hq_answer_5xx(live_hq: HqProcess, live_device: TestDevice) -> None:
    """Schemathesis generates requests for every operation of ``/openapi.json`` (valid and invalid, with and without
    the protocol header); with a valid token or none, HQ never answers with a server error."""
    api = schemathesis.openapi.from_url(f"{live_hq.url}/openapi.json")
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy(), authorised=st.booleans())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: schemathesis.Case, authorised: bool) -> None:
            headers = dict(case.headers or {})
            if authorised:
                headers["Authorization"] = f"Bearer {live_device.token}"
            response = case.call(base_url=live_hq.url, headers=headers, timeout=15)
            case.validate_response(response, checks=[not_a_server_error])

        check()


def test_a_server_killed_mid_upload_loses_nothing_it_acknowledged(tmp_path: Path) -> None:
    server = HqProcess(tmp_path / "hq").start()
    device = TestDevice()
    try:
        _enroll(server, device)
        data = os.urandom(400_000)
        sha = hashlib.sha256(data).hexdigest()
        records = [device.record(seq) for seq in range(1, 201)]
        with httpx.Client(base_url=server.url, headers=device.headers(), timeout=10) as client:
            first = RecordBatchResult.model_validate(client.post("/v1/records", json=batch_json(records[:100])).json())
            assert first.stored_up_to == 100
            headers = {"Upload-Length": str(len(data))}
            assert client.put(f"/v1/attachments/{sha}", content=data[:150_000], headers=headers).status_code == 200
        server.kill()
        server.start()
        with httpx.Client(base_url=server.url, headers=device.headers(), timeout=10) as client:
            # Everything again (the client does not know what survived): duplicates, then the rest.
            again = RecordBatchResult.model_validate(client.post("/v1/records", json=batch_json(records)).json())
            assert again.counts.duplicate == 100
            assert again.counts.stored == 100
            offset = int(client.head(f"/v1/attachments/{sha}").headers["Upload-Offset"])
            assert offset == 150_000
            rest = client.put(
                f"/v1/attachments/{sha}", content=data[offset:], headers={**headers, "Upload-Offset": str(offset)}
            )
            assert rest.json()["complete"] is True
        services = server.services()
        try:
            assert services.records.counts().records == 200
            assert services.attachments.read(sha) == data
        finally:
            services.database.close()
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared' / 'hq.db'}"
        return
    with fresh_postgres_database(postgres_admin_url()) as url:
        yield url


def test_two_processes_serve_one_database(tmp_path: Path, shared_database: str) -> None:
    """Two HQ processes on one database (sharing HQ's key file): every record once, tokens valid on both, and
    reference changes written through either are seen in order through the other."""
    data_dir = tmp_path / "hq"
    first = HqProcess(data_dir, shared_database).start()
    second = HqProcess(data_dir, shared_database).start()
    try:
        device = TestDevice()
        _enroll(first, device)
        records = [device.record(seq) for seq in range(1, 301)]

        def send(server: HqProcess) -> RecordBatchResult:
            with httpx.Client(base_url=server.url, headers=device.headers(), timeout=30) as client:
                return RecordBatchResult.model_validate(client.post("/v1/records", json=batch_json(records)).json())

        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(send, [first, second, first, second]))
        assert sum(result.counts.stored for result in results) == 300
        assert all(result.stored_up_to == 300 for result in results)
        first.admin("import", "enterprises", str(_enterprise_file(tmp_path)))
        with httpx.Client(base_url=second.url, headers=device.headers(), timeout=10) as client:
            page = ReferenceChangePage.model_validate(client.get("/v1/reference/changes").json())
        assert [change.table.value for change in page.changes] == ["inspectors", "enterprises", "enterprises"]
        services = second.services()
        try:
            assert services.records.counts().records == 300
        finally:
            services.database.close()
    finally:
        first.stop()
        second.stop()


def _enterprise_file(tmp_path: Path) -> Path:
    path = tmp_path / "enterprises.csv"
    path.write_text(
        "uscc,name,region_code\n91350100M000100Y43,福州甲食品有限公司,350100\n913301006091241235,杭州乙厂,330100\n",
        encoding="utf-8",
    )
    return path
