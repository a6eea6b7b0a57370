"""attachments: metadata of photos and files on visits, complaints, quotes and customers
(the bytes live in the blob store, server/blobs.py).

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

import local_db.sqltypes

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", local_db.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("origin_client", sa.String(length=36), nullable=True),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("parent_type", sa.String(length=32), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", local_db.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("captured_at", local_db.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("latitude", local_db.sqltypes.ExactDecimal(scale=6), nullable=True),
        sa.Column("longitude", local_db.sqltypes.ExactDecimal(scale=6), nullable=True),
        sa.Column("uploaded_at", local_db.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_attachments_customer_id_customers")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_attachments_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    for cols in (["seq"], ["customer_id"], ["parent_id"], ["sha256"], ["created_by"]):
        op.create_index(op.f(f"ix_attachments_{cols[0]}"), "attachments", cols, unique=False)
    op.create_index("ix_attachments_customer_id_id", "attachments", ["customer_id", "id"])


def downgrade() -> None:
    op.drop_table("attachments")
