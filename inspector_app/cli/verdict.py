"""``inspector-app verdict [--json] CODE``: the verdict card of a code, as the scan page shows it."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspector_app.services.scan_service import VerdictCard

_OUTCOME_WORDS = {
    "red": "红色 RED",
    "amber": "黄色 AMBER",
    "green": "绿色 GREEN",
    "unknown": "未知 UNKNOWN",
    "invalid": "无效 INVALID",
}
_LEVEL_MARKS = {"red": "✖", "amber": "▲", "info": "·"}


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``verdict`` sub-command."""
    parser = subparsers.add_parser(
        "verdict",
        help="查询编码的核查结论 verdict card for a code",
        description="显示扫描一个编码时工作站给出的核查结论 (the verdict card for a scanned code)",
    )
    parser.add_argument("code", metavar="CODE", help="条码内容 barcode text, GS1 string, USCC, licence number...")
    parser.add_argument("--symbology", help="AIM symbology identifier, e.g. ]C1, ]d2, ]Q3")
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.set_defaults(func=run)


def format_card(card: VerdictCard) -> str:
    """The card as plain text lines (Chinese first, English after)."""
    data = card.to_dict()
    lines = [f"结论 outcome: {_OUTCOME_WORDS[card.outcome]} — {card.verdict.summary()}"]
    item = card.verdict.facts.trade_item
    if item is not None:
        lines.append(f"商品 item: {item.name} {item.specification} ({item.brand}) GTIN {item.gtin}")
    kind = card.verdict.facts.product_kind
    if kind is not None:
        lines.append(f"产品类别 product kind: {kind.category_name} / {kind.name} ({kind.code})")
    maker = card.verdict.facts.enterprise
    if maker is not None:
        lines.append(f"生产企业 maker: {maker.name} USCC {maker.uscc} 信用等级 credit class {maker.credit_class}")
    for finding in card.verdict.findings:
        mark = _LEVEL_MARKS[finding.level.value]
        lines.append(f"  {mark} {finding.message_zh} / {finding.message_en}")
    history = data["history"]
    assert isinstance(history, list)
    if history:
        lines.append(f"检查记录 history ({len(history)}):")
        lines.extend(f"  {h['occurred_at']} {h['outcome']} {h['place']}" for h in history)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the card; exit 0 for green/amber/unknown/red cards alike, 1 when the code is not readable."""
    # Imported here so that `inspector-app --help` and the other commands start fast.
    from inspector_app.services.scan_service import ScanService
    from inspector_app.services.workspace import open_workspace, resolve_data_dir

    workspace = open_workspace(resolve_data_dir(args.data_dir, demo=args.demo))
    try:
        card = ScanService(workspace.database).verdict(args.code, args.symbology)
    finally:
        workspace.close()
    if args.json:
        print(json.dumps(card.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_card(card))
    return 1 if card.outcome == "invalid" else 0
