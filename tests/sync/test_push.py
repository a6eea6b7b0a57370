"""The write half of the sync contract, end to end through a real server."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
import requests
from sqlalchemy import event, func, select

from domain.errors import DomainError
from local_db.models import OutboxEntry, SyncIssue
from server import org
from server.store.tables import AppliedMutation
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER
from sync.transport import AccountDeactivated
from tests.factories import PASSWORD
from tests.sync.helpers import (
    Laptop,
    insert_mutation,
    post_push,
    push_request,
    serve_org,
    server_row,
    submitted_visit,
    update_mutation,
)

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}


@pytest.fixture
def world(any_store, live_server, tmp_path):
    return serve_org(any_store, live_server, tmp_path)


def issues(lap: Laptop) -> list[SyncIssue]:
    with lap.db.session() as s:
        return list(s.scalars(select(SyncIssue)))


def _rep_a_signed_in(world):
    """The world with rep_a's synced laptop and its access token: ``(store, server, org, rep, token)``."""
    store, srv, o, laptop = world
    rep = laptop("rep_a")
    return store, srv, o, rep, rep.engine.credentials.load(srv.url, "rep_a").access_token


def test_offline_edit_reaches_server_once_and_is_not_echoed(world):
    store, srv, o, laptop = world
    rep = laptop("rep_a")
    cid = sorted(o.customers["N1"])[0]
    with rep.write() as w:
        w.update("customer", cid, {"phone": "0571-12345678", "notes": "prefers mornings"})
        vid = w.insert("visit", submitted_visit(cid, o.users["rep_a"], "88.80"))
    assert rep.outbox_size() == 2
    report = rep.sync()
    assert (report.pushed, report.applied, report.rejected) == (2, 2, 0)
    assert rep.outbox_size() == 0
    srow = server_row(store, "customer", cid)
    assert srow["phone"] == "0571-12345678" and srow["version"] == 2
    assert srow["updated_by"] == o.users["rep_a"]
    visit = server_row(store, "visit", vid)
    assert visit["order_amount"] == "88.80" and visit["rep_id"] == o.users["rep_a"]
    assert visit["server_received_at"] is not None
    assert rep.row("customer", cid)["version"] == 2  # from the push response
    # the next sync downloads nothing: the client's own writes are not sent back
    again = rep.sync()
    assert again.pulled == 0 and again.pushed == 0


def test_replayed_push_changes_nothing(world):
    store, srv, o, rep, token = _rep_a_signed_in(world)
    cid = sorted(o.customers["N1"])[0]
    body = push_request(update_mutation("customer", cid, {"fax": "0571-1"}, {"fax": None}))
    first = post_push(srv.url, token, body).json()
    second = post_push(srv.url, token, body).json()
    assert first["results"] == second["results"]
    assert server_row(store, "customer", cid)["version"] == 2
    # the same id with other content is refused, not applied
    body["mutations"][0]["changes"] = {"fax": "0571-2"}
    body["mutations"][0]["base"] = {"fax": "0571-1"}
    third = post_push(srv.url, token, body).json()
    assert third["results"][0]["outcome"] == "rejected"
    assert third["results"][0]["code"] == "mutation_id_reused"
    assert server_row(store, "customer", cid)["fax"] == "0571-1"


def test_concurrent_edits_merge_by_field_and_money_needs_a_person(world):
    store, srv, o, laptop = world
    rep, admin = laptop("rep_a"), laptop("admin")
    cid = sorted(o.customers["N1"])[1]
    vid = sorted(rep.ids("visit"))[0]
    # the rep is offline and edits; the admin edits the same rows online, first
    with rep.write() as w:
        w.update("customer", cid, {"email": "rep@example.com", "website": "rep.example.com"})
        w.update("visit", vid, {"order_amount": Decimal("120.00"), "notes": "rep note"})
    with admin.write() as w:
        w.update("customer", cid, {"fax": "0571-999", "website": "admin.example.com"})
        w.update("visit", vid, {"order_amount": Decimal("150.00")})
    assert admin.sync().applied == 2
    report = rep.sync()
    assert report.merged == 1 and report.conflicts == 1 and report.rejected == 0
    cust = server_row(store, "customer", cid)
    # different fields merge; a same-field clash on contact data: last write in server order
    assert (cust["email"], cust["fax"], cust["website"]) == ("rep@example.com", "0571-999", "rep.example.com")
    visit = server_row(store, "visit", vid)
    assert visit["notes"] == "rep note"  # the non-clashing field merged
    assert visit["order_amount"] == "150.00"  # money is not decided by arrival order
    [issue] = issues(rep)
    assert issue.outcome == "conflict" and issue.fields == ["order_amount"]
    assert issue.changes["order_amount"] == "120.00" and issue.base["order_amount"] == "100.50"
    assert issue.server_values["order_amount"] == "150.00"
    # locally the rep sees the server's value until they decide; their value is kept in the issue
    assert rep.row("visit", vid)["order_amount"] == "150.00"
    assert rep.row("customer", cid)["fax"] == "0571-999"


