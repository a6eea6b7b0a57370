"""Customer classifications: value tier, lifecycle stage, churn risk, visit grade.

Value tier (客户价值分级)
    Score = Σ weight × normalised metric over sales amount, order count, payment
    timeliness, arrears (negative weight) and profit contribution. Each metric is
    normalised across the customer set by min–max scaling to 0…1
    ((x − min) ÷ (max − min)); a metric on which every customer is equal carries no
    information and normalises to 0 for all. Min–max keeps the proportions between
    customers (twice the sales counts for more than one rank higher) and makes the
    weights comparable whatever the metric's unit. Payment timeliness is "higher is
    better" (e.g. the share of payments made on time); arrears are "higher is worse",
    hence their negative weight. Customers are then ranked by score (ties: customer id
    ascending, so the result never depends on input order) and cut by rank: the top
    5 % VIP, the next 15 % major, the next 50 % ordinary, the rest small. Cut sizes are
    cumulative counts rounded half-up (n = 10 → 1 VIP, 1 major, 5 ordinary, 3 small);
    a supervisor's override with a non-blank reason wins over the computed tier.

Lifecycle stage (客户生命周期), from order dates, with N = 90 days by default:
    "last N days" are the N days ending today (today − N < day ≤ today) and "the
    previous N days" the N days before those; orders dated after today are ignored.
    Checked in this order:

    1. prospect — no orders at all;
    2. termination — no order for more than ``inactive_days`` (default 180), or the
       frequency fell sharply: orders last N ÷ orders previous N below
       ``sharp_drop_ratio`` (default 0.5), or no orders in either window;
    3. development — every order falls in the last N days (first order(s) just placed);
    4. growth — more orders in the last N days than in the previous N;
    5. maturity — otherwise (stable).

Churn risk (0…1) = 0.6 × recency + 0.4 × falling frequency, where recency = days since
the last order ÷ ``inactive_days`` (capped at 1) and falling frequency = 1 − (orders last
N ÷ orders previous N), floored at 0. When the previous window is empty: 0 if the
customer ordered in the last window (new or returning activity, nothing to fall from),
1 if it ordered in neither (its frequency has already fallen to nothing — otherwise a
customer silent for a year would look safer than one silent for four months). It rises
with recency and with a falling frequency, as docs/DOMAIN.md describes; weights are configurable.
Prospects have no churn risk (``None``).

Visit grade (拜访等级) defaults from the tier: VIP and major → A, ordinary → B, small → C;
A is visited every 7 days, B every 14, C every 30 (configurable).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from domain.enums import LifecycleStage, ValueTier, VisitGrade
from domain.errors import InvalidValue, enum_value
from domain.money import ZERO, round_half_up, to_decimal

# --------------------------------------------------------------------------- value tier

#: Metric weights; arrears is negative because owing more makes a customer worth less.
DEFAULT_TIER_WEIGHTS: Mapping[str, Decimal] = {
    "sales_amount": Decimal("0.30"),
    "order_count": Decimal("0.15"),
    "payment_timeliness": Decimal("0.15"),
    "arrears": Decimal("-0.10"),
    "profit_contribution": Decimal("0.30"),
}

#: Cumulative share of the ranked customers in each tier, best tier first.
DEFAULT_TIER_CUTS: tuple[tuple[ValueTier, Decimal], ...] = (
    (ValueTier.VIP, Decimal("0.05")),
    (ValueTier.MAJOR, Decimal("0.20")),
    (ValueTier.ORDINARY, Decimal("0.70")),
    (ValueTier.SMALL, Decimal("1")),
)

METRICS = tuple(DEFAULT_TIER_WEIGHTS)


@dataclass(frozen=True)
class CustomerMetrics:
    """One customer's raw metrics over the classification window (default one year)."""

    customer_id: str
    sales_amount: Decimal = ZERO
    order_count: int = 0
    payment_timeliness: Decimal = ZERO  # e.g. share of payments on time, 0…1
    arrears: Decimal = ZERO  # amount overdue
    profit_contribution: Decimal = ZERO


@dataclass(frozen=True)
class TierOverride:
    """A supervisor's decision to put a customer in ``tier`` for ``reason``."""

    tier: ValueTier
    reason: str


