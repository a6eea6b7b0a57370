"""Quote pricing: price lookup, line and header discounts, tax, totals, approval limits.

THE rounding rule (one rule, used on the laptop, on the server and on the printout):

1. Line net (``line_subtotal``) = round_half_up(quantity × unit_price × (1 − line_discount%/100), 2).
2. ``subtotal`` = Σ line nets (already whole cents, so no rounding).
3. ``header_discount_amount`` = round_half_up(subtotal × header_discount%/100, 2).
4. The header discount is allocated to the lines in proportion to their nets, in whole
   cents, by the largest-remainder method: each line first gets the floor of its exact
   share; the cents left over go one each to the lines with the largest fractional
   remainders (ties: the earlier line). The shares therefore add up *exactly* to the
   header discount amount.
5. Line tax = round_half_up((line net − its header share) × tax_rate%/100, 2), per line.
6. ``tax_total`` = Σ line taxes; ``total`` = subtotal − header discount + tax_total.
7. ``line_total`` = line net − header share + line tax, so Σ line_total == total.

Rounding happens per line (not once on the sum) because the invoice prints per-line
amounts and the lines must add up to the printed total, cent for cent.

Percentages (line discount, header discount, tax rate, role limits) are all given in
percent: ``Decimal("13")`` means 13 %, ``Decimal("12.5")`` means 12.5 %.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Protocol

from domain.enums import Role
from domain.errors import InvalidValue, TotalsMismatch, enum_value
from domain.money import CENT, HUNDRED, ZERO, round_half_up, to_decimal

#: Largest discount (percent) each role may give without approval (docs/DOMAIN.md, Quotes). Admins
#: have no practical limit. Pass your own mapping to override (admin setting).
DEFAULT_DISCOUNT_LIMITS: Mapping[Role, Decimal] = {
    Role.REP: Decimal("10"),
    Role.SUPERVISOR: Decimal("25"),
    Role.ADMIN: Decimal("100"),
}

#: The overall effective discount is reported to this many decimal places of a percent.
EFFECTIVE_DISCOUNT_PLACES = 4


# --------------------------------------------------------------------------- inputs


def _checked(value: object, label: str, ok: Callable[[Decimal], bool], problem: str, code: str) -> Decimal:
    """``value`` as a Decimal, or ``InvalidValue`` with ``problem`` (naming ``{label}`` and the
    ``{got}`` value) when it is not ``ok``."""
    number = to_decimal(value, label)
    if not ok(number):
        raise InvalidValue(problem.format(label=label, got=number), code=code, field=label)
    return number


def _percent(value: object, label: str, *, upper: Decimal | None = HUNDRED) -> Decimal:
    bounds = f"between 0 and {upper}" if upper is not None else "0 or more"
    return _checked(
        value,
        label,
        lambda pct: pct >= 0 and (upper is None or pct <= upper),
        f"The {{label}} must be {bounds} percent (got {{got}}).",
        "percent_out_of_range",
    )


def _quantity(value: object) -> Decimal:
    return _checked(
        value,
        "quantity",
        lambda qty: qty > 0,
        "The {label} must be greater than 0 (got {got}); remove the line instead.",
        "quantity_not_positive",
    )


def _price(value: object, label: str) -> Decimal:
    return _checked(
        value,
        label,
        lambda price: price >= 0,
        "The {label} cannot be negative (got {got}).",
        "negative_price",
    )


def header_discount_pct(value: object) -> Decimal:
    """Validate a header discount percent (0–100) and return it as a Decimal."""
    return _percent(value, "header discount")


@dataclass(frozen=True)
class QuoteLineInput:
    """One quote line as entered.

    ``discount_pct`` and ``tax_rate`` are percents (``13`` = 13 %); a tax-exempt line
    has ``tax_rate`` 0. ``reference_price`` is the list/price-list price the unit price
    was taken from; when the rep types a lower unit price, the difference counts as a
    discount for approval (see :func:`max_discount_pct`). Values are validated and
    coerced to ``Decimal`` on construction, so an invalid line cannot exist.
    """

    quantity: Decimal
    unit_price: Decimal
    discount_pct: Decimal = ZERO
    tax_rate: Decimal = ZERO
    reference_price: Decimal | None = None
    product_id: str | None = None
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "quantity", _quantity(self.quantity))
        object.__setattr__(self, "unit_price", _price(self.unit_price, "unit price"))
        object.__setattr__(self, "discount_pct", _percent(self.discount_pct, "line discount"))
        object.__setattr__(self, "tax_rate", _percent(self.tax_rate, "tax rate", upper=None))
        if self.reference_price is not None:
            object.__setattr__(self, "reference_price", _price(self.reference_price, "reference price"))


@dataclass(frozen=True)
class PricedLine:
    """A line after pricing. All amounts are in whole cents.

    ``line_subtotal`` is the net after the line discount (before the header discount);
    ``header_discount_share`` is this line's cent-exact part of the header discount;
    ``taxable_amount`` = subtotal − share; ``line_total`` = taxable + tax.
    """

    line: QuoteLineInput
    line_subtotal: Decimal
    header_discount_share: Decimal
    taxable_amount: Decimal
    line_tax: Decimal
    line_total: Decimal


@dataclass(frozen=True)
class QuoteTotals:
    """Header totals of a quote plus its priced lines (in input order)."""

    subtotal: Decimal
    header_discount_amount: Decimal
    tax_total: Decimal
    total: Decimal
    lines: tuple[PricedLine, ...] = ()


# --------------------------------------------------------------------------- price lookup


class PriceItem(Protocol):
    """Anything shaped like a price-list item (the schema row or :class:`PriceListItem`)."""

    @property
    def product_id(self) -> str: ...

    @property
    def min_quantity(self) -> Decimal: ...

    @property
    def unit_price(self) -> Decimal: ...


@dataclass(frozen=True)
class PriceListItem:
    """A volume break (数量折扣): from ``min_quantity`` up, the unit price is ``unit_price``."""

    product_id: str
    min_quantity: Decimal
    unit_price: Decimal


def select_price_break(product_id: str, quantity: object, items: Iterable[PriceItem]) -> PriceItem | None:
    """The item of ``product_id`` with the largest ``min_quantity`` ≤ ``quantity``.

    Returns ``None`` when the list has no item for the product, or when the quantity is
    below the product's smallest break. If two items share the same break (a data
    mistake), the lower price wins so the result does not depend on row order.
    """
    qty = _quantity(quantity)
    best: PriceItem | None = None
    for item in items:
        if item.product_id != product_id:
            continue
        min_qty = to_decimal(item.min_quantity, "minimum quantity")
        if min_qty > qty:
            continue
        if best is None:
            best = item
            continue
        best_min = to_decimal(best.min_quantity, "minimum quantity")
        if min_qty > best_min or (
            min_qty == best_min
            and to_decimal(item.unit_price, "unit price") < to_decimal(best.unit_price, "unit price")
        ):
            best = item
    return best


def lookup_unit_price(
    product_id: str, quantity: object, items: Iterable[PriceItem], list_price: object
) -> Decimal:
    """Unit price for ``quantity`` of ``product_id`` from a tier price list.

    Picks the volume break with the largest minimum quantity not above ``quantity``; falls
    back to the product's ``list_price`` when the price list has no item for the product
    or the quantity is below its first break.
    """
    chosen = select_price_break(product_id, quantity, items)
    if chosen is None:
        return _price(list_price, "list price")
    return _price(chosen.unit_price, "unit price")


# --------------------------------------------------------------------------- totals


def line_net(line: QuoteLineInput) -> Decimal:
    """round_half_up(quantity × unit_price × (1 − discount/100), 2): the line subtotal."""
    factor = (HUNDRED - line.discount_pct) / HUNDRED
    return round_half_up(line.quantity * line.unit_price * factor, 2)


def allocate_largest_remainder(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` (whole cents) across ``weights`` proportionally, in whole cents.

    Largest-remainder (Hamilton) method: floor every exact share, then hand the
    remaining cents one each to the largest fractional remainders, earlier index first
    on ties. The result always sums exactly to ``total``. All-zero weights are only
    allowed with a zero total.
    """
    cents_total = int((total / CENT).to_integral_value())
    if total != cents_total * CENT:
        raise InvalidValue(f"Cannot allocate {total}: it is not a whole number of cents.")
    if any(w < 0 for w in weights):
        raise InvalidValue("Allocation weights cannot be negative.")
    weight_sum = sum(weights, ZERO)
    if weight_sum == 0:
        if cents_total != 0:
            raise InvalidValue(f"Cannot allocate {total} across lines worth nothing.")
        return [ZERO.quantize(CENT) for _ in weights]
    exact = [Decimal(cents_total) * w / weight_sum for w in weights]
    floors = [int(x.to_integral_value(rounding=ROUND_FLOOR)) for x in exact]
    left = cents_total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [(Decimal(c) * CENT).quantize(CENT) for c in floors]


