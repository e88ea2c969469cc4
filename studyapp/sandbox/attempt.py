"""The server's handle on the zygote: run one attempt under a deadline and collect bytes.

Reads the learner's result pipe and output pipe concurrently, enforcing the
wall-clock limit, the output cap and the result size cap by SIGKILL. Killing
the learner (PID 1 of its namespace) takes down everything it started.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import socket
import time
from dataclasses import dataclass, field
from typing import Any

from studyapp.sandbox import isolation, zygote
from studyapp.sandbox.isolation import Isolation

OUTPUT_CAP = 1024 * 1024
RESULT_CAP = 64 * 1024 * 1024
GRACE_S = 1.0


@dataclass
class Raw:
    """What came back from one attempt, before interpretation."""

    result: bytes = b""
    output: bytes = b""
    timed_out: bool = False
    output_overflow: bool = False
    result_overflow: bool = False
    exit_status: int | None = None
    setup_error: str | None = None
    pids: dict[str, int] = field(default_factory=dict)


class Zygote:
    """Probe isolation, then fork the template process; call :meth:`run` per attempt."""

    def __init__(self, hide: list[str]) -> None:
        isolation.choose_sandbox_dir()
        self.plan: Isolation = zygote.probe(hide)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = os.fork()
        if pid == 0:
            ours.close()
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, 0)
            os.dup2(null, 1)
            keep = theirs.fileno()
            os.closerange(3, keep)
            os.closerange(keep + 1, 65536)
            zygote.serve(theirs, self.plan, hide)
        theirs.close()
        self.pid, self.sock = pid, ours

    def run(self, request: dict[str, Any], payload: bytes, timeout_s: float) -> Raw:
        """Start one attempt and wait for it (or kill it at the deadline)."""
        payload_fd = _memfd(payload)
        result_r, result_w = os.pipe()
        capture_r, capture_w = os.pipe()
        try:
            socket.send_fds(
                self.sock, [json.dumps(request).encode()], [payload_fd, result_w, capture_w]
            )
        finally:
            for fd in (payload_fd, result_w, capture_w):
                os.close(fd)
        try:
            return self._collect(result_r, capture_r, time.monotonic() + timeout_s)
        finally:
            os.close(result_r)
            os.close(capture_r)

    def _collect(self, result_r: int, capture_r: int, deadline: float) -> Raw:
        raw = Raw()
        result, output = bytearray(), bytearray()
        sel = selectors.DefaultSelector()
        for fd in (result_r, capture_r):
            os.set_blocking(fd, False)
            sel.register(fd, selectors.EVENT_READ)
        sel.register(self.sock, selectors.EVENT_READ)
        open_pipes, reaped_at = 2, None
        while True:
            now = time.monotonic()
            if reaped_at is not None and (open_pipes == 0 or now > reaped_at + GRACE_S):
                break
            if now > deadline and reaped_at is None and not raw.timed_out:
                raw.timed_out = True
                self._kill(raw)
            for key, _ in sel.select(timeout=0.05):
                if key.fileobj is self.sock:
                    message = json.loads(self.sock.recv(65536) or b"{}")
                    reaped_at = self._on_message(raw, message) or reaped_at
                    continue
                fd = key.fd
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    sel.unregister(fd)
                    open_pipes -= 1
                elif fd == result_r:
                    result += chunk
                    if len(result) > RESULT_CAP and not raw.result_overflow:
                        raw.result_overflow = True
                        self._kill(raw)
                else:
                    output += chunk[: max(0, OUTPUT_CAP - len(output))]
                    if len(output) >= OUTPUT_CAP and not raw.output_overflow:
                        raw.output_overflow = True
                        self._kill(raw)
        sel.close()
        raw.result, raw.output = bytes(result), bytes(output)
        return raw

    def _on_message(self, raw: Raw, message: dict[str, Any]) -> float | None:
        if "runner" in message:
            raw.pids["runner"] = message["runner"]
        elif "learner" in message:
            raw.pids["learner"] = message["learner"]
        elif "exit" in message:
            raw.exit_status = message["exit"]
        elif "setup_error" in message:
            raw.setup_error = message["setup_error"]
        elif "reaped" in message:
            return time.monotonic()
        return None

    def _kill(self, raw: Raw) -> None:
        learner = raw.pids.get("learner")
        for pid in (learner, raw.pids.get("runner")):
            if pid:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        if learner and not self.plan.namespaces:
            with contextlib.suppress(OSError):
                os.killpg(learner, signal.SIGKILL)

    def close(self) -> None:
        """Stop the zygote (it also dies with the server)."""
        self.sock.close()
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:
            pass


def _memfd(data: bytes) -> int:
    fd = os.memfd_create("drill-inputs") if hasattr(os, "memfd_create") else _tempfd()
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def _tempfd() -> int:
    import tempfile

    with tempfile.TemporaryFile() as handle:
        return os.dup(handle.fileno())
