"""Importing reference data files at HQ: catalogue, enterprises, licences, trade items, alerts, blacklist, tasks,
rules and holiday calendars, as CSV or JSON.

A file is validated whole before anything is written: every row against its wire model (``sync/protocol.py``), the
identifiers' check characters (USCC, GTIN), duplicates within the file, and references to rows that must exist
(the enterprise of a licence, the product kind of a trade item, the inspectors of a task — in HQ's store). Any
problem refuses the whole file with ``ImportFileError`` listing every bad line; otherwise all rows are written in
one transaction, each new or changed row as one reference change (unchanged rows write nothing).

Forms:

* **CSV** — a header row naming the fields of the row model (e.g. ``uscc,name,address,region_code,...``), then one
  row per line. Empty cells take the field's default. List fields (``product_kind_codes``, ``inspector_badges``
  of tasks) are ``;``-separated. Booleans: ``true``/``false``/``1``/``0``.
* **JSON** — an array of row objects, or an object ``{"format": ..., "format_version": 1, "<table>": [...]}``
  such as the shipped ``rules.json``. Holidays in JSON may also give ``"years": [{"year", "source"}]``.
* **catalogue** — the catalogue formats of ``resources/catalogue/FORMAT.md``.

Holiday files list days (``day,kind,name``); every year they cover is recorded as complete (``holiday_years``),
with the file's ``source`` (or its name).
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from inspector_app.domain.catalogue import catalogue_to_dict, parse_catalogue
from inspector_app.domain.errors import FileReadError, ImportFileError, LineError
from inspector_app.domain.identifiers.gtin import validate_gtin
from inspector_app.domain.identifiers.identifier_error import IdentifierError
from inspector_app.domain.identifiers.uscc import parse_uscc
from inspector_app.hq.hq_error import HqError
from inspector_app.hq.reference_store import ReferenceStore, ReferenceWriteReport, TableWrite
from inspector_app.sync.protocol import (
    REFERENCE_ROW_MODELS,
    BlacklistEntryRow,
    CatalogueEditionRow,
    EnterpriseRow,
    ErrorCode,
    HolidayDayRow,
    HolidayYearRow,
    LicenceRow,
    ReferenceTable,
    RiskAlertRow,
    TaskRow,
    TradeItemRow,
    reference_key,
)

logger = logging.getLogger(__name__)

MAX_IMPORT_BYTES = 2 * 1024 * 1024 * 1024
_LIST_FIELDS = frozenset({"product_kind_codes", "inspector_badges"})


class ImportKind(StrEnum):
    """What a file holds (the ``KIND`` of ``inspector-hq import KIND FILE``)."""

    CATALOGUE = "catalogue"
    ENTERPRISES = "enterprises"
    LICENCES = "licences"
    TRADE_ITEMS = "trade-items"
    ALERTS = "alerts"
    BLACKLIST = "blacklist"
    TASKS = "tasks"
    RULES = "rules"
    HOLIDAYS = "holidays"


KIND_TABLE: dict[ImportKind, ReferenceTable] = {
    ImportKind.CATALOGUE: ReferenceTable.CATALOGUE_EDITIONS,
    ImportKind.ENTERPRISES: ReferenceTable.ENTERPRISES,
    ImportKind.LICENCES: ReferenceTable.LICENCES,
    ImportKind.TRADE_ITEMS: ReferenceTable.TRADE_ITEMS,
    ImportKind.ALERTS: ReferenceTable.RISK_ALERTS,
    ImportKind.BLACKLIST: ReferenceTable.BLACKLIST_ENTRIES,
    ImportKind.TASKS: ReferenceTable.TASKS,
    ImportKind.RULES: ReferenceTable.RULES,
    ImportKind.HOLIDAYS: ReferenceTable.HOLIDAY_DAYS,
}


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import wrote."""

    kind: ImportKind
    rows: int
    write: ReferenceWriteReport

    @property
    def changes(self) -> int:
        """Reference changes written (new or changed rows)."""
        return self.write.changes

    @property
    def unchanged(self) -> int:
        """Rows that were already exactly so at HQ."""
        return self.write.unchanged


def read_import_file(path: Path) -> bytes:
    """The bytes of an import file; ``FileReadError`` when it cannot be read."""
    path = Path(path)
    if path.is_dir():
        raise FileReadError(
            "directory", f"这是文件夹，不是文件：{path}", f"This is a folder, not a file: {path}", str(path)
        )
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise FileReadError("too_large", f"文件过大：{path}", f"The file is too large: {path}", str(path))
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise FileReadError("missing", f"找不到文件：{path}", f"File not found: {path}", str(path)) from exc
    except OSError as exc:
        raise FileReadError(
            "unreadable", f"无法读取文件：{path}（{exc.strerror}）", f"Cannot read {path}: {exc.strerror}", str(path)
        ) from exc


