"""A learner's card state rows: reading them, and changing them only from a known state.

A rating is stored only if the card is still in the state it was shown in:
the update's WHERE clause compares every state column (a new card has no row,
so its first rating is an insert that the primary key refuses twice). That
one statement decides between a double key press, two app instances or two
devices on PostgreSQL, without any lock held across the learner's thinking.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from studyapp.srs.scheduler import CardState
from studyapp.store.schema import CardStateRecord

STATE_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review")


def state_of(row: Any) -> CardState | None:
    """The FSRS state in a row with card-state columns (``None`` if new)."""
    if row.state is None or row.due is None:
        return None
    return CardState(state=row.state, step=row.step, stability=row.stability,
                     difficulty=row.difficulty, due=row.due, last_review=row.last_review)


def state_columns(state: CardState) -> dict[str, Any]:
    """The column values of ``state``."""
    return {name: getattr(state, name) for name in STATE_FIELDS}


def _key(profile: str, card_id: str) -> list[Any]:
    return [CardStateRecord.profile == profile, CardStateRecord.card_id == card_id]


def move_state(session: Session, profile: str, card_id: str, *, shown: CardState | None,
               after: CardState, at: datetime) -> bool:
    """Set the card's state to ``after`` if it is still ``shown``; False if it moved on.

    Every state column is compared, not only ``last_review``: with a frozen
    (``STUDYAPP_NOW``) or backwards clock a review can keep ``last_review``
    unchanged, and a second submission must still find the state moved on.
    """
    if shown is None:
        try:
            with session.begin_nested():
                session.execute(insert(CardStateRecord).values(
                    profile=profile, card_id=card_id, first_review=at, **state_columns(after)))
        except IntegrityError:  # rated already (primary key), or no such card
            return False
        return True
    still = [getattr(CardStateRecord, name).is_not_distinct_from(value)
             for name, value in state_columns(shown).items()]
    result = session.execute(
        update(CardStateRecord).where(*_key(profile, card_id), *still)
        .values(**state_columns(after)).execution_options(synchronize_session=False))
    return result.rowcount == 1


def restore_state(session: Session, profile: str, card_id: str,
                  before: CardState | None) -> None:
    """Put the card back to ``before`` (``None``: new again, no row)."""
    if before is None:
        session.execute(delete(CardStateRecord).where(*_key(profile, card_id)))
        return
    session.execute(update(CardStateRecord).where(*_key(profile, card_id))
                    .values(**state_columns(before))
                    .execution_options(synchronize_session=False))


def put_state(session: Session, profile: str, card_id: str, state: CardState,
              first_review: datetime) -> None:
    """Write the card's state whatever it was (import's replay)."""
    record = session.get(CardStateRecord, (profile, card_id))
    if record is None:
        session.add(CardStateRecord(profile=profile, card_id=card_id,
                                    first_review=first_review, **state_columns(state)))
        return
    for name, value in state_columns(state).items():
        setattr(record, name, value)
    record.first_review = first_review
