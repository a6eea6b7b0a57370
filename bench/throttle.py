"""A slow link on loopback: a TCP proxy with a bandwidth limit and a delay each way.

    link = ThrottledLink(upstream_port, rate_bits=4_000_000, delay_s=0.05).start()
    ... talk to f"http://127.0.0.1:{link.port}" ...
    link.drop()      # the link goes down: open connections are cut, new ones refused
    link.restore()   # and comes back

Each direction is paced on its own (a 4 Mbit/s link in both directions) and every chunk
is delivered ``delay_s`` after it arrived (so the round trip is twice that). Bytes are
counted per direction, as they crossed the link.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import deque


class _Pipe:
    """One direction of one connection: read, hold for the delay, send at the rate."""

    def __init__(self, link: ThrottledLink, src: socket.socket, dst: socket.socket, direction: str):
        self.link, self.src, self.dst, self.direction = link, src, dst, direction
        self.queue: deque[tuple[float, bytes]] = deque()
        self.ready = threading.Condition()
        self.closed = False

    def start(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._send, daemon=True).start()

    def _read(self) -> None:
        try:
            while True:
                chunk = self.src.recv(65536)
                if not chunk:
                    break
                with self.ready:
                    self.queue.append((time.monotonic() + self.link.delay_s, chunk))
                    self.ready.notify()
        except OSError:
            pass
        with self.ready:
            self.closed = True
            self.ready.notify()

    def _send(self) -> None:
        free_at = 0.0  # when the link has finished sending what it was given
        try:
            while True:
                with self.ready:
                    while not self.queue and not self.closed:
                        self.ready.wait()
                    if not self.queue:
                        break
                    due, chunk = self.queue.popleft()
                for i in range(0, len(chunk), 1460):
                    piece = chunk[i : i + 1460]
                    start = max(due, free_at, time.monotonic())
                    free_at = start + len(piece) * 8 / self.link.rate_bits
                    pause = free_at - time.monotonic()
                    if pause > 0:
                        time.sleep(pause)
                    self.dst.sendall(piece)
                    self.link.count(self.direction, len(piece))
            self.dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


class ThrottledLink:
    def __init__(
        self,
        upstream_port: int,
        rate_bits: float = 4_000_000,
        delay_s: float = 0.05,
        upstream_host: str = "127.0.0.1",
    ):
        self.upstream = (upstream_host, upstream_port)
        self.rate_bits, self.delay_s = rate_bits, delay_s
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.bytes = {"down": 0, "up": 0}
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def count(self, direction: str, n: int) -> None:
        with self._lock:
            self.bytes[direction] += n

    def start(self) -> ThrottledLink:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            server = socket.create_connection(self.upstream)
            for s in (client, server):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._open += [client, server]
            _Pipe(self, client, server, "up").start()
            _Pipe(self, server, client, "down").start()

    def drop(self) -> None:
        """The link goes down: every open connection is cut, new ones are refused."""
        self.up = False
        with self._lock:
            cut, self._open = self._open, []
        for s in cut:
            try:
                s.shutdown(socket.SHUT_RDWR)  # wakes the pipes' threads blocked on it
                s.close()
            except OSError:
                pass

    def restore(self) -> None:
        self.up = True

    def stop(self) -> None:
        self.drop()
        self.listener.close()