class ReferenceImporter:
    """Validates import files whole and writes them as reference changes."""

    def __init__(self, store: ReferenceStore) -> None:
        self._store = store

    def import_file(self, kind: ImportKind | str, path: Path) -> ImportReport:
        """Validate and import the file at ``path``; ``ImportFileError`` (nothing written) when it has errors."""
        path = Path(path)
        return self.import_content(kind, read_import_file(path), path.name)

    def import_content(self, kind: ImportKind | str, content: bytes, filename: str) -> ImportReport:
        """Validate and import ``content`` (the form is chosen by ``filename``'s extension)."""
        kind = ImportKind(kind)
        writes, rows = self.parse(kind, content, filename)
        report = self._store.write(writes)
        logger.info("imported %s from %s: %d change(s), %d unchanged", kind, filename, report.changes, report.unchanged)
        return ImportReport(kind, rows, report)

    def remove(self, kind: ImportKind | str, keys: Sequence[str]) -> ReferenceWriteReport:
        """Remove rows by natural key (``reference_key``: a GTIN, a USCC, ``type|number`` of a licence,
        ``uscc|list_type|since`` of a blacklist entry, an alert/task/rule code, a badge number, an ISO date of the
        holiday schedule, a catalogue edition code). Devices receive each removal as a delete change.

        Every key must name a row HQ holds: otherwise ``HqError`` (404) lists the unknown ones and nothing is
        removed."""
        kind = ImportKind(kind)
        table = KIND_TABLE[kind]
        wanted = list(dict.fromkeys(key.strip() for key in keys if key.strip()))
        if not wanted:
            raise HqError(422, ErrorCode.INVALID_REQUEST, "没有要删除的条目", "No keys to remove were given")
        found = self._store.existing_keys(table, wanted)
        unknown = [key for key in wanted if key not in found]
        if unknown:
            listed = ", ".join(unknown[:20]) + (" …" if len(unknown) > 20 else "")
            raise HqError(
                404,
                ErrorCode.NOT_FOUND,
                f"总部没有这些{kind.value}条目，未删除任何内容：{listed}",
                f"HQ holds no {kind.value} row with these keys; nothing was removed: {listed}",
            )
        report = self._store.write([TableWrite(table, deletes=wanted)])
        logger.info("removed %d %s row(s)", len(wanted), kind)
        return report

    def parse(self, kind: ImportKind | str, content: bytes, filename: str) -> tuple[list[TableWrite], int]:
        """Validate ``content`` whole; return what to write and how many rows the file has."""
        kind = ImportKind(kind)
        if kind is ImportKind.CATALOGUE:
            spec = parse_catalogue(content, filename)
            edition = CatalogueEditionRow.model_validate(catalogue_to_dict(spec))
            return [TableWrite(ReferenceTable.CATALOGUE_EDITIONS, [edition])], 1
        table = KIND_TABLE[kind]
        errors: list[LineError] = []
        items, meta = _read_items(content, filename, table, errors)
        rows: list[tuple[int, BaseModel]] = []
        seen: dict[str, int] = {}
        model = REFERENCE_ROW_MODELS[table]
        for line, item in items:
            try:
                row = model.model_validate(item)
            except ValidationError as exc:
                for error in exc.errors():
                    where = ".".join(str(part) for part in error.get("loc", ())) or "row"
                    errors.append(LineError(line, f"字段 {where} 无效 / invalid {where}: {error.get('msg', '')}"))
                continue
            key = reference_key(table, row.model_dump(mode="json"))
            if key in seen:
                errors.append(LineError(line, f"与第 {seen[key]} 行重复 / duplicate of line {seen[key]}: {key}"))
                continue
            seen[key] = line
            errors.extend(LineError(line, problem) for problem in _row_problems(row))
            rows.append((line, row))
        errors.extend(self._reference_problems(rows))
        if errors:
            raise ImportFileError(sorted(errors, key=lambda error: error.line), filename)
        models = [row for _line, row in rows]
        writes = [TableWrite(table, models)]
        if table is ReferenceTable.HOLIDAY_DAYS:
            writes.append(TableWrite(ReferenceTable.HOLIDAY_YEARS, _holiday_years(models, meta, filename)))
        return writes, len(models)

    def _reference_problems(self, rows: list[tuple[int, BaseModel]]) -> list[LineError]:
        """Rows naming enterprises, product kinds or inspectors HQ does not have."""
        problems: list[LineError] = []
        usccs = {row.enterprise_uscc for _line, row in rows if getattr(row, "enterprise_uscc", None)}  # type: ignore[attr-defined]
        known_usccs = self._store.existing_keys(ReferenceTable.ENTERPRISES, usccs) if usccs else set()
        kind_codes: set[str] | None = None
        badges = {badge for _line, row in rows if isinstance(row, TaskRow) for badge in row.inspector_badges}
        known_badges = self._store.existing_keys(ReferenceTable.INSPECTORS, badges) if badges else set()
        for line, row in rows:
            uscc = getattr(row, "enterprise_uscc", None)
            if uscc and uscc not in known_usccs:
                problems.append(
                    LineError(line, f"总部没有该企业，请先导入企业 / unknown enterprise (import it first): {uscc}")
                )
            codes = [getattr(row, "product_kind_code", None), *getattr(row, "product_kind_codes", [])]
            for code in filter(None, codes):
                if kind_codes is None:
                    kind_codes = self._store.product_kind_codes()
                if code not in kind_codes:
                    problems.append(
                        LineError(line, f"产品目录中没有该产品种类 / product kind not in any catalogue: {code}")
                    )
            if isinstance(row, TaskRow):
                problems.extend(
                    LineError(line, f"总部没有该执法人员 / unknown inspector badge: {badge}")
                    for badge in row.inspector_badges
                    if badge not in known_badges
                )
        return problems


