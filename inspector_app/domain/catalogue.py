"""The key-product catalogue as data: dataclasses, parsing of the JSON and CSV forms, whole-file validation.

Pure: the caller reads the file and hands over its content (``str`` or ``bytes``). Validation reports every
problem of a file at once, each as a ``LineError`` whose reason reads "中文 / English"; a file with any problem
is refused whole (``ImportFileError``), so nothing half-valid reaches the store. Line numbers are 1-based: in
JSON the line where the offending object starts, in CSV the line where the offending record starts; line 0
means the file as a whole (e.g. an unsupported file type).

The format is documented in ``resources/catalogue/FORMAT.md``.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import json
import json.decoder
import json.scanner
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final, TypeVar

from inspector_app.domain.errors import ImportFileError, LimitFormatError, LineError
from inspector_app.domain.limits import Limit

logger = logging.getLogger(__name__)

FORMAT_NAME: Final = "inspector-catalogue"
FORMAT_VERSION: Final = 1

MAX_CODE_LENGTH: Final = 64
MAX_NAME_LENGTH: Final = 200
MAX_TEXT_LENGTH: Final = 2000
_CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_CCC_CODE_RE = re.compile(r"[0-9]{4}")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Characters that break storage or display: NUL and lone surrogates (possible through JSON "\ud800" escapes).
_BAD_CHAR_RE = re.compile(r"[\x00\ud800-\udfff]")

CSV_REQUIRED_COLUMNS: Final = (
    "edition_code",
    "edition_name",
    "category_code",
    "category_name",
    "domain",
    "kind_code",
    "kind_name",
    "needs_xk",
    "needs_ccc",
    "needs_sc",
    "ccc_code",
    "risk_level",
    "sample_quantity",
    "backup_quantity",
    "quantity_unit",
    "standards",
    "item_code",
    "item_name",
    "judging_standard",
    "method_standard",
    "limit_op",
    "limit_value",
    "limit_low",
    "limit_high",
    "limit_text",
    "unit",
    "criticality",
)
CSV_OPTIONAL_COLUMNS: Final = (
    "edition_issued_on",
    "edition_source",
    "category_sort_order",
    "category_note",
    "main_regions",
    "quantity_source",
    "detection_limit",
)
_CSV_EDITION_COLUMNS = ("edition_code", "edition_name", "edition_issued_on", "edition_source")
_CSV_CATEGORY_COLUMNS = ("category_name", "domain", "category_sort_order", "category_note")
_CSV_KIND_COLUMNS = (
    "kind_name",
    "needs_xk",
    "needs_ccc",
    "needs_sc",
    "ccc_code",
    "risk_level",
    "sample_quantity",
    "backup_quantity",
    "quantity_unit",
    "standards",
    "main_regions",
    "quantity_source",
)
_CSV_ITEM_COLUMNS = (
    "item_code",
    "item_name",
    "judging_standard",
    "method_standard",
    "limit_op",
    "limit_value",
    "limit_low",
    "limit_high",
    "limit_text",
    "unit",
    "criticality",
    "detection_limit",
)
_CSV_TRUE = frozenset({"true", "1", "是"})
_CSV_FALSE = frozenset({"false", "0", "否"})


class CatalogueDomain(StrEnum):
    """Which supervision regime a category belongs to."""

    INDUSTRIAL = "industrial"
    FOOD = "food"
    FARM_PRODUCE = "farm_produce"


class RiskLevel(StrEnum):
    """Risk level of a product kind (drives how often it is checked)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Criticality(StrEnum):
    """How grave a failure of one inspection item is."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"


@dataclass(frozen=True)
class CatalogueEdition:
    """One published edition of the catalogue (the unit HQ versions and syncs)."""

    code: str
    name: str
    issued_on: dt.date | None
    source: str


@dataclass(frozen=True)
class InspectionItemSpec:
    """One item tested on a product kind, with its standards and limit. ``line``: where the file defined it."""

    code: str
    name: str
    judging_standard: str
    method_standard: str
    limit: Limit
    detection_limit: str | None
    criticality: Criticality
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ProductKindSpec:
    """A product kind: licences it needs, sampling quantities, standards and inspection items."""

    code: str
    name: str
    needs_xk: bool
    needs_ccc: bool
    needs_sc: bool
    ccc_code: str | None
    risk_level: RiskLevel
    sample_quantity: int
    backup_quantity: int
    quantity_unit: str
    standards: tuple[str, ...]
    main_regions: str | None
    inspection_items: tuple[InspectionItemSpec, ...]
    quantity_source: str | None = None
    line: int = field(default=0, compare=False)

    @property
    def required_licence_types(self) -> tuple[str, ...]:
        """The licence types its maker must hold, in the fixed order SC, XK, CCC."""
        flags = (("SC", self.needs_sc), ("XK", self.needs_xk), ("CCC", self.needs_ccc))
        return tuple(name for name, needed in flags if needed)


@dataclass(frozen=True)
class CategorySpec:
    """A catalogue category and its product kinds, in file order."""

    code: str
    name: str
    domain: CatalogueDomain
    sort_order: int
    product_kinds: tuple[ProductKindSpec, ...]
    note: str | None = None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class CatalogueCounts:
    """How much a catalogue holds."""

    categories: int
    product_kinds: int
    inspection_items: int
    kinds_with_items: int


@dataclass(frozen=True)
class CatalogueSpec:
    """A whole, validated catalogue edition."""

    edition: CatalogueEdition
    categories: tuple[CategorySpec, ...]

    def counts(self) -> CatalogueCounts:
        """Numbers of categories, kinds, items and kinds that have items."""
        kinds = list(self.iter_kinds())
        return CatalogueCounts(
            categories=len(self.categories),
            product_kinds=len(kinds),
            inspection_items=sum(len(kind.inspection_items) for kind in kinds),
            kinds_with_items=sum(1 for kind in kinds if kind.inspection_items),
        )

    def iter_kinds(self) -> Iterator[ProductKindSpec]:
        """Every product kind, category by category, in file order."""
        for category in self.categories:
            yield from category.product_kinds

    def iter_category_kinds(self) -> Iterator[tuple[CategorySpec, ProductKindSpec]]:
        """Every product kind with its category."""
        for category in self.categories:
            for kind in category.product_kinds:
                yield category, kind

    def categories_in(self, domain: CatalogueDomain) -> tuple[CategorySpec, ...]:
        """The categories of one domain, in file order."""
        return tuple(category for category in self.categories if category.domain is domain)

    def kind(self, code: str) -> ProductKindSpec | None:
        """The product kind with ``code``, or None."""
        return next((kind for kind in self.iter_kinds() if kind.code == code), None)


# ===================================================================== public parsing API


def parse_catalogue(content: str | bytes, filename: str) -> CatalogueSpec:
    """Parse a catalogue file by its extension (``.json`` or ``.csv``); anything else is refused."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "json":
        parser: Callable[[str | bytes], CatalogueSpec] = parse_catalogue_json
    elif suffix == "csv":
        parser = parse_catalogue_csv
    else:
        raise ImportFileError(
            [
                LineError(
                    0,
                    f"不支持的文件类型“{filename}”，应为 .json 或 .csv / "
                    f"unsupported file type '{filename}': expected .json or .csv",
                )
            ],
            path=filename,
        )
    try:
        return parser(content)
    except ImportFileError as error:
        raise ImportFileError(error.errors, path=filename) from None


