"""Organisation settings on the server: the ``org_setting`` rows laptops sync.

One row per key (``domain.org_settings.KEYS``) holding a JSON value. Every change goes
through ``server.store.changes`` — one feed number per transaction, then
``insert_rows``/``update_row`` — so it reaches every laptop at its next sync like any
other write. Resetting a setting to its defaults tombstones the row (laptops delete it and
fall back to the defaults in ``domain``); saving it again revives the same row, so a key
keeps one id forever.

The feed number is taken *before* the row is read: it locks the change counter until
commit, which serialises two admins saving the same key at once (the second sees the
first one's row instead of inserting a duplicate).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.org_settings import read_value
from domain.schema import ORG_SETTING
from domain.values import new_id
from server.store.changes import allocate_seq, insert_rows, update_row
from server.store.tables import TABLES

_t = TABLES[ORG_SETTING.name]
T = TypeVar("T")


@dataclass(frozen=True)
class StoredSetting:
    """A live setting row: its value and who changed it when."""

    value: Any
    updated_at: datetime
    updated_by: str | None


def _row(session: Session, key: str):
    return session.execute(select(_t).where(_t.c.key == key)).mappings().first()


def load(session: Session, key: str) -> StoredSetting | None:
    """The live setting under ``key``; None when the admin never set it (or reset it)."""
    row = _row(session, key)
    if row is None or row["deleted"]:
        return None
    return StoredSetting(row["value"], row["updated_at"], row["updated_by"])


def current(
    session: Session, key: str, reader: Callable[[Any], T], default: T
) -> tuple[T, StoredSetting | None]:
    """The setting in force under ``key`` (``reader`` over the stored value, ``default`` when
    there is none or this version cannot read it), with the row it came from (None: defaults)."""
    stored = load(session, key)
    return read_value(key, None if stored is None else stored.value, reader, default), stored


def read(session: Session, key: str, reader: Callable[[Any], T], default: T) -> T:
    """The setting in force under ``key``: ``reader`` over the stored value, else ``default``."""
    return current(session, key, reader, default)[0]


def save(session: Session, key: str, value: Any, by: str | None) -> None:
    """Store ``value`` under ``key`` (already validated by the caller) for every laptop."""
    seq = allocate_seq(session)
    row = _row(session, key)
    if row is None:
        insert_rows(session, ORG_SETTING, [{"id": new_id(), "key": key, "value": value}], seq, by)
    else:
        update_row(session, ORG_SETTING, row["id"], {"value": value}, seq, by, deleted=False)


def reset(session: Session, key: str, by: str | None) -> bool:
    """Back to the defaults: tombstone the row. False when there was nothing to reset."""
    row = _row(session, key)
    if row is None or row["deleted"]:
        return False
    seq = allocate_seq(session)
    update_row(session, ORG_SETTING, row["id"], {}, seq, by, deleted=True)
    return True
