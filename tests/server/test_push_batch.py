"""The whole-batch push (server/push.py, ``_Batch``) gives every mutation the outcome the
one-at-a-time path gives it, on both stores.

The one-at-a-time path is the push as it was before batching: each mutation read,
decided and written in its own savepoint (``_Batch.apply_alone``). Each test runs a batch both
ways on the same data (the first run rolled back) and compares every result.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import write_rules
from domain.enums import Role
from domain.schema import BY_NAME, CUSTOMER
from server.auth import CurrentUser
from server.feed import grace_floor
from server.push import ServerAccess, _Batch, client_lo, push_batch
from server.store.changes import allocate_seq, update_row
from server.store.tables import TABLES, AppliedMutation
from sync.contract import PushRequest, encode_row
from tests.factories import build_org

# Set by the server at the time of the write: they differ between two runs.
_TIMED = {"server_received_at", "created_at", "first_response_due", "resolution_due"}


def _user(store, username: str) -> CurrentUser:
    u = TABLES["user"]
    with store.session() as s:
        row = s.execute(select(u.c.id, u.c.role).where(u.c.username == username)).one()
    return CurrentUser(row.id, username, username, row.role, None, None, None)


def _row(store, entity: str, row_id: str) -> dict:
    t = TABLES[entity]
    with store.session() as s:
        return dict(s.execute(select(t).where(t.c.id == row_id)).mappings().one())


class Batch:
    def __init__(self):
        self.mutations: list[dict] = []

    def add(self, entity: str, row_id: str, op: str, changes=None, base=None, base_version: int = 1) -> str:
        mid = str(uuid.uuid4())
        self.mutations.append(
            {
                "mutation_id": mid,
                "client_seq": len(self.mutations) + 1,
                "entity": entity,
                "row_id": row_id,
                "op": op,
                "changes": changes or {},
                "base": base if base is not None else {k: None for k in changes or {}},
                "base_version": base_version,
                "schema_version": 1,
            }
        )
        return mid

    def request(self) -> PushRequest:
        return PushRequest.model_validate({"client_id": str(uuid.UUID(int=7)), "mutations": self.mutations})


def _one_at_a_time(session: Session, user: CurrentUser, body: PushRequest) -> list:
    """The push before batching: every mutation on its own, in order."""
    lo = client_lo(body.cursor)
    access = ServerAccess(session, user, lo, grace_floor(session, user.id))
    actor = write_rules.Actor(user.id, Role(user.role))
    alone = _Batch(session, actor, access, allocate_seq(session), str(body.client_id))
    out = []
    for m in body.mutations:
        access.at(client_lo(m.known_cursor) if m.known_cursor else lo)
        out.append(alone.apply_alone(m))
    return out


def _comparable(results) -> list[dict]:
    out = []
    for r in results:
        d = r.model_dump(mode="json", exclude_none=True)
        if "row" in d:
            d["row"] = {k: v for k, v in d["row"].items() if k not in _TIMED}
        out.append(d)
    return out


def _both_ways(store, user: CurrentUser, body: PushRequest) -> list[dict]:
    """The batch's results, after checking that one at a time gives the same ones, and that
    the slim answer of the same batch rebuilds the same rows on the laptop (``_slim_agrees``)."""
    before, slim = _slim_run(store, user, body)
    with Session(store.engine) as s:
        expected = _comparable(_one_at_a_time(s, user, body))
        s.rollback()
    with store.session() as s:
        whole = push_batch(s, user, body).results
    got = _comparable(whole)
    assert got == expected
    _slim_agrees(body, before, slim, whole)
    return got


def _slim_run(store, user: CurrentUser, body: PushRequest) -> tuple[dict, list]:
    """The rows the batch targets as they are (wire form), and the batch's slim answer (rolled back)."""
    before: dict[tuple[str, str], dict] = {}
    with Session(store.engine) as s:
        for m in body.mutations:
            key = (m.entity, str(m.row_id))
            if key not in before and m.entity in BY_NAME:
                t = TABLES[m.entity]
                r = s.execute(select(t).where(t.c.id == key[1])).mappings().first()
                before[key] = encode_row(BY_NAME[m.entity], r) if r is not None else {}
        slim = push_batch(s, user, body, changed_only=True).results
        s.rollback()
    return before, slim


