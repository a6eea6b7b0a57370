"""The laptop's quote approval facts: the price list a customer's tier picks, a quote's
effective discount against it, and whether that discount needs a supervisor.

The write layer (``LocalAccess.quote_needs_approval`` in :mod:`local_db.writes`) and the
quote module (:mod:`local_db.quotes`) both need these, so they live here and import
nothing of either. The server's counterpart is ``server/quote_checks.py``: both hand the
same rows to ``domain.write_rules.quote_discount_pct``, so the laptop and the server reach
the same answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from domain.money import ZERO
from domain.pricing import PriceListItem, lookup_unit_price
from domain.write_rules import choose_price_list, quote_discount_needs_approval, quote_discount_pct
from local_db.tables import TABLES

products_t = TABLES["product"]
price_lists_t = TABLES["price_list"]
items_t = TABLES["price_list_item"]
lines_t = TABLES["quote_line"]
customers_t = TABLES["customer"]
users_t = TABLES["user"]

DEFAULT_CURRENCY = "CNY"


# =========================================================================== price lists


@dataclass(frozen=True)
class PriceList:
    id: str
    name: str
    tier: str | None
    currency: str
    items: Mapping[str, tuple[PriceListItem, ...]] = field(default_factory=dict)

    def breaks(self, product_id: str) -> tuple[PriceListItem, ...]:
        """The product's volume breaks, smallest minimum quantity first."""
        return self.items.get(product_id, ())


def price_lists(session: Session) -> list[dict[str, Any]]:
    t = price_lists_t
    return [
        dict(r)
        for r in session.execute(select(t).where(t.c.deleted == false()).order_by(t.c.name)).mappings()
    ]


def load_price_list(session: Session, price_list_id: str) -> PriceList | None:
    t = price_lists_t
    row = session.execute(select(t).where(t.c.id == price_list_id)).mappings().first()
    if row is None:
        return None
    items: dict[str, list[PriceListItem]] = {}
    it = items_t
    for r in session.execute(
        select(it.c.product_id, it.c.min_quantity, it.c.unit_price).where(
            it.c.price_list_id == price_list_id, it.c.deleted == false()
        )
    ):
        items.setdefault(r.product_id, []).append(PriceListItem(r.product_id, r.min_quantity, r.unit_price))
    frozen = {k: tuple(sorted(v, key=lambda i: i.min_quantity)) for k, v in items.items()}
    return PriceList(row["id"], row["name"], row["tier"], row["currency"] or DEFAULT_CURRENCY, frozen)


def price_list_for_tier(session: Session, tier: str | None, on: date | None) -> PriceList | None:
    chosen = choose_price_list(price_lists(session), tier, on)
    return load_price_list(session, chosen["id"]) if chosen else None


def customer_tier(session: Session, customer_id: str | None) -> str | None:
    if not customer_id:
        return None
    return session.scalar(select(customers_t.c.tier).where(customers_t.c.id == customer_id))


def price_list_for_customer(session: Session, customer_id: str | None, on: date | None) -> PriceList | None:
    return price_list_for_tier(session, customer_tier(session, customer_id), on)


# =========================================================================== approval facts


def stored_lines(session: Session, quote_id: str) -> list[dict[str, Any]]:
    t = lines_t
    return [
        dict(r)
        for r in session.execute(
            select(t).where(t.c.quote_id == quote_id, t.c.deleted == false()).order_by(t.c.line_no, t.c.id)
        ).mappings()
    ]


def _reference_prices(session: Session, quote: Mapping[str, Any]):
    price_list = price_list_for_customer(session, quote.get("customer_id"), quote.get("issue_date"))
    listed = {r.id: r.list_price for r in session.execute(select(products_t.c.id, products_t.c.list_price))}

    def reference(line: Mapping[str, Any]) -> Decimal | None:
        pid = line.get("product_id")
        if not pid or pid not in listed:
            return None
        breaks = price_list.breaks(pid) if price_list else ()
        return lookup_unit_price(pid, line["quantity"], breaks, listed[pid] or ZERO)

    return reference


def effective_discount(
    session: Session, quote: Mapping[str, Any], lines: Sequence[Mapping[str, Any]] | None = None
) -> Decimal:
    """The quote's effective discount in percent (``domain.pricing.max_discount_pct``)."""
    rows = stored_lines(session, quote["id"]) if lines is None else lines
    return quote_discount_pct(quote, rows, _reference_prices(session, quote))


def rep_role(session: Session, rep_id: str | None) -> str | None:
    return session.scalar(select(users_t.c.role).where(users_t.c.id == rep_id)) if rep_id else None


def quote_needs_approval(session: Session, quote: Mapping[str, Any]) -> bool:
    """What ``LocalAccess.quote_needs_approval`` answers: discount above the rep's limit."""
    return quote_discount_needs_approval(
        effective_discount(session, quote), rep_role(session, quote.get("rep_id"))
    )
