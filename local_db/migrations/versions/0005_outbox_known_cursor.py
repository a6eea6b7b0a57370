"""Outbox: what the laptop knew with each edit, and a client sequence that never restarts.

Revision ID: 0005
Revises: 0004

* ``known_cursor``: the pull cursor the laptop held when the edit was made (for a customer
  whose eviction was postponed, the one it held before it learned of the eviction). The
  server decides "did this laptop still cover the customer" on it, not on the cursor at
  push time (docs/ARCHITECTURE.md, "Scope changes and pending edits"). Entries queued
  before this step have none; the push falls back to the cursor it sends, as before.
* ``client_seq`` becomes an AUTOINCREMENT key: SQLite then never hands out a number again,
  even after the outbox empties, so a client's sequence rises for the life of the replica.
  (SQLite can only add AUTOINCREMENT by rebuilding the table; the copy keeps every queued
  entry and its number, and numbering continues above the highest one still queued —
  numbers used and pushed before this step were not kept anywhere on the laptop.)
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", recreate="always", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.add_column(sa.Column("known_cursor", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", recreate="always") as batch:
        batch.drop_column("known_cursor")
