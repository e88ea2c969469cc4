"""Alembic environment: runs migrations on the engine the app passes in."""

from __future__ import annotations

from alembic import context

from studyapp.store.schema import Base

#: An arbitrary application-wide key for PostgreSQL's advisory lock.
MIGRATION_LOCK = 5_170_001

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    if connection.dialect.name == "sqlite":
        # Take the write lock before Alembic reads the version: SQLite DDL is
        # transactional, so the whole upgrade commits or none of it does, and a
        # second instance waits here, then finds the schema already current.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        # The same for PostgreSQL: its DDL is transactional too; a second
        # process waits on this lock until the first has committed.
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
