"""A pull never skips a change, even when writers commit out of number order (docs/SYNC_CONTRACT.md,
invariant 6).

Runs on real PostgreSQL: several writers each hold their transaction open for a random
time after writing, while a client keeps pulling incrementally. Whatever the interleaving,
the client must end up with every row.
"""

from __future__ import annotations

import random
import threading
import time

import pytest
import requests

from domain import schema as S
from server.store.changes import allocate_seq, insert_rows
from server.store.db import Store
from server.store.migrate import upgrade
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER, iter_rows, new_id
from tests.factories import PASSWORD, build_org

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}


@pytest.mark.postgres
def test_concurrent_writers_never_make_a_pull_skip(pg_url, live_server):
    store = Store.from_url(pg_url)
    upgrade(store.engine)
    o = build_org(store, per_territory=1)
    srv = live_server(store)
    territory = o.territories["S1"]
    token = requests.post(
        f"{srv.url}{API_PREFIX}/auth/login",
        json={"username": "admin", "password": PASSWORD},
        headers=H,
        timeout=10,
    ).json()["access_token"]
    written: set[str] = set()
    lock = threading.Lock()
    stop = threading.Event()

    def writer(n: int) -> None:
        rng = random.Random(n)
        for i in range(15):
            ids = [new_id() for _ in range(3)]
            with store.session() as s:
                seq = allocate_seq(s)
                insert_rows(
                    s,
                    S.CUSTOMER,
                    [
                        {
                            "id": cid,
                            "code": f"W{n}-{i}-{k}",
                            "name": f"并发客户 {n}-{i}-{k}",
                            "customer_type": "organisation",
                            "territory_id": territory,
                        }
                        for k, cid in enumerate(ids)
                    ],
                    seq,
                    None,
                )
                time.sleep(rng.uniform(0, 0.03))  # hold the transaction open: commit order ≠ start order
            with lock:
                written.update(ids)

    seen: set[str] = set()
    cursor = None

    def pull_once() -> None:
        nonlocal cursor
        while True:
            r = requests.post(
                f"{srv.url}{API_PREFIX}/sync/pull",
                json={"cursor": cursor, "max_rows": 50},
                headers={**H, "Authorization": f"Bearer {token}"},
                timeout=30,
            )
            assert r.status_code == 200, r.text
            page = r.json()
            seen.update(c["id"] for c in iter_rows(page["changes"], "customer"))
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return

    def puller() -> None:
        while not stop.is_set():
            pull_once()
            time.sleep(0.005)

    writers = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    p = threading.Thread(target=puller)
    p.start()
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    stop.set()
    p.join()
    pull_once()  # the final catch-up pull
    assert len(written) == 6 * 15 * 3
    assert written <= seen, f"{len(written - seen)} rows were skipped by incremental pulls"
    store.engine.dispose()
