"""The figures on the statistics screen, each a pure function of columns and dates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from studyapp.clock import study_day
from studyapp.progress.days import streaks
from studyapp.progress.history import Daily, day_number, per_index

HEATMAP_WEEKS = 26
FORECAST_DAYS = 30
TIME_DAYS = 30


@dataclass(frozen=True)
class Heatmap:
    """Reviews per study day from ``start`` (a Monday) through today, and streaks."""

    start: date
    counts: tuple[int, ...]
    current_streak: int
    longest_streak: int


@dataclass(frozen=True)
class WeekRetention:
    """Passed reviews among reviews of cards in review state, for one week."""

    week_start: date
    reviews: int
    passed: int

    @property
    def retention(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None


@dataclass(frozen=True)
class Retention:
    """True retention per week (oldest first) and over the whole history."""

    weeks: tuple[WeekRetention, ...]
    reviews: int
    passed: int

    @property
    def overall(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None


@dataclass(frozen=True)
class Forecast:
    """Cards due per study day from ``start`` (today; overdue cards count today)."""

    start: date
    counts: tuple[int, ...]


@dataclass(frozen=True)
class TimeSpent:
    """Minutes of review per study day from ``start`` through today, and in total."""

    start: date
    minutes: tuple[float, ...]
    total_minutes: float
    days_studied: int


def heatmap_start(today: date, weeks: int = HEATMAP_WEEKS) -> date:
    """The Monday ``weeks - 1`` weeks before the Monday of today's week."""
    return today - timedelta(days=today.weekday(), weeks=weeks - 1)


def heatmap(daily: Daily, today: date, weeks: int = HEATMAP_WEEKS) -> Heatmap:
    """Reviews per day over the last ``weeks`` calendar weeks, with streaks over all time."""
    start = heatmap_start(today, weeks)
    counts = daily.window(daily.reviews, start, (today - start).days + 1)
    current, longest = streaks(daily.studied(), today)
    return Heatmap(start, tuple(int(c) for c in counts), current, longest)


def retention(daily: Daily, today: date, weeks: int = HEATMAP_WEEKS) -> Retention:
    """True retention: share of ratings above Again among reviews of cards in review state."""
    start = heatmap_start(today, weeks)
    week = (daily.day - day_number(start)) // 7
    totals = per_index(week, weeks, daily.mature)
    good = per_index(week, weeks, daily.passed)
    rows = tuple(
        WeekRetention(start + timedelta(weeks=i), int(totals[i]), int(good[i]))
        for i in range(weeks)
    )
    return Retention(rows, int(daily.mature.sum()), int(daily.passed.sum()))


def forecast(due: Iterable[datetime], today: date, rollover_hour: int,
             zone: tzinfo | None = None, days: int = FORECAST_DAYS) -> Forecast:
    """How many cards fall due on each of the next ``days`` study days.

    Args:
        due: due instants of every reviewed card; overdue ones count today.
        zone: the learner's zone for future days (default: the machine's, DST-aware).
    """
    counts = [0] * days
    for instant in due:
        index = max(0, (study_day(instant, rollover_hour, zone) - today).days)
        if index < days:
            counts[index] += 1
    return Forecast(today, tuple(counts))


def time_spent(daily: Daily, today: date, span: int = TIME_DAYS) -> TimeSpent:
    """Minutes spent reviewing per day (from review durations) over the last ``span`` days."""
    minutes = daily.duration_ms / 60000.0
    start = today - timedelta(days=span - 1)
    window = daily.window(minutes, start, span)
    return TimeSpent(
        start=start,
        minutes=tuple(round(float(m), 2) for m in window),
        total_minutes=round(float(minutes.sum()), 2),
        days_studied=int((daily.reviews > 0).sum()),
    )


@dataclass(frozen=True)
class Drills:
    """Drills attempted and passed on the first attempt."""

    total: int
    attempted: int
    first_try: int


def drills(drill_ids: Sequence[str], attempts: Iterable[tuple[str, bool, int]]) -> Drills:
    """Count drills whose first recorded attempt passed (attempts oldest first)."""
    wanted = set(drill_ids)
    first: dict[str, bool] = {}
    for card_id, passed, _hints in attempts:
        if card_id in wanted and card_id not in first:
            first[card_id] = passed
    return Drills(len(wanted), len(first), sum(first.values()))
