"""collection items and tags

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("visibility", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("front", sa.JSON(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_slug"), ["slug"], unique=True)
        batch_op.create_index(batch_op.f("ix_item_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_item_type"), ["type"], unique=False)
        batch_op.create_index(batch_op.f("ix_item_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_item_visibility"), ["visibility"], unique=False)

    op.create_table(
        "item_tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("facet", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("item_tag", schema=None) as batch_op:
        batch_op.create_index(
            "ix_item_tag_facet_value_item", ["facet", "value", "item_id"], unique=False
        )
        batch_op.create_index(
            "ix_item_tag_item_facet_value", ["item_id", "facet", "value"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("item_tag", schema=None) as batch_op:
        batch_op.drop_index("ix_item_tag_item_facet_value")
        batch_op.drop_index("ix_item_tag_facet_value_item")

    op.drop_table("item_tag")
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_visibility"))
        batch_op.drop_index(batch_op.f("ix_item_updated_at"))
        batch_op.drop_index(batch_op.f("ix_item_type"))
        batch_op.drop_index(batch_op.f("ix_item_status"))
        batch_op.drop_index(batch_op.f("ix_item_slug"))

    op.drop_table("item")
