"""Test helper: a private schema on the real PostgreSQL server named by STUDYAPP_TEST_PG_URL.

Store and migration tests run on SQLite always and on PostgreSQL when that
variable is set (``.ci/run`` sets it). Each PostgreSQL test gets its own
schema, found through ``search_path`` in the URL, dropped afterwards. In CI
(``CI=true``) a missing server is a loud failure, never a silent skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_ENV = "STUDYAPP_TEST_PG_URL"


def backends() -> list[str]:
    """``sqlite``, plus ``postgresql`` when a server is configured (or CI demands one)."""
    wanted = bool(os.environ.get(PG_ENV)) or os.environ.get("CI", "").lower() == "true"
    return ["sqlite", "postgresql"] if wanted else ["sqlite"]


def server_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        raise RuntimeError(f"CI=true but {PG_ENV} is not set: .ci/run must start PostgreSQL")
    return url


@contextmanager
def pg_schema() -> Iterator[str]:
    """A fresh schema on the test server; yields a URL whose search_path points at it."""
    from sqlalchemy import create_engine, make_url

    from studyapp.store.engine import resolve_url

    base = make_url(resolve_url(server_url()))
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {name}")
    try:
        yield base.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
        admin.dispose()


@contextmanager
def database_target(backend: str, folder: Path) -> Iterator[str]:
    """A ``--db`` target for ``backend``: a SQLite file in ``folder`` or a fresh PG schema."""
    if backend == "sqlite":
        yield str(folder / "learner.sqlite")
        return
    with pg_schema() as url:
        yield url
