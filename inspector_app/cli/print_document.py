"""``inspector-app print {sampling-form,certificate} RECORD_ID --pdf FILE [--layout a4|roll80]``.

``sampling-form`` prints a spot check (or an amendment) in its five labelled copies; ``certificate`` prints a
certificate, given its own id or the id of a spot check that has one (its latest). The PDF is written to a
temporary file beside FILE and renamed into place, so FILE is never left half-written.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import tempfile
from pathlib import Path

from inspector_app.domain.errors import InspectorError

logger = logging.getLogger(__name__)

DOCUMENTS = ("sampling-form", "certificate")
LAYOUTS = ("a4", "roll80")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``print`` sub-command."""
    parser = subparsers.add_parser(
        "print",
        help="打印抽样单或证书为 PDF print a sampling form or certificate to PDF",
        description=(
            "把抽样单（五联）或检验证书输出为 PDF。 Write a sampling form (five copies) or a certificate to a PDF; "
            "for a certificate, RECORD_ID may be the certificate or the spot check that has one."
        ),
    )
    parser.add_argument("document", choices=DOCUMENTS, help="文书 document: sampling-form | certificate")
    parser.add_argument("record_id", metavar="RECORD_ID", help="记录编号 record id")
    parser.add_argument("--pdf", required=True, metavar="FILE", help="输出的 PDF 文件 / the PDF file to write")
    parser.add_argument("--layout", choices=LAYOUTS, default="a4", help="版式 layout: a4 (default) | roll80 (80 mm)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Render the document and write the PDF; 0 on success (an unknown record exits 2 through the caller)."""
    from inspector_app.cli.records import open_records_workspace
    from inspector_app.services.spot_check_service import SpotCheckService

    workspace, keys = open_records_workspace(args)
    try:
        service = SpotCheckService(workspace, keys)
        if args.document == "sampling-form":
            data = service.sampling_form_pdf(args.record_id, layout=args.layout)
        else:
            data = service.certificate_pdf(args.record_id, layout=args.layout)
    finally:
        workspace.close()
    target = Path(args.pdf)
    write_file(target, data)
    print(f"已写入 written: {target} ({len(data):,} 字节 bytes)")
    return 0


def write_file(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder (all or nothing)."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        descriptor, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _unwritable(target, exc) from exc
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise _unwritable(target, exc) from exc


def _unwritable(target: Path, exc: OSError) -> InspectorError:
    reason = exc.strerror or str(exc)
    return InspectorError(f"无法写入文件 {target}：{reason}", f"Cannot write {target}: {reason}")
