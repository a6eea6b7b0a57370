"""Applying a page of the server's change feed to the local database.

The caller runs ``apply_page`` and stores the new cursor in the same transaction
(docs/SYNC_CONTRACT.md, invariant 7), so a page is either wholly applied with its cursor or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import orjson
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from domain.schema import BY_NAME, ENTITIES, Kind, Scope
from local_db.models import OutboxEntry
from local_db.tables import TABLES
from local_db.writes import rebase_pending

_BATCH = 500


@dataclass
class ApplyStats:
    upserted: dict[str, int] = field(default_factory=dict)
    deleted: int = 0
    evicted_customers: int = 0
    deferred: list[str] = field(default_factory=list)  # evictions waiting for unpushed edits
    evicted: list[str] = field(default_factory=list)  # customers removed by this page
    arrived: list[str] = field(default_factory=list)  # customers the page sent (so in scope now)

    @property
    def rows(self) -> int:
        return sum(self.upserted.values()) + self.deleted


def evict_customers(session: Session, customer_ids: Sequence[str]) -> int:
    """Remove customers and everything hanging off them (they left this user's scope)."""
    if not customer_ids:
        return 0
    ids = list(customer_ids)
    for i in range(0, len(ids), _BATCH):
        chunk = ids[i : i + _BATCH]
        for e in reversed(ENTITIES):
            if e.scope is not Scope.CUSTOMER:
                continue
            t = TABLES[e.name]
            key = t.c.id if e.name == "customer" else t.c.customer_id
            session.execute(delete(t).where(key.in_(chunk)))
    return len(ids)


@cache
def _upsert_sql(entity_name: str) -> tuple[str, tuple[str, ...], tuple[int, ...]]:
    t = TABLES[entity_name]
    names = tuple(c.name for c in t.columns)
    cols = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    updates = ", ".join(f'"{n}" = excluded."{n}"' for n in names if n != "id")
    json_at = tuple(i for i, n in enumerate(names) if n in _json_fields(entity_name))
    return (
        f'INSERT INTO "{t.name}" ({cols}) VALUES ({marks}) ON CONFLICT("id") DO UPDATE SET {updates}',
        names,
        json_at,
    )


def _json_fields(entity_name: str) -> set[str]:
    return {f.name for f in BY_NAME[entity_name].fields if f.kind is Kind.JSON}


def upsert_rows(session: Session, entity_name: str, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert or replace rows given as wire dicts (id, version, deleted, fields)."""
    if not rows:
        return 0
    _sql, names, _json_at = _upsert_sql(entity_name)
    return upsert_columns(session, entity_name, list(names), [[row.get(n) for n in names] for row in rows])


def upsert_columns(
    session: Session,
    entity_name: str,
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    new: bool = False,
) -> int:
    """Insert or replace rows sent as arrays in the order of ``fields``.

    This is the hot path of an initial sync (hundreds of thousands of rows), so it goes
    straight to the driver: the wire form was chosen to be exactly the client's storage
    form (decimals and instants as the same text), so no value needs converting except
    JSON fields. Fields the client does not know (a newer server) are ignored; columns the
    server did not send stay empty.

    ``new``: the rows are (almost all) not in the replica yet, as in a first sync: they are
    upserted without first reading what the replica holds (``_write_differences``).
    """
    if not rows:
        return 0
    sql, names, json_at = _upsert_sql(entity_name)
    where = {name: i for i, name in enumerate(fields)}
    picks = [where.get(n) for n in names]
    params = []
    for row in rows:
        values = [None if i is None else row[i] for i in picks]
        for i in json_at:
            if values[i] is not None:
                values[i] = orjson.dumps(values[i]).decode()
        params.append(tuple(values))
    conn = session.connection()
    if not new:
        params = _write_differences(conn, entity_name, names, params)
    if params:
        conn.exec_driver_sql(sql, params)
    return len(rows)


def _write_differences(conn, entity_name: str, names: tuple[str, ...], params: list[tuple]) -> list[tuple]:
    """Write the rows of ``params`` (values in the order of ``names``) that the replica
    already holds, each with an UPDATE of only the columns that differ (none when nothing
    does), one ``executemany`` per set of changed columns. Returns the rows it does not hold.

    Writing every column of a row made SQLite rewrite every secondary index of the table
    and check every foreign key, for a change of one column: ~75 µs a row against ~8 µs
    for the column that changed. Triggers ``AFTER UPDATE OF`` a column now fire when that
    column changed, which is what they mean. A row sent twice is left to the upsert (in
    order)."""
    at_id = names.index("id")
    ids = [p[at_id] for p in params]
    if len(set(ids)) != len(ids):
        return params
    table = TABLES[entity_name].name
    cols = ", ".join(f'"{n}"' for n in names)
    held: dict[str, tuple] = {}
    for i in range(0, len(ids), _BATCH):
        chunk = ids[i : i + _BATCH]
        marks = ", ".join("?" * len(chunk))
        for row in conn.exec_driver_sql(f'SELECT {cols} FROM "{table}" WHERE id IN ({marks})', tuple(chunk)):
            held[row[at_id]] = row
    if not held:
        return params
    fresh: list[tuple] = []
    updates: dict[tuple[int, ...], list[tuple]] = {}
    for p in params:
        old = held.get(p[at_id])
        if old is None:
            fresh.append(p)
            continue
        changed = tuple(i for i, (new, was) in enumerate(zip(p, old, strict=True)) if new != was)
        if changed:
            updates.setdefault(changed, []).append((*(p[i] for i in changed), p[at_id]))
    for changed, values in updates.items():
        sets = ", ".join(f'"{names[i]}" = ?' for i in changed)
        conn.exec_driver_sql(f'UPDATE "{table}" SET {sets} WHERE id = ?', values)
    return fresh


def apply_page(
    session: Session, changes: Mapping[str, Mapping[str, Any]], evict: Sequence[str], *, first: bool = False
) -> ApplyStats:
    """Apply one pull page: ``changes`` maps entity → {"fields": [...], "rows": [[...]]}.

    ``first``: a page of a first sync, whose rows the replica does not hold yet (they are
    written without comparing them with the replica's first)."""
    stats = ApplyStats()
    session.flush()  # the driver's read below sees the session's pending writes, as the ORM's did
    has_pending = session.connection().exec_driver_sql("SELECT 1 FROM outbox LIMIT 1").first() is not None
    pending_customers = (
        set(session.scalars(select(OutboxEntry.customer_id).where(OutboxEntry.customer_id.in_(list(evict)))))
        if evict
        else set()
    )
    # A customer with unpushed edits is not evicted yet (docs/SYNC_CONTRACT.md, invariant 9): the ids
    # are returned in ``deferred`` and the sync engine evicts them once the edits are
    # pushed or kept as sync issues.
    stats.deferred = sorted(pending_customers)
    stats.evicted = [c for c in evict if c not in pending_customers]
    stats.evicted_customers = evict_customers(session, stats.evicted)
    for e in ENTITIES:
        block = changes.get(e.name)
        if not block or not block["rows"]:
            continue
        t = TABLES[e.name]
        fields, rows = block["fields"], block["rows"]
        at_id, at_deleted = fields.index("id"), fields.index("deleted")
        gone = [r[at_id] for r in rows if r[at_deleted]]
        live = [r for r in rows if not r[at_deleted]]
        for i in range(0, len(gone), _BATCH):
            session.execute(delete(t).where(t.c.id.in_(gone[i : i + _BATCH])))
        stats.deleted += len(gone)
        stats.upserted[e.name] = upsert_columns(session, e.name, fields, live, new=first)
        if e.name == "customer":
            stats.arrived = [r[at_id] for r in live]
        if live and has_pending:
            rebase_pending(session, e.name, [r[at_id] for r in live])
    return stats
