"""Sync benchmarks (budgets: docs/SYNC_CONTRACT.md): each figure next to its floor, measured in the same run.

    python -m bench.bench_sync [--customers 50000] [--database-url URL] [--small-only] [--write-doc]

``--small-only``: the small syncs alone (the laptop still syncs from nothing first, but the
initial sync's floors are not run and its figures not reported; the pull floor's table is
copied plainly by itself), for working on the small syncs without paying the bulk copies.

Everything runs on this machine over loopback: the real server (uvicorn) and the real
client engine, and next to them the floors of ``bench.floors`` (the same rows moved as
plainly as possible over the same loopback HTTP, into the same databases):

- initial sync vs a plain bulk copy into tables with the same columns and primary keys
  only (no triggers, secondary indexes or full-text index), in pages of the sync's size;
  the same copy into the client's full schema is shown for reference;
- 100 changes up vs one POST carrying the same 100 changes, applied by the server in one
  transaction with plain UPDATEs;
- 100 changes down vs one GET of the same 100 rows, applied in one local transaction;
- a rep's end-of-day sync (30 visits with checklists, 5 quotes with 10 lines, 3
  complaints) vs one POST of the same rows, inserted by the server in one transaction.

The plain bulk copy runs before and after the initial sync and the faster of the two is
the floor; small syncs are measured several times (each floor right before its sync) and
the medians compared. The machine may be shared, so only same-run ratios mean much.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import keyring
import requests
from keyring.backend import KeyringBackend
from sqlalchemy import Boolean, delete, event, select

from bench import data, floors
from bench.report import write_section
from domain.schema import CUSTOMER
from local_db import complaints, search
from local_db.db import LocalDb
from local_db.replica import open_replica
from local_db.tables import TABLES as LOCAL
from local_db.writes import LocalWriter
from server.runner import ServerThread
from server.store.changes import allocate_seq, committed_seq, update_row
from server.store.db import Store
from server.store.migrate import upgrade
from server.store.tables import TABLES as SERVER
from sync.engine import SyncEngine

SMALL_RUNS = 5
EOD_RUNS = 3


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


def _timed(fn):
    t = time.perf_counter()
    value = fn()
    return time.perf_counter() - t, value


def _cpu_timed(fn):
    """(wall seconds, CPU seconds of this process, value): the server and the floors run
    in this process's threads, so its CPU time is the work of both ends, and moves far
    less than the wall clock when other work shares the machine."""
    c = time.process_time()
    wall, value = _timed(fn)
    return wall, time.process_time() - c, value


def bulk_floor(
    floor: floors.FloorServer, path: Path, full_schema: bool = False
) -> tuple[float, int, int, int, float]:
    """(seconds, rows, bytes, pages, CPU seconds) of a bulk copy into a plain or the client's full schema."""
    if full_schema:
        LocalDb(path).close()  # the client's schema, triggers and indexes, made by its migrations
        conn = floors.sqlite3.connect(path, isolation_level=None)
    else:
        conn = floors.plain_tables(path)
    try:
        seconds, cpu, (rows, size, pages) = _cpu_timed(lambda: floors.bulk_copy(floor, conn))
    finally:
        conn.close()
    return seconds, rows, size, pages, cpu


