"""Applying HQ's reference changes to the workstation's tables, one page per transaction with its cursor.

HQ is the authority on reference data (DESIGN.md §4): the device never merges, it replaces. Each change names its
row by natural key (USCC, GTIN, alert code, licence type+number, catalogue edition code, badge number, task code,
rule code, date, year — :func:`~inspector_app.sync.protocol.reference_key`); an upsert replaces the whole row (or
inserts it) and stamps it with the change's ``seq`` in ``hq_seq``, a delete removes it. Rows point at each other by
local ids, so names on the wire (``enterprise_uscc``, ``product_kind_code``, badge numbers) are resolved here; a
product kind code resolves to the kind of the newest installed catalogue edition that has it.

A page and the new cursor (``settings['sync.reference_cursor']``) are written in ONE transaction: after a crash
the device has either the page and its cursor or neither, and asks for the same page again. Only changes after the
stored cursor are applied, so a page (or a USB bundle) applied twice changes nothing the second time; a page that
starts after the stored cursor would leave a hole and is refused.

Local field records are never touched. Deleting a row that recorded scans or sealed records still point at (an
enterprise, an inspector) would have to change those records, which the database forbids; such a row is kept for
them and becomes local (``hq_seq = 0``, inspectors inactive), with what depends on it at HQ (licences, blacklist
entries, alerts) removed, so that HQ's digest and the device's agree.

High-volume tables (trade items, enterprises, licences) are written with one prepared statement per run of
changes (``executemany``), so a fresh device takes a million trade items in well under a minute.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Annotated, Any, Literal, Protocol, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, create_model
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from inspector_app.domain.catalogue import parse_catalogue_json
from inspector_app.domain.errors import ImportFileError, SyncError
from inspector_app.storage.catalogue_repository import CatalogueRepository
from inspector_app.storage.database import Database, storage_error_from
from inspector_app.sync.protocol import (
    REFERENCE_ROW_MODELS,
    BlacklistEntryRow,
    CatalogueEditionRow,
    EnterpriseRow,
    HolidayDayRow,
    HolidayYearRow,
    InspectorRow,
    LicenceRow,
    ReferenceChangePage,
    ReferenceDigest,
    ReferenceOp,
    ReferenceTable,
    RiskAlertRow,
    RuleRow,
    TableDigest,
    TaskRow,
    reference_digest,
)

logger = logging.getLogger(__name__)

CURSOR_SETTING_KEY = "sync.reference_cursor"
_IN_CHUNK = 500
# Page cache while applying a page, in KiB.
_APPLY_CACHE_KIB = 128 * 1024


def _list_adapter(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]  # a list of the table's row model


_LIST_ADAPTERS = {table: _list_adapter(model) for table, model in REFERENCE_ROW_MODELS.items()}


@dataclass(frozen=True, slots=True)
class SkippedChange:
    """A change that could not be applied as sent (bad row, a row it names is unknown here), with the reason."""

    seq: int
    table: str
    key: str
    reason_zh: str
    reason_en: str


@dataclass(frozen=True, slots=True)
class AppliedPage:
    """What one page did: the cursor before and after, rows upserted and deleted per table, what was skipped,
    and how many changes were already applied before (seq at or below the stored cursor)."""

    cursor_before: int
    cursor_after: int
    upserted: Mapping[str, int]
    deleted: Mapping[str, int]
    skipped: tuple[SkippedChange, ...]
    already_applied: int

    @property
    def applied(self) -> int:
        """How many changes took effect."""
        return sum(self.upserted.values()) + sum(self.deleted.values())


@dataclass(frozen=True, slots=True)
class TableMismatch:
    """A table whose rows differ from HQ's: counts on each side (the hashes differ too, or only they)."""

    table: str
    local_rows: int
    hq_rows: int


@dataclass(frozen=True, slots=True)
class DigestCheck:
    """The device's copy compared with HQ's digest. ``comparable`` is false when the device's cursor is not at
    HQ's ``high_water`` (changes arrived in between): then nothing can be concluded."""

    cursor: int
    high_water: int
    comparable: bool
    mismatches: tuple[TableMismatch, ...]

    @property
    def ok(self) -> bool:
        """Whether the device's copy is known to equal HQ's."""
        return self.comparable and not self.mismatches


class Change(Protocol):
    """What the writer needs of a change: a protocol ``ReferenceChange`` (row as a dict) or a
    :class:`TypedChange` (row already validated)."""

    @property
    def seq(self) -> int: ...

    @property
    def table(self) -> ReferenceTable: ...

    @property
    def key(self) -> str: ...

    @property
    def op(self) -> ReferenceOp: ...

    @property
    def row(self) -> Any: ...


@dataclass(frozen=True, slots=True)
class TypedChange:
    """A reference change whose row was validated into its table's row model while the page was parsed."""

    seq: int
    table: ReferenceTable
    key: str
    op: ReferenceOp
    row: BaseModel | None


