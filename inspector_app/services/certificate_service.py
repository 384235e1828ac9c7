"""Is a certificate genuine? Its ``IW1:`` text, its PDF or a picture of its QR code, checked against the keys this
workstation trusts.

The signature check itself is ``documents.certificate_payload.verify_certificate``; this service brings the
trusted keys (``TrustService``: this workstation's own key, keys imported from files and, later, keys HQ certifies)
and the ways a certificate reaches the workstation: a QR code read at the scan bar, a PDF opened from disk, or a
photo of the printed code. A PDF is judged by the QR code printed on its first page, never by its metadata, which
anyone can edit without touching what is printed (``PdfCertificateReader`` explains why); the metadata only adds a
note when it disagrees with the printed code.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from inspector_app.documents.certificate_payload import (
    CertificateClaims,
    CertificateVerification,
    VerificationStatus,
    verify_certificate,
)
from inspector_app.documents.pdf_certificate_reader import PdfCertificatePayloads, PdfCertificateReader
from inspector_app.services.trust_service import TrustService

__all__ = [
    "CertificateCheck",
    "CertificateClaims",
    "CertificateNote",
    "CertificateService",
    "CertificateVerification",
    "VerificationStatus",
    "looks_like_certificate",
]

logger = logging.getLogger(__name__)

SOURCE_TEXT = "text"
SOURCE_PDF = "pdf"
SOURCE_IMAGE = "image"

# Any version of our prefix: a future "IW2:" code is still a certificate, which verification then calls malformed
# with its reason, rather than a product code to look up.
_CERTIFICATE_TEXT = re.compile(r"\s*IW[0-9]+:")


def looks_like_certificate(text: str) -> bool:
    """Whether ``text`` is a certificate's QR payload (``IW1:...``) rather than a product code."""
    return bool(_CERTIFICATE_TEXT.match(text))


@dataclass(frozen=True, slots=True)
class CertificateNote:
    """Something the inspector should know beside the verdict (both wordings)."""

    message_zh: str
    message_en: str

    def message(self, language: str) -> str:
        """The note in ``language`` ("zh" or "en")."""
        return self.message_en if language == "en" else self.message_zh


@dataclass(frozen=True, slots=True)
class CertificateCheck:
    """The outcome of checking one certificate.

    ``source`` is ``text``, ``pdf`` or ``image``; ``verification`` is None when no certificate code was found at
    all (``notes`` then say so). ``claims`` of a verification that is not genuine are what the code *claims*.
    """

    source: str
    verification: CertificateVerification | None
    notes: tuple[CertificateNote, ...] = ()

    @property
    def genuine(self) -> bool:
        """True only for a readable code signed by the trusted key it names."""
        return self.verification is not None and self.verification.genuine

    @property
    def status(self) -> VerificationStatus | None:
        """The verification status, None when no code was found."""
        return self.verification.status if self.verification is not None else None

    @property
    def claims(self) -> CertificateClaims | None:
        """What the code says (verified only when ``genuine``)."""
        return self.verification.claims if self.verification is not None else None

    def message(self, language: str) -> str:
        """The verdict's explanation in ``language`` ("zh" or "en")."""
        if self.verification is None:
            return "\n".join(note.message(language) for note in self.notes)
        return self.verification.message_en if language == "en" else self.verification.message_zh


_NO_CODE = CertificateNote("未找到证书二维码", "No certificate QR code was found")
_METADATA_ONLY = CertificateNote(
    "PDF 元数据中有证书载荷，但页面上没有可读的二维码；元数据可被随意改写，不作为核验依据",
    "The PDF metadata holds a certificate payload but the page has no readable QR code; metadata can be edited "
    "freely and is not used for verification",
)
_METADATA_DIFFERS = CertificateNote(
    "PDF 元数据与打印的二维码不一致：以打印的二维码为准",
    "The PDF metadata differs from the printed QR code: the printed code is what was verified",
)
_FOREIGN_QR = CertificateNote("二维码不是本系统的证书编码", "The QR code is not a certificate code of this system")


class CertificateService:
    """Verifies certificates against the trusted keys of one workstation (read-only; thread-safe: every call
    reads the keys afresh, so a key revoked a moment ago is no longer trusted)."""

    def __init__(self, trust: TrustService, reader: PdfCertificateReader | None = None) -> None:
        self._trust = trust
        self._reader = reader or PdfCertificateReader()

    def verify_text(self, text: str) -> CertificateCheck:
        """Check the text of a certificate's QR code (as a scanner or the scan bar delivers it). Never raises for
        bad input: anything that is not a well-formed payload is ``malformed``."""
        result = verify_certificate(text.strip(), self._trust.trusted_keys())
        logger.info("certificate text verified: %s", result.status.value)
        return CertificateCheck(SOURCE_TEXT, result)

    def verify_pdf(self, data: bytes) -> CertificateCheck:
        """Check a certificate PDF by the QR code printed on its first page. Raises ``DocumentReadError`` when
        ``data`` is not a readable PDF."""
        return self._check_pdf(self._reader.read_pdf(data))

    def verify_image(self, data: bytes) -> CertificateCheck:
        """Check the first certificate QR code in a photo or scan. Raises ``DocumentReadError`` when ``data`` is
        not a readable image."""
        return self._check_image(self._reader.payloads_from_image(data))

    def verify_file(self, path: Path) -> CertificateCheck:
        """Check a certificate PDF or an image of its QR code, told apart by the file's content. Raises
        ``DocumentReadError`` for a missing, unreadable, oversized or unrecognised file."""
        path = Path(path)
        if _starts_like_pdf(path):
            return self._check_pdf(self._reader.read_pdf_file(path))
        return self._check_image(self._reader.payloads_from_image_file(path))

    def _check_pdf(self, payloads: PdfCertificatePayloads) -> CertificateCheck:
        if payloads.qr is None:
            logger.info("certificate PDF without a readable QR code")
            return CertificateCheck(SOURCE_PDF, None, (_METADATA_ONLY if payloads.metadata else _NO_CODE,))
        notes: list[CertificateNote] = []
        if payloads.metadata and not payloads.consistent:
            notes.append(_METADATA_DIFFERS)
        if not looks_like_certificate(payloads.qr):
            notes.append(_FOREIGN_QR)
        result = verify_certificate(payloads.qr, self._trust.trusted_keys())
        logger.info("certificate PDF verified: %s", result.status.value)
        return CertificateCheck(SOURCE_PDF, result, tuple(notes))

    def _check_image(self, payloads: tuple[str, ...]) -> CertificateCheck:
        if not payloads:
            return CertificateCheck(SOURCE_IMAGE, None, (_NO_CODE,))
        notes = () if looks_like_certificate(payloads[0]) else (_FOREIGN_QR,)
        result = verify_certificate(payloads[0], self._trust.trusted_keys())
        logger.info("certificate image verified: %s", result.status.value)
        return CertificateCheck(SOURCE_IMAGE, result, notes)


def _starts_like_pdf(path: Path) -> bool:
    """Whether the file begins as a PDF does; False when it cannot be opened (the reader then says why)."""
    try:
        with path.open("rb") as stream:
            return stream.read(5) == b"%PDF-"
    except OSError:
        return False
