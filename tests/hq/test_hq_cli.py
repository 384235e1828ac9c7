"""``inspector-hq`` admin commands as a person runs them (subprocesses on a data dir)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
from pathlib import Path

import pytest
import zxingcpp
from hq_testing import BADGE, HqProcess, TestDevice, enroll_in_process
from PIL import Image

from inspector_app.sync.bundle import BundleFile, read_reference_bundle, write_records_bundle
from inspector_app.sync.protocol import parse_enrollment_qr

pytestmark = pytest.mark.slow


@pytest.fixture
def hq(tmp_path: Path) -> HqProcess:
    server = HqProcess(tmp_path / "hq")
    migrated = server.admin("migrate", subprocess_run=True)
    assert "→" in migrated.stdout
    return server


def test_inspectors_and_enrollment_codes_with_qr(hq: HqProcess, tmp_path: Path) -> None:
    added = hq.admin("inspector", "add", "--badge", BADGE, "--name", "王测试", "--unit", "福州市局")
    assert BADGE in added.stdout
    listed = json.loads(hq.admin("inspector", "list", "--json").stdout)
    assert [item["badge_number"] for item in listed] == [BADGE]
    png = tmp_path / "code.png"
    issued = hq.admin(
        "enroll-code", "--inspector", BADGE, "--ttl-hours", "2", "--hq-url", "http://hq.test:8765", "--png", str(png)
    )
    qr_line = next(line for line in issued.stdout.splitlines() if line.startswith("二维码内容"))
    qr_text = qr_line.split(": ", 1)[1]
    parsed = parse_enrollment_qr(qr_text)
    assert parsed is not None and parsed.hq_url == "http://hq.test:8765"
    assert "█" in issued.stdout or "▀" in issued.stdout  # the terminal QR code
    decoded = zxingcpp.read_barcodes(Image.open(png))
    assert [result.text for result in decoded] == [qr_text]
    # The code enrolls a device once.
    services = hq.services()
    try:
        device = TestDevice()
        response = services.registry.enroll(device.enrollment_request(parsed.code))
        assert response.inspector.badge_number == BADGE
    finally:
        services.database.close()
    unknown = hq.admin("enroll-code", "--inspector", "nobody", check=False)
    assert unknown.returncode == 1
    assert "No inspector nobody" in unknown.stderr


def test_devices_are_listed_and_revoked(hq: HqProcess) -> None:
    services = hq.services()
    device = TestDevice("福州-01")
    try:
        enroll_in_process(services, device)
    finally:
        services.database.close()
    listed = json.loads(hq.admin("devices", "list", "--json").stdout)
    assert [(item["id"], item["label"], item["revoked_at"]) for item in listed] == [(device.key_id, "福州-01", None)]
    assert "revoked" in hq.admin("devices", "revoke", device.key_id).stdout
    assert json.loads(hq.admin("devices", "list", "--json").stdout)[0]["revoked_at"] is not None
    assert hq.admin("devices", "revoke", "0" * 32, check=False).returncode == 1


def test_import_publish_withdraw_and_refusals_by_line(hq: HqProcess, tmp_path: Path) -> None:
    enterprises = tmp_path / "enterprises.csv"
    enterprises.write_text("uscc,name,region_code\n91350100M000100Y43,福州甲食品有限公司,350100\n", encoding="utf-8")
    assert "1 change(s)" in hq.admin("import", "enterprises", str(enterprises)).stdout
    assert "0 change(s), 1 unchanged" in hq.admin("import", "enterprises", str(enterprises)).stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("uscc,name,region_code\n91350100M000100Y43,,350100\nX,Y,Z\n", encoding="utf-8")
    refused = hq.admin("import", "enterprises", str(bad), check=False, subprocess_run=True)
    assert refused.returncode == 1
    assert "line 2" in refused.stderr and "line 3" in refused.stderr
    alerts = tmp_path / "alerts.json"
    alerts.write_text(
        json.dumps(
            [
                {
                    "code": "RC-2026-01",
                    "title": "某批次饼干召回",
                    "action": "recall",
                    "match_type": "enterprise",
                    "enterprise_uscc": "91350100M000100Y43",
                    "valid_from": "2026-11-01",
                }
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    assert "1 alert(s)" in hq.admin("alerts", "publish", str(alerts)).stdout
    assert "seq" in hq.admin("alerts", "withdraw", "RC-2026-01").stdout
    assert "already withdrawn" in hq.admin("alerts", "withdraw", "RC-2026-01").stdout
    assert hq.admin("alerts", "withdraw", "NOPE", check=False).returncode == 1
    missing = hq.admin("import", "catalogue", str(tmp_path / "none.json"), check=False)
    assert missing.returncode == 1 and "not found" in missing.stderr


def test_usb_bundles_in_and_out(hq: HqProcess, tmp_path: Path) -> None:
    services = hq.services()
    device = TestDevice("离线-01")
    try:
        enroll_in_process(services, device)
        hq_key = services.identity.public_key_raw
        hq_key_id = services.identity.key_id
    finally:
        services.database.close()
    photo = os.urandom(5000)
    sha = hashlib.sha256(photo).hexdigest()
    photo_path = tmp_path / sha
    photo_path.write_bytes(photo)
    records = [device.record(seq, attachments=[sha] if seq == 1 else []) for seq in range(1, 4)]
    bundle = tmp_path / "records.iwbundle"
    write_records_bundle(
        bundle,
        records,
        [BundleFile(sha, len(photo), "image/jpeg", photo_path)],
        device,
        created_at=dt.datetime.now(dt.UTC),
        device_label=device.label,
    )
    first = json.loads(hq.admin("import-bundle", str(bundle), "--json", subprocess_run=True).stdout)
    assert (first["new"], first["already_known"], first["conflicting"], first["attachments"]) == (3, 0, 0, 1)
    second = json.loads(hq.admin("import-bundle", str(bundle), "--json").stdout)
    assert (second["new"], second["already_known"]) == (0, 3)
    tampered = tmp_path / "tampered.iwbundle"
    raw = bytearray(bundle.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    tampered.write_bytes(bytes(raw))
    assert hq.admin("import-bundle", str(tampered), check=False).returncode == 1
    exported = hq.admin("export-records", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert sorted(row["id"] for row in rows) == sorted(record.id for record in records)
    assert {row["source"] for row in rows} == {"bundle"}
    assert [row["complete"] for row in rows].count("true") == 3
    output = tmp_path / "records.json"
    hq.admin("export-records", "--format", "json", "--output", str(output))
    assert len(json.loads(output.read_text(encoding="utf-8"))) == 3
    reference = tmp_path / "reference.iwref"
    hq.admin("export-reference-bundle", str(reference), "--since", "0")
    read = read_reference_bundle(reference, {hq_key_id: hq_key})
    assert [change.table.value for change in read.iter_changes()] == ["inspectors"]
