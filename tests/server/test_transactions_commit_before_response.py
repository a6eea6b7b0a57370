"""Every request's transaction commits before its response is sent.

FastAPI runs the exit code of a ``yield`` dependency after the response by default; for
the session dependency that would mean a client could be told "applied" for a push whose
commit then fails — and drop its outbox entry. So every use of ``get_session`` must be
function-scoped.
"""

from __future__ import annotations

from server.api.deps import get_session
from server.app import create_app
from server.store.db import Store


def _walk(dependant, path):
    for dep in dependant.dependencies:
        if dep.call is get_session:
            yield path, dep
        yield from _walk(dep, path)


def _routes(routes):
    for route in routes:
        inner = getattr(route, "original_router", None)  # an included router
        if inner is not None:
            yield from _routes(inner.routes)
        else:
            yield route


def test_every_session_dependency_is_function_scoped(tmp_path):
    app = create_app(Store.from_url(f"sqlite:///{tmp_path}/x.sqlite3"))
    found = 0
    for route in _routes(app.routes):
        dependant = getattr(route, "dependant", None)
        if dependant is None:
            continue
        for path, dep in _walk(dependant, route.path):
            found += 1
            assert dep.scope == "function", f"{path}: session dependency is not function-scoped"
    assert found > 5
