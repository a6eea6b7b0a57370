"""Engine and session setup for the server's store (SQLite or PostgreSQL)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from local_db.sqlite_engine import sqlite_engine


def make_engine(url: str, **kw) -> Engine:
    if url.startswith("sqlite"):
        # The feed's queries need table statistics to pick the change-number index over
        # the scope index; keep them fresh cheaply (bounded sampling, only when stale).
        return sqlite_engine(
            url,
            pragmas=(
                "PRAGMA analysis_limit=1000",
                "PRAGMA optimize=0x10002" if sqlite3.sqlite_version_info >= (3, 46) else "PRAGMA optimize",
            ),
            **kw,
        )
    # Per process: size the database's max_connections for processes × (size + overflow).
    kw.setdefault("pool_size", int(os.environ.get("FIELDSALES_DB_POOL_SIZE", 10)))
    kw.setdefault("max_overflow", int(os.environ.get("FIELDSALES_DB_MAX_OVERFLOW", 30)))
    kw.setdefault("pool_pre_ping", True)
    return create_engine(url, **kw)


class Store:
    """The server's database: one engine and a session factory."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str) -> Store:
        return cls(make_engine(url))

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    def analyze(self) -> None:
        """Refresh the query planner's statistics (after bulk loads such as seeding)."""
        with self.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")

    @cached_property
    def autocommit(self) -> Engine:
        """The same pool, for single-statement reads that need no transaction (no BEGIN and
        COMMIT round trips)."""
        return self.engine.execution_options(isolation_level="AUTOCOMMIT")

    @property
    def pool_capacity(self) -> int:
        """How many connections the pool hands out at most (its size plus its overflow)."""
        pool = self.engine.pool
        size = pool.size() if hasattr(pool, "size") else 1
        overflow = getattr(pool, "_max_overflow", 0)
        return size + max(overflow, 0)

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"