@dataclass(frozen=True, slots=True)
class TypedReferencePage:
    """A page of reference changes with typed rows (see :func:`parse_reference_page`)."""

    changes: list[Change]
    next_cursor: int
    has_more: bool
    high_water: int


class _WireChange(BaseModel):
    model_config = ConfigDict(extra="ignore")

    seq: int
    key: str
    op: ReferenceOp


def _wire_change(table: ReferenceTable, row_model: type[BaseModel]) -> type[BaseModel]:
    fields: dict[str, Any] = {
        "table": (Literal[table.value], ...),  # one literal per table
        "row": (row_model | None, None),
    }
    return create_model(f"{row_model.__name__}Change", __base__=_WireChange, **fields)


_WIRE_CHANGES = {table: _wire_change(table, model) for table, model in REFERENCE_ROW_MODELS.items()}


class _WirePage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    next_cursor: int
    has_more: bool
    high_water: int


class _TypedWirePage(_WirePage):
    changes: list[Annotated[Union[tuple(_WIRE_CHANGES.values())], Field(discriminator="table")]]  # type: ignore[valid-type]  # noqa: UP007


#: A page whose changes all belong to one table, validated without the union's dispatch per change.
_SINGLE_TABLE_PAGES: dict[ReferenceTable, type[_WirePage]] = {
    table: create_model(f"{table.value.title()}Page", __base__=_WirePage, changes=(list[change], ...))  # type: ignore[valid-type]
    for table, change in _WIRE_CHANGES.items()
}
_TABLE_FIELD = b'"table":"'


def parse_reference_page(body: bytes) -> TypedReferencePage:
    """Parse a ``GET /v1/reference/changes`` body, validating every row into its table's model in the same pass.

    One pass of pydantic-core over the JSON instead of a dict per row validated again later: a page of ten
    thousand trade items costs about half. A fresh device pulls the tables one after another, so nearly every page
    holds one table's changes: the page is first validated as a page of the first change's table (a third faster
    than the union of all tables), and only a page that mixes tables goes through the union. When some row does
    not validate, the page is parsed as plain ``ReferenceChangePage`` instead and the bad rows are skipped (and
    explained) one by one when applied; a body that is not a page at all raises ``ValidationError``.
    """
    table = _first_table(body)
    if table is not None:
        try:
            single = _SINGLE_TABLE_PAGES[table].model_validate_json(body)
        except ValidationError:
            pass
        else:
            changes: list[Change] = [
                TypedChange(change.seq, table, change.key, change.op, change.row)
                for change in single.changes  # type: ignore[attr-defined]
            ]
            return TypedReferencePage(changes, single.next_cursor, single.has_more, single.high_water)
    try:
        typed = _TypedWirePage.model_validate_json(body)
    except ValidationError:
        page = ReferenceChangePage.model_validate_json(body)
        return TypedReferencePage(list(page.changes), page.next_cursor, page.has_more, page.high_water)
    changes = [
        TypedChange(change.seq, ReferenceTable(change.table), change.key, change.op, change.row)
        for change in typed.changes
    ]
    return TypedReferencePage(changes, typed.next_cursor, typed.has_more, typed.high_water)


