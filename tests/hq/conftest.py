"""Fixtures of the HQ tests: HQ's services on a fresh SQLite file (and, when available, PostgreSQL), an
in-process client, and a real ``inspector-hq serve`` process on loopback.

PostgreSQL: the tests that need it use ``$INSPECTOR_TEST_POSTGRES_URL`` (``packaging/start_test_postgres.sh``
prints one); each gets a new database on that server. Without the variable they are skipped — except on CI
(``CI=true``), where that is a failure: the PostgreSQL path must not go untested there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hq_testing import HqProcess, TestDevice, enroll_in_process, fresh_postgres_database, postgres_admin_url

from inspector_app.hq.app import HqServices, create_app, open_services
from inspector_app.hq.hq_settings import HqSettings


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database (dropped after the test)."""
    with fresh_postgres_database(postgres_admin_url()) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str | None]:
    """``None`` (HQ's default SQLite file in its data dir), then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield None
        return
    with fresh_postgres_database(postgres_admin_url()) as url:
        yield url


@pytest.fixture
def hq_settings(tmp_path: Path, database_url: str | None) -> HqSettings:
    """Settings of an HQ on a fresh database (SQLite, then PostgreSQL)."""
    return HqSettings(data_dir=tmp_path / "hq", database_url=database_url)


@pytest.fixture
def services(hq_settings: HqSettings) -> Iterator[HqServices]:
    """HQ's stores on a fresh, migrated database."""
    opened = open_services(hq_settings)
    yield opened
    opened.database.close()


@pytest.fixture
def sqlite_services(tmp_path: Path) -> Iterator[HqServices]:
    """HQ's stores on a fresh SQLite file only (for tests whose subject is not the database)."""
    opened = open_services(HqSettings(data_dir=tmp_path / "hq-sqlite"))
    yield opened
    opened.database.close()


@pytest.fixture
def client(sqlite_services: HqServices) -> Iterator[TestClient]:
    """The HQ application in process (SQLite)."""
    app = create_app(sqlite_services.settings, sqlite_services)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def device(sqlite_services: HqServices) -> TestDevice:
    """A device enrolled at the in-process HQ."""
    enrolled = TestDevice()
    enroll_in_process(sqlite_services, enrolled)
    return enrolled


@pytest.fixture(scope="module")
def live_hq(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HqProcess]:
    """A real ``inspector-hq serve --demo`` process on 127.0.0.1 (shared by a module's tests)."""
    server = HqProcess(tmp_path_factory.mktemp("live") / "hq")
    server.start("--demo")
    yield server
    server.stop()
