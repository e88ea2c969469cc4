"""The store's public face: the handful of reads and writes the app needs, for one profile.

A :class:`Store` is a database seen by one learner (``profile``): the deck's
cards are shared, while card state, reviews, attempts and settings are that
learner's own. Each write is one transaction. A rating is recorded only if the
card is still in the state it was shown in (see :mod:`.states`), so a double
key press, a second app instance or a second device cannot record it twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from studyapp.srs.scheduler import CardState
from studyapp.store.engine import check_readable, make_engine
from studyapp.store.history import History, MergeReport, Reviewer, merge_history, read_history
from studyapp.store.migrate import ensure_schema
from studyapp.store.queue_queries import QueueIds, learning_soon_count, queue_counts, queue_ids
from studyapp.store.review_hours import bump
from studyapp.store.schema import (
    AttemptRecord,
    CardRecord,
    CardStateRecord,
    ReviewRecord,
    SettingRecord,
)
from studyapp.store.states import move_state, restore_state, state_of
from studyapp.store.sync import DeckEntry, SyncReport, sync_cards
from studyapp.store.transaction import WriteTransaction

__all__ = ["CardRow", "DeckEntry", "ReviewRow", "Store", "SyncReport", "deck_entries"]


@dataclass(frozen=True)
class CardRow:
    """A card as read from the store, with this profile's state."""

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


def default_profile() -> str:
    """``STUDYAPP_PROFILE`` or the OS user name (see :func:`studyapp.config.default_profile`)."""
    from studyapp.config import default_profile as from_config

    return from_config()


