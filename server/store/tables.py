"""The server's tables.

Synced entities are generated from ``domain.schema`` (the same declarations the client's
tables and the sync messages come from) plus the server's own bookkeeping columns:
``seq`` (position in the change feed), and who changed the row when (audit). Tables only
the server has are typed declarative models below.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from domain.schema import ENTITIES, Entity, Kind
from local_db.sqltypes import UTCDateTime
from local_db.tables import column_type

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)

# Columns only the server's copy of a table has.
SERVER_ONLY: dict[str, list[Column]] = {
    "user": [
        Column("password_hash", String(200)),
        # Bumped to revoke every token of the user at once (password reset, deactivation).
        Column("token_generation", Integer, nullable=False, server_default="0"),
        Column("failed_logins", Integer, nullable=False, server_default="0"),
        Column("locked_until", UTCDateTime()),
    ]
}


def _table(e: Entity, tables: dict[str, Table]) -> Table:
    cols: list = [
        Column("id", String(36), primary_key=True),
        Column("version", Integer, nullable=False, server_default="1"),
        Column("deleted", Boolean, nullable=False, server_default=false()),
        Column("seq", BigInteger, nullable=False, index=True),
        Column("updated_at", UTCDateTime(), nullable=False),
        Column("updated_by", String(36)),
        # The client whose push last wrote the row: that client already has this state
        # from the push response, so its pulls skip the row (docs/SYNC_CONTRACT.md, invariant 13: no echo).
        Column("origin_client", String(36)),
    ]
    for f in e.fields:
        args = []
        if f.kind is Kind.REF:
            target = e.table if f.ref == e.name else tables[f.ref].name
            args.append(ForeignKey(f"{target}.id"))
        cols.append(
            Column(f.name, column_type(f), *args, nullable=not f.required, index=f.index, unique=f.unique)
        )
    cols.extend(c._copy() for c in SERVER_ONLY.get(e.name, []))
    return Table(e.table, metadata, *cols)


def _build() -> dict[str, Table]:
    tables: dict[str, Table] = {}
    for e in ENTITIES:
        tables[e.name] = _table(e, tables)
    return tables


TABLES: dict[str, Table] = _build()
# Customer data is paged by (customer, id) (see server.feed.paging_key).
for _e in ENTITIES:
    if _e.parent == "customer":
        Index(f"ix_{_e.table}_customer_id_id", TABLES[_e.name].c.customer_id, TABLES[_e.name].c.id)


class Base(DeclarativeBase):
    metadata = metadata


class ChangeCounter(Base):
    """The change feed's sequence (docs/SYNC_CONTRACT.md, invariant 6).

    One row. A write transaction takes its feed number by updating this row
    (``server.store.changes.allocate_seq``); the row lock is held until commit, so feed
    numbers become visible in commit order on PostgreSQL too, and a puller that reads
    everything up to the committed counter value can never miss a smaller number that
    commits later. The price is that write transactions serialise on this row.
    """

    __tablename__ = "change_counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger)


class UserScope(Base):
    """Which customers each user covers, with when (in feed order) they came and went.

    A pull sends a customer's whole history when ``added_seq`` is newer than the client's
    cursor, and tells the client to evict it when ``removed_seq`` is.
    """

    __tablename__ = "user_scope"
    user_id: Mapped[str] = mapped_column(String(36), ForeignKey("users.id"), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(36), ForeignKey("customers.id"), primary_key=True)
    active: Mapped[bool] = mapped_column(Boolean)
    added_seq: Mapped[int] = mapped_column(BigInteger, index=True)
    removed_seq: Mapped[int | None] = mapped_column(BigInteger, index=True)


class AuthToken(Base):
    """Issued tokens, stored as hashes, so any app process can check and revoke them."""

    __tablename__ = "auth_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36), ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # access | refresh
    generation: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    client_id: Mapped[str | None] = mapped_column(String(36))  # the laptop (``Device``) it was issued to


class Device(Base):
    """A laptop that signed in: its replica's client id, whose it is, what it runs, when it was
    last heard from.

    An admin can revoke one: its next contact still pushes its queued changes, then it is
    told to wipe its local copy and key; the user's other devices are not affected.
    """

    __tablename__ = "devices"
    client_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36), ForeignKey("users.id"), index=True)
    device_name: Mapped[str] = mapped_column(String(200))
    os: Mapped[str | None] = mapped_column(String(200))
    app_version: Mapped[str | None] = mapped_column(String(40))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_sync_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_ip: Mapped[str | None] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(36))
    wiped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # it confirmed the wipe (its last contact)


class AppliedMutation(Base):
    """Every pushed mutation the server has processed, with its outcome (exactly-once)."""

    __tablename__ = "applied_mutations"
    mutation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36), index=True)
    client_id: Mapped[str] = mapped_column(String(36))
    client_seq: Mapped[int] = mapped_column(BigInteger)
    request_digest: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[dict] = mapped_column(JSON)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    """Who did what, for changes that are not a row edit (logins, assignments, resets)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(Text)


class Setting(Base):
    """Settings only the server reads (the classification job's configuration and state).

    Values are JSON; each feature reads its key and falls back to the defaults in
    ``domain`` when the key is absent. Settings the laptops need offline (complaint SLA,
    visit-review thresholds, company profile) are the synced entity ``org_setting``
    instead (``server.org_settings``).
    """

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str | None] = mapped_column(String(36))


class UserSyncState(Base):
    """How far each user's laptop has pulled, so admins can see who has not yet received a change."""

    __tablename__ = "user_sync_state"
    user_id: Mapped[str] = mapped_column(String(36), ForeignKey("users.id"), primary_key=True)
    pulled_seq: Mapped[int] = mapped_column(BigInteger)  # every change up to this has reached the laptop
    last_pull_at: Mapped[datetime] = mapped_column(UTCDateTime)
    client_id: Mapped[str | None] = mapped_column(String(36))
    # The user's latest window closings (feed numbers, oldest first, at most
    # server.feed.GRACE_WINDOWS): how far back a pushed edit may claim its laptop's knowledge.
    recent_pulls: Mapped[list | None] = mapped_column(JSON)
