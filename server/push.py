"""Applying pushed mutations exactly once, with field-level merge (docs/SYNC_CONTRACT.md, invariants 3–5).

A batch runs in one transaction with one feed number. Its mutations are decided one by one,
in order, in Python (``_Batch``), and written together; a refused one writes nothing and
never blocks the ones after it, and a write the database refuses is rolled back and its
mutations applied again one at a time, each in its own savepoint. Each outcome is stored
under its ``mutation_id`` in the same transaction as its effect: a replayed push (lost
response, retry, crash) gets the stored outcome back and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from sqlalchemy import and_, bindparam, or_, select, update
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from domain import write_rules
from domain.enums import Role
from domain.errors import DomainError
from domain.schema import BY_NAME, Entity, Merge, Scope
from local_db.parent_reads import ParentReads
from server import quote_checks, sla
from server.auth import CurrentUser
from server.feed import Cursor, CursorError, grace_floor, record_pulled
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


class ServerAccess(ParentReads):
    """Answers the write rules' questions from the server's tables.

    "Does this user cover the customer" is asked as of what the laptop knew when the edit
    was made (``known``, a feed number, set per mutation by ``at``), never later than the
    server can vouch for (docs/ARCHITECTURE.md, "Scope changes and pending edits").
    """

    tables = TABLES

    def __init__(self, session: Session, user: CurrentUser, client_lo: int, floor: int = 0):
        self.session = session
        self.user = user
        self.floor = floor
        self.known = max(client_lo, floor)
        self._territories: set[str] | None = None
        self._covered: dict[tuple[str, int], bool] = {}
        # The user's scope rows of the customers a batch touches, read at once (``prefetch``).
        self._wanted: set[str] = set()
        self._scope: dict[str, tuple[bool, int | None]] | None = None

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
        self._scope = None  # read again, all at once, when next asked

    def prefetch(self, customer_ids: Iterable[str]) -> None:
        """Read this user's scope rows of these customers in one query."""
        if self.user.role == Role.ADMIN.value:
            return
        self._wanted = set(customer_ids)
        self._scope = {}
        us = UserScope.__table__
        ids = sorted(self._wanted)
        for i in range(0, len(ids), 500):
            for cid, active, removed in self.session.execute(
                select(us.c.customer_id, us.c.active, us.c.removed_seq).where(
                    us.c.user_id == self.user.id, us.c.customer_id.in_(ids[i : i + 500])
                )
            ):
                self._scope[cid] = (bool(active), removed)

    def _lookup_customer(self, customer_id: str) -> bool:
        if customer_id in self._wanted:
            if self._scope is None:
                self.prefetch(self._wanted)
            assert self._scope is not None
            found = self._scope.get(customer_id)
            # the same rule as the query below
            return found is not None and (found[0] or (found[1] is not None and found[1] > self.known))
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

    def quote_needs_approval(self, quote: Mapping[str, Any]) -> bool:
        # Effective discount of the stored lines against the customer's price list, measured
        # against the quote's rep's limit: the laptop computes the same (server/quote_checks.py).
        return quote_checks.needs_approval(self.session, quote)


def client_lo(cursor: str | None) -> int:
    try:
        return Cursor.decode(cursor).lo
    except CursorError:
        return 0  # an unreadable cursor earns no grace: only the current scope counts


@dataclass
class PushOutcome:
    results: list[MutationResult]
    # The laptop's pull cursor after this push, when the push was all its next window
    # would hold (``_caught_up``); None: pull as usual.
    next_cursor: str | None = None


