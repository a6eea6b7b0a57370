"""attachment.duplicate_of / duplicate_context: the record the same photo was on first
(written by the server when the bytes complete, server/evidence.py).

Revision ID: 0010
Revises: 0009

Attachments uploaded before this revision are not judged (no release had them).
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("attachments", sa.Column("duplicate_of", sa.String(length=36), nullable=True))
    op.add_column("attachments", sa.Column("duplicate_context", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.drop_column("duplicate_context")
        batch.drop_column("duplicate_of")
