"""The kinds of code the workstation recognises."""

from __future__ import annotations

import enum


class IdentifierKind(enum.StrEnum):
    """What a scanned or typed code turned out to be. The value is the stable machine name."""

    GTIN = "gtin"
    GS1 = "gs1"
    DIGITAL_LINK = "digital_link"
    USCC = "uscc"
    ORG_CODE = "org_code"
    SC_LICENCE = "sc_licence"
    XK_LICENCE = "xk_licence"
    CCC_CERTIFICATE = "ccc_certificate"
    DRUG_TRACE_CODE = "drug_trace_code"
    UNKNOWN = "unknown"

    @property
    def label_zh(self) -> str:
        """The Chinese name shown to inspectors."""
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        """The English name."""
        return _LABELS[self][1]


_LABELS: dict[IdentifierKind, tuple[str, str]] = {
    IdentifierKind.GTIN: ("商品条码", "GTIN"),
    IdentifierKind.GS1: ("GS1 元素串", "GS1 element string"),
    IdentifierKind.DIGITAL_LINK: ("GS1 数字链接", "GS1 Digital Link"),
    IdentifierKind.USCC: ("统一社会信用代码", "unified social credit code"),
    IdentifierKind.ORG_CODE: ("组织机构代码", "organisation code"),
    IdentifierKind.SC_LICENCE: ("食品生产许可证编号", "food production licence (SC)"),
    IdentifierKind.XK_LICENCE: ("工业产品生产许可证编号", "industrial production licence (XK)"),
    IdentifierKind.CCC_CERTIFICATE: ("CCC 认证证书编号", "CCC certificate number"),
    IdentifierKind.DRUG_TRACE_CODE: ("药品追溯码", "drug trace code"),
    IdentifierKind.UNKNOWN: ("未识别", "unrecognised"),
}
