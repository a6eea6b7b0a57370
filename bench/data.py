"""Bulk benchmark data: N customers and 3 related rows each (contact, visit, quote line's quote).

Built straight through the server's write path (``insert_rows``) in large batches, so the
rows look exactly like real ones to the feed. Deterministic for a given N.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from domain import schema as S
from domain.enums import NodeKind, Role
from server import org
from server.scope import refresh_scope
from server.store.changes import allocate_seq, insert_rows
from server.store.db import Store
from sync.contract import new_id

PASSWORD = "bench-password"
CITIES = ["杭州", "宁波", "温州", "上海", "南京", "苏州"]
WORDS = ["星云", "华信", "恒达", "金桥", "远航", "瑞丰", "天成", "嘉禾", "永盛", "鼎新"]
TRADES = ["电子科技", "贸易", "食品", "机械设备", "建材", "医药"]


def build(store: Store, customers: int = 50_000, related_per_customer: int = 3) -> dict:
    """One region, one territory, one rep who covers every customer."""
    rng = random.Random(customers)
    t0 = datetime(2026, 1, 5, 1, 0, tzinfo=timezone.utc)
    with store.session() as s:
        seq = allocate_seq(s)
        region = org.create_territory(s, "BR", "Bench region", NodeKind.REGION, None, seq)
        terr = org.create_territory(s, "BT", "Bench territory", NodeKind.TERRITORY, region, seq)
        rep = org.create_user(s, "bench_rep", PASSWORD, Role.REP, rep_code="B01", seq=seq)
        org.create_user(s, "bench_admin", PASSWORD, Role.ADMIN, seq=seq)
        insert_rows(
            s,
            S.ASSIGNMENT,
            [{"id": new_id(), "user_id": rep, "territory_id": terr, "customer_id": None}],
            seq,
            None,
        )
        batch_c, batch_r = [], {"contact": [], "visit": [], "quote": []}
        for i in range(customers):
            cid = new_id()
            city = rng.choice(CITIES)
            batch_c.append(
                {
                    "id": cid,
                    "code": f"B{i:07d}",
                    "customer_type": "organisation",
                    "name": f"{city}{rng.choice(WORDS)}{rng.choice(TRADES)}有限公司{i}",
                    "city": city,
                    "address": f"{city}市人民路{rng.randint(1, 999)}号",
                    "phone": f"0571-{rng.randint(10000000, 99999999)}",
                    "territory_id": terr,
                    "owner_id": rep,
                    "tier": rng.choice(["vip", "major", "ordinary", "small"]),
                    "visit_grade": rng.choice("ABC"),
                    "credit_limit": Decimal(rng.randint(1, 500)) * 1000,
                    "created_at": t0,
                }
            )
            if related_per_customer >= 1:
                batch_r["contact"].append(
                    {
                        "id": new_id(),
                        "customer_id": cid,
                        "name": f"联系人{i}",
                        "mobile": f"13{rng.randint(100000000, 999999999)}",
                        "is_primary": True,
                    }
                )
            if related_per_customer >= 2:
                at = t0 + timedelta(minutes=rng.randint(0, 500_000))
                batch_r["visit"].append(
                    {
                        "id": new_id(),
                        "customer_id": cid,
                        "rep_id": rep,
                        "status": "approved",
                        "check_in_at": at,
                        "check_out_at": at + timedelta(minutes=40),
                        "purpose": "routine",
                        "order_amount": Decimal(rng.randint(0, 99999)) / 100,
                        "notes": "例行拜访，客户反馈良好",
                    }
                )
            if related_per_customer >= 3:
                batch_r["quote"].append(
                    {
                        "id": new_id(),
                        "customer_id": cid,
                        "rep_id": rep,
                        "number": f"B01-2026-{i:06d}",
                        "status": "draft",
                        "currency": "CNY",
                        "issue_date": date(2026, 1, 5),
                        "total": Decimal("113.00"),
                    }
                )
            if len(batch_c) >= 5000:
                _flush(s, seq, batch_c, batch_r)
        _flush(s, seq, batch_c, batch_r)
        refresh_scope(s, seq)
    store.analyze()  # as `fieldsales-server seed-demo` does after a bulk load
    return {"customers": customers, "related": customers * related_per_customer}


def _flush(s, seq, batch_c, batch_r) -> None:
    insert_rows(s, S.CUSTOMER, batch_c, seq, None)
    for name, rows in batch_r.items():
        insert_rows(s, S.BY_NAME[name], rows, seq, None)
        rows.clear()
    batch_c.clear()
