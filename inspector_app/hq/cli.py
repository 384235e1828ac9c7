"""The ``inspector-hq`` command: run the HQ server and administer it.

Every command takes ``--data-dir`` (HQ's key and, by default, its SQLite database ``hq.db``; default
``$INSPECTOR_HQ_DATA_DIR`` or the user data folder) and ``--database-url`` (``postgresql+psycopg://…`` for
production; default ``$INSPECTOR_HQ_DATABASE_URL`` or the SQLite file). Exit status: 0 done, 1 refused (the message
says why, in Chinese and English), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import platformdirs
from sqlalchemy.exc import OperationalError

from inspector_app.domain.errors import FileReadError, ImportFileError, InspectorError
from inspector_app.hq.hq_services import open_services
from inspector_app.hq.hq_settings import ENV_DATA_DIR, ENV_DATABASE_URL, ENV_PUBLIC_URL, HqSettings
from inspector_app.hq.record_store import SOURCE_BUNDLE
from inspector_app.hq.reference_store import TableWrite
from inspector_app.hq.storage.database import HqStorageError, PoolSettings, open_hq_database
from inspector_app.sync.protocol import (
    MAX_BATCH_RECORDS,
    InspectorRow,
    ReferenceChange,
    ReferenceTable,
    RiskAlertRow,
    format_enrollment_qr,
)

logger = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEMO_SUBDIR = "demo"
#: The kinds ``import`` takes (the values of ``reference_import.ImportKind``, listed here to keep start-up light).
IMPORT_KINDS = (
    "catalogue",
    "enterprises",
    "licences",
    "trade-items",
    "alerts",
    "blacklist",
    "tasks",
    "rules",
    "holidays",
)


def default_data_dir(demo: bool = False) -> Path:
    """``$INSPECTOR_HQ_DATA_DIR`` or the user data folder of ``inspector-hq`` (its ``demo`` folder for --demo)."""
    configured = os.environ.get(ENV_DATA_DIR)
    base = Path(configured) if configured else platformdirs.user_data_path("inspector-hq", appauthor=False)
    return base / DEMO_SUBDIR if demo else base


def _settings(args: argparse.Namespace, *, demo: bool = False) -> HqSettings:
    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir(demo)
    database_url = None if demo else (args.database_url or os.environ.get(ENV_DATABASE_URL) or None)
    pool = PoolSettings(size=getattr(args, "pool_size", 5), max_overflow=getattr(args, "max_overflow", 10))
    public_url = getattr(args, "public_url", None) or os.environ.get(ENV_PUBLIC_URL) or None
    return HqSettings(data_dir=data_dir, database_url=database_url, pool=pool, public_url=public_url)


# --- serve -------------------------------------------------------------------------------------------------


def _serve(args: argparse.Namespace, out: TextIO) -> int:
    import uvicorn

    from inspector_app.hq.app import create_app
    from inspector_app.hq.demo_data import load_demo_data

    settings = _settings(args, demo=args.demo)
    if args.demo and settings.database_url is None and args.database_url:
        print("--demo uses its own SQLite database; --database-url is ignored", file=sys.stderr)
    public_url = settings.public_url or f"http://{args.host}:{args.port}"
    settings = HqSettings(settings.data_dir, settings.database_url, settings.pool, public_url)
    services = open_services(settings)
    if args.demo:
        report = load_demo_data(services.reference, scale=args.demo_scale)
        print(f"演示数据 demo data: {report.changes} new change(s), {report.unchanged} row(s) already there", file=out)
        if report.first_inspector_badge is not None:
            issued = services.registry.issue_code(report.first_inspector_badge, ttl_hours=24)
            print(f"演示执法人员 demo inspector: {issued.badge_number} {issued.inspector_name}", file=out)
            _print_code(out, issued.code, public_url, issued.expires_at, qr=False)
    print(f"inspector-hq: {settings.resolved_database_url.split('@')[-1]} on {public_url}", file=out)
    out.flush()
    log_level = args.log_level.lower()
    if args.workers > 1:
        services.close()
        os.environ.update(settings.environment())
        uvicorn.run(
            "inspector_app.hq.app:create_app_from_environment",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level=log_level,
        )
        return 0
    uvicorn.run(create_app(settings, services), host=args.host, port=args.port, log_level=log_level)
    return 0


def _migrate(args: argparse.Namespace, out: TextIO) -> int:
    settings = _settings(args)
    database = open_hq_database(settings.resolved_database_url, settings.pool)
    try:
        before, after = database.migrate()
    finally:
        database.close()
    print(f"HQ database: {before or 'empty'} → {after}", file=out)
    return 0


# --- inspectors and devices ------------------------------------------------------------------------------


@contextlib.contextmanager
def _opened(args: argparse.Namespace) -> Iterator[Any]:
    services = open_services(_settings(args))
    try:
        yield services
    finally:
        services.close()


def _inspector_add(args: argparse.Namespace, out: TextIO) -> int:
    row = InspectorRow(
        badge_number=args.badge, name=args.name, unit=args.unit, role=args.role, region_code=args.region or None
    )
    with _opened(args) as hq:
        report = hq.reference.write([TableWrite(ReferenceTable.INSPECTORS, [row])])
        inspector = next(item for item in _inspectors(hq) if item["badge_number"] == args.badge)
    state = "unchanged" if report.changes == 0 else "saved"
    print(f"{inspector['id']}\t{args.badge}\t{args.name}\t({state})", file=out)
    return 0


def _inspectors(hq: Any) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from inspector_app.hq.sql import orm
    from inspector_app.hq.storage.models import HqInspector

    with hq.database.read() as connection:
        rows = orm(connection).execute(select(HqInspector).order_by(HqInspector.id)).scalars().all()
    return [
        {
            "id": row.id,
            "badge_number": row.badge_number,
            "name": row.name,
            "unit": row.unit,
            "role": row.role,
            "active": row.active,
        }
        for row in rows
    ]


def _inspector_list(args: argparse.Namespace, out: TextIO) -> int:
    with _opened(args) as hq:
        rows = _inspectors(hq)
    if args.json:
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    for row in rows:
        print(f"{row['id']}\t{row['badge_number']}\t{row['name']}\t{row['role']}\t{row['unit']}", file=out)
    return 0


def _print_code(out: TextIO, code: str, hq_url: str | None, expires_at: dt.datetime, *, qr: bool = True) -> None:
    qr_text = format_enrollment_qr(code, hq_url)
    print(f"注册码 enrollment code: {code}", file=out)
    print(f"有效至 valid until: {expires_at.isoformat(timespec='seconds')}", file=out)
    print(f"二维码内容 QR text: {qr_text}", file=out)
    if qr:
        import qrcode

        matrix = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
        matrix.add_data(qr_text)
        buffer = io.StringIO()
        matrix.print_ascii(out=buffer, invert=True)
        out.write(buffer.getvalue())


def _enroll_code(args: argparse.Namespace, out: TextIO) -> int:
    settings = _settings(args)
    with _opened(args) as hq:
        issued = hq.registry.issue_code(str(args.inspector), ttl_hours=args.ttl_hours)
    hq_url = args.hq_url or settings.public_url
    print(f"执法人员 inspector: {issued.badge_number} {issued.inspector_name} (id {issued.inspector_id})", file=out)
    _print_code(out, issued.code, hq_url, issued.expires_at)
    if args.png:
        import qrcode

        image = qrcode.make(format_enrollment_qr(issued.code, hq_url), border=4)
        image.save(str(args.png))
        print(f"PNG: {args.png}", file=out)
    return 0


def _devices_list(args: argparse.Namespace, out: TextIO) -> int:
    with _opened(args) as hq:
        devices = hq.registry.list_devices()
    if args.json:
        items = [
            {
                "id": device.id,
                "label": device.label,
                "inspector_id": device.inspector_id,
                "badge_number": device.badge_number,
                "enrolled_at": device.enrolled_at.isoformat(),
                "revoked_at": device.revoked_at.isoformat() if device.revoked_at else None,
            }
            for device in devices
        ]
        json.dump(items, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    for device in devices:
        state = f"revoked {device.revoked_at:%Y-%m-%d %H:%M}" if device.revoked_at else "active"
        print(
            f"{device.id}\t{device.label}\t{device.badge_number or '-'}\t{device.enrolled_at:%Y-%m-%d %H:%M}\t{state}",
            file=out,
        )
    return 0


def _devices_revoke(args: argparse.Namespace, out: TextIO) -> int:
    with _opened(args) as hq:
        device = hq.registry.revoke(args.device_id)
    print(f"已注销 revoked: {device.id} {device.label}", file=out)
    return 0


# --- reference data ----------------------------------------------------------------------------------------


def _import(args: argparse.Namespace, out: TextIO) -> int:

    with _opened(args) as hq:
        from inspector_app.hq.reference_import import ReferenceImporter

        report = ReferenceImporter(hq.reference).import_file(args.kind, Path(args.file))
    print(
        f"已导入 imported {report.kind}: {report.rows} row(s), {report.changes} change(s), "
        f"{report.unchanged} unchanged",
        file=out,
    )
    return 0


def _remove(args: argparse.Namespace, out: TextIO) -> int:
    with _opened(args) as hq:
        from inspector_app.hq.reference_import import ReferenceImporter

        report = ReferenceImporter(hq.reference).remove(args.kind, args.keys)
    print(
        f"已删除 removed {args.kind}: {sum(table.deleted for table in report.tables)} row(s); the workstations drop "
        f"them at their next sync (seq {report.first_seq}..{report.last_seq})",
        file=out,
    )
    return 0


def _alerts_publish(args: argparse.Namespace, out: TextIO) -> int:

    with _opened(args) as hq:
        from inspector_app.hq.reference_import import ImportKind, ReferenceImporter

        report = ReferenceImporter(hq.reference).import_file(ImportKind.ALERTS, Path(args.file))
    print(f"已发布 published: {report.rows} alert(s), {report.changes} change(s)", file=out)
    return 0


def _alerts_withdraw(args: argparse.Namespace, out: TextIO) -> int:
    with _opened(args) as hq:
        current = hq.reference.row_model(ReferenceTable.RISK_ALERTS, args.code)
        if current is None:
            raise InspectorError(f"找不到预警：{args.code}", f"No alert {args.code}")
        assert isinstance(current, RiskAlertRow)
        withdrawn = current.model_copy(update={"status": "withdrawn"})
        report = hq.reference.write([TableWrite(ReferenceTable.RISK_ALERTS, [withdrawn])])
    state = "already withdrawn" if report.changes == 0 else f"seq {report.last_seq}"
    print(f"已撤回 withdrawn: {args.code} ({state})", file=out)
    return 0


# --- records and bundles -----------------------------------------------------------------------------------


def _export_records(args: argparse.Namespace, out: TextIO) -> int:
    with _opened(args) as hq:
        if args.output:
            target = Path(args.output)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            with open(temporary, "w", encoding="utf-8", newline="") as stream:
                count = hq.records.export(stream, args.format)
            os.replace(temporary, target)
            print(f"exported {count} record(s) to {target}", file=sys.stderr)
        else:
            count = hq.records.export(out, args.format)
    return 0


def _conflicts_list(args: argparse.Namespace, out: TextIO) -> int:
    with _opened(args) as hq:
        conflicts = hq.review.conflicts(include_reviewed=args.all)
    if args.json:
        json.dump([conflict.to_dict() for conflict in conflicts], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    if not conflicts:
        print("没有待审核的冲突记录 / no conflicts waiting for review", file=out)
        return 0
    for conflict in conflicts:
        state = "已审核 reviewed" if conflict.reviewed_at else "待审核 open"
        print(
            f"{conflict.id:>6}  {conflict.record_id}  {conflict.type:<14} device {conflict.device_id}  "
            f"{conflict.received_at:%Y-%m-%d %H:%M} UTC  {conflict.source:<7} {state}",
            file=out,
        )
    return 0


def _conflicts_show(args: argparse.Namespace, out: TextIO) -> int:
    with _opened(args) as hq:
        detail = hq.review.conflict(args.id)
    if args.json:
        json.dump(detail.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    summary = detail.summary
    print(f"冲突 / conflict {summary.id}: record {summary.record_id} ({summary.type})", file=out)
    print(
        f"  总部已存 / stored:   hash {summary.stored_hash}, device {detail.stored_device_id}, "
        f"received {detail.stored_received_at:%Y-%m-%d %H:%M} UTC",
        file=out,
    )
    print(
        f"  待审核 / kept:       hash {summary.content_hash}, device {summary.device_id}, "
        f"received {summary.received_at:%Y-%m-%d %H:%M} UTC via {summary.source}",
        file=out,
    )
    if summary.reviewed_at:
        print(f"  已审核 / reviewed {summary.reviewed_at:%Y-%m-%d %H:%M} UTC: {summary.review_note}", file=out)
    print("  不同的字段 / differing fields:", file=out)
    for name in detail.differing_fields:
        stored = json.dumps(detail.stored_payload.get(name), ensure_ascii=False)
        kept = json.dumps(detail.conflicting_payload.get(name), ensure_ascii=False)
        print(f"    {name}: {stored}  →  {kept}", file=out)
    return 0


def _conflicts_resolve(args: argparse.Namespace, out: TextIO) -> int:
    with _opened(args) as hq:
        summary = hq.review.resolve(args.id, args.note)
    print(
        f"冲突 {summary.id} 已标记为已审核，总部已存记录未变 / conflict {summary.id} marked reviewed; the stored "
        "record is unchanged",
        file=out,
    )
    return 0


def _verify_records(args: argparse.Namespace, out: TextIO) -> int:
    with _opened(args) as hq:
        report = hq.review.audit(hq.registry.device_keys(include_revoked=True))
    if args.json:
        json.dump(report.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        print(
            f"已核验 {report.checked} 条记录（自身签名 {report.own_signatures}，批次签名 {report.batch_signatures}），"
            f"{len(report.failures)} 条不符 / checked {report.checked} record(s) ({report.own_signatures} own "
            f"signature, {report.batch_signatures} batch signature), {len(report.failures)} failed",
            file=out,
        )
        for failure in report.failures:
            print(f"  {failure.record_id}: {failure.reason_zh} / {failure.reason_en}", file=out)
    return 0 if report.ok else 1


def _import_bundle(args: argparse.Namespace, out: TextIO) -> int:
    from inspector_app.sync.bundle import read_bundle

    with _opened(args) as hq:
        bundle = read_bundle(Path(args.file), hq.registry.device_keys())
        device = hq.registry.device(bundle.device_id)
        if device is None:
            raise InspectorError(
                f"包的签名设备 {bundle.device_id} 未在总部注册或已被注销",
                f"The bundle's device {bundle.device_id} is not enrolled at HQ or was revoked",
            )
        totals = {"stored": 0, "duplicate": 0, "conflict": 0, "rejected": 0}
        rejected: list[str] = []
        records = list(bundle.records)
        for start in range(0, len(records), MAX_BATCH_RECORDS):
            result = hq.records.receive(device, records[start : start + MAX_BATCH_RECORDS], SOURCE_BUNDLE)
            for key in totals:
                totals[key] += getattr(result.counts, key)
            rejected.extend(
                f"{item.id}: {item.message_en}" for item in result.results if item.reason and item.status == "rejected"
            )
        stored_files = 0
        for attachment in bundle.attachments:
            status = hq.attachments.put_whole(attachment.sha256, bundle.read_attachment(attachment.sha256))
            stored_files += int(status.complete)
    summary = {
        "device_id": bundle.device_id,
        "device_label": bundle.device_label,
        "records": len(records),
        "new": totals["stored"],
        "already_known": totals["duplicate"],
        "conflicting": totals["conflict"],
        "rejected": totals["rejected"],
        "attachments": stored_files,
    }
    if args.json:
        json.dump(summary, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        print(
            f"设备 device {bundle.device_id} ({bundle.device_label}): {len(records)} record(s) — "
            f"新增 new {totals['stored']}, 已有 already known {totals['duplicate']}, "
            f"冲突 conflicting {totals['conflict']}, 拒收 rejected {totals['rejected']}; "
            f"附件 attachments {stored_files}",
            file=out,
        )
        for line in rejected[:20]:
            print(f"  rejected {line}", file=out)
    return 1 if totals["rejected"] else 0


def _export_reference_bundle(args: argparse.Namespace, out: TextIO) -> int:
    from inspector_app.sync.bundle import write_reference_bundle

    with _opened(args) as hq:
        changes = (
            ReferenceChange(seq=seq, table=ReferenceTable(table), key=key, op=op, row=json.loads(row) if row else None)
            for seq, table, key, op, row in hq.reference.iter_changes(args.since)
        )
        summary = write_reference_bundle(
            Path(args.file), changes, hq.identity, since=args.since, created_at=dt.datetime.now(dt.UTC)
        )
    print(f"reference bundle {summary.path}: {summary.records} change(s) after {args.since}", file=out)
    return 0


# --- the parser ----------------------------------------------------------------------------------------------


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help=f"HQ data folder (default ${ENV_DATA_DIR} or the user data folder)")
    parser.add_argument("--database-url", help="sqlite:///… or postgresql+psycopg://user:password@host/db")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``inspector-hq``."""
    parser = argparse.ArgumentParser(prog="inspector-hq", description="质量安全监管检查总部服务 Inspector HQ server")
    parser.add_argument("--verbose", "-v", action="store_true", help="log more")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the HQ server")
    _common(serve)
    serve.add_argument("--demo", action="store_true", help="embedded SQLite with demo reference data")
    serve.add_argument("--demo-scale", type=int, default=1, help="demo data scale (1 = 200 enterprises, 1,000 items)")
    serve.add_argument("--host", default=DEFAULT_HOST)
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--public-url", help="the URL workstations reach HQ at (for enrollment QR codes)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes")
    serve.add_argument("--pool-size", type=int, default=5, help="PostgreSQL connections per process")
    serve.add_argument("--max-overflow", type=int, default=10, help="extra PostgreSQL connections under load")
    serve.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    serve.set_defaults(handler=_serve)

    migrate = commands.add_parser("migrate", help="create or upgrade the HQ database")
    _common(migrate)
    migrate.set_defaults(handler=_migrate)

    inspector = commands.add_parser("inspector", help="inspectors").add_subparsers(dest="action", required=True)
    add = inspector.add_parser("add", help="add or update an inspector")
    _common(add)
    add.add_argument("--badge", required=True, help="badge number (执法证号)")
    add.add_argument("--name", required=True)
    add.add_argument("--unit", default="")
    add.add_argument("--role", default="inspector", choices=["inspector", "supervisor", "admin"])
    add.add_argument("--region", default="", help="GB/T 2260 region code")
    add.set_defaults(handler=_inspector_add)
    listing = inspector.add_parser("list", help="list inspectors")
    _common(listing)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_inspector_list)

    code = commands.add_parser("enroll-code", help="issue a one-time enrollment code")
    _common(code)
    code.add_argument("--inspector", required=True, help="inspector id or badge number")
    code.add_argument("--ttl-hours", type=float, default=24.0)
    code.add_argument("--hq-url", help="HQ's URL to put into the QR code")
    code.add_argument("--png", type=Path, help="also write the QR code as a PNG file")
    code.set_defaults(handler=_enroll_code)

    devices = commands.add_parser("devices", help="enrolled devices").add_subparsers(dest="action", required=True)
    devices_list = devices.add_parser("list", help="list devices")
    _common(devices_list)
    devices_list.add_argument("--json", action="store_true")
    devices_list.set_defaults(handler=_devices_list)
    revoke = devices.add_parser("revoke", help="revoke a device's token")
    _common(revoke)
    revoke.add_argument("device_id")
    revoke.set_defaults(handler=_devices_revoke)

    importing = commands.add_parser("import", help="import reference data (CSV or JSON)")
    _common(importing)
    importing.add_argument("kind", choices=IMPORT_KINDS)
    importing.add_argument("file", type=Path)
    importing.set_defaults(handler=_import)

    remove = commands.add_parser(
        "remove",
        help="remove reference rows by key",
        description="Remove reference rows by their natural key: a GTIN, a USCC, TYPE|NUMBER of a licence, "
        "USCC|LIST_TYPE|SINCE of a blacklist entry, an alert, task or rule code, a badge number, a date of the "
        "holiday schedule, a catalogue edition code. Every key must exist, or nothing is removed.",
    )
    _common(remove)
    remove.add_argument("kind", choices=IMPORT_KINDS)
    remove.add_argument("keys", nargs="+", metavar="KEY")
    remove.set_defaults(handler=_remove)

    alerts = commands.add_parser("alerts", help="risk alerts").add_subparsers(dest="action", required=True)
    publish = alerts.add_parser("publish", help="publish alerts from a file")
    _common(publish)
    publish.add_argument("file", type=Path)
    publish.set_defaults(handler=_alerts_publish)
    withdraw = alerts.add_parser("withdraw", help="withdraw an alert")
    _common(withdraw)
    withdraw.add_argument("code")
    withdraw.set_defaults(handler=_alerts_withdraw)

    export = commands.add_parser("export-records", help="export received records")
    _common(export)
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.set_defaults(handler=_export_records)

    conflicts = commands.add_parser("conflicts", help="conflicting record versions kept for review")
    conflict_actions = conflicts.add_subparsers(dest="action", required=True)
    conflicts_list = conflict_actions.add_parser("list", help="list conflicts (open ones unless --all)")
    _common(conflicts_list)
    conflicts_list.add_argument("--all", action="store_true", help="also those already reviewed")
    conflicts_list.add_argument("--json", action="store_true")
    conflicts_list.set_defaults(handler=_conflicts_list)
    conflicts_show = conflict_actions.add_parser("show", help="both versions of a conflict and where they differ")
    _common(conflicts_show)
    conflicts_show.add_argument("id", type=int)
    conflicts_show.add_argument("--json", action="store_true")
    conflicts_show.set_defaults(handler=_conflicts_show)
    conflicts_resolve = conflict_actions.add_parser("resolve", help="note that a conflict was reviewed")
    _common(conflicts_resolve)
    conflicts_resolve.add_argument("id", type=int)
    conflicts_resolve.add_argument("--note", required=True, help="what was decided")
    conflicts_resolve.set_defaults(handler=_conflicts_resolve)

    verify = commands.add_parser("verify-records", help="check every stored record's hash and signature again")
    _common(verify)
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=_verify_records)

    bundle = commands.add_parser("import-bundle", help="import a workstation's USB bundle")
    _common(bundle)
    bundle.add_argument("file", type=Path)
    bundle.add_argument("--json", action="store_true")
    bundle.set_defaults(handler=_import_bundle)

    reference = commands.add_parser("export-reference-bundle", help="write reference changes for USB")
    _common(reference)
    reference.add_argument("file", type=Path)
    reference.add_argument("--since", type=int, default=0, help="only changes after this seq")
    reference.set_defaults(handler=_export_reference_bundle)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run ``inspector-hq``; returns the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    stream = out or sys.stdout
    try:
        result: int = args.handler(args, stream)
    except ImportFileError as exc:
        print(f"{exc.message_zh}\n{exc.message_en}", file=sys.stderr)
        for error in exc.errors[:200]:
            print(f"  {error}", file=sys.stderr)
        return 1
    except (InspectorError, HqStorageError, FileReadError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OperationalError as exc:
        print(f"无法连接总部数据库 / cannot reach the HQ database: {exc.orig or exc}", file=sys.stderr)
        return 1
    return result


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
