"""A pull page costs its own size, not the size of the scope or the table (SQLite plans).

Checked on the query plans SQLite picks for the feed's statements after ``ANALYZE`` (as
the server runs after bulk loads), with data shaped like a real first load: every row
under one feed number, a rep who covers every customer, some tables empty. A first sync
must read along the paging key without sorting what remains (else each page re-reads the
rest of the scope: quadratic in the scope), and a later window must be found from the
window's numbers, never by walking the user's whole scope.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, text

from bench import data
from domain.schema import CONTACT, ENTITIES, Scope
from server.auth import CurrentUser
from server.feed import Cursor, FeedReader
from server.store.changes import allocate_seq, committed_seq, update_row
from server.store.tables import TABLES


def _user(store, username: str, role: str) -> CurrentUser:
    with store.session() as s:
        uid = s.scalar(select(TABLES["user"].c.id).where(TABLES["user"].c.username == username))
    return CurrentUser(uid, username, username, role, None, None, None)


def _plans(store, user: CurrentUser, cursor: Cursor, pages: int = 50) -> list[tuple[str, str]]:
    """(statement, plan) of every feed statement while pulling from ``cursor``.

    Taken from SQLite's own trace (with the values bound), since the feed runs its page
    queries on the driver's cursor, below SQLAlchemy's events."""
    seen: list[str] = []
    for _ in range(pages):
        with store.session() as s:
            raw = s.connection().connection.driver_connection
            raw.set_trace_callback(seen.append)
            try:
                page = FeedReader(s, user, "00000000-0000-7000-8000-000000000001").page(cursor, 200)
            finally:
                raw.set_trace_callback(None)
        cursor = Cursor.decode(page.next_cursor)
        if not page.has_more:
            break
    out = []
    with store.engine.connect() as conn:
        for stmt in seen:
            if stmt.lstrip().upper().startswith("SELECT") and "change_counter" not in stmt:
                plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + stmt.replace("%", "%%")).all()
                out.append((stmt, " | ".join(row[-1] for row in plan)))
    return out


@pytest.fixture
def loaded(sqlite_store):
    data.build(sqlite_store, 600)  # one feed number for every row, then ANALYZE
    return sqlite_store


@pytest.mark.parametrize("username, role", [("bench_rep", "rep"), ("bench_admin", "admin")])
def test_first_sync_pages_never_sort_the_rest_of_the_scope(loaded, username, role):
    plans = _plans(loaded, _user(loaded, username, role), Cursor())
    assert plans
    # Customer data is what grows with the scope (evictions, a team's targets and
    # assignments are sorted, but are their own size).
    customer_data = tuple(f"SELECT {e.table}.id" for e in ENTITIES if e.scope is Scope.CUSTOMER)
    sorted_ = [
        (stmt.split("FROM")[1][:60], plan)
        for stmt, plan in plans
        if "TEMP B-TREE FOR ORDER BY" in plan and any(name in stmt for name in customer_data)
    ]
    assert sorted_ == []


def _as_if_large(store, factor: int = 1000) -> None:
    """Statistics as ANALYZE leaves them on a store ``factor`` times larger whose rows share
    one feed number (a bulk load): every table bigger, the seq indexes unselective."""
    with store.engine.begin() as c:
        for tbl, idx, stat in c.exec_driver_sql("SELECT tbl, idx, stat FROM sqlite_stat1").all():
            parts = stat.split()
            n = int(parts[0]) * factor
            rest = [str(min(n, int(p) * (factor if "seq" in (idx or "") else 1))) for p in parts[1:]]
            c.exec_driver_sql(
                "UPDATE sqlite_stat1 SET stat = ? WHERE tbl = ? AND idx IS ?",
                (" ".join([str(n), *rest]), tbl, idx),
            )
    store.engine.dispose()  # the planner reads statistics when a connection opens


@pytest.mark.parametrize("large", [False, True], ids=["as-built", "as-if-2M-rows"])
def test_a_later_window_is_found_from_its_numbers_not_by_walking_the_scope(loaded, large):
    if large:
        _as_if_large(loaded)
    user = _user(loaded, "bench_rep", "rep")
    with loaded.session() as s:
        lo = committed_seq(s)
        contact = s.scalar(select(TABLES["contact"].c.id).limit(1))
        update_row(s, CONTACT, contact, {"title": "经理"}, allocate_seq(s), None)
    plans = _plans(loaded, user, Cursor(lo=lo))
    assert plans
    walks = [
        plan
        for _stmt, plan in plans
        if "user_scope USING INDEX sqlite_autoindex_user_scope_1 (user_id=?)" in plan
        or "SCAN user_scope" in plan
    ]
    assert walks == []


def test_a_first_sync_does_not_walk_the_scope_for_an_entity_nobody_uses_yet(loaded):
    # the bench data has no quote lines, complaints, receivables or payments
    plans = _plans(loaded, _user(loaded, "bench_rep", "rep"), Cursor())
    walks = [
        stmt[:80]
        for stmt, plan in plans
        if "user_scope" in plan
        and any(
            f"SELECT {table}.id" in stmt for table in ("quote_lines", "complaints", "receivables", "payments")
        )
    ]
    assert walks == []


@pytest.mark.parametrize("store_kind", [pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_first_sync_page_deep_in_the_scope_starts_at_its_customer_on_postgresql(any_store, store_kind):
    """PostgreSQL takes the page's starting customer as an index bound on both sides of the
    scope join, instead of walking both from their start and filtering the earlier pages away."""
    data.build(any_store, 600)
    user = _user(any_store, "bench_rep", "rep")
    contacts = next(i for i, e in enumerate(ENTITIES) if e is CONTACT)
    with any_store.session() as s:
        start = s.execute(
            select(TABLES["contact"].c.customer_id, TABLES["contact"].c.id)
            .order_by(TABLES["contact"].c.customer_id, TABLES["contact"].c.id)
            .offset(450)
            .limit(1)
        ).one()
        hi = committed_seq(s)
        seen: list[tuple[str, object]] = []
        conn = s.connection()

        def keep(_conn, _cursor, statement, parameters, _context, _many):
            if "FROM user_scope JOIN contacts" in statement:
                seen.append((statement, parameters))

        event.listen(conn, "before_cursor_execute", keep)
        reader = FeedReader(s, user)
        rows = reader._rows(CONTACT, Cursor(0, hi, contacts, f"{start[0]}|{start[1]}"), hi, 100)
        event.remove(conn, "before_cursor_execute", keep)
        assert len(rows) == 100
        ((statement, parameters),) = seen
        # as a table grown large would be read: along its indexes
        s.execute(text("SET LOCAL enable_hashjoin = off"))
        s.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(
            r[0] for r in s.connection().exec_driver_sql("EXPLAIN ANALYZE " + statement, parameters).all()
        )
    removed = [int(line.split(":")[1]) for line in plan.splitlines() if "Rows Removed by" in line]
    assert all(n < 50 for n in removed), plan
