"""Both databases are created by migrations, and the migrations match the model."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from local_db.db import LocalDb
from local_db.migrate import HEAD, current_revision
from local_db.models import metadata as client_metadata
from local_db.search import include_name
from server.store.migrate import head_revision, is_current
from server.store.tables import metadata as server_metadata


def _diff(engine, metadata):
    with engine.connect() as conn:
        # include_name leaves out the client's FTS5 search tables, which migration 0002 makes by hand
        opts = {"compare_type": True, "include_name": include_name}
        return compare_metadata(MigrationContext.configure(conn, opts=opts), metadata)


@pytest.mark.real_migrations
def test_server_schema_from_migrations_matches_model(any_store):
    assert is_current(any_store.engine)
    assert _diff(any_store.engine, server_metadata) == []
    names = set(inspect(any_store.engine).get_table_names())
    assert {
        "customers",
        "visits",
        "quotes",
        "quote_lines",
        "complaints",
        "change_counter",
        "user_scope",
    } <= names


@pytest.mark.real_migrations
def test_client_schema_from_migrations_matches_model(tmp_path):
    db = LocalDb(tmp_path / "c.sqlite3")
    assert current_revision(db.engine) == HEAD
    assert _diff(db.engine, client_metadata) == []
    # opening again is a no-op
    LocalDb(tmp_path / "c.sqlite3")


def test_head_constants_agree():
    assert head_revision() == "0010"
