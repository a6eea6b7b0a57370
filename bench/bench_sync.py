"""Sync benchmarks (budgets: docs/SYNC_CONTRACT.md): initial sync vs a raw copy, no-op sync, 100 changes.

    python -m bench.bench_sync [--customers 50000] [--database-url URL] [--write-doc]

Everything runs on this machine over loopback: the real server (uvicorn) and the real
client engine. The raw copy is the floor any sync must pay for the same rows: read them
from the server's database, serialise them as JSON, send them over loopback HTTP and bulk
insert them into SQLite; it runs in the same process right before the sync, so the ratio
compares like with like.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import keyring
import requests
from keyring.backend import KeyringBackend
from sqlalchemy import select, text

from bench import data
from bench.report import write_section
from domain.schema import CUSTOMER, ENTITIES
from local_db.db import LocalDb
from local_db.tables import TABLES as LOCAL
from local_db.writes import LocalWriter
from server.runner import ServerThread, free_port
from server.store.changes import allocate_seq, update_row
from server.store.db import Store
from server.store.migrate import upgrade
from sync.engine import SyncEngine


class _MemoryKeyring(KeyringBackend):
    """The benchmark machine has no OS keyring; tokens stay in memory for the run."""

    priority = 1
    _store: dict = {}

    def get_password(self, service, username):
        return self._store.get((service, username))

    def set_password(self, service, username, password):
        self._store[(service, username)] = password

    def delete_password(self, service, username):
        self._store.pop((service, username), None)


def raw_copy(store: Store, target: Path) -> tuple[float, int, int]:
    """Serialise every synced row as JSON, send it over loopback HTTP, bulk insert it."""
    names = {e.table: [c.name for c in LOCAL[e.name].columns] for e in ENTITIES}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            table = self.path.strip("/")
            cols = names[table]
            with store.engine.connect() as conn:
                rows = conn.execute(text(f'SELECT {", ".join(cols)} FROM "{table}"')).all()
            body = json.dumps([[str(v) if isinstance(v, Decimal) else v for v in r] for r in rows],
                              ensure_ascii=False, default=str).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    port = free_port()
    httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    LocalDb(target).close()  # the same client schema, created by its migrations
    conn = sqlite3.connect(target)
    http = requests.Session()
    start = time.perf_counter()
    total_rows = total_bytes = 0
    for table, cols in names.items():
        resp = http.get(f"http://127.0.0.1:{port}/{table}", timeout=300)
        rows = resp.json()
        total_bytes += len(resp.content)
        total_rows += len(rows)
        with conn:
            conn.executemany(f'INSERT INTO "{table}" ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})',
                             [tuple(json.dumps(v) if isinstance(v, (dict, list)) else v for v in r) for r in rows])
    elapsed = time.perf_counter() - start
    httpd.shutdown()
    conn.close()
    return elapsed, total_rows, total_bytes


def run(customers: int, database_url: str | None, workdir: Path) -> dict:
    keyring.set_keyring(_MemoryKeyring())
    store = Store.from_url(database_url or f"sqlite:///{workdir}/server.sqlite3")
    upgrade(store.engine)
    t = time.perf_counter()
    data.build(store, customers)
    build_s = time.perf_counter() - t
    srv = ServerThread(store).start()
    results: dict = {"customers": customers, "related": customers * 3, "store": store.engine.dialect.name,
                     "build_s": build_s}
    try:
        raw_s, raw_rows, raw_bytes = raw_copy(store, workdir / "raw.sqlite3")
        results.update(raw_s=raw_s, raw_rows=raw_rows, raw_bytes=raw_bytes)

        rep = SyncEngine(LocalDb(workdir / "rep.sqlite3"), srv.url, "bench_rep")
        rep.login(data.PASSWORD)
        t = time.perf_counter()
        report = rep.sync()
        results.update(sync_s=time.perf_counter() - t, sync_rows=report.pulled, sync_pages=report.pages,
                       sync_bytes=rep.transport.bytes_received)
        results["ratio"] = results["sync_s"] / raw_s

        times, reqs, sizes = [], [], []
        for _ in range(30):
            r0, b0 = rep.transport.requests_made, rep.transport.bytes_received
            t = time.perf_counter()
            rep.sync()
            times.append(time.perf_counter() - t)
            reqs.append(rep.transport.requests_made - r0)
            sizes.append(rep.transport.bytes_received - b0)
        results.update(noop_median_ms=statistics.median(times) * 1000, noop_requests=max(reqs),
                       noop_bytes=max(sizes))

        with rep.db.session() as s:
            ids = list(s.scalars(select(LOCAL["customer"].c.id).limit(100)))
        with rep.db.session() as s:
            w = LocalWriter.for_owner(s)
            for i, cid in enumerate(ids):
                w.update("customer", cid, {"notes": f"bench edit {i}"})
        t = time.perf_counter()
        up = rep.sync()
        results.update(push100_ms=(time.perf_counter() - t) * 1000, push100_applied=up.applied)

        with store.session() as s:  # an office colleague changes the same 100 customers on the server
            seq = allocate_seq(s)
            for i, cid in enumerate(ids):
                update_row(s, CUSTOMER, cid, {"fax": f"0571-{i:04d}"}, seq, None)
        t = time.perf_counter()
        down = rep.sync()
        results.update(pull100_ms=(time.perf_counter() - t) * 1000, pull100_rows=down.pulled)
    finally:
        srv.stop()
        store.engine.dispose()
    return results


def markdown(r: dict) -> str:
    def ok(cond: bool) -> str:
        return "within budget" if cond else "**over budget**"

    return "\n".join([
        f"Data: {r['customers']:,} customers + {r['related']:,} related rows, server store: {r['store']}.",
        "",
        "| measure | figure | budget | |",
        "|---|---|---|---|",
        f"| raw copy (JSON over loopback HTTP, bulk insert) | {r['raw_s']:.2f} s, {r['raw_rows']:,} rows, "
        f"{r['raw_bytes'] / 1e6:.0f} MB | — | |",
        f"| initial sync | {r['sync_s']:.2f} s, {r['sync_rows']:,} rows in {r['sync_pages']} pages, "
        f"{r['sync_bytes'] / 1e6:.0f} MB | ≤ 15 s | {ok(r['sync_s'] <= 15)} |",
        f"| initial sync ÷ raw copy | {r['ratio']:.2f}× | ≤ 2× | {ok(r['ratio'] <= 2)} |",
        f"| no-op sync | {r['noop_requests']} request, {r['noop_bytes']} bytes, median {r['noop_median_ms']:.1f} ms"
        f" | 1 request, ≤ 1 KB, ≤ 50 ms | {ok(r['noop_requests'] == 1 and r['noop_bytes'] <= 1024 and r['noop_median_ms'] <= 50)} |",
        f"| 100 changes up (push) | {r['push100_ms']:.0f} ms ({r['push100_applied']} applied) | ≤ 300 ms"
        f" | {ok(r['push100_ms'] <= 300)} |",
        f"| 100 changes down (pull) | {r['pull100_ms']:.0f} ms ({r['pull100_rows']} rows) | ≤ 300 ms"
        f" | {ok(r['pull100_ms'] <= 300)} |",
    ])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--customers", type=int, default=50_000)
    p.add_argument("--database-url", help="server store (default: a temporary SQLite file)")
    p.add_argument("--write-doc", action="store_true", help="record the figures in docs/BENCHMARKS.md")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as d:
        r = run(args.customers, args.database_url, Path(d))
    table = markdown(r)
    print(table)
    if args.write_doc:
        write_section(f"sync-{r['store']}", f"Sync ({r['store']} server store)", table)


if __name__ == "__main__":
    main()