def price_quote(lines: Sequence[QuoteLineInput], header_pct: object = ZERO) -> QuoteTotals:
    """Price every line and the header with THE rounding rule (see the module docstring)."""
    pct = header_discount_pct(header_pct)
    nets = [line_net(line) for line in lines]
    subtotal = sum(nets, ZERO).quantize(CENT)
    header_amount = round_half_up(subtotal * pct / HUNDRED, 2)
    shares = allocate_largest_remainder(header_amount, nets)
    priced: list[PricedLine] = []
    for line, net, share in zip(lines, nets, shares, strict=True):
        taxable = net - share
        tax = round_half_up(taxable * line.tax_rate / HUNDRED, 2)
        priced.append(
            PricedLine(
                line=line,
                line_subtotal=net,
                header_discount_share=share,
                taxable_amount=taxable,
                line_tax=tax,
                line_total=taxable + tax,
            )
        )
    tax_total = sum((p.line_tax for p in priced), ZERO).quantize(CENT)
    return QuoteTotals(
        subtotal=subtotal,
        header_discount_amount=header_amount,
        tax_total=tax_total,
        total=subtotal - header_amount + tax_total,
        lines=tuple(priced),
    )


@dataclass(frozen=True)
class LineBreakdown:
    """One line from list value to net: ``list_amount − discount == net``."""

    list_amount: Decimal  # round_half_up(quantity × unit price, 2), before any discount
    discount: Decimal  # what the line discount takes off
    net: Decimal  # the line subtotal (before the header discount and tax)