def push_batch(
    session: Session, user: CurrentUser, body: PushRequest, changed_only: bool = False
) -> PushOutcome:
    """``changed_only``: the laptop asked for the slim answer (``PUSH_ANSWER_HEADER``): an
    applied mutation's result carries ``changed`` (what the server stored differently from
    what the laptop holds) instead of the whole ``row``."""
    client_id = str(body.client_id)
    batch_lo = client_lo(body.cursor)
    access = ServerAccess(session, user, batch_lo, grace_floor(session, user.id))
    actor = write_rules.Actor(user.id, Role(user.role))
    results: list[MutationResult | _Plan] = []
    ids = [str(m.mutation_id) for m in body.mutations]
    am = AppliedMutation.__table__
    known = {
        a.mutation_id: a
        for a in session.execute(
            select(am.c.mutation_id, am.c.user_id, am.c.request_digest, am.c.outcome).where(
                am.c.mutation_id.in_(ids)
            )
        )
    }
    fresh = [m for m, mid in zip(body.mutations, ids, strict=True) if mid not in known]
    batch = _Batch(session, actor, access, allocate_seq(session), client_id, changed_only) if fresh else None
    if batch is not None:
        batch.prefetch(fresh)
    cursors: dict[str, int] = {}  # a batch's mutations mostly share one known_cursor
    digests: list[str] = []
    for m, mid in zip(body.mutations, ids, strict=True):
        digest = mutation_digest(m)
        digests.append(digest)
        prior = known.get(mid)
        if prior is not None:
            if prior.request_digest == digest and prior.user_id == user.id:
                results.append(_replayed(session, prior.outcome, m, changed_only))
            else:
                results.append(
                    MutationResult(
                        mutation_id=mid,
                        outcome="rejected",
                        code="mutation_id_reused",
                        message="This change reuses the id of a different change; it was not applied.",
                    )
                )
            continue
        assert batch is not None
        if m.known_cursor:
            if m.known_cursor not in cursors:
                cursors[m.known_cursor] = client_lo(m.known_cursor)
            at = cursors[m.known_cursor]
        else:
            at = batch_lo
        results.append(batch.add(m, at, mid))
    if batch is not None:
        batch.finish()
    final = [r.result if isinstance(r, _Plan) else r for r in results]
    applied_at = now()
    recorded = [
        {
            "mutation_id": mid,
            "user_id": user.id,
            "client_id": client_id,
            "client_seq": m.client_seq,
            "request_digest": digest,
            "outcome": result.model_dump(mode="json", exclude_none=True),
            "applied_at": applied_at,
        }
        for m, mid, digest, result in zip(body.mutations, ids, digests, final, strict=True)
        if mid not in known
    ]
    if recorded:  # same transaction as the effects: an outcome exists exactly when its effect does
        try:
            # No savepoint: a refusal here ends the whole request, and its transaction with it.
            session.execute(am.insert(), recorded)
        except IntegrityError:
            # The same mutation arrived twice at once (a retry racing its original): this
            # copy changes nothing; the client retries and gets the stored outcome.
            raise ConcurrentPush() from None
    return PushOutcome(final, _caught_up(session, user, body, batch))


def _caught_up(session: Session, user: CurrentUser, body: PushRequest, batch: _Batch | None) -> str | None:
    """The pull cursor just past this push, when that window holds nothing for this laptop.

    A laptop that had pulled everything committed before this push (its cursor closed at
    the feed number just below the push's) would next pull the window of the push alone:
    its own rows, which it is never sent (no echo). Unless the push moved coverage (a new
    customer, a territory move: evictions and arrivals) or wrote anything outside customer
    data (users, teams, the catalog), that window is empty, so the push answers it: it
    records the window as pulled, as the pull would, and the laptop's next pull is the
    one-read no-op. Any other case returns None and the laptop pulls as before."""
    if batch is None or not batch.quiet or user.device_revoked or not body.cursor:
        return None
    try:
        cursor = Cursor.decode(body.cursor)
    except CursorError:
        return None
    if cursor.hi is not None or cursor.lo != batch.seq - 1:
        return None
    record_pulled(session, user.id, str(body.client_id), batch.seq)
    return Cursor(lo=batch.seq).encode()


def _replayed(session: Session, outcome: dict, m: Mutation, changed_only: bool) -> MutationResult:
    """A stored outcome, sent again. One stored slim (``changed``) for a laptop that now
    wants whole rows (it was downgraded before it heard the answer) carries the row as the
    server has it now instead: ``changed`` means nothing without the row it was sent for."""
    result = MutationResult.model_validate(outcome)
    if result.changed is not None and not changed_only:
        entity = BY_NAME[m.entity]
        current = _current(session, entity, str(m.row_id), lock=False)
        result.changed = None
        result.row = encode_row(entity, current) if current is not None else None
        result.version = result.row["version"] if result.row else result.version
    return result


