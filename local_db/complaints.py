"""Complaints (客户投诉) on the laptop: every workflow step, and the queries behind the lists.

Everything here works offline. Writes go through :class:`local_db.writes.LocalWriter` — so
each change is checked by the same rules the server applies (``domain.write_rules`` →
``domain.complaints.check_transition``) and queued in the outbox — inside the caller's
transaction. Each operation takes a ``Session`` (the writer then acts as the replica's
user) or a ``LocalWriter``::

    with db.session() as s:
        cid = complaints.record(s, customer_id=..., channel="visit", category="delivery",
                                severity="high", description="…", visit_id=vid)
        complaints.acknowledge(s, cid)

The workflow (docs/DOMAIN.md, Complaints): new → acknowledged → in progress → resolved (root cause and
resolution) → follow-up (回访: satisfaction 1–5, optional expectation/perceived scores) →
closed; reopen from resolved or closed with a reason. Whoever records a complaint owns it
(首问负责制) until it is closed or explicitly handed over (:func:`hand_over`).

**SLA offline.** ``recorded_at`` is the laptop's clock at recording (UTC). The laptop stamps
provisional due times from it with the SLA policy it holds at that moment — the admin's,
synced as an organisation setting (``local_db.org_settings``), or the defaults of
``domain.complaints`` when none was set — so the time left / overdue is right while
offline; the server recomputes them with its policy when the complaint arrives (also
counted from ``recorded_at``, not from the sync), and the pulled values replace the
estimate. Overdue-ness is always evaluated live
(:func:`sla_clock`), so it never depends on when the server last flagged a breach.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timezone, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, false, func, or_, select, true
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from domain import complaints as rules
from domain.enums import (
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    EscalationLevel,
    Remedy,
    Role,
    Severity,
)
from domain.errors import DomainError, InvalidValue, NotPermitted, TransitionNotAllowed
from domain.money import money
from domain.period import Period
from domain.timeutil import ensure_utc
from local_db import org_settings
from local_db.models import SyncState
from local_db.queries import Sort, _order, _page, customer_sort
from local_db.tables import TABLES
from local_db.writes import LocalWriter

complaints_t = TABLES["complaint"]
customers_t = TABLES["customer"]
contacts_t = TABLES["contact"]
visits_t = TABLES["visit"]
users_t = TABLES["user"]

C = ComplaintStatus
#: Not yet resolved: the SLA clocks run.
OPEN_STATUSES: tuple[str, ...] = (C.NEW.value, C.ACKNOWLEDGED.value, C.IN_PROGRESS.value)
#: Not closed: something is still to be done (incl. the follow-up call of a resolved one).
ACTIVE_STATUSES: tuple[str, ...] = OPEN_STATUSES + (C.RESOLVED.value, C.FOLLOW_UP.value)
LADDER: tuple[EscalationLevel, ...] = (EscalationLevel.REP, EscalationLevel.SUPERVISOR, EscalationLevel.ADMIN)
#: Fields :func:`update_details` may change.
EDITABLE = frozenset(
    {
        "description",
        "category",
        "severity",
        "channel",
        "contact_id",
        "root_cause",
        "resolution",
        "remedy",
        "compensation_amount",
    }
)
AMOUNT_REMEDIES = frozenset({Remedy.COMPENSATION.value, Remedy.REFUND.value})


def _now(at: datetime | None = None) -> datetime:
    return ensure_utc(at, "time") if at is not None else datetime.now(timezone.utc)


def _writer(target: Session | LocalWriter) -> LocalWriter:
    return target if isinstance(target, LocalWriter) else LocalWriter.for_owner(target)


def _blank(text: str | None) -> bool:
    return text is None or not str(text).strip()


def _clean(text: str | None) -> str | None:
    return None if _blank(text) else str(text).strip()


def current_user(session: Session) -> tuple[str | None, str | None]:
    """(user id, role) this replica belongs to; (None, None) before the first login."""
    state = dict(
        session.execute(
            select(SyncState.key, SyncState.value).where(SyncState.key.in_(("user_id", "role")))
        ).all()
    )
    return state.get("user_id"), state.get("role")


def _complaint(session: Session, complaint_id: str) -> RowMapping:
    row = (
        session.execute(
            select(complaints_t).where(complaints_t.c.id == complaint_id, complaints_t.c.deleted == false())
        )
        .mappings()
        .first()
    )
    if row is None:
        raise DomainError("This complaint is no longer on this laptop.", code="not_found")
    return row


def _enum(enum, value, field: str, what: str) -> str:
    try:
        return enum(value).value
    except ValueError:
        raise InvalidValue(f"Choose the {what}.", field=field) from None


# =========================================================================== writes


def sla_policy(session: Session) -> rules.SlaPolicy:
    """The SLA policy this laptop holds: the admin's (synced), else the domain defaults."""
    return org_settings.sla_policy(session)


