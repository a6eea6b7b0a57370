"""Complaint SLA on the server: the admin's policy, due times, breach flags and escalation.

The rules are ``domain.complaints`` (due times counted from ``recorded_at`` — the laptop's
time of recording, never the sync time — one escalation rung per breached deadline); this
module applies them to the server's rows and writes every change through
``server.store.changes`` so it reaches laptops through the feed like any other write.

**Policy.** Durations per severity and a factor per customer tier are the organisation
setting :data:`SETTING_KEY` (an ``org_setting`` row, edited by an admin through
``/settings/sla`` and synced to every laptop, which stamps provisional due times with it
offline); without it the defaults of ``domain.complaints`` apply. The server's due times
are stamped on a complaint when it reaches the server (and again when its severity
changes), so a later policy change does not move the deadlines of complaints already
received.

**Escalation job** (:func:`escalate_breaches`, run by ``fieldsales-server escalate`` and every
few minutes inside ``fieldsales-server serve``): a cheap read finds complaints whose
deadline passed (or was met late) and that are either not yet flagged ``sla_breached`` or
still open below the top of the ladder. Only when one of them actually needs a change does
the job take a feed number — which serialises it with pushes — re-read those rows under
lock and write: ``sla_breached`` once, and ``escalation_level`` + ``escalated_at`` when the
level rises. Levels are never lowered and a rerun finds nothing to do, so the job is
idempotent and several server processes may run it at once. Resolved, in-follow-up and
closed complaints are flagged when they were late but not escalated any more.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from domain.complaints import (
    DEFAULT_SLA_POLICY,
    SLA_SETTING_KEY,
    ClockTimes,
    SlaPolicy,
    breaches,
    escalation_level_for,
    sla_due,
    sla_policy_from_json,
    sla_policy_to_json,
)
from domain.enums import ComplaintStatus, EscalationLevel
from domain.schema import COMPLAINT
from domain.timeutil import ensure_utc
from server import org_settings
from server.store.changes import allocate_seq, update_row
from server.store.changes import now as server_now
from server.store.db import Store
from server.store.tables import TABLES

log = logging.getLogger(__name__)

SETTING_KEY = SLA_SETTING_KEY
#: How often ``serve`` runs the escalation job (seconds).
DEFAULT_INTERVAL_S = 300

OPEN_STATUSES = (
    ComplaintStatus.NEW.value,
    ComplaintStatus.ACKNOWLEDGED.value,
    ComplaintStatus.IN_PROGRESS.value,
)
_LADDER = (EscalationLevel.REP, EscalationLevel.SUPERVISOR, EscalationLevel.ADMIN)


# --------------------------------------------------------------------------- policy


# The stored form and its reader are pure rules (``domain.complaints``); the laptop reads
# the same synced value with them.
policy_to_json = sla_policy_to_json
policy_from_json = sla_policy_from_json


def load_policy(session: Session) -> SlaPolicy:
    """The admin's SLA policy, or the domain defaults when none was saved (or it is unreadable)."""
    return org_settings.read(session, SETTING_KEY, policy_from_json, DEFAULT_SLA_POLICY)


def save_policy(session: Session, policy: SlaPolicy, by: str | None) -> None:
    """Store the policy as the organisation setting every laptop syncs."""
    org_settings.save(session, SETTING_KEY, policy_to_json(policy), by)


def reset_policy(session: Session, by: str | None = None) -> None:
    org_settings.reset(session, SETTING_KEY, by)


# --------------------------------------------------------------------------- fills on push


def _tier(session: Session, customer_id: str | None) -> str | None:
    customers = TABLES["customer"]
    return (
        session.scalar(select(customers.c.tier).where(customers.c.id == customer_id)) if customer_id else None
    )


def _level(value: str | None) -> EscalationLevel:
    try:
        return EscalationLevel(value) if value else EscalationLevel.REP
    except ValueError:
        return EscalationLevel.REP


def assess(row: Mapping[str, Any], at: datetime) -> dict[str, Any]:
    """The SLA fields ``row`` should get at ``at``: ``sla_breached`` once breached, and the
    escalation level (with ``escalated_at``) when it rises. Empty when nothing changes."""
    clock = ClockTimes.of(row)
    first, final = breaches(at, clock)
    values: dict[str, Any] = {}
    if (first or final) and not row.get("sla_breached"):
        values["sla_breached"] = True
    current = _level(row.get("escalation_level"))
    if row.get("status") in OPEN_STATUSES:
        level = escalation_level_for(at, clock, current)
        if _LADDER.index(level) > _LADDER.index(current):
            values["escalation_level"] = level.value
            values["escalated_at"] = at
    return values


def fill_new_complaint(session: Session, changes: dict[str, Any]) -> None:
    """Server fills of a pushed new complaint (called by ``server.push``).

    Due times from ``recorded_at`` (laptop time of recording), severity and the customer's
    tier under the admin's policy; a complaint that reaches the server already late (it was
    recorded offline long ago) is flagged and escalated at once.
    """
    policy = load_policy(session)
    due = sla_due(
        changes["recorded_at"], changes["severity"], _tier(session, changes.get("customer_id")), policy
    )
    changes["first_response_due"] = due.first_response_due
    changes["resolution_due"] = due.resolution_due
    changes["escalation_level"] = _level(changes.get("escalation_level")).value
    if changes.get("sla_breached") is None:
        changes["sla_breached"] = False
    changes.update(assess(changes, server_now()))


