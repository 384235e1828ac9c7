"""The verification dialog: genuine on green with the content; altered, forged, unknown signer, unreadable and no
code in red, each saying why; the content of a code that is not genuine marked as unverified."""

from __future__ import annotations

import datetime as dt
import zlib
from pathlib import Path

import pytest
from PySide6.QtWidgets import QGroupBox, QLabel
from pytestqt.qtbot import QtBot
from records_support import DemoStore

from inspector_app.documents.base45 import b45decode, b45encode
from inspector_app.gui.dialogs.certificate_verification_dialog import CertificateVerificationDialog
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.spot_check_service import CertificateIssued


@pytest.fixture
def issued(demo_store: DemoStore) -> CertificateIssued:
    row = next(row for row in demo_store.records.list(type="certificate") if row.verdict == "nonconforming")
    overview = demo_store.spot_checks.overview(row.spot_check_id or row.id)
    assert overview.certificate is not None
    return overview.certificate


def _verify_text(qtbot: QtBot, store: DemoStore, runner: TaskRunner, text: str) -> CertificateVerificationDialog:
    dialog = CertificateVerificationDialog.verify_text(store.certificates, runner, text)
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert dialog.headline_text() == "正在核验…" and dialog.band_outcome() == "unknown"
    qtbot.waitUntil(lambda: dialog.check() is not None, timeout=10_000)
    return dialog


def test_genuine_certificate_on_green_with_its_content(
    qtbot: QtBot, demo_store: DemoStore, runner: TaskRunner, issued: CertificateIssued
) -> None:
    dialog = _verify_text(qtbot, demo_store, runner, issued.qr_payload)
    assert dialog.is_genuine()
    assert dialog.headline_text() == "真实有效" and dialog.band_outcome() == "green"
    assert dialog.message_text().startswith("证书真实有效")
    assert dialog.claim_text("number") == issued.number
    assert dialog.claim_text("verdict") == "不合格"
    assert dialog.claim_text("key") == demo_store.keys.key_id
    box = dialog.findChild(QGroupBox, "claimsBox")
    assert box is not None and box.title() == "证书内容"
    assert dialog.notes_text() == ""
    assert dialog.windowTitle() == "证书核验"


def test_altered_certificate_in_red(
    qtbot: QtBot, demo_store: DemoStore, runner: TaskRunner, issued: CertificateIssued
) -> None:
    message = bytearray(zlib.decompress(b45decode(issued.qr_payload[4:])))
    number_at = message.find(issued.number.encode("ascii"))
    assert number_at > 0
    message[number_at + len(issued.number) - 1] ^= 0x01  # the last digit of the certificate number
    altered = "IW1:" + b45encode(zlib.compress(bytes(message), 9))
    dialog = _verify_text(qtbot, demo_store, runner, altered)
    assert not dialog.is_genuine() and dialog.band_outcome() == "red"
    assert dialog.headline_text() == "被篡改"
    assert dialog.claim_text("number") != issued.number and dialog.claim_text("number")[:-1] == issued.number[:-1]
    box = dialog.findChild(QGroupBox, "claimsBox")
    assert box is not None and box.title() == "二维码声称的内容（未经证实）"


def test_unknown_signer_and_garbage_in_red(
    qtbot: QtBot, demo_store: DemoStore, runner: TaskRunner, tmp_path: Path
) -> None:
    from inspector_app.documents.certificate_payload import CertificateClaims, encode_certificate
    from inspector_app.domain.limits import Conformity

    other = DeviceKeys.load_or_create(tmp_path / "other-device")
    issued_at = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    foreign = encode_certificate(
        CertificateClaims("IW-2026-00000000-0001", Conformity.CONFORMING, "某产品", "B1", "91110108551385082Q",
                          issued_at.date(), ("1",), issued_at),
        other.sign,
        other.key_id,
    )  # fmt: skip
    dialog = _verify_text(qtbot, demo_store, runner, foreign)
    assert dialog.headline_text() == "未知签发者" and dialog.band_outcome() == "red"
    assert other.key_id in dialog.message_text()
    assert dialog.claim_text("product") == "某产品"  # shown, but as a claim only
    garbage = _verify_text(qtbot, demo_store, runner, "IW1:NOT-A-CERTIFICATE")
    assert garbage.headline_text() == "无法识别" and garbage.band_outcome() == "red"


def test_files_and_unreadable_files(
    qtbot: QtBot, demo_store: DemoStore, runner: TaskRunner, issued: CertificateIssued, tmp_path: Path
) -> None:
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(demo_store.spot_checks.certificate_pdf(issued.record_id))
    dialog = CertificateVerificationDialog.verify_file(demo_store.certificates, runner, pdf)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.check() is not None, timeout=20_000)
    source = dialog.findChild(QLabel, "sourceLabel")
    assert dialog.is_genuine() and source is not None and str(pdf) in source.text()

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a PDF")
    unreadable = CertificateVerificationDialog.verify_file(demo_store.certificates, runner, broken)
    qtbot.addWidget(unreadable)
    qtbot.waitUntil(lambda: unreadable.headline_text() != "正在核验…", timeout=20_000)
    assert unreadable.headline_text() == "无法读取" and unreadable.band_outcome() == "red"
    assert "PDF" in unreadable.message_text()
    assert unreadable.check() is None


def test_english(qtbot: QtBot, demo_store: DemoStore, runner: TaskRunner, issued: CertificateIssued) -> None:
    dialog = CertificateVerificationDialog.verify_text(
        demo_store.certificates, runner, issued.qr_payload, language="en"
    )
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.check() is not None, timeout=10_000)
    assert dialog.message_text().startswith("Genuine")