def provisional_due(
    session: Session,
    customer_id: str,
    severity: str,
    recorded_at: datetime,
    policy: rules.SlaPolicy | None = None,
) -> rules.SlaDue:
    """Due times the laptop shows until the server's arrive: counted from ``recorded_at``
    under the policy this laptop holds now (``policy`` overrides it), for the customer's tier."""
    tier = session.scalar(select(customers_t.c.tier).where(customers_t.c.id == customer_id))
    return rules.sla_due(recorded_at, severity, tier, policy or sla_policy(session))


def record(
    target: Session | LocalWriter,
    *,
    customer_id: str,
    channel: str,
    category: str,
    severity: str,
    description: str,
    contact_id: str | None = None,
    visit_id: str | None = None,
    recorded_at: datetime | None = None,
) -> str:
    """Record a new complaint owned by this laptop's user; returns its id.

    ``recorded_at`` is now (laptop clock, UTC) unless given: the SLA counts from it.
    """
    w = _writer(target)
    s = w.session
    if (
        not customer_id
        or s.scalar(
            select(func.count()).where(customers_t.c.id == customer_id, customers_t.c.deleted == false())
        )
        == 0
    ):
        raise InvalidValue("Choose the customer who complains.", field="customer_id")
    channel = _enum(ComplaintChannel, channel, "channel", "channel the complaint came through")
    category = _enum(ComplaintCategory, category, "category", "category")
    severity = _enum(Severity, severity, "severity", "severity")
    text = _clean(description)
    if text is None:
        raise InvalidValue("Describe the complaint in the customer's words.", field="description")
    _check_contact(s, customer_id, contact_id)
    if visit_id:
        visit_customer = s.scalar(select(visits_t.c.customer_id).where(visits_t.c.id == visit_id))
        if visit_customer != customer_id:
            raise InvalidValue("The visit belongs to another customer.", field="visit_id")
    at = _now(recorded_at)
    due = provisional_due(s, customer_id, severity, at)
    return w.insert(
        "complaint",
        {
            "customer_id": customer_id,
            "contact_id": contact_id or None,
            "visit_id": visit_id or None,
            "owner_id": w.actor.id,
            "recorded_by": w.actor.id,
            "recorded_at": at,
            "channel": channel,
            "category": category,
            "severity": severity,
            "description": text,
            "status": C.NEW.value,
            "first_response_due": due.first_response_due,
            "resolution_due": due.resolution_due,
        },
    )


def _check_contact(s: Session, customer_id: str, contact_id: str | None) -> None:
    if contact_id:
        owner = s.scalar(select(contacts_t.c.customer_id).where(contacts_t.c.id == contact_id))
        if owner != customer_id:
            raise InvalidValue("The contact belongs to another customer.", field="contact_id")


def _move(
    w: LocalWriter, complaint_id: str, to: ComplaintStatus, values: Mapping[str, Any] | None = None
) -> None:
    w.update("complaint", complaint_id, {"status": to.value, **(values or {})})


