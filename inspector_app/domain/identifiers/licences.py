"""Licence and certificate numbers: food production (SC), industrial production (XK), CCC certificates.

None of the three has a published check algorithm (the SC number's last digit is a check digit whose
algorithm is not public), so only the layout, the region and the plausibility of the parts are checked.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from inspector_app.domain.identifiers.identification import Identification
from inspector_app.domain.identifiers.identifier_error import IdentifierError
from inspector_app.domain.identifiers.identifier_kind import IdentifierKind
from inspector_app.domain.identifiers.regions import province_by_abbreviation, province_by_code, region_name

logger = logging.getLogger(__name__)

SC_SHAPE = re.compile(r"^SC(?P<category>\d{3})(?P<region>\d{6})(?P<sequence>\d{4})(?P<check>\d)$")
XK_START = re.compile(r"^(?:\(?[\u3400-\u9fff]\)?)?XK")
_XK_SHAPE = re.compile(
    r"^(?:\((?P<bracketed>[\u3400-\u9fff])\)|(?P<bare>[\u3400-\u9fff]))?"
    r"XK(?P<industry>\d{2})-?(?P<product>\d{3})-?(?P<sequence>\d{5})$"
)
CCC_LENGTH = 16
# The CCC regime started with the 2001 catalogue; an earlier year cannot be a certificate.
CCC_FIRST_YEAR = 2001
CCC_BODIES = {"01": "中国质量认证中心 CQC"}
_NOT_VERIFIED = "算法未公开，未校验 algorithm not published, not verified"


def parse_sc_licence(text: str, raw: str, symbology: str | None = None) -> Identification:
    """``SC`` + category (1xx food, 2xx additive) + region + sequence + check digit, e.g. SC10212011600523."""
    kind = IdentifierKind.SC_LICENCE
    match = SC_SHAPE.match(text)
    if match is None:
        digits = text[2:]
        if digits.isascii() and digits.isdigit():
            raise IdentifierError(
                kind,
                "bad_length",
                f"食品生产许可证编号应为 SC 加 14 位数字，实为 {len(digits)} 位",
                f"An SC licence number is SC and 14 digits, not {len(digits)}",
            )
        raise IdentifierError(
            kind,
            "bad_format",
            "食品生产许可证编号应为 SC 加 14 位数字，如 SC10212011600523",
            "An SC licence number is SC and 14 digits, e.g. SC10212011600523",
        )
    category = match.group("category")
    category_type = {"1": "食品 food", "2": "食品添加剂 food additive"}.get(category[0])
    if category_type is None:
        raise IdentifierError(
            kind,
            "bad_value",
            f"食品类别编码应以 1（食品）或 2（食品添加剂）开头，实为 {category}",
            f"The category code starts with 1 (food) or 2 (additive), not {category}",
        )
    region_code = match.group("region")
    province = province_by_code(region_code)
    if province is None:
        raise IdentifierError(
            kind,
            "bad_region",
            f"未知的省级行政区划代码：{region_code[:2]}",
            f"Unknown province code {region_code[:2]} in region {region_code}",
        )
    details = {
        "category_code": category,
        "category_type": category_type,
        "food_category_number": category[1:],
        "region_name": region_name(region_code) or province.name,
        "sequence": match.group("sequence"),
        "check_digit": f"{match.group('check')}（{_NOT_VERIFIED}）",
    }
    return Identification(
        kind=kind,
        raw=raw,
        normalized=text,
        symbology=symbology,
        region_code=region_code,
        licence_number=text,
        details=details,
    )


def parse_xk_licence(text: str, raw: str, symbology: str | None = None) -> Identification:
    """``XK12-001-00018`` (hyphens optional), optionally after a province: ``(鄂)XK12-001-00018``."""
    kind = IdentifierKind.XK_LICENCE
    match = _XK_SHAPE.match(text)
    if match is None:
        raise IdentifierError(
            kind,
            "bad_format",
            "工业产品生产许可证编号应为 XK + 2 位行业 + 3 位产品 + 5 位序号，如 (鄂)XK12-001-00018",
            "An XK licence number is XK, 2-digit industry, 3-digit product, 5-digit sequence, e.g. (鄂)XK12-001-00018",
        )
    number = f"XK{match.group('industry')}-{match.group('product')}-{match.group('sequence')}"
    details = {
        "industry_code": match.group("industry"),
        "product_code": match.group("product"),
        "sequence": match.group("sequence"),
    }
    region_code: str | None = None
    abbreviation = match.group("bracketed") or match.group("bare")
    if abbreviation is not None:
        province = province_by_abbreviation(abbreviation)
        if province is None:
            raise IdentifierError(
                kind,
                "bad_region",
                f"未知的省份简称：{abbreviation}",
                f"Unknown province abbreviation {abbreviation!r}",
            )
        number = f"({abbreviation}){number}"
        region_code = f"{province.code}0000"
        details["province"] = province.name
        details["province_abbreviation"] = abbreviation
    return Identification(
        kind=kind,
        raw=raw,
        normalized=number,
        symbology=symbology,
        region_code=region_code,
        licence_number=number,
        details=details,
    )


def parse_ccc_certificate(
    digits: str, raw: str, symbology: str | None = None, today: dt.date | None = None
) -> Identification:
    """16 digits: year (4) + certification body (2, 01 = CQC) + product code (4) + sequence (6)."""
    kind = IdentifierKind.CCC_CERTIFICATE
    if len(digits) != CCC_LENGTH or not (digits.isascii() and digits.isdigit()):
        raise IdentifierError(
            kind,
            "bad_length",
            "CCC 证书编号应为 16 位数字",
            "A CCC certificate number has 16 digits",
        )
    year = int(digits[:4])
    # A certificate is dated when issued; one year of slack covers a device clock that is behind.
    last_year = (today or dt.date.today()).year + 1
    if not CCC_FIRST_YEAR <= year <= last_year:
        raise IdentifierError(
            kind,
            "bad_date",
            f"CCC 证书编号的年份不合理：{year}（应在 {CCC_FIRST_YEAR}–{last_year} 之间）",
            f"Implausible year {year} in a CCC certificate number (expected {CCC_FIRST_YEAR}-{last_year})",
        )
    body_code = digits[4:6]
    details = {
        "year": str(year),
        "body_code": body_code,
        "product_code": digits[6:10],
        "product_category": digits[6:8],
        "sequence": digits[10:],
    }
    body = CCC_BODIES.get(body_code)
    if body is not None:
        details["body"] = body
    return Identification(
        kind=kind,
        raw=raw,
        normalized=digits,
        symbology=symbology,
        licence_number=digits,
        details=details,
    )
