"""Today's study queue: pure logic over card rows, no database, no UI.

Order follows Anki's habit: cards in (re)learning that are due, then review
cards that are due (most overdue first), then new cards in deck order up to
the daily limit. When nothing else is left, learning cards due within the
learn-ahead window are shown early so a session can finish.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from studyapp.srs.scheduler import STATE_REVIEW, CardState

LEARN_AHEAD = timedelta(minutes=20)


@dataclass(frozen=True)
class QueueCard:
    """What the queue needs to know of a card."""

    id: str
    position: int
    state: CardState | None


@dataclass(frozen=True)
class Queue:
    """Card ids to study now, in order, and the counts shown on the dashboard."""

    due: tuple[str, ...]
    new: tuple[str, ...]
    learn_ahead: tuple[str, ...]

    @property
    def ordered(self) -> tuple[str, ...]:
        """The ids in the order they should be shown."""
        return (*self.due, *self.new) if (self.due or self.new) else self.learn_ahead

    @property
    def next_id(self) -> str | None:
        """The card to show next, if any."""
        ordered = self.ordered
        return ordered[0] if ordered else None


def new_allowance(new_limit: int, introduced_today: int) -> int:
    """How many more new cards may be introduced today."""
    return max(0, new_limit - introduced_today)


def build_queue(
    cards: Sequence[QueueCard],
    now: datetime,
    *,
    new_limit: int,
    introduced_today: int,
    learn_ahead: timedelta = LEARN_AHEAD,
) -> Queue:
    """Build the queue at ``now``.

    Args:
        cards: every active (non-retired) card.
        now: the current instant (aware).
        new_limit: the daily new-card limit.
        introduced_today: new cards already reviewed for the first time today.
        learn_ahead: how far ahead learning cards may be pulled when idle.
    """
    learning: list[QueueCard] = []
    reviews: list[QueueCard] = []
    ahead: list[QueueCard] = []
    new: list[QueueCard] = []
    for card in cards:
        if card.state is None:
            new.append(card)
        elif card.state.due <= now:
            (reviews if card.state.state == STATE_REVIEW else learning).append(card)
        elif card.state.state != STATE_REVIEW and card.state.due <= now + learn_ahead:
            ahead.append(card)
    learning.sort(key=lambda c: (c.state.due, c.position))  # type: ignore[union-attr]
    reviews.sort(key=lambda c: (c.state.due, c.position))  # type: ignore[union-attr]
    ahead.sort(key=lambda c: (c.state.due, c.position))  # type: ignore[union-attr]
    new.sort(key=lambda c: c.position)
    allowed = new[: new_allowance(new_limit, introduced_today)]
    return Queue(
        due=tuple(c.id for c in (*learning, *reviews)),
        new=tuple(c.id for c in allowed),
        learn_ahead=tuple(c.id for c in ahead),
    )
