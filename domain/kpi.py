"""The six rep KPIs (业务员效率指标) per rep and period, and team totals.

=============================  ==============================================================
visits per working day         completed visits ÷ working days (Mon–Fri, dates inclusive)
deal amount per customer       sales (accepted quotes) ÷ distinct customers with a sale
cash collection rate           cash collected ÷ sales
receivables collection rate    receivables collected in the period ÷ receivables due in it
visit cost per customer        visit costs ÷ distinct customers visited
target achievement rate        sales ÷ sales target
=============================  ==============================================================

A KPI whose denominator is zero is ``None`` (the UI shows "—"): never 0 and never an
exception, because "no sales, so no collection rate" is not "collected nothing".

Everything is computed from the underlying sums (:class:`KpiBase`). A team's KPIs come
from the team's summed numerators and denominators — never from averaging the reps'
rates, which would give a rep with one customer the same weight as a rep with a hundred.
For a team, working days are rep-days (so visits per working day stays "per rep per
day"), and distinct customers are the union across reps (a customer two reps visited
counts once).

A period that is still running is counted *to date* (:func:`to_date`): facts and working
days from its first day up to and including today, so on the 3rd of a month visits per
working day divide by the working days elapsed, not by the month's 22. The sales target
stays the whole period's (achievement grows towards 100 % as the month goes on). Rates
can pass 100 %: cash collected in a period includes payments for sales made before it.

Output precision (half-up): visits per day 2 places; amounts per customer 2 places
(money); rates are fractions with 4 places (0.8533 = 85.33 %).

Fact sources, as interpreted here: a *completed* visit is one whose log was submitted
(the caller decides); visit costs and visited customers come from completed visits only;
sales are accepted quotes dated by acceptance; cash collected is every payment the rep
took in the period; receivables collected are the payments in the period that settle a
receivable; receivables due are those whose due date is in the period.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.errors import InvalidValue
from domain.money import ZERO, round_half_up, safe_ratio, to_decimal
from domain.period import (
    DEFAULT_WORKING_WEEKDAYS,
    Period,
    custom,
    month,
    quarter,
    working_days,
)

__all__ = [
    "KpiBase",
    "PaymentFact",
    "Period",
    "ReceivableFact",
    "RepKpis",
    "SaleFact",
    "VisitFact",
    "compute_kpis",
    "custom",
    "kpi_base",
    "month",
    "period_target",
    "quarter",
    "rep_kpis",
    "team_base",
    "team_kpis",
    "to_date",
    "working_days",
]


def _amount(value: object, label: str) -> Decimal:
    amount = to_decimal(value, label)
    if amount < 0:
        raise InvalidValue(f"The {label} cannot be negative (got {amount}).", field=label)
    return amount


def _count(value: object, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValue(f"The {label} must be a whole number ≥ 0 (got {value!r}).", field=label)
    return value


@dataclass(frozen=True)
class KpiBase:
    """The sums behind the KPIs, for one rep or a team, over one period.

    Distinct customers are kept as sets of ids (not counts) so team totals can take the
    union. ``target`` is ``None`` when no target was set.
    """

    working_days: int = 0
    completed_visits: int = 0
    sales: Decimal = ZERO
    customers_with_sale: frozenset[str] = frozenset()
    cash_collected: Decimal = ZERO
    receivables_collected: Decimal = ZERO
    receivables_due: Decimal = ZERO
    visit_cost: Decimal = ZERO
    customers_visited: frozenset[str] = frozenset()
    target: Decimal | None = None

    def __post_init__(self) -> None:
        _count(self.working_days, "number of working days")
        _count(self.completed_visits, "number of completed visits")
        for name in (
            "sales",
            "cash_collected",
            "receivables_collected",
            "receivables_due",
            "visit_cost",
        ):
            object.__setattr__(self, name, _amount(getattr(self, name), name.replace("_", " ")))
        if self.target is not None:
            object.__setattr__(self, "target", _amount(self.target, "sales target"))
        object.__setattr__(self, "customers_with_sale", frozenset(self.customers_with_sale))
        object.__setattr__(self, "customers_visited", frozenset(self.customers_visited))

    def __add__(self, other: KpiBase) -> KpiBase:
        """Combine two bases: sums add, customer sets unite, targets add (None = unset)."""
        if not isinstance(other, KpiBase):
            return NotImplemented
        targets = [t for t in (self.target, other.target) if t is not None]
        return KpiBase(
            working_days=self.working_days + other.working_days,
            completed_visits=self.completed_visits + other.completed_visits,
            sales=self.sales + other.sales,
            customers_with_sale=self.customers_with_sale | other.customers_with_sale,
            cash_collected=self.cash_collected + other.cash_collected,
            receivables_collected=self.receivables_collected + other.receivables_collected,
            receivables_due=self.receivables_due + other.receivables_due,
            visit_cost=self.visit_cost + other.visit_cost,
            customers_visited=self.customers_visited | other.customers_visited,
            target=sum(targets, ZERO) if targets else None,
        )


@dataclass(frozen=True)
class RepKpis:
    """The six KPIs; ``None`` means "—" (nothing to divide by)."""

    visits_per_working_day: Decimal | None
    deal_amount_per_customer: Decimal | None
    cash_collection_rate: Decimal | None
    receivables_collection_rate: Decimal | None
    visit_cost_per_customer: Decimal | None
    target_achievement_rate: Decimal | None


def compute_kpis(base: KpiBase) -> RepKpis:
    """The six KPIs from their sums (see the module docstring for precision)."""
    target = base.target if base.target is not None else ZERO
    return RepKpis(
        visits_per_working_day=safe_ratio(Decimal(base.completed_visits), Decimal(base.working_days), 2),
        deal_amount_per_customer=safe_ratio(base.sales, Decimal(len(base.customers_with_sale)), 2),
        cash_collection_rate=safe_ratio(base.cash_collected, base.sales),
        receivables_collection_rate=safe_ratio(base.receivables_collected, base.receivables_due),
        visit_cost_per_customer=safe_ratio(base.visit_cost, Decimal(len(base.customers_visited)), 2),
        target_achievement_rate=safe_ratio(base.sales, target),
    )


def team_base(bases: Iterable[KpiBase]) -> KpiBase:
    """The team's sums: the reps' bases added up (see :meth:`KpiBase.__add__`)."""
    total = KpiBase()
    for base in bases:
        total = total + base
    return total


def team_kpis(bases: Iterable[KpiBase]) -> RepKpis:
    """Team KPIs from the summed bases — not an average of the reps' rates."""
    return compute_kpis(team_base(bases))


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class VisitFact:
    """A visit: who, whom, on which date, whether it was completed, what it cost."""

    rep_id: str
    customer_id: str
    day: date
    completed: bool = True
    cost: Decimal = ZERO


