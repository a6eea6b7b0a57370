"""Quote pricing: hand-worked cases for the rounding rule, allocation and approval."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from domain.enums import Role
from domain.errors import DomainError, InvalidValue, TotalsMismatch
from domain.pricing import (
    DEFAULT_DISCOUNT_LIMITS,
    PriceListItem,
    QuoteLineInput,
    allocate_largest_remainder,
    can_approve,
    check_totals,
    discount_limit,
    line_net,
    lookup_unit_price,
    max_discount_pct,
    needs_approval,
    overall_discount_pct,
    price_quote,
    select_price_break,
    totals_match,
)


def line(qty: str, price: str, disc: str = "0", tax: str = "0", ref: str | None = None) -> QuoteLineInput:
    return QuoteLineInput(D(qty), D(price), D(disc), D(tax), reference_price=None if ref is None else D(ref))


# --------------------------------------------------------------------------- price lookup

ITEMS = [
    PriceListItem("p1", D("1"), D("10.00")),
    PriceListItem("p1", D("10"), D("9.50")),
    PriceListItem("p1", D("100"), D("8.80")),
    PriceListItem("p2", D("5"), D("3.00")),
]


@pytest.mark.parametrize(
    ("qty", "expected"),
    [
        ("1", "10.00"),  # first break
        ("9.999", "10.00"),  # just below the 10 break
        ("10", "9.50"),  # exactly on a break: the break applies (≤)
        ("99", "9.50"),
        ("100", "8.80"),
        ("5000", "8.80"),  # above the largest break
    ],
)
def test_volume_break_is_the_largest_min_quantity_not_above_quantity(qty: str, expected: str) -> None:
    assert lookup_unit_price("p1", D(qty), ITEMS, D("12.00")) == D(expected)


def test_product_missing_from_price_list_falls_back_to_list_price() -> None:
    assert lookup_unit_price("p9", D("3"), ITEMS, D("12.00")) == D("12.00")
    assert select_price_break("p9", D("3"), ITEMS) is None


def test_quantity_below_first_break_falls_back_to_list_price() -> None:
    # p2's only break starts at 5; 4 units are sold at the list price.
    assert lookup_unit_price("p2", D("4"), ITEMS, D("3.50")) == D("3.50")
    assert lookup_unit_price("p2", D("5"), ITEMS, D("3.50")) == D("3.00")


def test_lookup_ignores_item_order_and_duplicate_breaks_take_the_lower_price() -> None:
    items = list(reversed(ITEMS)) + [PriceListItem("p1", D("10"), D("9.40"))]
    assert lookup_unit_price("p1", D("50"), items, D("12")) == D("9.40")


@pytest.mark.parametrize("qty", ["0", "-1"])
def test_lookup_rejects_non_positive_quantity(qty: str) -> None:
    with pytest.raises(InvalidValue, match="quantity"):
        lookup_unit_price("p1", D(qty), ITEMS, D("12"))


# --------------------------------------------------------------------------- line input


@pytest.mark.parametrize("qty", ["0", "-2", "-0.001"])
def test_zero_or_negative_quantity_is_rejected_with_a_readable_error(qty: str) -> None:
    with pytest.raises(DomainError) as caught:
        QuoteLineInput(D(qty), D("1"))
    assert caught.value.code == "quantity_not_positive"
    assert "quantity must be greater than 0" in caught.value.message
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"unit_price": D("-0.01")}, "unit price cannot be negative"),
        ({"discount_pct": D("-1")}, "line discount must be between 0 and 100"),
        ({"discount_pct": D("100.01")}, "line discount must be between 0 and 100"),
        ({"tax_rate": D("-13")}, "tax rate must be 0 or more"),
        ({"reference_price": D("-5")}, "reference price cannot be negative"),
    ],
)
def test_out_of_range_line_values_are_rejected(kwargs: dict, fragment: str) -> None:
    args = {"quantity": D("1"), "unit_price": D("1")} | kwargs
    with pytest.raises(InvalidValue, match=fragment):
        QuoteLineInput(**args)


def test_floats_are_refused_everywhere_money_enters() -> None:
    with pytest.raises(InvalidValue, match="not a float") as caught:
        QuoteLineInput(D("1"), 0.1)  # type: ignore[arg-type]
    assert caught.value.code == "float_not_allowed"
    with pytest.raises(InvalidValue, match="not a float"):
        QuoteLineInput(1.5, D("1"))  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="not a float"):
        price_quote([line("1", "1")], 10.0)


def test_ints_and_numeric_strings_are_coerced_to_decimal() -> None:
    item = QuoteLineInput(2, "3.50", "10", 13)  # type: ignore[arg-type]
    assert item.quantity == D("2") and isinstance(item.quantity, D)
    assert item.unit_price == D("3.50") and isinstance(item.unit_price, D)
    assert item.tax_rate == D("13")


def test_boundaries_are_allowed() -> None:
    free = QuoteLineInput(D("1"), D("0"), D("100"), D("0"))
    assert line_net(free) == D("0.00")


# --------------------------------------------------------------------------- line net rounding


@pytest.mark.parametrize(
    ("qty", "price", "disc", "expected"),
    [
        # 3 × 33.33 = 99.99, no discount
        ("3", "33.33", "0", "99.99"),
        # 1 × 0.05 × 0.90 = 0.045 → half-up → 0.05 (banker's rounding would give 0.04)
        ("1", "0.05", "10", "0.05"),
        # 1 × 0.25 × 0.90 = 0.225 → 0.23 (half-even would give 0.22)
        ("1", "0.25", "10", "0.23"),
        # 2.5 × 19.99 = 49.975; × 0.95 = 47.47625 → 47.48
        ("2.5", "19.99", "5", "47.48"),
        # 0.333 × 3 = 0.999 → 1.00
        ("0.333", "3", "0", "1.00"),
        # 7 × 1.15 × 0.875 (12.5 %) = 7.04375 → 7.04
        ("7", "1.15", "12.5", "7.04"),
        # 100 % discount → 0.00
        ("4", "9.99", "100", "0.00"),
    ],
)
def test_line_net_rounds_half_up_to_cents(qty: str, price: str, disc: str, expected: str) -> None:
    assert line_net(line(qty, price, disc)) == D(expected)


# --------------------------------------------------------------------------- quote totals


def test_single_line_with_tax_and_no_header_discount() -> None:
    # 10 × 12.34 = 123.40; tax 13 % = 16.042 → 16.04; total 139.44
    totals = price_quote([line("10", "12.34", "0", "13")])
    assert totals.subtotal == D("123.40")
    assert totals.header_discount_amount == D("0.00")
    assert totals.tax_total == D("16.04")
    assert totals.total == D("139.44")
    (priced,) = totals.lines
    assert (priced.line_subtotal, priced.line_tax, priced.line_total) == (
        D("123.40"),
        D("16.04"),
        D("139.44"),
    )


def test_three_lines_with_header_discount_worked_by_hand() -> None:
    lines = [
        line("3", "33.33", "0", "13"),  # net 99.99
        line("1", "0.05", "10", "6"),  # 0.045 → net 0.05
        line("2.5", "19.99", "5", "0"),  # 47.47625 → net 47.48, tax exempt
    ]
    totals = price_quote(lines, D("10"))
    # subtotal = 99.99 + 0.05 + 47.48 = 147.52
    assert totals.subtotal == D("147.52")
    # header = 147.52 × 10 % = 14.752 → 14.75 = 1475 cents
    assert totals.header_discount_amount == D("14.75")
    # exact shares of 1475 cents by weights 9999 : 5 : 4748 (sum 14752):
    #   999.7644…, 0.4999…, 474.7356…  → floors 999 + 0 + 474 = 1473, 2 cents left
    #   largest remainders .7644 (line 1) and .7356 (line 3) get them → 1000, 0, 475
    shares = [p.header_discount_share for p in totals.lines]
    assert shares == [D("10.00"), D("0.00"), D("4.75")]
    assert sum(shares) == totals.header_discount_amount
    # taxes: (99.99 − 10.00) × 13 % = 11.6987 → 11.70; 0.05 × 6 % = 0.003 → 0.00; exempt 0
    assert [p.line_tax for p in totals.lines] == [D("11.70"), D("0.00"), D("0.00")]
    assert totals.tax_total == D("11.70")
    # total = 147.52 − 14.75 + 11.70 = 144.47
    assert totals.total == D("144.47")
    # line totals = taxable + tax: 101.69, 0.05, 42.73 → sum 144.47
    assert [p.line_total for p in totals.lines] == [D("101.69"), D("0.05"), D("42.73")]
    assert sum(p.line_total for p in totals.lines) == totals.total


def test_header_discount_tie_goes_to_earlier_line() -> None:
    # Three equal lines of 1.00; header 1 % of 3.00 = 0.03 → one cent each, no tie.
    # Header 33.33 % of 3.00 = 0.9999 → 1.00 = 100 cents: 33.33… each, floors 33 ×3 = 99,
    # one cent left, all remainders equal (.33…) → the first line gets it: 34, 33, 33.
    lines = [line("1", "1"), line("1", "1"), line("1", "1")]
    totals = price_quote(lines, D("33.33"))
    assert totals.header_discount_amount == D("1.00")
    assert [p.header_discount_share for p in totals.lines] == [D("0.34"), D("0.33"), D("0.33")]
    assert totals.total == D("2.00")


def test_tax_is_computed_after_the_header_share_per_line() -> None:
    # Two lines of 50.00 at 13 %, header 10 %: subtotal 100.00, header 10.00,
    # shares 5.00 / 5.00, taxable 45.00 each, tax 5.85 each → tax 11.70, total 101.70.
    totals = price_quote([line("1", "50", "0", "13"), line("1", "50", "0", "13")], D("10"))
    assert totals.tax_total == D("11.70")
    assert totals.total == D("101.70")


def test_per_line_tax_rounding_differs_from_rounding_the_sum() -> None:
    # Each line 0.10 at 13 % → 0.013 → 0.01; three lines → 0.03 (rounding the sum of
    # 0.039 would give 0.04). The rule rounds per line.
    totals = price_quote([line("1", "0.10", "0", "13")] * 3)
    assert totals.tax_total == D("0.03")
    assert totals.total == D("0.33")


def test_full_header_discount_leaves_nothing_to_tax() -> None:
    totals = price_quote([line("2", "10", "0", "13"), line("1", "5", "0", "6")], D("100"))
    assert totals.subtotal == D("25.00")
    assert totals.header_discount_amount == D("25.00")
    assert totals.tax_total == D("0.00")
    assert totals.total == D("0.00")


def test_empty_quote_is_all_zero() -> None:
    totals = price_quote([], D("5"))
    assert (totals.subtotal, totals.header_discount_amount, totals.tax_total, totals.total) == (
        D("0.00"),
        D("0.00"),
        D("0.00"),
        D("0.00"),
    )


def test_free_lines_get_no_share_of_the_header_discount() -> None:
    # a free sample (0.00) beside a 10.00 line; header 15 % of 10.00 = 1.50 all on line 2
    totals = price_quote([line("1", "0"), line("1", "10", "0", "13")], D("15"))
    assert [p.header_discount_share for p in totals.lines] == [D("0.00"), D("1.50")]
    # tax (10 − 1.5) × 13 % = 1.105 → 1.11 (half up)
    assert totals.tax_total == D("1.11")
    assert totals.total == D("9.61")


@pytest.mark.parametrize("header", ["-1", "100.5"])
def test_header_discount_out_of_range(header: str) -> None:
    with pytest.raises(InvalidValue, match="header discount must be between 0 and 100"):
        price_quote([line("1", "1")], D(header))


def test_results_are_frozen() -> None:
    totals = price_quote([line("1", "1")])
    with pytest.raises(AttributeError):
        totals.total = D("0")  # type: ignore[misc]
    with pytest.raises(AttributeError):
        totals.lines[0].line_tax = D("0")  # type: ignore[misc]


# --------------------------------------------------------------------------- allocation


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        # 0.10 over 3 equal weights: 3.33 each → 3,3,3 + 1 to the first → 4,3,3
        ("0.10", ["1", "1", "1"], ["0.04", "0.03", "0.03"]),
        # 1.00 over 1:2: 33.3 / 66.6 → 33, 66, 1 left → larger remainder .67 (second)
        ("1.00", ["1", "2"], ["0.33", "0.67"]),
        ("0.00", ["0", "0"], ["0.00", "0.00"]),
        ("5.00", ["7"], ["5.00"]),
    ],
)
def test_largest_remainder_allocation(total: str, weights: list[str], expected: list[str]) -> None:
    shares = allocate_largest_remainder(D(total), [D(w) for w in weights])
    assert shares == [D(e) for e in expected]
    assert sum(shares) == D(total)


def test_allocation_refuses_impossible_splits() -> None:
    with pytest.raises(InvalidValue):
        allocate_largest_remainder(D("1.00"), [D("0")])
    with pytest.raises(InvalidValue):
        allocate_largest_remainder(D("0.005"), [D("1")])


# --------------------------------------------------------------------------- totals check


def test_totals_match_accepts_equal_values_in_any_scale() -> None:
    lines = [line("10", "12.34", "0", "13")]  # 123.40 / 16.04 / 139.44
    assert totals_match(D("123.40"), D("16.04"), D("139.44"), lines, D("0"))
    assert totals_match("123.4", "16.04", "139.440", lines, 0)


@pytest.mark.parametrize(
    ("subtotal", "tax", "total"),
    [
        ("123.41", "16.04", "139.45"),
        ("123.40", "16.05", "139.45"),  # tax rounded the other way
        ("123.40", "16.04", "139.45"),
        (None, "16.04", "139.44"),
        ("abc", "16.04", "139.44"),
    ],
)
def test_totals_match_rejects_any_difference(subtotal: str | None, tax: str, total: str) -> None:
    assert not totals_match(subtotal, tax, total, [line("10", "12.34", "0", "13")], D("0"))


def test_check_totals_explains_the_difference() -> None:
    with pytest.raises(TotalsMismatch) as caught:
        check_totals(D("123.40"), D("16.05"), D("139.45"), [line("10", "12.34", "0", "13")])
    message = caught.value.message
    assert "tax total is 16.05 but the lines give 16.04" in message
    assert "total is 139.45 but the lines give 139.44" in message
    assert caught.value.code == "totals_mismatch"


def test_totals_match_with_header_discount() -> None:
    lines = [line("1", "50", "0", "13"), line("1", "50", "0", "13")]
    assert totals_match(D("100.00"), D("11.70"), D("101.70"), lines, D("10"))
    # a client that taxed before the header discount would declare 13.00 / 103.00
    assert not totals_match(D("100.00"), D("13.00"), D("103.00"), lines, D("10"))


# --------------------------------------------------------------------------- approval


def test_default_limits() -> None:
    assert DEFAULT_DISCOUNT_LIMITS[Role.REP] == D("10")
    assert DEFAULT_DISCOUNT_LIMITS[Role.SUPERVISOR] == D("25")
    assert discount_limit(Role.REP) == D("10")
    assert discount_limit("supervisor") == D("25")


def test_max_discount_is_the_largest_line_or_header_discount() -> None:
    lines = [line("1", "100", "5"), line("1", "100", "12")]
    # overall: net 95 + 88 = 183 of 200 → 8.5 %; the 12 % line is larger
    assert max_discount_pct(lines, D("0")) == D("12")
    assert max_discount_pct([line("1", "100")], D("8")) == D("8")


def test_stacked_discounts_count_as_their_combined_effect() -> None:
    # 10 % line + 10 % header on one line: 100 × 0.9 × 0.9 = 81 → 19 % off overall
    lines = [line("1", "100", "10")]
    assert overall_discount_pct(lines, D("10")) == D("19.0000")
    assert max_discount_pct(lines, D("10")) == D("19")
    assert needs_approval(max_discount_pct(lines, D("10")), Role.REP)


def test_price_typed_below_the_reference_price_counts_as_discount() -> None:
    # list price 100, rep types 85 with no discount → 15 % below reference
    lines = [line("2", "85", "0", "13", ref="100")]
    assert max_discount_pct(lines, D("0")) == D("15.0000")
    assert needs_approval(max_discount_pct(lines, 0), Role.REP)
    assert not needs_approval(max_discount_pct(lines, 0), Role.SUPERVISOR)


def test_overall_discount_is_computed_before_cent_rounding() -> None:
    # 1 × 0.16 at exactly 10 %: rounded net 0.144 → 0.14 would look like 12.5 %,
    # but the rep gave exactly 10 % and must not need approval.
    lines = [line("1", "0.16", "10")]
    assert max_discount_pct(lines, D("0")) == D("10")
    assert not needs_approval(max_discount_pct(lines, D("0")), Role.REP)


def test_overall_discount_is_weighted_by_value() -> None:
    # 9 × 100 at 0 % and 1 × 100 at 20 %, header 0: net 980 of 1000 → 2 %
    lines = [line("9", "100"), line("1", "100", "20")]
    assert overall_discount_pct(lines, 0) == D("2.0000")
    # the single 20 % line still decides
    assert max_discount_pct(lines, 0) == D("20")


def test_markup_is_not_a_negative_discount() -> None:
    assert overall_discount_pct([line("1", "120", ref="100")], 0) == D("0")
    assert max_discount_pct([line("1", "120", ref="100")], 0) == D("0")


def test_overall_discount_of_nothing_is_zero() -> None:
    assert overall_discount_pct([], D("0")) == D("0")
    assert max_discount_pct([], D("7")) == D("7")


@pytest.mark.parametrize(
    ("pct", "limit", "expected"),
    [
        ("10", Role.REP, False),  # exactly at the limit is allowed
        ("10.01", Role.REP, True),
        ("0", Role.REP, False),
        ("25", Role.SUPERVISOR, False),
        ("25.0001", Role.SUPERVISOR, True),
        ("99", Role.ADMIN, False),
        ("12", D("15"), False),
        ("16", D("15"), True),
        ("11", "rep", True),
    ],
)
def test_needs_approval(pct: str, limit: object, expected: bool) -> None:
    assert needs_approval(D(pct), limit) is expected  # type: ignore[arg-type]


def test_limits_are_overridable() -> None:
    limits = {Role.REP: D("5"), Role.SUPERVISOR: D("15"), Role.ADMIN: D("100")}
    assert needs_approval(D("6"), Role.REP, limits)
    assert not needs_approval(D("6"), Role.REP)
    assert discount_limit(Role.SUPERVISOR, limits) == D("15")


def test_can_approve_respects_the_approvers_own_limit() -> None:
    assert can_approve(Role.SUPERVISOR, D("25"))
    assert not can_approve(Role.SUPERVISOR, D("30"))
    assert can_approve(Role.ADMIN, D("30"))
    assert not can_approve(Role.REP, D("1"))


def test_unknown_role_is_a_readable_error() -> None:
    with pytest.raises(InvalidValue, match="Unknown role"):
        discount_limit("boss")


def test_breakdown_adds_up_from_list_value_to_total():
    from decimal import Decimal as _D

    from domain.pricing import QuoteLineInput, breakdown, price_quote

    lines = [
        QuoteLineInput(_D("2"), _D("10.00"), _D("15"), _D("13")),
        QuoteLineInput(_D("1"), _D("50.00"), _D("0"), _D("6")),
        QuoteLineInput(_D("3"), _D("0.33"), _D("12.5"), _D("13")),
    ]
    b = breakdown(lines, "5")
    assert b.list_amount == sum(p.list_amount for p in b.lines) == _D("70.99")
    assert b.list_amount - b.line_discount - b.header_discount == b.net
    assert b.net + b.tax == b.total == price_quote(lines, "5").total
    assert all(p.list_amount - p.discount == p.net for p in b.lines)
    assert b.discount == b.line_discount + b.header_discount
