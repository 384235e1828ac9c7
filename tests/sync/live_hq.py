"""A real HQ server process on 127.0.0.1 for the sync tests: start, kill, restart on the same data, and look inside.

The server is ``inspector-hq serve`` (``python -m inspector_app.hq.cli serve``) on a free port with its own data
directory. Administration (inspectors, enrolment codes, reference data) and the checks (which records HQ holds,
which attachments) go through HQ's own modules on the same database, as the ``inspector-hq`` admin commands do.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx
from pydantic import BaseModel
from sqlalchemy import func, select

from inspector_app.hq.app import HqServices, open_services
from inspector_app.hq.hq_settings import HqSettings
from inspector_app.hq.reference_store import TableWrite
from inspector_app.hq.storage.models import HqAttachment, ReceivedRecord, RecordBatchManifest
from inspector_app.sync.protocol import InspectorRow, ReferenceTable

START_TIMEOUT = 60.0
BADGE = "ZF-3501-0001"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class LiveHq:
    """One HQ data directory and the server process serving it (restartable on the same port)."""

    def __init__(self, data_dir: Path, port: int | None = None, database_url: str | None = None) -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._log = data_dir.parent / f"{data_dir.name}-server.log"
        data_dir.mkdir(parents=True, exist_ok=True)
        self.settings = HqSettings(data_dir=data_dir, database_url=database_url)
        self._services: HqServices | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ------------------------------------------------------------------------------------------- process
    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "inspector_app.hq.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
            "--log-level",
            "warning",
        ]
        if self.database_url:
            command += ["--database-url", self.database_url]
        with open(self._log, "ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ))
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"HQ exited with {self.process.returncode}: {self.log_text()[-2000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/health", timeout=1.0).status_code == 200:
                    return
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"HQ did not answer within {START_TIMEOUT} s: {self.log_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL: no goodbye, no flush (what a power cut does to a server)."""
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
        if self._services is not None:
            self._services.database.close()
            self._services = None

    def log_text(self) -> str:
        try:
            return self._log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    # ---------------------------------------------------------------------------------------------- admin
    @property
    def services(self) -> HqServices:
        if self._services is None:
            self._services = open_services(self.settings)
        return self._services

    def add_inspector(self, badge: str = BADGE, name: str = "林检查") -> None:
        self.write_reference(ReferenceTable.INSPECTORS, [InspectorRow(badge_number=badge, name=name)])

    def issue_code(self, badge: str = BADGE) -> str:
        return self.services.registry.issue_code(badge).code

    def write_reference(
        self, table: ReferenceTable, upserts: Sequence[BaseModel] = (), deletes: Sequence[str] = ()
    ) -> None:
        self.services.reference.write([TableWrite(table, upserts, deletes)])

    def revoke(self, device_id: str) -> None:
        self.services.registry.revoke(device_id)

    # --------------------------------------------------------------------------------------------- checks
    def received(self) -> dict[str, tuple[str, bool]]:
        """Record id → (content hash, complete) for every record HQ holds."""
        with self.services.database.read() as connection:
            rows = connection.execute(
                select(ReceivedRecord.id, ReceivedRecord.content_hash, ReceivedRecord.complete)
            ).all()
        return {record_id: (digest, bool(complete)) for record_id, digest, complete in rows}

    def batch_of(self) -> dict[str, str | None]:
        """Record id → the SHA-256 of the batch manifest whose signature covers it (``None``: its own signature),
        for every record HQ holds; each named manifest is checked to be held and to list the record."""
        with self.services.database.read() as connection:
            rows = connection.execute(
                select(ReceivedRecord.id, ReceivedRecord.content_hash, ReceivedRecord.batch_sha256)
            ).all()
            manifests = dict(connection.execute(select(RecordBatchManifest.sha256, RecordBatchManifest.manifest)).all())
        for record_id, content_hash, batch in rows:
            if batch is not None:
                assert f"{record_id} {content_hash}" in manifests[batch].splitlines()
        return {record_id: batch for record_id, _hash, batch in rows}

    def received_count(self) -> int:
        with self.services.database.read() as connection:
            return int(connection.execute(select(func.count()).select_from(ReceivedRecord)).scalar_one())

    def attachment(self, sha256: str) -> bytes | None:
        """The bytes HQ holds for ``sha256`` when complete."""
        return self.services.attachments.read(sha256)

    def attachments_complete(self) -> int:
        with self.services.database.read() as connection:
            return int(
                connection.execute(
                    select(func.count()).select_from(HqAttachment).where(HqAttachment.complete.is_(True))
                ).scalar_one()
            )
