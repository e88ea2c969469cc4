"""Bring a database to the current schema with Alembic (skipped when already current)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DatabaseError, OperationalError

from studyapp.errors import StorageError
from studyapp.store.schema import SCHEMA_HEAD

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def current_revision(engine: Engine) -> str | None:
    """The database's Alembic revision, or ``None`` for an empty database.

    Raises:
        StorageError: the file is not a database we can read.
    """
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (DatabaseError, OperationalError) as exc:
        raise StorageError(f"cannot open database {engine.url.database or engine.url}: "
                           f"{_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).splitlines()[0]


def alembic_config(engine: Engine, profile: str | None = None):  # noqa: ANN201
    """An Alembic Config pointing at our migrations, bound to ``engine``.

    ``profile`` is who inherits a pre-profile database's rows (0003).
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    config.attributes["profile"] = profile
    return config


def upgrade(engine: Engine, revision: str = "head", *, profile: str | None = None) -> None:
    """Run migrations up to ``revision`` on ``engine``."""
    from alembic import command

    command.upgrade(alembic_config(engine, profile), revision)


def ensure_schema(engine: Engine, profile: str | None = None) -> None:
    """Create or upgrade the schema; a no-op (no Alembic import) when already current.

    An existing SQLite file is first copied next to itself (see :mod:`.backup`),
    and the migrations run in one ``BEGIN IMMEDIATE`` transaction, so a crash
    or a second instance never sees a half-upgraded schema (PostgreSQL: one
    transaction under an advisory lock). Rows of a database from before
    profiles go to ``profile`` (default: the OS user).

    Raises:
        StorageError: the database is from a newer studyapp, or unreadable.
    """
    revision = current_revision(engine)
    if revision == SCHEMA_HEAD:
        return
    known = _known_revisions()
    if revision is not None and revision not in known:
        raise StorageError(
            f"database {engine.url.database} was written by a newer studyapp "
            f"(schema {revision!r}); upgrade studyapp to open it"
        )
    if revision is not None:
        _backup_before_upgrade(engine, revision)
    try:
        upgrade(engine, profile=profile)
    except (DatabaseError, OperationalError) as exc:
        raise StorageError(f"cannot upgrade database {engine.url.database}: {_reason(exc)}") \
            from None


def _backup_before_upgrade(engine: Engine, revision: str) -> Path | None:
    """Snapshot an existing SQLite file before migrating it; other backends keep their own."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    from studyapp.store.backup import backup_sqlite

    return backup_sqlite(Path(database), label=f"schema-{revision}")


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config_for_scripts())
    return {rev.revision for rev in script.walk_revisions()}


def alembic_config_for_scripts():  # noqa: ANN201
    """A Config for reading the migration scripts only (no engine)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config
