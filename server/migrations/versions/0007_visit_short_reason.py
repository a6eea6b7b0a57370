"""visit.short_reason: why a too-short visit was checked out anyway (the rep's answer to the
check-out warning; the supervisor reads it in the review panel).

Revision ID: 0007
Revises: 0006

Older logs have none (NULL).
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("visits", sa.Column("short_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("visits") as batch:
        batch.drop_column("short_reason")
