"""The FastAPI application. Stateless: everything a request needs is in the database."""

from __future__ import annotations

from fastapi import Depends, FastAPI

from server.api import (
    admin_routes,
    auth_routes,
    catalog_routes,
    classify_routes,
    errors,
    import_routes,
    settings_routes,
    sync_routes,
)
from server.api.admission import Admission, admitted, slots_for
from server.store.db import Store
from sync.contract import API_PREFIX, PROTOCOL_VERSION, SCHEMA_VERSION


def create_app(store: Store) -> FastAPI:
    app = FastAPI(
        title="Fieldsales server",
        version="0.1.0",
        description="Central server of Fieldsales (外勤销售): authentication, the sync feed, administration.",
        dependencies=[Depends(admitted, scope="function")],
    )
    app.state.store = store
    app.state.admission = Admission(slots_for(store.pool_capacity))
    errors.install(app)
    app.include_router(auth_routes.router, prefix=API_PREFIX)
    app.include_router(sync_routes.router, prefix=API_PREFIX)
    app.include_router(admin_routes.router, prefix=API_PREFIX)
    app.include_router(catalog_routes.router, prefix=API_PREFIX)
    app.include_router(import_routes.router, prefix=API_PREFIX)
    app.include_router(classify_routes.admin_router, prefix=API_PREFIX)
    app.include_router(classify_routes.router, prefix=API_PREFIX)
    app.include_router(settings_routes.router, prefix=API_PREFIX)

    @app.get("/health", tags=["meta"])
    def health() -> dict:
        return {"status": "ok", "protocol": PROTOCOL_VERSION, "schema": SCHEMA_VERSION}

    return app
