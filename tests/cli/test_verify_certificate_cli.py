"""``inspector-app verify-certificate`` as a real process: text, PDF and image in; genuine or not out."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))

from document_samples import CERTIFICATE_NUMBER, SigningKey, certificate_document, claims

from inspector_app.documents.certificate_payload import encode_certificate
from inspector_app.documents.certificate_pdf import render_certificate
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.security.signing import save_public_key_file
from inspector_app.services.trust_service import TrustService
from inspector_app.services.workspace import open_workspace

ANSI_RED = "\033[1;31m"


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "inspector_app.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def device(tmp_path: Path) -> DeviceKeys:
    """The workstation's own key in its data directory (the CLI trusts it)."""
    return DeviceKeys.load_or_create(tmp_path)


def _own_payload(device: DeviceKeys) -> str:
    return encode_certificate(claims(), device.sign, device.key_id, signer_public_key=device.public_key_raw)


def test_own_certificate_text_is_genuine(tmp_path: Path, device: DeviceKeys) -> None:
    result = run_cli("verify-certificate", _own_payload(device), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("真实有效 genuine")
    assert CERTIFICATE_NUMBER in result.stdout
    assert "不合格 nonconforming" in result.stdout
    assert "91110108551385082Q" in result.stdout
    assert "\033[" not in result.stdout  # no colour codes into a pipe


def test_a_certificate_pdf_and_a_photo_of_its_code_are_genuine(tmp_path: Path, device: DeviceKeys) -> None:
    payload = _own_payload(device)
    pdf_path = tmp_path / "certificate.pdf"
    pdf_path.write_bytes(render_certificate(certificate_document(SigningKey(), payload=payload)))
    from_pdf = run_cli("verify-certificate", str(pdf_path), data_dir=tmp_path)
    assert from_pdf.returncode == 0, from_pdf.stdout + from_pdf.stderr
    assert "真实有效 genuine" in from_pdf.stdout
    document = pdfium.PdfDocument(pdf_path.read_bytes())
    try:
        image = document[0].render(scale=2).to_pil()
    finally:
        document.close()
    image_path = tmp_path / "photo.png"
    image.save(image_path)
    from_image = run_cli("verify-certificate", str(image_path), data_dir=tmp_path)
    assert from_image.returncode == 0, from_image.stdout + from_image.stderr
    assert CERTIFICATE_NUMBER in from_image.stdout


def test_altered_forged_and_foreign_certificates_fail(tmp_path: Path, device: DeviceKeys) -> None:
    stranger = SigningKey()
    foreign = run_cli(
        "verify-certificate", encode_certificate(claims(), stranger.sign, stranger.key_id), data_dir=tmp_path
    )
    assert foreign.returncode == 1
    assert foreign.stdout.startswith("未知签发者 unknown signer")
    assert "未经证实" in foreign.stdout
    forged_text = encode_certificate(claims(), stranger.sign, device.key_id, signer_public_key=stranger.public_raw)
    forged = run_cli("verify-certificate", forged_text, data_dir=tmp_path)
    assert forged.returncode == 1
    assert forged.stdout.startswith("伪造 forged")
    payload = _own_payload(device)
    broken = run_cli(
        "verify-certificate", payload[:-3] + ("AAA" if payload[-3:] != "AAA" else "BBB"), data_dir=tmp_path
    )
    assert broken.returncode == 1
    assert "genuine" not in broken.stdout.split("—")[0]


def test_an_imported_key_is_trusted(tmp_path: Path, device: DeviceKeys) -> None:
    colleague = SigningKey()
    key_file = tmp_path / "colleague.pub"
    save_public_key_file(key_file, colleague.public_raw, "晋中二号工作站")
    workspace = open_workspace(tmp_path)
    try:
        TrustService(workspace.database, device).import_key_file(key_file)
    finally:
        workspace.close()
    text = encode_certificate(claims(), colleague.sign, colleague.key_id)
    result = run_cli("verify-certificate", "--json", text, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["genuine"] is True
    assert report["source"] == "text"
    (only,) = report["results"]
    assert only["status"] == "genuine"
    assert only["claims"]["certificate_number"] == CERTIFICATE_NUMBER
    assert only["claims"]["issuer_key_id"] == colleague.key_id


def test_unreadable_inputs_fail_with_a_reason(tmp_path: Path) -> None:
    missing = run_cli("verify-certificate", str(tmp_path / "nothing.pdf"), data_dir=tmp_path)
    assert missing.returncode == 1
    assert "无法读取" in missing.stdout
    blank = tmp_path / "blank.png"
    from PIL import Image

    Image.new("L", (300, 300), 255).save(blank)
    nothing = run_cli("verify-certificate", str(blank), data_dir=tmp_path)
    assert nothing.returncode == 1
    assert "未找到证书二维码" in nothing.stdout


def test_a_terminal_gets_the_verdict_in_red(tmp_path: Path) -> None:
    stranger = SigningKey()
    text = encode_certificate(claims(), stranger.sign, stranger.key_id)
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    command = [sys.executable, "-m", "inspector_app.cli", "--data-dir", str(tmp_path), "verify-certificate", text]
    process = subprocess.Popen(command, stdout=follower, stderr=subprocess.PIPE, env=env)
    os.close(follower)
    output = io.BytesIO()
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the process exits
            break
        if not chunk:
            break
        output.write(chunk)
    os.close(leader)
    assert process.wait(timeout=120) == 1
    assert process.stderr is not None
    process.stderr.close()
    text_out = output.getvalue().decode("utf-8")
    assert ANSI_RED + "未知签发者 unknown signer" in text_out
