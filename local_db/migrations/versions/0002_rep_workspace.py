"""rep workspace: customer search index, visit-planning facts, drafts, saved filters

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 18:49:50.550078

Generated with ``alembic revision --autogenerate`` against a database at 0001, then
completed by hand with what autogenerate cannot see: the FTS5 table ``customer_fts`` and
the triggers that keep the index in step with every local write and every pulled page.

The triggers only *queue* a customer (``search_queue``): they run inside the sync's bulk
inserts, where building a document per row would cost seconds on an initial sync, and a
document needs Python anyway (pinyin). ``local_db.search.catch_up`` turns the queue, and
customers that have no index entry yet, into documents and planning facts. Until it has,
searches look at those customers directly, so no result is ever missed.

The trigger bodies use ``ON CONFLICT DO NOTHING`` rather than ``INSERT OR IGNORE``: an
outer statement's conflict policy overrides a trigger's ``OR`` clause, and the pull's
``INSERT … ON CONFLICT DO UPDATE`` would turn a duplicate queue entry into an error.
"""
from alembic import op
import sqlalchemy as sa
import local_db.sqltypes


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def _queue(customer: str) -> str:
    return f"INSERT INTO search_queue (customer_id) VALUES ({customer}) ON CONFLICT DO NOTHING;"


def _indexed(customer: str) -> str:
    return f"WHEN EXISTS (SELECT 1 FROM customer_index WHERE customer_id = {customer})"


# A customer without an index entry (new, or everything right after an initial sync) needs
# no queue entry: catch_up finds it by its missing entry. So the triggers only queue
# changes to customers that are indexed already, and during an initial sync each of them
# is one index lookup that finds nothing.
TRIGGERS = {
    # A document goes when its index entry goes (evictions, a wiped replica).
    "customer_index_ad": "AFTER DELETE ON customer_index BEGIN "
                         "DELETE FROM customer_fts WHERE rowid = old.doc_id; END",
    "customers_search_au": "AFTER UPDATE OF name, code, phone, fax, address, city, tier, visit_grade, deleted "
                           f"ON customers {_indexed('new.id')} BEGIN {_queue('new.id')} END",
    "customers_search_ad": "AFTER DELETE ON customers BEGIN "
                           "DELETE FROM customer_index WHERE customer_id = old.id; "
                           "DELETE FROM search_queue WHERE customer_id = old.id; END",
    "contacts_search_ai": f"AFTER INSERT ON contacts {_indexed('new.customer_id')} "
                          f"BEGIN {_queue('new.customer_id')} END",
    "contacts_search_au": "AFTER UPDATE OF customer_id, name, phone, mobile, deleted ON contacts BEGIN "
                          "INSERT INTO search_queue (customer_id) SELECT customer_id FROM customer_index "
                          "WHERE customer_id IN (old.customer_id, new.customer_id) ON CONFLICT DO NOTHING; END",
    "contacts_search_ad": f"AFTER DELETE ON contacts {_indexed('old.customer_id')} "
                          f"BEGIN {_queue('old.customer_id')} END",
    "visits_search_ai": f"AFTER INSERT ON visits {_indexed('new.customer_id')} BEGIN {_queue('new.customer_id')} END",
    "visits_search_au": "AFTER UPDATE OF customer_id, status, planned_at, check_in_at, deleted ON visits BEGIN "
                        "INSERT INTO search_queue (customer_id) SELECT customer_id FROM customer_index "
                        "WHERE customer_id IN (old.customer_id, new.customer_id) ON CONFLICT DO NOTHING; END",
    "visits_search_ad": f"AFTER DELETE ON visits {_indexed('old.customer_id')} BEGIN {_queue('old.customer_id')} END",
}


def upgrade() -> None:
    op.create_table('customer_index',
    sa.Column('doc_id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('customer_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('grade', sa.String(length=32), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('last_visit_at', local_db.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('due_on', local_db.sqltypes.ISODate(), nullable=True),
    sa.Column('planned_at', local_db.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('doc_id', name=op.f('pk_customer_index')),
    sa.UniqueConstraint('customer_id', name=op.f('uq_customer_index_customer_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('customer_index', schema=None) as batch_op:
        batch_op.create_index('ix_customer_index_due', ['grade', 'due_on'], unique=False, sqlite_where=sa.text('active = 1 AND planned_at IS NULL'))
        batch_op.create_index('ix_customer_index_due_day', ['due_on'], unique=False, sqlite_where=sa.text('active = 1 AND planned_at IS NULL'))
        batch_op.create_index(batch_op.f('ix_customer_index_due_on'), ['due_on'], unique=False)

    op.create_table('drafts',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('customer_id', sa.String(length=36), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('updated_at', local_db.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_drafts'))
    )
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drafts_customer_id'), ['customer_id'], unique=False)

    op.create_table('saved_filters',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('created_at', local_db.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_filters')),
    sa.UniqueConstraint('name', name=op.f('uq_saved_filters_name'))
    )
    op.create_table('search_queue',
    sa.Column('customer_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('customer_id', name=op.f('pk_search_queue')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index('ix_visits_planned_at_open', ['planned_at'], unique=False, sqlite_where=sa.text("status = 'planned'"))
        batch_op.create_index('ix_visits_status_open', ['status'], unique=False, sqlite_where=sa.text("status IN ('in_progress', 'returned')"))

    # -- by hand: the full-text table and the triggers that feed the queue ---------------------
    # One document per customer, its rowid = customer_index.doc_id: ``text`` holds character
    # bigrams of the name, code, address, city, phone numbers and contacts; ``initials`` and
    # ``full`` those of the name's pinyin initials and full pinyin (see local_db/search.py).
    # unicode61 splits the bigrams at the spaces.
    op.execute("CREATE VIRTUAL TABLE customer_fts USING fts5(text, initials, full, "
               "tokenize = 'unicode61 remove_diacritics 2')")
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    # Customers already on this laptop have no index entry yet: the first catch-up makes them.


def downgrade() -> None:
    for name in reversed(list(TRIGGERS)):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS customer_fts")

    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index('ix_visits_status_open', sqlite_where=sa.text("status IN ('in_progress', 'returned')"))
        batch_op.drop_index('ix_visits_planned_at_open', sqlite_where=sa.text("status = 'planned'"))

    op.drop_table('search_queue')
    op.drop_table('saved_filters')
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drafts_customer_id'))

    op.drop_table('drafts')
    with op.batch_alter_table('customer_index', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_index_due_on'))
        batch_op.drop_index('ix_customer_index_due_day', sqlite_where=sa.text('active = 1 AND planned_at IS NULL'))
        batch_op.drop_index('ix_customer_index_due', sqlite_where=sa.text('active = 1 AND planned_at IS NULL'))

    op.drop_table('customer_index')
