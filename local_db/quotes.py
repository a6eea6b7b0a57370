"""Quotes on the laptop: the catalogue, tier price lists, numbering and every quote write.

Everything here works without the network. Reads come from the local replica; every write
goes through :class:`local_db.writes.LocalWriter` (so it is checked by the same rules the
server applies and queued in the outbox), inside the caller's transaction.

* **Catalogue** (:class:`Catalog`): active products by category, searchable by SKU, name,
  full pinyin and pinyin initials (``dyj`` finds 打印机).
* **Price lists** (:class:`PriceList`): the customer's tier picks the list
  (``domain.write_rules.choose_price_list``), the quantity picks the volume break
  (``domain.pricing.lookup_unit_price``); products missing from the list use their list
  price. The list's currency is the quote's currency (CNY when there is no list).
* **Drafts** (:class:`QuoteDraft`): the editor works on an in-memory draft and saves it
  with :func:`save_draft`, which writes only what changed and recomputes every stored
  amount with ``domain.pricing`` (THE rounding rule), so stored totals always match the
  lines.
* **Numbers**: ``<rep code>-<year>-<counter>`` (``RA-2026-0007``); the counter is one more
  than both the highest number of that rep and year this laptop holds and a high-water
  mark kept in the local-only ``sync_state`` table (``quote_counter:RA:2026``), so a
  number is never handed out twice, even after its draft was deleted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, case, cast, false, func, or_, select
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from domain import quote_lifecycle
from domain.enums import QuoteStatus
from domain.errors import DomainError, InvalidValue
from domain.money import ZERO, to_decimal
from domain.org_settings import CompanyProfile
from domain.pricing import (
    PriceListItem,
    QuoteLineInput,
    QuoteTotals,
    lookup_unit_price,
    price_quote,
    select_price_break,
)
from domain.quote_lifecycle import format_quote_number, parse_quote_number
from local_db import org_settings
from local_db.db import set_state
from local_db.models import SyncState
from local_db.queries import Sort, _order, _page, customer_sort
from local_db.quote_checks import (  # noqa: F401 - the price lists and approval facts, re-exported
    DEFAULT_CURRENCY,
    PriceList,
    customer_tier,
    effective_discount,
    load_price_list,
    price_list_for_customer,
    price_list_for_tier,
    price_lists,
    quote_needs_approval,
    rep_role,
    stored_lines,
)
from local_db.tables import TABLES
from local_db.writes import LocalWriter

products_t = TABLES["product"]
quotes_t = TABLES["quote"]
lines_t = TABLES["quote_line"]
customers_t = TABLES["customer"]
contacts_t = TABLES["contact"]
users_t = TABLES["user"]

S = QuoteStatus
DEFAULT_VALIDITY_DAYS = 30
COUNTER_KEY = "quote_counter:{rep}:{year}"
COMPANY_KEY = "company_profile"
#: Statuses a revision can be made of: the customer has (or had) the offer in hand.
REVISABLE = frozenset({S.SENT, S.EXPIRED, S.REJECTED})


def today_local() -> date:
    return datetime.now().date()


# =========================================================================== catalogue


def _pinyin_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of ``text``, lower case without spaces; other characters kept.

    ``"A4复印纸 70g"`` → ``("a4fuyinzhi70g", "a4fyz70g")``.
    """
    from pypinyin import Style, lazy_pinyin  # on first use: keeps ~0.3 s off every start-up

    full: list[str] = []
    initials: list[str] = []
    for token, letter in zip(
        lazy_pinyin(text, errors="default"),
        lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default"),
        strict=True,
    ):
        full.append(token)
        # Non-Chinese runs come back whole ("A4", " 70g"): keep them whole in both keys.
        initials.append(letter if token != letter or len(token) <= 1 else token)
    squash = re.compile(r"\s+")
    return squash.sub("", "".join(full)).lower(), squash.sub("", "".join(initials)).lower()


@dataclass(frozen=True)
class Product:
    id: str
    sku: str
    name: str
    unit: str
    category: str
    list_price: Decimal
    tax_rate: Decimal
    description: str = ""
    active: bool = True
    pinyin: str = ""
    initials: str = ""

    def _score(self, token: str) -> int | None:
        """How well one search word matches (lower is better); None: no match."""
        sku, name = self.sku.lower(), self.name.lower()
        if sku == token:
            return 0
        if sku.startswith(token):
            return 1
        if name.startswith(token) or self.initials.startswith(token) or self.pinyin.startswith(token):
            return 2
        if token in name or token in sku:
            return 3
        if token in self.initials or token in self.pinyin or token in self.category.lower():
            return 4
        return None


