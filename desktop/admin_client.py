"""The administration screens' line to the server.

Admin work happens online, on the server's API: ``AdminClient`` runs each call as a job on
the application's one ``TaskRunner`` (results and errors come back on the UI thread), with
the session of the signed-in user — the access token the sync engine keeps in the OS
keyring, refreshed once when it has expired. The engine's own HTTP session stays with the
sync worker: each worker thread here has its own ``Transport`` to the same server, so an
admin call never shares a connection with a running sync.

It also writes exports (CSV or Excel) of any list the screens show, and reads files to
import, both on the runner.

``install(app)`` gives every main window of a ``DesktopApp`` the client
(``window.set_admin_client``); windows without an administration area ignore it.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from sync.transport import Transport, Unreachable
from ui.support.tasks import Task, TaskContext, TaskRunner

EngineProvider = Callable[[], Any]  # → a SyncEngine (server_url, username, credentials), or None


class NotConnected(Unreachable):
    """No server session on this computer yet (not logged in, or the demo is still starting)."""


_local = threading.local()


def _transport(server_url: str) -> Transport:
    """This thread's own HTTP session to the server."""
    cache: dict[str, Transport] = getattr(_local, "transports", None) or {}
    _local.transports = cache
    if server_url not in cache:
        cache[server_url] = Transport(server_url, timeout=120)
    return cache[server_url]


def call(engine, method: str, path: str, body: dict | None = None) -> dict:
    """One authenticated request with the engine's session, on this thread's own HTTP
    session (``SyncEngine.request``: an expired token is refreshed once)."""
    return engine.request(method, path, body, transport=_transport(engine.server_url))


class AdminClient(QObject):
    """Admin API calls on the task runner. ``connectionChanged(ok, error)`` after each call."""

    connectionChanged = Signal(bool, object)  # reachable?, the exception when not

    def __init__(self, runner: TaskRunner, engine: EngineProvider, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self._engine = engine
        self.online: bool | None = None

    def engine(self):
        engine = self._engine()
        if engine is None:
            raise NotConnected("Not connected to a server yet.")
        return engine

    def request(
        self,
        method: str,
        path: str,
        body: dict | None = None,
        *,
        name: str = "admin",
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        prepare: Callable[[TaskContext], dict | None] | None = None,
    ) -> Task:
        """Run ``method path`` in the background; ``prepare`` may build the body there (e.g. read a file)."""

        def job(ctx: TaskContext) -> Any:
            payload = prepare(ctx) if prepare is not None else body
            return call(self.engine(), method, path, payload)

        def ok(result: Any) -> None:
            self._status(True, None)
            if on_result is not None:
                on_result(result)

        def failed(exc: BaseException) -> None:
            self._status(not isinstance(exc, Unreachable), exc)
            if on_error is not None:
                on_error(exc)

        return self.runner.submit(job, name=name, on_result=ok, on_error=failed)

    def get(self, path: str, **kw) -> Task:
        return self.request("GET", path, None, **kw)

    def post(self, path: str, body: dict | None = None, **kw) -> Task:
        return self.request("POST", path, body or {}, **kw)

    def put(self, path: str, body: dict, **kw) -> Task:
        return self.request("PUT", path, body, **kw)

    def patch(self, path: str, body: dict, **kw) -> Task:
        return self.request("PATCH", path, body, **kw)

    def delete(self, path: str, **kw) -> Task:
        return self.request("DELETE", path, None, **kw)

    def _status(self, online: bool, exc: BaseException | None) -> None:
        self.online = online
        self.connectionChanged.emit(online, exc)

    # -- files ---------------------------------------------------------------------------

    def upload(self, method: str, path: str, file_path: str | Path, body: dict, **kw) -> Task:
        """Send a file (base64 in the JSON body, ``filename`` and ``content``), read on the runner."""
        file_path = Path(file_path)

        def prepare(_ctx: TaskContext) -> dict:
            content = file_path.read_bytes()
            return {**body, "filename": file_path.name, "content": base64.b64encode(content).decode("ascii")}

        return self.request(method, path, None, prepare=prepare, **kw)


def install(app) -> AdminClient:
    """Give the app's main windows (now and after every rebuild) an admin client."""

    def engine():
        controller = app.controller
        return controller.engine() if controller is not None and controller.profile.server_url else None

    client = AdminClient(app.runner, engine, app)

    def attach(window) -> None:
        setter = getattr(window, "set_admin_client", None)
        if setter is not None:
            setter(client)

    app.windowChanged.connect(attach)
    if app.window is not None:
        attach(app.window)
    app.admin_client = client
    return client
