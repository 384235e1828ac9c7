"""``inspector-app identify [--json] CODE``: recognise and check one code, as a scanner would send it."""

from __future__ import annotations

import argparse
import json
import logging
import sys

from inspector_app.domain.identifiers import IdentifyResult, identify

logger = logging.getLogger(__name__)

# Chinese and English labels for the fields shown in the human-readable output, in display order.
_LABELS: dict[str, str] = {
    "gtin": "商品条码 GTIN",
    "gtin_format": "条码格式 format",
    "gs1_prefix": "GS1 前缀 prefix",
    "prefix_owner": "前缀归属 prefix owner",
    "company_prefix": "厂商识别代码 company prefix",
    "item_reference": "商品项目代码 item reference",
    "packaging_level": "包装指示符 packaging level",
    "restricted_circulation": "店内码 in-store",
    "upc_e": "UPC-E",
    "add_on": "附加码 add-on",
    "batch": "批号 batch/lot",
    "serial": "序列号 serial",
    "production_date": "生产日期 production date",
    "best_before_date": "保质期至 best before",
    "expiry_date": "有效期至 expiry",
    "packaging_date": "包装日期 packaging date",
    "due_date": "到期日 due date",
    "sell_by_date": "销售截止 sell by",
    "first_freeze_date": "首次冷冻 first freeze",
    "hri": "GS1 括号形式 HRI",
    "uri_host": "链接域名 host",
    "uscc": "统一社会信用代码 USCC",
    "authority_code": "登记管理部门代码 authority code",
    "authority": "登记管理部门 authority",
    "entity_type_code": "机构类别代码 entity type code",
    "entity_type": "机构类别 entity type",
    "org_code": "组织机构代码 organisation code",
    "org_code_body": "本体代码 body",
    "org_code_check": "组织机构代码校验 org code check",
    "region_code": "行政区划代码 region code",
    "region_name": "行政区划 region",
    "licence_number": "编号 number",
    "category_code": "食品类别编码 category code",
    "category_type": "类别 category",
    "food_category_number": "类别序号 category number",
    "industry_code": "行业代码 industry",
    "product_code": "产品代码 product",
    "product_category": "产品大类 product category",
    "province": "省份 province",
    "province_abbreviation": "省份简称 abbreviation",
    "year": "年份 year",
    "body_code": "认证机构代码 body code",
    "body": "认证机构 certification body",
    "sequence": "序号 sequence",
    "drug_id": "药品标识码 drug ID",
    "code_remainder": "其余部分 remainder",
    "check_digit": "校验位 check digit",
    "check_char": "校验码 check character",
    "check": "校验 check",
}


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``identify`` sub-command."""
    parser = subparsers.add_parser(
        "identify",
        help="识别并校验一个代码 recognise and check a code",
        description=(
            "识别并校验商品条码、GS1 数据、数字链接、统一社会信用代码、组织机构代码、SC/XK 许可证、"
            "CCC 证书编号和药品追溯码。 Recognise and check a GTIN, GS1 data, Digital Link, USCC, "
            "organisation code, SC/XK licence, CCC certificate or drug trace code. "
            "Exit status 0 when valid, 1 when not."
        ),
    )
    parser.add_argument("code", metavar="CODE", help="扫描或输入的代码 the scanned or typed code")
    parser.add_argument("--json", dest="as_json", action="store_true", help="输出 JSON output one JSON object")
    parser.add_argument(
        "--symbology", help="单独给出的 AIM 符号标识符 AIM symbology identifier given separately, e.g. ]d2"
    )
    parser.set_defaults(func=run)


def result_to_json(code: str, result: IdentifyResult) -> dict[str, object]:
    """The ``--json`` object: input, kind, valid, present fields, error text and error code."""
    fields = result.identification.present_fields() if result.identification is not None else {}
    if result.identification is not None and result.identification.symbology:
        fields.setdefault("symbology", result.identification.symbology)
    if result.identification is not None:
        fields.setdefault("normalized", result.identification.normalized)
    return {
        "input": code,
        "kind": result.kind.value,
        "valid": result.valid,
        "fields": fields,
        "error": str(result.error) if result.error is not None else None,
        "error_code": result.error_code,
    }


def _printable(text: str) -> str:
    """Show control characters (GS above all) visibly instead of sending them to the terminal."""
    return "".join(
        "<GS>" if char == "\x1d" else f"\\x{ord(char):02x}" if ord(char) < 32 or ord(char) == 127 else char
        for char in text
    )


def result_to_text(code: str, result: IdentifyResult) -> str:
    """The human-readable report, one ``中文 English: value`` line per field."""
    lines = [
        f"输入 input: {_printable(code)}",
        f"类型 kind: {result.kind.value} ({result.kind.label_zh} {result.kind.label_en})",
        f"有效 valid: {'是 yes' if result.valid else '否 no'}",
    ]
    if result.error is not None:
        lines.append(f"错误 error: {result.error}")
        lines.append(f"错误代码 error_code: {result.error.code}")
    found = result.identification
    if found is not None:
        if found.symbology:
            lines.append(f"符号标识符 symbology: {found.symbology}")
        lines.append(f"规范形式 normalized: {_printable(found.normalized)}")
        for key, value in found.present_fields().items():
            label = _LABELS.get(key)
            if label is None and key.startswith("ai_"):
                label = f"AI ({key[3:]})"
            lines.append(f"{label or key}: {_printable(value)}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the result of identifying ``args.code``; 0 when valid, 1 when not."""
    code: str = args.code
    result = identify(code, getattr(args, "symbology", None))
    if getattr(args, "as_json", False):
        print(json.dumps(result_to_json(code, result), ensure_ascii=False))
    else:
        print(result_to_text(code, result))
    sys.stdout.flush()
    return 0 if result.valid else 1
