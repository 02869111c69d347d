"""saved agendas

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "saved_agenda",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("view_token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("edit_token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("blocks", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("saved_agenda", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_agenda_edit_token"), ["edit_token"], unique=True)
        batch_op.create_index(batch_op.f("ix_saved_agenda_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_saved_agenda_view_token"), ["view_token"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("saved_agenda", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_agenda_view_token"))
        batch_op.drop_index(batch_op.f("ix_saved_agenda_owner_id"))
        batch_op.drop_index(batch_op.f("ix_saved_agenda_edit_token"))

    op.drop_table("saved_agenda")
