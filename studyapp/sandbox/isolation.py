"""OS-level confinement for the learner's child: namespaces, mounts, limits, privileges.

Linux gets new mount, network, PID, IPC and UTS namespaces (plus a user
namespace when not root), a read-only view of the whole filesystem, a fresh
size-capped tmpfs as working directory, the learner's data directories hidden
under empty tmpfs, and (as root) a drop to ``nobody``. Elsewhere, or where
namespaces are refused, only resource limits and a process group remain; the
report says so. Python 3.11 has no ``os.unshare``, hence ctypes.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import ctypes.util
import os
import resource
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_MOVE, MS_REC, MS_PRIVATE = 32, 4096, 8192, 0x4000, 1 << 18
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
SYS_MOUNT_SETATTR, AT_FDCWD, AT_RECURSIVE, MOUNT_ATTR_RDONLY = 442, -100, 0x8000, 1
NOBODY = 65534
SANDBOX_DIR = "/tmp"
#: Where the learner's private tmpfs is mounted: ``/tmp`` unless our own code or
#: Python lives under ``/tmp`` (e.g. a checkout cloned there), in which case a
#: dedicated directory is used so covering ``/tmp`` does not hide the sandbox itself.
_sandbox_dir = SANDBOX_DIR
#: Set to 1 to use the dedicated directory even when /tmp could be covered (tests).
DEDICATED_DIR_ENV = "STUDYAPP_SANDBOX_DEDICATED_DIR"

_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


class _MountAttr(ctypes.Structure):
    _fields_ = [
        ("attr_set", ctypes.c_uint64),
        ("attr_clr", ctypes.c_uint64),
        ("propagation", ctypes.c_uint64),
        ("userns_fd", ctypes.c_uint64),
    ]


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


@dataclass
class Limits:
    """Per-attempt resource limits."""

    cpu_s: int = 6
    memory_mb: int = 768
    processes: int = 32
    file_mb: int = 16
    open_files: int = 64
    tmpfs_mb: int = 32


@dataclass
class Isolation:
    """What confinement is in effect; sent to clients as the isolation report."""

    platform: str = sys.platform
    namespaces: list[str] = field(default_factory=list)
    readonly_fs: bool = False
    private_tmp: bool = False
    workdir: str = ""
    hidden: list[str] = field(default_factory=list)
    uid: str = "unchanged"
    limits: list[str] = field(default_factory=list)
    kill_all: str = "process group"
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def set_pdeathsig() -> None:
    """Die with SIGKILL when the parent dies (Linux only)."""
    if sys.platform.startswith("linux"):
        _libc.prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)


def needed_paths() -> set[Path]:
    """Paths the learner's process must still see: Python, its packages and studyapp."""
    needed = {
        Path(p).resolve()
        for p in (sys.prefix, sys.base_prefix, sys.executable, *[p for p in sys.path if p])
    }
    needed.update(Path(__file__).resolve().parents[1:3])
    return needed


def choose_sandbox_dir() -> str:
    """Pick (once, in the server before forking) where the private tmpfs goes."""
    global _sandbox_dir
    tmp = Path(SANDBOX_DIR).resolve()
    forced = os.environ.get(DEDICATED_DIR_ENV) == "1"
    if forced or any(path == tmp or tmp in path.parents for path in needed_paths()):
        _remove_stale_sandbox_dirs(tmp)
        _sandbox_dir = tempfile.mkdtemp(prefix=f"studyapp-sandbox-{os.getpid()}-")
        atexit.register(_remove_sandbox_dir, _sandbox_dir, os.getpid())
    else:
        _sandbox_dir = SANDBOX_DIR
    return _sandbox_dir


def _remove_stale_sandbox_dirs(tmp: Path) -> None:
    """Remove empty dedicated dirs left by servers that were killed (no atexit ran)."""
    for old in tmp.glob("studyapp-sandbox-*"):
        owner = old.name.split("-")[2]
        if not owner.isdigit() or Path(f"/proc/{owner}").exists():
            continue
        with contextlib.suppress(OSError):
            old.rmdir()  # only succeeds when empty


def _remove_sandbox_dir(path: str, owner: int) -> None:
    if os.getpid() == owner:
        with contextlib.suppress(OSError):
            os.rmdir(path)


def sandbox_dir() -> str:
    """The directory the learner works in when namespaces are available."""
    return _sandbox_dir


