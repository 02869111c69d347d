"""live participants: server-issued tokens, the expected group size and closing joining

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "live_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("participant", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("joined_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "participant"),
    )
    with op.batch_alter_table("live_participant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_live_participant_session_id"), ["session_id"], unique=False
        )
    with op.batch_alter_table("live_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("expected_participants", sa.Integer(), nullable=False, server_default="30")
        )
        batch_op.add_column(
            sa.Column("joining_open", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("live_session", schema=None) as batch_op:
        batch_op.drop_column("joining_open")
        batch_op.drop_column("expected_participants")
    with op.batch_alter_table("live_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_live_participant_session_id"))
    op.drop_table("live_participant")
