"""Enrolled devices: one-time enrollment codes, enrollment with HQ's certificate, tokens, revocation.

A code is 16 characters of Crockford base32 (80 random bits) and HQ keeps only its SHA-256. Enrollment uses it up
with one conditional ``UPDATE … WHERE used_at IS NULL AND expires_at > now``: of two devices presenting the same
code at the same moment, on any number of HQ processes, exactly one gets a row back. A token is 32 random bytes
(base64url); HQ keeps its SHA-256, so a stolen database does not give working tokens.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, or_, select, update

from inspector_app.hq.hq_error import HqError
from inspector_app.hq.hq_identity import HqIdentity
from inspector_app.hq.sql import dialect_insert, orm, utc_now
from inspector_app.hq.storage.database import HqDatabase
from inspector_app.hq.storage.models import Device, EnrollmentCode, HqInspector
from inspector_app.security.signing import PUBLIC_KEY_LENGTH, key_id_for
from inspector_app.sync.protocol import (
    ENROLLMENT_CODE_ALPHABET,
    ENROLLMENT_CODE_LENGTH,
    DeviceCertificate,
    EnrollmentRequest,
    EnrollmentResponse,
    ErrorCode,
    InspectorInfo,
    b64decode_strict,
    device_certificate_message,
    format_enrolled_at,
    format_enrollment_code,
    is_enrollment_code,
    normalise_enrollment_code,
)

logger = logging.getLogger(__name__)

DEFAULT_CODE_TTL_HOURS = 24
MAX_CODE_TTL_HOURS = 24 * 30
TOKEN_BYTES = 32


def sha256_hex(text: str) -> str:
    """SHA-256 (hex) of ``text`` in UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class IssuedCode:
    """A new one-time code (shown once: HQ keeps only its hash)."""

    code: str  # grouped for people: 7K3Q-9XJD-M2PA-H4TB
    inspector_id: int
    badge_number: str
    inspector_name: str
    expires_at: dt.datetime  # UTC, aware


@dataclass(frozen=True, slots=True)
class AuthenticatedDevice:
    """The device a request's token belongs to."""

    id: str
    label: str
    public_key_raw: bytes
    inspector_id: int | None


@dataclass(frozen=True, slots=True)
class DeviceSummary:
    """One enrolled device, for ``inspector-hq devices list``."""

    id: str
    label: str
    inspector_id: int | None
    badge_number: str | None
    enrolled_at: dt.datetime
    revoked_at: dt.datetime | None

    @property
    def revoked(self) -> bool:
        """Whether the device's token no longer works."""
        return self.revoked_at is not None


def _invalid_token() -> HqError:
    return HqError(
        401,
        ErrorCode.INVALID_TOKEN,
        "设备令牌无效或缺失，请重新注册本工作站",
        "The device token is missing or not valid; enroll this workstation again",
    )


