"""Load a drill file and compute everything the server needs before any learner runs.

Case inputs are seeded, so the reference's and each known mistake's outcomes
are computed once per drill file version and reused for every check.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from studyapp.drills.api import Case, Drill, Mistake
from studyapp.sandbox.wire import encode, roundtrip

#: An outcome: ``{"value": ..., "args": ...}`` or ``{"error": {"type", "message", ...}}``.
Outcome = dict[str, Any]


class DrillFileError(Exception):
    """The drill's ``.py`` file is broken (an authoring error, not the learner's)."""


@dataclass
class Prepared:
    """A loaded drill with its cases and the trusted outcomes to compare against."""

    drill: Drill
    cases: list[Case]
    arg_names: list[str]
    harness_source: str | None
    expected: list[Outcome]
    mistakes: list[tuple[Mistake, list[Outcome] | None]]

    def payload(self) -> dict[str, Any]:
        """The inputs as sent to the learner's child (encoded, weights-only safe)."""
        return {"cases": [encode(case.args) for case in self.cases]}


def load_drill(module_path: str | Path) -> Drill:
    """Import a drill file under a private module name and return its ``DRILL``."""
    path = Path(module_path)
    spec = importlib.util.spec_from_file_location(f"studyapp_drill_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise DrillFileError(f"{path}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise DrillFileError(f"{path}: {type(exc).__name__}: {exc}") from exc
    drill = getattr(module, "DRILL", None)
    if not isinstance(drill, Drill):
        raise DrillFileError(f"{path}: must define DRILL = Drill(...)")
    return drill


def prepare(module_path: str | Path) -> Prepared:
    """Load the drill, build its cases and run the reference and mistakes on them."""
    drill = load_drill(module_path)
    cases = list(drill.cases)
    if drill.random_cases is not None:
        generator = torch.Generator().manual_seed(drill.seed)
        cases.extend(drill.random_cases(generator))
    harness_source = None
    target = drill.reference
    skip = 0
    if drill.harness is not None:
        harness_source = textwrap.dedent(inspect.getsource(drill.harness))
        target, skip = drill.harness, 1
    try:
        params = list(inspect.signature(target).parameters)[skip:]
    except (TypeError, ValueError):
        params = []
    width = max((len(c.args) for c in cases), default=0)
    arg_names = [params[i] if i < len(params) else f"arg{i}" for i in range(width)]
    expected = [run_local(drill, drill.reference, case) for case in cases]
    for case, outcome in zip(cases, expected, strict=True):
        if "error" in outcome:
            err = outcome["error"]
            raise DrillFileError(
                f"{module_path}: reference fails on case {case.name!r}: "
                f"{err['type']}: {err['message']}"
            )
    mistakes = [
        (m, [run_local(drill, m.variant, case) for case in cases] if m.variant else None)
        for m in drill.mistakes
    ]
    return Prepared(drill, cases, arg_names, harness_source, expected, mistakes)


def run_local(drill: Drill, fn: Any, case: Case) -> Outcome:
    """Run a trusted function (reference or known mistake) on fresh copies of the inputs."""
    args = roundtrip(case.args)
    try:
        value = drill.harness(fn, *args) if drill.harness else fn(*args)
        return {"value": roundtrip(value), "args": roundtrip(args)}
    except Exception as exc:
        return {"error": {"type": type(exc).__name__, "message": str(exc)[:300]}}


def forbidden(drill: Drill, tree: ast.AST) -> str | None:
    """The first :class:`~studyapp.drills.api.Forbid` rule the code breaks, if any."""
    for rule in drill.forbid:
        for node in ast.walk(tree):
            name = None
            if isinstance(node, ast.Attribute):
                name = node.attr
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                name = node.id
            elif isinstance(node, ast.alias):
                name = node.name.rpartition(".")[2]
            if type(node).__name__ in rule.nodes or (name is not None and name in rule.names):
                line = getattr(node, "lineno", None)
                return f"{rule.message} (line {line})" if line else rule.message
    return None
