"""Opening the local store: checks, backup, migration, and the engine everything else uses.

Opening a database file goes through these steps, each of which can stop with a ``StorageError`` an inspector
can act on (never a traceback, never a silently replaced file):

1. ``PRAGMA quick_check`` on an existing file — a corrupt file is reported, not repaired or replaced;
2. its Alembic revision is compared with ours — a database written by a newer workstation is refused;
3. if it is behind, it is first copied aside with SQLite's online backup API, then migrated;
4. the engine opens every connection with foreign keys on, WAL journal and ``synchronous=FULL``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from inspector_app.domain.errors import StorageError, StorageProblem

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DATABASE_FILENAME = "inspector.db"
BACKUP_DIRNAME = "backups"
BUSY_TIMEOUT_MS = 5000
#: Page cache per connection, in KiB (negative, as SQLite takes it): 64 MiB instead of the 2 MiB default. Keys
#: such as GTINs arrive in no useful order, so a large pull rewrites index pages all over the file; with the bigger
#: cache they are rewritten in memory and written once per page of changes.
CACHE_SIZE_PRAGMA = -65536

T = TypeVar("T")

# SQLite primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


def storage_error_from(exc: BaseException, path: Path | str = "") -> StorageError | None:
    """The environmental ``StorageError`` behind a driver exception, or ``None`` if it is a bug."""
    original: BaseException = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    if isinstance(original, StorageError):
        return original
    if not isinstance(original, sqlite3.Error):
        if isinstance(original, OSError):
            return _make_error(StorageProblem.UNAVAILABLE, path, str(original))
        return None
    code = getattr(original, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(original).lower()
    if primary == _SQLITE_FULL or "disk is full" in text:
        return _make_error(StorageProblem.DISK_FULL, path, str(original))
    if primary == _SQLITE_READONLY or "readonly" in text:
        return _make_error(StorageProblem.READ_ONLY, path, str(original))
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in text:
        return _make_error(StorageProblem.LOCKED, path, str(original))
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return _make_error(StorageProblem.CORRUPT, path, str(original))
    if primary in (_SQLITE_CANTOPEN, _SQLITE_IOERR) or "unable to open" in text:
        return _make_error(StorageProblem.UNAVAILABLE, path, str(original))
    return None


_MESSAGES: dict[StorageProblem, tuple[str, str]] = {
    StorageProblem.DISK_FULL: (
        "磁盘空间已满，无法保存。请清理磁盘空间后重试，已保存的记录不受影响。",
        "The disk is full, so nothing could be saved. Free some disk space and try again; "
        "records already saved are safe.",
    ),
    StorageProblem.READ_ONLY: (
        "数据库文件为只读，无法保存。请检查数据目录的写入权限或是否位于只读介质上。",
        "The database file is read-only, so nothing could be saved. Check write permission on the data "
        "folder, or whether it is on read-only media.",
    ),
    StorageProblem.LOCKED: (
        "数据库正被另一个程序使用。请关闭其他工作站窗口后重试。",
        "The database is in use by another program. Close other workstation windows and try again.",
    ),
    StorageProblem.CORRUPT: (
        "数据库文件已损坏，工作站未做任何修改。请联系技术支持，并从备份目录恢复最近的备份。",
        "The database file is damaged; the workstation changed nothing. Contact support and restore the "
        "latest copy from the backups folder.",
    ),
    StorageProblem.TOO_NEW: (
        "该数据库由更新版本的工作站创建，当前版本无法打开。请升级工作站软件。",
        "This database was written by a newer version of the workstation and cannot be opened by this one. "
        "Please update the workstation.",
    ),
    StorageProblem.UNAVAILABLE: (
        "无法打开数据库文件。请检查数据目录是否存在、可访问。",
        "The database file cannot be opened. Check that the data folder exists and is accessible.",
    ),
}


def _make_error(problem: StorageProblem, path: Path | str, detail: str = "") -> StorageError:
    zh, en = _MESSAGES[problem]
    where_zh = f"（{path}）" if path else ""
    where_en = f" ({path})" if path else ""
    error = StorageError(problem, zh + where_zh, en + where_en, str(path))
    if detail:
        error.add_note(detail)
    return error


@dataclass(frozen=True, slots=True)
class OpenReport:
    """What happened while opening: the revision found, the one reached, and the backup made (if any)."""

    path: Path
    created: bool
    revision_before: str | None
    revision_after: str
    backup_path: Path | None


class Database:
    """The local store: one SQLite file, its engine and a session factory.

    Sessions are short-lived and per thread (STYLE.md): call ``session()`` or ``run()`` from the thread that
    uses the result; never hand a session or ORM object to another thread.
    """

    def __init__(self, path: Path, engine: Engine, report: OpenReport) -> None:
        self.path = path
        self.engine = engine
        self.report = report
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on error.

        Environmental failures (disk full, locked...) come out as ``StorageError``.
        """
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException as exc:
            session.rollback()
            translated = storage_error_from(exc, self.path)
            if translated is not None and translated is not exc:
                raise translated from exc
            raise
        finally:
            session.close()

    def run(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one transaction and return its result."""
        with self.session() as session:
            return work(session)

    def close(self) -> None:
        """Release every connection (checkpoints the WAL)."""
        self.engine.dispose()


def _configure_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA cache_size = {CACHE_SIZE_PRAGMA}")
    finally:
        cursor.close()


def _configure_migration_connection(dbapi_connection: Any, record: Any) -> None:
    _configure_connection(dbapi_connection, record)
    # SQLite applies ON DELETE actions when a batch migration drops a rebuilt parent table; schema changes
    # therefore run with foreign keys off (https://sqlite.org/lang_altertable.html#otheralter).
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = OFF")
    finally:
        cursor.close()
    # The sqlite3 module runs DDL outside any transaction; take over BEGIN so a failed migration rolls
    # back completely instead of leaving half-created tables behind.
    dbapi_connection.isolation_level = None


def _begin_transaction(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def create_sqlite_engine(path: Path, *, for_migration: bool = False) -> Engine:
    """An engine on ``path`` whose connections all use our pragmas.

    ``for_migration`` gives an engine whose transactions include DDL (all or nothing) and whose connections
    have foreign keys off, for Alembic only.
    """
    # URL.create keeps "?", "#" and "%" in directory names as they are; a URL string would cut them off.
    engine = create_engine(URL.create("sqlite", database=str(path)), future=True)
    if for_migration:
        event.listen(engine, "connect", _configure_migration_connection)
        event.listen(engine, "begin", _begin_transaction)
    else:
        event.listen(engine, "connect", _configure_connection)
    return engine


def _readonly_uri(path: Path) -> str:
    """A read-only SQLite URI for ``path`` (percent-encoded, so any directory name works)."""
    return f"{Path(path).resolve().as_uri()}?mode=ro"


def alembic_config(engine: Engine | None = None) -> Config:
    """Alembic configuration pointing at our migrations (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest migration this version of the workstation knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every migration revision this version knows."""
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def quick_check(path: Path) -> None:
    """Raise ``StorageError(CORRUPT)`` unless ``PRAGMA quick_check`` says ok. Reads only."""
    try:
        connection = sqlite3.connect(_readonly_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise storage_error_from(exc, path) or _make_error(StorageProblem.UNAVAILABLE, path, str(exc)) from exc
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as exc:
        error = storage_error_from(exc, path) or _make_error(StorageProblem.CORRUPT, path, str(exc))
        raise error from exc
    finally:
        connection.close()
    if rows != [("ok",)]:
        problems = "; ".join(str(row[0]) for row in rows[:5])
        raise _make_error(StorageProblem.CORRUPT, path, problems)


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision stamped in the database, or ``None`` for an empty one."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def backup_database(path: Path, destination_dir: Path, label: str) -> Path:
    """Copy ``path`` into ``destination_dir`` with SQLite's online backup API; return the copy's path."""
    destination_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = destination_dir / f"{path.stem}-{stamp}-{label}.db"
    counter = 1
    while target.exists():
        target = destination_dir / f"{path.stem}-{stamp}-{label}-{counter}.db"
        counter += 1
    source = sqlite3.connect(_readonly_uri(path), uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    logger.info("backed up %s to %s", path, target)
    return target


def open_database(path: Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the local store at ``path``, checked and migrated to our newest revision."""
    path = Path(path)
    created = not path.exists() or path.stat().st_size == 0
    if path.is_dir():
        raise _make_error(StorageProblem.UNAVAILABLE, path, "is a directory")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _make_error(StorageProblem.UNAVAILABLE, path, str(exc)) from exc
    if not created:
        quick_check(path)

    engine = create_sqlite_engine(path)
    try:
        before = current_revision(engine)
        head = head_revision()
        if before is not None and before not in known_revisions():
            raise _make_error(StorageProblem.TOO_NEW, path, f"database revision {before}, ours {head}")
        backup: Path | None = None
        if before != head:
            if not migrate:
                raise _make_error(StorageProblem.TOO_NEW, path, f"database revision {before}, ours {head}")
            if not created and before is not None:
                backup = backup_database(path, path.parent / BACKUP_DIRNAME, f"before-{head}")
            logger.info("migrating %s from %s to %s", path, before, head)
            migration_engine = create_sqlite_engine(path, for_migration=True)
            try:
                command.upgrade(alembic_config(migration_engine), "head")
            finally:
                migration_engine.dispose()
    except StorageError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        translated = storage_error_from(exc, path)
        if translated is None:
            raise
        raise translated from exc
    report = OpenReport(path, created, before, head, backup)
    return Database(path, engine, report)
