"""Devices: the server records each laptop; revoking one wipes it after its queued edits are in."""

from __future__ import annotations

import requests

from local_db.replica import ReplicaKeys
from server import cli
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER
from sync.engine import APP_VERSION, CLIENT_ID
from sync.transport import DeviceRevoked
from tests.factories import PASSWORD, build_org
from tests.sync.helpers import Laptop, server_row

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}


def _admin(url: str) -> dict:
    r = requests.post(
        f"{url}{API_PREFIX}/auth/login",
        json={"username": "admin", "password": PASSWORD},
        headers=H,
        timeout=10,
    )
    return {**H, "Authorization": f"Bearer {r.json()['access_token']}"}


def test_a_revoked_laptop_pushes_its_edits_then_wipes_itself_and_the_other_keeps_syncing(
    sqlite_store, live_server, tmp_path, capsys
):
    o = build_org(sqlite_store)
    srv = live_server(sqlite_store)
    lost = Laptop.synced(tmp_path / "lost.sqlite3", srv.url, "rep_a")
    other = Laptop.synced(tmp_path / "other.sqlite3", srv.url, "rep_a")
    admin = _admin(srv.url)

    listed = requests.get(
        f"{srv.url}{API_PREFIX}/admin/devices", params={"user": "rep_a"}, headers=admin, timeout=10
    )
    assert listed.status_code == 200
    by_id = {d["client_id"]: d for d in listed.json()}
    lost_id, other_id = lost.db.get_state(CLIENT_ID), other.db.get_state(CLIENT_ID)
    assert set(by_id) == {lost_id, other_id}
    d = by_id[lost_id]
    assert d["username"] == "rep_a" and d["status"] == "active" and d["last_ip"] == "127.0.0.1"
    assert d["app_version"] == APP_VERSION and d["os"] and d["device_name"]
    assert d["first_seen_at"] <= d["last_sync_at"]
    assert (
        requests.get(
            f"{srv.url}{API_PREFIX}/admin/devices", headers={**H, "Authorization": "Bearer x" * 1}, timeout=10
        ).status_code
        == 401
    )

    # The command line shows the same laptops.
    assert cli.main(["--database-url", str(sqlite_store.engine.url), "devices", "--user", "rep_a"]) == 0
    out = capsys.readouterr().out
    assert lost_id in out and other_id in out and "active" in out

    cid = sorted(o.customers["N1"])[0]
    with lost.write() as w:  # typed before the laptop went missing, not yet sent
        w.update("customer", cid, {"notes": "last words of the lost laptop"})
    r = requests.post(f"{srv.url}{API_PREFIX}/admin/devices/{lost_id}/revoke", headers=admin, timeout=10)
    assert r.status_code == 200 and r.json()["status"] == "revoked"
    assert (
        requests.post(
            f"{srv.url}{API_PREFIX}/admin/devices/nope/revoke", headers=admin, timeout=10
        ).status_code
        == 404
    )

    token = lost.engine.credentials.load(srv.url, "rep_a").access_token
    me = requests.get(
        f"{srv.url}{API_PREFIX}/auth/me", headers={**H, "Authorization": f"Bearer {token}"}, timeout=10
    )
    assert (
        me.status_code == 403 and me.json()["error"]["code"] == "device_revoked"
    )  # no more reads, only its push
    try:
        lost.sync()
        raise AssertionError("a revoked laptop must be told so")
    except DeviceRevoked:
        pass
    assert (
        server_row(sqlite_store, "customer", cid)["notes"] == "last words of the lost laptop"
    )  # pushed first
    assert lost.ids("customer") == set()  # then wiped
    assert ReplicaKeys().get(lost.db.path) is None  # and its key is gone
    assert lost.engine.credentials.load(srv.url, "rep_a") is None
    status = requests.get(f"{srv.url}{API_PREFIX}/admin/devices", headers=admin, timeout=10).json()
    assert {d["client_id"]: d["status"] for d in status}[lost_id] == "wiped"

    # The same user's other laptop is untouched and keeps syncing.
    report = other.sync()
    assert report.pulled >= 1
    assert other.row("customer", cid)["notes"] == "last words of the lost laptop"
    assert other.ids("customer") == o.customers_of("N1")
    lost.engine.transport.close()
    other.engine.transport.close()
