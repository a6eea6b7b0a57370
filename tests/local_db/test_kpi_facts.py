"""KPI facts read from a laptop database, with figures worked out by hand.

The rows are written the way a pull writes them (``local_db.apply.upsert_rows``, wire
form), so what is tested is exactly what a supervisor's laptop holds after a sync.

The dataset, March 2026 (22 working days: 2–6, 9–13, 16–20, 23–27, 30–31), in UTC:

rep A (ra): visits c1 2 Mar submitted ¥50, c1 3 Mar approved ¥30, c2 4 Mar returned ¥20,
  c3 31 Mar 23:30 approved ¥10 — completed; c2 5 Mar planned, c3 6 Mar cancelled, c1 27 Feb,
  c3 1 Apr 00:30 — not counted. 4 visits, ¥110, 3 customers.
  Sales: c1 ¥1000 (10 Mar), c2 ¥500 (20 Mar), c3 ¥300 (no decision time: issued 12 Mar) =
  ¥1800 from 3 customers; c1 ¥9999 decided 28 Feb and a sent quote do not count.
  Payments: ¥900 on receivable r1 (15 Mar), ¥100 cash (25 Mar); ¥500 on 2 Apr does not.
  Receivables due: r1 ¥1000 (20 Mar), r4 ¥200 (1 Mar, no quote: the owner's) = ¥1200;
  r2 due 10 Apr does not. Target March ¥3600.
rep B (rb): visit c4 10 Mar approved ¥40 (and a deleted one). Sale c4 ¥2000. Payments
  ¥1000 on r3 and ¥500 on r3 recorded without a rep (the customer's owner is rb).
  Receivable r3 ¥2000 due 31 Mar. No target.
rep C (rc): nothing at all, target March ¥1000.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from domain.kpi import Period, month
from domain.schema import BY_NAME
from domain.values import encode_fields, new_id
from local_db import kpi_facts as K
from local_db.apply import upsert_rows
from local_db.db import LocalDb
from local_db.review import Person

D = Decimal
UTC = timezone.utc
MARCH = month(2026, 3)


def at(day: int, hour: int = 9, minute: int = 0, mon: int = 3) -> datetime:
    return datetime(2026, mon, day, hour, minute, tzinfo=UTC)


class Rows:
    """Rows of one entity in wire form, written with the pull's own upsert."""

    def __init__(self, session):
        self.s = session

    def put(self, entity: str, deleted: bool = False, **values) -> str:
        rid = values.pop("id", None) or new_id()
        row = {"id": rid, "version": 1, "deleted": deleted, **encode_fields(BY_NAME[entity], values)}
        upsert_rows(self.s, entity, [row])
        return rid