def parse_catalogue_json(text: str | bytes) -> CatalogueSpec:
    """Parse the JSON form; ImportFileError lists every problem with the line its object starts on."""
    text = _decode(text)
    logger.info("parsing JSON catalogue (%d characters)", len(text))
    decoder = _PositionDecoder(text)
    try:
        root = decoder.decode(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            [LineError(error.lineno, f"JSON 语法错误：{error.msg} / JSON syntax error: {error.msg}")]
        ) from None
    except RecursionError:
        raise ImportFileError([LineError(1, "JSON 嵌套层数过多 / JSON nested too deeply")]) from None
    spec = _Builder().build(root)
    logger.info("parsed JSON catalogue %s: %s", spec.edition.code, spec.counts())
    return spec


def parse_catalogue_csv(text: str | bytes) -> CatalogueSpec:
    """Parse the CSV form (one row per inspection item); ImportFileError lists every bad line."""
    text = _decode(text)
    logger.info("parsing CSV catalogue (%d characters)", len(text))
    root, cell_errors = _CsvReader(text).read()
    spec = _Builder(cell_errors).build(root)
    logger.info("parsed CSV catalogue %s: %s", spec.edition.code, spec.counts())
    return spec


# ===================================================================== writing (the inverse of parsing)


def catalogue_to_dict(spec: CatalogueSpec) -> dict[str, Any]:
    """The JSON form of ``spec`` as plain dicts and lists (parses back to an equal spec)."""
    edition = spec.edition
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "edition": {
            "code": edition.code,
            "name": edition.name,
            "issued_on": edition.issued_on.isoformat() if edition.issued_on else None,
            "source": edition.source,
        },
        "categories": [_category_to_dict(category) for category in spec.categories],
    }


def catalogue_to_json(spec: CatalogueSpec) -> str:
    """The JSON form of ``spec``, one field a line, UTF-8 text (not ASCII-escaped)."""
    return json.dumps(catalogue_to_dict(spec), ensure_ascii=False, indent=2) + "\n"


