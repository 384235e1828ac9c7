"""Opening the local store: pragmas, integrity check, revisions, backups, and environmental failures.

Every test works on a real SQLite file in a temporary directory. Migrations other than ours are added by copying
the migrations folder into the temporary directory and pointing ``MIGRATIONS_DIR`` at the copy.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from inspector_app.domain.errors import StorageError, StorageProblem
from inspector_app.storage import database as database_module
from inspector_app.storage.database import (
    BACKUP_DIRNAME,
    Database,
    backup_database,
    current_revision,
    head_revision,
    open_database,
    quick_check,
    storage_error_from,
)
from inspector_app.storage.models import (
    Base,
    CatalogueCategory,
    CatalogueEdition,
    ProductKind,
    RiskAlert,
    Setting,
    TradeItem,
    task_product_kinds,
)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "inspector.db"


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    db = open_database(db_path)
    yield db
    db.close()


def _add_settings(db: Database, count: int, prefix: str = "key") -> None:
    with db.session() as session:
        session.add_all(Setting(key=f"{prefix}-{i}", value=f"value {i} 值") for i in range(count))


def _settings(path: Path) -> dict[str, str]:
    connection = sqlite3.connect(path)
    try:
        return dict(connection.execute("SELECT key, value FROM settings").fetchall())
    finally:
        connection.close()


def _tables(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        connection.close()


def _stamp(path: Path, revision: str) -> None:
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    finally:
        connection.close()


def _make_closed_database(path: Path, settings: int = 0) -> None:
    db = open_database(path)
    try:
        if settings:
            _add_settings(db, settings)
    finally:
        db.close()


# --- creation and pragmas --------------------------------------------------------------------------------


def test_new_file_is_created_at_head(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        assert db_path.is_file()
        assert db.report.created is True
        assert db.report.revision_before is None
        assert db.report.revision_after == head_revision()
        assert db.report.backup_path is None
        assert current_revision(db.engine) == head_revision()
        assert not (db_path.parent / BACKUP_DIRNAME).exists()
    finally:
        db.close()


def test_session_connections_use_wal_foreign_keys_and_full_sync(database: Database) -> None:
    with database.session() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert session.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL
        assert session.execute(text("PRAGMA busy_timeout")).scalar_one() == database_module.BUSY_TIMEOUT_MS


def test_foreign_keys_are_enforced_and_a_violation_stays_a_bug(database: Database) -> None:
    # A constraint violation is a programming error: it must not be disguised as an environmental StorageError.
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(
            ProductKind(category_id=9999, code="X", name="x", sample_quantity=1, backup_quantity=1, quantity_unit="件")
        )
        session.flush()


def test_reopening_at_head_keeps_data_and_makes_no_backup(db_path: Path) -> None:
    _make_closed_database(db_path, settings=3)
    db = open_database(db_path)
    try:
        assert db.report.created is False
        assert db.report.revision_before == head_revision()
        assert db.report.backup_path is None
        assert db.run(lambda s: s.scalar(select(func.count()).select_from(Setting))) == 3
    finally:
        db.close()
    assert not (db_path.parent / BACKUP_DIRNAME).exists()


def test_an_empty_file_counts_as_new(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"")
    db = open_database(db_path)
    try:
        assert db.report.created is True
        assert db.report.revision_after == head_revision()
    finally:
        db.close()


@pytest.mark.parametrize("dirname", ["数据 #1?x", "a%41b", "with space"])
def test_directory_names_with_uri_characters_are_used_as_they_are(tmp_path: Path, dirname: str) -> None:
    path = tmp_path / dirname / "inspector.db"
    _make_closed_database(path, settings=2)
    db = open_database(path)  # quick_check and the engine must both open this very file
    try:
        assert db.report.created is False
        assert db.run(lambda s: s.scalar(select(func.count()).select_from(Setting))) == 2
    finally:
        db.close()
    assert _settings(path) == {"key-0": "value 0 值", "key-1": "value 1 值"}
    # Nothing was created beside the intended directory (a cut-off URL would have made a stray file there).
    assert sorted(p.name for p in tmp_path.iterdir()) == [dirname]


def test_run_commits_and_returns_the_result(database: Database) -> None:
    def work(session: Session) -> str:
        session.add(Setting(key="lang", value="zh"))
        return "done"

    assert database.run(work) == "done"
    assert _settings(database.path) == {"lang": "zh"}


def test_session_rolls_back_on_error_and_reraises_bugs_unchanged(database: Database) -> None:
    with pytest.raises(ValueError, match="boom"), database.session() as session:
        session.add(Setting(key="lang", value="zh"))
        session.flush()
        raise ValueError("boom")
    assert _settings(database.path) == {}


# --- the data directory itself is unusable ----------------------------------------------------------------


def test_a_directory_in_place_of_the_file_is_unavailable(db_path: Path) -> None:
    db_path.mkdir(parents=True)
    with pytest.raises(StorageError) as info:
        open_database(db_path)
    assert info.value.problem is StorageProblem.UNAVAILABLE
    assert str(db_path) in info.value.message_zh
    assert str(db_path) in info.value.message_en


def test_a_file_in_place_of_the_data_directory_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a directory")
    with pytest.raises(StorageError) as info:
        open_database(blocker / "inspector.db")
    assert info.value.problem is StorageProblem.UNAVAILABLE
    assert blocker.read_text() == "not a directory"


# --- corruption: reported, never repaired or replaced ---------------------------------------------------


def _assert_refused_untouched(path: Path, problem: StorageProblem) -> None:
    before = path.read_bytes()
    with pytest.raises(StorageError) as info:
        open_database(path)
    assert info.value.problem is problem
    assert info.value.path == str(path)
    assert path.read_bytes() == before
    assert not (path.parent / BACKUP_DIRNAME).exists()


def test_garbage_over_table_pages_is_corrupt_and_left_byte_identical(db_path: Path) -> None:
    _make_closed_database(db_path, settings=400)
    data = bytearray(db_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    assert len(data) >= 8 * page_size
    # Overwrite the last pages (the settings rows written last) with a repeating pattern.
    start = len(data) - 3 * page_size
    data[start:] = (b"\xde\xad\xbe\xef" * (3 * page_size // 4))[: len(data) - start]
    db_path.write_bytes(bytes(data))
    with pytest.raises(StorageError) as info:
        quick_check(db_path)
    assert info.value.problem is StorageProblem.CORRUPT
    _assert_refused_untouched(db_path, StorageProblem.CORRUPT)


def test_garbage_over_the_header_is_corrupt_and_left_byte_identical(db_path: Path) -> None:
    _make_closed_database(db_path, settings=5)
    data = bytearray(db_path.read_bytes())
    data[0:100] = b"\x00garbage!" * 11 + b"\x00"
    db_path.write_bytes(bytes(data))
    _assert_refused_untouched(db_path, StorageProblem.CORRUPT)


def test_a_file_that_is_not_a_database_is_corrupt_and_left_byte_identical(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes("这不是数据库 this is a text file, not SQLite\n".encode() * 200)
    _assert_refused_untouched(db_path, StorageProblem.CORRUPT)


def test_quick_check_passes_a_healthy_file_and_changes_nothing(db_path: Path) -> None:
    _make_closed_database(db_path, settings=10)
    before = db_path.read_bytes()
    quick_check(db_path)
    assert db_path.read_bytes() == before


# --- revisions ---------------------------------------------------------------------------------------------


def test_a_database_from_a_newer_workstation_is_refused_untouched(db_path: Path) -> None:
    _make_closed_database(db_path, settings=2)
    _stamp(db_path, "9999_from_the_future")
    _assert_refused_untouched(db_path, StorageProblem.TOO_NEW)
    assert _settings(db_path) == {"key-0": "value 0 值", "key-1": "value 1 值"}


def test_without_migrate_an_older_database_is_refused_untouched(
    db_path: Path, extra_migration: Callable[[str], None]
) -> None:
    _make_closed_database(db_path, settings=1)
    extra_migration("op.add_column('settings', sa.Column('note', sa.Text(), nullable=True))")
    before = db_path.read_bytes()
    with pytest.raises(StorageError):
        open_database(db_path, migrate=False)
    assert db_path.read_bytes() == before
    assert not (db_path.parent / BACKUP_DIRNAME).exists()


@pytest.fixture
def extra_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Install a copy of our migrations plus a revision 0002 whose ``upgrade()`` body is given."""

    def install(upgrade_body: str) -> None:
        head = head_revision()
        target = tmp_path / "migrations"
        shutil.copytree(database_module.MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
        script = f'''
            """test-only revision after {head}"""

            import sqlalchemy as sa
            from alembic import op

            revision = "test_next"
            down_revision = "{head}"
            branch_labels = None
            depends_on = None


            def upgrade() -> None:
                {upgrade_body}


            def downgrade() -> None:
                pass
            '''
        (target / "versions" / "test_next_revision.py").write_text(textwrap.dedent(script), encoding="utf-8")
        monkeypatch.setattr(database_module, "MIGRATIONS_DIR", target)

    return install


def test_an_older_database_is_backed_up_before_migration(db_path: Path, extra_migration: Callable[[str], None]) -> None:
    _make_closed_database(db_path, settings=4)
    old_head = head_revision()
    expected = _settings(db_path)
    extra_migration("op.create_table('extra', sa.Column('id', sa.Integer(), primary_key=True))")
    assert head_revision() == "test_next"

    db = open_database(db_path)
    try:
        assert db.report.revision_before == old_head
        assert db.report.revision_after == "test_next"
        backup = db.report.backup_path
        assert backup is not None
        assert backup.parent == db_path.parent / BACKUP_DIRNAME
        assert current_revision(db.engine) == "test_next"
    finally:
        db.close()
    assert "extra" in _tables(db_path)
    assert _settings(db_path) == expected

    # The backup is a complete, healthy copy of the database as it was before the migration.
    quick_check(backup)
    assert _settings(backup) == expected
    assert "extra" not in _tables(backup)
    connection = sqlite3.connect(backup)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(old_head,)]
    finally:
        connection.close()

    # Once migrated, opening again makes no further backup.
    db = open_database(db_path)
    try:
        assert db.report.backup_path is None
    finally:
        db.close()
    assert list((db_path.parent / BACKUP_DIRNAME).iterdir()) == [backup]