class ConcurrentPush(Exception):
    """Another request is applying the same mutations right now."""


# Tables other than its own row that deciding a mutation reads (quote checks, SLA fills,
# an attachment's parent): pending writes to them are flushed first, so every decision
# sees what it would have seen one mutation at a time. ``None``: it may read anything.
# A new draft quote reads nothing but coverage (``_Batch.add``).
_READS: dict[str, frozenset[str] | None] = {
    "quote_line": frozenset({"quote"}),
    "quote": None,
    "complaint": frozenset({"customer", "org_setting"}),
    "attachment": None,
}


@dataclass
class _Plan:
    """What one accepted mutation writes, decided in Python before anything is written."""

    m: Mutation
    entity: Entity
    row_id: str
    op: str  # insert | update | delete | none (every change already on the server)
    values: dict[str, Any] = field(default_factory=dict)
    outcome: str = "applied"
    clashes: list[FieldClash] = field(default_factory=list)
    kept_server: list[str] = field(default_factory=list)
    old: Any = None
    old_wire: dict[str, Any] | None = None  # ``old`` in wire form, when deciding needed it
    known: int = 0
    result: MutationResult | None = None
    mid: str = ""  # the mutation id as text


class _Batch:
    """The mutations of one push, decided one by one, written together.

    Every target row is read once, up front (locked on PostgreSQL), with the user's
    coverage of their customers. Each mutation is then decided in Python against the rows
    as the mutations before it left them, by the same rules as ever (``_decide``), and
    its writes wait in ``pending``; they go to the database as one ``executemany`` per
    run of alike statements when something needs to read what they wrote: a second
    mutation of the same row, a check that reads the tables they touch (``_READS``), a
    new customer or a territory move (which change coverage, so they are applied at once,
    as before), and the end of the batch. The rows written are then read back once, so
    each result carries the row exactly as the database stores it.

    A flush runs in one savepoint. If the database refuses it (a duplicate number, a
    reference to nothing, a value too long), it is rolled back and its mutations are
    applied again one at a time, each in its own savepoint: exactly the outcomes the
    one-at-a-time path gives, since no decision in the flush depended on another's write.
    """

    def __init__(
        self,
        session: Session,
        actor,
        access: ServerAccess,
        seq: int,
        client_id: str,
        changed_only: bool = False,
    ):
        self.session, self.actor, self.access = session, actor, access
        self.seq, self.client_id = seq, client_id
        self.changed_only = changed_only
        self.rows: dict[tuple[str, str], Any] = {}  # (entity, id) → row as stored (None: no such row)
        self.quotes: dict[str, Any] = {}  # quotes read for their lines' checks, not targets
        self.pending: list[_Plan] = []
        self.pending_rows: set[tuple[str, str]] = set()
        self.pending_entities: set[str] = set()
        # written, not yet read back: entity -> row id -> its plan (``read_back``)
        self.unread: dict[str, dict[str, _Plan]] = {}
        self.quiet = True  # nothing but customer data written, coverage unchanged (``_caught_up``)

    def apply_alone(self, m: Mutation) -> MutationResult:
        """One mutation read, decided and written on its own, in its own savepoint."""
        session = self.session
        try:
            with session.begin_nested():
                result = self._apply(m)
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
        return result

    def _apply(self, m: Mutation) -> MutationResult:
        session, actor, access, seq, client_id = (
            self.session,
            self.actor,
            self.access,
            self.seq,
            self.client_id,
        )
        entity = BY_NAME.get(m.entity)
        if entity is None:
            raise Rejected("unknown_entity", f"Unknown kind of record {m.entity!r}.")
        row_id = str(m.row_id)
        old = _current(session, entity, row_id)
        plan = _decide(session, m, entity, old, actor, access)
        if plan.op == "insert":
            insert_rows(session, entity, [plan.values], seq, actor.id, client_id=client_id)
            if entity.name == "customer":
                refresh_scope(session, seq, _users_covering(session, plan.values["territory_id"]))
                access.forget()
            return _plan_result(plan, _current(session, entity, row_id, lock=False), self.changed_only)
        if plan.op == "delete":
            row = update_row(session, entity, row_id, {}, seq, actor.id, deleted=True, client_id=client_id)
            return _plan_result(plan, row, self.changed_only)
        row = old
        if plan.op == "update":
            row = update_row(session, entity, row_id, plan.values, seq, actor.id, client_id=client_id)
            if entity.name == "customer" and "territory_id" in plan.values:
                refresh_scope(session, seq)
                access.forget()
        return _plan_result(plan, row, self.changed_only)

    def prefetch(self, mutations: list[Mutation]) -> None:
        by_entity: dict[str, list[str]] = {}
        row_ids = [str(m.row_id) for m in mutations]
        for m, row_id in zip(mutations, row_ids, strict=True):
            if m.entity in BY_NAME:
                by_entity.setdefault(m.entity, []).append(row_id)
        customers: set[str] = set()
        for name, ids in by_entity.items():
            t = TABLES[name]
            found = {
                r["id"]: r
                for r in self.session.execute(select(t).where(t.c.id.in_(ids)).with_for_update()).mappings()
            }
            for row_id in ids:
                self.rows[(name, row_id)] = found.get(row_id)
        for m, row_id in zip(mutations, row_ids, strict=True):
            entity = BY_NAME.get(m.entity)
            if entity is None or entity.scope is not Scope.CUSTOMER:
                continue
            if entity.name == "customer":
                customers.add(row_id)
                continue
            old = self.rows.get((entity.name, row_id))
            if old is not None and old["customer_id"]:
                customers.add(old["customer_id"])
            if isinstance(m.changes.get("customer_id"), str):
                customers.add(m.changes["customer_id"])
        self.access.prefetch(customers)

    def _quote_of(self, quote_id: str | None) -> dict[str, Any] | None:
        """A quote line's quote as ``quote_checks`` reads it (a live quote, else None),
        read once per batch. No quote is pending when a line is decided (``_READS``)."""
        if not quote_id:
            return None
        self._read_if_unread("quote", quote_id)
        row = self.rows.get(("quote", quote_id))
        if row is None:
            if quote_id not in self.quotes:
                t = TABLES["quote"]
                self.quotes[quote_id] = (
                    self.session.execute(select(t).where(t.c.id == quote_id)).mappings().first()
                )
            row = self.quotes[quote_id]
        return dict(row) if row is not None and not row["deleted"] else None

    def _forget(self, name: str, row_id: str) -> None:
        """A row was written outside the batch's bookkeeping: read it again when needed."""
        self.rows.pop((name, row_id), None)
        if name == "quote":
            self.quotes.pop(row_id, None)

    def _read_if_unread(self, name: str, row_id: str) -> None:
        """The row was written by this batch and not read back yet: read back its entity's."""
        if row_id in self.unread.get(name, ()):
            self.read_back(name)

    def _row(self, entity: Entity, row_id: str):
        key = (entity.name, row_id)
        self._read_if_unread(entity.name, row_id)
        if key not in self.rows:
            self.rows[key] = _current(self.session, entity, row_id)
        return self.rows[key]

    def add(self, m: Mutation, known: int, mid: str) -> MutationResult | _Plan:
        """Decide ``m`` (``mid``: its id as text); returns its result, or its plan whose
        result the flush fills in."""
        self.access.at(known)
        entity = BY_NAME.get(m.entity)
        if entity is None or entity.scope is not Scope.CUSTOMER:
            self.quiet = False
        if entity is None:
            return _rejected_with(m, "unknown_entity", f"Unknown kind of record {m.entity!r}.", None, None)
        row_id = str(m.row_id)
        if entity.name == "customer" and (m.op == "insert" or "territory_id" in m.changes):
            # Coverage may change: applied at once, and every later decision sees it.
            self.quiet = False
            self.flush()
            self._read_if_unread(entity.name, row_id)  # its earlier result carries the row before this
            result = self.apply_alone(m)
            self._forget(entity.name, row_id)
            return result
        reads = _READS.get(entity.name, frozenset())
        if entity.name == "quote" and m.op == "insert" and m.changes.get("status") == "draft":
            reads = frozenset()  # a new draft's checks read nothing but coverage (quote_checks)
        if (entity.name, row_id) in self.pending_rows or (
            self.pending_entities and (reads is None or reads & self.pending_entities)
        ):
            self.flush()
        old = self._row(entity, row_id)
        try:
            plan = _decide(self.session, m, entity, old, self.actor, self.access, self._quote_of, row_id)
        except Rejected as exc:
            return _rejected_with(m, exc.code, exc.message, exc.field, entity, old)
        except DomainError as exc:
            return _rejected_with(m, exc.code, exc.message, exc.field, entity, old)
        except WireError as exc:
            return _rejected_with(m, "invalid_value", str(exc), exc.field, entity, old)
        plan.known, plan.mid = self.access.known, mid
        if plan.op == "none":
            plan.result = _plan_result(plan, old, self.changed_only)
            return plan
        self.pending.append(plan)
        self.pending_rows.add((entity.name, row_id))
        self.pending_entities.add(entity.name)
        return plan

    def flush(self) -> None:
        plans = self.pending
        if not plans:
            return
        self.pending, self.pending_rows, self.pending_entities = [], set(), set()
        try:
            with self.session.begin_nested():
                for _key, run in groupby(plans, key=_statement_key):
                    self._write(list(run))
        except (DataError, IntegrityError) as exc:
            log.info("push: a batched write was refused (%s); applying its mutations one by one", exc.orig)
            for plan in plans:
                self.access.at(plan.known)
                plan.result = self.apply_alone(plan.m)
                self._forget(plan.entity.name, plan.row_id)
            return
        # The rows as stored are read back when something needs them (a later mutation
        # of the row, a line's quote) or at the end, one query per entity (``read_back``).
        for plan in plans:
            self._forget(plan.entity.name, plan.row_id)
            self.unread.setdefault(plan.entity.name, {})[plan.row_id] = plan

    def read_back(self, name: str | None = None) -> None:
        """Read the written rows of entity ``name`` (None: of every entity) as stored, and
        give their plans their results."""
        for entity_name in [name] if name is not None else list(self.unread):
            plans = self.unread.pop(entity_name, None)
            if not plans:
                continue
            t = TABLES[entity_name]
            ids = list(plans)
            for i in range(0, len(ids), 500):
                for r in self.session.execute(select(t).where(t.c.id.in_(ids[i : i + 500]))).mappings():
                    self._forget(entity_name, r["id"])
                    self.rows[(entity_name, r["id"])] = r
            for row_id, plan in plans.items():
                plan.result = _plan_result(plan, self.rows[(entity_name, row_id)], self.changed_only)

    def finish(self) -> None:
        """The end of the batch: every pending write written, every result filled in."""
        self.flush()
        self.read_back()

    def _write(self, run: list[_Plan]) -> None:
        first = run[0]
        entity, t = first.entity, TABLES[first.entity.name]
        if first.op == "insert":
            insert_rows(
                self.session,
                entity,
                [p.values for p in run],
                self.seq,
                self.actor.id,
                client_id=self.client_id,
            )
            return
        names = sorted(first.values)
        stmt = (
            update(t)
            .where(t.c.id == bindparam("_row_id", type_=t.c.id.type))
            .values(
                {
                    **{n: bindparam(f"_v_{n}", type_=t.c[n].type) for n in names},
                    "seq": self.seq,
                    "updated_at": now(),
                    "updated_by": self.actor.id,
                    "origin_client": self.client_id,
                    "version": t.c.version + 1,
                    **({"deleted": True} if first.op == "delete" else {}),
                }
            )
        )
        self.session.execute(
            stmt, [{"_row_id": p.row_id, **{f"_v_{n}": p.values[n] for n in names}} for p in run]
        )


