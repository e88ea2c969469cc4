"""Profiles: several learners share one database.

Card state moves from ``cards`` (now the shared deck) to ``card_states``
keyed (profile, card id); reviews, attempts and settings gain a profile.
Every existing row goes to the profile of whoever upgrades the database (the
one learner a pre-profile database had), so their history stays theirs.
Reviews also gain ``prior_state`` (the FSRS state before the rating, from
``state_before``) so statistics need no JSON parsing.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import getpass

import sqlalchemy as sa
from alembic import context, op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

STATE_COLUMNS = ("state", "step", "stability", "difficulty", "due", "last_review",
                 "first_review")


def _owner() -> str:
    """The profile that inherits the single learner's rows."""
    return str(context.config.attributes.get("profile") or getpass.getuser())


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    ts = sa.String(32) if dialect == "sqlite" else sa.DateTime(timezone=True)
    owner = sa.literal(_owner(), sa.String(64))
    _card_states(ts, owner)
    for table in ("reviews", "attempts"):
        op.add_column(table, sa.Column("profile", sa.String(64), nullable=True))
        op.execute(sa.table(table, sa.column("profile")).update().values(profile=owner))
    op.add_column("reviews", sa.Column("prior_state", sa.Integer(), nullable=True))
    prior = ("json_extract(state_before, '$.state')" if dialect == "sqlite"
             else "CAST(CAST(state_before AS json)->>'state' AS INTEGER)")
    op.execute(f"UPDATE reviews SET prior_state = {prior} WHERE state_before IS NOT NULL")
    op.drop_index("ix_reviews_card_id", "reviews")
    op.drop_index("ix_reviews_reviewed_at", "reviews")
    op.drop_index("ix_attempts_card_id", "attempts")
    for table in ("reviews", "attempts"):
        with op.batch_alter_table(table) as batch:
            batch.alter_column("profile", existing_type=sa.String(64), nullable=False)
    op.create_index("ix_reviews_card", "reviews", ["card_id", "profile", "id"])
    op.create_index("ix_reviews_profile_at", "reviews", ["profile", "reviewed_at"])
    op.create_index("ix_attempts_card", "attempts", ["card_id"])
    op.create_index("ix_attempts_profile", "attempts", ["profile", "id"])
    _settings(owner)


def _card_states(ts: sa.types.TypeEngine, owner: sa.ColumnElement) -> None:
    op.create_table(
        "card_states",
        sa.Column("profile", sa.String(64), primary_key=True),
        sa.Column("card_id", sa.String(64), sa.ForeignKey("cards.id", onupdate="CASCADE"),
                  primary_key=True),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("due", ts, nullable=False),
        sa.Column("last_review", ts, nullable=True),
        sa.Column("first_review", ts, nullable=True),
    )
    cards = sa.table("cards", sa.column("id"), *(sa.column(c) for c in STATE_COLUMNS))
    states = sa.table("card_states", sa.column("profile"), sa.column("card_id"),
                      *(sa.column(c) for c in STATE_COLUMNS))
    op.execute(states.insert().from_select(
        ["profile", "card_id", *STATE_COLUMNS],
        sa.select(owner, cards.c.id, *(cards.c[c] for c in STATE_COLUMNS))
        .where(cards.c.state.is_not(None), cards.c.due.is_not(None)),
    ))
    op.create_index("ix_card_states_due", "card_states", ["profile", "state", "due"])
    op.create_index("ix_card_states_first", "card_states", ["profile", "first_review"])
    op.create_index("ix_card_states_card", "card_states", ["card_id"])
    op.drop_index("ix_cards_due", "cards")
    for column in STATE_COLUMNS:
        op.drop_column("cards", column)
    op.create_index("ix_cards_active", "cards", ["retired", "position", "id"])


def _settings(owner: sa.ColumnElement) -> None:
    op.create_table(
        "settings_v3",
        sa.Column("profile", sa.String(64), primary_key=True),
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    old = sa.table("settings", sa.column("key"), sa.column("value"))
    new = sa.table("settings_v3", sa.column("profile"), sa.column("key"), sa.column("value"))
    op.execute(new.insert().from_select(["profile", "key", "value"],
                                        sa.select(owner, old.c.key, old.c.value)))
    op.drop_table("settings")
    op.rename_table("settings_v3", "settings")


def downgrade() -> None:
    raise NotImplementedError("profiles cannot be merged back into one learner")
