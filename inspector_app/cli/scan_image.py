"""``inspector-app scan-image [--json] FILE...``: find the barcodes in image files and identify each code."""

from __future__ import annotations

import argparse
import json
import logging
import sys

from inspector_app.cli.identify import result_to_text
from inspector_app.domain.errors import ImageReadError
from inspector_app.domain.identifiers import identify
from inspector_app.scanning.decoded_code import DecodedCode
from inspector_app.scanning.image_decoder import ImageDecoder
from inspector_app.scanning.symbology import Symbology

logger = logging.getLogger(__name__)

NO_CODE_FOUND = "未找到条码 / no code found"


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``scan-image`` sub-command."""
    parser = subparsers.add_parser(
        "scan-image",
        help="识别图像中的条码 find and identify the barcodes in image files",
        description=(
            "读取图像文件（JPEG、PNG、BMP、TIFF、WebP）中的全部条码并识别其内容。 "
            "Read every barcode (EAN/UPC, Code 128, GS1-128, QR, Data Matrix) in image files and identify "
            "each code. Exit status 0 when every file could be read (even without a code), 1 otherwise."
        ),
    )
    parser.add_argument("files", metavar="FILE", nargs="+", help="图像文件 image file")
    parser.add_argument("--json", dest="as_json", action="store_true", help="输出 JSON output a JSON list")
    parser.set_defaults(func=run)


def code_to_json(code: DecodedCode) -> dict[str, object]:
    """One decoded code with its identification, as in the ``--json`` output."""
    return {
        "symbology": code.symbology,
        "text": code.text,
        "aim_id": code.aim_id,
        "is_gs1": code.is_gs1,
        "decoder": code.decoder,
        "identifier": identify(code.text, symbology=code.aim_id).to_dict(),
    }


def file_to_json(name: str, codes: list[DecodedCode] | None, error: ImageReadError | None) -> dict[str, object]:
    """The ``--json`` object for one file."""
    return {
        "file": name,
        "codes": [code_to_json(code) for code in codes or []],
        "error": str(error) if error is not None else None,
    }


def file_to_text(name: str, codes: list[DecodedCode] | None, error: ImageReadError | None) -> str:
    """The human-readable report for one file: each code with its symbology and identification."""
    lines = [f"文件 file: {name}"]
    if error is not None:
        lines.append(f"  错误 error: {error}")
    elif not codes:
        lines.append(f"  {NO_CODE_FOUND}")
    else:
        for number, code in enumerate(codes, start=1):
            label = Symbology(code.symbology).label
            aim = f" {code.aim_id}" if code.aim_id else ""
            lines.append(f"  [{number}] 码制 symbology: {label} ({code.symbology}){aim}")
            report = result_to_text(code.text, identify(code.text, symbology=code.aim_id))
            lines.extend(f"      {line}" for line in report.splitlines())
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Decode each file in ``args.files``; 0 when all could be read, 1 when any could not."""
    decoder = ImageDecoder()
    reports: list[dict[str, object]] = []
    failed = 0
    for name in args.files:
        codes: list[DecodedCode] | None = None
        error: ImageReadError | None = None
        try:
            codes = decoder.decode_path(name)
        except ImageReadError as exc:
            error = exc
            failed += 1
            logger.info("could not read %s: %s", name, exc)
        if args.as_json:
            reports.append(file_to_json(name, codes, error))
        else:
            print(file_to_text(name, codes, error))
    if args.as_json:
        print(json.dumps(reports, ensure_ascii=False, indent=2))
    sys.stdout.flush()
    return 1 if failed else 0