def acknowledge(target: Session | LocalWriter, complaint_id: str, at: datetime | None = None) -> None:
    """Tell the customer the complaint is being handled: the first response (SLA clock 1)."""
    w = _writer(target)
    row = _complaint(w.session, complaint_id)
    _move(w, complaint_id, C.ACKNOWLEDGED, {"first_responded_at": row["first_responded_at"] or _now(at)})


def start_work(target: Session | LocalWriter, complaint_id: str) -> None:
    w = _writer(target)
    _move(w, complaint_id, C.IN_PROGRESS)


def _remedy_values(remedy: str | None, amount: object) -> dict[str, Any]:
    values: dict[str, Any] = {"remedy": None, "compensation_amount": None}
    if remedy:
        values["remedy"] = _enum(Remedy, remedy, "remedy", "remedy")
    if amount not in (None, ""):
        try:
            value = money(amount, "amount")
        except InvalidValue as exc:
            raise InvalidValue(exc.message, field="compensation_amount") from None
        if value <= 0:
            raise InvalidValue("The amount must be above zero.", field="compensation_amount")
        if values["remedy"] not in AMOUNT_REMEDIES:
            raise InvalidValue(
                "An amount is recorded only for a refund or a compensation.", field="compensation_amount"
            )
        values["compensation_amount"] = value
    elif values["remedy"] == Remedy.COMPENSATION.value:
        raise InvalidValue("Enter the amount of the compensation.", field="compensation_amount")
    return values


def resolve(
    target: Session | LocalWriter,
    complaint_id: str,
    *,
    root_cause: str | None,
    resolution: str | None,
    remedy: str | None = None,
    compensation_amount: object = None,
    at: datetime | None = None,
) -> None:
    """in progress → resolved, with the root cause, the resolution and the remedy (补救)."""
    w = _writer(target)
    values = {
        "root_cause": _clean(root_cause),
        "resolution": _clean(resolution),
        **_remedy_values(remedy, compensation_amount),
        "resolved_at": _now(at),
    }
    _move(w, complaint_id, C.RESOLVED, values)


