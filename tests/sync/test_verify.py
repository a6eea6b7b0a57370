"""Verification and repair as the background sync uses them (docs/SYNC_CONTRACT.md, invariant 10).

Repairs must never lose an unpushed edit; a scope change the feed cannot carry (a team
change) must be noticed from the pull answer alone; a clean replica costs one request.
"""

from __future__ import annotations

import json

import pytest
import requests
from sqlalchemy import func, select

from domain.schema import BY_NAME
from local_db.models import SyncIssue
from local_db.tables import TABLES as LOCAL
from server import org
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER, bucket_of
from sync.engine import LAST_REPAIR, LAST_VERIFY, RESCOPE, SCOPE_GENERATION
from tests.sync.helpers import Laptop, serve_org, server_row

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}


@pytest.fixture
def world(sqlite_store, live_server, tmp_path):
    return serve_org(sqlite_store, live_server, tmp_path)


def contacts_of(lap: Laptop, cid: str) -> list[str]:
    t = LOCAL["contact"]
    with lap.db.session() as s:
        return sorted(s.scalars(select(t.c.id).where(t.c.customer_id == cid)))


def break_bucket(lap: Laptop, cid: str) -> str:
    """Lose one of the customer's visits locally: its bucket is now out of step."""
    t = LOCAL["visit"]
    with lap.db.session() as s:
        victim = s.scalar(select(t.c.id).where(t.c.customer_id == cid).limit(1))
        s.execute(t.delete().where(t.c.id == victim))
    return victim


def test_clean_replica_verifies_in_one_request(world):
    store, srv, o, laptop = world
    lap = laptop("sup_n")
    before = lap.engine.transport.requests_made
    report = lap.engine.sync(verify=True)
    assert report.verified and report.repaired == []
    # one (no-op) pull and one verify: nothing re-downloaded
    assert lap.engine.transport.requests_made - before == 2
    assert lap.db.get_state(LAST_VERIFY) and lap.db.get_state(LAST_REPAIR) is None


def test_repair_keeps_unpushed_edits(world):
    store, srv, o, laptop = world
    lap = laptop("sup_n")
    cid = sorted(o.customers["N1"])[0]
    edited, dropped = contacts_of(lap, cid)
    victim = break_bucket(lap, cid)
    with lap.write() as w:
        w.update("contact", edited, {"name": "本地修改"})
        w.update("customer", cid, {"notes": "queued"})
        w.delete("contact", dropped)
    assert lap.outbox_size() == 3
    bad = lap.engine.verify_and_repair()
    assert bad == [bucket_of(BY_NAME["customer"], {"id": cid})]
    assert victim in lap.ids("visit")  # repaired
    assert lap.outbox_size() == 3  # nothing dropped from the queue
    assert lap.row("contact", edited)["name"] == "本地修改"  # the edit still shows
    assert lap.row("customer", cid)["notes"] == "queued"
    assert lap.row("contact", dropped)["deleted"] is True  # still deleted locally
    repair = json.loads(lap.db.get_state(LAST_REPAIR))
    assert repair["buckets"] == bad and repair["rows"] > 0
    lap.sync()
    assert lap.outbox_size() == 0
    assert server_row(store, "contact", edited)["name"] == "本地修改"
    assert server_row(store, "customer", cid)["notes"] == "queued"
    assert server_row(store, "contact", dropped)["deleted"] is True
    assert lap.engine.verify() == []


def test_repair_keeps_an_edit_to_a_customer_that_left_the_scope(world):
    store, srv, o, laptop = world
    lap = laptop("rep_a")
    cid = sorted(o.customers["N1"])[0]
    with lap.write() as w:
        w.update("customer", cid, {"notes": "before the move"})
    with store.session() as s:
        org.move_customers(s, [cid], "S1")  # leaves rep_a's scope
    lap.engine.verify_and_repair()  # runs before the edit was pushed
    assert lap.row("customer", cid)["notes"] == "before the move"
    assert lap.outbox_size() == 1
    lap.sync()  # pushed (or kept as a sync issue), then evicted
    assert lap.outbox_size() == 0
    with lap.db.session() as s:
        issues = s.scalar(select(func.count()).select_from(SyncIssue))
    assert server_row(store, "customer", cid)["notes"] == "before the move" or issues == 1
    assert cid not in lap.ids("customer")
    assert lap.engine.verify() == []


