"""Deck edits meet a learner's history: sync by stable id, aliases, and ``content check``."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from deckkit import open_service, rate_next, write_deck

from studyapp.cli.main import main

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def study(db: Path, deck: Path, ratings: list[int]) -> dict[str, int]:
    """Open the app's service on ``deck``, rate the queue in order; review counts per card."""
    clock = Clock()
    service = open_service(db, deck, clock)
    try:
        for rating in ratings:
            rate_next(service, rating, answer="pixels")
            clock.now += timedelta(minutes=1)
        counts: dict[str, int] = {}
        for row in service.store.reviews():
            counts[row.card_id] = counts.get(row.card_id, 0) + 1
        return counts
    finally:
        service.close()


def test_edit_add_remove_restore_by_stable_id(tmp_path: Path) -> None:
    db, deck = tmp_path / "db.sqlite", tmp_path / "deck"
    write_deck(deck, ["a", "b", "c"])
    study(db, deck, [3, 3])  # a and b get history
    service = open_service(db, deck, Clock())
    state_a, state_b = service.state("a"), service.state("b")
    service.close()

    write_deck(deck, ["a", "c", "d"], prompts={"a": "Reworded: what is a, really?"})
    service = open_service(db, deck, Clock())
    report = service.sync_report
    assert report.added == ("d",) and report.retired == ("b",) and report.edited == ("a",)
    assert service.state("a") == state_a  # rewording keeps the schedule
    assert service.state("d") is None  # a new card arrives new
    assert "b" not in [c.id for c in service.store.cards()]  # retired: hidden ...
    assert "b" not in service.queue().ordered
    assert [r.card_id for r in service.store.reviews()].count("b") == 1  # ... history kept
    service.close()

    write_deck(deck, ["a", "b", "c", "d"])
    service = open_service(db, deck, Clock())
    assert service.sync_report.restored == ("b",)
    assert service.state("b") == state_b is not None  # back with its schedule and history
    service.close()


def test_alias_takes_over_the_old_ids_history(tmp_path: Path) -> None:
    db, deck = tmp_path / "db.sqlite", tmp_path / "deck"
    write_deck(deck, ["old-name", "other"])
    study(db, deck, [3, 1])
    service = open_service(db, deck, Clock())
    old_state = service.state("old-name")
    service.store.record_attempt("old-name", submitted_at=NOW, code="x", verdict={"passed": 1},
                                 hints_used=0)
    service.close()

    write_deck(deck, ["new-name", "other"], aliases={"new-name": ["old-name"]})
    service = open_service(db, deck, Clock())
    assert service.sync_report.renamed == (("old-name", "new-name"),)
    assert service.state("new-name") == old_state
    assert {r.card_id for r in service.store.reviews()} == {"new-name", "other"}
    assert [a["card_id"] for a in service.store.attempts()] == ["new-name"]
    assert service.store.card("old-name") is None
    service.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_renamed_id_without_alias_is_a_different_card(tmp_path: Path) -> None:
    db, deck = tmp_path / "db.sqlite", tmp_path / "deck"
    write_deck(deck, ["old-name"])
    study(db, deck, [3])
    write_deck(deck, ["new-name"])
    service = open_service(db, deck, Clock())
    assert service.sync_report.retired == ("old-name",)
    assert service.state("new-name") is None
    service.close()
    # Declaring the alias later still moves the history, since new-name has none yet.
    write_deck(deck, ["new-name"], aliases={"new-name": ["old-name"]})
    service = open_service(db, deck, Clock())
    assert service.sync_report.renamed == (("old-name", "new-name"),)
    assert service.state("new-name") is not None
    service.close()


def test_alias_never_merges_two_histories(tmp_path: Path) -> None:
    db, deck = tmp_path / "db.sqlite", tmp_path / "deck"
    write_deck(deck, ["x", "y"])
    study(db, deck, [3, 3])
    write_deck(deck, ["y"], aliases={"y": ["x"]})
    service = open_service(db, deck, Clock())
    assert service.sync_report.conflicts == (("x", "y"),)
    assert service.sync_report.retired == ("x",)
    assert sorted(r.card_id for r in service.store.reviews()) == ["x", "y"]
    service.close()


def check(tmp_path: Path, deck: Path, db: Path, capsys) -> tuple[int, dict]:  # noqa: ANN001
    code = main(["content", "check", "--json", "--content", str(deck), "--db", str(db)])
    return code, json.loads(capsys.readouterr().out)


def test_content_check_warns_about_ids_that_disappeared(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    db, deck = tmp_path / "db.sqlite", tmp_path / "deck"
    write_deck(deck, ["keep", "gone", "moved"])
    study(db, deck, [3, 3, 3])
    digest = hashlib.sha256(db.read_bytes()).hexdigest()

    write_deck(deck, ["keep", "moved-here"], aliases={"moved-here": ["moved"]},
               prompts={"keep": "A new wording"})
    code, out = check(tmp_path, deck, db, capsys)
    assert code == 0 and out["ok"]
    [gone, reworded] = out["warnings"]
    assert "'gone' disappeared" in gone and "(1 review(s))" in gone and 'aliases = ["gone"]' in gone
    assert "reworded" in reworded and "keep" in reworded
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest  # the check wrote nothing

    main(["content", "check", "--content", str(deck), "--db", str(tmp_path / "none.sqlite")])
    assert "warning" not in capsys.readouterr().out
    assert not (tmp_path / "none.sqlite").exists()


def test_content_check_compares_with_a_first_schema_database(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    from test_upgrade import CARD_IDS, build_first_schema_db

    db, deck = tmp_path / "db.sqlite", tmp_path / "deck"
    build_first_schema_db(db)
    write_deck(deck, CARD_IDS[1:])
    code, out = check(tmp_path, deck, db, capsys)
    assert code == 0
    assert len(out["warnings"]) == 1 and f"'{CARD_IDS[0]}' disappeared" in out["warnings"][0]
    with sqlite3.connect(db) as conn:  # read without migrating
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
