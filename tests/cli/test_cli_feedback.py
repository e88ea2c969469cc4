"""``studyapp feedback`` and ``studyapp cards``, through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studyapp.cli.main import main


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answer.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_feedback_json_full_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answer = write(tmp_path, "backward computes the gradients, stores them in .grad, "
                             "and does not change the weights.")
    assert main(["feedback", "ch4-q30", str(answer), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["card_id"] == "ch4-q30"
    assert data["suggested"] == "good"
    assert [p["covered"] for p in data["key_points"]] == [True, True, True]
    assert all(p["matched"] for p in data["key_points"])


def test_feedback_json_opposite_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answer = write(tmp_path, "It updates the weights.")
    assert main(["feedback", "ch4-q30", str(answer), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["suggested"] == "again"
    assert not any(p["covered"] for p in data["key_points"])


def test_feedback_plain_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answer = write(
        tmp_path,
        "Broadcasting copies memory; aligned from the last axis, sizes must match or be 1.",
    )
    assert main(["feedback", "ch4-q10", str(answer)]) == 0
    out = capsys.readouterr().out
    assert "[covered] Shapes align from the trailing axis" in out
    assert "[missing] No memory copy" in out
    assert "suggested rating: again" in out


def test_feedback_unknown_card(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answer = write(tmp_path, "text")
    assert main(["feedback", "ch4-q99", str(answer)]) == 2
    assert "card 'ch4-q99' is not in the deck" in capsys.readouterr().err


def test_feedback_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feedback", "ch4-q01", str(tmp_path / "nope.txt")]) == 2
    err = capsys.readouterr().err
    assert "answer file not found" in err and err.count("\n") == 1


def test_cards_json_lists_every_card(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cards", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows][:3] == ["ch4-q01", "ch4-q02", "ch4-q03"]
    assert len(rows) >= 39
    assert set(rows[0]) == {"id", "topic", "prompt"}


def test_cards_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cards"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["ID", "TOPIC", "PROMPT"]
    assert out[1].startswith("ch4-q01  tensors")


def test_feedback_labels_a_swapped_fact_contradicted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = write(tmp_path, "The rank lists the size of each axis; the shape is the number "
                             "of axes.")
    assert main(["feedback", "ch4-q06", str(answer)]) == 0
    out = capsys.readouterr().out
    assert "[contradicted] Rank" in out
    assert "suggested rating: again" in out
