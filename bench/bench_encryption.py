"""What encrypting the replica costs the rep: encrypted and plain side by side, in one run.

    python -m bench.bench_encryption [--customers 50000] [--write-doc]

Three measures, each on an encrypted replica (SQLCipher 4, raw 256-bit key, as the app
opens it through ``local_db.replica``) and on a plain SQLite replica built the same way:

* initial sync of the bench company (``bench.data``: N customers + 3N related rows) from a
  server on loopback, next to the raw copy of the same rows into a plain SQLite file
  (``bench.floors``' bulk copy, the floor of ``bench.bench_sync``, faster of a run before
  and one after the syncs); budget: encrypted initial sync ≤ 2× the raw copy;
* customer search as the list runs it (``bench.bench_search``), p95 over the budgeted
  query kinds; budget ≤ 50 ms;
* cold start to an interactive window (``bench.bench_startup``); budget ≤ 2 s.

The child processes of the cold start find the replica's key in a file keyring
(``tests.file_keyring``), since a benchmark machine has no OS keyring; the plain profile's
child has no keyring at all, so it is opened as it is and not converted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import keyring
from sqlalchemy import text

from bench import bench_search, bench_startup, data, floors
from bench.bench_sync import bulk_floor
from bench.report import publish
from local_db import search
from local_db.db import LocalDb
from local_db.replica import file_kind, open_replica
from server.runner import ServerThread
from server.store.db import Store
from server.store.migrate import upgrade
from sync.engine import SyncEngine
from tests.file_keyring import FileKeyring, keyring_workdir, subprocess_env


def _replica(path: Path, encrypted: bool) -> LocalDb:
    return open_replica(path) if encrypted else LocalDb(path)


def sync_figures(customers: int, work: Path) -> dict:
    store = Store.from_url(f"sqlite:///{work}/server.sqlite3")
    upgrade(store.engine)
    data.build(store, customers)
    srv = ServerThread(store).start()
    floor = floors.FloorServer(store).start()
    out: dict = {}
    try:
        before = bulk_floor(floor, work / "raw1.sqlite3")
        for name, encrypted in (("encrypted", True), ("plain", False)):
            db = _replica(work / f"sync-{name}.sqlite3", encrypted)
            rep = SyncEngine(db, srv.url, "bench_rep")
            rep.login(data.PASSWORD)
            started = time.perf_counter()
            report = rep.sync()
            out[f"{name}_s"] = time.perf_counter() - started
            out[f"{name}_rows"] = report.pulled
            rep.transport.close()
            db.close()
        assert file_kind(work / "sync-encrypted.sqlite3") == "encrypted"
        after = bulk_floor(floor, work / "raw2.sqlite3")
        out["raw_s"], out["rows"] = min(before[0], after[0]), before[1]
    finally:
        floor.stop()
        srv.stop()
        store.engine.dispose()
    return out


def search_figures(customers: int, queries: int, work: Path) -> dict:
    rows = bench_search.generate(customers)
    sets = bench_search.query_sets(rows, queries)
    out: dict = {}
    for name, encrypted in (("encrypted", True), ("plain", False)):
        db = _replica(work / f"search-{name}.sqlite3", encrypted)
        bench_search.load(db, rows)
        with db.session() as s:
            search.catch_up(s)
        with db.engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        timed = {
            k: bench_search.time_queries(bench_search.list_search(db), qs)
            for k, qs in sets.items()
            if k in bench_search.BUDGETED
        }
        out[name] = max(r["p95"] for r in timed.values())
        out[f"{name}_kind"] = max(timed, key=lambda k: timed[k]["p95"])
        db.close()
    return out


def startup_figures(customers: int, runs: int, work: Path) -> dict:
    out: dict = {}
    ring_file = work / "keyring.json"
    keyring.set_keyring(FileKeyring(ring_file))
    saved = dict(os.environ)
    try:
        for name in ("encrypted", "plain"):
            profile = work / f"start-{name}"
            profile.mkdir()
            bench_startup.build_profile(profile, customers)
            if name == "encrypted":
                open_replica(profile / "fieldsales.sqlite3").close()  # converted, key in the file keyring
                os.environ.update(subprocess_env(ring_file))
            else:
                os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
            results = [bench_startup.run_once(profile, work / f"data-{name}") for _ in range(runs + 1)][1:]
            out[name] = statistics.median(r["marks"]["interactive"] - r["marks"]["spawned"] for r in results)
            assert file_kind(profile / "fieldsales.sqlite3") == name
            os.environ.clear()
            os.environ.update(saved)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return out


def markdown(customers: int, sync: dict, found: dict, start: dict) -> str:
    def ok(cond: bool) -> str:
        return "within budget" if cond else "**over budget**"

    ratio = sync["encrypted_s"] / sync["raw_s"]
    return "\n".join(
        [
            f"Data: {customers:,} customers + {customers * 3:,} related rows (sync); the search and "
            f"cold-start "
            f"replicas of `bench_search` ({customers:,} customers with contacts and visits). Load average at "
            f"the "
            f"end: {os.getloadavg()[0]:.1f} (other work on the machine slows every figure alike).",
            "",
            "| measure | encrypted (SQLCipher 4) | plain SQLite | budget | |",
            "|---|---|---|---|---|",
            f"| raw copy into a plain SQLite file (reference) | — | {sync['raw_s']:.2f} s, {sync['rows']:,} "
            f"rows | — | |",
            f"| initial sync | {sync['encrypted_s']:.2f} s | {sync['plain_s']:.2f} s | — | |",
            f"| initial sync ÷ raw copy | {ratio:.2f}× | {sync['plain_s'] / sync['raw_s']:.2f}× | ≤ 2× "
            f"(encrypted) "
            f"| {ok(ratio <= 2)} |",
            f"| customer search, p95 of the slowest budgeted kind | {found['encrypted']:.1f} ms "
            f"({bench_search.LABELS[found['encrypted_kind']]}) | {found['plain']:.1f} ms | ≤ 50 ms "
            f"| {ok(found['encrypted'] <= 50)} |",
            f"| cold start to an interactive window (median) | {start['encrypted']:.2f} s | "
            f"{start['plain']:.2f} s "
            f"| ≤ 2 s | {ok(start['encrypted'] <= 2)} |",
        ]
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--customers", type=int, default=50_000)
    p.add_argument("--queries", type=int, default=200, help="search queries per kind")
    p.add_argument("--runs", type=int, default=5, help="cold starts per replica")
    p.add_argument("--write-doc", action="store_true", help="record the figures in docs/BENCHMARKS.md")
    args = p.parse_args()
    with keyring_workdir() as work:
        sync = sync_figures(args.customers, work)
        found = search_figures(args.customers, args.queries, work)
        start = startup_figures(args.customers, args.runs, work)
    table = markdown(args.customers, sync, found, start)
    publish("encryption", "Encrypted replica vs plain (SQLCipher)", table, args.write_doc)


if __name__ == "__main__":
    main()
