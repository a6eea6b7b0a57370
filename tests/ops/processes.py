"""Real ``fieldsales-server serve`` processes for the multi-process tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from server.runner import free_port

#: The scheduled jobs (complaint escalation, classification) each checked once as soon as a
#: process starts, and not again within a test: a second run by any process is a double run.
JOBS_ONCE_AT_START = ("--escalate-every", "3600", "--classify-every", "24", "--classify-first-check", "0")


def wait_ready(proc: subprocess.Popen, url: str, timeout: float, exited, not_ready) -> None:
    """Wait until ``url``/ready answers 200; ``exited()`` or ``not_ready()`` give the words of
    the error when the process ends first or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(exited())
        try:
            if requests.get(url + "/ready", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(not_ready())


class ServeProcess:
    """One ``fieldsales-server serve`` process on a loopback port, its output in a log file."""

    def __init__(
        self,
        database_url: str,
        log_dir: Path,
        *extra: str,
        port: int | None = None,
        env: dict | None = None,
        name: str = "server",
    ):
        self.database_url, self.extra, self.name = database_url, extra, name
        self.port = port or free_port()
        self.log_path = log_dir / f"{name}-{self.port}.log"
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServeProcess:
        self.starts += 1
        log = open(self.log_path, "a")  # noqa: SIM115 - the child writes to it until it ends
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "server.cli",
                "--database-url",
                self.database_url,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
                *self.extra,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=self.env,
            start_new_session=True,
        )
        log.close()
        return self

    def wait_ready(self, timeout: float = 60.0) -> ServeProcess:
        wait_ready(
            self.proc,
            self.url,
            timeout,
            lambda: f"{self.name} exited with {self.proc.returncode}:\n{self.log()}",
            lambda: f"{self.name} was not ready within {timeout} s:\n{self.log()}",
        )
        return self

    def kill(self) -> None:
        """SIGKILL, no chance to finish anything (the whole process group: workers too)."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def metric(self, name: str, **labels: str) -> float:
        """Sum of a metric's samples on this process whose labels include ``labels``."""
        from prometheus_client.parser import text_string_to_metric_families

        text = requests.get(self.url + "/metrics", timeout=5).text
        total = 0.0
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                    total += sample.value
        return total


HAPROXY_CONFIG = """\
global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    # a loaded server answers /ready slowly: that is not "down" (the check's own timeout)
    timeout check 5s
    option http-server-close
    # A server that died before answering: try another one. Every sync call is idempotent
    # (pushes carry mutation ids), so a repeat is safe; bodies larger than the buffer are
    # not repeated by HAProxy and the client's own retry covers them.
    retries 2
    option redispatch 1
    retry-on conn-failure empty-response response-timeout

frontend fieldsales
    bind 127.0.0.1:{port}
    default_backend app

backend app
    balance roundrobin
    option httpchk GET /ready
    http-check expect status 200
    default-server inter 300ms fall 2 rise 2
{servers}
"""


class HAProxy:
    """HAProxy in the foreground, round robin over the given server ports, health-checked by /ready."""

    def __init__(self, backend_ports: list[int], workdir: Path, port: int | None = None):
        self.port = port or free_port()
        self.config_path = workdir / "haproxy.cfg"
        servers = "\n".join(f"    server s{i} 127.0.0.1:{p} check" for i, p in enumerate(backend_ports))
        self.config_path.write_text(HAPROXY_CONFIG.format(port=self.port, servers=servers))
        self.log_path = workdir / "haproxy.log"
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> HAProxy:
        import shutil

        exe = shutil.which("haproxy") or "/usr/sbin/haproxy"
        log = open(self.log_path, "a")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [exe, "-db", "-f", str(self.config_path)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        wait_ready(
            self.proc,
            self.url,
            timeout,
            lambda: f"haproxy exited: {self.log_path.read_text()}",
            lambda: "haproxy did not answer",
        )
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def haproxy_available() -> bool:
    import shutil

    return shutil.which("haproxy") is not None or Path("/usr/sbin/haproxy").exists()