class Catalog:
    """The active products on this laptop, in category order (alphabetical, Chinese by pinyin),
    with search."""

    def __init__(self, products: Iterable[Product]):
        self.products = list(products)
        self.by_id = {p.id: p for p in self.products}
        order: dict[str, int] = {}
        for p in self.products:
            order.setdefault(p.category, len(order))
        self._category_rank = order

    def categories(self) -> list[str]:
        return list(self._category_rank)

    def get(self, product_id: str | None) -> Product | None:
        return self.by_id.get(product_id) if product_id else None

    def search(self, text: str = "", category: str | None = None, limit: int | None = None) -> list[Product]:
        """Products matching every word of ``text`` (SKU, name, pinyin, initials), best first."""
        words = [w for w in re.split(r"\s+", text.strip().lower()) if w]
        found: list[tuple[int, int, str, Product]] = []
        for p in self.products:
            if category and p.category != category:
                continue
            score = 0
            for w in words:
                s = p._score(w)
                if s is None:
                    break
                score += s
            else:
                found.append((score, self._category_rank[p.category], p.sku, p))
        found.sort(key=lambda t: t[:3])
        result = [t[3] for t in found]
        return result[:limit] if limit else result


def load_catalog(session: Session, include_inactive: bool = False) -> Catalog:
    t = products_t
    stmt = select(t).where(t.c.deleted == false())
    if not include_inactive:
        stmt = stmt.where(or_(t.c.active.is_(None), t.c.active))
    products = []
    for r in session.execute(stmt).mappings():
        full, initials = _pinyin_keys(r["name"] or "")
        products.append(
            Product(
                r["id"],
                r["sku"],
                r["name"],
                r["unit"],
                r["category"] or "",
                r["list_price"] or ZERO,
                r["tax_rate"] or ZERO,
                r["description"] or "",
                r["active"] is not False,
                full,
                initials,
            )
        )
    # Categories alphabetically (Chinese names by their pinyin), products by SKU within each.
    keys = {c: (_pinyin_keys(c)[0], c) for c in {p.category for p in products}}
    products.sort(key=lambda p: (keys[p.category], p.sku))
    return Catalog(products)


# =========================================================================== price lists


def price_for(product: Product, quantity: object, price_list: PriceList | None) -> Decimal:
    """The unit price of ``quantity`` of ``product`` for a customer on ``price_list``.

    The volume break with the largest minimum quantity not above ``quantity``; the list
    price when the product is not on the list (or the quantity is below its first break).
    """
    breaks = price_list.breaks(product.id) if price_list else ()
    return lookup_unit_price(product.id, quantity, breaks, product.list_price)


def price_break_for(product: Product, quantity: object, price_list: PriceList | None) -> PriceListItem | None:
    if price_list is None:
        return None
    return select_price_break(product.id, quantity, price_list.breaks(product.id))  # type: ignore[return-value]


# =========================================================================== numbering


def rep_code_of(session: Session, user_id: str) -> str:
    """The user's rep code (letters and digits); derived from the username when unset."""
    row = session.execute(
        select(users_t.c.rep_code, users_t.c.username).where(users_t.c.id == user_id)
    ).first()
    code = (row.rep_code or "").strip() if row else ""
    if not re.fullmatch(r"[A-Za-z0-9]+", code):
        code = re.sub(r"[^A-Za-z0-9]", "", (row.username if row else "") or "").upper() or "Q"
    return code


def next_quote_number(session: Session, rep_code: str, year: int, *, take: bool = True) -> str:
    """The next free number ``<rep>-<year>-<counter>``; with ``take`` the mark is raised.

    Both what this laptop holds (every quote of that rep and year, deleted ones too) and
    the high-water mark count, so a number is never reused — not after a deleted draft,
    and not after a quote left the laptop with its customer.
    """
    key = COUNTER_KEY.format(rep=rep_code, year=year)
    mark = session.scalar(select(SyncState.value).where(SyncState.key == key))
    highest = int(mark) if mark and mark.isdigit() else 0
    prefix = f"{rep_code}-{year:04d}-"
    for number in session.scalars(select(quotes_t.c.number).where(quotes_t.c.number.like(prefix + "%"))):
        try:
            parsed = parse_quote_number(number)
        except InvalidValue:
            continue
        if parsed.rep_code == rep_code and parsed.year == year:
            highest = max(highest, parsed.counter)
    counter = highest + 1
    if take:
        set_state(session, key, str(counter))
    return format_quote_number(rep_code, year, counter)


# =========================================================================== drafts


@dataclass
class DraftLine:
    """A line as the editor holds it. ``price_typed``: the rep typed the unit price, so a
    new quantity keeps it instead of picking the volume break again."""

    product_id: str | None
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount_pct: Decimal = ZERO
    tax_rate: Decimal = ZERO
    sku: str = ""
    unit: str = ""
    price_typed: bool = False
    id: str | None = None

    def as_input(self, reference: Decimal | None = None) -> QuoteLineInput:
        return QuoteLineInput(
            quantity=self.quantity,
            unit_price=self.unit_price,
            discount_pct=self.discount_pct,
            tax_rate=self.tax_rate,
            reference_price=reference,
            product_id=self.product_id,
            description=self.description,
        )


