"""Consistency checks over the server's data, for tests and for administrators.

``check_consistency(session)`` reads the whole store and returns readable problems (an
empty list means consistent): dangling references, rows that point at another
customer's rows, quote totals that do not follow from their lines, receivables whose paid
amount is not the sum of their payments, two primary contacts, check-outs before
check-ins, duplicate quote numbers, and a ``user_scope`` table that disagrees with the
assignments. It only reads; it never repairs.

It also holds :func:`quote_totals`, the one place that applies the pricing rule
(``domain.pricing.price_quote``) to quote rows *as stored*; discounts and tax rates are
percents everywhere (``5`` = 5 %, ``13`` = 13 %). With a header discount of 0 the rule is::

    line_subtotal = round_half_up(quantity × unit_price × (1 − discount_pct / 100), 2)
    line_tax      = round_half_up(line_subtotal × tax_rate / 100, 2)
    line_total    = line_subtotal + line_tax
    subtotal = Σ line_subtotal;  tax_total = Σ line_tax;  total = subtotal + tax_total
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from domain.enums import NodeKind, ReceivableStatus, Role
from domain.errors import DomainError
from domain.pricing import QuoteLineInput, QuoteTotals, price_quote
from domain.schema import BY_NAME, ENTITIES, Kind
from server.scope import desired_scope
from server.store.tables import TABLES, UserScope

ZERO = Decimal(0)


def quote_totals(
    lines: Sequence[Mapping[str, Any]], header_discount_pct: Decimal | None = None
) -> QuoteTotals:
    """Price stored quote lines (``quantity``, ``unit_price``, ``discount_pct``, ``tax_rate``;
    rates in percent, as everywhere in the data model) with THE rounding rule; returns the
    totals and the priced lines in order.

    Raises ``domain.errors.DomainError`` for a line the rule refuses (e.g. quantity ≤ 0).
    """
    inputs = [
        QuoteLineInput(
            quantity=line["quantity"],
            unit_price=line["unit_price"],
            discount_pct=line.get("discount_pct") or ZERO,
            tax_rate=line["tax_rate"],
        )
        for line in lines
    ]
    return price_quote(inputs, header_discount_pct or ZERO)


class _Problems:
    """Collects problems per check, keeping at most ``limit`` examples of each."""

    def __init__(self, limit: int):
        self.limit = limit
        self.out: list[str] = []
        self._counts: dict[str, int] = defaultdict(int)

    def add(self, check: str, message: str) -> None:
        self._counts[check] += 1
        if self._counts[check] <= self.limit:
            self.out.append(message)

    def finish(self) -> list[str]:
        for check, n in self._counts.items():
            if n > self.limit:
                self.out.append(f"… and {n - self.limit} more problems of the kind '{check}'.")
        return self.out


def check_consistency(session: Session, *, strict_ownership: bool = True, limit: int = 20) -> list[str]:
    """Every problem found in the store, as sentences for a person; ``[]`` when consistent.

    ``strict_ownership`` also requires that visits and quotes were made by the customer's
    current owner and that every owner covers their customers. That holds for freshly
    seeded data; after territories are reassigned, history legitimately names the former
    rep, so pass ``False`` then. At most ``limit`` examples are listed per kind of problem.
    """
    p = _Problems(limit)
    _references(session, p)
    _same_customer(session, p)
    _territories(session, p)
    if strict_ownership:
        _ownership(session, p)
    _quotes(session, p)
    _receivables(session, p)
    _contacts(session, p)
    _visits(session, p)
    _complaints(session, p)
    _scope(session, p)
    return p.finish()


# --------------------------------------------------------------------------- references


def _references(session: Session, p: _Problems) -> None:
    """Every reference field points to an existing row of the referenced entity."""
    for e in ENTITIES:
        t = TABLES[e.name]
        for f in e.fields:
            if f.kind is not Kind.REF:
                continue
            target = TABLES[f.ref].alias("target")
            q = (
                select(t.c.id, t.c[f.name])
                .select_from(t.outerjoin(target, target.c.id == t.c[f.name]))
                .where(t.c[f.name].is_not(None), target.c.id.is_(None))
            )
            for row_id, ref in session.execute(q):
                p.add("dangling reference", f"{e.name} {row_id}: {f.name} points to a missing {f.ref} {ref}.")
    us = UserScope.__table__
    for col, target_name in (("user_id", "user"), ("customer_id", "customer")):
        target = TABLES[target_name]
        q = (
            select(us.c.user_id, us.c.customer_id)
            .select_from(us.outerjoin(target, target.c.id == us.c[col]))
            .where(target.c.id.is_(None))
        )
        for uid, cid in session.execute(q):
            p.add(
                "dangling reference", f"user_scope ({uid}, {cid}): {col} points to a missing {target_name}."
            )


def _same_customer(session: Session, p: _Problems) -> None:
    """A row of customer X never points to a contact, quote, visit … of customer Y."""
    for e in ENTITIES:
        if e.parent != "customer":
            continue
        t = TABLES[e.name]
        for f in e.fields:
            if f.kind is not Kind.REF or BY_NAME[f.ref].parent != "customer":
                continue
            target = TABLES[f.ref].alias("target")
            q = (
                select(t.c.id, t.c.customer_id, target.c.id, target.c.customer_id)
                .select_from(t.join(target, target.c.id == t.c[f.name]))
                .where(target.c.customer_id != t.c.customer_id)
            )
            for row_id, cid, ref_id, ref_cid in session.execute(q):
                p.add(
                    "other customer's row",
                    f"{e.name} {row_id} of customer {cid}: {f.name} points to {f.ref} {ref_id} "
                    f"of another customer ({ref_cid}).",
                )


def _territories(session: Session, p: _Problems) -> None:
    """Customers sit in a territory or grid cell, never directly in a region."""
    c, t = TABLES["customer"], TABLES["territory"]
    q = (
        select(c.c.id, c.c.code, t.c.code)
        .select_from(c.join(t, t.c.id == c.c.territory_id))
        .where(t.c.kind == NodeKind.REGION.value, ~c.c.deleted)
    )
    for cid, code, tcode in session.execute(q):
        p.add(
            "customer in a region",
            f"customer {code} ({cid}) is placed in region {tcode}, not in a territory.",
        )


def _ownership(session: Session, p: _Problems) -> None:
    c = TABLES["customer"]
    for name in ("visit", "quote"):
        t = TABLES[name]
        q = (
            select(t.c.id, t.c.rep_id, c.c.code, c.c.owner_id)
            .select_from(t.join(c, c.c.id == t.c.customer_id))
            .where(~t.c.deleted, (c.c.owner_id.is_(None)) | (c.c.owner_id != t.c.rep_id))
        )
        for row_id, rep_id, code, owner_id in session.execute(q):
            p.add(
                f"{name} not by the owner",
                f"{name} {row_id} of customer {code} was made by {rep_id}, not by the customer's owner "
                f"{owner_id}.",
            )
    users = TABLES["user"]
    reps = set(session.scalars(select(users.c.id).where(users.c.role == Role.REP.value, ~users.c.deleted)))
    wanted = desired_scope(session, reps)
    for cid, code, owner_id in session.execute(select(c.c.id, c.c.code, c.c.owner_id).where(~c.c.deleted)):
        if owner_id in reps and cid not in wanted.get(owner_id, ()):
            p.add(
                "owner does not cover",
                f"customer {code} ({cid}): its owner {owner_id} is not assigned to it.",
            )


# --------------------------------------------------------------------------- money


def _money_differs(declared: Decimal | None, expected: Decimal) -> bool:
    return declared is None or declared != expected


def _quotes(session: Session, p: _Problems) -> None:
    q, ql = TABLES["quote"], TABLES["quote_line"]
    for number, n in session.execute(
        select(q.c.number, func.count()).group_by(q.c.number).having(func.count() > 1)
    ):
        p.add("duplicate quote number", f"quote number {number} is used by {n} quotes.")
    lines: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in session.execute(
        select(
            ql.c.id,
            ql.c.quote_id,
            ql.c.line_no,
            ql.c.quantity,
            ql.c.unit_price,
            ql.c.discount_pct,
            ql.c.tax_rate,
            ql.c.line_subtotal,
            ql.c.line_tax,
            ql.c.line_total,
        )
        .where(~ql.c.deleted)
        .order_by(ql.c.quote_id, ql.c.line_no, ql.c.id)
    ).mappings():
        lines[row["quote_id"]].append(row)
    for quote in session.execute(
        select(q.c.id, q.c.number, q.c.header_discount_pct, q.c.subtotal, q.c.tax_total, q.c.total).where(
            ~q.c.deleted
        )
    ).mappings():
        label = f"quote {quote['number']}"
        rows = lines.get(quote["id"], [])
        numbers = [r["line_no"] for r in rows]
        if len(set(numbers)) != len(numbers):
            p.add("duplicate line number", f"{label}: two lines share a line number.")
        try:
            totals = quote_totals(rows, quote["header_discount_pct"])
        except (DomainError, TypeError) as exc:
            p.add("unpriceable quote", f"{label}: its lines cannot be priced ({exc}).")
            continue
        for row, priced in zip(rows, totals.lines, strict=True):
            for col, expected in (
                ("line_subtotal", priced.line_subtotal),
                ("line_tax", priced.line_tax),
                ("line_total", priced.line_total),
            ):
                if _money_differs(row[col], expected):
                    p.add(
                        "line totals",
                        f"{label} line {row['line_no']}: {col} is {row[col]} but should be {expected}.",
                    )
        for col, expected in (
            ("subtotal", totals.subtotal),
            ("tax_total", totals.tax_total),
            ("total", totals.total),
        ):
            if _money_differs(quote[col], expected):
                p.add("quote totals", f"{label}: {col} is {quote[col]} but its lines give {expected}.")


def _receivables(session: Session, p: _Problems) -> None:
    r, pay = TABLES["receivable"], TABLES["payment"]
    paid: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for rid, amount in session.execute(
        select(pay.c.receivable_id, pay.c.amount).where(~pay.c.deleted, pay.c.receivable_id.is_not(None))
    ):
        paid[rid] += amount
    for row in session.execute(
        select(r.c.id, r.c.reference, r.c.amount, r.c.paid_amount, r.c.status).where(~r.c.deleted)
    ).mappings():
        label = f"receivable {row['reference'] or row['id']}"
        total = paid.get(row["id"], ZERO)
        declared = row["paid_amount"] if row["paid_amount"] is not None else ZERO
        if declared != total:
            p.add("paid amount", f"{label}: paid_amount is {declared} but its payments add up to {total}.")
        if total > row["amount"]:
            p.add("overpaid", f"{label}: payments of {total} exceed the amount {row['amount']}.")
        status = row["status"]
        if status == ReceivableStatus.WRITTEN_OFF.value:
            continue
        expected = (
            ReceivableStatus.PAID
            if total >= row["amount"]
            else ReceivableStatus.PARTIAL
            if total > 0
            else ReceivableStatus.OPEN
        ).value
        if status != expected:
            p.add(
                "receivable status",
                f"{label}: status is {status} but with {total} of {row['amount']} paid "
                f"it should be {expected}.",
            )


# --------------------------------------------------------------------------- other rows


def _contacts(session: Session, p: _Problems) -> None:
    ct, c = TABLES["contact"], TABLES["customer"]
    q = (
        select(c.c.code, func.count())
        .select_from(ct.join(c, c.c.id == ct.c.customer_id))
        .where(ct.c.is_primary.is_(True), ~ct.c.deleted)
        .group_by(c.c.code)
        .having(func.count() > 1)
    )
    for code, n in session.execute(q):
        p.add("primary contacts", f"customer {code} has {n} primary contacts (at most one allowed).")


def _visits(session: Session, p: _Problems) -> None:
    v = TABLES["visit"]
    q = select(v.c.id, v.c.check_in_at, v.c.check_out_at).where(
        and_(v.c.check_in_at.is_not(None), v.c.check_out_at.is_not(None), ~v.c.deleted)
    )
    for vid, check_in, check_out in session.execute(q):
        if check_out < check_in:
            p.add(
                "check-out before check-in",
                f"visit {vid}: checked out at {check_out:%Y-%m-%d %H:%M}Z, "
                f"before its check-in at {check_in:%Y-%m-%d %H:%M}Z.",
            )


def _complaints(session: Session, p: _Problems) -> None:
    cp = TABLES["complaint"]
    done = ("resolved", "follow_up", "closed")
    q = select(cp.c.id, cp.c.status, cp.c.root_cause, cp.c.resolution, cp.c.satisfaction).where(
        ~cp.c.deleted, cp.c.status.in_(done)
    )
    for cid, status, cause, resolution, satisfaction in session.execute(q):
        if not (cause or "").strip() or not (resolution or "").strip():
            p.add(
                "complaint without resolution",
                f"complaint {cid} is {status} without a root cause and resolution.",
            )
        if status != "resolved" and (satisfaction is None or not 1 <= satisfaction <= 5):
            p.add("complaint satisfaction", f"complaint {cid} is {status} without a satisfaction score 1–5.")


def _scope(session: Session, p: _Problems) -> None:
    wanted = desired_scope(session)
    us = UserScope.__table__
    have: dict[str, set[str]] = defaultdict(set)
    for uid, cid in session.execute(select(us.c.user_id, us.c.customer_id).where(us.c.active.is_(True))):
        have[uid].add(cid)
    users = TABLES["user"]
    names: dict[str, str] = {uid: name for uid, name in session.execute(select(users.c.id, users.c.username))}
    for uid in sorted(set(wanted) | set(have), key=lambda u: names.get(u, u)):
        missing = wanted.get(uid, set()) - have.get(uid, set())
        extra = have.get(uid, set()) - wanted.get(uid, set())
        who = names.get(uid, uid)
        if missing:
            p.add(
                "scope",
                f"user_scope of {who} lacks {len(missing)} customers they cover (e.g. {_some(missing)}).",
            )
        if extra:
            p.add(
                "scope",
                f"user_scope of {who} holds {len(extra)} customers they do not cover (e.g. {_some(extra)}).",
            )


def _some(ids: Iterable[str], n: int = 3) -> str:
    return ", ".join(sorted(ids)[:n])
