"""Customer credit rating (客户信用评级): points per item, grade bands, credit policy.

Items and maximum points (defaults): payment record 30, contract compliance 30,
cooperation 20, business conduct 10, growth potential 10 — 100 in all.

Payment record, scored from the customer's payments in chronological order. The exact
reading of the overlapping penalties (docs/DOMAIN.md, Credit rating):

* Start at 30. A payment is late when ``days_late > 0``; an on-time payment (0 or
  negative days) ends a streak of late payments.
* Each late payment costs exactly ONE penalty — the largest that applies to it; streak
  and lateness penalties *replace* the basic 10, they never add to it:

  - 30 if it is the 3rd (or later) late payment in a row, or it is more than 90 days late;
  - 20 if it is the 2nd late payment in a row, or it is more than 60 days late;
  - 10 otherwise.

  So two late payments in a row cost 10 + 20 = 30; a single payment 61 days late costs
  20; exactly 60 days late costs 10, exactly 90 days late costs 20 ("over" is strict).
* +5 for every full year with no late payment. The year clock starts at the first
  payment and restarts at each late payment; a year is complete on its anniversary (a
  late payment on the anniversary itself comes after the year is earned).
* The score is kept within 0…30 at every step (capped and floored as it goes), so a
  bonus earned while already at 30 is lost, and a customer at 0 who then pays on time
  for a year climbs back to 5.

Grade bands (defaults): AAA ≥ 90, AA ≥ 80, A ≥ 70, B ≥ 60, C ≥ 50, otherwise D.
Override: a payment record of 0 or a contract compliance of 0 makes the grade D whatever
the total — a customer who never pays on time is not rescued by a good growth outlook.

The grade drives the credit policy (limit factor, payment terms, prepayment) from an
admin-editable table; :data:`DEFAULT_CREDIT_POLICIES` is the starting point.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.enums import CreditGrade
from domain.errors import InvalidValue, enum_value
from domain.money import ZERO, money, round_half_up, to_decimal

#: Maximum points per item.
DEFAULT_MAXIMA: Mapping[str, int] = {
    "payment_record": 30,
    "contract_compliance": 30,
    "cooperation": 20,
    "business_conduct": 10,
    "growth_potential": 10,
}

#: (minimum total, grade), best first; anything below the last band is D.
DEFAULT_GRADE_BANDS: tuple[tuple[int, CreditGrade], ...] = (
    (90, CreditGrade.AAA),
    (80, CreditGrade.AA),
    (70, CreditGrade.A),
    (60, CreditGrade.B),
    (50, CreditGrade.C),
)


@dataclass(frozen=True)
class PaymentPolicy:
    """The payment-record rule's numbers (admin-configurable)."""

    max_points: int = 30
    late_penalty: int = 10
    second_in_row_penalty: int = 20
    third_in_row_penalty: int = 30
    very_late_days: int = 60  # more than this: at least the second-level penalty
    severely_late_days: int = 90  # more than this: the third-level penalty
    clean_year_bonus: int = 5


DEFAULT_PAYMENT_POLICY = PaymentPolicy()


