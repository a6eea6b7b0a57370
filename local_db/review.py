"""The supervisor's review work on the laptop: visit logs (稽查), discount approvals, escalations.

Three parts:

* **Exception rules** live in ``domain.visit_review`` (pure): what makes a submitted visit
  log worth a second look — too short, no notes, checked in far from the customer, logged
  long after it happened. The review queue runs the *same* function inside SQLite
  (registered as ``fs_visit_flags``), fed with the thresholds the laptop holds (the
  admin's synced setting, :func:`thresholds`), so filtering and sorting by exception never
  re-implements a rule.
* **Queries** behind the review queue and the inbox, paged and sorted in SQL.
* **Writes**: approve or return visit logs (one or many) and approve or return quotes
  waiting for approval — only through :class:`local_db.writes.LocalWriter`, so the same
  permission and workflow rules as on the server apply, and every change is queued for
  the next sync.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, case, cast, false, func, literal, or_, select
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from domain import complaints as complaint_rules
from domain import enums as E
from domain.errors import DomainError
from domain.visit_review import (  # noqa: F401 (re-exported for the review queue's callers)
    DEFAULT_THRESHOLDS,
    ReviewThresholds,
    VisitException,
    VisitFlag,
    haversine_km,
    visit_exceptions,
    visit_flags,
)
from local_db import evidence, org_settings
from local_db import quotes as quotes_db
from local_db.models import SyncState
from local_db.queries import Sort, _enum_rank, _like, _order, _page, customer_sort
from local_db.tables import TABLES
from local_db.writes import LocalWriter

visits = TABLES["visit"]
customers = TABLES["customer"]
users = TABLES["user"]
contacts = TABLES["contact"]
quotes = TABLES["quote"]
quote_lines = TABLES["quote_line"]
complaints = TABLES["complaint"]

# ================================================= exception rules (pure, in domain)

# ``ReviewThresholds``, ``VisitFlag``, ``visit_exceptions``… are imported from
# ``domain.visit_review`` above and stay importable from here for the queue's callers.


def thresholds(session: Session) -> ReviewThresholds:
    """The exception thresholds this laptop holds: the admin's (synced organisation
    setting), else the defaults of ``domain.visit_review``."""
    return org_settings.review_thresholds(session)


# ================================================================= the review queue (SQL)

SQL_FLAGS = "fs_visit_flags"


def _sql_flags(
    check_in,
    check_out,
    received,
    notes,
    lat,
    lon,
    clat,
    clon,
    channel,
    min_minutes,
    max_km,
    max_hours,
    in_person_only,
) -> int:
    try:
        return int(
            visit_flags(
                ReviewThresholds(int(min_minutes), float(max_km), int(max_hours), bool(in_person_only)),
                check_in_at=check_in,
                check_out_at=check_out,
                server_received_at=received,
                notes=notes,
                latitude=lat,
                longitude=lon,
                customer_latitude=clat,
                customer_longitude=clon,
                channel=channel,
            )
        )
    except (ValueError, TypeError):  # a malformed stored value must not break the whole list
        return 0


def register_functions(session: Session) -> None:
    """Make :func:`visit_flags` (and the evidence rule, ``local_db.evidence``) callable from
    SQL on this session's connection."""
    raw = session.connection().connection.driver_connection
    raw.create_function(SQL_FLAGS, 13, _sql_flags, deterministic=True)
    evidence.register_functions(session)


def _flags_sql(t: ReviewThresholds) -> ColumnElement:
    return getattr(func, SQL_FLAGS)(
        visits.c.check_in_at,
        visits.c.check_out_at,
        visits.c.server_received_at,
        visits.c.notes,
        visits.c.latitude,
        visits.c.longitude,
        customers.c.latitude,
        customers.c.longitude,
        visits.c.channel,
        literal(t.min_minutes),
        literal(t.max_distance_km),
        literal(t.max_delay_hours),
        literal(1 if t.short_in_person_only else 0),
    )


def _bitcount(flags: ColumnElement) -> ColumnElement:
    return sum((case((flags.op("&")(int(f)) != 0, 1), else_=0) for f in VisitFlag if f), literal(0))


