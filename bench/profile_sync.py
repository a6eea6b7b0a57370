"""Where the small syncs spend their time, on both ends (issue 12): a profile, not a figure.

    python -m bench.profile_sync [--customers 10000] [--database-url URL] [--what push pull eod]

Builds the benchmark data (``bench.data``), runs the real server on loopback and a real
laptop, does the initial sync, then profiles the 100-change push, the 100-change pull,
the end-of-day sync and a no-op sync of ``bench.bench_sync`` with pyinstrument (``pip install
pyinstrument``; it is a developer's tool, not a dependency). The client's profile is of
``SyncEngine.sync`` in this thread (time waiting for the server shows as socket reads);
the server's profiles are of its push and pull handlers in the server's worker threads,
one profile per request, printed after the client's.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
from pathlib import Path

import keyring
from pyinstrument import Profiler
from sqlalchemy import select

from bench import data
from bench.bench_sync import _MemoryKeyring, end_of_day
from domain.schema import CUSTOMER
from local_db.replica import open_replica
from local_db.tables import TABLES as LOCAL
from local_db.writes import LocalWriter
from server.api import sync_routes
from server.runner import ServerThread
from server.store.changes import allocate_seq, committed_seq, update_row
from server.store.db import Store
from server.store.migrate import upgrade
from sync.engine import SyncEngine

_server_profiles: list[tuple[str, Profiler]] = []
_lock = threading.Lock()


def _profiled(name: str, fn):
    def wrapper(*args, **kwargs):
        p = Profiler(interval=0.0005)
        p.start()
        try:
            return fn(*args, **kwargs)
        finally:
            p.stop()
            with _lock:
                _server_profiles.append((name, p))

    return wrapper


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--customers", type=int, default=10_000)
    ap.add_argument("--database-url")
    ap.add_argument("--what", nargs="*", default=["push", "pull", "eod", "noop"])
    ap.add_argument("--show-all", action="store_true", help="print the server profile of every request")
    args = ap.parse_args()
    keyring.set_keyring(_MemoryKeyring())
    sync_routes.push_batch = _profiled("push", sync_routes.push_batch)
    sync_routes._pull = _profiled("pull", sync_routes._pull)
    with tempfile.TemporaryDirectory() as d:
        workdir = Path(d)
        store = Store.from_url(args.database_url or f"sqlite:///{workdir}/server.sqlite3")
        upgrade(store.engine)
        data.build(store, args.customers)
        srv = ServerThread(store).start()
        try:
            rep = SyncEngine(open_replica(workdir / "rep.sqlite3"), srv.url, "bench_rep")
            rep.login(data.PASSWORD)
            rep.sync()
            rep.sync()
            with rep.db.session() as s:
                ids = list(
                    s.scalars(select(LOCAL["customer"].c.id).order_by(LOCAL["customer"].c.code).limit(100))
                )
            for what in args.what:
                if what == "push":
                    with rep.db.session() as s:
                        w = LocalWriter.for_owner(s)
                        for i, cid in enumerate(ids):
                            w.update("customer", cid, {"notes": f"profile edit {i}"})
                elif what == "pull":
                    with store.session() as s:
                        committed_seq(s)
                        seq = allocate_seq(s)
                        for i, cid in enumerate(ids):
                            update_row(s, CUSTOMER, cid, {"fax": f"0571-9{i:03d}"}, seq, None)
                elif what == "eod":
                    end_of_day(rep, 0)
                # "noop": nothing to push or pull
                _server_profiles.clear()
                p = Profiler(interval=0.0005)
                p.start()
                report = rep.sync()
                p.stop()
                print(f"\n===== {what}: client, SyncEngine.sync ({report.summary()}) =====")
                print(p.output_text(unicode=True, color=False, show_all=False))
                for name, sp in list(_server_profiles) if args.show_all else _server_profiles[:2]:
                    print(f"\n----- {what}: server, {name} handler -----")
                    print(sp.output_text(unicode=True, color=False, show_all=False))
        finally:
            srv.stop()
            store.engine.dispose()


if __name__ == "__main__":
    main()