def test_a_change_landing_after_the_pull_is_not_mistaken_for_damage(world):
    store, srv, o, laptop = world
    lap = laptop("rep_a")
    cid = sorted(o.customers["N1"])[0]
    rep = Laptop(lap.db.path.with_name("other.sqlite3"), srv.url, "rep_a").login()
    rep.sync()
    with rep.write() as w:
        w.update("customer", cid, {"notes": "from the other laptop"})
    rep.sync()
    # lap has not pulled that change: verify sees a difference, pulls, and finds it fine
    report = lap.engine.sync(verify=False)
    with rep.write() as w:
        w.update("customer", cid, {"notes": "again"})
    rep.sync()
    bad = lap.engine.verify_and_repair(report)
    assert bad == [] and report.repaired == []
    assert lap.row("customer", cid)["notes"] == "again"


def test_team_change_is_noticed_from_the_pull_answer(world):
    """Moving a rep to another supervisor signs nobody out: the scope generation tells."""
    store, srv, o, laptop = world
    north, south = laptop("sup_n"), laptop("sup_s")
    assert north.db.get_state(SCOPE_GENERATION) and south.db.get_state(SCOPE_GENERATION)
    with store.session() as s:
        org.update_user(s, "rep_b", {"supervisor_id": o.users["sup_s"]})
    r_north, r_south = north.sync(), south.sync()
    assert r_north.rescoped and r_south.rescoped
    assert "user" in r_north.repaired and "user" in r_south.repaired
    assert north.engine.verify() == [] and south.engine.verify() == []
    assert north.db.get_state(RESCOPE) is None
    # and once settled, the next syncs are plain again
    assert not north.sync().verified


def test_no_op_pull_answer_carries_no_scope_generation(world):
    store, srv, o, laptop = world
    lap = laptop("sup_n")
    token = lap.engine.credentials.load(srv.url, "sup_n").access_token
    auth = {**H, "Authorization": f"Bearer {token}"}
    first = requests.post(f"{srv.url}{API_PREFIX}/sync/pull", json={}, headers=auth, timeout=10).json()
    assert first["scope_generation"] == lap.db.get_state(SCOPE_GENERATION)
    noop = requests.post(
        f"{srv.url}{API_PREFIX}/sync/pull", json={"cursor": first["next_cursor"]}, headers=auth, timeout=10
    )
    assert "scope_generation" not in noop.json() and len(noop.content) < 200


def test_an_older_server_without_scope_generation_is_fine(world, monkeypatch):
    store, srv, o, laptop = world
    lap = laptop("rep_a")
    real = lap.engine.call

    def older(path, body):
        answer = real(path, body)
        answer.pop("scope_generation", None)
        return answer

    monkeypatch.setattr(lap.engine, "call", older)
    with store.session() as s:
        org.update_user(s, "rep_a", {"display_name": "Rep A"})
    report = lap.sync()
    assert not report.rescoped and not report.verified


def test_local_buckets_match_the_contract_digest(world):
    """The fast local digest equals ``bucket_digest`` over the replica's rows, row by row."""
    from domain.schema import ENTITIES, Scope
    from sync.contract import bucket_digest

    store, srv, o, laptop = world
    lap = laptop("sup_n")
    with lap.write() as w:  # a row the server has not acknowledged: in no bucket
        w.insert("contact", {"customer_id": sorted(o.customers["N1"])[0], "name": "新联系人"})
    items: dict[str, list] = {}
    with lap.db.session() as s:
        for e in ENTITIES:
            t = LOCAL[e.name]
            cols = [t.c.id, t.c.version] + (
                [t.c.customer_id] if e.scope is Scope.CUSTOMER and e.name != "customer" else []
            )
            for row in s.execute(select(*cols).where(t.c.version > 0)).mappings():
                items.setdefault(bucket_of(e, row), []).append((e.name, row["id"], row["version"]))
    expected = {b: bucket_digest(v) for b, v in items.items()}
    assert lap.engine.local_buckets() == expected
    assert {"org", "catalog", "user"} < set(expected)  # and some customer buckets
