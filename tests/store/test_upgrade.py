"""Upgrading a database from the first released schema keeps every review, after a backup."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from studyapp.errors import StorageError
from studyapp.srs.scheduler import SchedulerConfig, make_scheduler, review
from studyapp.store.backup import KEEP_BACKUPS, backup_paths, backup_sqlite
from studyapp.store.engine import make_engine
from studyapp.store.migrate import current_revision, upgrade
from studyapp.store.repository import Store
from studyapp.store.schema import SCHEMA_HEAD

START = datetime(2026, 9, 1, 7, 30, tzinfo=UTC)
CARD_IDS = [f"ch4-q{n:02d}" for n in range(1, 10)]
NEVER_REVIEWED = "ch4-q09"


def _ts(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def first_schema_rows() -> dict[str, list[dict[str, Any]]]:
    """Three weeks of realistic 0001 rows (times as aware datetimes), as 0001 code wrote them."""
    scheduler = make_scheduler(SchedulerConfig())
    cards, reviews = [], []
    for n, card_id in enumerate(CARD_IDS):
        if card_id == NEVER_REVIEWED:  # stays new through the upgrade
            cards.append(dict(id=card_id, kind="drill", topic="model", position=n, retired=False,
                              state=None, step=None, stability=None, difficulty=None, due=None,
                              last_review=None, first_review=None))
            continue
        state, first = None, None
        when = START + timedelta(hours=n)
        for step, rating in enumerate([3, 3, 1, 3, 4, 2][: 2 + n % 5]):
            after = review(scheduler, state, rating, when)
            reviews.append(dict(
                card_id=card_id, rating=rating, suggested_rating=3 if step % 2 else None,
                reviewed_at=when, utc_offset_min=60 * (n % 3) - 60, duration_ms=1000 + 37 * step,
                answer=f"answer {card_id} #{step}: «pixels» ✓",
                state_before=state.to_json() if state else None, state_after=after.to_json()))
            first = first or when
            state, when = after, max(after.due, when + timedelta(minutes=1))
        cards.append(dict(id=card_id, kind="question", topic="tensors", position=n,
                          retired=card_id == "ch4-q08", state=state.state, step=state.step,
                          stability=state.stability, difficulty=state.difficulty, due=state.due,
                          last_review=state.last_review, first_review=first))
    attempts = [dict(card_id="ch4-q02", submitted_at=START, passed=True, status="passed",
                     code="def relu(x):\n    return x.clamp(min=0)\n", hints_used=1,
                     verdict=json.dumps({"passed": True}), elapsed_ms=12.5)]
    settings = [dict(key="desired_retention", value="0.85")]
    return {"cards": cards, "reviews": reviews, "attempts": attempts, "settings": settings}


def insert_first_schema_rows(engine: Engine) -> None:
    """Write :func:`first_schema_rows` into a database at schema 0001 (any backend)."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as conn:
        for table, rows in first_schema_rows().items():
            for row in rows:
                if sqlite:
                    row = {k: _ts(v) if isinstance(v, datetime) else v for k, v in row.items()}
                names = ", ".join(row)
                conn.execute(text(f"INSERT INTO {table} ({names}) VALUES "
                                  f"({', '.join(':' + k for k in row)})"), row)


def build_first_schema_db(path: Path) -> None:
    """A 0001 SQLite database holding three weeks of realistic reviews."""
    engine = make_engine(str(path))
    try:
        upgrade(engine, "0001")
        insert_first_schema_rows(engine)
    finally:
        engine.dispose()


#: The 0001 tables' rows, as 0001 code would read them, from the schema at head.
AS_FIRST_SCHEMA = {
    "cards": "SELECT c.id, c.kind, c.topic, c.position, c.retired, s.state, s.step, s.stability, "
             "s.difficulty, s.due, s.last_review, s.first_review FROM cards c "
             "LEFT JOIN card_states s ON s.card_id = c.id ORDER BY 1",
    "reviews": "SELECT id, card_id, rating, suggested_rating, reviewed_at, utc_offset_min, "
               "duration_ms, answer, state_before, state_after FROM reviews ORDER BY 1",
    "attempts": "SELECT id, card_id, submitted_at, code, passed, status, verdict, hints_used, "
                "elapsed_ms FROM attempts ORDER BY 1",
    "settings": "SELECT key, value FROM settings ORDER BY 1",
}


def rows_as_first_schema(engine: Engine, *, upgraded: bool) -> dict[str, list[tuple]]:
    """Every 0001 row, through any backend: times as UTC text, booleans as 0/1."""
    def plain(value: Any) -> Any:
        if isinstance(value, datetime):
            return _ts(value)
        return int(value) if isinstance(value, bool) else value

    with engine.connect() as conn:
        return {
            table: [tuple(plain(v) for v in row) for row in conn.execute(text(
                query if upgraded else f"SELECT * FROM {table} ORDER BY 1"))]
            for table, query in AS_FIRST_SCHEMA.items()
        }


