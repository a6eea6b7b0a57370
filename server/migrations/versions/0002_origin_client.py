"""Remember which client last wrote each synced row, so its pulls skip its own writes.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen here (not read from domain.schema) so this step means the same forever.
TABLES = ("territories", "users", "products", "price_lists", "price_list_items", "customers", "assignments",
          "contacts", "visits", "quotes", "quote_lines", "complaints", "receivables", "payments", "sales_targets")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("origin_client", sa.String(length=36), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("origin_client")
