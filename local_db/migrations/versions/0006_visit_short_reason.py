"""visit.short_reason: why a too-short visit was checked out anyway

Revision ID: 0006
Revises: 0005

Older logs have none (NULL): they were checked out before the rep was asked.
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('visits', sa.Column('short_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('visits') as batch:
        batch.drop_column('short_reason')
