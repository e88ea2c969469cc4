"""Count streaks of consecutive study days."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta


def streaks(days: Iterable[date], today: date) -> tuple[int, int]:
    """(current streak, longest streak) in consecutive study days.

    The current streak counts back from today, or from yesterday when nothing
    has been reviewed yet today (the streak is not broken until the day ends).
    """
    studied = set(days)
    if not studied:
        return 0, 0
    start = today if today in studied else today - timedelta(days=1)
    current = 0
    while start - timedelta(days=current) in studied:
        current += 1
    longest, run, previous = 0, 0, None
    for day in sorted(studied):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    return current, longest
