"""HQ's own Ed25519 key: it certifies device keys at enrollment and is what workstations trust as "hq".

The private key is created on first start in the HQ data dir (``keys/device_ed25519.pem``, folder 0700, file 0600,
written atomically and never replaced — the same rules as a workstation's key, so the same code keeps it). Its
public half is registered in the ``hq_keys`` table as row 1 by ``INSERT … ON CONFLICT DO NOTHING``: when several HQ
processes start together on one database, exactly one key wins, and a process whose key file holds another key
refuses to start (its certificates would not verify against the key the devices trust).
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from pathlib import Path

from sqlalchemy import select

from inspector_app.domain.errors import InspectorError
from inspector_app.hq.sql import dialect_insert
from inspector_app.hq.storage.database import HqDatabase
from inspector_app.hq.storage.models import HqKey
from inspector_app.security.device_keys import DeviceKeys

logger = logging.getLogger(__name__)

_ACTIVE_KEY_ROW = 1


class HqKeyMismatchError(InspectorError):
    """The key file in this data dir is not the HQ key registered in the database: HQ does not start."""


class HqIdentity:
    """HQ's signing key, loaded from the data dir and matched against the database."""

    def __init__(self, keys: DeviceKeys) -> None:
        self._keys = keys
        self.key_id: str = keys.key_id
        self.public_key_raw: bytes = keys.public_key_raw

    @property
    def public_key_b64(self) -> str:
        """HQ's raw public key in standard base64."""
        return base64.b64encode(self.public_key_raw).decode("ascii")

    def sign(self, message: bytes) -> bytes:
        """HQ's Ed25519 signature of ``message``."""
        return self._keys.sign(message)

    @classmethod
    def load(cls, data_dir: Path, database: HqDatabase) -> HqIdentity:
        """Load (or create) the key in ``data_dir`` and register it in ``database`` as HQ's key."""
        keys = DeviceKeys.load_or_create(data_dir)
        identity = cls(keys)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with database.write() as connection:
            connection.execute(
                dialect_insert(database, HqKey)
                .values(id=_ACTIVE_KEY_ROW, key_id=keys.key_id, public_key=identity.public_key_b64, created_at=now)
                .on_conflict_do_nothing()
            )
            registered = connection.execute(select(HqKey.key_id).where(HqKey.id == _ACTIVE_KEY_ROW)).scalar_one()
        if registered != keys.key_id:
            raise HqKeyMismatchError(
                f"数据目录中的总部密钥（{keys.key_id}）与数据库登记的总部密钥（{registered}）不同；"
                f"请把第一台总部服务器数据目录中的 {keys.path.name} 复制到 {keys.path.parent}",
                f"The HQ key in this data dir ({keys.key_id}) is not the HQ key registered in the database "
                f"({registered}); copy {keys.path.name} from the first HQ server's data dir into {keys.path.parent}",
            )
        logger.info("HQ key %s", keys.key_id)
        return identity
