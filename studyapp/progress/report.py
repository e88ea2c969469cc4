"""All statistics in one object, shared by the stats screen and ``studyapp stats --json``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from fsrs import Scheduler

from studyapp.clock import study_day
from studyapp.deck.models import KIND_DRILL
from studyapp.progress.figures import (
    Drills,
    Forecast,
    Heatmap,
    Retention,
    TimeSpent,
    drills,
    forecast,
    heatmap,
    retention,
    time_spent,
)
from studyapp.progress.history import Daily, DayRow
from studyapp.progress.mastery import TopicMastery, mastery
from studyapp.srs.scheduler import CardState

if TYPE_CHECKING:
    from studyapp.service import StudyService


@dataclass(frozen=True)
class CardFact:
    """What the statistics need of a card."""

    id: str
    kind: str
    topic: str
    state: CardState | None


@dataclass(frozen=True)
class ProgressReport:
    """Every figure of the statistics screen."""

    today: date
    heatmap: Heatmap
    retention: Retention
    forecast: Forecast
    mastery: tuple[TopicMastery, ...]
    time: TimeSpent
    drills: Drills

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready figures (dates as ISO strings, recall rounded to 4 places)."""
        h, r, f, t = self.heatmap, self.retention, self.forecast, self.time

        def days(start: date, values: Sequence[Any], key: str) -> list[dict[str, Any]]:
            return [{"day": (start + timedelta(days=i)).isoformat(), key: v}
                    for i, v in enumerate(values)]

        def share(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {
            "today": self.today.isoformat(),
            "heatmap": {
                "current_streak": h.current_streak,
                "longest_streak": h.longest_streak,
                "days": days(h.start, h.counts, "reviews"),
            },
            "retention": {
                "reviews": r.reviews,
                "passed": r.passed,
                "overall": share(r.overall),
                "weeks": [
                    {"week_start": w.week_start.isoformat(), "reviews": w.reviews,
                     "passed": w.passed, "retention": share(w.retention)}
                    for w in r.weeks
                ],
            },
            "forecast": {"total": sum(f.counts), "days": days(f.start, f.counts, "due")},
            "mastery": [
                {"topic": m.topic, "seen": m.seen, "total": m.total,
                 "mean_recall": share(m.mean_recall),
                 "weakest": [{"card_id": c.card_id, "recall": share(c.recall)}
                             for c in m.weakest]}
                for m in self.mastery
            ],
            "time": {"total_minutes": t.total_minutes, "days_studied": t.days_studied,
                     "days": days(t.start, t.minutes, "minutes")},
            "drills": {"total": self.drills.total, "attempted": self.drills.attempted,
                       "first_try": self.drills.first_try},
        }


def build_report(
    daily_rows: Sequence[DayRow],
    cards: Sequence[CardFact],
    attempts: Sequence[tuple[str, bool, int]],
    *,
    now: datetime,
    rollover_hour: int,
    scheduler: Scheduler,
    topics: Sequence[str],
    zone: tzinfo | None = None,
) -> ProgressReport:
    """Compute every figure from rows: reviews per study day, cards and drill attempts.

    Args:
        zone: the learner's zone for "today" and the forecast (default: the machine's).
    """
    today = study_day(now, rollover_hour, zone)
    daily = Daily.from_rows(daily_rows)
    return ProgressReport(
        today=today,
        heatmap=heatmap(daily, today),
        retention=retention(daily, today),
        forecast=forecast((c.state.due for c in cards if c.state is not None), today,
                          rollover_hour, zone),
        mastery=mastery([(c.id, c.topic, c.state) for c in cards], topics, scheduler, now),
        time=time_spent(daily, today),
        drills=drills([c.id for c in cards if c.kind == KIND_DRILL], attempts),
    )


def report_for(service: StudyService, now: datetime | None = None) -> ProgressReport:
    """The report for an open service's collection at ``now`` (default: its clock)."""
    from studyapp.store.stats_queries import attempt_outcomes, daily_totals

    store = service.store
    rollover = service.settings.rollover_hour
    cards = [CardFact(c.id, c.kind, c.topic, c.state) for c in store.cards()]
    return build_report(
        daily_totals(store, rollover),
        cards,
        attempt_outcomes(store),
        now=now or service.now(),
        rollover_hour=rollover,
        scheduler=service.scheduler,
        topics=service.deck.topics,
        zone=service.zone,
    )
