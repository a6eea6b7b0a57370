"""The push answer a laptop asks for (``PUSH_ANSWER_HEADER``): applied mutations come back
as what the server stored differently from the laptop's copy, and the laptop ends with
exactly the rows a whole-row answer gives it, which are the server's rows; a laptop that
does not ask (an older version) gets whole rows, as before."""

from __future__ import annotations

from decimal import Decimal

import pytest

import sync.engine
from sync.contract import PUSH_ANSWER_HEADER
from tests.sync.helpers import (
    insert_two_widgets_quote,
    push_answers,
    record_complaint,
    serve_org,
    server_row,
    submitted_visit,
)


@pytest.fixture
def world(any_store, live_server, tmp_path):
    return serve_org(any_store, live_server, tmp_path)


def _as_server_has_it(store, entity: str, row_id: str) -> dict | None:
    row = server_row(store, entity, row_id)
    return None if row is None else {k: v for k, v in row.items() if k not in ("seq", "updated_by")}


@pytest.mark.parametrize("asks", [True, False], ids=["slim", "whole-rows"])
def test_after_the_push_the_laptop_holds_the_servers_rows(world, monkeypatch, asks):
    store, srv, o, laptop = world
    rep, admin = laptop("rep_a"), laptop("admin")
    if not asks:
        del rep.engine.transport.http.headers[PUSH_ANSWER_HEADER]
    c1, c2, c3 = sorted(o.customers["N1"])[:3]
    visits = sorted(rep.ids("visit"))
    with admin.write() as w:  # someone else's edit meanwhile: the rep's edit of c2 merges
        w.update("customer", c2, {"fax": "0571-222"})
    assert admin.sync().applied == 1
    with rep.write() as w:
        w.update("customer", c1, {"phone": "0571-1"})
        w.update("customer", c1, {"notes": "twice in one batch"})
        w.update("customer", c2, {"email": "rep@example.com"})
        vid = w.insert("visit", submitted_visit(c1, o.users["rep_a"], "88.8"))  # its receipt: the server's
        w.update("visit", visits[0], {"notes": "edited", "order_amount": Decimal("7.5")})
        w.delete("visit", visits[1])
        qid = insert_two_widgets_quote(w, o.product_id, c3, "Q-ANSWER-1", discount_pct="0")
        # queued after the batch that carries the first edit of c3: re-applied over its answer
        w.update("customer", c3, {"notes": "first"})
    cmp = record_complaint(rep, c1)  # its SLA deadlines: the server's
    with rep.write() as w:
        w.update("customer", c3, {"notes": "second, in a later batch"})
    monkeypatch.setattr(sync.engine, "PUSH_BATCH", 4)
    answers = push_answers(rep)
    report = rep.sync()
    # merged: c2 (the admin's edit), c1's and c3's second edits (made on the version before the first)
    assert report.rejected == 0 and report.conflicts == 0 and report.merged == 3
    results = [r for a in answers for r in a["results"]]
    assert len(results) == 11
    for r in results:
        if asks and r["outcome"] == "applied":
            assert r["row"] is None and r["changed"]["version"] == r["version"]
        else:
            assert r["row"] is not None and r.get("changed") is None
    if asks:  # only what the server stored differently: most answers are id, version, deleted
        visit_answer = next(r["changed"] for r in results if r.get("changed") and r["changed"]["id"] == vid)
        assert set(visit_answer) >= {"id", "version", "deleted", "server_received_at"}
        assert "customer_id" not in visit_answer and "notes" not in visit_answer  # as the laptop sent them
    touched = [
        ("customer", c1),
        ("customer", c2),
        ("customer", c3),
        ("visit", vid),
        ("visit", visits[0]),
        ("visit", visits[1]),
        ("quote", qid),
        ("complaint", cmp),
    ]
    touched += [
        ("quote_line", i) for i in rep.ids("quote_line") if rep.row("quote_line", i)["quote_id"] == qid
    ]
    for entity, row_id in touched:
        server = _as_server_has_it(store, entity, row_id)
        local = rep.row(entity, row_id)
        if server is not None and server["deleted"]:
            assert local is None, (entity, row_id)
        else:
            assert local == server, (entity, row_id)
    assert rep.row("customer", c3)["notes"] == "second, in a later batch"
    assert rep.engine.verify() == []
