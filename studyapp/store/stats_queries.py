"""Aggregate reads for statistics: a year of history summarised inside the database.

Loading 50k reviews as ORM objects (datetime parsing, JSON decoding per row)
costs most of the 300 ms budget, so the database groups reviews by study day
and hands back a few hundred rows instead.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    case,
    cast,
    func,
    literal,
    select,
    type_coerce,
)

from studyapp.store.schema import AttemptRecord, ReviewRecord

EPOCH = date(1970, 1, 1)

if TYPE_CHECKING:
    from studyapp.store.repository import Store

#: (study day number, reviews, duration_ms sum, reviews in review state, of those passed)
DayTotals = tuple[int, int, float, int, int]


def _study_day(store: Store, rollover_hour: int) -> ColumnElement[int]:
    """SQL for a review's study day number: local time by its own offset, minus rollover."""
    shift = ReviewRecord.utc_offset_min * 60 - rollover_hour * 3600
    if store.engine.dialect.name == "sqlite":
        # integer milliseconds (julianday's own resolution), so a review exactly at the
        # rollover never lands on the previous day through rounding
        raw = type_coerce(ReviewRecord.reviewed_at, String)
        ms = cast(func.round((func.julianday(raw) - 2440587.5) * 86400000.0), Integer)
        return (ms + shift * 1000) // literal(86400000, Integer)
    epoch = func.extract("epoch", ReviewRecord.reviewed_at)
    return cast(func.floor((epoch + shift) / 86400.0), Integer)


def studied_days(store: Store, rollover_hour: int) -> list[date]:
    """Every study day with at least one review, oldest first (for streaks)."""
    day = _study_day(store, rollover_hour)
    query = select(day).where(ReviewRecord.profile == store.profile).distinct().order_by(day)
    with store.engine.connect() as connection:
        return [EPOCH + timedelta(days=int(d)) for (d,) in connection.execute(query).all()]


def daily_totals(store: Store, rollover_hour: int) -> list[DayTotals]:
    """Reviews aggregated per study day, oldest day first.

    A review's study day is its local date (from the UTC offset stored with that
    very review) minus ``rollover_hour``, as a day number since 1970-01-01; so a
    daylight-saving change never moves a review to another day. "In review
    state" means the card's FSRS state before the review was Review (2);
    "passed" means a rating above Again.
    """
    day = _study_day(store, rollover_hour)
    inner = select(
        day.label("day"), ReviewRecord.rating.label("rating"),
        ReviewRecord.duration_ms.label("ms"), ReviewRecord.prior_state.label("prior"),
    ).where(ReviewRecord.profile == store.profile).subquery()
    mature = case((inner.c.prior == 2, 1), else_=0)
    passed = case(((inner.c.prior == 2) & (inner.c.rating > 1), 1), else_=0)
    query = (
        select(inner.c.day, func.count(), func.coalesce(func.sum(inner.c.ms), 0),
               func.sum(mature), func.sum(passed))
        .group_by(inner.c.day)
        .order_by(inner.c.day)
    )
    with store.engine.connect() as connection:
        return [(int(d), int(n), float(ms), int(m or 0), int(p or 0))
                for d, n, ms, m, p in connection.execute(query).all()]


def attempt_outcomes(store: Store) -> list[tuple[str, bool, int]]:
    """The profile's drill attempts as ``(card_id, passed, hints_used)``, oldest first."""
    query = select(AttemptRecord.card_id, AttemptRecord.passed,
                   AttemptRecord.hints_used).where(
        AttemptRecord.profile == store.profile).order_by(AttemptRecord.id)
    with store.engine.connect() as connection:
        return [(c, bool(p), int(h or 0)) for c, p, h in connection.execute(query).all()]
