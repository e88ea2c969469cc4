"""The study service: the one object the CLI and the TUI talk to.

It ties the deck, the store and the scheduler together, knows what "today"
is, and turns a learner's rating into one stored review. It never imports
Textual or torch.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from fsrs import Scheduler

from studyapp.clock import day_start, study_day, zone_named
from studyapp.config import Settings
from studyapp.deck import Card, Deck, DrillMeta, load_deck
from studyapp.progress.days import streaks
from studyapp.srs.queue import LEARN_AHEAD, Queue, new_allowance
from studyapp.srs.scheduler import (
    CardState,
    SchedulerConfig,
    make_scheduler,
    review,
)
from studyapp.store.repository import DeckEntry, Store, SyncReport, deck_entries
from studyapp.store.stats_queries import EPOCH, daily_totals

#: Most due cards one queue lists (a session rarely gets through more; counts stay exact).
DUE_LIMIT = 1000

SETTING_KEYS = (
    "desired_retention", "new_per_day", "rollover_hour", "fsrs_parameters", "timezone",
)


def wording_digest(item: Card | DrillMeta) -> str:
    """A short fingerprint of what the learner sees of an item (not its id)."""
    if isinstance(item, Card):
        parts = [item.prompt, item.answer, *(k.text for k in item.key_points)]
    else:
        parts = [item.title, item.prompt, item.entry]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def deck_sync_entries(deck: Deck) -> list[DeckEntry]:
    """The deck as the store synchronises it: ids, aliases and a wording digest."""
    return deck_entries(
        (i.id, i.kind, i.topic, tuple(i.aliases), wording_digest(i)) for i in deck.study_order
    )


@dataclass(frozen=True)
class Dashboard:
    """The figures on the dashboard and in ``studyapp stats``."""

    due_now: int
    new_available: int
    reviews_today: int
    reviews_total: int
    cards_total: int
    streak_days: int
    longest_streak_days: int
    learning_soon: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Rated:
    """The outcome of rating a card."""

    review_id: int | None
    card_id: str
    rating: int
    due: datetime | None

    @property
    def recorded(self) -> bool:
        return self.review_id is not None


def scheduler_for(stored: dict[str, object], desired_retention: float) -> Scheduler:
    """The scheduler a collection's stored settings ask for (fitted parameters if any)."""
    params = stored.get("fsrs_parameters")
    retention = stored.get("desired_retention", desired_retention)
    return make_scheduler(SchedulerConfig(
        desired_retention=float(retention),  # type: ignore[arg-type]
        parameters=tuple(params) if params else None,  # type: ignore[arg-type]
    ))


