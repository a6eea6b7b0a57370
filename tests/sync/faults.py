"""A transport that fails where networks fail, for fault-injection tests and the soak script.

Faults: the connection drops before the request reaches the server (nothing committed),
the response is lost after the server committed, or the request is replayed (a retry
after a timeout that had in fact succeeded).
"""

from __future__ import annotations

import random

from sync.transport import Transport, Unreachable

BEFORE, AFTER, REPLAY = "before", "after", "replay"


class FaultyTransport(Transport):
    def __init__(self, base_url: str, rng: random.Random, rate: float = 0.3):
        super().__init__(base_url)
        self.rng = rng
        self.rate = rate
        self.enabled = True
        self.injected: list[tuple[str, str]] = []

    def request(self, method, path, body, token, **kw):
        fault = None
        if self.enabled and path.startswith("/sync/") and self.rng.random() < self.rate:
            fault = self.rng.choice((BEFORE, AFTER, REPLAY))
            self.injected.append((fault, path))
        if fault == BEFORE:
            raise Unreachable("injected: connection lost before the server saw the request")
        result = super().request(method, path, body, token, **kw)
        if fault == AFTER:
            raise Unreachable("injected: response lost after the server committed")
        if fault == REPLAY:
            result = super().request(method, path, body, token, **kw)
        return result