def fill_changed_complaint(session: Session, old: Mapping[str, Any], apply_now: dict[str, Any]) -> None:
    """Server fills of a pushed complaint update: a new severity moves both deadlines
    (still counted from ``recorded_at``). Deadlines a laptop sends (its provisional
    estimate) are never taken as they are: the server computes them."""
    for name in ("first_response_due", "resolution_due"):
        apply_now.pop(name, None)
    if "severity" not in apply_now or apply_now["severity"] == old.get("severity"):
        return
    policy = load_policy(session)
    due = sla_due(old["recorded_at"], apply_now["severity"], _tier(session, old.get("customer_id")), policy)
    apply_now["first_response_due"] = due.first_response_due
    apply_now["resolution_due"] = due.resolution_due


# --------------------------------------------------------------------------- escalation job


@dataclass
class EscalationRun:
    """What one run of the job did."""

    at: datetime
    candidates: int = 0
    flagged: list[str] = field(default_factory=list)  # complaints newly marked sla_breached
    escalated: dict[str, str] = field(default_factory=dict)  # complaint id → new level
    seq: int | None = None  # the feed number of the changes (None: nothing changed)

    @property
    def changed(self) -> int:
        return len(set(self.flagged) | set(self.escalated))

    def summary(self) -> str:
        if not self.changed:
            return f"{self.candidates} late complaint(s) checked; nothing to change"
        by_level: dict[str, int] = {}
        for level in self.escalated.values():
            by_level[level] = by_level.get(level, 0) + 1
        levels = ", ".join(f"{n} to {lvl}" for lvl, n in sorted(by_level.items())) or "none"
        return (
            f"{self.candidates} late complaint(s) checked; {len(self.flagged)} newly flagged as breached; "
            f"escalated: {levels}"
        )


def _late(c, at: datetime):
    """SQL: a deadline passed without the step, or the step was done after it."""
    return or_(
        and_(c.first_responded_at.is_(None), c.first_response_due < at),
        c.first_responded_at > c.first_response_due,
        and_(c.resolved_at.is_(None), c.resolution_due < at),
        c.resolved_at > c.resolution_due,
    )


def _candidates(session: Session, at: datetime, ids: list[str] | None = None, lock: bool = False) -> list:
    t = TABLES["complaint"]
    c = t.c
    needs = or_(
        or_(c.sla_breached.is_(None), c.sla_breached == false()),
        and_(
            c.status.in_(OPEN_STATUSES),
            or_(c.escalation_level.is_(None), c.escalation_level != EscalationLevel.ADMIN.value),
        ),
    )
    q = select(t).where(c.deleted == false(), _late(c, at), needs)
    if ids is not None:
        q = select(t).where(c.id.in_(ids))
    if lock:
        q = q.with_for_update()
    return list(session.execute(q.order_by(c.id)).mappings())


def escalate_breaches(session: Session, at: datetime | None = None) -> EscalationRun:
    """Flag breaches and escalate, inside the caller's transaction (see the module doc)."""
    at = ensure_utc(at, "time") if at is not None else server_now()
    run = EscalationRun(at=at)
    rows = _candidates(session, at)
    run.candidates = len(rows)
    todo = [r["id"] for r in rows if assess(r, at)]
    if not todo:
        return run
    run.seq = allocate_seq(session)  # serialises with pushes: re-read under the counter lock
    for row in _candidates(session, at, ids=todo, lock=True):
        if row["deleted"]:
            continue
        values = assess(row, at)
        if not values:
            continue
        update_row(session, COMPLAINT, row["id"], values, run.seq, None)
        if values.get("sla_breached"):
            run.flagged.append(row["id"])
        if "escalation_level" in values:
            run.escalated[row["id"]] = values["escalation_level"]
    return run


def run_escalation(store: Store, at: datetime | None = None) -> EscalationRun:
    """One run of the job in its own transaction."""
    with store.session() as session:
        run = escalate_breaches(session, at)
    if run.changed:
        log.info("complaint escalation: %s", run.summary())
    return run


class EscalationLoop:
    """Runs the escalation job every ``interval`` seconds on a daemon thread (inside ``serve``).

    Several processes may each run one: ``server.jobs`` lets exactly one of them run it per
    interval (advisory lock and run record), the others skip.
    """

    def __init__(self, store: Store, interval: float = DEFAULT_INTERVAL_S):
        from server.jobs import JobLoop

        self.store = store
        self.interval = interval
        self._loop = JobLoop(store, "escalation", timedelta(seconds=interval), self._work)

    @staticmethod
    def _work(session: Session) -> dict:
        run = escalate_breaches(session)
        if run.changed:
            log.info("complaint escalation: %s", run.summary())
        return {"candidates": run.candidates, "changed": run.changed}

    def start(self) -> EscalationLoop:
        self._loop.start()
        return self

    @property
    def runs(self) -> int:
        return self._loop.runs

    def stop(self, timeout: float = 10.0) -> None:
        self._loop.stop(timeout)

    @property
    def alive(self) -> bool:
        return self._loop.alive


__all__ = [
    "DEFAULT_INTERVAL_S",
    "SETTING_KEY",
    "EscalationLoop",
    "EscalationRun",
    "assess",
    "escalate_breaches",
    "fill_changed_complaint",
    "fill_new_complaint",
    "load_policy",
    "policy_from_json",
    "policy_to_json",
    "reset_policy",
    "run_escalation",
    "save_policy",
]
