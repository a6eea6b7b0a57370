"""HTTP to the server (requests), with the protocol headers and errors a person can read."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import requests

from sync.contract import API_PREFIX, PROTOCOL_HEADER, PROTOCOL_VERSION, SCHEMA_HEADER, SCHEMA_VERSION
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


class ServerRefused(SyncError):
    def __init__(self, status: int, code: str, message: str, details: Any = None):
        super().__init__(message)
        self.status, self.code, self.details = status, code, details


class AuthRequired(ServerRefused):
    """The stored session is gone (expired, revoked): the user must log in again."""


class AccountDeactivated(ServerRefused):
    pass


class ClientTooOld(ServerRefused):
    pass


class Transport:
    def __init__(self, base_url: str, timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.http = requests.Session()
        self.http.headers.update({PROTOCOL_HEADER: str(PROTOCOL_VERSION), SCHEMA_HEADER: str(SCHEMA_VERSION),
                                  CLIENT_VERSION_HEADER: APP_VERSION,
                                  "User-Agent": f"fieldsales-desktop/{APP_VERSION} protocol-{PROTOCOL_VERSION}"})
        self.bytes_received = 0
        self.requests_made = 0

    def post(self, path: str, body: dict, token: str | None = None) -> dict:
        return self.request("POST", path, body, token)

    def get(self, path: str, token: str | None = None) -> dict:
        return self.request("GET", path, None, token)

    def request(self, method: str, path: str, body: dict | None, token: str | None) -> dict:
        rid = uuid.uuid4().hex
        headers = {REQUEST_ID_HEADER: rid}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        url = f"{self.base_url}{API_PREFIX}{path}" if not path.startswith("/health") else self.base_url + path
        try:
            resp = self.http.request(method, url, json=body, headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            log.warning("%s %s failed: %s (request id %s)", method, path, type(exc).__name__, rid)
            err = Unreachable(f"The server at {self.base_url} cannot be reached ({type(exc).__name__}).")
            err.request_id = rid
            raise err from exc
        self.requests_made += 1
        self.bytes_received += len(resp.content)
        if resp.status_code >= 400:
            err = _error(resp)
            err.request_id = resp.headers.get(REQUEST_ID_HEADER, rid)
            level = logging.WARNING if resp.status_code >= 500 else logging.INFO
            log.log(level, "%s %s answered %s %s (request id %s)", method, path, resp.status_code,
                    getattr(err, "code", ""), err.request_id)
            raise err
        log.debug("%s %s %s (request id %s)", method, path, resp.status_code, rid)
        if resp.status_code == 204 or not resp.content:
            return {}
        return resp.json()

    def reachable(self) -> bool:
        try:
            self.http.get(self.base_url + "/health", timeout=3).raise_for_status()
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
        return Unreachable(f"The server is having trouble ({resp.status_code}): {message}")
    if code == "account_deactivated":
        return AccountDeactivated(resp.status_code, code, message, details)
    if resp.status_code == 401:
        return AuthRequired(resp.status_code, code, message, details)
    if resp.status_code == 426:
        return ClientTooOld(resp.status_code, code, message, details)
    return ServerRefused(resp.status_code, code, message, details)
