"""One shown card, one rating: double presses and submits record once; undo is atomic."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from deckkit import deck_ids, open_service, settle, write_deck

from studyapp.errors import StorageError
from studyapp.srs.scheduler import SchedulerConfig, make_scheduler, review
from studyapp.store.repository import Store
from studyapp.tui.app import make_app
from studyapp.tui.screens.review import ReviewScreen

FROZEN = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


def log_rows(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT card_id, rating, state_before, state_after FROM reviews "
                            "ORDER BY id").fetchall()
    finally:
        conn.close()


def test_double_submit_with_a_frozen_clock_records_once(tmp_path: Path) -> None:
    # STUDYAPP_NOW freezes time, so a review can leave last_review unchanged.
    service = open_service(tmp_path / "db.sqlite", write_deck(tmp_path / "deck", ["a"]),
                           lambda: FROZEN)
    try:
        assert service.rate("a", 3, shown=None).recorded
        assert not service.rate("a", 3, shown=None).recorded
        shown = service.state("a")
        first, second = (service.rate("a", 3, shown=shown) for _ in range(2))
        assert first.recorded and not second.recorded
        assert service.store.count_reviews() == 2
    finally:
        service.close()


def test_two_stores_on_one_file_cannot_both_rate_a_shown_card(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    service = open_service(db, write_deck(tmp_path / "deck", ["a"]), lambda: FROZEN)
    service.rate("a", 3, shown=None)
    service.close()
    one, two = Store.open(str(db)), Store.open(str(db))
    try:
        shown = one.card("a").state
        assert two.card("a").state == shown
        after = review(make_scheduler(SchedulerConfig()), shown, 1, FROZEN)
        kwargs = dict(shown=shown, after=after, rating=1, reviewed_at=FROZEN, utc_offset_min=0,
                      duration_ms=None, answer="")
        results = [one.record_review("a", **kwargs), two.record_review("a", **kwargs)]
        assert results[0] is not None and results[1] is None
        assert one.count_reviews() == 2
    finally:
        one.close()
        two.close()


@pytest.mark.parametrize("operation", ["rate", "undo"])
def test_state_and_log_row_change_together_or_not_at_all(operation: str, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    service = open_service(db, write_deck(tmp_path / "deck", ["a"]), lambda: FROZEN)
    try:
        rated = service.rate("a", 3, shown=None)
        state = service.state("a")
        rows = log_rows(db)
        # Make the log-row half of the transaction fail inside the database.
        event = "INSERT" if operation == "rate" else "DELETE"
        with service.store.engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE TRIGGER refuse BEFORE {event} ON reviews "
                                 "BEGIN SELECT RAISE(ABORT, 'disk said no'); END")
        with pytest.raises(StorageError, match="disk said no"):
            if operation == "rate":
                service.rate("a", 4, shown=state)
            else:
                service.undo(rated.review_id)
        assert service.state("a") == state  # the card update was rolled back too
        assert log_rows(db) == rows
    finally:
        service.close()


async def test_double_key_press_and_undo_in_the_real_app(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    service = open_service(db, write_deck(tmp_path / "deck", deck_ids(3)), lambda: FROZEN)
    app = make_app(service)
    try:
        async with app.run_test(size=(100, 34)) as pilot:
            await settle(app, pilot)
            await pilot.press("r")
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            first_card = screen.shown.item.id
            await pilot.press(*"pixels", "ctrl+s", "ctrl+s")
            await settle(app, pilot)
            await pilot.press("3", "3", "4", "enter")  # hammering the keys
            await settle(app, pilot)
            assert [r[:2] for r in log_rows(db)] == [(first_card, 3)]
            assert screen.shown.item.id != first_card and not screen.revealed

            # The next card's editor has focus and takes "u" as text (reported to the
            # lead); revealing that card moves focus off the editor, then "u" undoes.
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            await pilot.press("u", "u")
            await settle(app, pilot)
            assert log_rows(db) == []
            assert service.state(first_card) is None  # back to new, as it was shown
            assert service.store.card(first_card).first_review is None
            assert screen.shown.item.id == first_card

            await pilot.press("ctrl+s")
            await settle(app, pilot)
            await pilot.press("2")
            await settle(app, pilot)
            assert [r[:2] for r in log_rows(db)] == [(first_card, 2)]
    finally:
        service.close()
