"""A later pull window reads only what it holds (``server/feed.py``): one probe says which
entities have rows in the window and whether a customer entered or left the caller's
scope, and only those are read. The window's statements are built once and shared by every
user and window; the rows each user gets are still only their own."""

from __future__ import annotations

from sqlalchemy import select

from domain import schema as S
from domain.schema import ENTITIES
from server import org
from server.auth import CurrentUser
from server.feed import Cursor, FeedReader
from server.store.changes import allocate_seq, committed_seq, update_row
from server.store.tables import TABLES
from tests.factories import build_org


def _user(store, username: str) -> CurrentUser:
    users = TABLES["user"]
    with store.session() as s:
        row = s.execute(select(users.c.id, users.c.role).where(users.c.username == username)).one()
    return CurrentUser(row.id, username, username, row.role, None, None, None)


def _window(store, user: CurrentUser, lo: int, trace: list[str] | None = None):
    """Every page of the window after ``lo``: (rows by entity, evictions)."""
    rows: dict[str, set[str]] = {}
    evict: list[str] = []
    cursor = Cursor(lo=lo)
    while True:
        with store.session() as s:
            raw = s.connection().connection.driver_connection if trace is not None else None
            if raw is not None:
                raw.set_trace_callback(trace.append)
            try:
                page = FeedReader(s, user).page(cursor, 500)
            finally:
                if raw is not None:
                    raw.set_trace_callback(None)
        for name, block in page.changes.items():
            rows.setdefault(name, set()).update(r[0] for r in block["rows"])
        evict += page.evict
        cursor = Cursor.decode(page.next_cursor)
        if not page.has_more:
            return rows, evict


def _reads(trace: list[str]) -> dict[str, int]:
    """How often each kind of read ran: an entity's page, the evictions, the probe."""
    out: dict[str, int] = {}
    for stmt in trace:
        head = stmt.lstrip()[:200]
        if "UNION ALL" in stmt and "EXISTS" in stmt:
            kind = "probe"
        elif head.startswith("SELECT user_scope.customer_id") and "removed_seq" in stmt:
            kind = "evictions"
        else:
            kind = next((e.name for e in ENTITIES if head.startswith(f"SELECT {e.table}.id")), None)
        if kind:
            out[kind] = out.get(kind, 0) + 1
    return out


def test_a_window_of_one_change_reads_that_entity_only_and_no_evictions(sqlite_store):
    o = build_org(sqlite_store)
    rep = _user(sqlite_store, "rep_a")
    customer = o.customers["N1"][0]
    with sqlite_store.session() as s:
        lo = committed_seq(s)
        update_row(s, S.CUSTOMER, customer, {"phone": "0571-1"}, allocate_seq(s), o.users["admin"])
    trace: list[str] = []
    rows, evict = _window(sqlite_store, rep, lo, trace)
    assert rows == {"customer": {customer}} and evict == []
    assert _reads(trace) == {"probe": 1, "customer": 1}


def test_customers_leaving_and_entering_the_scope_still_go_out(any_store):
    o = build_org(any_store)
    rep = _user(any_store, "rep_a")
    n1 = o.customers_of("N1")
    with any_store.session() as s:
        lo = committed_seq(s)
        org.unassign(s, "rep_a", "N1")
    _rows, evict = _window(any_store, rep, lo)
    assert sorted(evict) == sorted(n1)

    with any_store.session() as s:
        lo = committed_seq(s)
        org.assign(s, "rep_a", "N1")
    rows, evict = _window(any_store, rep, lo)
    assert evict == []
    # the customers' whole history comes back: the customers and their visits
    assert rows["customer"] == n1
    visits = TABLES["visit"]
    with any_store.session() as s:
        theirs = set(s.scalars(select(visits.c.id).where(visits.c.customer_id.in_(n1), ~visits.c.deleted)))
    assert theirs and rows["visit"] == theirs


def test_users_pulling_the_same_window_get_their_own_rows(any_store):
    o = build_org(any_store)
    a, b = o.customers["N1"][0], o.customers["N2"][0]
    with any_store.session() as s:
        lo = committed_seq(s)
        seq = allocate_seq(s)
        for customer in (a, b):
            update_row(s, S.CUSTOMER, customer, {"phone": "0571-2"}, seq, o.users["admin"])
    assert _window(any_store, _user(any_store, "rep_a"), lo) == ({"customer": {a}}, [])
    assert _window(any_store, _user(any_store, "rep_b"), lo) == ({"customer": {b}}, [])
    assert _window(any_store, _user(any_store, "admin"), lo)[0]["customer"] == {a, b}
    assert _window(any_store, _user(any_store, "sup_n"), lo)[0]["customer"] == {a, b}
