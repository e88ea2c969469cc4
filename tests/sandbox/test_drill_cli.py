"""``studyapp drills`` / ``drill show`` / ``drill check``: exit codes, text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studyapp.cli.main import main

CONTENT = str(Path(__file__).resolve().parents[2] / "content")
GOOD = "import torch\n\ndef relu(x):\n    return torch.where(x > 0, x, torch.zeros_like(x))\n"
BAD = "def relu(x):\n    return x.max(0).values\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    good, bad = tmp_path / "good.py", tmp_path / "bad.py"
    good.write_text(GOOD)
    bad.write_text(BAD)
    return good, bad


def test_list_json(capsys) -> None:
    assert main(["drills", "--json", "--content", CONTENT]) == 0
    listed = json.loads(capsys.readouterr().out)
    ids = {d["id"] for d in listed}
    assert {"relu", "mnist-distance"} <= ids
    assert all(set(d) >= {"id", "title", "topic", "entry"} for d in listed)


def test_show(capsys) -> None:
    assert main(["drill", "show", "mnist-distance", "--content", CONTENT]) == 0
    out = capsys.readouterr().out
    assert "(..., 28, 28)" in out and "def mnist_distance(a, b):" in out


def test_check_exit_codes_and_text(capsys, files) -> None:
    good, bad = files
    assert main(["drill", "check", "relu", str(good), "--content", CONTENT]) == 0
    assert capsys.readouterr().out.startswith("PASSED")
    assert main(["drill", "check", "relu", str(bad), "--content", CONTENT]) == 1
    out = capsys.readouterr().out
    assert out.startswith("FAILED") and "Known mistake (max-over-axis)" in out
    assert "FAIL mixed signs: result has shape ()" in out


def test_check_several_files_json_in_order(capsys, files) -> None:
    good, bad = files
    code = main(
        ["drill", "check", "relu", str(good), str(bad), str(good), "--json", "--content", CONTENT]
    )
    assert code == 1
    results = json.loads(capsys.readouterr().out)
    assert [r["passed"] for r in results] == [True, False, True]
    assert [r["file"] for r in results] == [str(good), str(bad), str(good)]
    for result in results:
        assert {"passed", "status", "message", "cases", "elapsed_ms"} <= set(result)
    assert results[2]["elapsed_ms"] < 1000  # the same warm server


def test_unknown_drill_and_missing_file(capsys, files) -> None:
    assert main(["drill", "check", "nope", str(files[0]), "--content", CONTENT]) == 2
    assert "no drill 'nope'" in capsys.readouterr().err
    assert main(["drill", "check", "relu", "/nonexistent.py", "--content", CONTENT]) == 2