def _raw_push(srv, token, mutation: dict) -> dict:
    r = post_push(srv.url, token, push_request(mutation))
    assert r.status_code == 200, r.text
    return r.json()["results"][0]


def test_authorization_rejects_and_stores_nothing(world):
    store, srv, o, rep, token = _rep_a_signed_in(world)
    other = sorted(o.customers["S1"])[0]
    mine = sorted(o.customers["N1"])[0]
    cases = [
        (update_mutation("customer", other, {"phone": "1"}, {"phone": None}), "out_of_scope"),
        (
            insert_mutation(
                "visit", {"customer_id": other, "rep_id": o.users["rep_a"], "status": "submitted"}
            ),
            "out_of_scope",
        ),
        (
            insert_mutation(
                "visit", {"customer_id": mine, "rep_id": o.users["rep_b"], "status": "submitted"}
            ),
            "forged_author",
        ),
        (
            update_mutation(
                "customer", mine, {"territory_id": o.territories["S1"]}, {"territory_id": o.territories["N1"]}
            ),
            "field_not_writable",
        ),
        (
            update_mutation("customer", mine, {"owner_id": o.users["rep_b"]}, {"owner_id": o.users["rep_a"]}),
            "field_not_writable",
        ),
        (
            update_mutation("product", o.product_id, {"list_price": "1.00"}, {"list_price": "10.00"}),
            "admin_only",
        ),
    ]
    for mutation, code in cases:
        before = server_row(store, mutation["entity"], mutation["row_id"])
        result = _raw_push(srv, token, mutation)
        assert result["outcome"] == "rejected", (mutation, result)
        assert result["code"] == code and result["message"]
        assert server_row(store, mutation["entity"], mutation["row_id"]) == before


def test_rep_cannot_approve_own_discount(world):
    store, srv, o, rep, token = _rep_a_signed_in(world)
    quote = next(iter(rep.ids("quote")))
    r = _raw_push(
        srv,
        token,
        update_mutation("quote", quote, {"header_discount_pct": "20"}, {"header_discount_pct": None}),
    )
    assert r["outcome"] == "applied"
    r = _raw_push(
        srv,
        token,
        update_mutation("quote", quote, {"status": "pending_approval"}, {"status": "draft"}, base_version=2),
    )
    assert r["outcome"] == "applied", r
    approve = update_mutation(
        "quote",
        quote,
        {"status": "approved", "approved_by": o.users["rep_a"]},
        {"status": "pending_approval", "approved_by": None},
        base_version=3,
    )
    r = _raw_push(srv, token, approve)
    assert r["outcome"] == "rejected" and r["code"] in ("not_permitted", "field_not_writable")
    assert server_row(store, "quote", quote)["status"] == "pending_approval"
    # and the laptop refuses it before it ever reaches the outbox
    rep.sync()
    with pytest.raises(DomainError):
        with rep.write() as w:
            w.update("quote", quote, {"status": "approved"})
    assert rep.outbox_size() == 0


