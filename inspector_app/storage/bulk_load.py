"""Fast bulk inserts: many rows in one transaction, handed to the driver's ``executemany`` in chunks.

The ORM would spend most of its time building objects and flushing them one by one; here rows are plain tuples
whose order matches the column names given, and each chunk goes to SQLite as one ``executemany`` of a prepared
``INSERT``. The whole load is one transaction: it lands completely or not at all, so an interrupted load leaves
the store as it was. Indexes and constraints stay in place (foreign keys included): nothing is dropped and
rebuilt, so the store is never in a state other code could not read.

While loading, the connection trades durability of the last moments for speed (``synchronous = NORMAL``, safe in
WAL mode: a crash can lose the load, never corrupt the file) and uses a larger page cache; both are put back
before the connection returns to the pool.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Date, DateTime, Engine, Table

from inspector_app.domain.demo import DemoBlock
from inspector_app.storage.database import storage_error_from
from inspector_app.storage.models import Base

logger = logging.getLogger(__name__)

DEFAULT_CHUNK_ROWS = 10_000
# Page cache while loading, in KiB (negative = KiB for SQLite): index pages of a million rows stay in memory.
_LOAD_CACHE_KIB = 256 * 1024
_DEFAULT_CACHE_PAGES = -2000


class BulkLoader:
    """Inserts rows into tables through one connection inside one transaction (see ``bulk_loading``)."""

    def __init__(self, connection: Connection, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> None:
        if chunk_rows < 1:
            raise ValueError("chunk_rows must be positive")
        self._connection = connection
        self.chunk_rows = chunk_rows
        self._statements: dict[tuple[str, tuple[str, ...]], tuple[str, tuple[int, ...]]] = {}
        self.rows_written: dict[str, int] = {}

    def insert(self, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Insert ``rows`` (each a sequence in ``columns`` order) into ``table``; return how many were written.

        ``date`` and ``datetime`` values are written in SQLAlchemy's own text form, so the ORM reads them back.
        """
        sql, date_positions = self._statement(table, tuple(columns))
        written = 0
        iterator = iter(rows)
        while chunk := list(islice(iterator, self.chunk_rows)):
            if date_positions:
                chunk = [_with_text_dates(row, date_positions) for row in chunk]
            self._connection.exec_driver_sql(sql, chunk)
            written += len(chunk)
        self.rows_written[table.name] = self.rows_written.get(table.name, 0) + written
        return written

    def _statement(self, table: Table, columns: tuple[str, ...]) -> tuple[str, tuple[int, ...]]:
        key = (table.name, columns)
        found = self._statements.get(key)
        if found is None:
            unknown = [name for name in columns if name not in table.c]
            if unknown:
                raise ValueError(f"{table.name} has no column(s) {', '.join(unknown)}")
            names = ", ".join(f'"{name}"' for name in columns)
            marks = ", ".join("?" for _ in columns)
            date_positions = tuple(
                position for position, name in enumerate(columns) if isinstance(table.c[name].type, Date | DateTime)
            )
            found = (f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', date_positions)
            self._statements[key] = found
        return found


@contextlib.contextmanager
def bulk_loading(engine: Engine, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[BulkLoader]:
    """A ``BulkLoader`` inside one transaction: committed when the block ends, rolled back on any error.

    Environmental failures (disk full, locked, read-only) come out as ``StorageError``.
    """
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA synchronous = NORMAL")
            connection.exec_driver_sql(f"PRAGMA cache_size = {-_LOAD_CACHE_KIB}")
            connection.commit()
            try:
                with connection.begin():
                    yield BulkLoader(connection, chunk_rows)
            finally:
                # Back to what every other connection of the pool uses (database.py), and the write-ahead log,
                # which grew to the size of the load, copied into the database and cut back to nothing.
                connection.exec_driver_sql("PRAGMA synchronous = FULL")
                connection.exec_driver_sql(f"PRAGMA cache_size = {_DEFAULT_CACHE_PAGES}")
                connection.commit()
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                connection.commit()
    except Exception as exc:
        url_path = engine.url.database or ""
        translated = storage_error_from(exc, url_path)
        if translated is not None and translated is not exc:
            raise translated from exc
        raise


def _with_text_dates(row: Sequence[Any], positions: tuple[int, ...]) -> tuple[Any, ...]:
    values = list(row)
    for position in positions:
        value = values[position]
        if isinstance(value, dt.datetime):
            values[position] = value.isoformat(sep=" ")
        elif isinstance(value, dt.date):
            values[position] = value.isoformat()
    return tuple(values)


# --- demo data --------------------------------------------------------------------------------------------

# Block attributes and their tables, in the order a block is written: every row refers only to rows before it.
_DEMO_TABLES: tuple[tuple[str, Table], ...] = tuple(
    (attribute, Base.metadata.tables[attribute])
    for attribute in (
        "enterprises",
        "licences",
        "blacklist_entries",
        "trade_items",
        "risk_alerts",
        "inspectors",
        "tasks",
        "task_product_kinds",
        "task_inspectors",
    )
)
DEMO_TABLE_NAMES = tuple(table.name for _, table in _DEMO_TABLES)


def insert_demo_blocks(loader: BulkLoader, blocks: Iterable[DemoBlock]) -> Iterator[DemoBlock]:
    """Write each block's rows, table by table, and yield the block once it is written (for progress)."""
    pending: dict[str, list[Any]] = {attribute: [] for attribute, _ in _DEMO_TABLES}
    pending_rows = 0
    threshold = loader.chunk_rows
    written_blocks: list[DemoBlock] = []
    for block in blocks:
        for attribute, _ in _DEMO_TABLES:
            rows = getattr(block, attribute)
            pending[attribute].extend(rows)
            pending_rows += len(rows)
        written_blocks.append(block)
        if pending_rows >= threshold:
            _flush(loader, pending)
            pending_rows = 0
            yield from written_blocks
            written_blocks.clear()
    _flush(loader, pending)
    yield from written_blocks


def _flush(loader: BulkLoader, pending: dict[str, list[Any]]) -> None:
    for attribute, table in _DEMO_TABLES:
        rows = pending[attribute]
        if rows:
            loader.insert(table, rows[0]._fields, rows)
            rows.clear()