def _statement_key(plan: _Plan) -> tuple:
    """Consecutive plans with one key are written by one executemany (in batch order)."""
    if plan.op == "insert":
        return (plan.entity.name, "insert")
    return (plan.entity.name, plan.op, tuple(sorted(plan.values)))


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
    current = _current(session, entity, str(m.row_id), lock=False) if entity is not None else None
    return _rejected_with(m, code, message, field, entity, current)


def _rejected_with(
    m: Mutation, code: str, message: str, field: str | None, entity: Entity | None, current=None
) -> MutationResult:
    row = encode_row(entity, current) if entity is not None and current is not None else None
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


def _decide(
    session: Session,
    m: Mutation,
    entity: Entity,
    old,
    actor,
    access: ServerAccess,
    quote_of=None,
    row_id: str | None = None,
) -> _Plan:
    """What ``m`` does to the row ``old`` (None: no such row), by the write rules and the
    merge policies; raises ``Rejected``, ``DomainError`` or ``WireError`` to refuse it.
    Reads nothing but through ``access`` and the checks named in ``_READS``."""
    if m.op != "delete":
        changes = decode_fields(entity, m.changes)
    else:
        changes = {}
    row_id = row_id or str(m.row_id)

    if m.op == "insert":
        if old is not None:
            raise Rejected("already_exists", "A record with this id already exists on the server.")
        missing = [f.name for f in entity.fields if f.required and changes.get(f.name) is None]
        if missing:
            raise Rejected("required", f"Required: {', '.join(missing)}.", missing[0])
        write_rules.check_write(entity, write_rules.INSERT, actor, None, changes, access)
        quote_checks.check(session, entity, write_rules.INSERT, actor, None, changes, quote_of)
        _server_fills(session, entity, changes)
        return _Plan(m, entity, row_id, "insert", {"id": row_id, **changes})

    if old is None or old["deleted"]:
        raise Rejected(
            "not_found", "This record no longer exists on the server (it was deleted or never arrived)."
        )
    old_py = _python_row(entity, old)

    if m.op == "delete":
        write_rules.check_write(entity, write_rules.DELETE, actor, old_py, {}, access)
        quote_checks.check(session, entity, write_rules.DELETE, actor, old_py, {}, quote_of)
        return _Plan(m, entity, row_id, "delete", old=old)

    missing_base = [f for f in m.changes if f not in m.base]
    if missing_base:
        raise Rejected("invalid_mutation", f"The change does not say what {missing_base[0]} was before.")
    write_rules.check_write(entity, write_rules.UPDATE, actor, old_py, changes, access)
    quote_checks.check(session, entity, write_rules.UPDATE, actor, old_py, changes, quote_of)
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
    outcome = "conflict" if clashes else ("applied" if m.base_version == old["version"] else "merged")
    return _Plan(
        m,
        entity,
        row_id,
        "update" if apply_now else "none",
        apply_now,
        outcome,
        clashes,
        kept_server,
        old,
        old_wire,
    )


