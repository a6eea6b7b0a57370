"""When the automatic follow-up visit is booked: working days and hours, no double booking,
the day's load (domain/visit_planning.py)."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from domain.visit_planning import WorkingPattern, plan_next_visit

SH = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 3, 2)  # a Monday
WANTED = date(2026, 3, 9)  # the Monday after


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), SH)


def plan(wanted=WANTED, customer=(), rep=(), **kw):
    return plan_next_visit(
        wanted, customer_plans=list(customer), rep_plans=list(rep), tz=SH, today=TODAY, **kw
    )


def test_booked_in_working_hours_not_at_the_evening_time_of_the_check_in():
    result = plan(preferred=time(19, 30))  # checked in at 19:30: no slot from then on
    assert result.at == local(WANTED, 9).astimezone(timezone.utc) and not result.moved
    assert plan(preferred=time(14, 0)).at == local(WANTED, 14).astimezone(timezone.utc)


def test_an_existing_plan_for_the_customer_stands():
    existing = local(date(2026, 3, 6), 10)
    result = plan(customer=[existing])
    assert result.at is None and result.existing == existing
    stale = local(date(2026, 2, 20), 10)  # missed last month: no longer a plan that covers it
    assert plan(customer=[stale]).at is not None


def test_weekends_move_to_monday():
    result = plan(wanted=date(2026, 3, 7))  # a Saturday
    assert result.at == local(WANTED, 9).astimezone(timezone.utc) and result.moved


def test_taken_slots_and_full_days_are_skipped():
    morning = [local(WANTED, 9), local(WANTED, 10, 30)]
    assert plan(rep=morning).at == local(WANTED, 11, 30).astimezone(timezone.utc)
    full = [local(WANTED, 9 + i) for i in range(8)]
    result = plan(rep=full)
    assert result.at == local(date(2026, 3, 10), 9).astimezone(timezone.utc) and result.moved
    two_a_day = WorkingPattern(max_per_day=2)
    assert plan(rep=morning, pattern=two_a_day).at == local(date(2026, 3, 10), 9).astimezone(timezone.utc)


def test_never_today_or_in_the_past_and_none_when_nothing_is_free():
    assert plan(wanted=TODAY).at == local(date(2026, 3, 3), 9).astimezone(timezone.utc)
    nothing = WorkingPattern(weekdays=frozenset())
    assert plan(pattern=nothing).at is None
