"""The signed payload of a certificate's QR code, after the EU digital COVID certificate model.

``IW1:`` + base45( zlib( COSE_Sign1( CBOR claims ) ) ):

- **Claims** are a CBOR map with small integer keys (one byte each, see ``ClaimKey``): certificate number,
  verdict, product, batch, maker's USCC, verdict date, the inspectors' badge numbers and the time of issue.
  The issuer's key id is not repeated in the claims: it travels as ``kid`` in the COSE protected header, which
  the signature covers just the same, and ``CertificateClaims.issuer_key_id`` is read back from there.
- **COSE_Sign1** (RFC 9052 §4.2) is tag 18 over ``[protected, unprotected, payload, signature]``; the protected
  header is ``{1: -8 (EdDSA), 4: kid}``; the signature is Ed25519 over the ``Sig_structure``
  ``["Signature1", protected, h'', payload]``. The unprotected header may carry the signer's raw public key
  under the private-use label -65537: it is not trusted for anything, but when a certificate that names a
  trusted kid fails its signature, a key there that *does* verify it proves another key signed it (forged),
  where otherwise all we can say is that the content no longer matches its signature (altered).
- zlib, then base45 (``base45.py``): base45 text uses the QR alphanumeric mode, so 2 bytes cost 16.5 bits.

Why no COSE library: ``pycose`` 1.1 refuses every message once ``cbor2`` ≥ 6 is installed (arrays decode as
tuples) and ``cwt`` pins ``cbor2`` 5. A COSE_Sign1 with one algorithm is a 4-element tagged array and a
4-element ``Sig_structure``; built here with ``cbor2`` (maintained, current) and ``cryptography`` (Ed25519) it
is a page of code that the tests check byte by byte, and it keeps the project free to follow ``cbor2``.

Size: a QR code of version 15 at error-correction level Q holds 426 alphanumeric characters, enough to scan at
3 cm. Text claims are shortened (ending in "…") to fixed lengths and then, if the whole still does not fit,
the product name and batch are shortened further; the certificate number is never shortened. The claims only
have to identify the certificate; the full text is on the printed page.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import logging
import re
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from inspector_app.documents.base45 import Base45Error, b45decode, b45encode
from inspector_app.domain.limits import Conformity

logger = logging.getLogger(__name__)

PREFIX = "IW1:"
MAX_QR_VERSION = 15
# Alphanumeric capacity of a version-15 QR code at level Q (ISO/IEC 18004 table 7), prefix included.
MAX_PAYLOAD_CHARS = 426
# Anything longer is refused before decoding: it cannot have come from a version-15 code.
MAX_INPUT_CHARS = 4 * MAX_PAYLOAD_CHARS
_MAX_COSE_BYTES = 4096

COSE_SIGN1_TAG = 18
HEADER_ALG = 1
HEADER_KID = 4
HEADER_SIGNER_KEY = -65537  # private use (RFC 9052 §16.2: labels below -65536)
ALG_EDDSA = -8
_SIG_CONTEXT = "Signature1"
_OTHER_VERSION_RE = re.compile(r"IW[0-9]+:")

# Per-field lengths (characters, "…" included) before any further fitting. The certificate number is never
# shortened: it is limited in UTF-8 bytes instead, and a longer one is refused.
_MAX_NUMBER_BYTES = 40
_TEXT_LIMITS = {"product": 16, "batch": 24, "maker_uscc": 24}
_BADGE_LIMIT = 20
_MAX_BADGES = 4
_ELLIPSIS = "…"
# When the whole still does not fit: shorten these, in this order, down to these lengths (characters).
_SHRINK_STEPS = (
    ("product", 8),
    ("batch", 8),
    ("badge_count", 2),
    ("product", 2),
    ("batch", 2),
    ("maker_uscc", 2),
    ("badges", 2),
)


class ClaimKey(enum.IntEnum):
    """CBOR map keys of the claims (0–23 encode in one byte)."""

    CERTIFICATE_NUMBER = 1
    VERDICT = 2
    PRODUCT = 3
    BATCH = 4
    MAKER_USCC = 5
    DATE = 6  # YYYYMMDD as an integer
    INSPECTOR_BADGES = 7
    ISSUED_AT = 8  # seconds since the Unix epoch, UTC


_VERDICT_CODES = {Conformity.CONFORMING: 1, Conformity.NONCONFORMING: 2}
_VERDICTS_BY_CODE = {code: verdict for verdict, code in _VERDICT_CODES.items()}


class CertificatePayloadError(ValueError):
    """Claims that cannot be encoded (bad key id, or too long even after shortening the free text)."""


@dataclass(frozen=True)
class CertificateClaims:
    """What the QR code says about a certificate. ``issuer_key_id`` is set when a payload is read."""

    certificate_number: str
    verdict: Conformity
    product: str
    batch: str
    maker_uscc: str
    date: dt.date
    inspector_badges: tuple[str, ...]
    issued_at: dt.datetime
    issuer_key_id: str = ""

    def __post_init__(self) -> None:
        if self.verdict not in _VERDICT_CODES:
            raise ValueError("a certificate's verdict is conforming or nonconforming")
        if self.issued_at.tzinfo is None:
            raise ValueError("issued_at must carry its time zone")
        if not self.certificate_number:
            raise ValueError("a certificate needs its number")


class VerificationStatus(enum.StrEnum):
    """The outcome of checking a certificate payload."""

    GENUINE = "genuine"
    ALTERED = "altered"
    FORGED = "forged"
    UNKNOWN_SIGNER = "unknown_signer"
    MALFORMED = "malformed"


@dataclass(frozen=True)
class CertificateVerification:
    """The verdict on a payload. ``claims`` is what the payload says, when readable — trust it only when
    ``status`` is genuine. ``key_id`` is the kid the payload names; ``signer_key_id`` the key that really signed
    it, when a forged payload shows it."""

    status: VerificationStatus
    message_zh: str
    message_en: str
    claims: CertificateClaims | None = None
    key_id: str = ""
    signer_key_id: str = ""

    @property
    def genuine(self) -> bool:
        """True only for a readable payload signed by the trusted key it names."""
        return self.status is VerificationStatus.GENUINE


@dataclass(frozen=True)
class _Envelope:
    protected: bytes
    kid: bytes
    payload: bytes
    signature: bytes
    signer_key: bytes | None = None


def key_id_for(public_key_raw: bytes) -> str:
    """The key id of a raw Ed25519 public key: the first 16 bytes of its SHA-256, in hex (32 characters)."""
    return hashlib.sha256(public_key_raw).digest()[:16].hex()


def fit_claims(claims: CertificateClaims) -> CertificateClaims:
    """The claims with each text shortened to its fixed length (what ``encode_certificate`` starts from)."""
    badges = tuple(_shorten(badge, _BADGE_LIMIT) for badge in claims.inspector_badges[:_MAX_BADGES])
    return replace(
        claims,
        product=_shorten(claims.product, _TEXT_LIMITS["product"]),
        batch=_shorten(claims.batch, _TEXT_LIMITS["batch"]),
        maker_uscc=_shorten(claims.maker_uscc, _TEXT_LIMITS["maker_uscc"]),
        inspector_badges=badges,
        issued_at=claims.issued_at.replace(microsecond=0),
    )


def encode_certificate(
    claims: CertificateClaims,
    sign: Callable[[bytes], bytes],
    key_id: str,
    *,
    signer_public_key: bytes | None = None,
) -> str:
    """The ``IW1:`` text for the certificate's QR code, signed by ``sign`` (Ed25519 over the COSE
    ``Sig_structure``) under ``key_id`` (hex, as ``DeviceKeys.key_id``). Pass ``signer_public_key`` (32 raw bytes)
    to embed it, so that a forgery made with the same software is told apart from an alteration. The text always
    fits a version-15 QR code at level Q; raises ``CertificatePayloadError`` when even shortened claims do not."""
    kid = _kid_bytes(key_id)
    if len(claims.certificate_number.encode("utf-8")) > _MAX_NUMBER_BYTES:
        raise CertificatePayloadError(f"certificate number longer than {_MAX_NUMBER_BYTES} bytes")
    if signer_public_key is not None and len(signer_public_key) != 32:
        raise CertificatePayloadError("an Ed25519 public key is 32 bytes")
    protected = cbor2.dumps({HEADER_ALG: ALG_EDDSA, HEADER_KID: kid}, canonical=True)
    unprotected: dict[int, bytes] = {} if signer_public_key is None else {HEADER_SIGNER_KEY: signer_public_key}
    fitted = fit_claims(claims)
    while True:
        payload = cbor2.dumps(_claims_map(fitted), canonical=True)
        signature = sign(_sig_structure(protected, payload))
        message = cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, unprotected, payload, signature]))
        text = PREFIX + b45encode(zlib.compress(message, 9))
        excess = len(text) - MAX_PAYLOAD_CHARS
        if excess <= 0:
            return text
        fitted = _shrink(fitted, excess)


def verify_certificate(text: str, trusted_keys: Mapping[str, bytes]) -> CertificateVerification:
    """Check a payload against ``trusted_keys`` (key id → raw Ed25519 public key). Never raises: any input that
    is not a well-formed payload is ``malformed``."""
    try:
        envelope = _open(text)
    except _MalformedError as exc:
        return _malformed(exc.reason_zh, exc.reason_en)
    kid = envelope.kid.hex()
    claims = _read_claims(envelope.payload, kid)
    keys = {str(key).lower(): bytes(raw) for key, raw in trusted_keys.items()}
    trusted = keys.get(kid)
    to_be_signed = _sig_structure(envelope.protected, envelope.payload)
    if trusted is None:
        return CertificateVerification(
            VerificationStatus.UNKNOWN_SIGNER,
            f"签发者未知：密钥 {kid} 不在本工作站的可信密钥中，无法确认真伪",
            f"Unknown signer: key {kid} is not trusted by this workstation, so the certificate cannot be confirmed",
            claims,
            kid,
        )
    if _verifies(trusted, envelope.signature, to_be_signed):
        if claims is None:
            return _malformed("签名有效但内容无法读取（版本不符）", "the signature holds but the content is unreadable")
        return CertificateVerification(
            VerificationStatus.GENUINE,
            f"证书真实有效：由可信密钥 {kid} 签发，内容未被改动",
            f"Genuine: issued under trusted key {kid}, content unchanged",
            claims,
            kid,
        )
    signer = _actual_signer(envelope, to_be_signed, keys, kid)
    if signer:
        return CertificateVerification(
            VerificationStatus.FORGED,
            f"伪造证书：实际由密钥 {signer} 签名，却冒用可信密钥 {kid}",
            f"Forged: signed by key {signer} while claiming trusted key {kid}",
            claims,
            kid,
            signer,
        )
    return CertificateVerification(
        VerificationStatus.ALTERED,
        "证书已被篡改：内容与签名不符",
        f"Altered: the content no longer matches the signature of key {kid}",
        claims,
        kid,
    )


class _MalformedError(Exception):
    def __init__(self, reason_zh: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason_zh = reason_zh
        self.reason_en = reason_en


def _malformed(reason_zh: str, reason_en: str) -> CertificateVerification:
    return CertificateVerification(
        VerificationStatus.MALFORMED,
        f"不是可识别的证书二维码：{reason_zh}",
        f"Not a readable certificate code: {reason_en}",
    )


def _open(text: str) -> _Envelope:
    """The COSE_Sign1 parts of ``text``; raises ``_MalformedError`` saying which layer failed."""
    if not isinstance(text, str):
        raise _MalformedError("不是文本", "not text")
    stripped = text.strip()
    if len(stripped) > MAX_INPUT_CHARS:
        raise _MalformedError("内容过长", "too long")
    if not stripped.startswith(PREFIX):
        if _OTHER_VERSION_RE.match(stripped):
            raise _MalformedError(
                "不支持的证书版本，请更新工作站", "a certificate version this workstation does not know"
            )
        raise _MalformedError(f"缺少前缀 {PREFIX}", f"no {PREFIX} prefix")
    try:
        compressed = b45decode(stripped[len(PREFIX) :])
    except Base45Error as exc:
        raise _MalformedError("base45 编码无效", f"invalid base45 ({exc})") from None
    try:
        inflater = zlib.decompressobj()
        message = inflater.decompress(compressed, _MAX_COSE_BYTES)
        if inflater.unconsumed_tail or not inflater.eof:
            raise _MalformedError("压缩数据不完整或过大", "compressed data truncated or too large")
    except zlib.error:
        raise _MalformedError("压缩数据损坏", "corrupt compressed data") from None
    parts = _cbor(message)
    if isinstance(parts, cbor2.CBORTag):
        if parts.tag != COSE_SIGN1_TAG:
            raise _MalformedError("不是 COSE_Sign1 签名结构", f"CBOR tag {parts.tag} is not COSE_Sign1")
        parts = parts.value
    if not isinstance(parts, list | tuple) or len(parts) != 4:
        raise _MalformedError("不是 COSE_Sign1 签名结构", "not a COSE_Sign1 array")
    protected, unprotected, payload, signature = parts
    if not all(isinstance(part, bytes) for part in (protected, payload, signature)):
        raise _MalformedError("签名结构字段类型错误", "COSE_Sign1 fields of the wrong type")
    if not isinstance(unprotected, Mapping):
        raise _MalformedError("签名结构字段类型错误", "unprotected header is not a map")
    header = _cbor(protected) if protected else {}
    if not isinstance(header, Mapping):
        raise _MalformedError("受保护头不是映射", "protected header is not a map")
    if header.get(HEADER_ALG) != ALG_EDDSA:
        raise _MalformedError("签名算法不是 EdDSA", "signature algorithm is not EdDSA")
    kid = header.get(HEADER_KID)
    if not isinstance(kid, bytes) or not 1 <= len(kid) <= 32:
        raise _MalformedError("缺少签发密钥标识", "no key id in the protected header")
    if len(signature) != 64:
        raise _MalformedError("签名长度错误", "an Ed25519 signature is 64 bytes")
    signer_key = unprotected.get(HEADER_SIGNER_KEY)
    if not isinstance(signer_key, bytes) or len(signer_key) != 32:
        signer_key = None
    return _Envelope(protected, kid, payload, signature, signer_key)


def _cbor(data: bytes) -> Any:
    try:
        return cbor2.loads(data, max_depth=16, allow_duplicate_keys=False)
    # A decoder facing hostile bytes raises many kinds of error (decode, value, type, overflow, recursion);
    # to the caller they all mean the same: not a payload of ours.
    except Exception as exc:
        logger.debug("CBOR decoding failed: %s", exc)
        raise _MalformedError("CBOR 数据无效", "invalid CBOR") from None


def _read_claims(payload: bytes, kid: str) -> CertificateClaims | None:
    """The claims in ``payload``, or None when they do not have the expected shape."""
    try:
        data = _cbor(payload)
    except _MalformedError:
        return None
    if not isinstance(data, Mapping):
        return None
    try:
        badges = data[ClaimKey.INSPECTOR_BADGES]
        date_number = data[ClaimKey.DATE]
        issued = data[ClaimKey.ISSUED_AT]
        texts = [data[key] for key in (ClaimKey.CERTIFICATE_NUMBER, ClaimKey.PRODUCT, ClaimKey.BATCH)]
        texts.append(data[ClaimKey.MAKER_USCC])
        verdict_code = data[ClaimKey.VERDICT]
        if type(verdict_code) is not int:
            return None
        verdict = _VERDICTS_BY_CODE[verdict_code]
        if not all(isinstance(value, str) for value in texts):
            return None
        if not isinstance(badges, list | tuple) or not all(isinstance(badge, str) for badge in badges):
            return None
        if type(date_number) is not int or type(issued) is not int:
            return None
        day = dt.date(date_number // 10000, date_number // 100 % 100, date_number % 100)
        issued_at = dt.datetime.fromtimestamp(issued, dt.UTC)
        return CertificateClaims(
            certificate_number=texts[0],
            verdict=verdict,
            product=texts[1],
            batch=texts[2],
            maker_uscc=texts[3],
            date=day,
            inspector_badges=tuple(badges),
            issued_at=issued_at,
            issuer_key_id=kid,
        )
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        return None


def _claims_map(claims: CertificateClaims) -> dict[int, object]:
    return {
        ClaimKey.CERTIFICATE_NUMBER: claims.certificate_number,
        ClaimKey.VERDICT: _VERDICT_CODES[claims.verdict],
        ClaimKey.PRODUCT: claims.product,
        ClaimKey.BATCH: claims.batch,
        ClaimKey.MAKER_USCC: claims.maker_uscc,
        ClaimKey.DATE: claims.date.year * 10000 + claims.date.month * 100 + claims.date.day,
        ClaimKey.INSPECTOR_BADGES: list(claims.inspector_badges),
        ClaimKey.ISSUED_AT: int(claims.issued_at.timestamp()),
    }


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps([_SIG_CONTEXT, protected, b"", payload])


def _kid_bytes(key_id: str) -> bytes:
    try:
        kid = bytes.fromhex(key_id)
    except ValueError:
        raise CertificatePayloadError(f"the key id must be hex: {key_id!r}") from None
    if not 1 <= len(kid) <= 32:
        raise CertificatePayloadError("the key id must be 1 to 32 bytes")
    return kid


def _verifies(public_key_raw: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key_raw).verify(signature, message)
    except InvalidSignature:
        return False
    except ValueError:
        logger.warning("a trusted key is not a raw Ed25519 public key (%d bytes)", len(public_key_raw))
        return False
    return True


def _actual_signer(envelope: _Envelope, to_be_signed: bytes, keys: Mapping[str, bytes], kid: str) -> str:
    """The key id of a key other than ``kid`` that verifies the signature, or "" when none shows itself."""
    if envelope.signer_key is not None and _verifies(envelope.signer_key, envelope.signature, to_be_signed):
        return key_id_for(envelope.signer_key)
    for other_id, other_key in keys.items():
        if other_id != kid and _verifies(other_key, envelope.signature, to_be_signed):
            return other_id
    return ""


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + _ELLIPSIS


def _shrink(claims: CertificateClaims, excess_chars: int) -> CertificateClaims:
    """Claims a little shorter, following ``_SHRINK_STEPS``; raises when nothing is left to shorten."""
    # Base45 spends 3 characters on 2 bytes, and a character is 1 to 4 bytes in UTF-8: cut about what is over.
    cut = max(1, excess_chars * 2 // 3 // 3)
    for name, floor in _SHRINK_STEPS:
        if name == "badge_count":
            if len(claims.inspector_badges) > floor:
                return replace(claims, inspector_badges=claims.inspector_badges[:floor])
        elif name == "badges":
            longest = max((len(badge) for badge in claims.inspector_badges), default=0)
            if longest > floor:
                length = max(floor, longest - cut)
                return replace(claims, inspector_badges=tuple(_shorten(b, length) for b in claims.inspector_badges))
        else:
            value: str = getattr(claims, name)
            if len(value) > floor:
                shorter = _shorten(value, max(floor, len(value) - cut))
                if name == "product":
                    return replace(claims, product=shorter)
                if name == "batch":
                    return replace(claims, batch=shorter)
                return replace(claims, maker_uscc=shorter)
    raise CertificatePayloadError("the certificate claims do not fit a version-15 QR code")
