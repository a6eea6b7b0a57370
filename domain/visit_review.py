"""Visit-log review (稽查): what makes a submitted visit log worth a second look.

A log stands out when it was too short, has no notes, was checked in far from the
customer's recorded coordinates, or reached the server long after the visit ended. Where
each exception starts is an admin setting (:class:`ReviewThresholds`, synced to every
laptop as the organisation setting :data:`SETTING_KEY`); the defaults below apply until an
admin changes them.

Pure rules: no Qt, SQL or HTTP. The laptop's review queue runs :func:`visit_flags` inside
SQLite (``local_db.review`` registers it as a SQL function), so filtering and sorting by
exception never re-implement a rule.

Distances are geometry on floats (degrees, radians, kilometres): no money or counts are
involved, and the result is only compared with a threshold and shown to one decimal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from enum import IntFlag
from typing import Any

from domain.enums import VisitChannel
from domain.errors import InvalidValue

#: The organisation setting (``org_setting.key``) that holds the thresholds.
SETTING_KEY = "visit_review"


class VisitFlag(IntFlag):
    """Why a submitted visit log stands out; a log may have several."""

    NONE = 0
    SHORT = 1  # checked out soon after checking in
    NO_NOTES = 2  # nothing written about the visit
    FAR = 4  # checked in far from the customer's recorded coordinates
    LATE = 8  # reached the server long after the visit ended


# Limits of what an admin may configure (anything outside is a typing mistake).
MAX_MIN_MINUTES = 24 * 60
MAX_DISTANCE_KM = 1000
MAX_DELAY_HOURS = 24 * 366


@dataclass(frozen=True)
class ReviewThresholds:
    """Where an exception starts (defaults in docs/DOMAIN.md; an admin changes them)."""

    min_minutes: int = 10
    max_distance_km: float = 1.0
    max_delay_hours: int = 48
    # A five-minute phone call is normal; a five-minute visit on site is not. Set to False
    # to flag short phone and video visits too.
    short_in_person_only: bool = True


DEFAULT_THRESHOLDS = ReviewThresholds()


def thresholds_to_json(t: ReviewThresholds) -> dict[str, Any]:
    """The stored (and API) form; the distance as a decimal string, exact."""
    data = asdict(t)
    data["max_distance_km"] = str(Decimal(str(t.max_distance_km)).normalize())
    return data


def thresholds_from_json(data: Mapping[str, Any]) -> ReviewThresholds:
    """Read stored thresholds; a missing entry keeps its default, a bad one raises
    :class:`InvalidValue` with a readable message."""
    if not isinstance(data, Mapping):
        raise InvalidValue("The visit review thresholds must be an object.")
    d = DEFAULT_THRESHOLDS

    def whole(name: str, default: int, low: int, high: int) -> int:
        value = data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidValue(f"{name} must be a whole number from {low} to {high}.", field=name)
        return value

    try:
        km = Decimal(str(data.get("max_distance_km", d.max_distance_km)))
    except InvalidOperation:
        raise InvalidValue("max_distance_km must be a number.", field="max_distance_km") from None
    if not km.is_finite() or not 0 < km <= MAX_DISTANCE_KM:
        raise InvalidValue(
            f"max_distance_km must be above 0 and at most {MAX_DISTANCE_KM}.", field="max_distance_km"
        )
    in_person = data.get("short_in_person_only", d.short_in_person_only)
    if not isinstance(in_person, bool):
        raise InvalidValue("short_in_person_only must be true or false.", field="short_in_person_only")
    return ReviewThresholds(
        min_minutes=whole("min_minutes", d.min_minutes, 0, MAX_MIN_MINUTES),
        max_distance_km=float(km),
        max_delay_hours=whole("max_delay_hours", d.max_delay_hours, 1, MAX_DELAY_HOURS),
        short_in_person_only=in_person,
    )


@dataclass(frozen=True)
class VisitException:
    """One exception with the measured value that triggered it (for the reason shown)."""

    flag: VisitFlag
    minutes: int | None = None  # SHORT: the visit's length
    km: float | None = None  # FAR: distance between check-in and customer
    hours: int | None = None  # LATE: hours between check-out and arrival at the server


EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def haversine_km(lat1: object, lon1: object, lat2: object, lon2: object) -> float:
    """Great-circle distance in km between two WGS-84 points (decimal degrees)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))  # type: ignore[arg-type]
    dp = p2 - p1
    dl = math.radians(float(lon2) - float(lon1))  # type: ignore[arg-type]
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _instant(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(Decimal(str(value)))
    except ArithmeticError:
        return None


def visit_exceptions(
    *,
    check_in_at: object,
    check_out_at: object,
    server_received_at: object = None,
    notes: str | None = None,
    latitude: object = None,
    longitude: object = None,
    customer_latitude: object = None,
    customer_longitude: object = None,
    channel: str | None = None,
    thresholds: ReviewThresholds = DEFAULT_THRESHOLDS,
) -> list[VisitException]:
    """The exceptions of one visit log, in a fixed order (short, notes, far, late).

    * **short** — check-out minus check-in under ``min_minutes`` (in-person visits, or
      every channel when ``short_in_person_only`` is off); needs both times;
    * **no notes** — the notes are empty or blank;
    * **far** — check-in location more than ``max_distance_km`` (haversine) from the
      customer's coordinates; only when *both* exist;
    * **late** — the server received the log more than ``max_delay_hours`` after the
      check-out; a log not yet synced (no receive time) is not judged.

    Datetimes may be aware ``datetime`` objects or the stored ISO text; coordinates
    Decimals, floats or text.
    """
    found: list[VisitException] = []
    start, end = _instant(check_in_at), _instant(check_out_at)
    remote = channel in (VisitChannel.PHONE.value, VisitChannel.VIDEO.value)
    if start and end and not (remote and thresholds.short_in_person_only):
        minutes = (end - start).total_seconds() / 60
        if minutes < thresholds.min_minutes:
            found.append(VisitException(VisitFlag.SHORT, minutes=max(0, int(minutes))))
    if not (notes or "").strip():
        found.append(VisitException(VisitFlag.NO_NOTES))
    points = [_number(v) for v in (latitude, longitude, customer_latitude, customer_longitude)]
    if all(p is not None for p in points):
        km = haversine_km(*points)
        if km > thresholds.max_distance_km:
            found.append(VisitException(VisitFlag.FAR, km=round(km, 1)))
    received = _instant(server_received_at)
    if end and received:
        hours = (received - end).total_seconds() / 3600
        if hours > thresholds.max_delay_hours:
            found.append(VisitException(VisitFlag.LATE, hours=int(hours)))
    return found


def short_visit(
    check_in_at: object,
    check_out_at: object,
    channel: str | None,
    thresholds: ReviewThresholds = DEFAULT_THRESHOLDS,
) -> VisitException | None:
    """The "too short" exception a check-out at ``check_out_at`` would get, if any: the same
    rule as the review queue's, so the rep is warned exactly when the supervisor would be."""
    found = visit_exceptions(
        check_in_at=check_in_at, check_out_at=check_out_at, notes="x", channel=channel, thresholds=thresholds
    )
    return next((e for e in found if e.flag is VisitFlag.SHORT), None)


def visit_flags(thresholds: ReviewThresholds = DEFAULT_THRESHOLDS, **visit: object) -> VisitFlag:
    """The exceptions of :func:`visit_exceptions` as one set of flags."""
    flags = VisitFlag.NONE
    for exc in visit_exceptions(thresholds=thresholds, **visit):  # type: ignore[arg-type]
        flags |= exc.flag
    return flags
