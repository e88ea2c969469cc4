"""The UI's and CLI's handle on the sandbox server. Imports neither torch nor Textual.

``start()`` spawns the server and returns at once (torch loads in the
background); ``check()`` waits for it if needed, is safe to call from several
threads (requests are serialised), and restarts a server that has died.
"""

from __future__ import annotations

import atexit
import itertools
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from studyapp.deck.models import DrillMeta
from studyapp.sandbox import protocol

READY_TIMEOUT_S = 120.0
#: Slack over the drill's own time limit before the client gives up on the server.
RESPONSE_SLACK_S = 30.0
#: Attempts budgeted for one ``selfcheck`` (a reference and its known mistakes).
SELFCHECK_ATTEMPTS = 16
_EOF = object()


def default_hide(
    environ: dict[str, str] | None = None, db: str | None = None
) -> list[str]:
    """Directories holding the learner's data: the data dir and the database's folder.

    ``db`` is the ``--db`` value in use (a path or URL); without it the
    environment's default database is assumed.
    """
    from studyapp.config import data_dir, default_db_target

    env = dict(os.environ if environ is None else environ)
    paths = [str(data_dir(env))]
    target = db or default_db_target(env)
    if target.startswith("sqlite:///"):
        target = target[len("sqlite:///"):]
    if "://" not in target and target not in ("", ":memory:"):
        paths.append(str(Path(target).expanduser().resolve().parent))
    return paths


def _drill_fields(drill: DrillMeta) -> dict[str, Any]:
    """What the server needs to know of a drill to load and run it."""
    return {
        "id": drill.id,
        "entry": drill.entry,
        "module_path": drill.module_path,
        "timeout_s": drill.timeout_s,
    }


class SandboxClient:
    """Talks line-delimited JSON to ``python -m studyapp.sandbox.server``."""

    def __init__(
        self,
        hide: Sequence[str] | None = None,
        *,
        python: str = sys.executable,
        stderr: int | IO[Any] | None = subprocess.DEVNULL,
    ) -> None:
        self._hide = list(default_hide() if hide is None else hide)
        self._python, self._stderr = python, stderr
        self._lock = threading.Lock()
        self._start_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._proc: subprocess.Popen[bytes] | None = None
        self._lines: queue.Queue[Any] = queue.Queue()
        self._ready = threading.Event()
        self._hello: dict[str, Any] = {}
        self.restarts = 0
        atexit.register(self.close)

    # -- lifecycle -----------------------------------------------------------------
    def start(self) -> None:
        """Spawn the server if it is not running; returns immediately."""
        with self._start_lock:
            if self._proc is not None and self._proc.poll() is None:
                return
            self._ready.clear()
            self._lines = queue.Queue()
            package_root = str(Path(__file__).resolve().parents[2])
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in (package_root, env.get("PYTHONPATH")) if p
            )
            command = [self._python, "-m", "studyapp.sandbox.server"]
            for path in self._hide:
                command += ["--hide", path]
            self._proc = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                env=env,
                start_new_session=True,
            )
            threading.Thread(
                target=self._read,
                args=(self._proc, self._lines),
                daemon=True,
                name="sandbox-reader",
            ).start()

    def _read(self, proc: subprocess.Popen[bytes], lines: queue.Queue[Any]) -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            try:
                message = protocol.loads(raw)
            except ValueError:
                continue
            if message.get("ready"):
                self._hello = message
                self._ready.set()
            else:
                lines.put(message)
        lines.put(_EOF)

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> bool:
        """Start if needed and wait until the server has torch loaded."""
        self.start()
        return self._ready.wait(timeout)

    @property
    def ready(self) -> bool:
        """True once the server has answered its first line."""
        return self._ready.is_set() and self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        """The server's process id (``None`` before ``start``)."""
        return self._proc.pid if self._proc else None

    def close(self) -> None:
        """Ask the server to stop, then make sure it has."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.poll() is None and proc.stdin:
                proc.stdin.close()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()

    def __enter__(self) -> SandboxClient:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- requests ------------------------------------------------------------------
    def _request(self, message: dict[str, Any], timeout: float) -> dict[str, Any] | None:
        """Send one request and wait for its answer; ``None`` if the server died."""
        if not self.wait_ready():
            return None
        proc, lines = self._proc, self._lines
        assert proc is not None and proc.stdin is not None
        message["id"] = next(self._ids)
        try:
            proc.stdin.write(protocol.dumps(message))
            proc.stdin.flush()
        except OSError:
            return None
        while True:
            try:
                answer = lines.get(timeout=timeout)
            except queue.Empty:
                proc.kill()
                return None
            if answer is _EOF:
                return None
            if answer.get("id") == message["id"]:
                return answer

    def _restart(self) -> None:
        self.restarts += 1
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
        self._proc = None
        self.start()

    def check(
        self, drill: DrillMeta, code: str, *, timeout_s: float | None = None
    ) -> dict[str, Any]:
        """Check ``code`` against ``drill``; returns the verdict dict (never raises)."""
        limit = timeout_s or drill.timeout_s
        request = {
            "op": "check",
            "code": code,
            "timeout_s": limit,
            "drill": _drill_fields(drill),
        }
        with self._lock:
            for _attempt in range(2):
                answer = self._request(dict(request), limit + RESPONSE_SLACK_S)
                if answer is not None and "verdict" in answer:
                    return answer["verdict"]
                self._restart()
        return protocol.verdict("internal-error", "The sandbox server is not responding.")

    def selfcheck(self, drill: DrillMeta) -> list[dict[str, Any]] | None:
        """Run the drill's reference and known mistakes through the sandbox.

        Returns one ``{"kind", "id", "ok", "problem", "status"}`` per candidate (see
        :mod:`studyapp.drills.selfcheck`), or ``None`` if the server did not answer.
        """
        request = {
            "op": "selfcheck",
            "drill": _drill_fields(drill),
        }
        # A drill has a reference and a handful of mistakes, each bounded by its limit.
        timeout = SELFCHECK_ATTEMPTS * (drill.timeout_s + 1) + RESPONSE_SLACK_S
        with self._lock:
            answer = self._request(request, timeout)
            if answer is None:
                self._restart()
                return None
        return list(answer.get("results", []))

    def ping(self) -> dict[str, Any]:
        """Server status: isolation report and resident memory (``{}`` if unreachable)."""
        with self._lock:
            return self._request({"op": "ping"}, RESPONSE_SLACK_S) or {}

    def isolation(self) -> dict[str, Any]:
        """What confinement the learner's code gets on this machine (waits for the server)."""
        self.wait_ready()
        return dict(self._hello.get("isolation", {}))
