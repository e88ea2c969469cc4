"""Hourly review totals per profile, so statistics stay fast with a million reviews.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _instant(value: object) -> datetime:
    # frozen copy of studyapp.store.types.UTCDateTime's reading
    if isinstance(value, str):
        return datetime.fromisoformat(value).astimezone(UTC)
    assert isinstance(value, datetime)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def upgrade() -> None:
    hours = op.create_table(
        "review_hours",
        sa.Column("profile", sa.String(64), primary_key=True),
        sa.Column("hour", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.Float(), nullable=False),
        sa.Column("mature", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Integer(), nullable=False),
    )
    reviews = sa.table("reviews", *(sa.column(c) for c in (
        "profile", "reviewed_at", "utc_offset_min", "rating", "prior_state", "duration_ms")))
    totals: dict[tuple[str, int], list[float]] = {}
    for profile, at, offset, rating, prior, ms in op.get_bind().execute(sa.select(
            reviews.c.profile, reviews.c.reviewed_at, reviews.c.utc_offset_min,
            reviews.c.rating, reviews.c.prior_state, reviews.c.duration_ms)):
        hour = int((_instant(at).timestamp() + (offset or 0) * 60) // 3600)
        row = totals.setdefault((profile, hour), [0, 0.0, 0, 0])
        mature = prior == 2
        row[0] += 1
        row[1] += float(ms or 0)
        row[2] += int(mature)
        row[3] += int(mature and rating > 1)
    if totals:
        op.bulk_insert(hours, [
            {"profile": p, "hour": h, "reviews": n, "duration_ms": ms, "mature": m, "passed": ok}
            for (p, h), (n, ms, m, ok) in totals.items()])


def downgrade() -> None:
    op.drop_table("review_hours")