def end_of_day(rep: SyncEngine, run: int) -> dict[str, list[str]]:
    """A rep's day on the laptop: 30 visits with their checklists, 5 quotes of 10 lines,
    3 complaints, each written through the app's write path. Returns the ids per entity."""
    made: dict[str, list[str]] = {"visit": [], "quote": [], "quote_line": [], "complaint": []}
    with rep.db.session() as s:
        w = LocalWriter.for_owner(s)
        customers = list(
            s.scalars(
                select(LOCAL["customer"].c.id)
                .order_by(LOCAL["customer"].c.code)
                .offset(200 + 40 * run)
                .limit(38)
            )
        )
        day = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc) + timedelta(days=run)
        for i, cid in enumerate(customers[:30]):
            at = day + timedelta(minutes=20 * i)
            made["visit"].append(
                w.insert(
                    "visit",
                    {
                        "customer_id": cid,
                        "rep_id": w.actor.id,
                        "status": "submitted",
                        "planned_at": at,
                        "check_in_at": at,
                        "check_out_at": at + timedelta(minutes=35),
                        "purpose": "routine",
                        "channel": "in_person",
                        "outcome": "order",
                        "checklist": {**{f"step{k}": True for k in range(1, 8)}, "stock_low": i % 3 == 0},
                        "order_amount": f"{1000 + i * 37}.50",
                        "notes": "例行拜访，补货并介绍新品",
                        "next_step": "下周回访",
                        "latitude": "30.274084",
                        "longitude": "120.155070",
                        "location_source": "gps",
                        "location_accuracy_m": "12.5",
                    },
                )
            )
        for q, cid in enumerate(customers[30:35]):
            qid = w.insert(
                "quote",
                {
                    "customer_id": cid,
                    "rep_id": w.actor.id,
                    "number": f"B01-EOD-{run:02d}-{q:02d}",
                    "status": "draft",
                    "currency": "CNY",
                    "issue_date": day.date(),
                    "subtotal": "1000.00",
                    "tax_total": "130.00",
                    "total": "1130.00",
                },
            )
            made["quote"].append(qid)
            for n in range(10):
                made["quote_line"].append(
                    w.insert(
                        "quote_line",
                        {
                            "customer_id": cid,
                            "quote_id": qid,
                            "line_no": n + 1,
                            "description": f"产品 {n + 1}",
                            "quantity": "10.000",
                            "unit_price": "10.00",
                            "tax_rate": "13",
                            "line_subtotal": "100.00",
                            "line_tax": "13.00",
                            "line_total": "113.00",
                        },
                    )
                )
        for cid in customers[35:38]:
            made["complaint"].append(
                complaints.record(
                    w,
                    customer_id=cid,
                    channel="visit",
                    category="service",
                    severity="medium",
                    description="送货晚了两天，客户希望以后提前通知",
                )
            )
    return made


def _wire_block(rep: SyncEngine, entity: str, ids: list[str]) -> dict:
    """The rows as the laptop holds them, in the floor's insert form (client columns)."""
    t = LOCAL[entity]
    cols = floors.COLUMNS[t.name]
    with rep.db.engine.connect() as conn:
        marks = ",".join("?" * len(ids))
        rows = conn.exec_driver_sql(
            f'SELECT {", ".join(cols)} FROM "{t.name}" WHERE id IN ({marks})', tuple(ids)
        ).all()
    json_at = [i for i, c in enumerate(cols) if c in floors.JSON_COLUMNS[t.name]]
    bool_at = [i for i, c in enumerate(cols) if isinstance(t.c[c].type, Boolean)]  # SQLite holds 0/1
    out = []
    for r in rows:
        values = list(r)
        for i in json_at:
            if values[i] is not None:
                values[i] = floors.loads(values[i])
        for i in bool_at:
            if values[i] is not None:
                values[i] = bool(values[i])
        out.append(values)
    return {"fields": cols, "rows": out}


def _count_transactions(db: LocalDb) -> list[int]:
    """A counter of the local transactions begun on ``db`` (one item, incremented)."""
    counter = [0]

    def begun(_conn) -> None:
        counter[0] += 1

    event.listen(db.engine, "begin", begun)
    return counter


class _SyncRuns:
    """The figures of one kind of sync run again and again: each run's floor and sync
    timed (wall and CPU), with the requests, local transactions and bytes the sync took;
    ``figures`` gives their medians (times) and maxima (counts) under the kind's prefix."""

    def __init__(self, rep, local_txns: list[int]):
        self.rep, self.local_txns = rep, local_txns
        self.seconds: list[float] = []
        self.cpu: list[float] = []
        self.floor_seconds: list[float] = []
        self.floor_cpu: list[float] = []
        self.requests: list[int] = []
        self.transactions: list[int] = []
        self.bytes: list[int] = []

    def floor(self, fn):
        """``fn()``'s value, its times kept as the floor of this run."""
        seconds, cpu, value = _cpu_timed(fn)
        self.floor_seconds.append(seconds)
        self.floor_cpu.append(cpu)
        return value

    def sync(self):
        """The laptop's sync report, its times and costs kept."""
        t = self.rep.transport
        r0, t0, b0 = t.requests_made, self.local_txns[0], t.bytes_received
        seconds, cpu, report = _cpu_timed(self.rep.sync)
        self.requests.append(t.requests_made - r0)
        self.transactions.append(self.local_txns[0] - t0)
        self.bytes.append(t.bytes_received - b0)
        self.seconds.append(seconds)
        self.cpu.append(cpu)
        return report

    def figures(self, kind: str) -> dict:
        return {
            f"{kind}_ms": statistics.median(self.seconds) * 1000,
            f"{kind}_floor_ms": statistics.median(self.floor_seconds) * 1000,
            f"{kind}_cpu_ms": statistics.median(self.cpu) * 1000,
            f"{kind}_floor_cpu_ms": statistics.median(self.floor_cpu) * 1000,
            f"{kind}_requests": max(self.requests),
            f"{kind}_transactions": max(self.transactions),
            f"{kind}_bytes": max(self.bytes),
        }


