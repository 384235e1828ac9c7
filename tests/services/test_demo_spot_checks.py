"""Demo spot checks in a real demo workspace: made once through the real path, sealed, verifiable, printable."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from inspector_app.documents.certificate_payload import VerificationStatus, verify_certificate
from inspector_app.domain.errors import DemoDataError
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.demo_spot_checks import DEMO_MARKER_KEY, ensure_demo_spot_checks
from inspector_app.services.records_service import RecordsService
from inspector_app.services.spot_check_service import SpotCheckService
from inspector_app.services.workspace import Workspace, open_workspace
from inspector_app.storage.models import FieldRecord, OutboxEntry, Setting

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=BEIJING)


def clock() -> dt.datetime:
    return NOW


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, DeviceKeys]]:
    data_dir = tmp_path_factory.mktemp("data") / "demo"
    workspace = open_workspace(data_dir)
    keys = DeviceKeys.load_or_create(data_dir)
    summary = ensure_demo_spot_checks(workspace, keys, clock)
    assert summary is not None
    assert (summary.spot_checks, summary.results, summary.certificates, summary.amendments) == (5, 4, 4, 1)
    yield workspace, keys
    workspace.close()


def test_demo_has_conforming_nonconforming_failed_and_amended_records(demo: tuple[Workspace, DeviceKeys]) -> None:
    workspace, _keys = demo
    records = RecordsService(workspace.database).list()
    spot_checks = [r for r in records if r.record_type == "spot_check"]
    assert Counter(r.verdict for r in spot_checks) == {"conforming": 2, "nonconforming": 2, "failed": 1}
    assert all(r.status == "sealed" for r in records)
    [amendment] = [r for r in records if r.record_type == "amendment"]
    original = next(r for r in spot_checks if r.id == amendment.supersedes_id)
    assert original.amended and amendment.verdict == "conforming"
    # Industrial and food samples both.
    with workspace.database.session() as session:
        gtins = set(session.scalars(select(FieldRecord.gtin).where(FieldRecord.record_type == "spot_check")))
    assert len(gtins - {None}) == 4


def test_every_demo_record_is_sealed_intact_and_queued_once(demo: tuple[Workspace, DeviceKeys]) -> None:
    workspace, keys = demo
    service = SpotCheckService(workspace, keys, clock)
    with workspace.database.session() as session:
        ids = list(session.scalars(select(FieldRecord.id)))
        outbox = list(session.scalars(select(OutboxEntry.record_id)))
    assert sorted(ids) == sorted(outbox)
    for record_id in ids:
        assert service.verify_seal(record_id).intact, record_id


def test_demo_deadlines_are_due_and_certificates_verify(demo: tuple[Workspace, DeviceKeys]) -> None:
    workspace, keys = demo
    service = SpotCheckService(workspace, keys, clock)
    due = service.due_soon(within_days=30)
    assert {item.deadline.code for item in due} >= {"objection_industrial", "objection_food"}
    certificates = RecordsService(workspace.database).list(type="certificate")
    for summary in certificates:
        issued = service.overview(summary.spot_check_id or "").certificate
        assert issued is not None
        checked = verify_certificate(issued.qr_payload, {keys.key_id: keys.public_key_raw})
        assert checked.status is VerificationStatus.GENUINE
    assert service.certificate_pdf(certificates[0].id).startswith(b"%PDF")
    # The signatures are real images: the form renders them (a broken image would be left out with a warning).
    form = service.sampling_form_document(certificates[0].spot_check_id or "")
    assert form.signature_inspector_1 is not None and form.signature_inspector_1.startswith(b"\x89PNG")


def test_second_call_does_nothing(demo: tuple[Workspace, DeviceKeys]) -> None:
    workspace, keys = demo
    with workspace.database.session() as session:
        before = session.scalar(select(func.count()).select_from(FieldRecord))
    assert ensure_demo_spot_checks(workspace, keys, clock) is None
    with workspace.database.session() as session:
        assert session.scalar(select(func.count()).select_from(FieldRecord)) == before
        marker = session.get(Setting, DEMO_MARKER_KEY)
        assert marker is not None and marker.value == "6"


def test_only_the_demo_workspace_gets_demo_spot_checks(tmp_path: Path) -> None:
    workspace = open_workspace(tmp_path / "real")
    try:
        with pytest.raises(DemoDataError) as refused:
            ensure_demo_spot_checks(workspace, DeviceKeys.load_or_create(tmp_path / "real"), clock)
        assert refused.value.reason == "not_demo_workspace"
        with workspace.database.session() as session:
            assert session.scalar(select(func.count()).select_from(FieldRecord)) == 0
    finally:
        workspace.close()
