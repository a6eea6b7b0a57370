"""Territories through the admin API, end to end: a real server on loopback, real laptops.

The admin moves a territory from rep A to rep B; after their syncs B holds the customers
with their history, A holds none, A's unsynced edits were kept on the server, and the
admin saw both as "not yet synced" until each had synced.
"""

from __future__ import annotations

import requests
from sqlalchemy import select

from server.store.tables import TABLES
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER
from tests.factories import PASSWORD, build_org
from tests.sync.helpers import Laptop, server_row

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}


class Api:
    """The admin API as a logged-in user."""

    def __init__(self, url: str, user: str):
        self.base = url + API_PREFIX
        self.http = requests.Session()
        self.http.headers.update(H)
        r = self.http.post(
            f"{self.base}/auth/login", json={"username": user, "password": PASSWORD}, timeout=10
        )
        assert r.status_code == 200, r.text
        self.http.headers["Authorization"] = f"Bearer {r.json()['access_token']}"

    def __call__(self, method: str, path: str, body=None, expect: int | None = 200):
        r = self.http.request(method, self.base + path, json=body, timeout=60)
        if expect is not None:
            assert r.status_code == expect, (method, path, r.status_code, r.text[:500])
        return r.json() if r.content else None


def pending(api: Api, *names: str, seq: int | None = None) -> dict[str, bool]:
    query = f"?users={','.join(names)}" + (f"&seq={seq}" if seq is not None else "")
    return {u["username"]: u["pending"] for u in api("GET", "/admin/sync-status" + query)["users"]}


def test_admin_moves_a_territory_from_rep_a_to_rep_b(any_store, live_server, tmp_path):
    o = build_org(any_store)
    srv = live_server(any_store)
    a = Laptop(tmp_path / "a.sqlite3", srv.url, "rep_a").login()
    b = Laptop(tmp_path / "b.sqlite3", srv.url, "rep_b").login()
    a.sync()
    b.sync()
    admin = Api(srv.url, "admin")
    assert pending(admin, "rep_a", "rep_b") == {"rep_a": False, "rep_b": False}

    cid = sorted(o.customers["N1"])[1]
    with a.write() as w:  # rep A works offline, not yet synced...
        w.update("customer", cid, {"notes": "edited before the move"})
        vid = w.insert("visit", {"customer_id": cid, "rep_id": o.users["rep_a"], "status": "submitted"})

    # ...while the admin moves N1 from A to B, in one change.
    receipt = admin(
        "POST", "/admin/territories/N1/transfer", {"from_username": "rep_a", "to_username": "rep_b"}
    )
    n1 = len(o.customers["N1"])
    assert {u["username"]: (u["added"], u["removed"]) for u in receipt["users"]} == {
        "rep_a": (0, n1),
        "rep_b": (n1, 0),
    }
    assert receipt["moved"] == n1  # B now owns them
    seq = receipt["seq"]
    assert pending(admin, "rep_a", "rep_b", seq=seq) == {"rep_a": True, "rep_b": True}
    assert pending(admin, "rep_a", "rep_b") == {"rep_a": True, "rep_b": True}
    tree = {n["code"]: n for n in admin("GET", "/admin/territories")["nodes"]}
    assert [(p["username"], p["pending"]) for p in tree["N1"]["assignees"]] == [("rep_b", True)]

    report = a.sync()
    # A's pending edits land on the server (the notes merge with B's new ownership of the customer).
    assert report.rejected == report.conflicts == 0 and report.applied + report.merged == 2
    assert server_row(any_store, "customer", cid)["notes"] == "edited before the move"
    assert server_row(any_store, "visit", vid) is not None
    assert a.ids("customer") == o.customers_of()  # none: no ghosts of N1
    assert a.ids("visit") == set() and a.ids("contact") == set() and a.ids("quote") == set()
    assert pending(admin, "rep_a", "rep_b", seq=seq) == {"rep_a": False, "rep_b": True}

    b.sync()
    assert b.ids("customer") == o.customers_of("N1", "N2")
    assert b.row("customer", cid)["notes"] == "edited before the move"
    assert b.row("customer", cid)["owner_id"] == o.users["rep_b"]
    with b.db.session() as s:  # the whole history came along
        visits = TABLES["visit"]
        from local_db.tables import TABLES as LOCAL

        local_visits = set(s.scalars(select(LOCAL["visit"].c.id).where(LOCAL["visit"].c.customer_id == cid)))
    with any_store.session() as s:
        server_visits = set(s.scalars(select(visits.c.id).where(visits.c.customer_id == cid)))
    assert vid in local_visits and local_visits == server_visits and len(server_visits) == 3
    assert pending(admin, "rep_a", "rep_b", seq=seq) == {"rep_a": False, "rep_b": False}
    assert pending(admin, "rep_a", "rep_b") == {"rep_a": False, "rep_b": False}


