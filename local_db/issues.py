"""Sync issues on the laptop: listing them and settling them (docs/SYNC_CONTRACT.md, invariant 4).

The sync engine records a ``SyncIssue`` for every pushed change the server did not simply
apply: a *conflict* (someone else changed the same money, credit or status field at the
same time) or a *rejection* (a rule refused it). The issue keeps the rep's values in full,
so nothing is lost while a person decides. This module holds the decisions, with no Qt:

- :func:`resolve_conflict` — per clashing field keep the server's value or use mine. "Use
  mine" becomes a new update through :class:`~local_db.writes.LocalWriter` whose base is
  the server's value, so it applies on the next push; "keep the server's" only settles.
- :func:`retry_rejected` — re-queue the rep's change (possibly edited) through the writer,
  against the current local row. If the rules refuse it again, the ``DomainError``
  reaches the caller and nothing changes.
- :func:`discard_issue` — the rep gives up their change; the laptop already shows the
  server's row. For a rejected *new* record the local copy the server never had is
  removed too (otherwise it would linger unsynced forever).

Every function works in the caller's transaction (``with db.session() as s``) and
removes the issue only together with its effect. Values are in wire form (what the outbox
holds: decimals and dates as strings, instants as UTC text); the UI formats them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from domain.errors import DomainError
from domain.schema import BY_NAME, Entity, Kind, Scope
from domain.values import WireError, decode_fields, decode_value, encode_row
from local_db.file_uploads import count_open_files
from local_db.models import OutboxEntry, SyncIssue
from local_db.queries import Sort, _page
from local_db.tables import TABLES
from local_db.writes import LocalWriter, pending_count

CONFLICT, REJECTED = "conflict", "rejected"
KEEP_SERVER, USE_MINE = "server", "mine"
INSERT, UPDATE, DELETE = "insert", "update", "delete"

_V = TypeVar("_V")

DEFAULT_SORT = Sort("when", descending=True)
SORT_KEYS = ("when", "entity", "op", "customer", "record", "what")


@dataclass(frozen=True)
class Clash:
    """One clashing field of a conflict, as wire values."""

    field: str
    base: Any  # before either side changed it
    server: Any  # the server's value, as this laptop knows it now
    mine: Any  # the rep's value
    pending: bool = False  # the rep edited this field again since: that newer edit stands


# -- reading ---------------------------------------------------------------------------------


def issue_op(issue: SyncIssue) -> str:
    """insert, update or delete: an outbox entry's shape tells (the issue does not store it)."""
    if not issue.changes and not issue.base:
        return DELETE
    if not issue.base:
        return INSERT
    return UPDATE


def count_issues(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SyncIssue)) or 0


@dataclass(frozen=True)
class Waiting:
    """What the status bar counts, read together: changes waiting to be sent, sync issues,
    and attachment files not uploaded yet."""

    pending: int
    issues: int
    files: int


def waiting(db) -> Waiting:
    with db.session() as s:
        return Waiting(pending_count(s), count_issues(s), count_open_files(s))


def get_issue(session: Session, mutation_id: str) -> SyncIssue | None:
    return session.get(SyncIssue, mutation_id)


def local_row(session: Session, entity_name: str, row_id: str) -> dict[str, Any] | None:
    """The local row in wire form (tombstones included), or None when it is not here."""
    entity = BY_NAME.get(entity_name)
    if entity is None:
        return None
    t = TABLES[entity.name]
    row = session.execute(select(t).where(t.c.id == row_id)).mappings().first()
    return None if row is None else encode_row(entity, row)


def _customer_name(session: Session, customer_id: str | None) -> str | None:
    if not customer_id:
        return None
    t = TABLES["customer"]
    return session.scalar(select(t.c.name).where(t.c.id == customer_id))


def _known_values(issue: SyncIssue | OutboxEntry, row: Mapping[str, Any] | None) -> dict[str, Any]:
    """Best knowledge of the record's fields: local row, else the server's, else the rep's."""
    values: dict[str, Any] = {}
    server = getattr(issue, "server_values", None)  # an outbox entry has not been answered yet
    for source in (issue.base or {}, issue.changes or {}, server or {}, row or {}):
        values.update({k: v for k, v in source.items() if v is not None})
    return values


