"""Organisation settings, and how far each user's laptop has pulled.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

import local_db.sqltypes

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", local_db.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "user_sync_state",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("pulled_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_pull_at", local_db.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_sync_state_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_sync_state")),
    )


def downgrade() -> None:
    op.drop_table("user_sync_state")
    op.drop_table("settings")
