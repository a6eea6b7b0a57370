"""Settling sync issues on the laptop, end to end through a real server.

Each test makes a real conflict or rejection (an offline rep and an online colleague
editing the same record), settles it with ``local_db.issues`` and syncs again.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from domain.errors import DomainError
from local_db import issues as I
from local_db.models import OutboxEntry, SyncIssue
from local_db.queries import Sort
from tests.sync.helpers import Laptop, draft_quote, serve_org, server_row


@pytest.fixture
def world(sqlite_store, live_server, tmp_path):
    store, _srv, o, laptop = serve_org(sqlite_store, live_server, tmp_path)
    return store, o, laptop


def all_issues(lap: Laptop) -> list[SyncIssue]:
    with lap.db.session() as s:
        return list(s.scalars(select(SyncIssue)))


def money_conflict(world, fields=("order_amount",)):
    """rep_a changes money on a visit offline; the admin changes the same fields first."""
    store, o, laptop = world
    rep, admin = laptop("rep_a"), laptop("admin")
    vid = sorted(rep.ids("visit"))[0]
    with rep.write() as w:
        w.update("visit", vid, {f: Decimal("120.00") for f in fields} | {"notes": "rep note"})
    with admin.write() as w:
        w.update("visit", vid, {f: Decimal("150.00") for f in fields})
    assert admin.sync().applied == 1
    report = rep.sync()
    assert report.conflicts == 1
    [issue] = all_issues(rep)
    return store, o, rep, admin, vid, issue.mutation_id


def test_use_mine_becomes_an_update_that_lands_on_the_next_push(world):
    store, _o, rep, _admin, vid, mid = money_conflict(world)
    with rep.db.session() as s:
        [clash] = I.conflict_fields(s, I.get_issue(s, mid))
    assert (clash.field, clash.base, clash.server, clash.mine) == (
        "order_amount",
        "100.50",
        "150.00",
        "120.00",
    )

    with rep.db.session() as s:
        assert I.resolve_conflict(s, mid, {"order_amount": I.USE_MINE}, seen={"order_amount": "150.00"})
    assert all_issues(rep) == []
    with rep.db.session() as s:
        [entry] = s.scalars(select(OutboxEntry)).all()
        assert entry.changes == {"order_amount": "120.00"} and entry.base == {"order_amount": "150.00"}
    assert rep.row("visit", vid)["order_amount"] == "120.00"  # the rep sees their choice at once

    report = rep.sync()
    assert (report.applied, report.conflicts, report.rejected) == (1, 0, 0)
    assert server_row(store, "visit", vid)["order_amount"] == "120.00"
    assert server_row(store, "visit", vid)["notes"] == "rep note"
    assert all_issues(rep) == [] and rep.outbox_size() == 0


def test_keep_server_settles_without_sending_anything(world):
    store, _o, rep, _admin, vid, mid = money_conflict(world)
    with rep.db.session() as s:
        assert I.resolve_conflict(s, mid, {"order_amount": I.KEEP_SERVER}) is False
    assert all_issues(rep) == [] and rep.outbox_size() == 0
    assert rep.sync().pushed == 0
    assert server_row(store, "visit", vid)["order_amount"] == "150.00"
    assert rep.row("visit", vid)["order_amount"] == "150.00"


def test_each_field_is_decided_on_its_own(world):
    store, _o, rep, _admin, vid, mid = money_conflict(world, fields=("order_amount", "cash_collected"))
    with rep.db.session() as s:
        assert {c.field for c in I.conflict_fields(s, I.get_issue(s, mid))} == {
            "order_amount",
            "cash_collected",
        }
        with pytest.raises(DomainError) as missing:
            I.resolve_conflict(s, mid, {"order_amount": I.USE_MINE})
    assert missing.value.code == "choice_required"
    with rep.db.session() as s:
        I.resolve_conflict(s, mid, {"order_amount": I.USE_MINE, "cash_collected": I.KEEP_SERVER})
    rep.sync()
    row = server_row(store, "visit", vid)
    assert (row["order_amount"], row["cash_collected"]) == ("120.00", "150.00")


def test_a_decision_on_a_stale_server_value_is_refused(world):
    store, _o, rep, admin, vid, mid = money_conflict(world)
    with admin.write() as w:  # the admin changes it again before the rep decides
        w.update("visit", vid, {"order_amount": Decimal("170.00")})
    admin.sync()
    rep.sync()
    with rep.db.session() as s:
        [clash] = I.conflict_fields(s, I.get_issue(s, mid))
    assert clash.server == "170.00", "the dialog shows the newest server value the laptop has"
    with pytest.raises(DomainError) as stale:
        with rep.db.session() as s:
            I.resolve_conflict(s, mid, {"order_amount": I.USE_MINE}, seen={"order_amount": "150.00"})
    assert stale.value.code == "changed_again"
    assert [i.mutation_id for i in all_issues(rep)] == [mid] and rep.outbox_size() == 0
    with rep.db.session() as s:
        I.resolve_conflict(s, mid, {"order_amount": I.USE_MINE}, seen={"order_amount": "170.00"})
    rep.sync()
    assert server_row(store, "visit", vid)["order_amount"] == "120.00"


def cancelled_under_the_rep(world):
    """rep_a starts a planned visit offline while the supervisor cancels it: rejected."""
    store, o, laptop = world
    rep, sup = laptop("rep_a"), laptop("sup_n")
    cid = sorted(o.customers["N1"])[0]
    with rep.write() as w:
        vid = w.insert("visit", {"customer_id": cid, "rep_id": o.users["rep_a"], "status": "planned"})
    rep.sync()
    sup.sync()
    with sup.write() as w:
        w.update("visit", vid, {"status": "cancelled"})
    sup.sync()
    with rep.write() as w:
        w.update("visit", vid, {"status": "in_progress", "notes": "arrived 9:10"})
    report = rep.sync()
    assert report.rejected == 1
    [issue] = all_issues(rep)
    assert issue.code == "invalid_visit_transition"
    return store, o, rep, vid, issue.mutation_id, cid


def test_rejected_change_retried_as_is_is_refused_again_and_kept(world):
    _store, _o, rep, vid, mid, _cid = cancelled_under_the_rep(world)
    assert rep.row("visit", vid)["status"] == "cancelled"  # the laptop shows the server's row
    with pytest.raises(DomainError) as again:
        with rep.db.session() as s:
            I.retry_rejected(s, mid)
    assert again.value.code == "invalid_visit_transition"
    assert [i.mutation_id for i in all_issues(rep)] == [mid], "nothing is lost when the rules refuse"
    assert rep.outbox_size() == 0


def test_edit_and_retry_sends_what_the_rules_accept(world):
    store, _o, rep, vid, mid, cid = cancelled_under_the_rep(world)
    with rep.db.session() as s:
        issue = I.get_issue(s, mid)
        assert I.retry_values(s, issue) == {"status": "in_progress", "notes": "arrived 9:10"}
        [row] = I.list_issues(s)
    assert row["entity"] == "visit" and row["op"] == I.UPDATE and row["customer_name"] == "N1 客户 0"
    with rep.db.session() as s:
        assert I.retry_rejected(s, mid, {"notes": "arrived 9:10"})
    report = rep.sync()
    assert (report.applied, report.rejected) == (1, 0)
    row = server_row(store, "visit", vid)
    assert (row["status"], row["notes"]) == ("cancelled", "arrived 9:10")
    assert all_issues(rep) == []


def test_discarding_keeps_the_servers_row(world):
    store, _o, rep, vid, mid, _cid = cancelled_under_the_rep(world)
    before = server_row(store, "visit", vid)
    with rep.db.session() as s:
        I.discard_issue(s, mid)
    assert all_issues(rep) == [] and rep.outbox_size() == 0
    assert rep.row("visit", vid)["status"] == "cancelled"
    assert rep.sync().pushed == 0
    assert server_row(store, "visit", vid) == before


def duplicate_quote_number(world):
    """rep_a writes a new quote offline whose number the server already has: rejected."""
    store, o, laptop = world
    rep, admin = laptop("rep_a"), laptop("admin")
    elsewhere, mine = sorted(o.customers["S1"])[0], sorted(o.customers["N1"])[1]
    with admin.write() as w:
        w.insert("quote", draft_quote(elsewhere, o.users["admin"], "RA-2026-0900"))
    admin.sync()
    with rep.write() as w:
        qid = w.insert("quote", draft_quote(mine, o.users["rep_a"], "RA-2026-0900", notes="two pallets"))
    assert rep.sync().rejected == 1
    [issue] = all_issues(rep)
    assert issue.code == "integrity"
    assert rep.row("quote", qid)["notes"] == "two pallets", "the rep's new record is kept"
    return store, rep, qid, issue.mutation_id


def test_a_rejected_new_record_can_be_corrected_and_sent_again(world):
    store, rep, qid, mid = duplicate_quote_number(world)
    with rep.db.session() as s:
        values = I.retry_values(s, I.get_issue(s, mid))
        [row] = I.list_issues(s)
    assert row["op"] == I.INSERT and row["label_value"] == "RA-2026-0900"
    assert values["notes"] == "two pallets" and values["number"] == "RA-2026-0900"
    with rep.db.session() as s:
        I.retry_rejected(s, mid, {**values, "number": "RA-2026-0901"})
    assert rep.sync().applied == 1
    row = server_row(store, "quote", qid)
    assert (row["number"], row["notes"]) == ("RA-2026-0901", "two pallets")
    assert all_issues(rep) == [] and rep.row("quote", qid)["version"] >= 1


def test_discarding_a_rejected_new_record_removes_the_local_copy(world):
    store, rep, qid, mid = duplicate_quote_number(world)
    with rep.db.session() as s:
        I.discard_issue(s, mid)
    assert rep.row("quote", qid) is None and all_issues(rep) == []
    assert server_row(store, "quote", qid) is None
    assert rep.engine.verify() == []


def test_a_change_to_a_record_deleted_on_the_server_can_only_be_discarded(world):
    store, o, laptop = world
    rep, admin = laptop("rep_a"), laptop("admin")
    contact = sorted(rep.ids("contact"))[0]
    with rep.write() as w:
        w.update("contact", contact, {"mobile": "139-0000-1111"})
    with admin.write() as w:
        w.delete("contact", contact)
    admin.sync()
    assert rep.sync().rejected == 1
    [issue] = all_issues(rep)
    assert issue.code == "not_found"
    with pytest.raises(DomainError) as gone:
        with rep.db.session() as s:
            I.retry_rejected(s, issue.mutation_id)
    assert gone.value.code == "not_found"
    with rep.db.session() as s:
        [row] = I.list_issues(s, Sort("customer"))
        assert row["customer_name"] and row["label_value"]  # still named, from the kept values
        I.discard_issue(s, issue.mutation_id)
    assert all_issues(rep) == []


def test_settled_issues_cannot_be_settled_twice(world):
    _store, _o, rep, _admin, _vid, mid = money_conflict(world)
    with rep.db.session() as s:
        I.resolve_conflict(s, mid, {"order_amount": I.KEEP_SERVER})
    for act in (
        lambda s: I.resolve_conflict(s, mid, {"order_amount": I.KEEP_SERVER}),
        lambda s: I.retry_rejected(s, mid),
        lambda s: I.discard_issue(s, mid),
    ):
        with pytest.raises(DomainError) as gone:
            with rep.db.session() as s:
                act(s)
        assert gone.value.code == "issue_gone"
