"""Scale: a first sync of a large scope, the client's peak memory, and what small syncs cost
as the server's database grows.

    python -m bench.bench_scale [--customers 500000] [--write-doc]

The server runs in this process; the laptop's first sync runs in a child process of its own,
so its peak resident memory (``VmHWM``) is the client's alone. Then, in this process: the
plain bulk copy of the same rows (``bench.floors``), and on the synced replica the median
of no-op syncs and of 100-change pulls. Run it at two sizes (say 50,000 and 500,000
customers, i.e. 200k and 2M rows) to see whether small syncs stay flat as the server grows.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import keyring
import requests
from sqlalchemy import select

from bench import data, floors
from bench.bench_sync import _MemoryKeyring, bulk_floor
from bench.report import publish
from domain.schema import CUSTOMER
from local_db.db import LocalDb
from local_db.tables import TABLES as LOCAL
from server.runner import ServerThread
from server.store.changes import allocate_seq, update_row
from server.store.db import Store
from server.store.migrate import upgrade
from sync.engine import SyncEngine


def _peak_rss_mb(pid: str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def client(url: str, path: str) -> None:
    """The child: log in, sync from nothing, report time and peak memory as JSON."""
    keyring.set_keyring(_MemoryKeyring())
    rep = SyncEngine(LocalDb(Path(path)), url, "bench_rep")
    rep.login(data.PASSWORD)
    start_rss = _rss_mb()
    t, c = time.perf_counter(), time.process_time()
    report = rep.sync()
    print(
        json.dumps(
            {
                "sync_s": time.perf_counter() - t,
                "cpu_s": time.process_time() - c,
                "rows": report.pulled,
                "pages": report.pages,
                "peak_rss_mb": _peak_rss_mb(),
                "start_rss_mb": start_rss,
            }
        )
    )


def run(customers: int, workdir: Path) -> dict:
    keyring.set_keyring(_MemoryKeyring())
    store = Store.from_url(f"sqlite:///{workdir}/server.sqlite3")
    upgrade(store.engine)
    t = time.perf_counter()
    data.build(store, customers)
    r: dict = {"customers": customers, "rows": customers * 4, "build_s": time.perf_counter() - t}
    srv = ServerThread(store).start()
    floor = floors.FloorServer(store).start()
    try:
        rss_before = _rss_mb()
        replica = workdir / "rep.sqlite3"
        server_cpu = time.process_time()
        child = subprocess.run(
            [sys.executable, "-m", "bench.bench_scale", "--client", srv.url, str(replica)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ},
        )
        r.update(json.loads(child.stdout.strip().splitlines()[-1]))
        r["server_cpu_s"] = time.process_time() - server_cpu  # this process is the server meanwhile
        r["server_rss_mb"], r["server_rss_before_mb"] = _rss_mb(), rss_before
        r["server_db_mb"] = (workdir / "server.sqlite3").stat().st_size / 1e6
        r["client_db_mb"] = replica.stat().st_size / 1e6
        plain = bulk_floor(floor, workdir / "plain.sqlite3")
        r.update(
            plain_s=plain[0],
            plain_cpu=plain[4],
            ratio=r["sync_s"] / plain[0],
            cpu_ratio=(r["cpu_s"] + r["server_cpu_s"]) / plain[4],
        )
        (workdir / "plain.sqlite3").unlink()

        rep = SyncEngine(LocalDb(replica), srv.url, "bench_rep")
        rep.login(data.PASSWORD)
        rep.sync()
        noop = []
        for _ in range(20):
            t = time.perf_counter()
            rep.sync()
            noop.append(time.perf_counter() - t)
        with rep.db.session() as s:
            ids = list(
                s.scalars(select(LOCAL["customer"].c.id).order_by(LOCAL["customer"].c.code).limit(100))
            )
        pulls = []
        for k in range(5):
            with store.session() as s:
                seq = allocate_seq(s)
                for i, cid in enumerate(ids):
                    update_row(s, CUSTOMER, cid, {"fax": f"0571-{k}{i:03d}"}, seq, None)
            t = time.perf_counter()
            assert rep.sync().pulled == 100
            pulls.append(time.perf_counter() - t)
        r.update(noop_ms=statistics.median(noop) * 1000, pull100_ms=statistics.median(pulls) * 1000)
        requests.Session().close()
    finally:
        floor.stop()
        srv.stop()
        store.engine.dispose()
    return r


def markdown(results: list[dict]) -> str:
    lines = [
        "| server rows | first sync | plain copy | ratio (wall / CPU) | client peak RSS | server RSS | "
        "server DB | replica | no-op sync | 100-change pull |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['rows']:,} | {r['sync_s']:.1f} s ({r['pages']} pages) | {r['plain_s']:.1f} s | "
            f"{r['ratio']:.2f}× / {r['cpu_ratio']:.2f}× | {r['peak_rss_mb']:.0f} MB | "
            f"{r['server_rss_mb']:.0f} MB "
            f"(of which {r['server_rss_before_mb']:.0f} MB before the sync) | {r['server_db_mb']:.0f} MB | "
            f"{r['client_db_mb']:.0f} MB | {r['noop_ms']:.1f} ms | {r['pull100_ms']:.0f} ms |"
        )
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--client":
        client(sys.argv[2], sys.argv[3])
        return
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--customers", type=int, nargs="+", default=[500_000])
    p.add_argument("--write-doc", action="store_true")
    args = p.parse_args()
    results = []
    for n in args.customers:
        with tempfile.TemporaryDirectory() as d:
            results.append(run(n, Path(d)))
        print(json.dumps(results[-1]), flush=True)
    table = markdown(results)
    publish("sync-scale", "Sync at scale (SQLite server store)", table, args.write_doc)


if __name__ == "__main__":
    main()