def _slim_agrees(body: PushRequest, before: dict, slim: list, whole: list) -> None:
    """Every slim result is the whole-row result, except that an applied one carries instead
    what the server stored differently from the laptop's copy (the row before the mutation
    with its changes on top): that copy with ``changed`` on top is the whole row."""
    copies = dict(before)
    for m, w, sl in zip(body.mutations, whole, slim, strict=True):
        key = (m.entity, str(m.row_id))
        if w.outcome == "applied" and not w.clashes and not w.kept_server:
            assert sl.row is None and sl.changed is not None and sl.version == w.version
            held = {**({} if m.op == "insert" else copies[key]), **m.changes}
            rebuilt = {**dict.fromkeys(w.row, None), **held, **sl.changed}
            assert _comparable([w.model_copy(update={"row": rebuilt})]) == _comparable([w]), key
        else:
            assert sl.changed is None
            assert _comparable([sl]) == _comparable([w])
        if w.row is not None:
            copies[key] = w.row


@pytest.fixture
def world(any_store):
    return any_store, build_org(any_store)


def test_a_batch_mixing_outcomes_on_one_row_matches_one_at_a_time(world):
    store, o = world
    rep = _user(store, "rep_a")
    cid = sorted(o.customers["N1"])[0]
    before = _row(store, "customer", cid)
    with store.session() as s:  # the office changes the financial status meanwhile
        update_row(s, CUSTOMER, cid, {"financial_status": "office"}, allocate_seq(s), None)
    b = Batch()
    b.add("customer", cid, "update", {"phone": "0571-1"}, {"phone": before["phone"]})  # merged
    b.add("customer", cid, "update", {"financial_status": "rep"}, {"financial_status": None})  # conflict
    b.add("customer", cid, "update", {"name": ""}, {"name": before["name"]})  # rejected: invalid value
    b.add("customer", cid, "update", {"credit_limit": "100.00"})  # rejected: the server computes it
    b.add("customer", cid, "update", {"fax": "0571-2", "notes": "n"}, {"fax": None, "notes": None})  # merged
    b.add("customer", cid, "update", {"phone": "0571-1"}, {"phone": before["phone"]})  # same change again
    b.add("customer", sorted(o.customers["S1"])[0], "update", {"fax": "1"})  # rejected: out of scope
    b.add("customer", str(uuid.uuid4()), "update", {"fax": "1"})  # rejected: not found
    b.add("gizmo", str(uuid.uuid4()), "update", {"fax": "1"})  # rejected: unknown entity
    got = _both_ways(store, rep, b.request())
    assert [r["outcome"] for r in got] == [
        "merged",
        "conflict",
        "rejected",
        "rejected",
        "merged",
        "merged",
        "rejected",
        "rejected",
        "rejected",
    ]
    assert (
        got[2]["code"] == "invalid_value"
        and got[3]["code"] == "server_computed"
        and got[6]["code"] == "out_of_scope"
    )
    # each accepted write bumped the version once; a result carries the row as it then was
    assert [r["version"] for r in got[:6]] == [3, 3, 3, 3, 4, 4]
    after = _row(store, "customer", cid)
    assert (after["phone"], after["fax"], after["financial_status"], after["version"]) == (
        "0571-1",
        "0571-2",
        "office",
        4,
    )


def test_inserts_updates_and_deletes_of_several_entities_match_one_at_a_time(world):
    store, o = world
    rep = _user(store, "rep_a")
    cid, other = sorted(o.customers["N1"])[:2]
    c = TABLES["contact"]
    q = TABLES["quote"]
    with store.session() as s:
        contact = s.scalar(select(c.c.id).where(c.c.customer_id == cid))
        quote = s.execute(select(q.c.id, q.c.number).where(q.c.customer_id == cid)).first()
    b = Batch()
    vid = str(uuid.uuid4())
    visit = {"customer_id": cid, "rep_id": rep.id, "status": "submitted", "purpose": "routine"}
    b.add("visit", vid, "insert", visit)
    b.add("visit", vid, "update", {"notes": "twice"}, {"notes": None})  # the row just inserted
    b.add("visit", vid, "insert", visit)  # rejected: already exists
    b.add("contact", contact, "delete")
    b.add("contact", contact, "update", {"phone": "1"})  # rejected: deleted just before
    for _ in range(3):
        b.add(
            "visit",
            str(uuid.uuid4()),
            "insert",
            {"customer_id": other, "rep_id": rep.id, "status": "planned", "purpose": "routine"},
        )
    qid = str(uuid.uuid4())
    b.add(
        "quote",
        qid,
        "insert",
        {
            "customer_id": other,
            "rep_id": rep.id,
            "number": "B-NEW-1",
            "status": "draft",
            "currency": "CNY",
            "issue_date": "2026-03-02",
        },
    )
    for n in range(2):
        b.add(
            "quote_line",
            str(uuid.uuid4()),
            "insert",
            {"customer_id": other, "quote_id": qid, "line_no": n + 1, "description": "x", "quantity": "1"},
        )
    b.add(
        "quote_line",
        str(uuid.uuid4()),
        "insert",
        {"customer_id": cid, "quote_id": qid, "line_no": 9, "description": "x", "quantity": "1"},
    )  # rejected: the line's customer is not its quote's
    b.add(
        "complaint",
        str(uuid.uuid4()),
        "insert",
        {
            "customer_id": cid,
            "owner_id": rep.id,
            "channel": "visit",
            "category": "service",
            "severity": "medium",
            "status": "open",
            "description": "late",
            "recorded_at": datetime(2026, 3, 2, 8, tzinfo=timezone.utc).isoformat().replace("+00:00", "Z"),
        },
    )
    b.add("customer", cid, "update", {"notes": "after all that"}, {"notes": None})
    got = _both_ways(store, rep, b.request())
    outcomes = [r["outcome"] for r in got]
    assert outcomes[:5] == ["applied", "applied", "rejected", "applied", "rejected"], got[:5]
    assert (got[2]["code"], got[4]["code"]) == ("already_exists", "not_found")
    assert got[1]["version"] == 2 and got[1]["row"]["notes"] == "twice"
    assert outcomes.count("rejected") >= 3
    assert _row(store, "contact", contact)["deleted"]
    assert _row(store, "quote", qid)["number"] == "B-NEW-1"
    assert quote is not None


