"""attachments: metadata of photos and files on visits, complaints, quotes and customers

Revision ID: 0007
Revises: 0006

A new entity: a replica that synced before has pulled past no attachment rows (the
server had none before its own migration), so nothing needs re-fetching.
"""
import sqlalchemy as sa
from alembic import op

import local_db.sqltypes

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'attachments',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('version', sa.Integer(), server_default='0', nullable=False),
        sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
        sa.Column('customer_id', sa.String(length=36), nullable=False),
        sa.Column('parent_type', sa.String(length=32), nullable=False),
        sa.Column('parent_id', sa.String(length=36), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('mime_type', sa.String(length=100), nullable=False),
        sa.Column('file_name', sa.String(length=255), nullable=False),
        sa.Column('caption', sa.Text(), nullable=True),
        sa.Column('created_by', sa.String(length=36), nullable=False),
        sa.Column('created_at', local_db.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('captured_at', local_db.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('latitude', local_db.sqltypes.ExactDecimal(scale=6), nullable=True),
        sa.Column('longitude', local_db.sqltypes.ExactDecimal(scale=6), nullable=True),
        sa.Column('uploaded_at', local_db.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments')),
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        for col in ('customer_id', 'parent_id', 'sha256', 'created_by'):
            batch_op.create_index(batch_op.f(f'ix_attachments_{col}'), [col], unique=False)


def downgrade() -> None:
    op.drop_table('attachments')
