"""Server load: N concurrent clients doing no-op syncs against PostgreSQL (budget: docs/SYNC_CONTRACT.md).

    python -m bench.bench_load [--clients 200] [--seconds 30] [--workers N] [--through-proxy]
                               [--push-share 0.1] [--database-url URL] [--write-doc]

The server runs as its own process (``fieldsales-server serve --workers N``), as in
production; with ``--through-proxy`` the clients reach it through HAProxy (installed from
Debian's ``haproxy`` package), as laptops would. The clients are threads spread over
several processes, each logged in as its own user with its own cursor. A client syncs,
then waits a think time of 0.5–1.5 s (a laptop syncs every few minutes; one second is
already a hard load), so the server sees about N requests a second. With
``--push-share P`` a share P of the syncs also push 20 new visits first, each client to a
customer of its own that no other client covers: the others' syncs stay no-ops for them
(nothing new in their scope), though the server's feed moved on. Like a real laptop, a
client carries the cursor of each answer into its next pull. Reported: latency percentiles
of the sync requests (a push and its pull count as one sync), throughput, errors (any
non-200, by status; 0 is a timeout or a dropped connection), the bytes a pull brought
(a no-op answer is ~150 bytes), the server's CPU per sync (all its processes) and the load
average before and after.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import requests
from sqlalchemy import create_engine, text, update

from bench.report import write_section
from domain import schema as S
from domain.enums import Role
from server import classify
from server.auth import hash_password
from server.runner import free_port
from server.scope import refresh_scope
from server.store.changes import allocate_seq, insert_rows
from server.store.db import Store
from server.store.migrate import upgrade
from server.store.tables import TABLES
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER, new_id

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}
PASSWORD = "load-test-password"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def prepare(store: Store, clients: int) -> list[tuple[str, str]]:
    """The load users (all covering the 200 customers of territory BT), each with a customer
    of its own in territory LT that only it covers (where its pushes go); (name, own customer)."""
    from bench import data
    from domain.enums import NodeKind
    from server import org

    data.build(store, customers=200)
    pw = hash_password(PASSWORD)  # one hash for all: logins are not what is measured
    names = [f"load{i:03d}" for i in range(clients)]
    with store.session() as s:
        seq = allocate_seq(s)
        terr = s.scalar(
            TABLES["territory"]
            .select()
            .with_only_columns(TABLES["territory"].c.id)
            .where(TABLES["territory"].c.code == "BT")
        )
        ids = [new_id() for _ in names]
        own = [new_id() for _ in names]
        lt = org.create_territory(s, "LT", "Load pushes", NodeKind.TERRITORY, None, seq)
        insert_rows(
            s,
            S.USER,
            [
                {"id": uid, "username": n, "display_name": n, "role": Role.REP.value, "active": True}
                for uid, n in zip(ids, names, strict=True)
            ],
            seq,
            None,
        )
        s.execute(update(TABLES["user"]).where(TABLES["user"].c.id.in_(ids)).values(password_hash=pw))
        insert_rows(
            s,
            S.ASSIGNMENT,
            [{"id": new_id(), "user_id": uid, "territory_id": terr, "customer_id": None} for uid in ids],
            seq,
            None,
        )
        insert_rows(
            s,
            S.CUSTOMER,
            [
                {
                    "id": cid,
                    "code": f"L{i:05d}",
                    "customer_type": "organisation",
                    "name": f"负载测试客户{i}",
                    "territory_id": lt,
                    "owner_id": uid,
                    "tier": "ordinary",
                    "visit_grade": "B",
                }
                for i, (uid, cid) in enumerate(zip(ids, own, strict=True))
            ],
            seq,
            None,
        )
        insert_rows(
            s,
            S.ASSIGNMENT,
            [
                {"id": new_id(), "user_id": uid, "territory_id": None, "customer_id": cid}
                for uid, cid in zip(ids, own, strict=True)
            ],
            seq,
            None,
        )
        refresh_scope(s, seq, ids)
    with store.session() as s:
        # As on a server that has been running: today's classification run is done, so the
        # scheduler (first check a minute after start) does not rewrite every customer in the
        # middle of the measurement, which would turn the no-op syncs into real downloads.
        classify.run(s)
    store.analyze()
    return list(zip(names, own, strict=True))


PUSH_SIZE = 20
KEEP_ALIVE_S = 4.0  # below uvicorn's 5 s keep-alive timeout


def _push_body(client_id: str, cursor: str, user_id: str, customer: str, seq: int) -> bytes:
    from sync.contract import SCHEMA_VERSION

    mutations = [
        {
            "mutation_id": str(uuid.uuid4()),
            "client_seq": seq + i,
            "entity": "visit",
            "row_id": str(uuid.uuid4()),
            "op": "insert",
            "base": {},
            "base_version": 0,
            "schema_version": SCHEMA_VERSION,
            "changes": {
                "customer_id": customer,
                "rep_id": user_id,
                "status": "planned",
                "purpose": "routine",
            },
        }
        for i in range(PUSH_SIZE)
    ]
    return json.dumps({"client_id": client_id, "cursor": cursor, "mutations": mutations}).encode()


def _client_process(
    url: str,
    users: list[tuple[str, str]],
    seconds: float,
    out: mp.Queue,
    ready,
    go,
    push_share: float = 0.0,
    think: tuple[float, float] = (0.5, 1.5),
) -> None:
    import threading

    host, port = urlsplit(url).hostname, urlsplit(url).port
    results: list[tuple[float, int, int]] = []  # seconds, status, bytes the pull brought
    lock = threading.Lock()
    # Logins hash a password and first pulls download the territory: set the clients up a
    # few at a time (set-up is not what is measured, and a storm of it only times out).
    setting_up = threading.BoundedSemaphore(4)

    def client(user_and_customer: tuple[str, str]) -> None:
        user, own_customer = user_and_customer
        for attempt in range(5):
            try:
                with setting_up:
                    state = set_up(user)
                break
            except (requests.RequestException, RuntimeError, KeyError, ValueError):
                if attempt == 4:
                    raise
                time.sleep(2)
        measure(user, own_customer, *state)

    def set_up(user: str):
        web = requests.Session()
        login = web.post(
            f"{url}{API_PREFIX}/auth/login",
            json={"username": user, "password": PASSWORD},
            headers=H,
            timeout=60,
        ).json()
        tok, user_id = login["access_token"], login["user"]["id"]
        auth = {**H, "Authorization": f"Bearer {tok}"}
        cursor = None
        while True:  # catch up first: the measured syncs are no-ops
            resp = web.post(f"{url}{API_PREFIX}/sync/pull", json={"cursor": cursor}, headers=auth, timeout=60)
            if resp.status_code != 200:
                raise RuntimeError(f"catch-up pull answered {resp.status_code}: {resp.text[:300]}")
            page = resp.json()
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        return auth, cursor, user_id

    def measure(user: str, own_customer: str, auth: dict, cursor: str, user_id: str) -> None:
        client_id = str(uuid.uuid4())
        rng = random.Random(user)
        with ready.get_lock():
            ready.value += 1
        go.wait()  # measure only once every client has logged in and caught up
        # Do not start in lock-step: laptops' syncs are spread over their interval, so a
        # burst of every client at once is not what the steady state is measured with.
        time.sleep(rng.uniform(0, max(1.0, think[1])))
        # The measured requests use the standard library's plain keep-alive connection: the
        # clients share the 2-core machine with the server, and a lighter client leaves the
        # figures to the server (real laptops bring their own CPUs).
        conn = http.client.HTTPConnection(host, port, timeout=30)
        headers = {**auth, "Content-Type": "application/json"}
        end = time.monotonic() + seconds
        last_used = time.monotonic()
        mine = []
        seq = 1
        while time.monotonic() < end:
            push = rng.random() < push_share
            push_body = _push_body(client_id, cursor, user_id, own_customer, seq) if push else None
            t = time.perf_counter()
            received = 0
            if time.monotonic() - last_used > KEEP_ALIVE_S:
                # The server (uvicorn: 5 s) and HAProxy close an idle keep-alive connection;
                # an HTTP client pool (urllib3, the app's) reconnects rather than fail on it.
                conn.close()
            try:
                status = 200
                if push_body is not None:
                    conn.request("POST", f"{API_PREFIX}/sync/push", push_body, headers)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                    seq += PUSH_SIZE
                more = status == 200
                while more:  # a sync pulls until it has everything, as the app does
                    body = json.dumps({"cursor": cursor, "client_id": client_id}).encode()
                    conn.request("POST", f"{API_PREFIX}/sync/pull", body, headers)
                    response = conn.getresponse()
                    page = response.read()
                    status = response.status
                    received += len(page)
                    more = False
                    if status == 200:
                        # the next pull starts where this answer ends (past everything that
                        # committed, our own pushes included, which are not echoed)
                        answer = json.loads(page)
                        cursor, more = answer["next_cursor"], answer["has_more"]
            except (OSError, http.client.HTTPException, ValueError):
                conn.close()  # the next request opens a new connection
                status = 0
            mine.append((time.perf_counter() - t, status, received))
            last_used = time.monotonic()
            time.sleep(rng.uniform(*think))
        conn.close()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put(results)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process and its children (workers) have used so far (Linux /proc)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def run(
    clients: int,
    seconds: float,
    database_url: str | None,
    processes: int,
    workers: int = 1,
    through_proxy: bool = False,
    push_share: float = 0.0,
    think: tuple[float, float] = (0.5, 1.5),
) -> dict:
    created = None
    if database_url is None:
        created = f"fs_load_{uuid.uuid4().hex[:8]}"
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{created}"'))
        database_url = PG_ADMIN.rsplit("/", 1)[0] + "/" + created
    store = Store.from_url(database_url)
    upgrade(store.engine)
    users = prepare(store, clients)
    store.engine.dispose()
    port = free_port()
    # Pools sized so every worker fits PostgreSQL's default max_connections (100).
    env = {
        **os.environ,
        "FIELDSALES_DB_POOL_SIZE": "10",
        "FIELDSALES_DB_MAX_OVERFLOW": str(max(0, 80 // workers - 10)),
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "fieldsales-server"),
            "--database-url",
            database_url,
            "serve",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--workers",
            str(workers),
        ],
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    proxy = None
    try:
        from tests.ops.processes import wait_ready

        wait_ready(
            server,
            url,
            30,
            lambda: f"the server exited with {server.returncode}",
            lambda: "the server was not ready within 30 s",
        )
        time.sleep(1.0 if workers > 1 else 0)  # the other workers come up a little later
        if through_proxy:
            from tests.ops.processes import HAProxy

            proxy = HAProxy([port], Path(tempfile.mkdtemp(prefix="fs-bench-proxy-"))).start()
            url = proxy.url
        out: mp.Queue = mp.Queue()
        ready, go = mp.Value("i", 0), mp.Event()
        chunks = [users[i::processes] for i in range(processes)]
        procs = [
            mp.Process(target=_client_process, args=(url, chunk, seconds, out, ready, go, push_share, think))
            for chunk in chunks
        ]
        for p in procs:
            p.start()
        while ready.value < len(users):
            time.sleep(0.2)
        load_before = os.getloadavg()[0]
        start = time.monotonic()
        cpu_before = cpu_seconds(server.pid)
        go.set()
        results = [r for _ in procs for r in out.get()]
        server_cpu = cpu_seconds(server.pid) - cpu_before
        for p in procs:
            p.join()
        wall = time.monotonic() - start
    finally:
        if proxy is not None:
            proxy.stop()
        server.terminate()
        server.wait(timeout=30)
        if created:
            with admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)'))
    lat = sorted(t for t, _, _ in results)
    q = statistics.quantiles(lat, n=100)
    ok = [size for _, st, size in results if st == 200]
    statuses: dict[str, int] = {}
    for _, st, _ in results:
        if st != 200:
            statuses[str(st)] = statuses.get(str(st), 0) + 1
    return {
        "clients": clients,
        "seconds": seconds,
        "requests": len(results),
        "wall": wall,
        "errors": sum(statuses.values()),
        "error_statuses": statuses,
        "pull_bytes": statistics.mean(ok) if ok else 0,
        "p50": q[49] * 1000,
        "p95": q[94] * 1000,
        "p99": q[98] * 1000,
        "rps": len(results) / seconds,
        "cpu_ms": server_cpu * 1000 / max(1, len(results)),
        "load_before": load_before,
        "load": os.getloadavg()[0],
        "workers": workers,
        "through_proxy": through_proxy,
        "push_share": push_share,
        "think": list(think),
    }


def _think(r: dict) -> str:
    lo, hi = r.get("think", (0.5, 1.5))
    return f"{lo:g}–{hi:g}"


def markdown(r: dict) -> str:
    ok = r["p95"] <= 200 and r["errors"] == 0
    pushes = (
        f"; {r['push_share']:.0%} of the syncs push {PUSH_SIZE} changes first" if r.get("push_share") else ""
    )
    return "\n".join(
        [
            f"{r['clients']} clients, each syncing then waiting {_think(r)} s, for {r['seconds']:.0f} s; "
            f"server: "
            f"`fieldsales-server serve --workers {r.get('workers', 1)}` on PostgreSQL"
            f"{', behind HAProxy' if r.get('through_proxy') else ''}"
            f"{pushes}"
            "; clients in separate processes on the same 2-core machine.",
            "",
            "| measure | figure | budget | |",
            "|---|---|---|---|",
            f"| no-op sync latency p50 / p95 / p99 | {r['p50']:.1f} / {r['p95']:.1f} / {r['p99']:.1f} ms | "
            f"p95 ≤ 200 ms"
            f" | {'within budget' if ok else '**over budget**'} |",
            f"| errors | {r['errors']} of {r['requests']:,} requests{_statuses(r)} | 0 | |",
            f"| throughput | {r['rps']:.0f} syncs/s | — | |",
            f"| server CPU per sync | {r['cpu_ms']:.1f} ms | — | |",
            f"| bytes a pull brought (mean) | {r.get('pull_bytes', 0):,.0f} | — | |",
            "",
            f"Load average before the run {r.get('load_before', float('nan')):.1f}, at its end "
            f"{r['load']:.1f}. The server's scheduled jobs run as in production "
            "(today's classification run is already done). The measured requests use plain keep-alive "
            "`http.client` connections, so the clients' own CPU stays small next to the server's.",
            "",
            "What makes it fit: requests queue for a database slot on the event loop before they take a "
            "worker thread or a connection (`server/api/admission.py`; without it, 200 clients deadlocked "
            "threads against pooled connections until the pool timed out, p95 30 s), and an up-to-date "
            "pull is answered from one read without a transaction (token, user, committed feed number and "
            "recorded pull position in one statement).",
        ]
    )


def _statuses(r: dict) -> str:
    found = r.get("error_statuses") or {}
    if not found:
        return ""
    named = ", ".join(f"{n} {'timeout/dropped' if st == '0' else st}" for st, n in sorted(found.items()))
    return f" ({named})"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=200)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--processes", type=int, default=max(2, (os.cpu_count() or 2)))
    p.add_argument("--database-url", help="PostgreSQL URL (default: a temporary database on 127.0.0.1)")
    p.add_argument("--workers", type=int, default=1, help="server worker processes (serve --workers N)")
    p.add_argument(
        "--through-proxy", action="store_true", help="clients go through HAProxy, as in production"
    )
    p.add_argument(
        "--push-share",
        type=float,
        default=0.0,
        help=f"share of the syncs that first push {PUSH_SIZE} new visits (e.g. 0.1)",
    )
    p.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(0.5, 1.5),
        metavar=("LO", "HI"),
        help="seconds a client waits between syncs, uniformly drawn (default 0.5 1.5: a stress far "
        "above the app's one sync every 5 minutes, desktop/sync_controller.SyncTimings)",
    )
    p.add_argument("--json", action="store_true", help="print the figures as one JSON line too")
    p.add_argument("--write-doc", action="store_true")
    args = p.parse_args()
    with tempfile.TemporaryDirectory():
        r = run(
            args.clients,
            args.seconds,
            args.database_url,
            args.processes,
            args.workers,
            args.through_proxy,
            args.push_share,
            tuple(args.think),
        )
    table = markdown(r)
    print(table)
    if args.json:
        print(json.dumps(r))
    if (
        args.write_doc
        and args.workers == 1
        and not args.through_proxy
        and not args.push_share
        and tuple(args.think) == (0.5, 1.5)
    ):
        write_section("load-postgresql", "Server load (PostgreSQL)", table)


if __name__ == "__main__":
    main()
