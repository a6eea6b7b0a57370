"""What a small pull costs the laptop: one request and two local transactions (where to
start, then the page with its cursor, rows and state written together, invariant 7), and
a sync adds none for evictions when none wait."""

from __future__ import annotations

from sqlalchemy import event

from domain import schema as S
from local_db.db import LocalDb
from server.store.changes import allocate_seq, update_row
from sync.engine import SyncEngine
from tests.factories import PASSWORD, build_org


def _counting(db: LocalDb) -> list[int]:
    begun = [0]
    event.listen(db.engine, "begin", lambda _conn: begun.__setitem__(0, begun[0] + 1))
    return begun


def test_a_one_page_pull_is_one_request_and_two_local_transactions(sqlite_store, live_server, tmp_path):
    o = build_org(sqlite_store)
    srv = live_server(sqlite_store)
    engine = SyncEngine(LocalDb(tmp_path / "rep.sqlite3"), srv.url, "rep_a")
    engine.login(PASSWORD)
    engine.sync()
    customers = sorted(o.customers_of("N1"))
    with sqlite_store.session() as s:
        seq = allocate_seq(s)
        for i, c in enumerate(customers):
            update_row(s, S.CUSTOMER, c, {"fax": f"0571-{i}"}, seq, o.users["admin"])
    begun, requests = _counting(engine.db), engine.transport.requests_made
    report = engine.pull()
    assert report.pulled == len(customers) and report.pages == 1
    assert engine.transport.requests_made - requests == 1
    assert begun[0] == 2


def test_a_sync_checks_for_waiting_evictions_without_transactions_of_its_own(
    sqlite_store, live_server, tmp_path, monkeypatch
):
    o = build_org(sqlite_store)
    srv = live_server(sqlite_store)
    engine = SyncEngine(LocalDb(tmp_path / "rep.sqlite3"), srv.url, "rep_a")
    engine.login(PASSWORD)
    engine.sync()
    checks = []
    finish = engine._finish_evictions
    monkeypatch.setattr(engine, "_finish_evictions", lambda: checks.append(1) or finish())
    with sqlite_store.session() as s:
        update_row(s, S.CUSTOMER, sorted(o.customers_of("N1"))[0], {"fax": "0571-9"}, allocate_seq(s), None)
    assert engine.sync().pulled == 1
    assert checks == []  # nothing waited before the pull, and the pull deferred nothing
