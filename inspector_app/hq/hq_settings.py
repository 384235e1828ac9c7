"""How one HQ process is configured: where its data lives, which database, pool sizes, its public URL."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from inspector_app.hq.storage.database import PoolSettings, sqlite_url

DATABASE_FILENAME = "hq.db"
#: Environment variables read by :meth:`HqSettings.from_environment` (used by ``serve --workers``).
ENV_DATA_DIR = "INSPECTOR_HQ_DATA_DIR"
ENV_DATABASE_URL = "INSPECTOR_HQ_DATABASE_URL"
ENV_PUBLIC_URL = "INSPECTOR_HQ_PUBLIC_URL"
ENV_POOL_SIZE = "INSPECTOR_HQ_POOL_SIZE"
ENV_MAX_OVERFLOW = "INSPECTOR_HQ_MAX_OVERFLOW"


@dataclass(frozen=True, slots=True)
class HqSettings:
    """Settings of one HQ process. Without ``database_url`` HQ uses the SQLite file ``<data_dir>/hq.db``.

    ``data_dir`` holds HQ's private key (``keys/device_ed25519.pem``, mode 0600): every HQ process serving one
    database must use the same key file. ``public_url`` is the address workstations reach HQ at; it goes into
    enrollment QR codes.
    """

    data_dir: Path
    database_url: str | None = None
    pool: PoolSettings = field(default_factory=PoolSettings)
    public_url: str | None = None
    migrate_on_start: bool = True

    @property
    def resolved_database_url(self) -> str:
        """The database URL in use (the SQLite default spelled out)."""
        return self.database_url or sqlite_url(Path(self.data_dir) / DATABASE_FILENAME)

    @classmethod
    def from_environment(cls) -> HqSettings:
        """Settings from ``INSPECTOR_HQ_*`` environment variables (data dir required)."""
        data_dir = os.environ.get(ENV_DATA_DIR)
        if not data_dir:
            raise ValueError(f"{ENV_DATA_DIR} is not set")
        defaults = PoolSettings()
        pool = PoolSettings(
            size=int(os.environ.get(ENV_POOL_SIZE, defaults.size)),
            max_overflow=int(os.environ.get(ENV_MAX_OVERFLOW, defaults.max_overflow)),
        )
        return cls(
            data_dir=Path(data_dir),
            database_url=os.environ.get(ENV_DATABASE_URL) or None,
            pool=pool,
            public_url=os.environ.get(ENV_PUBLIC_URL) or None,
        )

    def environment(self) -> dict[str, str]:
        """These settings as ``INSPECTOR_HQ_*`` variables (the inverse of :meth:`from_environment`)."""
        values = {
            ENV_DATA_DIR: str(self.data_dir),
            ENV_POOL_SIZE: str(self.pool.size),
            ENV_MAX_OVERFLOW: str(self.pool.max_overflow),
        }
        if self.database_url:
            values[ENV_DATABASE_URL] = self.database_url
        if self.public_url:
            values[ENV_PUBLIC_URL] = self.public_url
        return values