def catalogue_to_csv(spec: CatalogueSpec) -> str:
    """The CSV form of ``spec``: header with every column, one row per item (or per kind without items)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = CSV_REQUIRED_COLUMNS + CSV_OPTIONAL_COLUMNS
    writer.writerow(columns)
    edition = spec.edition
    for category, kind in spec.iter_category_kinds():
        base = {
            "edition_code": edition.code,
            "edition_name": edition.name,
            "edition_issued_on": edition.issued_on.isoformat() if edition.issued_on else "",
            "edition_source": edition.source,
            "category_code": category.code,
            "category_name": category.name,
            "domain": category.domain.value,
            "category_sort_order": str(category.sort_order),
            "category_note": category.note or "",
            "kind_code": kind.code,
            "kind_name": kind.name,
            "needs_xk": _bool_text(kind.needs_xk),
            "needs_ccc": _bool_text(kind.needs_ccc),
            "needs_sc": _bool_text(kind.needs_sc),
            "ccc_code": kind.ccc_code or "",
            "risk_level": kind.risk_level.value,
            "sample_quantity": str(kind.sample_quantity),
            "backup_quantity": str(kind.backup_quantity),
            "quantity_unit": kind.quantity_unit,
            "standards": ";".join(kind.standards),
            "main_regions": kind.main_regions or "",
            "quantity_source": kind.quantity_source or "",
        }
        rows = [_item_columns(item) for item in kind.inspection_items] or [{}]
        for item_columns in rows:
            merged = {**base, **item_columns}
            writer.writerow([merged.get(column, "") for column in columns])
    return buffer.getvalue()


def _bool_text(flag: bool) -> str:
    return "true" if flag else "false"


def _item_columns(item: InspectionItemSpec) -> dict[str, str]:
    limit = item.limit
    return {
        "item_code": item.code,
        "item_name": item.name,
        "judging_standard": item.judging_standard,
        "method_standard": item.method_standard,
        "limit_op": limit.op.value,
        "limit_value": "" if limit.value is None else str(limit.value),
        "limit_low": "" if limit.low is None else str(limit.low),
        "limit_high": "" if limit.high is None else str(limit.high),
        "limit_text": limit.text or "",
        "unit": limit.unit or "",
        "criticality": item.criticality.value,
        "detection_limit": item.detection_limit or "",
    }


def _category_to_dict(category: CategorySpec) -> dict[str, Any]:
    result: dict[str, Any] = {
        "code": category.code,
        "name": category.name,
        "domain": category.domain.value,
        "sort_order": category.sort_order,
    }
    if category.note is not None:
        result["note"] = category.note
    result["product_kinds"] = [_kind_to_dict(kind) for kind in category.product_kinds]
    return result


def _kind_to_dict(kind: ProductKindSpec) -> dict[str, Any]:
    return {
        "code": kind.code,
        "name": kind.name,
        "needs_xk": kind.needs_xk,
        "needs_ccc": kind.needs_ccc,
        "needs_sc": kind.needs_sc,
        "ccc_code": kind.ccc_code,
        "risk_level": kind.risk_level.value,
        "sample_quantity": kind.sample_quantity,
        "backup_quantity": kind.backup_quantity,
        "quantity_unit": kind.quantity_unit,
        "quantity_source": kind.quantity_source,
        "standards": list(kind.standards),
        "main_regions": kind.main_regions,
        "inspection_items": [
            {
                "code": item.code,
                "name": item.name,
                "judging_standard": item.judging_standard,
                "method_standard": item.method_standard,
                "limit": item.limit.to_dict(),
                "detection_limit": item.detection_limit,
                "criticality": item.criticality.value,
            }
            for item in kind.inspection_items
        ],
    }


# ===================================================================== shared input handling


def _decode(content: str | bytes) -> str:
    """Text of the file: bytes are UTF-8 (a BOM is allowed); a leading BOM is dropped from text too."""
    if isinstance(content, bytes):
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError as error:
            line = content.count(b"\n", 0, error.start) + 1
            raise ImportFileError(
                [LineError(line, "文件不是有效的 UTF-8 编码 / the file is not valid UTF-8")]
            ) from None
    else:
        text = content
    return text.removeprefix("\ufeff")


class _Invalid:
    """Marks a value whose problem was already reported (CSV cells), so it is not reported twice."""

    def __repr__(self) -> str:
        return "<invalid>"


_INVALID: Final = _Invalid()


class _Obj:
    """A JSON object (or the equivalent built from CSV rows) with the line it starts on."""

    __slots__ = ("duplicates", "fields", "line")

    def __init__(self, fields: dict[str, Any], line: int, duplicates: tuple[str, ...] = ()) -> None:
        self.fields = fields
        self.line = line
        self.duplicates = duplicates


def _big_int(text: str) -> int | Decimal:
    # Python refuses int() of more than 4300 digits; no field of ours needs more than a few.
    return int(text) if len(text) <= 18 else Decimal(text)


def _pairs(pairs: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return pairs


class _PositionDecoder(json.JSONDecoder):
    """A JSON decoder that turns each object into an ``_Obj`` carrying the line where it starts.

    The pure-Python scanner is used because the C one does not call ``parse_object`` back.
    """

    def __init__(self, text: str) -> None:
        # NaN and Infinity (accepted by Python, not JSON) stay floats, which every field's type check refuses.
        super().__init__(parse_float=Decimal, parse_int=_big_int)
        self._newlines = [match.start() for match in re.finditer("\n", text)]
        self.parse_object = self._parse_object
        self.scan_once = json.scanner.py_make_scanner(self)  # type: ignore[attr-defined]

    def _parse_object(  # noqa: PLR0917 - the scanner calls it with these six positional arguments
        self,
        s_and_end: tuple[str, int],
        strict: bool,
        scan_once: Callable[[str, int], tuple[Any, int]],
        object_hook: Any,
        object_pairs_hook: Any,
        memo: dict[str, str] | None = None,
    ) -> tuple[_Obj, int]:
        start = s_and_end[1] - 1  # the position of "{"
        pairs, end = json.decoder.JSONObject(  # type: ignore[attr-defined]
            s_and_end, strict, scan_once, None, _pairs, memo
        )
        fields: dict[str, Any] = {}
        duplicates: list[str] = []
        for key, value in pairs:
            if key in fields:
                duplicates.append(key)
            fields[key] = value
        line = bisect.bisect_left(self._newlines, start) + 1
        return _Obj(fields, line, tuple(duplicates)), end


# ===================================================================== CSV rows → the same object tree


class _CsvReader:
    """Reads the CSV form into the object tree the JSON form decodes to, checking row consistency."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._errors: list[LineError] = []

    def _error(self, line: int, zh: str, en: str) -> None:
        self._errors.append(LineError(line, f"{zh} / {en}"))

    def read(self) -> tuple[_Obj, list[LineError]]:
        """The object tree and the cell problems found on the way (the tree marks those cells invalid)."""
        records = self._records()
        if not records:
            self._error(1, "文件为空，缺少表头", "the file is empty: no header row")
            raise ImportFileError(self._errors)
        header_line, header = records[0]
        columns = self._header(header_line, header)
        if columns is None:
            raise ImportFileError(sorted(self._errors, key=lambda error: error.line))
        return self._tree(columns, records[1:], header_line), list(self._errors)

    def _records(self) -> list[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(self._text, newline=""), strict=True)
        records: list[tuple[int, list[str]]] = []
        start = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                self._error(reader.line_num or start, f"CSV 语法错误：{error}", f"CSV syntax error: {error}")
                raise ImportFileError(self._errors) from None
            if any(cell.strip() for cell in row):
                records.append((start, row))
            start = reader.line_num + 1
        return records

    def _header(self, line: int, header: list[str]) -> dict[str, int] | None:
        columns: dict[str, int] = {}
        known = set(CSV_REQUIRED_COLUMNS) | set(CSV_OPTIONAL_COLUMNS)
        for index, raw in enumerate(header):
            name = raw.strip()
            if name in columns:
                self._error(line, f"表头列“{name}”重复", f"duplicate column '{name}'")
            elif name not in known:
                self._error(line, f"未知列“{name}”", f"unknown column '{name}'")
            columns.setdefault(name, index)
        missing = [name for name in CSV_REQUIRED_COLUMNS if name not in columns]
        if missing:
            listed = ", ".join(missing)
            self._error(line, f"表头缺少必需列：{listed}", f"header lacks required columns: {listed}")
        return None if self._errors else columns

    def _tree(self, columns: dict[str, int], rows: list[tuple[int, list[str]]], header_line: int) -> _Obj:
        edition: _Obj | None = None
        edition_cells: dict[str, str] = {}
        categories: dict[str, tuple[_Obj, dict[str, str], list[_Obj]]] = {}
        kinds: dict[str, tuple[_Obj, dict[str, str], list[_Obj], str]] = {}
        itemless: set[str] = set()
        width = len(columns)
        for line, row in rows:
            if len(row) != width:
                self._error(
                    line, f"本行有 {len(row)} 列，表头有 {width} 列", f"row has {len(row)} cells, header has {width}"
                )
                continue
            cells = {name: row[index].strip() for name, index in columns.items()}
            if edition is None:
                edition = self._edition(line, cells)
                edition_cells = {name: cells.get(name, "") for name in _CSV_EDITION_COLUMNS}
            else:
                self._same(line, ("版本", "edition"), edition_cells, cells, _CSV_EDITION_COLUMNS)
            category_code = cells["category_code"]
            if category_code not in categories:
                category_cells = {name: cells.get(name, "") for name in _CSV_CATEGORY_COLUMNS}
                categories[category_code] = (self._category(line, cells), category_cells, [])
            else:
                self._same(line, ("类别", "category"), categories[category_code][1], cells, _CSV_CATEGORY_COLUMNS)
            kind_code = cells["kind_code"]
            if kind_code not in kinds:
                kind_cells = {name: cells.get(name, "") for name in _CSV_KIND_COLUMNS}
                kind_obj = self._kind(line, cells)
                kinds[kind_code] = (kind_obj, kind_cells, [], category_code)
                categories[category_code][2].append(kind_obj)
            else:
                kind_obj, kind_cells, _, first_category = kinds[kind_code]
                if first_category != category_code:
                    self._error(
                        line,
                        f"产品种类代码“{kind_code}”重复（已属于类别“{first_category}”）",
                        f"duplicate product kind code '{kind_code}' (already in category '{first_category}')",
                    )
                    continue
                self._same(line, ("产品种类", "product kind"), kind_cells, cells, _CSV_KIND_COLUMNS)
            has_item = any(cells.get(name, "") for name in _CSV_ITEM_COLUMNS)
            items = kinds[kind_code][2]
            if not has_item:
                if items or kind_code in itemless:
                    self._error(
                        line,
                        f"产品种类“{kind_code}”已有行；无检验项目的空行只能有一行且不能与项目行并存",
                        f"product kind '{kind_code}' already has rows: an empty item row must be its only row",
                    )
                itemless.add(kind_code)
                continue
            if kind_code in itemless:
                self._error(
                    line,
                    f"产品种类“{kind_code}”已有无项目的空行",
                    f"product kind '{kind_code}' already has an empty item row",
                )
            item = self._item(line, cells)
            items.append(item)
            kind_obj.fields.setdefault("inspection_items", []).append(item)
        if edition is None:
            self._error(header_line, "文件只有表头，没有数据行", "the file has a header but no data rows")
            edition = _Obj({}, header_line)
        category_objs = []
        for category_obj, _, kind_objs in categories.values():
            category_obj.fields["product_kinds"] = kind_objs
            category_objs.append(category_obj)
        fields = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "edition": edition,
            "categories": category_objs,
        }
        return _Obj(fields, header_line)

    def _same(
        self,
        line: int,
        what: tuple[str, str],
        first: dict[str, str],
        cells: dict[str, str],
        names: tuple[str, ...],
    ) -> None:
        differing = [name for name in names if cells.get(name, "") != first.get(name, "")]
        what_zh, what_en = what
        if differing:
            listed = ", ".join(differing)
            self._error(
                line,
                f"{what_zh}信息与前面的行不一致：{listed}",
                f"{what_en} columns differ from an earlier row: {listed}",
            )

    def _edition(self, line: int, cells: dict[str, str]) -> _Obj:
        return _Obj(
            {
                "code": cells["edition_code"],
                "name": cells["edition_name"],
                "issued_on": cells.get("edition_issued_on") or None,
                "source": cells.get("edition_source", ""),
            },
            line,
        )

    def _category(self, line: int, cells: dict[str, str]) -> _Obj:
        fields: dict[str, Any] = {
            "code": cells["category_code"],
            "name": cells["category_name"],
            "domain": cells["domain"],
            "note": cells.get("category_note") or None,
        }
        sort_order = cells.get("category_sort_order", "")
        if sort_order:
            fields["sort_order"] = self._int(line, "category_sort_order", sort_order)
        return _Obj(fields, line)

    def _kind(self, line: int, cells: dict[str, str]) -> _Obj:
        standards = [part.strip() for part in cells["standards"].split(";") if part.strip()]
        fields: dict[str, Any] = {
            "code": cells["kind_code"],
            "name": cells["kind_name"],
            "needs_xk": self._bool(line, "needs_xk", cells["needs_xk"]),
            "needs_ccc": self._bool(line, "needs_ccc", cells["needs_ccc"]),
            "needs_sc": self._bool(line, "needs_sc", cells["needs_sc"]),
            "ccc_code": cells["ccc_code"] or None,
            "risk_level": cells["risk_level"],
            "sample_quantity": self._int(line, "sample_quantity", cells["sample_quantity"]),
            "backup_quantity": self._int(line, "backup_quantity", cells["backup_quantity"]),
            "quantity_unit": cells["quantity_unit"],
            "quantity_source": cells.get("quantity_source") or None,
            "standards": standards,
            "main_regions": cells.get("main_regions") or None,
            "inspection_items": [],
        }
        return _Obj(fields, line)

    def _item(self, line: int, cells: dict[str, str]) -> _Obj:
        limit: dict[str, Any] = {}
        for key, column in (
            ("op", "limit_op"),
            ("value", "limit_value"),
            ("low", "limit_low"),
            ("high", "limit_high"),
            ("text", "limit_text"),
            ("unit", "unit"),
        ):
            if cells[column]:
                limit[key] = cells[column]
        fields: dict[str, Any] = {
            "code": cells["item_code"],
            "name": cells["item_name"],
            "judging_standard": cells["judging_standard"],
            "method_standard": cells["method_standard"],
            "limit": limit,
            "detection_limit": cells.get("detection_limit") or None,
            "criticality": cells["criticality"],
        }
        return _Obj(fields, line)

    def _bool(self, line: int, column: str, raw: str) -> bool | _Invalid:
        folded = raw.strip().lower()
        if folded in _CSV_TRUE:
            return True
        if folded in _CSV_FALSE:
            return False
        self._error(
            line,
            f"{column}“{raw}”应为 true/false/1/0/是/否",
            f"{column} '{raw}' must be one of true/false/1/0/是/否",
        )
        return _INVALID

    def _int(self, line: int, column: str, raw: str) -> int | _Invalid:
        if re.fullmatch(r"[0-9]{1,9}", raw):
            return int(raw)
        self._error(line, f"{column}“{raw}”不是整数", f"{column} '{raw}' is not a whole number")
        return _INVALID


