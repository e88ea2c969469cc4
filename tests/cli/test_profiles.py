"""``--profile`` / ``STUDYAPP_PROFILE``: learners sharing one database through the CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from deckkit import deck_ids, open_service, rate_next, write_deck

from studyapp.cli.main import main
from studyapp.config import default_profile

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def study(db: Path, deck: Path, profile: str, ratings: list[int]) -> None:
    now = [NOW]
    service = open_service(db, deck, lambda: now[0], profile=profile)
    try:
        for rating in ratings:
            rate_next(service, rating)
            now[0] += timedelta(minutes=1)
    finally:
        service.close()


def test_stats_export_import_per_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    db, deck = tmp_path / "class.sqlite", write_deck(tmp_path / "deck", deck_ids(5))
    study(db, deck, "alice", [3, 3, 4])
    study(db, deck, "bob", [1])
    common = ["--db", str(db), "--content", str(deck)]
    monkeypatch.setenv("STUDYAPP_NOW", NOW.isoformat())
    alice = cli_json(capsys, *common, "--profile", "alice", "stats", "--json")
    bob = cli_json(capsys, *common, "stats", "--json", "--profile", "bob")
    assert (alice["reviews_total"], bob["reviews_total"]) == (3, 1)
    assert (alice["new_available"], bob["new_available"]) == (2, 4)
    monkeypatch.setenv("STUDYAPP_PROFILE", "carol")
    assert cli_json(capsys, *common, "stats", "--json")["reviews_total"] == 0

    export = tmp_path / "alice.json"
    assert main([*common, "--profile", "alice", "export", "-o", str(export)]) == 0
    assert len(json.loads(export.read_text())["reviews"]) == 3
    # an import goes into the profile it is run for (here carol, from the environment)
    assert cli_json(capsys, *common, "import", str(export), "--json")["reviews_added"] == 3
    assert cli_json(capsys, *common, "stats", "--json")["reviews_total"] == 3
    assert cli_json(capsys, *common, "--profile", "bob", "stats", "--json")[
        "reviews_total"] == 1


def test_bad_profile_name_is_a_clear_error(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", str(tmp_path / "x.sqlite"), "--profile", "no spaces; please",
                 "stats"])
    assert code == 2
    assert "--profile 'no spaces; please'" in capsys.readouterr().err
    assert not (tmp_path / "x.sqlite").exists()


def test_default_profile_is_the_os_user(monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    assert default_profile({}) == getpass.getuser()
    assert default_profile({"STUDYAPP_PROFILE": "dana"}) == "dana"