# What names a record in the issue list, first present wins (the customer's name is shown apart).
_LABELS = {
    "customer": ("code",),
    "visit": ("planned_at", "check_in_at"),
    "quote_line": ("description", "line_no"),
}


def describe_record(session: Session, issue: SyncIssue | OutboxEntry) -> tuple[str | None, str, Any]:
    """(customer name, label field, label value) of the record an issue (or a pending change) is about."""
    entity = BY_NAME.get(issue.entity)
    row = local_row(session, issue.entity, issue.row_id)
    values = _known_values(issue, row)
    if entity is None:
        return None, "", None
    customer = None
    if entity.scope is Scope.CUSTOMER:
        cid = issue.row_id if entity.name == "customer" else values.get("customer_id")
        customer = _customer_name(session, cid)
        if customer is None and entity.name == "customer":
            customer = values.get("name")
    candidates = _LABELS.get(entity.name, (entity.label_field,))
    label_field = next((f for f in candidates if values.get(f) is not None), candidates[0])
    return customer, label_field, values.get(label_field)


def _summary(session: Session, issue: SyncIssue) -> dict[str, Any]:
    customer, label_field, label_value = describe_record(session, issue)
    return {
        "id": issue.mutation_id,
        "mutation_id": issue.mutation_id,
        "entity": issue.entity,
        "row_id": issue.row_id,
        "op": issue_op(issue),
        "outcome": issue.outcome,
        "code": issue.code,
        "message": issue.message,
        "fields": list(issue.fields or []),
        "created_at": issue.created_at,
        "customer_name": customer,
        "label_field": label_field,
        "label_value": label_value,
        # a refused status change: what the rep asked for, and what the server has now
        "wanted_status": (issue.changes or {}).get("status"),
        "server_status": (issue.server_values or {}).get("status", (issue.base or {}).get("status")),
    }


def issue_summary(session: Session, mutation_id: str) -> dict[str, Any] | None:
    issue = session.get(SyncIssue, mutation_id)
    return None if issue is None else _summary(session, issue)


def list_issues(session: Session, sort: Sort | None = None, offset: int = 0, limit: int = 200) -> list[dict]:
    """The issues as rows for a list, with the record's customer and label resolved.

    A laptop has a handful of issues at most, so they are described and sorted in Python
    (the customer's name is not in the issue table).
    """
    sort = sort if sort and sort.key in SORT_KEYS else DEFAULT_SORT
    rows = [_summary(session, i) for i in session.scalars(select(SyncIssue))]
    keys = {
        "when": lambda r: (r["created_at"], r["id"]),
        "entity": lambda r: (r["entity"], r["created_at"]),
        "op": lambda r: ((INSERT, UPDATE, DELETE).index(r["op"]), r["created_at"]),
        "customer": lambda r: ((r["customer_name"] or ""), r["created_at"]),
        "record": lambda r: (str(r["label_value"] or ""), r["created_at"]),
        "what": lambda r: (r["outcome"], r["code"] or "", r["created_at"]),
    }
    rows.sort(key=keys[sort.key], reverse=sort.descending)
    return rows[max(0, offset) : max(0, offset) + max(0, limit)]


# -- changes waiting to be sent ----------------------------------------------------------------

PENDING_SORT = Sort("when", descending=False)  # oldest first: the order they are sent in
PENDING_SORT_KEYS = ("when", "entity", "op", "customer", "record")


def count_pending(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxEntry)) or 0


def _pending_summary(session: Session, entry: OutboxEntry) -> dict[str, Any]:
    customer, label_field, label_value = describe_record(session, entry)
    op = entry.op if entry.op in (INSERT, UPDATE, DELETE) else UPDATE
    fields = list(entry.changes or {}) if op == UPDATE else []  # a new record: all of them, not worth listing
    return {
        "id": entry.mutation_id,
        "client_seq": entry.client_seq,
        "entity": entry.entity,
        "row_id": entry.row_id,
        "op": op,
        "fields": fields,
        "created_at": entry.created_at,
        "customer_name": customer,
        "label_field": label_field,
        "label_value": label_value,
    }


