"""Issue 15.3: classifications and the credit policy's limit and terms belong to the server.

A supervisor's laptop used to accept a credit-limit edit, the server applied it, and the
next classification run replaced it without a trace. Now such a push is refused with a
reason on both sides, and the way to fix a value by hand — an override with a reason —
survives classification and reaches the laptop with that reason.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.errors import DomainError
from server import classify
from tests.factories import build_org
from tests.sync.helpers import Laptop, post_push, push_request, server_row, update_mutation


@pytest.fixture
def world(any_store, live_server, tmp_path):
    o = build_org(any_store)
    srv = live_server(any_store)
    sup = Laptop(tmp_path / "sup_n.sqlite3", srv.url, "sup_n").login()
    sup.sync()
    return any_store, o, sup


@pytest.mark.parametrize(
    "values",
    [
        {"credit_limit": Decimal("50000.00")},
        {"payment_terms_days": 90},
        {"tier": "vip"},
        {"credit_grade": "AAA"},
    ],
)
def test_a_supervisor_laptop_refuses_server_computed_fields_with_the_way_to_do_it(world, values):
    store, o, sup = world
    cid = sorted(o.customers["N1"])[0]
    with pytest.raises(DomainError) as refused, sup.write() as w:
        w.update("customer", cid, values)
    assert refused.value.code == "server_computed" and refused.value.field == next(iter(values))
    assert "override with a reason" in refused.value.message
    assert sup.sync().pushed == 0


def test_a_pushed_credit_limit_is_refused_and_an_override_survives_classification(world):
    store, o, sup = world
    cid = sorted(o.customers["N1"])[1]
    before = server_row(store, "customer", cid)
    token = sup.engine.credentials.load(sup.engine.server_url, "sup_n").access_token
    m = update_mutation(
        "customer",
        cid,
        {"credit_limit": "50000.00", "payment_terms_days": 90},
        {"credit_limit": before["credit_limit"], "payment_terms_days": before["payment_terms_days"]},
        base_version=before["version"],
    )
    r = post_push(sup.engine.server_url, token, push_request(m))
    result = r.json()["results"][0]
    assert (result["outcome"], result["code"]) == ("rejected", "server_computed")
    assert "credit policy" in result["message"]
    assert server_row(store, "customer", cid)["credit_limit"] == before["credit_limit"]
    # The supported way: an override with a reason, kept by every classification run.
    with store.session() as s:
        classify.set_override(
            s,
            cid,
            {"credit_limit": "50000.00", "payment_terms_days": 90},
            "Strategic account, approved by the regional manager",
            o.users["sup_n"],
        )
    with store.session() as s:
        classify.run(s)
    sup.sync()
    row = sup.row("customer", cid)
    assert (row["credit_limit"], row["payment_terms_days"]) == ("50000.00", 90)
    assert row["override_reason"] == "Strategic account, approved by the regional manager"
