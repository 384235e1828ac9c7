"""``inspector-app export-bundle FILE`` and ``inspector-app import-reference-bundle FILE [--preview]``: USB bundles.

Where there is no network, ``export-bundle`` writes every record still waiting for HQ, with its attachments, into
one signed file for ``inspector-hq import-bundle``; the records stay waiting until a sync confirms HQ has them (HQ
stores each once, so nothing is doubled). ``import-reference-bundle`` reads a reference-data bundle from HQ:
``--preview`` only tells what it would change; importing the same bundle twice changes nothing. A refused file
prints why and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from inspector_app.domain.errors import AttachmentError, BundleError

if TYPE_CHECKING:
    from inspector_app.services.sync_service import SyncService
    from inspector_app.services.workspace import Workspace


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``export-bundle`` and ``import-reference-bundle``."""
    exporter = subparsers.add_parser(
        "export-bundle",
        help="导出待上传记录数据包（U 盘）export waiting records as a USB bundle",
        description="把所有待上传记录及附件写入一个签名文件 write all waiting records and attachments into one signed "
        "file",
    )
    exporter.add_argument("file", metavar="FILE", type=Path, help="数据包文件 bundle file (.iwbundle)")
    exporter.set_defaults(func=run_export)
    importer = subparsers.add_parser(
        "import-reference-bundle",
        help="导入总部参考数据包 import a reference-data bundle from HQ",
        description="核对并导入总部签发的参考数据包 check and import a reference-data bundle signed by HQ",
    )
    importer.add_argument("file", metavar="FILE", type=Path, help="参考数据包 reference bundle (.iwref)")
    importer.add_argument("--preview", action="store_true", help="只预览，不导入 preview only, import nothing")
    importer.set_defaults(func=run_import)


def _service(args: argparse.Namespace) -> tuple[Workspace, SyncService]:
    # Imported here: every ``inspector-app`` command loads this module to build its parser.
    from inspector_app.security.device_keys import DeviceKeys
    from inspector_app.services.sync_service import SyncService
    from inspector_app.services.workspace import open_workspace, resolve_data_dir

    workspace = open_workspace(resolve_data_dir(args.data_dir, demo=args.demo))
    return workspace, SyncService(workspace, DeviceKeys.load_or_create(workspace.data_dir))


def run_export(args: argparse.Namespace) -> int:
    """Write the bundle; 0 on success, 1 when it cannot be written."""
    workspace, service = _service(args)
    try:
        summary = service.export_bundle(args.file)
    except (BundleError, AttachmentError) as exc:
        return _refused(exc.message_zh, exc.message_en)
    finally:
        workspace.close()
    print(f"已导出 exported: {summary.path}")
    print(
        f"  记录 records: {summary.records}，附件 attachments: {summary.attachments}，{summary.size_bytes:,} 字节 bytes"
    )
    print("  记录在总部确认收到之前仍保留为待上传。Records stay waiting until a sync confirms HQ has them.")
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Preview or import; 0 on success, 1 when the bundle is refused."""
    workspace, service = _service(args)
    try:
        preview = service.preview_reference_bundle(args.file)
        print(f"参考数据包 reference bundle: {preview.path}")
        print(f"  签发 signed by HQ key {preview.hq_key_id}，{preview.created_at.isoformat()}")
        print(f"  变更 changes {preview.since + 1 if preview.change_count else preview.since}..{preview.next_cursor}：")
        print(
            f"  共 {preview.change_count} 条 in all，新 new {preview.new_changes}，"
            f"已导入 already applied {preview.already_applied}"
        )
        for table, ops in sorted(preview.new_by_table.items()):
            print(f"    {table}: " + ", ".join(f"{op} {count}" for op, count in sorted(ops.items())))
        if preview.gap:
            print(
                f"  无法导入：本机只更新到第 {preview.cursor} 号变更。 / Cannot import: this workstation is only up to "
                f"change {preview.cursor}.",
                file=sys.stderr,
            )
            return 1
        if args.preview:
            return 0
        report = service.import_reference_bundle(args.file)
    except BundleError as exc:
        return _refused(exc.message_zh, exc.message_en)
    finally:
        workspace.close()
    print(f"已导入 imported: {report.changed} 条变更 change(s)，已有 already applied {report.already_applied}")
    for skipped in report.skipped:
        print(f"  未应用 not applied {skipped.table} {skipped.key}: {skipped.reason_zh} / {skipped.reason_en}")
    return 0


def _refused(message_zh: str, message_en: str) -> int:
    print(f"错误 error: {message_zh}", file=sys.stderr)
    print(f"      {message_en}", file=sys.stderr)
    return 1
