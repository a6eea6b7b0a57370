"""organisation settings: the synced ``org_setting`` rows (SLA policy, review thresholds,
company profile)

Revision ID: 0003
Revises: 0002

A laptop that already synced before this step has pulled past any settings the server
held then: the old app version ignored rows of an entity it did not know. So on such a
replica (it has a pull cursor) this step asks the next sync to verify every bucket
(``rescope_pending`` in ``sync_state``, the sync engine's durable "re-check the scope"
mark): the organisation bucket then differs and is re-downloaded, settings included.
Until then the laptop computes with the defaults, as before.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

sync_state = sa.table('sync_state', sa.column('key', sa.String), sa.column('value', sa.Text))


def upgrade() -> None:
    op.create_table('org_settings',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_settings'))
    )
    with op.batch_alter_table('org_settings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_settings_key'), ['key'], unique=False)

    conn = op.get_bind()
    synced = conn.execute(sa.select(sync_state.c.value).where(sync_state.c.key == 'cursor')).scalar()
    pending = conn.execute(sa.select(sync_state.c.value).where(sync_state.c.key == 'rescope_pending')).scalar()
    if synced and not pending:
        conn.execute(sa.delete(sync_state).where(sync_state.c.key == 'rescope_pending'))
        conn.execute(sa.insert(sync_state).values(key='rescope_pending', value='app update: organisation settings'))


def downgrade() -> None:
    with op.batch_alter_table('org_settings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_settings_key'))

    op.drop_table('org_settings')