def snapshot(path: Path, *, upgraded: bool = False) -> dict[str, list[tuple]]:
    """Every row of the 0001 tables, as a second connection reads them."""
    engine = make_engine(str(path))
    try:
        return rows_as_first_schema(engine, upgraded=upgraded)
    finally:
        engine.dispose()


def test_upgrade_from_first_schema_keeps_every_review_and_backs_up(tmp_path: Path) -> None:
    db = tmp_path / "learner.sqlite"
    build_first_schema_db(db)
    before = snapshot(db)
    assert len(before["reviews"]) > 25

    store = Store.open(str(db), "alice")  # the learner who upgrades inherits the rows
    try:
        assert current_revision(store.engine) == SCHEMA_HEAD
        # every review, byte for byte, and every card state, now alice's
        assert snapshot(db, upgraded=True) == before
        assert sorted(r.id for r in store.reviews()) == [r[0] for r in before["reviews"]]
        assert store.card("ch4-q03").state is not None and store.card("ch4-q09").state is None
        assert store.get_settings() == {"desired_retention": 0.85}
    finally:
        store.close()
    with sqlite3.connect(db) as conn:
        for table in ("card_states", "reviews", "attempts", "settings"):
            assert conn.execute(f"SELECT DISTINCT profile FROM {table}").fetchall() == [
                ("alice",)]
        priors = conn.execute("SELECT prior_state, state_before FROM reviews").fetchall()
    assert all(p == (json.loads(b)["state"] if b else None) for p, b in priors)
    [backup] = backup_paths(db)
    assert "schema-0001" in backup.name
    assert snapshot(backup) == before
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with sqlite3.connect(db) as conn:  # 0002 seeded what the db knew of the deck
        seen = {row[0] for row in conn.execute("SELECT id FROM deck_seen")}
    assert seen == set(CARD_IDS) - {"ch4-q08"}

    reopened = Store.open(str(db))  # already current: no second backup
    reopened.close()
    assert len(backup_paths(db)) == 1


def test_backup_includes_reviews_still_in_the_write_ahead_log(tmp_path: Path) -> None:
    db = tmp_path / "learner.sqlite"
    build_first_schema_db(db)
    writer = sqlite3.connect(db)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # keep the new rows in the -wal file only
    writer.execute("INSERT INTO reviews (card_id, rating, reviewed_at, utc_offset_min, answer) "
                   "VALUES ('ch4-q01', 3, ?, 0, 'only in the WAL')", (_ts(START),))
    writer.commit()
    try:
        store = Store.open(str(db))
        store.close()
    finally:
        writer.close()
    [backup] = backup_paths(db)
    with sqlite3.connect(backup) as conn:
        answers = [r[0] for r in conn.execute("SELECT answer FROM reviews")]
    assert "only in the WAL" in answers


def test_only_the_last_few_backups_are_kept(tmp_path: Path) -> None:
    db = tmp_path / "learner.sqlite"
    build_first_schema_db(db)
    made = [backup_sqlite(db, label=f"test{n}") for n in range(KEEP_BACKUPS + 2)]
    assert backup_paths(db) == sorted(made)[-KEEP_BACKUPS:]
    assert all(snapshot(p) == snapshot(db) for p in backup_paths(db))


def test_failed_migration_leaves_the_old_schema_and_data(tmp_path: Path) -> None:
    db = tmp_path / "learner.sqlite"
    build_first_schema_db(db)
    with sqlite3.connect(db) as conn:  # make 0002's CREATE TABLE fail half-way through
        conn.execute("CREATE TABLE deck_seen (x INTEGER)")
    before = snapshot(db)
    with pytest.raises(StorageError, match="cannot upgrade database .*learner.sqlite"):
        Store.open(str(db))
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert snapshot(db) == before
    assert len(backup_paths(db)) == 1  # the backup taken before trying is still there


def test_database_from_a_newer_studyapp_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "learner.sqlite"
    Store.open(str(db)).close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(StorageError, match=r"learner.sqlite was written by a newer studyapp"):
        Store.open(str(db))
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert backup_paths(db) == []


def test_two_processes_upgrading_at_once_both_succeed(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    db = tmp_path / "learner.sqlite"
    build_first_schema_db(db)
    before = snapshot(db)
    code = ("import sys, time; from studyapp.store.repository import Store\n"
            "import alembic.command, studyapp.store.backup\n"
            "time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # start together\n"
            "s = Store.open(sys.argv[1]); print(len(s.reviews())); s.close()\n")
    go = str(time.time() + 1.5)
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db), go], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert [out.strip() for out, _err in results] == [str(len(before["reviews"]))] * 2
    assert snapshot(db, upgraded=True) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (SCHEMA_HEAD,)
        ]
