"""Hostile and broken snippets are verdicts: the server survives and nothing outside changes."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from studyapp.deck.models import DrillMeta
from studyapp.sandbox.client import SandboxClient

GOOD = "def relu(x):\n    return x.clamp(min=0)\n"
LIMIT = 1.5  # seconds; short so the suite stays fast

HEADER = "import os, sys, signal, subprocess, socket, torch\n"


def _nobody_processes() -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == 65534:
                    found.append(int(entry))
            except OSError:
                pass
    return found


def run_hostile(
    sandbox: SandboxClient, relu: DrillMeta, canary: Any, body: str, limit: float = LIMIT
) -> dict:
    """Check a snippet, then prove the server still answers fast and nothing changed."""
    before = canary.snapshot()
    verdict = sandbox.check(relu, HEADER + body, timeout_s=limit)
    for field in ("passed", "status", "message", "cases", "mistake", "elapsed_ms", "stdout"):
        assert field in verdict
    start = time.perf_counter()
    follow_up = sandbox.check(relu, GOOD)
    assert follow_up["status"] == "passed", follow_up
    assert time.perf_counter() - start < 3.0
    assert canary.snapshot() == before
    for target in canary.targets:
        assert not target.exists()
    deadline = time.monotonic() + 2
    while _nobody_processes() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _nobody_processes() == [], "a process the snippet started outlived the check"
    return verdict


def test_infinite_loop_times_out(sandbox, relu, canary) -> None:
    verdict = run_hostile(sandbox, relu, canary, "def relu(x):\n    while True:\n        pass\n")
    assert verdict["status"] == "timeout"
    assert verdict["elapsed_ms"] < LIMIT * 1000 + 1500


def test_ignored_signals_still_stopped(sandbox, relu, canary) -> None:
    body = (
        "for s in (signal.SIGTERM, signal.SIGINT, signal.SIGXCPU, signal.SIGHUP):\n"
        "    signal.signal(s, signal.SIG_IGN)\n"
        "def relu(x):\n    while True:\n        pass\n"
    )
    assert run_hostile(sandbox, relu, canary, body)["status"] == "timeout"


@pytest.mark.parametrize("hog", ["torch.empty(10**11)", "bytearray(10**11)", "[0] * 10**10"])
def test_memory_hog(sandbox, relu, canary, hog) -> None:
    verdict = run_hostile(sandbox, relu, canary, f"def relu(x):\n    big = {hog}\n    return x\n")
    assert verdict["status"] == "memory", verdict["message"]


def test_memory_hog_at_import(sandbox, relu, canary) -> None:
    verdict = run_hostile(sandbox, relu, canary, "hog = bytearray(10**11)\ndef relu(x): ...\n")
    assert verdict["status"] == "memory"


def test_fork_bomb(sandbox, relu, canary) -> None:
    body = "def relu(x):\n    while True:\n        os.fork()\n"
    verdict = run_hostile(sandbox, relu, canary, body)
    assert not verdict["passed"]
    assert verdict["status"] in {"error", "timeout", "crashed", "failed"}


def test_setsid_grandchild_dies_with_the_attempt(sandbox, relu, canary) -> None:
    body = (
        "def relu(x):\n"
        "    subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
        "    if os.fork() == 0:\n        os.setsid()\n        time_bomb = 10**9\n"
        "        while True: pass\n"
        "    return x.clamp(min=0)\n"
    )
    verdict = run_hostile(sandbox, relu, canary, body)
    assert verdict["status"] == "passed", verdict


def test_output_flood(sandbox, relu, canary) -> None:
    body = "def relu(x):\n    while True:\n        print('spam' * 1000)\n"
    verdict = run_hostile(sandbox, relu, canary, body)
    assert verdict["status"] == "output-limit"
    assert len(verdict["stdout"]) <= 4096


def test_printing_is_captured_and_capped(sandbox, relu, canary) -> None:
    body = "def relu(x):\n    print('looking at', tuple(x.shape))\n    return x.clamp(min=0)\n"
    verdict = run_hostile(sandbox, relu, canary, body)
    assert verdict["passed"] and "looking at" in verdict["stdout"]


def test_sys_exit(sandbox, relu, canary) -> None:
    verdict = run_hostile(sandbox, relu, canary, "def relu(x):\n    sys.exit(0)\n")
    assert verdict["status"] == "error"
    assert "sys.exit" in verdict["cases"][0]["diagnosis"]


def test_os_exit(sandbox, relu, canary) -> None:
    verdict = run_hostile(sandbox, relu, canary, "def relu(x):\n    os._exit(0)\n")
    assert verdict["status"] == "crashed"
    assert "exit code 0" in verdict["message"]


def test_kill_self(sandbox, relu, canary) -> None:
    body = "def relu(x):\n    os.kill(os.getpid(), signal.SIGKILL)\n    while True: pass\n"
    verdict = run_hostile(sandbox, relu, canary, body)
    assert verdict["status"] in {"crashed", "timeout"}


def test_deep_recursion(sandbox, relu, canary) -> None:
    body = "def down(d):\n    return down(d + 1)\ndef relu(x):\n    return down(0)\n"
    verdict = run_hostile(sandbox, relu, canary, body)
    assert verdict["status"] == "error"
    assert "RecursionError" in verdict["cases"][0]["diagnosis"]


def test_deep_recursion_past_the_c_stack(sandbox, relu, canary) -> None:
    body = (
        "sys.setrecursionlimit(10**8)\n"
        "def down(d):\n    return down(d + 1)\ndef relu(x):\n    return down(0)\n"
    )
    verdict = run_hostile(sandbox, relu, canary, body)
    assert verdict["status"] in {"crashed", "error", "memory", "timeout"}


def test_writes_outside_tmp_do_not_land(sandbox, relu, canary) -> None:
    targets = [str(t) for t in canary.targets]
    body = (
        f"def relu(x):\n"
        f"    for path in {targets!r} + [{str(canary.db)!r}]:\n"
        f"        open(path, 'w').write('pwned')\n"
        f"    return x.clamp(min=0)\n"
    )
    verdict = run_hostile(sandbox, relu, canary, body)
    assert verdict["status"] == "error"
    assert "Read-only file system" in verdict["cases"][0]["diagnosis"]


def test_deleting_the_database_fails(sandbox, relu, canary) -> None:
    body = f"def relu(x):\n    os.remove({str(canary.db)!r})\n    return x.clamp(min=0)\n"
    verdict = run_hostile(sandbox, relu, canary, body)
    assert verdict["status"] == "error"
    assert canary.db.exists()


def test_learner_data_dir_is_hidden(sandbox, relu, canary) -> None:
    body = (
        f"def relu(x):\n    assert os.listdir({str(canary.dir)!r}) == [], 'data visible'\n"
        "    return x.clamp(min=0)\n"
    )
    assert run_hostile(sandbox, relu, canary, body)["status"] == "passed"


def test_empty_private_cwd_scrubbed_env_closed_stdin(sandbox, relu, canary) -> None:
    body = (
        "def relu(x):\n"
        "    assert os.listdir('.') == [], os.listdir('.')\n"
        "    open('scratch.txt', 'w').write('fine here')\n"
        "    assert set(os.environ) <= {'PATH', 'HOME', 'TMPDIR', 'LANG', 'OMP_NUM_THREADS'}\n"
        "    assert sys.stdin.read() == ''\n"
        "    os.remove('scratch.txt')\n"
        "    return x.clamp(min=0)\n"
    )
    verdict = run_hostile(sandbox, relu, canary, body)
    assert verdict["status"] == "passed", verdict["message"]


def test_dedicated_workdir_mode_keeps_temp_files_working(relu, monkeypatch) -> None:
    # The mode a checkout under /tmp gets: /tmp read-only, a dedicated private dir.
    monkeypatch.setenv("STUDYAPP_SANDBOX_DEDICATED_DIR", "1")
    body = (
        "import os, tempfile\n"
        "def relu(x):\n"
        "    assert tempfile.gettempdir() == os.getcwd(), tempfile.gettempdir()\n"
        "    with tempfile.NamedTemporaryFile() as handle:\n"
        "        handle.write(b'ok')\n"
        "    return x.clamp(min=0)\n"
    )
    with SandboxClient(hide=[]) as client:
        report = client.isolation()
        assert not report["private_tmp"]
        assert report["workdir"].startswith("/tmp/studyapp-sandbox-")
        verdict = client.check(relu, HEADER + body)
    assert verdict["status"] == "passed", verdict["message"]


def test_input_is_an_explained_error(sandbox, relu, canary) -> None:
    verdict = run_hostile(sandbox, relu, canary, "def relu(x):\n    return input('x? ')\n")
    assert verdict["status"] == "error"
    assert "input()" in verdict["cases"][0]["diagnosis"]


def test_no_network(sandbox, relu, canary) -> None:
    body = (
        "def relu(x):\n    socket.create_connection(('1.1.1.1', 53), timeout=1)\n"
        "    return x.clamp(min=0)\n"
    )
    verdict = run_hostile(sandbox, relu, canary, body)
    assert verdict["status"] == "error"
    assert "OSError" in verdict["cases"][0]["diagnosis"]


def test_giant_result(sandbox, relu, canary) -> None:
    # 40 MB per case: over the 32 MB result cap; a generous limit keeps a loaded CI box calm.
    body = "def relu(x):\n    return torch.zeros(10**7)\n"
    verdict = run_hostile(sandbox, relu, canary, body, limit=10)
    assert verdict["status"] == "too-large"


@pytest.mark.parametrize(
    "value, shown",
    [("lambda: 0", "function"), ("(i for i in x)", "generator"), ("x.numpy()", "NumPy array")],
)
def test_unpicklable_or_foreign_results(sandbox, relu, canary, value, shown) -> None:
    verdict = run_hostile(sandbox, relu, canary, f"def relu(x):\n    return {value}\n")
    assert verdict["status"] == "failed"
    assert shown in verdict["cases"][0]["diagnosis"]


def test_syntax_error_at_learners_line(sandbox, relu, canary) -> None:
    code = "import torch\n\ndef relu(x):\n    return x.clamp(min=0\n"
    verdict = sandbox.check(relu, code)
    assert verdict["status"] == "syntax-error"
    assert "line 4" in verdict["message"]
    assert run_hostile(sandbox, relu, canary, "def relu(x)\n    pass\n")["status"] == "syntax-error"


def test_runtime_error_reports_learners_line(sandbox, relu) -> None:
    code = "import torch\n\n\ndef relu(x):\n    y = x.clamp(min=0)\n    return y / undefined\n"
    verdict = sandbox.check(relu, code)
    assert verdict["status"] == "error"
    assert "line 6" in verdict["cases"][0]["diagnosis"]


@pytest.mark.parametrize(
    "patch",
    [
        "torch.allclose = torch.equal = torch.isclose = lambda *a, **k: True\n"
        "torch.Tensor.__eq__ = lambda *a: True\n",
        "import studyapp.drills.compare as c\nc.compare = lambda *a, **k: None\n",
        "import studyapp.sandbox.wire as w\nw.encode = lambda v: {'~': 'list', 'items': []}\n",
        "sys.modules['torch'] = None\nsys.exit = lambda *a: None\n",
    ],
)
def test_patching_torch_sys_or_checker_changes_nothing(sandbox, relu, canary, patch) -> None:
    verdict = run_hostile(sandbox, relu, canary, patch + "def relu(x):\n    return x * 0\n")
    assert not verdict["passed"]
    assert verdict["status"] in {"failed", "crashed", "error"}


def test_next_attempt_does_not_see_the_previous_one(sandbox, relu, canary) -> None:
    run_hostile(
        sandbox,
        relu,
        canary,
        "torch.relu_marker = 1\nopen('left.txt', 'w')\ndef relu(x):\n    return x.clamp(min=0)\n",
    )
    body = (
        "def relu(x):\n    assert not hasattr(torch, 'relu_marker')\n"
        "    assert not os.path.exists('left.txt')\n    return x.clamp(min=0)\n"
    )
    assert run_hostile(sandbox, relu, canary, body)["status"] == "passed"


def test_isolation_report(sandbox) -> None:
    report = sandbox.isolation()
    assert report["platform"].startswith("linux")
    # This machine (root, Linux) gets the full set; fallbacks are reported, not hidden.
    assert {"mount", "network", "pid"} <= set(report["namespaces"])
    assert report["readonly_fs"]
    # /tmp itself is private unless studyapp or Python lives under /tmp (a checkout
    # cloned there, as in CI): then a dedicated directory is the private tmpfs.
    assert report["private_tmp"] or report["workdir"].startswith("/tmp/studyapp-sandbox-")
    assert report["workdir"]
    assert report["kill_all"] == "pid namespace"


def test_learner_cannot_write_next_to_the_sandbox_code(sandbox, relu, canary) -> None:
    import studyapp

    package = Path(studyapp.__file__).resolve().parent
    body = (
        "import os\n"
        f"def relu(x):\n"
        f"    try:\n"
        f"        open({str(package / 'planted.py')!r}, 'w').write('x')\n"
        f"    except OSError:\n"
        f"        pass\n"
        f"    return x.clamp(min=0)\n"
    )
    assert run_hostile(sandbox, relu, canary, body)["status"] == "passed"
    assert not (package / "planted.py").exists()


def test_server_restarts_after_dying(relu, canary) -> None:
    client = SandboxClient(hide=[str(canary.dir)])
    try:
        client.wait_ready()
        first = client.pid
        assert first is not None
        os.kill(first, 9)
        verdict = client.check(relu, GOOD)
        assert verdict["passed"]
        assert client.pid != first
    finally:
        client.close()
    assert (
        not Path(f"/proc/{first}").exists()
        or "zombie" in Path(f"/proc/{first}/status").read_text().lower()
    )


def test_temp_files_go_to_the_private_workdir(sandbox, relu, canary) -> None:
    # torch.optim and inductor write caches under tempfile.gettempdir(); when the
    # checkout lives under /tmp, /tmp is read-only for the learner, so the temp
    # dir must be the learner's own working directory.
    body = (
        "import os, tempfile\n"
        "def relu(x):\n"
        "    assert tempfile.gettempdir() == os.getcwd(), tempfile.gettempdir()\n"
        "    with tempfile.NamedTemporaryFile() as handle:\n"
        "        handle.write(b'ok')\n"
        "    return x.clamp(min=0)\n"
    )
    verdict = run_hostile(sandbox, relu, canary, body)
    assert verdict["status"] == "passed", verdict["message"]


def test_dedicated_dirs_left_by_killed_servers_are_cleared(monkeypatch) -> None:
    monkeypatch.setenv("STUDYAPP_SANDBOX_DEDICATED_DIR", "1")
    dead = Path("/tmp/studyapp-sandbox-999999999-left")
    alive = Path(f"/tmp/studyapp-sandbox-{os.getpid()}-mine")
    for path in (dead, alive):
        path.mkdir(exist_ok=True)
    try:
        with SandboxClient(hide=[]) as client:
            assert client.wait_ready()
            workdir = client.isolation()["workdir"]
        assert not dead.exists()
        assert alive.exists()  # its owner (this test process) is still running
        assert not Path(workdir).exists()  # a server that exits cleanly removes its own
    finally:
        for path in (dead, alive):
            if path.exists():
                path.rmdir()
