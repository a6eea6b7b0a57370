"""Timezone-aware UTC instants.

Domain rules compare instants recorded on different machines (a laptop offline in a
car, the server). Naive datetimes have no defined instant, so they are refused; aware
ones are converted to UTC so comparisons and arithmetic never mix zones.
"""

from __future__ import annotations

from datetime import datetime, timezone

from domain.errors import InvalidValue


def ensure_utc(value: datetime, label: str = "time") -> datetime:
    """Return ``value`` converted to UTC; refuse naive datetimes with a readable error."""
    if not isinstance(value, datetime):
        raise InvalidValue(f"The {label} must be a date and time, not {type(value).__name__}.", field=label)
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValue(
            f"The {label} {value.isoformat()} has no time zone; times must be timezone-aware (UTC).",
            code="naive_datetime",
            field=label,
        )
    return value.astimezone(timezone.utc)


def optional_utc(value: datetime | None, label: str = "time") -> datetime | None:
    """Like :func:`ensure_utc` but passes ``None`` through (a step not done yet)."""
    return None if value is None else ensure_utc(value, label)