def test_a_write_the_database_refuses_is_retried_alone_and_matches_one_at_a_time(world, caplog):
    """A duplicate quote number is only found by the database's unique index: the batched
    write fails, is rolled back, and its mutations are applied one by one."""
    store, o = world
    rep = _user(store, "rep_a")
    cid = sorted(o.customers["N1"])[0]
    q = TABLES["quote"]
    with store.session() as s:
        taken = s.scalar(select(q.c.number).where(q.c.customer_id == cid))
    second, third = sorted(o.customers["N1"])[1:3]
    code = _row(store, "customer", third)["code"]
    b = Batch()
    b.add("customer", cid, "update", {"fax": "0571-3"})
    b.add("customer", second, "update", {"code": code}, {"code": _row(store, "customer", second)["code"]})
    b.add("customer", third, "update", {"fax": "0571-7"})
    good = {
        "customer_id": cid,
        "rep_id": rep.id,
        "status": "draft",
        "currency": "CNY",
        "issue_date": "2026-03-02",
    }
    b.add("quote", str(uuid.uuid4()), "insert", {**good, "number": "B-OK-1"})
    b.add("quote", str(uuid.uuid4()), "insert", {**good, "number": taken})  # the database refuses it
    b.add("quote", str(uuid.uuid4()), "insert", {**good, "number": "B-OK-2"})
    b.add("customer", cid, "update", {"phone": "0571-4"}, {"phone": None})
    with caplog.at_level(logging.INFO, logger="server.push"):
        got = _both_ways(store, rep, b.request())
    assert "applying its mutations one by one" in caplog.text  # the batched write was refused
    assert [r["outcome"] for r in got] == [
        "applied",
        "rejected",
        "applied",
        "applied",
        "rejected",
        "applied",
        "merged",
    ]
    assert got[1]["code"] == got[4]["code"] == "integrity"
    assert _row(store, "customer", third)["fax"] == "0571-7"
    with store.session() as s:
        numbers = set(s.scalars(select(q.c.number).where(q.c.customer_id == cid)))
    assert {"B-OK-1", "B-OK-2", taken} <= numbers


def test_a_replayed_batch_gets_its_stored_outcomes_and_changes_nothing(world):
    store, o = world
    rep = _user(store, "rep_a")
    cid = sorted(o.customers["N1"])[0]
    b = Batch()
    b.add("customer", cid, "update", {"fax": "0571-5"})
    b.add("customer", cid, "update", {"name": ""}, {"name": "x"})  # rejected
    b.add("customer", cid, "update", {"phone": "0571-6"}, {"phone": None})
    with store.session() as s:
        first = [
            r.model_dump(mode="json", exclude_none=True) for r in push_batch(s, rep, b.request()).results
        ]
    version = _row(store, "customer", cid)["version"]
    # the same batch again, and again with one new mutation at its end
    with store.session() as s:
        again = [
            r.model_dump(mode="json", exclude_none=True) for r in push_batch(s, rep, b.request()).results
        ]
    assert again == first
    assert _row(store, "customer", cid)["version"] == version
    b.add("customer", cid, "update", {"notes": "new"}, {"notes": None})
    with store.session() as s:
        third = [
            r.model_dump(mode="json", exclude_none=True) for r in push_batch(s, rep, b.request()).results
        ]
    assert third[:3] == first
    assert third[3]["outcome"] == "merged" and third[3]["version"] == version + 1
    with store.session() as s:
        stored = s.scalar(
            select(AppliedMutation).where(AppliedMutation.mutation_id == b.mutations[3]["mutation_id"])
        )
    assert stored is not None and stored.outcome["version"] == version + 1