class Store:
    """A learner's collection on one database."""

    def __init__(self, engine: Engine, profile: str | None = None) -> None:
        self.engine = engine
        self.profile = profile or default_profile()
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, target: str, profile: str | None = None) -> Store:
        """Open (creating or upgrading) the database at ``target`` as ``profile``.

        Raises:
            StorageError: not a database, damaged, locked, read-only, or newer than us.
        """
        profile = profile or default_profile()
        engine = make_engine(target)
        try:
            check_readable(engine)
            ensure_schema(engine, profile)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, profile)

    def close(self) -> None:
        """Release connections."""
        self.engine.dispose()

    def _session(self) -> Session:
        return self._sessions()

    def _writing(self, *, serialize: bool = False) -> WriteTransaction:
        return WriteTransaction(self._session(), serialize=serialize)

    # --- deck (shared by every profile) ------------------------------------

    def sync_deck(
        self, entries: Sequence[DeckEntry], *, now: datetime | None = None
    ) -> SyncReport:
        """Make the card table match the deck by id (see :mod:`.sync`); one transaction."""
        with self._writing(serialize=True) as session:
            return sync_cards(session, entries, now or datetime.now(UTC))

    def _card_query(self, *where: Any) -> Any:
        joined = and_(CardStateRecord.card_id == CardRecord.id,
                      CardStateRecord.profile == self.profile)
        return (select(CardRecord.id, CardRecord.kind, CardRecord.topic, CardRecord.position,
                       CardRecord.retired, CardStateRecord.state, CardStateRecord.step,
                       CardStateRecord.stability, CardStateRecord.difficulty,
                       CardStateRecord.due, CardStateRecord.last_review,
                       CardStateRecord.first_review)
                .outerjoin(CardStateRecord, joined).where(*where)
                .order_by(CardRecord.position, CardRecord.id))

    def cards(self, *, include_retired: bool = False) -> list[CardRow]:
        """Every card (active only unless asked), in deck order."""
        where = [] if include_retired else [CardRecord.retired.is_(False)]
        with self.engine.connect() as conn:
            return [_card_row(r) for r in conn.execute(self._card_query(*where))]

    def card(self, card_id: str) -> CardRow | None:
        """One card, or ``None``."""
        with self.engine.connect() as conn:
            row = conn.execute(self._card_query(CardRecord.id == card_id)).first()
        return _card_row(row) if row else None

    # --- queue -------------------------------------------------------------

    def queue_ids(self, now: datetime, *, new_limit: int, due_limit: int = 1000,
                  learn_ahead: timedelta = timedelta(minutes=20)) -> QueueIds:
        """Today's queue selected in SQL (see :mod:`.queue_queries`)."""
        return queue_ids(self, now, new_limit=new_limit, due_limit=due_limit,
                         learn_ahead=learn_ahead)

    def queue_counts(self, now: datetime) -> tuple[int, int, int]:
        """(due now, active never reviewed, active cards)."""
        return queue_counts(self, now)

    def learning_soon(self, now: datetime, window: timedelta) -> int:
        """How many (re)learning cards come due within ``window`` after ``now``."""
        return learning_soon_count(self, now, window)

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
            if not move_state(session, self.profile, card_id, shown=shown, after=after,
                              at=reviewed_at):
                session.rollback()
                return None
            result = session.execute(insert(ReviewRecord).values(
                profile=self.profile, card_id=card_id, rating=rating,
                suggested_rating=suggested_rating, reviewed_at=reviewed_at,
                utc_offset_min=utc_offset_min, duration_ms=duration_ms, answer=answer,
                state_before=shown.to_json() if shown else None,
                state_after=after.to_json(), prior_state=shown.state if shown else None,
            ).returning(ReviewRecord.id))
            review_id = int(result.scalar_one())
            bump(session, self.profile, at=reviewed_at, utc_offset_min=utc_offset_min,
                 rating=rating, prior_state=shown.state if shown else None,
                 duration_ms=duration_ms)
            return review_id

    def undo_review(self, review_id: int) -> bool:
        """Remove review ``review_id`` and restore its card's prior state, atomically.

        Only this profile's latest review of a card can be undone; returns False otherwise.
        """
        with self._writing() as session:
            review = session.get(ReviewRecord, review_id)
            if review is None or review.profile != self.profile:
                return False
            latest = session.scalar(select(func.max(ReviewRecord.id)).where(
                ReviewRecord.card_id == review.card_id, ReviewRecord.profile == self.profile))
            if latest != review_id:
                return False
            before = CardState.from_json(review.state_before) if review.state_before else None
            restore_state(session, self.profile, review.card_id, before)
            bump(session, self.profile, at=review.reviewed_at,
                 utc_offset_min=review.utc_offset_min, rating=review.rating,
                 prior_state=review.prior_state, duration_ms=review.duration_ms, sign=-1)
            session.delete(review)
        return True

    def _mine(self, query: Any, since: datetime | None) -> Any:
        query = query.where(ReviewRecord.profile == self.profile)
        return query.where(ReviewRecord.reviewed_at >= since) if since is not None else query

    def reviews(self, *, since: datetime | None = None) -> list[ReviewRow]:
        """Review log rows, oldest first (optionally only from ``since``)."""
        query = self._mine(select(
            ReviewRecord.id, ReviewRecord.card_id, ReviewRecord.rating,
            ReviewRecord.suggested_rating, ReviewRecord.reviewed_at, ReviewRecord.utc_offset_min,
            ReviewRecord.duration_ms, ReviewRecord.answer,
        ).order_by(ReviewRecord.reviewed_at, ReviewRecord.id), since)
        with self.engine.connect() as conn:
            return [ReviewRow(*row) for row in conn.execute(query)]

    def count_reviews(
        self, *, since: datetime | None = None, until: datetime | None = None
    ) -> int:
        """How many reviews in ``[since, until)`` (either end optional); an index range count."""
        query = self._mine(select(func.count()).select_from(ReviewRecord), since)
        if until is not None:
            query = query.where(ReviewRecord.reviewed_at < until)
        with self.engine.connect() as conn:
            return int(conn.scalar(query) or 0)

    def introduced_since(self, start: datetime) -> int:
        """How many cards had their first review at or after ``start``."""
        query = select(func.count()).select_from(CardStateRecord).where(
            CardStateRecord.profile == self.profile, CardStateRecord.first_review >= start)
        with self.engine.connect() as conn:
            return int(conn.scalar(query) or 0)

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
            result = session.execute(insert(AttemptRecord).values(
                profile=self.profile, card_id=card_id, submitted_at=submitted_at, code=code,
                passed=bool(verdict.get("passed")),
                status=str(verdict.get("status", "unknown"))[:32],
                verdict=json.dumps(verdict, sort_keys=True, default=str),
                hints_used=hints_used, elapsed_ms=verdict.get("elapsed_ms"),
            ).returning(AttemptRecord.id))
            return int(result.scalar_one())

    def attempts(self, card_id: str | None = None) -> list[dict[str, Any]]:
        """Drill attempts, oldest first, as plain dicts."""
        query = (select(AttemptRecord).where(AttemptRecord.profile == self.profile)
                 .order_by(AttemptRecord.id))
        if card_id is not None:
            query = query.where(AttemptRecord.card_id == card_id)
        with self._session() as session:
            return [
                {"id": a.id, "card_id": a.card_id, "submitted_at": a.submitted_at,
                 "code": a.code, "passed": a.passed, "status": a.status,
                 "verdict": json.loads(a.verdict), "hints_used": a.hints_used}
                for a in session.scalars(query)
            ]

    # --- settings --------------------------------------------------------

    def get_settings(self) -> dict[str, Any]:
        """This profile's stored settings, decoded from JSON."""
        query = select(SettingRecord.key, SettingRecord.value).where(
            SettingRecord.profile == self.profile)
        with self.engine.connect() as conn:
            return {key: json.loads(value) for key, value in conn.execute(query)}

    def set_settings(self, values: dict[str, Any]) -> None:
        """Store several settings in one transaction."""
        with self._writing() as session:
            for key, value in values.items():
                session.merge(SettingRecord(profile=self.profile, key=key,
                                            value=json.dumps(value)))

    # --- whole history (export / import) ---------------------------------

    def history(self) -> History:
        """Every card id, and this profile's reviews, attempts and settings (for export)."""
        with self._session() as session:
            return read_history(session, self.profile)

    def merge_history(self, incoming: History, reviewer: Reviewer) -> MergeReport:
        """Merge an exported history into this profile without duplicates; one transaction."""
        with self._writing(serialize=True) as session:
            return merge_history(session, self.profile, incoming, reviewer)


def _card_row(row: Any) -> CardRow:
    return CardRow(id=row.id, kind=row.kind, topic=row.topic, position=row.position,
                   retired=bool(row.retired), state=state_of(row), first_review=row.first_review)


def deck_entries(items: Iterable[tuple[Any, ...]]) -> list[DeckEntry]:
    """Number (id, kind, topic[, aliases[, digest]]) tuples in deck order."""
    return [DeckEntry(item[0], item[1], item[2], n, *item[3:5]) for n, item in enumerate(items)]
