"""Line-delimited JSON between the client and the server (no torch here).

Requests: ``{"id": n, "op": "check", "drill": {...}, "code": str, "timeout_s": float|None}``,
``{"id": n, "op": "selfcheck", "drill": {...}}`` (the drill's reference and known
mistakes run as attempts), ``{"id": n, "op": "ping"}`` and ``{"id": n, "op":
"shutdown"}``. Every response carries the request's ``id``; a check's response has
``verdict``, a selfcheck's has ``results``. The server
first writes one ``{"ready": true, "isolation": {...}}`` line.
"""

from __future__ import annotations

import json
from typing import Any

#: Every verdict status, from best to worst.
STATUSES: tuple[str, ...] = (
    "passed",  # every case matched
    "failed",  # ran, but some case's output is wrong
    "error",  # the code raised (on loading, or on every case)
    "syntax-error",  # the code does not parse; message has the learner's line
    "forbidden",  # uses a construct the drill rules out (e.g. a loop)
    "timeout",  # wall-clock or CPU limit hit
    "memory",  # memory limit hit
    "output-limit",  # printed more than the output cap
    "too-large",  # returned something too big to send back
    "crashed",  # the process died (signal, os._exit) before answering
    "internal-error",  # the drill or the sandbox failed: not the learner's fault
)

#: Most bytes of the learner's printed output kept in a verdict.
STDOUT_KEEP = 4096


def dumps(message: dict[str, Any]) -> bytes:
    """One message as a UTF-8 JSON line."""
    return (json.dumps(message, separators=(",", ":")) + "\n").encode()


def loads(line: bytes | str) -> dict[str, Any]:
    """Parse one line; raises ``ValueError`` if it is not a JSON object."""
    message = json.loads(line)
    if not isinstance(message, dict):
        raise ValueError("protocol message must be a JSON object")
    return message


def verdict(status: str, message: str, **extra: Any) -> dict[str, Any]:
    """A verdict with every required field present."""
    base: dict[str, Any] = {
        "passed": status == "passed",
        "status": status,
        "message": message,
        "cases": [],
        "mistake": None,
        "elapsed_ms": 0.0,
        "stdout": "",
    }
    base.update(extra)
    return base
