"""The store on real databases: a SQLite file always, PostgreSQL when configured.

Schema, transactions, sync, settings, and profiles: one learner's rows never
reach another's queue, statistics or settings.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pgkit import backends, database_target
from sqlalchemy import text

from studyapp.errors import StorageError
from studyapp.srs.scheduler import SchedulerConfig, make_scheduler, review
from studyapp.store.migrate import current_revision
from studyapp.store.repository import Store, deck_entries
from studyapp.store.review_hours import totals
from studyapp.store.schema import SCHEMA_HEAD
from studyapp.store.stats_queries import attempt_outcomes, daily_totals, studied_days

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
DECK = deck_entries([("a", "question", "tensors"), ("b", "question", "sgd")])


@pytest.fixture(params=backends())
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_target(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(target: str) -> Iterator[Store]:
    opened = Store.open(target, "alice")
    opened.sync_deck(DECK)
    yield opened
    opened.close()


def _rate(store: Store, card_id: str, rating: int, when: datetime) -> int | None:
    scheduler = make_scheduler(SchedulerConfig())
    shown = store.card(card_id).state
    after = review(scheduler, shown, rating, when)
    return store.record_review(card_id, shown=shown, after=after, rating=rating, reviewed_at=when,
                               utc_offset_min=60, duration_ms=1234, answer="my words")


def test_new_sqlite_database_is_at_head_with_durable_pragmas(db_path: Path) -> None:
    store = Store.open(str(db_path))
    try:
        with sqlite3.connect(db_path) as raw:
            assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (
                SCHEMA_HEAD,)
            assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    finally:
        store.close()


def test_new_database_is_at_head(store: Store) -> None:
    assert current_revision(store.engine) == SCHEMA_HEAD
    assert store.profile == "alice"


def test_review_and_card_state_are_stored_together(target: str, store: Store) -> None:
    review_id = _rate(store, "a", 3, NOW)
    assert review_id is not None
    card = store.card("a")
    assert card.state is not None and card.state.due == NOW + timedelta(minutes=10)
    assert card.first_review == NOW
    [row] = store.reviews()
    assert (row.card_id, row.rating, row.duration_ms, row.answer) == ("a", 3, 1234, "my words")
    assert row.reviewed_at == NOW and row.reviewed_at.tzinfo is not None
    other = Store.open(target, "alice")  # what is stored, read by another engine
    try:
        assert other.count_reviews() == 1 and other.card("a").state == card.state
    finally:
        other.close()


def test_second_rating_of_the_same_shown_card_writes_nothing(store: Store) -> None:
    scheduler = make_scheduler(SchedulerConfig())
    for when in (NOW, NOW + timedelta(minutes=10)):
        shown = store.card("a").state
        after = review(scheduler, shown, 3, when)
        kwargs = dict(shown=shown, after=after, rating=3, reviewed_at=when, utc_offset_min=0,
                      duration_ms=None, answer="")
        assert store.record_review("a", **kwargs) is not None
        assert store.record_review("a", **kwargs) is None
    assert store.count_reviews() == 2


def test_undo_restores_card_and_removes_log_row(store: Store) -> None:
    first = _rate(store, "a", 3, NOW)
    before = store.card("a").state
    second = _rate(store, "a", 1, NOW + timedelta(minutes=10))
    assert second is not None and store.card("a").state != before
    assert store.undo_review(first) is False  # only the latest review of a card
    assert store.undo_review(second) is True
    assert store.card("a").state == before
    assert [r.id for r in store.reviews()] == [first]
    assert store.undo_review(first) is True
    assert store.card("a").state is None and store.card("a").first_review is None


def test_sync_retires_and_restores_without_losing_history(store: Store) -> None:
    _rate(store, "b", 3, NOW)
    report = store.sync_deck(deck_entries([("a", "question", "tensors")]))
    assert report.retired == ("b",)
    assert [c.id for c in store.cards()] == ["a"]
    assert store.count_reviews() == 1
    report = store.sync_deck(deck_entries([("a", "question", "tensors"), ("b", "question", "sgd"),
                                           ("c", "drill", "model")]))
    assert report.restored == ("b",) and report.added == ("c",)
    assert store.card("b").state is not None
    assert [c.id for c in store.cards()] == ["a", "b", "c"]


def test_alias_rename_carries_every_profiles_history(target: str, store: Store) -> None:
    bob = Store.open(target, "bob")
    try:
        _rate(store, "b", 3, NOW)
        _rate(bob, "b", 1, NOW)
        report = store.sync_deck(deck_entries([("a", "question", "tensors"),
                                               ("b2", "question", "sgd", ("b",))]))
        assert report.renamed == (("b", "b2"),)
        for who, rating in ((store, 3), (bob, 1)):
            assert [(r.card_id, r.rating) for r in who.reviews()] == [("b2", rating)]
            assert who.card("b2").state is not None and who.card("b") is None
    finally:
        bob.close()


def hours_from_log(store: Store) -> dict[int, dict]:
    """Hourly totals recomputed from the review log itself."""
    with store.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT reviewed_at, utc_offset_min, rating, prior_state, duration_ms FROM reviews "
            "WHERE profile = :p"), {"p": store.profile}).all()
    from studyapp.store.types import UTCDateTime

    parse = UTCDateTime().process_result_value
    return totals((parse(at, store.engine.dialect), *rest) for at, *rest in rows)


def stored_hours(store: Store) -> dict[int, dict]:
    with store.engine.connect() as conn:
        return {h: dict(reviews=n, duration_ms=ms, mature=m, passed=p) for h, n, ms, m, p in
                conn.execute(text("SELECT hour, reviews, duration_ms, mature, passed FROM "
                                  "review_hours WHERE profile = :p AND reviews > 0"),
                             {"p": store.profile})}


def test_hourly_totals_follow_the_log_through_rate_undo_and_import(target: str,
                                                                   store: Store) -> None:
    ids = [_rate(store, card, rating, NOW + timedelta(minutes=m)) for card, rating, m in
           (("a", 3, 0), ("b", 1, 1), ("a", 3, 70), ("a", 4, 200), ("b", 3, 59))]
    store.undo_review(ids[3])
    assert stored_hours(store) == hours_from_log(store) and len(stored_hours(store)) == 2
    assert [d[1:] for d in daily_totals(store, 4)] == [(4, 4 * 1234.0, 0, 0)]
    bob = Store.open(target, "bob")
    try:
        scheduler = make_scheduler(SchedulerConfig())
        bob.merge_history(store.history(), lambda s, r, at: review(scheduler, s, r, at))
        assert stored_hours(bob) == hours_from_log(bob) == hours_from_log(store)
    finally:
        bob.close()


def test_introduced_since_counts_first_reviews(store: Store) -> None:
    _rate(store, "a", 3, NOW - timedelta(days=1))
    _rate(store, "b", 3, NOW)
    assert store.introduced_since(NOW - timedelta(hours=1)) == 1
    assert store.introduced_since(NOW - timedelta(days=2)) == 2


def test_settings_round_trip_as_json(store: Store) -> None:
    store.set_settings({"desired_retention": 0.85, "new_per_day": 15})
    store.set_settings({"new_per_day": 20})
    assert store.get_settings() == {"desired_retention": 0.85, "new_per_day": 20}


def test_profiles_see_only_their_own_rows(target: str, store: Store) -> None:
    bob = Store.open(target, "bob")
    try:
        _rate(store, "a", 3, NOW)
        _rate(store, "b", 4, NOW + timedelta(minutes=1))
        store.record_attempt("a", submitted_at=NOW, code="x", verdict={"passed": True},
                             hints_used=0)
        store.set_settings({"new_per_day": 3})
        assert bob.count_reviews() == 0 and bob.reviews() == [] and bob.attempts() == []
        assert bob.get_settings() == {} and bob.introduced_since(NOW - timedelta(days=1)) == 0
        assert all(c.state is None for c in bob.cards())
        assert bob.queue_ids(NOW + timedelta(days=30), new_limit=5).new == ("a", "b")
        assert bob.queue_counts(NOW + timedelta(days=30)) == (0, 2, 2)
        assert store.queue_counts(NOW + timedelta(days=30)) == (2, 0, 2)
        assert daily_totals(bob, 4) == [] and studied_days(bob, 4) == []
        assert attempt_outcomes(bob) == []
        assert len(daily_totals(store, 4)) == 1 and attempt_outcomes(store) == [("a", True, 0)]
        bob_review = _rate(bob, "a", 1, NOW + timedelta(minutes=2))
        assert store.undo_review(bob_review) is False  # not alice's to undo
        assert [r.rating for r in store.reviews()] == [3, 4]
        assert [(r.card_id, r.rating) for r in bob.reviews()] == [("a", 1)]
        assert bob.history().reviews[0].rating == 1 and len(store.history().reviews) == 2
    finally:
        bob.close()


def test_queue_in_sql_orders_learning_reviews_new(store: Store) -> None:
    store.sync_deck(deck_entries([(c, "question", "t") for c in "abcdefg"]))
    _rate(store, "c", 1, NOW)  # learning, due in 1 min
    _rate(store, "d", 4, NOW)  # review, due in days
    _rate(store, "e", 4, NOW - timedelta(days=1))  # review, due a day earlier
    later = NOW + timedelta(days=40)
    ids = store.queue_ids(later, new_limit=2)
    assert ids.due == ("c", "e", "d") and ids.new == ("a", "b") and ids.learn_ahead == ()
    assert store.queue_ids(later, new_limit=0, due_limit=1).due == ("c",)
    assert store.queue_counts(later) == (3, 4, 7)
    soon = store.queue_ids(NOW + timedelta(seconds=30), new_limit=0)
    assert soon.due == () and soon.learn_ahead == ("c",)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.sqlite"
    bogus.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(StorageError, match="notes.sqlite"):
        Store.open(str(bogus))
    assert bogus.read_bytes().startswith(b"these are my notes")


def test_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot create data folder"):
        Store.open(str(blocker / "sub" / "db.sqlite"))


def test_postgresql_urls_use_psycopg_3() -> None:
    from studyapp.store.engine import resolve_url

    assert resolve_url("postgresql://u:p@host/db").startswith("postgresql+psycopg://u:p@host")
    assert resolve_url("postgres://host/db").startswith("postgresql+psycopg://")
