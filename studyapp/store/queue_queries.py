"""Today's queue selected inside the database, so it costs the same at 50 or 10,000 cards.

Each query walks an index range and stops at a LIMIT: due cards through
``ix_card_states_due`` (profile, state, due), new cards through
``ix_cards_active`` (retired, position, id) with a primary-key probe for the
learner's state. The order is :func:`studyapp.srs.queue.build_queue`'s:
(re)learning cards due, review cards due (most overdue first), then new
cards in deck order; learning cards due soon when nothing else is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Select, and_, exists, false, func, select

from studyapp.srs.scheduler import STATE_LEARNING, STATE_RELEARNING, STATE_REVIEW
from studyapp.store.schema import CardRecord, CardStateRecord

if TYPE_CHECKING:
    from studyapp.store.repository import Store

LEARNING_STATES = (STATE_LEARNING, STATE_RELEARNING)


@dataclass(frozen=True)
class QueueIds:
    """Card ids in showing order, by kind."""

    due: tuple[str, ...]
    new: tuple[str, ...]
    learn_ahead: tuple[str, ...]


def _active_states(profile: str) -> Select:
    return (select(CardStateRecord.card_id)
            .join(CardRecord, CardRecord.id == CardStateRecord.card_id)
            .where(CardStateRecord.profile == profile, CardRecord.retired == false()))


def _unseen(profile: str) -> Select:
    known = exists().where(CardStateRecord.profile == profile,
                           CardStateRecord.card_id == CardRecord.id)
    return select(CardRecord.id).where(CardRecord.retired == false(), ~known)


def _ordered(query: Select, limit: int) -> Select:
    return query.order_by(CardStateRecord.due, CardRecord.position).limit(limit)


def queue_ids(store: Store, now: datetime, *, new_limit: int, due_limit: int,
              learn_ahead: timedelta) -> QueueIds:
    """The queue at ``now``: at most ``due_limit`` due ids and ``new_limit`` new ones."""
    base = _active_states(store.profile)
    learning = CardStateRecord.state.in_(LEARNING_STATES)
    with store.engine.connect() as conn:
        due_learning = conn.scalars(_ordered(
            base.where(learning, CardStateRecord.due <= now), due_limit)).all()
        due_review = conn.scalars(_ordered(
            base.where(CardStateRecord.state == STATE_REVIEW, CardStateRecord.due <= now),
            max(0, due_limit - len(due_learning)))).all()
        new = conn.scalars(_unseen(store.profile)
                           .order_by(CardRecord.position, CardRecord.id)
                           .limit(max(0, new_limit))).all() if new_limit > 0 else []
        ahead: list[str] = []
        if not (due_learning or due_review or new):
            ahead = conn.scalars(_ordered(base.where(
                learning, and_(CardStateRecord.due > now,
                               CardStateRecord.due <= now + learn_ahead)), due_limit)).all()
    return QueueIds((*due_learning, *due_review), tuple(new), tuple(ahead))


def queue_counts(store: Store, now: datetime) -> tuple[int, int, int]:
    """(cards due now, active cards never reviewed, active cards) for the dashboard."""
    due = _active_states(store.profile).where(
        CardStateRecord.state.in_((*LEARNING_STATES, STATE_REVIEW)), CardStateRecord.due <= now)
    with store.engine.connect() as conn:
        due_now = conn.scalar(select(func.count()).select_from(due.subquery()))
        unseen = conn.scalar(select(func.count()).select_from(_unseen(store.profile).subquery()))
        total = conn.scalar(select(func.count()).select_from(CardRecord)
                            .where(CardRecord.retired == false()))
    return int(due_now or 0), int(unseen or 0), int(total or 0)


def learning_soon_count(store: Store, now: datetime, window: timedelta) -> int:
    """Cards in (re)learning that come due within ``window`` after ``now``."""
    soon = _active_states(store.profile).where(
        CardStateRecord.state.in_(LEARNING_STATES),
        and_(CardStateRecord.due > now, CardStateRecord.due <= now + window))
    with store.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(soon.subquery())) or 0)
