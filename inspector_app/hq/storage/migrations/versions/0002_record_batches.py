"""Batch manifests (one device signature covers a whole batch of unsealed records); conflict review

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 03:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "record_batches",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("manifest", sa.Text(), nullable=False),
        sa.Column("signature", sa.String(length=200), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_record_batches")),
    )
    # Plain ADD COLUMN (nullable, no default) on both SQLite and PostgreSQL: no table rebuild of received records.
    op.add_column("received_records", sa.Column("batch_sha256", sa.String(length=64), nullable=True))
    op.add_column("conflicts", sa.Column("batch_sha256", sa.String(length=64), nullable=True))
    op.add_column("conflicts", sa.Column("reviewed_at", sa.DateTime(), nullable=True))
    op.add_column("conflicts", sa.Column("review_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.drop_column("review_note")
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("batch_sha256")
    with op.batch_alter_table("received_records", schema=None) as batch_op:
        batch_op.drop_column("batch_sha256")
    op.drop_table("record_batches")
