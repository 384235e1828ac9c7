"""``inspector-app records list [--json] [--type T] [--status S] [--text X]`` and ``records show RECORD_ID``.

``list`` prints the field records of the workspace, newest first (id, type, status, product, verdict, number);
``show`` one record with its payload, seal, attachments, the records that belong to it and its amendment chain.
With ``--demo``, the demo workspace is first given its sealed demo spot checks (made once), as the window does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspector_app.security.device_keys import DeviceKeys
    from inspector_app.services.records_service import RecordDetail, RecordSummary
    from inspector_app.services.workspace import Workspace

logger = logging.getLogger(__name__)

TYPE_WORDS = {
    "spot_check": "抽样单 spot check",
    "test_results": "检验结果 results",
    "certificate": "证书 certificate",
    "objection": "异议 objection",
    "re_inspection": "复检 re-inspection",
    "follow_up": "后续处理 follow-up",
    "amendment": "更正 amendment",
}
STATUS_WORDS = {"draft": "草稿 draft", "sealed": "已封存 sealed"}
VERDICT_WORDS = {
    "conforming": "合格 conforming",
    "nonconforming": "不合格 nonconforming",
    "incomplete": "结果不完整 incomplete",
    "pending": "待检 pending",
    "failed": "抽样未果 failed",
}
_RECORD_TYPES = tuple(TYPE_WORDS)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``records`` sub-command and its actions ``list`` and ``show``."""
    parser = subparsers.add_parser(
        "records",
        help="现场记录：列表、查看 field records: list, show",
        description="列出或查看抽样单、检验结果、证书等现场记录 (list or show spot-check field records)",
    )
    actions = parser.add_subparsers(dest="records_action", metavar="ACTION", required=True)
    lister = actions.add_parser(
        "list",
        help="列出记录（最新在前）list records, newest first",
        description="列出记录：编号、类型、状态、产品、结论 (id, type, status, product, verdict)",
    )
    lister.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    lister.add_argument("--type", choices=_RECORD_TYPES, help="只列出该类型 / only this record type")
    lister.add_argument("--status", choices=tuple(STATUS_WORDS), help="只列出该状态 / only this status")
    lister.add_argument("--text", default="", help="按编号、产品、地点、批号、GTIN 或信用代码筛选 / filter by text")
    lister.add_argument("--limit", type=int, default=500, help="最多列出条数 / at most this many (default 500)")
    shower = actions.add_parser(
        "show",
        help="查看一条记录 show one record",
        description="显示记录的内容、签章、附件、关联记录和更正记录 (payload, seal, attachments, related records)",
    )
    shower.add_argument("record_id", metavar="RECORD_ID", help="记录编号 record id")
    shower.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    objection = actions.add_parser(
        "objection",
        help="登记异议（复检申请）record an objection",
        description="把异议（复检申请）作为一条签章记录保存，并注明是否在异议期限内 (kept as a sealed record)",
    )
    objection.add_argument("spot_check_id", metavar="SPOT_CHECK_ID", help="抽样记录编号 spot-check record id")
    objection.add_argument("--filed-on", type=dt.date.fromisoformat, required=True, help="提出日期 YYYY-MM-DD")
    objection.add_argument("--by", required=True, help="异议申请人 who objects")
    objection.add_argument("--reason", required=True, help="异议理由 reason")
    objection.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    follow_up = actions.add_parser(
        "follow-up",
        help="登记后处理：责令整改、复查 record a correction order or re-check",
        description="不合格样品的后处理记录：责令整改（correction_order）或复查（re_check）",
    )
    follow_up.add_argument("spot_check_id", metavar="SPOT_CHECK_ID", help="抽样记录编号 spot-check record id")
    follow_up.add_argument("--kind", choices=("correction_order", "re_check"), required=True)
    follow_up.add_argument("--done-on", type=dt.date.fromisoformat, required=True, help="日期 YYYY-MM-DD")
    follow_up.add_argument("--note", default="", help="说明 note")
    follow_up.add_argument("--outcome", choices=("", "conforming", "nonconforming"), default="", help="复查结论")
    follow_up.add_argument(
        "--document-number", default="", help="责令整改通知书文号 order number (required for a correction order)"
    )
    follow_up.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.set_defaults(func=run)


def open_records_workspace(args: argparse.Namespace) -> tuple[Workspace, DeviceKeys]:
    """The workspace of ``args`` and this workstation's key; the demo workspace gets its demo spot checks first."""
    from inspector_app.security.device_keys import DeviceKeys
    from inspector_app.services.workspace import open_workspace, resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir, demo=args.demo)
    workspace = open_workspace(data_dir)
    try:
        keys = DeviceKeys.load_or_create(data_dir)
        if args.demo:
            from inspector_app.services.demo_spot_checks import ensure_demo_spot_checks

            made = ensure_demo_spot_checks(workspace, keys)
            if made is not None:
                print(f"已生成演示抽查记录 demo spot checks made: {len(made.record_ids)}", file=sys.stderr)
    except BaseException:
        workspace.close()
        raise
    return workspace, keys


