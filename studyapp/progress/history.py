"""The review log summarised per study day, as numpy columns.

Every figure over the log (heatmap, streaks, weekly retention, time per day)
is a sum over days, so the statistics start from one row per study day rather
than one per review. Days are day numbers (days since 1970-01-01), each review
placed by its own UTC offset and the rollover hour, exactly like
:func:`studyapp.store.review_hours.hour_of` (with the rollover applied).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

EPOCH = date(1970, 1, 1)

#: One row of :func:`studyapp.store.stats_queries.daily_totals`:
#: (day number, reviews, duration ms, reviews in review state, of those passed).
DayRow = tuple[int, int, float, int, int]


def day_number(day: date) -> int:
    """Days since 1970-01-01."""
    return (day - EPOCH).days


def day_of(number: int) -> date:
    """Inverse of :func:`day_number`."""
    return EPOCH + timedelta(days=int(number))


@dataclass(frozen=True)
class Daily:
    """Per-study-day totals, one entry per day with at least one review, oldest first."""

    day: np.ndarray
    reviews: np.ndarray
    duration_ms: np.ndarray
    mature: np.ndarray
    passed: np.ndarray

    @classmethod
    def from_rows(cls, rows: Sequence[DayRow]) -> Daily:
        """Columns from ``(day, reviews, duration_ms, mature, passed)`` rows."""
        table = np.array(rows, dtype=np.float64).reshape(-1, 5)
        ints = table[:, [0, 1, 3, 4]].astype(np.int64)
        return cls(ints[:, 0], ints[:, 1], table[:, 2], ints[:, 2], ints[:, 3])

    def window(self, column: np.ndarray, first: date, count: int) -> np.ndarray:
        """``column`` on each of the ``count`` days from ``first`` (0 on days without reviews)."""
        return per_index(self.day - day_number(first), count, column)

    def studied(self) -> list[date]:
        """Every study day with a review."""
        return [day_of(d) for d in self.day[self.reviews > 0]]


def per_index(index: np.ndarray, count: int, weights: np.ndarray) -> np.ndarray:
    """Sum ``weights`` into bins ``0 .. count-1`` by ``index`` (others dropped)."""
    keep = (index >= 0) & (index < count)
    return np.bincount(index[keep], weights=weights[keep], minlength=count)[:count]
