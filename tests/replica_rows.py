"""A laptop replica as a rep's sync leaves it, for the tests and benchmarks of work on one
visit (attaching files): a territory, the rep (and any colleagues), the rep's assignment,
one customer with a visit in progress; the replica's user is the rep."""

from __future__ import annotations

from collections.abc import Iterable

from domain.values import new_id
from local_db.apply import upsert_rows
from local_db.db import set_state


def row(**kw) -> dict:
    """A synced row as the server sends it: a fresh id unless given, version 1, live."""
    return {"id": new_id(), "version": 1, "deleted": False, **kw}


def seed_visit_in_progress(
    db,
    *,
    territory: str,
    rep: str,
    customer: str,
    visit: str,
    colleagues: Iterable[tuple[str, str, str]] = (),
) -> None:
    """``colleagues``: other reps as ``(id, username, display name)``."""
    with db.session() as s:
        upsert_rows(s, "territory", [row(id=territory, code="HZ", name="杭州西湖片区", kind="territory")])
        upsert_rows(
            s,
            "user",
            [
                row(id=user_id, username=username, display_name=name, role="rep", active=True)
                for user_id, username, name in ((rep, "rep", "王磊"), *colleagues)
            ],
        )
        upsert_rows(s, "assignment", [row(user_id=rep, territory_id=territory)])
        upsert_rows(
            s,
            "customer",
            [
                row(
                    id=customer,
                    code="C00001",
                    name="杭州星云科技有限公司",
                    customer_type="organisation",
                    territory_id=territory,
                    owner_id=rep,
                    created_at="2025-01-06T01:00:00.000000Z",
                )
            ],
        )
        upsert_rows(s, "visit", [row(id=visit, customer_id=customer, rep_id=rep, status="in_progress")])
        set_state(s, "user_id", rep)
        set_state(s, "role", "rep")
