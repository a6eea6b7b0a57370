"""Credit rating: payment record penalties (interpretation pinned down), grades, policy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.credit import (
    DEFAULT_CREDIT_POLICIES,
    DEFAULT_MAXIMA,
    CreditItems,
    CreditPolicy,
    PaymentPolicy,
    PaymentTimeliness,
    credit_grade,
    credit_limit,
    credit_policy,
    grade_for_total,
    late_payment_penalty,
    payment_record_score,
    payment_record_score_dated,
    rate_credit,
)
from domain.enums import CreditGrade as G
from domain.errors import InvalidValue


def test_item_maxima_add_up_to_100() -> None:
    assert DEFAULT_MAXIMA == {
        "payment_record": 30,
        "contract_compliance": 30,
        "cooperation": 20,
        "business_conduct": 10,
        "growth_potential": 10,
    }
    assert sum(DEFAULT_MAXIMA.values()) == 100


# --------------------------------------------------------------------------- payment record


@pytest.mark.parametrize(
    ("days_late", "score"),
    [
        ([], 30),  # no history: full marks
        ([0, -3, 0], 30),  # on time or early
        ([5], 20),  # 30 − 10
        ([5, 0, 5], 10),  # two separate late payments: 30 − 10 − 10
        # two in a row: the 2nd costs 20 *instead of* 10 (replace, not add): 30 − 10 − 20 = 0
        ([5, 5], 0),
        ([60], 20),  # exactly 60 days is not "over 60": 30 − 10
        ([61], 10),  # over 60 days: 30 − 20
        ([90], 10),  # exactly 90 days: still only over 60 → 30 − 20
        ([91], 0),  # over 90 days: 30 − 30
        ([61, 0, 5], 0),  # 30 − 20 − 10
        ([5, 0, 0, 0, 61], 0),  # 30 − 10 − 20
        ([5, 0, 0, 0, 6], 10),  # streak broken by on-time payments: 30 − 10 − 10
        ([5, 5, 5], 0),  # 10 + 20 + 30 → floored at 0, never negative
        ([0] * 50, 30),
    ],
)
def test_payment_record_penalties(days_late: list[int], score: int) -> None:
    assert payment_record_score(days_late) == score


@pytest.mark.parametrize(
    ("days", "streak", "penalty"),
    [
        (0, 0, 0),
        (-2, 0, 0),
        (1, 1, 10),  # a first late payment
        (1, 2, 20),  # second in a row
        (1, 3, 30),  # third in a row
        (1, 7, 30),  # and every later one
        (61, 1, 20),  # over 60 days on its own
        (61, 2, 20),  # second in a row AND over 60: still one penalty of 20, not 40
        (91, 1, 30),  # over 90 days
        (91, 2, 30),  # second in a row AND over 90: the larger one, 30
        (61, 3, 30),
    ],
)
def test_each_late_payment_costs_only_its_largest_penalty(days: int, streak: int, penalty: int) -> None:
    assert late_payment_penalty(days, streak) == penalty


def test_clean_years_add_five_each_capped_at_30() -> None:
    assert payment_record_score([61], clean_years=1) == 15  # 10 + 5
    assert payment_record_score([61], clean_years=3) == 25  # 10 + 15
    assert payment_record_score([61], clean_years=5) == 30  # capped
    assert payment_record_score([], clean_years=2) == 30  # already at the cap


def test_floor_then_bonus_climbs_back_from_zero() -> None:
    # 30 − 30 (over 90) = 0, then a further late payment stays at 0 (floored, not −10),
    # then one clean year: 0 + 5 = 5
    assert payment_record_score([95, 5], clean_years=1) == 5


def test_payment_record_refuses_non_integer_days() -> None:
    with pytest.raises(InvalidValue, match="whole number of days"):
        payment_record_score([1.5])  # type: ignore[list-item]
    with pytest.raises(InvalidValue):
        payment_record_score([], clean_years=-1)


def test_payment_policy_is_configurable() -> None:
    lenient = PaymentPolicy(late_penalty=5, second_in_row_penalty=10, third_in_row_penalty=15)
    assert payment_record_score([5, 5], policy=lenient) == 15  # 30 − 5 − 10


# --------------------------------------------------------------------------- dated history


def p(y: int, m: int, d: int, late: int) -> PaymentTimeliness:
    return PaymentTimeliness(date(y, m, d), late)


def test_dated_bonus_needs_a_full_year_since_the_last_late_payment() -> None:
    history = [p(2024, 1, 10, 0), p(2024, 3, 10, 10), p(2024, 9, 1, 0)]
    assert payment_record_score_dated(history, date(2025, 3, 9)) == 20  # a day short
    assert payment_record_score_dated(history, date(2025, 3, 10)) == 25  # one full year
    assert payment_record_score_dated(history, date(2027, 3, 10)) == 30  # 25 → 30, capped


def test_dated_bonus_earned_at_the_cap_is_lost() -> None:
    # clean year to 2024-01-01 while at 30 (no effect), then a late payment → 20
    history = [p(2023, 1, 1, 0), p(2024, 6, 1, 3)]
    assert payment_record_score_dated(history, date(2024, 12, 31)) == 20


def test_dated_bonuses_between_late_payments_are_placed_in_order() -> None:
    # late (20) · on time · one clean year to 2024-01-01 (25) · late on 2024-06-01 (15)
    history = [p(2023, 1, 1, 5), p(2023, 6, 1, 0), p(2024, 6, 1, 5)]
    assert payment_record_score_dated(history, date(2024, 6, 2)) == 15
    # the undated form cannot place that bonus: it only sees 30 − 10 − 10
    assert payment_record_score([5, 0, 5]) == 10


def test_late_payment_on_the_anniversary_comes_after_the_earned_year() -> None:
    # late 2023-01-01 (20), on time, late again exactly 2024-01-01:
    # the year 2023-01-01 … 2024-01-01 is complete (+5 → 25), then −10 → 15
    history = [p(2023, 1, 1, 5), p(2023, 7, 1, 0), p(2024, 1, 1, 5)]
    assert payment_record_score_dated(history, date(2024, 1, 1)) == 15


def test_dated_history_is_sorted_and_future_payments_ignored() -> None:
    history = [p(2024, 3, 10, 10), p(2024, 1, 10, 0), p(2030, 1, 1, 95)]
    assert payment_record_score_dated(history, date(2025, 3, 10)) == 25


def test_dated_leap_day_anniversary() -> None:
    history = [p(2024, 2, 29, 5)]  # 20
    assert payment_record_score_dated(history, date(2025, 2, 27)) == 20
    assert payment_record_score_dated(history, date(2025, 2, 28)) == 25


def test_dated_streaks_match_the_undated_rule() -> None:
    history = [p(2024, 1, 1, 5), p(2024, 2, 1, 5)]
    assert payment_record_score_dated(history, date(2024, 3, 1)) == 0


# --------------------------------------------------------------------------- grades


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (100, G.AAA),
        (90, G.AAA),
        (89, G.AA),
        (80, G.AA),
        (79, G.A),
        (70, G.A),
        (69, G.B),
        (60, G.B),
        (59, G.C),
        (50, G.C),
        (49, G.D),
        (0, G.D),
    ],
)
def test_grade_bands(total: int, grade: G) -> None:
    assert grade_for_total(total) is grade


def items(pay: int, contract: int, coop: int = 20, conduct: int = 10, growth: int = 10) -> CreditItems:
    return CreditItems(pay, contract, coop, conduct, growth)


def test_rating_totals_the_items() -> None:
    rating = rate_credit(items(25, 25, 20, 10, 10))  # 90
    assert (rating.total, rating.grade, rating.overridden) == (90, G.AAA, False)
    rating = rate_credit(items(20, 25, 15, 5, 5))  # 70
    assert (rating.total, rating.grade) == (70, G.A)


def test_zero_payment_record_forces_d() -> None:
    rating = rate_credit(items(0, 30, 20, 10, 10))  # 70 would be A
    assert rating.total == 70
    assert rating.grade is G.D
    assert rating.overridden
    assert rating.reason == "Grade D because the payment record score is 0."


def test_zero_contract_compliance_forces_d() -> None:
    rating = rate_credit(items(30, 0, 20, 10, 10))
    assert rating.grade is G.D and rating.overridden
    assert "contract compliance" in (rating.reason or "")


def test_both_zero_names_both() -> None:
    rating = rate_credit(items(0, 0))
    assert rating.reason == "Grade D because the payment record and contract compliance scores are 0."
    assert rating.grade is G.D and not rating.overridden  # total 40 is D anyway


@pytest.mark.parametrize(
    "bad",
    [items(31, 30), items(30, 30, 21), items(30, 30, 20, 11), items(30, 30, 20, 10, -1)],
)
def test_item_scores_out_of_range(bad: CreditItems) -> None:
    with pytest.raises(InvalidValue, match="must be between 0 and"):
        rate_credit(bad)


def test_custom_bands() -> None:
    bands = ((95, G.AAA), (85, G.AA), (75, G.A), (65, G.B), (55, G.C))
    assert rate_credit(items(25, 25, 20, 10, 10), bands=bands).grade is G.AA


# --------------------------------------------------------------------------- policy


def test_default_policy_table_covers_every_grade() -> None:
    assert set(DEFAULT_CREDIT_POLICIES) == set(G)
    assert credit_policy(G.D).prepayment_required
    assert not credit_policy("AAA").prepayment_required
    assert credit_policy(G.AAA).payment_terms_days > credit_policy(G.B).payment_terms_days


def test_credit_limit_from_grade() -> None:
    assert credit_limit(G.AAA, D("10000")) == D("20000.00")  # × 2.0
    assert credit_limit(G.B, D("12345.67")) == D("6172.84")  # × 0.5 = 6172.835 → half-up
    assert credit_limit(G.D, D("10000")) == D("0.00")


def test_policy_table_is_overridable() -> None:
    table = {**DEFAULT_CREDIT_POLICIES, G.C: CreditPolicy(D("0.1"), 7, False)}
    assert credit_limit(G.C, D("1000"), table) == D("100.00")
    assert not credit_policy(G.C, table).prepayment_required


def test_unknown_grade() -> None:
    with pytest.raises(InvalidValue, match="Unknown credit grade"):
        credit_policy("AAAA")


def test_credit_grade_shortcut_applies_the_override() -> None:
    assert credit_grade(85) is G.AA
    assert credit_grade(85, payment_record=25, contract_compliance=30) is G.AA
    assert credit_grade(85, payment_record=0, contract_compliance=30) is G.D
    assert credit_grade(85, payment_record=30, contract_compliance=0) is G.D


def test_open_balance_counts_unpaid_remainders_and_what_is_overdue():
    from datetime import date as _date
    from decimal import Decimal as _D

    from domain.credit import OpenItem, open_balance

    today = _date(2026, 3, 20)
    items = [
        OpenItem(_D("1000"), _D("400"), _date(2026, 2, 3)),  # 600 overdue, 45 days
        OpenItem(_D("300"), _D("0"), _date(2026, 3, 19)),  # 300 overdue, 1 day
        OpenItem(_D("500"), _D("0"), today),  # due today: not overdue yet
        OpenItem(_D("200"), _D("250"), _date(2026, 1, 1)),  # overpaid: nothing owed
        OpenItem(_D("900"), _D("0"), _date(2025, 6, 1), written_off=True),
    ]
    b = open_balance(items, today)
    assert (b.outstanding, b.overdue, b.overdue_items, b.oldest_overdue_days) == (
        _D("1400.00"),
        _D("900.00"),
        2,
        45,
    )
    assert b.available(_D("1000")) == _D("-400.00") and b.available(None) is None
    assert open_balance([], today).oldest_overdue_days is None
