"""Whose signatures this workstation accepts: its own key, keys imported from ``.pub`` files, later keys from HQ.

Until HQ certifies device keys (the sync issue), a certificate or record is "genuine" here only if it was signed by a
key in the ``trusted_keys`` table that is not revoked. Revocation is final on this workstation: a revoked key cannot
be brought back by importing its file again (a revoked key may be a stolen one). The workstation's own key cannot be
revoked here — every record it sealed depends on it.
"""

from __future__ import annotations

import base64
import binascii
import builtins
import datetime as dt
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector_app.domain.errors import KeyTrustError, NotFoundError
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.security.signing import PUBLIC_KEY_LENGTH, load_public_key_file, save_public_key_file
from inspector_app.storage.database import Database
from inspector_app.storage.models import TrustedKey

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]

SOURCE_OWN = "own"
SOURCE_FILE = "file"
SOURCE_HQ = "hq"

_MAX_LABEL = 200


def workstation_name() -> str:
    """The name this workstation puts into its public key file: the computer's host name."""
    return socket.gethostname() or "inspector-workstation"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class TrustedKeyInfo:
    """One trusted key: its id, the raw key in base64, where it came from and whether it was revoked.

    ``source`` is ``own`` (this workstation), ``file`` (imported from a ``.pub`` file) or ``hq``; ``added_at`` is
    aware, in UTC.
    """

    key_id: str
    public_key_b64: str
    label: str
    source: str
    added_at: dt.datetime
    revoked: bool

    @property
    def public_key_raw(self) -> bytes:
        """The raw 32-byte public key."""
        return base64.b64decode(self.public_key_b64)


class TrustService:
    """Manages the trusted keys of one store; ``device_keys`` is this workstation's own key pair."""

    def __init__(self, database: Database, device_keys: DeviceKeys, clock: Clock = _utc_now) -> None:
        self._database = database
        self._device_keys = device_keys
        self._clock = clock

    def ensure_own_key_trusted(self) -> TrustedKeyInfo:
        """Add this workstation's key to the trusted keys if it is not there yet; return its entry."""
        keys = self._device_keys
        added_at = self._now()

        def work(session: Session) -> tuple[TrustedKeyInfo, bool]:
            row = session.get(TrustedKey, keys.key_id)
            if row is not None:
                return _info(row), False
            row = TrustedKey(
                key_id=keys.key_id,
                public_key=keys.public_key_b64,
                label=f"本机 {workstation_name()}"[:_MAX_LABEL],
                source=SOURCE_OWN,
                added_at=added_at,
                revoked=False,
            )
            session.add(row)
            return _info(row), True

        info, added = self._database.run(work)
        if added:
            logger.info("own key %s added to the trusted keys", info.key_id)
        return info

    def import_key_file(self, path: Path, label: str = "") -> TrustedKeyInfo:
        """Trust the key in the public key file at ``path``; ``label`` defaults to the workstation named in it.

        Importing a key that is already trusted changes nothing and returns its entry. Raises ``KeyFileError`` for
        a file that is not a public key file and ``KeyTrustError`` (reason ``revoked``) for a revoked key.
        """
        key_file = load_public_key_file(Path(path))
        label = " ".join((label or key_file.workstation or Path(path).stem).split())[:_MAX_LABEL]
        added_at = self._now()

        def work(session: Session) -> tuple[TrustedKeyInfo, bool]:
            row = session.get(TrustedKey, key_file.key_id)
            if row is not None:
                if row.revoked:
                    raise KeyTrustError(
                        "revoked",
                        f"密钥 {row.key_id} 已被撤销，不能重新导入。",
                        f"The key {row.key_id} has been revoked and cannot be imported again.",
                    )
                return _info(row), False
            row = TrustedKey(
                key_id=key_file.key_id,
                public_key=key_file.public_key_b64,
                label=label,
                source=SOURCE_FILE,
                added_at=added_at,
                revoked=False,
            )
            session.add(row)
            return _info(row), True

        info, added = self._database.run(work)
        if added:
            logger.info("key %s (%s) imported from %s", info.key_id, info.label, path)
        return info

    def export_own_key(self, path: Path, workstation: str | None = None) -> Path:
        """Write this workstation's public key file to ``path`` (replacing it); ``workstation`` defaults to the host
        name. Returns the path written."""
        return save_public_key_file(Path(path), self._device_keys.public_key_raw, workstation or workstation_name())

    def trusted_keys(self) -> dict[str, bytes]:
        """The keys signatures are checked against: key id → raw public key, revoked keys left out."""

        def work(session: Session) -> dict[str, bytes]:
            rows = session.execute(
                select(TrustedKey.key_id, TrustedKey.public_key).where(TrustedKey.revoked.is_(False))
            ).all()
            keys: dict[str, bytes] = {}
            for key_id, public_key in rows:
                raw = _decode(public_key)
                if raw is None:
                    logger.error("trusted key %s has an unreadable public key; ignored", key_id)
                    continue
                keys[key_id] = raw
            return keys

        return self._database.run(work)

    def revoke(self, key_id: str) -> TrustedKeyInfo:
        """Stop trusting ``key_id``. Raises ``NotFoundError`` for an unknown key and ``KeyTrustError`` (reason
        ``own_key``) for this workstation's own key. Revoking a revoked key changes nothing."""
        key_id = key_id.strip().lower()
        if key_id == self._device_keys.key_id:
            raise KeyTrustError(
                "own_key",
                "不能撤销本机自己的密钥：本机已签名的记录都依赖它。",
                "This workstation's own key cannot be revoked: every record it signed depends on it.",
            )

        def work(session: Session) -> TrustedKeyInfo:
            row = session.get(TrustedKey, key_id)
            if row is None:
                raise NotFoundError(f"找不到密钥 {key_id}。", f"No trusted key {key_id}.")
            row.revoked = True
            return _info(row)

        info = self._database.run(work)
        logger.info("key %s revoked", key_id)
        return info

    def list(self) -> builtins.list[TrustedKeyInfo]:
        """Every key, revoked ones included: this workstation's own first, then by when it was added."""

        def work(session: Session) -> builtins.list[TrustedKeyInfo]:
            rows = session.scalars(select(TrustedKey).order_by(TrustedKey.added_at, TrustedKey.key_id)).all()
            return [_info(row) for row in rows]

        infos = self._database.run(work)
        own = self._device_keys.key_id
        return sorted(infos, key=lambda info: info.key_id != own)

    def _now(self) -> dt.datetime:
        return self._clock().astimezone(dt.UTC).replace(tzinfo=None)


def _decode(public_key_b64: str) -> bytes | None:
    try:
        raw = base64.b64decode(public_key_b64, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == PUBLIC_KEY_LENGTH else None


def _info(row: TrustedKey) -> TrustedKeyInfo:
    return TrustedKeyInfo(
        key_id=row.key_id,
        public_key_b64=row.public_key,
        label=row.label,
        source=row.source,
        added_at=row.added_at.replace(tzinfo=dt.UTC),
        revoked=row.revoked,
    )
