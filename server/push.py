"""Applying pushed mutations exactly once, with field-level merge (docs/SYNC_CONTRACT.md, invariants 3–5).

A batch runs in one transaction with one feed number. Each mutation runs in a savepoint,
so a refused one is rolled back alone and never blocks the ones after it. Its outcome is
stored under its ``mutation_id`` in the same transaction as its effect: a replayed push
(lost response, retry, crash) gets the stored outcome back and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from domain import write_rules
from domain.enums import Role
from domain.errors import DomainError
from domain.schema import BY_NAME, Entity, Merge
from server import quote_checks, sla
from server.auth import CurrentUser
from server.feed import Cursor, CursorError, grace_floor
from server.scope import refresh_scope, territory_descendants
from server.store.changes import allocate_seq, insert_rows, now, update_row
from server.store.tables import TABLES, AppliedMutation, UserScope
from sync.contract import (
    FieldClash,
    Mutation,
    MutationResult,
    PushRequest,
    WireError,
    decode_fields,
    decode_value,
    encode_row,
    mutation_digest,
)

log = logging.getLogger(__name__)


class Rejected(Exception):
    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


class ServerAccess:
    """Answers the write rules' questions from the server's tables.

    "Does this user cover the customer" is asked as of what the laptop knew when the edit
    was made (``known``, a feed number, set per mutation by ``at``), never later than the
    server can vouch for (docs/ARCHITECTURE.md, "Scope changes and pending edits").
    """

    def __init__(self, session: Session, user: CurrentUser, client_lo: int, floor: int = 0):
        self.session = session
        self.user = user
        self.floor = floor
        self.known = max(client_lo, floor)
        self._territories: set[str] | None = None
        self._covered: dict[tuple[str, int], bool] = {}

    def at(self, known: int) -> None:
        """Judge the next mutation as of feed number ``known`` (what its laptop knew then);
        a claim older than the floor counts as the floor."""
        self.known = max(known, self.floor)

    def covers_customer(self, customer_id: str) -> bool:
        if self.user.role == Role.ADMIN.value:
            return True
        key = (customer_id, self.known)
        if key not in self._covered:
            self._covered[key] = self._lookup_customer(customer_id)
        return self._covered[key]

    def forget(self) -> None:
        """Coverage changed inside this batch (a new customer, a moved one)."""
        self._covered.clear()
        self._territories = None

    def _lookup_customer(self, customer_id: str) -> bool:
        us = UserScope.__table__
        # Covered now, or in this user's scope at some point after what the laptop knew:
        # it left after that, so the laptop still covered it when the edit was made.
        row = self.session.execute(
            select(us.c.active).where(
                us.c.user_id == self.user.id,
                us.c.customer_id == customer_id,
                or_(us.c.active, and_(us.c.removed_seq.is_not(None), us.c.removed_seq > self.known)),
            )
        ).first()
        return row is not None

    def covers_territory(self, territory_id: str) -> bool:
        if self.user.role == Role.ADMIN.value:
            return True
        if self._territories is None:
            a = TABLES["assignment"]
            below = territory_descendants(self.session)
            nodes = self.session.scalars(
                select(a.c.territory_id).where(
                    a.c.user_id == self.user.id, ~a.c.deleted, a.c.territory_id.is_not(None)
                )
            )
            self._territories = set().union(*(below.get(n, {n}) for n in nodes))
        return territory_id in self._territories

    def parent_customer(self, entity: str, row_id: str) -> str | None:
        t = TABLES[entity]
        col = t.c.id if entity == "customer" else t.c.customer_id
        return self.session.scalar(select(col).where(t.c.id == row_id, ~t.c.deleted))

    def quote_needs_approval(self, quote: Mapping[str, Any]) -> bool:
        # Effective discount of the stored lines against the customer's price list, measured
        # against the quote's rep's limit: the laptop computes the same (server/quote_checks.py).
        return quote_checks.needs_approval(self.session, quote)


def client_lo(cursor: str | None) -> int:
    try:
        return Cursor.decode(cursor).lo
    except CursorError:
        return 0  # an unreadable cursor earns no grace: only the current scope counts


def push_batch(session: Session, user: CurrentUser, body: PushRequest) -> list[MutationResult]:
    client_id = str(body.client_id)
    batch_lo = client_lo(body.cursor)
    access = ServerAccess(session, user, batch_lo, grace_floor(session, user.id))
    actor = write_rules.Actor(user.id, Role(user.role))
    seq: int | None = None
    results: list[MutationResult] = []
    ids = [str(m.mutation_id) for m in body.mutations]
    known = {
        a.mutation_id: a
        for a in session.scalars(select(AppliedMutation).where(AppliedMutation.mutation_id.in_(ids)))
    }
    recorded: list[dict] = []
    for m in body.mutations:
        digest = mutation_digest(m)
        prior = known.get(str(m.mutation_id))
        if prior is not None:
            if prior.request_digest == digest and prior.user_id == user.id:
                results.append(MutationResult.model_validate(prior.outcome))
            else:
                results.append(
                    MutationResult(
                        mutation_id=str(m.mutation_id),
                        outcome="rejected",
                        code="mutation_id_reused",
                        message="This change reuses the id of a different change; it was not applied.",
                    )
                )
            continue
        if seq is None:
            seq = allocate_seq(session)
        access.at(client_lo(m.known_cursor) if m.known_cursor else batch_lo)
        try:
            with session.begin_nested():
                result = _apply(session, m, actor, access, seq, client_id)
        except Rejected as exc:
            result = _rejected(session, m, exc.code, exc.message, exc.field)
        except DomainError as exc:
            result = _rejected(session, m, exc.code, exc.message, exc.field)
        except WireError as exc:
            result = _rejected(session, m, "invalid_value", str(exc), exc.field)
        except DataError as exc:
            log.info("push data error: %s", exc.orig)
            result = _rejected(session, m, "invalid_value", "A value does not fit what the server can store.")
        except IntegrityError as exc:
            log.info("push integrity error: %s", exc.orig)
            result = _rejected(
                session,
                m,
                "integrity",
                "This change conflicts with data on the server (a duplicate number or code, or a "
                "reference to a record that does not exist).",
            )
        recorded.append(
            {
                "mutation_id": str(m.mutation_id),
                "user_id": user.id,
                "client_id": client_id,
                "client_seq": m.client_seq,
                "request_digest": digest,
                "outcome": result.model_dump(mode="json", exclude_none=True),
                "applied_at": now(),
            }
        )
        results.append(result)
    if recorded:  # same transaction as the effects: an outcome exists exactly when its effect does
        try:
            with session.begin_nested():
                session.execute(AppliedMutation.__table__.insert(), recorded)
        except IntegrityError:
            # The same mutation arrived twice at once (a retry racing its original): this
            # copy changes nothing; the client retries and gets the stored outcome.
            raise ConcurrentPush() from None
    return results


class ConcurrentPush(Exception):
    """Another request is applying the same mutations right now."""


def _current(session: Session, entity: Entity, row_id: str, lock: bool = True):
    t = TABLES[entity.name]
    q = select(t).where(t.c.id == row_id)
    if lock:
        q = q.with_for_update()
    return session.execute(q).mappings().first()


def _rejected(
    session: Session, m: Mutation, code: str, message: str, field: str | None = None
) -> MutationResult:
    entity = BY_NAME.get(m.entity)
    row = None
    if entity is not None:
        current = _current(session, entity, str(m.row_id), lock=False)
        if current is not None:
            row = encode_row(entity, current)
    return MutationResult(
        mutation_id=str(m.mutation_id),
        outcome="rejected",
        code=code,
        message=message,
        row=row,
        version=row["version"] if row else None,
    )


def _python_row(entity: Entity, row) -> dict[str, Any]:
    return {"id": row["id"], **{n: row[n] for n in entity.field_names}}


def _equal(entity: Entity, name: str, a: Any, b: Any) -> bool:
    """Compare two wire values of a field by meaning (``"1.50"`` equals ``"1.5"``)."""
    if a == b:
        return True
    try:
        return decode_value(entity, name, a) == decode_value(entity, name, b)
    except (WireError, ValueError, ArithmeticError):
        return False


def _apply(
    session: Session, m: Mutation, actor, access: ServerAccess, seq: int, client_id: str
) -> MutationResult:
    entity = BY_NAME.get(m.entity)
    if entity is None:
        raise Rejected("unknown_entity", f"Unknown kind of record {m.entity!r}.")
    if m.op != "delete":
        changes = decode_fields(entity, m.changes)
    else:
        changes = {}
    row_id = str(m.row_id)
    old = _current(session, entity, row_id)
    mid = str(m.mutation_id)

    if m.op == "insert":
        if old is not None:
            raise Rejected("already_exists", "A record with this id already exists on the server.")
        missing = [f.name for f in entity.fields if f.required and changes.get(f.name) is None]
        if missing:
            raise Rejected("required", f"Required: {', '.join(missing)}.", missing[0])
        write_rules.check_write(entity, write_rules.INSERT, actor, None, changes, access)
        quote_checks.check(session, entity, write_rules.INSERT, actor, None, changes)
        _server_fills(session, entity, changes)
        insert_rows(session, entity, [{"id": row_id, **changes}], seq, actor.id, client_id=client_id)
        if entity.name == "customer":
            refresh_scope(session, seq, _users_covering(session, changes["territory_id"]))
            access.forget()
        return _result(entity, mid, _current(session, entity, row_id, lock=False), "applied")

    if old is None or old["deleted"]:
        raise Rejected(
            "not_found", "This record no longer exists on the server (it was deleted or never arrived)."
        )
    old_py = _python_row(entity, old)

    if m.op == "delete":
        write_rules.check_write(entity, write_rules.DELETE, actor, old_py, {}, access)
        quote_checks.check(session, entity, write_rules.DELETE, actor, old_py, {})
        row = update_row(session, entity, row_id, {}, seq, actor.id, deleted=True, client_id=client_id)
        return _result(entity, mid, row, "applied")

    missing_base = [f for f in m.changes if f not in m.base]
    if missing_base:
        raise Rejected("invalid_mutation", f"The change does not say what {missing_base[0]} was before.")
    write_rules.check_write(entity, write_rules.UPDATE, actor, old_py, changes, access)
    quote_checks.check(session, entity, write_rules.UPDATE, actor, old_py, changes)
    old_wire = encode_row(entity, old)
    apply_now: dict[str, Any] = {}
    clashes: list[FieldClash] = []
    kept_server: list[str] = []
    for name, mine in m.changes.items():
        server_value = old_wire[name]
        if m.base_version == old["version"] or _equal(entity, name, server_value, m.base[name]):
            apply_now[name] = changes[name]  # nobody else changed this field
        elif _equal(entity, name, server_value, mine):
            continue  # both sides made the same change
        else:
            policy = entity.field(name).merge
            if policy is Merge.LAST_WRITE:
                apply_now[name] = changes[name]
            elif policy is Merge.SERVER:
                kept_server.append(name)
            else:
                clashes.append(FieldClash(field=name, base=m.base[name], server=server_value, mine=mine))
    if entity.name == "complaint":
        sla.fill_changed_complaint(session, old_py, apply_now)
    row = old
    if apply_now:
        row = update_row(session, entity, row_id, apply_now, seq, actor.id, client_id=client_id)
        if entity.name == "customer" and "territory_id" in apply_now:
            refresh_scope(session, seq)
            access.forget()
    outcome = "conflict" if clashes else ("applied" if m.base_version == old["version"] else "merged")
    result = _result(entity, mid, row, outcome)
    if clashes:
        result.clashes = clashes
        result.code = "needs_decision"
        result.message = (
            "Someone else changed "
            + ", ".join(c.field for c in clashes)
            + " at the same time. Choose which value to keep."
        )
    if kept_server:
        result.kept_server = kept_server
    return result


def _result(entity: Entity, mid: str, current, outcome: str) -> MutationResult:
    row = encode_row(entity, current)
    return MutationResult(mutation_id=mid, outcome=outcome, version=row["version"], row=row)


def _server_fills(session: Session, entity: Entity, changes: dict[str, Any]) -> None:
    """Fields the server sets on a new row, whatever the client sent."""
    if entity.name == "visit":
        changes["server_received_at"] = now()
    elif entity.name == "complaint":
        # The SLA clock runs from when the complaint was recorded on the laptop, not from
        # when it reached the server; the admin's policy (server.sla) sets the durations.
        sla.fill_new_complaint(session, changes)
    elif entity.name == "customer":
        changes.setdefault("created_at", now())


def _users_covering(session: Session, territory_id: str) -> list[str]:
    a = TABLES["assignment"]
    below = territory_descendants(session)
    nodes = [node for node, under in below.items() if territory_id in under]
    return list(
        session.scalars(
            select(a.c.user_id).where(a.c.territory_id.in_(nodes or [territory_id]), ~a.c.deleted)
        )
    )
