"""Every administration endpoint: admins only (403 for others), readable 4xx on bad input,
never a 5xx; and the catalog, price lists and targets reach the laptops through the feed."""

from __future__ import annotations

import json
import random
import uuid
from decimal import Decimal

import pytest
import requests

from server.api import admin_routes as admin_routes_module
from server.api import catalog_routes, classify_routes, import_routes
from sync.contract import API_PREFIX
from tests.factories import build_org
from tests.server.test_admin_territories import Api
from tests.sync.helpers import Laptop


def admin_routes(_store=None) -> list[tuple[str, str]]:
    """Every (method, path) of the administration routers."""
    routers = (
        admin_routes_module.router,
        catalog_routes.router,
        import_routes.router,
        classify_routes.admin_router,
    )
    return sorted(
        (method, route.path) for router in routers for route in router.routes for method in route.methods
    )


def test_every_admin_endpoint_refuses_reps_and_supervisors(sqlite_store, live_server):
    build_org(sqlite_store, per_territory=1)
    srv = live_server(sqlite_store)
    routes = admin_routes(sqlite_store)
    assert len(routes) >= 30
    for user in ("rep_a", "sup_n"):
        api = Api(srv.url, user)
        for method, path in routes:
            concrete = (
                path.replace("{node}", "N1")
                .replace("{username}", "rep_a")
                .replace("{product}", "P-1")
                .replace("{price_list}", str(uuid.uuid4()))
                .replace("{customer}", "C00001")
            )
            r = api(method, concrete, {}, expect=None)
            assert r["error"]["code"] == "admin_only", (user, method, path, r)
    # without a token: 401, not 403 or 500
    r = requests.get(
        f"{srv.url}{API_PREFIX}/admin/territories",
        headers={"X-Fieldsales-Protocol": "1", "X-Fieldsales-Schema": "1"},
        timeout=10,
    )
    assert r.status_code == 401


def test_overrides_and_assessments_are_for_supervisors_of_the_customer(sqlite_store, live_server):
    o = build_org(sqlite_store, per_territory=1)
    srv = live_server(sqlite_store)
    north, south = o.customers["N1"][0], o.customers["S1"][0]
    body = {"fields": {"tier": "vip"}, "reason": "strategic account"}
    rep = Api(srv.url, "rep_a")
    r = rep("PUT", f"/classification/overrides/{north}", body, expect=403)
    assert r["error"]["code"] == "supervisor_only"
    rep(
        "PUT",
        f"/classification/credit-assessments/{north}",
        {"contract_compliance": 1, "cooperation": 1, "business_conduct": 1, "growth_potential": 1},
        expect=403,
    )
    sup = Api(srv.url, "sup_n")
    r = sup("PUT", f"/classification/overrides/{south}", body, expect=403)
    assert r["error"]["code"] == "not_your_customer"
    sup("PUT", f"/classification/overrides/{north}", body)
    assert [x["customer_id"] for x in sup("GET", "/classification/overrides")] == [north]
    assert Api(srv.url, "sup_s")("GET", "/classification/overrides") == []
    r = sup(
        "PUT", f"/classification/overrides/{north}", {"fields": {"tier": "gold"}, "reason": "x"}, expect=400
    )
    assert "not a valid tier" in r["error"]["message"]
    r = sup(
        "PUT",
        f"/classification/overrides/{north}",
        {"fields": {"credit_score": 3}, "reason": "x"},
        expect=400,
    )
    assert "cannot be overridden" in r["error"]["message"]
    r = sup(
        "PUT", f"/classification/overrides/{north}", {"fields": {"tier": "vip"}, "reason": "  "}, expect=400
    )
    assert "reason" in r["error"]["message"]
    sup("PUT", "/classification/overrides/NO-SUCH", body, expect=404)
    rep("GET", "/classification/at-risk")  # reps read the at-risk list of their own customers


ROUTE_VALUES = ["N1", "rep_a", "P-1", "S1", "nobody", "", "%00", "x" * 300, str(uuid.uuid4()), "C00001"]


