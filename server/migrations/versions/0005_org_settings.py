"""Organisation settings laptops sync (``org_setting``), and the SLA policy moved into it.

Revision ID: 0005
Revises: 0004

The complaint SLA policy used to live in the server-only ``settings`` table, so laptops
computed offline with the defaults. It becomes a row of the synced entity
``org_setting`` (with the visit-review thresholds and the company profile); this step
creates the table and moves a saved policy into it under one new feed number, so every
laptop receives it at its next sync. ``settings`` stays for what only the server reads
(the classification job's configuration and state).
"""
import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

import local_db.sqltypes

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Frozen here (not read from domain) so this step means the same forever.
MOVED_KEYS = ("complaint_sla",)

settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.JSON),
                    sa.column("updated_at", local_db.sqltypes.UTCDateTime()), sa.column("updated_by", sa.String))
org_settings = sa.table(
    "org_settings", sa.column("id", sa.String), sa.column("version", sa.Integer), sa.column("deleted", sa.Boolean),
    sa.column("seq", sa.BigInteger), sa.column("updated_at", local_db.sqltypes.UTCDateTime()),
    sa.column("updated_by", sa.String), sa.column("origin_client", sa.String), sa.column("key", sa.String),
    sa.column("value", sa.JSON))
counter = sa.table("change_counter", sa.column("id", sa.Integer), sa.column("last_seq", sa.BigInteger))


def upgrade() -> None:
    op.create_table(
        "org_settings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", local_db.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("origin_client", sa.String(length=36), nullable=True),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_settings")),
        sa.UniqueConstraint("key", name=op.f("uq_org_settings_key")),
    )
    op.create_index(op.f("ix_org_settings_seq"), "org_settings", ["seq"], unique=False)

    conn = op.get_bind()
    moved = conn.execute(sa.select(settings).where(settings.c.key.in_(MOVED_KEYS))).mappings().all()
    if not moved:
        return
    # One feed number for the move, taken like every server write (see ChangeCounter).
    seq = conn.execute(sa.update(counter).where(counter.c.id == 1).values(last_seq=counter.c.last_seq + 1)
                       .returning(counter.c.last_seq)).scalar_one()
    now = datetime.now(timezone.utc)
    conn.execute(sa.insert(org_settings), [
        {"id": str(uuid.uuid4()), "version": 1, "deleted": False, "seq": seq, "updated_at": row["updated_at"] or now,
         "updated_by": row["updated_by"], "origin_client": None, "key": row["key"], "value": row["value"]}
        for row in moved])
    conn.execute(sa.delete(settings).where(settings.c.key.in_(MOVED_KEYS)))


def downgrade() -> None:
    conn = op.get_bind()
    live = conn.execute(sa.select(org_settings).where(org_settings.c.key.in_(MOVED_KEYS),
                                                      org_settings.c.deleted == sa.false())).mappings().all()
    if live:
        conn.execute(sa.insert(settings), [
            {"key": r["key"], "value": r["value"], "updated_at": r["updated_at"], "updated_by": r["updated_by"]}
            for r in live])
    op.drop_index(op.f("ix_org_settings_seq"), table_name="org_settings")
    op.drop_table("org_settings")
