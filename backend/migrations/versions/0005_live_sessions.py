"""live sessions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "live_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("agenda_id", sa.Integer(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("presenter_token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("report_token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("current", sa.Integer(), nullable=False),
        sa.Column("hide_count", sa.Boolean(), nullable=False),
        sa.Column("share_results", sa.Boolean(), nullable=False),
        sa.Column("min_answers", sa.Integer(), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("planned_end", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("ended_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agenda_id"],
            ["saved_agenda.id"],
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("live_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_live_session_agenda_id"), ["agenda_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_live_session_code"), ["code"], unique=True)
        batch_op.create_index(batch_op.f("ix_live_session_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_live_session_presenter_token"), ["presenter_token"], unique=True
        )
        batch_op.create_index(
            batch_op.f("ix_live_session_report_token"), ["report_token"], unique=True
        )

    op.create_table(
        "live_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("audience", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("data", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["live_session.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "seq"),
    )
    with op.batch_alter_table("live_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_live_event_session_id"), ["session_id"], unique=False)

    op.create_table(
        "live_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("answering", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("revealed", sa.Boolean(), nullable=False),
        sa.Column("extra_minutes", sa.Integer(), nullable=False),
        sa.Column("entered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("seconds_used", sa.Integer(), nullable=False),
        sa.Column("agreements", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["live_session.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "position"),
    )
    with op.batch_alter_table("live_round", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_live_round_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_live_round_slug"), ["slug"], unique=False)

    op.create_table(
        "live_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("participant", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("option", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["live_round.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "participant"),
    )
    with op.batch_alter_table("live_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_live_answer_round_id"), ["round_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("live_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_live_answer_round_id"))

    op.drop_table("live_answer")
    with op.batch_alter_table("live_round", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_live_round_slug"))
        batch_op.drop_index(batch_op.f("ix_live_round_session_id"))

    op.drop_table("live_round")
    with op.batch_alter_table("live_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_live_event_session_id"))

    op.drop_table("live_event")
    with op.batch_alter_table("live_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_live_session_report_token"))
        batch_op.drop_index(batch_op.f("ix_live_session_presenter_token"))
        batch_op.drop_index(batch_op.f("ix_live_session_owner_id"))
        batch_op.drop_index(batch_op.f("ix_live_session_code"))
        batch_op.drop_index(batch_op.f("ix_live_session_agenda_id"))

    op.drop_table("live_session")