def _first_table(body: bytes) -> ReferenceTable | None:
    """The table named by the first ``"table":"…"`` of a compact JSON body, when it is one; only a guess (the
    page model checks every change's table)."""
    start = body.find(_TABLE_FIELD)
    if start < 0:
        return None
    start += len(_TABLE_FIELD)
    end = body.find(b'"', start, start + 64)
    try:
        return ReferenceTable(body[start:end].decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None


def read_cursor(session: Session) -> int:
    """The stored reference cursor (0 when none or unreadable)."""
    value = (
        session.connection().exec_driver_sql("SELECT value FROM settings WHERE key = ?", (CURSOR_SETTING_KEY,)).scalar()
    )
    try:
        return max(0, int(value)) if value is not None else 0
    except (TypeError, ValueError):
        logger.warning("ignoring an unreadable reference cursor %r", value)
        return 0


def _write_cursor(connection: Connection, cursor: int) -> None:
    connection.exec_driver_sql(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (CURSOR_SETTING_KEY, str(cursor)),
    )


class ReferenceApplier:
    """Applies reference changes to one workstation store; every page is its own transaction."""

    def __init__(self, database: Database, now: Callable[[], dt.datetime] | None = None) -> None:
        self._database = database
        self._now = now or (lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None))

    def cursor(self) -> int:
        """The seq of the last change applied (0 on a fresh device)."""
        return self._database.run(read_cursor)

    def reset_cursor(self, cursor: int = 0) -> None:
        """Set the cursor (0 = ask HQ for everything again at the next sync; rows are replaced, not lost)."""
        self._database.run(lambda session: _write_cursor(session.connection(), max(0, cursor)))
        logger.info("reference cursor reset to %d", cursor)

    def apply_page(self, page: ReferenceChangePage | TypedReferencePage, since: int) -> AppliedPage:
        """Apply a page fetched with ``since`` and store its ``next_cursor``, atomically."""
        return self.apply_changes(page.changes, since=since, next_cursor=page.next_cursor)

    def apply_changes(self, changes: Sequence[Change], *, since: int, next_cursor: int) -> AppliedPage:
        """Apply ``changes`` (those after ``since``, ending at ``next_cursor``) in one transaction with the cursor.

        Changes at or below the stored cursor are skipped as already applied. Raises ``SyncError``
        (``reference_gap``) when ``since`` is beyond the stored cursor: changes in between would be missing.
        """

        def work(session: Session) -> AppliedPage:
            current = read_cursor(session)
            if since > current:
                raise SyncError(
                    "reference_gap",
                    f"参考数据不连续：本机只更新到第 {current} 号变更，而这批数据从第 {since} 号之后开始。"
                    f"请先同步，或向总部索取从第 {current} 号开始的参考数据包。",
                    f"The reference data has a gap: this workstation is up to change {current}, but these changes "
                    f"start after {since}. Sync first, or ask HQ for a reference bundle since {current}.",
                )
            fresh = [change for change in changes if change.seq > current]
            writer = _PageWriter(session, self._now())
            writer.apply(fresh)
            cursor_after = max(current, next_cursor)
            _write_cursor(session.connection(), cursor_after)
            return AppliedPage(
                cursor_before=current,
                cursor_after=cursor_after,
                upserted=dict(writer.upserted),
                deleted=dict(writer.deleted),
                skipped=tuple(writer.skipped),
                already_applied=len(changes) - len(fresh),
            )

        result = self._in_page_transaction(work)
        if result.skipped:
            logger.warning("reference page %d..%d: %d change(s) skipped", since, next_cursor, len(result.skipped))
        logger.debug("reference page applied: cursor %d -> %d", result.cursor_before, result.cursor_after)
        return result

    def _in_page_transaction(self, work: Callable[[Session], AppliedPage]) -> AppliedPage:
        """Run ``work`` in one transaction committed with ``synchronous = NORMAL`` and a large page cache.

        A page and its cursor are one transaction either way; in WAL mode NORMAL keeps that atomic and the file
        sound, and may only lose the last pages on a power cut, which the device then simply fetches again. It
        spares a disk flush per page (a hundred of them for a million trade items). The cache keeps the indexes of
        a million-row table in memory while rows land all over them. Every other write keeps FULL and the default
        cache, which are put back before the connection returns to the pool.
        """
        try:
            with self._database.engine.connect() as connection:
                default_cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
                connection.exec_driver_sql("PRAGMA synchronous = NORMAL")
                connection.exec_driver_sql(f"PRAGMA cache_size = {-_APPLY_CACHE_KIB}")
                connection.commit()
                try:
                    with connection.begin(), Session(bind=connection, expire_on_commit=False) as session:
                        result = work(session)
                        session.flush()  # the ORM writes of a catalogue edition go out before the commit
                        return result
                finally:
                    connection.exec_driver_sql("PRAGMA synchronous = FULL")
                    connection.exec_driver_sql(f"PRAGMA cache_size = {int(default_cache or -2000)}")
                    connection.commit()
        except Exception as exc:
            translated = storage_error_from(exc, self._database.path)
            if translated is not None and translated is not exc:
                raise translated from exc
            raise

    def local_digest(self) -> dict[str, TableDigest]:
        """Per reference table: rows that came from HQ (``hq_seq > 0``) and the digest over (key, seq)."""
        return self.cursor_and_digest()[1]

    def cursor_and_digest(self) -> tuple[int, dict[str, TableDigest]]:
        """The cursor and the digest of the rows as of that cursor, read in one transaction."""

        def work(session: Session) -> tuple[int, dict[str, TableDigest]]:
            connection = session.connection()
            digests: dict[str, TableDigest] = {}
            for table, sql in _DIGEST_QUERIES.items():
                # Sorted by SQLite (BINARY collation = UTF-8 byte order = code point order, as the digest wants)
                # and hashed as one text: a million trade items take about a second.
                pairs = connection.exec_driver_sql(sql + " ORDER BY 1").all()
                text = "".join(f"{key}\t{seq}\n" for key, seq in pairs)
                digests[table.value] = TableDigest(rows=len(pairs), hash=hashlib.sha256(text.encode()).hexdigest())
            return read_cursor(session), digests

        return self._database.run(work)

    def check_digest(
        self, remote: ReferenceDigest, local: tuple[int, dict[str, TableDigest]] | None = None
    ) -> DigestCheck:
        """Compare the device's copy with HQ's digest (meaningful only when the cursor is at HQ's high water).

        ``local`` is a ``(cursor, digests)`` pair from :meth:`cursor_and_digest` computed beforehand (while HQ was
        computing its own); without it the device's digest is computed now.
        """
        cursor, digests = local if local is not None else (self.cursor(), None)
        if cursor != remote.high_water:
            return DigestCheck(cursor, remote.high_water, False, ())
        local_digests = digests if digests is not None else self.local_digest()
        mismatches: list[TableMismatch] = []
        empty = TableDigest(rows=0, hash=reference_digest([]))
        for table in sorted(set(local_digests) | set(remote.tables)):
            mine = local_digests.get(table, empty)
            theirs = remote.tables.get(table, empty)
            if mine.rows != theirs.rows or mine.hash != theirs.hash:
                mismatches.append(TableMismatch(table, mine.rows, theirs.rows))
        if mismatches:
            logger.warning("reference digest differs from HQ's in %s", ", ".join(m.table for m in mismatches))
        return DigestCheck(cursor, remote.high_water, True, tuple(mismatches))