def test_territory_tree_is_edited_and_customers_move_between_territories(sqlite_store, live_server, tmp_path):
    o = build_org(sqlite_store)
    srv = live_server(sqlite_store)
    admin = Api(srv.url, "admin")
    c = Laptop(tmp_path / "c.sqlite3", srv.url, "rep_c").login()
    sup_s = Laptop(tmp_path / "s.sqlite3", srv.url, "sup_s").login()
    c.sync()
    sup_s.sync()

    # A new territory under region S, a grid cell below it, a rename.
    made = admin(
        "POST",
        "/admin/territories",
        {"code": "S2", "name": "South 2", "kind": "territory", "parent": "S"},
        expect=201,
    )["id"]
    admin(
        "POST",
        "/admin/territories",
        {"code": "S2-G1", "name": "Grid 1", "kind": "grid", "parent": "S2"},
        expect=201,
    )
    admin("PATCH", "/admin/territories/S2", {"name": "South Two"})
    tree = {n["code"]: n for n in admin("GET", "/admin/territories")["nodes"]}
    assert tree["S2"]["name"] == "South Two" and tree["S2"]["parent_id"] == tree["S"]["id"]
    assert tree["S2"]["id"] == made
    assert tree["S2-G1"]["parent_id"] == made and tree["S2-G1"]["kind"] == "grid"

    # The tree's rules, in words.
    r = admin(
        "POST", "/admin/territories", {"code": "X1", "name": "X", "kind": "grid", "parent": "S"}, expect=400
    )
    assert "must be placed under a territory" in r["error"]["message"]
    r = admin(
        "POST",
        "/admin/territories",
        {"code": "S2", "name": "Again", "kind": "territory", "parent": "S"},
        expect=400,
    )
    assert "already used" in r["error"]["message"]
    r = admin("POST", "/admin/territories", {"code": "bad code!", "name": "X", "kind": "region"}, expect=400)
    assert "not a valid code" in r["error"]["message"]
    r = admin("DELETE", "/admin/territories/S2", expect=400)
    assert "nodes below it" in r["error"]["message"]
    admin("PATCH", "/admin/territories/NOPE", {"name": "x"}, expect=404)

    # rep_c covers S2 too; two S1 customers move into its grid cell; then the cell moves to N1's region.
    receipt = admin("POST", "/admin/territories/S2/assign", {"username": "rep_c"})
    assert receipt["users"] == []  # nothing in it yet
    moving = sorted(o.customers["S1"])[:2]
    receipt = admin("POST", "/admin/customers/move", {"customers": moving, "territory": "S2-G1"})
    assert receipt["moved"] == 2 and receipt["users"] == []  # rep_c and sup_s still cover them
    page = admin("GET", "/admin/customers?territory=S2")
    assert {row["id"] for row in page["rows"]} == set(moving) and page["total"] == 2
    assert all(row["territory_code"] == "S2-G1" and row["owner"] == "rep_c" for row in page["rows"])

    # S2 moves to region N: sup_s loses the two customers, sup_n gains them.
    receipt = admin("PATCH", "/admin/territories/S2", {"parent": "N"})
    assert {u["username"]: (u["added"], u["removed"]) for u in receipt["users"]} == {
        "sup_n": (2, 0),
        "sup_s": (0, 2),
    }
    assert pending(admin, "sup_s", seq=receipt["seq"]) == {"sup_s": True}
    sup_s.sync()
    assert sup_s.ids("customer") == o.customers_of("S1") - set(moving)
    assert pending(admin, "sup_s", seq=receipt["seq"]) == {"sup_s": False}
    c.sync()
    assert c.ids("customer") == o.customers_of("S1")  # rep_c covers S2 as well

    # A single customer assigned to rep_a, then taken back.
    a = Laptop(tmp_path / "a.sqlite3", srv.url, "rep_a").login()
    a.sync()
    extra = sorted(o.customers["N2"])[0]
    receipt = admin("POST", "/admin/customers/assign", {"username": "rep_a", "customers": [extra]})
    assert [(u["username"], u["added"]) for u in receipt["users"]] == [("rep_a", 1)]
    a.sync()
    assert extra in a.ids("customer")
    admin("POST", "/admin/customers/unassign", {"username": "rep_a", "customers": [extra]})
    a.sync()
    assert extra not in a.ids("customer")

    # A region goes to a supervisor, never to a rep.
    r = admin("POST", "/admin/territories/N/assign", {"username": "rep_a"}, expect=400)
    assert "region goes to a supervisor" in r["error"]["message"]
    receipt = admin("POST", "/admin/territories/N/assign", {"username": "sup_s"})
    assert [(u["username"], u["added"]) for u in receipt["users"]] == [
        ("sup_s", len(o.customers_of("N1", "N2")) + 2)
    ]
    # Customers never go into a region; a node with customers cannot be deleted.
    r = admin("POST", "/admin/customers/move", {"customers": moving, "territory": "N"}, expect=400)
    assert "not directly to a region" in r["error"]["message"]
    r = admin("DELETE", "/admin/territories/S2-G1", expect=400)
    assert "still has 2 customers" in r["error"]["message"]
    with sqlite_store.session() as s:
        from server.integrity import check_consistency

        assert check_consistency(s, strict_ownership=False) == []