def enter_namespaces(plan: Isolation, hide: list[str]) -> None:
    """In the runner: unshare, then build the filesystem view. Raises ``OSError``."""
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS
    as_root = os.geteuid() == 0
    uid, gid = os.geteuid(), os.getegid()
    if not as_root:
        flags |= CLONE_NEWUSER
    _check(_libc.unshare(flags), "unshare")
    if not as_root:
        Path("/proc/self/setgroups").write_text("deny")
        Path("/proc/self/uid_map").write_text(f"0 {uid} 1")
        Path("/proc/self/gid_map").write_text(f"0 {gid} 1")
    _check(_libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "make / private")
    attr = _MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
    readonly = (
        _libc.syscall(
            SYS_MOUNT_SETATTR, AT_FDCWD, b"/", AT_RECURSIVE, ctypes.byref(attr), ctypes.sizeof(attr)
        )
        == 0
    )
    plan.readonly_fs = readonly
    options = f"size={Limits().tmpfs_mb}m,mode=1777".encode()
    _check(
        _libc.mount(b"tmpfs", _sandbox_dir.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, options),
        "private tmp",
    )
    plan.hidden = []
    for spec in hide:
        hidden, _, exposed = spec.partition("=")
        if os.path.isdir(hidden):
            _hide(hidden, [p for p in exposed.split(os.pathsep) if p])
            plan.hidden.append(hidden)
    plan.private_tmp = _sandbox_dir == SANDBOX_DIR
    plan.workdir = _sandbox_dir


def _hide(path: str, expose: list[str]) -> None:
    """Cover ``path`` with an empty read-only tmpfs, keeping ``expose`` (inside it) visible.

    E.g. ``/root`` is hidden but the Python installation under it stays readable:
    each exposed directory is bind-mounted aside, the tmpfs goes on, then the binds
    are moved back to the same paths (readable by ``nobody`` via 755 tmpfs dirs).
    """
    staged = []
    for index, inner in enumerate(expose):
        stage = os.path.join(_sandbox_dir, f".stage{index}")
        os.mkdir(stage)
        _check(
            _libc.mount(inner.encode(), stage.encode(), None, MS_BIND | MS_REC, None),
            f"bind {inner}",
        )
        staged.append((stage, inner))
    _check(
        _libc.mount(b"tmpfs", path.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, b"size=64k,mode=755"),
        f"hide {path}",
    )
    for stage, inner in staged:
        os.makedirs(inner, mode=0o755, exist_ok=True)
        _check(_libc.mount(stage.encode(), inner.encode(), None, MS_MOVE, None), f"move {inner}")
        os.rmdir(stage)
    _check(
        _libc.mount(
            b"tmpfs", path.encode(), None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None
        ),
        f"read-only {path}",
    )


def mount_proc() -> None:
    """In the learner (PID 1 of its namespace): a /proc showing only its own processes."""
    _libc.mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)


def apply_limits(limits: Limits, drop_to_nobody: bool) -> list[str]:
    """Set rlimits (memory calibrated from the current size); returns what was set."""
    done = []
    vm = _vm_size()

    def setlimit(kind: int, value: int, label: str) -> None:
        try:
            resource.setrlimit(kind, (value, value))
            done.append(label)
        except (ValueError, OSError):
            pass

    setlimit(resource.RLIMIT_CPU, limits.cpu_s, f"cpu {limits.cpu_s}s")
    if vm:
        setlimit(
            resource.RLIMIT_AS,
            vm + limits.memory_mb * 2**20,
            f"address space {vm // 2**20}+{limits.memory_mb} MB",
        )
    setlimit(resource.RLIMIT_FSIZE, limits.file_mb * 2**20, f"file size {limits.file_mb} MB")
    setlimit(resource.RLIMIT_NOFILE, limits.open_files, f"open files {limits.open_files}")
    setlimit(resource.RLIMIT_CORE, 0, "no core dumps")
    if drop_to_nobody:
        setlimit(resource.RLIMIT_NPROC, limits.processes, f"processes {limits.processes}")
    return done


def drop_privileges(to_nobody: bool) -> str:
    """Become ``nobody`` (when root) or drop all capabilities; forbid regaining any."""
    if to_nobody:
        os.setgroups([])
        os.setresgid(NOBODY, NOBODY, NOBODY)
        os.setresuid(NOBODY, NOBODY, NOBODY)
        result = "nobody"
    else:
        result = "unchanged"
        if sys.platform.startswith("linux"):
            header = (ctypes.c_uint32 * 2)(0x20080522, 0)
            data = (ctypes.c_uint32 * 6)()
            if _libc.capset(header, data) == 0:  # drop every capability
                result = "no capabilities"
    if sys.platform.startswith("linux"):
        _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    return result


def _vm_size() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def hide_candidates(extra: list[str]) -> list[str]:
    """Directories to hide, as ``DIR`` or ``DIR=KEEP1:KEEP2`` (subpaths the sandbox needs).

    The learner's data dirs (``extra``), the home directory, ``/root`` and ``/home``
    are hidden; Python, its packages and studyapp stay visible even when they live
    inside one of them.
    """
    needed = needed_paths()
    out: dict[str, list[str]] = {}
    for raw in [*extra, os.path.expanduser("~"), "/root", "/home"]:
        path = Path(raw).expanduser().resolve()
        if str(path) in ("/", SANDBOX_DIR, _sandbox_dir) or not path.is_dir() or str(path) in out:
            continue
        if path in needed:
            continue  # hiding it would hide the sandbox's own code
        inside = sorted({n if n.is_dir() else n.parent for n in needed if path in n.parents})
        keep = [str(n) for n in inside if not any(o in n.parents for o in inside)]
        out[str(path)] = keep
    return [f"{path}={os.pathsep.join(keep)}" if keep else path for path, keep in out.items()]
