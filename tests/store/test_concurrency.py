"""Several processes on one database: different learners at once, and one learner on two devices.

Real processes, real databases (SQLite file; PostgreSQL schema when configured).
No review is lost (every committed id is stored), none is duplicated (each
stored rating continues from the state the previous one left), and one
learner's session is unaffected by another's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from deckkit import deck_ids, write_deck
from pgkit import backends, database_target
from sqlalchemy import text

from studyapp.store.engine import make_engine

DRIVER = Path(__file__).with_name("review_driver.py")
REVIEWS = 30


@pytest.fixture(params=backends())
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_target(request.param, tmp_path) as url:
        yield url


def run_together(target: str, deck: Path, profiles: list[str]) -> list[list[str]]:
    """Run one driver per profile entry at the same moment; their output lines."""
    procs = [subprocess.Popen([sys.executable, str(DRIVER), target, str(deck), who,
                               str(REVIEWS)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for who in profiles]
    for proc in procs:  # every one has opened (created, migrated, synced) the database
        assert proc.stdout.readline() == "ready\n", proc.communicate(timeout=60)
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * len(procs), [err for _o, err in results]
    return [out.split("\n") for out, _err in results]


def committed(lines: list[str]) -> list[int]:
    return [int(line.split()[1]) for line in lines if line.startswith("ok ")]


def log_of(target: str, profile: str) -> list[tuple]:
    """(id, card, rating, reviewed_at, state_before, state_after) of a profile, in id order."""
    engine = make_engine(target)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(
                "SELECT id, card_id, rating, reviewed_at, state_before, state_after "
                "FROM reviews WHERE profile = :p ORDER BY id"), {"p": profile})]
    finally:
        engine.dispose()


def assert_unbroken_chains(target: str, profile: str, log: list[tuple]) -> None:
    """Each card's ratings follow one another; its stored state is the last one's result."""
    last: dict[str, str | None] = {}
    for _id, card, _rating, _at, before, after in log:
        assert before == last.get(card), f"{profile}: {card} rated twice from one state"
        last[card] = after
    engine = make_engine(target)
    try:
        with engine.connect() as conn:
            stored = dict(conn.execute(text(
                "SELECT card_id, state FROM card_states WHERE profile = :p"), {"p": profile}).all())
    finally:
        engine.dispose()
    assert stored == {card: json.loads(after)["state"] for card, after in last.items()}


def test_two_learners_reviewing_at_once_do_not_touch_each_other(target: str,
                                                                tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "deck", deck_ids(12))
    alice, bob = run_together(target, deck, ["alice", "bob"])
    logs = {who: log_of(target, who) for who in ("alice", "bob")}
    for who, lines in (("alice", alice), ("bob", bob)):
        assert [row[0] for row in logs[who]] == committed(lines)
        assert len(logs[who]) == REVIEWS
        assert_unbroken_chains(target, who, logs[who])
    # the same script gives the same session whoever else is studying
    assert [r[1:] for r in logs["alice"]] == [
        (card, rating, at, before, after) for card, rating, at, before, after in
        (r[1:] for r in logs["bob"])]


def test_one_learner_on_two_devices_records_each_shown_card_once(target: str,
                                                                 tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "deck", deck_ids(12))
    laptop, desktop = run_together(target, deck, ["carol", "carol"])
    log = log_of(target, "carol")
    assert sorted(row[0] for row in log) == sorted(committed(laptop) + committed(desktop))
    assert len(log) == 2 * REVIEWS
    assert_unbroken_chains(target, "carol", log)