def _value(rng: random.Random, depth: int = 0):
    kinds = [
        lambda: None,
        lambda: rng.choice([True, False]),
        lambda: rng.randint(-(2**70), 2**70),
        lambda: rng.random() * 10 ** rng.randint(-5, 30),
        lambda: "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(0, 30))),
        lambda: rng.choice(
            [
                "",
                "NaN",
                "1e400",
                "-0",
                "2026-02-30",
                "2026-13",
                "12.345",
                "-5",
                "vip",
                "grid",
                "N1",
                "rep_a",
                "P-1",
                "x" * 5000,
                "QUJD",
                "YSxi\nYyxk",
            ]
        ),
        lambda: [_value(rng, depth + 1) for _ in range(rng.randint(0, 3))] if depth < 2 else None,
        lambda: (
            {
                rng.choice(
                    [
                        "code",
                        "name",
                        "kind",
                        "parent",
                        "username",
                        "from_username",
                        "to_username",
                        "customers",
                        "territory",
                        "sku",
                        "unit",
                        "category",
                        "list_price",
                        "tax_rate",
                        "items",
                        "product",
                        "min_quantity",
                        "unit_price",
                        "targets",
                        "month",
                        "amount",
                        "role",
                        "password",
                        "filename",
                        "content",
                        "mapping",
                        "rows",
                        "fields",
                        "reason",
                        "as_of",
                        "tier",
                        "currency",
                        "valid_from",
                        "valid_to",
                    ]
                ): _value(rng, depth + 1)
                for _ in range(rng.randint(0, 6))
            }
            if depth < 3
            else None
        ),
    ]
    return rng.choice(kinds)()


def test_random_input_to_admin_endpoints_never_gets_5xx(sqlite_store, live_server):
    build_org(sqlite_store, per_territory=1)
    srv = live_server(sqlite_store)
    api = Api(srv.url, "admin")
    routes = admin_routes(sqlite_store) + [
        ("GET", "/classification/at-risk"),
        ("GET", "/classification/overrides"),
        ("PUT", "/classification/overrides/{customer}"),
        ("DELETE", "/classification/overrides/{customer}"),
        ("PUT", "/classification/credit-assessments/{customer}"),
    ]
    rng = random.Random(7)
    for i in range(500):
        method, path = rng.choice(routes)
        for name in ("{node}", "{username}", "{product}", "{price_list}", "{customer}"):
            path = path.replace(name, rng.choice(ROUTE_VALUES))
        if path.endswith("/deactivate") or path.endswith("/password") and rng.random() < 0.5:
            continue  # keep the admin able to work
        if method == "GET" and rng.random() < 0.5:
            path += "?" + rng.choice(
                [
                    "seq=-1",
                    "users=a,b",
                    "territory=ZZ",
                    "limit=0",
                    "q=%25",
                    "year=99",
                    "min_risk=2",
                    "offset=-3",
                    "seq=abc",
                ]
            )
        body = _value(rng)
        data = json.dumps(body) if rng.random() < 0.95 else '{"broken'
        r = api.http.request(
            method, api.base + path, data=data, timeout=60, headers={"Content-Type": "application/json"}
        )
        assert r.status_code < 500, (i, method, path, body, r.status_code, r.text[:300])
        if r.status_code >= 400:
            assert r.json()["error"]["message"], (i, path, r.text[:300])


@pytest.fixture
def catalog_world(any_store, live_server, tmp_path):
    o = build_org(any_store, per_territory=1)
    srv = live_server(any_store)
    rep = Laptop(tmp_path / "a.sqlite3", srv.url, "rep_a").login()
    rep.sync()
    return o, Api(srv.url, "admin"), rep


