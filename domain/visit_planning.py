"""When the automatic follow-up visit goes into the rep's plan.

At check-out the rep sets a next visit date; the laptop plans that visit. The rule:

* **No double booking.** If the rep already has a visit planned for the customer from
  today on, nothing new is booked: the existing plan stands (the rep moves it if they want).
* **Working days and hours.** The visit lands on a working day (Monday–Friday by default),
  at a slot inside working hours (09:00–18:00 local, one-hour visits on the half hour), never
  at the check-in's time of day carried over into the evening.
* **The day's load.** A day with ``max_per_day`` visits planned is full, and a slot that
  overlaps one of the rep's planned visits is taken; the visit moves to the next free slot,
  the next working day if need be (within ``search_days``).

Pure: no Qt, SQL or HTTP. Instants are aware datetimes; ``tz`` is the rep's zone (where
working hours are counted); results are aware UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo


@dataclass(frozen=True)
class WorkingPattern:
    """A rep's working week as the planner sees it (docs/DOMAIN.md, Visits: the follow-up visit)."""

    start: time = time(9, 0)
    end: time = time(18, 0)  # the last visit ends by then
    weekdays: frozenset[int] = frozenset(range(5))  # Monday = 0
    visit_minutes: int = 60
    step_minutes: int = 30  # slots start on the half hour
    max_per_day: int = 8
    search_days: int = 21  # how far past the wanted day a free slot is looked for


DEFAULT_PATTERN = WorkingPattern()


@dataclass(frozen=True)
class NextVisit:
    """The outcome: a time to book (``at``), or the plan that already covers the customer."""

    at: datetime | None  # aware UTC; None when nothing is to be booked
    existing: datetime | None = None  # the customer's plan that stands instead (aware)
    moved: bool = False  # the wanted day was not possible (weekend, full): a later one was taken


def _slots(day: date, pattern: WorkingPattern, tz: tzinfo) -> Iterable[datetime]:
    at = datetime.combine(day, pattern.start, tz)
    last = datetime.combine(day, pattern.end, tz) - timedelta(minutes=pattern.visit_minutes)
    while at <= last:
        yield at
        at += timedelta(minutes=pattern.step_minutes)


def plan_next_visit(
    wanted: date,
    *,
    customer_plans: Iterable[datetime],
    rep_plans: Iterable[datetime],
    tz: tzinfo,
    today: date,
    pattern: WorkingPattern = DEFAULT_PATTERN,
    preferred: time | None = None,
) -> NextVisit:
    """When to book the follow-up visit wanted on ``wanted``.

    ``customer_plans``: the rep's planned (not yet done) visits for this customer;
    ``rep_plans``: all of the rep's planned visits (any customer) around the wanted day.
    ``preferred``: a time of day to try first (e.g. the visit's own, when it was within
    working hours); slots before it on the day are used only after those from it on.
    """
    standing = sorted(p for p in customer_plans if p.astimezone(tz).date() >= today)
    if standing:
        return NextVisit(None, existing=standing[0])
    length = timedelta(minutes=pattern.visit_minutes)
    booked = sorted(p.astimezone(tz) for p in rep_plans)
    day = max(wanted, today + timedelta(days=1))
    for offset in range(pattern.search_days + 1):
        candidate = day + timedelta(days=offset)
        if candidate.weekday() not in pattern.weekdays:
            continue
        that_day = [b for b in booked if b.date() == candidate]
        if len(that_day) >= pattern.max_per_day:
            continue
        slots = list(_slots(candidate, pattern, tz))
        if preferred is not None:
            slots = [s for s in slots if s.time() >= preferred] + [s for s in slots if s.time() < preferred]
        for slot in slots:
            if all(slot + length <= b or b + length <= slot for b in that_day):
                return NextVisit(slot.astimezone(timezone.utc), moved=candidate != wanted)
    return NextVisit(None)
