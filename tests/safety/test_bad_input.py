"""Bad input: one clear line naming the file, a non-zero exit, and nothing written.

The database cases run the real ``studyapp`` in a fresh interpreter; the
import-file table runs ``main([...])`` in-process (same code path, faster).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from deckkit import deck_ids, run_studyapp, write_deck

from studyapp.cli.main import main


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` and its content hash: "nothing written" made checkable."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def sql(db: Path, *statements: str) -> list[tuple]:
    """Run statements on a connection that is closed afterwards (so no -wal is left open)."""
    conn = sqlite3.connect(db)
    try:
        rows = [conn.execute(statement).fetchone() for statement in statements]
        conn.commit()
        return rows
    finally:
        conn.close()


def one_error_line(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("studyapp: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def learner(tmp_path: Path) -> tuple[Path, Path]:
    """A data folder with a real database that has been studied, and its deck."""
    deck = write_deck(tmp_path / "deck", deck_ids(4))
    data = tmp_path / "data"
    data.mkdir()
    db = data / "studyapp.sqlite"
    env = {"STUDYAPP_NOW": "2026-12-03T15:00:00+00:00"}
    assert run_studyapp("stats", "--db", str(db), "--content", str(deck), env=env).returncode == 0
    return db, deck


def test_text_file_at_db(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping: milk, eggs\n" * 200)
    before = fingerprint(tmp_path)
    one_error_line(run_studyapp("stats", "--db", str(notes)),
                   str(notes), "file is not a database")
    assert fingerprint(tmp_path) == before


def test_damaged_database(learner: tuple[Path, Path]) -> None:
    db, deck = learner
    (page,), (root,) = sql(db, "PRAGMA page_size",
                           "SELECT rootpage FROM sqlite_master WHERE name='reviews'")
    assert not Path(f"{db}-wal").exists()  # everything is in the main file now
    raw = bytearray(db.read_bytes())
    raw[(root - 1) * page:(root - 1) * page + 64] = b"\xde\xad" * 32  # clobber a b-tree page
    db.write_bytes(bytes(raw))
    before = fingerprint(db.parent)
    one_error_line(run_studyapp("stats", "--db", str(db), "--content", str(deck)),
                   str(db), "is damaged", "nothing was changed")
    assert fingerprint(db.parent) == before


def test_database_from_a_newer_studyapp(learner: tuple[Path, Path]) -> None:
    db, deck = learner
    sql(db, "UPDATE alembic_version SET version_num = '0042'")
    before = fingerprint(db.parent)
    one_error_line(run_studyapp("--db", str(db), "--content", str(deck)),
                   str(db), "newer studyapp", "'0042'")
    assert fingerprint(db.parent) == before


def test_locked_database(learner: tuple[Path, Path]) -> None:
    db, deck = learner
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys, time\n"
         f"c = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
         "c.execute('BEGIN EXCLUSIVE')\n"
         "print('locked', flush=True)\n"
         "sys.stdin.readline()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        write_deck(deck, deck_ids(6))  # the sync would add two cards if it could write
        started = time.monotonic()
        result = run_studyapp("stats", "--db", str(db), "--content", str(deck))
        assert time.monotonic() - started < 30
        one_error_line(result, str(db), "locked by another program")
    finally:
        holder.communicate("\n", timeout=10)
    assert sql(db, "SELECT count(*) FROM cards", "PRAGMA integrity_check") == [(4,), ("ok",)]


def _without_root_override() -> list[str]:
    """Run as if not root (root ignores file modes): drop the DAC-override capabilities."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "running as root needs util-linux setpriv to test read-only folders"
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


@pytest.mark.parametrize("what", ["folder", "file"])
def test_read_only_data(what: str, learner: tuple[Path, Path]) -> None:
    db, deck = learner
    before = fingerprint(db.parent)
    (db if what == "file" else db.parent).chmod(0o444 if what == "file" else 0o555)
    try:
        result = subprocess.run(
            [*_without_root_override(), sys.executable, "-m", "studyapp", "stats",
             "--db", str(db), "--content", str(deck)],
            capture_output=True, text=True, timeout=60)
    finally:
        db.parent.chmod(0o755)
        db.chmod(0o644)
    expected = "is read-only" if what == "folder" else "is not readable and writable"
    one_error_line(result, str(db.parent if what == "folder" else db), expected)
    assert fingerprint(db.parent) == before


