"""Customer and contact writes on the laptop: the customer file's forms save through here.

Each function is one transaction through ``LocalWriter`` (so the server's rules are
checked here first and the change is queued in the outbox), followed in the same
transaction by the search index's catch-up for the customer, so the list finds the new
name or phone at once. Screens run them through ``ui.operations.LocalOp``.

The reads at the end are what the customer screens show, each gathered in one read
transaction, so a sync landing in between cannot show a file half old, half new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import RowMapping

from domain.credit import OpenBalance
from domain.errors import DomainError
from local_db import queries, search
from local_db.writes import LocalWriter


def save_customer(
    db, customer_id: str | None, data: dict[str, Any], *, code: str = "", territory_id: str | None = None
) -> str:
    """A new prospect (``customer_id`` None: owned by this laptop's user) or changes to a
    customer; the customer's id."""
    with db.session() as s:
        w = LocalWriter.for_owner(s)
        if customer_id is None:
            customer_id = w.insert(
                "customer",
                {
                    **data,
                    "code": code.strip(),
                    "territory_id": territory_id,
                    "owner_id": w.actor.id,
                    "created_at": datetime.now(timezone.utc),
                },
            )
        else:
            w.update("customer", customer_id, data)
        search.catch_up(s, only=[customer_id])
    return customer_id


def save_contact(db, customer_id: str, contact_id: str | None, data: dict[str, Any]) -> str:
    """A new contact of the customer or changes to one; a primary contact makes every other
    contact of the customer not primary. The contact's id."""
    with db.session() as s:
        w = LocalWriter.for_owner(s)
        if contact_id is None:
            contact_id = w.insert("contact", {**data, "customer_id": customer_id})
        else:
            w.update("contact", contact_id, data)
        if data.get("is_primary"):
            for c in queries.customer_contacts(s, customer_id):
                if c["id"] != contact_id and c["is_primary"]:
                    w.update("contact", c["id"], {"is_primary": False})
        search.catch_up(s, only=[customer_id])
    return contact_id


def set_primary(db, customer_id: str, contact_id: str) -> None:
    """Make one contact the customer's primary contact and no other, in one transaction."""
    with db.session() as s:
        w = LocalWriter.for_owner(s)
        for c in queries.customer_contacts(s, customer_id):
            want = c["id"] == contact_id
            if bool(c["is_primary"]) != want:
                w.update("contact", c["id"], {"is_primary": want})
        search.catch_up(s, only=[customer_id])


# -- what the customer screens show -------------------------------------------------------


@dataclass(frozen=True)
class CustomerFile:
    """One customer's file: its fields, contacts, history, sync state and what it owes."""

    row: RowMapping
    contacts: list[RowMapping]
    timeline: list[dict[str, Any]]
    sync_state: str
    open_balance: OpenBalance


def customer_file(db, customer_id: str) -> CustomerFile | None:
    """The customer's file, or None when the customer is no longer on this laptop."""
    with db.session() as s:
        row = queries.customer_detail(s, customer_id)
        if row is None:
            return None
        return CustomerFile(
            row,
            queries.customer_contacts(s, customer_id),
            queries.customer_timeline(s, customer_id),
            queries.customer_sync_state(s, customer_id),
            queries.customer_balance(s, customer_id),
        )


@dataclass(frozen=True)
class CustomerFormData:
    """What the customer form starts from: the customer (None for a new prospect), the
    territories the user may put a prospect in, and the user's rep code (for its code)."""

    row: RowMapping | None
    territories: list[RowMapping]
    rep_code: str | None


def _edited(s, read, row_id: str | None, gone: str) -> RowMapping | None:
    """The row a form edits, None for a new one; raises ``DomainError`` (``not_found``, the
    message ``gone``) when the row is no longer on this laptop."""
    if not row_id:
        return None
    row = read(s, row_id)
    if row is None:
        raise DomainError(gone, code="not_found")
    return row


def customer_form(db, customer_id: str | None, user_id: str | None) -> CustomerFormData:
    """Raises ``DomainError`` (``not_found``) when the customer is no longer on this laptop."""
    with db.session() as s:
        row = _edited(s, queries.customer_detail, customer_id, "This customer is no longer on this laptop.")
        if not user_id:
            return CustomerFormData(row, [], None)
        users = queries.users
        rep_code = s.scalar(queries.select(users.c.rep_code).where(users.c.id == user_id))
        return CustomerFormData(row, queries.rep_territories(s, user_id), rep_code)


def contact_form(db, customer_id: str, contact_id: str | None) -> tuple[RowMapping | None, bool]:
    """The contact (None for a new one) and whether the customer has contacts already;
    raises ``DomainError`` (``not_found``) when the contact is no longer on this laptop."""
    with db.session() as s:
        row = _edited(s, queries.contact_row, contact_id, "This contact is no longer on this laptop.")
        return row, bool(queries.customer_contacts(s, customer_id))


def customer_with_contacts(db, customer_id: str) -> tuple[RowMapping | None, list[RowMapping]]:
    """The customer (None when gone) and its contacts, e.g. for planning a visit."""
    with db.session() as s:
        return queries.customer_detail(s, customer_id), queries.customer_contacts(s, customer_id)


def filter_choices(db) -> tuple[list[RowMapping], list[tuple[int, str, queries.CustomerFilters]]]:
    """The customer list's choices: the territories of the local customers, and the saved filters."""
    with db.session() as s:
        return queries.customer_territories(s), queries.saved_filters(s)


def longest_history(db, leave_out: set[str], among: int = 50) -> str | None:
    """Of the first ``among`` customers of the list, the one with the longest history that is
    not in ``leave_out`` (the demo's screenshots: a full customer file)."""
    with db.session() as s:
        best, most = None, -1
        for r in queries.search_customers(s, "", limit=among):
            if r["id"] in leave_out:
                continue
            n = len(queries.customer_timeline(s, r["id"]))
            if n > most:
                best, most = r["id"], n
    return best