def test_rows_read_back_late_carry_each_result_as_its_own_write_left_the_row(world):
    """Written rows are read back when something needs them, not after every write: an
    update of a quote written two writes earlier, lines of a quote whose write is not yet
    read back, a customer changed and then moved (applied alone) each get the row as
    their own mutation left it, exactly as one at a time."""
    store, o = world
    sup = _user(store, "sup_n")
    rep_a = sup.id  # the author of what it creates
    cid, other = sorted(o.customers["N1"])[:2]
    v0 = _row(store, "customer", other)["version"]
    b = Batch()
    draft = {
        "customer_id": cid,
        "rep_id": rep_a,
        "status": "draft",
        "currency": "CNY",
        "issue_date": "2026-03-02",
    }
    q1, q2 = str(uuid.uuid4()), str(uuid.uuid4())
    b.add(
        "visit",
        str(uuid.uuid4()),
        "insert",
        {"customer_id": cid, "rep_id": rep_a, "status": "planned", "purpose": "routine"},
    )
    b.add("quote", q1, "insert", {**draft, "number": "B-LATE-1"})  # a draft: the visit stays pending
    line = {
        "customer_id": cid,
        "quote_id": q1,
        "description": "x",
        "quantity": "1",
        "unit_price": "10.00",
        "tax_rate": "13",
    }
    b.add("quote_line", str(uuid.uuid4()), "insert", {**line, "line_no": 1})  # its quote: written, then read
    b.add("quote", q2, "insert", {**draft, "number": "B-LATE-2"})
    b.add("quote_line", str(uuid.uuid4()), "insert", {**line, "quote_id": q2, "line_no": 1})
    b.add("quote", q1, "update", {"notes": "first"}, {"notes": None})  # q1 written two flushes ago
    b.add("quote_line", str(uuid.uuid4()), "insert", {**line, "line_no": 2})
    b.add("quote", q1, "update", {"notes": "second"}, {"notes": "first"}, base_version=2)
    b.add("customer", other, "update", {"notes": "before the move"}, {"notes": None}, base_version=v0)
    b.add(
        "customer",
        other,
        "update",
        {"territory_id": o.territories["N2"]},
        {"territory_id": o.territories["N1"]},
        base_version=v0 + 1,
    )
    b.add("customer", other, "update", {"fax": "0571-9"}, {"fax": None}, base_version=v0 + 2)
    got = _both_ways(store, sup, b.request())
    assert [r["outcome"] for r in got] == ["applied"] * len(got), [
        (r["outcome"], r.get("message")) for r in got
    ]
    assert [(r["version"], r["row"].get("notes")) for r in (got[1], got[5], got[7])] == [
        (1, None),
        (2, "first"),
        (3, "second"),
    ]
    assert [r["version"] for r in got[8:]] == [v0 + 1, v0 + 2, v0 + 3]
    assert got[8]["row"]["territory_id"] == o.territories["N1"]
    assert got[9]["row"]["territory_id"] == got[10]["row"]["territory_id"] == o.territories["N2"]


def test_a_slim_outcome_replayed_to_a_laptop_wanting_whole_rows_carries_the_row(world):
    """A laptop that asked for the slim answer, lost it and replays the push as a version
    that wants whole rows (downgraded meanwhile) gets the row as the server has it."""
    store, o = world
    rep = _user(store, "rep_a")
    cid = sorted(o.customers["N1"])[0]
    before = _row(store, "customer", cid)
    b = Batch()
    b.add("customer", cid, "update", {"notes": "once"}, {"notes": before["notes"]}, before["version"])
    with store.session() as s:
        [first] = push_batch(s, rep, b.request(), changed_only=True).results
    assert first.row is None and first.changed["version"] == before["version"] + 1
    with store.session() as s:
        [again] = push_batch(s, rep, b.request(), changed_only=True).results
        [whole] = push_batch(s, rep, b.request()).results
    assert again == first
    assert whole.changed is None and whole.outcome == "applied"
    assert whole.row == encode_row(CUSTOMER, _row(store, "customer", cid))
    assert whole.row["notes"] == "once" and whole.version == before["version"] + 1
