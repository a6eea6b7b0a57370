"""The replica's driver binds NULLs through one adapter lookup (local_db.sqlite_engine).

Without it, SQLCipher's driver searched every ``None`` parameter for ``__adapt__`` and
``__conform__``, which cost more than the rest of a first sync's inserts; the NULLs must
still arrive as NULLs.
"""

from __future__ import annotations

from local_db.db import LocalDb
from local_db.sqlite_engine import sqlcipher_module


def test_none_is_bound_as_null_through_its_own_adapter_in_an_encrypted_replica(tmp_path):
    db = LocalDb(tmp_path / "rep.sqlite3", key="ab" * 32)
    driver = sqlcipher_module()
    assert (type(None), driver.PrepareProtocol) in driver.adapters
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (id TEXT PRIMARY KEY, a TEXT, b INTEGER)")
        conn.exec_driver_sql("INSERT INTO t VALUES (?, ?, ?)", [("1", None, None), ("2", "x", 0)])
        rows = conn.exec_driver_sql("SELECT id, a IS NULL, b IS NULL, typeof(a), b FROM t ORDER BY id").all()
    assert rows == [("1", 1, 1, "null", None), ("2", 0, 0, "text", 0)]
    db.close()