@pytest.mark.parametrize(
    "mutation,code",
    [
        ({"entity": "gizmo"}, "unknown_entity"),
        ({"entity": "customer", "changes": {"colour": "red"}, "base": {"colour": None}}, "invalid_value"),
        (
            {"entity": "customer", "changes": {"credit_limit": 12.5}, "base": {"credit_limit": None}},
            "invalid_value",
        ),
        ({"entity": "customer", "changes": {"name": ""}, "base": {"name": "x"}}, "invalid_value"),
        ({"entity": "customer", "changes": {"tier": "platinum"}, "base": {"tier": None}}, "invalid_value"),
        ({"entity": "customer", "changes": {"phone": "1"}}, "invalid_mutation"),
        ({"entity": "customer", "row_id": "00000000-0000-7000-8000-000000000000"}, "not_found"),
    ],
)
def test_bad_mutations_are_rejected_one_by_one(world, mutation, code):
    store, srv, o, rep, token = _rep_a_signed_in(world)
    cid = sorted(o.customers["N1"])[0]
    result = _raw_push(srv, token, {"row_id": cid, "op": "update", **mutation})
    assert result["outcome"] == "rejected" and result["code"] == code, result
    assert result["message"]


@pytest.mark.parametrize(
    "body",
    [
        {"client_id": "not-a-uuid", "mutations": []},
        {"client_id": str(uuid.uuid4()), "mutations": []},
        {"client_id": str(uuid.uuid4()), "mutations": [{"mutation_id": "x"}]},
        {"client_id": str(uuid.uuid4()), "mutations": [{}] * 501},
        {"client_id": str(uuid.uuid4()), "mutations": "lots"},
    ],
)
def test_malformed_batches_get_4xx(world, body):
    store, srv, o, rep, token = _rep_a_signed_in(world)
    r = post_push(srv.url, token, body)
    assert r.status_code == 422 and r.json()["error"]["message"]


def test_duplicate_and_unordered_batches_refused_whole(world):
    store, srv, o, rep, token = _rep_a_signed_in(world)
    cid = sorted(o.customers["N1"])[0]
    (m,) = push_request(update_mutation("customer", cid, {"fax": "1"}, {"fax": None}, client_seq=2))[
        "mutations"
    ]
    for mutations, code in (
        ([m, m], "duplicate_mutation"),
        ([m, {**m, "mutation_id": str(uuid.uuid4()), "client_seq": 1}], "unordered_batch"),
    ):
        r = post_push(srv.url, token, {"client_id": str(uuid.uuid4()), "mutations": mutations})
        assert r.status_code == 422 and r.json()["error"]["code"] == code
    assert server_row(store, "customer", cid)["fax"] is None
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(AppliedMutation)) == 0


def test_reassigned_territory_moves_customers_and_keeps_pending_edits(world):
    store, srv, o, laptop = world
    a, b = laptop("rep_a"), laptop("rep_b")
    cid = sorted(o.customers["N1"])[2]
    with a.write() as w:  # rep A works offline...
        w.update("customer", cid, {"notes": "edited before the move"})
        vid = w.insert("visit", {"customer_id": cid, "rep_id": o.users["rep_a"], "status": "submitted"})
    with store.session() as s:  # ...while the admin moves N1 from A to B
        org.unassign(s, "rep_a", "N1")
        org.assign(s, "rep_b", "N1")
    report = a.sync()
    assert report.rejected == 0 and report.applied == 2
    assert server_row(store, "customer", cid)["notes"] == "edited before the move"
    assert server_row(store, "visit", vid) is not None
    assert a.ids("customer") == set()  # no ghosts
    assert a.ids("visit") == set() and a.ids("contact") == set()
    b.sync()
    assert b.ids("customer") == o.customers_of("N1", "N2")
    assert b.row("customer", cid)["notes"] == "edited before the move"
    assert vid in b.ids("visit")  # history came along
    assert not issues(a) and not issues(b)


def test_deactivated_user_is_wiped_and_signed_out(world):
    store, srv, o, laptop = world
    rep = laptop("rep_c")
    assert rep.ids("customer")
    with store.session() as s:
        org.deactivate(s, "rep_c")
    with pytest.raises(AccountDeactivated):
        rep.sync()
    assert rep.ids("customer") == set() and rep.ids("product") == set()
    assert rep.engine.credentials.load(srv.url, "rep_c") is None
    r = requests.post(
        f"{srv.url}{API_PREFIX}/auth/login",
        json={"username": "rep_c", "password": PASSWORD},
        headers=H,
        timeout=10,
    )
    assert r.status_code == 403


