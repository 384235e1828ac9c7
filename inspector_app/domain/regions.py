"""Administrative divisions (GB/T 2260): the shipped table of region codes and the lookups built on it.

The table is CSV text with the header ``code,name,level,parent``; ``level`` is ``province``, ``prefecture`` or
``county`` and ``parent`` is empty for a province. This module parses text handed to it and reads no file itself
(the service reads ``resources/regions/gb2260.csv``).

The shipped table holds all 31 province-level divisions, the main prefecture-level cities and several hundred
county-level districts and cities, each checked against the GB/T 2260 code list. It is not the whole list: it is
the part the demo data and the lookups here need, and an unknown code is answered with ``None``, never guessed.
"""

from __future__ import annotations

import csv
import enum
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from inspector_app.domain.errors import ImportFileError, LineError

logger = logging.getLogger(__name__)

HEADER = ("code", "name", "level", "parent")

# Statistical placeholders of GB/T 2260 ("districts of the city", "counties") that are not part of a postal name.
PLACEHOLDER_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# Short forms of the autonomous regions' names, as used in company names ("广西XX有限公司").
_SHORT_PROVINCE_NAMES = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
}
# Suffixes dropped from a city or county name to get its short form, longest first.
_SHORT_SUFFIXES = ("新区", "回族区", "省", "市", "区", "县")


class RegionLevel(enum.StrEnum):
    """The level of a division."""

    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"


_LEVEL_RANK = {RegionLevel.PROVINCE: 0, RegionLevel.PREFECTURE: 1, RegionLevel.COUNTY: 2}


@dataclass(frozen=True, slots=True)
class Region:
    """One division: its 6-digit code, official name, level and parent code (``None`` for a province)."""

    code: str
    name: str
    level: RegionLevel
    parent: str | None

    @property
    def is_placeholder(self) -> bool:
        """Whether this is a statistical grouping ("市辖区") rather than a named place."""
        return self.name in PLACEHOLDER_NAMES


class Regions:
    """A parsed region table, answering name and province lookups by code."""

    def __init__(self, regions: tuple[Region, ...]) -> None:
        self._by_code = {region.code: region for region in regions}
        self._ordered = regions

    @classmethod
    def parse(cls, text: str) -> Regions:
        """Parse the CSV ``text``; raise ``ImportFileError`` listing every bad line, or return the table."""
        errors: list[LineError] = []
        text = text.removeprefix("\ufeff")
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            rows = list(reader)
        except csv.Error as exc:
            raise ImportFileError([LineError(reader.line_num, f"CSV 格式错误 / malformed CSV: {exc}")]) from exc
        if not rows or tuple(cell.strip() for cell in rows[0]) != HEADER:
            raise ImportFileError([LineError(1, f"表头应为 / the header must be: {','.join(HEADER)}")])
        parsed: list[tuple[int, Region]] = []
        seen: dict[str, int] = {}
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            region = _parse_row(number, row, errors)
            if region is None:
                continue
            if region.code in seen:
                errors.append(
                    LineError(number, f"代码重复（见第 {seen[region.code]} 行）/ duplicate code {region.code}")
                )
                continue
            seen[region.code] = number
            parsed.append((number, region))
        by_code = {region.code: region for _, region in parsed}
        for number, region in parsed:
            _check_parent(number, region, by_code, errors)
        if errors:
            raise ImportFileError(errors)
        return cls(tuple(region for _, region in parsed))

    def __len__(self) -> int:
        return len(self._ordered)

    def __iter__(self) -> Iterator[Region]:
        return iter(self._ordered)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Region | None:
        """The division with ``code``, or ``None``."""
        return self._by_code.get(code)

    def name(self, code: str) -> str | None:
        """The official name of ``code`` ("西湖区"), or ``None`` when it is not in the table."""
        region = self._by_code.get(code)
        return region.name if region else None

    def province_of(self, code: str) -> Region | None:
        """The province a code belongs to (by its first two digits), or ``None``."""
        if len(code) < 2:
            return None
        return self._by_code.get(f"{code[:2]}0000")

    def prefecture_of(self, code: str) -> Region | None:
        """The prefecture-level division above a county (or the prefecture itself), or ``None``."""
        region = self._by_code.get(code)
        while region is not None and region.level is RegionLevel.COUNTY:
            region = self._by_code.get(region.parent or "")
        if region is None or region.level is not RegionLevel.PREFECTURE:
            return None
        return region

    def chain(self, code: str) -> tuple[Region, ...]:
        """The divisions from the province down to ``code``; empty when ``code`` is unknown."""
        chain: list[Region] = []
        region = self._by_code.get(code)
        while region is not None:
            chain.append(region)
            region = self._by_code.get(region.parent) if region.parent else None
        return tuple(reversed(chain))

    def full_name(self, code: str) -> str | None:
        """The name as written in an address: "浙江省杭州市西湖区", "北京市朝阳区"; ``None`` when unknown."""
        chain = self.chain(code)
        if not chain:
            return None
        return "".join(region.name for region in chain if not region.is_placeholder)

    def short_name(self, code: str) -> str | None:
        """The short form used in company names: "杭州" for 杭州市, "广西" for 广西壮族自治区, "浦东" for 浦东新区."""
        name = self.name(code)
        if name is None:
            return None
        if name in _SHORT_PROVINCE_NAMES:
            return _SHORT_PROVINCE_NAMES[name]
        for suffix in _SHORT_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                return name[: -len(suffix)]
        return name

    def provinces(self) -> tuple[Region, ...]:
        """All province-level divisions, in code order."""
        return tuple(region for region in self._ordered if region.level is RegionLevel.PROVINCE)

    def counties(self, province_code: str | None = None) -> tuple[Region, ...]:
        """County-level divisions (districts, counties, county-level cities), optionally of one province."""
        prefix = province_code[:2] if province_code else ""
        return tuple(
            region for region in self._ordered if region.level is RegionLevel.COUNTY and region.code.startswith(prefix)
        )


