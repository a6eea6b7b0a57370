"""Admission: how many requests may work with the database at once.

FastAPI runs a sync dependency and the sync endpoint in separate worker-thread hops. A
request that has taken a connection in one hop (``current_user``) then waits for a thread
for the next hop, while threads are held by requests waiting for a connection: under a
storm of clients the two pools wait on each other until the pool times out (measured with
``bench.bench_load``: p95 of 30 s at 200 clients). So requests queue *here*, on the event
loop, holding neither a thread nor a connection, and only as many go on as the pool can
serve even if each uses two connections (a route may open its own short session next to
the injected one).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from fastapi import Request

from server import metrics

#: Connections one admitted request may hold at once (the injected session plus one more).
CONNECTIONS_PER_REQUEST = 2
#: Kept free for the background jobs (SLA escalation, classification runs).
RESERVED_CONNECTIONS = 2


def slots_for(pool_capacity: int) -> int:
    return max(1, (pool_capacity - RESERVED_CONNECTIONS) // CONNECTIONS_PER_REQUEST)


class Admission:
    """One counting gate per event loop (a test server may be restarted on a new loop)."""

    def __init__(self, slots: int):
        self.slots = slots
        self._gates: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}

    def gate(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        gate = self._gates.get(loop)
        if gate is None:
            self._gates = {lp: g for lp, g in self._gates.items() if not lp.is_closed()}
            gate = self._gates[loop] = asyncio.Semaphore(self.slots)
        return gate


async def admitted(request: Request) -> AsyncIterator[None]:
    """App-wide dependency: wait for a slot before any thread hop or connection is taken."""
    metrics.ADMISSION_WAITING.inc()
    try:
        gate = request.app.state.admission.gate()
        await gate.acquire()
    finally:
        metrics.ADMISSION_WAITING.dec()
    metrics.ADMISSION_ACTIVE.inc()
    try:
        yield
    finally:
        metrics.ADMISSION_ACTIVE.dec()
        gate.release()
