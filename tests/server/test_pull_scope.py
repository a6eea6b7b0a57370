"""The read half of the sync contract: scoped, paged, resumable pull over real HTTP."""

from __future__ import annotations

import base64
import json

import pytest
import requests
from sqlalchemy import func, select

from domain.schema import ENTITIES
from local_db.db import LocalDb
from local_db.tables import TABLES as LOCAL
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER, iter_rows
from sync.engine import SyncEngine
from tests.factories import PASSWORD, build_org

HEADERS = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}


def login(url: str, username: str) -> str:
    r = requests.post(
        f"{url}{API_PREFIX}/auth/login",
        json={"username": username, "password": PASSWORD},
        headers=HEADERS,
        timeout=10,
    )
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def pull_all(
    url: str, token: str, max_rows: int = 5000, cursor=None
) -> tuple[dict[str, dict], list[str], str]:
    rows: dict[str, dict] = {}
    evict: list[str] = []
    while True:
        r = requests.post(
            f"{url}{API_PREFIX}/sync/pull",
            json={"cursor": cursor, "max_rows": max_rows},
            headers={**HEADERS, "Authorization": f"Bearer {token}"},
            timeout=30,
        )
        assert r.status_code == 200, r.text
        page = r.json()
        assert sum(len(v["rows"]) for v in page["changes"].values()) + len(page["evict"]) <= max_rows
        for entity in page["changes"]:
            for item in iter_rows(page["changes"], entity):
                rows[f"{entity}:{item['id']}"] = item
        evict += page["evict"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return rows, evict, cursor


def customer_ids(rows: dict[str, dict]) -> set[str]:
    """Every customer id any pulled row refers to (the customer itself or its parent)."""
    out = set()
    for key, row in rows.items():
        entity = key.split(":")[0]
        if entity == "customer":
            out.add(row["id"])
        elif "customer_id" in row and entity != "assignment":
            out.add(row["customer_id"])
    return out


def test_rep_gets_exactly_their_scope(any_store, live_server):
    o = build_org(any_store)
    srv = live_server(any_store)
    rows, _, _ = pull_all(srv.url, login(srv.url, "rep_a"))
    assert customer_ids(rows) == o.customers_of("N1")
    kinds = {k.split(":")[0] for k in rows}
    assert {"customer", "contact", "visit", "quote", "quote_line", "product", "territory", "user"} <= kinds
    # every visit and quote is about one of rep_a's customers
    assert all(
        r["customer_id"] in o.customers_of("N1") for k, r in rows.items() if k.startswith(("visit", "quote"))
    )
    # the user's own assignment only, not their colleagues'
    assigned = [r for k, r in rows.items() if k.startswith("assignment:")]
    assert {a["user_id"] for a in assigned} == {o.users["rep_a"]}
    assert not any("password_hash" in r for r in rows.values())


def test_supervisor_gets_region_and_admin_everything(any_store, live_server):
    o = build_org(any_store)
    srv = live_server(any_store)
    rows, _, _ = pull_all(srv.url, login(srv.url, "sup_n"))
    assert customer_ids(rows) == o.customers_of("N1", "N2")
    rows, _, _ = pull_all(srv.url, login(srv.url, "admin"))
    assert customer_ids(rows) == o.customers_of("N1", "N2", "S1")


def test_forged_cursor_cannot_widen_scope(sqlite_store, live_server):
    o = build_org(sqlite_store)
    srv = live_server(sqlite_store)
    token = login(srv.url, "rep_c")
    for lo, hi, phase in ((0, 10**9, -1), (0, None, 5), (0, 0, -1)):
        raw = json.dumps({"v": 1, "lo": lo, "hi": hi, "p": phase, "a": ""}).encode()
        forged = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        rows, _, _ = pull_all(srv.url, token, cursor=forged)
        assert customer_ids(rows) <= o.customers_of("S1")


@pytest.mark.parametrize("max_rows", [1, 7, 50])
def test_pages_are_bounded_and_resumable(sqlite_store, live_server, tmp_path, max_rows):
    build_org(sqlite_store, per_territory=6)
    srv = live_server(sqlite_store)
    # Reference: one uninterrupted pull.
    ref = LocalDb(tmp_path / "ref.sqlite3")
    ref_engine = SyncEngine(ref, srv.url, "sup_n")
    ref_engine.login(PASSWORD)
    ref_engine.pull()
    # Interrupted: a new engine (as after a crash) for every page.
    db = LocalDb(tmp_path / "resumed.sqlite3")
    first = SyncEngine(db, srv.url, "sup_n")
    first.login(PASSWORD)
    pages = 0
    while True:
        engine = SyncEngine(
            LocalDb(tmp_path / "resumed.sqlite3"), srv.url, "sup_n", credentials=first.credentials
        )
        engine.max_rows = max_rows
        done = []
        cursor_before = engine.db.get_state("cursor")
        page = engine.call("/sync/pull", {"cursor": cursor_before, "max_rows": max_rows})
        from local_db.apply import apply_page
        from local_db.db import set_state

        with engine.db.session() as s:
            apply_page(s, page["changes"], page["evict"])
            set_state(s, "cursor", page["next_cursor"])
        done.append(page)
        pages += 1
        if not page["has_more"]:
            break
    assert pages > 1
    assert snapshot(db) == snapshot(ref)


def snapshot(db: LocalDb) -> dict[str, list[tuple]]:
    out = {}
    with db.session() as s:
        for e in ENTITIES:
            t = LOCAL[e.name]
            out[e.name] = [tuple(r) for r in s.execute(select(t).order_by(t.c.id))]
    return out


def test_noop_pull_is_tiny(sqlite_store, live_server):
    build_org(sqlite_store)
    srv = live_server(sqlite_store)
    token = login(srv.url, "rep_a")
    _, _, cursor = pull_all(srv.url, token)
    r = requests.post(
        f"{srv.url}{API_PREFIX}/sync/pull",
        json={"cursor": cursor},
        headers={**HEADERS, "Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert r.status_code == 200
    assert r.json()["changes"] == {} and r.json()["has_more"] is False
    assert len(r.content) < 1024


def test_engine_pull_fills_local_db(sqlite_store, live_server, tmp_path):
    o = build_org(sqlite_store)
    srv = live_server(sqlite_store)
    db = LocalDb(tmp_path / "rep.sqlite3")
    engine = SyncEngine(db, srv.url, "rep_b")
    engine.login(PASSWORD)
    report = engine.pull()
    assert report.pulled > 0
    with db.session() as s:
        ids = set(s.scalars(select(LOCAL["customer"].c.id)))
        assert ids == o.customers_of("N2")
        assert s.scalar(select(func.count()).select_from(LOCAL["visit"])) == 2 * len(ids)
    # a second pull changes nothing and costs one request
    before = engine.transport.requests_made
    again = engine.pull()
    assert again.pulled == 0 and engine.transport.requests_made == before + 1
