"""The FastAPI application. Stateless: everything a request needs is in the database."""

from __future__ import annotations

import os

from fastapi import Depends, FastAPI

from server import metrics
from server.api import (
    admin_routes,
    auth_routes,
    blob_routes,
    catalog_routes,
    classify_routes,
    errors,
    import_routes,
    ops_routes,
    settings_routes,
    sync_routes,
)
from server.api.admission import Admission, admitted, slots_for
from server.api.chunk_route import ChunkRoute
from server.blobs import BlobStore, FileSystemBlobStore, default_blob_dir
from server.observe import RequestContext
from server.store.db import Store
from sync.contract import API_PREFIX


def create_app(store: Store, blobs: BlobStore | None = None) -> FastAPI:
    app = FastAPI(
        title="Fieldsales server",
        version="0.1.0",
        description="Central server of Fieldsales (外勤销售): authentication, the sync feed, administration.",
    )
    app.state.store = store
    app.state.blobs = blobs or FileSystemBlobStore(default_blob_dir(store.engine.url))
    slots = slots_for(store.pool_capacity)
    app.state.admission = Admission(slots)
    metrics.watch_pool(store.engine, store.pool_capacity)
    metrics.ADMISSION_SLOTS.inc(slots)
    errors.install(app)
    app.add_middleware(ChunkRoute)  # inside RequestContext (added last: the outer one)
    app.add_middleware(RequestContext)
    # The API queues at the admission gate; the operations endpoints never do.
    gated = [Depends(admitted, scope="function")]
    for router in (
        auth_routes.router,
        sync_routes.router,
        admin_routes.router,
        catalog_routes.router,
        import_routes.router,
        classify_routes.admin_router,
        classify_routes.router,
        settings_routes.router,
        blob_routes.router,
    ):
        app.include_router(router, prefix=API_PREFIX, dependencies=gated)
        _name_templates(router, API_PREFIX)
    app.include_router(ops_routes.router)
    return app


def _name_templates(router, prefix: str) -> None:
    """The full route template for the metrics (the route object a request matched may be
    the router's own, which knows only the path below the prefix)."""
    for route in router.routes:
        path = getattr(route, "path", None)
        if path is not None:
            route.metrics_template = prefix + path


def app_from_environment() -> FastAPI:
    """The app of a worker process started by ``serve --workers N`` (uvicorn imports this)."""
    from server.config import database_url

    return create_app(Store.from_url(database_url(os.environ.get("FIELDSALES_DATABASE_URL"))))