def test_deck_with_a_toml_syntax_error(learner: tuple[Path, Path]) -> None:
    db, deck = learner
    (deck / "extra.toml").write_text('[[card]]\nid = "x"\nprompt = """never closed\n')
    before = fingerprint(db.parent)
    result = run_studyapp("--db", str(db), "--content", str(deck))
    one_error_line(result, str(deck / "extra.toml"), "TOML syntax error")
    assert fingerprint(db.parent) == before


GOOD_REVIEW = ('{"card_id": "c00", "reviewed_at": "2026-12-03T15:00:00Z", "rating": 3, '
               '"suggested_rating": null, "utc_offset_min": 0, "duration_ms": 10, "answer": ""}')
GOOD_CARD = '{"id": "c00", "kind": "question", "topic": "tensors", "retired": false}'


def json_doc(cards: str = GOOD_CARD, reviews: str = GOOD_REVIEW, head: str = "") -> str:
    head = head or '"format": "studyapp-history", "version": 1'
    return f'{{{head}, "settings": {{}}, "cards": [{cards}], "reviews": [{reviews}]}}'


CSV_HEAD = ("record,card_id,kind,topic,retired,at,rating,suggested_rating,utc_offset_min,"
            "duration_ms,answer,code,passed,status,verdict,hints_used,elapsed_ms,key,value\n")
CSV_FORMAT = "format,,,,,,,,,,,,,,,,,studyapp-history,1\n"
CSV_CARD = "card,c00,question,tensors,false,,,,,,,,,,,,,,\n"

MALFORMED = {
    "not json": ("{ this is not json", "line 1: not valid JSON"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\xff", "not a UTF-8 text export"),
    "other program's json": ('{"format": "anki", "cards": []}', "format: not a studyapp export"),
    "newer format": (json_doc(head='"format": "studyapp-history", "version": 9'),
                     "version: format 9 is from a newer studyapp"),
    "rating out of range": (json_doc(reviews=GOOD_REVIEW.replace('"rating": 3', '"rating": 7')),
                            "reviews[0].rating: must be 1-4, got 7"),
    "time without offset": (json_doc(reviews=GOOD_REVIEW.replace("15:00:00Z", "15:00:00")),
                            "reviews[0].reviewed_at: '2026-12-03T15:00:00' needs a UTC offset"),
    "review of an unlisted card": (json_doc(reviews=GOOD_REVIEW.replace('"c00"', '"zz"')),
                                   "reviews[0].card_id: 'zz' is not in the file's cards"),
    "cards missing": ('{"format": "studyapp-history", "version": 1, "reviews": []}',
                      "cards: missing"),
    "bad setting": (json_doc(head='"format": "studyapp-history", "version": 1, '
                                  '"settings": {"rollover_hour": 31}').replace(
                        ', "settings": {}', ""), "settings.rollover_hour: unusable value 31"),
    "csv bad rating": (CSV_HEAD + CSV_FORMAT + CSV_CARD
                       + "review,c00,,,,2026-12-03T15:00:00Z,good,,0,,,,,,,,,,\n",
                       "line 4.rating: must be a whole number, got 'good'"),
    "csv without format row": (CSV_HEAD + CSV_CARD, "missing the 'format' row"),
    "csv from elsewhere": ("date,front,back\n2026-01-01,a,b\n", "no 'record' column"),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_import_file(name: str, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    content, message = MALFORMED[name]
    file = tmp_path / "in" / "history.json"
    file.parent.mkdir()
    file.write_bytes(content if isinstance(content, bytes) else content.encode())
    db = tmp_path / "db" / "fresh.sqlite"
    code = main(["import", str(file), "--db", str(db)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1, err
    assert err[0].startswith(f"studyapp: {file}: ") and message in err[0], err[0]
    assert err[0].endswith("(nothing imported)")
    assert not db.exists() and not db.parent.exists()


def test_missing_import_file_and_unwritable_export(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    assert main(["import", str(tmp_path / "nope.json"), "--db", str(tmp_path / "db")]) == 2
    assert "nope.json: no such file" in capsys.readouterr().err
    target = tmp_path / "no-such-folder" / "out.json"
    assert main(["export", "--db", str(tmp_path / "x.sqlite"), "--output", str(target)]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert f"cannot write {target}" in line and not target.parent.exists()