def _initial_sync(r: dict, floor: floors.FloorServer, srv: ServerThread, workdir: Path) -> None:
    """The initial sync and its floors (plain copy before and after, full-schema copy)."""
    plain1 = bulk_floor(floor, workdir / "plain1.sqlite3")
    full = bulk_floor(floor, workdir / "full.sqlite3", full_schema=True)
    rep = SyncEngine(open_replica(workdir / "rep.sqlite3"), srv.url, "bench_rep")  # encrypted, as on a laptop
    rep.login(data.PASSWORD)
    sync_s, sync_cpu, report = _cpu_timed(rep.sync)
    r.update(
        sync_s=sync_s,
        sync_cpu=sync_cpu,
        sync_rows=report.pulled,
        sync_pages=report.pages,
        sync_bytes=rep.transport.bytes_received,
    )
    with rep.db.session() as s:
        r["index_s"], _ = _timed(lambda: search.catch_up(s))
    plain2 = bulk_floor(floor, workdir / "plain2.sqlite3")
    plain = min(plain1, plain2)
    r.update(
        plain_s=plain[0],
        plain_runs=(plain1[0], plain2[0]),
        plain_rows=plain[1],
        plain_bytes=plain[2],
        plain_pages=plain[3],
        plain_cpu=min(plain1[4], plain2[4]),
        full_s=full[0],
        full_rows=full[1],
        full_cpu=full[4],
    )
    r["ratio"] = sync_s / plain[0]
    r["cpu_ratio"] = sync_cpu / r["plain_cpu"]
    r["rep"] = rep


def run(
    customers: int,
    database_url: str | None,
    workdir: Path,
    small_only: bool = False,
    initial_only: bool = False,
) -> dict:
    keyring.set_keyring(_MemoryKeyring())
    store = Store.from_url(database_url or f"sqlite:///{workdir}/server.sqlite3")
    upgrade(store.engine)
    build_s, _ = _timed(lambda: data.build(store, customers))
    srv = ServerThread(store).start()
    floor = floors.FloorServer(store).start()
    r: dict = {
        "customers": customers,
        "related": customers * 3,
        "store": store.engine.dialect.name,
        "build_s": build_s,
        "codec": floors.CODEC,
    }
    try:
        # -- initial sync ------------------------------------------------------------------
        if small_only:
            rep = SyncEngine(open_replica(workdir / "rep.sqlite3"), srv.url, "bench_rep")
            rep.login(data.PASSWORD)
            rep.sync()
            conn = floors.plain_tables(workdir / "plain1.sqlite3")
            floors.bulk_copy(floor, conn, tables=["customers"])  # the pull floor's table
            conn.close()
            r["small_only"] = True
        else:
            _initial_sync(r, floor, srv, workdir)
            rep = r.pop("rep")
            if initial_only:
                return r

        # -- no-op sync --------------------------------------------------------------------
        times, reqs, sizes = [], [], []
        for _ in range(30):
            r0, b0 = rep.transport.requests_made, rep.transport.bytes_received
            times.append(_timed(rep.sync)[0])
            reqs.append(rep.transport.requests_made - r0)
            sizes.append(rep.transport.bytes_received - b0)
        r.update(
            noop_median_ms=statistics.median(times) * 1000, noop_requests=max(reqs), noop_bytes=max(sizes)
        )

        http = requests.Session()
        plain_conn = floors.sqlite3.connect(workdir / "plain1.sqlite3", isolation_level=None)
        with rep.db.session() as s:
            ids = list(
                s.scalars(select(LOCAL["customer"].c.id).order_by(LOCAL["customer"].c.code).limit(100))
            )

        # -- 100 changes up ----------------------------------------------------------------
        local_txns = _count_transactions(rep.db)
        push, applied = _SyncRuns(rep, local_txns), []
        for k in range(SMALL_RUNS):
            notes = [f"bench edit {k}.{i}" for i in range(len(ids))]
            with rep.db.session() as s:
                w = LocalWriter.for_owner(s)
                for cid, note in zip(ids, notes, strict=True):
                    w.update("customer", cid, {"notes": note})
            body = {"fields": ["id", "notes"], "rows": [[cid, n] for cid, n in zip(ids, notes, strict=True)]}
            push.floor(lambda b=body: floors.post(http, floor, "/update/customers", b))
            applied.append(push.sync().applied)
        r.update(push.figures("push"), push_applied=min(applied))

        # -- 100 changes down --------------------------------------------------------------
        pull, pulled, floor_rows = _SyncRuns(rep, local_txns), [], []
        for k in range(SMALL_RUNS):
            with store.session() as s:  # an office colleague changes the same 100 customers on the server
                before = committed_seq(s)
                seq = allocate_seq(s)
                for i, cid in enumerate(ids):
                    update_row(s, CUSTOMER, cid, {"fax": f"0571-{k}{i:03d}"}, seq, None)
            floor_rows.append(
                pull.floor(lambda b=before: floors.get_changed(http, floor, plain_conn, "customers", b))
            )
            pulled.append(pull.sync().pulled)
        figures = pull.figures("pull")
        del figures["pull_bytes"]  # the pull's size is not among its figures
        r.update(figures, pull_rows=min(pulled), pull_floor_rows=min(floor_rows))

        # -- end-of-day sync ---------------------------------------------------------------
        eod, eod_applied, eod_rows = _SyncRuns(rep, local_txns), [], 0
        for k in range(EOD_RUNS):
            made = end_of_day(rep, k)
            eod_rows = sum(len(v) for v in made.values())
            body = {
                str(LOCAL[e].name): _wire_block(rep, e, made[e])
                for e in ("visit", "quote", "quote_line", "complaint")
            }
            eod.floor(lambda b=body: floors.post(http, floor, "/insert", b))
            with store.session() as s:  # the floor's rows go again: the sync inserts the same ids
                for e in ("quote_line", "complaint", "visit", "quote"):
                    s.execute(delete(SERVER[e]).where(SERVER[e].c.id.in_(made[e])))
            up = eod.sync()
            eod_applied.append(up.applied + up.merged)
        r.update(eod.figures("eod"), eod_rows=eod_rows, eod_applied=min(eod_applied))
        plain_conn.close()
        http.close()
    finally:
        floor.stop()
        srv.stop()
        store.engine.dispose()
        r["load"] = (
            " / ".join(f"{x:.1f}" for x in os.getloadavg())
            + " (1, 5, 15 min) on "
            + f"{os.cpu_count()} cores"
        )
    return r


