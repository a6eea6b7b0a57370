"""file_uploads: the laptop's upload state of each attachment file (local only)

Revision ID: 0010
Revises: 0009

One row per file (SHA-256) created on this laptop: waiting, uploading (bytes the server
acknowledged), uploaded, or failed (reason, attempts, next try). A trigger adds the row
when the writer inserts an attachment (``version`` 0: made here, not pulled), so every
way of attaching a file queues its upload; attaching bytes that were uploaded before
(the same photo on another record) puts the file back to waiting, because the server
marks the new row only when the laptop confirms. Attachments made here before this step
that the server has not marked uploaded are queued too. (A later migration that rebuilds
``attachments`` with ``batch_alter_table`` must create the trigger again: SQLite drops a
table's triggers with it.)
"""

import sqlalchemy as sa
from alembic import op

import local_db.sqltypes

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_QUEUE = (
    "INSERT INTO file_uploads (sha256, size_bytes, state, acknowledged, attempts) "
    "VALUES (new.sha256, new.size_bytes, 'waiting', 0, 0) "
    "ON CONFLICT (sha256) DO UPDATE SET state = 'waiting', attempts = 0, code = NULL, detail = NULL, "
    "next_try_at = NULL WHERE file_uploads.state = 'uploaded';"
)
TRIGGERS = {
    "attachments_upload_ai": "AFTER INSERT ON attachments "
    "WHEN new.version = 0 AND new.uploaded_at IS NULL AND NOT new.deleted "
    f"BEGIN {_QUEUE} END",
}


def upgrade() -> None:
    op.create_table(
        "file_uploads",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), server_default="waiting", nullable=False),
        sa.Column("acknowledged", sa.Integer(), server_default="0", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("code", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("next_try_at", local_db.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("updated_at", local_db.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_file_uploads")),
    )
    with op.batch_alter_table("file_uploads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_file_uploads_state"), ["state"], unique=False)
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    # Files attached here before this step (the upload was not wired into the sync yet):
    # the ones by this replica's user the server has not marked uploaded.
    op.execute(
        "INSERT INTO file_uploads (sha256, size_bytes, state, acknowledged, attempts) "
        "SELECT sha256, max(size_bytes), 'waiting', 0, 0 FROM attachments "
        "WHERE uploaded_at IS NULL AND NOT deleted "
        "AND created_by = (SELECT value FROM sync_state WHERE key = 'user_id') "
        "GROUP BY sha256"
    )


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("file_uploads")