@dataclass(frozen=True)
class QuoteBreakdown:
    """A quote from list value to total, in amounts that visibly add up (cent for cent):

    ``list_amount − line_discount − header_discount == net`` and ``net + tax == total``;
    the lines' list amounts and discounts add up to the header's. ``net`` is the taxable
    amount (before tax); ``total`` is what the customer pays, tax included.
    """

    lines: tuple[LineBreakdown, ...]
    list_amount: Decimal
    line_discount: Decimal
    header_discount: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal

    @property
    def discount(self) -> Decimal:
        """Everything taken off the list value: line discounts and the header discount."""
        return self.line_discount + self.header_discount


def breakdown(lines: Sequence[QuoteLineInput], header_pct: object = ZERO) -> QuoteBreakdown:
    """List value, discounts, net, tax and total of a quote, by THE rounding rule."""
    totals = price_quote(lines, header_pct)
    parts = []
    for priced in totals.lines:
        gross = round_half_up(priced.line.quantity * priced.line.unit_price, 2)
        parts.append(LineBreakdown(gross, gross - priced.line_subtotal, priced.line_subtotal))
    list_amount = sum((p.list_amount for p in parts), ZERO).quantize(CENT)
    net = totals.subtotal - totals.header_discount_amount
    return QuoteBreakdown(
        lines=tuple(parts),
        list_amount=list_amount,
        line_discount=list_amount - totals.subtotal,
        header_discount=totals.header_discount_amount,
        net=net,
        tax=totals.tax_total,
        total=totals.total,
    )


def totals_match(
    declared_subtotal: object,
    declared_tax: object,
    declared_total: object,
    lines: Sequence[QuoteLineInput],
    header_pct: object = ZERO,
) -> bool:
    """Whether declared header totals equal the totals recomputed from the lines.

    The server uses this to reject a quote whose totals were tampered with or computed
    by an out-of-date client. Comparison is by value (``10.5`` equals ``10.50``); a
    declared value that is missing or not a number does not match.
    """
    try:
        check_totals(declared_subtotal, declared_tax, declared_total, lines, header_pct)
    except TotalsMismatch:
        return False
    return True


