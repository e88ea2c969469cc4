"""The template process: torch imported, never computed, forks one runner per attempt.

The server forks the zygote right after importing torch (one thread), before
any drill file or reference is loaded, so a learner's child holds no reference
solution in memory and inherits no thread pool. Per attempt the zygote forks a
*runner* that enters fresh namespaces and forks the *learner* (PID 1 of a new
PID namespace, so everything it starts dies with it). Runner and zygote report
on a SEQPACKET socket: ``runner``/``learner`` pids, then ``exit`` status.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import tempfile
from typing import Any

from studyapp.sandbox import child, isolation
from studyapp.sandbox.isolation import Isolation, Limits

#: Set to ``limits`` to skip namespaces (to test the fallback other systems get).
LIMITS_ONLY_ENV = "STUDYAPP_SANDBOX_ISOLATION"
#: File descriptors in the learner: 0 /dev/null, 1-2 capture, 3 inputs, 4 result.
PAYLOAD_FD, RESULT_FD = 3, 4


def send(sock: socket.socket, message: dict[str, Any]) -> None:
    sock.send(json.dumps(message).encode())


def serve(sock: socket.socket, plan: Isolation, hide: list[str]) -> None:
    """Zygote loop: one request (header + 3 fds) at a time until the socket closes."""
    isolation.set_pdeathsig()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            raw, fds, _flags, _addr = socket.recv_fds(sock, 1 << 20, 3)
        except OSError:
            os._exit(0)
        if not raw:
            os._exit(0)
        request = json.loads(raw)
        workdir = None if plan.namespaces else tempfile.mkdtemp(prefix="studyapp-drill-")
        pid = os.fork()
        if pid == 0:
            _runner(sock, request, fds, plan, hide, workdir)
        for fd in fds:
            os.close(fd)
        send(sock, {"runner": pid})
        _, status = os.waitpid(pid, 0)
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
        send(sock, {"reaped": status})


def _runner(
    sock: socket.socket,
    request: dict[str, Any],
    fds: list[int],
    plan: Isolation,
    hide: list[str],
    workdir: str | None,
) -> None:
    try:
        isolation.set_pdeathsig()
        in_ns = bool(plan.namespaces)
        if in_ns:
            isolation.enter_namespaces(plan, hide)
            workdir = isolation.sandbox_dir()
        assert workdir is not None
        pid = os.fork()
        if pid == 0:
            sock.close()
            _learner(request, fds, plan, workdir, in_ns)
        send(sock, {"learner": pid})
        for fd in fds:
            os.close(fd)
        _, status = os.waitpid(pid, 0)
        if not in_ns:
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
        send(sock, {"exit": status})
        os._exit(0)
    except BaseException as exc:  # noqa: BLE001 - report, never return into the zygote loop
        try:
            send(sock, {"setup_error": f"{type(exc).__name__}: {exc}"})
        finally:
            os._exit(70)


def _learner(
    request: dict[str, Any], fds: list[int], plan: Isolation, workdir: str, in_ns: bool
) -> None:
    try:
        ppid = os.getppid()
        isolation.set_pdeathsig()
        if os.getppid() != ppid:
            os._exit(71)
        if in_ns:
            isolation.mount_proc()
        else:
            os.setsid()
        _arrange_fds(fds)
        os.chdir(workdir)
        if not in_ns and os.geteuid() == 0:
            os.chown(workdir, isolation.NOBODY, isolation.NOBODY)
        os.environ.clear()
        os.environ.update(
            {
                "PATH": "/usr/bin:/bin",
                "HOME": workdir,
                "TMPDIR": workdir,
                "LANG": "C.UTF-8",
                "OMP_NUM_THREADS": "1",
            }
        )
        # The zygote may have cached /tmp as the temp dir before forking; the
        # learner's only writable place is its workdir (when /tmp is read-only).
        tempfile.tempdir = workdir
        limits = Limits(cpu_s=int(request["timeout_s"]) + 1)
        to_nobody = plan.uid == "nobody"
        isolation.apply_limits(limits, to_nobody)
        isolation.drop_privileges(to_nobody)
    except BaseException:  # noqa: BLE001
        os._exit(72)
    child.main(request["code"], request["entry"], request["harness"], PAYLOAD_FD, RESULT_FD)


def _arrange_fds(fds: list[int]) -> None:
    payload, result, capture = fds
    high = [os.dup(fd) for fd in (payload, result, capture)]
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(high[2], 1)
    os.dup2(high[2], 2)
    os.dup2(high[0], PAYLOAD_FD)
    os.dup2(high[1], RESULT_FD)
    os.closerange(RESULT_FD + 1, 65536)


def probe(hide: list[str]) -> Isolation:
    """Find out which isolation works here by trying it in a throwaway child."""
    plan = Isolation()
    if os.environ.get(LIMITS_ONLY_ENV) == "limits":
        return _finish_plan(plan, "namespaces turned off by " + LIMITS_ONLY_ENV)
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        report = Isolation()
        as_root = os.geteuid() == 0
        try:
            isolation.enter_namespaces(report, hide)
            report.namespaces = ["mount", "network", "pid", "ipc", "uts"]
            if not as_root:
                report.namespaces.append("user")
        except OSError as exc:
            report.notes.append(f"namespaces unavailable ({exc}); limits only")
        os.write(writer, json.dumps(report.as_dict()).encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as handle:
        data = json.loads(handle.read() or b"{}")
    os.waitpid(pid, 0)
    for key, value in data.items():
        setattr(plan, key, value)
    return _finish_plan(plan, None)


def _finish_plan(plan: Isolation, note: str | None) -> Isolation:
    if note:
        plan.notes.append(note)
    plan.uid = "nobody" if os.geteuid() == 0 else "no capabilities"
    plan.kill_all = "pid namespace" if plan.namespaces else "process group (killpg)"
    plan.limits = [
        "wall clock",
        "cpu",
        "address space",
        "file size",
        "open files",
        "no core dumps",
        "output cap",
    ]
    plan.limits.append(
        "processes (RLIMIT_NPROC)"
        if plan.uid == "nobody"
        else "processes: pid namespace only (RLIMIT_NPROC is per user)"
    )
    if not plan.namespaces:
        plan.notes.append(
            "no network isolation; writes outside the temp dir rely on "
            "file permissions" + (" (running as nobody)" if plan.uid == "nobody" else "")
        )
    return plan