def _plan_result(plan: _Plan, current, changed_only: bool = False) -> MutationResult:
    mid = plan.mid or str(plan.m.mutation_id)
    if changed_only and plan.outcome == "applied" and not plan.clashes and not plan.kept_server:
        row = encode_row(plan.entity, current)
        return MutationResult(
            mutation_id=mid, outcome="applied", version=row["version"], changed=_changed(plan, row)
        )
    result = _result(plan.entity, mid, current, plan.outcome)
    if plan.clashes:
        result.clashes = plan.clashes
        result.code = "needs_decision"
        result.message = (
            "Someone else changed "
            + ", ".join(c.field for c in plan.clashes)
            + " at the same time. Choose which value to keep."
        )
    if plan.kept_server:
        result.kept_server = plan.kept_server
    return result


def _changed(plan: _Plan, row: dict[str, Any]) -> dict[str, Any]:
    """What of ``row`` (as stored, wire form) differs from what the laptop holds: its row
    as the server had it before this mutation (none for an insert: every value it did not
    send is empty) with the mutation's own changes on top. Applied, the mutation's base
    was the server's row, so that is the laptop's copy; what differs is the version, the
    fields the server fills in (a visit's receipt time, a complaint's SLA) and values the
    server stores in another form (``"1.5"`` → ``"1.50"``)."""
    if plan.op == "insert":
        before: Mapping[str, Any] = {}
    else:
        before = plan.old_wire if plan.old_wire is not None else encode_row(plan.entity, plan.old)
    sent = plan.m.changes
    out = {"id": row["id"], "version": row["version"], "deleted": row["deleted"]}
    for name, value in row.items():
        if name in out:
            continue
        held = sent[name] if name in sent else before.get(name)
        if value != held:
            out[name] = value
    return out


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