def _row_problems(row: BaseModel) -> list[str]:
    """Check characters of identifiers and the consistency of an alert's match."""
    problems: list[str] = []
    uscc = row.uscc if isinstance(row, EnterpriseRow) else None
    if uscc is not None:
        try:
            parse_uscc(uscc, uscc)
        except IdentifierError as exc:
            problems.append(f"统一社会信用代码无效 / invalid USCC {uscc}: {exc.message_en}")
    gtin = row.gtin if isinstance(row, TradeItemRow | RiskAlertRow) else None
    if gtin is not None:
        try:
            validate_gtin(gtin)
        except IdentifierError as exc:
            problems.append(f"商品条码无效 / invalid GTIN {gtin}: {exc.message_en}")
    if isinstance(row, RiskAlertRow):
        needed: dict[str, tuple[str, ...]] = {
            "gtin": ("gtin",),
            "gtin_batch": ("gtin", "batch"),
            "enterprise": ("enterprise_uscc",),
            "product_kind": ("product_kind_code",),
            "region": ("region_code",),
        }
        missing = [name for name in needed[row.match_type] if not getattr(row, name)]
        if missing:
            problems.append(
                f"预警匹配方式 {row.match_type} 需要字段 / match type {row.match_type} needs: {', '.join(missing)}"
            )
    if isinstance(row, LicenceRow) and row.valid_from and row.valid_to and row.valid_to < row.valid_from:
        problems.append("有效期止早于有效期起 / valid_to is before valid_from")
    if isinstance(row, BlacklistEntryRow) and row.until and row.until < row.since:
        problems.append("移出日期早于列入日期 / until is before since")
    return problems


def _holiday_years(days: list[BaseModel], meta: dict[str, Any], filename: str) -> list[BaseModel]:
    declared: dict[int, str] = {}
    for entry in meta.get("years", []) or []:
        if isinstance(entry, dict) and isinstance(entry.get("year"), int):
            declared[entry["year"]] = str(entry.get("source") or "")
    source = str(meta.get("source") or filename)[:200]
    years = {day.day.year for day in days if isinstance(day, HolidayDayRow)} | set(declared)
    return [HolidayYearRow(year=year, source=(declared.get(year) or source)[:200]) for year in sorted(years)]


# --- reading the two forms ---------------------------------------------------------------------------------


def _decode(content: bytes, filename: str) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise ImportFileError([LineError(line, "文件不是 UTF-8 编码 / the file is not UTF-8")], filename) from exc


def _read_items(
    content: bytes, filename: str, table: ReferenceTable, errors: list[LineError]
) -> tuple[list[tuple[int, Any]], dict[str, Any]]:
    suffix = Path(filename).suffix.lower()
    text = _decode(content, filename)
    if suffix == ".csv":
        return _csv_items(text, filename, table, errors), {}
    if suffix == ".json":
        return _json_items(text, filename, table)
    raise ImportFileError(
        [
            LineError(
                0, f"只支持 .csv 或 .json 文件 / only .csv and .json files are supported, not {suffix or filename}"
            )
        ],
        filename,
    )