def list_pending(session: Session, sort: Sort | None = None, offset: int = 0, limit: int = 200) -> list[dict]:
    """The changes in the outbox (what, which record, since when), for the sync centre.

    The order of sending is ``client_seq``; the record's customer and label are resolved
    per page, so only the rows on show are described.
    """
    sort = sort if sort and sort.key in PENDING_SORT_KEYS else PENDING_SORT
    if sort.key in ("when", "entity", "op"):
        column = {"when": OutboxEntry.client_seq, "entity": OutboxEntry.entity, "op": OutboxEntry.op}[
            sort.key
        ]
        order = [column.desc() if sort.descending else column.asc(), OutboxEntry.client_seq]
        entries = session.scalars(_page(select(OutboxEntry).order_by(*order), offset, limit))
        return [_pending_summary(session, e) for e in entries]
    # customer and record names are not in the outbox: a laptop holds a few hundred entries at
    # most between syncs, so these two sorts describe them all
    rows = [_pending_summary(session, e) for e in session.scalars(select(OutboxEntry))]
    keys = {
        "customer": lambda r: (r["customer_name"] or "", r["client_seq"]),
        "record": lambda r: (str(r["label_value"] or ""), r["client_seq"]),
    }
    rows.sort(key=keys[sort.key], reverse=sort.descending)
    return rows[max(0, offset) : max(0, offset) + max(0, limit)]


def _pending_fields(session: Session, entity: str, row_id: str) -> set[str]:
    """Fields the rep changed again (still in the outbox) since the issue was recorded."""
    fields: set[str] = set()
    for changes in session.scalars(
        select(OutboxEntry.changes).where(OutboxEntry.entity == entity, OutboxEntry.row_id == row_id)
    ):
        fields |= set(changes or {})
    return fields


def conflict_fields(session: Session, issue: SyncIssue) -> list[Clash]:
    """Per clashing field: base, server and rep values.

    The server's value is the one the laptop holds now (a later pull may have brought a
    newer one than the push answer did), unless the rep has edited the field again.
    """
    row = local_row(session, issue.entity, issue.row_id)
    pending = _pending_fields(session, issue.entity, issue.row_id)
    answered = issue.server_values or {}
    out = []
    for name in issue.fields or []:
        again = name in pending
        server = answered.get(name) if again or row is None else row.get(name)
        out.append(Clash(name, (issue.base or {}).get(name), server, (issue.changes or {}).get(name), again))
    return out


def retry_values(session: Session, issue: SyncIssue) -> dict[str, Any]:
    """What "retry" sends unless the rep edits it: their changed fields (all fields of a new record)."""
    op = issue_op(issue)
    if op == DELETE:
        return {}
    entity = BY_NAME.get(issue.entity)
    if op == INSERT and entity is not None:
        row = local_row(session, issue.entity, issue.row_id)
        if row is not None and row["version"] == 0:  # the rep's record as they see it now
            return {n: row[n] for n in entity.field_names if row[n] is not None}
    return dict(issue.changes or {})


# What a person knows a referenced record by (a customer's name, a quote's number).
REF_NAMES = {
    "user": "display_name",
    "customer": "name",
    "contact": "name",
    "product": "name",
    "territory": "name",
    "quote": "number",
    "price_list": "name",
    "visit": "planned_at",
    "receivable": "reference",
    "complaint": "description",
}


def _ref_names(session: Session, entity_name: str, *value_maps: Mapping[str, Any] | None) -> dict:
    """``{(entity, id): name}`` of the records the reference fields among these values point at
    (those on this laptop), one query per kind of record."""
    entity = BY_NAME.get(entity_name)
    wanted: dict[str, set[str]] = {}
    for values in value_maps if entity is not None else ():
        for name, value in (values or {}).items():
            f = next((f for f in entity.fields if f.name == name), None)
            if f is not None and f.kind is Kind.REF and value and f.ref in REF_NAMES and f.ref in TABLES:
                wanted.setdefault(f.ref, set()).add(str(value))
    names: dict[tuple[str, str], Any] = {}
    for target, ids in wanted.items():
        t = TABLES[target]
        for row_id, name in session.execute(select(t.c.id, t.c[REF_NAMES[target]]).where(t.c.id.in_(ids))):
            if name:
                names[(target, row_id)] = name
    return names


