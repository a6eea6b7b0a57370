"""The client's transport: no plain http:// to another machine without the user's explicit
permission, and a company CA bundle for servers with company-issued TLS certificates."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

from server.runner import ServerThread
from sync.transport import (
    BadCaBundle,
    InsecureServer,
    Transport,
    TransportPolicy,
    Unreachable,
    needs_permission,
    server_key,
)
from tests.cli import cli_env, fieldsales
from tests.factories import PASSWORD, build_org
from tests.tls import certificates


def _run(*args: str, env_dir: Path) -> subprocess.CompletedProcess:
    env = cli_env(env_dir, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    return fieldsales("sync", *args, password=PASSWORD, env=env)


def _lan_address() -> str | None:
    """An address of this machine that is not loopback (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def test_which_addresses_need_permission():
    assert needs_permission("http://10.1.2.3:8765") and needs_permission("HTTP://fieldsales.example.cn")
    assert not needs_permission("http://127.0.0.1:8765") and not needs_permission("http://localhost:8765")
    assert not needs_permission("http://[::1]:8765") and not needs_permission("https://fieldsales.example.cn")
    assert server_key("HTTP://Sales.Example.cn/") == "http://sales.example.cn:80"
    refused = Transport("http://203.0.113.9:8765", security=TransportPolicy())
    with pytest.raises(InsecureServer, match="not encrypted"):
        refused.get("/health")  # refused before anything is sent
    assert not refused.reachable()
    with pytest.raises(BadCaBundle):
        Transport("https://127.0.0.1:1", security=TransportPolicy(ca_bundle="/nonexistent/ca.pem")).get(
            "/health"
        )


def test_plain_http_to_another_machine_only_when_allowed(sqlite_store, tmp_path):
    address = _lan_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address")
    build_org(sqlite_store)
    with ServerThread(sqlite_store, host="0.0.0.0") as srv:
        url = f"http://{address}:{srv.port}"
        refused = _run("--server", url, "--user", "rep_a", "--profile", str(tmp_path / "p"), env_dir=tmp_path)
        assert (
            refused.returncode == 2 and "not encrypted" in refused.stderr and "--allow-http" in refused.stderr
        )
        allowed = _run(
            "--server",
            url,
            "--user",
            "rep_a",
            "--profile",
            str(tmp_path / "p"),
            "--allow-http",
            env_dir=tmp_path,
        )
        assert allowed.returncode == 0, allowed.stderr
        assert "warning" in allowed.stderr and "not encrypted" in allowed.stderr
        # the permission is per server, and the transport warns in the log when it uses it
        ok = Transport(url, security=TransportPolicy(insecure_servers={server_key(url)}))
        assert ok.get("/health")["status"] == "ok"


def test_company_ca_bundle(sqlite_store, tmp_path):
    build_org(sqlite_store)
    ca, cert, key = certificates(tmp_path)
    with ServerThread(sqlite_store, ssl_certfile=str(cert), ssl_keyfile=str(key)) as srv:
        assert srv.url.startswith("https://")
        with pytest.raises(Unreachable, match="certificate"):
            Transport(srv.url, security=TransportPolicy()).get("/health")  # not a CA the system knows
        assert (
            Transport(srv.url, security=TransportPolicy(ca_bundle=str(ca))).get("/health")["status"] == "ok"
        )
        untrusted = _run(
            "--server", srv.url, "--user", "rep_a", "--profile", str(tmp_path / "p"), env_dir=tmp_path
        )
        assert untrusted.returncode == 3 and "CA bundle" in untrusted.stderr
        trusted = _run(
            "--server",
            srv.url,
            "--user",
            "rep_a",
            "--profile",
            str(tmp_path / "p"),
            "--ca-bundle",
            str(ca),
            env_dir=tmp_path,
        )
        assert trusted.returncode == 0, trusted.stderr
        assert "pulled:" in trusted.stdout


class _ForwardProxy:
    """A plain HTTP forward proxy that answers every request itself and remembers what it
    was asked for (an absolute URL, as a client speaking through a proxy sends)."""

    def __init__(self):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        seen = self.seen = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                seen.append(self.path)
                body = b'{"status": "ok"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        import threading

        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_environment_proxy_is_read_when_the_transport_is_made(monkeypatch):
    for name in ("HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    proxy = _ForwardProxy()
    try:
        server = f"http://127.0.0.1:{_closed_port()}"  # nothing listens: only the proxy can answer
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        through = Transport(server, security=TransportPolicy())
        monkeypatch.delenv("HTTP_PROXY")  # read once, when the transport was made
        assert through.get("/health")["status"] == "ok"
        assert proxy.seen == [f"{server}/health"]

        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        with pytest.raises(Unreachable):
            Transport(server, security=TransportPolicy()).get("/health")  # NO_PROXY: straight there
        assert len(proxy.seen) == 1
    finally:
        proxy.close()


def test_ca_bundle_from_the_environment(sqlite_store, tmp_path, monkeypatch):
    build_org(sqlite_store)
    ca, cert, key = certificates(tmp_path)
    with ServerThread(sqlite_store, ssl_certfile=str(cert), ssl_keyfile=str(key)) as srv:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ca))
        assert Transport(srv.url, security=TransportPolicy()).get("/health")["status"] == "ok"
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "nothing.pem"))
        (tmp_path / "other").mkdir()
        other_ca, _cert, _key = certificates(tmp_path / "other")
        # the user's own setting wins over the environment's
        assert (
            Transport(srv.url, security=TransportPolicy(ca_bundle=str(ca))).get("/health")["status"] == "ok"
        )
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(other_ca))
        with pytest.raises(Unreachable, match="certificate"):
            Transport(srv.url, security=TransportPolicy()).get("/health")
