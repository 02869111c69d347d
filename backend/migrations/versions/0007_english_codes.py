"""english codes: live session statuses and round states stored in English

The application stores codes in English and shows Dutch labels (`backend/models/`). Item
statuses, draft states and account roles were English already; the live session's status
(actief, afgelopen) and a round's answering state (nieuw, open, gesloten) were Dutch.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, {old Dutch code: new English code})
RENAMED = (
    ("live_session", "status", {"actief": "active", "afgelopen": "ended"}),
    ("live_round", "answering", {"nieuw": "new", "open": "open", "gesloten": "closed"}),
)


def _recode(backwards: bool) -> None:
    for table, column, codes in RENAMED:
        for dutch, english in codes.items():
            old, new = (english, dutch) if backwards else (dutch, english)
            if old != new:
                op.execute(
                    sa.text(f"UPDATE {table} SET {column} = :new WHERE {column} = :old").bindparams(
                        new=new, old=old
                    )
                )


def upgrade() -> None:
    _recode(backwards=False)


def downgrade() -> None:
    _recode(backwards=True)
