"""Complaint workflow (客户投诉), SLA due times, escalation, satisfaction and the report.

Workflow::

    new → acknowledged → in_progress → resolved → follow_up → closed
                              ▲            │                     │
                              └─ reopen ───┴──── (with reason) ──┘

* ``→ resolved`` needs a non-blank root cause AND a non-blank resolution.
* ``→ follow_up`` records the follow-up call (回访) and needs the customer's
  satisfaction, a whole number 1–5.
* Reopening is allowed from ``resolved`` or ``closed`` only, needs a non-blank reason,
  and goes back to ``in_progress`` (the owner works on it again; the caller clears
  ``resolved_at``).
* Who: the owner (首问负责制 — whoever recorded it owns it until closed), or any
  supervisor or admin. Ownership changes only by an explicit hand-over
  (:func:`check_handover`), never implicitly because someone else acted.

SLA: due times are counted from ``recorded_at`` — the moment the complaint was recorded
on the laptop, even offline — never from when it reached the server. A complaint recorded
at T and synced at T+10 h is already breached if its first response was due at T+4 h:
the customer waited regardless of our network. Durations are wall-clock (24 × 7), not
business hours. Defaults: critical 4 h / 24 h, high 8 h / 72 h, medium 24 h / 7 d,
low 72 h / 14 d. Each customer tier has a factor that multiplies both durations; every
default factor is 1.0 (no tier adjustment), an admin may set e.g. VIP 0.5 to halve them.

Escalation (rep → supervisor → admin): one rung per breached deadline. Each of the two
deadlines (first response, resolution) that is breached moves the complaint one level up;
because the first-response deadline comes first, in practice a first-response breach
escalates to the supervisor and a later resolution breach to the admin. A complaint
answered on time but not resolved in time reaches the supervisor (one breach), not the
admin: the ladder is climbed one rung at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any, NamedTuple, Protocol

from domain.enums import (
    ComplaintCategory,
    ComplaintStatus,
    EscalationLevel,
    Role,
    Severity,
    ValueTier,
)
from domain.errors import ComplaintClosed, InvalidValue, NotPermitted, TransitionNotAllowed, enum_value
from domain.money import round_half_up, safe_ratio, to_decimal
from domain.period import Period
from domain.timeutil import ensure_utc, optional_utc

C = ComplaintStatus

REOPENABLE: frozenset[ComplaintStatus] = frozenset({C.RESOLVED, C.CLOSED})

#: Every allowed (from, to) move; the two reopen moves need a reason.
TRANSITIONS: frozenset[tuple[ComplaintStatus, ComplaintStatus]] = frozenset(
    {
        (C.NEW, C.ACKNOWLEDGED),
        (C.ACKNOWLEDGED, C.IN_PROGRESS),
        (C.IN_PROGRESS, C.RESOLVED),
        (C.RESOLVED, C.FOLLOW_UP),
        (C.FOLLOW_UP, C.CLOSED),
        (C.RESOLVED, C.IN_PROGRESS),
        (C.CLOSED, C.IN_PROGRESS),
    }
)

#: What reopening writes besides the status and its reason: the previous round's resolution
#: time, closing time and follow-up scores are cleared (the customer is called again).
REOPEN_CLEARS: tuple[str, ...] = (
    "resolved_at",
    "closed_at",
    "satisfaction",
    "expectation_score",
    "perceived_score",
)
#: The only fields a change of a closed complaint may touch: it must be its reopening.
REOPEN_FIELDS: frozenset[str] = frozenset({"status", "reopen_reason", *REOPEN_CLEARS})

SATISFACTION_MIN = 1
SATISFACTION_MAX = 5
_SUPERVISING_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


def _label(status: ComplaintStatus) -> str:
    return status.value.replace("_", " ")


def _status(value: ComplaintStatus | str, label: str) -> ComplaintStatus:
    return enum_value(ComplaintStatus, value, "complaint status", label)


def _role(value: Role | str) -> Role:
    return enum_value(Role, value, "role", "role")


def _blank(text: str | None) -> bool:
    return text is None or not str(text).strip()


def validate_satisfaction(score: object) -> int:
    """Return the satisfaction score if it is a whole number 1–5, else raise."""
    if isinstance(score, bool) or not isinstance(score, int):
        raise InvalidValue(
            f"Customer satisfaction must be a whole number from {SATISFACTION_MIN} to "
            f"{SATISFACTION_MAX} (got {score!r}).",
            code="satisfaction_invalid",
            field="satisfaction",
        )
    if not SATISFACTION_MIN <= score <= SATISFACTION_MAX:
        raise InvalidValue(
            f"Customer satisfaction must be from {SATISFACTION_MIN} to {SATISFACTION_MAX} (got {score}).",
            code="satisfaction_invalid",
            field="satisfaction",
        )
    return score


def _check_actor(role: Role, actor_id: str, owner_id: str, action: str) -> None:
    if role in _SUPERVISING_ROLES:
        return
    if not actor_id or actor_id != owner_id:
        raise NotPermitted(
            f"Only the complaint's owner, a supervisor or an admin can {action}; "
            "ask the owner to hand it over first.",
            code="not_complaint_owner",
        )


def check_transition(
    from_status: ComplaintStatus | str,
    to_status: ComplaintStatus | str,
    actor_role: Role | str,
    actor_id: str,
    owner_id: str,
    *,
    root_cause: str | None = None,
    resolution: str | None = None,
    satisfaction: int | None = None,
    reason: str | None = None,
) -> None:
    """Return ``None`` if the move is allowed, else raise a readable :class:`DomainError`.

    ``root_cause`` and ``resolution`` are required for ``→ resolved``; ``satisfaction``
    (1–5) for ``→ follow_up``; ``reason`` for reopening (``resolved``/``closed`` →
    ``in_progress``).
    """
    origin = _status(from_status, "from_status")
    target = _status(to_status, "to_status")
    role = _role(actor_role)

    if origin is target:
        raise TransitionNotAllowed(f"The complaint is already {_label(origin)}.", code="no_change")
    if (origin, target) not in TRANSITIONS:
        hint = ""
        if target is C.IN_PROGRESS and origin not in REOPENABLE:
            hint = " Only a resolved or closed complaint can be reopened."
        raise TransitionNotAllowed(
            f"A complaint cannot go from {_label(origin)} to {_label(target)}.{hint}",
            code="invalid_complaint_transition",
        )
    reopening = origin in REOPENABLE and target is C.IN_PROGRESS
    _check_actor(role, actor_id, owner_id, "reopen it" if reopening else "change its status")

    if target is C.RESOLVED:
        missing = [
            name for name, text in (("root cause", root_cause), ("resolution", resolution)) if _blank(text)
        ]
        if missing:
            raise TransitionNotAllowed(
                "To resolve the complaint, fill in the " + " and the ".join(missing) + ".",
                code="resolution_details_required",
                field=missing[0].replace(" ", "_"),
            )
    elif target is C.FOLLOW_UP:
        if satisfaction is None:
            raise TransitionNotAllowed(
                "Record the customer's satisfaction (1–5) from the follow-up call.",
                code="satisfaction_required",
                field="satisfaction",
            )
        validate_satisfaction(satisfaction)
    elif reopening and _blank(reason):
        raise TransitionNotAllowed(
            "Say why the complaint is reopened: a reason is required.",
            code="reopen_reason_required",
            field="reopen_reason",
        )
    return None


def check_open(status: ComplaintStatus | str | None, field: str | None = None) -> None:
    """Raise :class:`ComplaintClosed` for a closed complaint (None: no such complaint, nothing to say).

    A closed complaint is a finished case: its details and its files stay as they were
    when it was closed, whoever asks, until it is reopened (the one change it takes,
    ``REOPEN_FIELDS``). A resolved complaint, or one in follow-up, is still being worked
    on and can be changed.
    """
    if status is not None and _status(status, "status") is C.CLOSED:
        raise ComplaintClosed("A closed complaint cannot be changed; reopen it first.", field=field)


def check_handover(
    actor_role: Role | str,
    actor_id: str,
    owner_id: str,
    new_owner_id: str,
    *,
    status: ComplaintStatus | str | None = None,
) -> None:
    """Allow an explicit change of owner, or raise.

    The current owner may hand the complaint to a colleague; a supervisor or admin may
    reassign it. The new owner must be someone else, and a closed complaint keeps the
    owner who closed it (reopen it first).
    """
    role = _role(actor_role)
    if _blank(new_owner_id):
        raise InvalidValue("Choose who takes over the complaint.", field="owner_id")
    if new_owner_id == owner_id:
        raise InvalidValue("The complaint already belongs to that person.", code="no_change")
    if status is not None and _status(status, "status") is C.CLOSED:
        raise ComplaintClosed("A closed complaint cannot be handed over; reopen it first.")
    _check_actor(role, actor_id, owner_id, "hand it over")


# --------------------------------------------------------------------------- SLA


@dataclass(frozen=True)
class SlaTarget:
    """How long a complaint may wait for the first response and for resolution."""

    first_response: timedelta
    resolution: timedelta


DEFAULT_SLA_TARGETS: Mapping[Severity, SlaTarget] = {
    Severity.CRITICAL: SlaTarget(timedelta(hours=4), timedelta(hours=24)),
    Severity.HIGH: SlaTarget(timedelta(hours=8), timedelta(hours=72)),
    Severity.MEDIUM: SlaTarget(timedelta(hours=24), timedelta(days=7)),
    Severity.LOW: SlaTarget(timedelta(hours=72), timedelta(days=14)),
}

#: Multiplier of both durations per customer tier; 1.0 everywhere by default.
DEFAULT_TIER_FACTORS: Mapping[ValueTier, Decimal] = {tier: Decimal("1") for tier in ValueTier}


@dataclass(frozen=True)
class SlaPolicy:
    """Admin-configurable SLA: durations per severity and a factor per customer tier.

    A factor below 1 tightens the SLA (0.5 halves both durations), above 1 relaxes it.
    A customer with no tier yet uses factor 1.
    """

    targets: Mapping[Severity, SlaTarget] = field(default_factory=lambda: dict(DEFAULT_SLA_TARGETS))
    tier_factors: Mapping[ValueTier, Decimal] = field(default_factory=lambda: dict(DEFAULT_TIER_FACTORS))

    def target_for(self, severity: Severity | str, tier: ValueTier | str | None) -> SlaTarget:
        """The (tier-adjusted) durations for a complaint of ``severity`` from a ``tier`` customer."""
        sev = enum_value(Severity, severity, "severity", "severity")
        if sev not in self.targets:
            raise InvalidValue(f"No SLA is configured for {sev.value} complaints.", field="severity")
        base = self.targets[sev]
        factor = Decimal("1")
        if tier is not None:
            key = enum_value(ValueTier, tier, "customer tier", "tier")
            factor = to_decimal(self.tier_factors.get(key, Decimal("1")), "tier factor")
        if factor <= 0:
            raise InvalidValue(f"The SLA factor for {tier} customers must be above 0.")
        return SlaTarget(_scale(base.first_response, factor), _scale(base.resolution, factor))


DEFAULT_SLA_POLICY = SlaPolicy()

#: The organisation setting (``org_setting.key``) that holds the admin's SLA policy.
SLA_SETTING_KEY = "complaint_sla"
_HOUR_US = Decimal(3_600_000_000)


def hours_to_timedelta(hours: Decimal | int | str) -> timedelta:
    """A number of hours (exact decimal) as a duration, to the microsecond."""
    micros = (to_decimal(hours, "hours") * _HOUR_US).to_integral_value()
    return timedelta(microseconds=int(micros))


def timedelta_to_hours(duration: timedelta) -> Decimal:
    """A duration in hours: whole when it is whole, else to four decimals."""
    hours = Decimal(duration // timedelta(microseconds=1)) / _HOUR_US
    return hours.normalize() if hours == hours.to_integral_value() else hours.quantize(Decimal("0.0001"))


def sla_policy_to_json(policy: SlaPolicy) -> dict[str, object]:
    """The stored (synced, and API) form: hours and factors as decimal strings, exact."""
    return {
        "targets": {
            Severity(sev).value: {
                "first_response_hours": str(timedelta_to_hours(t.first_response)),
                "resolution_hours": str(timedelta_to_hours(t.resolution)),
            }
            for sev, t in policy.targets.items()
        },
        "tier_factors": {ValueTier(tier).value: str(Decimal(f)) for tier, f in policy.tier_factors.items()},
    }


def sla_policy_from_json(data: Mapping[str, object]) -> SlaPolicy:
    """Read a stored policy; missing severities or tiers fall back to the defaults.

    Raises :class:`InvalidValue` (or ``KeyError``/``TypeError``/``ValueError`` for a value
    of the wrong shape) when it cannot be read; callers fall back to the defaults.
    """
    targets: dict[Severity, SlaTarget] = dict(DEFAULT_SLA_POLICY.targets)
    raw_targets = data.get("targets") or {}
    raw_factors = data.get("tier_factors") or {}
    if not isinstance(raw_targets, Mapping) or not isinstance(raw_factors, Mapping):
        raise InvalidValue("The SLA policy must map severities to durations and tiers to factors.")
    for sev, t in raw_targets.items():
        first = hours_to_timedelta(t["first_response_hours"])
        final = hours_to_timedelta(t["resolution_hours"])
        if first <= timedelta(0) or final <= timedelta(0):
            raise InvalidValue(f"The SLA durations for {sev} complaints must be above zero.")
        targets[Severity(sev)] = SlaTarget(first, final)
    factors: dict[ValueTier, Decimal] = dict(DEFAULT_SLA_POLICY.tier_factors)
    for tier, factor in raw_factors.items():
        value = to_decimal(factor, "tier factor")
        if not value.is_finite() or value <= 0:
            raise InvalidValue(f"The SLA factor for {tier} customers must be above 0.")
        factors[ValueTier(tier)] = value
    return SlaPolicy(targets=targets, tier_factors=factors)


def _scale(duration: timedelta, factor: Decimal) -> timedelta:
    """``duration × factor`` exactly, to the nearest microsecond (no float)."""
    micros = Decimal(duration // timedelta(microseconds=1)) * factor
    return timedelta(microseconds=int(micros.to_integral_value(rounding=ROUND_HALF_UP)))


class SlaDue(NamedTuple):
    """When the first response and the resolution are due (UTC); unpacks as a pair."""

    first_response_due: datetime
    resolution_due: datetime


def sla_due(
    recorded_at: datetime,
    severity: Severity | str,
    tier: ValueTier | str | None = None,
    policy: SlaPolicy = DEFAULT_SLA_POLICY,
) -> SlaDue:
    """Due times counted from ``recorded_at`` (laptop time of recording, not sync time)."""
    start = ensure_utc(recorded_at, "recorded time")
    target = policy.target_for(severity, tier)
    return SlaDue(start + target.first_response, start + target.resolution)


@dataclass(frozen=True)
class SlaState:
    """Where one deadline stands.

    ``remaining`` is the time left while open and on time (``None`` once late, done or
    without a deadline); ``overdue_by`` is how late it is or was (``None`` when on time);
    ``breached`` is true when the step happened — or, still open, ``now`` is — after the
    due time. Doing it exactly at the due time is on time.
    """

    due: datetime | None
    done: bool
    breached: bool
    remaining: timedelta | None
    overdue_by: timedelta | None


def sla_state(now: datetime, due: datetime | None, done_at: datetime | None = None) -> SlaState:
    """Evaluate a deadline at ``now``; ``done_at`` is when the step was done, if it was.

    A step done after ``now`` (clock skew between machines) is treated as not yet done.
    """
    current = ensure_utc(now, "current time")
    deadline = optional_utc(due, "due time")
    finished = optional_utc(done_at, "completion time")
    if finished is not None and finished > current:
        finished = None
    if deadline is None:
        return SlaState(None, finished is not None, False, None, None)
    reference = finished if finished is not None else current
    late = reference > deadline
    return SlaState(
        due=deadline,
        done=finished is not None,
        breached=late,
        remaining=None if late or finished is not None else deadline - reference,
        overdue_by=reference - deadline if late else None,
    )


class SlaClock(Protocol):
    """The SLA fields of a complaint (the schema row or :class:`ComplaintRecord`)."""

    @property
    def first_response_due(self) -> datetime | None: ...

    @property
    def resolution_due(self) -> datetime | None: ...

    @property
    def first_responded_at(self) -> datetime | None: ...

    @property
    def resolved_at(self) -> datetime | None: ...


@dataclass(frozen=True)
class ClockTimes:
    """The four times of a complaint's SLA clocks; :meth:`of` reads them from a stored row."""

    first_response_due: datetime | None
    resolution_due: datetime | None
    first_responded_at: datetime | None
    resolved_at: datetime | None

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> ClockTimes:
        """The times of a stored complaint row (a missing one is ``None``)."""
        return cls(
            row.get("first_response_due"),
            row.get("resolution_due"),
            row.get("first_responded_at"),
            row.get("resolved_at"),
        )


