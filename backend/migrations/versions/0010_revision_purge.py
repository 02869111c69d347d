"""revision purge: a revision's text can be removed for personal data that slipped through

`item_revision.purged_at` marks a revision whose front matter and sections an admin emptied
(`editorial.purge`); who did it and why is in the audit log. Downgrading drops the mark: the
emptied text stays empty (it is gone by design).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("item_revision", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("purged_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("item_revision", schema=None) as batch_op:
        batch_op.drop_column("purged_at")
