"""A small, fully known organisation for tests that must reason about exact scopes.

Region N (territories N1, N2; supervisor sup_n) and region S (territory S1; supervisor
sup_s); reps rep_a (N1), rep_b (N2), rep_c (S1); an admin. Each territory has
``per_territory`` customers, each with two contacts, two visits and a quote with a line.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from functools import cache
from unittest import mock

from domain import schema as S
from domain.enums import NodeKind, Role
from server import auth, org
from server.scope import refresh_scope
from server.store.changes import allocate_seq, insert_rows
from server.store.db import Store
from sync.contract import new_id

PASSWORD = "secret-pass-1"


@dataclass
class Org:
    users: dict[str, str] = field(default_factory=dict)  # username -> id
    territories: dict[str, str] = field(default_factory=dict)  # code -> id
    customers: dict[str, list[str]] = field(default_factory=dict)  # territory code -> ids
    product_id: str = ""

    def customers_of(self, *codes: str) -> set[str]:
        return {c for code in codes for c in self.customers[code]}


@cache
def _password_hash() -> str:
    return auth.hash_password(PASSWORD)


@contextmanager
def _one_hash_for_the_test_password():
    """Every user of the organisation has the same password: hash it once per process.

    A real Argon2id hash with the production parameters, salted once; logging in still
    verifies it the way production does. Only the repeated hashing (most of the time it
    took to build an organisation) is saved. Any other password is hashed as usual.
    """
    real = org.hash_password

    def hash_password(password: str) -> str:
        return _password_hash() if password == PASSWORD else real(password)

    with mock.patch.object(org, "hash_password", hash_password):
        yield


def build_org(store: Store, per_territory: int = 4) -> Org:
    with _one_hash_for_the_test_password():
        return _build_org(store, per_territory)


def _build_org(store: Store, per_territory: int) -> Org:
    o = Org()
    t0 = datetime(2026, 3, 2, 1, 30, tzinfo=timezone.utc)
    with store.session() as s:
        seq = allocate_seq(s)
        for code, name, kind, parent in (
            ("N", "North", NodeKind.REGION, None),
            ("S", "South", NodeKind.REGION, None),
            ("N1", "North 1", NodeKind.TERRITORY, "N"),
            ("N2", "North 2", NodeKind.TERRITORY, "N"),
            ("S1", "South 1", NodeKind.TERRITORY, "S"),
        ):
            o.territories[code] = org.create_territory(s, code, name, kind, o.territories.get(parent), seq)
        o.users["admin"] = org.create_user(s, "admin", PASSWORD, Role.ADMIN, seq=seq)
        for sup, region in (("sup_n", "N"), ("sup_s", "S")):
            o.users[sup] = org.create_user(
                s, sup, PASSWORD, Role.SUPERVISOR, region_id=o.territories[region], seq=seq
            )
        for rep, terr, sup, code in (
            ("rep_a", "N1", "sup_n", "RA"),
            ("rep_b", "N2", "sup_n", "RB"),
            ("rep_c", "S1", "sup_s", "RC"),
        ):
            o.users[rep] = org.create_user(
                s,
                rep,
                PASSWORD,
                Role.REP,
                rep_code=code,
                supervisor_id=o.users[sup],
                region_id=o.territories[terr[0]],
                seq=seq,
            )
        insert_rows(
            s,
            S.ASSIGNMENT,
            [
                {"id": new_id(), "user_id": o.users[u], "territory_id": o.territories[t], "customer_id": None}
                for u, t in (
                    ("rep_a", "N1"),
                    ("rep_b", "N2"),
                    ("rep_c", "S1"),
                    ("sup_n", "N"),
                    ("sup_s", "S"),
                )
            ],
            seq,
            None,
        )
        o.product_id = new_id()
        insert_rows(
            s,
            S.PRODUCT,
            [
                {
                    "id": o.product_id,
                    "sku": "P-1",
                    "name": "Widget",
                    "unit": "pc",
                    "category": "General",
                    "list_price": Decimal("10.00"),
                    "tax_rate": Decimal("13"),
                    "active": True,
                }
            ],
            seq,
            None,
        )
        n = 0
        for terr, rep in (("N1", "rep_a"), ("N2", "rep_b"), ("S1", "rep_c")):
            o.customers[terr] = []
            for i in range(per_territory):
                n += 1
                cid = new_id()
                o.customers[terr].append(cid)
                insert_rows(
                    s,
                    S.CUSTOMER,
                    [
                        {
                            "id": cid,
                            "code": f"C{n:05d}",
                            "name": f"{terr} 客户 {i}",
                            "customer_type": "organisation",
                            "territory_id": o.territories[terr],
                            "owner_id": o.users[rep],
                            "phone": f"0571-8800{n:04d}",
                            "created_at": t0,
                        }
                    ],
                    seq,
                    None,
                )
                insert_rows(
                    s,
                    S.CONTACT,
                    [
                        {"id": new_id(), "customer_id": cid, "name": f"联系人{n}-{k}", "is_primary": k == 0}
                        for k in range(2)
                    ],
                    seq,
                    None,
                )
                insert_rows(
                    s,
                    S.VISIT,
                    [
                        {
                            "id": new_id(),
                            "customer_id": cid,
                            "rep_id": o.users[rep],
                            "status": "approved",
                            "check_in_at": t0 + timedelta(days=k),
                            "check_out_at": t0 + timedelta(days=k, hours=1),
                            "order_amount": Decimal("100.50"),
                        }
                        for k in range(2)
                    ],
                    seq,
                    None,
                )
                qid = new_id()
                insert_rows(
                    s,
                    S.QUOTE,
                    [
                        {
                            "id": qid,
                            "customer_id": cid,
                            "rep_id": o.users[rep],
                            "number": f"{rep}-2026-{n:04d}",
                            "status": "draft",
                            "currency": "CNY",
                            "issue_date": date(2026, 3, 2),
                            "subtotal": Decimal("20.00"),
                            "tax_total": Decimal("2.60"),
                            "total": Decimal("22.60"),
                        }
                    ],
                    seq,
                    None,
                )
                insert_rows(
                    s,
                    S.QUOTE_LINE,
                    [
                        {
                            "id": new_id(),
                            "customer_id": cid,
                            "quote_id": qid,
                            "line_no": 1,
                            "product_id": o.product_id,
                            "quantity": Decimal("2"),
                            "unit_price": Decimal("10.00"),
                            "tax_rate": Decimal("13"),
                            "line_subtotal": Decimal("20.00"),
                            "line_tax": Decimal("2.60"),
                            "line_total": Decimal("22.60"),
                        }
                    ],
                    seq,
                    None,
                )
        refresh_scope(s, seq)
    return o