class DeviceRegistry:
    """Enrollment codes, devices and their tokens."""

    def __init__(self, database: HqDatabase, identity: HqIdentity) -> None:
        self._database = database
        self._identity = identity

    # --- codes -------------------------------------------------------------------------------------------

    def issue_code(self, inspector: str, ttl_hours: float = DEFAULT_CODE_TTL_HOURS) -> IssuedCode:
        """A one-time code for the inspector with id or badge number ``inspector``, valid ``ttl_hours``."""
        if not 0 < ttl_hours <= MAX_CODE_TTL_HOURS:
            raise HqError(
                400,
                ErrorCode.INVALID_REQUEST,
                f"有效期应在 0 到 {MAX_CODE_TTL_HOURS} 小时之间",
                f"The validity must be between 0 and {MAX_CODE_TTL_HOURS} hours",
            )
        code = "".join(secrets.choice(ENROLLMENT_CODE_ALPHABET) for _ in range(ENROLLMENT_CODE_LENGTH))
        now = utc_now()
        expires = now + dt.timedelta(hours=ttl_hours)
        with self._database.write() as connection:
            row = self._inspector(connection, inspector)
            connection.execute(
                dialect_insert(self._database, EnrollmentCode).values(
                    code_hash=sha256_hex(code), inspector_id=row.id, created_at=now, expires_at=expires
                )
            )
        logger.info("enrollment code issued for inspector %s, valid until %s", row.badge_number, expires)
        return IssuedCode(
            format_enrollment_code(code), row.id, row.badge_number, row.name, expires.replace(tzinfo=dt.UTC)
        )

    @staticmethod
    def _inspector(connection: Connection, inspector: str) -> HqInspector:
        condition = HqInspector.badge_number == inspector
        # Badge numbers are often all digits too; only numbers that fit an id column can be ids.
        if inspector.isascii() and inspector.isdigit() and int(inspector) < 2**31:
            condition = or_(condition, HqInspector.id == int(inspector))
        # A badge match wins over an id match.
        rows = orm(connection).execute(select(HqInspector).where(condition).order_by(HqInspector.id)).scalars().all()
        row = next((item for item in rows if item.badge_number == inspector), rows[0] if rows else None)
        if row is None:
            raise HqError(
                404,
                ErrorCode.NOT_FOUND,
                f"找不到执法人员：{inspector}（请用编号或执法证号）",
                f"No inspector {inspector} (give the id or the badge number)",
            )
        if not row.active:
            raise HqError(
                409,
                ErrorCode.INVALID_REQUEST,
                f"执法人员 {row.badge_number} 已停用，不能为其签发注册码",
                f"Inspector {row.badge_number} is inactive; no enrollment code can be issued",
            )
        return row

    # --- enrollment --------------------------------------------------------------------------------------

    def enroll(self, request: EnrollmentRequest) -> EnrollmentResponse:
        """Register the device key with a one-time code; return its token and HQ's certificate of its key."""
        try:
            public_key_raw = b64decode_strict(request.public_key)
        except ValueError:
            public_key_raw = b""
        if len(public_key_raw) != PUBLIC_KEY_LENGTH:
            raise HqError(
                422,
                ErrorCode.INVALID_KEY,
                "设备公钥无效：应为 Base64 编码的 32 字节 Ed25519 公钥",
                "The device public key is not valid: it must be a base64 32-byte Ed25519 key",
            )
        code = normalise_enrollment_code(request.code)
        invalid_code = HqError(
            403,
            ErrorCode.INVALID_CODE,
            "注册码无效、已过期或已被使用，请向总部申请新的注册码",
            "The enrollment code is not valid, has expired or was already used; ask HQ for a new one",
        )
        if not is_enrollment_code(code):
            raise invalid_code
        key_id = key_id_for(public_key_raw)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = utc_now()
        enrolled_at = format_enrolled_at(now.replace(tzinfo=dt.UTC))
        public_key_b64 = base64.b64encode(public_key_raw).decode("ascii")
        signature = self._identity.sign(device_certificate_message(key_id, public_key_raw, enrolled_at))
        signature_b64 = base64.b64encode(signature).decode("ascii")
        with self._database.write() as connection:
            existing = orm(connection).execute(select(Device).where(Device.id == key_id)).scalar_one_or_none()
            if existing is not None and existing.revoked_at is not None:
                raise HqError(
                    403,
                    ErrorCode.DEVICE_REVOKED,
                    "该设备已被总部注销，不能用同一密钥再次注册；请联系总部管理员",
                    "This device was revoked by HQ and cannot enroll again with the same key; contact the HQ "
                    "administrator",
                )
            used = connection.execute(
                update(EnrollmentCode)
                .where(
                    EnrollmentCode.code_hash == sha256_hex(code),
                    EnrollmentCode.used_at.is_(None),
                    EnrollmentCode.expires_at > now,
                )
                .values(used_at=now, used_by_device=key_id)
                .returning(EnrollmentCode.inspector_id)
            ).scalar_one_or_none()
            if used is None:
                raise invalid_code
            inspector = orm(connection).execute(select(HqInspector).where(HqInspector.id == used)).scalar_one()
            values = {
                "label": request.device_label,
                "public_key": public_key_b64,
                "key_id": key_id,
                "inspector_id": inspector.id,
                "token_hash": sha256_hex(token),
                "enrolled_at": now,
                "certificate_signature": signature_b64,
                "certified_at": enrolled_at,
            }
            if existing is None:
                connection.execute(dialect_insert(self._database, Device).values(id=key_id, **values))
            else:
                connection.execute(update(Device).where(Device.id == key_id).values(**values))
            inspector_info = InspectorInfo(id=inspector.id, badge_number=inspector.badge_number, name=inspector.name)
        logger.info("device %s (%s) enrolled for inspector %s", key_id, request.device_label, inspector.badge_number)
        certificate = DeviceCertificate(
            device_key_id=key_id,
            public_key=public_key_b64,
            enrolled_at=enrolled_at,
            hq_key_id=self._identity.key_id,
            signature=signature_b64,
        )
        return EnrollmentResponse(
            device_id=key_id,
            token=token,
            hq_public_key=self._identity.public_key_b64,
            hq_key_id=self._identity.key_id,
            certificate=certificate,
            inspector=inspector_info,
            server_time=now.replace(tzinfo=dt.UTC),
        )

    # --- tokens and devices ------------------------------------------------------------------------------

    def authenticate(self, token: str | None) -> AuthenticatedDevice:
        """The device holding ``token``; 401 ``invalid_token`` or ``device_revoked`` otherwise."""
        if not token or len(token) > 200:
            raise _invalid_token()
        with self._database.read() as connection:
            device = (
                orm(connection)
                .execute(select(Device).where(Device.token_hash == sha256_hex(token)))
                .scalar_one_or_none()
            )
        if device is None:
            raise _invalid_token()
        if device.revoked_at is not None:
            raise HqError(
                401,
                ErrorCode.DEVICE_REVOKED,
                "该设备已被总部注销，不能再同步；请联系总部管理员",
                "This device was revoked by HQ and can no longer sync; contact the HQ administrator",
            )
        return AuthenticatedDevice(device.id, device.label, base64.b64decode(device.public_key), device.inspector_id)

    def list_devices(self) -> list[DeviceSummary]:
        """Every device ever enrolled, oldest first."""
        with self._database.read() as connection:
            rows = (
                orm(connection)
                .execute(
                    select(Device, HqInspector.badge_number)
                    .outerjoin(HqInspector, HqInspector.id == Device.inspector_id)
                    .order_by(Device.enrolled_at, Device.id)
                )
                .all()
            )
        return [
            DeviceSummary(
                device.id,
                device.label,
                device.inspector_id,
                badge,
                _aware(device.enrolled_at),
                _aware_or_none(device.revoked_at),
            )
            for device, badge in rows
        ]

    def revoke(self, device_id: str) -> DeviceSummary:
        """Revoke a device (its token stops working at once, on every HQ process); revoking twice is harmless."""
        now = utc_now()
        with self._database.write() as connection:
            connection.execute(
                update(Device).where(Device.id == device_id, Device.revoked_at.is_(None)).values(revoked_at=now)
            )
        for device in self.list_devices():
            if device.id == device_id:
                logger.info("device %s revoked", device_id)
                return device
        raise HqError(404, ErrorCode.NOT_FOUND, f"找不到设备：{device_id}", f"No device {device_id}")

    def device_keys(self, *, include_revoked: bool = False) -> dict[str, bytes]:
        """Key id → raw public key of the enrolled devices (without the revoked ones unless asked)."""
        query = select(Device.key_id, Device.public_key)
        if not include_revoked:
            query = query.where(Device.revoked_at.is_(None))
        with self._database.read() as connection:
            rows = connection.execute(query).all()
        return {key_id: base64.b64decode(public_key) for key_id, public_key in rows}

    def device(self, device_id: str) -> AuthenticatedDevice | None:
        """An enrolled, not revoked device by id (for bundle imports), or ``None``."""
        with self._database.read() as connection:
            device = (
                orm(connection)
                .execute(select(Device).where(Device.id == device_id, Device.revoked_at.is_(None)))
                .scalar_one_or_none()
            )
        if device is None:
            return None
        return AuthenticatedDevice(device.id, device.label, base64.b64decode(device.public_key), device.inspector_id)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC)


def _aware_or_none(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.replace(tzinfo=dt.UTC)