_LADDER = (EscalationLevel.REP, EscalationLevel.SUPERVISOR, EscalationLevel.ADMIN)


def breaches(now: datetime, complaint: SlaClock) -> tuple[bool, bool]:
    """(first response breached, resolution breached) at ``now``."""
    first = sla_state(now, complaint.first_response_due, complaint.first_responded_at)
    final = sla_state(now, complaint.resolution_due, complaint.resolved_at)
    return first.breached, final.breached


def escalation_level_for(
    now: datetime,
    complaint: SlaClock,
    current: EscalationLevel | str | None = None,
) -> EscalationLevel:
    """The escalation level at ``now``: one rung up per breached deadline.

    No breach → rep; one (normally the first response) → supervisor; both → admin.
    A level already reached (``current``, e.g. a manual escalation) is never lowered.
    """
    level = _LADDER[sum(breaches(now, complaint))]
    if current is not None:
        level = max(level, EscalationLevel(current), key=_LADDER.index)
    return level


# --------------------------------------------------------------------------- satisfaction


class SatisfactionLevel(StrEnum):
    """顾客满意 = 可感知效果 / 期望值, read as three levels."""

    HIGHLY_SATISFIED = "highly satisfied"
    SATISFIED = "satisfied"
    DISSATISFIED = "dissatisfied"


