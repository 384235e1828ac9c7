"""Small SQL helpers shared by the HQ stores: the dialect's ``INSERT … ON CONFLICT``, UTC now, chunking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from inspector_app.hq.storage.database import HqDatabase

T = TypeVar("T")

#: Rows per IN (...) list or multi-row statement: well below SQLite's 32766 bound parameters.
CHUNK = 500


def dialect_insert(database: HqDatabase, table: Any) -> Any:
    """``INSERT`` with ``on_conflict_do_nothing`` / ``on_conflict_do_update`` for the database's dialect."""
    if database.is_postgresql:
        return postgresql.insert(table)
    return sqlite.insert(table)


def orm(connection: Connection) -> Session:
    """An ORM session on ``connection``, inside its transaction (for queries that want mapped objects)."""
    return Session(bind=connection, join_transaction_mode="conditional_savepoint")


def utc_now() -> dt.datetime:
    """Now, as naive UTC (how the HQ store keeps instants)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def quote(name: str) -> str:
    """An SQL identifier in double quotes (column names such as ``offset``, ``type`` or ``year`` are keywords)."""
    return '"' + name.replace('"', '""') + '"'


def driver_value(database: HqDatabase, value: Any) -> Any:
    """``value`` as the driver takes it in a raw statement: on SQLite dates and instants become the text
    SQLAlchemy itself stores there; PostgreSQL's driver takes them as they are."""
    if database.is_postgresql:
        return value
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def insert_many(
    connection: Connection,
    database: HqDatabase,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    conflict_key: str | None = None,
    update_columns: Sequence[str] = (),
) -> None:
    """``INSERT`` many rows without per-row SQLAlchemy processing: bulk loads of a million rows spend their time
    in the database, not in Python. With ``conflict_key``, an existing row with that key gets ``update_columns``
    from the new one (``ON CONFLICT … DO UPDATE``). Values must already be in driver form (:func:`driver_value`).

    SQLite gets the driver's ``executemany``. On PostgreSQL, psycopg's ``executemany`` and long multi-row
    ``VALUES`` lists both spend their time per row in Python, so rows go in with ``COPY`` (into a temporary table
    first when existing rows are to be updated, then one ``INSERT … SELECT … ON CONFLICT``).
    """
    if not rows:
        return
    column_list = ", ".join(quote(name) for name in columns)
    tail = ""
    if conflict_key is not None:
        updates = ", ".join(f"{quote(name)} = excluded.{quote(name)}" for name in update_columns)
        tail = f" ON CONFLICT ({quote(conflict_key)}) DO UPDATE SET {updates}"
    if not database.is_postgresql:
        marks = ", ".join("?" for _ in columns)
        connection.exec_driver_sql(
            f"INSERT INTO {quote(table.name)} ({column_list}) VALUES ({marks}){tail}", [tuple(row) for row in rows]
        )
        return
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        target = table.name
        if conflict_key is not None:
            target = f"_load_{table.name}"
            cursor.execute(
                f"CREATE TEMPORARY TABLE {quote(target)} ON COMMIT DROP AS "
                f"SELECT {column_list} FROM {quote(table.name)} WITH NO DATA"
            )
        with cursor.copy(f"COPY {quote(target)} ({column_list}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        if conflict_key is not None:
            cursor.execute(
                f"INSERT INTO {quote(table.name)} ({column_list}) SELECT {column_list} FROM {quote(target)}{tail}"
            )
            cursor.execute(f"DROP TABLE {quote(target)}")


def insert_new_returning(
    connection: Connection,
    database: HqDatabase,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    conflict_columns: Sequence[str],
    returning: str,
) -> list[Any]:
    """``INSERT … ON CONFLICT (conflict_columns) DO NOTHING RETURNING returning`` for many rows: the values of
    ``returning`` of the rows this statement inserted (the others already existed).

    On PostgreSQL the rows go in by ``COPY`` into a temporary table and one ``INSERT … SELECT`` (psycopg parses a
    multi-row ``VALUES`` statement in Python, which costs more than the insert itself); on SQLite SQLAlchemy's
    multi-row insert is fast already.
    """
    if not rows:
        return []
    if not database.is_postgresql:
        statement = (
            sqlite.insert(table)
            .on_conflict_do_nothing(index_elements=list(conflict_columns))
            .returning(table.c[returning])
        )
        return list(connection.execute(statement, list(rows)).scalars())
    columns = list(rows[0])
    column_list = ", ".join(quote(name) for name in columns)
    staging = f"_new_{table.name}"
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {quote(staging)} ON COMMIT DROP AS "
            f"SELECT {column_list} FROM {quote(table.name)} WITH NO DATA"
        )
        with cursor.copy(f"COPY {quote(staging)} ({column_list}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] for name in columns])
        cursor.execute(
            f"INSERT INTO {quote(table.name)} ({column_list}) SELECT {column_list} FROM {quote(staging)} "
            f"ON CONFLICT ({', '.join(quote(name) for name in conflict_columns)}) DO NOTHING "
            f"RETURNING {quote(returning)}"
        )
        inserted = [row[0] for row in cursor.fetchall()]
        cursor.execute(f"DROP TABLE {quote(staging)}")
    return inserted