@dataclass(frozen=True)
class TierAssignment:
    """The result for one customer: rank (1 = best), score, computed and final tier."""

    customer_id: str
    rank: int
    score: Decimal
    computed_tier: ValueTier
    tier: ValueTier
    overridden: bool = False
    reason: str | None = None


def normalise(values: Sequence[Decimal]) -> list[Decimal]:
    """Min–max scale ``values`` to 0…1; all-equal values all become 0."""
    if not values:
        return []
    low, high = min(values), max(values)
    if high == low:
        return [ZERO for _ in values]
    return [(v - low) / (high - low) for v in values]


def tier_cut_counts(
    n: int, cuts: Sequence[tuple[ValueTier, Decimal]] = DEFAULT_TIER_CUTS
) -> list[tuple[ValueTier, int]]:
    """How many of ``n`` ranked customers fall in each tier (cumulative, half-up)."""
    result: list[tuple[ValueTier, int]] = []
    previous = 0
    for tier, share in cuts:
        upto = int((Decimal(n) * to_decimal(share, "tier share")).to_integral_value(ROUND_HALF_UP))
        upto = max(previous, min(n, upto))
        result.append((tier, upto - previous))
        previous = upto
    if previous < n:  # cuts that do not reach 100 %: the rest goes to the last tier
        tier, count = result[-1]
        result[-1] = (tier, count + n - previous)
    return result


def value_scores(
    customers: Sequence[CustomerMetrics], weights: Mapping[str, Decimal] = DEFAULT_TIER_WEIGHTS
) -> dict[str, Decimal]:
    """Weighted score of normalised metrics per customer id (rounded to 6 places)."""
    ids = [c.customer_id for c in customers]
    if len(set(ids)) != len(ids):
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        raise InvalidValue(f"Customers listed twice: {', '.join(duplicates)}.")
    unknown = set(weights) - set(METRICS)
    if unknown:
        raise InvalidValue(f"Unknown tier metrics: {', '.join(sorted(unknown))}.")
    scores = [ZERO for _ in customers]
    for metric, weight in weights.items():
        column = [to_decimal(getattr(c, metric), metric.replace("_", " ")) for c in customers]
        w = to_decimal(weight, f"{metric} weight")
        for i, value in enumerate(normalise(column)):
            scores[i] += w * value
    return {cid: round_half_up(s, 6) for cid, s in zip(ids, scores, strict=True)}


def assign_value_tiers(
    customers: Sequence[CustomerMetrics],
    *,
    weights: Mapping[str, Decimal] = DEFAULT_TIER_WEIGHTS,
    cuts: Sequence[tuple[ValueTier, Decimal]] = DEFAULT_TIER_CUTS,
    overrides: Mapping[str, TierOverride] | None = None,
) -> dict[str, TierAssignment]:
    """Rank customers by weighted score and cut them into tiers; overrides win.

    Returns the assignments keyed by customer id, in rank order (best first).
    """
    scores = value_scores(customers, weights)
    ranked = sorted(scores, key=lambda cid: (-scores[cid], cid))
    tiers: list[ValueTier] = []
    for tier, count in tier_cut_counts(len(ranked), cuts):
        tiers.extend([tier] * count)
    overrides = overrides or {}
    result: dict[str, TierAssignment] = {}
    for rank, (cid, computed) in enumerate(zip(ranked, tiers, strict=True), start=1):
        override = overrides.get(cid)
        if override is None:
            result[cid] = TierAssignment(cid, rank, scores[cid], computed, computed)
            continue
        if not override.reason or not override.reason.strip():
            raise InvalidValue(
                f"Give a reason for overriding the tier of customer {cid}.",
                code="override_reason_required",
                field="override_reason",
            )
        result[cid] = TierAssignment(
            cid,
            rank,
            scores[cid],
            computed,
            ValueTier(override.tier),
            overridden=True,
            reason=override.reason.strip(),
        )
    return result


# --------------------------------------------------------------------------- lifecycle


