"""A first sync's bulk load: secondary indexes and search triggers are built once, after it.

Maintaining every secondary index of the synced tables row by row, and running the search
queue's triggers for every pulled row, cost about as much as writing the rows themselves
during an initial sync of 200,000 rows. So a first sync that spans several pages sets them
aside in its first page's transaction and rebuilds them in its last page's transaction:
each index is then built once from sorted data, and the triggers (which only queue
customers that already have a search document, of which a fresh replica has none) are not
run at all.

The statements that recreate them are read from the database itself (``sqlite_master``)
and kept in ``sync_state`` in the same transaction that drops them, so an interrupted first
sync finishes the job when it resumes, and nothing is lost however the laptop stops. While
the load runs, queries still answer correctly (only more slowly), and the search index is
not updated (``active`` tells ``local_db.search.catch_up`` to wait): customers without an
up-to-date document are matched directly (see ``local_db.search``), so no result is
missed meanwhile. When the load ends, the customer index is brought back in line with
what the triggers would have done, and the background indexer builds the documents.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.models import SyncState
from local_db.tables import TABLES

#: ``sync_state`` key: the statements that recreate what a running bulk load set aside
STATE = "bulk_load"

_SYNCED = tuple(t.name for t in TABLES.values())


def active(session: Session) -> bool:
    return session.scalar(select(SyncState.value).where(SyncState.key == STATE)) is not None


def begin(session: Session) -> bool:
    """Set the synced tables' secondary indexes and triggers aside, in the caller's
    transaction. Returns False when a load is already running (a resumed first sync)."""
    if active(session):
        return False
    conn = session.connection()
    marks = ",".join("?" * len(_SYNCED))
    # Primary keys and unique constraints have no SQL of their own (autoindexes): they stay.
    found = conn.exec_driver_sql(
        f"SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY type, name",
        _SYNCED,
    ).all()
    saved = {"index": [], "trigger": []}
    for kind, name, sql in found:
        if kind == "trigger" and "_search_" not in name:
            continue  # only the search queue's triggers are known to be redone at the end
        saved[kind].append(sql)
        conn.exec_driver_sql(f'DROP {kind.upper()} "{name}"')
    # Customers indexed before the load would miss the triggers' queueing: queue them now,
    # so they count as not up to date (and are searched directly) until they are rebuilt.
    conn.exec_driver_sql(
        "INSERT INTO search_queue (customer_id) SELECT customer_id FROM customer_index "
        "WHERE true ON CONFLICT DO NOTHING"
    )
    session.add(SyncState(key=STATE, value=json.dumps(saved)))
    session.flush()
    return True


def finish(session: Session) -> bool:
    """Rebuild what ``begin`` set aside, in the caller's transaction. Returns False when no
    load was running."""
    state = session.get(SyncState, STATE)
    if state is None or state.value is None:
        return False
    saved = json.loads(state.value)
    conn = session.connection()
    for sql in saved["index"]:
        conn.exec_driver_sql(sql)
    # What the delete triggers would have done for customers removed during the load.
    conn.exec_driver_sql("DELETE FROM customer_index WHERE customer_id NOT IN (SELECT id FROM customers)")
    conn.exec_driver_sql("DELETE FROM search_queue WHERE customer_id NOT IN (SELECT id FROM customers)")
    for sql in saved["trigger"]:
        conn.exec_driver_sql(sql)
    session.delete(state)
    session.flush()
    return True
