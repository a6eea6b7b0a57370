"""cached_files: attachment files held on this laptop, customers kept offline (local only)

Revision ID: 0009
Revises: 0008

``cached_files`` records per file (SHA-256) its thumbnail, whether the full file is here
and when it was last opened (the cache budget evicts the least recently used);
``offline_customers`` the customers the rep marked "available offline"; ``file_sweep``
the hashes whose attachment row left the laptop (eviction, deletion, repair), queued by
triggers so the files they leave behind are removed after the sync (sync/file_cache.py).
"""

import sqlalchemy as sa
from alembic import op

import local_db.sqltypes

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# ON CONFLICT rather than INSERT OR IGNORE: an outer statement's conflict policy would
# override a trigger's OR clause (see migration 0002).
_QUEUE = "INSERT INTO file_sweep (sha256) VALUES (old.sha256) ON CONFLICT (sha256) DO NOTHING;"
TRIGGERS = {
    "attachments_files_ad": f"AFTER DELETE ON attachments BEGIN {_QUEUE} END",
    "attachments_files_au": f"AFTER UPDATE OF deleted ON attachments WHEN new.deleted BEGIN {_QUEUE} END",
}


def upgrade() -> None:
    op.create_table(
        "cached_files",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), server_default="0", nullable=False),
        sa.Column("thumb_state", sa.String(length=8), nullable=True),
        sa.Column("thumb_sha256", sa.String(length=64), nullable=True),
        sa.Column("has_full", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("fetched_at", local_db.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_access", local_db.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_cached_files")),
    )
    with op.batch_alter_table("cached_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cached_files_last_access"), ["last_access"], unique=False)
    op.create_table(
        "offline_customers",
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("since", local_db.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_offline_customers")),
    )
    op.create_table(
        "file_sweep",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_file_sweep")),
        sqlite_with_rowid=False,
    )
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("file_sweep")
    op.drop_table("offline_customers")
    op.drop_table("cached_files")
