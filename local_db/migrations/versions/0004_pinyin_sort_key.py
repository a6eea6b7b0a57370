"""pinyin sort key: ``customer_index.sort_key``, so Chinese names sort as a dictionary does

Revision ID: 0004
Revises: 0003

Names sorted by code point come out as 严, 何, 刘 …; ``local_db.search.sort_key`` is their
pinyin (phrase-aware) and lists sort on it. Existing index entries have no key yet, so
every indexed customer is queued: the window's catch-up works the queue off in slices, and
until then a customer sorts by its name (``queries.customer_sort``).
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE, not a batch copy: a copied table would lose its FTS trigger.
    op.add_column('customer_index', sa.Column('sort_key', sa.String(length=800), nullable=True))
    op.create_index(op.f('ix_customer_index_sort_key'), 'customer_index', ['sort_key'], unique=False)
    op.execute("INSERT INTO search_queue (customer_id) SELECT customer_id FROM customer_index WHERE true "
               "ON CONFLICT DO NOTHING")


def downgrade() -> None:
    with op.batch_alter_table('customer_index', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_index_sort_key'))
        batch_op.drop_column('sort_key')
