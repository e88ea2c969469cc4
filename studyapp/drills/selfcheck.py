"""Prove a drill file against the real sandbox: its reference passes and each known
mistake fails as itself (``studyapp content check``; runs in the trusted server).

Each candidate is sent through the same path as a learner's attempt. The reference
and ``variant`` mistakes are the drill file itself with the entry bound to them (so
helpers the file defines come along); a ``detect`` mistake has no function to run,
so its ``example`` code is used instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studyapp.drills.api import Drill

#: Imports given to a mistake's ``example`` code.
EXAMPLE_HEAD = "import torch\nimport torch.nn.functional as F\n\n"


@dataclass(frozen=True)
class Candidate:
    """One piece of code to check and what its verdict must be.

    ``code`` is ``None`` when there is nothing to run (a ``detect`` mistake without
    an example); ``from_file`` marks code that is the whole drill file, which is
    exempt from the drill's ``Forbid`` rules (they are about a learner's solution).
    """

    kind: str
    id: str
    code: str | None
    from_file: bool


def candidates(drill: Drill, module_path: str, entry: str) -> list[Candidate]:
    """The reference, then every known mistake, in the drill's order."""
    source = Path(module_path).read_text(encoding="utf-8")
    found = [Candidate("reference", "reference", f"{source}\n{entry} = reference\n", True)]
    for index, mistake in enumerate(drill.mistakes):
        if mistake.example:
            found.append(Candidate("mistake", mistake.id, EXAMPLE_HEAD + mistake.example, False))
        elif mistake.variant is not None:
            code = f"{source}\n{entry} = DRILL.mistakes[{index}].variant\n"
            found.append(Candidate("mistake", mistake.id, code, True))
        else:
            found.append(Candidate("mistake", mistake.id, None, False))
    return found


def assess(candidate: Candidate, verdict: dict[str, Any] | None) -> dict[str, Any]:
    """``{"kind", "id", "ok", "problem", "status"}`` for one candidate's verdict."""
    result: dict[str, Any] = {
        "kind": candidate.kind,
        "id": candidate.id,
        "ok": False,
        "problem": None,
        "status": verdict["status"] if verdict else None,
    }
    if verdict is None:
        result["problem"] = "a detect= mistake needs example= code to run"
    elif candidate.kind == "reference":
        result["ok"] = bool(verdict["passed"])
        if not result["ok"]:
            result["problem"] = f"the reference does not pass: {verdict['message']}"
    elif verdict["passed"]:
        result["problem"] = "this known mistake passes every case"
    else:
        matched = (verdict.get("mistake") or {}).get("id")
        result["ok"] = matched == candidate.id
        if not result["ok"]:
            caught = f"as {matched!r}" if matched else f"only generically: {verdict['message']}"
            result["problem"] = f"this known mistake is not recognised as itself; caught {caught}"
    return result
