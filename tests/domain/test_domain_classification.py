"""Value tiers, lifecycle stages, churn risk and visit grades."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from domain.classification import (
    CustomerMetrics,
    LifecycleConfig,
    TierOverride,
    VisitSchedule,
    assign_value_tiers,
    at_risk_ranking,
    churn_risk,
    churn_risk_score,
    default_visit_grade,
    expected_visits,
    is_due,
    is_overdue,
    lifecycle_stage,
    next_visit_due,
    normalise,
    tier_cut_counts,
    value_scores,
)
from domain.enums import LifecycleStage as LS
from domain.enums import ValueTier as T
from domain.enums import VisitGrade as VG
from domain.errors import InvalidValue

# --------------------------------------------------------------------------- value tier


def four_customers() -> list[CustomerMetrics]:
    return [
        CustomerMetrics("A", D("1000"), 10, D("1.0"), D("0"), D("200")),
        CustomerMetrics("B", D("500"), 20, D("0.5"), D("100"), D("100")),
        CustomerMetrics("C", D("0"), 0, D("0"), D("200"), D("0")),
        CustomerMetrics("D", D("250"), 5, D("1.0"), D("0"), D("50")),
    ]


def test_min_max_normalisation() -> None:
    assert normalise([D("0"), D("250"), D("1000")]) == [D("0"), D("0.25"), D("1")]
    assert normalise([D("7"), D("7")]) == [D("0"), D("0")]  # no information
    assert normalise([]) == []


def test_weighted_scores_worked_by_hand() -> None:
    # normalised (sales, orders, timeliness, arrears, profit):
    #   A (1, .5, 1, 0, 1)   B (.5, 1, .5, .5, .5)   C (0, 0, 0, 1, 0)   D (.25, .25, 1, 0, .25)
    # weights .30 .15 .15 −.10 .30:
    #   A = .3 + .075 + .15 − 0 + .3            = 0.825
    #   B = .15 + .15 + .075 − .05 + .15         = 0.475
    #   C = −.1                                  = −0.1
    #   D = .075 + .0375 + .15 − 0 + .075        = 0.3375
    scores = value_scores(four_customers())
    assert scores == {"A": D("0.825"), "B": D("0.475"), "C": D("-0.1"), "D": D("0.3375")}


def test_four_customers_are_cut_by_rank() -> None:
    # n = 4: VIP round(0.2) = 0; VIP+major round(0.8) = 1; +ordinary round(2.8) = 3; small 1
    result = assign_value_tiers(four_customers())
    assert list(result) == ["A", "B", "D", "C"]  # rank order
    assert [r.rank for r in result.values()] == [1, 2, 3, 4]
    assert {cid: r.tier for cid, r in result.items()} == {
        "A": T.MAJOR,
        "B": T.ORDINARY,
        "D": T.ORDINARY,
        "C": T.SMALL,
    }


@pytest.mark.parametrize(
    ("n", "counts"),
    [
        (100, [5, 15, 50, 30]),
        (20, [1, 3, 10, 6]),  # 1, 4, 14 cumulative
        (10, [1, 1, 5, 3]),  # 0.5 → 1, 2, 7 cumulative (half-up)
        (3, [0, 1, 1, 1]),  # 0.15 → 0, 0.6 → 1, 2.1 → 2
        (1, [0, 0, 1, 0]),  # a single customer is ordinary
        (0, [0, 0, 0, 0]),
    ],
)
def test_tier_cut_counts(n: int, counts: list[int]) -> None:
    result = tier_cut_counts(n)
    assert [tier for tier, _ in result] == [T.VIP, T.MAJOR, T.ORDINARY, T.SMALL]
    assert [count for _, count in result] == counts
    assert sum(counts) == n


def test_hundred_customers_top_5_next_15_next_50_rest() -> None:
    customers = [CustomerMetrics(f"c{i:03d}", D(i)) for i in range(100)]
    result = assign_value_tiers(customers)
    tiers = [result[f"c{i:03d}"].tier for i in range(99, -1, -1)]  # best first
    assert tiers == [T.VIP] * 5 + [T.MAJOR] * 15 + [T.ORDINARY] * 50 + [T.SMALL] * 30


def test_ties_break_by_customer_id_whatever_the_input_order() -> None:
    customers = [CustomerMetrics(cid, D("100")) for cid in ["z", "b", "m", "a"]]
    forward = assign_value_tiers(customers)
    backward = assign_value_tiers(list(reversed(customers)))
    assert list(forward) == list(backward) == ["a", "b", "m", "z"]
    assert forward == backward


def test_override_with_reason_wins() -> None:
    overrides = {"C": TierOverride(T.VIP, "Strategic account, new group contract")}
    result = assign_value_tiers(four_customers(), overrides=overrides)
    assert result["C"].computed_tier is T.SMALL
    assert result["C"].tier is T.VIP
    assert result["C"].overridden
    assert result["C"].reason == "Strategic account, new group contract"
    assert not result["A"].overridden


@pytest.mark.parametrize("reason", ["", "   "])
def test_override_without_reason_is_refused(reason: str) -> None:
    with pytest.raises(InvalidValue, match="Give a reason") as caught:
        assign_value_tiers(four_customers(), overrides={"C": TierOverride(T.VIP, reason)})
    assert caught.value.code == "override_reason_required"


def test_duplicate_customers_are_refused() -> None:
    with pytest.raises(InvalidValue, match="listed twice: A"):
        assign_value_tiers([CustomerMetrics("A"), CustomerMetrics("A")])


def test_weights_are_configurable() -> None:
    # only order count matters: B (20 orders) first
    result = assign_value_tiers(four_customers(), weights={"order_count": D("1")})
    assert list(result)[0] == "B"
    with pytest.raises(InvalidValue, match="Unknown tier metrics"):
        value_scores(four_customers(), {"height": D("1")})


# --------------------------------------------------------------------------- lifecycle

TODAY = date(2026, 6, 30)
# N = 90: last window = 2 Apr … 30 Jun (today − 90 = 1 Apr, exclusive);
#         previous window = 2 Jan … 1 Apr (today − 180 = 1 Jan, exclusive).


def d(m: int, day: int, y: int = 2026) -> date:
    return date(y, m, day)


@pytest.mark.parametrize(
    ("orders", "stage"),
    [
        ([], LS.PROSPECT),
        ([d(7, 5)], LS.PROSPECT),  # only a future-dated order: ignored
        ([d(5, 1), d(6, 1)], LS.DEVELOPMENT),  # first orders, all in the last 90 days
        ([d(4, 2)], LS.DEVELOPMENT),  # first day of the last window
        # growth: previous 2 (1 Feb, 1 Mar), last 3
        ([d(2, 1), d(3, 1), d(4, 15), d(5, 15), d(6, 15)], LS.GROWTH),
        # maturity: 3 and 3
        ([d(1, 15), d(2, 15), d(3, 15), d(4, 15), d(5, 15), d(6, 15)], LS.MATURITY),
        # maturity: 4 → 2 is a ratio of exactly 0.5, not below it
        ([d(1, 10), d(2, 10), d(3, 10), d(3, 20), d(5, 10), d(6, 10)], LS.MATURITY),
        # termination: 4 → 1 (0.25 < 0.5), a sharp fall
        ([d(1, 10), d(2, 10), d(3, 10), d(3, 20), d(6, 10)], LS.TERMINATION),
        # termination: ordered in the previous window, nothing since (ratio 0)
        ([d(1, 10), d(3, 10)], LS.TERMINATION),
        # first order exactly 90 days ago (1 Apr, previous window) and nothing since
        ([d(4, 1)], LS.TERMINATION),
        # inactive: last order 31 Dec 2025 is 181 days ago (> 180)
        ([d(12, 31, 2025)], LS.TERMINATION),
        # 1 Jan is 180 days ago (not > 180) but outside both windows → no recent orders
        ([d(6, 1, 2025), d(1, 1)], LS.TERMINATION),
    ],
)
def test_lifecycle_stage(orders: list[date], stage: LS) -> None:
    assert lifecycle_stage(orders, TODAY) is stage


def test_growth_needs_more_than_before_not_equal() -> None:
    older = [d(12, 1, 2025)]  # keeps the customer out of "development"
    assert lifecycle_stage([*older, d(3, 1), d(5, 1)], TODAY) is LS.MATURITY  # 1 vs 1
    assert lifecycle_stage([*older, d(3, 1), d(5, 1), d(6, 1)], TODAY) is LS.GROWTH  # 2 vs 1


def test_lifecycle_thresholds_are_configurable() -> None:
    config = LifecycleConfig(window_days=30, inactive_days=60, sharp_drop_ratio=D("0.25"))
    # N = 30: last = 1 Jun … 30 Jun; previous = 2 May … 31 May
    orders = [d(3, 1), d(5, 10), d(5, 20), d(5, 25), d(6, 10)]  # 3 → 1 = 0.33 ≥ 0.25
    assert lifecycle_stage(orders, TODAY, config) is LS.MATURITY
    assert lifecycle_stage(orders, TODAY) is LS.GROWTH  # N = 90: previous 1 (1 Mar), last 4


# --------------------------------------------------------------------------- churn risk


@pytest.mark.parametrize(
    ("days", "last", "previous", "risk"),
    [
        (0, 3, 3, "0.0000"),  # just ordered, steady
        (90, 0, 4, "0.7000"),  # 0.6 × 90/180 + 0.4 × (1 − 0/4) = 0.3 + 0.4
        (180, 0, 0, "1.0000"),  # 0.6 × 1 + 0.4 × 1 (no orders in either window)
        (10, 2, 0, "0.0333"),  # 0.6 × 10/180 = 0.0333…; new activity, nothing to fall from
        (400, 0, 2, "1.0000"),  # recency capped at 1: 0.6 + 0.4
        (45, 1, 4, "0.4500"),  # 0.6 × 0.25 + 0.4 × 0.75 = 0.15 + 0.30
        (30, 5, 2, "0.1000"),  # 0.6 × 1/6 = 0.1; rising frequency adds nothing
        (1, 2, 3, "0.1367"),  # 0.6 × 1/180 = 0.00333 + 0.4 × 1/3 = 0.13333 → 0.13667
    ],
)
def test_churn_risk_score_worked_by_hand(days: int, last: int, previous: int, risk: str) -> None:
    assert churn_risk_score(days, last, previous) == D(risk)


def test_churn_risk_rises_with_recency_and_with_falling_frequency() -> None:
    by_recency = [churn_risk_score(days, 2, 4) for days in range(0, 400, 10)]
    assert by_recency == sorted(by_recency)
    by_frequency = [churn_risk_score(30, last, 4) for last in range(8, -1, -1)]
    assert by_frequency == sorted(by_frequency)
    assert all(D(0) <= r <= D(1) for r in by_recency + by_frequency)


def test_churn_risk_from_orders() -> None:
    # last order 1 Jun = 29 days ago; last window 1 (1 Jun), previous 2 (1 Feb, 1 Mar)
    # 0.6 × 29/180 = 0.09667 + 0.4 × (1 − 1/2) = 0.2 → 0.29667 → 0.2967
    assert churn_risk([d(2, 1), d(3, 1), d(6, 1)], TODAY) == D("0.2967")
    assert churn_risk([], TODAY) is None


def test_churn_risk_refuses_negative_counts() -> None:
    with pytest.raises(InvalidValue):
        churn_risk_score(-1, 0, 0)


def test_at_risk_ranking() -> None:
    customers = {
        "steady": [d(1, 15), d(2, 15), d(3, 15), d(4, 15), d(5, 15), d(6, 29)],
        "lapsed": [d(1, 10), d(3, 10)],  # 112 days, 0 vs 2
        "gone": [d(6, 1, 2025)],  # 394 days
        "prospect": [],
        "twin-b": [d(3, 10), d(1, 10)],  # same as lapsed
    }
    ranking = at_risk_ranking(customers, TODAY)
    assert [r.customer_id for r in ranking] == ["gone", "lapsed", "twin-b", "steady"]
    # gone: recency capped at 1 (0.6) + no orders in either window (0.4) = 1.0
    assert ranking[0].risk == D("1.0000")
    assert ranking[0].stage is LS.TERMINATION
    # lapsed: 0.6 × 112/180 = 0.37333 + 0.4 × (1 − 0/2) = 0.77333 → 0.7733; twin-b ties, id order
    assert ranking[1].risk == ranking[2].risk == D("0.7733")
    # steady: 1 day, 3 vs 3 → 0.6 × 1/180 = 0.00333 → 0.0033
    assert ranking[3].risk == D("0.0033")
    assert [r.customer_id for r in at_risk_ranking(customers, TODAY, min_risk=D("0.7"))] == [
        "gone",
        "lapsed",
        "twin-b",
    ]
    assert len(at_risk_ranking(customers, TODAY, limit=1)) == 1


def test_a_customer_silent_longer_is_never_safer() -> None:
    # the same single order seen from later and later days
    risks = [churn_risk([d(1, 10)], d(1, 10) + timedelta(days=k)) for k in range(0, 400, 7)]
    assert risks == sorted(risks)


# --------------------------------------------------------------------------- visit grade


@pytest.mark.parametrize(
    ("tier", "grade"),
    [(T.VIP, VG.A), (T.MAJOR, VG.A), (T.ORDINARY, VG.B), (T.SMALL, VG.C), ("small", VG.C), (None, VG.B)],
)
def test_default_visit_grade(tier: T | str | None, grade: VG) -> None:
    assert default_visit_grade(tier) is grade


def test_unknown_tier() -> None:
    with pytest.raises(InvalidValue, match="Unknown customer tier"):
        default_visit_grade("gold")


@pytest.mark.parametrize(
    ("grade", "due"),
    [(VG.A, date(2026, 3, 8)), (VG.B, date(2026, 3, 15)), (VG.C, date(2026, 3, 31)), ("A", date(2026, 3, 8))],
)
def test_next_visit_due_from_grade(grade: VG | str, due: date) -> None:
    # 1 March + 7 / 14 / 30 days
    assert next_visit_due(date(2026, 3, 1), grade) == due


def test_visit_intervals_are_configurable() -> None:
    intervals = {VG.A: 3, VG.B: 10, VG.C: 60}
    assert next_visit_due(date(2026, 3, 1), VG.C, intervals) == date(2026, 4, 30)


def test_expected_visits_per_period_by_visit_grade() -> None:
    assert expected_visits(["A", "B", None, "C"], 30) == 10  # 30/7 + 30/14 + 30/14 + 30/30 = 9.57
    assert expected_visits([VG.A, VG.A], 31) == 9  # 2 × 31/7 = 8.86
    assert expected_visits([], 30) == 0
    assert expected_visits(["C"], 15) == 1  # 0.5 rounds half-up
    assert expected_visits(["B"], 28, {VG.A: 7, VG.B: 7, VG.C: 30}) == 4  # configurable intervals


def test_never_visited_is_due_but_not_overdue() -> None:
    assert next_visit_due(None, VG.A) is None
    assert is_due(None, date(2026, 3, 1))
    assert not is_overdue(None, date(2026, 3, 1))


@pytest.mark.parametrize(
    ("today", "due", "overdue"),
    [
        (date(2026, 3, 7), False, False),  # the day before
        (date(2026, 3, 8), True, False),  # the due day itself
        (date(2026, 3, 9), True, True),  # a day late
    ],
)
def test_is_due_and_is_overdue(today: date, due: bool, overdue: bool) -> None:
    next_due = next_visit_due(date(2026, 3, 1), VG.A)  # 8 March
    assert is_due(next_due, today) is due
    assert is_overdue(next_due, today) is overdue
    schedule = VisitSchedule(VG.A, date(2026, 3, 1))
    assert schedule.next_due == date(2026, 3, 8)
    assert schedule.is_due(today) is due
    assert schedule.is_overdue(today) is overdue
