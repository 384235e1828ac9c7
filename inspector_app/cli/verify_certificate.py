"""``inspector-app verify-certificate FILE-OR-TEXT``: is a certificate genuine?

The argument is the ``IW1:`` text of a certificate's QR code, a certificate PDF (its printed QR code is decoded
from the rendered first page) or an image of the QR code. The signature is checked against the keys this
workstation trusts (its own and those imported or certified). Exit status: 0 genuine; 1 forged, altered, unknown
signer, unreadable or no code found; 2 when the workstation's own store cannot be opened.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from inspector_app.domain.errors import DocumentReadError

if TYPE_CHECKING:
    from inspector_app.documents.certificate_payload import CertificateClaims, CertificateVerification

_TEXT_RE = re.compile(r"\s*IW[0-9]+:")
_STATUS_WORDS = {
    "genuine": "真实有效 genuine",
    "altered": "已被篡改 altered",
    "forged": "伪造 forged",
    "unknown_signer": "未知签发者 unknown signer",
    "malformed": "无法识别 malformed",
}
_VERDICT_WORDS = {"conforming": "合格 conforming", "nonconforming": "不合格 nonconforming"}
_GREEN = "\033[1;32m"
_RED = "\033[1;31m"
_RESET = "\033[0m"


@dataclass(frozen=True)
class _Found:
    """The payloads to verify and where they came from; ``notes`` are warnings to print (bilingual)."""

    source: str  # text | pdf | image
    payloads: tuple[str, ...]
    notes: tuple[str, ...] = ()


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``verify-certificate`` sub-command."""
    parser = subparsers.add_parser(
        "verify-certificate",
        help="核验证书真伪 verify a certificate",
        description=(
            "核验检验证书二维码的签名：IW1: 文本、证书 PDF 或二维码图片 "
            "(verify a certificate's signed QR code: its IW1: text, the certificate PDF, or an image of the code)"
        ),
    )
    parser.add_argument("source", metavar="FILE-OR-TEXT", help="IW1: 文本、PDF 文件或图片 IW1: text, PDF or image")
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Verify and print; 0 when every code found is genuine, 1 otherwise."""
    colour = sys.stdout.isatty()
    try:
        found = find_payloads(args.source)
    except DocumentReadError as exc:
        return _fail(f"无法读取 cannot read: {exc.message_zh} / {exc.message_en}", args.json, colour)
    if not found.payloads:
        return _fail("未找到证书二维码 no certificate QR code found", args.json, colour, found.notes)
    from inspector_app.documents.certificate_payload import verify_certificate

    keys = trusted_keys(args)
    results = [verify_certificate(payload, keys) for payload in found.payloads]
    if args.json:
        print(json.dumps(_json(found, results), ensure_ascii=False, indent=2))
    else:
        for note in found.notes:
            print(_paint(f"注意 note: {note}", _RED, colour))
        for result in results:
            print(format_verification(result, colour))
    return 0 if all(result.genuine for result in results) else 1


def find_payloads(source: str) -> _Found:
    """The payloads in ``source``: the text itself, the printed QR code of a PDF, or the QR codes of an image."""
    if _TEXT_RE.match(source):
        return _Found("text", (source.strip(),))
    from inspector_app.documents.pdf_certificate_reader import PdfCertificateReader

    path = Path(source)
    if not path.exists():
        raise DocumentReadError(
            "missing",
            f"既不是 IW1: 文本，也不是存在的文件：{source[:80]}",
            f"neither IW1: text nor an existing file: {source[:80]}",
            source,
        )
    reader = PdfCertificateReader()
    if not _is_pdf(path):
        return _Found("image", reader.payloads_from_image_file(path))
    payloads = reader.read_pdf_file(path)
    notes: list[str] = []
    if payloads.qr is None and payloads.metadata:
        notes.append("PDF 元数据中有证书载荷，但页面上没有可读的二维码 the PDF metadata has a payload, but no QR code")
    elif payloads.qr is not None and payloads.metadata and not payloads.consistent:
        notes.append("PDF 元数据与打印的二维码不一致 the PDF metadata differs from the printed QR code")
    return _Found("pdf", (payloads.qr,) if payloads.qr is not None else (), tuple(notes))


def trusted_keys(args: argparse.Namespace) -> dict[str, bytes]:
    """The keys this workstation trusts (its own key made sure of first)."""
    from inspector_app.security.device_keys import DeviceKeys
    from inspector_app.services.trust_service import TrustService
    from inspector_app.services.workspace import open_workspace, resolve_data_dir

    workspace = open_workspace(resolve_data_dir(args.data_dir, demo=args.demo))
    try:
        trust = TrustService(workspace.database, DeviceKeys.load_or_create(workspace.data_dir))
        trust.ensure_own_key_trusted()
        return trust.trusted_keys()
    finally:
        workspace.close()


def format_verification(result: CertificateVerification, colour: bool = False) -> str:
    """The verdict line (green when genuine, red otherwise, when ``colour``) and what the code says."""
    word = _STATUS_WORDS[result.status.value]
    headline = f"{word} — {result.message_zh} / {result.message_en}"
    lines = [_paint(headline, _GREEN if result.genuine else _RED, colour)]
    if result.claims is not None:
        if not result.genuine:
            lines.append("声称内容（未经证实）claimed content (NOT verified):")
        lines += [f"  {label}: {value}" for label, value in _claim_lines(result.claims)]
    return "\n".join(lines)


def _claim_lines(claims: CertificateClaims) -> list[tuple[str, str]]:
    return [
        ("证书编号 certificate", claims.certificate_number),
        ("检验结论 verdict", _VERDICT_WORDS.get(claims.verdict.value, claims.verdict.value)),
        ("产品 product", claims.product),
        ("批号 batch", claims.batch),
        ("生产者信用代码 maker USCC", claims.maker_uscc),
        ("结论日期 date", claims.date.isoformat()),
        ("执法证号 badges", "、".join(claims.inspector_badges)),
        ("签发时间 issued at", claims.issued_at.isoformat()),
        ("签发密钥 key", claims.issuer_key_id),
    ]


def _json(found: _Found, results: list[CertificateVerification]) -> dict[str, object]:
    return {
        "source": found.source,
        "notes": list(found.notes),
        "genuine": all(result.genuine for result in results),
        "results": [
            {
                "status": result.status.value,
                "message_zh": result.message_zh,
                "message_en": result.message_en,
                "key_id": result.key_id,
                "signer_key_id": result.signer_key_id,
                "claims": None
                if result.claims is None
                else {
                    "certificate_number": result.claims.certificate_number,
                    "verdict": result.claims.verdict.value,
                    "product": result.claims.product,
                    "batch": result.claims.batch,
                    "maker_uscc": result.claims.maker_uscc,
                    "date": result.claims.date.isoformat(),
                    "inspector_badges": list(result.claims.inspector_badges),
                    "issued_at": result.claims.issued_at.isoformat(),
                    "issuer_key_id": result.claims.issuer_key_id,
                },
            }
            for result in results
        ],
    }


def _fail(message: str, as_json: bool, colour: bool, notes: tuple[str, ...] = ()) -> int:
    if as_json:
        print(json.dumps({"genuine": False, "error": message, "notes": list(notes)}, ensure_ascii=False, indent=2))
    else:
        for note in notes:
            print(_paint(f"注意 note: {note}", _RED, colour))
        print(_paint(message, _RED, colour))
    return 1


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour else text


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(5) == b"%PDF-"
    except OSError as exc:
        raise DocumentReadError("unreadable", f"文件无法读取：{path}", f"cannot read {path}: {exc}", str(path)) from exc
