"""The HQ store: engine set-up for SQLite and PostgreSQL, transactions, and Alembic migrations.

SQLite (the default and ``--demo``) runs in WAL mode with ``synchronous=FULL``: an answer that says "stored" is on
disk. Writers take the write lock at ``BEGIN IMMEDIATE`` so two HQ processes on one file queue for it instead of
failing half way. PostgreSQL (``postgresql+psycopg://…``) gets a connection pool of the configured size with a
liveness check before each use.

Reference changes take their ``seq`` from the database (an identity column), and a sequence number is handed out
when the row is inserted, not when its transaction commits: two writers could commit 12 before 11, and a device
that read 12 would skip 11 for ever. So every writer of reference data first takes one transaction-scoped lock —
``pg_advisory_xact_lock`` on PostgreSQL, the database write lock on SQLite — and holds it until it has committed.
Reference writes are therefore serialised (they are rare: imports and alert changes), sequences become visible in
order, and record uploads, which never touch the change log, are not slowed by it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: Key of the PostgreSQL advisory lock that serialises reference writers (any constant shared by all HQ processes).
REFERENCE_LOCK_KEY = 0x1D5E_C7A1
#: Key of the advisory lock held while migrating, so that HQ processes starting together migrate once.
MIGRATION_LOCK_KEY = 0x1D5E_C7A2
_WRITE_OPTION = "hq_write"


class HqStorageError(Exception):
    """The HQ database cannot be used (unreachable, newer than this HQ, not an HQ database)."""


@dataclass(frozen=True, slots=True)
class PoolSettings:
    """Connection pool of a PostgreSQL engine (SQLite uses SQLAlchemy's defaults)."""

    size: int = 5
    max_overflow: int = 10
    timeout_seconds: float = 30.0
    recycle_seconds: int = 1800


class HqDatabase:
    """The HQ store's engine and its transactions. Thread-safe; one per process."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect: str = engine.dialect.name

    @property
    def is_postgresql(self) -> bool:
        """Whether the store is PostgreSQL (else SQLite)."""
        return self.dialect == "postgresql"

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection in a read transaction (deferred; sees one snapshot on SQLite)."""
        with self.engine.connect() as connection, connection.begin():
            yield connection

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """A read transaction that sees one consistent snapshot for all its statements, on both databases."""
        with self.engine.connect() as opened:
            connection = opened.execution_options(isolation_level="REPEATABLE READ") if self.is_postgresql else opened
            with connection.begin():
                yield connection

    @contextlib.contextmanager
    def write(self, *, reference: bool = False) -> Iterator[Connection]:
        """A connection in a write transaction, committed when the block ends without an exception.

        On SQLite the transaction starts with ``BEGIN IMMEDIATE`` (the database write lock). ``reference=True``
        also takes the reference-writer lock on PostgreSQL (see the module docstring).
        """
        with self.engine.connect() as opened:
            connection = opened.execution_options(**{_WRITE_OPTION: True})
            with connection.begin():
                if reference and self.is_postgresql:
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": REFERENCE_LOCK_KEY})
                yield connection

    def ping(self) -> None:
        """Run ``SELECT 1``; raises the driver's error when the database is not reachable."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    # --- migrations --------------------------------------------------------------------------------------

    def current_revision(self) -> str | None:
        """The Alembic revision stamped in the database, ``None`` when it is empty."""
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def migrate(self) -> tuple[str | None, str]:
        """Bring the schema to our newest revision; return (revision before, revision after).

        Refuses (``HqStorageError``) a database stamped with a revision this HQ does not know (a newer HQ wrote
        it). On PostgreSQL an advisory lock makes HQ processes that start together migrate one after the other.
        """
        head = head_revision()
        with self.engine.connect() as connection:
            if self.is_postgresql:
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                connection.commit()
            try:
                before = MigrationContext.configure(connection).get_current_revision()
                if before is not None and before not in known_revisions():
                    raise HqStorageError(
                        f"the HQ database is at revision {before}, which this HQ does not know (ours is {head}); "
                        "it was written by a newer inspector-hq"
                    )
                if before != head:
                    logger.info("migrating the HQ database from %s to %s", before, head)
                    config = alembic_config()
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                    connection.commit()
            finally:
                if self.is_postgresql:
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
                    connection.commit()
        return before, head

    def require_current_schema(self) -> None:
        """Raise ``HqStorageError`` unless the schema is at our newest revision."""
        found = self.current_revision()
        head = head_revision()
        if found != head:
            raise HqStorageError(
                f"the HQ database is at revision {found or 'none (empty)'}, this HQ needs {head}: "
                "run `inspector-hq migrate`"
            )


def alembic_config() -> Config:
    """Alembic configuration of the HQ migrations (no ini file)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest HQ migration."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise HqStorageError("no HQ migrations found")
    return head


def known_revisions() -> set[str]:
    """Every HQ migration revision this version knows."""
    return {revision.revision for revision in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of an SQLite file (any directory name works)."""
    return URL.create("sqlite", database=str(Path(path).resolve())).render_as_string(hide_password=False)


def open_hq_database(database_url: str, pool: PoolSettings | None = None) -> HqDatabase:
    """An ``HqDatabase`` on ``database_url`` (``sqlite:///…`` or ``postgresql+psycopg://…``); does not migrate."""
    url = make_url(database_url)
    pool = pool or PoolSettings()
    if url.get_backend_name() == "sqlite":
        if url.database in (None, "", ":memory:"):
            raise HqStorageError("HQ needs an SQLite file, not an in-memory database")
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
    elif url.get_backend_name() == "postgresql":
        if url.get_driver_name() != "psycopg":
            raise HqStorageError("PostgreSQL is reached through psycopg 3: use a postgresql+psycopg://… URL")
        engine = create_engine(
            url,
            pool_size=pool.size,
            max_overflow=pool.max_overflow,
            pool_timeout=pool.timeout_seconds,
            pool_recycle=pool.recycle_seconds,
            pool_pre_ping=True,
        )
    else:
        raise HqStorageError(f"unsupported database {url.get_backend_name()!r}: use SQLite or PostgreSQL")
    return HqDatabase(engine)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # The sqlite3 module would open transactions by itself (and never for DDL); we emit BEGIN ourselves.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    if connection.get_execution_options().get(_WRITE_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")