_DIGEST_QUERIES: dict[ReferenceTable, str] = {
    ReferenceTable.CATALOGUE_EDITIONS: "SELECT code, hq_seq FROM catalogue_editions WHERE hq_seq > 0",
    ReferenceTable.ENTERPRISES: "SELECT uscc, hq_seq FROM enterprises WHERE hq_seq > 0",
    ReferenceTable.LICENCES: "SELECT type || '|' || number, hq_seq FROM licences WHERE hq_seq > 0",
    ReferenceTable.BLACKLIST_ENTRIES: (
        "SELECT e.uscc || '|' || b.list_type || '|' || b.since, b.hq_seq FROM blacklist_entries b "
        "JOIN enterprises e ON e.id = b.enterprise_id WHERE b.hq_seq > 0"
    ),
    ReferenceTable.TRADE_ITEMS: "SELECT gtin, hq_seq FROM trade_items WHERE hq_seq > 0",
    ReferenceTable.RISK_ALERTS: "SELECT code, hq_seq FROM risk_alerts WHERE hq_seq > 0",
    ReferenceTable.INSPECTORS: "SELECT badge_number, hq_seq FROM inspectors WHERE hq_seq > 0",
    ReferenceTable.TASKS: "SELECT code, hq_seq FROM tasks WHERE hq_seq > 0",
    ReferenceTable.RULES: "SELECT code, hq_seq FROM rules WHERE hq_seq > 0",
    ReferenceTable.HOLIDAY_DAYS: "SELECT day, hq_seq FROM holiday_days WHERE hq_seq > 0",
    ReferenceTable.HOLIDAY_YEARS: "SELECT CAST(year AS TEXT), hq_seq FROM holiday_years WHERE hq_seq > 0",
}


def _upsert_sql(table: str, columns: Sequence[str], conflict: Sequence[str]) -> str:
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{name} = excluded.{name}" for name in columns if name not in conflict)
    return f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT({', '.join(conflict)}) DO UPDATE SET {updates}"


_ENTERPRISE_COLUMNS = (
    "uscc",
    "name",
    "address",
    "region_code",
    "size",
    "legal_representative",
    "phone",
    "credit_class",
    "hq_seq",
)
_LICENCE_COLUMNS = (
    "type",
    "number",
    "enterprise_id",
    "scope",
    "product_kind_id",
    "valid_from",
    "valid_to",
    "status",
    "hq_seq",
)
_TRADE_ITEM_COLUMNS = ("gtin", "name", "brand", "specification", "product_kind_id", "enterprise_id", "hq_seq")
_ALERT_COLUMNS = (
    "code",
    "title",
    "level",
    "action",
    "match_type",
    "gtin",
    "batch",
    "enterprise_id",
    "product_kind_id",
    "region_code",
    "reason",
    "issued_by",
    "valid_from",
    "valid_until",
    "status",
    "hq_seq",
)
_INSPECTOR_COLUMNS = ("badge_number", "name", "unit", "role", "region_code", "public_key", "active", "hq_seq")
_TASK_COLUMNS = (
    "code",
    "title",
    "plan",
    "task_category",
    "organiser",
    "region_code",
    "quota",
    "starts_on",
    "deadline",
    "status",
    "hq_seq",
)
_RULE_COLUMNS = ("code", "name", "applies_to", "amount", "day_type", "legal_source", "confidence", "note", "hq_seq")

_UPSERT = {
    ReferenceTable.ENTERPRISES: _upsert_sql("enterprises", _ENTERPRISE_COLUMNS, ("uscc",)),
    ReferenceTable.LICENCES: _upsert_sql("licences", _LICENCE_COLUMNS, ("type", "number")),
    ReferenceTable.TRADE_ITEMS: _upsert_sql("trade_items", _TRADE_ITEM_COLUMNS, ("gtin",)),
    ReferenceTable.RISK_ALERTS: _upsert_sql("risk_alerts", _ALERT_COLUMNS, ("code",)),
    ReferenceTable.INSPECTORS: _upsert_sql("inspectors", _INSPECTOR_COLUMNS, ("badge_number",)),
    ReferenceTable.TASKS: _upsert_sql("tasks", _TASK_COLUMNS, ("code",)),
    ReferenceTable.RULES: _upsert_sql("rules", _RULE_COLUMNS, ("code",)),
    ReferenceTable.HOLIDAY_DAYS: _upsert_sql("holiday_days", ("day", "kind", "name", "hq_seq"), ("day",)),
    ReferenceTable.HOLIDAY_YEARS: _upsert_sql("holiday_years", ("year", "source", "hq_seq"), ("year",)),
}


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


