"""Waiting in the event loop for background work to come back, for scripts that drive the
real window (the screenshots): the window keeps working while they wait."""

from __future__ import annotations

import time
from collections.abc import Callable


def settle_until(
    settle: Callable[[int], None], done: Callable[[], bool], timeout_s: float = 10, step_ms: int = 50
) -> bool:
    """Run ``settle(step_ms)`` (a nested event loop for that long) until ``done()`` or
    ``timeout_s`` has passed; whether it is done."""
    deadline = time.monotonic() + timeout_s
    while not done() and time.monotonic() < deadline:
        settle(step_ms)
    return done()
