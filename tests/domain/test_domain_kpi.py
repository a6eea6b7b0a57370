"""Rep KPIs: hand-worked figures, None for zero denominators, team sums, periods."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal as D

import pytest

from domain.errors import InvalidValue
from domain.kpi import (
    KpiBase,
    PaymentFact,
    Period,
    ReceivableFact,
    RepKpis,
    SaleFact,
    VisitFact,
    compute_kpis,
    kpi_base,
    month,
    period_target,
    quarter,
    rep_kpis,
    team_base,
    team_kpis,
)

# --------------------------------------------------------------------------- periods


def test_month_and_quarter() -> None:
    assert month(2026, 3) == Period(date(2026, 3, 1), date(2026, 3, 31))
    assert month(2024, 2).end == date(2024, 2, 29)  # leap year
    assert month(2026, 2).end == date(2026, 2, 28)
    assert quarter(2026, 1) == Period(date(2026, 1, 1), date(2026, 3, 31))
    assert quarter(2026, 4) == Period(date(2026, 10, 1), date(2026, 12, 31))
    assert Period.year(2026).days == 365


@pytest.mark.parametrize(("call", "args"), [(month, (2026, 13)), (month, (2026, 0)), (quarter, (2026, 5))])
def test_bad_month_or_quarter(call: object, args: tuple[int, int]) -> None:
    with pytest.raises(InvalidValue):
        call(*args)  # type: ignore[operator]


def test_reversed_period_is_refused() -> None:
    with pytest.raises(InvalidValue, match="before it starts"):
        Period(date(2026, 3, 2), date(2026, 3, 1))


@pytest.mark.parametrize(
    ("period", "days"),
    [
        # March 2026: 1 March is a Sunday; 31 days = 4 full weeks (20) + Sun 29, Mon 30, Tue 31 → 22
        (month(2026, 3), 22),
        # February 2026: exactly 4 weeks → 20
        (month(2026, 2), 20),
        # Q1 2026: Jan 22 (1 Jan is a Thursday: 4 weeks + Thu, Fri, Sat → 20 + 2) + Feb 20 + Mar 22 = 64
        (quarter(2026, 1), 64),
        # a single Saturday / a single Monday (inclusive ends)
        (Period(date(2026, 3, 7), date(2026, 3, 7)), 0),
        (Period(date(2026, 3, 9), date(2026, 3, 9)), 1),
        # Friday to Monday inclusive: Fri + Mon = 2
        (Period(date(2026, 3, 6), date(2026, 3, 9)), 2),
    ],
)
def test_working_days_monday_to_friday_inclusive(period: Period, days: int) -> None:
    assert period.working_days() == days


def test_working_days_with_holidays_and_make_up_days() -> None:
    # Mon 9 – Sun 15 March 2026: two weekday holidays, or one make-up Saturday (调休)
    week = Period(date(2026, 3, 9), date(2026, 3, 15))  # Mon–Sun: 5 working days
    assert week.working_days(holidays=[date(2026, 3, 9), date(2026, 3, 10)]) == 3
    assert week.working_days(extra_working_days=[date(2026, 3, 14)]) == 6


def test_period_contains_dates_and_instants() -> None:
    march = month(2026, 3)
    assert march.contains(date(2026, 3, 1)) and march.contains(date(2026, 3, 31))
    assert not march.contains(date(2026, 4, 1))
    beijing = timezone(timedelta(hours=8))
    instant = datetime(2026, 3, 31, 20, tzinfo=timezone.utc)  # 1 April 04:00 in Beijing
    assert march.contains_instant(instant)
    assert not march.contains_instant(instant, beijing)


# --------------------------------------------------------------------------- rates from sums


def test_six_kpis_worked_by_hand() -> None:
    base = KpiBase(
        working_days=22,
        completed_visits=57,
        sales=D("125000.00"),
        customers_with_sale=frozenset({"c1", "c2", "c3"}),
        cash_collected=D("100000.00"),
        receivables_collected=D("45000.00"),
        receivables_due=D("60000.00"),
        visit_cost=D("1234.50"),
        customers_visited=frozenset({"c1", "c2", "c3", "c4", "c5", "c6", "c7"}),
        target=D("150000.00"),
    )
    kpis = compute_kpis(base)
    assert kpis.visits_per_working_day == D("2.59")  # 57 / 22 = 2.5909…
    assert kpis.deal_amount_per_customer == D("41666.67")  # 125000 / 3 = 41666.666…
    assert kpis.cash_collection_rate == D("0.8000")  # 100000 / 125000
    assert kpis.receivables_collection_rate == D("0.7500")  # 45000 / 60000
    assert kpis.visit_cost_per_customer == D("176.36")  # 1234.50 / 7 = 176.357…
    assert kpis.target_achievement_rate == D("0.8333")  # 125000 / 150000 = 0.83333…


def test_zero_denominators_are_none_never_zero_or_an_error() -> None:
    kpis = compute_kpis(KpiBase(cash_collected=D("500")))
    assert kpis == RepKpis(None, None, None, None, None, None)


def test_zero_target_and_missing_target_are_none() -> None:
    assert compute_kpis(KpiBase(sales=D("10"), target=D("0"))).target_achievement_rate is None
    assert compute_kpis(KpiBase(sales=D("10"))).target_achievement_rate is None


def test_zero_numerator_is_a_real_zero() -> None:
    kpis = compute_kpis(KpiBase(working_days=20, sales=D("100"), customers_with_sale=frozenset({"c"})))
    assert kpis.visits_per_working_day == D("0.00")
    assert kpis.cash_collection_rate == D("0.0000")


def test_rates_above_one_are_kept() -> None:
    # collecting old debts can exceed this period's sales: 150 / 100 = 1.5
    kpis = compute_kpis(KpiBase(sales=D("100"), cash_collected=D("150"), target=D("80")))
    assert kpis.cash_collection_rate == D("1.5000")
    assert kpis.target_achievement_rate == D("1.2500")


def test_bases_refuse_negative_and_float_values() -> None:
    with pytest.raises(InvalidValue, match="cannot be negative"):
        KpiBase(sales=D("-1"))
    with pytest.raises(InvalidValue, match="not a float"):
        KpiBase(sales=1.0)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        KpiBase(working_days=-1)


# --------------------------------------------------------------------------- team


def test_team_totals_come_from_sums_not_averaged_rates() -> None:
    a = KpiBase(
        working_days=20,
        completed_visits=60,
        sales=D("1000"),
        customers_with_sale=frozenset({"c1"}),
        cash_collected=D("1000"),
        target=D("1000"),
        visit_cost=D("300"),
        customers_visited=frozenset({"c1", "c2", "c3"}),
    )
    b = KpiBase(
        working_days=20,
        completed_visits=20,
        sales=D("9000"),
        customers_with_sale=frozenset({"c2", "c9"}),
        cash_collected=D("0"),
        target=D("12000"),
        visit_cost=D("100"),
        customers_visited=frozenset({"c3"}),
    )
    # rep rates: cash 1.0 and 0.0 → an average would say 0.5
    team = team_kpis([a, b])
    assert team.cash_collection_rate == D("0.1000")  # 1000 / 10000
    assert team.visits_per_working_day == D("2.00")  # 80 visits / 40 rep-days
    assert team.deal_amount_per_customer == D("3333.33")  # 10000 / |{c1, c2, c9}| = 3
    assert team.visit_cost_per_customer == D("133.33")  # 400 / |{c1, c2, c3}| = 3 (c3 once)
    assert team.target_achievement_rate == D("0.7692")  # 10000 / 13000 = 0.769230…


def test_team_of_nobody_has_no_rates() -> None:
    assert team_kpis([]) == RepKpis(None, None, None, None, None, None)


def test_team_target_ignores_reps_without_target() -> None:
    base = team_base([KpiBase(target=D("100")), KpiBase()])
    assert base.target == D("100")
    assert team_base([KpiBase(), KpiBase()]).target is None


# --------------------------------------------------------------------------- from facts

MARCH = month(2026, 3)


def test_kpi_base_from_facts() -> None:
    visits = [
        VisitFact("r1", "c1", date(2026, 3, 2), True, D("50.00")),
        VisitFact("r1", "c1", date(2026, 3, 9), True, D("30.00")),
        VisitFact("r1", "c2", date(2026, 3, 31), True, D("20.00")),
        VisitFact("r1", "c3", date(2026, 3, 10), False, D("99.00")),  # not completed
        VisitFact("r1", "c4", date(2026, 4, 1), True, D("10.00")),  # April
        VisitFact("r2", "c5", date(2026, 3, 3), True, D("10.00")),  # another rep
    ]
    sales = [
        SaleFact("r1", "c1", date(2026, 3, 5), D("1000.00")),
        SaleFact("r1", "c1", date(2026, 3, 20), D("500.00")),
        SaleFact("r1", "c2", date(2026, 3, 1), D("1500.00")),
        SaleFact("r1", "c2", date(2026, 2, 28), D("9999.00")),  # February
    ]
    payments = [
        PaymentFact("r1", "c1", date(2026, 3, 6), D("800.00"), receivable_id="inv-1"),
        PaymentFact("r1", "c2", date(2026, 3, 7), D("400.00")),  # cash on delivery
        PaymentFact("r2", "c5", date(2026, 3, 7), D("77.00"), receivable_id="inv-9"),
    ]
    receivables = [
        ReceivableFact("r1", "c1", date(2026, 3, 15), D("1000.00")),
        ReceivableFact("r1", "c2", date(2026, 4, 15), D("5000.00")),  # due in April
    ]
    facts = {"visits": visits, "sales": sales, "payments": payments, "receivables": receivables}
    base = kpi_base("r1", MARCH, **facts, target=D("4000.00"))
    assert base.working_days == 22
    assert base.completed_visits == 3
    assert base.visit_cost == D("100.00")  # 50 + 30 + 20
    assert base.customers_visited == {"c1", "c2"}
    assert base.sales == D("3000.00")  # 1000 + 500 + 1500
    assert base.customers_with_sale == {"c1", "c2"}
    assert base.cash_collected == D("1200.00")  # 800 + 400
    assert base.receivables_collected == D("800.00")
    assert base.receivables_due == D("1000.00")

    kpis = rep_kpis("r1", MARCH, **facts, target=D("4000.00"))
    assert kpis.visits_per_working_day == D("0.14")  # 3 / 22 = 0.136…
    assert kpis.deal_amount_per_customer == D("1500.00")  # 3000 / 2
    assert kpis.cash_collection_rate == D("0.4000")  # 1200 / 3000
    assert kpis.receivables_collection_rate == D("0.8000")  # 800 / 1000
    assert kpis.visit_cost_per_customer == D("50.00")  # 100 / 2
    assert kpis.target_achievement_rate == D("0.7500")  # 3000 / 4000


def test_rep_with_no_activity() -> None:
    kpis = rep_kpis("r9", MARCH)
    assert kpis.visits_per_working_day == D("0.00")  # 0 visits over 22 days is a real 0
    assert kpis.deal_amount_per_customer is None
    assert kpis.cash_collection_rate is None
    assert kpis.receivables_collection_rate is None
    assert kpis.visit_cost_per_customer is None
    assert kpis.target_achievement_rate is None


def test_weekend_only_period_has_no_visits_per_day() -> None:
    weekend = Period(date(2026, 3, 7), date(2026, 3, 8))
    visits = [VisitFact("r1", "c1", date(2026, 3, 7))]
    assert rep_kpis("r1", weekend, visits=visits).visits_per_working_day is None


# --------------------------------------------------------------------------- targets


def test_period_target_sums_months_and_prorates_partial_ones() -> None:
    targets = {"2026-01": D("1000"), "2026-02": D("2000"), "2026-03": D("3100")}
    assert period_target(quarter(2026, 1), targets) == D("6100.00")
    assert period_target(month(2026, 2), targets) == D("2000.00")
    # 1–10 March: 3100 × 10 / 31 = 1000
    assert period_target(Period(date(2026, 3, 1), date(2026, 3, 10)), targets) == D("1000.00")
    # 15 Feb – 5 Mar: 2000 × 14/28 + 3100 × 5/31 = 1000 + 500 = 1500
    assert period_target(Period(date(2026, 2, 15), date(2026, 3, 5)), targets) == D("1500.00")
    # 1–3 January: 1000 × 3/31 = 96.774… → 96.77
    assert period_target(Period(date(2026, 1, 1), date(2026, 1, 3)), targets) == D("96.77")
    assert period_target(month(2026, 4), targets) is None


def test_a_running_period_counts_to_date():
    from domain.kpi import VisitFact, kpi_base, to_date

    march = Period.month(2026, 3)
    assert to_date(march, date(2026, 3, 4)) == Period(date(2026, 3, 1), date(2026, 3, 4))
    assert to_date(march, date(2026, 4, 2)) == march and to_date(march, None) == march
    assert to_date(march, date(2026, 2, 27)) is None
    visits = [VisitFact("r", "c", date(2026, 3, d)) for d in (2, 3, 10)]
    base = kpi_base("r", march, as_of=date(2026, 3, 4), visits=visits, target="3100")
    assert (base.working_days, base.completed_visits, base.target) == (3, 2, D("3100"))  # Mon 2–Wed 4
    assert kpi_base("r", march, as_of=date(2026, 2, 1), visits=visits).working_days == 0
