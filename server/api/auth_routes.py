from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials

from server import auth, devices
from server.api.deps import DbSession, _bearer, check_versions, current_user, get_store
from server.audit import audit
from server.auth import CurrentUser
from server.store.db import Store
from sync.contract import LoginRequest, LogoutRequest, RefreshRequest, TokenResponse, UserInfo

router = APIRouter(prefix="/auth", tags=["auth"], dependencies=[Depends(check_versions)])


def _user_info(u: CurrentUser) -> UserInfo:
    return UserInfo.model_validate(u, from_attributes=True)


@router.post("/login", response_model=TokenResponse, responses={401: {}, 403: {}, 429: {}})
def login(body: LoginRequest, request: Request, store: Store = Depends(get_store)) -> TokenResponse:
    """Exchange username and password for an access token and a refresh token."""
    with store.session() as session:
        row = auth.find_login(session, body.username)
    outcome = auth.verify_login(row, body.password)  # slow by design: no connection held meanwhile
    with store.session() as session:
        auth.record_login(session, row, outcome, body.password)
        if isinstance(outcome, CurrentUser):
            client_id = str(body.client_id) if body.client_id else None
            if client_id:
                devices.register(
                    session,
                    outcome.id,
                    client_id,
                    name=body.device_name,
                    os=body.os,
                    app_version=body.app_version,
                    ip=request.client.host if request.client else None,
                )
            access, refresh, ttl = auth.issue_tokens(session, outcome.id, client_id)
            audit(session, outcome.id, "login", body.device_name)
    if isinstance(outcome, auth.AuthError):  # raised after the failure count was committed
        raise outcome
    return TokenResponse(access_token=access, refresh_token=refresh, expires_in=ttl, user=_user_info(outcome))


@router.post("/refresh", response_model=TokenResponse, responses={401: {}})
def refresh(body: RefreshRequest, session: DbSession) -> TokenResponse:
    """Rotate a refresh token into a new token pair, without asking for the password."""
    user, access, new_refresh, ttl = auth.refresh(session, body.refresh_token)
    return TokenResponse(
        access_token=access, refresh_token=new_refresh, expires_in=ttl, user=_user_info(user)
    )


@router.post("/logout", status_code=204)
def logout(
    session: DbSession,
    body: LogoutRequest | None = None,
    creds: HTTPAuthorizationCredentials | None = Depends(_bearer),
) -> None:
    """End a session: the access token sent and the refresh token in the body are revoked.

    Without the refresh token a signed-out laptop's session could be renewed until it
    expired (weeks). Holding a token is what proves the right to end it, so an expired
    access token still counts, and an unknown token is no error: signing out twice is fine."""
    if creds is not None:
        auth.revoke(session, creds.credentials)
    if body is not None and body.refresh_token:
        auth.revoke(session, body.refresh_token)


@router.get("/me", response_model=UserInfo)
def me(user: CurrentUser = Depends(current_user)) -> UserInfo:
    return _user_info(user)
