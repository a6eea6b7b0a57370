"""Administration through the HTTP API: admins only, all-or-nothing, readable errors."""

from __future__ import annotations

import requests

from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER
from tests.factories import PASSWORD, build_org
from tests.sync.helpers import Laptop

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}


def _token(url, user):
    r = requests.post(
        f"{url}{API_PREFIX}/auth/login", json={"username": user, "password": PASSWORD}, headers=H, timeout=10
    )
    return {**H, "Authorization": f"Bearer {r.json()['access_token']}"}


def test_assign_through_api_reaches_the_laptop(sqlite_store, live_server, tmp_path):
    o = build_org(sqlite_store)
    srv = live_server(sqlite_store)
    rep = Laptop(tmp_path / "c.sqlite3", srv.url, "rep_c").login()
    rep.sync()
    assert rep.ids("customer") == o.customers_of("S1")
    admin = _token(srv.url, "admin")
    r = requests.post(
        f"{srv.url}{API_PREFIX}/admin/assign",
        json={"username": "rep_c", "territory": "N2"},
        headers=admin,
        timeout=10,
    )
    assert r.status_code == 200 and r.json() == {"added": len(o.customers["N2"]), "removed": 0}
    rep.sync()
    assert rep.ids("customer") == o.customers_of("S1", "N2")
    r = requests.post(
        f"{srv.url}{API_PREFIX}/admin/unassign",
        json={"username": "rep_c", "territory": "S1"},
        headers=admin,
        timeout=10,
    )
    assert r.json()["removed"] == len(o.customers["S1"])
    report = rep.sync()
    assert report.evicted == len(o.customers["S1"])
    assert rep.ids("customer") == o.customers_of("N2")


def test_admin_api_refuses_non_admins_and_bad_requests(sqlite_store, live_server):
    build_org(sqlite_store)
    srv = live_server(sqlite_store)
    rep = _token(srv.url, "rep_a")
    r = requests.post(
        f"{srv.url}{API_PREFIX}/admin/assign",
        json={"username": "rep_a", "territory": "S1"},
        headers=rep,
        timeout=10,
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "admin_only"
    admin = _token(srv.url, "admin")
    for body in ({"username": "nobody", "territory": "S1"}, {"username": "rep_a", "territory": "ZZ"}):
        r = requests.post(f"{srv.url}{API_PREFIX}/admin/assign", json=body, headers=admin, timeout=10)
        assert r.status_code == 400 and r.json()["error"]["message"].startswith("No ")
    r = requests.post(
        f"{srv.url}{API_PREFIX}/admin/users",
        headers=admin,
        timeout=10,
        json={"username": "new_rep", "password": "short", "role": "rep"},
    )
    assert r.status_code == 422
    r = requests.post(
        f"{srv.url}{API_PREFIX}/admin/users",
        headers=admin,
        timeout=10,
        json={"username": "new_rep", "password": "long-enough", "role": "rep", "supervisor": "sup_n"},
    )
    assert r.status_code == 201
    r = requests.post(
        f"{srv.url}{API_PREFIX}/admin/users",
        headers=admin,
        timeout=10,
        json={"username": "new_rep", "password": "long-enough", "role": "rep"},
    )
    assert r.status_code == 400 and "already exists" in r.json()["error"]["message"]
    r = requests.post(f"{srv.url}{API_PREFIX}/admin/users/new_rep/deactivate", headers=admin, timeout=10)
    assert r.status_code == 204
    r = requests.post(
        f"{srv.url}{API_PREFIX}/auth/login",
        json={"username": "new_rep", "password": "long-enough"},
        headers=H,
        timeout=10,
    )
    assert r.status_code == 403
