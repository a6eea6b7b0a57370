"""The one way rows of synced entities are written on the server.

Every write transaction takes one number from the change feed (``allocate_seq``) and
stamps it on every row it touches, with a bumped row version and who did it. See
``ChangeCounter`` for why this keeps the feed gap-free on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from domain.schema import Entity
from server.store.tables import TABLES, ChangeCounter


def allocate_seq(db: Session | Connection) -> int:
    """Take the next feed number; the counter row stays locked until this transaction ends."""
    counter = ChangeCounter.__table__
    return db.execute(
        update(counter)
        .where(counter.c.id == 1)
        .values(last_seq=counter.c.last_seq + 1)
        .returning(counter.c.last_seq)
    ).scalar_one()


def committed_seq(db: Session | Connection) -> int:
    """The highest feed number whose transaction has committed (every smaller one has too)."""
    return db.execute(_COMMITTED).scalar_one()


_counter = ChangeCounter.__table__
_COMMITTED = select(_counter.c.last_seq).where(_counter.c.id == 1)  # asked by every pull: built once


def now() -> datetime:
    return datetime.now(timezone.utc)


def insert_rows(
    db: Session | Connection,
    entity: Entity,
    rows: Iterable[Mapping[str, Any]],
    seq: int,
    user_id: str | None,
    *,
    client_id: str | None = None,
) -> None:
    """Insert new rows (each with its client-made id) at version 1."""
    stamp = {
        "seq": seq,
        "version": 1,
        "deleted": False,
        "updated_at": now(),
        "updated_by": user_id,
        "origin_client": client_id,
    }
    payload = [{**{f: None for f in entity.field_names}, **row, **stamp} for row in rows]
    if payload:
        db.execute(TABLES[entity.name].insert(), payload)


def update_row(
    db: Session | Connection,
    entity: Entity,
    row_id: str,
    values: Mapping[str, Any],
    seq: int,
    user_id: str | None,
    *,
    deleted: bool | None = None,
    client_id: str | None = None,
):
    """Change fields of one row; returns the row as it now is."""
    t = TABLES[entity.name]
    extra: dict[str, Any] = {
        "seq": seq,
        "updated_at": now(),
        "updated_by": user_id,
        "origin_client": client_id,
    }
    if deleted is not None:
        extra["deleted"] = deleted
    return (
        db.execute(
            update(t)
            .where(t.c.id == row_id)
            .values(**values, **extra, version=t.c.version + 1)
            .returning(*t.c)
        )
        .mappings()
        .one()
    )