def initial_markdown(r: dict) -> str:
    """The initial sync's figures alone (``--initial-only``)."""
    return "\n".join(
        [
            f"{time.strftime('%H:%M', time.gmtime())} UTC, {r['store']} store, {r['customers']:,} customers: "
            f"initial sync {r['sync_s']:.2f} s (CPU {r['sync_cpu']:.2f} s), {r['sync_rows']:,} rows in "
            f"{r['sync_pages']} pages, {r['sync_bytes'] / 1e6:.0f} MB decoded",
            f"plain copy {r['plain_s']:.2f} s (runs {r['plain_runs'][0]:.2f} / {r['plain_runs'][1]:.2f} s, "
            f"CPU {r['plain_cpu']:.2f} s); full-schema copy {r['full_s']:.2f} s (CPU {r['full_cpu']:.2f} s)",
            f"ratio wall {r['ratio']:.2f}×, CPU {r['cpu_ratio']:.2f}×; search index after: "
            f"{r['index_s']:.2f} s",
            f"load average {r['load']}",
        ]
    )


def _initial_rows(r: dict, ok, ratio) -> list[str]:
    """The initial sync's rows of the table (none in a ``--small-only`` run)."""
    if "sync_s" not in r:
        return []
    return [
        f"| initial sync | {r['sync_s']:.2f} s, {r['sync_rows']:,} rows in {r['sync_pages']} pages, "
        f"{r['sync_bytes'] / 1e6:.0f} MB | plain copy {r['plain_s']:.2f} s ({r['plain_runs'][0]:.2f} / "
        f"{r['plain_runs'][1]:.2f} s before / after), {r['plain_pages']} pages, {r['plain_bytes'] / 1e6:.0f} "
        f"MB"
        f" | {r['ratio']:.2f}× | ≤ 1.5× | {ok(r['ratio'] <= 1.5)} |",
        f"| initial sync, CPU time of both ends | {r['sync_cpu']:.2f} s | plain copy {r['plain_cpu']:.2f} s"
        f" | {r['cpu_ratio']:.2f}× | | |",
        f"| same copy into the client's full schema (reference) | {r['full_s']:.2f} s, CPU "
        f"{r['full_cpu']:.2f} s"
        f" | | {ratio(r['full_s'], r['plain_s'])} of plain | | |",
        f"| search index built after the sync | {r['index_s']:.2f} s (in the background; the list searches "
        f"meanwhile) | | | | |",
    ]


