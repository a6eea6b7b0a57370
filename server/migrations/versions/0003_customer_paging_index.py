"""Page customer data by (customer_id, id): replace the (customer_id, seq) indexes.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = ("contacts", "visits", "quotes", "quote_lines", "complaints", "receivables", "payments")


def upgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_customer_seq", table_name=table)
        op.create_index(f"ix_{table}_customer_id_id", table, ["customer_id", "id"])


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_customer_id_id", table_name=table)
        op.create_index(f"ix_{table}_customer_seq", table, ["customer_id", "seq"])
