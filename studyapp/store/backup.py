"""Copies of a learner's SQLite file taken before anything risky (a schema upgrade).

The copy is made with ``VACUUM INTO``, SQLite's own consistent snapshot, so it
includes whatever still sits in the write-ahead log; copying the file bytes of
a WAL database could miss committed reviews. A copy is written under a
temporary name and renamed, so a crash never leaves half a backup.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from studyapp.errors import StorageError

#: How many backups of one database are kept (oldest deleted first).
KEEP_BACKUPS = 3


def backup_paths(db_path: Path) -> list[Path]:
    """Existing backups of ``db_path``, oldest first."""
    return sorted(db_path.parent.glob(f"{db_path.name}.backup-*.sqlite"))


def backup_sqlite(db_path: Path, *, label: str, keep: int = KEEP_BACKUPS) -> Path:
    """Snapshot ``db_path`` next to it as ``NAME.backup-<UTC time>-<label>.sqlite``.

    Keeps the newest ``keep`` backups.

    Raises:
        StorageError: the copy could not be written (the original is untouched).
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = db_path.with_name(f"{db_path.name}.backup-{stamp}-{label}.sqlite")
    counter = 1
    while target.exists():
        target = db_path.with_name(f"{db_path.name}.backup-{stamp}.{counter}-{label}.sqlite")
        counter += 1
    # Per-process temporary name: two instances upgrading at once each finish a copy.
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(db_path, timeout=5)
        try:
            conn.execute("VACUUM INTO ?", (str(partial),))
        finally:
            conn.close()
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(
            f"cannot back up {db_path} before upgrading it ({exc}); nothing was changed"
        ) from None
    for old in backup_paths(db_path)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return target