def test_users_are_created_changed_reset_and_deactivated(sqlite_store, live_server, tmp_path):
    build_org(sqlite_store)
    srv = live_server(sqlite_store)
    admin = Api(srv.url, "admin")
    admin(
        "POST",
        "/admin/users",
        {
            "username": "rep_d",
            "password": "long-enough-1",
            "role": "rep",
            "display_name": "Rep D",
            "supervisor": "sup_n",
            "region": "N",
            "phone": "138 1234 5678",
        },
        expect=201,
    )
    users = {u["username"]: u for u in admin("GET", "/admin/users")}
    assert users["rep_d"]["supervisor"] == "sup_n" and users["rep_d"]["region"] == "N"
    assert users["rep_d"]["pending"] is False  # no coverage yet: nothing to wait for

    admin("POST", "/admin/territories/N1/assign", {"username": "rep_d"})
    assert {u["username"]: u for u in admin("GET", "/admin/users")}["rep_d"]["pending"] is True
    d = Laptop(tmp_path / "d.sqlite3", srv.url, "rep_d")
    d.engine.login("long-enough-1")
    d.sync()
    assert {u["username"]: u for u in admin("GET", "/admin/users")}["rep_d"]["pending"] is False

    # Role change: signed out everywhere (the next login brings the new role).
    admin("PATCH", "/admin/users/rep_d", {"role": "supervisor", "display_name": "Supervisor D"})
    from sync.transport import AuthRequired

    try:
        d.sync()
        raise AssertionError("the old session still works after a role change")
    except AuthRequired:
        pass
    users = {u["username"]: u for u in admin("GET", "/admin/users")}
    assert users["rep_d"]["role"] == "supervisor" and users["rep_d"]["display_name"] == "Supervisor D"

    # Password reset: the new one works, the old one does not.
    admin("POST", "/admin/users/rep_d/password", {"password": "another-pass-2"}, expect=204)
    login = f"{srv.url}{API_PREFIX}/auth/login"

    def login_status(password: str) -> int:
        """The status of rep_d's login with ``password``."""
        r = requests.post(login, json={"username": "rep_d", "password": password}, headers=H, timeout=10)
        return r.status_code

    assert login_status("long-enough-1") == 401
    assert login_status("another-pass-2") == 200

    # Deactivation, then activation.
    admin("POST", "/admin/users/rep_d/deactivate", expect=204)
    assert login_status("another-pass-2") == 403
    admin("POST", "/admin/users/rep_d/activate", expect=204)
    assert login_status("another-pass-2") == 200

    # Refusals in words.
    r = admin("PATCH", "/admin/users/admin", {"role": "rep"}, expect=400)
    assert "your own administrator role" in r["error"]["message"]
    r = admin("PATCH", "/admin/users/rep_d", {"phone": "12345"}, expect=400)
    assert "phone" in r["error"]["message"].lower() or "number" in r["error"]["message"]
    r = admin("PATCH", "/admin/users/nobody", {"display_name": "x"}, expect=404)
    assert r["error"]["message"] == "No user named 'nobody'."
    r = admin("PATCH", "/admin/users/rep_d", {"role": "boss"}, expect=422)
    assert r["error"]["message"].startswith("role:")
