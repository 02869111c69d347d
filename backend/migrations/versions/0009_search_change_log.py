"""search change log: which items changed, so every process keeps its own index current

Each server process keeps a search index in its own folder. Every transaction that changes
an item adds its slug to `search_change`; a follower in each process applies the changes
after the last one its index holds.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "search_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("search_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_change_at"), ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("search_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_change_at"))
    op.drop_table("search_change")