@pytest.fixture
def world(tmp_path):
    db = LocalDb(tmp_path / "kpi.sqlite3")
    ids: dict[str, str] = {}
    with db.session() as s:
        r = Rows(s)
        n = r.put("territory", code="N", name="North", kind="region")
        ids["T1"] = r.put("territory", code="T1", name="Territory 1", kind="territory", parent_id=n)
        ids["T2"] = r.put("territory", code="T2", name="Territory 2", kind="territory", parent_id=n)
        ids["sup"] = r.put("user", username="sup", display_name="Sup", role="supervisor")
        for rep in ("ra", "rb", "rc"):
            ids[rep] = r.put(
                "user", username=rep, display_name=rep.upper(), role="rep", supervisor_id=ids["sup"]
            )
        for c, terr, owner, grade in (
            ("c1", "T1", "ra", "A"),
            ("c2", "T1", "ra", "B"),
            ("c3", "T1", "ra", None),
            ("c4", "T2", "rb", "C"),
        ):
            ids[c] = r.put(
                "customer",
                code=c,
                name=c,
                customer_type="organisation",
                territory_id=ids[terr],
                owner_id=ids[owner],
                visit_grade=grade,
            )

        def visit(rep, cust, status, when, cost, planned=None, **kw):
            return r.put(
                "visit",
                customer_id=ids[cust],
                rep_id=ids[rep],
                status=status,
                check_in_at=when,
                check_out_at=when.replace(minute=45) if when else None,
                planned_at=planned,
                visit_cost=D(cost),
                **kw,
            )

        visit("ra", "c1", "submitted", at(2), "50", planned=at(2))
        visit("ra", "c1", "approved", at(3), "30")
        visit("ra", "c2", "returned", at(4), "20")
        visit("ra", "c2", "planned", None, "0", planned=at(5))
        visit("ra", "c3", "cancelled", None, "0", planned=at(6))
        visit("ra", "c1", "approved", at(27, mon=2), "100")
        visit("ra", "c3", "approved", datetime(2026, 4, 1, 0, 30, tzinfo=UTC), "10")
        visit("ra", "c3", "approved", at(31, 23, 30), "10")
        visit("rb", "c4", "approved", at(10), "40", planned=at(10))
        r.put(
            "visit",
            deleted=True,
            customer_id=ids["c4"],
            rep_id=ids["rb"],
            status="approved",
            check_in_at=at(11),
            check_out_at=at(11, 10),
            visit_cost=D("999"),
        )

        def quote(rep, cust, status, total, decided=None, issued=date(2026, 3, 1)):
            return r.put(
                "quote",
                customer_id=ids[cust],
                rep_id=ids[rep],
                number=new_id()[:12],
                status=status,
                currency="CNY",
                issue_date=issued,
                total=D(total),
                decided_at=decided,
            )

        ids["q1"] = quote("ra", "c1", "accepted", "1000", at(10))
        ids["q2"] = quote("ra", "c2", "accepted", "500", at(20))
        quote("ra", "c3", "accepted", "300", None, issued=date(2026, 3, 12))
        quote("ra", "c1", "accepted", "9999", datetime(2026, 2, 28, 10, tzinfo=UTC))
        quote("ra", "c2", "sent", "700", None, issued=date(2026, 3, 15))
        ids["q3"] = quote("rb", "c4", "accepted", "2000", at(11))

        def receivable(cust, q, amount, due):
            return r.put(
                "receivable",
                customer_id=ids[cust],
                quote_id=ids.get(q),
                amount=D(amount),
                issued_on=date(2026, 3, 1),
                due_date=due,
                status="open",
            )

        ids["r1"] = receivable("c1", "q1", "1000", date(2026, 3, 20))
        ids["r2"] = receivable("c2", "q2", "500", date(2026, 4, 10))
        ids["r3"] = receivable("c4", "q3", "2000", date(2026, 3, 31))
        ids["r4"] = receivable("c3", None, "200", date(2026, 3, 1))

        def payment(cust, rep, amount, day, rec=None):
            r.put(
                "payment",
                customer_id=ids[cust],
                rep_id=ids.get(rep),
                amount=D(amount),
                paid_on=day,
                method="bank_transfer",
                receivable_id=ids.get(rec),
            )

        payment("c1", "ra", "900", date(2026, 3, 15), "r1")
        payment("c2", "ra", "100", date(2026, 3, 25))
        payment("c1", "ra", "500", date(2026, 4, 2), "r1")
        payment("c4", "rb", "1000", date(2026, 3, 12), "r3")
        payment("c4", None, "500", date(2026, 3, 13), "r3")

        r.put("sales_target", user_id=ids["ra"], month="2026-03", amount=D("3600"))
        r.put("sales_target", user_id=ids["rc"], month="2026-03", amount=D("1000"))
        r.put("sales_target", user_id=ids["ra"], month="2026-04", amount=D("9000"))
    yield db, ids
    db.close()


def reps(ids) -> list[Person]:
    return [Person(ids["ra"], "RA"), Person(ids["rb"], "RB"), Person(ids["rc"], "RC")]


def report(world, period: Period = MARCH):
    db, ids = world
    with db.session() as s:
        return K.kpi_report(s, period, reps(ids), tz=UTC)


def test_facts_are_the_rows_of_the_period(world):
    db, ids = world
    with db.session() as s:
        visits = K.visit_facts(s, MARCH, tz=UTC)
        sales = K.sale_facts(s, MARCH, tz=UTC)
        payments = K.payment_facts(s, MARCH)
        receivables = K.receivable_facts(s, MARCH)
        targets = K.monthly_targets(s)
    done = sorted((v.day.day, v.completed) for v in visits if v.rep_id == ids["ra"])
    assert done == [(2, True), (3, True), (4, True), (5, False), (6, False), (31, True)]
    assert all(not v.completed for v in visits if v.day.day in (5, 6))
    assert sorted(s.amount for s in sales) == [D("300"), D("500"), D("1000"), D("2000")]
    assert {s.day for s in sales if s.amount == D("300")} == {date(2026, 3, 12)}  # issue date stands in
    assert sorted((p.amount, p.rep_id == ids["rb"]) for p in payments) == [
        (D("100"), False),
        (D("500"), True),
        (D("900"), False),
        (D("1000"), True),
    ]
    by_rep = {(r.rep_id, r.amount) for r in receivables}
    assert by_rep == {(ids["ra"], D("1000")), (ids["ra"], D("200")), (ids["rb"], D("2000"))}
    assert targets == {
        ids["ra"]: {"2026-03": D("3600.00"), "2026-04": D("9000.00")},
        ids["rc"]: {"2026-03": D("1000.00")},
    }


