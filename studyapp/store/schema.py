"""ORM tables. Every change here needs an Alembic migration in ``migrations/versions``.

The deck's cards (``cards``, ``deck_seen``) are shared by everyone using the
database; everything a learner does is keyed by their *profile*: card state
(``card_states``), the review log, drill attempts and settings. One learner's
rows never appear in another's queue or statistics.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from studyapp.store.types import UTCDateTime

#: The Alembic revision this code expects; checked at open to skip Alembic when current.
SCHEMA_HEAD = "0004"
#: Longest profile name.
PROFILE_MAX = 64


class Base(DeclarativeBase):
    """Declarative base for studyapp's tables."""


class CardRecord(Base):
    """One schedulable item (question or drill) of the deck, shared by every profile."""

    __tablename__ = "cards"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_cards_active", "retired", "position", "id"),)


class CardStateRecord(Base):
    """A card's FSRS state for one learner; no row means the card is new to them."""

    __tablename__ = "card_states"

    profile: Mapped[str] = mapped_column(String(PROFILE_MAX), primary_key=True)
    card_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("cards.id", onupdate="CASCADE"), primary_key=True
    )
    state: Mapped[int] = mapped_column(Integer)
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stability: Mapped[float | None] = mapped_column(Float, nullable=True)
    difficulty: Mapped[float | None] = mapped_column(Float, nullable=True)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    first_review: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (
        # the queue: (re)learning / review cards due before an instant, most overdue first
        Index("ix_card_states_due", "profile", "state", "due"),
        # new cards introduced today
        Index("ix_card_states_first", "profile", "first_review"),
        # renaming a card (ON UPDATE CASCADE) finds its rows
        Index("ix_card_states_card", "card_id"),
    )


class ReviewRecord(Base):
    """One rating, append-only. ``state_before`` lets undo restore the card exactly.

    ``prior_state`` is the FSRS state before the rating (NULL for a new card),
    kept as a column so statistics over a million rows need no JSON parsing.
    """

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    profile: Mapped[str] = mapped_column(String(PROFILE_MAX))
    card_id: Mapped[str] = mapped_column(String(64), ForeignKey("cards.id", onupdate="CASCADE"))
    rating: Mapped[int] = mapped_column(Integer)
    suggested_rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    utc_offset_min: Mapped[int] = mapped_column(Integer, default=0)
    duration_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    answer: Mapped[str] = mapped_column(Text, default="")
    state_before: Mapped[str | None] = mapped_column(Text, nullable=True)
    state_after: Mapped[str | None] = mapped_column(Text, nullable=True)
    prior_state: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (
        Index("ix_reviews_card", "card_id", "profile", "id"),
        Index("ix_reviews_profile_at", "profile", "reviewed_at"),
    )


class ReviewHourRecord(Base):
    """Reviews per learner per local clock hour, kept with every write to ``reviews``.

    ``hour`` counts hours since 1970 in the learner's local time (UTC plus the
    offset stored with each review). Any study day (local date minus a whole
    rollover hour) is a union of such hours, so statistics read a few thousand
    rows whether the log holds ten thousand reviews or a million.
    """

    __tablename__ = "review_hours"

    profile: Mapped[str] = mapped_column(String(PROFILE_MAX), primary_key=True)
    hour: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    duration_ms: Mapped[float] = mapped_column(Float, default=0.0)
    #: reviews of cards that were in review state, and of those the ones rated above Again
    mature: Mapped[int] = mapped_column(Integer, default=0)
    passed: Mapped[int] = mapped_column(Integer, default=0)


class AttemptRecord(Base):
    """One drill check: the learner's code and the sandbox's verdict (JSON)."""

    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    profile: Mapped[str] = mapped_column(String(PROFILE_MAX))
    card_id: Mapped[str] = mapped_column(String(64), ForeignKey("cards.id", onupdate="CASCADE"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    code: Mapped[str] = mapped_column(Text)
    passed: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(32))
    verdict: Mapped[str] = mapped_column(Text)
    hints_used: Mapped[int] = mapped_column(Integer, default=0)
    elapsed_ms: Mapped[float | None] = mapped_column(Float, nullable=True)

    __table_args__ = (
        Index("ix_attempts_card", "card_id"),
        Index("ix_attempts_profile", "profile", "id"),
    )


class SettingRecord(Base):
    """A learner setting (desired retention, new-card limit, FSRS parameters...) as JSON."""

    __tablename__ = "settings"

    profile: Mapped[str] = mapped_column(String(PROFILE_MAX), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DeckSeenRecord(Base):
    """An id (or alias) in the deck as the database last synchronised it.

    ``digest`` fingerprints the item's wording, so ``studyapp content check``
    can tell which ids disappeared or changed since the learner last studied.
    """

    __tablename__ = "deck_seen"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    card_id: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(32), default="")
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)