def markdown(r: dict) -> str:
    def ok(cond: bool) -> str:
        return "within budget" if cond else "**over budget**"

    def ratio(a: float, b: float) -> str:
        return f"{a / b:.2f}×"

    push_x, pull_x, eod_x = (
        r["push_ms"] / r["push_floor_ms"],
        r["pull_ms"] / r["pull_floor_ms"],
        r["eod_ms"] / r["eod_floor_ms"],
    )
    return "\n".join(
        [
            f"Data: {r['customers']:,} customers + {r['related']:,} related rows, server store: "
            f"{r['store']}. "
            f"Floors use the {r['codec']} codec; small syncs are medians of {SMALL_RUNS} runs "
            f"(end of day: {EOD_RUNS}), each right after its floor.",
            "",
            "| measure | figure | floor | ratio | budget | |",
            "|---|---|---|---|---|---|",
            *_initial_rows(r, ok, ratio),
            f"| no-op sync | {r['noop_requests']} request, {r['noop_bytes']} bytes, median "
            f"{r['noop_median_ms']:.1f} ms"
            f" | | | 1 request, ≤ 1 KB | {ok(r['noop_requests'] == 1 and r['noop_bytes'] <= 1024)} |",
            f"| 100 changes up | {r['push_ms']:.0f} ms ({r['push_applied']} applied) | one POST, plain "
            f"UPDATEs: "
            f"{r['push_floor_ms']:.0f} ms | {push_x:.2f}× | ≤ 3× | {ok(push_x <= 3)} |",
            f"| 100 changes down | {r['pull_ms']:.0f} ms ({r['pull_rows']} rows) | one GET, one local "
            f"transaction: "
            f"{r['pull_floor_ms']:.0f} ms | {pull_x:.2f}× | ≤ 3× | {ok(pull_x <= 3)} |",
            f"| 100 changes down: requests, local transactions | {r['pull_requests']}, "
            f"{r['pull_transactions']} "
            f"| 1, 1 | | | |",
            f"| end-of-day sync ({r['eod_rows']} rows: 30 visits, 5 quotes × 10 lines, 3 complaints) | "
            f"{r['eod_ms']:.0f} ms ({r['eod_applied']} applied) | one POST, plain INSERTs: "
            f"{r['eod_floor_ms']:.0f} ms"
            f" | {eod_x:.2f}× | ≤ 3× | {ok(eod_x <= 3)} |",
            *(
                f"| {label}: requests, local transactions, bytes received | {r[key + '_requests']}, "
                f"{r[key + '_transactions']}, {r[key + '_bytes']:,} | 1, 0, 2 | | | |"
                for label, key in (("100 changes up", "push"), ("end-of-day sync", "eod"))
                if key + "_requests" in r
            ),
            *(
                f"| {label}, CPU time of both ends | {r[key + '_cpu_ms']:.0f} ms | "
                f"{r[key + '_floor_cpu_ms']:.0f} ms"
                f" | {ratio(r[key + '_cpu_ms'], r[key + '_floor_cpu_ms'])} | | |"
                for label, key in (
                    ("100 changes up", "push"),
                    ("100 changes down", "pull"),
                    ("end-of-day sync", "eod"),
                )
                if key + "_cpu_ms" in r
            ),
            "",
            f"Load average during the run: {r['load']}." if "load" in r else "",
        ]
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--customers", type=int, default=50_000)
    p.add_argument("--database-url", help="server store (default: a temporary SQLite file)")
    p.add_argument(
        "--small-only",
        action="store_true",
        help="only the small syncs: no initial-sync floors or figures (not written to the doc)",
    )
    p.add_argument(
        "--initial-only",
        action="store_true",
        help="only the initial sync and its floors: no small syncs (not written to the doc)",
    )
    p.add_argument("--write-doc", action="store_true", help="record the figures in docs/BENCHMARKS.md")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as d:
        r = run(
            args.customers,
            args.database_url,
            Path(d),
            small_only=args.small_only,
            initial_only=args.initial_only,
        )
    if args.initial_only:
        print(initial_markdown(r))
        return
    table = markdown(r)
    print(table)
    if args.write_doc and not args.small_only:
        write_section(f"sync-{r['store']}", f"Sync ({r['store']} server store)", table)


if __name__ == "__main__":
    main()
