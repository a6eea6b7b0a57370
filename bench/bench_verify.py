"""Server half of verification (``POST /sync/verify``): what a rep, a supervisor and an admin cost.

    python -m bench.bench_verify [--customers 2000] [--runs 7] [--stores sqlite,postgres]
                                 [--pg-admin-url URL] [--write-doc]

Seeds the demo organisation (``server.seed``) into a temporary SQLite file and into a
temporary PostgreSQL database (created through ``--pg-admin-url`` and dropped afterwards),
then times ``server.feed.verify`` in its own transaction, as the endpoint runs it, for the
first demo rep, supervisor and admin: the median of ``--runs`` runs after one warm-up.
HTTP and authentication are left out: they cost the same whatever the replica's size.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.report import publish
from domain.enums import Role
from server import auth, feed
from server.seed import DEMO_LOGINS, seed_demo
from server.store.db import Store
from server.store.migrate import upgrade

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
AS_OF = date(2026, 3, 2)  # a fixed "today": the same rows on every run and store
ROLES = (Role.REP.value, Role.SUPERVISOR.value, Role.ADMIN.value)


def time_store(store: Store, customers: int, runs: int) -> dict:
    upgrade(store.engine)
    t = time.perf_counter()
    seed_demo(store, customers=customers, as_of=AS_OF)
    store.analyze()  # as `fieldsales-server seed-demo` does
    result: dict = {"store": store.engine.dialect.name, "seed_s": time.perf_counter() - t, "roles": {}}
    for role in ROLES:
        login = next(d for d in DEMO_LOGINS if d.role == role)
        with store.session() as s:
            user = auth.to_current(auth.find_login(s, login.username))
        times = []
        for i in range(runs + 1):
            with store.session() as s:
                t = time.perf_counter()
                buckets, _seq = feed.verify(s, user)
                elapsed = time.perf_counter() - t
            if i:  # the first run warms the caches
                times.append(elapsed)
        result["roles"][role] = {
            "user": login.username,
            "rows": sum(b["count"] for b in buckets.values()),
            "buckets": len(buckets),
            "median_s": statistics.median(times),
            "min_s": min(times),
            "max_s": max(times),
        }
    return result


def run_sqlite(customers: int, runs: int) -> dict:
    with tempfile.TemporaryDirectory() as d:
        store = Store.from_url(f"sqlite:///{Path(d)}/server.sqlite3")
        try:
            return time_store(store, customers, runs)
        finally:
            store.engine.dispose()


def run_postgres(customers: int, runs: int, admin_url: str) -> dict:
    name = f"fs_bench_verify_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        store = Store.from_url(admin_url.rsplit("/", 1)[0] + "/" + name)
        try:
            return time_store(store, customers, runs)
        finally:
            store.engine.dispose()
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def markdown(results: list[dict], customers: int, runs: int) -> str:
    lines = [
        f"Demo data (`server.seed`, {customers:,} customers), `server.feed.verify` in its own transaction, "
        f"median of {runs} runs after a warm-up (min–max in brackets).",
        "",
        "| server store | role | user | rows in scope | buckets | verify (median) |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        for role, f in r["roles"].items():
            lines.append(
                f"| {r['store']} | {role} | {f['user']} | {f['rows']:,} | {f['buckets']} | "
                f"{f['median_s'] * 1000:.0f} ms ({f['min_s'] * 1000:.0f}–{f['max_s'] * 1000:.0f}) |"
            )
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--customers", type=int, default=2000)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--stores", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    p.add_argument(
        "--pg-admin-url", default=PG_ADMIN_URL, help="a PostgreSQL database to create the temporary one from"
    )
    p.add_argument("--write-doc", action="store_true", help="record the figures in docs/BENCHMARKS.md")
    args = p.parse_args()
    results = []
    for kind in args.stores.split(","):
        if kind == "sqlite":
            results.append(run_sqlite(args.customers, args.runs))
        elif kind == "postgres":
            results.append(run_postgres(args.customers, args.runs, args.pg_admin_url))
        else:
            p.error(f"unknown store {kind!r}")
    table = markdown(results, args.customers, args.runs)
    publish("verify", "Verification, server side (POST /sync/verify)", table, args.write_doc)


if __name__ == "__main__":
    main()