def test_a_failing_migration_leaves_the_database_as_it_was(
    db_path: Path, extra_migration: Callable[[str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    _make_closed_database(db_path, settings=2)
    old_head = head_revision()
    extra_migration(
        "op.create_table('extra', sa.Column('id', sa.Integer(), primary_key=True))\n"
        "                op.execute(\"INSERT INTO settings (key, value) VALUES ('from-migration', 'x')\")\n"
        "                raise RuntimeError('migration bug')"
    )
    with pytest.raises(RuntimeError, match="migration bug"):
        open_database(db_path)
    # All or nothing: neither the new table nor the row survives, and the revision is unchanged.
    assert "extra" not in _tables(db_path)
    assert "from-migration" not in _settings(db_path)
    assert len(list((db_path.parent / BACKUP_DIRNAME).iterdir())) == 1

    monkeypatch.undo()
    db = open_database(db_path)
    try:
        assert db.report.revision_before == old_head
    finally:
        db.close()


def test_a_batch_migration_of_a_parent_table_keeps_the_rows_that_reference_it(
    db_path: Path, extra_migration: Callable[[str], None]
) -> None:
    # Rebuilding product_kinds drops the old table; with foreign keys on, SQLite would run ON DELETE CASCADE /
    # SET NULL on alerts, tasks and trade items while doing so.
    db = open_database(db_path)
    try:
        with db.session() as session:
            edition = CatalogueEdition(code="e", name="e", imported_at=dt.datetime(2026, 1, 1))
            category = CatalogueCategory(edition=edition, code="c", name="c", domain="food")
            kind = ProductKind(
                category=category, code="k", name="k", sample_quantity=1, backup_quantity=1, quantity_unit="袋"
            )
            session.add(kind)
            session.flush()
            session.add(TradeItem(gtin="06901234567892", name="t", product_kind_id=kind.id))
            session.add(
                RiskAlert(
                    code="A1",
                    title="a",
                    action="watch",
                    match_type="product_kind",
                    product_kind_id=kind.id,
                    valid_from=dt.date(2026, 1, 1),
                )
            )
            session.execute(
                text(
                    "INSERT INTO tasks (id, code, title, plan, task_category, organiser, quota, status, hq_seq) "
                    "VALUES (1, 'T1', 't', '', 'supervision', '', 0, 'open', 0)"
                )
            )
            session.execute(task_product_kinds.insert().values(task_id=1, product_kind_id=kind.id))
            kind_id = kind.id
    finally:
        db.close()

    extra_migration(
        "with op.batch_alter_table('product_kinds', recreate='always') as batch_op:\n"
        "                    batch_op.add_column(sa.Column('note', sa.Text(), nullable=True))"
    )
    db = open_database(db_path)
    try:
        with db.session() as session:
            assert session.scalar(select(TradeItem.product_kind_id)) == kind_id
            assert session.scalar(select(RiskAlert.product_kind_id)) == kind_id
            assert session.execute(select(task_product_kinds.c.product_kind_id)).scalars().all() == [kind_id]
            assert session.execute(text("PRAGMA foreign_key_check")).fetchall() == []
            # Runtime sessions still enforce foreign keys after migrating.
            assert session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    finally:
        db.close()


def test_migrations_match_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_backup_database_copies_everything_and_never_overwrites(database: Database, tmp_path: Path) -> None:
    _add_settings(database, 3)
    first = backup_database(database.path, tmp_path / "copies", "manual")
    second = backup_database(database.path, tmp_path / "copies", "manual")
    assert first != second
    assert _settings(first) == _settings(second) == _settings(database.path)


# --- environmental failures inside a session --------------------------------------------------------------


def test_disk_full_comes_out_of_the_session_as_disk_full(database: Database) -> None:
    _add_settings(database, 2, prefix="kept")
    with pytest.raises(StorageError) as info, database.session() as session:
        pages = session.execute(text("PRAGMA page_count")).scalar_one()
        session.execute(text(f"PRAGMA max_page_count = {pages + 2}"))
        for i in range(10_000):
            session.add(Setting(key=f"filler-{i}", value="x" * 2000))
            session.flush()
    assert info.value.problem is StorageProblem.DISK_FULL
    assert isinstance(info.value.__cause__, Exception)
    # The failed transaction was rolled back; what was saved before is intact.
    assert _settings(database.path) == {"kept-0": "value 0 值", "kept-1": "value 1 值"}


def test_a_read_only_connection_comes_out_as_read_only(database: Database) -> None:
    with pytest.raises(StorageError) as info, database.session() as session:
        session.execute(text("PRAGMA query_only = ON"))
        session.add(Setting(key="lang", value="zh"))
        session.flush()
    assert info.value.problem is StorageProblem.READ_ONLY
    assert "只读" in info.value.message_zh
    assert "read-only" in info.value.message_en


def test_a_file_opened_read_only_maps_to_read_only(database: Database) -> None:
    connection = sqlite3.connect(f"{database.path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.Error) as info:
            connection.execute("INSERT INTO settings (key, value) VALUES ('a', 'b')")
    finally:
        connection.close()
    error = storage_error_from(info.value, database.path)
    assert error is not None
    assert error.problem is StorageProblem.READ_ONLY


def test_a_database_held_by_another_writer_comes_out_as_locked(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 50)
    db = open_database(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        with pytest.raises(StorageError) as info, db.session() as session:
            assert session.execute(text("PRAGMA busy_timeout")).scalar_one() == 50
            session.add(Setting(key="lang", value="zh"))
            session.flush()
        assert info.value.problem is StorageProblem.LOCKED
        assert time.monotonic() - started < 3
        other.execute("ROLLBACK")
        # Once the other writer is gone the same database works again.
        _add_settings(db, 1)
        assert _settings(db_path) == {"key-0": "value 0 值"}
    finally:
        other.close()
        db.close()


def test_storage_error_from_tells_environment_from_bugs(tmp_path: Path) -> None:
    assert storage_error_from(ValueError("bug")) is None
    assert storage_error_from(sqlite3.IntegrityError("UNIQUE constraint failed: settings.key")) is None
    unavailable = storage_error_from(PermissionError(13, "Permission denied"), tmp_path)
    assert unavailable is not None
    assert unavailable.problem is StorageProblem.UNAVAILABLE
    original = StorageError(StorageProblem.LOCKED, "锁定", "locked")
    assert storage_error_from(original) is original
    full = storage_error_from(sqlite3.OperationalError("database or disk is full"))
    assert full is not None
    assert full.problem is StorageProblem.DISK_FULL
    malformed = storage_error_from(sqlite3.DatabaseError("database disk image is malformed"))
    assert malformed is not None
    assert malformed.problem is StorageProblem.CORRUPT