def test_catalog_price_lists_and_targets_reach_the_laptops(catalog_world):
    o, admin, rep = catalog_world
    made = admin(
        "POST",
        "/admin/catalog/products",
        {
            "sku": "TEA-01",
            "name": "西湖龙井 250g",
            "unit": "盒",
            "category": "茶叶",
            "list_price": "128.00",
            "tax_rate": "13",
        },
        expect=201,
    )
    r = admin(
        "POST",
        "/admin/catalog/products",
        {
            "sku": "TEA-01",
            "name": "Again",
            "unit": "pc",
            "category": "x",
            "list_price": "1",
            "tax_rate": "13",
        },
        expect=409,
    )
    assert "already used" in r["error"]["message"]
    r = admin(
        "POST",
        "/admin/catalog/products",
        {"sku": "X", "name": "X", "unit": "pc", "category": "x", "list_price": "1.005", "tax_rate": "13"},
        expect=422,
    )
    assert r["error"]["message"].startswith("list_price:")
    admin("PATCH", "/admin/catalog/products/TEA-01", {"list_price": "120.00"})
    lid = admin(
        "POST",
        "/admin/catalog/price-lists",
        {
            "name": "VIP 价目表",
            "tier": "vip",
            "currency": "CNY",
            "valid_from": "2026-01-01",
            "items": [
                {"product": "TEA-01", "min_quantity": "1", "unit_price": "110.00"},
                {"product": "TEA-01", "min_quantity": "10", "unit_price": "100.00"},
            ],
        },
        expect=201,
    )["id"]
    r = admin(
        "PUT",
        f"/admin/catalog/price-lists/{lid}/items",
        {
            "items": [
                {"product": "TEA-01", "min_quantity": "1", "unit_price": "100.00"},
                {"product": "TEA-01", "min_quantity": "10", "unit_price": "105.00"},
            ]
        },
        expect=400,
    )
    assert "must not be higher" in r["error"]["message"]
    r = admin("PATCH", f"/admin/catalog/price-lists/{lid}", {"valid_to": "2025-01-01"}, expect=400)
    assert "valid_to" in r["error"]["message"]
    admin(
        "PUT",
        f"/admin/catalog/price-lists/{lid}/items",
        {
            "items": [
                {"product": "TEA-01", "min_quantity": "1", "unit_price": "110.00"},
                {"product": "TEA-01", "min_quantity": "50", "unit_price": "95.00"},
            ]
        },
    )
    admin(
        "PUT",
        "/admin/targets",
        {
            "targets": [
                {"username": "rep_a", "month": "2026-04", "amount": "50000"},
                {"username": "rep_b", "month": "2026-04", "amount": "40000"},
            ]
        },
    )
    r = admin(
        "PUT",
        "/admin/targets",
        {"targets": [{"username": "sup_n", "month": "2026-04", "amount": "1"}]},
        expect=400,
    )
    assert "not a sales rep" in r["error"]["message"]
    r = admin(
        "PUT",
        "/admin/targets",
        {"targets": [{"username": "rep_a", "month": "2026-13", "amount": "1"}]},
        expect=422,
    )

    rep.sync()
    assert rep.row("product", made["id"])["list_price"] == "120.00"
    with rep.db.session() as s:
        from sqlalchemy import select

        from local_db.tables import TABLES as LOCAL

        items = LOCAL["price_list_item"]
        breaks = sorted(
            (Decimal(q), Decimal(p))
            for q, p in s.execute(
                select(items.c.min_quantity, items.c.unit_price).where(items.c.price_list_id == lid)
            )
        )
        targets = LOCAL["sales_target"]
        mine = {
            m: a
            for m, a in s.execute(
                select(targets.c.month, targets.c.amount).where(targets.c.user_id == o.users["rep_a"])
            )
        }
        theirs = s.scalars(select(targets.c.id).where(targets.c.user_id == o.users["rep_b"])).all()
    assert breaks == [(Decimal(1), Decimal("110.00")), (Decimal(50), Decimal("95.00"))]
    assert Decimal(mine["2026-04"]) == Decimal(50000)
    assert theirs == []  # a rep sees only their own targets
    listed = admin("GET", "/admin/catalog/price-lists")
    assert [
        (Decimal(i["min_quantity"]), Decimal(i["unit_price"]))
        for i in next(x for x in listed if x["id"] == lid)["items"]
    ] == breaks

    admin("PUT", "/admin/targets", {"targets": [{"username": "rep_a", "month": "2026-04", "amount": None}]})
    admin("PATCH", "/admin/catalog/products/TEA-01", {"active": False})
    rep.sync()
    assert rep.row("product", made["id"])["active"] is False
    with rep.db.session() as s:
        assert s.scalars(select(targets.c.id).where(targets.c.month == "2026-04")).all() == []
    assert [t["month"] for t in admin("GET", "/admin/targets?year=2026&username=rep_a")] == []
