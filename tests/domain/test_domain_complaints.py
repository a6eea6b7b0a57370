"""Complaint workflow, SLA (from the laptop's recording time), escalation, report."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal as D

import pytest

from domain.complaints import (
    DEFAULT_SLA_POLICY,
    ComplaintRecord,
    SatisfactionLevel,
    SlaPolicy,
    SlaTarget,
    check_handover,
    check_transition,
    complaint_report,
    escalation_level_for,
    satisfaction_level,
    satisfaction_ratio,
    sla_due,
    sla_state,
)
from domain.enums import ComplaintCategory as Cat
from domain.enums import ComplaintStatus as C
from domain.enums import EscalationLevel as L
from domain.enums import Role, Severity, ValueTier
from domain.errors import InvalidValue, NotPermitted, TransitionNotAllowed
from domain.period import Period

UTC = timezone.utc
T = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OWNER = "rep-1"
OTHER = "rep-2"


def h(hours: float) -> timedelta:
    return timedelta(hours=hours)


# --------------------------------------------------------------------------- workflow


def owner_resolves(**details: object) -> None:
    """The owner (a rep) moves their complaint from in progress to resolved with ``details``."""
    check_transition(C.IN_PROGRESS, C.RESOLVED, Role.REP, OWNER, OWNER, **details)


def test_the_whole_path() -> None:
    check_transition(C.NEW, C.ACKNOWLEDGED, Role.REP, OWNER, OWNER)
    check_transition(C.ACKNOWLEDGED, C.IN_PROGRESS, Role.REP, OWNER, OWNER)
    owner_resolves(root_cause="Damaged in transport", resolution="Replaced two cases")
    check_transition(C.RESOLVED, C.FOLLOW_UP, Role.REP, OWNER, OWNER, satisfaction=4)
    check_transition(C.FOLLOW_UP, C.CLOSED, Role.REP, OWNER, OWNER)


@pytest.mark.parametrize(
    ("root_cause", "resolution", "missing"),
    [
        (None, "Replaced", "root cause"),
        ("  ", "Replaced", "root cause"),
        ("Transport", None, "resolution"),
        ("Transport", "\u3000", "resolution"),
        ("", "", "root cause and the resolution"),
    ],
)
def test_resolving_needs_root_cause_and_resolution(
    root_cause: str | None, resolution: str | None, missing: str
) -> None:
    with pytest.raises(TransitionNotAllowed, match=f"fill in the {missing}") as caught:
        owner_resolves(root_cause=root_cause, resolution=resolution)
    assert caught.value.code == "resolution_details_required"


@pytest.mark.parametrize("score", [None, 0, 6, -1, True, "4", D("4")])
def test_follow_up_needs_satisfaction_1_to_5(score: object) -> None:
    with pytest.raises(TransitionNotAllowed if score is None else InvalidValue, match="satisfaction"):
        check_transition(C.RESOLVED, C.FOLLOW_UP, Role.REP, OWNER, OWNER, satisfaction=score)  # type: ignore[arg-type]


@pytest.mark.parametrize("score", [1, 5])
def test_satisfaction_bounds_are_inclusive(score: int) -> None:
    check_transition(C.RESOLVED, C.FOLLOW_UP, Role.REP, OWNER, OWNER, satisfaction=score)


@pytest.mark.parametrize("origin", [C.RESOLVED, C.CLOSED])
def test_reopen_needs_a_reason_and_goes_to_in_progress(origin: C) -> None:
    for blank in (None, "", "   "):
        with pytest.raises(TransitionNotAllowed, match="reason is required"):
            check_transition(origin, C.IN_PROGRESS, Role.REP, OWNER, OWNER, reason=blank)
    check_transition(origin, C.IN_PROGRESS, Role.REP, OWNER, OWNER, reason="Leaking again")


@pytest.mark.parametrize(
    ("origin", "target"),
    [
        (C.NEW, C.IN_PROGRESS),  # skipping acknowledgement
        (C.NEW, C.RESOLVED),
        (C.ACKNOWLEDGED, C.RESOLVED),
        (C.IN_PROGRESS, C.FOLLOW_UP),
        (C.IN_PROGRESS, C.CLOSED),
        (C.RESOLVED, C.CLOSED),  # the follow-up call cannot be skipped
        (C.FOLLOW_UP, C.IN_PROGRESS),  # reopen only from resolved or closed
        (C.CLOSED, C.NEW),
        (C.CLOSED, C.RESOLVED),
        (C.ACKNOWLEDGED, C.NEW),
    ],
)
def test_moves_outside_the_workflow_are_refused(origin: C, target: C) -> None:
    with pytest.raises(TransitionNotAllowed, match="cannot go from"):
        check_transition(
            origin,
            target,
            Role.ADMIN,
            "a",
            OWNER,
            root_cause="x",
            resolution="y",
            satisfaction=3,
            reason="z",
        )


def test_reopen_hint_for_follow_up() -> None:
    with pytest.raises(TransitionNotAllowed, match="Only a resolved or closed complaint can be reopened"):
        check_transition(C.FOLLOW_UP, C.IN_PROGRESS, Role.REP, OWNER, OWNER, reason="z")


def test_non_owner_rep_is_refused_but_supervisor_and_admin_may_act() -> None:
    with pytest.raises(NotPermitted, match="hand it over") as caught:
        check_transition(C.NEW, C.ACKNOWLEDGED, Role.REP, OTHER, OWNER)
    assert caught.value.code == "not_complaint_owner"
    check_transition(C.NEW, C.ACKNOWLEDGED, Role.SUPERVISOR, "sup", OWNER)
    check_transition(C.CLOSED, C.IN_PROGRESS, Role.ADMIN, "adm", OWNER, reason="Customer called")


def test_handover() -> None:
    check_handover(Role.REP, OWNER, OWNER, OTHER)  # the owner hands over
    check_handover(Role.SUPERVISOR, "sup", OWNER, OTHER)  # the supervisor reassigns
    with pytest.raises(NotPermitted):
        check_handover(Role.REP, OTHER, OWNER, OTHER)  # taking it over unasked
    with pytest.raises(InvalidValue, match="already belongs"):
        check_handover(Role.REP, OWNER, OWNER, OWNER)
    with pytest.raises(InvalidValue, match="Choose who"):
        check_handover(Role.REP, OWNER, OWNER, " ")
    with pytest.raises(TransitionNotAllowed, match="closed"):
        check_handover(Role.ADMIN, "adm", OWNER, OTHER, status=C.CLOSED)


# --------------------------------------------------------------------------- SLA due


@pytest.mark.parametrize(
    ("severity", "first", "final"),
    [
        (Severity.CRITICAL, h(4), h(24)),
        (Severity.HIGH, h(8), h(72)),
        (Severity.MEDIUM, h(24), timedelta(days=7)),
        (Severity.LOW, h(72), timedelta(days=14)),
    ],
)
def test_default_sla_due_times(severity: Severity, first: timedelta, final: timedelta) -> None:
    due = sla_due(T, severity, ValueTier.ORDINARY)
    assert due.first_response_due == T + first
    assert due.resolution_due == T + final


def test_default_tier_factor_is_one_for_every_tier() -> None:
    for tier in [*ValueTier, None]:
        assert sla_due(T, Severity.HIGH, tier) == sla_due(T, Severity.HIGH, ValueTier.SMALL)


def test_tier_factor_is_configurable() -> None:
    policy = SlaPolicy(tier_factors={ValueTier.VIP: D("0.5"), ValueTier.SMALL: D("1.5")})
    vip = sla_due(T, Severity.CRITICAL, ValueTier.VIP, policy)
    assert vip.first_response_due == T + h(2)  # 4 h × 0.5
    assert vip.resolution_due == T + h(12)  # 24 h × 0.5
    small = sla_due(T, Severity.MEDIUM, ValueTier.SMALL, policy)
    assert small.first_response_due == T + h(36)  # 24 h × 1.5
    # a tier missing from the table falls back to 1
    assert sla_due(T, Severity.CRITICAL, ValueTier.MAJOR, policy).first_response_due == T + h(4)


def test_durations_are_configurable() -> None:
    policy = SlaPolicy(targets={**DEFAULT_SLA_POLICY.targets, Severity.LOW: SlaTarget(h(1), h(2))})
    assert sla_due(T, Severity.LOW, None, policy).resolution_due == T + h(2)


def test_sla_due_is_in_utc_whatever_the_input_zone() -> None:
    beijing = timezone(timedelta(hours=8))
    local = datetime(2026, 3, 2, 17, 0, tzinfo=beijing)  # = 09:00 UTC
    due = sla_due(local, Severity.CRITICAL)
    assert due.first_response_due == T + h(4)
    assert due.first_response_due.utcoffset() == timedelta(0)


def test_naive_times_are_refused() -> None:
    with pytest.raises(InvalidValue, match="no time zone"):
        sla_due(datetime(2026, 3, 2, 9), Severity.LOW)


def test_unknown_severity_is_a_readable_error() -> None:
    with pytest.raises(InvalidValue, match="Unknown severity"):
        sla_due(T, "urgent")


# --------------------------------------------------------------------------- SLA state


def test_offline_complaint_is_breached_from_the_recording_time_not_the_sync_time() -> None:
    # Recorded on the laptop at T while offline; it reaches the server at T + 10 h.
    recorded_at = T
    synced_at = T + h(10)
    due = sla_due(recorded_at, Severity.CRITICAL)
    assert due.first_response_due == T + h(4)
    state = sla_state(synced_at, due.first_response_due)
    assert state.breached
    assert state.overdue_by == h(6)
    assert state.remaining is None
    # Counting from the sync time would wrongly give a deadline of T + 14 h.
    assert sla_due(synced_at, Severity.CRITICAL).first_response_due == T + h(14)


def test_offline_complaint_answered_offline_in_time_is_not_breached() -> None:
    due = sla_due(T, Severity.CRITICAL)
    # acknowledged on the laptop at T + 1 h, synced at T + 10 h
    state = sla_state(T + h(10), due.first_response_due, done_at=T + h(1))
    assert not state.breached
    assert state.done
    assert state.overdue_by is None


def test_sla_state_open_and_on_time() -> None:
    state = sla_state(T + h(1), T + h(4))
    assert not state.breached and not state.done
    assert state.remaining == h(3)


def test_sla_state_exactly_at_due_is_on_time() -> None:
    assert not sla_state(T + h(4), T + h(4)).breached
    assert sla_state(T + h(4), T + h(4)).remaining == timedelta(0)
    assert not sla_state(T + h(9), T + h(4), done_at=T + h(4)).breached
    assert sla_state(
        T
        + h(
            4,
        )
        + timedelta(seconds=1),
        T + h(4),
    ).breached


def test_sla_state_done_late() -> None:
    state = sla_state(T + h(20), T + h(4), done_at=T + h(5))
    assert state.breached and state.done
    assert state.overdue_by == h(1)


def test_sla_state_without_a_deadline() -> None:
    state = sla_state(T, None)
    assert not state.breached and state.remaining is None and state.overdue_by is None


def test_sla_state_ignores_a_completion_in_the_future() -> None:
    # clock skew: done_at after now is not done yet
    state = sla_state(T + h(5), T + h(4), done_at=T + h(6))
    assert state.breached and not state.done


# --------------------------------------------------------------------------- escalation


def record(**kw: object) -> ComplaintRecord:
    base: dict[str, object] = {
        "id": "c1",
        "owner_id": OWNER,
        "category": Cat.PRODUCT_QUALITY,
        "severity": Severity.CRITICAL,
        "recorded_at": T,
        "first_response_due": T + h(4),
        "resolution_due": T + h(24),
    }
    base.update(kw)
    return ComplaintRecord(**base)  # type: ignore[arg-type]


def test_escalation_ladder_one_rung_per_breach() -> None:
    c = record()
    assert escalation_level_for(T + h(3), c) is L.REP
    assert escalation_level_for(T + h(5), c) is L.SUPERVISOR  # first response missed
    assert escalation_level_for(T + h(25), c) is L.ADMIN  # resolution missed too


def test_answered_in_time_but_resolved_late_goes_to_supervisor_only() -> None:
    c = record(first_responded_at=T + h(1))
    assert escalation_level_for(T + h(25), c) is L.SUPERVISOR


def test_resolved_in_time_stays_with_the_rep() -> None:
    c = record(first_responded_at=T + h(1), resolved_at=T + h(10))
    assert escalation_level_for(T + h(100), c) is L.REP


def test_escalation_is_never_lowered() -> None:
    assert escalation_level_for(T, record(), current=L.SUPERVISOR) is L.SUPERVISOR
    assert escalation_level_for(T + h(25), record(), current=L.SUPERVISOR) is L.ADMIN


# --------------------------------------------------------------------------- satisfaction


@pytest.mark.parametrize(
    ("perceived", "expectation", "ratio", "level"),
    [
        (5, 4, D("1.25"), SatisfactionLevel.HIGHLY_SATISFIED),
        (4, 4, D("1"), SatisfactionLevel.SATISFIED),
        (3, 4, D("0.75"), SatisfactionLevel.DISSATISFIED),
        (2, 3, D("0.6667"), SatisfactionLevel.DISSATISFIED),  # 0.6666… half-up
        (0, 5, D("0"), SatisfactionLevel.DISSATISFIED),
        (3, 0, None, None),  # no expectation to compare with
        (3, None, None, None),
        (None, 3, None, None),
    ],
)
def test_satisfaction(perceived: int | None, expectation: int | None, ratio: D | None, level: object) -> None:
    assert satisfaction_ratio(perceived, expectation) == ratio
    assert satisfaction_level(perceived, expectation) == level


def test_satisfaction_levels_read_as_words() -> None:
    assert satisfaction_level(5, 4) == "highly satisfied"
    assert satisfaction_level(4, 4) == "satisfied"
    assert satisfaction_level(1, 4) == "dissatisfied"


def test_satisfaction_level_uses_exact_scores_not_the_rounded_ratio() -> None:
    # 10001 / 10000 rounds to 1.0001 but 100001/100000 rounds to 1.0000
    assert satisfaction_ratio(100001, 100000) == D("1.0000")
    assert satisfaction_level(100001, 100000) is SatisfactionLevel.HIGHLY_SATISFIED


def test_negative_scores_are_refused() -> None:
    with pytest.raises(InvalidValue, match="cannot be negative"):
        satisfaction_ratio(-1, 3)


# --------------------------------------------------------------------------- report

MARCH = Period.month(2026, 3)


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def handled(
    id: str,
    recorded_at: datetime,
    due: tuple[float, float] | None,
    answered: float | None = None,
    resolved: float | None = None,
    **more: object,
) -> ComplaintRecord:
    """A complaint recorded at ``recorded_at``: its first response and resolution due ``due`` hours
    later (None: computed from the policy), answered and resolved ``answered`` and ``resolved``
    hours after it was recorded (None: not yet)."""
    return record(
        id=id,
        recorded_at=recorded_at,
        first_response_due=None if due is None else recorded_at + h(due[0]),
        resolution_due=None if due is None else recorded_at + h(due[1]),
        first_responded_at=None if answered is None else recorded_at + h(answered),
        resolved_at=None if resolved is None else recorded_at + h(resolved),
        **more,
    )


def test_report_worked_by_hand() -> None:
    complaints = [
        # a: quality, rep-1, critical, answered in 1 h, resolved after 20 h, satisfaction 4
        handled("a", at(2), (4, 24), answered=1, resolved=20, satisfaction=4),
        # b: quality, rep-2, high, answered late (9 h > 8 h), resolved after 50 h, satisfaction 2
        handled(
            "b",
            at(10),
            (8, 72),
            answered=9,
            resolved=50,
            satisfaction=2,
            owner_id=OTHER,
            severity=Severity.HIGH,
        ),
        # c: delivery, rep-1, low, still open, due times computed from the policy
        #    (72 h / 14 d from 25 March: resolution due 8 April, after the period) — no breach
        handled("c", at(25), None, answered=2, category=Cat.DELIVERY, severity=Severity.LOW),
        # d: billing, rep-1, medium, recorded 28 March, never answered: first response
        #    due 29 March 09:00 — breached by the end of March
        handled("d", at(28), None, category=Cat.BILLING, severity=Severity.MEDIUM),
        # e: recorded in February (due 4 h / 24 h later, answered after 1 h), resolved in March
        #    after 30 days (720 h), no satisfaction yet
        handled("e", datetime(2026, 2, 10, 9, tzinfo=UTC), (4, 24), answered=1, resolved=720),
        # f: recorded in April: outside the period entirely
        record(id="f", recorded_at=datetime(2026, 4, 1, 0, 0, tzinfo=UTC)),
    ]
    report = complaint_report(complaints, MARCH)
    assert report.received == 4  # a, b, c, d
    assert report.resolved == 3  # a, b, e (resolved in March)
    assert report.open == 2  # c, d (e was resolved in March, f not yet recorded)
    # handling: a 20 h, b 50 h, e 30 days = 720 h → (20 + 50 + 720) / 3 = 263 h 20 min
    assert report.average_handling_time == timedelta(hours=263, minutes=20)
    # breaches among the 4 received: b (late answer) and d (never answered) → 2 / 4
    assert report.sla_breach_rate == D("0.5000")
    # satisfaction among resolved in March with a score: a 4, b 2 → 3.00
    assert report.average_satisfaction == D("3.00")

    quality = report.by_category[Cat.PRODUCT_QUALITY]
    assert (quality.received, quality.resolved, quality.open) == (2, 3, 0)
    assert quality.sla_breach_rate == D("0.5000")  # b of a, b
    assert report.by_category[Cat.DELIVERY].sla_breach_rate == D("0")
    assert report.by_category[Cat.BILLING].average_handling_time is None
    assert report.by_category[Cat.BILLING].average_satisfaction is None
    assert Cat.SERVICE not in report.by_category

    rep1 = report.by_rep[OWNER]
    # rep-1: received a, c, d; resolved a, e; open c, d; breach d → 1/3
    assert (rep1.received, rep1.resolved, rep1.open) == (3, 2, 2)
    assert rep1.sla_breach_rate == D("0.3333")
    assert rep1.average_satisfaction == D("4.00")
    rep2 = report.by_rep[OTHER]
    assert (rep2.received, rep2.resolved, rep2.open) == (1, 1, 0)
    assert rep2.sla_breach_rate == D("1.0000")


def test_report_as_of_now_for_the_current_month() -> None:
    # d is due 29 March 09:00; on 28 March at noon it is not breached yet
    complaints = [handled("d", at(28), None, severity=Severity.MEDIUM)]
    assert complaint_report(complaints, MARCH, now=at(28, 12)).sla_breach_rate == D("0")
    assert complaint_report(complaints, MARCH, now=at(30)).sla_breach_rate == D("1.0000")


def test_report_of_an_empty_period_has_no_rates() -> None:
    report = complaint_report([], MARCH)
    assert (report.received, report.open, report.resolved) == (0, 0, 0)
    assert report.average_handling_time is None
    assert report.sla_breach_rate is None
    assert report.average_satisfaction is None
    assert report.by_category == {} and report.by_rep == {}


def test_report_period_boundaries_are_inclusive_dates() -> None:
    first = record(id="x", recorded_at=datetime(2026, 3, 1, 0, 0, tzinfo=UTC))
    last = record(id="y", recorded_at=datetime(2026, 3, 31, 23, 59, 59, tzinfo=UTC))
    before = record(id="z", recorded_at=datetime(2026, 2, 28, 23, 59, 59, tzinfo=UTC))
    assert complaint_report([first, last, before], MARCH).received == 2


def test_report_period_in_a_business_time_zone() -> None:
    beijing = timezone(timedelta(hours=8))
    # 31 March 20:00 UTC is already 1 April in Beijing
    late = record(id="x", recorded_at=datetime(2026, 3, 31, 20, 0, tzinfo=UTC))
    assert complaint_report([late], MARCH).received == 1
    assert complaint_report([late], MARCH, tz=beijing).received == 0
    assert complaint_report([late], Period(date(2026, 4, 1), date(2026, 4, 30)), tz=beijing).received == 1


def test_record_validates_satisfaction_and_time_zone() -> None:
    with pytest.raises(InvalidValue):
        record(satisfaction=9)
    with pytest.raises(InvalidValue, match="no time zone"):
        record(recorded_at=datetime(2026, 3, 1))


def test_sla_due_unpacks_as_a_pair() -> None:
    first, final = sla_due(T, Severity.HIGH)
    assert (first, final) == (T + h(8), T + h(72))
