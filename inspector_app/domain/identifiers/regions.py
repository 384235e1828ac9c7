"""Administrative division codes (GB/T 2260) and province abbreviations.

Names come from python-stdnum's bundled division list (the one it uses for resident ID cards), which also
keeps abolished codes with the years they were in use. Codes change every year, so an unknown county is not
an error by itself; only the province (the first two digits) is checked strictly.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from stdnum import numdb

logger = logging.getLogger(__name__)

# Province-level divisions: GB/T 2260 code → (full name, abbreviations used on licences).
PROVINCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "11": ("北京市", ("京",)),
    "12": ("天津市", ("津",)),
    "13": ("河北省", ("冀",)),
    "14": ("山西省", ("晋",)),
    "15": ("内蒙古自治区", ("蒙",)),
    "21": ("辽宁省", ("辽",)),
    "22": ("吉林省", ("吉",)),
    "23": ("黑龙江省", ("黑",)),
    "31": ("上海市", ("沪",)),
    "32": ("江苏省", ("苏",)),
    "33": ("浙江省", ("浙",)),
    "34": ("安徽省", ("皖",)),
    "35": ("福建省", ("闽",)),
    "36": ("江西省", ("赣",)),
    "37": ("山东省", ("鲁",)),
    "41": ("河南省", ("豫",)),
    "42": ("湖北省", ("鄂",)),
    "43": ("湖南省", ("湘",)),
    "44": ("广东省", ("粤",)),
    "45": ("广西壮族自治区", ("桂",)),
    "46": ("海南省", ("琼",)),
    "50": ("重庆市", ("渝",)),
    "51": ("四川省", ("川", "蜀")),
    "52": ("贵州省", ("贵", "黔")),
    "53": ("云南省", ("云", "滇")),
    "54": ("西藏自治区", ("藏",)),
    "61": ("陕西省", ("陕", "秦")),
    "62": ("甘肃省", ("甘", "陇")),
    "63": ("青海省", ("青",)),
    "64": ("宁夏回族自治区", ("宁",)),
    "65": ("新疆维吾尔自治区", ("新",)),
    "71": ("台湾省", ("台",)),
    "81": ("香港特别行政区", ("港",)),
    "82": ("澳门特别行政区", ("澳",)),
}

# Codes registered by national authorities (e.g. USCCs of central enterprises: 91100000...).
NATIONAL_REGION_CODE = "100000"

_ABBREVIATIONS: dict[str, str] = {abbr: code for code, (_, abbrs) in PROVINCES.items() for abbr in abbrs}
_PERIOD = re.compile(r"^\[(?P<start>\d*)-(?P<end>\d*)\](?P<name>.*)$")


@dataclass(frozen=True, slots=True)
class Province:
    """A province-level division: its two-digit code, full name and licence abbreviation."""

    code: str
    name: str
    abbreviation: str


def province_by_code(code: str) -> Province | None:
    """The province whose code starts ``code`` (two digits or more), or ``None``."""
    entry = PROVINCES.get(code[:2])
    if entry is None:
        return None
    name, abbreviations = entry
    return Province(code=code[:2], name=name, abbreviation=abbreviations[0])


def province_by_abbreviation(abbreviation: str) -> Province | None:
    """The province a one-character abbreviation (鄂, 粤, ...) stands for, or ``None``."""
    code = _ABBREVIATIONS.get(abbreviation)
    if code is None:
        return None
    name, _ = PROVINCES[code]
    return Province(code=code, name=name, abbreviation=abbreviation)


def is_known_province(region_code: str) -> bool:
    """Whether a six-digit region code belongs to a province-level division (or is the national code)."""
    return region_code == NATIONAL_REGION_CODE or region_code[:2] in PROVINCES


def _current_name(entries: str) -> str:
    """Pick the name still in use from stdnum's ``[start-end]name,...`` list, else the latest one."""
    best_name = ""
    best_end = -1
    for entry in entries.split(","):
        match = _PERIOD.match(entry)
        if match is None:
            return entry
        end = match.group("end")
        if not end:
            return match.group("name")
        if int(end) > best_end:
            best_end = int(end)
            best_name = f"{match.group('name')}（至{end}年）"
    return best_name


def _lookup(code: str) -> str | None:
    """The county-level name stdnum knows for a full six-digit code."""
    parts = numdb.get("cn/loc").info(code)
    for _, props in parts[1:]:
        county = props.get("county")
        if county:
            return _current_name(county)
    return None


def region_name(region_code: str) -> str | None:
    """A display name for a six-digit GB/T 2260 code, e.g. ``110108`` → ``北京市 海淀区``.

    Returns ``None`` when the code is malformed or its province is unknown; a known province with an
    unknown city or county gives the province name alone.
    """
    if len(region_code) != 6 or not region_code.isascii() or not region_code.isdigit():
        return None
    if region_code == NATIONAL_REGION_CODE:
        return "国家级 national"
    province = province_by_code(region_code)
    if province is None:
        return None
    names = [province.name]
    if region_code[2:] == "0000":
        return province.name
    city_code = region_code[:4] + "00"
    city = _lookup(city_code) if city_code != region_code else None
    if city and city not in ("市辖区", "县", province.name):
        names.append(city)
    county = _lookup(region_code)
    if county and county != "市辖区":
        names.append(county)
    return " ".join(names)
