"""The latest window closings of each user, the push's grace floor.

Revision ID: 0006
Revises: 0005

A pushed edit is judged "did the laptop still cover this customer" as of the cursor the
laptop held when it was made; ``recent_pulls`` bounds how old that claim may be
(server.feed.grace_floor). Rows of users who pulled before this step start empty: their
floor stays 0 until enough windows are recorded, which is how every claim was judged
before.
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_sync_state") as batch:
        batch.add_column(sa.Column("recent_pulls", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user_sync_state") as batch:
        batch.drop_column("recent_pulls")
