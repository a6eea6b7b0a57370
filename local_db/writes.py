"""The one write path for synced rows on the laptop (docs/SYNC_CONTRACT.md, invariant 2).

Every insert, update and delete of a synced entity goes through ``LocalWriter``: it checks
the change with the same rules the server applies (``domain.write_rules``), writes the
row, and appends an immutable outbox entry, all in the caller's transaction. Nothing
else in the client writes synced tables, except applying what the server sent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from domain import write_rules
from domain.enums import Role
from domain.errors import DomainError
from domain.schema import BY_NAME, Entity, Scope
from domain.values import decode_fields, encode_fields, new_id
from local_db import quote_checks
from local_db.db import CURSOR, deferred_evictions
from local_db.models import OutboxEntry, SyncState
from local_db.parent_reads import ParentReads
from local_db.tables import TABLES

SCHEMA_VERSION = 1  # of the entity model this client writes; see sync.contract.SCHEMA_VERSION

# The entities written in this thread while ``recording_writes`` is open (ui.operations.LocalOp
# tells the other screens which kinds of data changed).
_written: ContextVar[set[str] | None] = ContextVar("written_entities", default=None)


@contextmanager
def recording_writes() -> Iterator[set[str]]:
    """The names of the entities ``LocalWriter`` writes (in this thread) inside the block."""
    written: set[str] = set()
    token = _written.set(written)
    try:
        yield written
    finally:
        _written.reset(token)


class LocalAccess(ParentReads):
    """The write rules' questions, answered from the local replica.

    The replica holds exactly the user's scope, so "do I cover this customer" is "is it
    here"; the server checks again with its own, authoritative answer.
    """

    tables = TABLES

    def __init__(self, session: Session, user_id: str):
        self.session = session
        self.user_id = user_id
        self._territories: set[str] | None = None

    def covers_customer(self, customer_id: str) -> bool:
        t = TABLES["customer"]
        return self.session.scalar(select(func.count()).where(t.c.id == customer_id)) > 0

    def covers_territory(self, territory_id: str) -> bool:
        if self._territories is None:
            a, terr = TABLES["assignment"], TABLES["territory"]
            children: dict[str | None, list[str]] = defaultdict(list)
            for node, parent in self.session.execute(select(terr.c.id, terr.c.parent_id)):
                children[parent].append(node)
            found: set[str] = set()
            todo = list(
                self.session.scalars(
                    select(a.c.territory_id).where(a.c.user_id == self.user_id, a.c.territory_id.is_not(None))
                )
            )
            while todo:
                node = todo.pop()
                if node not in found:
                    found.add(node)
                    todo.extend(children.get(node, ()))
            self._territories = found
        return territory_id in self._territories

    def quote_needs_approval(self, quote: Mapping[str, Any]) -> bool:
        # The effective discount of the lines against the customer's price list (typed-down
        # prices count), measured against the quote's rep's limit; see local_db.quote_checks.
        return quote_checks.quote_needs_approval(self.session, quote)


class LocalWriter:
    def __init__(self, session: Session, user_id: str, role: Role | str):
        self.session = session
        self.actor = write_rules.Actor(user_id, Role(role))
        self.access = LocalAccess(session, user_id)
        self._known: tuple[str | None, dict[str, str | None]] | None = None

    @classmethod
    def for_owner(cls, session: Session) -> LocalWriter:
        """A writer acting as the user this replica belongs to."""
        state = dict(session.execute(select(SyncState.key, SyncState.value)).all())
        if not state.get("user_id"):
            raise DomainError("Log in and sync once before making changes.", code="not_logged_in")
        return cls(session, state["user_id"], state["role"])

    # -- the three operations -------------------------------------------------------------

    def insert(self, entity_name: str, values: Mapping[str, Any]) -> str:
        entity = BY_NAME[entity_name]
        row_id = str(values.get("id") or new_id())
        fields = {k: v for k, v in values.items() if k != "id"}
        wire = encode_fields(entity, fields)
        typed = decode_fields(entity, wire)  # the same type and format checks the server makes
        missing = [f.name for f in entity.fields if f.required and typed.get(f.name) is None]
        if missing:
            raise DomainError(f"Required: {', '.join(missing)}.", code="required", field=missing[0])
        write_rules.check_write(entity, write_rules.INSERT, self.actor, None, typed, self.access)
        self.session.execute(
            TABLES[entity.name]
            .insert()
            .values(
                {
                    "id": row_id,
                    "version": 0,
                    "deleted": False,
                    **{f: None for f in entity.field_names},
                    **typed,
                }
            )
        )
        self._outbox(entity, row_id, "insert", wire, {}, 0, typed)
        return row_id

    def update(self, entity_name: str, row_id: str, values: Mapping[str, Any]) -> bool:
        """Change some fields; returns False when nothing actually changed."""
        entity = BY_NAME[entity_name]
        old = self._row(entity, row_id)
        wire = encode_fields(entity, values)
        typed = decode_fields(entity, wire)
        old_wire = encode_fields(entity, {n: old[n] for n in typed})
        changed = {n: wire[n] for n in wire if old_wire[n] != wire[n]}
        if not changed:
            return False
        typed = {n: typed[n] for n in changed}
        write_rules.check_write(entity, write_rules.UPDATE, self.actor, dict(old), typed, self.access)
        t = TABLES[entity.name]
        self.session.execute(update(t).where(t.c.id == row_id).values(**typed))
        self._outbox(
            entity, row_id, "update", changed, {n: old_wire[n] for n in changed}, old["version"], old
        )
        return True

    def delete(self, entity_name: str, row_id: str) -> None:
        entity = BY_NAME[entity_name]
        old = self._row(entity, row_id)
        write_rules.check_write(entity, write_rules.DELETE, self.actor, dict(old), {}, self.access)
        t = TABLES[entity.name]
        self.session.execute(update(t).where(t.c.id == row_id).values(deleted=True))
        self._outbox(entity, row_id, "delete", {}, {}, old["version"], old)

    # -- helpers ----------------------------------------------------------------------------

    def _row(self, entity: Entity, row_id: str):
        t = TABLES[entity.name]
        row = self.session.execute(select(t).where(t.c.id == row_id, ~t.c.deleted)).mappings().first()
        if row is None:
            raise DomainError("This record is no longer on this laptop.", code="not_found")
        return row

    def _outbox(
        self,
        entity: Entity,
        row_id: str,
        op: str,
        changes: dict,
        base: dict,
        base_version: int,
        row: Mapping[str, Any],
    ) -> None:
        written = _written.get()
        if written is not None:
            written.add(entity.name)
        customer_id = None
        if entity.scope is Scope.CUSTOMER:
            customer_id = row_id if entity.name == "customer" else row.get("customer_id")
        self.session.add(
            OutboxEntry(
                mutation_id=new_id(),
                entity=entity.name,
                row_id=row_id,
                op=op,
                changes=changes,
                base=base,
                base_version=base_version,
                schema_version=SCHEMA_VERSION,
                customer_id=customer_id,
                created_at=datetime.now(timezone.utc),
                known_cursor=self._known_cursor(customer_id),
            )
        )
        self.session.flush()

    def _known_cursor(self, customer_id: str | None) -> str | None:
        """What this laptop knew of its scope as this edit is made: its pull cursor, or, for
        a customer whose eviction waits for its edits, the cursor it held before it was told
        the customer left (it still covers it until the eviction is applied)."""
        if self._known is None:  # one read per transaction: the pull writes in its own
            self._known = (
                self.session.scalar(select(SyncState.value).where(SyncState.key == CURSOR)),
                deferred_evictions(self.session),
            )
        cursor, waiting = self._known
        if customer_id is not None and waiting.get(customer_id):
            return waiting[customer_id]
        return cursor


def rebase_pending(session: Session, entity_name: str, row_ids: Iterable[str]) -> int:
    """Re-apply unpushed local edits on top of rows the server just sent.

    Until the server has seen them, the rep keeps seeing their own changes.
    """
    ids = list(row_ids)
    if not ids:
        return 0
    entity = BY_NAME[entity_name]
    t = TABLES[entity_name]
    n = 0
    for i in range(0, len(ids), 500):
        entries = session.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.entity == entity_name, OutboxEntry.row_id.in_(ids[i : i + 500]))
            .order_by(OutboxEntry.client_seq)
        ).all()
        for entry in entries:
            values = decode_fields(entity, entry.changes) if entry.changes else {}
            if entry.op == "delete":
                values["deleted"] = True
            if values:
                session.execute(update(t).where(t.c.id == entry.row_id).values(**values))
                n += 1
    return n


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxEntry)) or 0