class StudyService:
    """Opens a learner's collection and runs study sessions over it."""

    def __init__(self, settings: Settings, store: Store, deck: Deck, sync: SyncReport) -> None:
        self.settings = settings
        self.store = store
        self.deck = deck
        self.sync_report = sync
        self.reload_settings()

    @classmethod
    def open(cls, settings: Settings) -> StudyService:
        """Load the deck, open the database, and synchronise the two.

        Raises:
            DeckError, StorageError: with a message naming the file at fault.
        """
        deck = load_deck(settings.content_dir)
        store = Store.open(settings.db, settings.profile)
        try:
            sync = store.sync_deck(deck_sync_entries(deck), now=settings.clock())
            return cls(settings, store, deck, sync)
        except BaseException:
            store.close()
            raise

    def close(self) -> None:
        """Release the database."""
        self.store.close()

    def reload_settings(self) -> None:
        """Apply the settings stored in the database (after a change or an import)."""
        stored = self.store.get_settings()
        changes = {k: stored[k] for k in SETTING_KEYS if k in stored and k != "fsrs_parameters"}
        if changes:
            self.settings = self.settings.with_(**changes)
        self.scheduler = scheduler_for(stored, self.settings.desired_retention)

    def update_settings(self, **values: object) -> None:
        """Store learner settings and apply them now."""
        unknown = set(values) - set(SETTING_KEYS)
        if unknown:
            raise ValueError(f"unknown settings: {sorted(unknown)}")
        if values.get("timezone") is not None:
            zone_named(str(values["timezone"]))  # ConfigError before anything is stored
        self.store.set_settings(dict(values))
        self.reload_settings()

    # --- time -------------------------------------------------------------

    def now(self) -> datetime:
        """The current instant from the injected clock, in UTC."""
        return self.settings.clock().astimezone(UTC)

    @property
    def zone(self) -> tzinfo | None:
        """The learner's zone (``Settings.timezone``); ``None`` means the system's."""
        return zone_named(self.settings.timezone) if self.settings.timezone else None

    def today_start(self, now: datetime | None = None) -> datetime:
        """When the current study day began (local time, rollover hour)."""
        now = now or self.now()
        rollover = self.settings.rollover_hour
        return day_start(study_day(now, rollover, self.zone), rollover, self.zone)

    def today_end(self, now: datetime | None = None) -> datetime:
        """When the current study day ends (the next day's start)."""
        now = now or self.now()
        rollover = self.settings.rollover_hour
        tomorrow = study_day(now, rollover, self.zone) + timedelta(days=1)
        return day_start(tomorrow, rollover, self.zone)

    # --- queue --------------------------------------------------------------

    def item(self, card_id: str) -> Card | DrillMeta:
        """The deck item for a card id."""
        found = self.deck.get(card_id)
        if found is None:
            raise KeyError(card_id)
        return found

    @property
    def profile(self) -> str:
        """Whose collection this is (``--profile``)."""
        return self.store.profile

    def queue(self, now: datetime | None = None) -> Queue:
        """Today's queue at ``now``, selected in the database (same order as ``build_queue``).

        At most :data:`DUE_LIMIT` due cards are listed; the dashboard counts them all.
        """
        now = now or self.now()
        allowed = new_allowance(self.settings.new_per_day,
                                self.store.introduced_since(self.today_start(now)))
        ids = self.store.queue_ids(now, new_limit=allowed, due_limit=DUE_LIMIT,
                                   learn_ahead=LEARN_AHEAD)
        return Queue(due=ids.due, new=ids.new, learn_ahead=ids.learn_ahead)

    def state(self, card_id: str) -> CardState | None:
        """The card's current FSRS state (None if new)."""
        row = self.store.card(card_id)
        return row.state if row else None

    def rate(
        self,
        card_id: str,
        rating: int,
        *,
        shown: CardState | None,
        answer: str = "",
        duration_ms: int | None = None,
        suggested: int | None = None,
    ) -> Rated:
        """Record a rating for the card as it was shown; one transaction.

        If the card was already rated since it was shown (double press, other
        instance), nothing is written and ``Rated.recorded`` is False.
        """
        now = self.now()
        after = review(self.scheduler, shown, rating, now)
        local_offset = now.astimezone(self.zone).utcoffset()
        offset_min = int(local_offset.total_seconds() // 60) if local_offset else 0
        review_id = self.store.record_review(
            card_id,
            shown=shown,
            after=after,
            rating=rating,
            reviewed_at=now,
            utc_offset_min=offset_min,
            duration_ms=duration_ms,
            answer=answer,
            suggested_rating=suggested,
        )
        return Rated(review_id, card_id, rating, after.due if review_id else None)

    def record_attempt(
        self, card_id: str, *, code: str, verdict: dict[str, object], hints_used: int
    ) -> int:
        """Store one drill check (the learner's code and the sandbox verdict)."""
        return self.store.record_attempt(
            card_id, submitted_at=self.now(), code=code, verdict=verdict, hints_used=hints_used
        )

    def undo(self, review_id: int) -> bool:
        """Undo a review (card state and log row restored together)."""
        return self.store.undo_review(review_id)

    # --- figures --------------------------------------------------------------

    def dashboard(self, now: datetime | None = None) -> Dashboard:
        """Counts for the dashboard and ``studyapp stats``."""
        now = now or self.now()
        due_now, unseen, cards_total = self.store.queue_counts(now)
        rollover, zone = self.settings.rollover_hour, self.zone
        today = study_day(now, rollover, zone)
        # per-day totals kept in step with every review: the streak and the all-time count
        # come from them instead of from the whole review log
        totals = daily_totals(self.store, rollover)
        current, longest = streaks((EPOCH + timedelta(days=d) for d, *_ in totals), today)
        start = day_start(today, rollover, zone)
        end = day_start(today + timedelta(days=1), rollover, zone)
        introduced = self.store.introduced_since(start)
        return Dashboard(
            due_now=due_now,
            new_available=min(unseen, new_allowance(self.settings.new_per_day, introduced)),
            # bounded above too: with STUDYAPP_NOW in the past, later reviews are not "today"
            reviews_today=self.store.count_reviews(since=start, until=end),
            reviews_total=sum(reviews for _day, reviews, *_ in totals),
            cards_total=cards_total,
            streak_days=current,
            longest_streak_days=longest,
            # cards in (re)learning due within the learn-ahead window: a session shows them early
            learning_soon=self.store.learning_soon(now, LEARN_AHEAD),
        )