@dataclass(frozen=True)
class ReviewFilters:
    """What the review queue shows. Dates are the local calendar dates of the check-in."""

    statuses: tuple[str, ...] = (E.VisitStatus.SUBMITTED.value,)
    rep_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    customer: str = ""  # words matched against the customer's name or code
    outcome: str | None = None
    exceptions_only: bool = False
    thresholds: ReviewThresholds = DEFAULT_THRESHOLDS
    tz: tzinfo | None = None  # None: the laptop's time zone


def local_tz() -> tzinfo:
    return datetime.now().astimezone().tzinfo or timezone.utc


def day_start(day: date, tz: tzinfo | None = None) -> datetime:
    """The UTC instant at which calendar ``day`` starts in ``tz`` (local by default)."""
    return datetime.combine(day, time.min, tzinfo=tz or local_tz()).astimezone(timezone.utc)


rep = users.alias("rep")
reviewer = users.alias("reviewer")
contact = contacts.alias("met")
visit_when = func.coalesce(visits.c.check_in_at, visits.c.planned_at)
_duration = (func.julianday(visits.c.check_out_at) - func.julianday(visits.c.check_in_at)) * 1440


def _review_where(f: ReviewFilters, flags: ColumnElement) -> list[ColumnElement]:
    where: list[ColumnElement] = [visits.c.deleted == false()]
    if f.statuses:
        where.append(visits.c.status.in_(list(f.statuses)))
    if f.rep_id:
        where.append(visits.c.rep_id == f.rep_id)
    if f.date_from:
        where.append(visit_when >= day_start(f.date_from, f.tz))
    if f.date_to:
        where.append(visit_when < day_start(f.date_to + timedelta(days=1), f.tz))
    for word in (f.customer or "").split():
        pattern = _like(word)
        where.append(
            or_(customers.c.name.like(pattern, escape="\\"), customers.c.code.like(pattern, escape="\\"))
        )
    if f.outcome:
        where.append(visits.c.outcome == f.outcome)
    if f.exceptions_only:
        where.append(or_(flags != 0, _evidence_count > 0))
    return where


# Flagged photos (domain/evidence.py) count as one more exception of the log.
_evidence_count = evidence.flagged_count_sql(visits)


def _review_from():
    return (
        visits.outerjoin(customers, customers.c.id == visits.c.customer_id)
        .outerjoin(rep, rep.c.id == visits.c.rep_id)
        .outerjoin(contact, contact.c.id == visits.c.contact_id)
        .outerjoin(reviewer, reviewer.c.id == visits.c.reviewed_by)
    )


DEFAULT_REVIEW_SORT = Sort("when", descending=True)


def _review_sort_keys(flags: ColumnElement) -> dict[str, ColumnElement]:
    return {
        "when": visit_when,
        "customer": customer_sort(visits.c.customer_id, customers.c.name),
        "rep": rep.c.display_name,
        "duration": _duration,
        "purpose": _enum_rank(visits.c.purpose, E.VisitPurpose),
        "outcome": _enum_rank(visits.c.outcome, E.VisitOutcome),
        "order_amount": cast(visits.c.order_amount, Float),
        "exceptions": _bitcount(flags) + case((_evidence_count > 0, 1), else_=0),
    }