@dataclass(frozen=True)
class SaleFact:
    """An accepted quote (成交): its amount counts as a sale on the day it was accepted."""

    rep_id: str
    customer_id: str
    day: date
    amount: Decimal


@dataclass(frozen=True)
class PaymentFact:
    """Money collected; ``receivable_id`` is set when it settles a receivable."""

    rep_id: str
    customer_id: str
    day: date
    amount: Decimal
    receivable_id: str | None = None


@dataclass(frozen=True)
class ReceivableFact:
    """An amount the customer owes, due on ``due_date``; attributed to ``rep_id``."""

    rep_id: str
    customer_id: str
    due_date: date
    amount: Decimal


def period_target(period: Period, monthly_targets: Mapping[str, object]) -> Decimal | None:
    """The sales target of ``period`` from monthly targets keyed ``"YYYY-MM"``.

    Whole months count in full; a partly covered month counts pro rata by calendar days
    (a target of 3100 for March and a period of 1–10 March gives 1000). The sum is
    rounded half-up to cents. ``None`` when no month of the period has a target.
    """
    total = ZERO
    found = False
    year, mon = period.start.year, period.start.month
    while (year, mon) <= (period.end.year, period.end.month):
        key = f"{year:04d}-{mon:02d}"
        if key in monthly_targets and monthly_targets[key] is not None:
            found = True
            amount = _amount(monthly_targets[key], f"target for {key}")
            whole = Period.month(year, mon)
            overlap = Period(max(whole.start, period.start), min(whole.end, period.end))
            days_in_month = calendar.monthrange(year, mon)[1]
            total += amount * overlap.days / days_in_month
        year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    return round_half_up(total, 2) if found else None


def to_date(period: Period, today: date | None) -> Period | None:
    """The part of ``period`` that has happened by ``today`` (included).

    The whole period once it is over (or when ``today`` is None); None when it has not
    started yet, so nothing counts and no working day has elapsed.
    """
    if today is None or today >= period.end:
        return period
    if today < period.start:
        return None
    return Period(period.start, today)


def kpi_base(
    rep_id: str,
    period: Period,
    *,
    as_of: date | None = None,
    visits: Iterable[VisitFact] = (),
    sales: Iterable[SaleFact] = (),
    payments: Iterable[PaymentFact] = (),
    receivables: Iterable[ReceivableFact] = (),
    target: object | None = None,
    weekdays: Iterable[int] = DEFAULT_WORKING_WEEKDAYS,
    holidays: Iterable[date] = (),
    extra_working_days: Iterable[date] = (),
) -> KpiBase:
    """Sum one rep's facts over ``period`` (facts of other reps or dates are ignored).

    With ``as_of`` (today), a running period counts only up to that day (:func:`to_date`);
    ``target`` is taken as given, for the whole period.
    """
    counted = to_date(period, as_of)
    if counted is None:
        return KpiBase(target=None if target is None else _amount(target, "sales target"))
    period = counted
    done = [v for v in visits if v.rep_id == rep_id and v.completed and period.contains(v.day)]
    sold = [s for s in sales if s.rep_id == rep_id and period.contains(s.day)]
    paid = [p for p in payments if p.rep_id == rep_id and period.contains(p.day)]
    due = [r for r in receivables if r.rep_id == rep_id and period.contains(r.due_date)]
    return KpiBase(
        working_days=period.working_days(weekdays, holidays, extra_working_days),
        completed_visits=len(done),
        sales=sum((_amount(s.amount, "sale amount") for s in sold), ZERO),
        customers_with_sale=frozenset(s.customer_id for s in sold),
        cash_collected=sum((_amount(p.amount, "payment amount") for p in paid), ZERO),
        receivables_collected=sum(
            (_amount(p.amount, "payment amount") for p in paid if p.receivable_id is not None),
            ZERO,
        ),
        receivables_due=sum((_amount(r.amount, "receivable amount") for r in due), ZERO),
        visit_cost=sum((_amount(v.cost, "visit cost") for v in done), ZERO),
        customers_visited=frozenset(v.customer_id for v in done),
        target=None if target is None else _amount(target, "sales target"),
    )


def rep_kpis(rep_id: str, period: Period, **facts: object) -> RepKpis:
    """Shortcut: :func:`compute_kpis` of :func:`kpi_base` (same keyword arguments)."""
    return compute_kpis(kpi_base(rep_id, period, **facts))  # type: ignore[arg-type]
