"""``inspector-app sync [--json]``: send waiting records to HQ and fetch reference data, once.

Prints what went up, what came down and what failed, each failure explained in Chinese and English (``--json``
for scripts). ``--status`` only shows enrolment, waiting records and the last sync. Exit status 0 when everything
went through, 1 when anything failed or HQ could not be reached (nothing is lost either way: the next sync goes on
from where this one stopped).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspector_app.services.sync_service import SyncProgress, SyncReport, SyncStatus

_OUTCOMES = {
    "success": "成功 success",
    "partial": "部分完成 partly done",
    "unreachable": "无法连接总部 HQ unreachable",
    "failed": "失败 failed",
    "not_enrolled": "未登记 not enrolled",
    "update_required": "需要更新软件 update required",
}


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``sync``."""
    parser = subparsers.add_parser(
        "sync",
        help="与总部同步 sync with headquarters",
        description="上传待发记录并下载参考数据 send waiting records to HQ and fetch reference data",
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.add_argument("--status", action="store_true", help="只显示同步状态 only show the sync status")
    parser.add_argument(
        "--full-reference", action="store_true", help="重新下载全部参考数据 fetch all reference data again"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Sync once (or show the status); 0 when everything went through."""
    from inspector_app.security.device_keys import DeviceKeys
    from inspector_app.services.sync_service import SyncService
    from inspector_app.services.workspace import open_workspace, resolve_data_dir

    workspace = open_workspace(resolve_data_dir(args.data_dir, demo=args.demo))
    try:
        service = SyncService(workspace, DeviceKeys.load_or_create(workspace.data_dir))
        if args.status:
            _print_status(service.status(), as_json=args.json)
            return 0
        show_progress = not args.json and sys.stderr.isatty()
        report = service.sync(_progress_printer if show_progress else None, full_reference=args.full_reference)
    finally:
        workspace.close()
    if show_progress:
        print(file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    return 0 if report.outcome == "success" else 1


def _progress_printer(progress: SyncProgress) -> None:
    text = (
        f"\r记录 records {progress.records_done}/{progress.records_total}  "
        f"附件 attachments {progress.attachments_done}/{progress.attachments_total}  "
        f"参考数据 reference {progress.reference_done}/{progress.reference_total}"
    )
    print(text, end="", file=sys.stderr, flush=True)


def _print_report(report: SyncReport) -> None:
    print(f"同步结果 result: {_OUTCOMES.get(report.outcome, report.outcome)}  ({report.hq_url or '-'})")
    print(
        f"  上传 up:    新记录 new {report.records_stored}，已有 already there {report.records_duplicate}，"
        f"冲突 conflicts {report.records_conflict}，拒收 refused {report.records_rejected}；"
        f"附件 attachments {report.attachments_sent}（{report.attachment_bytes:,} 字节 bytes）"
    )
    tables = ", ".join(
        f"{table} +{report.reference_upserted.get(table, 0)}/-{report.reference_deleted.get(table, 0)}"
        for table in sorted(set(report.reference_upserted) | set(report.reference_deleted))
    )
    print(
        f"  下载 down:  参考数据变更 reference changes {report.reference_changes}"
        f"（{report.reference_pages} 页 pages）{tables}"
    )
    print(f"  待上传 still waiting: {report.records_pending}")
    if report.digest_ok is not None:
        print(f"  参考数据核对 reference check: {'一致 matches HQ' if report.digest_ok else '不一致 differs from HQ'}")
    for failure in report.failures:
        subject = f" [{failure.subject}]" if failure.subject else ""
        print(f"  问题 problem{subject}: {failure.message_zh}")
        print(f"      {failure.message_en}")


def _print_status(status: SyncStatus, *, as_json: bool) -> None:
    if as_json:
        data = {
            "enrolled": status.enrolled,
            "hq_url": status.hq_url,
            "device_id": status.device_id,
            "inspector": status.inspector_name,
            "pending": status.pending,
            "failing": status.failing,
            "last_sync_at": status.last_sync_at.isoformat() if status.last_sync_at else None,
            "last_outcome": status.last_outcome,
            "last_summary": status.last_summary_en,
            "clock_skew_seconds": status.clock_skew_seconds,
            "reference_cursor": status.reference_cursor,
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    print(f"已登记 enrolled: {'是 yes' if status.enrolled else '否 no'}  {status.hq_url}")
    print(f"待上传 waiting: {status.pending}（其中上次失败 failed last time: {status.failing}）")
    last = status.last_sync_at.isoformat() if status.last_sync_at else "-"
    print(f"上次同步 last sync: {last} {_OUTCOMES.get(status.last_outcome, status.last_outcome)}")
    if status.last_summary_zh:
        print(f"  {status.last_summary_zh}")
    if status.clock_skew_seconds is not None:
        print(f"时钟偏差 clock skew: {status.clock_skew_seconds:+.0f} s")
