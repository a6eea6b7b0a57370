"""A TCP proxy between a laptop and the loopback server, to break or slow the link for real.

``cut_after(n)`` closes every connection once ``n`` more bytes went from the laptop to the
server (mid-request, so the server sees a body that stops); ``rate`` limits that direction
to about that many bytes a second (so a test can stop a process in the middle of an upload).
``sent`` counts the bytes forwarded to the server.
"""

from __future__ import annotations

import socket
import threading
import time


class Proxy:
    PIECE = 64 * 1024

    def __init__(self, target_port: int, host: str = "127.0.0.1"):
        self.target = (host, target_port)
        self.listener = socket.create_server((host, 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        self.sent = 0
        self.rate: float | None = None
        self._budget: int | None = None
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True, name="test-proxy").start()

    def cut_after(self, n: int | None) -> None:
        """Close the connections once ``n`` more bytes went to the server (None: never)."""
        with self._lock:
            self._budget = n

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open |= {client, upstream}
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, to_server: bool) -> None:
        try:
            while True:
                data = source.recv(self.PIECE)
                if not data:
                    break
                if to_server:
                    with self._lock:
                        if self._budget is not None:
                            if len(data) >= self._budget:
                                data, cut = data[: self._budget], True
                            else:
                                cut = False
                            self._budget -= len(data)
                        else:
                            cut = False
                        self.sent += len(data)
                    if data:
                        sink.sendall(data)
                    if cut:
                        self.drop()
                        return
                    if self.rate:
                        time.sleep(len(data) / self.rate)
                else:
                    sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def drop(self) -> None:
        """Close every open connection now."""
        with self._lock:
            sockets, self._open = self._open, set()
            self._budget = None
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def close(self) -> None:
        self._closed = True
        self.listener.close()
        self.drop()
