"""Bad input gets a clear 4xx in one error shape, never a 500."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import requests
from sqlalchemy import update

from server.store.tables import AuthToken
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER
from tests.factories import PASSWORD, build_org

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}


@pytest.fixture
def srv(sqlite_store, live_server):
    build_org(sqlite_store, per_territory=1)
    return live_server(sqlite_store)


def post(srv, path, body=None, headers=None, **kw):
    return requests.post(
        f"{srv.url}{API_PREFIX}{path}", json=body, headers={**H, **(headers or {})}, timeout=10, **kw
    )


def error_of(r) -> dict:
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
    err = r.json()["error"]
    assert err["code"] and err["message"]
    return err


def token(srv, user="rep_a"):
    return post(srv, "/auth/login", {"username": user, "password": PASSWORD}).json()["access_token"]


def test_wrong_password_and_unknown_user(srv):
    r = post(srv, "/auth/login", {"username": "rep_a", "password": "nope"})
    assert r.status_code == 401 and error_of(r)["code"] == "invalid_credentials"
    r = post(srv, "/auth/login", {"username": "ghost", "password": "nope"})
    assert r.status_code == 401 and error_of(r)["message"] == "Wrong username or password."


def test_login_is_throttled_then_recovers_message(srv):
    for _ in range(5):
        assert post(srv, "/auth/login", {"username": "rep_b", "password": "bad"}).status_code == 401
    r = post(srv, "/auth/login", {"username": "rep_b", "password": PASSWORD})
    assert r.status_code == 429 and "Try again" in error_of(r)["message"]
    assert int(r.headers["Retry-After"]) > 0


def test_forged_and_missing_tokens(srv):
    for auth in (
        {},
        {"Authorization": "Bearer forged-token-value"},
        {"Authorization": "Bearer " + "x" * 500},
        {"Authorization": "Basic abc"},
    ):
        r = post(srv, "/sync/pull", {}, auth)
        assert r.status_code == 401, (auth, r.text)
        error_of(r)


def test_expired_token(srv, sqlite_store):
    t = token(srv)
    with sqlite_store.session() as s:
        s.execute(update(AuthToken).values(expires_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
    r = post(srv, "/sync/pull", {}, {"Authorization": f"Bearer {t}"})
    assert r.status_code == 401 and error_of(r)["code"] == "token_expired"


def test_refresh_rotates_and_old_refresh_is_dead(srv):
    pair = post(srv, "/auth/login", {"username": "rep_a", "password": PASSWORD}).json()
    r = post(srv, "/auth/refresh", {"refresh_token": pair["refresh_token"]})
    assert r.status_code == 200 and r.json()["access_token"] != pair["access_token"]
    r = post(srv, "/auth/refresh", {"refresh_token": pair["refresh_token"]})
    assert r.status_code == 401 and error_of(r)["code"] == "token_revoked"


@pytest.mark.parametrize(
    "cursor",
    ["%%%", "bm90LWpzb24", "eyJ2IjoyfQ", "eyJ2IjoxLCJsbyI6LTEsImhpIjpudWxsLCJwIjowLCJhIjoiIn0", "x" * 900],
)
def test_malformed_cursor(srv, cursor):
    r = post(srv, "/sync/pull", {"cursor": cursor}, {"Authorization": f"Bearer {token(srv)}"})
    assert r.status_code == 400 and error_of(r)["code"] == "invalid_cursor"


@pytest.mark.parametrize(
    "body",
    [
        {"cursor": None, "surprise": 1},
        {"max_rows": 0},
        {"max_rows": 10**9},
        {"max_rows": "many"},
        {"cursor": 5},
        [1, 2],
    ],
)
def test_invalid_pull_bodies(srv, body):
    r = post(srv, "/sync/pull", body, {"Authorization": f"Bearer {token(srv)}"})
    assert r.status_code == 422
    assert error_of(r)["code"] == "invalid_request"


def test_unknown_login_fields_and_non_json(srv):
    r = post(srv, "/auth/login", {"username": "rep_a", "password": PASSWORD, "admin": True})
    assert r.status_code == 422 and "admin" in error_of(r)["message"]
    r = requests.post(
        f"{srv.url}{API_PREFIX}/auth/login",
        data=b"{not json",
        timeout=10,
        headers={**H, "Content-Type": "application/json"},
    )
    assert r.status_code == 422 and error_of(r)["message"] == "The request body is not valid JSON."


def test_versions(srv):
    body = {"username": "rep_a", "password": PASSWORD}
    r = requests.post(f"{srv.url}{API_PREFIX}/auth/login", json=body, timeout=10)
    assert r.status_code == 400 and error_of(r)["code"] == "missing_version"
    r = post(srv, "/auth/login", body, {PROTOCOL_HEADER: "0"})
    assert r.status_code == 426 and "update" in error_of(r)["message"]
    r = post(srv, "/auth/login", body, {SCHEMA_HEADER: "abc"})
    assert r.status_code == 400 and error_of(r)["code"] == "invalid_version"


def test_unknown_route_and_method(srv):
    r = requests.get(f"{srv.url}{API_PREFIX}/nothing-here", timeout=10)
    assert r.status_code == 404 and error_of(r)["code"] == "not_found"
    r = requests.get(f"{srv.url}{API_PREFIX}/sync/pull", headers=H, timeout=10)
    assert r.status_code == 405


def test_openapi_is_published(srv):
    r = requests.get(f"{srv.url}/openapi.json", timeout=10)
    assert r.status_code == 200 and "/api/v1/sync/pull" in r.json()["paths"]


def test_logout_ends_both_tokens_and_an_old_clients_logout_still_works(srv):
    pair = post(srv, "/auth/login", {"username": "rep_a", "password": PASSWORD}).json()
    bearer = {"Authorization": f"Bearer {pair['access_token']}"}
    r = post(srv, "/auth/logout", {"refresh_token": pair["refresh_token"]}, bearer)
    assert r.status_code == 204, r.text
    assert post(srv, "/sync/pull", {}, bearer).status_code == 401
    r = post(srv, "/auth/refresh", {"refresh_token": pair["refresh_token"]})
    assert r.status_code == 401, "a signed-out session cannot be renewed"
    # Twice is fine, and so is an already expired or unknown token.
    assert post(srv, "/auth/logout", {"refresh_token": pair["refresh_token"]}, bearer).status_code == 204
    assert post(srv, "/auth/logout", {"refresh_token": "x" * 40}).status_code == 204

    # A client of before the refresh token was sent: an empty body or none at all.
    for body in ({}, None):
        old = post(srv, "/auth/login", {"username": "rep_a", "password": PASSWORD}).json()
        old_bearer = {"Authorization": f"Bearer {old['access_token']}"}
        assert post(srv, "/auth/logout", body, old_bearer).status_code == 204
        assert post(srv, "/sync/pull", {}, old_bearer).status_code == 401

    bad = post(srv, "/auth/logout", {"refresh_token": "short"}, bearer)
    assert error_of(bad)["code"]  # a 4xx in words, not a 500
