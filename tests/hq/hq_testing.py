"""Helpers of the HQ tests: databases (SQLite file or a fresh PostgreSQL database), a device that enrolls and
signs, record envelopes, and a real ``inspector-hq serve`` process on 127.0.0.1."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine, func, make_url, select, text

from inspector_app.domain.records import canonical_json
from inspector_app.hq.app import HqServices, open_services
from inspector_app.hq.cli import main as cli_main
from inspector_app.hq.hq_settings import HqSettings
from inspector_app.hq.reference_store import TableWrite
from inspector_app.security.signing import key_id_for
from inspector_app.sync.protocol import (
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    EnrollmentRequest,
    EnrollmentResponse,
    InspectorRow,
    RecordEnvelope,
    ReferenceTable,
    record_batch_signing_message,
    record_signing_message,
)

POSTGRES_ENV = "INSPECTOR_TEST_POSTGRES_URL"
START_TIMEOUT = 60.0
BADGE = "33030500901"
HEADERS = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}


def free_port() -> int:
    """A TCP port nobody listens on right now (on 127.0.0.1)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# --- databases -------------------------------------------------------------------------------------------


@contextlib.contextmanager
def fresh_postgres_database(admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server of ``admin_url``; dropped afterwards."""
    name = f"hq_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --- a device --------------------------------------------------------------------------------------------


class TestDevice:
    """A workstation as HQ sees it: an Ed25519 key, and after enrollment a token."""

    __test__ = False

    def __init__(self, label: str = "测试工作站-01") -> None:
        self._key = Ed25519PrivateKey.generate()
        self.public_key_raw = self._key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.key_id = key_id_for(self.public_key_raw)
        self.label = label
        self.token = ""
        self.enrollment: EnrollmentResponse | None = None

    @property
    def public_key_b64(self) -> str:
        return base64.b64encode(self.public_key_raw).decode("ascii")

    @property
    def key_id_hex(self) -> str:
        return self.key_id

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)

    def enrollment_request(self, code: str) -> EnrollmentRequest:
        return EnrollmentRequest(code=code, public_key=self.public_key_b64, device_label=self.label)

    def headers(self) -> dict[str, str]:
        return {**HEADERS, "Authorization": f"Bearer {self.token}"}

    def batch_signature(self, records: Sequence[RecordEnvelope]) -> str:
        """This device's signature over the manifest of ``records`` (as a workstation sends it)."""
        message = record_batch_signing_message(self.key_id, ((record.id, record.content_hash) for record in records))
        return base64.b64encode(self.sign(message)).decode("ascii")

    def unsigned_record(self, seq: int, **kwargs: Any) -> RecordEnvelope:
        """A correctly hashed record without a signature of its own (for a batch signature to cover)."""
        return self.record(seq, **kwargs).model_copy(update={"signature": None})

    def record(
        self,
        seq: int,
        *,
        record_id: str | None = None,
        payload: dict[str, Any] | None = None,
        attachments: Sequence[str] = (),
        record_type: str = "scan_event",
    ) -> RecordEnvelope:
        """A correctly hashed and signed record."""
        record_id = record_id or str(uuid.uuid4())
        body = payload if payload is not None else {"type": record_type, "id": record_id, "n": seq}
        text_payload = canonical_json(body).decode("utf-8")
        content_hash = hashlib.sha256(text_payload.encode("utf-8")).hexdigest()
        signature = base64.b64encode(self.sign(record_signing_message(content_hash))).decode("ascii")
        return RecordEnvelope(
            seq=seq,
            id=record_id,
            type=record_type,
            device_id=self.key_id,
            payload=text_payload,
            content_hash=content_hash,
            signature=signature,
            signer_key_id=self.key_id,
            attachments=list(attachments),
        )


def add_inspector(services: HqServices, badge: str = BADGE, name: str = "测试员") -> None:
    """Make sure HQ knows the inspector ``badge``."""
    services.reference.write(
        [TableWrite(ReferenceTable.INSPECTORS, [InspectorRow(badge_number=badge, name=name, unit="测试局")])]
    )


def enroll_in_process(services: HqServices, device: TestDevice, badge: str = BADGE) -> EnrollmentResponse:
    """Enroll ``device`` through HQ's registry (no HTTP)."""
    add_inspector(services, badge)
    code = services.registry.issue_code(badge).code
    response = services.registry.enroll(device.enrollment_request(code))
    device.token = response.token
    device.enrollment = response
    return response


def count_rows(services: HqServices, model: type) -> int:
    """How many rows HQ's table of ``model`` holds."""
    with services.database.read() as connection:
        return int(connection.execute(select(func.count()).select_from(model)).scalar_one())


def batch_json(records: Sequence[RecordEnvelope], batch_signature: str | None = None) -> dict[str, Any]:
    """The JSON body of ``POST /v1/records``."""
    body: dict[str, Any] = {"records": [json.loads(record.model_dump_json()) for record in records]}
    if batch_signature is not None:
        body["batch_signature"] = batch_signature
    return body


# --- a real server process -------------------------------------------------------------------------------


class HqProcess:
    """``python -m inspector_app.hq.cli serve`` on a free port of 127.0.0.1, with its own data dir."""

    def __init__(self, data_dir: Path, database_url: str | None = None, port: int | None = None) -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir.parent / f"{data_dir.name}-{self.port}.log"
        data_dir.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def settings(self) -> HqSettings:
        return HqSettings(data_dir=self.data_dir, database_url=self.database_url)

    def command(self, *extra: str) -> list[str]:
        return [sys.executable, "-m", "inspector_app.hq.cli", *extra]

    def admin_args(self) -> list[str]:
        args = ["--data-dir", str(self.data_dir)]
        if self.database_url:
            args += ["--database-url", self.database_url]
        return args

    def start(self, *extra: str) -> HqProcess:
        command = self.command("serve", "--host", "127.0.0.1", "--port", str(self.port), *self.admin_args(), *extra)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"HQ exited with {self.process.returncode}: {self.log()[-3000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/health", timeout=1.0).status_code == 200:
                    return self
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"HQ did not answer within {START_TIMEOUT} s: {self.log()[-3000:]}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def admin(self, *args: str, check: bool = True, subprocess_run: bool = False) -> subprocess.CompletedProcess[str]:
        """Run an ``inspector-hq`` admin command on this server's data: in this process through the command's
        ``main`` (fast), or as a real ``python -m inspector_app.hq.cli`` process when ``subprocess_run``."""
        command = args[0]
        rest = list(args[1:])
        # Sub-commands with an action ("devices list") take the options after the action.
        if command in ("inspector", "devices", "alerts", "conflicts"):
            words = [command, rest[0], *self.admin_args(), *rest[1:]]
        else:
            words = [command, *self.admin_args(), *rest]
        if subprocess_run:
            result = subprocess.run(self.command(*words), capture_output=True, text=True, timeout=120, check=False)
        else:
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stderr(err):
                code = cli_main(words, out)
            result = subprocess.CompletedProcess(words, code, out.getvalue(), err.getvalue())
        if check and result.returncode != 0:
            raise AssertionError(f"inspector-hq {' '.join(args)} failed: {result.stdout}\n{result.stderr}")
        return result

    def services(self) -> HqServices:
        """HQ's modules on this server's database (the caller closes ``.database``)."""
        return open_services(self.settings)


def postgres_admin_url() -> str:
    """The test PostgreSQL server's URL; skips (fails on CI) when there is none."""
    url = os.environ.get(POSTGRES_ENV, "")
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{POSTGRES_ENV} is not set on CI: the PostgreSQL tests must run there")
    pytest.skip(f"{POSTGRES_ENV} is not set (run packaging/start_test_postgres.sh)")
