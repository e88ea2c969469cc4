"""Open a learner's database: resolve the target, create the engine, set durability pragmas."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from studyapp.errors import StorageError

SQLITE_BUSY_TIMEOUT_MS = 5000


def resolve_url(target: str) -> str:
    """Turn ``--db`` (a file path or SQLAlchemy URL) into a URL; create the file's folder.

    Raises:
        StorageError: unknown URL scheme, or a folder that cannot be created/written.
    """
    if "://" in target:
        try:
            url = _supported_driver(make_url(target))
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


def _supported_driver(url: URL) -> URL:
    """``postgresql://`` (and ``postgres://``) use psycopg 3, the supported driver."""
    if url.drivername in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    return url


def _ensure_folder(path: Path) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create data folder {folder}: {exc.strerror}") from None
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise StorageError(f"database {path} is not readable and writable")
        if not os.access(folder, os.W_OK | os.X_OK) and not Path(f"{path}-wal").exists():
            raise StorageError(
                f"data folder {folder} is read-only; SQLite needs to write {path.name}-wal "
                "beside the database"
            )
    elif not os.access(folder, os.W_OK | os.X_OK):
        raise StorageError(f"data folder {folder} is not writable")


def make_engine(target: str) -> Engine:
    """An engine for ``target``; SQLite gets WAL, foreign keys, FULL sync and a busy timeout."""
    url = resolve_url(target)
    try:
        engine = create_engine(url, future=True)
    except ImportError as exc:  # the dialect is known but its DBAPI driver is not installed
        shown = make_url(url).render_as_string(hide_password=True)
        raise StorageError(
            f"--db {shown!r}: the database driver is not installed ({exc.name or exc}); "
            "studyapp supports SQLite and PostgreSQL (psycopg 3)"
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Switch to WAL (persistent in the file) unless it already is.

    Switching needs an exclusive lock and SQLite does not wait for it, so two
    processes creating the same new database at once would see "database is
    locked": retry for up to the busy timeout instead.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    _use_wal(cursor)
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def check_readable(engine: Engine) -> None:
    """Refuse a damaged SQLite file before anything is written to it.

    ``PRAGMA quick_check`` reads every page (about 25 ms for 30 MB); a file
    that fails it is reported with its backups rather than made worse.

    Raises:
        StorageError: not a database, damaged, or unreadable (locked, permissions).
    """
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return
    where = engine.url.database
    try:
        with engine.connect() as conn:
            result = conn.exec_driver_sql("PRAGMA quick_check(1)").scalar()
    except DBAPIError as exc:
        reason = str(exc.orig or exc).splitlines()[0]
        if "locked" in reason or "busy" in reason:
            raise StorageError(f"database {where} is locked by another program "
                               "(another studyapp?); close it and try again") from None
        raise StorageError(f"cannot open database {where}: {reason}") from None
    if result != "ok":
        from studyapp.store.backup import backup_paths

        backups = backup_paths(Path(where))
        hint = f"; newest backup: {backups[-1]}" if backups else ""
        detail = " ".join(str(result).split())
        raise StorageError(f"database {where} is damaged ({detail}); nothing was changed{hint}")
