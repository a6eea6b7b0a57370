"""Large pull pages travel gzipped to clients that accept it, as they are to those that do not.

Compression is negotiated per request by HTTP (``Accept-Encoding``), so the protocol's
messages are the same either way: a client of today (requests asks for gzip) and one that
asks for nothing get the same page, and a small answer (the no-op) is never compressed.
"""

from __future__ import annotations

import gzip
import json

import requests
from sqlalchemy import select

from bench import data
from local_db.db import LocalDb
from local_db.tables import TABLES as LOCAL
from sync.contract import API_PREFIX
from sync.engine import SyncEngine
from sync.transport import Transport
from tests.server.test_pull_scope import HEADERS


def _login(url: str) -> str:
    r = requests.post(
        f"{url}{API_PREFIX}/auth/login",
        json={"username": "bench_rep", "password": data.PASSWORD},
        headers=HEADERS,
        timeout=10,
    )
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def _pull(url: str, token: str, encoding: str, cursor: str | None = None) -> tuple[requests.Response, bytes]:
    r = requests.post(
        f"{url}{API_PREFIX}/sync/pull",
        json={"cursor": cursor},
        headers={**HEADERS, "Authorization": f"Bearer {token}", "Accept-Encoding": encoding},
        timeout=30,
        stream=True,
    )
    wire = r.raw.read(decode_content=False)
    return r, wire


def _page(body: bytes) -> dict:
    page = json.loads(body)
    page.pop("server_time")
    return page


def test_large_pages_are_gzipped_for_clients_that_ask_and_plain_for_others(sqlite_store, live_server):
    data.build(sqlite_store, 80)
    url = live_server(sqlite_store).url
    token = _login(url)

    plain, plain_wire = _pull(url, token, "identity")
    zipped, zipped_wire = _pull(url, token, "gzip, deflate")
    assert plain.status_code == zipped.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert len(zipped_wire) * 3 < len(plain_wire)
    assert _page(gzip.decompress(zipped_wire)) == _page(plain_wire)
    assert sum(len(b["rows"]) for b in _page(plain_wire)["changes"].values()) > 300

    # the up-to-date answer stays tiny and plain
    cursor = _page(plain_wire)["next_cursor"]
    assert not _page(plain_wire)["has_more"]
    noop, noop_wire = _pull(url, token, "gzip", cursor)
    assert noop.status_code == 200
    assert "Content-Encoding" not in noop.headers and len(noop_wire) < 1024
    assert json.loads(noop_wire)["changes"] == {}


def test_a_sync_engine_gets_the_same_replica_either_way(tmp_path, sqlite_store, live_server):
    data.build(sqlite_store, 80)
    url = live_server(sqlite_store).url
    held = []
    for encoding in ("gzip", "identity"):
        transport = Transport(url)
        transport.http.headers["Accept-Encoding"] = encoding
        rep = SyncEngine(LocalDb(tmp_path / f"{encoding}.sqlite3"), url, "bench_rep", transport=transport)
        rep.login(data.PASSWORD)
        rep.sync()
        with rep.db.session() as s:
            held.append({e: sorted(s.execute(select(t)).all()) for e, t in LOCAL.items()})
    assert held[0] == held[1]
    assert len(held[0]["customer"]) == 80


def test_a_server_on_this_computer_gets_no_gzip_asked_for_and_any_other_does(
    tmp_path, sqlite_store, live_server
):
    """On loopback, gzip costs both ends more CPU than the bytes it saves: the laptop asks
    for the page as it is; a server elsewhere is asked for gzip as before."""
    assert "gzip" in Transport("https://sales.example.com").http.headers["Accept-Encoding"]
    assert "gzip" in Transport("http://10.1.2.3:8000").http.headers["Accept-Encoding"]
    data.build(sqlite_store, 80)
    url = live_server(sqlite_store).url
    transport = Transport(url)
    encodings: list[str | None] = []
    transport.http.hooks["response"].append(
        lambda r, *args, **kwargs: encodings.append(r.headers.get("Content-Encoding"))
    )
    rep = SyncEngine(LocalDb(tmp_path / "rep.sqlite3"), url, "bench_rep", transport=transport)
    rep.login(data.PASSWORD)
    report = rep.sync()
    assert report.pulled > 300 and encodings and set(encodings) == {None}
