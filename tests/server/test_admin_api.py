"""Administration through the HTTP API: admins only, all-or-nothing, readable errors."""

from __future__ import annotations

import requests

from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER
from tests.factories import build_org
from tests.sync.helpers import Laptop, auth_headers

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}


def _post(srv, path: str, headers: dict, body: dict | None = None) -> requests.Response:
    """``body`` posted to the API's ``path`` with ``headers``."""
    return requests.post(f"{srv.url}{API_PREFIX}{path}", json=body, headers=headers, timeout=10)


def test_assign_through_api_reaches_the_laptop(sqlite_store, live_server, tmp_path):
    o = build_org(sqlite_store)
    srv = live_server(sqlite_store)
    rep = Laptop(tmp_path / "c.sqlite3", srv.url, "rep_c").login()
    rep.sync()
    assert rep.ids("customer") == o.customers_of("S1")
    admin = auth_headers(srv.url, "admin")
    r = _post(srv, "/admin/assign", admin, {"username": "rep_c", "territory": "N2"})
    assert r.status_code == 200 and r.json() == {"added": len(o.customers["N2"]), "removed": 0}
    rep.sync()
    assert rep.ids("customer") == o.customers_of("S1", "N2")
    r = _post(srv, "/admin/unassign", admin, {"username": "rep_c", "territory": "S1"})
    assert r.json()["removed"] == len(o.customers["S1"])
    report = rep.sync()
    assert report.evicted == len(o.customers["S1"])
    assert rep.ids("customer") == o.customers_of("N2")


def test_admin_api_refuses_non_admins_and_bad_requests(sqlite_store, live_server):
    build_org(sqlite_store)
    srv = live_server(sqlite_store)
    rep = auth_headers(srv.url, "rep_a")
    r = _post(srv, "/admin/assign", rep, {"username": "rep_a", "territory": "S1"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "admin_only"
    admin = auth_headers(srv.url, "admin")
    for body in ({"username": "nobody", "territory": "S1"}, {"username": "rep_a", "territory": "ZZ"}):
        r = _post(srv, "/admin/assign", admin, body)
        assert r.status_code == 400 and r.json()["error"]["message"].startswith("No ")
    r = _post(srv, "/admin/users", admin, {"username": "new_rep", "password": "short", "role": "rep"})
    assert r.status_code == 422
    r = _post(
        srv,
        "/admin/users",
        admin,
        {"username": "new_rep", "password": "long-enough", "role": "rep", "supervisor": "sup_n"},
    )
    assert r.status_code == 201
    r = _post(srv, "/admin/users", admin, {"username": "new_rep", "password": "long-enough", "role": "rep"})
    assert r.status_code == 400 and "already exists" in r.json()["error"]["message"]
    r = _post(srv, "/admin/users/new_rep/deactivate", admin)
    assert r.status_code == 204
    r = _post(srv, "/auth/login", H, {"username": "new_rep", "password": "long-enough"})
    assert r.status_code == 403
