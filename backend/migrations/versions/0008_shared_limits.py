"""shared limits: rate-limit hits, unknown-address lock-outs and live presence in the database

With PostgreSQL several server processes share these (backend/models/shared.py); a single
SQLite process keeps them in memory and leaves the tables empty.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "limit_hit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("limiter", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("limit_hit", schema=None) as batch_op:
        batch_op.create_index("ix_limit_hit_lookup", ["limiter", "key", "at"], unique=False)
    op.create_table(
        "login_failure",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_login_failure_updated_at"), ["updated_at"], unique=False
        )
    op.create_table(
        "live_presence",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("participant", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("process", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("seen_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", "participant", "process"),
    )
    with op.batch_alter_table("live_presence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_live_presence_seen_at"), ["seen_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("live_presence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_live_presence_seen_at"))
    op.drop_table("live_presence")
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_failure_updated_at"))
    op.drop_table("login_failure")
    with op.batch_alter_table("limit_hit", schema=None) as batch_op:
        batch_op.drop_index("ix_limit_hit_lookup")
    op.drop_table("limit_hit")
