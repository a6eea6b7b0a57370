"""attachment.duplicate_of / duplicate_context: the server's evidence fields (the record
the same photo was on first)

Revision ID: 0008
Revises: 0007

Rows pulled before have none (NULL): the server had not judged them either.
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('attachments', sa.Column('duplicate_of', sa.String(length=36), nullable=True))
    op.add_column('attachments', sa.Column('duplicate_context', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('attachments') as batch:
        batch.drop_column('duplicate_context')
        batch.drop_column('duplicate_of')
