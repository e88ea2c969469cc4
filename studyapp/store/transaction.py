"""The one way the store writes: a session in a transaction that commits or rolls back whole.

Database failures come out as one-line :class:`StorageError` messages naming
the database (locked, read-only, damaged), never as driver tracebacks.
"""

from __future__ import annotations

from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from studyapp.errors import StorageError

#: PostgreSQL advisory lock key for serialized writers (any fixed number of ours).
SERIAL_LOCK = 5_170_002


class WriteTransaction:
    """Context manager: a session that commits on success, rolls back on error.

    On SQLite it starts with ``BEGIN IMMEDIATE`` so two writers queue up on the
    busy timeout instead of failing half-way; a lock held too long becomes a
    clear StorageError. Other backends start a plain transaction; with
    ``serialize`` PostgreSQL also takes an application-wide advisory lock, so
    whole-table writers (deck sync, import) from several processes queue up
    instead of tripping over each other's inserts. Reviews need no such lock:
    their conditional update decides (see :mod:`.repository`).
    """

    def __init__(self, session: Session, *, serialize: bool = False) -> None:
        self.session = session
        self.serialize = serialize

    def __enter__(self) -> Session:
        dialect = self.session.get_bind().dialect.name
        try:
            if dialect == "sqlite":
                self.session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            elif dialect == "postgresql" and self.serialize:
                self.session.connection().exec_driver_sql(
                    f"SELECT pg_advisory_xact_lock({SERIAL_LOCK})")
        except DatabaseError as error:
            self.session.rollback()
            self.session.close()
            raise _storage_error(self.session, error) from None
        return self.session

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 _tb: object) -> None:
        try:
            if exc_type is None:
                self.session.commit()
            else:
                self.session.rollback()
        except DatabaseError as error:
            self.session.rollback()
            raise _storage_error(self.session, error) from None
        finally:
            self.session.close()
        if isinstance(exc, DatabaseError):
            raise _storage_error(self.session, exc) from exc


def _storage_error(session: Session, error: DatabaseError) -> StorageError:
    """A one-line message naming the database for a failed write."""
    where = session.get_bind().url.database or str(session.get_bind().url)
    reason = str(error.orig or error).splitlines()[0]
    if "locked" in reason or "busy" in reason:
        return StorageError(
            f"database {where} is locked by another program (another studyapp?); "
            "close it and try again"
        )
    if "readonly" in reason or "read-only" in reason:
        return StorageError(f"database {where} is read-only: {reason}")
    return StorageError(f"database {where}: write failed: {reason}")
