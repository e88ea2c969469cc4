"""Open a learner's database: resolve the target, create the engine, set durability pragmas."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from studyapp.errors import StorageError

SQLITE_BUSY_TIMEOUT_MS = 5000


def resolve_url(target: str) -> str:
    """Turn ``--db`` (a file path or SQLAlchemy URL) into a URL; create the file's folder.

    Raises:
        StorageError: unknown URL scheme, or a folder that cannot be created/written.
    """
    if "://" in target:
        try:
            url = make_url(target)
            url.get_dialect()
        except (ArgumentError, NoSuchModuleError, ValueError) as exc:
            scheme = target.split("://", 1)[0]
            raise StorageError(
                f"--db {target!r}: unknown database scheme {scheme!r} "
                "(use a file path, sqlite:///PATH or postgresql+psycopg://...)"
            ) from exc
        except ImportError as exc:
            raise StorageError(f"--db {target!r}: driver not installed ({exc})") from exc
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            _ensure_folder(Path(url.database))
        return str(url.render_as_string(hide_password=False))
    path = Path(target).expanduser().resolve()
    _ensure_folder(path)
    return f"sqlite:///{path}"


def _ensure_folder(path: Path) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create data folder {folder}: {exc.strerror}") from None
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise StorageError(f"database {path} is not readable and writable")
    elif not os.access(folder, os.W_OK | os.X_OK):
        raise StorageError(f"data folder {folder} is not writable")


def make_engine(target: str) -> Engine:
    """An engine for ``target``; SQLite gets WAL, foreign keys, FULL sync and a busy timeout."""
    url = resolve_url(target)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()