class _PageWriter:
    """Writes one page's changes through the session's connection, in seq order, run by run."""

    def __init__(self, session: Session, now: dt.datetime) -> None:
        self._session = session
        self._connection = session.connection()
        self._now = now
        self._kinds: dict[str, int] | None = None
        self.upserted: Counter[str] = Counter()
        self.deleted: Counter[str] = Counter()
        self.skipped: list[SkippedChange] = []

    def apply(self, changes: Sequence[Change]) -> None:
        for (table, op), run in groupby(changes, key=lambda change: (change.table, change.op)):
            batch = list(run)
            if op is ReferenceOp.UPSERT:
                self._upsert(table, batch)
            else:
                self._delete(table, batch)

    # ------------------------------------------------------------------------------------------- helpers
    def _skip(self, change: Change, reason_zh: str, reason_en: str) -> None:
        self.skipped.append(SkippedChange(change.seq, change.table.value, change.key, reason_zh, reason_en))

    def _rows(self, table: ReferenceTable, batch: Sequence[Change]) -> list[tuple[Change, Any]]:
        """The changes of ``batch`` with their rows validated; bad ones are skipped and explained.

        The whole run is validated in one call (much faster for a page of ten thousand trade items); only when
        that fails is each row validated alone, to find and skip the bad ones.
        """
        model: type[BaseModel] = REFERENCE_ROW_MODELS[table]
        changes: list[Change] = []
        typed: list[tuple[Change, Any]] = []
        for change in batch:
            if change.row is None:
                self._skip(change, "更新缺少数据行", "an upsert without a row")
            elif isinstance(change.row, model):
                typed.append((change, change.row))
            else:
                changes.append(change)
        if not changes:
            return typed
        if typed:
            # A run mixing parsed and raw rows does not occur (a page is one or the other); keep seq order anyway.
            return sorted([*typed, *self._rows(table, changes)], key=lambda pair: pair[0].seq)
        try:
            rows = _LIST_ADAPTERS[table].validate_python([change.row for change in changes])
        except ValidationError:
            pass
        else:
            return list(zip(changes, rows, strict=True))
        good: list[tuple[Change, Any]] = []
        for change in changes:
            try:
                good.append((change, model.model_validate(change.row)))
            except ValidationError as exc:
                self._skip(change, f"数据行无效：{_first_error(exc)}", f"invalid row: {_first_error(exc)}")
        return good

    def _ids(self, table: str, column: str, values: Iterable[str]) -> dict[str, int]:
        wanted = sorted({value for value in values if value})
        found: dict[str, int] = {}
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start : start + _IN_CHUNK]
            marks = ", ".join("?" for _ in chunk)
            for key, row_id in self._connection.exec_driver_sql(
                f"SELECT {column}, id FROM {table} WHERE {column} IN ({marks})", tuple(chunk)
            ):
                found[str(key)] = int(row_id)
        return found

    def _kind_ids(self) -> dict[str, int]:
        if self._kinds is None:
            # The newest edition wins when several installed editions have a kind with the same code.
            rows = self._connection.exec_driver_sql(
                "SELECT k.code, k.id FROM product_kinds k "
                "JOIN catalogue_categories c ON c.id = k.category_id "
                "JOIN catalogue_editions e ON e.id = c.edition_id "
                "ORDER BY e.issued_on IS NULL DESC, e.issued_on, e.imported_at, k.id"
            ).all()
            self._kinds = {str(code): int(kind_id) for code, kind_id in rows}
        return self._kinds

    def _kind(self, code: str | None) -> int | None:
        return None if not code else self._kind_ids().get(code)

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self._connection.exec_driver_sql(sql, rows)

    # -------------------------------------------------------------------------------------------- upserts
    def _upsert(self, table: ReferenceTable, batch: Sequence[Change]) -> None:
        if table is ReferenceTable.CATALOGUE_EDITIONS:
            self._upsert_editions(batch)
            return
        if table is ReferenceTable.BLACKLIST_ENTRIES:
            self._upsert_blacklist(batch)
            return
        if table is ReferenceTable.TASKS:
            self._upsert_tasks(batch)
            return
        rows = self._rows(table, batch)
        if table is ReferenceTable.TRADE_ITEMS:
            self._upsert_trade_items(rows)
            return
        builder = _ROW_BUILDERS[table]
        values: list[tuple[Any, ...]] = []
        usccs: dict[str, int] = {}
        if table in (ReferenceTable.LICENCES, ReferenceTable.TRADE_ITEMS, ReferenceTable.RISK_ALERTS):
            usccs = self._ids("enterprises", "uscc", (getattr(row, "enterprise_uscc", None) or "" for _, row in rows))
        for change, row in rows:
            built = builder(self, change, row, usccs)
            if built is not None:
                values.append(built)
        self._executemany(_UPSERT[table], values)
        self.upserted[table.value] += len(values)

    def _upsert_trade_items(self, rows: list[tuple[Change, Any]]) -> None:
        # The hot path of a fresh device (a million items): one comprehension, no call per row.
        usccs = self._ids("enterprises", "uscc", (row.enterprise_uscc or "" for _, row in rows))
        kinds = self._kind_ids()
        values = [
            (
                row.gtin,
                row.name,
                row.brand,
                row.specification,
                kinds.get(row.product_kind_code) if row.product_kind_code else None,
                usccs.get(row.enterprise_uscc) if row.enterprise_uscc else None,
                change.seq,
            )
            for change, row in rows
        ]
        self._executemany(_UPSERT[ReferenceTable.TRADE_ITEMS], values)
        self.upserted[ReferenceTable.TRADE_ITEMS.value] += len(values)

    def _licence(self, change: Change, row: LicenceRow, usccs: Mapping[str, int]) -> tuple[Any, ...] | None:
        enterprise_id = usccs.get(row.enterprise_uscc)
        if enterprise_id is None:
            self._skip(
                change,
                f"许可证所属企业 {row.enterprise_uscc} 在本机不存在",
                f"the licence's enterprise {row.enterprise_uscc} is not on this workstation",
            )
            return None
        return (
            row.type,
            row.number,
            enterprise_id,
            row.scope,
            self._kind(row.product_kind_code),
            _date(row.valid_from),
            _date(row.valid_to),
            row.status,
            change.seq,
        )

    def _enterprise(self, change: Change, row: EnterpriseRow, _usccs: Mapping[str, int]) -> tuple[Any, ...]:
        return (
            row.uscc,
            row.name,
            row.address,
            row.region_code,
            row.size,
            row.legal_representative,
            row.phone,
            row.credit_class,
            change.seq,
        )

    def _alert(self, change: Change, row: RiskAlertRow, usccs: Mapping[str, int]) -> tuple[Any, ...] | None:
        enterprise_id = usccs.get(row.enterprise_uscc) if row.enterprise_uscc else None
        kind_id = self._kind(row.product_kind_code)
        if row.match_type == "enterprise" and enterprise_id is None:
            self._skip(
                change,
                f"预警针对的企业 {row.enterprise_uscc} 在本机不存在",
                f"the alert's enterprise {row.enterprise_uscc} is not on this workstation",
            )
            return None
        if row.match_type == "product_kind" and kind_id is None:
            self._skip(
                change,
                f"预警针对的产品种类 {row.product_kind_code} 不在本机的产品目录中",
                f"the alert's product kind {row.product_kind_code} is not in this workstation's catalogue",
            )
            return None
        return (
            row.code,
            row.title,
            row.level,
            row.action,
            row.match_type,
            row.gtin,
            row.batch,
            enterprise_id,
            kind_id,
            row.region_code,
            row.reason,
            row.issued_by,
            _date(row.valid_from),
            _date(row.valid_until),
            row.status,
            change.seq,
        )

    def _inspector(self, change: Change, row: InspectorRow, _usccs: Mapping[str, int]) -> tuple[Any, ...]:
        return (
            row.badge_number,
            row.name,
            row.unit,
            row.role,
            row.region_code,
            row.public_key,
            1 if row.active else 0,
            change.seq,
        )

    def _rule(self, change: Change, row: RuleRow, _usccs: Mapping[str, int]) -> tuple[Any, ...]:
        return (
            row.code,
            row.name,
            row.applies_to,
            row.amount,
            row.day_type,
            row.legal_source,
            row.confidence,
            row.note,
            change.seq,
        )

    def _holiday_day(self, change: Change, row: HolidayDayRow, _usccs: Mapping[str, int]) -> tuple[Any, ...]:
        return (row.day.isoformat(), row.kind, row.name, change.seq)

    def _holiday_year(self, change: Change, row: HolidayYearRow, _usccs: Mapping[str, int]) -> tuple[Any, ...]:
        return (row.year, row.source, change.seq)

    def _upsert_editions(self, batch: Sequence[Change]) -> None:
        for change, row in self._rows(ReferenceTable.CATALOGUE_EDITIONS, batch):
            assert isinstance(row, CatalogueEditionRow)
            try:
                spec = parse_catalogue_json(json.dumps(row.model_dump(mode="json"), ensure_ascii=False))
            except ImportFileError as exc:
                first = exc.errors[0].reason if exc.errors else ""
                self._skip(change, f"产品目录无效：{first}", f"invalid catalogue: {first}")
                continue
            CatalogueRepository(self._session).write(spec, imported_at=self._now)
            self._session.flush()
            self._connection.exec_driver_sql(
                "UPDATE catalogue_editions SET hq_seq = ? WHERE code = ?", (change.seq, spec.edition.code)
            )
            self._kinds = None
            self.upserted[ReferenceTable.CATALOGUE_EDITIONS.value] += 1

    def _upsert_blacklist(self, batch: Sequence[Change]) -> None:
        rows = list(self._rows(ReferenceTable.BLACKLIST_ENTRIES, batch))
        usccs = self._ids("enterprises", "uscc", (row.enterprise_uscc for _, row in rows))
        for change, row in rows:
            assert isinstance(row, BlacklistEntryRow)
            enterprise_id = usccs.get(row.enterprise_uscc)
            if enterprise_id is None:
                self._skip(
                    change,
                    f"名单所列企业 {row.enterprise_uscc} 在本机不存在",
                    f"the listed enterprise {row.enterprise_uscc} is not on this workstation",
                )
                continue
            since = row.since.isoformat()
            existing = self._connection.exec_driver_sql(
                "SELECT id FROM blacklist_entries WHERE enterprise_id = ? AND list_type = ? AND since = ? "
                "ORDER BY id LIMIT 1",
                (enterprise_id, row.list_type, since),
            ).scalar()
            values = (row.reason, row.authority, _date(row.until), change.seq)
            if existing is None:
                self._connection.exec_driver_sql(
                    "INSERT INTO blacklist_entries (enterprise_id, list_type, since, reason, authority, until, hq_seq) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (enterprise_id, row.list_type, since, *values),
                )
            else:
                self._connection.exec_driver_sql(
                    "UPDATE blacklist_entries SET reason = ?, authority = ?, until = ?, hq_seq = ? WHERE id = ?",
                    (*values, existing),
                )
            self.upserted[ReferenceTable.BLACKLIST_ENTRIES.value] += 1

    def _upsert_tasks(self, batch: Sequence[Change]) -> None:
        for change, row in self._rows(ReferenceTable.TASKS, batch):
            assert isinstance(row, TaskRow)
            self._connection.exec_driver_sql(
                _UPSERT[ReferenceTable.TASKS],
                (
                    row.code,
                    row.title,
                    row.plan,
                    row.task_category,
                    row.organiser,
                    row.region_code,
                    row.quota,
                    _date(row.starts_on),
                    _date(row.deadline),
                    row.status,
                    change.seq,
                ),
            )
            task_id = self._connection.exec_driver_sql("SELECT id FROM tasks WHERE code = ?", (row.code,)).scalar()
            self._connection.exec_driver_sql("DELETE FROM task_product_kinds WHERE task_id = ?", (task_id,))
            self._connection.exec_driver_sql("DELETE FROM task_inspectors WHERE task_id = ?", (task_id,))
            kinds = sorted({kind_id for code in row.product_kind_codes if (kind_id := self._kind(code)) is not None})
            badges = self._ids("inspectors", "badge_number", row.inspector_badges)
            self._executemany(
                "INSERT INTO task_product_kinds (task_id, product_kind_id) VALUES (?, ?)",
                [(task_id, kind_id) for kind_id in kinds],
            )
            self._executemany(
                "INSERT INTO task_inspectors (task_id, inspector_id) VALUES (?, ?)",
                [(task_id, inspector_id) for inspector_id in sorted(set(badges.values()))],
            )
            self.upserted[ReferenceTable.TASKS.value] += 1

    # -------------------------------------------------------------------------------------------- deletes
    def _delete(self, table: ReferenceTable, batch: Sequence[Change]) -> None:
        keys = [change.key for change in batch]
        connection = self._connection
        if table is ReferenceTable.ENTERPRISES:
            for key in keys:
                self._delete_enterprise(key)
        elif table is ReferenceTable.INSPECTORS:
            for key in keys:
                self._delete_inspector(key)
        elif table is ReferenceTable.LICENCES:
            pairs = [tuple(key.split("|", 1)) for key in keys if "|" in key]
            self._executemany("DELETE FROM licences WHERE type = ? AND number = ?", pairs)
        elif table is ReferenceTable.BLACKLIST_ENTRIES:
            for change in batch:
                parts = change.key.split("|")
                if len(parts) != 3:
                    self._skip(change, "删除的键格式无效", "malformed key of a delete")
                    continue
                connection.exec_driver_sql(
                    "DELETE FROM blacklist_entries WHERE list_type = ? AND since = ? AND enterprise_id IN "
                    "(SELECT id FROM enterprises WHERE uscc = ?)",
                    (parts[1], parts[2], parts[0]),
                )
        elif table is ReferenceTable.CATALOGUE_EDITIONS:
            self._executemany("DELETE FROM catalogue_editions WHERE code = ?", [(key,) for key in keys])
            self._kinds = None
        elif table is ReferenceTable.HOLIDAY_YEARS:
            years = [(int(key),) for key in keys if key.isdigit()]
            self._executemany("DELETE FROM holiday_years WHERE year = ?", years)
        else:
            table_name, column = _DELETE_BY_KEY[table]
            self._executemany(f"DELETE FROM {table_name} WHERE {column} = ?", [(key,) for key in keys])
        self.deleted[table.value] += len(keys)

    def _delete_enterprise(self, uscc: str) -> None:
        connection = self._connection
        enterprise_id = connection.exec_driver_sql("SELECT id FROM enterprises WHERE uscc = ?", (uscc,)).scalar()
        if enterprise_id is None:
            return
        # What HQ removed with the enterprise goes here too, whether or not HQ also sent its own deletes.
        for statement in (
            "DELETE FROM licences WHERE enterprise_id = ?",
            "DELETE FROM blacklist_entries WHERE enterprise_id = ?",
            "DELETE FROM risk_alerts WHERE enterprise_id = ?",
            "UPDATE trade_items SET enterprise_id = NULL WHERE enterprise_id = ?",
        ):
            connection.exec_driver_sql(statement, (enterprise_id,))
        used = connection.exec_driver_sql(
            "SELECT 1 FROM scan_events WHERE enterprise_id = ? LIMIT 1", (enterprise_id,)
        ).scalar()
        if used:
            # Recorded scans point at it and may never change: keep the row for them, as a local one.
            connection.exec_driver_sql("UPDATE enterprises SET hq_seq = 0 WHERE id = ?", (enterprise_id,))
        else:
            connection.exec_driver_sql("DELETE FROM enterprises WHERE id = ?", (enterprise_id,))

    def _delete_inspector(self, badge: str) -> None:
        connection = self._connection
        inspector_id = connection.exec_driver_sql("SELECT id FROM inspectors WHERE badge_number = ?", (badge,)).scalar()
        if inspector_id is None:
            return
        used = connection.exec_driver_sql(
            "SELECT 1 FROM scan_events WHERE inspector_id = ? UNION ALL "
            "SELECT 1 FROM field_records WHERE inspector_id = ? OR second_inspector_id = ? LIMIT 1",
            (inspector_id, inspector_id, inspector_id),
        ).scalar()
        if used:
            connection.exec_driver_sql("DELETE FROM task_inspectors WHERE inspector_id = ?", (inspector_id,))
            connection.exec_driver_sql("UPDATE inspectors SET hq_seq = 0, active = 0 WHERE id = ?", (inspector_id,))
        else:
            connection.exec_driver_sql("DELETE FROM inspectors WHERE id = ?", (inspector_id,))


