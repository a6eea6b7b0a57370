"""Operations endpoints for load balancers and monitoring: /health, /ready, /metrics.

They are outside the admission gate (a health check must not queue behind a storm of
syncs) and answer 200 or 503, never 500: a probe that cannot tell is "not ready".
"""

from __future__ import annotations

import logging
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text

from server import metrics
from server.api.errors import error_response
from sync.contract import PROTOCOL_VERSION, SCHEMA_VERSION

log = logging.getLogger(__name__)
router = APIRouter(tags=["meta"])


@lru_cache(maxsize=1)
def _head() -> str | None:
    from server.store.migrate import head_revision

    return head_revision()


@router.get("/health")
async def health() -> dict:
    """The process is alive and answering (no database work: restart it when this fails)."""
    return {"status": "ok", "protocol": PROTOCOL_VERSION, "schema": SCHEMA_VERSION}


def _check_ready(request: Request) -> JSONResponse:
    store = request.app.state.store
    try:
        with store.autocommit.connect() as conn:
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception as exc:  # noqa: BLE001 - any failure to reach the database means "not ready"
        log.warning("readiness: database unreachable: %s", type(exc).__name__)
        return error_response(
            503, "database_unavailable", "The database cannot be reached.", headers={"Retry-After": "5"}
        )
    head = _head()
    if current != head:
        return error_response(
            503,
            "migrations_pending",
            f"The database is at migration {current or 'none'}, this server needs {head}: "
            "run `fieldsales-server init` before starting the new version.",
            headers={"Retry-After": "30"},
        )
    return JSONResponse({"status": "ready", "migration": current})


@router.get("/ready", responses={503: {}})
def ready(request: Request) -> JSONResponse:
    """The database is reachable and its migrations are the ones this server needs."""
    return _check_ready(request)


@router.get("/metrics", response_class=Response)
def prometheus_metrics() -> Response:
    """Prometheus text exposition (all worker processes of this server when several run)."""
    try:
        body, content_type = metrics.render()
    except Exception:  # noqa: BLE001 - a broken metrics file must not turn into a 500
        log.exception("metrics could not be collected")
        return error_response(503, "metrics_unavailable", "Metrics cannot be collected right now.")
    return Response(body, media_type=content_type)
