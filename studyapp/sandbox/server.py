"""The trusted sandbox server: ``python -m studyapp.sandbox.server [--hide DIR ...]``.

Imports torch once (one thread), forks the zygote before computing anything,
then answers line-delimited JSON requests (see :mod:`protocol`) on stdin/stdout.
Drill files, references and comparisons live only here.
"""

from __future__ import annotations

import argparse
import ast
import os
import signal
import sys
import time
from pathlib import Path
from typing import IO, Any

import torch

from studyapp.sandbox import protocol
from studyapp.sandbox.attempt import Raw, Zygote
from studyapp.sandbox.isolation import hide_candidates

MAX_CODE_CHARS = 100_000


class Server:
    """Checks attempts; keeps prepared drills cached by file path and mtime."""

    def __init__(self, hide: list[str]) -> None:
        self.zygote = Zygote(hide)
        self._prepared: dict[str, tuple[float, Any]] = {}

    def _prepare(self, module_path: str) -> Any:
        from studyapp.drills.prepare import prepare

        mtime = Path(module_path).stat().st_mtime
        cached = self._prepared.get(module_path)
        if cached is None or cached[0] != mtime:
            cached = (mtime, prepare(module_path))
            self._prepared[module_path] = cached
        return cached[1]

    def check(
        self,
        drill: dict[str, Any],
        code: str,
        timeout_s: float | None,
        *,
        enforce_forbid: bool = True,
    ) -> dict[str, Any]:
        """One attempt, start to verdict; never raises."""
        start = time.perf_counter()
        try:
            limit = float(timeout_s or drill.get("timeout_s") or 5.0)
            verdict = self._check(drill, code, limit, enforce_forbid)
        except Exception as exc:  # a broken drill file or sandbox bug: not the learner's fault
            verdict = protocol.verdict("internal-error", f"{type(exc).__name__}: {exc}")
        verdict["elapsed_ms"] = round((time.perf_counter() - start) * 1000, 1)
        return verdict

    def selfcheck(self, drill: dict[str, Any]) -> list[dict[str, Any]]:
        """Run the drill's reference and known mistakes as attempts (see
        :mod:`studyapp.drills.selfcheck`); one result per candidate, never raises."""
        from studyapp.drills.selfcheck import assess, candidates

        try:
            prep = self._prepare(drill["module_path"])
            found = candidates(prep.drill, drill["module_path"], drill["entry"])
        except Exception as exc:
            problem = f"the drill file does not load: {type(exc).__name__}: {exc}"
            return [{"kind": "drill", "id": drill.get("id"), "ok": False, "problem": problem,
                     "status": "internal-error"}]
        results = []
        for candidate in found:
            verdict = None
            if candidate.code is not None:
                verdict = self.check(
                    drill, candidate.code, None, enforce_forbid=not candidate.from_file
                )
            results.append(assess(candidate, verdict))
        return results

    def _check(
        self, drill: dict[str, Any], code: str, timeout_s: float, enforce_forbid: bool = True
    ) -> dict[str, Any]:
        from studyapp.drills.judge import judge
        from studyapp.drills.prepare import forbidden

        if len(code) > MAX_CODE_CHARS:
            return protocol.verdict("error", f"the code is over {MAX_CODE_CHARS} characters")
        try:
            tree = ast.parse(code, "solution.py")
        except SyntaxError as exc:
            where = f"line {exc.lineno}" + (f", column {exc.offset}" if exc.offset else "")
            text = (exc.text or "").strip()
            message = f"Syntax error at {where}: {exc.msg}" + (f"  ->  {text}" if text else "")
            return protocol.verdict("syntax-error", message, line=exc.lineno)
        prep = self._prepare(drill["module_path"])
        problem = forbidden(prep.drill, tree) if enforce_forbid else None
        if problem:
            return protocol.verdict("forbidden", problem)
        request = {
            "code": code,
            "entry": drill["entry"],
            "harness": prep.harness_source,
            "timeout_s": timeout_s,
        }
        raw = self.zygote.run(request, _dumps(prep.payload()), timeout_s)
        stdout = raw.output[: protocol.STDOUT_KEEP].decode("utf-8", "replace")
        verdict = self._interpret(prep, raw, timeout_s, judge)
        verdict["stdout"] = stdout
        return verdict

    def _interpret(self, prep: Any, raw: Raw, timeout_s: float, judge: Any) -> dict[str, Any]:
        from studyapp.drills.judge import describe_error
        from studyapp.sandbox import wire

        if raw.setup_error:
            return protocol.verdict("internal-error", f"sandbox setup failed: {raw.setup_error}")
        if raw.timed_out:
            return protocol.verdict(
                "timeout",
                f"Stopped after {timeout_s:g} s: an endless loop, "
                "or something far slower than needed.",
            )
        if raw.output_overflow:
            return protocol.verdict("output-limit", "Stopped: printed more than 1 MB of output.")
        if raw.result_overflow:
            return protocol.verdict("too-large", "Stopped: the result was too large to check.")
        if not raw.result:
            return _death_verdict(raw.exit_status)
        try:
            data = wire.loads(raw.result)
            if "load_error" in data:
                error = data["load_error"]
                status = "memory" if error.get("type") == "MemoryError" else "error"
                return protocol.verdict(status, "Your code could not run: " + describe_error(error))
            if "too_large" in data:
                return protocol.verdict("too-large", str(data["too_large"]))
            outcomes = [_decode_outcome(o) for o in data["outcomes"]]
            if len(outcomes) != len(prep.cases):
                raise ValueError("wrong number of outcomes")
        except Exception as exc:
            return protocol.verdict("crashed", f"The result sent back was unreadable ({exc}).")
        verdict = judge(prep, outcomes)
        return protocol.verdict(verdict.pop("status"), verdict.pop("message"), **verdict)