def list_review(
    session: Session,
    filters: ReviewFilters | None = None,
    sort: Sort | None = None,
    offset: int = 0,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """A page of the review queue: the visit, its customer, rep and contact, ``flags`` (the
    log's exceptions), and ``evidence``: its flagged attachments (``local_db.evidence``)."""
    f = filters or ReviewFilters()
    register_functions(session)
    flags = _flags_sql(f.thresholds)
    stmt = (
        select(
            visits.c.id,
            visits.c.customer_id,
            visits.c.rep_id,
            visits.c.status,
            visit_when.label("when"),
            visits.c.planned_at,
            visits.c.check_in_at,
            visits.c.check_out_at,
            visits.c.server_received_at,
            visits.c.latitude,
            visits.c.longitude,
            visits.c.location_source,
            visits.c.location_accuracy_m,
            visits.c.purpose,
            visits.c.channel,
            visits.c.outcome,
            visits.c.order_amount,
            visits.c.cash_collected,
            visits.c.visit_cost,
            visits.c.notes,
            visits.c.next_step,
            visits.c.competitor_notes,
            visits.c.next_visit_date,
            visits.c.checklist,
            visits.c.short_reason,
            visits.c.review_comment,
            visits.c.reviewed_at,
            customers.c.name.label("customer_name"),
            customers.c.code.label("customer_code"),
            customers.c.latitude.label("customer_latitude"),
            customers.c.longitude.label("customer_longitude"),
            rep.c.display_name.label("rep_name"),
            contact.c.name.label("contact_name"),
            reviewer.c.display_name.label("reviewer_name"),
            flags.label("flags"),
            _evidence_count.label("evidence_count"),
        )
        .select_from(_review_from())
        .where(and_(*_review_where(f, flags)))
        .order_by(*_order(sort, _review_sort_keys(flags), DEFAULT_REVIEW_SORT, visits.c.id))
    )
    rows = [dict(r) for r in session.execute(_page(stmt, offset, limit)).mappings()]
    flagged = evidence.visit_flags(session, [r["id"] for r in rows if r["evidence_count"]])
    for r in rows:
        r["evidence"] = flagged.get(r["id"], ())
    return rows


def count_review(session: Session, filters: ReviewFilters | None = None) -> int:
    f = filters or ReviewFilters()
    register_functions(session)
    flags = _flags_sql(f.thresholds)
    stmt = select(func.count()).select_from(_review_from()).where(and_(*_review_where(f, flags)))
    return int(session.scalar(stmt) or 0)


def count_review_exceptions(session: Session, filters: ReviewFilters | None = None) -> int:
    """How many logs of the (filtered) queue have at least one exception."""
    f = filters or ReviewFilters()
    return count_review(session, ReviewFilters(**{**f.__dict__, "exceptions_only": True}))


#: The columns of a :func:`list_review` row that :func:`visit_exceptions` judges: its arguments.
_EXCEPTION_INPUTS = tuple(
    name for name in inspect.signature(visit_exceptions).parameters if name != "thresholds"
)


def row_exceptions(
    row: Mapping[str, Any], thresholds: ReviewThresholds = DEFAULT_THRESHOLDS
) -> list[VisitException]:
    """:func:`visit_exceptions` of a row of :func:`list_review`."""
    return visit_exceptions(**{name: row[name] for name in _EXCEPTION_INPUTS}, thresholds=thresholds)


@dataclass(frozen=True)
class Person:
    id: str
    name: str


def replica_owner(session: Session) -> tuple[str | None, str | None]:
    """(user id, role) of the user this laptop's replica belongs to (None before a login)."""
    state = dict(
        session.execute(
            select(SyncState.key, SyncState.value).where(SyncState.key.in_(("user_id", "role")))
        ).all()
    )
    return state.get("user_id"), state.get("role")


def team_reps(session: Session, user_id: str | None, role: str | None) -> list[Person]:
    """The reps a supervisor reviews (``supervisor_id`` = them), or every rep for an admin.

    When no rep names the supervisor (an organisation not set up that way), the reps whose
    visits are on this laptop stand in.
    """
    base = select(users.c.id, users.c.display_name).where(
        users.c.deleted == false(), users.c.role == E.Role.REP.value
    )
    if role == E.Role.ADMIN.value:
        stmt = base
    else:
        stmt = base.where(users.c.supervisor_id == user_id)
        if not session.execute(stmt.limit(1)).first():
            present = select(visits.c.rep_id).where(visits.c.deleted == false()).distinct()
            stmt = base.where(users.c.id.in_(present), users.c.id != (user_id or ""))
    rows = session.execute(stmt.order_by(users.c.display_name, users.c.id)).all()
    return [Person(r.id, r.display_name) for r in rows]


def own_team(db) -> list[Person]:
    """The reps the replica's owner sees (``team_reps`` of whoever this laptop belongs to)."""
    with db.session() as s:
        return team_reps(s, *replica_owner(s))


# ========================================================================== the writes


@dataclass
class ReviewResult:
    """What a (bulk) review did: the ids changed, and each refused id with the reason
    (``(id, code, message)``: the rule's stable code and its English message)."""

    done: list[str] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(timezone.utc)


def _review(session: Session, ids: Iterable[str], changes_for) -> ReviewResult:
    writer = LocalWriter.for_owner(session)
    result = ReviewResult()
    for vid in ids:
        savepoint = session.begin_nested()
        try:
            writer.update("visit", vid, changes_for(writer))
        except DomainError as exc:
            savepoint.rollback()
            result.failed.append((vid, exc.code, exc.message))
        else:
            savepoint.commit()
            result.done.append(vid)
    return result


def approve_visits(
    session: Session, visit_ids: Sequence[str], comment: str | None = None, now: datetime | None = None
) -> ReviewResult:
    """Approve submitted visit logs as this laptop's user; each one on its own.

    A log that cannot be approved (no longer submitted, the reviewer's own visit…) is
    reported in ``failed`` and the others still go through. An approval replaces an
    earlier return comment (the log no longer needs fixing) with ``comment`` or nothing.
    """
    when = _now(now)
    text = (comment or "").strip() or None
    return _review(
        session,
        visit_ids,
        lambda w: {
            "status": E.VisitStatus.APPROVED.value,
            "reviewed_by": w.actor.id,
            "reviewed_at": when,
            "review_comment": text,
        },
    )


def return_visits(
    session: Session, visit_ids: Sequence[str], comment: str, now: datetime | None = None
) -> ReviewResult:
    """Return submitted visit logs to their reps with ``comment`` (required, not blank)."""
    text = (comment or "").strip()
    if not text:
        raise DomainError(
            "Say what needs fixing: a comment is required to return a visit log.",
            code="comment_required",
            field="review_comment",
        )
    when = _now(now)
    return _review(
        session,
        visit_ids,
        lambda w: {
            "status": E.VisitStatus.RETURNED.value,
            "reviewed_by": w.actor.id,
            "reviewed_at": when,
            "review_comment": text,
        },
    )


# ======================================================================== the inbox


def quote_discount(session: Session, quote_id: str) -> Decimal:
    """The quote's effective discount in percent, as the laptop and the server compute it
    (``local_db.quotes.effective_discount``: line and header discounts, and unit prices
    typed below the customer's price list)."""
    quote = quotes_db.quote_row(session, quote_id)
    return quotes_db.effective_discount(session, quote) if quote else Decimal(0)


def _with_customer_and_person(table, columns, person_id, person_label: str):
    """``columns`` of ``table`` with its customer's name (``customer_name``) and the display name
    of the user in its ``person_id`` column (``person_label``); either may be missing here."""
    person = users.alias("person")
    return select(
        *columns, customers.c.name.label("customer_name"), person.c.display_name.label(person_label)
    ).select_from(
        table.outerjoin(customers, customers.c.id == table.c.customer_id).outerjoin(
            person, person.c.id == person_id
        )
    )


def pending_quotes(session: Session) -> list[dict[str, Any]]:
    """Quotes waiting for a discount approval, oldest first, with their largest discount."""
    stmt = (
        _with_customer_and_person(
            quotes,
            (
                quotes.c.id,
                quotes.c.customer_id,
                quotes.c.rep_id,
                quotes.c.number,
                quotes.c.status,
                quotes.c.currency,
                quotes.c.issue_date,
                quotes.c.valid_until,
                quotes.c.header_discount_pct,
                quotes.c.subtotal,
                quotes.c.tax_total,
                quotes.c.total,
                quotes.c.notes,
                quotes.c.approval_comment,
            ),
            quotes.c.rep_id,
            "rep_name",
        )
        .where(quotes.c.deleted == false(), quotes.c.status == E.QuoteStatus.PENDING_APPROVAL.value)
        .order_by(quotes.c.issue_date, quotes.c.number, quotes.c.id)
    )
    rows = [dict(r) for r in session.execute(stmt).mappings()]
    for r in rows:
        r["discount_pct"] = quote_discount(session, r["id"])
    return rows


def quote_lines_of(session: Session, quote_id: str) -> list[RowMapping]:
    products = TABLES["product"]
    stmt = (
        select(
            quote_lines.c.line_no,
            quote_lines.c.description,
            quote_lines.c.quantity,
            quote_lines.c.unit_price,
            quote_lines.c.discount_pct,
            quote_lines.c.tax_rate,
            quote_lines.c.line_total,
            products.c.name.label("product_name"),
            products.c.unit,
        )
        .select_from(quote_lines.outerjoin(products, products.c.id == quote_lines.c.product_id))
        .where(quote_lines.c.quote_id == quote_id, quote_lines.c.deleted == false())
        .order_by(quote_lines.c.line_no)
    )
    return list(session.execute(stmt).mappings())


OPEN_COMPLAINT_STATUSES = (
    E.ComplaintStatus.NEW.value,
    E.ComplaintStatus.ACKNOWLEDGED.value,
    E.ComplaintStatus.IN_PROGRESS.value,
)


@dataclass(frozen=True)
class Inbox:
    """What a supervisor's inbox shows: who is asking, and what waits for a decision."""

    me: tuple[str | None, str | None]  # the replica owner's id and role
    quotes: list[dict[str, Any]]
    complaints: list[dict[str, Any]]


def inbox(db, now: datetime | None = None) -> Inbox:
    """The replica owner, the quotes pending approval and the escalated complaints, read together."""
    with db.session() as s:
        return Inbox(replica_owner(s), pending_quotes(s), escalated_complaints(s, now))


def escalated_complaints(session: Session, now: datetime | None = None) -> list[dict[str, Any]]:
    """Open complaints that reached a supervisor: escalated, flagged as breached, or
    breaching now (the SLA clock keeps running offline), most urgent first.

    Each row gets ``level`` (the escalation level at ``now``, never lower than the stored
    one) and ``breached_now`` (first response or resolution overdue at ``now``).
    """
    at = _now(now)
    stmt = _with_customer_and_person(
        complaints,
        (
            complaints.c.id,
            complaints.c.customer_id,
            complaints.c.owner_id,
            complaints.c.recorded_at,
            complaints.c.channel,
            complaints.c.category,
            complaints.c.severity,
            complaints.c.status,
            complaints.c.description,
            complaints.c.first_response_due,
            complaints.c.resolution_due,
            complaints.c.first_responded_at,
            complaints.c.resolved_at,
            complaints.c.escalation_level,
            complaints.c.escalated_at,
            complaints.c.sla_breached,
        ),
        complaints.c.owner_id,
        "owner_name",
    ).where(complaints.c.deleted == false(), complaints.c.status.in_(OPEN_COMPLAINT_STATUSES))
    found = []
    for r in session.execute(stmt).mappings():
        clock = complaint_rules.ClockTimes.of(r)
        level = complaint_rules.escalation_level_for(at, clock, r["escalation_level"])
        breached = any(complaint_rules.breaches(at, clock))
        if level is E.EscalationLevel.REP and not breached and not r["sla_breached"]:
            continue
        found.append({**r, "level": level.value, "breached_now": breached or bool(r["sla_breached"])})
    severity = {s.value: i for i, s in enumerate(reversed(list(E.Severity)))}
    far_future = datetime.max.replace(tzinfo=timezone.utc)
    found.sort(key=lambda r: (severity.get(r["severity"], 9), r["resolution_due"] or far_future, r["id"]))
    return found


def approve_quote(
    session: Session, quote_id: str, comment: str | None = None, now: datetime | None = None
) -> None:
    """Approve a quote's discount: status approved, ``approved_by`` this laptop's user,
    ``approved_at`` now (``local_db.quotes.change_status``, through the ``LocalWriter``).

    Refused when the discount is above the approver's own limit (a supervisor approves up
    to 25 %), for the approver's own quote, or when it no longer waits for approval.
    """
    quotes_db.change_status(session, quote_id, E.QuoteStatus.APPROVED, comment=comment, now=now)


def return_quote(session: Session, quote_id: str, comment: str) -> None:
    """Send a quote back to its rep as a draft with ``comment`` (required)."""
    if not (comment or "").strip():
        raise DomainError(
            "Say why the quote is returned: a comment is required.",
            code="comment_required",
            field="approval_comment",
        )
    quotes_db.change_status(session, quote_id, E.QuoteStatus.DRAFT, comment=comment)
