"""Reference data at HQ: the typed tables, the change log, change pages and digests.

Every write goes through :meth:`ReferenceStore.write`, in one transaction holding the reference-writer lock (see
``hq/storage/database.py`` for why). For each row it compares the new wire form with the stored one: an unchanged
row writes nothing (importing the same file twice changes nothing), a new or changed row gets a change-log entry
whose ``seq`` the database assigns, and the typed row is upserted with that ``seq``. The log keeps only the latest
change of a row: its earlier entry is removed in the same transaction, so a fresh device pulls each live row once,
and a device part-way through still sees every row's newest state (plus the deletions) after its cursor.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, delete, exists, func, select

from inspector_app.hq.sql import chunks, driver_value, insert_many, utc_now
from inspector_app.hq.storage.database import HqDatabase
from inspector_app.hq.storage.models import (
    HqBase,
    HqBlacklistEntry,
    HqCatalogueEdition,
    HqEnterprise,
    HqHolidayDay,
    HqHolidayYear,
    HqInspector,
    HqLicence,
    HqRiskAlert,
    HqRule,
    HqTask,
    HqTradeItem,
    ReferenceChangeRow,
)
from inspector_app.sync.protocol import (
    REFERENCE_ROW_MODELS,
    REFERENCE_TABLE_ORDER,
    CatalogueEditionRow,
    ReferenceDigest,
    ReferenceOp,
    ReferenceTable,
    TableDigest,
    TaskRow,
    reference_digest,
    reference_key,
)

logger = logging.getLogger(__name__)

# Rows per INSERT … RETURNING of the change log.
_LOG_CHUNK = 1000
_LOG_COLUMNS = ("table_name", "ref_key", "op", "row_json", "changed_at")
_LOG_TABLE = HqBase.metadata.tables["reference_changes"]


# Tables whose key needs the row in its wire form (dates as text, nested documents); the others read attributes.
_NESTED_KEY = {table: table in (ReferenceTable.CATALOGUE_EDITIONS,) for table in ReferenceTable}


def _plain_columns(row: BaseModel) -> dict[str, Any]:
    return row.model_dump(mode="python")


def _task_columns(row: BaseModel) -> dict[str, Any]:
    assert isinstance(row, TaskRow)
    columns = row.model_dump(mode="python")
    columns["product_kind_codes"] = json.dumps(row.product_kind_codes, ensure_ascii=False)
    columns["inspector_badges"] = json.dumps(row.inspector_badges, ensure_ascii=False)
    return columns


def _catalogue_columns(row: BaseModel) -> dict[str, Any]:
    assert isinstance(row, CatalogueEditionRow)
    return {"code": str(row.edition.get("code", "")), "name": str(row.edition.get("name", ""))}


@dataclass(frozen=True, slots=True)
class _TableSpec:
    model: Any
    columns: Callable[[BaseModel], dict[str, Any]] = _plain_columns


_TABLES: dict[ReferenceTable, _TableSpec] = {
    ReferenceTable.CATALOGUE_EDITIONS: _TableSpec(HqCatalogueEdition, _catalogue_columns),
    ReferenceTable.ENTERPRISES: _TableSpec(HqEnterprise),
    ReferenceTable.LICENCES: _TableSpec(HqLicence),
    ReferenceTable.BLACKLIST_ENTRIES: _TableSpec(HqBlacklistEntry),
    ReferenceTable.TRADE_ITEMS: _TableSpec(HqTradeItem),
    ReferenceTable.RISK_ALERTS: _TableSpec(HqRiskAlert),
    ReferenceTable.INSPECTORS: _TableSpec(HqInspector),
    ReferenceTable.TASKS: _TableSpec(HqTask, _task_columns),
    ReferenceTable.RULES: _TableSpec(HqRule),
    ReferenceTable.HOLIDAY_DAYS: _TableSpec(HqHolidayDay),
    ReferenceTable.HOLIDAY_YEARS: _TableSpec(HqHolidayYear),
}


def table_model(table: ReferenceTable) -> Any:
    """The HQ model class holding ``table``'s rows."""
    return _TABLES[table].model


@dataclass(frozen=True, slots=True)
class TableWrite:
    """Rows to upsert into one table (validated wire models) and natural keys to delete from it."""

    table: ReferenceTable
    upserts: Sequence[BaseModel] = ()
    deletes: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class TableWriteReport:
    """What a write did to one table."""

    table: ReferenceTable
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def changes(self) -> int:
        """Change-log entries written."""
        return self.inserted + self.updated + self.deleted


@dataclass(frozen=True, slots=True)
class ReferenceWriteReport:
    """What one write transaction did, per table, and the ``seq`` range it used (``None`` when nothing changed)."""

    tables: tuple[TableWriteReport, ...] = ()
    first_seq: int | None = None
    last_seq: int | None = None

    @property
    def changes(self) -> int:
        """Change-log entries written, all tables together."""
        return sum(report.changes for report in self.tables)

    @property
    def unchanged(self) -> int:
        """Rows that were already exactly so."""
        return sum(report.unchanged for report in self.tables)


