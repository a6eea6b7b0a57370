"""Customer and contact writes on the laptop: the customer file's forms save through here.

Each function is one transaction through ``LocalWriter`` (so the server's rules are
checked here first and the change is queued in the outbox), followed in the same
transaction by the search index's catch-up for the customer, so the list finds the new
name or phone at once. Screens run them through ``ui.operations.LocalOp``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

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