def _score(value: object, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return rules.validate_satisfaction(value)
    except InvalidValue as exc:
        raise InvalidValue(exc.message.replace("Customer satisfaction", "The score"), field=field) from None


def follow_up(
    target: Session | LocalWriter,
    complaint_id: str,
    *,
    satisfaction: int,
    expectation: int | None = None,
    perceived: int | None = None,
) -> Decimal | None:
    """The follow-up call (回访): resolved → follow-up with the customer's satisfaction 1–5.

    ``expectation`` and ``perceived`` (same 1–5 scale, both or neither) give the
    satisfaction ratio 可感知效果 / 期望值, which is returned (None without them).
    """
    w = _writer(target)
    exp, got = _score(expectation, "expectation_score"), _score(perceived, "perceived_score")
    if (exp is None) != (got is None):
        raise InvalidValue(
            "Enter both the expectation and the perceived score, or neither.",
            field="expectation_score" if exp is None else "perceived_score",
        )
    _move(
        w,
        complaint_id,
        C.FOLLOW_UP,
        {"satisfaction": satisfaction, "expectation_score": exp, "perceived_score": got},
    )
    return rules.satisfaction_ratio(got, exp)


def close(target: Session | LocalWriter, complaint_id: str, at: datetime | None = None) -> None:
    w = _writer(target)
    _move(w, complaint_id, C.CLOSED, {"closed_at": _now(at)})


def reopen(target: Session | LocalWriter, complaint_id: str, reason: str) -> None:
    """resolved/closed → in progress with a reason; the resolution time, closing time and
    follow-up scores of the previous round are cleared (the customer is called again)."""
    w = _writer(target)
    text = _clean(reason)
    if text is None:
        raise TransitionNotAllowed(
            "Say why the complaint is reopened: a reason is required.",
            code="reopen_reason_required",
            field="reopen_reason",
        )
    _move(
        w,
        complaint_id,
        C.IN_PROGRESS,
        {"reopen_reason": text, **dict.fromkeys(rules.REOPEN_CLEARS)},
    )


def hand_over(target: Session | LocalWriter, complaint_id: str, new_owner_id: str) -> None:
    """Explicit change of owner (首问负责制: nothing else changes it)."""
    w = _writer(target)
    row = _complaint(w.session, complaint_id)
    rules.check_handover(w.actor.role, w.actor.id, row["owner_id"], new_owner_id, status=row["status"])
    active = w.session.scalar(
        select(users_t.c.active).where(users_t.c.id == new_owner_id, users_t.c.deleted == false())
    )
    if active is None or active is False:
        raise InvalidValue("Hand the complaint to an active colleague.", field="owner_id")
    w.update("complaint", complaint_id, {"owner_id": new_owner_id})


def next_level(current: str | None) -> EscalationLevel | None:
    level = EscalationLevel(current) if current else EscalationLevel.REP
    i = LADDER.index(level)
    return LADDER[i + 1] if i + 1 < len(LADDER) else None


def escalate(target: Session | LocalWriter, complaint_id: str, at: datetime | None = None) -> EscalationLevel:
    """A supervisor or admin moves an open complaint one rung up the ladder (never down)."""
    w = _writer(target)
    if w.actor.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise NotPermitted(
            "Only a supervisor or an administrator can escalate a complaint; it escalates by "
            "itself when its deadline passes.",
            code="not_permitted",
            field="escalation_level",
        )
    row = _complaint(w.session, complaint_id)
    if row["status"] not in OPEN_STATUSES:
        raise TransitionNotAllowed(
            "Only a complaint that is not resolved yet can be escalated.",
            code="complaint_not_open",
            field="escalation_level",
        )
    level = next_level(row["escalation_level"])
    if level is None:
        raise TransitionNotAllowed(
            "The complaint is already with the administrator.", code="no_change", field="escalation_level"
        )
    w.update("complaint", complaint_id, {"escalation_level": level.value, "escalated_at": _now(at)})
    return level


def update_details(target: Session | LocalWriter, complaint_id: str, **values: Any) -> bool:
    """Change the complaint's details (not its status, owner or SLA fields); False if unchanged.

    A new severity moves the (provisional) due times; the server recomputes them.
    """
    w = _writer(target)
    unknown = set(values) - EDITABLE
    if unknown:
        raise InvalidValue(f"{', '.join(sorted(unknown))} cannot be edited here.", field=sorted(unknown)[0])
    row = _complaint(w.session, complaint_id)
    rules.check_open(row["status"])  # before the values' checks: none of them matters then
    changes = dict(values)
    for name, enum, what in (
        ("category", ComplaintCategory, "category"),
        ("severity", Severity, "severity"),
        ("channel", ComplaintChannel, "channel"),
    ):
        if name in changes:
            changes[name] = _enum(enum, changes[name], name, what)
    if "description" in changes:
        changes["description"] = _clean(changes["description"])
        if changes["description"] is None:
            raise InvalidValue("Describe the complaint in the customer's words.", field="description")
    for name in ("root_cause", "resolution"):
        if name in changes:
            changes[name] = _clean(changes[name])
    if "contact_id" in changes:
        changes["contact_id"] = changes["contact_id"] or None
        _check_contact(w.session, row["customer_id"], changes["contact_id"])
    if "remedy" in changes or "compensation_amount" in changes:
        changes.update(
            _remedy_values(
                changes.get("remedy", row["remedy"]),
                changes.get("compensation_amount", row["compensation_amount"]),
            )
        )
    if changes.get("severity") not in (None, row["severity"]):
        due = provisional_due(w.session, row["customer_id"], changes["severity"], row["recorded_at"])
        changes.update(first_response_due=due.first_response_due, resolution_due=due.resolution_due)
    return w.update("complaint", complaint_id, changes)


# =========================================================================== SLA for display


@dataclass(frozen=True)
class Clock:
    """The deadline that matters now: which one, and where it stands at ``now``."""

    kind: str | None  # "first_response" | "resolution" | None (resolved or closed: no clock)
    state: rules.SlaState | None

    @property
    def overdue(self) -> bool:
        return bool(self.state and self.state.breached)


def sla_clock(row: Mapping[str, Any], now: datetime | None = None) -> Clock:
    """The running SLA clock of a complaint row (first response until answered, then resolution)."""
    if row.get("status") not in OPEN_STATUSES:
        return Clock(None, None)
    at = _now(now)
    if row.get("first_responded_at") is None:
        return Clock("first_response", rules.sla_state(at, row.get("first_response_due")))
    return Clock("resolution", rules.sla_state(at, row.get("resolution_due")))


def breached(row: Mapping[str, Any], now: datetime | None = None) -> bool:
    """Flagged by the server, or either deadline missed by ``now`` (counted live, offline too)."""
    if row.get("sla_breached"):
        return True
    first, final = rules.breaches(_now(now), rules.ClockTimes.of(row))
    return first or final


# =========================================================================== lists

#: Which complaints a list shows.
MINE, ACTIVE, ATTENTION, ALL = "mine", "active", "attention", "all"
VIEWS = (MINE, ACTIVE, ATTENTION, ALL)

owner_u = users_t.alias("owner")
c = complaints_t
next_due = case(
    (and_(c.c.status.in_(OPEN_STATUSES), c.c.first_responded_at.is_(None)), c.c.first_response_due),
    (c.c.status.in_(OPEN_STATUSES), c.c.resolution_due),
    else_=None,
)


def _rank(column, enum) -> ColumnElement:
    return case({m.value: i for i, m in enumerate(enum)}, value=column, else_=len(enum))


SORT_KEYS: dict[str, ColumnElement] = {
    "due": next_due,
    "recorded_at": c.c.recorded_at,
    "customer": customer_sort(c.c.customer_id, customers_t.c.name),
    "owner": owner_u.c.display_name,
    "category": _rank(c.c.category, ComplaintCategory),
    "severity": _rank(c.c.severity, Severity),
    "status": _rank(c.c.status, ComplaintStatus),
    "escalation": _rank(func.coalesce(c.c.escalation_level, EscalationLevel.REP.value), EscalationLevel),
}
DEFAULT_SORT = Sort("due")
TEAM_SORT = Sort("escalation", descending=True)


def _overdue_sql(at: datetime) -> ColumnElement:
    return and_(
        c.c.status.in_(OPEN_STATUSES),
        or_(
            and_(c.c.first_responded_at.is_(None), c.c.first_response_due < at),
            and_(c.c.resolved_at.is_(None), c.c.resolution_due < at),
        ),
    )


def _where(view: str, user_id: str | None, customer_id: str | None, at: datetime) -> list[ColumnElement]:
    where: list[ColumnElement] = [c.c.deleted == false()]
    if customer_id:
        where.append(c.c.customer_id == customer_id)
    if view == MINE:
        where += [c.c.owner_id == (user_id or ""), c.c.status.in_(ACTIVE_STATUSES)]
    elif view == ACTIVE:
        where.append(c.c.status.in_(ACTIVE_STATUSES))
    elif view == ATTENTION:  # still being handled, and escalated or late
        where += [
            c.c.status.in_(OPEN_STATUSES),
            or_(
                c.c.escalation_level.in_((EscalationLevel.SUPERVISOR.value, EscalationLevel.ADMIN.value)),
                c.c.sla_breached == true(),
                _overdue_sql(at),
            ),
        ]
    return where


def list_complaints(
    session: Session,
    view: str = ALL,
    *,
    user_id: str | None = None,
    customer_id: str | None = None,
    sort: Sort | None = None,
    offset: int = 0,
    limit: int = 200,
    now: datetime | None = None,
) -> list[RowMapping]:
    """One page of complaints with what the lists show (customer, owner, SLA fields, ``next_due``)."""
    at = _now(now)
    stmt = (
        select(
            c.c.id,
            c.c.customer_id,
            c.c.contact_id,
            c.c.visit_id,
            c.c.owner_id,
            c.c.recorded_at,
            c.c.channel,
            c.c.category,
            c.c.severity,
            c.c.status,
            c.c.description,
            c.c.first_response_due,
            c.c.resolution_due,
            c.c.first_responded_at,
            c.c.resolved_at,
            c.c.closed_at,
            c.c.escalation_level,
            c.c.escalated_at,
            c.c.sla_breached,
            c.c.satisfaction,
            c.c.version,
            next_due.label("next_due"),
            customers_t.c.name.label("customer_name"),
            customers_t.c.tier.label("customer_tier"),
            owner_u.c.display_name.label("owner_name"),
        )
        .select_from(
            c.outerjoin(customers_t, customers_t.c.id == c.c.customer_id).outerjoin(
                owner_u, owner_u.c.id == c.c.owner_id
            )
        )
        .where(and_(*_where(view, user_id, customer_id, at)))
        .order_by(
            *_order(
                sort,
                SORT_KEYS,
                DEFAULT_SORT,
                next_due.asc().nulls_last(),
                c.c.recorded_at.desc(),
                c.c.id,
                nulls_last=True,
            )
        )
    )
    return list(session.execute(_page(stmt, offset, limit)).mappings())


def count_complaints(
    session: Session,
    view: str = ALL,
    *,
    user_id: str | None = None,
    customer_id: str | None = None,
    now: datetime | None = None,
) -> int:
    stmt = select(func.count()).select_from(c).where(and_(*_where(view, user_id, customer_id, _now(now))))
    return int(session.scalar(stmt) or 0)


def view_counts(session: Session, user_id: str | None, now: datetime | None = None) -> dict[str, int]:
    """How many complaints each list holds (for tab titles and subtitles)."""
    return {view: count_complaints(session, view, user_id=user_id, now=now) for view in VIEWS}


def get_complaint(session: Session, complaint_id: str) -> dict[str, Any]:
    """The whole complaint with the names a person reads (customer, contact, owner, recorder, visit)."""
    recorder = users_t.alias("recorder")
    stmt = (
        select(
            c,
            customers_t.c.name.label("customer_name"),
            customers_t.c.tier.label("customer_tier"),
            contacts_t.c.name.label("contact_name"),
            contacts_t.c.phone.label("contact_phone"),
            contacts_t.c.mobile.label("contact_mobile"),
            owner_u.c.display_name.label("owner_name"),
            recorder.c.display_name.label("recorder_name"),
            func.coalesce(visits_t.c.check_in_at, visits_t.c.planned_at).label("visit_at"),
        )
        .select_from(
            c.outerjoin(customers_t, customers_t.c.id == c.c.customer_id)
            .outerjoin(contacts_t, contacts_t.c.id == c.c.contact_id)
            .outerjoin(owner_u, owner_u.c.id == c.c.owner_id)
            .outerjoin(recorder, recorder.c.id == c.c.recorded_by)
            .outerjoin(visits_t, visits_t.c.id == c.c.visit_id)
        )
        .where(c.c.id == complaint_id, c.c.deleted == false())
    )
    row = session.execute(stmt).mappings().first()
    if row is None:
        raise DomainError("This complaint is no longer on this laptop.", code="not_found")
    return dict(row)


def customer_name(session: Session, customer_id: str) -> str | None:
    return session.scalar(select(customers_t.c.name).where(customers_t.c.id == customer_id))


def customer_contacts(session: Session, customer_id: str) -> list[RowMapping]:
    stmt = (
        select(
            contacts_t.c.id,
            contacts_t.c.name,
            contacts_t.c.title,
            contacts_t.c.phone,
            contacts_t.c.mobile,
            contacts_t.c.is_primary,
        )
        .where(contacts_t.c.customer_id == customer_id, contacts_t.c.deleted == false())
        .order_by(contacts_t.c.is_primary.desc(), contacts_t.c.name, contacts_t.c.id)
    )
    return list(session.execute(stmt).mappings())


def visit_info(session: Session, visit_id: str) -> RowMapping | None:
    stmt = select(
        visits_t.c.id,
        visits_t.c.customer_id,
        visits_t.c.contact_id,
        visits_t.c.status,
        func.coalesce(visits_t.c.check_in_at, visits_t.c.planned_at).label("when"),
    ).where(visits_t.c.id == visit_id, visits_t.c.deleted == false())
    return session.execute(stmt).mappings().first()


def complaint_customer(db, customer_id: str) -> tuple[str | None, list[RowMapping]]:
    """What the complaint form shows of a customer: its name (None when unknown) and contacts,
    primary first."""
    with db.session() as s:
        return customer_name(s, customer_id), customer_contacts(s, customer_id)


def complaint_screen(db, complaint_id: str) -> tuple[dict[str, Any], list[RowMapping]]:
    """What the complaint dialog shows: the complaint, and who it can be handed over to."""
    with db.session() as s:
        row = get_complaint(s, complaint_id)
        return row, handover_candidates(s, exclude=[row["owner_id"]])


def handover_candidates(session: Session, exclude: Sequence[str] = ()) -> list[RowMapping]:
    """Active reps and supervisors a complaint can be handed to, supervisors first."""
    stmt = (
        select(users_t.c.id, users_t.c.display_name, users_t.c.role)
        .where(
            users_t.c.deleted == false(),
            users_t.c.active != false(),
            users_t.c.role.in_((Role.REP.value, Role.SUPERVISOR.value)),
            users_t.c.id.not_in(list(exclude) or [""]),
        )
        .order_by(_rank(users_t.c.role, Role).desc(), users_t.c.display_name, users_t.c.id)
    )
    return list(session.execute(stmt).mappings())


def user_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(users_t.c.id, users_t.c.display_name)).all())