def _csv_items(text: str, filename: str, table: ReferenceTable, errors: list[LineError]) -> list[tuple[int, Any]]:
    fields = set(REFERENCE_ROW_MODELS[table].model_fields)
    reader = csv.reader(io.StringIO(text, newline=""))
    items: list[tuple[int, Any]] = []
    header: list[str] | None = None
    start = 1
    try:
        for cells in reader:
            line = start
            start = reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [cell.strip() for cell in cells]
                unknown = [name for name in header if name not in fields]
                duplicated = sorted({name for name in header if header.count(name) > 1})
                if unknown or duplicated:
                    raise ImportFileError(
                        [LineError(line, f"未知或重复的列 / unknown or repeated columns: {unknown + duplicated}")],
                        filename,
                    )
                continue
            if len(cells) != len(header):
                errors.append(LineError(line, f"列数不符 / {len(cells)} cells, the header has {len(header)}"))
                continue
            row: dict[str, Any] = {}
            for name, cell in zip(header, cells, strict=True):
                value = cell.strip()
                if not value:
                    continue
                row[name] = (
                    [part.strip() for part in value.split(";") if part.strip()] if name in _LIST_FIELDS else value
                )
            items.append((line, row))
    except csv.Error as exc:
        raise ImportFileError([LineError(reader.line_num, f"CSV 格式错误 / malformed CSV: {exc}")], filename) from exc
    if header is None:
        raise ImportFileError([LineError(1, "文件为空 / the file is empty")], filename)
    return items


def _json_items(text: str, filename: str, table: ReferenceTable) -> tuple[list[tuple[int, Any]], dict[str, Any]]:
    decoder = json.JSONDecoder()

    def line_of(index: int) -> int:
        return text.count("\n", 0, index) + 1

    def skip(index: int) -> int:
        while index < len(text) and text[index] in " \t\r\n":
            index += 1
        return index

    def fail(index: int, message: str) -> ImportFileError:
        return ImportFileError([LineError(line_of(index), message)], filename)

    def value_at(index: int) -> tuple[Any, int]:
        try:
            return decoder.raw_decode(text, index)
        except json.JSONDecodeError as exc:
            raise fail(exc.pos, f"JSON 格式错误 / malformed JSON: {exc.msg}") from exc

    def array_items(index: int) -> tuple[list[tuple[int, Any]], int]:
        items: list[tuple[int, Any]] = []
        index = skip(index + 1)
        if index < len(text) and text[index] == "]":
            return items, index + 1
        while True:
            index = skip(index)
            value, end = value_at(index)
            items.append((line_of(index), value))
            index = skip(end)
            if index < len(text) and text[index] == ",":
                index += 1
                continue
            if index < len(text) and text[index] == "]":
                return items, index + 1
            raise fail(index, "JSON 数组未正确结束 / the JSON array is not closed properly")

    start = skip(0)
    if start >= len(text):
        raise fail(start, "文件为空 / the file is empty")
    names = _list_names(table)
    if text[start] == "[":
        items, end = array_items(start)
        if skip(end) != len(text):
            raise fail(end, "数组之后还有内容 / content after the array")
        return items, {}
    if text[start] != "{":
        raise fail(start, "应为 JSON 数组或对象 / expected a JSON array or object")
    document, end = value_at(start)
    if skip(end) != len(text):
        raise fail(end, "对象之后还有内容 / content after the object")
    found = [name for name in names if isinstance(document.get(name), list)]
    if len(found) != 1:
        raise fail(start, f"对象应包含一个数组字段 / the object needs one array field: {' or '.join(names)}")
    # Walk the object again to find where the array starts, for line numbers.
    index = skip(start + 1)
    while index < len(text):
        key, end = value_at(index)
        index = skip(end)
        index = skip(index + 1)  # the colon
        if key == found[0] and text[index] == "[":
            items, _end = array_items(index)
            return items, {key: value for key, value in document.items() if key != found[0]}
        _value, end = value_at(index)
        index = skip(end)
        index = skip(index + 1)  # the comma
    raise fail(start, "找不到数组 / array not found")


def _list_names(table: ReferenceTable) -> tuple[str, ...]:
    names: dict[ReferenceTable, tuple[str, ...]] = {
        ReferenceTable.RISK_ALERTS: ("alerts", "risk_alerts"),
        ReferenceTable.BLACKLIST_ENTRIES: ("blacklist", "blacklist_entries"),
        ReferenceTable.HOLIDAY_DAYS: ("days", "holiday_days", "holidays"),
    }
    return (*names.get(table, (table.value,)), "rows")
