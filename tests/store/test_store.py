"""The store on a real SQLite file: schema, pragmas, transactions, sync."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studyapp.errors import StorageError
from studyapp.srs.scheduler import SchedulerConfig, make_scheduler, review
from studyapp.store.repository import Store, deck_entries
from studyapp.store.schema import SCHEMA_HEAD

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


@pytest.fixture
def store(db_path: Path) -> Store:
    opened = Store.open(str(db_path))
    opened.sync_deck(deck_entries([("a", "question", "tensors"), ("b", "question", "sgd")]))
    yield opened
    opened.close()


def _rate(store: Store, card_id: str, rating: int, when: datetime) -> int | None:
    scheduler = make_scheduler(SchedulerConfig())
    shown = store.card(card_id).state
    after = review(scheduler, shown, rating, when)
    return store.record_review(card_id, shown=shown, after=after, rating=rating, reviewed_at=when,
                               utc_offset_min=60, duration_ms=1234, answer="my words")


def test_new_database_is_at_head_with_durable_pragmas(db_path: Path, store: Store) -> None:
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_HEAD,)
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_review_and_card_state_are_stored_together(db_path: Path, store: Store) -> None:
    review_id = _rate(store, "a", 3, NOW)
    assert review_id is not None
    card = store.card("a")
    assert card.state is not None and card.state.due == NOW + timedelta(minutes=10)
    assert card.first_review == NOW
    [row] = store.reviews()
    assert (row.card_id, row.rating, row.duration_ms, row.answer) == ("a", 3, 1234, "my words")
    assert row.reviewed_at == NOW and row.reviewed_at.tzinfo is not None
    with sqlite3.connect(db_path) as raw:  # what is on disk, read by another connection
        assert raw.execute("SELECT count(*) FROM reviews").fetchone() == (1,)
        assert raw.execute("SELECT state FROM cards WHERE id='a'").fetchone() == (1,)


def test_second_rating_of_the_same_shown_card_writes_nothing(store: Store) -> None:
    scheduler = make_scheduler(SchedulerConfig())
    shown = store.card("a").state
    after = review(scheduler, shown, 3, NOW)
    kwargs = dict(shown=shown, after=after, rating=3, reviewed_at=NOW, utc_offset_min=0,
                  duration_ms=None, answer="")
    assert store.record_review("a", **kwargs) is not None
    assert store.record_review("a", **kwargs) is None
    assert store.count_reviews() == 1


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


def test_introduced_since_counts_first_reviews(store: Store) -> None:
    _rate(store, "a", 3, NOW - timedelta(days=1))
    _rate(store, "b", 3, NOW)
    assert store.introduced_since(NOW - timedelta(hours=1)) == 1
    assert store.introduced_since(NOW - timedelta(days=2)) == 2


def test_settings_round_trip_as_json(store: Store) -> None:
    store.set_settings({"desired_retention": 0.85, "new_per_day": 15})
    store.set_settings({"new_per_day": 20})
    assert store.get_settings() == {"desired_retention": 0.85, "new_per_day": 20}


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