@dataclass
class QuoteDraft:
    customer_id: str | None = None
    contact_id: str | None = None
    currency: str = DEFAULT_CURRENCY
    issue_date: date = field(default_factory=today_local)
    valid_until: date | None = None
    header_discount_pct: Decimal = ZERO
    notes: str = ""
    lines: list[DraftLine] = field(default_factory=list)
    id: str | None = None
    number: str | None = None
    status: str = S.DRAFT.value
    rep_id: str | None = None
    revision: int = 1
    revision_of_id: str | None = None
    approval_comment: str | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None
    sent_at: datetime | None = None
    decided_at: datetime | None = None
    version: int = 0

    @property
    def editable(self) -> bool:
        """Lines, prices and discounts change only while the quote is a draft."""
        return self.status == S.DRAFT.value

    def totals(self) -> QuoteTotals:
        """Subtotal, header discount, tax and total with THE rounding rule (domain.pricing)."""
        return price_quote([line.as_input() for line in self.lines], self.header_discount_pct)

    def effective_status(self, today: date) -> QuoteStatus:
        return quote_lifecycle.effective_status(self.status, self.valid_until, today)


def new_draft(session: Session, customer_id: str | None = None, *, today: date | None = None) -> QuoteDraft:
    """An unsaved draft for ``customer_id`` with its primary contact and the list's currency."""
    issued = today or today_local()
    draft = QuoteDraft(issue_date=issued, valid_until=issued + timedelta(days=DEFAULT_VALIDITY_DAYS))
    if customer_id:
        set_customer(session, draft, customer_id)
    return draft


def set_customer(
    session: Session, draft: QuoteDraft, customer_id: str, catalog: Catalog | None = None
) -> PriceList | None:
    """Point an unsaved draft at another customer: contact, currency and un-typed prices follow."""
    if draft.id is not None and draft.customer_id != customer_id:
        raise DomainError(
            "A saved quote cannot move to another customer; copy it instead.",
            code="not_permitted",
            field="customer_id",
        )
    draft.customer_id = customer_id
    contacts = contacts_of(session, customer_id)
    if draft.contact_id not in {c["id"] for c in contacts}:
        primary = next((c for c in contacts if c["is_primary"]), contacts[0] if contacts else None)
        draft.contact_id = primary["id"] if primary else None
    price_list = price_list_for_customer(session, customer_id, draft.issue_date)
    draft.currency = price_list.currency if price_list else DEFAULT_CURRENCY
    if catalog is not None:
        reprice(draft, catalog, price_list)
    return price_list


def reprice(draft: QuoteDraft, catalog: Catalog, price_list: PriceList | None) -> None:
    """Every line whose price was not typed takes the price list's price for its quantity."""
    for i, line in enumerate(draft.lines):
        product = catalog.get(line.product_id)
        if product is not None and not line.price_typed:
            draft.lines[i] = replace(line, unit_price=price_for(product, line.quantity, price_list))


def line_for_product(product: Product, quantity: object, price_list: PriceList | None) -> DraftLine:
    qty = to_decimal(quantity, "quantity")
    return DraftLine(
        product_id=product.id,
        description=product.name,
        quantity=qty,
        unit_price=price_for(product, qty, price_list),
        tax_rate=product.tax_rate,
        sku=product.sku,
        unit=product.unit,
    )


@dataclass(frozen=True)
class DraftContext:
    """What the editor shows around a draft: the customer's price list, the customer and
    their contacts, the rep, the approver and the quote it revises."""

    price_list: PriceList | None
    customer: RowMapping | None
    contacts: list[RowMapping]
    rep: RowMapping | None
    approver: RowMapping | None
    revision_of: str | None


def draft_context(session: Session, draft: QuoteDraft, user_id: str | None) -> DraftContext:
    """The rows around ``draft`` in one read (``user_id``: the rep of a draft that has none yet)."""
    d = draft
    return DraftContext(
        price_list=price_list_for_customer(session, d.customer_id, d.issue_date) if d.customer_id else None,
        customer=customer(session, d.customer_id),
        contacts=contacts_of(session, d.customer_id) if d.customer_id else [],
        rep=user(session, d.rep_id) if d.rep_id else user(session, user_id),
        approver=user(session, d.approved_by) if d.approved_by else None,
        revision_of=quote_number(session, d.revision_of_id),
    )


def quote_row(session: Session, quote_id: str) -> dict[str, Any] | None:
    row = (
        session.execute(select(quotes_t).where(quotes_t.c.id == quote_id, quotes_t.c.deleted == false()))
        .mappings()
        .first()
    )
    return dict(row) if row else None


