"""Devices: each laptop that signs in, so an admin can see and revoke one.

Revision ID: 0008
Revises: 0007

``devices`` has one row per laptop replica (its client id), and ``auth_tokens.client_id``
ties each issued token to the laptop it was issued to (empty for tokens issued before).
"""
import sqlalchemy as sa
from alembic import op

import local_db.sqltypes

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "devices",
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("device_name", sa.String(length=200), nullable=False),
        sa.Column("os", sa.String(length=200), nullable=True),
        sa.Column("app_version", sa.String(length=40), nullable=True),
        sa.Column("first_seen_at", local_db.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_sync_at", local_db.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_ip", sa.String(length=64), nullable=True),
        sa.Column("revoked_at", local_db.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("revoked_by", sa.String(length=36), nullable=True),
        sa.Column("wiped_at", local_db.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("client_id"),
    )
    op.create_index(op.f("ix_devices_user_id"), "devices", ["user_id"], unique=False)
    with op.batch_alter_table("auth_tokens") as batch:
        batch.add_column(sa.Column("client_id", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("auth_tokens") as batch:
        batch.drop_column("client_id")
    op.drop_index(op.f("ix_devices_user_id"), table_name="devices")
    op.drop_table("devices")
