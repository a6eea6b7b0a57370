"""A user's role changes on the server: their laptop ends up holding exactly the new scope.

A role change moves coverage in ways the incremental feed does not carry (the team's
USER-scoped rows, a whole organisation for a new admin, ghosts left by an admin who
becomes a rep). The server signs the user out; after logging in again, one sync must
leave the laptop identical to what ``/sync/verify`` says it should hold, without losing
an edit that was still in the outbox.
"""

from __future__ import annotations

import pytest
import requests

from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER
from sync.transport import AuthRequired
from tests.factories import PASSWORD
from tests.sync.helpers import Laptop, serve_org, server_row, submitted_visit

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}


def change_role(url: str, username: str, role: str) -> None:
    """As an administrator would: through the admin API."""
    r = requests.post(
        f"{url}{API_PREFIX}/auth/login",
        json={"username": "admin", "password": PASSWORD},
        headers=H,
        timeout=10,
    )
    r.raise_for_status()
    auth = {**H, "Authorization": f"Bearer {r.json()['access_token']}"}
    r = requests.patch(
        f"{url}{API_PREFIX}/admin/users/{username}", json={"role": role}, headers=auth, timeout=10
    )
    assert r.status_code == 200, r.text


@pytest.fixture
def world(any_store, live_server, tmp_path):
    store, srv, o, synced = serve_org(any_store, live_server, tmp_path)

    def laptop(user: str) -> Laptop:
        lap = synced(user)
        assert lap.engine.verify() == []
        return lap

    return store, srv, o, laptop


@pytest.mark.parametrize(
    "user,new_role",
    [
        ("sup_n", "admin"),  # the whole organisation, not just the region
        ("sup_n", "rep"),  # the team's assignments and targets must go
        ("admin", "supervisor"),  # everything outside the region must go
        ("rep_a", "supervisor"),
    ],
)
def test_role_change_leaves_the_laptop_holding_the_new_scope(world, user, new_role):
    store, srv, o, laptop = world
    if user == "admin":
        # the admin API refuses to demote yourself: a second administrator does it
        from domain.enums import Role
        from server import org

        with store.session() as s:
            org.create_user(s, "admin2", PASSWORD, Role.ADMIN)
        lap = laptop("admin")
        with store.session() as s:
            org.update_user(s, "admin", {"role": Role(new_role)})
            org.assign(s, "admin", "N")  # a supervisor of the North region
    else:
        lap = laptop(user)
        change_role(srv.url, user, new_role)
    with pytest.raises(AuthRequired):  # a role change signs the user out everywhere
        lap.sync()
    lap.login()
    lap.sync()
    assert lap.engine.db.get_state("role") == new_role
    assert lap.engine.verify() == []


def test_role_change_keeps_unpushed_edits(world):
    store, srv, o, laptop = world
    lap = laptop("sup_n")
    cid = sorted(o.customers["N1"])[0]
    change_role(srv.url, "sup_n", "admin")
    # edited offline, after the change on the server and before the laptop learns of it
    with lap.write() as w:
        w.update("customer", cid, {"notes": "written while the role changed"})
        vid = w.insert("visit", submitted_visit(cid, o.users["sup_n"], "12.30"))
    with pytest.raises(AuthRequired):
        lap.sync()
    assert lap.outbox_size() == 2
    lap.login()
    lap.sync()
    assert lap.outbox_size() == 0
    assert server_row(store, "customer", cid)["notes"] == "written while the role changed"
    assert server_row(store, "visit", vid) is not None
    assert lap.row("customer", cid)["notes"] == "written while the role changed"
    assert lap.engine.verify() == []
    assert o.customers["S1"][0] in lap.ids("customer")