def load_draft(session: Session, quote_id: str, catalog: Catalog | None = None) -> QuoteDraft:
    """The stored quote as an editable draft; a price that is not the price list's counts as typed."""
    q = quote_row(session, quote_id)
    if q is None:
        raise DomainError("This quote is no longer on this laptop.", code="not_found")
    catalog = catalog or load_catalog(session, include_inactive=True)
    price_list = price_list_for_customer(session, q["customer_id"], q["issue_date"])
    lines = []
    for r in stored_lines(session, quote_id):
        product = catalog.get(r["product_id"])
        typed = True
        if product is not None and r["quantity"] and r["quantity"] > 0:
            typed = price_for(product, r["quantity"], price_list) != r["unit_price"]
        lines.append(
            DraftLine(
                product_id=r["product_id"],
                description=r["description"] or "",
                quantity=r["quantity"],
                unit_price=r["unit_price"],
                discount_pct=r["discount_pct"] or ZERO,
                tax_rate=r["tax_rate"] or ZERO,
                sku=product.sku if product else "",
                unit=product.unit if product else "",
                price_typed=typed,
                id=r["id"],
            )
        )
    return QuoteDraft(
        customer_id=q["customer_id"],
        contact_id=q["contact_id"],
        currency=q["currency"] or DEFAULT_CURRENCY,
        issue_date=q["issue_date"],
        valid_until=q["valid_until"],
        header_discount_pct=q["header_discount_pct"] or ZERO,
        notes=q["notes"] or "",
        lines=lines,
        id=q["id"],
        number=q["number"],
        status=q["status"],
        rep_id=q["rep_id"],
        revision=q["revision"] or 1,
        revision_of_id=q["revision_of_id"],
        approval_comment=q["approval_comment"],
        approved_by=q["approved_by"],
        approved_at=q["approved_at"],
        sent_at=q["sent_at"],
        decided_at=q["decided_at"],
        version=q["version"] or 0,
    )


_LINE_FIELDS = (
    "line_no",
    "product_id",
    "description",
    "quantity",
    "unit_price",
    "discount_pct",
    "tax_rate",
    "line_subtotal",
    "line_tax",
    "line_total",
)


def save_draft(session: Session, draft: QuoteDraft, *, writer=None) -> str:
    """Write the draft (new or changed) through the LocalWriter; returns the quote's id.

    One transaction (the caller's session): a new quote gets its number, then lines are
    inserted, updated or deleted as needed and every stored amount — line nets, taxes,
    totals and the header totals — is recomputed with THE rounding rule. Only a draft can
    be saved: after it leaves draft its prices are fixed.
    """

    w = writer or LocalWriter.for_owner(session)
    if not draft.customer_id:
        raise DomainError("Choose the customer first.", code="required", field="customer_id")
    if draft.id is not None:
        stored = quote_row(session, draft.id)
        if stored is None:
            raise DomainError("This quote is no longer on this laptop.", code="not_found")
        if stored["status"] != S.DRAFT.value:
            raise DomainError(
                f"Quote {stored['number']} is no longer a draft: its lines and prices are fixed. "
                "Create a revision to change the offer.",
                code="quote_locked",
            )
    totals = draft.totals()  # validates every line (quantity > 0, percents 0–100…) first
    header = {
        "contact_id": draft.contact_id,
        "currency": draft.currency or DEFAULT_CURRENCY,
        "issue_date": draft.issue_date,
        "valid_until": draft.valid_until,
        "header_discount_pct": draft.header_discount_pct,
        "notes": draft.notes or None,
        "subtotal": totals.subtotal,
        "tax_total": totals.tax_total,
        "total": totals.total,
    }
    if draft.id is None:
        rep_id = w.actor.id
        number = next_quote_number(session, rep_code_of(session, rep_id), draft.issue_date.year)
        draft.id = w.insert(
            "quote",
            {
                **header,
                "customer_id": draft.customer_id,
                "rep_id": rep_id,
                "number": number,
                "status": S.DRAFT.value,
                "revision": draft.revision or 1,
                "revision_of_id": draft.revision_of_id,
            },
        )
        draft.number, draft.rep_id, draft.status = number, rep_id, S.DRAFT.value
    else:
        w.update("quote", draft.id, header)
    existing = {r["id"]: r for r in stored_lines(session, draft.id)}
    kept: set[str] = set()
    for no, (line, priced) in enumerate(zip(draft.lines, totals.lines, strict=True), start=1):
        values = {
            "line_no": no,
            "product_id": line.product_id,
            "description": line.description or None,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "discount_pct": line.discount_pct,
            "tax_rate": line.tax_rate,
            "line_subtotal": priced.line_subtotal,
            "line_tax": priced.line_tax,
            "line_total": priced.line_total,
        }
        if line.id and line.id in existing:
            w.update("quote_line", line.id, values)
            kept.add(line.id)
        else:
            line.id = w.insert(
                "quote_line", {**values, "customer_id": draft.customer_id, "quote_id": draft.id}
            )
            kept.add(line.id)
    for line_id in set(existing) - kept:
        w.delete("quote_line", line_id)
    return draft.id


