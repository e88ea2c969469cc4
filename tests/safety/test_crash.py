"""SIGKILL at random moments never loses a committed review or corrupts the database.

The session runs in real processes (``crash_driver.py`` over the service, and
the real ``studyapp`` TUI under a pseudo-terminal). After each kill the file
must pass ``PRAGMA integrity_check``, hold every review the process reported
committed, and be *consistent*: each card's log chains state to state
(``state_before`` of a review is ``state_after`` of the one before) and ends
in the card's current state, which also proves no shown state was rated twice.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import random
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

from deckkit import deck_ids, write_deck

from studyapp.srs.scheduler import CardState
from studyapp.store.repository import Store

DRIVER = Path(__file__).with_name("crash_driver.py")


def check_database(db: Path, committed: set[int]) -> int:
    """Integrity, durability and consistency of ``db``; returns the number of reviews."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "reviews" not in tables:  # killed while creating the schema: all rolled back
            assert not committed and tables <= {"alembic_version"}, tables
            return 0
        rows = conn.execute("SELECT id, card_id, state_before, state_after FROM reviews "
                            "ORDER BY id").fetchall()
    finally:
        conn.close()
    missing = committed - {row[0] for row in rows}
    assert not missing, f"committed reviews lost: {sorted(missing)}"
    last: dict[str, str | None] = {}
    for review_id, card_id, before, after in rows:
        assert before == last.get(card_id), f"review {review_id} of {card_id} breaks the chain"
        last[card_id] = after
    store = Store.open(str(db))
    try:
        for card_id, state_json in last.items():
            assert store.card(card_id).state == CardState.from_json(state_json), card_id
    finally:
        store.close()
    return len(rows)


def committed_ids(output: str) -> set[int]:
    return {int(line.split()[1]) for line in output.splitlines() if line.startswith("committed")}


def test_sigkill_during_a_scripted_session(tmp_path: Path) -> None:
    db, deck = tmp_path / "db.sqlite", write_deck(tmp_path / "deck", deck_ids(30))
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    committed: set[int] = set()
    for run in range(7):
        proc = subprocess.Popen([sys.executable, str(DRIVER), str(db), str(deck), str(run)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # early kills land in start-up (schema, deck sync); later ones mid-review
        time.sleep(rng.uniform(0.05, 0.5) if run < 2 else rng.uniform(0.6, 1.6))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, err
        committed |= committed_ids(out)
        total = check_database(db, committed)
        assert total >= len(committed), f"seed {seed}"
    assert len(committed) >= 50, f"the session hardly ran (seed {seed})"


def test_two_instances_on_one_database(tmp_path: Path) -> None:
    db, deck = tmp_path / "db.sqlite", write_deck(tmp_path / "deck", deck_ids(12))
    procs = [subprocess.Popen([sys.executable, str(DRIVER), str(db), str(deck), str(n), "60"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in (0, 0)]  # same clock and seed: they keep picking the same cards
    outputs = [p.communicate(timeout=60) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert out.rstrip().endswith("done")
    ids = [committed_ids(out) for out, _err in outputs]
    assert len(ids[0]) == len(ids[1]) == 60 and not ids[0] & ids[1]
    assert check_database(db, ids[0] | ids[1]) == 120


class Terminal:
    """The real ``studyapp`` TUI on a pseudo-terminal, its screen output drained."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 34, 100, 0, 0))
        self.master = master
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "studyapp", *args], stdin=slave, stdout=slave,
            stderr=slave, env={**os.environ, **env, "TERM": "xterm-256color"},
            start_new_session=True, close_fds=True)
        os.close(slave)
        self.screen = bytearray()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.screen += chunk

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):  # and anything it started
            os.killpg(self.proc.pid, signal.SIGKILL)
        os.close(self.master)


def count_reviews(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=5)
    try:
        return conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def wait_for(condition, timeout: float = 20.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_sigkill_the_real_tui_mid_session(tmp_path: Path) -> None:
    db, deck = tmp_path / "db.sqlite", write_deck(tmp_path / "deck", deck_ids(6))
    term = Terminal(["--db", str(db), "--content", str(deck)],
                    {"STUDYAPP_NOW": "2026-12-03T15:00:00+00:00"})
    try:
        assert wait_for(lambda: b"Press r" in term.screen), bytes(term.screen[-400:])
        term.type("r")
        seen = 0
        for rating in "3134":
            assert wait_for(lambda: b"ctrl+s" in term.screen[-20000:])
            term.type("pixels gradient")
            time.sleep(0.1)
            term.type("\x13")  # ctrl+s reveals
            time.sleep(0.2)
            term.type(rating)
            assert wait_for(lambda n=seen: count_reviews(db) > n), bytes(term.screen[-400:])
            seen = count_reviews(db)
        term.type("pixels\x13")
        time.sleep(random.uniform(0.0, 0.3))
        term.type("2")  # the kill races this rating's write
        time.sleep(random.uniform(0.0, 0.05))
    finally:
        term.kill()
    assert term.proc.returncode == -signal.SIGKILL
    total = check_database(db, set())
    assert total >= seen >= 4