_RowBuilder = Callable[[_PageWriter, Change, Any, Mapping[str, int]], "tuple[Any, ...] | None"]

_ROW_BUILDERS: dict[ReferenceTable, _RowBuilder] = {
    ReferenceTable.ENTERPRISES: _PageWriter._enterprise,
    ReferenceTable.LICENCES: _PageWriter._licence,
    ReferenceTable.RISK_ALERTS: _PageWriter._alert,
    ReferenceTable.INSPECTORS: _PageWriter._inspector,
    ReferenceTable.RULES: _PageWriter._rule,
    ReferenceTable.HOLIDAY_DAYS: _PageWriter._holiday_day,
    ReferenceTable.HOLIDAY_YEARS: _PageWriter._holiday_year,
}

_DELETE_BY_KEY: dict[ReferenceTable, tuple[str, str]] = {
    ReferenceTable.TRADE_ITEMS: ("trade_items", "gtin"),
    ReferenceTable.RISK_ALERTS: ("risk_alerts", "code"),
    ReferenceTable.TASKS: ("tasks", "code"),
    ReferenceTable.RULES: ("rules", "code"),
    ReferenceTable.HOLIDAY_DAYS: ("holiday_days", "day"),
}


def summarise_changes(changes: Iterable[Change]) -> dict[str, dict[str, int]]:
    """Counts per table and operation, e.g. ``{"trade_items": {"upsert": 10, "delete": 1}}``."""
    counts: dict[str, dict[str, int]] = {}
    for change in changes:
        table = counts.setdefault(change.table.value, {})
        table[change.op.value] = table.get(change.op.value, 0) + 1
    return counts


def merge_counts(total: dict[str, int], more: Mapping[str, int]) -> dict[str, int]:
    """``total`` plus ``more`` (per table), as a new dict."""
    merged = dict(total)
    for table, count in more.items():
        merged[table] = merged.get(table, 0) + count
    return merged


def _first_error(exc: ValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return str(exc)
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"{where}: {first.get('msg', '')}"


__all__ = [
    "CURSOR_SETTING_KEY",
    "AppliedPage",
    "DigestCheck",
    "ReferenceApplier",
    "SkippedChange",
    "TableMismatch",
    "merge_counts",
    "read_cursor",
    "summarise_changes",
]
