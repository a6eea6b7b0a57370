"""The production shape, end to end: HAProxy in front of three ``fieldsales-server serve``
processes on one PostgreSQL database, real sync clients with offline edits, one server
killed with SIGKILL in the middle of a push and started again.

At the end every edit is on the server exactly once, every replica matches the server,
each error a client saw was followed by a successful retry (and none was a 500), and the
scheduled jobs ran once.
"""

from __future__ import annotations

import os
import threading
import time
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from local_db.models import OutboxEntry, SyncIssue
from server import jobs
from server.store.db import Store
from server.store.migrate import upgrade
from server.store.tables import TABLES as SERVER
from server.store.tables import AppliedMutation
from sync.transport import SyncError
from tests.factories import build_org
from tests.ops.processes import JOBS_ONCE_AT_START, HAProxy, ServeProcess, haproxy_available
from tests.sync.helpers import Laptop

# CI installs HAProxy (.ci/run) and never skips this; elsewhere it is skipped with the reason.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not haproxy_available() and not os.environ.get("CI"),
        reason="HAProxy is not installed (apt-get install haproxy)",
    ),
]

REPS = {"rep_a": "N1", "rep_b": "N2", "rep_c": "S1"}
FIRST_ROUND, SECOND_ROUND = 120, 20


class Client:
    """A laptop through the proxy that, like the app, syncs again after a failed sync."""

    def __init__(self, path, url: str, user: str):
        self.user = user
        self.lap = Laptop(path, url, user)
        self.statuses: list[int] = []
        self.failures: list[str] = []
        self.pushing = threading.Event()
        self.lap.engine.transport.http.hooks["response"].append(
            lambda r, *a, **k: self.statuses.append(r.status_code)
        )
        original = self.lap.engine.transport.request

        def request(method, path, body, token):
            if path == "/sync/push":
                self.pushing.set()
            return original(method, path, body, token)

        self.lap.engine.transport.request = request

    def sync_until_done(self, attempts: int = 150) -> None:
        for _ in range(attempts):
            try:
                self.lap.sync()
                return
            except SyncError as exc:
                self.failures.append(f"{type(exc).__name__}: {exc}")
                time.sleep(0.2)
        raise AssertionError(f"{self.user} never synced: {self.failures[-3:]}")


def _edit(client: Client, customers: list[str], n: int, tag: str) -> list[str]:
    with client.lap.write() as w:
        ids = [
            w.insert(
                "visit",
                {
                    "customer_id": customers[i % len(customers)],
                    "rep_id": w.actor.id,
                    "status": "submitted",
                    "purpose": "routine",
                    "notes": f"{tag} {i}",
                    "order_amount": Decimal(i) / 4,
                },
            )
            for i in range(n)
        ]
        w.update("customer", customers[0], {"notes": f"{tag} by {client.user}"})
    return ids


def _in_parallel(fn, clients):
    threads = [threading.Thread(target=fn, args=(c,)) for c in clients]
    errors = []

    def guarded(c):
        try:
            fn(c)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    return threads, errors


def test_three_servers_behind_haproxy_survive_a_kill_mid_push(pg_url, tmp_path):
    store = Store.from_url(pg_url)
    upgrade(store.engine)
    o = build_org(store)
    servers = [ServeProcess(pg_url, tmp_path, *JOBS_ONCE_AT_START, name=f"s{i}") for i in range(3)]
    proxy = None
    try:
        for srv in servers:
            srv.start()
        for srv in servers:
            srv.wait_ready()
        proxy = HAProxy([s.port for s in servers], tmp_path).start()
        clients = {u: Client(tmp_path / f"{u}.sqlite3", proxy.url, u) for u in (*REPS, "sup_n")}
        for c in clients.values():
            c.lap.login()
            c.sync_until_done()
        reps = [clients[u] for u in REPS]
        customer = {u: sorted(o.customers[t]) for u, t in REPS.items()}

        cust_t = SERVER["customer"]
        with store.session() as s:
            before = {
                u: s.execute(select(cust_t.c.version).where(cust_t.c.id == customer[u][0])).scalar_one()
                for u in REPS
            }

        # offline: each rep queues a day's work, then they all sync at once
        written = {c.user: _edit(c, customer[c.user], FIRST_ROUND, "round 1") for c in reps}
        threads, errors = _in_parallel(Client.sync_until_done, reps)
        assert any(c.pushing.wait(20) for c in reps), "no push started"
        servers[0].kill()  # SIGKILL while pushes are in flight through the proxy
        for t in threads:
            t.join(120)
        assert not errors, errors
        servers[0].start().wait_ready()  # the same port again: HAProxy's checks take it back

        # the restarted server takes its share again
        for c in reps:
            written[c.user] += _edit(c, customer[c.user], SECOND_ROUND, "round 2")
        threads, errors = _in_parallel(Client.sync_until_done, reps)
        for t in threads:
            t.join(120)
        assert not errors, errors
        for c in clients.values():
            c.sync_until_done()

        visits, applied = SERVER["visit"], AppliedMutation.__table__
        with store.session() as s:
            for c in reps:
                rows = s.execute(
                    select(visits.c.id, visits.c.version).where(
                        visits.c.rep_id == o.users[c.user], visits.c.notes.like("round %")
                    )
                ).all()
                assert sorted(r.id for r in rows) == sorted(written[c.user])  # every edit, no other
                assert {r.version for r in rows} == {
                    1
                }  # each insert applied once, never replayed as an update
                version = s.execute(
                    select(cust_t.c.version).where(cust_t.c.id == customer[c.user][0])
                ).scalar_one()
                assert version == before[c.user] + 2  # two edits of the notes, each applied exactly once
            assert s.scalar(select(func.count()).select_from(applied)) == sum(
                len(w) + 2 for w in written.values()
            )
            assert jobs.last_run(s, "escalation")["runs"] == 1
            assert jobs.last_run(s, "classification")["runs"] == 1
        for c in clients.values():
            with c.lap.db.session() as s:
                assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 0
                assert not list(s.scalars(select(SyncIssue)))
            assert c.lap.engine.verify() == [], f"{c.user}'s replica differs from the server"
            assert 500 not in c.statuses, f"{c.user} saw a 500"
            assert c.statuses[-1] < 400, (
                f"{c.user} ended on an error"
            )  # every failure was retried until it worked
        sup_visits = clients["sup_n"].lap.ids("visit")
        assert set(written["rep_a"]) | set(written["rep_b"]) <= sup_visits
        assert not set(written["rep_c"]) & sup_visits
        print("client errors:", {c.user: c.failures for c in clients.values()})
    finally:
        if proxy:
            proxy.stop()
        for srv in servers:
            srv.stop()
        store.engine.dispose()
