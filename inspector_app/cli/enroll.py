"""``inspector-app enroll --hq URL --code CODE``: register this workstation with headquarters once.

The one-time code comes from ``inspector-hq enroll-code`` (typed with or without dashes, or the whole text of the
enrolment QR code, which may carry HQ's address too). On success the workstation keeps HQ's address, its device id
and its token, and trusts HQ's key; a refused code or an unreachable HQ prints why and exits 1.
"""

from __future__ import annotations

import argparse
import sys

from inspector_app.domain.errors import KeyTrustError, SyncError


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``enroll``."""
    parser = subparsers.add_parser(
        "enroll",
        help="在总部登记本机 enrol this workstation with headquarters",
        description="用一次性登记码在总部登记本机 enrol this workstation with a one-time code from HQ",
    )
    parser.add_argument("--hq", default="", metavar="URL", help="总部地址 HQ address, e.g. https://hq.example.cn")
    parser.add_argument("--code", required=True, help="一次性登记码（或登记二维码的文本）one-time code or QR text")
    parser.add_argument("--label", default="", help="本机名称 name of this workstation (default: host name)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Enrol; 0 on success, 1 when HQ refuses or cannot be reached."""
    from inspector_app.security.device_keys import DeviceKeys
    from inspector_app.services.sync_service import SyncService
    from inspector_app.services.workspace import open_workspace, resolve_data_dir

    workspace = open_workspace(resolve_data_dir(args.data_dir, demo=args.demo))
    try:
        service = SyncService(workspace, DeviceKeys.load_or_create(workspace.data_dir))
        try:
            result = service.enroll(args.hq, args.code, args.label)
        except (SyncError, KeyTrustError) as exc:
            print(f"登记失败 enrolment failed: {exc.message_zh}", file=sys.stderr)
            print(f"      {exc.message_en}", file=sys.stderr)
            return 1
    finally:
        workspace.close()
    print(f"已登记 enrolled: {result.hq_url}")
    print(f"  设备编号 device id:   {result.device_id}")
    print(f"  总部密钥 HQ key id:   {result.hq_key_id}")
    print(f"  检查员 inspector:     {result.inspector_name} ({result.inspector_badge})")
    if abs(result.clock_skew_seconds) > 300:
        print(
            f"  注意：本机时钟与总部相差约 {round(abs(result.clock_skew_seconds) / 60)} 分钟，请校正系统时间。"
            f" / The clock differs from HQ's by about {round(abs(result.clock_skew_seconds) / 60)} minute(s).",
        )
    return 0
