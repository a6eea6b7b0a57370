"""What the visit screens do to the local database: plan, move, cancel, check in, check out.

Each operation is one transaction through ``LocalWriter`` (the row and its outbox entry
together), followed in the same transaction by the search index's catch-up for the
customer, so the Today view and the due dates are right at once. Screens run them
through ``ui.operations.LocalOp``, which tells the main window, so a sync follows.

Times are aware UTC instants; the form's draft lives in the ``drafts`` table under
``draft_key(visit_id)`` and is removed together with the write that saves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import RowMapping

from domain.classification import default_visit_grade, next_visit_due
from domain.enums import VisitChannel, VisitPurpose, VisitStatus
from domain.errors import DomainError, InvalidValue
from domain.visit_planning import DEFAULT_PATTERN, plan_next_visit
from local_db import evidence, queries, search
from local_db.review import local_tz
from local_db.writes import LocalWriter


def draft_key(visit_id: str) -> str:
    return f"visit:{visit_id}"


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _index(s, customer_id: str | None) -> None:
    if customer_id:
        search.catch_up(s, only=[customer_id])


def running_visit(db, rep_id: str | None = None):
    """The visit this rep is checked in at, if any (a rep is in one place at a time)."""
    with db.session() as s:
        rows = [r for r in queries.open_visits(s, rep_id) if r["status"] == VisitStatus.IN_PROGRESS.value]
    return rows[0] if rows else None


@dataclass(frozen=True)
class VisitLog:
    """What the visit form shows of one visit, read together: the visit, its customer's
    contacts, who reviewed it, and its flagged photos."""

    row: RowMapping
    contacts: list[RowMapping]
    reviewer: str | None
    evidence: tuple[evidence.FlaggedAttachment, ...]


def visit_log(db, visit_id: str) -> VisitLog:
    """Raises ``DomainError`` (``not_found``) when the visit is no longer on this laptop."""
    with db.session() as s:
        row = queries.visit_row(s, visit_id)
        if row is None:
            raise DomainError("This visit is no longer on this laptop.", code="not_found")
        return VisitLog(
            row,
            queries.customer_contacts(s, row["customer_id"]),
            queries.user_name(s, row["reviewed_by"]),
            evidence.visit_flags(s, [visit_id]).get(visit_id, ()),
        )


@dataclass(frozen=True)
class TodayView:
    """What the Today page shows, read together: the rep's planned visits in a span (the
    route with the missed days before it, and the week beside it), their open visits,
    the customers due for a visit with the counts of due and overdue ones, and how many
    customers the search index has still to catch up."""

    planned: list[RowMapping]
    opened: list[RowMapping]
    due: list[RowMapping]
    due_count: int
    overdue_count: int
    backlog: int


def today_view(
    db, rep_id: str | None, since: datetime, until: datetime, today: date, due_limit: int
) -> TodayView:
    with db.session() as s:
        due_count, overdue_count = queries.count_due_customers(s, today)
        return TodayView(
            queries.planned_visits(s, since, until, rep_id),
            queries.open_visits(s, rep_id),
            queries.due_customers(s, today, due_limit),
            due_count,
            overdue_count,
            search.backlog(s),
        )


def plan_visit(
    db,
    customer_id: str,
    planned_at: datetime,
    *,
    purpose: str | None = None,
    contact_id: str | None = None,
    notes: str | None = None,
) -> str:
    with db.session() as s:
        w = LocalWriter.for_owner(s)
        vid = w.insert(
            "visit",
            {
                "customer_id": customer_id,
                "rep_id": w.actor.id,
                "status": VisitStatus.PLANNED.value,
                "planned_at": planned_at,
                "purpose": purpose or VisitPurpose.ROUTINE.value,
                "channel": VisitChannel.IN_PERSON.value,
                "contact_id": contact_id,
                "notes": notes or None,
            },
        )
        _index(s, customer_id)
    return vid


def move_visit(
    db,
    visit_id: str,
    planned_at: datetime,
    *,
    purpose: str | None = None,
    contact_id: str | None = ...,
    notes: str | None = ...,
) -> None:  # type: ignore[assignment]
    with db.session() as s:
        row = queries.visit_row(s, visit_id)
        if row is None:
            raise DomainError("This visit is no longer on this laptop.", code="not_found")
        changes: dict[str, Any] = {"planned_at": planned_at}
        if purpose:
            changes["purpose"] = purpose
        if contact_id is not ...:
            changes["contact_id"] = contact_id
        if notes is not ...:
            changes["notes"] = notes or None
        LocalWriter.for_owner(s).update("visit", visit_id, changes)
        _index(s, row["customer_id"])


def cancel_visit(db, visit_id: str, reason: str = "") -> None:
    with db.session() as s:
        row = queries.visit_row(s, visit_id)
        if row is None:
            raise DomainError("This visit is no longer on this laptop.", code="not_found")
        changes: dict[str, Any] = {"status": VisitStatus.CANCELLED.value}
        if reason.strip():
            changes["notes"] = "\n".join(p for p in (row["notes"], reason.strip()) if p)
        LocalWriter.for_owner(s).update("visit", visit_id, changes)
        queries.delete_draft(s, draft_key(visit_id))
        _index(s, row["customer_id"])


def delete_visit(db, visit_id: str) -> None:
    """Delete a visit (the next sync sends its tombstone): the demo's screenshots take back
    the visit they checked in to, so that it leaves no trace in the demo's history."""
    with db.session() as s:
        row = queries.visit_row(s, visit_id)
        LocalWriter.for_owner(s).delete("visit", visit_id)
        _index(s, row["customer_id"] if row is not None else None)


