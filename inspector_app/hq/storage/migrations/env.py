"""Alembic environment of the HQ store: migrations run on the connection handed over in ``config.attributes``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from inspector_app.hq.storage.models import HqBase

target_metadata = HqBase.metadata


def run_migrations_online() -> None:
    """Run the migrations on the caller's connection (SQLite needs batch mode to alter tables)."""
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("HQ migrations need a connection in config.attributes['connection']")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
run_migrations_online()
