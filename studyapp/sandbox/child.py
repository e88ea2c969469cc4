"""The untrusted side: runs the learner's code on the cases inside the confined child.

Everything here runs after isolation is in place. The learner can patch any of
it; that only spoils their own answer, because the server compares the values
it reads back (weights-only) against references it computed itself.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import os
import sys
import traceback
from typing import Any

import torch

from studyapp.sandbox import wire

FILENAME = "solution.py"


def describe(exc: BaseException, code: str) -> dict[str, Any]:
    """Exception type, message and the learner's own line where it happened."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == FILENAME:
            line = frame.lineno
    if line is None and isinstance(exc, SyntaxError) and exc.filename == FILENAME:
        line = exc.lineno
    source = ""
    if line is not None:
        lines = code.splitlines()
        source = lines[line - 1].strip()[:120] if 0 < line <= len(lines) else ""
    try:
        message = str(exc)[:500]
    except Exception:
        message = "(unprintable message)"
    return {"type": type(exc).__name__, "message": message, "line": line, "source": source}


def run(code: str, entry: str, harness_source: str | None, payload: bytes) -> dict[str, Any]:
    """Load the learner's code, call the entry on every case, return encoded outcomes."""
    cases = [wire.decode(c) for c in wire.loads(payload)["cases"]]
    namespace: dict[str, Any] = {"__name__": "solution", "__builtins__": builtins}
    try:
        exec(compile(code, FILENAME, "exec"), namespace)
    except BaseException as exc:  # noqa: BLE001 - any failure is the learner's verdict
        return {"load_error": describe(exc, code)}
    fn = namespace.get(entry)
    if fn is None or not callable(fn):
        return {
            "load_error": {
                "type": "NameError",
                "line": None,
                "source": "",
                "message": f"define a function or class named {entry!r}",
            }
        }
    harness = None
    if harness_source:
        scope: dict[str, Any] = {"torch": torch, "F": torch.nn.functional}
        exec(compile(harness_source, "<harness>", "exec"), scope)
        harness = next(
            v
            for k, v in scope.items()
            if k not in ("torch", "F") and callable(v) and getattr(v, "__code__", None)
        )
    outcomes = []
    for args in cases:
        try:
            value = harness(fn, *args) if harness else fn(*args)
            outcomes.append({"value": wire.encode(value), "args": wire.encode(tuple(args))})
        except wire.ResultTooLarge as exc:
            return {"too_large": str(exc)}
        except BaseException as exc:  # noqa: BLE001
            outcomes.append({"error": describe(exc, code)})
    return {"outcomes": outcomes}


def main(
    code: str, entry: str, harness_source: str | None, payload_fd: int, result_fd: int
) -> None:
    """Child entry point: stdout/stderr already point at the capture pipe."""
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), line_buffering=True)
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), line_buffering=True)
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False))
    with os.fdopen(payload_fd, "rb") as handle:
        payload = handle.read()
    try:
        result = run(code, entry, harness_source, payload)
        blob = wire.dumps(result)
    except BaseException as exc:  # noqa: BLE001
        blob = wire.dumps({"load_error": describe(exc, code)})
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    view = memoryview(blob)
    while view:
        written = os.write(result_fd, view)
        view = view[written:]
    os.close(result_fd)
    os._exit(0)
