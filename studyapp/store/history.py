"""A learner's full history as plain data, and merging one history into another.

Export reads it; import merges it. Merging is one transaction and idempotent:
reviews already present (same card, instant and rating, counted as a
multiset) and attempts already present (same card, instant and code) are
skipped, so importing a file twice changes nothing. Card state is never
trusted from outside: every card that gained reviews is replayed through the
scheduler to rebuild its state and its log's before/after states.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.srs.scheduler import CardState
from studyapp.store.review_hours import rebuild as rebuild_hours
from studyapp.store.schema import AttemptRecord, CardRecord, ReviewRecord, SettingRecord
from studyapp.store.states import put_state

#: ``(state before, rating, instant) -> state after``: the scheduler, bound to settings.
Reviewer = Callable[[CardState | None, int, datetime], CardState]


@dataclass(frozen=True)
class HistoryCard:
    """A card id as exported (its state is derived, so it is not)."""

    id: str
    kind: str
    topic: str
    retired: bool


@dataclass(frozen=True)
class HistoryReview:
    """One rating, as exported."""

    card_id: str
    reviewed_at: datetime
    rating: int
    suggested_rating: int | None
    utc_offset_min: int
    duration_ms: int | None
    answer: str

    def key(self) -> tuple[str, datetime, int]:
        """What makes two reviews the same review."""
        return (self.card_id, self.reviewed_at, self.rating)


@dataclass(frozen=True)
class HistoryAttempt:
    """One drill check, as exported; ``verdict`` is the JSON text."""

    card_id: str
    submitted_at: datetime
    code: str
    passed: bool
    status: str
    verdict: str
    hints_used: int
    elapsed_ms: float | None

    def key(self) -> tuple[str, datetime, str]:
        """What makes two attempts the same attempt."""
        return (self.card_id, self.submitted_at, self.code)


@dataclass(frozen=True)
class History:
    """Everything a learner has done, in a stable order."""

    cards: tuple[HistoryCard, ...] = ()
    reviews: tuple[HistoryReview, ...] = ()
    attempts: tuple[HistoryAttempt, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MergeReport:
    """What an import added (and what it found already present)."""

    cards_added: int
    reviews_added: int
    reviews_present: int
    attempts_added: int
    attempts_present: int
    settings_added: tuple[str, ...]


def read_history(session: Session, profile: str) -> History:
    """``profile``'s whole history: every card by id, its reviews and attempts oldest
    first, its settings by key."""
    cards = tuple(
        HistoryCard(c.id, c.kind, c.topic, bool(c.retired))
        for c in session.scalars(select(CardRecord).order_by(CardRecord.id))
    )
    reviews = tuple(
        HistoryReview(r.card_id, r.reviewed_at, r.rating, r.suggested_rating,
                      r.utc_offset_min, r.duration_ms, r.answer)
        for r in session.scalars(
            select(ReviewRecord).where(ReviewRecord.profile == profile)
            .order_by(ReviewRecord.reviewed_at, ReviewRecord.id)
        )
    )
    attempts = tuple(
        HistoryAttempt(a.card_id, a.submitted_at, a.code, bool(a.passed), a.status, a.verdict,
                       a.hints_used, a.elapsed_ms)
        for a in session.scalars(
            select(AttemptRecord).where(AttemptRecord.profile == profile)
            .order_by(AttemptRecord.submitted_at, AttemptRecord.id)
        )
    )
    settings = {
        s.key: json.loads(s.value)
        for s in session.scalars(select(SettingRecord).where(SettingRecord.profile == profile)
                                 .order_by(SettingRecord.key))
    }
    return History(cards, reviews, attempts, settings)


def merge_history(session: Session, profile: str, incoming: History,
                  reviewer: Reviewer) -> MergeReport:
    """Add what ``incoming`` has and ``profile`` lacks, inside the caller's transaction.

    Settings already stored are kept (the learner's current choice wins); new
    cards arrive retired until the deck lists them.
    """
    stored_keys = set(session.scalars(select(SettingRecord.key)
                                      .where(SettingRecord.profile == profile)))
    settings_added = tuple(k for k in incoming.settings if k not in stored_keys)
    for key in settings_added:
        session.add(SettingRecord(profile=profile, key=key,
                                  value=json.dumps(incoming.settings[key])))

    known = set(session.scalars(select(CardRecord.id)))
    new_cards = [c for c in incoming.cards if c.id not in known]
    for card in new_cards:
        session.add(CardRecord(id=card.id, kind=card.kind, topic=card.topic, position=0,
                               retired=True))
    session.flush()

    have = Counter(
        (c, at, r) for c, at, r in session.execute(
            select(ReviewRecord.card_id, ReviewRecord.reviewed_at, ReviewRecord.rating)
            .where(ReviewRecord.profile == profile)
        )
    )
    touched: set[str] = set()
    added = 0
    for review in incoming.reviews:
        if have[review.key()] > 0:
            have[review.key()] -= 1
            continue
        session.add(ReviewRecord(
            profile=profile, card_id=review.card_id, rating=review.rating,
            suggested_rating=review.suggested_rating, reviewed_at=review.reviewed_at,
            utc_offset_min=review.utc_offset_min, duration_ms=review.duration_ms,
            answer=review.answer,
        ))
        touched.add(review.card_id)
        added += 1
    session.flush()
    for card_id in sorted(touched):
        _rebuild_card(session, profile, card_id, reviewer)
    if touched:
        rebuild_hours(session, profile)

    attempts_have = Counter(
        (c, at, code) for c, at, code in session.execute(
            select(AttemptRecord.card_id, AttemptRecord.submitted_at, AttemptRecord.code)
            .where(AttemptRecord.profile == profile)
        )
    )
    attempts_added = 0
    for attempt in incoming.attempts:
        if attempts_have[attempt.key()] > 0:
            attempts_have[attempt.key()] -= 1
            continue
        session.add(AttemptRecord(
            profile=profile, card_id=attempt.card_id, submitted_at=attempt.submitted_at,
            code=attempt.code,
            passed=attempt.passed, status=attempt.status, verdict=attempt.verdict,
            hints_used=attempt.hints_used, elapsed_ms=attempt.elapsed_ms,
        ))
        attempts_added += 1
    session.flush()
    return MergeReport(len(new_cards), added, len(incoming.reviews) - added, attempts_added,
                       len(incoming.attempts) - attempts_added, settings_added)


def _rebuild_card(session: Session, profile: str, card_id: str, reviewer: Reviewer) -> None:
    """Replay a card's whole log: its state, first review and each row's before/after."""
    rows = session.scalars(
        select(ReviewRecord).where(ReviewRecord.card_id == card_id,
                                   ReviewRecord.profile == profile)
        .order_by(ReviewRecord.reviewed_at, ReviewRecord.id)
    ).all()
    state: CardState | None = None
    for row in rows:
        row.state_before = state.to_json() if state else None
        row.prior_state = state.state if state else None
        state = reviewer(state, row.rating, row.reviewed_at)
        row.state_after = state.to_json()
    assert state is not None
    put_state(session, profile, card_id, state, rows[0].reviewed_at)
