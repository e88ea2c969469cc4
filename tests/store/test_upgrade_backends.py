"""0001 → head on every backend (SQLite file, PostgreSQL schema): the learner's rows survive.

The SQLite-only guarantees (backups, WAL, locking) are in ``test_upgrade.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pgkit import backends, database_target
from sqlalchemy import text
from test_upgrade import NEVER_REVIEWED, insert_first_schema_rows, rows_as_first_schema

from studyapp.store.engine import make_engine
from studyapp.store.migrate import current_revision, upgrade
from studyapp.store.repository import Store
from studyapp.store.schema import SCHEMA_HEAD


@pytest.fixture(params=backends())
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_target(request.param, tmp_path) as url:
        yield url


def test_first_schema_upgrades_with_every_row_going_to_the_upgrading_profile(
    target: str,
) -> None:
    engine = make_engine(target)
    try:
        upgrade(engine, "0001")
        insert_first_schema_rows(engine)
        before = rows_as_first_schema(engine, upgraded=False)
        assert len(before["reviews"]) > 25

        store = Store.open(target, "alice")
        store.close()
        assert current_revision(engine) == SCHEMA_HEAD
        assert rows_as_first_schema(engine, upgraded=True) == before
        with engine.connect() as conn:
            for table in ("card_states", "reviews", "attempts", "settings"):
                assert conn.execute(text(f"SELECT DISTINCT profile FROM {table}")).all() == [
                    ("alice",)]
            priors = conn.execute(text("SELECT prior_state, state_before FROM reviews")).all()
        assert all(p == (json.loads(b)["state"] if b else None) for p, b in priors)
    finally:
        engine.dispose()

    alice, bob = Store.open(target, "alice"), Store.open(target, "bob")
    try:
        assert alice.count_reviews() == len(before["reviews"]) and bob.count_reviews() == 0
        assert alice.card(NEVER_REVIEWED).state is None
        assert alice.card("ch4-q03").state is not None and bob.card("ch4-q03").state is None
        assert alice.get_settings() == {"desired_retention": 0.85} and bob.get_settings() == {}
        # 0004 summed the log into hourly totals: statistics see every review
        from studyapp.store.stats_queries import daily_totals

        assert sum(day[1] for day in daily_totals(alice, 4)) == len(before["reviews"])
        assert daily_totals(bob, 4) == []
    finally:
        alice.close()
        bob.close()
