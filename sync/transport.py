"""HTTP to the server (requests), with the protocol headers and errors a person can read."""

from __future__ import annotations

import ipaddress
import logging
import os
import threading
import uuid
import warnings
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import orjson
import requests

from sync.contract import (
    API_PREFIX,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    PUSH_ANSWER_CHANGED,
    PUSH_ANSWER_HEADER,
    SCHEMA_HEADER,
    SCHEMA_VERSION,
)
from sync.version import APP_VERSION, CLIENT_VERSION_HEADER

log = logging.getLogger(__name__)
REQUEST_ID_HEADER = "X-Request-ID"


class SyncError(Exception):
    """Base of everything that can go wrong talking to the server; ``str()`` is for people.

    ``request_id`` is the id the request was sent with: the server logs it on every line
    about that request, so support can find the server's side of a failure.
    """

    code = "sync_error"
    request_id: str | None = None


class Unreachable(SyncError):
    code = "unreachable"


class PushUnconfirmed(Unreachable):
    """A push got no answer: the server may or may not have applied it. Replaying it is
    harmless (mutation ids), so the changes stay queued and the next sync sends them again."""

    code = "push_unconfirmed"

    def __init__(self, message: str, *, server_trouble: bool = False):
        super().__init__(message)
        self.server_trouble = server_trouble  # the server answered with a 5xx (else: no answer)


class UntrustedCertificate(Unreachable):
    """TLS failed: the server's certificate is not trusted (a company CA not configured?)."""

    code = "untrusted_certificate"


class ServerTrouble(Unreachable):
    """The server answered, but with a 5xx: reachable and failing (try again later)."""

    code = "server_trouble"

    def __init__(self, status: int, message: str):
        super().__init__(f"The server is having trouble ({status}): {message}")
        self.status = status


class ServerRefused(SyncError):
    def __init__(self, status: int, code: str, message: str, details: Any = None):
        super().__init__(message)
        self.status, self.code, self.details = status, code, details


class AuthRequired(ServerRefused):
    """The stored session is gone (expired, revoked): the user must log in again."""


class AccountDeactivated(ServerRefused):
    pass


class DeviceRevoked(AccountDeactivated):
    """An admin revoked this laptop: like a deactivation, but for this computer only."""


class ClientTooOld(ServerRefused):
    pass


class InsecureServer(SyncError):
    """Plain http:// to a server that is not on this computer, and the user has not allowed it."""

    code = "insecure_http"


class BadCaBundle(SyncError):
    """The CA bundle setting does not name a usable PEM file; ``reason``: ``missing``,
    ``unreadable`` or ``not_pem`` (the UI says each in the user's language)."""

    code = "bad_ca_bundle"

    def __init__(self, message: str, reason: str = "missing"):
        super().__init__(message)
        self.reason = reason


def check_ca_bundle(path: str) -> int:
    """How many certificates the PEM file ``path`` holds; :class:`BadCaBundle` when none.

    Checked when the user chooses the file, so a wrong choice (a key, a DER file, a
    typo) is told then, with the file in view, not as a TLS failure at the next sync."""
    from cryptography import x509

    if not os.path.isfile(path):
        raise BadCaBundle(f"The certificate authority file {path} does not exist or is not a file.")
    try:
        with open(path, "rb") as f:
            data = f.read(4 * 1024 * 1024)  # a bundle of every public CA is ~250 KB
    except OSError as exc:
        raise BadCaBundle(
            f"The certificate authority file {path} cannot be read: {exc}", "unreadable"
        ) from None
    try:
        with warnings.catch_warnings():  # old public roots in a bundle trip deprecation warnings
            warnings.simplefilter("ignore")
            return len(x509.load_pem_x509_certificates(data))
    except ValueError:
        raise BadCaBundle(f"{path} holds no PEM certificate.", "not_pem") from None