def test_rep_kpis_worked_by_hand(world):
    rep = report(world)
    ra, rb, rc = rep.lines
    assert ra.base.working_days == 22
    assert (ra.base.completed_visits, ra.base.visit_cost, len(ra.base.customers_visited)) == (4, D("110"), 3)
    assert ra.kpis.visits_per_working_day == D("0.18")  # 4 / 22
    assert ra.kpis.deal_amount_per_customer == D("600.00")  # 1800 / 3
    assert ra.kpis.cash_collection_rate == D("0.5556")  # 1000 / 1800
    assert ra.kpis.receivables_collection_rate == D("0.7500")  # 900 / 1200
    assert ra.kpis.visit_cost_per_customer == D("36.67")  # 110 / 3
    assert ra.kpis.target_achievement_rate == D("0.5000")  # 1800 / 3600

    assert rb.kpis.visits_per_working_day == D("0.05")  # 1 / 22
    assert rb.kpis.deal_amount_per_customer == D("2000.00")
    assert rb.kpis.cash_collection_rate == D("0.7500")  # (1000 + 500 without a rep) / 2000
    assert rb.kpis.receivables_collection_rate == D("0.7500")  # 1500 / 2000
    assert rb.kpis.visit_cost_per_customer == D("40.00")  # the deleted visit does not count
    assert rb.kpis.target_achievement_rate is None  # no target set: "—", not 0


def test_zero_denominators_are_none_and_a_real_zero_stays_zero(world):
    rc = report(world).lines[2]
    assert rc.kpis.visits_per_working_day == D("0.00")  # 0 visits in 22 working days is a real 0
    assert rc.kpis.deal_amount_per_customer is None  # no customer with a sale
    assert rc.kpis.cash_collection_rate is None  # no sales
    assert rc.kpis.receivables_collection_rate is None  # nothing fell due
    assert rc.kpis.visit_cost_per_customer is None  # nobody visited
    assert rc.kpis.target_achievement_rate == D("0.0000")  # a target of 1000 and no sales
    weekend = report(world, Period(date(2026, 3, 7), date(2026, 3, 8)))  # Saturday and Sunday
    assert weekend.team.base.working_days == 0
    assert weekend.team.kpis.visits_per_working_day is None
    assert weekend.empty


def test_team_total_comes_from_the_summed_bases(world):
    team = report(world).team
    assert team.rep is None
    assert (team.base.working_days, team.base.completed_visits) == (66, 5)
    assert team.kpis.visits_per_working_day == D("0.08")  # 5 / 66 rep-days
    assert team.kpis.deal_amount_per_customer == D("950.00")  # 3800 / 4 customers
    assert team.kpis.cash_collection_rate == D("0.6579")  # 2500 / 3800
    assert team.kpis.receivables_collection_rate == D("0.7500")  # 2400 / 3200
    assert team.kpis.visit_cost_per_customer == D("37.50")  # 150 / 4
    assert team.kpis.target_achievement_rate == D("0.8261")  # 3800 / (3600 + 1000)
    # not the average of the reps' rates (0.5 and 0.0): the sums decide
    assert team.kpis.target_achievement_rate != D("0.2500")


def test_partial_month_target_is_pro_rata(world):
    rep = report(world, Period(date(2026, 3, 1), date(2026, 3, 10)))
    ra = rep.lines[0]
    assert ra.base.target == D("1161.29")  # 3600 × 10 / 31
    assert ra.base.sales == D("1000")  # only the 10 March sale
    assert ra.kpis.target_achievement_rate == D("0.8611")


def test_daily_series_for_the_charts(world):
    db, ids = world
    rep = report(world)
    assert len(rep.days) == 31
    ra = rep.visits_per_day[ids["ra"]]
    assert [i + 1 for i, n in enumerate(ra) if n] == [2, 3, 4, 31]
    assert sum(rep.visits_per_day[ids["rb"]]) == 1 and sum(rep.visits_per_day[ids["rc"]]) == 0
    assert rep.sales_per_day[9] == D("1000") and rep.sales_per_day[10] == D("2000")
    assert sum(rep.sales_per_day) == D("3800")
    assert sum(rep.cash_per_day) == D("2500") and rep.cash_per_day[14] == D("900")


def test_planned_versus_actual_coverage_by_territory(world):
    db, ids = world
    t1, t2 = report(world).coverage
    assert (t1.name, t1.customers, t1.expected) == ("Territory 1", 3, 9)  # 31/7 + 31/14 + 31/14 = 8.86
    assert (t1.planned, t1.planned_done, t1.done, t1.customers_visited) == (3, 1, 4, 3)
    assert t1.plan_rate == D("0.3333") and t1.expected_rate == D("0.4444") and t1.coverage == D("1.0000")
    assert (t2.customers, t2.expected, t2.planned, t2.planned_done, t2.done) == (1, 1, 1, 1, 1)
    empty = report(world, month(2027, 1)).coverage
    assert all(c.plan_rate is None and c.done == 0 for c in empty)  # nothing planned: "—"