def _parse_row(number: int, row: list[str], errors: list[LineError]) -> Region | None:
    if len(row) != len(HEADER):
        errors.append(LineError(number, f"应有 {len(HEADER)} 列，实有 {len(row)} 列 / expected 4 columns"))
        return None
    code, name, level_text, parent = (cell.strip() for cell in row)
    ok = True
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        errors.append(LineError(number, f"代码应为 6 位数字 / the code must be 6 digits: {code!r}"))
        ok = False
    if not name:
        errors.append(LineError(number, "名称为空 / the name is empty"))
        ok = False
    try:
        level = RegionLevel(level_text)
    except ValueError:
        errors.append(LineError(number, f"级别应为 province/prefecture/county / unknown level {level_text!r}"))
        return None
    if level is RegionLevel.PROVINCE:
        if parent:
            errors.append(LineError(number, "省级行政区不应有上级 / a province has no parent"))
            ok = False
        elif ok and not code.endswith("0000"):
            errors.append(LineError(number, "省级代码应以 0000 结尾 / a province code ends in 0000"))
            ok = False
    elif not (len(parent) == 6 and parent.isascii() and parent.isdigit()):
        errors.append(LineError(number, f"上级代码应为 6 位数字 / the parent must be 6 digits: {parent!r}"))
        ok = False
    if not ok:
        return None
    return Region(code=code, name=name, level=level, parent=parent or None)


def _check_parent(number: int, region: Region, by_code: dict[str, Region], errors: list[LineError]) -> None:
    if region.parent is None:
        return
    parent = by_code.get(region.parent)
    if parent is None:
        errors.append(LineError(number, f"上级代码不存在 / unknown parent {region.parent}"))
    elif _LEVEL_RANK[parent.level] >= _LEVEL_RANK[region.level]:
        errors.append(LineError(number, f"上级级别不高于本级 / parent {parent.code} is not a higher level"))
    elif parent.code[:2] != region.code[:2]:
        errors.append(LineError(number, f"上级不在同一省 / parent {parent.code} is in another province"))