# =========================================================================== operations


def add_line(
    session: Session,
    quote_id: str,
    product_id: str | None = None,
    quantity: object = 1,
    *,
    unit_price: object | None = None,
    discount_pct: object = ZERO,
    tax_rate: object | None = None,
    description: str | None = None,
) -> str:
    """Add one line to a saved draft (price from the customer's list unless given); its id."""
    catalog = load_catalog(session, include_inactive=True)
    draft = load_draft(session, quote_id, catalog)
    price_list = price_list_for_customer(session, draft.customer_id, draft.issue_date)
    product = catalog.get(product_id)
    if product_id and product is None:
        raise DomainError(
            "This product is not in the catalogue on this laptop.", code="not_found", field="product_id"
        )
    if product is not None:
        line = line_for_product(product, quantity, price_list)
    else:
        if unit_price is None or not description:
            raise DomainError(
                "A line without a product needs a description and a unit price.",
                code="required",
                field="description",
            )
        line = DraftLine(
            None,
            description,
            to_decimal(quantity, "quantity"),
            to_decimal(unit_price, "unit price"),
            price_typed=True,
        )
    if unit_price is not None:
        line.unit_price, line.price_typed = to_decimal(unit_price, "unit price"), True
    if tax_rate is not None:
        line.tax_rate = to_decimal(tax_rate, "tax rate")
    if description:
        line.description = description
    line.discount_pct = to_decimal(discount_pct, "line discount")
    draft.lines.append(line)
    save_draft(session, draft)
    return line.id  # type: ignore[return-value]


def update_line(session: Session, line_id: str, **changes: Any) -> None:
    """Change a line of a saved draft: quantity (re-picks the volume break unless the price
    was typed), unit_price (None: back to the price list), discount_pct, tax_rate, description."""
    quote_id = session.scalar(select(lines_t.c.quote_id).where(lines_t.c.id == line_id))
    if quote_id is None:
        raise DomainError("This line is no longer on this laptop.", code="not_found")
    catalog = load_catalog(session, include_inactive=True)
    draft = load_draft(session, quote_id, catalog)
    price_list = price_list_for_customer(session, draft.customer_id, draft.issue_date)
    index = next(i for i, line in enumerate(draft.lines) if line.id == line_id)
    line = draft.lines[index]
    product = catalog.get(line.product_id)
    if "unit_price" in changes:
        if changes["unit_price"] is None:
            line.price_typed = False
        else:
            line.unit_price, line.price_typed = to_decimal(changes["unit_price"], "unit price"), True
    if "quantity" in changes:
        line.quantity = to_decimal(changes["quantity"], "quantity")
    for name in ("discount_pct", "tax_rate"):
        if name in changes:
            setattr(line, name, to_decimal(changes[name], name.replace("_", " ")))
    if "description" in changes:
        line.description = changes["description"] or ""
    if product is not None and not line.price_typed:
        line.unit_price = price_for(product, line.quantity, price_list)
    save_draft(session, draft)


def remove_line(session: Session, line_id: str) -> None:
    quote_id = session.scalar(select(lines_t.c.quote_id).where(lines_t.c.id == line_id))
    if quote_id is None:
        raise DomainError("This line is no longer on this laptop.", code="not_found")
    draft = load_draft(session, quote_id)
    draft.lines = [line for line in draft.lines if line.id != line_id]
    save_draft(session, draft)


def recompute_totals(session: Session, quote_id: str) -> QuoteTotals:
    """Store the amounts THE rounding rule gives for the stored lines (a no-op when they agree)."""
    draft = load_draft(session, quote_id)
    save_draft(session, draft)
    return draft.totals()


def copy_quote(
    session: Session, quote_id: str, customer_id: str | None = None, *, today: date | None = None
) -> str:
    """A new draft with the lines of ``quote_id`` for ``customer_id`` (default: the same one).

    Prices come from the target customer's price list today, except prices that were typed
    by hand, which are kept; discounts, tax rates, descriptions and the header discount are
    copied. The copy has its own number and is not a revision.
    """
    catalog = load_catalog(session, include_inactive=True)
    source = load_draft(session, quote_id, catalog)
    draft = new_draft(session, customer_id or source.customer_id, today=today)
    if draft.customer_id == source.customer_id and source.contact_id:
        draft.contact_id = source.contact_id
    draft.header_discount_pct = source.header_discount_pct
    draft.notes = source.notes
    draft.lines = [replace(line, id=None) for line in source.lines]
    reprice(draft, catalog, price_list_for_customer(session, draft.customer_id, draft.issue_date))
    return save_draft(session, draft)