def run(args: argparse.Namespace) -> int:
    """Run ``records list`` or ``records show``; 0 on success (``show`` of an unknown id exits 2 via the caller)."""
    from inspector_app.services.records_service import RecordsService

    workspace, keys = open_records_workspace(args)
    try:
        if args.records_action in ("objection", "follow-up"):
            return _record_step(args, workspace, keys)
        service = RecordsService(workspace.database)
        if args.records_action == "show":
            detail = service.get(args.record_id)
            print(json.dumps(detail.to_dict(), ensure_ascii=False, indent=2) if args.json else format_detail(detail))
            return 0
        records = service.list(type=args.type, status=args.status, text=args.text, limit=args.limit)
    finally:
        workspace.close()
    if args.json:
        print(json.dumps([record.to_dict() for record in records], ensure_ascii=False, indent=2))
    else:
        print(format_list(records))
    return 0


def _record_step(args: argparse.Namespace, workspace: Workspace, keys: DeviceKeys) -> int:
    """File an objection or a follow-up as a sealed record and print it."""
    from inspector_app.services.spot_check_service import SpotCheckService

    service = SpotCheckService(workspace, keys)
    if args.records_action == "objection":
        view = service.file_objection(args.spot_check_id, args.filed_on, args.by, args.reason)
    else:
        view = service.record_follow_up(
            args.spot_check_id,
            args.kind,
            args.done_on,
            args.note,
            outcome=args.outcome,
            document_number=args.document_number,
        )
    if args.json:
        print(json.dumps({"id": view.id, "type": view.record_type, "body": view.body}, ensure_ascii=False, default=str))
    else:
        print(f"已保存并签章 sealed: {TYPE_WORDS.get(view.record_type, view.record_type)} {view.id}")
    return 0


def format_list(records: list[RecordSummary]) -> str:
    """One line per record: id, type, status, verdict, number, product (Chinese and English words)."""
    if not records:
        return "没有记录 no records"
    header = f"{_pad('编号 id', 36)}  {_pad('类型 type', 22)}  {_pad('状态 status', 14)}  {_pad('结论 verdict', 24)}"
    lines = [f"{header}  号码 number / 产品 product"]
    for record in records:
        verdict = VERDICT_WORDS.get(record.verdict or "", record.verdict or "-")
        marker = " [已更正 amended]" if record.amended else ""
        lines.append(
            f"{_pad(record.id, 36)}  {_pad(TYPE_WORDS.get(record.record_type, record.record_type), 22)}  "
            f"{_pad(STATUS_WORDS.get(record.status, record.status), 14)}  {_pad(verdict, 24)}  "
            f"{record.number or '-'} {record.product_name or ''}{marker}".rstrip()
        )
    lines.append(f"共 {len(records)} 条 {len(records)} record(s)")
    return "\n".join(lines)


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (Chinese characters take two)."""
    columns = sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)
    return text + " " * max(0, width - columns)


def format_detail(detail: RecordDetail) -> str:
    """A record as readable text."""
    summary = detail.summary
    lines = [
        f"记录 record {summary.id}",
        f"  类型 type: {TYPE_WORDS.get(summary.record_type, summary.record_type)}",
        f"  状态 status: {STATUS_WORDS.get(summary.status, summary.status)}",
        f"  号码 number: {summary.number or '-'}",
        f"  产品 product: {summary.product_name or '-'}  批号 batch: {summary.batch or '-'}",
        f"  结论 verdict: {VERDICT_WORDS.get(summary.verdict or '', summary.verdict or '-')}",
        f"  创建 created: {summary.created_at.isoformat()}",
    ]
    if summary.sealed_at is not None:
        intact = {True: "一致 intact", False: "不一致 ALTERED", None: "-"}[detail.hash_matches]
        lines += [
            f"  封存 sealed: {summary.sealed_at.isoformat()}",
            f"  内容校验值 content hash: {detail.content_hash} ({intact})",
            f"  签名密钥 signer key: {detail.signer_key_id}",
        ]
    if summary.supersedes_id:
        lines.append(f"  更正 corrects: {summary.supersedes_id}")
    for attachment in detail.attachments:
        lines.append(f"  附件 attachment: {attachment.role} {attachment.sha256} ({attachment.size_bytes} bytes)")
    for child in detail.children:
        verdict = VERDICT_WORDS.get(child.verdict or "", child.verdict or "")
        lines.append(f"  关联 related: {TYPE_WORDS.get(child.record_type, child.record_type)} {child.id} {verdict}")
    if len(detail.amendment_chain) > 1:
        lines.append("  更正链 amendment chain: " + " → ".join(member.id for member in detail.amendment_chain))
    return "\n".join(lines)
