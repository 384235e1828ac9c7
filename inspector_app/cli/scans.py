"""``inspector-app scans list|export-epcis``: the scan history from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``scans`` with ``list`` and ``export-epcis``."""
    parser = subparsers.add_parser("scans", help="扫描记录 scan history")
    commands = parser.add_subparsers(dest="scans_command", required=True, metavar="ACTION")
    for name, help_text in (
        ("list", "列出扫描记录 list scans"),
        ("export-epcis", "导出 EPCIS 2.0 文档 export an EPCIS 2.0 document"),
    ):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--from", dest="date_from", type=dt.date.fromisoformat, help="起始日期 YYYY-MM-DD (UTC)")
        sub.add_argument("--to", dest="date_to", type=dt.date.fromisoformat, help="截止日期 YYYY-MM-DD (UTC)")
        sub.add_argument("--place", default="", help="地点（部分名称） place, part of its name")
        sub.add_argument("--outcome", default="", choices=("", "red", "amber", "green", "unknown", "invalid"))
        sub.add_argument("--gtin", default="", help="商品条码（14 位） GTIN-14")
        sub.add_argument("--batch", default="", help="批号 batch")
        sub.add_argument("--maker", default="", help="生产企业名称或统一社会信用代码 maker name or USCC")
        sub.add_argument("--limit", type=int, default=500)
        if name == "list":
            sub.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
        else:
            sub.add_argument("--output", "-o", type=Path, help="输出文件（默认标准输出） output file")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """List or export the filtered scans."""
    from inspector_app.services.scan_service import ScanFilter, ScanService
    from inspector_app.services.workspace import open_workspace, resolve_data_dir

    scan_filter = ScanFilter(
        date_from=args.date_from,
        date_to=args.date_to,
        place=args.place,
        outcome=args.outcome,
        gtin=args.gtin,
        batch=args.batch,
        maker=args.maker,
        limit=args.limit,
    )
    workspace = open_workspace(resolve_data_dir(args.data_dir, demo=args.demo))
    try:
        service = ScanService(workspace.database)
        if args.scans_command == "export-epcis":
            text = json.dumps(service.export_epcis(scan_filter), ensure_ascii=False, indent=2)
            if args.output:
                args.output.write_text(text + "\n", encoding="utf-8")
            else:
                sys.stdout.write(text + "\n")
            return 0
        rows = service.history(scan_filter)
    finally:
        workspace.close()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": row.id,
                        "time": row.local_time.isoformat(),
                        "code": row.raw_code,
                        "gtin": row.gtin,
                        "batch": row.batch,
                        "outcome": row.outcome,
                        "summary": row.summary,
                        "place": row.place_name,
                        "item": row.item_name,
                        "maker": row.enterprise_name,
                    }
                    for row in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for row in rows:
            when = row.local_time.strftime("%Y-%m-%d %H:%M")
            print(
                f"{when}  {row.outcome:<7} {row.raw_code:<20} {row.item_name or '-'}  {row.place_name}  {row.summary}"
            )
        print(f"共 {len(rows)} 条 / {len(rows)} scan(s)")
    return 0