def create_revision(session: Session, quote_id: str, *, today: date | None = None) -> str:
    """Revision n+1 of a quote the customer has seen (sent, expired or rejected): a new draft
    with the same lines and prices, ``revision_of_id`` pointing at it, and a new number."""
    source = load_draft(session, quote_id)
    issued = today or today_local()
    status = source.effective_status(issued)
    if status not in REVISABLE:
        raise DomainError(
            "Only a quote that was sent to the customer can be revised; copy it instead.",
            code="not_revisable",
        )
    validity = (source.valid_until - source.issue_date).days if source.valid_until else DEFAULT_VALIDITY_DAYS
    draft = replace(
        source,
        id=None,
        number=None,
        status=S.DRAFT.value,
        rep_id=None,
        issue_date=issued,
        valid_until=issued + timedelta(days=max(validity, 1)),
        revision=(source.revision or 1) + 1,
        revision_of_id=source.id,
        approval_comment=None,
        approved_by=None,
        approved_at=None,
        sent_at=None,
        decided_at=None,
        version=0,
        lines=[replace(line, id=None) for line in source.lines],
    )
    return save_draft(session, draft)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def change_status(
    session: Session,
    quote_id: str,
    target: QuoteStatus | str,
    *,
    comment: str | None = None,
    writer=None,
    now: datetime | None = None,
) -> None:
    """Move a quote along its lifecycle, with the stamps that go with each move.

    ``pending_approval`` (submit), ``sent``, ``approved`` (supervisor/admin, within their own
    discount limit; signs ``approved_by``/``approved_at``), ``draft`` from pending (returned,
    comment required), ``accepted``/``rejected``/``expired`` (the customer's answer) and
    ``cancelled``. The LocalWriter checks the move with the domain rules, so a quote whose
    discount needs approval cannot be sent without it.
    """

    w = writer or LocalWriter.for_owner(session)
    q = quote_row(session, quote_id)
    if q is None:
        raise DomainError("This quote is no longer on this laptop.", code="not_found")
    target = QuoteStatus(target)
    origin = QuoteStatus(q["status"])
    at = now or _now()
    values: dict[str, Any] = {"status": target.value}
    if origin is S.DRAFT and target in (S.PENDING_APPROVAL, S.SENT):
        lines = stored_lines(session, quote_id)
        if not lines:
            raise DomainError("Add at least one line before the quote leaves draft.", code="empty_quote")
    text = (comment or "").strip() or None
    if origin is S.PENDING_APPROVAL and target is S.APPROVED:
        pct = effective_discount(session, q)
        quote_lifecycle.check_transition(
            origin, target, w.actor.role, w.actor.id, q["rep_id"], True, discount_pct=pct
        )
        values.update(approved_by=w.actor.id, approved_at=at, approval_comment=text)
    elif origin is S.PENDING_APPROVAL and target is S.DRAFT:
        values["approval_comment"] = text
    elif target is S.SENT:
        values["sent_at"] = at
    elif target in (S.ACCEPTED, S.REJECTED, S.EXPIRED):
        values["decided_at"] = at
    w.update("quote", quote_id, values)


# =========================================================================== reads for the UI


def contacts_of(session: Session, customer_id: str) -> list[RowMapping]:
    t = contacts_t
    return list(
        session.execute(
            select(t.c.id, t.c.name, t.c.title, t.c.phone, t.c.mobile, t.c.email, t.c.is_primary)
            .where(t.c.customer_id == customer_id, t.c.deleted == false())
            .order_by(t.c.is_primary.desc(), t.c.name)
        ).mappings()
    )


def _by_id(session: Session, table, row_id: str | None) -> RowMapping | None:
    if not row_id:
        return None
    return session.execute(select(table).where(table.c.id == row_id)).mappings().first()


def customer(session: Session, customer_id: str | None) -> RowMapping | None:
    return _by_id(session, customers_t, customer_id)


def contact(session: Session, contact_id: str | None) -> RowMapping | None:
    return _by_id(session, contacts_t, contact_id)


def user(session: Session, user_id: str | None) -> RowMapping | None:
    return _by_id(session, users_t, user_id)


def quote_number(session: Session, quote_id: str | None) -> str | None:
    if not quote_id:
        return None
    return session.scalar(select(quotes_t.c.number).where(quotes_t.c.id == quote_id))


# -- the quotes list -------------------------------------------------------------------------

rep_t = users_t.alias("quote_rep")
_customer_name = customers_t.c.name.label("customer_name")

