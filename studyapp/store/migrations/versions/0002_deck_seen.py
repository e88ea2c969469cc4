"""Remember the deck the database last saw (ids, aliases, wording digests).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ts = sa.String(32) if op.get_bind().dialect.name == "sqlite" else sa.DateTime(timezone=True)
    op.create_table(
        "deck_seen",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("card_id", sa.String(64), nullable=False),
        sa.Column("digest", sa.String(32), nullable=False, server_default=""),
        sa.Column("seen_at", ts, nullable=False),
    )
    # Seed from the cards the database already tracks, so the first content
    # check after upgrading can already name ids that disappear.
    op.execute(
        "INSERT INTO deck_seen (id, card_id, digest, seen_at) "
        "SELECT id, id, '', "
        "COALESCE(last_review, first_review, '1970-01-01T00:00:00.000000+00:00') "
        "FROM cards WHERE NOT retired"
    )


def downgrade() -> None:
    op.drop_table("deck_seen")