@dataclass
class TransportPolicy:
    """How the app may talk to servers: set once from the user's settings (or command line).

    ``insecure_servers``: servers (``scheme://host:port``, as :func:`server_key` gives)
    the user explicitly allowed to use plain http:// although they are not on this
    computer; ``ca_bundle``: a PEM file of the company's certificate authorities, for a
    server whose TLS certificate a company CA issued (else the system's/certifi's).
    """

    insecure_servers: set[str] = field(default_factory=set)
    ca_bundle: str | None = None


policy = TransportPolicy()


def server_key(url: str) -> str:
    """``scheme://host:port`` of a server address, lower case, the port made explicit."""
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "http").lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}"


def is_loopback(url: str) -> bool:
    host = (urlsplit(url.strip()).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def needs_permission(url: str) -> bool:
    """Plain http:// to another machine: passwords and customer data would cross the network
    unencrypted, so it takes the user's explicit permission for that server."""
    return urlsplit(url.strip()).scheme.lower() == "http" and not is_loopback(url)


class TooManyAttempts(ServerRefused):
    """Too many failed logins; ``retry_after``: seconds until the next try (None: unknown)."""

    def __init__(
        self, status: int, code: str, message: str, details: Any = None, retry_after: int | None = None
    ):
        super().__init__(status, code, message, details)
        self.retry_after = retry_after


class Transport:
    def __init__(self, base_url: str, timeout: float = 30.0, *, security: TransportPolicy | None = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.policy = security or policy
        self._warned = False
        self.http = requests.Session()
        # What requests would look up in the environment on every request (the proxy for
        # this server, honouring NO_PROXY; the CA bundle variables; a ~/.netrc login), read
        # once here: the lookups walk the environment and the file system, ~1-3 ms a request.
        self.http.trust_env = False
        self.http.proxies = requests.utils.get_environ_proxies(self.base_url)
        self._env_ca_bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        self.http.auth = requests.utils.get_netrc_auth(self.base_url)
        self.http.headers.update(
            {
                PROTOCOL_HEADER: str(PROTOCOL_VERSION),
                SCHEMA_HEADER: str(SCHEMA_VERSION),
                CLIENT_VERSION_HEADER: APP_VERSION,
                # this client stores the slim push answer (sync.engine, ``_store_rows``)
                PUSH_ANSWER_HEADER: PUSH_ANSWER_CHANGED,
                "User-Agent": f"fieldsales-desktop/{APP_VERSION} protocol-{PROTOCOL_VERSION}",
            }
        )
        if is_loopback(self.base_url):
            # A server on this computer: compressing the pages of a first sync costs both
            # ends more CPU (gzip on the server, gunzip here) than carrying them uncompressed
            # saves. Plain HTTP negotiation: any other server still gets gzip asked for.
            self.http.headers["Accept-Encoding"] = "identity"
        self.bytes_received = 0
        self.requests_made = 0
        # The sync thread, the pull's page asked ahead and a second upload count at once.
        self._counting = threading.Lock()

    def post(self, path: str, body: dict, token: str | None = None) -> dict:
        return self.request("POST", path, body, token)

    def get(self, path: str, token: str | None = None) -> dict:
        return self.request("GET", path, None, token)

    def _check_security(self) -> str | bool:
        """Refuse what the policy forbids; returns what ``requests`` should verify TLS with."""
        if needs_permission(self.base_url):
            if server_key(self.base_url) not in self.policy.insecure_servers:
                raise InsecureServer(
                    f"{self.base_url} is not encrypted (http://, not https://) and not on this computer: "
                    "passwords and customer data would cross the network readable by anyone on the way. "
                    "Use the https:// address, or allow unencrypted connections to this server explicitly."
                )
            if not self._warned:
                log.warning(
                    "using UNENCRYPTED http to %s (allowed by the user for this server)", self.base_url
                )
                self._warned = True
        bundle = self.policy.ca_bundle
        if bundle:
            if not os.path.isfile(bundle):
                raise BadCaBundle(f"The certificate authority file {bundle} does not exist or is not a file.")
            # the user's setting wins over REQUESTS_CA_BUNDLE, as requests lets a per-request path win
            return bundle
        return self._env_ca_bundle or True

    def request(
        self,
        method: str,
        path: str,
        body: dict | None,
        token: str | None,
        *,
        content: bytes | None = None,
        raw: bool = False,
    ) -> Any:
        """``content``: raw bytes to send instead of a JSON body (attachment chunks); ``raw``:
        return the answer's bytes rather than its JSON (attachment downloads)."""
        verify = self._check_security()
        rid = uuid.uuid4().hex
        headers = {REQUEST_ID_HEADER: rid}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        url = f"{self.base_url}{API_PREFIX}{path}" if not path.startswith("/health") else self.base_url + path
        try:
            data = None
            if body is not None:  # orjson: pages are large, and its encoding is the same JSON
                data = orjson.dumps(body)
                headers["Content-Type"] = "application/json"
            elif content is not None:
                data = content
                headers["Content-Type"] = "application/octet-stream"
            resp = self.http.request(
                method, url, data=data, headers=headers, timeout=self.timeout, verify=verify
            )
        except requests.exceptions.SSLError as exc:
            log.warning("%s %s: TLS failed: %s (request id %s)", method, path, exc, rid)
            err = UntrustedCertificate(
                f"The server at {self.base_url} could not be verified (its TLS certificate is not "
                "trusted). If your company uses its own certificate authority, set its CA bundle."
            )
            err.request_id = rid
            raise err from exc
        except requests.RequestException as exc:
            log.warning("%s %s failed: %s (request id %s)", method, path, type(exc).__name__, rid)
            err = Unreachable(f"The server at {self.base_url} cannot be reached ({type(exc).__name__}).")
            err.request_id = rid
            raise err from exc
        with self._counting:
            self.requests_made += 1
            self.bytes_received += len(resp.content)
        if resp.status_code >= 400:
            err = _error(resp)
            err.request_id = resp.headers.get(REQUEST_ID_HEADER, rid)
            level = logging.WARNING if resp.status_code >= 500 else logging.INFO
            log.log(
                level,
                "%s %s answered %s %s (request id %s)",
                method,
                path,
                resp.status_code,
                getattr(err, "code", ""),
                err.request_id,
            )
            raise err
        log.debug("%s %s %s (request id %s)", method, path, resp.status_code, rid)
        if raw:
            return resp.content
        if resp.status_code == 204 or not resp.content:
            return {}
        return orjson.loads(resp.content)

    def reachable(self) -> bool:
        try:
            verify = self._check_security()
        except SyncError:
            return False
        try:
            self.http.get(self.base_url + "/health", timeout=3, verify=verify).raise_for_status()
            return True
        except requests.RequestException:
            return False

    def close(self) -> None:
        self.http.close()


def _error(resp: requests.Response) -> SyncError:
    try:
        err = resp.json()["error"]
        code, message, details = err["code"], err["message"], err.get("details")
    except (ValueError, KeyError, TypeError):
        code, message, details = "http_error", f"The server answered {resp.status_code}.", None
    if resp.status_code >= 500:
        return ServerTrouble(resp.status_code, message)
    if code == "too_many_attempts":
        wait = resp.headers.get("Retry-After", "")
        return TooManyAttempts(
            resp.status_code, code, message, details, int(wait) if wait.isdigit() else None
        )
    if code == "account_deactivated":
        return AccountDeactivated(resp.status_code, code, message, details)
    if code == "device_revoked":
        return DeviceRevoked(resp.status_code, code, message, details)
    if resp.status_code == 401:
        return AuthRequired(resp.status_code, code, message, details)
    if resp.status_code == 426:
        return ClientTooOld(resp.status_code, code, message, details)
    return ServerRefused(resp.status_code, code, message, details)