DEFAULT_QUOTE_SORT = Sort("issue_date", descending=True)
QUOTE_SORT_KEYS: dict[str, ColumnElement] = {
    "number": quotes_t.c.number,
    "customer": customer_sort(quotes_t.c.customer_id, customers_t.c.name),
    "rep": rep_t.c.display_name,
    "issue_date": quotes_t.c.issue_date,
    "valid_until": quotes_t.c.valid_until,
    "status": case(
        {m.value: i for i, m in enumerate(QuoteStatus)}, value=quotes_t.c.status, else_=len(QuoteStatus)
    ),
    "total": cast(quotes_t.c.total, Float),
}


@dataclass(frozen=True)
class QuoteFilter:
    """What the quotes list shows. ``statuses`` are *displayed* statuses: ``expired``
    includes sent quotes past their validity, and ``sent`` excludes them."""

    statuses: tuple[str, ...] = ()
    text: str = ""
    exclude_rep: str | None = None  # a supervisor's approvals list leaves out their own quotes
    today: date | None = None


def _quote_where(f: QuoteFilter) -> list[ColumnElement]:
    q = quotes_t
    where: list[ColumnElement] = [q.c.deleted == false()]
    today = f.today or today_local()
    if f.statuses:
        lapsed = and_(q.c.status == S.SENT.value, q.c.valid_until.is_not(None), q.c.valid_until < today)
        parts = []
        plain = [s for s in f.statuses if s not in (S.SENT.value, S.EXPIRED.value)]
        if plain:
            parts.append(q.c.status.in_(plain))
        if S.SENT.value in f.statuses:
            parts.append(and_(q.c.status == S.SENT.value, ~lapsed))
        if S.EXPIRED.value in f.statuses:
            parts.append(or_(q.c.status == S.EXPIRED.value, lapsed))
        where.append(or_(*parts))
    if f.exclude_rep:
        where.append(q.c.rep_id != f.exclude_rep)
    text = f.text.strip()
    if text:
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(
            or_(
                q.c.number.like(like, escape="\\"),
                customers_t.c.name.like(like, escape="\\"),
                customers_t.c.code.like(like, escape="\\"),
            )
        )
    return where


def _quote_from():
    q = quotes_t
    return q.outerjoin(customers_t, customers_t.c.id == q.c.customer_id).outerjoin(
        rep_t, rep_t.c.id == q.c.rep_id
    )


def list_quotes(
    session: Session, sort=None, offset: int = 0, limit: int = 200, filter: QuoteFilter | None = None
) -> list[RowMapping]:
    f = filter or QuoteFilter()
    q = quotes_t
    stmt = (
        select(
            q.c.id,
            q.c.customer_id,
            q.c.rep_id,
            q.c.number,
            q.c.status,
            q.c.currency,
            q.c.issue_date,
            q.c.valid_until,
            q.c.total,
            q.c.revision,
            q.c.approval_comment,
            _customer_name,
            customers_t.c.code.label("customer_code"),
            rep_t.c.display_name.label("rep_name"),
        )
        .select_from(_quote_from())
        .where(and_(*_quote_where(f)))
        .order_by(*_order(sort, QUOTE_SORT_KEYS, DEFAULT_QUOTE_SORT, q.c.number.desc(), q.c.id))
    )
    return list(session.execute(_page(stmt, offset, limit)).mappings())


def count_quotes(session: Session, filter: QuoteFilter | None = None) -> int:
    f = filter or QuoteFilter()
    stmt = select(func.count()).select_from(_quote_from()).where(and_(*_quote_where(f)))
    return int(session.scalar(stmt) or 0)


# -- the printed document --------------------------------------------------------------------


def company_profile(session: Session) -> CompanyProfile:
    """The letterhead of printed quotes: the organisation's profile an admin set on the server
    (synced, ``local_db.org_settings``); else this laptop's own profile (kept in the
    local-only ``sync_state`` table under ``company_profile``); else the defaults."""
    synced = org_settings.company_profile(session)
    if synced is not None:
        return synced
    return local_company_profile(session)


def local_company_profile(session: Session) -> CompanyProfile:
    """This laptop's own letterhead (``save_company_profile``), or the defaults."""
    raw = session.scalar(select(SyncState.value).where(SyncState.key == COMPANY_KEY))
    if not raw:
        return CompanyProfile()
    try:
        data = json.loads(raw)
    except ValueError:
        return CompanyProfile()
    if not isinstance(data, dict):
        return CompanyProfile()
    known = set(CompanyProfile.__dataclass_fields__)
    return CompanyProfile(**{k: str(v) for k, v in data.items() if k in known and v is not None})


def save_company_profile(session: Session, profile: CompanyProfile) -> None:
    set_state(session, COMPANY_KEY, json.dumps(profile.__dict__, ensure_ascii=False))


@dataclass(frozen=True)
class DocumentLine:
    no: int
    sku: str
    description: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    discount_pct: Decimal
    tax_rate: Decimal
    amount: Decimal  # quantity × unit price − line discount (the line subtotal), before tax
    tax: Decimal  # after the line's share of the header discount
    total: Decimal