_PLAIN_TEXT = re.compile(r"[0-9A-Za-z|._:-]*")


def _json_text(text: str) -> str:
    """``text`` as a JSON string; keys are nearly always plain codes, which need no escaping."""
    if _PLAIN_TEXT.fullmatch(text):
        return f'"{text}"'
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class ChangePage:
    """A page of the change log as stored (row JSON kept as text) with the paging facts."""

    rows: Sequence[tuple[int, str, str, str, str | None]] = ()
    next_cursor: int = 0
    has_more: bool = False
    high_water: int = 0

    def to_json(self) -> bytes:
        """The page as a ``ReferenceChangePage`` JSON body, built without re-parsing the stored rows."""
        parts = [
            '{"seq":%d,"table":"%s","key":%s,"op":"%s","row":%s}'  # noqa: UP031 - fastest for a million rows
            % (seq, table, _json_text(key), op, row or "null")
            for seq, table, key, op, row in self.rows
        ]
        return (
            '{"changes":['
            + ",".join(parts)
            + f'],"next_cursor":{self.next_cursor},"has_more":{"true" if self.has_more else "false"},'
            + f'"high_water":{self.high_water}}}'
        ).encode()


class ReferenceStore:
    """Reads and writes HQ's reference data and its change log."""

    def __init__(self, database: HqDatabase) -> None:
        self._database = database

    # --- writing -----------------------------------------------------------------------------------------

    def write(self, writes: Sequence[TableWrite]) -> ReferenceWriteReport:
        """Apply ``writes`` in their order, in one transaction; unchanged rows write nothing.

        A key may not be both upserted and deleted in one ``TableWrite`` (``ValueError``).
        """
        now = utc_now()
        reports: list[TableWriteReport] = []
        seqs: list[int] = []
        with self._database.write(reference=True) as connection:
            for write in writes:
                report, table_seqs = self._write_table(connection, write, now)
                reports.append(report)
                seqs.extend(table_seqs)
        result = ReferenceWriteReport(tuple(reports), min(seqs, default=None), max(seqs, default=None))
        if result.changes:
            logger.info("reference data: %d change(s), seq %s..%s", result.changes, result.first_seq, result.last_seq)
        return result

    def _write_table(self, connection: Connection, write: TableWrite, now: Any) -> tuple[TableWriteReport, list[int]]:
        table = ReferenceTable(write.table)
        spec = _TABLES[table]
        model = spec.model
        incoming: dict[str, tuple[str, BaseModel]] = {}
        for row in write.upserts:
            # pydantic writes fields in declaration order: the same row always gives the same text.
            text = row.model_dump_json()
            incoming[reference_key(table, row.model_dump(mode="json") if _NESTED_KEY[table] else row.__dict__)] = (
                text,
                row,
            )
        delete_keys = list(dict.fromkeys(write.deletes))
        both = set(delete_keys) & set(incoming)
        if both:
            raise ValueError(f"{table}: keys both upserted and deleted: {sorted(both)[:5]}")
        existing: dict[str, str] = {}
        if connection.execute(select(exists().select_from(model))).scalar():
            for part in chunks(list(incoming) + delete_keys):
                found = connection.execute(select(model.ref_key, model.row_json).where(model.ref_key.in_(part)))
                existing.update((key, text) for key, text in found)
        changed = [key for key, (text, _row) in incoming.items() if existing.get(key) != text]
        updated = [key for key in changed if key in existing]
        present_deletes = [key for key in delete_keys if key in existing]
        for part in chunks(updated + present_deletes):
            connection.execute(
                delete(ReferenceChangeRow).where(
                    ReferenceChangeRow.table_name == table.value, ReferenceChangeRow.ref_key.in_(part)
                )
            )
        # Only this transaction inserts into the log while it holds the reference lock, so the rows after the
        # high-water mark read here are exactly the ones inserted below.
        before = self._high_water(connection)
        stamp = driver_value(self._database, now)
        log_rows = [(table.value, key, ReferenceOp.UPSERT.value, incoming[key][0], stamp) for key in changed] + [
            (table.value, key, ReferenceOp.DELETE.value, None, stamp) for key in present_deletes
        ]
        for log_part in chunks(log_rows, _LOG_CHUNK):
            insert_many(connection, self._database, _LOG_TABLE, _LOG_COLUMNS, list(log_part))
        seq_of: dict[str, int] = {}
        if log_rows:
            found_seqs = connection.execute(
                select(ReferenceChangeRow.ref_key, ReferenceChangeRow.seq).where(
                    ReferenceChangeRow.seq > before, ReferenceChangeRow.table_name == table.value
                )
            )
            seq_of.update((key, seq) for key, seq in found_seqs)
        if changed:
            value_columns = [*spec.columns(incoming[changed[0]][1]).keys(), "seq", "row_json"]
            columns = ["ref_key", *value_columns]
            for part in chunks(changed, _LOG_CHUNK):
                values = []
                for key in part:
                    text, row = incoming[key]
                    cells = spec.columns(row)
                    values.append(
                        (
                            key,
                            *(driver_value(self._database, cells[name]) for name in value_columns[:-2]),
                            seq_of[key],
                            text,
                        )
                    )
                insert_many(
                    connection,
                    self._database,
                    model.__table__,
                    columns,
                    values,
                    conflict_key="ref_key",
                    update_columns=value_columns,
                )
        for part in chunks(present_deletes):
            connection.execute(delete(model).where(model.ref_key.in_(part)))
        report = TableWriteReport(
            table,
            inserted=len(changed) - len(updated),
            updated=len(updated),
            unchanged=len(incoming) - len(changed),
            deleted=len(present_deletes),
        )
        return report, list(seq_of.values())

    # --- reading -----------------------------------------------------------------------------------------

    def changes(self, since: int, limit: int) -> ChangePage:
        """The changes with ``seq > since``, at most ``limit`` of them, in ``seq`` order."""
        log = ReferenceChangeRow
        with self._database.snapshot() as connection:
            rows = connection.execute(
                select(log.seq, log.table_name, log.ref_key, log.op, log.row_json)
                .where(log.seq > since)
                .order_by(log.seq)
                .limit(limit + 1)
            ).all()
            high_water = self._high_water(connection)
        has_more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = rows[-1][0] if rows else since
        return ChangePage(rows, next_cursor, has_more, max(high_water, next_cursor))

    def iter_changes(self, since: int = 0, page_size: int = 5000) -> Iterator[tuple[int, str, str, str, str | None]]:
        """Every change after ``since`` in ``seq`` order, read page by page."""
        cursor = since
        while True:
            page = self.changes(cursor, page_size)
            yield from page.rows
            if not page.has_more:
                return
            cursor = page.next_cursor

    def high_water(self) -> int:
        """The highest ``seq`` of the change log (0 when empty)."""
        with self._database.read() as connection:
            return self._high_water(connection)

    @staticmethod
    def _high_water(connection: Connection) -> int:
        return int(connection.execute(select(func.coalesce(func.max(ReferenceChangeRow.seq), 0))).scalar_one())

    def digest(self) -> ReferenceDigest:
        """Every table's live row count and (key, seq) digest, from one snapshot."""
        tables: dict[str, TableDigest] = {}
        with self._database.snapshot() as connection:
            high_water = self._high_water(connection)
            for table in REFERENCE_TABLE_ORDER:
                model = _TABLES[table].model
                pairs = list(connection.execute(select(model.ref_key, model.seq)))
                tables[table.value] = TableDigest(rows=len(pairs), hash=reference_digest(pairs))
        return ReferenceDigest(high_water=high_water, tables=tables)

    def get(self, table: ReferenceTable, key: str) -> dict[str, Any] | None:
        """The wire form of one live row, or ``None``."""
        model = _TABLES[table].model
        with self._database.read() as connection:
            text = connection.execute(select(model.row_json).where(model.ref_key == key)).scalar_one_or_none()
        if text is None:
            return None
        value = json.loads(text)
        return value if isinstance(value, dict) else None

    def row_model(self, table: ReferenceTable, key: str) -> BaseModel | None:
        """One live row as its validated wire model, or ``None``."""
        wire = self.get(table, key)
        return None if wire is None else REFERENCE_ROW_MODELS[table].model_validate(wire)

    def existing_keys(self, table: ReferenceTable, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` are live rows of ``table``."""
        model = _TABLES[table].model
        wanted = list(dict.fromkeys(keys))
        found: set[str] = set()
        with self._database.read() as connection:
            for part in chunks(wanted):
                found.update(connection.execute(select(model.ref_key).where(model.ref_key.in_(part))).scalars())
        return found

    def count(self, table: ReferenceTable) -> int:
        """Live rows of ``table``."""
        model = _TABLES[table].model
        with self._database.read() as connection:
            return int(connection.execute(select(func.count()).select_from(model)).scalar_one())

    def product_kind_codes(self) -> set[str]:
        """The product kind codes of every installed catalogue edition."""
        codes: set[str] = set()
        with self._database.read() as connection:
            for text in connection.execute(select(HqCatalogueEdition.row_json)).scalars():
                document = json.loads(text)
                for category in document.get("categories", []):
                    for kind in category.get("product_kinds", []):
                        codes.add(str(kind.get("code")))
        return codes
