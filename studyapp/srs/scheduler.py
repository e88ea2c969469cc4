"""The one place that talks to ``fsrs``: review a card, preview each rating's due date.

Card state crosses the rest of the app as :class:`CardState` (plain data), so
the store and UI never depend on py-fsrs' classes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

RATINGS: dict[int, str] = {1: "again", 2: "hard", 3: "good", 4: "easy"}
RATING_LABELS: dict[int, str] = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}

LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)

STATE_LEARNING, STATE_REVIEW, STATE_RELEARNING = (
    State.Learning.value,
    State.Review.value,
    State.Relearning.value,
)

STATE_NAMES: dict[int, str] = {
    STATE_LEARNING: "learning",
    STATE_REVIEW: "review",
    STATE_RELEARNING: "relearning",
}


@dataclass(frozen=True)
class CardState:
    """FSRS memory state of a reviewed card (a new card has no state at all)."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    def to_json(self) -> str:
        """Serialise for the review log (``state_before``/``state_after``)."""
        data = asdict(self)
        data["due"] = self.due.isoformat()
        data["last_review"] = self.last_review.isoformat() if self.last_review else None
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CardState:
        """Inverse of :meth:`to_json`."""
        data = json.loads(text)
        data["due"] = datetime.fromisoformat(data["due"])
        if data["last_review"]:
            data["last_review"] = datetime.fromisoformat(data["last_review"])
        return cls(**data)


@dataclass(frozen=True)
class SchedulerConfig:
    """Learner-tunable scheduling options."""

    desired_retention: float = 0.9
    parameters: tuple[float, ...] | None = None
    maximum_interval_days: int = 36500


def make_scheduler(config: SchedulerConfig) -> Scheduler:
    """A py-fsrs scheduler with our learning steps.

    Fuzzing is off so that a review log replays to exactly the same schedule
    (import, undo and tests rely on that determinism).
    """
    kwargs: dict[str, object] = {}
    if config.parameters is not None:
        kwargs["parameters"] = tuple(config.parameters)
    return Scheduler(
        desired_retention=config.desired_retention,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        maximum_interval=config.maximum_interval_days,
        enable_fuzzing=False,
        **kwargs,
    )


def _to_fsrs(state: CardState | None, now: datetime) -> Card:
    if state is None:
        return Card(card_id=0, due=now)
    return Card(
        card_id=0,
        state=State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


def _from_fsrs(card: Card) -> CardState:
    return CardState(
        state=card.state.value,
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due.astimezone(UTC),
        last_review=card.last_review.astimezone(UTC) if card.last_review else None,
    )


def review(
    scheduler: Scheduler, state: CardState | None, rating: int, now: datetime
) -> CardState:
    """The card's state after rating it ``rating`` (1-4) at ``now``.

    A clock that moved backwards (``now`` before the last review) is treated
    as a review at the last review time, so no interval goes negative.
    """
    if rating not in RATINGS:
        raise ValueError(f"rating must be 1-4, got {rating}")
    if state is not None and state.last_review is not None and now < state.last_review:
        now = state.last_review
    card, _log = scheduler.review_card(_to_fsrs(state, now), Rating(rating), now)
    return _from_fsrs(card)


def preview(scheduler: Scheduler, state: CardState | None, now: datetime) -> dict[int, datetime]:
    """When the card would next be due for each rating, without changing anything."""
    return {r: review(scheduler, state, r, now).due for r in RATINGS}


def retrievability(scheduler: Scheduler, state: CardState | None, now: datetime) -> float:
    """FSRS' probability of recall at ``now`` (0 for a new card)."""
    if state is None:
        return 0.0
    return float(scheduler.get_card_retrievability(_to_fsrs(state, now), now))


def replay(
    scheduler: Scheduler, ratings: Sequence[tuple[int, datetime]]
) -> CardState | None:
    """Rebuild a card's state from its ordered review history."""
    state: CardState | None = None
    for rating, when in ratings:
        state = review(scheduler, state, rating, when)
    return state