def check_totals(
    declared_subtotal: object,
    declared_tax: object,
    declared_total: object,
    lines: Sequence[QuoteLineInput],
    header_pct: object = ZERO,
) -> QuoteTotals:
    """Like :func:`totals_match` but raises :class:`TotalsMismatch` saying what differs.

    Returns the recomputed totals when everything matches.
    """
    totals = price_quote(lines, header_pct)
    problems: list[str] = []
    for label, declared, expected in (
        ("subtotal", declared_subtotal, totals.subtotal),
        ("tax total", declared_tax, totals.tax_total),
        ("total", declared_total, totals.total),
    ):
        try:
            value = to_decimal(declared, label)
        except InvalidValue:
            problems.append(f"the {label} {declared!r} is not an amount (expected {expected})")
            continue
        if value != expected:
            problems.append(f"the {label} is {value} but the lines give {expected}")
    if problems:
        raise TotalsMismatch(
            "The quote's totals do not match its lines: " + "; ".join(problems) + ".",
            subtotal=totals.subtotal,
            tax_total=totals.tax_total,
            total=totals.total,
        )
    return totals


# --------------------------------------------------------------------------- approval


def overall_discount_pct(lines: Sequence[QuoteLineInput], header_pct: object = ZERO) -> Decimal:
    """How far the quote's net (before tax) is below its reference value, in percent.

    Reference value = Σ quantity × (reference price, or unit price when none is given);
    net = Σ quantity × unit price × (1 − line%) × (1 − header%), computed exactly, before
    any cent rounding, so a rep giving exactly 10 % is not pushed over a 10 % limit by
    rounding of a cheap line. Rounded half-up to 4 decimals of a percent; 0 when the
    reference value is 0; never negative (a mark-up is not a negative discount).
    """
    pct = header_discount_pct(header_pct)
    reference = ZERO
    net = ZERO
    for line in lines:
        ref_price = line.reference_price if line.reference_price is not None else line.unit_price
        reference += line.quantity * ref_price
        net += line.quantity * line.unit_price * (HUNDRED - line.discount_pct) / HUNDRED
    if reference == 0:
        return ZERO
    net = net * (HUNDRED - pct) / HUNDRED
    overall = (reference - net) / reference * HUNDRED
    return max(ZERO, round_half_up(overall, EFFECTIVE_DISCOUNT_PLACES))


def max_discount_pct(lines: Sequence[QuoteLineInput], header_pct: object = ZERO) -> Decimal:
    """The effective discount (percent) that decides whether a quote needs approval.

    It is the largest of: any single line discount, the header discount, and the overall
    effective discount against the reference (list/price-list) prices from
    :func:`overall_discount_pct`. The overall figure closes two loopholes: stacking a
    10 % line discount on a 10 % header discount (= 19 % off, which must not pass a 10 %
    limit) and typing a unit price below the price list instead of entering a discount.
    """
    pct = header_discount_pct(header_pct)
    candidates = [pct, overall_discount_pct(lines, pct)]
    candidates.extend(line.discount_pct for line in lines)
    return max(candidates)


def discount_limit(role: Role | str, limits: Mapping[Role, Decimal] | None = None) -> Decimal:
    """The largest discount percent ``role`` may give (or approve) on its own."""
    table = DEFAULT_DISCOUNT_LIMITS if limits is None else limits
    key = enum_value(Role, role, "role", "role")
    if key not in table:
        raise InvalidValue(f"No discount limit is configured for the {key} role.", field="role")
    return to_decimal(table[key], f"{key} discount limit")


def needs_approval(
    effective_pct: object,
    role_limit: Decimal | int | str | Role,
    limits: Mapping[Role, Decimal] | None = None,
) -> bool:
    """Whether a discount of ``effective_pct`` exceeds ``role_limit`` (strictly).

    ``role_limit`` is either a percent or a :class:`Role`, looked up in ``limits``
    (default rep 10 %, supervisor 25 %). A discount exactly at the limit is allowed.
    """
    pct = _percent(effective_pct, "effective discount")
    if isinstance(role_limit, Role):
        limit = discount_limit(role_limit, limits)
    elif isinstance(role_limit, str) and role_limit.strip() in {r.value for r in Role}:
        limit = discount_limit(Role(role_limit.strip()), limits)
    else:
        limit = to_decimal(role_limit, "discount limit")
    return pct > limit


def can_approve(
    approver_role: Role | str,
    effective_pct: object,
    limits: Mapping[Role, Decimal] | None = None,
) -> bool:
    """Whether a supervisor/admin may approve this discount (within their own limit).

    Reps approve nothing. A supervisor may approve up to the supervisor limit (25 %);
    anything above goes to an admin.
    """
    role = Role(approver_role)
    if role is Role.REP:
        return False
    return not needs_approval(effective_pct, role, limits)