def _days(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(f"Days late must be a whole number of days (got {value!r}).", field="days_late")
    return value


def late_payment_penalty(days_late: int, streak: int, policy: PaymentPolicy = DEFAULT_PAYMENT_POLICY) -> int:
    """The one penalty for a late payment that is the ``streak``-th late payment in a row.

    Returns 0 for an on-time payment (``days_late`` ≤ 0).
    """
    days = _days(days_late)
    if days <= 0:
        return 0
    if streak >= 3 or days > policy.severely_late_days:
        return policy.third_in_row_penalty
    if streak == 2 or days > policy.very_late_days:
        return policy.second_in_row_penalty
    return policy.late_penalty


def _clamp(score: int, policy: PaymentPolicy) -> int:
    return max(0, min(policy.max_points, score))


def payment_record_score(
    days_late: Iterable[int],
    *,
    clean_years: int = 0,
    policy: PaymentPolicy = DEFAULT_PAYMENT_POLICY,
) -> int:
    """Payment-record points from days late per payment, oldest first.

    ``clean_years`` is the number of full years without a late payment *after* the last
    listed payment; each adds the bonus. Use :func:`payment_record_score_dated` when the
    payment dates are known, so bonuses between payments are placed correctly.
    """
    if isinstance(clean_years, bool) or not isinstance(clean_years, int) or clean_years < 0:
        raise InvalidValue(
            f"Clean years must be a whole number ≥ 0 (got {clean_years!r}).", field="clean_years"
        )
    score = policy.max_points
    streak = 0
    for value in days_late:
        days = _days(value)
        streak = streak + 1 if days > 0 else 0
        score = _clamp(score - late_payment_penalty(days, streak, policy), policy)
    for _ in range(clean_years):
        score = _clamp(score + policy.clean_year_bonus, policy)
    return score


@dataclass(frozen=True)
class PaymentTimeliness:
    """One payment: when it was made and how many days after its due date."""

    paid_on: date
    days_late: int


def _anniversary(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a non-leap year
        return start.replace(year=start.year + years, day=28)


def payment_record_score_dated(
    payments: Iterable[PaymentTimeliness],
    as_of: date,
    policy: PaymentPolicy = DEFAULT_PAYMENT_POLICY,
) -> int:
    """Payment-record points from dated payments, with clean-year bonuses up to ``as_of``.

    Payments are sorted by date (stable for equal dates); payments after ``as_of`` are
    ignored. See the module docstring for the exact rule.
    """
    ordered = sorted((p for p in payments if p.paid_on <= as_of), key=lambda p: p.paid_on)
    score = policy.max_points
    streak = 0
    clock: date | None = None
    earned = 0  # full years already rewarded since ``clock``

    def reward_until(day: date) -> None:
        nonlocal score, earned
        if clock is None:
            return
        while _anniversary(clock, earned + 1) <= day:
            earned += 1
            score = _clamp(score + policy.clean_year_bonus, policy)

    for payment in ordered:
        days = _days(payment.days_late)
        reward_until(payment.paid_on)
        if clock is None:
            clock = payment.paid_on
        if days > 0:
            streak += 1
            score = _clamp(score - late_payment_penalty(days, streak, policy), policy)
            clock, earned = payment.paid_on, 0
        else:
            streak = 0
    reward_until(as_of)
    return score


@dataclass(frozen=True)
class CreditItems:
    """Points per item. Growth potential and business conduct are scored by the rep
    after a site visit and approved by the supervisor; the others come from records."""

    payment_record: int
    contract_compliance: int
    cooperation: int
    business_conduct: int
    growth_potential: int

    def validate(self, maxima: Mapping[str, int] = DEFAULT_MAXIMA) -> None:
        """Raise unless every item is a whole number between 0 and its maximum."""
        for name, top in maxima.items():
            value = getattr(self, name)
            label = name.replace("_", " ")
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidValue(f"The {label} score must be a whole number (got {value!r}).", field=name)
            if not 0 <= value <= top:
                raise InvalidValue(
                    f"The {label} score must be between 0 and {top} (got {value}).",
                    code="score_out_of_range",
                    field=name,
                )

    @property
    def total(self) -> int:
        """Sum of the five items."""
        return (
            self.payment_record
            + self.contract_compliance
            + self.cooperation
            + self.business_conduct
            + self.growth_potential
        )


@dataclass(frozen=True)
class CreditRating:
    """The outcome: total points, grade, and whether the zero-item override applied."""

    total: int
    grade: CreditGrade
    overridden: bool
    reason: str | None = None


def grade_for_total(
    total: int, bands: Sequence[tuple[int, CreditGrade]] = DEFAULT_GRADE_BANDS
) -> CreditGrade:
    """The grade of the first band whose minimum ``total`` reaches; D below them all."""
    for minimum, grade in sorted(bands, key=lambda band: band[0], reverse=True):
        if total >= minimum:
            return grade
    return CreditGrade.D


def credit_grade(
    total: int,
    payment_record: int | None = None,
    contract_compliance: int | None = None,
    bands: Sequence[tuple[int, CreditGrade]] = DEFAULT_GRADE_BANDS,
) -> CreditGrade:
    """The grade of ``total``, forced to D when the payment record or the contract
    compliance score (if given) is 0. :func:`rate_credit` does the same from the items."""
    if payment_record == 0 or contract_compliance == 0:
        return CreditGrade.D
    return grade_for_total(total, bands)


def rate_credit(
    items: CreditItems,
    *,
    bands: Sequence[tuple[int, CreditGrade]] = DEFAULT_GRADE_BANDS,
    maxima: Mapping[str, int] = DEFAULT_MAXIMA,
) -> CreditRating:
    """Total the items, grade the total, and apply the zero-item override (→ D)."""
    items.validate(maxima)
    total = items.total
    zeros = [
        label
        for label, value in (
            ("payment record", items.payment_record),
            ("contract compliance", items.contract_compliance),
        )
        if value == 0
    ]
    if zeros:
        return CreditRating(
            total=total,
            grade=CreditGrade.D,
            overridden=grade_for_total(total, bands) is not CreditGrade.D,
            reason=(
                f"Grade D because the {zeros[0]} score is 0."
                if len(zeros) == 1
                else "Grade D because the payment record and contract compliance scores are 0."
            ),
        )
    return CreditRating(total=total, grade=grade_for_total(total, bands), overridden=False)


# --------------------------------------------------------------------------- policy


@dataclass(frozen=True)
class CreditPolicy:
    """What a grade allows.

    ``credit_limit_factor`` multiplies the customer's base amount (e.g. average monthly
    purchases) to give the credit limit; ``payment_terms_days`` is the time allowed to
    pay; ``prepayment_required`` means goods ship only after payment (款到发货).
    """

    credit_limit_factor: Decimal
    payment_terms_days: int
    prepayment_required: bool


DEFAULT_CREDIT_POLICIES: Mapping[CreditGrade, CreditPolicy] = {
    CreditGrade.AAA: CreditPolicy(Decimal("2.0"), 60, False),
    CreditGrade.AA: CreditPolicy(Decimal("1.5"), 45, False),
    CreditGrade.A: CreditPolicy(Decimal("1.0"), 30, False),
    CreditGrade.B: CreditPolicy(Decimal("0.5"), 15, False),
    CreditGrade.C: CreditPolicy(Decimal("0"), 0, True),
    CreditGrade.D: CreditPolicy(Decimal("0"), 0, True),
}


def credit_policy(
    grade: CreditGrade | str,
    table: Mapping[CreditGrade, CreditPolicy] = DEFAULT_CREDIT_POLICIES,
) -> CreditPolicy:
    """The policy for ``grade`` from ``table`` (default: :data:`DEFAULT_CREDIT_POLICIES`)."""
    key = enum_value(CreditGrade, grade, "credit grade", "grade")
    if key not in table:
        raise InvalidValue(f"No credit policy is configured for grade {key.value}.")
    return table[key]


def credit_limit(
    grade: CreditGrade | str,
    base_amount: object,
    table: Mapping[CreditGrade, CreditPolicy] = DEFAULT_CREDIT_POLICIES,
) -> Decimal:
    """Credit limit = base amount × the grade's factor, rounded half-up to cents."""
    base = money(base_amount, "base amount")
    if base < 0:
        raise InvalidValue(f"The base amount cannot be negative (got {base}).")
    factor = to_decimal(credit_policy(grade, table).credit_limit_factor, "limit factor")
    return max(ZERO, round_half_up(base * factor, 2))


# --------------------------------------------------------------------------- open balance


@dataclass(frozen=True)
class OpenItem:
    """A receivable as the balance needs it: what was billed, what is paid, when it is due."""

    amount: Decimal
    paid: Decimal
    due_date: date
    written_off: bool = False


@dataclass(frozen=True)
class OpenBalance:
    """What a customer owes on ``as_of``: everything open, and the part past its due date.

    ``outstanding`` includes ``overdue``; ``oldest_overdue_days`` counts from the due date of
    the earliest overdue item (None when nothing is overdue). A receivable due today is not
    overdue yet.
    """

    outstanding: Decimal
    overdue: Decimal
    overdue_items: int
    oldest_overdue_days: int | None

    def available(self, credit_limit: object | None) -> Decimal | None:
        """Credit left under ``credit_limit`` (negative: over the limit); None without a limit."""
        if credit_limit is None:
            return None
        return money(to_decimal(credit_limit, "credit limit") - self.outstanding)


def open_balance(items: Iterable[OpenItem], as_of: date) -> OpenBalance:
    """Sum the unpaid remainder of each receivable (never below zero; written off: none)."""
    outstanding = overdue = ZERO
    count = 0
    oldest: date | None = None
    for item in items:
        if item.written_off:
            continue
        left = to_decimal(item.amount, "receivable amount") - to_decimal(item.paid or ZERO, "paid amount")
        if left <= 0:
            continue
        outstanding += left
        if item.due_date < as_of:
            overdue += left
            count += 1
            oldest = item.due_date if oldest is None else min(oldest, item.due_date)
    return OpenBalance(money(outstanding), money(overdue), count, (as_of - oldest).days if oldest else None)
