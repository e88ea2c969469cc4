"""Mastery by topic: how much of each topic has been seen and how well it is remembered now."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fsrs import Scheduler

from studyapp.srs.scheduler import CardState, retrievability

WEAKEST = 3


@dataclass(frozen=True)
class CardRecall:
    """A card's current probability of recall."""

    card_id: str
    recall: float


@dataclass(frozen=True)
class TopicMastery:
    """One topic's cards seen out of total, mean recall of the seen ones, weakest cards."""

    topic: str
    seen: int
    total: int
    mean_recall: float | None
    weakest: tuple[CardRecall, ...]


def mastery(
    cards: Sequence[tuple[str, str, CardState | None]],
    topics: Sequence[str],
    scheduler: Scheduler,
    now: datetime,
    weakest: int = WEAKEST,
) -> tuple[TopicMastery, ...]:
    """Per topic (in ``topics`` order, then any others), from ``(id, topic, state)`` rows.

    Recall is FSRS retrievability at ``now``; cards never reviewed count as not seen
    and do not enter the mean.
    """
    by_topic: dict[str, list[tuple[str, CardState | None]]] = {t: [] for t in topics}
    for card_id, topic, state in cards:
        by_topic.setdefault(topic, []).append((card_id, state))
    result = []
    for topic, members in by_topic.items():
        recalls = sorted(
            (CardRecall(card_id, retrievability(scheduler, state, now))
             for card_id, state in members if state is not None),
            key=lambda r: (r.recall, r.card_id),
        )
        mean = sum(r.recall for r in recalls) / len(recalls) if recalls else None
        result.append(TopicMastery(topic, len(recalls), len(members), mean,
                                   tuple(recalls[:weakest])))
    return tuple(result)
