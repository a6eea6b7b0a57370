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

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.schema import ORG_SETTING
from domain.values import new_id
from server.store.changes import allocate_seq, insert_rows, update_row
from server.store.tables import TABLES

_t = TABLES[ORG_SETTING.name]


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
