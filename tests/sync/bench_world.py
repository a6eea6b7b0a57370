"""The bench organisation (``bench.data``) served for the tests of long, many-page syncs."""

from __future__ import annotations

from pathlib import Path

from bench import data
from local_db.db import LocalDb
from server.store.db import Store
from sync.engine import SyncEngine
from sync.transport import Transport


def bench_server(store: Store, live_server, customers: int):
    """``customers`` bench customers (with their contacts, visits and quotes) on a live server."""
    data.build(store, customers)
    return live_server(store)


def bench_laptop(tmp_path: Path, url: str, transport: Transport, name: str, max_rows: int) -> SyncEngine:
    """bench_rep's sync engine over a new replica ``name`` in ``tmp_path``, logged in, pulling
    ``max_rows`` rows a page (so that a first sync takes many pages)."""
    engine = SyncEngine(LocalDb(tmp_path / f"{name}.sqlite3"), url, "bench_rep", transport=transport)
    engine.max_rows = max_rows
    engine.login(data.PASSWORD)
    return engine


def many_page_laptops(max_rows: int):
    """``laptop(tmp_path, url, transport, name="rep")``: a ``bench_laptop`` pulling ``max_rows``
    rows a page."""

    def laptop(tmp_path: Path, url: str, transport: Transport, name: str = "rep") -> SyncEngine:
        return bench_laptop(tmp_path, url, transport, name, max_rows)

    return laptop
