"""Reporting periods: a month, a quarter, or any inclusive range of calendar dates.

KPIs and reports are "per period". Dates are inclusive at both ends because that is how
people say it ("1 March to 31 March"). Instants (visit check-outs, complaint times) are
mapped to a calendar date in a given time zone — UTC unless the caller passes the
business time zone (e.g. ``ZoneInfo("Asia/Shanghai")``), so a visit at 07:00 Beijing
time on 1 April is not counted in March.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from domain.errors import InvalidValue

#: Monday=0 … Sunday=6 (``date.weekday()``); the default working week is Monday–Friday.
DEFAULT_WORKING_WEEKDAYS: frozenset[int] = frozenset({0, 1, 2, 3, 4})


@dataclass(frozen=True)
class Period:
    """An inclusive range of calendar dates ``start``…``end``."""

    start: date
    end: date

    def __post_init__(self) -> None:
        for label, value in (("start", self.start), ("end", self.end)):
            if not isinstance(value, date) or isinstance(value, datetime):
                raise InvalidValue(f"The period {label} must be a calendar date.", field=label)
        if self.end < self.start:
            raise InvalidValue(
                f"The period ends ({self.end}) before it starts ({self.start}).",
                code="period_reversed",
            )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month ``year``-``month`` (e.g. ``Period.month(2026, 3)``)."""
        if not 1 <= month <= 12:
            raise InvalidValue(f"Month {month} is not between 1 and 12.", field="month")
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Calendar quarter 1–4 of ``year`` (Q1 = January–March)."""
        if not 1 <= quarter <= 4:
            raise InvalidValue(f"Quarter {quarter} is not between 1 and 4.", field="quarter")
        first = 3 * (quarter - 1) + 1
        return cls(date(year, first, 1), cls.month(year, first + 2).end)

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year."""
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def custom(cls, start: date, end: date) -> Period:
        """Any inclusive date range (same as ``Period(start, end)``)."""
        return cls(start, end)

    @property
    def days(self) -> int:
        """Number of calendar days, both ends included."""
        return (self.end - self.start).days + 1

    def dates(self) -> Iterable[date]:
        """Every calendar date of the period, in order."""
        for offset in range(self.days):
            yield self.start + timedelta(days=offset)

    def contains(self, day: date) -> bool:
        """Whether the calendar date ``day`` lies in the period (both ends included)."""
        if isinstance(day, datetime):
            return self.contains_instant(day)
        return self.start <= day <= self.end

    def start_instant(self, tz: tzinfo = timezone.utc) -> datetime:
        """The first instant of the period in ``tz`` (midnight starting ``start``)."""
        return datetime.combine(self.start, time.min, tzinfo=tz).astimezone(timezone.utc)

    def end_instant(self, tz: tzinfo = timezone.utc) -> datetime:
        """The instant just after the period in ``tz`` (midnight ending ``end``), exclusive."""
        next_day = self.end + timedelta(days=1)
        return datetime.combine(next_day, time.min, tzinfo=tz).astimezone(timezone.utc)

    def contains_instant(self, moment: datetime, tz: tzinfo = timezone.utc) -> bool:
        """Whether an aware instant falls on one of the period's dates in ``tz``."""
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise InvalidValue(f"The time {moment.isoformat()} has no time zone.", code="naive_datetime")
        return self.start_instant(tz) <= moment < self.end_instant(tz)

    def working_days(
        self,
        weekdays: Iterable[int] = DEFAULT_WORKING_WEEKDAYS,
        holidays: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
    ) -> int:
        """Count working days: ``weekdays`` (Mon=0; default Mon–Fri) minus ``holidays``,
        plus ``extra_working_days`` (China's make-up Saturdays/Sundays, 调休).

        Public holidays are not built in because they change every year; the admin's
        calendar supplies them.
        """
        working = frozenset(weekdays)
        off = frozenset(holidays)
        extra = frozenset(extra_working_days)
        return sum(1 for day in self.dates() if (day.weekday() in working and day not in off) or day in extra)

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def month(year: int, month_number: int) -> Period:
    """Shortcut for :meth:`Period.month`: ``month(2026, 3)`` is March 2026."""
    return Period.month(year, month_number)


def quarter(year: int, quarter_number: int) -> Period:
    """Shortcut for :meth:`Period.quarter`: ``quarter(2026, 1)`` is January–March 2026."""
    return Period.quarter(year, quarter_number)


def custom(start: date, end: date) -> Period:
    """Shortcut for an arbitrary inclusive range."""
    return Period(start, end)


def working_days(
    period: Period,
    weekdays: Iterable[int] = DEFAULT_WORKING_WEEKDAYS,
    holidays: Iterable[date] = (),
    extra_working_days: Iterable[date] = (),
) -> int:
    """Function form of :meth:`Period.working_days`."""
    return period.working_days(weekdays, holidays, extra_working_days)