@dataclass(frozen=True)
class LifecycleConfig:
    """Thresholds of the lifecycle and churn rules (admin-configurable)."""

    window_days: int = 90  # N
    inactive_days: int = 180  # no order for longer than this → termination
    sharp_drop_ratio: Decimal = Decimal("0.5")  # last N ÷ previous N below this → termination
    recency_weight: Decimal = Decimal("0.6")
    frequency_weight: Decimal = Decimal("0.4")

    def __post_init__(self) -> None:
        if self.window_days < 1 or self.inactive_days < 1:
            raise InvalidValue("Lifecycle windows must be at least one day.")
        weights = to_decimal(self.recency_weight, "recency weight") + to_decimal(
            self.frequency_weight, "frequency weight"
        )
        if self.recency_weight < 0 or self.frequency_weight < 0 or weights != 1:
            raise InvalidValue("The churn weights must be ≥ 0 and add up to 1.")


DEFAULT_LIFECYCLE = LifecycleConfig()


@dataclass(frozen=True)
class OrderActivity:
    """Order counts around ``today``: the facts both lifecycle and churn rules use."""

    total: int
    last_window: int
    previous_window: int
    first_order: date | None
    last_order: date | None
    days_since_last_order: int | None


def order_activity(
    order_dates: Iterable[date], today: date, config: LifecycleConfig = DEFAULT_LIFECYCLE
) -> OrderActivity:
    """Count orders in the last N days and the N days before (future dates ignored)."""
    dates = sorted(d for d in order_dates if d <= today)
    n = config.window_days
    last_start = today - timedelta(days=n)  # exclusive
    previous_start = today - timedelta(days=2 * n)  # exclusive
    return OrderActivity(
        total=len(dates),
        last_window=sum(1 for d in dates if last_start < d),
        previous_window=sum(1 for d in dates if previous_start < d <= last_start),
        first_order=dates[0] if dates else None,
        last_order=dates[-1] if dates else None,
        days_since_last_order=(today - dates[-1]).days if dates else None,
    )


def lifecycle_stage(
    order_dates: Iterable[date], today: date, config: LifecycleConfig = DEFAULT_LIFECYCLE
) -> LifecycleStage:
    """The lifecycle stage derived from a customer's order dates (see module docstring)."""
    act = order_activity(order_dates, today, config)
    if act.total == 0 or act.first_order is None or act.days_since_last_order is None:
        return LifecycleStage.PROSPECT
    if act.days_since_last_order > config.inactive_days:
        return LifecycleStage.TERMINATION
    if act.first_order > today - timedelta(days=config.window_days):
        return LifecycleStage.DEVELOPMENT
    if act.last_window == 0 and act.previous_window == 0:
        return LifecycleStage.TERMINATION
    if act.previous_window and Decimal(act.last_window) / act.previous_window < to_decimal(
        config.sharp_drop_ratio, "sharp drop ratio"
    ):
        return LifecycleStage.TERMINATION
    if act.last_window > act.previous_window:
        return LifecycleStage.GROWTH
    return LifecycleStage.MATURITY