# ===================================================================== validation and construction

_E = TypeVar("_E", bound=StrEnum)


class _Builder:
    """Checks the object tree (from JSON or CSV) and builds the spec; collects every problem."""

    def __init__(self, known_errors: list[LineError] | None = None) -> None:
        # Problems already found while reading (CSV cells), reported together with the structural ones.
        self._errors: list[LineError] = list(known_errors or [])

    def _error(self, line: int, zh: str, en: str) -> None:
        self._errors.append(LineError(line, f"{zh} / {en}"))

    def build(self, root: object) -> CatalogueSpec:
        spec = self._root(root)
        if self._errors or spec is None:
            errors = sorted(self._errors, key=lambda error: error.line)
            logger.info("catalogue refused with %d error(s)", len(errors))
            raise ImportFileError(errors)
        return spec

    # ------------------------------------------------------------- levels

    def _root(self, root: object) -> CatalogueSpec | None:
        if not isinstance(root, _Obj):
            self._error(1, "文件顶层必须是 JSON 对象", "the top level must be a JSON object")
            return None
        self._fields(root, "文件", "file", required={"format", "format_version", "edition", "categories"})
        file_format = root.fields.get("format")
        if "format" in root.fields and file_format != FORMAT_NAME:
            self._error(
                root.line,
                f"format 应为“{FORMAT_NAME}”",
                f"format must be '{FORMAT_NAME}'",
            )
        version = root.fields.get("format_version")
        if "format_version" in root.fields:
            if not _is_int(version):
                self._error(root.line, "format_version 必须是整数", "format_version must be an integer")
            elif version != FORMAT_VERSION:
                self._error(
                    root.line,
                    f"不支持的格式版本 {version}（本程序支持 {FORMAT_VERSION}），请更新程序",
                    f"unsupported format_version {version} (this program reads {FORMAT_VERSION}); please update",
                )
        edition = self._edition(root)
        categories = self._categories(root)
        if edition is None or categories is None:
            return None
        return CatalogueSpec(edition=edition, categories=categories)

    def _edition(self, root: _Obj) -> CatalogueEdition | None:
        if "edition" not in root.fields:
            return None
        node = root.fields["edition"]
        if not isinstance(node, _Obj):
            self._error(root.line, "edition 必须是对象", "edition must be an object")
            return None
        self._fields(node, "版本", "edition", required={"code", "name"}, optional={"issued_on", "source"})
        code = self._code(node, "code")
        name = self._text(node, "name", MAX_NAME_LENGTH)
        issued_on = self._date(node, "issued_on")
        source = self._text(node, "source", MAX_TEXT_LENGTH, required=False)
        if code is None or name is None or issued_on is _INVALID:
            return None
        assert not isinstance(issued_on, _Invalid)
        return CatalogueEdition(code=code, name=name, issued_on=issued_on, source=source or "")

    def _categories(self, root: _Obj) -> tuple[CategorySpec, ...] | None:
        nodes = self._objects(root, "categories", "类别", "category")
        if nodes is None:
            return None
        if not nodes and "categories" in root.fields:
            self._error(root.line, "目录没有任何类别", "the catalogue has no categories")
            return None
        seen_categories: dict[str, int] = {}
        seen_kinds: dict[str, int] = {}
        built: list[CategorySpec] = []
        ok = True
        for position, node in enumerate(nodes, start=1):
            category = self._category(node, position, seen_categories, seen_kinds)
            if category is None:
                ok = False
            else:
                built.append(category)
        return tuple(built) if ok else None

    def _category(
        self, node: _Obj, position: int, seen_categories: dict[str, int], seen_kinds: dict[str, int]
    ) -> CategorySpec | None:
        self._fields(
            node,
            "类别",
            "category",
            required={"code", "name", "domain", "product_kinds"},
            optional={"sort_order", "note"},
        )
        code = self._code(node, "code")
        if code is not None:
            if code in seen_categories:
                self._error(
                    node.line,
                    f"类别代码“{code}”重复（第 {seen_categories[code]} 行已有）",
                    f"duplicate category code '{code}' (first on line {seen_categories[code]})",
                )
                code = None
            else:
                seen_categories[code] = node.line
        name = self._text(node, "name", MAX_NAME_LENGTH)
        domain = self._enum(node, "domain", CatalogueDomain, "领域", "domain")
        sort_order: int | None = position
        if node.fields.get("sort_order") is not None:
            sort_order = self._int(node, "sort_order", minimum=0, zh="排序号必须为非负整数", en="a non-negative")
        note = self._text(node, "note", MAX_TEXT_LENGTH, required=False)
        kinds = self._kinds(node, domain, seen_kinds)
        if code is None or name is None or domain is None or sort_order is None or kinds is None:
            return None
        return CategorySpec(
            code=code,
            name=name,
            domain=domain,
            sort_order=sort_order,
            product_kinds=kinds,
            note=note,
            line=node.line,
        )

    def _kinds(
        self, category: _Obj, domain: CatalogueDomain | None, seen_kinds: dict[str, int]
    ) -> tuple[ProductKindSpec, ...] | None:
        nodes = self._objects(category, "product_kinds", "产品种类", "product kind")
        if nodes is None:
            return None
        built: list[ProductKindSpec] = []
        ok = True
        for node in nodes:
            kind = self._kind(node, domain, seen_kinds)
            if kind is None:
                ok = False
            else:
                built.append(kind)
        return tuple(built) if ok else None

    def _kind(self, node: _Obj, domain: CatalogueDomain | None, seen_kinds: dict[str, int]) -> ProductKindSpec | None:
        self._fields(
            node,
            "产品种类",
            "product kind",
            required={
                "code",
                "name",
                "needs_xk",
                "needs_ccc",
                "needs_sc",
                "risk_level",
                "sample_quantity",
                "backup_quantity",
                "quantity_unit",
            },
            optional={
                "ccc_code",
                "standards",
                "main_regions",
                "quantity_source",
                "inspection_items",
            },
        )
        line = node.line
        code = self._code(node, "code")
        if code is not None:
            if code in seen_kinds:
                self._error(
                    line,
                    f"产品种类代码“{code}”重复（第 {seen_kinds[code]} 行已有）",
                    f"duplicate product kind code '{code}' (first on line {seen_kinds[code]})",
                )
                code = None
            else:
                seen_kinds[code] = line
        name = self._text(node, "name", MAX_NAME_LENGTH)
        needs_xk = self._bool(node, "needs_xk")
        needs_ccc = self._bool(node, "needs_ccc")
        needs_sc = self._bool(node, "needs_sc")
        ccc_code = self._ccc_code(node, needs_ccc)
        risk = self._enum(node, "risk_level", RiskLevel, "风险等级", "risk_level")
        sample = self._int(node, "sample_quantity", minimum=1, zh="样品数量必须为正整数", en="a positive")
        backup = self._int(node, "backup_quantity", minimum=0, zh="备样数量必须为非负整数", en="a non-negative")
        unit = self._text(node, "quantity_unit", MAX_NAME_LENGTH)
        quantity_source = self._text(node, "quantity_source", MAX_TEXT_LENGTH, required=False)
        standards = self._standards(node)
        main_regions = self._text(node, "main_regions", MAX_TEXT_LENGTH, required=False)
        self._licences_fit_domain(line, domain, needs_xk, needs_ccc, needs_sc)
        items = self._items(node)
        if (
            code is None
            or name is None
            or needs_xk is None
            or needs_ccc is None
            or needs_sc is None
            or ccc_code is _INVALID
            or risk is None
            or sample is None
            or backup is None
            or unit is None
            or standards is None
            or items is None
        ):
            return None
        assert not isinstance(ccc_code, _Invalid)
        return ProductKindSpec(
            code=code,
            name=name,
            needs_xk=needs_xk,
            needs_ccc=needs_ccc,
            needs_sc=needs_sc,
            ccc_code=ccc_code,
            risk_level=risk,
            sample_quantity=sample,
            backup_quantity=backup,
            quantity_unit=unit,
            standards=standards,
            main_regions=main_regions,
            inspection_items=items,
            quantity_source=quantity_source,
            line=line,
        )

    def _licences_fit_domain(
        self,
        line: int,
        domain: CatalogueDomain | None,
        needs_xk: bool | None,
        needs_ccc: bool | None,
        needs_sc: bool | None,
    ) -> None:
        # SC is the food production licence; XK and CCC apply to industrial products only.
        if domain is None:
            return
        if needs_sc and domain is not CatalogueDomain.FOOD:
            self._error(
                line,
                "只有食品类别的产品需要食品生产许可（SC）",
                "only kinds in a food category can need an SC licence",
            )
        if (needs_xk or needs_ccc) and domain is not CatalogueDomain.INDUSTRIAL:
            self._error(
                line,
                "只有工业产品类别的产品需要生产许可证（XK）或强制性认证（CCC）",
                "only kinds in an industrial category can need XK or CCC",
            )

    def _items(self, kind: _Obj) -> tuple[InspectionItemSpec, ...] | None:
        nodes = self._objects(kind, "inspection_items", "检验项目", "inspection item", required=False)
        if nodes is None:
            return None
        seen: dict[str, int] = {}
        built: list[InspectionItemSpec] = []
        ok = True
        for node in nodes:
            item = self._item(node, seen)
            if item is None:
                ok = False
            else:
                built.append(item)
        return tuple(built) if ok else None

    def _item(self, node: _Obj, seen: dict[str, int]) -> InspectionItemSpec | None:
        self._fields(
            node,
            "检验项目",
            "inspection item",
            required={"code", "name", "judging_standard", "method_standard", "limit", "criticality"},
            optional={"detection_limit"},
        )
        code = self._code(node, "code")
        if code is not None:
            if code in seen:
                self._error(
                    node.line,
                    f"检验项目代码“{code}”在本产品种类中重复（第 {seen[code]} 行已有）",
                    f"duplicate inspection item code '{code}' in this kind (first on line {seen[code]})",
                )
                code = None
            else:
                seen[code] = node.line
        name = self._text(node, "name", MAX_NAME_LENGTH)
        judging = self._text(node, "judging_standard", MAX_NAME_LENGTH)
        method = self._text(node, "method_standard", MAX_NAME_LENGTH)
        limit = self._limit(node)
        detection_limit = self._text(node, "detection_limit", MAX_NAME_LENGTH, required=False)
        criticality = self._enum(node, "criticality", Criticality, "严重程度", "criticality")
        if code is None or name is None or judging is None or method is None or limit is None or criticality is None:
            return None
        return InspectionItemSpec(
            code=code,
            name=name,
            judging_standard=judging,
            method_standard=method,
            limit=limit,
            detection_limit=detection_limit,
            criticality=criticality,
            line=node.line,
        )

    def _limit(self, node: _Obj) -> Limit | None:
        if "limit" not in node.fields:
            return None
        raw = node.fields["limit"]
        if isinstance(raw, _Obj):
            for key in raw.duplicates:
                self._error(raw.line, f"字段“{key}”重复", f"duplicate field '{key}'")
            raw = raw.fields
        if not isinstance(raw, dict):
            self._error(node.line, "limit 必须是对象", "limit must be an object")
            return None
        try:
            return Limit.from_dict(raw)
        except LimitFormatError as error:
            for reason in error.reasons:
                self._errors.append(LineError(node.line, reason))
            return None

    # ------------------------------------------------------------- field checks

    def _fields(
        self,
        node: _Obj,
        what_zh: str,
        what_en: str,
        required: set[str],
        optional: frozenset[str] | set[str] = frozenset(),
    ) -> None:
        for key in node.duplicates:
            self._error(node.line, f"字段“{key}”重复", f"duplicate field '{key}'")
        for key in node.fields:
            if key not in required and key not in optional:
                self._error(node.line, f"{what_zh}中有未知字段“{key}”", f"unknown field '{key}' in {what_en}")
        for key in sorted(required):
            if key not in node.fields:
                self._error(node.line, f"{what_zh}缺少字段“{key}”", f"{what_en} lacks field '{key}'")

    def _objects(self, node: _Obj, key: str, what_zh: str, what_en: str, required: bool = True) -> list[_Obj] | None:
        if key not in node.fields:
            return None if required else []
        raw = node.fields[key]
        if raw is None and not required:
            return []
        if not isinstance(raw, list):
            self._error(node.line, f"{key} 必须是数组", f"{key} must be an array")
            return None
        objects: list[_Obj] = []
        ok = True
        for element in raw:
            if isinstance(element, _Obj):
                objects.append(element)
            else:
                self._error(node.line, f"{key} 中每个{what_zh}必须是对象", f"each {what_en} in {key} must be an object")
                ok = False
        return objects if ok else None

    def _text(self, node: _Obj, key: str, max_length: int, required: bool = True) -> str | None:
        raw = node.fields.get(key)
        if raw is _INVALID:
            return None
        if raw is None:
            if required and key in node.fields:
                self._error(node.line, f"{key} 不能为空", f"{key} must not be empty")
            return None
        if not isinstance(raw, str):
            self._error(node.line, f"{key} 必须是字符串", f"{key} must be a string")
            return None
        text = raw.strip()
        if _BAD_CHAR_RE.search(text):
            self._error(node.line, f"{key} 含有无效字符", f"{key} contains an invalid character")
            return None
        if len(text) > max_length:
            self._error(node.line, f"{key} 超过 {max_length} 个字符", f"{key} is longer than {max_length} characters")
            return None
        if not text:
            if required:
                self._error(node.line, f"{key} 不能为空", f"{key} must not be empty")
            return None
        return text

    def _code(self, node: _Obj, key: str) -> str | None:
        text = self._text(node, key, MAX_CODE_LENGTH)
        if text is not None and not _CODE_RE.fullmatch(text):
            self._error(
                node.line,
                f"代码“{text}”只能由字母、数字、点、下划线和连字符组成",
                f"code '{text}' may hold only letters, digits, '.', '_' and '-'",
            )
            return None
        return text

    def _bool(self, node: _Obj, key: str) -> bool | None:
        raw = node.fields.get(key)
        if raw is _INVALID or key not in node.fields:
            return None
        if not isinstance(raw, bool):
            self._error(node.line, f"{key} 必须是 true 或 false", f"{key} must be true or false")
            return None
        return raw

    def _int(self, node: _Obj, key: str, minimum: int, zh: str, en: str) -> int | None:
        raw = node.fields.get(key)
        if raw is _INVALID or key not in node.fields:
            return None
        if not isinstance(raw, int) or isinstance(raw, bool) or not minimum <= raw <= 1_000_000_000:
            self._error(node.line, zh, f"{key} must be {en} integer")
            return None
        return raw

    def _enum(self, node: _Obj, key: str, enum_type: type[_E], zh: str, en: str) -> _E | None:
        raw = node.fields.get(key)
        if raw is _INVALID or key not in node.fields:
            return None
        allowed = ", ".join(member.value for member in enum_type)
        if not isinstance(raw, str) or raw not in enum_type._value2member_map_:
            self._error(node.line, f"{zh}“{raw}”无效（允许：{allowed}）", f"bad {en} '{raw}' (allowed: {allowed})")
            return None
        return enum_type(raw)

    def _date(self, node: _Obj, key: str) -> dt.date | _Invalid | None:
        raw = node.fields.get(key)
        if raw is None or raw is _INVALID:
            return None if raw is None else _INVALID
        if isinstance(raw, str) and _DATE_RE.fullmatch(raw.strip()):
            try:
                return dt.date.fromisoformat(raw.strip())
            except ValueError:
                pass
        self._error(node.line, f"{key}“{raw}”应为 YYYY-MM-DD 日期", f"{key} '{raw}' must be a YYYY-MM-DD date")
        return _INVALID

    def _ccc_code(self, node: _Obj, needs_ccc: bool | None) -> str | _Invalid | None:
        raw = node.fields.get("ccc_code")
        if raw is None or raw is _INVALID:
            return None if raw is None else _INVALID
        if not isinstance(raw, str):
            self._error(node.line, "ccc_code 必须是字符串或 null", "ccc_code must be a string or null")
            return _INVALID
        text = raw.strip()
        if not text:
            return None
        if not _CCC_CODE_RE.fullmatch(text):
            self._error(node.line, f"CCC 产品代码“{text}”必须是 4 位数字", f"CCC code '{text}' must be 4 digits")
            return _INVALID
        if needs_ccc is False:
            self._error(
                node.line,
                "给出了 CCC 产品代码，但 needs_ccc 为 false",
                "a CCC code is given but needs_ccc is false",
            )
            return _INVALID
        return text

    def _standards(self, node: _Obj) -> tuple[str, ...] | None:
        raw = node.fields.get("standards")
        if raw is None:
            return ()
        if not isinstance(raw, list) or not all(isinstance(element, str) for element in raw):
            self._error(node.line, "standards 必须是字符串数组", "standards must be an array of strings")
            return None
        standards = tuple(element.strip() for element in raw)
        # ";" separates standards in the CSV form, so it cannot be part of one.
        if any(
            not element or len(element) > MAX_NAME_LENGTH or ";" in element or _BAD_CHAR_RE.search(element)
            for element in standards
        ):
            self._error(node.line, "standards 中有空的或无效的标准号", "standards holds an empty or invalid entry")
            return None
        if len(set(standards)) != len(standards):
            self._error(node.line, "standards 中有重复的标准号", "standards lists a standard twice")
            return None
        return standards


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
