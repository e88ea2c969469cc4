"""``studyapp content check`` runs every drill's reference and known mistakes through the
real sandbox: a reference that fails, a mistake that passes or is not recognised as
itself, and a detect= mistake with nothing to run each fail the check, by name."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from studyapp.cli.main import main

CONTENT = Path(__file__).resolve().parents[2] / "content"

TOML = """[drill]
id = "{id}"
title = "t"
topic = "model"
entry = "relu"
prompt = "p"
starter = "def relu(x):\\n    ...\\n"
hints = ["h"]
"""

HEAD = "import torch\n\nfrom studyapp.drills import Case, Drill, Mistake\n\n"
CASES = "cases=[Case.of('a', torch.tensor([-1.0, 2.0])), Case.of('b', torch.tensor([3.0, -4.0]))]"

#: The reference changes its input in place, which the drill does not allow.
BAD_REFERENCE = HEAD + f"""
def reference(x):
    return x.clamp_(min=0)


DRILL = Drill(reference=reference, {CASES})
"""

#: Reference fine; one mistake passes, one is shadowed by an earlier one, one has no example.
BAD_MISTAKES = HEAD + f"""
def reference(x):
    return x.clamp(min=0)


DRILL = Drill(
    reference=reference,
    {CASES},
    mistakes=[
        Mistake("abs", "abs is not relu", variant=lambda x: x.abs()),
        Mistake("same-as-reference", "not a mistake", variant=lambda x: torch.relu(x)),
        Mistake("abs-again", "shadowed by abs", variant=lambda x: (x * x).sqrt()),
        Mistake("no-example", "nothing to run", detect=lambda case, out: True),
    ],
)
"""


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("deck")
    drills = root / "drills"
    drills.mkdir()
    for suffix in (".toml", ".py"):
        shutil.copy(CONTENT / "drills" / f"relu{suffix}", drills / f"relu{suffix}")
    for name, code in (("bad-reference", BAD_REFERENCE), ("bad-mistakes", BAD_MISTAKES)):
        (drills / f"{name}.toml").write_text(TOML.format(id=name))
        (drills / f"{name}.py").write_text(code)
    return root


def run(deck: Path, tmp_path: Path, *extra: str) -> int:
    return main(["content", "check", "--content", str(deck), "--db",
                 str(tmp_path / "none.sqlite"), *extra])


def test_json_names_each_misbehaving_candidate(deck: Path, tmp_path: Path, capsys) -> None:
    assert run(deck, tmp_path, "--json") == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["drills"] == 3
    sandbox = out["sandbox"]
    problems = {(p["drill"], p["what"]): p["message"] for p in sandbox["problems"]}
    assert set(problems) == {
        ("bad-reference", "reference"),
        ("bad-mistakes", "mistake 'same-as-reference'"),
        ("bad-mistakes", "mistake 'abs-again'"),
        ("bad-mistakes", "mistake 'no-example'"),
    }
    assert problems["bad-reference", "reference"].startswith("the reference does not pass")
    assert problems["bad-mistakes", "mistake 'same-as-reference'"] == (
        "this known mistake passes every case"
    )
    assert "caught as 'abs'" in problems["bad-mistakes", "mistake 'abs-again'"]
    assert "needs example=" in problems["bad-mistakes", "mistake 'no-example'"]
    # relu's reference and its three mistakes, bad-mistakes' reference and 'abs', behaved.
    assert (sandbox["references"], sandbox["mistakes"]) == (2, 4)


def test_text_output_and_no_sandbox_flag(deck: Path, tmp_path: Path, capsys) -> None:
    assert run(deck, tmp_path) == 1
    out = capsys.readouterr().out
    assert "bad-reference.py: reference: the reference does not pass" in out
    assert "bad-mistakes.py: mistake 'same-as-reference': this known mistake passes" in out
    assert out.rstrip().endswith("4 problem(s) running drills in the sandbox")
    assert not out.startswith("ok:")

    assert run(deck, tmp_path, "--no-sandbox") == 0
    assert capsys.readouterr().out.startswith("ok: 0 cards, 3 drills")


def test_bundled_catalogue_passes_in_the_sandbox(tmp_path: Path, capsys) -> None:
    assert run(CONTENT, tmp_path, "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["sandbox"]["problems"] == []
    assert out["sandbox"]["references"] == out["drills"] == 22
    assert out["sandbox"]["mistakes"] >= 80
