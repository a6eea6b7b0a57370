"""Today's route: planned visits by time, and nearby stops next to each other.

Pure functions (no Qt, no SQL) so the order can be tested by hand-worked cases.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
EARTH_KM = 6371.0


def distance_km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    """Great-circle distance between two (latitude, longitude) points; None if one is unknown."""
    if a is None or b is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def point(row: Any) -> tuple[float, float] | None:
    lat, lon = row["latitude"], row["longitude"]
    if lat is None or lon is None:
        return None
    return float(lat), float(lon)


def nearest_first(
    stops: Sequence[T], start: tuple[float, float] | None, where: Callable[[T], tuple[float, float] | None]
) -> list[T]:
    """Greedy nearest-neighbour order from ``start``; stops without coordinates keep their order
    at the end."""
    located = [s for s in stops if where(s) is not None]
    rest = [s for s in stops if where(s) is None]
    out: list[T] = []
    here = start
    while located:
        if here is None:
            nxt = located[0]
        else:
            nxt = min(located, key=lambda s: distance_km(here, where(s)) or 0.0)
        located.remove(nxt)
        out.append(nxt)
        here = where(nxt)
    return out + rest


def route_order(
    visits: Sequence[T],
    planned_at: Callable[[T], Any],
    where: Callable[[T], tuple[float, float] | None],
    start: tuple[float, float] | None = None,
) -> list[T]:
    """Planned visits by planned time; visits planned for the same time (or none) go nearest first."""
    groups: dict[Any, list[T]] = {}
    for v in visits:
        groups.setdefault(planned_at(v), []).append(v)
    keys = sorted(groups, key=lambda k: (k is None, k))
    out: list[T] = []
    here = start
    for key in keys:
        ordered = nearest_first(groups[key], here, where)
        out += ordered
        located = [where(v) for v in ordered if where(v) is not None]
        if located:
            here = located[-1]
    return out


def legs(
    stops: Sequence[T],
    where: Callable[[T], tuple[float, float] | None],
    start: tuple[float, float] | None = None,
) -> list[float | None]:
    """Distance from the previous stop (from ``start`` for the first), per stop."""
    out: list[float | None] = []
    here = start
    for s in stops:
        p = where(s)
        out.append(distance_km(here, p))
        if p is not None:
            here = p
    return out
