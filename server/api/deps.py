"""Dependencies: the database session, the protocol check and the current user."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import false, select
from sqlalchemy.orm import Session

from domain.org_settings import CLIENT_RELEASE_KEY, read_value
from server.api.errors import ApiError
from server.auth import AuthError, CurrentUser, authenticate
from server.store.db import Store
from server.store.tables import TABLES
from sync.contract import (
    MIN_PROTOCOL_VERSION,
    MIN_SCHEMA_VERSION,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    SCHEMA_HEADER,
    SCHEMA_VERSION,
)
from sync.release import ClientRelease, ReleaseStatus, client_release_from_json, release_status
from sync.version import CLIENT_VERSION_HEADER

_org = TABLES["org_setting"]

_bearer = HTTPBearer(auto_error=False)


# Cheap dependencies are ``async def``: FastAPI runs a plain ``def`` dependency in a worker
# thread, and each such hop costs more than the work itself on the hot no-op sync path.
async def get_store(request: Request) -> Store:
    return request.app.state.store


def get_session(store: Store = Depends(get_store)) -> Iterator[Session]:
    with store.session() as session:
        yield session


#: A route's database session: one transaction per request (``get_session``).
DbSession = Annotated[Session, Depends(get_session, scope="function")]


def _version(value: str | None, header: str) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise ApiError(400, "invalid_version", f"Header {header} must be a whole number.") from None


#: How long a process trusts its copy of the client release setting (an admin's change
#: reaches every process within this time).
RELEASE_TTL_S = 10.0
_releases: dict[int, tuple[float, ClientRelease | None]] = {}


def client_release(store: Store) -> ClientRelease | None:
    """The organisation's client release setting, read at most every ``RELEASE_TTL_S``."""
    cached = _releases.get(id(store))
    if cached is not None and time.monotonic() - cached[0] < RELEASE_TTL_S:
        return cached[1]
    with store.autocommit.connect() as conn:
        raw = conn.execute(
            select(_org.c.value).where(_org.c.key == CLIENT_RELEASE_KEY, _org.c.deleted == false())
        ).scalar()
    release = read_value(CLIENT_RELEASE_KEY, raw or None, client_release_from_json, None)
    _releases[id(store)] = (time.monotonic(), release)
    return release


def forget_client_release(store: Store) -> None:
    _releases.pop(id(store), None)


async def check_client_version(
    client_version: str | None = Header(default=None, alias=CLIENT_VERSION_HEADER, max_length=40),
    store: Store = Depends(get_store),
) -> None:
    """Sync only with apps at or above the organisation's minimum version (login, settings and
    administration stay open, so an admin can always correct the setting)."""
    if not client_version:
        return  # older apps do not send it; the protocol check covers them
    release = client_release(store)
    if release_status(client_version, release) is ReleaseStatus.REQUIRED:
        raise ApiError(
            426,
            "client_too_old",
            f"This version of Fieldsales ({client_version}) is no longer supported: version "
            f"{release.minimum} or later is required. Please update the app, then sync again.",
            details=[{"minimum": release.minimum, "latest": release.latest, "url": release.url}],
        )


async def check_versions(
    protocol: str | None = Header(default=None, alias=PROTOCOL_HEADER),
    schema: str | None = Header(default=None, alias=SCHEMA_HEADER),
) -> None:
    """Accept the current and the previous protocol/schema; tell older clients to update."""
    p = _version(protocol, PROTOCOL_HEADER)
    s = _version(schema, SCHEMA_HEADER)
    if p is None or s is None:
        raise ApiError(
            400,
            "missing_version",
            f"Every request must carry the {PROTOCOL_HEADER} and {SCHEMA_HEADER} headers.",
        )
    if p < MIN_PROTOCOL_VERSION or s < MIN_SCHEMA_VERSION:
        raise ApiError(
            426,
            "client_too_old",
            "This version of Fieldsales is too old for the server. Please update the app, then sync again.",
        )
    if p > PROTOCOL_VERSION or s > SCHEMA_VERSION:
        raise ApiError(
            400,
            "server_too_old",
            "The app is newer than the server. Ask your administrator to update the server.",
        )


async def access_token(creds: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> str:
    """The bearer token of the request, checked for shape only (``authenticate`` checks it)."""
    if creds is None or not creds.credentials:
        raise AuthError("not_authenticated", "Log in first: this request needs a valid access token.")
    if len(creds.credentials) > 200:
        raise AuthError("invalid_token", "Your session is not valid. Please log in again.")
    return creds.credentials


def current_user_or_revoked_device(
    token: str = Depends(access_token),
    session: Session = Depends(get_session, scope="function"),
) -> CurrentUser:
    """The caller, even from a revoked laptop (only its push takes this: its queued changes still arrive)."""
    return authenticate(session, token)


def current_user(user: CurrentUser = Depends(current_user_or_revoked_device)) -> CurrentUser:
    if user.device_revoked:
        from server.devices import revoked_error

        raise revoked_error()
    return user