# =========================================================================== the report


#: The fields of a :class:`domain.complaints.ComplaintRecord` that are the stored columns as they are.
_RECORD_AS_STORED = tuple(
    f.name
    for f in fields(rules.ComplaintRecord)
    if f.name not in {"category", "severity", "customer_tier", "satisfaction"}
)


def report_records(session: Session, owner_id: str | None = None) -> list[rules.ComplaintRecord]:
    """Every local complaint (or one owner's) as the report's input."""
    stmt = (
        select(
            c.c.id,
            c.c.owner_id,
            c.c.category,
            c.c.severity,
            c.c.recorded_at,
            c.c.first_response_due,
            c.c.resolution_due,
            c.c.first_responded_at,
            c.c.resolved_at,
            c.c.closed_at,
            c.c.satisfaction,
            customers_t.c.tier,
        )
        .select_from(c.outerjoin(customers_t, customers_t.c.id == c.c.customer_id))
        .where(c.c.deleted == false())
    )
    if owner_id:
        stmt = stmt.where(c.c.owner_id == owner_id)
    out = []
    for r in session.execute(stmt).mappings():
        satisfaction = r["satisfaction"] if r["satisfaction"] and 1 <= r["satisfaction"] <= 5 else None
        out.append(
            rules.ComplaintRecord(
                **{name: r[name] for name in _RECORD_AS_STORED},
                category=ComplaintCategory(r["category"]),
                severity=Severity(r["severity"]),
                customer_tier=r["tier"],
                satisfaction=satisfaction,
            )
        )
    return out


@dataclass(frozen=True)
class ReportData:
    period: Period
    report: rules.ComplaintReport
    names: dict[str, str]  # owner id → display name
    as_of: datetime


def build_report(
    session: Session,
    period: Period,
    *,
    owner_id: str | None = None,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> ReportData:
    """The complaint report (``domain.complaints.complaint_report``) over the local replica.

    A rep's replica holds their customers' complaints, a supervisor's their region's, an
    admin's everything; ``owner_id`` narrows it to one owner. Dates are read in ``tz`` (the
    laptop's zone by default).
    """
    at = _now(now)
    zone = tz or datetime.now().astimezone().tzinfo or timezone.utc
    report = rules.complaint_report(
        report_records(session, owner_id), period, now=at, tz=zone, policy=sla_policy(session)
    )
    return ReportData(period, report, user_names(session), at)
