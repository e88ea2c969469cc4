"""The real ``studyapp`` console script: stats JSON, content check, and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from deckkit import run_studyapp as studyapp


def test_stats_json_on_a_fresh_database(tmp_path: Path) -> None:
    db = tmp_path / "fresh.sqlite"
    result = studyapp("stats", "--json", "--db", str(db))
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    cards = figures["cards_total"]
    assert cards >= 12
    assert figures["reviews_today"] == 0 and figures["reviews_total"] == 0
    assert figures["due_now"] == 0 and figures["streak_days"] == 0
    assert figures["new_available"] == min(10, cards)
    assert db.exists()


def test_global_options_work_before_the_subcommand(tmp_path: Path) -> None:
    db = tmp_path / "before.sqlite"
    result = studyapp("--db", str(db), "stats", "--json")
    assert result.returncode == 0, result.stderr
    assert db.exists()


def test_db_from_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.sqlite"
    result = studyapp("stats", "--json", env={"STUDYAPP_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert db.exists()


def test_content_check_passes_on_bundled_deck() -> None:
    result = studyapp("content", "check", "--no-sandbox")  # the sandbox step has its own test
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok:")


def test_content_check_names_file_and_field(tmp_path: Path) -> None:
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "broken.toml").write_text(
        '[[card]]\nid = "x-1"\ntopic = "astrology"\nprompt = "p"\nanswer = "a"\n'
        '[[card.key_points]]\ntext = "t"\nphrasings = ["(unclosed"]\n'
    )
    result = studyapp("content", "check", "--content", str(deck))
    assert result.returncode == 1
    out = result.stdout
    assert "broken.toml: card[0] (x-1).topic: unknown topic 'astrology'" in out
    assert "card[0] (x-1).key_points: needs 2 to 5 key points" in out


def test_unknown_db_scheme_is_one_clear_line() -> None:
    result = studyapp("stats", "--db", "nosuch://x")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "studyapp: --db 'nosuch://x': unknown database scheme 'nosuch' "
        "(use a file path, sqlite:///PATH or postgresql+psycopg://...)"
    ]


def test_now_that_is_not_a_date_is_one_clear_line(tmp_path: Path) -> None:
    result = studyapp("stats", "--db", str(tmp_path / "x.sqlite"),
                      env={"STUDYAPP_NOW": "next tuesday"})
    assert result.returncode != 0
    assert "STUDYAPP_NOW='next tuesday' is not an ISO 8601 date" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.sqlite").exists()


def test_malformed_deck_file_stops_the_app_with_its_name(tmp_path: Path) -> None:
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "cards.toml").write_text("[[card]\nid = ")
    result = studyapp("--content", str(deck), "--db", str(tmp_path / "db.sqlite"))
    assert result.returncode != 0
    assert "cards.toml" in result.stderr and "TOML syntax error" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "db.sqlite").exists()


def test_unwritable_data_dir_is_reported(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        blocker = tmp_path / "a-file"
        blocker.write_text("")
        target = blocker / "data"  # a folder cannot be made inside a file, even by root
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "data"
    result = studyapp("stats", env={"STUDYAPP_DATA_DIR": str(target)})
    assert result.returncode != 0
    assert "cannot create data folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_closed_output_pipe_is_not_a_traceback(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `studyapp cards | head` after head has exited
    try:
        result = subprocess.run([sys.executable, "-m", "studyapp", "cards"], stdout=write_end,
                                stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert "Traceback" not in result.stderr
    assert result.returncode == 141


def test_drill_check_timeout_must_be_positive(tmp_path: Path) -> None:
    solution = tmp_path / "relu.py"
    solution.write_text("def relu(x):\n    return x.clamp(min=0)\n")
    for bad in ("0", "-5", "soon"):
        result = studyapp("drill", "check", "relu", str(solution), "--timeout", bad)
        assert result.returncode == 2
        assert "--timeout" in result.stderr and "Traceback" not in result.stderr


def test_known_scheme_without_its_driver_is_one_clear_line() -> None:
    result = studyapp("stats", "--db", "mysql://learner:secret@db.invalid/study")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "driver is not installed" in lines[0]
    assert "secret" not in lines[0]


def test_empty_deck_folder_is_an_error_not_an_empty_app(tmp_path: Path) -> None:
    (tmp_path / "deck").mkdir()
    result = studyapp("content", "check", "--content", str(tmp_path / "deck"))
    assert result.returncode == 1
    assert "no cards or drills found" in result.stdout
    run = studyapp("stats", "--content", str(tmp_path / "deck"), "--db", str(tmp_path / "d.db"))
    assert run.returncode == 2 and "no cards or drills found" in run.stderr


def test_drill_check_hides_the_folder_of_the_db_it_was_given(tmp_path: Path) -> None:
    import shutil
    import tempfile

    # Outside /tmp, which the sandbox replaces anyway, so only hiding can keep it out.
    data = Path(tempfile.mkdtemp(prefix="studyapp-test-", dir="/var/tmp"))
    data.chmod(0o755)  # readable by anyone, so permissions alone would not hide it
    (data / "notes.txt").write_text("private")
    snippet = tmp_path / "peek.py"
    snippet.write_text(
        "import os\n"
        "def relu(x):\n"
        f"    assert not os.path.exists({str(data / 'notes.txt')!r}), 'saw the data'\n"
        "    return x.clamp(min=0)\n"
    )
    try:
        result = studyapp("drill", "check", "relu", str(snippet), "--json",
                          "--db", str(data / "learner.sqlite"))
    finally:
        shutil.rmtree(data)
    assert json.loads(result.stdout)["status"] == "passed", result.stdout