def check_in(
    db,
    customer_id: str,
    *,
    at: datetime | None = None,
    visit_id: str | None = None,
    purpose: str | None = None,
) -> str:
    """Start a visit now: the planned ``visit_id`` (or today's plan for the customer), else a new one."""
    at = at or now_utc()
    with db.session() as s:
        w = LocalWriter.for_owner(s)
        if visit_id is None:
            plans = [
                r
                for r in queries.customer_open_visits(s, customer_id)
                if r["status"] == VisitStatus.PLANNED.value and r["rep_id"] == w.actor.id
            ]
            today = at.astimezone().date()
            todays = [r for r in plans if r["planned_at"] and r["planned_at"].astimezone().date() <= today]
            if todays:
                visit_id = todays[-1]["id"]
        if visit_id is not None:
            w.update("visit", visit_id, {"status": VisitStatus.IN_PROGRESS.value, "check_in_at": at})
        else:
            visit_id = w.insert(
                "visit",
                {
                    "customer_id": customer_id,
                    "rep_id": w.actor.id,
                    "status": VisitStatus.IN_PROGRESS.value,
                    "check_in_at": at,
                    "purpose": purpose or VisitPurpose.ROUTINE.value,
                    "channel": VisitChannel.IN_PERSON.value,
                },
            )
        _index(s, customer_id)
    return visit_id


def _book_follow_up(s, w: LocalWriter, row, wanted: date, at: datetime, values: dict[str, Any]) -> str | None:
    """Plan the follow-up by ``domain.visit_planning``: the customer's standing plan wins (its id
    is returned), else a free slot in working hours on the wanted day or the next possible."""
    tz = local_tz()  # working hours are the rep's local hours
    pattern = DEFAULT_PATTERN
    customer_plans = {
        r["planned_at"]: r["id"]
        for r in queries.customer_open_visits(s, row["customer_id"])
        if r["status"] == VisitStatus.PLANNED.value
        and r["rep_id"] == w.actor.id
        and r["planned_at"] is not None
    }
    start = datetime.combine(wanted, time(0), tz).astimezone(timezone.utc)
    window = queries.planned_visits(s, start, start + timedelta(days=pattern.search_days + 2), w.actor.id)
    local_in = (row["check_in_at"] or at).astimezone(tz)
    preferred = time(local_in.hour, 0 if local_in.minute < 30 else 30)
    choice = plan_next_visit(
        wanted,
        customer_plans=customer_plans,
        rep_plans=[r["planned_at"] for r in window],
        tz=tz,
        today=at.astimezone(tz).date(),
        pattern=pattern,
        preferred=preferred,
    )
    if choice.existing is not None:
        return customer_plans[choice.existing]
    if choice.at is None:
        return None
    return w.insert(
        "visit",
        {
            "customer_id": row["customer_id"],
            "rep_id": w.actor.id,
            "status": VisitStatus.PLANNED.value,
            "planned_at": choice.at,
            "purpose": VisitPurpose.ROUTINE.value,
            "channel": VisitChannel.IN_PERSON.value,
            "contact_id": values.get("contact_id"),
            "notes": values.get("next_step") or None,
        },
    )


def submit_log(db, visit_id: str, values: dict[str, Any], *, at: datetime | None = None) -> str | None:
    """Save the visit form and submit the log for review; returns the follow-up visit's id.

    An in-progress visit is checked out now; a returned log is resubmitted with the
    corrections (returned → submitted). ``values`` are typed (Decimals, dates). With a next
    visit date, the follow-up visit is planned in the same transaction. The draft goes too.
    """
    at = at or now_utc()
    with db.session() as s:
        row = queries.visit_row(s, visit_id)
        if row is None:
            raise DomainError("This visit is no longer on this laptop.", code="not_found")
        w = LocalWriter.for_owner(s)
        changes = dict(values)
        status = row["status"]
        if status == VisitStatus.IN_PROGRESS.value:
            changes["check_out_at"] = at
        elif status == VisitStatus.PLANNED.value:  # logged after the fact, without a check-in
            changes.setdefault("check_in_at", at)
            changes["check_out_at"] = at
        elif status != VisitStatus.RETURNED.value:
            raise DomainError("This visit log was already submitted.", code="already_submitted")
        changes["status"] = VisitStatus.SUBMITTED.value
        w.update("visit", visit_id, changes)
        follow_up = None
        next_date = values.get("next_visit_date")
        if next_date and status != VisitStatus.RETURNED.value:
            follow_up = _book_follow_up(s, w, row, next_date, at, values)
        queries.delete_draft(s, draft_key(visit_id))
        _index(s, row["customer_id"])
    return follow_up


def suggested_next_visit(grade: str | None, day: date) -> date:
    """The visit after one on ``day``: the grade's interval later (no or an unknown grade: B's)."""
    try:
        return next_visit_due(day, grade or default_visit_grade(None))
    except InvalidValue:
        return next_visit_due(day, default_visit_grade(None))
