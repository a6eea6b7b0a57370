"""The initial sync over a slow link, and its resumption after the link drops mid-way.

    python -m bench.bench_slow_link [--customers 50000] [--rate-mbit 4] [--rtt-ms 100] [--write-doc]

The real server and client, with ``bench.throttle.ThrottledLink`` between them (a
loopback TCP proxy paced at the given rate each way, half the round trip added each way).
First a whole initial sync; then, on a second laptop, the link is cut when about half of
the first sync's bytes have crossed it, the sync fails as it would in the field, the link
comes back, and the next sync resumes from the stored cursor.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

import keyring

from bench import data
from bench.bench_sync import _MemoryKeyring
from bench.report import publish
from bench.throttle import ThrottledLink
from local_db.db import LocalDb
from server.runner import ServerThread
from server.store.db import Store
from server.store.migrate import upgrade
from sync.engine import CURSOR, SyncEngine
from sync.transport import Transport, Unreachable


class Recording(Transport):
    """Remembers the cursor of every pull it sends."""

    def __init__(self, url: str):
        super().__init__(url, timeout=120)
        # The throttled link stands for a server elsewhere: ask for gzip as for any such server
        # (on loopback the transport would not).
        self.http.headers["Accept-Encoding"] = "gzip, deflate"
        self.cursors: list[str | None] = []

    def request(self, method, path, body, token):
        if path == "/sync/pull":
            self.cursors.append(body.get("cursor"))
        return super().request(method, path, body, token)


def run(customers: int, rate_mbit: float, rtt_ms: float, workdir: Path) -> dict:
    keyring.set_keyring(_MemoryKeyring())
    store = Store.from_url(f"sqlite:///{workdir}/server.sqlite3")
    upgrade(store.engine)
    data.build(store, customers)
    srv = ServerThread(store).start()
    link = ThrottledLink(srv.port, rate_bits=rate_mbit * 1e6, delay_s=rtt_ms / 2000).start()
    r: dict = {"customers": customers, "rate_mbit": rate_mbit, "rtt_ms": rtt_ms}
    try:
        whole = SyncEngine(
            LocalDb(workdir / "whole.sqlite3"), link.url, "bench_rep", transport=Recording(link.url)
        )
        whole.login(data.PASSWORD)
        link.bytes.update(down=0, up=0)
        t = time.perf_counter()
        report = whole.sync()
        r.update(
            sync_s=time.perf_counter() - t,
            rows=report.pulled,
            pages=report.pages,
            wire_down=link.bytes["down"],
            wire_up=link.bytes["up"],
            decoded=whole.transport.bytes_received,
        )

        transport = Recording(link.url)
        cut = SyncEngine(LocalDb(workdir / "cut.sqlite3"), link.url, "bench_rep", transport=transport)
        cut.login(data.PASSWORD)
        link.bytes.update(down=0, up=0)
        half = r["wire_down"] // 2

        def watch():
            while link.bytes["down"] < half:
                time.sleep(0.01)
            link.drop()

        threading.Thread(target=watch, daemon=True).start()
        t = time.perf_counter()
        try:
            cut.sync()
            r["failed"] = None
        except Unreachable as exc:
            r["failed"] = str(exc)
        r.update(cut_after_s=time.perf_counter() - t, cut_wire=link.bytes["down"])
        stored = cut.db.get_state(CURSOR)
        r["pages_before_cut"] = len(transport.cursors) - 1  # the last one was cut
        link.restore()
        asked = len(transport.cursors)
        t = time.perf_counter()
        rest = cut.sync()
        r.update(
            resume_s=time.perf_counter() - t,
            resume_pages=rest.pages,
            resume_wire=link.bytes["down"] - r["cut_wire"],
        )
        # the resumed sync asks first for the page after the last one applied: at most the
        # one that was in flight when the link dropped is downloaded again
        r["resumed_from_stored"] = transport.cursors[asked] == stored
        r["redownloaded"] = sum(1 for c in transport.cursors[asked:] if c in transport.cursors[: asked - 1])
        r["total_pages"] = r["pages_before_cut"] + rest.pages
    finally:
        link.stop()
        srv.stop()
        store.engine.dispose()
    return r


def markdown(r: dict) -> str:
    return "\n".join(
        [
            f"Data: {r['customers']:,} customers + {r['customers'] * 3:,} related rows, SQLite server store; "
            f"link: {r['rate_mbit']:g} Mbit/s each way, {r['rtt_ms']:g} ms round trip (`bench/throttle.py`).",
            "",
            "| measure | figure |",
            "|---|---|",
            f"| initial sync | {r['sync_s']:.1f} s, {r['rows']:,} rows in {r['pages']} pages |",
            f"| bytes on the wire | {r['wire_down'] / 1e6:.1f} MB down (gzip), {r['wire_up'] / 1e3:.0f} KB "
            f"up; "
            f"{r['decoded'] / 1e6:.1f} MB once decoded |",
            f"| link cut after | {r['cut_after_s']:.1f} s, {r['cut_wire'] / 1e6:.1f} MB, "
            f"{r['pages_before_cut']} pages applied"
            f" ({'the sync failed: ' + r['failed'] if r['failed'] else 'the sync did not fail'}) |",
            f"| resumed sync | {r['resume_s']:.1f} s, {r['resume_pages']} pages, "
            f"{r['resume_wire'] / 1e6:.1f} MB; "
            f"started from the stored cursor: {'yes' if r['resumed_from_stored'] else 'no'}; pages "
            f"downloaded again: "
            f"{r['redownloaded']} |",
        ]
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--customers", type=int, default=50_000)
    p.add_argument("--rate-mbit", type=float, default=4)
    p.add_argument("--rtt-ms", type=float, default=100)
    p.add_argument("--write-doc", action="store_true")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as d:
        r = run(args.customers, args.rate_mbit, args.rtt_ms, Path(d))
    table = markdown(r)
    publish("sync-slow-link", "Initial sync over a slow link", table, args.write_doc)


if __name__ == "__main__":
    main()
