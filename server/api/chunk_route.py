"""The laptop's hot upload request, ``PUT /blobs/{sha256}/chunks/{offset}``, without FastAPI's
routing.

A photo is one such request, and FastAPI spends more on one (matching the path against
every route, building and solving the dependencies, the exception and exit-stack
middleware) than the server spends on the chunk's bookkeeping. This ASGI middleware takes
a well-formed chunk PUT straight to ``blob_routes.receive_chunk`` after the route's own
checks (the protocol, the bearer token), and takes the admission gate only around its two
database hops, not while the body arrives: a laptop stalled mid-body holds no slot that
every push and pull queues for. Errors go through the app's own exception handlers, so the
answers and their codes are the route's; anything it does not recognise (a malformed hash
or offset, another method) goes on to FastAPI, whose route answers as before (and holds
the gate throughout, like any route).
"""

from __future__ import annotations

import re
from contextlib import asynccontextmanager

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from server.api import blob_routes
from server.api.admission import admitted
from server.api.deps import _bearer, access_token, check_versions
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER

_PATH = re.compile(rf"{re.escape(API_PREFIX)}/blobs/([0-9a-f]{{64}})/chunks/([0-9]{{1,13}})")
_admitted = asynccontextmanager(admitted)


class ChunkRoute:
    """Pure ASGI middleware, inside ``RequestContext`` (request id, metrics, access log)."""

    def __init__(self, app: ASGIApp):
        self.app = app
        # The route's object, for the metrics' label (its template), as if FastAPI had matched it.
        self._route = next(
            r for r in blob_routes.router.routes if getattr(r, "endpoint", None) is blob_routes.put_chunk
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = (
            _PATH.fullmatch(scope["path"]) if scope["type"] == "http" and scope["method"] == "PUT" else None
        )
        if match is None or int(match[2]) > blob_routes.MAX_OFFSET:
            return await self.app(scope, receive, send)
        app = scope["app"]
        scope["route"] = self._route
        request = Request(scope, receive)
        try:
            headers = request.headers
            await check_versions(headers.get(PROTOCOL_HEADER), headers.get(SCHEMA_HEADER))
            token = await access_token(await _bearer(request))
            # The admission gate is taken by receive_chunk around each database hop only: a
            # laptop stalled mid-body must not hold a slot every push and pull queues for.
            response = await blob_routes.receive_chunk(
                request, app.state.store, app.state.blobs, token, match[1], int(match[2]), gate=_admitted
            )
        except Exception as exc:
            handler = _handler(app, exc)
            if handler is None:
                raise  # as from the route: the server's error middleware answers it
            response = await handler(request, exc)
        await response(scope, receive, send)


def _handler(app, exc: Exception):
    for cls in type(exc).__mro__:
        if cls in app.exception_handlers and cls is not Exception:
            return app.exception_handlers[cls]
    return None
