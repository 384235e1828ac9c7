"""Unified social credit code (统一社会信用代码, GB 32100-2015), checked with python-stdnum's mod-31 digit.

stdnum's ``validate`` refuses the letter authorities (A, N, Y) that the standard allows in position 1, so the
layout is checked here and only ``calc_check_digit`` is taken from stdnum.
"""

from __future__ import annotations

import logging
import re

from stdnum.cn import uscc as stdnum_uscc

from inspector_app.domain.identifiers.identification import Identification
from inspector_app.domain.identifiers.identifier_error import IdentifierError
from inspector_app.domain.identifiers.identifier_kind import IdentifierKind
from inspector_app.domain.identifiers.org_code import format_org_code, is_valid_org_code
from inspector_app.domain.identifiers.regions import region_name

logger = logging.getLogger(__name__)

_KIND = IdentifierKind.USCC
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_LAYOUT = re.compile(r"^[0-9A-Z][0-9A-Z]\d{6}[0-9A-Z]{10}$")

# GB 32100-2015 table 1: registration authority → (name, {entity type code: name}).
AUTHORITIES: dict[str, tuple[str, dict[str, str]]] = {
    "1": ("机构编制", {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"}),
    "2": ("外交", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": (
        "司法行政",
        {
            "1": "律师执业机构",
            "2": "公证处",
            "3": "基层法律服务所",
            "4": "司法鉴定机构",
            "5": "仲裁委员会",
            "9": "其他",
        },
    ),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": ("旅游", {"1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地（大陆）代表机构", "9": "其他"}),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商（市场监管）", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": ("农业", {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"}),
    "Y": ("其他", {"1": "其他"}),
}


def parse_uscc(text: str, raw: str, symbology: str | None = None) -> Identification:
    """Check an 18-character USCC (already upper-cased) and split it into its parts."""
    if len(text) != 18:
        raise IdentifierError(
            _KIND,
            "bad_length",
            f"统一社会信用代码应为 18 位，实为 {len(text)} 位",
            f"A USCC has 18 characters, not {len(text)}",
        )
    if not _LAYOUT.match(text):
        raise IdentifierError(
            _KIND,
            "bad_format",
            "统一社会信用代码第 3-8 位应为数字（行政区划码），其余为数字或大写字母",
            "A USCC has digits in positions 3-8 (region code) and digits or capital letters elsewhere",
        )
    forbidden = sorted({char for char in text if char not in _CHARS})
    if forbidden:
        raise IdentifierError(
            _KIND,
            "bad_format",
            f"统一社会信用代码不使用字母 I、O、S、V、Z：{''.join(forbidden)}",
            f"A USCC never contains the letters I, O, S, V, Z: {''.join(forbidden)}",
        )
    expected = stdnum_uscc.calc_check_digit(text[:17])
    if text[17] != expected:
        raise IdentifierError(
            _KIND,
            "check_digit",
            f"统一社会信用代码校验码错误：应为 {expected}，实为 {text[17]}",
            f"USCC check character is wrong: expected {expected}, got {text[17]}",
        )
    region_code = text[2:8]
    org_code = format_org_code(text[8:17])
    details: dict[str, str] = {"authority_code": text[0], "entity_type_code": text[1]}
    authority = AUTHORITIES.get(text[0])
    if authority is not None:
        details["authority"] = authority[0]
        entity_type = authority[1].get(text[1])
        if entity_type is not None:
            details["entity_type"] = entity_type
    name = region_name(region_code)
    if name is not None:
        details["region_name"] = name
    # Codes issued since 2015 still carry a GB 11714 check in positions 9-17; older records may not.
    details["org_code_check"] = "通过 passed" if is_valid_org_code(text[8:17]) else "不符 mismatch"
    details["check_char"] = text[17]
    return Identification(
        kind=_KIND,
        raw=raw,
        normalized=text,
        symbology=symbology,
        uscc=text,
        org_code=org_code,
        region_code=region_code,
        details=details,
    )