def churn_risk_score(
    days_since_last_order: int,
    orders_last: int,
    orders_previous: int,
    config: LifecycleConfig = DEFAULT_LIFECYCLE,
) -> Decimal:
    """Churn risk 0…1 (4 places) from recency and the change in order frequency."""
    for label, value in (
        ("days since the last order", days_since_last_order),
        ("orders in the last window", orders_last),
        ("orders in the previous window", orders_previous),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidValue(f"The {label} must be a whole number ≥ 0 (got {value!r}).")
    recency = min(Decimal(1), Decimal(days_since_last_order) / config.inactive_days)
    if orders_previous == 0:
        falling = Decimal(1) if orders_last == 0 else ZERO
    else:
        falling = max(ZERO, 1 - Decimal(orders_last) / orders_previous)
    risk = config.recency_weight * recency + config.frequency_weight * falling
    return round_half_up(min(Decimal(1), max(ZERO, risk)), 4)


def churn_risk(
    order_dates: Iterable[date], today: date, config: LifecycleConfig = DEFAULT_LIFECYCLE
) -> Decimal | None:
    """Churn risk of a customer from its order dates; ``None`` for a prospect (no orders)."""
    act = order_activity(order_dates, today, config)
    if act.days_since_last_order is None:
        return None
    return churn_risk_score(act.days_since_last_order, act.last_window, act.previous_window, config)


@dataclass(frozen=True)
class AtRisk:
    """One line of the at-risk list."""

    customer_id: str
    risk: Decimal
    stage: LifecycleStage


def at_risk_ranking(
    customers: Mapping[str, Iterable[date]],
    today: date,
    config: LifecycleConfig = DEFAULT_LIFECYCLE,
    *,
    min_risk: Decimal = ZERO,
    limit: int | None = None,
) -> list[AtRisk]:
    """Customers by churn risk, highest first (ties by id), for priority visits.

    ``customers`` maps customer id → order dates. Prospects are left out (they cannot
    churn); so are customers with risk below ``min_risk``.
    """
    rows: list[AtRisk] = []
    for cid, dates in customers.items():
        order_dates = list(dates)
        risk = churn_risk(order_dates, today, config)
        if risk is None or risk < min_risk:
            continue
        rows.append(AtRisk(cid, risk, lifecycle_stage(order_dates, today, config)))
    rows.sort(key=lambda row: (-row.risk, row.customer_id))
    return rows if limit is None else rows[:limit]


# --------------------------------------------------------------------------- visit grade

DEFAULT_VISIT_GRADES: Mapping[ValueTier, VisitGrade] = {
    ValueTier.VIP: VisitGrade.A,
    ValueTier.MAJOR: VisitGrade.A,
    ValueTier.ORDINARY: VisitGrade.B,
    ValueTier.SMALL: VisitGrade.C,
}

DEFAULT_VISIT_INTERVALS: Mapping[VisitGrade, int] = {
    VisitGrade.A: 7,
    VisitGrade.B: 14,
    VisitGrade.C: 30,
}


def default_visit_grade(
    tier: ValueTier | str | None, table: Mapping[ValueTier, VisitGrade] = DEFAULT_VISIT_GRADES
) -> VisitGrade:
    """The visit grade a tier implies; an unclassified customer gets the ordinary B."""
    if tier is None:
        return VisitGrade.B
    try:
        return table[ValueTier(tier)]
    except (ValueError, KeyError):
        raise InvalidValue(f"Unknown customer tier {tier!r}.", field="tier") from None


def next_visit_due(
    last_visit_date: date | None,
    grade: VisitGrade | str,
    intervals: Mapping[VisitGrade, int] = DEFAULT_VISIT_INTERVALS,
) -> date | None:
    """Last visit + the grade's interval; ``None`` for a customer never visited (due now)."""
    key = enum_value(VisitGrade, grade, "visit grade", "grade")
    if key not in intervals:
        raise InvalidValue(f"No visit interval is configured for grade {key.value}.")
    if last_visit_date is None:
        return None
    return last_visit_date + timedelta(days=intervals[key])


def expected_visits(
    grades: Iterable[VisitGrade | str | None],
    days: int,
    intervals: Mapping[VisitGrade, int] = DEFAULT_VISIT_INTERVALS,
) -> int:
    """Visits that customers of the given visit grades call for over ``days`` days.

    Each customer should be seen every ``interval`` days of its grade (default A 7, B 14,
    C 30), so over ``days`` days it calls for ``days / interval`` visits; the sum is
    rounded half-up. A customer without a grade counts as B.
    """
    total = sum(
        (Decimal(days) / intervals[VisitGrade(g or default_visit_grade(None))] for g in grades), Decimal(0)
    )
    return int(round_half_up(total, 0))


def is_due(next_due: date | None, today: date) -> bool:
    """Whether a visit is due today: on or after its due date, or never visited."""
    return next_due is None or today >= next_due


def is_overdue(next_due: date | None, today: date) -> bool:
    """Whether the due date has passed without a visit (a never-visited customer is due,
    not overdue: there is no date it missed)."""
    return next_due is not None and today > next_due


@dataclass(frozen=True)
class VisitSchedule:
    """Convenience bundle: a customer's grade, last visit and next due date."""

    grade: VisitGrade
    last_visit: date | None
    intervals: Mapping[VisitGrade, int] = field(default_factory=lambda: dict(DEFAULT_VISIT_INTERVALS))

    @property
    def next_due(self) -> date | None:
        """The next due date (``None`` when never visited)."""
        return next_visit_due(self.last_visit, self.grade, self.intervals)

    def is_due(self, today: date) -> bool:
        """See :func:`is_due`."""
        return is_due(self.next_due, today)

    def is_overdue(self, today: date) -> bool:
        """See :func:`is_overdue`."""
        return is_overdue(self.next_due, today)
