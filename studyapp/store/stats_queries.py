"""Aggregate reads for statistics, from the hourly totals rather than the review log.

A learner's log grows without bound (a million rows after years of classes);
the per-hour totals in ``review_hours`` (see :mod:`.review_hours`) grow only
with the hours actually studied, so the dashboard and the progress report
read a few thousand rows at any history size and fold them into study days.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from studyapp.store.schema import AttemptRecord, ReviewHourRecord

EPOCH = date(1970, 1, 1)

if TYPE_CHECKING:
    from studyapp.store.repository import Store

#: (study day number, reviews, duration_ms sum, reviews in review state, of those passed)
DayTotals = tuple[int, int, float, int, int]


def daily_totals(store: Store, rollover_hour: int) -> list[DayTotals]:
    """The profile's reviews aggregated per study day, oldest day first.

    A review's study day is its local date (from the UTC offset stored with that
    very review) minus ``rollover_hour``, as a day number since 1970-01-01; so a
    daylight-saving change never moves a review to another day. "In review
    state" means the card's FSRS state before the review was Review (2);
    "passed" means a rating above Again.
    """
    query = select(ReviewHourRecord.hour, ReviewHourRecord.reviews,
                   ReviewHourRecord.duration_ms, ReviewHourRecord.mature,
                   ReviewHourRecord.passed).where(ReviewHourRecord.profile == store.profile,
                                                  ReviewHourRecord.reviews > 0)
    days: dict[int, list[float]] = defaultdict(lambda: [0, 0.0, 0, 0])
    with store.engine.connect() as connection:
        for hour, reviews, ms, mature, passed in connection.execute(query):
            day = days[(int(hour) - rollover_hour) // 24]
            day[0] += reviews
            day[1] += ms
            day[2] += mature
            day[3] += passed
    return [(d, int(n), float(ms), int(m), int(p)) for d, (n, ms, m, p) in sorted(days.items())]


def studied_days(store: Store, rollover_hour: int) -> list[date]:
    """Every study day with at least one review, oldest first (for streaks)."""
    return [EPOCH + timedelta(days=day) for day, *_rest in daily_totals(store, rollover_hour)]


def attempt_outcomes(store: Store) -> list[tuple[str, bool, int]]:
    """The profile's drill attempts as ``(card_id, passed, hints_used)``, oldest first."""
    query = select(AttemptRecord.card_id, AttemptRecord.passed,
                   AttemptRecord.hints_used).where(
        AttemptRecord.profile == store.profile).order_by(AttemptRecord.id)
    with store.engine.connect() as connection:
        return [(c, bool(p), int(h or 0)) for c, p, h in connection.execute(query).all()]
