"""Hourly review totals per learner, written in the same transaction as each review.

Statistics group reviews by study day; reading a million rows for that takes
seconds, so every review also adds one to its local hour's totals
(:class:`ReviewHourRecord`). Undo subtracts it again; an import rebuilds the
learner's totals from the log. The hour is computed in Python from the exact
instant, so totals never disagree with the log by a rounding at a boundary.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from studyapp.srs.scheduler import STATE_REVIEW
from studyapp.store.schema import ReviewHourRecord, ReviewRecord


def hour_of(at: datetime, utc_offset_min: int) -> int:
    """Local clock hours since 1970-01-01 00:00 for a review at ``at`` (aware)."""
    return int((at.timestamp() + utc_offset_min * 60) // 3600)


def _deltas(rating: int, prior_state: int | None, duration_ms: int | None,
            sign: int) -> dict[str, int | float]:
    mature = prior_state == STATE_REVIEW
    return {"reviews": sign, "duration_ms": sign * float(duration_ms or 0),
            "mature": sign * int(mature), "passed": sign * int(mature and rating > 1)}


def bump(session: Session, profile: str, *, at: datetime, utc_offset_min: int, rating: int,
         prior_state: int | None, duration_ms: int | None, sign: int = 1) -> None:
    """Add (``sign=1``) or remove (``-1``) one review from its hour's totals."""
    hour = hour_of(at, utc_offset_min)
    deltas = _deltas(rating, prior_state, duration_ms, sign)
    key = (ReviewHourRecord.profile == profile, ReviewHourRecord.hour == hour)
    change = update(ReviewHourRecord).where(*key).values(
        {getattr(ReviewHourRecord, k): getattr(ReviewHourRecord, k) + v
         for k, v in deltas.items()}).execution_options(synchronize_session=False)
    if session.execute(change).rowcount == 1 or sign < 0:
        return
    try:
        with session.begin_nested():
            session.execute(insert(ReviewHourRecord).values(profile=profile, hour=hour, **deltas))
    except IntegrityError:  # another device started this hour a moment ago
        session.execute(change)


def totals(rows: Iterable[tuple[datetime, int, int, int | None, int | None]]
           ) -> dict[int, dict[str, int | float]]:
    """Hourly totals of (reviewed_at, utc_offset_min, rating, prior_state, duration_ms) rows."""
    hours: dict[int, dict[str, int | float]] = {}
    for at, offset, rating, prior, duration in rows:
        bucket = hours.setdefault(hour_of(at, offset), dict.fromkeys(
            ("reviews", "duration_ms", "mature", "passed"), 0))
        for key, value in _deltas(rating, prior, duration, 1).items():
            bucket[key] += value
    return hours


def rebuild(session: Session, profile: str) -> None:
    """Recompute ``profile``'s hourly totals from its review log (after an import)."""
    session.flush()
    rows = session.execute(select(
        ReviewRecord.reviewed_at, ReviewRecord.utc_offset_min, ReviewRecord.rating,
        ReviewRecord.prior_state, ReviewRecord.duration_ms,
    ).where(ReviewRecord.profile == profile))
    hours = totals(rows)
    session.execute(delete(ReviewHourRecord).where(ReviewHourRecord.profile == profile))
    if hours:
        session.execute(insert(ReviewHourRecord), [
            {"profile": profile, "hour": hour, **values} for hour, values in hours.items()])