@dataclass(frozen=True)
class QuoteDocument:
    """Everything the printed quote shows, read in one transaction."""

    number: str
    status: str
    effective_status: str
    revision: int
    revision_of_number: str | None
    issue_date: date
    valid_until: date | None
    currency: str
    customer: Mapping[str, Any]
    contact: Mapping[str, Any] | None
    rep: Mapping[str, Any] | None
    approver: Mapping[str, Any] | None
    approved_at: datetime | None
    notes: str
    header_discount_pct: Decimal
    totals: QuoteTotals
    lines: tuple[DocumentLine, ...]
    company: CompanyProfile


def document(session: Session, quote_id: str, *, today: date | None = None) -> QuoteDocument:
    catalog = load_catalog(session, include_inactive=True)
    draft = load_draft(session, quote_id, catalog)
    totals = draft.totals()
    lines = []
    for no, (line, priced) in enumerate(zip(draft.lines, totals.lines, strict=True), start=1):
        lines.append(
            DocumentLine(
                no,
                line.sku,
                line.description,
                line.unit,
                line.quantity,
                line.unit_price,
                line.discount_pct,
                line.tax_rate,
                priced.line_subtotal,
                priced.line_tax,
                priced.line_total,
            )
        )
    return QuoteDocument(
        number=draft.number or "",
        status=draft.status,
        effective_status=draft.effective_status(today or today_local()).value,
        revision=draft.revision,
        revision_of_number=quote_number(session, draft.revision_of_id),
        issue_date=draft.issue_date,
        valid_until=draft.valid_until,
        currency=draft.currency,
        customer=dict(customer(session, draft.customer_id) or {}),
        contact=dict(c) if (c := contact(session, draft.contact_id)) else None,
        rep=dict(r) if (r := user(session, draft.rep_id)) else None,
        approver=dict(a) if (a := user(session, draft.approved_by)) else None,
        approved_at=draft.approved_at,
        notes=draft.notes,
        header_discount_pct=draft.header_discount_pct,
        totals=totals,
        lines=tuple(lines),
        company=company_profile(session),
    )


# -- what the quote screens open, each in one read ------------------------------------------


def catalog_of(db, known: tuple[tuple, Catalog] | None = None) -> tuple[tuple, Catalog]:
    """The catalogue with the key of the products it was read at; ``known`` itself when
    the products have not changed since it was read (a sync changes them)."""
    with db.session() as s:
        t = products_t
        key = tuple(s.execute(select(func.count(), func.max(t.c.version), func.max(t.c.id))).one())
        return known if known is not None and known[0] == key else (key, load_catalog(s))


def catalog_and_price_lists(db, catalog: Catalog | None = None) -> tuple[Catalog, list]:
    """The catalogue (``catalog`` when the caller has it) and the price lists."""
    with db.session() as s:
        return catalog or load_catalog(s), price_lists(s)


def open_draft(
    db, quote_id: str | None, catalog: Catalog | None = None, *, today: date | None = None
) -> tuple[Catalog, QuoteDraft]:
    """The catalogue and the quote to edit: the saved one, or a new draft when ``quote_id`` is None."""
    with db.session() as s:
        catalog = catalog or load_catalog(s)
        return catalog, load_draft(s, quote_id, catalog) if quote_id else new_draft(s, today=today)


def reload_draft(db, quote_id: str, catalog: Catalog) -> QuoteDraft | None:
    """The saved quote again (after a sync), or None when it is no longer on this laptop."""
    with db.session() as s:
        return load_draft(s, quote_id, catalog) if quote_row(s, quote_id) is not None else None


# -- what the demo's screenshots show (one read each) -----------------------------------------


def showcase_customer(db) -> str | None:
    """A customer with a contact, preferably a major or VIP one (of the first 20 by code of
    each tier), for the demo's quote screenshots."""
    with db.session() as s:
        t = customers_t
        for tier in ("major", "vip", "ordinary", None):
            stmt = select(t.c.id).where(t.c.deleted.is_(False)).order_by(t.c.code).limit(20)
            if tier:
                stmt = stmt.where(t.c.tier == tier)
            for cid in s.scalars(stmt):
                if contacts_of(s, cid):
                    return cid
    return None


def showcase_quote(db, *statuses: str) -> str | None:
    """A recent quote in one of ``statuses`` with several lines (a telling document)."""
    with db.session() as s:
        t, lines = quotes_t, lines_t
        count = (
            select(func.count())
            .where(lines.c.quote_id == t.c.id, lines.c.deleted.is_(False))
            .scalar_subquery()
        )
        return s.scalar(
            select(t.c.id)
            .where(t.c.status.in_(statuses), t.c.deleted.is_(False))
            .order_by(func.min(count, 5).desc(), t.c.issue_date.desc(), t.c.number.desc())
            .limit(1)
        )
