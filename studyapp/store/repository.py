"""The store's public face: the handful of reads and writes the app needs.

Each write is one transaction. A rating is recorded only if the card is still
in the state it was shown in, so a double key press or a second app instance
cannot record the same card twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from studyapp.srs.scheduler import CardState
from studyapp.store.engine import check_readable, make_engine
from studyapp.store.history import History, MergeReport, Reviewer, merge_history, read_history
from studyapp.store.migrate import ensure_schema
from studyapp.store.schema import AttemptRecord, CardRecord, ReviewRecord, SettingRecord
from studyapp.store.sync import DeckEntry, SyncReport, sync_cards
from studyapp.store.transaction import WriteTransaction

__all__ = ["CardRow", "DeckEntry", "ReviewRow", "Store", "SyncReport", "deck_entries"]


@dataclass(frozen=True)
class CardRow:
    """A card as read from the store."""

    id: str
    kind: str
    topic: str
    position: int
    retired: bool
    state: CardState | None
    first_review: datetime | None


@dataclass(frozen=True)
class ReviewRow:
    """One review log entry."""

    id: int
    card_id: str
    rating: int
    suggested_rating: int | None
    reviewed_at: datetime
    utc_offset_min: int
    duration_ms: int | None
    answer: str


def _state_of(record: CardRecord) -> CardState | None:
    if record.state is None or record.due is None:
        return None
    return CardState(
        state=record.state,
        step=record.step,
        stability=record.stability,
        difficulty=record.difficulty,
        due=record.due,
        last_review=record.last_review,
    )


def _row_of(record: CardRecord) -> CardRow:
    return CardRow(
        id=record.id,
        kind=record.kind,
        topic=record.topic,
        position=record.position,
        retired=record.retired,
        state=_state_of(record),
        first_review=record.first_review,
    )


def _state_columns(state: CardState) -> dict[str, Any]:
    return {
        "state": state.state,
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "due": state.due,
        "last_review": state.last_review,
    }


def _still_in(shown: CardState | None) -> list[Any]:
    """SQL conditions: the card row still holds exactly the ``shown`` state.

    Every state column is compared, not only ``last_review``: with a frozen
    (``STUDYAPP_NOW``) or backwards clock a review can keep ``last_review``
    unchanged, and a second submission must still find the state moved on.
    """
    if shown is None:
        return [CardRecord.state.is_(None)]
    return [
        getattr(CardRecord, column).is_not_distinct_from(value)
        for column, value in _state_columns(shown).items()
    ]


class Store:
    """A learner's collection on one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, target: str) -> Store:
        """Open (creating or upgrading) the database at ``target``.

        Raises:
            StorageError: not a database, damaged, locked, read-only, or newer than us.
        """
        engine = make_engine(target)
        try:
            check_readable(engine)
            ensure_schema(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    def close(self) -> None:
        """Release connections."""
        self.engine.dispose()

    def _session(self) -> Session:
        return self._sessions()

    # --- deck -----------------------------------------------------------

    def sync_deck(
        self, entries: Sequence[DeckEntry], *, now: datetime | None = None
    ) -> SyncReport:
        """Make the card table match the deck by id (see :mod:`.sync`); one transaction."""
        with self._writing() as session:
            return sync_cards(session, entries, now or datetime.now(UTC))

    def cards(self, *, include_retired: bool = False) -> list[CardRow]:
        """Every card (active only unless asked), in deck order."""
        query = select(CardRecord).order_by(CardRecord.position, CardRecord.id)
        if not include_retired:
            query = query.where(CardRecord.retired.is_(False))
        with self._session() as session:
            return [_row_of(r) for r in session.scalars(query)]

    def card(self, card_id: str) -> CardRow | None:
        """One card, or ``None``."""
        with self._session() as session:
            record = session.get(CardRecord, card_id)
            return _row_of(record) if record else None

    # --- reviews --------------------------------------------------------

    def record_review(
        self,
        card_id: str,
        *,
        shown: CardState | None,
        after: CardState,
        rating: int,
        reviewed_at: datetime,
        utc_offset_min: int,
        duration_ms: int | None,
        answer: str,
        suggested_rating: int | None = None,
    ) -> int | None:
        """Store a rating and the card's new state together.

        Returns the review id, or ``None`` when the card is no longer in the
        ``shown`` state (already rated elsewhere): nothing is written then.
        """
        with self._writing() as session:
            values = _state_columns(after)
            result = session.execute(
                update(CardRecord)
                .where(CardRecord.id == card_id, *_still_in(shown))
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                session.rollback()
                return None
            if shown is None:
                session.execute(
                    update(CardRecord)
                    .where(CardRecord.id == card_id, CardRecord.first_review.is_(None))
                    .values(first_review=reviewed_at)
                    .execution_options(synchronize_session=False)
                )
            review = ReviewRecord(
                card_id=card_id,
                rating=rating,
                suggested_rating=suggested_rating,
                reviewed_at=reviewed_at,
                utc_offset_min=utc_offset_min,
                duration_ms=duration_ms,
                answer=answer,
                state_before=shown.to_json() if shown else None,
                state_after=after.to_json(),
            )
            session.add(review)
            session.flush()
            return review.id

    def undo_review(self, review_id: int) -> bool:
        """Remove review ``review_id`` and restore its card's prior state, atomically.

        Only the card's latest review can be undone; returns False otherwise.
        """
        with self._writing() as session:
            review = session.get(ReviewRecord, review_id)
            if review is None:
                return False
            latest = session.scalar(
                select(func.max(ReviewRecord.id)).where(ReviewRecord.card_id == review.card_id)
            )
            if latest != review_id:
                return False
            card = session.get(CardRecord, review.card_id)
            assert card is not None
            if review.state_before is None:
                for column in ("state", "step", "stability", "difficulty", "due", "last_review"):
                    setattr(card, column, None)
                card.first_review = None
            else:
                for column, value in _state_columns(
                    CardState.from_json(review.state_before)
                ).items():
                    setattr(card, column, value)
            session.delete(review)
        return True

    def reviews(self, *, since: datetime | None = None) -> list[ReviewRow]:
        """Review log rows, oldest first (optionally only from ``since``)."""
        query = select(ReviewRecord).order_by(ReviewRecord.reviewed_at, ReviewRecord.id)
        if since is not None:
            query = query.where(ReviewRecord.reviewed_at >= since)
        with self._session() as session:
            return [
                ReviewRow(
                    id=r.id,
                    card_id=r.card_id,
                    rating=r.rating,
                    suggested_rating=r.suggested_rating,
                    reviewed_at=r.reviewed_at,
                    utc_offset_min=r.utc_offset_min,
                    duration_ms=r.duration_ms,
                    answer=r.answer,
                )
                for r in session.scalars(query)
            ]

    def count_reviews(self, *, since: datetime | None = None) -> int:
        """How many reviews (optionally only from ``since``)."""
        query = select(func.count(ReviewRecord.id))
        if since is not None:
            query = query.where(ReviewRecord.reviewed_at >= since)
        with self._session() as session:
            return int(session.scalar(query) or 0)

    def review_instants(self) -> list[tuple[datetime, int]]:
        """(reviewed_at, utc_offset_min) of every review, for day-based statistics."""
        query = select(ReviewRecord.reviewed_at, ReviewRecord.utc_offset_min)
        with self._session() as session:
            return [(at, offset) for at, offset in session.execute(query)]

    def introduced_since(self, start: datetime) -> int:
        """How many cards had their first review at or after ``start``."""
        query = select(func.count(CardRecord.id)).where(CardRecord.first_review >= start)
        with self._session() as session:
            return int(session.scalar(query) or 0)

    # --- drill attempts --------------------------------------------------

    def record_attempt(
        self,
        card_id: str,
        *,
        submitted_at: datetime,
        code: str,
        verdict: dict[str, Any],
        hints_used: int,
    ) -> int:
        """Store one drill check (code and verdict)."""
        with self._writing() as session:
            attempt = AttemptRecord(
                card_id=card_id,
                submitted_at=submitted_at,
                code=code,
                passed=bool(verdict.get("passed")),
                status=str(verdict.get("status", "unknown"))[:32],
                verdict=json.dumps(verdict, sort_keys=True, default=str),
                hints_used=hints_used,
                elapsed_ms=verdict.get("elapsed_ms"),
            )
            session.add(attempt)
            session.flush()
            return attempt.id

    def attempts(self, card_id: str | None = None) -> list[dict[str, Any]]:
        """Drill attempts, oldest first, as plain dicts."""
        query = select(AttemptRecord).order_by(AttemptRecord.id)
        if card_id is not None:
            query = query.where(AttemptRecord.card_id == card_id)
        with self._session() as session:
            return [
                {
                    "id": a.id,
                    "card_id": a.card_id,
                    "submitted_at": a.submitted_at,
                    "code": a.code,
                    "passed": a.passed,
                    "status": a.status,
                    "verdict": json.loads(a.verdict),
                    "hints_used": a.hints_used,
                }
                for a in session.scalars(query)
            ]

    # --- settings --------------------------------------------------------

    def get_settings(self) -> dict[str, Any]:
        """All stored settings, decoded from JSON."""
        with self._session() as session:
            return {s.key: json.loads(s.value) for s in session.scalars(select(SettingRecord))}

    def set_settings(self, values: dict[str, Any]) -> None:
        """Store several settings in one transaction."""
        with self._writing() as session:
            for key, value in values.items():
                session.merge(SettingRecord(key=key, value=json.dumps(value)))

    # --- whole history (export / import) ---------------------------------

    def history(self) -> History:
        """Every card id, review, attempt and setting, in a stable order (for export)."""
        with self._session() as session:
            return read_history(session)

    def merge_history(self, incoming: History, reviewer: Reviewer) -> MergeReport:
        """Merge an exported history without duplicates; one transaction (for import)."""
        with self._writing() as session:
            return merge_history(session, incoming, reviewer)

    # --- plumbing ----------------------------------------------------------

    def _writing(self) -> WriteTransaction:
        return WriteTransaction(self._session())


def deck_entries(items: Iterable[tuple[Any, ...]]) -> list[DeckEntry]:
    """Number (id, kind, topic[, aliases[, digest]]) tuples in deck order."""
    return [DeckEntry(item[0], item[1], item[2], n, *item[3:5]) for n, item in enumerate(items)]
