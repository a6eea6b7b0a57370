"""Classification runs on the server, checked against a small case worked out by hand.

As of 2026-06-30 (N = 90 days: the last window is 2026-04-02…06-30, the previous one
2026-01-02…04-01; inactive after 180 days), with the tier score configured to sales only:

cust | orders (accepted quotes)               | sales | lifecycle                | churn risk
-----|----------------------------------------|-------|--------------------------|----------------------------
A    | 06-01, 05-01, 03-15, 02-15 (1000 each) |  4000 | 2 vs 2 → maturity        | 0.6×29/180 = 0.0967
B    | 06-20 (500)                            |   500 | 1st order in N → develop | 0.6×10/180 = 0.0333
C    | 2025-12-01, 2025-11-01 (3000 each)     |  6000 | 211 days → termination   | 0.6×1 + 0.4×1 = 1
D    | 05-10, 03-01, 02-20, 01-20 (200 each)  |   800 | 1 vs 3 < ½ → termination | 0.6×51/180 + 0.4×⅔ = 0.4367
E, F | none                                   |     0 | prospect                 | —

Tiers, 6 customers cut 5/15/50/30 % (cumulative, half-up: 0, 1, 4, 6): C major; A, D, B
ordinary; E, F small — but a supervisor fixed B as VIP ("strategic partner"), which the run
keeps. Visit grades follow: C A, B A (VIP), A/D B, E/F C.

Credit (payment record + assessed items):
A  paid on time, assessed 28/18/9/8           → 30 + 63 = 93 → AAA; limit 2 × 4000/12 = 666.66, 60 days
B  no payments yet, default items 20/14/7/7   → 30 + 48 = 78 → A;   limit 1 × 41.67,  30 days
C  three payments late in a row: −10 −20 −30 → 0; assessed 30/20/10/10 → 70 would be A,
   but a payment record of 0 makes it **D**;                           limit 0, 0 days
D  200 still unpaid 30 days after its due date: −10 → 20 + 48 = 68 → B; limit ½ × 66.67 = 33.34, 15 days
E, F no trading history → not rated
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from sqlalchemy import select

from domain import schema as S
from server import classify, jobs
from server.store.changes import allocate_seq, insert_rows
from server.store.tables import TABLES, Setting
from sync.contract import new_id
from tests.factories import build_org
from tests.server.test_admin_territories import Api
from tests.sync.helpers import Laptop

AS_OF = "2026-06-30"


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=2, tzinfo=timezone.utc)  # 10:00 in China, same day


def build_history(store):
    o = build_org(store, per_territory=2)
    a, b = sorted(o.customers["N1"])
    c, d = sorted(o.customers["N2"])
    e, f = sorted(o.customers["S1"])
    rep_of = {a: "rep_a", b: "rep_a", c: "rep_b", d: "rep_b"}
    orders = {
        a: [("2026-06-01", 1000), ("2026-05-01", 1000), ("2026-03-15", 1000), ("2026-02-15", 1000)],
        b: [("2026-06-20", 500)],
        c: [("2025-12-01", 3000), ("2025-11-01", 3000)],
        d: [("2026-05-10", 200), ("2026-03-01", 200), ("2026-02-20", 200), ("2026-01-20", 200)],
    }
    receivables = {  # (due, amount, paid on or None)
        a: [("2026-03-01", 1000, "2026-02-28"), ("2026-06-15", 1000, "2026-06-14")],
        c: [
            ("2025-11-15", 1000, "2025-11-20"),
            ("2025-12-15", 1000, "2025-12-20"),
            ("2026-01-15", 1000, "2026-01-20"),
        ],
        d: [("2026-05-31", 200, None)],
    }
    with store.session() as s:
        seq = allocate_seq(s)
        n = 0
        for cid, rows in orders.items():
            for day, total in rows:
                n += 1
                insert_rows(
                    s,
                    S.QUOTE,
                    [
                        {
                            "id": new_id(),
                            "customer_id": cid,
                            "rep_id": o.users[rep_of[cid]],
                            "number": f"T-{n:04d}",
                            "status": "accepted",
                            "currency": "CNY",
                            "issue_date": date.fromisoformat(day) - timedelta(days=3),
                            "decided_at": _at(day),
                            "subtotal": Decimal(total),
                            "tax_total": Decimal(0),
                            "total": Decimal(total),
                        }
                    ],
                    seq,
                    None,
                )
        for cid, rows in receivables.items():
            for due, amount, paid_on in rows:
                rid = new_id()
                insert_rows(
                    s,
                    S.RECEIVABLE,
                    [
                        {
                            "id": rid,
                            "customer_id": cid,
                            "reference": f"R-{due}",
                            "amount": Decimal(amount),
                            "issued_on": date(2025, 10, 1),
                            "due_date": date.fromisoformat(due),
                            "paid_amount": Decimal(amount if paid_on else 0),
                            "status": "paid" if paid_on else "open",
                        }
                    ],
                    seq,
                    None,
                )
                if paid_on:
                    insert_rows(
                        s,
                        S.PAYMENT,
                        [
                            {
                                "id": new_id(),
                                "customer_id": cid,
                                "receivable_id": rid,
                                "amount": Decimal(amount),
                                "paid_on": date.fromisoformat(paid_on),
                                "method": "bank_transfer",
                            }
                        ],
                        seq,
                        None,
                    )
    return o, (a, b, c, d, e, f)


def customers(store, ids) -> list[dict]:
    c = TABLES["customer"]
    with store.session() as s:
        rows = {r["id"]: dict(r) for r in s.execute(select(c).where(c.c.id.in_(ids))).mappings()}
    return [rows[i] for i in ids]


COLUMNS = (
    "tier",
    "visit_grade",
    "lifecycle_stage",
    "churn_risk",
    "credit_score",
    "credit_grade",
    "credit_limit",
    "payment_terms_days",
)


def test_classification_run_matches_the_case_worked_by_hand(any_store, live_server, tmp_path):
    o, ids = build_history(any_store)
    a, b, c, d, e, f = ids
    srv = live_server(any_store)
    admin = Api(srv.url, "admin")
    config = admin("GET", "/admin/classification/config")["config"]
    admin("PUT", "/admin/classification/config", {**config, "tier_weights": {"sales_amount": "1"}})
    for cid, items in ((a, (28, 18, 9, 8)), (c, (30, 20, 10, 10))):
        admin(
            "PUT",
            f"/classification/credit-assessments/{cid}",
            dict(
                zip(
                    ("contract_compliance", "cooperation", "business_conduct", "growth_potential"),
                    items,
                    strict=True,
                )
            ),
        )
    sup = Api(srv.url, "sup_n")
    sup("PUT", f"/classification/overrides/{b}", {"fields": {"tier": "vip"}, "reason": "strategic partner"})

    summary = admin("POST", "/admin/classification/run", {"as_of": AS_OF})
    assert summary["customers"] == 6 and summary["overridden"] == 1 and summary["at_risk"] == 1
    got = {
        cid: tuple(row[k] for k in COLUMNS) for cid, row in zip(ids, customers(any_store, ids), strict=True)
    }
    D = Decimal
    assert got[a] == ("ordinary", "B", "maturity", D("0.0967"), 93, "AAA", D("666.66"), 60)
    assert got[b] == ("vip", "A", "development", D("0.0333"), 78, "A", D("41.67"), 30)
    assert got[c] == ("major", "A", "termination", D("1"), 70, "D", D("0.00"), 0)  # payment record 0 → D
    assert got[d] == ("ordinary", "B", "termination", D("0.4367"), 68, "B", D("33.34"), 15)
    for cid in (e, f):
        assert got[cid][:4] == ("small", "C", "prospect", None) and got[cid][4:6] == (None, None)
    assert customers(any_store, [b])[0]["override_reason"] == "strategic partner"

    # A second run changes nothing; the override stands.
    assert admin("POST", "/admin/classification/run", {"as_of": AS_OF})["changed"] == 0

    # The at-risk list, highest risk first, for the people who cover the customers.
    risky = admin("GET", "/classification/at-risk?min_risk=0")
    assert [(r["id"], r["churn_risk"]) for r in risky] == [
        (c, "1.0000"),
        (d, "0.4367"),
        (a, "0.0967"),
        (b, "0.0333"),
    ]
    assert risky[0]["last_order"] == "2025-12-01"
    assert [r["id"] for r in Api(srv.url, "rep_a")("GET", "/classification/at-risk?min_risk=0")] == [a, b]
    assert [r["id"] for r in admin("GET", "/classification/at-risk")] == [c]  # default threshold 0.5

    # The laptops get the new values at their next sync.
    rep = Laptop(tmp_path / "a.sqlite3", srv.url, "rep_a").login()
    rep.sync()
    assert (rep.row("customer", b)["tier"], rep.row("customer", b)["visit_grade"]) == ("vip", "A")
    assert rep.row("customer", a)["credit_grade"] == "AAA"

    # Clearing the override restores what the rules computed, at once.
    sup("DELETE", f"/classification/overrides/{b}", expect=204)
    row = customers(any_store, [b])[0]
    assert (row["tier"], row["visit_grade"], row["override_reason"]) == ("ordinary", "B", None)
    assert admin("GET", "/admin/classification/overrides") == []


def test_overrides_of_visit_grade_and_credit_survive_runs(sqlite_store):
    o, (a, b, c, d, e, f) = build_history(sqlite_store)
    with sqlite_store.session() as s:
        classify.set_override(
            s, c, {"credit_grade": "C", "visit_grade": "A"}, "paid in full after settlement", None
        )
        classify.set_override(s, e, {"tier": "major"}, "new flagship store", None)
    with sqlite_store.session() as s:
        classify.run(s, as_of=date(2026, 6, 30))
    rows = {r["id"]: r for r in customers(sqlite_store, [c, e])}
    assert (rows[c]["credit_grade"], rows[c]["visit_grade"], rows[c]["payment_terms_days"]) == ("C", "A", 0)
    assert (rows[e]["tier"], rows[e]["visit_grade"]) == ("major", "A")  # visit grade follows the fixed tier
    with sqlite_store.session() as s:
        stored = classify.overrides(s)
    # what the rules said (default weights: A's 4 on-time orders rank above C's larger late-paid sales)
    assert (
        stored[c]["computed"]["credit_grade"],
        stored[c]["computed"]["tier"],
        stored[c]["computed"]["visit_grade"],
    ) == ("D", "ordinary", "B")
    with sqlite_store.session() as s:
        classify.clear_override(s, c, ["credit_grade"], None)
    row = customers(sqlite_store, [c])[0]
    assert (row["credit_grade"], row["visit_grade"], row["override_reason"]) == (
        "D",
        "A",
        "paid in full after settlement",
    )  # the visit grade stays fixed


def _last_run_ago(store, ago: timedelta) -> None:
    with store.session() as s:
        row = s.get(Setting, classify.LAST_RUN_KEY)
        row.value = {**row.value, "at": (datetime.now(timezone.utc) - ago).isoformat()}


def test_a_scheduled_check_a_little_early_still_runs_the_classification(sqlite_store):
    """Timers wake a little early: the classification's own due check keeps the jobs' EARLY
    tolerance (``server.jobs``) instead of skipping a whole period."""
    build_history(sqlite_store)
    every = timedelta(hours=24)
    with sqlite_store.session() as s:
        assert classify.run(s, only_if_older_than=every) is not None
    _last_run_ago(sqlite_store, every * (1 + jobs.EARLY) / 2)  # between EARLY and a full interval
    with sqlite_store.session() as s:
        assert classify.run(s, only_if_older_than=every) is not None
    _last_run_ago(sqlite_store, every * jobs.EARLY / 2)  # well inside the interval
    with sqlite_store.session() as s:
        assert classify.run(s, only_if_older_than=every) is None


def test_scheduled_runs_happen_once_per_interval(sqlite_store):
    build_history(sqlite_store)
    scheduler = classify.Scheduler(
        sqlite_store,
        timedelta(hours=24),
        check_every=timedelta(seconds=0.05),
        first_check=timedelta(seconds=0.01),
    )
    scheduler.start()
    deadline = time.monotonic() + 10
    while scheduler.runs < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # several more checks: none of them is due
    scheduler.stop()
    scheduler.join(5)
    assert scheduler.runs == 1
    with sqlite_store.session() as s:
        assert classify.last_run(s)["customers"] == 6
