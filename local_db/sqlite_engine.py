"""The one SQLite engine setup, for the laptop's replica and the server's SQLite store.

Both sides want the same connection: WAL (readers never wait for the writer), foreign keys
enforced, a generous busy timeout instead of "database is locked". The laptop's replica is
encrypted with SQLCipher 4 (the ``sqlcipher3`` driver, a drop-in for ``sqlite3`` with its
own bundled SQLite); the server's store stays plain SQLite. Each side adds its own tuning
pragmas through ``pragmas``.

The key is a raw 256-bit key (64 hex digits), given to SQLCipher as ``x'…'``: no
passphrase derivation on every connection, so opening the replica costs nothing
measurable. It must be the connection's first statement.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event

_HEX_KEY = re.compile(r"[0-9a-f]{64}")

BASE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
)


def key_literal(key: str) -> str:
    """SQLCipher's spelling of a raw key (validated: it goes into SQL text)."""
    if not isinstance(key, str) or not _HEX_KEY.fullmatch(key):
        raise ValueError("a replica key is 64 lower-case hex digits (256 bits)")
    return f"\"x'{key}'\""


def key_pragma(key: str) -> str:
    """The statement that opens an encrypted file with ``key``."""
    return f"PRAGMA key = {key_literal(key)}"


# Returns None for any one argument, as a C function (no Python frame per value).
_AS_NULL = {}.get


@cache
def sqlcipher_module():
    """The SQLCipher driver, with NULLs bound as cheaply as other values.

    The driver looks every parameter that is not an int, float or str up in its adapter
    registry and, finding none, asks the value for ``__adapt__`` and ``__conform__`` (two
    attribute errors raised and cleared per value). A pulled page is mostly NULLs (empty
    optional fields), so that cost 2–3 times the rest of the bulk insert; an adapter
    registered for ``None`` itself ends the search at the first lookup and binds NULL as
    before. It applies to this driver only (the replica's), not to ``sqlite3``."""
    import sqlcipher3

    sqlcipher3.register_adapter(type(None), _AS_NULL)
    return sqlcipher3


def sqlite_engine(
    target: str | Path, *, key: str | None = None, pragmas: Sequence[str] = (), must_exist: bool = False, **kw
) -> Engine:
    """An engine on a SQLite file (a path or a ``sqlite:///`` URL), encrypted when ``key`` is given.

    ``must_exist``: never create the file (a second connection to a replica that may have
    been wiped meanwhile must fail, not leave an empty file behind).
    """
    if isinstance(target, str) and target.startswith("sqlite"):
        url = target
    elif must_exist:
        url = f"sqlite:///file:{quote(str(Path(target).resolve()))}?mode=rw&uri=true"
    else:
        url = f"sqlite:///{target}"
    if key is not None:
        kw["module"] = sqlcipher_module()
        opening = (key_pragma(key),)
    else:
        opening = ()
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kw)
    statements = (*opening, *BASE_PRAGMAS, *pragmas)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        for statement in statements:
            cur.execute(statement)
        cur.close()

    return engine
