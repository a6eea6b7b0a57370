"""The client's SQLite database: one file per user and device, WAL, foreign keys on.

The UI reads through the main connection; the sync worker opens its own ``LocalDb`` on
the same file (WAL lets it write while the window reads). A profile's replica is
encrypted (SQLCipher, ``key``): open it through ``local_db.replica.open_replica``, which
finds the key in the keyring; a second connection on the same file passes ``db.key``.
A ``LocalDb`` without a key is a plain SQLite file (tests of the query layer, benchmarks'
plain reference).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from local_db.models import SyncState
from local_db.sqlite_engine import sqlite_engine

# sync_state keys the write path reads as well as the sync engine (which owns the rest).
CURSOR = "cursor"
# Customers the feed says left this user's scope but that still have unpushed edits: their
# eviction waits (docs/SYNC_CONTRACT.md, invariant 9). JSON: customer id -> the pull cursor the laptop
# held before the page that carried the eviction, i.e. what it knew while it still covered
# the customer (edits made meanwhile carry that position to the server).
DEFERRED_EVICTIONS = "deferred_evictions"


class LocalDb:
    def __init__(
        self, path: Path | str, *, key: str | None = None, migrate: bool = True, must_exist: bool = False
    ):
        self.path = Path(path)
        self.key = key
        self.closed = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # An encrypted page is decrypted (and its HMAC checked) each time it is read into
        # SQLite's cache, where a plain one is a copy from the OS cache: a larger cache
        # keeps the pages a search walks decrypted (64 MB, filled only as used).
        cache = "PRAGMA cache_size=-65536" if key else "PRAGMA cache_size=-20000"
        # ``must_exist``: a connection to an existing replica (the window's, the sync worker's,
        # the search indexer's) must never create the file: the replica may have been wiped
        # meanwhile, and a reconnecting pool would leave an empty one behind.
        self.engine = sqlite_engine(self.path, key=key, pragmas=(cache,), must_exist=must_exist)
        if migrate:
            from local_db.migrate import ensure_current

            ensure_current(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def get_state(self, key: str, default: str | None = None) -> str | None:
        with self.session() as s:
            value = s.scalar(select(SyncState.value).where(SyncState.key == key))
        return default if value is None else value

    def set_state(self, key: str, value: str | None) -> None:
        with self.session() as s:
            set_state(s, key, value)

    def close(self) -> None:
        self.closed = True
        self.engine.dispose()


def set_state(session: Session, key: str, value: str | None) -> None:
    row = session.get(SyncState, key)
    if row is None:
        session.add(SyncState(key=key, value=value))
    else:
        row.value = value


def get_states(session: Session, *keys: str) -> dict[str, str | None]:
    """Several ``sync_state`` values in one statement (absent keys are left out).

    Through the driver: every sync reads its state keys a few times, and building the ORM
    statement cost more than running it. The session's pending writes are flushed first,
    as the ORM statement's autoflush did."""
    session.flush()
    marks = ", ".join("?" * len(keys))
    return dict(
        session.connection()
        .exec_driver_sql(f"SELECT key, value FROM sync_state WHERE key IN ({marks})", tuple(keys))
        .all()
    )


def put_states(session: Session, values: dict[str, str | None]) -> None:
    """Write several ``sync_state`` values in one statement, as ``set_state`` does one by
    one. Not for a key the session holds as an ORM object (it would not see the write)."""
    if values:
        session.connection().exec_driver_sql(
            "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
            "excluded.value",
            list(values.items()),
        )


def deferred_evictions(session: Session) -> dict[str, str | None]:
    """The postponed evictions (see ``DEFERRED_EVICTIONS``)."""
    return parse_deferred_evictions(
        session.scalar(select(SyncState.value).where(SyncState.key == DEFERRED_EVICTIONS))
    )


def parse_deferred_evictions(raw: str | None) -> dict[str, str | None]:
    """``DEFERRED_EVICTIONS`` as stored → customer id → cursor."""
    if not raw:
        return {}
    data = json.loads(raw)
    if isinstance(data, list):  # written by a version that kept only the ids
        return dict.fromkeys(data)
    return data


def set_deferred_evictions(session: Session, waiting: dict[str, str | None]) -> None:
    set_state(session, DEFERRED_EVICTIONS, dump_deferred_evictions(waiting))


def dump_deferred_evictions(waiting: dict[str, str | None]) -> str | None:
    return json.dumps(dict(sorted(waiting.items()))) if waiting else None