def _decode_outcome(outcome: dict[str, Any]) -> dict[str, Any]:
    from studyapp.sandbox import wire

    if "error" in outcome:
        error = outcome["error"]
        return {
            "error": {
                k: (error.get(k) if isinstance(error.get(k), str | int | None) else None)
                for k in ("type", "message", "line", "source")
            }
        }
    return {"value": wire.decode(outcome["value"]), "args": wire.decode(outcome["args"])}


def _death_verdict(status: int | None) -> dict[str, Any]:
    if status is None:
        return protocol.verdict("crashed", "The process ended without a result.")
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU:
            return protocol.verdict("timeout", "Stopped: CPU time limit reached.")
        name = signal.Signals(sig).name if sig in signal.Signals.__members__.values() else sig
        hint = " (very deep recursion?)" if sig == signal.SIGSEGV else ""
        return protocol.verdict("crashed", f"The process was killed by {name}{hint}.")
    code = os.waitstatus_to_exitcode(status)
    return protocol.verdict(
        "crashed",
        f"Your code ended the process (exit code {code}) before "
        "returning a result: avoid os._exit and exit calls.",
    )


def _dumps(payload: dict[str, Any]) -> bytes:
    from studyapp.sandbox import wire

    return wire.dumps(payload)


def resident_kb(pid: int | str = "self") -> int:
    """Resident set size of a process in KiB (0 when unknown)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def serve(stdin: IO[bytes], out: IO[bytes], server: Server) -> None:
    """Answer requests until EOF or ``shutdown``."""

    def reply(message: dict[str, Any]) -> None:
        out.write(protocol.dumps(message))
        out.flush()

    reply({"ready": True, "isolation": server.zygote.plan.as_dict(), "pid": os.getpid()})
    for line in stdin:
        try:
            request = protocol.loads(line)
        except ValueError as exc:
            reply({"id": None, "error": f"bad request: {exc}"})
            continue
        op, rid = request.get("op"), request.get("id")
        if op == "check":
            verdict = server.check(
                request["drill"], str(request.get("code", "")), request.get("timeout_s")
            )
            reply({"id": rid, "verdict": verdict})
        elif op == "selfcheck":
            reply({"id": rid, "results": server.selfcheck(request["drill"])})
        elif op == "ping":
            own, zygote = resident_kb(), resident_kb(server.zygote.pid)
            reply(
                {
                    "id": rid,
                    "ok": True,
                    "isolation": server.zygote.plan.as_dict(),
                    "rss_kb": own,
                    "zygote_rss_kb": zygote,
                    "total_rss_kb": own + zygote,
                }
            )
        elif op == "shutdown":
            reply({"id": rid, "ok": True})
            break
        else:
            reply({"id": rid, "error": f"unknown op {op!r}"})
    server.zygote.close()


def main(argv: list[str] | None = None) -> int:
    """Entry point; the protocol uses a private copy of stdout, stray prints go to stderr."""
    parser = argparse.ArgumentParser(prog="studyapp.sandbox.server")
    parser.add_argument("--hide", action="append", default=[], help="directory to hide")
    args = parser.parse_args(argv)
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    server = Server(hide_candidates(args.hide))
    serve(sys.stdin.buffer, out, server)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