def _label(summary: Mapping[str, Any]) -> dict[str, Any]:
    return {summary["label_field"]: summary["label_value"]} if summary.get("label_field") else {}


def _while_open(db, mutation_id: str, read: Callable[[Session, SyncIssue, dict[str, Any]], _V]) -> _V | None:
    """What ``read`` makes of the issue and its summary, read in one session; None when the
    issue was settled meanwhile (a dialog opened from a stale list)."""
    with db.session() as s:
        issue = get_issue(s, mutation_id)
        summary = issue_summary(s, mutation_id)
        if issue is None or summary is None:
            return None
        return read(s, issue, summary)


@dataclass(frozen=True)
class RejectionView:
    """What the dialog of a rejected change shows, read together: the issue's summary,
    what "retry" sends unless the rep edits it, the local row now (None when it is not
    here), and the names of the records their references point at."""

    entity: str
    op: str
    summary: dict[str, Any]
    values: dict[str, Any]
    current: dict[str, Any] | None
    names: dict[tuple[str, str], Any]


def rejection_view(db, mutation_id: str) -> RejectionView | None:
    """None when the issue was settled meanwhile."""

    def read(s: Session, issue: SyncIssue, summary: dict[str, Any]) -> RejectionView:
        values = retry_values(s, issue)
        current = local_row(s, issue.entity, issue.row_id)
        names = _ref_names(s, issue.entity, values, current, _label(summary))
        return RejectionView(issue.entity, issue_op(issue), summary, values, current, names)

    return _while_open(db, mutation_id, read)


@dataclass(frozen=True)
class ConflictView:
    """What the conflict dialog shows, read together: the issue's summary, the clashing
    fields, the record's currency (for money), and the names its references point at."""

    entity: str
    summary: dict[str, Any]
    clashes: list[Clash]
    currency: str | None
    names: dict[tuple[str, str], Any]


def conflict_view(db, mutation_id: str) -> ConflictView | None:
    """None when the conflict was resolved meanwhile."""

    def read(s: Session, issue: SyncIssue, summary: dict[str, Any]) -> ConflictView:
        clashes = conflict_fields(s, issue)
        currency = (local_row(s, issue.entity, issue.row_id) or issue.server_values or {}).get("currency")
        sides = ({c.field: v} for c in clashes for v in (c.base, c.server, c.mine))
        names = _ref_names(s, issue.entity, _label(summary), *sides)
        return ConflictView(issue.entity, summary, clashes, currency, names)

    return _while_open(db, mutation_id, read)


def same_value(entity_name: str, name: str, a: Any, b: Any) -> bool:
    """Two wire values of a field mean the same (``"1.50"`` equals ``"1.5"``)."""
    if a == b:
        return True
    entity = BY_NAME.get(entity_name)
    if entity is None or a is None or b is None:
        return False
    try:
        return decode_value(entity, name, a) == decode_value(entity, name, b)
    except (WireError, ValueError, ArithmeticError):
        return False


# -- deciding --------------------------------------------------------------------------------


def _issue(session: Session, mutation_id: str, outcome: str) -> tuple[SyncIssue, Entity]:
    issue = session.get(SyncIssue, mutation_id)
    if issue is None:
        raise DomainError("This sync issue was already settled.", code="issue_gone")
    if issue.outcome != outcome:
        raise DomainError(f"This sync issue is a {issue.outcome}, not a {outcome}.", code="wrong_issue_kind")
    entity = BY_NAME.get(issue.entity)
    if entity is None:
        raise DomainError(
            "This kind of record is unknown to this version; the change can only be discarded.",
            code="unknown_entity",
        )
    return issue, entity


