"""The server's quote rules, through the real server: what a tampering or outdated client
pushes is refused with a reason a person can read, and nothing of it is stored.

Quotes are built on a real laptop (local_db.quotes, synced), then changed with raw pushes
that skip the laptop's own checks — the server is the authority.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
import requests

from local_db import quotes as Q
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER
from tests.factories import build_org
from tests.local_db.test_quotes import add_catalog, three_line_draft
from tests.sync.helpers import Laptop, server_row

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}
D = Decimal


@pytest.fixture
def world(sqlite_store, live_server, tmp_path):
    o = build_org(sqlite_store)
    add_catalog(sqlite_store)
    srv = live_server(sqlite_store)
    laptops: dict[str, Laptop] = {}

    def laptop(user: str) -> Laptop:
        if user not in laptops:
            laptops[user] = Laptop(tmp_path / f"{user}.sqlite3", srv.url, user).login()
        laptops[user].sync()
        return laptops[user]

    def push(user: str, entity: str, row_id: str, changes: dict, op: str = "update") -> dict:
        """One raw mutation as ``user``, based on the server's current row (so it never conflicts)."""
        lap = laptop(user) if user not in laptops else laptops[user]
        token = lap.engine.credentials.load(srv.url, user).access_token
        current = server_row(sqlite_store, entity, row_id) if op != "insert" else None
        mutation = {
            "mutation_id": str(uuid.uuid4()),
            "client_seq": 1,
            "entity": entity,
            "row_id": row_id,
            "op": op,
            "changes": changes,
            "schema_version": 1,
            "base": {k: current[k] for k in changes} if current else {},
            "base_version": current["version"] if current else 0,
        }
        r = requests.post(
            f"{srv.url}{API_PREFIX}/sync/push",
            json={"client_id": str(uuid.uuid4()), "mutations": [mutation]},
            headers={**H, "Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert r.status_code == 200, r.text
        return r.json()["results"][0]

    return sqlite_store, o, laptop, push


def make_quote(lap: Laptop, customer_id: str, *, discount: str = "0", status: str | None = None) -> str:
    """The three-line quote of tests.local_db.test_quotes (subtotal 11840.00 without discount), synced."""
    with lap.db.session() as s:
        draft = three_line_draft(s, customer_id)
        draft.lines[1].discount_pct = D(discount)
        qid = Q.save_draft(s, draft)
        if status:
            Q.change_status(s, qid, status)
    assert lap.sync().rejected == 0
    return qid


def rejected(result: dict, code: str) -> str:
    assert result["outcome"] == "rejected", result
    assert result["code"] == code, result
    return result["message"]


# --------------------------------------------------------------------------- totals


def test_declared_totals_must_match_the_lines_when_the_quote_is_sent(world):
    store, o, laptop, push = world
    rep = laptop("rep_a")
    qid = make_quote(rep, sorted(o.customers["N1"])[0])
    before = server_row(store, "quote", qid)
    assert (before["subtotal"], before["tax_total"], before["total"]) == ("11840.00", "1518.20", "13358.20")
    message = rejected(push("rep_a", "quote", qid, {"status": "sent", "total": "9999.00"}), "totals_mismatch")
    assert (
        message
        == "The quote's totals do not match its lines: the total is 9999.00 but the lines give 13358.20."
    )
    # A line changed behind the header's back (allowed in draft) makes the stored totals stale…
    line = next(
        lid
        for lid in rep.ids("quote_line")
        if rep.row("quote_line", lid)["quote_id"] == qid and rep.row("quote_line", lid)["line_no"] == 3
    )
    assert push("rep_a", "quote_line", line, {"quantity": "2.000"})["outcome"] == "applied"
    # … so the quote cannot be sent until they are right again.
    message = rejected(push("rep_a", "quote", qid, {"status": "sent"}), "totals_mismatch")
    assert "the subtotal is 11840.00 but the lines give 12140.00" in message
    assert "the tax total is 1518.20 but the lines give 1536.20" in message
    assert server_row(store, "quote", qid)["status"] == "draft"
    ok = push(
        "rep_a",
        "quote",
        qid,
        {"status": "sent", "subtotal": "12140.00", "tax_total": "1536.20", "total": "13676.20"},
    )
    assert ok["outcome"] == "applied", ok


def test_outside_draft_the_offer_is_frozen(world):
    store, o, laptop, push = world
    rep = laptop("rep_a")
    qid = make_quote(rep, sorted(o.customers["N1"])[0], status="sent")
    line = next(lid for lid in rep.ids("quote_line") if rep.row("quote_line", lid)["quote_id"] == qid)
    message = rejected(push("rep_a", "quote_line", line, {"unit_price": "1.00"}), "quote_locked")
    assert message.startswith("Quote RA-2026-0001 is sent: its lines can no longer change.")
    rejected(push("rep_a", "quote_line", line, {}, op="delete"), "quote_locked")
    extra = {
        "customer_id": sorted(o.customers["N1"])[0],
        "quote_id": qid,
        "line_no": 4,
        "quantity": "1",
        "unit_price": "1.00",
        "tax_rate": "0",
        "description": "Extra",
    }
    rejected(push("rep_a", "quote_line", str(uuid.uuid4()), extra, op="insert"), "quote_locked")
    message = rejected(push("rep_a", "quote", qid, {"header_discount_pct": "5"}), "quote_locked")
    assert (
        message == "Quote RA-2026-0001 is sent: its header discount can no longer change. "
        "Create a revision to change the offer."
    )
    rejected(push("rep_a", "quote", qid, {"total": "12000.00"}), "totals_mismatch")
    # Re-stating the same figures is harmless, and notes may still change.
    assert (
        push("rep_a", "quote", qid, {"total": "13358.20", "notes": "Delivery on Monday"})["outcome"]
        == "applied"
    )
    assert server_row(store, "quote", qid)["total"] == "13358.20"


def test_an_empty_quote_cannot_be_sent(world):
    _store, o, laptop, push = world
    rep = laptop("rep_a")
    with rep.db.session() as s:
        qid = Q.save_draft(s, Q.new_draft(s, sorted(o.customers["N1"])[0], today=date(2026, 3, 10)))
    rep.sync()
    message = rejected(push("rep_a", "quote", qid, {"status": "sent"}), "empty_quote")
    assert message == "Quote RA-2026-0001 has no lines: add at least one line before it is sent."


# --------------------------------------------------------------------------- lifecycle


@pytest.mark.parametrize(
    "start,target,code,message",
    [
        ("draft", "accepted", "invalid_quote_transition", "A quote cannot go from draft to accepted."),
        ("sent", "draft", "invalid_quote_transition", "A quote cannot go from sent to draft."),
        ("sent", "approved", "invalid_quote_transition", "A quote cannot go from sent to approved."),
        (
            "accepted",
            "cancelled",
            "quote_final",
            "The quote is accepted and can no longer change; create a new revision instead.",
        ),
    ],
)
def test_forbidden_transitions_are_rejected(world, start, target, code, message):
    store, o, laptop, push = world
    rep = laptop("rep_a")
    qid = make_quote(rep, sorted(o.customers["N1"])[0])
    for step in {"draft": [], "sent": ["sent"], "accepted": ["sent", "accepted"]}[start]:
        assert push("rep_a", "quote", qid, {"status": step})["outcome"] == "applied"
    assert rejected(push("rep_a", "quote", qid, {"status": target}), code) == message
    assert server_row(store, "quote", qid)["status"] == start


def test_sending_above_the_limit_needs_approval_even_from_a_tampering_client(world):
    store, o, laptop, push = world
    rep = laptop("rep_a")
    qid = make_quote(rep, sorted(o.customers["N1"])[0], discount="15")
    message = rejected(push("rep_a", "quote", qid, {"status": "sent"}), "approval_required")
    assert (
        message == "The discount is above the rep's limit: submit the quote for approval before sending it."
    )
    # A typed-down price is a discount too: 1000.00 instead of the list's 1900.00 takes the whole
    # quote 15.2 % below its price-list value (10040.00 against 11840.00).
    cheap = make_quote(rep, sorted(o.customers["N1"])[1])
    line = next(
        lid
        for lid in rep.ids("quote_line")
        if rep.row("quote_line", lid)["quote_id"] == cheap and rep.row("quote_line", lid)["line_no"] == 2
    )
    assert push("rep_a", "quote_line", line, {"unit_price": "1000.00"})["outcome"] == "applied"
    totals = {"subtotal": "10040.00", "tax_total": "1284.20", "total": "11324.20"}
    assert push("rep_a", "quote", cheap, totals)["outcome"] == "applied"
    rejected(push("rep_a", "quote", cheap, {"status": "sent"}), "approval_required")
    assert server_row(store, "quote", cheap)["status"] == "draft"


# --------------------------------------------------------------------------- approval


def test_a_rep_cannot_approve_their_own_discount(world):
    store, o, laptop, push = world
    rep = laptop("rep_a")
    qid = make_quote(rep, sorted(o.customers["N1"])[0], discount="15", status="pending_approval")
    message = rejected(push("rep_a", "quote", qid, {"status": "approved"}), "approver_role_required")
    assert message == "Only a supervisor or an admin can approve a quote waiting for approval."
    signed = {"status": "approved", "approved_by": o.users["rep_a"], "approved_at": "2026-03-10T08:00:00Z"}
    message = rejected(push("rep_a", "quote", qid, signed), "field_not_writable")
    assert message == "Only a supervisor or administrator can change approved by."
    forged = {"status": "approved", "approved_by": o.users["sup_n"]}
    assert (
        rejected(push("rep_a", "quote", qid, forged), "forged_author")
        == "A record can only be made or approved in your own name."
    )
    assert server_row(store, "quote", qid)["status"] == "pending_approval"


def test_a_supervisor_cannot_approve_their_own_quote(world):
    store, o, laptop, push = world
    sup = laptop("sup_n")
    qid = make_quote(sup, sorted(o.customers["N2"])[0], discount="30", status="pending_approval")
    assert server_row(store, "quote", qid)["number"] == "SUPN-2026-0001"
    own = {"status": "approved", "approved_by": o.users["sup_n"]}
    message = rejected(push("sup_n", "quote", qid, own), "own_quote_approval")
    assert (
        message
        == "You cannot approve your own quote; another supervisor or an admin must decide on its discount."
    )
    approved = push("admin", "quote", qid, {"status": "approved", "approved_by": o.users["admin"]})
    assert approved["outcome"] == "applied", approved


def test_approval_is_signed_and_within_the_approvers_limit(world):
    store, o, laptop, push = world
    rep = laptop("rep_a")
    high = make_quote(rep, sorted(o.customers["N1"])[0], discount="30", status="pending_approval")
    ok = make_quote(rep, sorted(o.customers["N1"])[1], discount="20", status="pending_approval")
    laptop("sup_n")
    message = rejected(
        push("sup_n", "quote", high, {"status": "approved", "approved_by": o.users["sup_n"]}),
        "above_approver_limit",
    )
    assert (
        message == "The quote's effective discount of 30% is above the supervisor limit of 25%; "
        "an administrator must approve it."
    )
    message = rejected(push("sup_n", "quote", ok, {"status": "approved"}), "approval_unsigned")
    assert message == "An approval must be signed by the person approving (approved by)."
    message = rejected(push("sup_n", "quote", ok, {"status": "draft"}), "comment_required")
    assert message == "Say why the quote is returned: a comment is required."
    done = push("sup_n", "quote", ok, {"status": "approved", "approved_by": o.users["sup_n"]})
    assert done["outcome"] == "applied", done
    assert server_row(store, "quote", ok)["approved_by"] == o.users["sup_n"]
    assert push("rep_a", "quote", ok, {"status": "sent"})["outcome"] == "applied"
