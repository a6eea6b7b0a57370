"""The server's quote checks, run on every pushed quote and quote-line change.

``domain.write_rules.check_write`` already decides who may make which status move (the
lifecycle, "send needs approval", "nobody approves their own quote"). This module adds
what needs the server's own rows:

**Needs approval** (:func:`needs_approval`, behind ``ServerAccess.quote_needs_approval``):
the effective discount of the stored lines (``domain.pricing.max_discount_pct``, with the
customer's tier price list as the reference price, so a typed-down unit price counts)
against the limit of the quote's rep — the same computation the laptop makes.

**The totals rule** (:func:`check`). Lines and the header are separate mutations, so while
a quote is a draft its stored totals may briefly lag its lines; they must be right when
somebody relies on them:

1. When a quote is **approved** or **sent** (and when a quote is created in any status
   but draft), its declared ``subtotal``, ``tax_total`` and ``total`` must equal the totals
   THE rounding rule gives for its lines on the server, and it must have at least one
   line. The approver signs those figures, the customer receives them, and an accepted
   quote's total is the sale the KPIs count.
2. **Outside draft the offer is frozen**: its lines cannot be added, changed or removed,
   and its header discount and currency cannot change (a returned quote is a draft again;
   otherwise the rep makes a revision). A write of ``subtotal``/``tax_total``/``total``
   outside draft is accepted only when the figures still equal the lines.
3. An approval must be signed by the approver (``approved_by``) and stay within the
   approver's own limit (a supervisor may approve up to 25 %; above that, an admin).

Submitting for approval (draft → pending approval) is not a totals checkpoint: the
supervisor's approval is, so nothing reaches the customer unchecked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.enums import QuoteStatus, Role
from domain.errors import DomainError, NotPermitted
from domain.pricing import QuoteLineInput, can_approve, check_totals, discount_limit, lookup_unit_price
from domain.schema import Entity
from domain.write_rules import (
    DELETE,
    INSERT,
    Actor,
    choose_price_list,
    quote_discount_needs_approval,
    quote_discount_pct,
)
from server.store.tables import TABLES

S = QuoteStatus
#: Moves at which the declared totals must equal the lines (rule 1).
TOTALS_CHECKED_ON = frozenset({S.APPROVED.value, S.SENT.value})
FROZEN_FIELDS = ("header_discount_pct", "currency")
TOTAL_FIELDS = ("subtotal", "tax_total", "total")
#: How a line's quote is found: its id → the live quote as a dict, or None.
QuoteOf = Callable[[str | None], dict[str, Any] | None]


def _lines(session: Session, quote_id: str) -> list[dict[str, Any]]:
    t = TABLES["quote_line"]
    return [
        dict(r)
        for r in session.execute(
            select(t).where(t.c.quote_id == quote_id, ~t.c.deleted).order_by(t.c.line_no, t.c.id)
        ).mappings()
    ]


def _quote(session: Session, quote_id: str | None) -> dict[str, Any] | None:
    if not quote_id:
        return None
    t = TABLES["quote"]
    row = session.execute(select(t).where(t.c.id == quote_id, ~t.c.deleted)).mappings().first()
    return dict(row) if row else None


def _reference_prices(session: Session, quote: Mapping[str, Any]):
    customers, lists, items, products = (
        TABLES[n] for n in ("customer", "price_list", "price_list_item", "product")
    )
    tier = session.scalar(select(customers.c.tier).where(customers.c.id == quote.get("customer_id")))
    all_lists = [dict(r) for r in session.execute(select(lists).where(~lists.c.deleted)).mappings()]
    chosen = choose_price_list(all_lists, tier, quote.get("issue_date"))
    cache: dict[str, tuple[Decimal | None, list]] = {}

    def reference(line: Mapping[str, Any]) -> Decimal | None:
        pid = line.get("product_id")
        if not pid:
            return None
        if pid not in cache:
            list_price = session.scalar(select(products.c.list_price).where(products.c.id == pid))
            breaks = (
                []
                if chosen is None
                else list(
                    session.execute(
                        select(items.c.product_id, items.c.min_quantity, items.c.unit_price).where(
                            items.c.price_list_id == chosen["id"], items.c.product_id == pid, ~items.c.deleted
                        )
                    )
                )
            )
            cache[pid] = (list_price, breaks)
        list_price, breaks = cache[pid]
        if list_price is None:
            return None
        return lookup_unit_price(pid, line["quantity"], breaks, list_price)

    return reference


def effective_discount(session: Session, quote: Mapping[str, Any]) -> Decimal:
    return quote_discount_pct(quote, _lines(session, quote["id"]), _reference_prices(session, quote))


def needs_approval(session: Session, quote: Mapping[str, Any]) -> bool:
    users = TABLES["user"]
    role = session.scalar(select(users.c.role).where(users.c.id == quote.get("rep_id")))
    return quote_discount_needs_approval(effective_discount(session, quote), role)


def _label(status: str | None) -> str:
    return (status or "").replace("_", " ")


def _differs(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    try:
        return Decimal(str(a)) != Decimal(str(b))
    except ArithmeticError:
        return a != b


def _check_totals(session: Session, quote: Mapping[str, Any], why: str) -> None:
    lines = _lines(session, quote["id"])
    if not lines:
        raise DomainError(
            f"Quote {quote.get('number')} has no lines: add at least one line before it is {why}.",
            code="empty_quote",
        )
    inputs = [
        QuoteLineInput(
            quantity=r["quantity"],
            unit_price=r["unit_price"],
            discount_pct=r["discount_pct"] or Decimal(0),
            tax_rate=r["tax_rate"] or Decimal(0),
        )
        for r in lines
    ]
    check_totals(
        quote.get("subtotal"),
        quote.get("tax_total"),
        quote.get("total"),
        inputs,
        quote.get("header_discount_pct") or Decimal(0),
    )


def check(
    session: Session,
    entity: Entity,
    op: str,
    actor: Actor,
    old: Mapping[str, Any] | None,
    changes: Mapping[str, Any],
    quote_of: QuoteOf | None = None,
) -> None:
    """Raise a readable :class:`DomainError` when a quote or quote-line change breaks the rules above.

    ``quote_of``: how a line's quote is found (a live quote as a dict, else None), when the
    caller already holds the quotes (a push batch); by default it is read."""
    if entity.name == "quote_line":
        _check_line(session, op, old, changes, quote_of)
    elif entity.name == "quote" and op != DELETE:
        _check_quote(session, op, actor, old, changes)


def _check_line(
    session: Session,
    op: str,
    old: Mapping[str, Any] | None,
    changes: Mapping[str, Any],
    quote_of: QuoteOf | None = None,
) -> None:
    after = {**(old or {}), **changes}
    quote = quote_of(after.get("quote_id")) if quote_of else _quote(session, after.get("quote_id"))
    if quote is None:
        raise DomainError("The quote of this line is not on the server.", code="not_found", field="quote_id")
    if op == INSERT and after.get("customer_id") != quote["customer_id"]:
        raise DomainError(
            "A quote line must belong to its quote's customer.", code="not_permitted", field="customer_id"
        )
    if quote["status"] != S.DRAFT.value:
        raise DomainError(
            f"Quote {quote['number']} is {_label(quote['status'])}: its lines can no longer change. "
            "A quote returned by the approver is a draft again; otherwise create a revision.",
            code="quote_locked",
            field="quote_id",
        )


def _check_quote(
    session: Session, op: str, actor: Actor, old: Mapping[str, Any] | None, changes: Mapping[str, Any]
) -> None:
    after = {**(old or {}), **changes}
    status = after.get("status")
    before = old.get("status") if old else None
    number = after.get("number")
    if op == INSERT:
        if status != S.DRAFT.value:
            _check_totals(session, after, _label(status))
        return
    if before != S.DRAFT.value:
        frozen = [f for f in FROZEN_FIELDS if f in changes and _differs(changes[f], old.get(f))]
        if frozen:
            raise DomainError(
                f"Quote {number} is {_label(before)}: its {frozen[0].replace('_pct', '').replace('_', ' ')} "
                "can no longer change. Create a revision to change the offer.",
                code="quote_locked",
                field=frozen[0],
            )
    moving = status != before
    if moving and status in TOTALS_CHECKED_ON:
        _check_totals(session, after, _label(status))
    elif before != S.DRAFT.value and any(
        f in changes and _differs(changes[f], old.get(f)) for f in TOTAL_FIELDS
    ):
        _check_totals(session, after, "changed outside draft")
    if moving and status == S.APPROVED.value:
        if after.get("approved_by") != actor.id:
            raise NotPermitted(
                "An approval must be signed by the person approving (approved by).",
                code="approval_unsigned",
                field="approved_by",
            )
        pct = effective_discount(session, after)
        if not can_approve(actor.role, pct):
            raise NotPermitted(
                f"The quote's effective discount of {pct.normalize():f}% is above the "
                f"{Role(actor.role).value} "
                f"limit of {discount_limit(actor.role).normalize():f}%; an administrator must approve it.",
                code="above_approver_limit",
                field="status",
            )
