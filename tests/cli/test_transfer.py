"""``studyapp export`` / ``studyapp import``: full history out, merged back without duplicates."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from deckkit import deck_ids, open_service, rate_next, write_deck

from studyapp.cli.main import main
from studyapp.srs.scheduler import replay

START = datetime(2026, 11, 2, 18, 45, 12, 345678, tzinfo=UTC)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def make_history(db: Path, deck: Path, *, reviews: int = 40, start: datetime = START,
                 seed: int = 0) -> None:
    """A learner's month: varied ratings over days, an attempt, a setting, a retired card."""
    clock = Clock(start)
    service = open_service(db, deck, clock)
    try:
        service.update_settings(new_per_day=4, rollover_hour=5)
        for n in range(reviews):
            rated = rate_next(service, [3, 3, 1, 4, 2, 3][(n + seed) % 6],
                              answer=f"try {n}, «naïve» ✓, \"quoted\", comma, newline\nhere")
            clock.now += timedelta(hours=7, seconds=13) if rated else timedelta(days=1)
        service.store.record_attempt("c01", submitted_at=clock.now, code="def f():\n    pass\n",
                                     verdict={"passed": False, "cases": [1, 2.5]}, hints_used=2)
    finally:
        service.close()


def export(db: Path, fmt: str, capsys) -> str:  # noqa: ANN001
    assert main(["export", "--format", fmt, "--db", str(db)]) == 0
    return capsys.readouterr().out


def import_(db: Path, deck: Path, file: Path, capsys) -> str:  # noqa: ANN001
    code = main(["import", str(file), "--db", str(db), "--content", str(deck)])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def card_states(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT c.id, state, step, stability, difficulty, due, last_review, "
                            "first_review FROM cards c LEFT JOIN card_states s "
                            "ON s.card_id = c.id ORDER BY c.id").fetchall()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_round_trip_into_an_empty_database_is_identical(fmt: str, tmp_path: Path,
                                                         capsys) -> None:  # noqa: ANN001
    deck = write_deck(tmp_path / "deck", deck_ids(8))
    original, copy = tmp_path / "original.sqlite", tmp_path / "copy.sqlite"
    make_history(original, deck)
    write_deck(deck, deck_ids(7))  # c07 leaves the deck: retired, history kept
    open_service(original, deck, Clock(START)).close()
    first = export(original, fmt, capsys)
    exported = tmp_path / f"history.{fmt}"
    exported.write_text(first, encoding="utf-8")

    import_(copy, deck, exported, capsys)
    assert export(copy, fmt, capsys) == first
    # card state is rebuilt by replaying the log through the scheduler, not copied
    assert card_states(copy) == card_states(original)
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT retired FROM cards WHERE id='c07'").fetchone() == (1,)

    again = import_(copy, deck, exported, capsys)  # importing twice changes nothing
    assert "0 review(s) added" in again
    assert export(copy, fmt, capsys) == first


def test_json_export_holds_ids_utc_reviews_and_settings(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    deck = write_deck(tmp_path / "deck", deck_ids(5))
    db = tmp_path / "db.sqlite"
    make_history(db, deck, reviews=6)
    out = tmp_path / "out" / "x.json"
    out.parent.mkdir()
    assert main(["export", "--db", str(db), "--output", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "studyapp-history" and data["version"] == 1
    assert [c["id"] for c in data["cards"]] == deck_ids(5)
    assert data["settings"] == {"new_per_day": 4, "rollover_hour": 5}
    assert data["reviews"][0]["reviewed_at"] == "2026-11-02T18:45:12.345678Z"
    assert all(r["reviewed_at"].endswith("Z") for r in data["reviews"])
    assert [r["rating"] for r in data["reviews"]] == [3, 3, 1, 4, 2, 3]
    assert data["attempts"][0]["verdict"] == {"cases": [1, 2.5], "passed": False}
    assert list(out.parent.iterdir()) == [out]  # no temporary file left behind


def test_import_merges_two_learners_histories(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    deck = write_deck(tmp_path / "deck", deck_ids(6))
    laptop, desktop = tmp_path / "laptop.sqlite", tmp_path / "desktop.sqlite"
    make_history(laptop, deck, reviews=12)
    make_history(desktop, deck, reviews=9, start=START + timedelta(days=40), seed=2)
    desktop_file = tmp_path / "desktop.json"
    desktop_file.write_text(export(desktop, "json", capsys), encoding="utf-8")
    laptop_before = json.loads(export(laptop, "json", capsys))

    report = import_(laptop, deck, desktop_file, capsys)
    assert "9 review(s) added, 0 already present" in report
    merged = json.loads(export(laptop, "json", capsys))
    assert len(merged["reviews"]) == 21
    assert merged["settings"] == laptop_before["settings"]  # the learner's own settings win
    # every card's state is its whole merged log replayed in time order
    service = open_service(laptop, deck, Clock(START))
    try:
        for card_id in deck_ids(6):
            log = [(r.rating, r.reviewed_at) for r in service.store.reviews()
                   if r.card_id == card_id]
            assert service.state(card_id) == replay(service.scheduler, log)
    finally:
        service.close()
    import_(laptop, deck, desktop_file, capsys)
    assert export(laptop, "json", capsys) == json.dumps(merged, indent=2,
                                                        ensure_ascii=False) + "\n"


def test_undo_after_import_restores_the_replayed_state(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    deck = write_deck(tmp_path / "deck", deck_ids(3))
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    make_history(a, deck, reviews=5)
    file = tmp_path / "a.csv"
    file.write_text(export(a, "csv", capsys), encoding="utf-8")
    import_(b, deck, file, capsys)
    service = open_service(b, deck, Clock(START + timedelta(days=30)))
    try:
        before = service.state("c00")
        rated = service.rate("c00", 1, shown=before)
        assert service.undo(rated.review_id)
        assert service.state("c00") == before
    finally:
        service.close()