def _score(value: object, label: str) -> Decimal | None:
    if value is None:
        return None
    score = to_decimal(value, label)
    if score < 0:
        raise InvalidValue(f"The {label} cannot be negative (got {score}).", field=label)
    return score


def satisfaction_ratio(perceived: object, expectation: object) -> Decimal | None:
    """perceived ÷ expectation, rounded half-up to 4 places; ``None`` when either score
    is missing or the expectation is 0 (no ratio can be formed)."""
    got = _score(perceived, "perceived score")
    want = _score(expectation, "expectation score")
    if got is None or want is None or want == 0:
        return None
    return round_half_up(got / want, 4)


def satisfaction_level(perceived: object, expectation: object) -> SatisfactionLevel | None:
    """highly satisfied (ratio > 1), satisfied (= 1), dissatisfied (< 1), or ``None``.

    Compares the exact scores, not the rounded ratio, so 10001/10000 is still "highly".
    """
    got = _score(perceived, "perceived score")
    want = _score(expectation, "expectation score")
    if got is None or want is None or want == 0:
        return None
    if got > want:
        return SatisfactionLevel.HIGHLY_SATISFIED
    if got == want:
        return SatisfactionLevel.SATISFIED
    return SatisfactionLevel.DISSATISFIED


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class ComplaintRecord:
    """What the report needs of a complaint (times are aware datetimes).

    Due times may be left out; they are then computed from severity and
    ``customer_tier`` with the report's SLA policy. ``resolved_at`` is the truth for
    "resolved": reopening a complaint must clear it.
    """

    id: str
    owner_id: str
    category: ComplaintCategory
    severity: Severity
    recorded_at: datetime
    customer_tier: ValueTier | None = None
    first_response_due: datetime | None = None
    resolution_due: datetime | None = None
    first_responded_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    satisfaction: int | None = None

    def __post_init__(self) -> None:
        ensure_utc(self.recorded_at, "recorded time")
        if self.satisfaction is not None:
            validate_satisfaction(self.satisfaction)


