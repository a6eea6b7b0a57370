"""Alembic environment for the client store; the connection comes from the caller."""

from alembic import context

from local_db.models import metadata
from local_db.search import include_name

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the programmatic entry point is supported
    raise RuntimeError("open the database through local_db.db.LocalDb")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=include_name,  # the FTS5 search tables are made by hand (migration 0002)
)
with context.begin_transaction():
    context.run_migrations()