def _typed(entity: Entity, values: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return decode_fields(entity, values)
    except WireError as exc:
        raise DomainError(str(exc), code="invalid_value", field=exc.field) from None


def resolve_conflict(
    session: Session, mutation_id: str, choices: Mapping[str, str], seen: Mapping[str, Any] | None = None
) -> bool:
    """Settle a conflict: ``choices`` maps every clashing field to KEEP_SERVER or USE_MINE.

    ``seen`` (field -> server value shown to the person) guards against deciding on a
    stale value: if the server's value changed since, nothing is done and a DomainError
    with code ``changed_again`` asks to look again. Returns True when a change was queued.
    """
    issue, entity = _issue(session, mutation_id, CONFLICT)
    clashes = {c.field: c for c in conflict_fields(session, issue)}
    unknown = sorted(set(choices) - set(clashes))
    if unknown:
        raise DomainError(
            f"{unknown[0]} is not one of the clashing fields.", code="unknown_field", field=unknown[0]
        )
    missing = [f for f in clashes if choices.get(f) not in (KEEP_SERVER, USE_MINE)]
    if missing:
        raise DomainError("Choose a value for every field.", code="choice_required", field=missing[0])
    mine = {f: clashes[f].mine for f in clashes if choices[f] == USE_MINE and not clashes[f].pending}
    if seen is not None:
        for f in mine:
            if f in seen and not same_value(entity.name, f, seen[f], clashes[f].server):
                raise DomainError(
                    "The server's value changed again meanwhile. Check the new value and choose again.",
                    code="changed_again",
                    field=f,
                )
    queued = False
    if mine:
        queued = LocalWriter.for_owner(session).update(entity.name, issue.row_id, _typed(entity, mine))
    session.delete(issue)
    session.flush()
    return queued


def retry_rejected(session: Session, mutation_id: str, values: Mapping[str, Any] | None = None) -> bool:
    """Queue a rejected change again, as it was or with ``values`` (wire form) instead.

    It goes through the writer against the current local row, so the same rules run
    again; if they refuse, their ``DomainError`` propagates and nothing changes. Returns
    True when a change was queued (False: the row already holds these values).
    """
    issue, entity = _issue(session, mutation_id, REJECTED)
    op = issue_op(issue)
    wire = dict(retry_values(session, issue) if values is None else values)
    writer = LocalWriter.for_owner(session)
    t = TABLES[entity.name]
    if op == DELETE:
        writer.delete(entity.name, issue.row_id)
        queued = True
    elif op == INSERT:
        typed = _typed(entity, wire)
        row = local_row(session, entity.name, issue.row_id)
        if row is not None and row["version"] > 0:
            # The server has this record after all (e.g. it arrived in a later pull):
            # what is left of the rep's record is an edit of it.
            queued = writer.update(entity.name, issue.row_id, typed)
        else:
            if row is not None:
                # The local copy the server never accepted is written afresh by the writer
                # (same id, so anything referring to it still does), in this transaction.
                session.execute(delete(t).where(t.c.id == issue.row_id))
            writer.insert(entity.name, {"id": issue.row_id, **typed})
            queued = True
    else:
        queued = writer.update(entity.name, issue.row_id, _typed(entity, wire))
    session.delete(issue)
    session.flush()
    return queued


def discard_issue(session: Session, mutation_id: str) -> None:
    """The rep gives up this change: the issue goes, and the laptop keeps the server's row.

    A rejected new record the server never accepted is removed from the laptop as well,
    unless later edits of it are still waiting to be sent.
    """
    issue = session.get(SyncIssue, mutation_id)
    if issue is None:
        raise DomainError("This sync issue was already settled.", code="issue_gone")
    entity = BY_NAME.get(issue.entity)
    if issue.outcome == REJECTED and issue_op(issue) == INSERT and entity is not None:
        t = TABLES[entity.name]
        waiting = session.scalar(
            select(func.count())
            .select_from(OutboxEntry)
            .where(OutboxEntry.entity == entity.name, OutboxEntry.row_id == issue.row_id)
        )
        if not waiting:
            session.execute(delete(t).where(t.c.id == issue.row_id, t.c.version == 0))
    session.delete(issue)
    session.flush()