@dataclass(frozen=True)
class ComplaintStats:
    """Complaint figures for one slice (everything, a category, a rep) of a period.

    * ``received``: recorded during the period;
    * ``open``: recorded by the end of the period and not resolved by then (the backlog);
    * ``resolved``: resolved during the period, whenever received;
    * ``average_handling_time``: mean of resolved − recorded over those resolved in the period;
    * ``sla_breach_rate``: share (0–1, 4 places) of complaints received in the period
      that breached either deadline by the end of the period (or ``now`` if earlier);
    * ``average_satisfaction``: mean 1–5 score (2 places) of those resolved in the period.

    Anything with a zero denominator is ``None``.
    """

    received: int
    open: int
    resolved: int
    average_handling_time: timedelta | None
    sla_breach_rate: Decimal | None
    average_satisfaction: Decimal | None


@dataclass(frozen=True)
class ComplaintReport(ComplaintStats):
    """Totals plus the same figures by category and by owner (rep)."""

    by_category: Mapping[ComplaintCategory, ComplaintStats] = field(default_factory=dict)
    by_rep: Mapping[str, ComplaintStats] = field(default_factory=dict)


@dataclass
class _Tally:
    received: int = 0
    open: int = 0
    resolved: int = 0
    handling: timedelta = timedelta(0)
    breached: int = 0
    satisfaction_sum: int = 0
    satisfaction_count: int = 0

    def add(
        self,
        *,
        received: bool,
        breached: bool,
        is_open: bool,
        handled: timedelta | None,
        satisfaction: int | None,
    ) -> None:
        self.received += received
        self.breached += breached
        self.open += is_open
        if handled is not None:
            self.resolved += 1
            self.handling += handled
            if satisfaction is not None:
                self.satisfaction_sum += satisfaction
                self.satisfaction_count += 1

    def stats(self) -> ComplaintStats:
        return ComplaintStats(
            received=self.received,
            open=self.open,
            resolved=self.resolved,
            average_handling_time=self.handling / self.resolved if self.resolved else None,
            sla_breach_rate=safe_ratio(Decimal(self.breached), Decimal(self.received)),
            average_satisfaction=safe_ratio(
                Decimal(self.satisfaction_sum), Decimal(self.satisfaction_count), 2
            ),
        )

    def empty(self) -> bool:
        return not (self.received or self.open or self.resolved)


