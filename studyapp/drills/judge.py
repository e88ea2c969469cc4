"""Turn the learner's per-case outcomes into a verdict (trusted server side).

A verdict is a plain JSON-able dict: ``passed``, ``status``, ``message``,
``cases`` (``name``, ``passed``, ``diagnosis``) and ``mistake`` (``id`` and
``explanation`` of the known mistake the learner's outputs match, or ``None``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from studyapp.drills.api import Mistake
from studyapp.drills.compare import compare, inputs_changed
from studyapp.drills.prepare import Outcome, Prepared

_MEMORY_WORDS = ("can't allocate memory", "not enough memory", "out of memory")


def describe_error(error: dict[str, Any]) -> str:
    """One sentence for an exception raised by the learner's code."""
    kind, message = error.get("type", "Exception"), error.get("message", "")
    where = f" at line {error['line']}" if error.get("line") else ""
    if kind == "SystemExit":
        return f"called sys.exit(){where}: return the value instead of exiting"
    if kind == "EOFError":
        return (
            f"tried to read input(){where}: drills get their data only as the function's arguments"
        )
    text = f"raised {kind}{where}: {message}" if message else f"raised {kind}{where}"
    if error.get("source"):
        text += f"  ->  {error['source']}"
    return text


def _diagnose(prep: Prepared, index: int, outcome: Outcome) -> str | None:
    if "error" in outcome:
        return describe_error(outcome["error"])
    drill, case = prep.drill, prep.cases[index]
    if drill.check is not None:
        problem = drill.check(case, outcome["value"])
    else:
        problem = compare(prep.expected[index]["value"], outcome["value"], drill.rule)
    if problem is None and not drill.inputs_may_change:
        for name, before, after in zip(prep.arg_names, case.args, outcome["args"], strict=False):
            problem = inputs_changed(before, after, name)
            if problem:
                break
    return problem


def _matches(
    prep: Prepared,
    mistake: Mistake,
    variant: list[Outcome] | None,
    learner: list[Outcome],
    failed: list[bool],
) -> bool:
    if mistake.detect is not None:
        return any(failed) and all(
            mistake.detect(case, out.get("value")) if "error" not in out else False
            for case, out, bad in zip(prep.cases, learner, failed, strict=True)
            if bad
        )
    assert variant is not None
    args_rule = replace(prep.drill.rule, detached=None)
    for mine, theirs in zip(variant, learner, strict=True):
        if ("error" in mine) != ("error" in theirs):
            return False
        if "error" in mine:
            if mine["error"]["type"] != theirs["error"]["type"]:
                return False
            continue
        if compare(mine["value"], theirs["value"], prep.drill.rule) is not None:
            return False
        # Inputs are compared by value: ``Rule.detached`` is about results, and a
        # mistake may leave an input requiring grad.
        if compare(mine["args"], theirs["args"], args_rule, "inputs") is not None:
            return False
    return True


def judge(prep: Prepared, learner: list[Outcome]) -> dict[str, Any]:
    """Compare every case and match known mistakes; returns the verdict fields."""
    cases, failed = [], []
    for index, outcome in enumerate(learner):
        diagnosis = _diagnose(prep, index, outcome)
        failed.append(diagnosis is not None)
        cases.append(
            {"name": prep.cases[index].name, "passed": diagnosis is None, "diagnosis": diagnosis}
        )
    total, bad = len(cases), sum(failed)
    if not bad:
        return {
            "passed": True,
            "status": "passed",
            "message": f"All {total} cases passed.",
            "cases": cases,
            "mistake": None,
        }
    mistake = None
    for candidate, variant in prep.mistakes:
        if _matches(prep, candidate, variant, learner, failed):
            mistake = {"id": candidate.id, "explanation": candidate.explanation}
            break
    errors = [o["error"] for o in learner if "error" in o]
    status = "failed"
    if any(
        w in e.get("message", "").lower() or e.get("type") == "MemoryError"
        for e in errors
        for w in _MEMORY_WORDS
    ):
        status = "memory"
    elif len(errors) == total:
        status = "error"
    first = next(c for c in cases if not c["passed"])
    message = f"{bad} of {total} cases failed. "
    message += mistake["explanation"] if mistake else f"{first['name']}: {first['diagnosis']}"
    return {
        "passed": False,
        "status": status,
        "message": message,
        "cases": cases,
        "mistake": mistake,
    }
