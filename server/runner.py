"""Run the server in a background thread on a loopback port (embedded demo and tests)."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn

from server.app import create_app
from server.store.db import Store


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class ServerThread:
    def __init__(
        self,
        store: Store,
        host: str = "127.0.0.1",
        port: int | None = None,
        log_level: str = "warning",
        ssl_certfile: str | None = None,
        ssl_keyfile: str | None = None,
    ):
        self.store = store
        self.host = host
        self.port = port or free_port(host)
        self.scheme = "https" if ssl_certfile else "http"
        config = uvicorn.Config(
            create_app(store),
            host=host,
            port=self.port,
            log_level=log_level,
            lifespan="off",
            timeout_graceful_shutdown=2,
            ssl_certfile=ssl_certfile,
            ssl_keyfile=ssl_keyfile,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, name=f"fieldsales-server:{self.port}", daemon=True
        )

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def start(self, timeout: float = 15.0) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start on {self.url}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