def complaint_report(
    complaints: Iterable[ComplaintRecord],
    period: Period,
    *,
    now: datetime | None = None,
    policy: SlaPolicy = DEFAULT_SLA_POLICY,
    tz: tzinfo = timezone.utc,
) -> ComplaintReport:
    """Received, open, resolved, handling time, SLA breach rate and satisfaction.

    Figures are computed as of the end of ``period`` (or ``now`` when earlier, for the
    current month), with the period's dates read in ``tz``. Slices with no activity are
    left out of ``by_category``/``by_rep``.
    """
    start = period.start_instant(tz)
    end = period.end_instant(tz)
    as_of = end if now is None else min(end, ensure_utc(now, "current time"))

    totals = _Tally()
    by_category: dict[ComplaintCategory, _Tally] = defaultdict(_Tally)
    by_rep: dict[str, _Tally] = defaultdict(_Tally)

    for complaint in complaints:
        recorded = ensure_utc(complaint.recorded_at, "recorded time")
        resolved_at = optional_utc(complaint.resolved_at, "resolved time")
        received = start <= recorded < end
        breached = received and _breached_by(as_of, complaint, recorded, policy)
        is_open = recorded < end and (resolved_at is None or resolved_at >= end)
        handled = resolved_at - recorded if resolved_at is not None and start <= resolved_at < end else None
        for tally in (totals, by_category[complaint.category], by_rep[complaint.owner_id]):
            tally.add(
                received=received,
                breached=breached,
                is_open=is_open,
                handled=handled,
                satisfaction=complaint.satisfaction,
            )

    base = totals.stats()
    return ComplaintReport(
        **vars(base),
        by_category={k: v.stats() for k, v in by_category.items() if not v.empty()},
        by_rep={k: v.stats() for k, v in by_rep.items() if not v.empty()},
    )


def _breached_by(as_of: datetime, complaint: ComplaintRecord, recorded: datetime, policy: SlaPolicy) -> bool:
    """Whether either deadline was breached by ``as_of`` (dues computed when missing)."""
    first_due = complaint.first_response_due
    final_due = complaint.resolution_due
    if first_due is None or final_due is None:
        computed = sla_due(recorded, complaint.severity, complaint.customer_tier, policy)
        first_due = first_due or computed.first_response_due
        final_due = final_due or computed.resolution_due
    first = sla_state(as_of, first_due, complaint.first_responded_at)
    final = sla_state(as_of, final_due, complaint.resolved_at)
    return first.breached or final.breached