def test_verification_repairs_only_the_broken_bucket(world):
    store, srv, o, laptop = world
    rep = laptop("sup_n")
    assert rep.engine.verify() == []
    victim = sorted(rep.ids("visit"))[0]
    from local_db.tables import TABLES as LOCAL

    with rep.db.session() as s:
        cust = s.scalar(select(LOCAL["visit"].c.customer_id).where(LOCAL["visit"].c.id == victim))
        s.execute(LOCAL["visit"].delete().where(LOCAL["visit"].c.id == victim))
        # a ghost: a row the server does not have for this user
        s.execute(
            LOCAL["contact"]
            .insert()
            .values(id=str(uuid.uuid4()), version=3, deleted=False, customer_id=cust, name="ghost")
        )
    bad = rep.engine.verify()
    assert bad == [f"customers-{cust[-1]}"]
    before = {b: d for b, d in rep.engine.local_buckets().items() if b not in bad}
    rep.engine.repair(bad[0])
    assert rep.engine.verify() == []
    assert victim in rep.ids("visit")
    after = {b: d for b, d in rep.engine.local_buckets().items() if b not in bad}
    assert after == before  # the other buckets were not touched


def test_simultaneous_duplicate_pushes_apply_once_and_never_500(world):
    import threading

    store, srv, o, rep, token = _rep_a_signed_in(world)
    cid = sorted(o.customers["N1"])[3]
    body = push_request(update_mutation("customer", cid, {"industry": "化工"}, {"industry": None}))
    gate = threading.Barrier(4)
    statuses = []

    def send():
        gate.wait()
        r = post_push(srv.url, token, body, timeout=30)
        statuses.append(r.status_code)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(statuses) <= {200, 409} and 200 in statuses, statuses
    assert server_row(store, "customer", cid)["version"] == 2  # applied exactly once
    retry = post_push(srv.url, token, body, timeout=30)
    assert retry.status_code == 200 and retry.json()["results"][0]["outcome"] == "applied"


def test_an_outbox_longer_than_a_batch_goes_in_order_one_write_per_batch(world, monkeypatch):
    """The push reads the outbox through the driver and reads each next batch in the
    transaction that stores the answer: 7 edits in batches of 3 are three pushes, sent in
    order with the outbox's own fields (``known_cursor`` left out where the entry has none,
    as from a version that did not record it), and one read plus three writes locally."""
    import sync.engine

    store, srv, o, laptop = world
    rep = laptop("rep_a")
    customers = sorted(o.customers["N1"])[:4]
    with rep.write() as w:
        for i in range(7):
            w.update("customer", customers[i % 4], {"notes": f"edit {i}"})
    with rep.db.session() as s:
        queued = [
            (e.mutation_id, e.client_seq)
            for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.client_seq))
        ]
        first = s.get(OutboxEntry, queued[0][1])
        first.known_cursor = None
    monkeypatch.setattr(sync.engine, "PUSH_BATCH", 3)
    sent: list[dict] = []
    call = rep.engine.call

    answers: list[dict] = []

    def recording(path, body):
        if path == "/sync/push":
            sent.append(body)
            answers.append(call(path, body))
            return answers[-1]
        return call(path, body)

    rep.engine.call = recording
    begun = [0]
    event.listen(rep.db.engine, "begin", lambda _conn: begun.__setitem__(0, begun[0] + 1))
    report = rep.engine.push()
    assert (report.pushed, report.applied + report.merged) == (7, 7)
    assert [len(b["mutations"]) for b in sent] == [3, 3, 1]
    assert [(m["mutation_id"], m["client_seq"]) for b in sent for m in b["mutations"]] == queued
    assert "known_cursor" not in sent[0]["mutations"][0]
    assert all(m["known_cursor"] for b in sent for m in b["mutations"][1:])
    assert sent[0]["mutations"][0]["changes"] == {"notes": "edit 0"}
    assert set(sent[0]["mutations"][0]["base"]) == {"notes"}
    assert begun[0] == 4
    assert rep.outbox_size() == 0
    # An answer that moved the cursor (the batch was all the next pull window held) is where
    # the next batch is sent from, not the cursor from before the push.
    moved = [
        (a["next_cursor"], b["cursor"])
        for a, b in zip(answers[:-1], sent[1:], strict=True)
        if a.get("next_cursor")
    ]
    assert moved and all(new == used for new, used in moved)
    assert server_row(store, "customer", customers[2])["notes"] == "edit 6"
