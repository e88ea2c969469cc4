"""Alembic environment: runs migrations on the engine the app passes in."""

from __future__ import annotations

from alembic import context

from studyapp.store.schema import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    if connection.dialect.name == "sqlite":
        # Take the write lock before Alembic reads the version: SQLite DDL is
        # transactional, so the whole upgrade commits or none of it does, and a
        # second instance waits here, then finds the schema already current.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
