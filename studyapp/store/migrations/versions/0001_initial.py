"""First released schema: cards, reviews, attempts, settings.

Revision ID: 0001
Revises:
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _utc(dialect_name: str) -> sa.types.TypeEngine:
    # Mirrors studyapp.store.types.UTCDateTime, frozen as it was in this revision.
    return sa.String(32) if dialect_name == "sqlite" else sa.DateTime(timezone=True)


def upgrade() -> None:
    ts = _utc(op.get_bind().dialect.name)
    op.create_table(
        "cards",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("topic", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("retired", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("state", sa.Integer(), nullable=True),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("due", ts, nullable=True),
        sa.Column("last_review", ts, nullable=True),
        sa.Column("first_review", ts, nullable=True),
    )
    op.create_index("ix_cards_due", "cards", ["retired", "due"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "card_id",
            sa.String(64),
            sa.ForeignKey("cards.id", onupdate="CASCADE"),
            nullable=False,
        ),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("suggested_rating", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", ts, nullable=False),
        sa.Column("utc_offset_min", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False, server_default=""),
        sa.Column("state_before", sa.Text(), nullable=True),
        sa.Column("state_after", sa.Text(), nullable=True),
    )
    op.create_index("ix_reviews_card_id", "reviews", ["card_id"])
    op.create_index("ix_reviews_reviewed_at", "reviews", ["reviewed_at"])
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "card_id",
            sa.String(64),
            sa.ForeignKey("cards.id", onupdate="CASCADE"),
            nullable=False,
        ),
        sa.Column("submitted_at", ts, nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("verdict", sa.Text(), nullable=False),
        sa.Column("hints_used", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("elapsed_ms", sa.Float(), nullable=True),
    )
    op.create_index("ix_attempts_card_id", "attempts", ["card_id"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_table("attempts")
    op.drop_table("reviews")
    op.drop_table("cards")
