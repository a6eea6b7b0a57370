"""Reading KPI facts from the laptop's database into ``domain.kpi`` records.

The SQL lives here and the rules in ``domain.kpi``: this module only decides *which rows
are which fact* and hands them to ``kpi_base`` / ``compute_kpis`` / ``team_kpis``. A
supervisor's laptop holds the team's visits, quotes, payments, receivables and monthly
targets, so the whole dashboard works offline.

How rows become facts (the choices ``domain.kpi`` leaves to the caller):

* **visit** — dated by its check-in (else check-out, else planned time) in the business
  time zone; *completed* when its log was submitted, whatever the review said since
  (submitted, approved or returned: the visit happened); its cost is ``visit_cost``.
  Planned, in-progress and cancelled visits are not completed.
* **sale** — an accepted quote, dated by its decision (``decided_at``; the issue date if
  missing), for its ``total``, credited to the quote's rep.
* **payment** — dated ``paid_on``, credited to the payment's rep (the customer's owner
  when no rep was recorded); it settles a receivable when ``receivable_id`` is set.
* **receivable** — due on ``due_date`` for its full ``amount``, attributed to the rep of
  the quote it came from (else the customer's owner).
* **target** — ``sales_target`` rows, per rep and month, pro-rated by ``period_target``.

Time zone: instants are turned into calendar dates in ``tz`` (the laptop's zone unless
given), as the rest of the desktop shows local time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import and_, false, func, or_, select, true
from sqlalchemy.orm import Session

from domain import enums as E
from domain.classification import expected_visits
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
    period_target,
    team_base,
    to_date,
)
from domain.money import ZERO, safe_ratio
from local_db import org_settings
from local_db.review import Person, local_tz, replica_owner, team_reps
from local_db.tables import TABLES

visits = TABLES["visit"]
quotes = TABLES["quote"]
payments = TABLES["payment"]
receivables = TABLES["receivable"]
targets = TABLES["sales_target"]
customers = TABLES["customer"]
territories = TABLES["territory"]

#: Visit statuses that mean the visit happened and its log was submitted.
COMPLETED_STATUSES: tuple[str, ...] = (
    E.VisitStatus.SUBMITTED.value,
    E.VisitStatus.APPROVED.value,
    E.VisitStatus.RETURNED.value,
)


def _day(moment: datetime | None, tz: tzinfo) -> date | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(tz).date()


def _reps(column, rep_ids: Iterable[str] | None):
    return column.in_(list(rep_ids)) if rep_ids is not None else true()


# ------------------------------------------------------------------------------ facts


def visit_facts(
    session: Session, period: Period, rep_ids: Iterable[str] | None = None, tz: tzinfo | None = None
) -> list[VisitFact]:
    """The visits of ``period`` (any status; ``completed`` says which count)."""
    tz = tz or local_tz()
    when = func.coalesce(visits.c.check_in_at, visits.c.check_out_at, visits.c.planned_at)
    stmt = select(
        visits.c.rep_id,
        visits.c.customer_id,
        visits.c.status,
        visits.c.check_in_at,
        visits.c.check_out_at,
        visits.c.planned_at,
        visits.c.visit_cost,
    ).where(
        visits.c.deleted == false(),
        _reps(visits.c.rep_id, rep_ids),
        when >= period.start_instant(tz),
        when < period.end_instant(tz),
    )
    facts = []
    for r in session.execute(stmt):
        day = _day(r.check_in_at or r.check_out_at or r.planned_at, tz)
        if day is None or not period.contains(day):
            continue
        facts.append(
            VisitFact(
                r.rep_id,
                r.customer_id,
                day,
                completed=r.status in COMPLETED_STATUSES,
                cost=r.visit_cost or ZERO,
            )
        )
    return facts


def sale_facts(
    session: Session, period: Period, rep_ids: Iterable[str] | None = None, tz: tzinfo | None = None
) -> list[SaleFact]:
    """Accepted quotes decided in ``period``."""
    tz = tz or local_tz()
    stmt = select(
        quotes.c.rep_id, quotes.c.customer_id, quotes.c.decided_at, quotes.c.issue_date, quotes.c.total
    ).where(
        quotes.c.deleted == false(),
        quotes.c.status == E.QuoteStatus.ACCEPTED.value,
        _reps(quotes.c.rep_id, rep_ids),
        or_(
            and_(
                quotes.c.decided_at >= period.start_instant(tz), quotes.c.decided_at < period.end_instant(tz)
            ),
            and_(
                quotes.c.decided_at.is_(None),
                quotes.c.issue_date.between(period.start, period.end),
            ),
        ),
    )
    facts = []
    for r in session.execute(stmt):
        day = _day(r.decided_at, tz) if r.decided_at else r.issue_date
        if period.contains(day):
            facts.append(SaleFact(r.rep_id, r.customer_id, day, r.total or ZERO))
    return facts


def payment_facts(
    session: Session, period: Period, rep_ids: Iterable[str] | None = None
) -> list[PaymentFact]:
    """Payments received in ``period``."""
    rep = func.coalesce(payments.c.rep_id, customers.c.owner_id)
    stmt = (
        select(
            rep.label("rep_id"),
            payments.c.customer_id,
            payments.c.paid_on,
            payments.c.amount,
            payments.c.receivable_id,
        )
        .select_from(payments.outerjoin(customers, customers.c.id == payments.c.customer_id))
        .where(
            payments.c.deleted == false(),
            payments.c.paid_on.between(period.start, period.end),
            _reps(rep, rep_ids),
        )
    )
    return [
        PaymentFact(r.rep_id, r.customer_id, r.paid_on, r.amount or ZERO, r.receivable_id)
        for r in session.execute(stmt)
        if r.rep_id
    ]


def receivable_facts(
    session: Session, period: Period, rep_ids: Iterable[str] | None = None
) -> list[ReceivableFact]:
    """Receivables falling due in ``period``."""
    rep = func.coalesce(quotes.c.rep_id, customers.c.owner_id)
    stmt = (
        select(rep.label("rep_id"), receivables.c.customer_id, receivables.c.due_date, receivables.c.amount)
        .select_from(
            receivables.outerjoin(quotes, quotes.c.id == receivables.c.quote_id).outerjoin(
                customers, customers.c.id == receivables.c.customer_id
            )
        )
        .where(
            receivables.c.deleted == false(),
            receivables.c.due_date.between(period.start, period.end),
            _reps(rep, rep_ids),
        )
    )
    return [
        ReceivableFact(r.rep_id, r.customer_id, r.due_date, r.amount or ZERO)
        for r in session.execute(stmt)
        if r.rep_id
    ]


def monthly_targets(session: Session, rep_ids: Iterable[str] | None = None) -> dict[str, dict[str, Decimal]]:
    """``{rep id: {"YYYY-MM": amount}}`` from the ``sales_target`` rows on this laptop."""
    stmt = select(targets.c.user_id, targets.c.month, targets.c.amount).where(
        targets.c.deleted == false(), _reps(targets.c.user_id, rep_ids)
    )
    found: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for r in session.execute(stmt):
        found[r.user_id][r.month] = r.amount
    return dict(found)


# ------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class RepLine:
    """One line of the KPI table: a rep (or the team, ``rep`` None), its sums and KPIs."""

    rep: Person | None
    base: KpiBase
    kpis: RepKpis
    to_date: bool = False  # the period is still running: figures so far


@dataclass(frozen=True)
class CoverageLine:
    """Planned versus actual visits in one territory over the period."""

    territory_id: str
    name: str
    customers: int
    expected: int  # visits the customers' visit grades call for (A every 7 days…)
    planned: int  # visits planned for a time in the period
    planned_done: int  # … of which were made (log submitted)
    done: int  # all completed visits in the period, planned or not
    customers_visited: int

    @property
    def plan_rate(self) -> Decimal | None:
        """Planned visits made ÷ planned visits (None: nothing planned)."""
        return safe_ratio(Decimal(self.planned_done), Decimal(self.planned))

    @property
    def expected_rate(self) -> Decimal | None:
        """Completed visits ÷ visits the grades call for."""
        return safe_ratio(Decimal(self.done), Decimal(self.expected))

    @property
    def coverage(self) -> Decimal | None:
        """Customers visited ÷ customers in the territory."""
        return safe_ratio(Decimal(self.customers_visited), Decimal(self.customers))


@dataclass(frozen=True)
class KpiReport:
    period: Period
    lines: list[RepLine]  # one per rep, in the order given
    team: RepLine
    days: list[date]  # every date of the period counted (up to today while it runs)
    visits_per_day: dict[str, list[int]]  # rep id -> completed visits on each day
    sales_per_day: list[Decimal]  # the team's sales on each day
    cash_per_day: list[Decimal]  # the team's cash collected on each day
    coverage: list[CoverageLine] = field(default_factory=list)
    counted: Period | None = None  # the part of the period counted (domain.kpi.to_date); None: not begun

    @property
    def in_progress(self) -> bool:
        return self.counted != self.period

    @property
    def empty(self) -> bool:
        """Nothing happened in the period (no visit, sale, payment or receivable)."""
        b = self.team.base
        return not (b.completed_visits or b.sales or b.cash_collected or b.receivables_due)


def territory_coverage(
    session: Session, period: Period, rep_ids: Iterable[str] | None = None, tz: tzinfo | None = None
) -> list[CoverageLine]:
    """Planned versus actual visits per territory (of the customers on this laptop)."""
    tz = tz or local_tz()
    reps = list(rep_ids) if rep_ids is not None else None
    customer_rows = session.execute(
        select(customers.c.id, customers.c.territory_id, customers.c.visit_grade, territories.c.name)
        .select_from(customers.outerjoin(territories, territories.c.id == customers.c.territory_id))
        .where(customers.c.deleted == false())
    ).all()
    territory_of = {r.id: r.territory_id for r in customer_rows}
    names: dict[str, str] = {}
    grades: dict[str, list[str | None]] = defaultdict(list)
    for r in customer_rows:
        names[r.territory_id] = r.name or ""
        grades[r.territory_id].append(r.visit_grade)

    planned = defaultdict(int)
    planned_done = defaultdict(int)
    stmt = select(visits.c.customer_id, visits.c.status, visits.c.planned_at).where(
        visits.c.deleted == false(),
        _reps(visits.c.rep_id, reps),
        visits.c.planned_at >= period.start_instant(tz),
        visits.c.planned_at < period.end_instant(tz),
    )
    for r in session.execute(stmt):
        terr = territory_of.get(r.customer_id)
        if terr is None or not period.contains(_day(r.planned_at, tz)):
            continue
        planned[terr] += 1
        if r.status in COMPLETED_STATUSES:
            planned_done[terr] += 1

    done = defaultdict(int)
    visited: dict[str, set[str]] = defaultdict(set)
    for fact in visit_facts(session, period, reps, tz):
        terr = territory_of.get(fact.customer_id)
        if terr is None or not fact.completed:
            continue
        done[terr] += 1
        visited[terr].add(fact.customer_id)

    lines = [
        CoverageLine(
            t,
            names[t],
            len(grades[t]),
            expected_visits(grades[t], period.days),
            planned[t],
            planned_done[t],
            done[t],
            len(visited[t]),
        )
        for t in names
    ]
    lines.sort(key=lambda c: (c.name, c.territory_id))
    return lines


def kpi_report(
    session: Session,
    period: Period,
    reps: Sequence[Person],
    tz: tzinfo | None = None,
    with_coverage: bool = True,
    today: date | None = None,
) -> KpiReport:
    """Everything the KPI dashboard shows for ``reps`` over ``period``.

    Each rep's KPIs come from ``domain.kpi.kpi_base``; the team line from the summed
    bases (``domain.kpi.team_base``), never from averaging the reps' rates. A period that
    is still running is counted up to ``today`` (in ``tz``; ``domain.kpi.to_date``).
    """
    tz = tz or local_tz()
    today = today or datetime.now(tz).date()
    counted = to_date(period, today)
    running = counted != period
    ids = [p.id for p in reps]
    if counted is None:
        v, s, p, r = [], [], [], []
    else:
        v = visit_facts(session, counted, ids, tz)
        s = sale_facts(session, counted, ids, tz)
        p = payment_facts(session, counted, ids)
        r = receivable_facts(session, counted, ids)
    t = monthly_targets(session, ids)
    lines = []
    for person in reps:
        base = kpi_base(
            person.id,
            period,
            as_of=today,
            visits=v,
            sales=s,
            payments=p,
            receivables=r,
            target=period_target(period, t.get(person.id, {})),
        )
        lines.append(RepLine(person, base, compute_kpis(base), running))
    team = team_base(line.base for line in lines)

    days = list(counted.dates()) if counted is not None else []
    index = {d: i for i, d in enumerate(days)}
    per_rep = {rid: [0] * len(days) for rid in ids}
    for fact in v:
        if fact.completed and fact.rep_id in per_rep:
            per_rep[fact.rep_id][index[fact.day]] += 1
    sales_per_day = [ZERO] * len(days)
    for fact in s:
        sales_per_day[index[fact.day]] += fact.amount
    cash_per_day = [ZERO] * len(days)
    for fact in p:
        cash_per_day[index[fact.day]] += fact.amount
    coverage = territory_coverage(session, counted, ids, tz) if with_coverage and counted is not None else []
    return KpiReport(
        period,
        lines,
        RepLine(None, team, compute_kpis(team), running),
        days,
        per_rep,
        sales_per_day,
        cash_per_day,
        coverage,
        counted,
    )


def own_kpi_report(db, period: Period, today: date | None = None) -> tuple[KpiReport, bool]:
    """The dashboard of the replica owner's team (a rep: their own), in one read, and whether
    the team has any rep. Business days are the organisation's: a laptop set to UTC must
    not move a 07:00 Beijing visit to the day before."""
    with db.session() as s:
        reps = team_reps(s, *replica_owner(s))
        tz = ZoneInfo(org_settings.time_zone(s))
        return kpi_report(s, period, reps, tz=tz, today=today), bool(reps)
