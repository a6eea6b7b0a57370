"""Passwords, tokens and login throttling.

Passwords are hashed with Argon2id (memory-hard). Tokens are random strings the server
stores only as SHA-256 hashes, so any app process can verify or revoke them and a leaked
database does not leak usable tokens. Access tokens are short-lived; refresh tokens are
rotated on use; bumping a user's ``token_generation`` revokes all of them at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, fields
from datetime import datetime, timedelta, timezone
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from server.store.tables import TABLES, AuthToken, Device

ACCESS_TTL = timedelta(minutes=15)
REFRESH_TTL = timedelta(days=30)
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=5)

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


class AuthError(Exception):
    def __init__(self, code: str, message: str, status: int = 401, retry_after: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class CurrentUser:
    id: str
    username: str
    display_name: str
    role: str
    rep_code: str | None
    region_id: str | None
    supervisor_id: str | None
    device_revoked: bool = False  # the token's laptop was revoked: it may push, nothing else


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _user_row(session: Session, **where):
    users = TABLES["user"]
    q = select(users)
    for k, v in where.items():
        q = q.where(users.c[k] == v)
    return session.execute(q).mappings().first()


#: The fields of a :class:`CurrentUser` read from its user row as they are.
_USER_COLUMNS = tuple(f.name for f in fields(CurrentUser) if f.name != "device_revoked")


def to_current(row) -> CurrentUser:
    return CurrentUser(
        **{name: row[name] for name in _USER_COLUMNS},
        device_revoked=row.get("device_revoked_at") is not None,
    )


def find_login(session: Session, username: str):
    """The user row a login is checked against (a short read; no lock)."""
    return _user_row(session, username=username)


def verify_login(row, password: str) -> CurrentUser | AuthError:
    """Check a password against a user row, with no database connection held.

    Argon2 is slow on purpose (~0.1 s); doing it outside any transaction keeps a storm of
    logins from exhausting the connection pool. A failure is *returned*, so the caller can
    record it (``record_login``) before reporting it.
    """
    now = _now()
    if row is None or row["deleted"]:
        try:
            _hasher.verify(_DUMMY_HASH, password)  # a wrong name costs as long as a wrong password
        except VerificationError:
            pass
        return AuthError("invalid_credentials", "Wrong username or password.")
    if row["locked_until"] and row["locked_until"] > now:
        wait = int((row["locked_until"] - now).total_seconds()) + 1
        return AuthError(
            "too_many_attempts",
            f"Too many failed logins. Try again in {wait} seconds.",
            status=429,
            retry_after=wait,
        )
    try:
        ok = bool(row["password_hash"]) and _hasher.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        return AuthError("invalid_credentials", "Wrong username or password.")
    if not row["active"]:
        return AuthError(
            "account_deactivated", "This account has been deactivated. Ask your administrator.", 403
        )
    return to_current(row)


def record_login(session: Session, row, outcome: CurrentUser | AuthError, password: str) -> None:
    """Count a failed attempt (locking the account after too many) or reset the count."""
    if row is None or row["deleted"]:
        return
    users = TABLES["user"]
    if isinstance(outcome, AuthError):
        if outcome.code != "invalid_credentials":
            return
        failed = session.execute(
            update(users)
            .where(users.c.id == row["id"])
            .values(failed_logins=users.c.failed_logins + 1)
            .returning(users.c.failed_logins)
        ).scalar_one()
        if failed >= MAX_FAILED_LOGINS:
            session.execute(
                update(users)
                .where(users.c.id == row["id"])
                .values(failed_logins=0, locked_until=_now() + LOCKOUT)
            )
        return
    values: dict = {"failed_logins": 0, "locked_until": None}
    if _hasher.check_needs_rehash(row["password_hash"]):
        values["password_hash"] = _hasher.hash(password)
    session.execute(update(users).where(users.c.id == row["id"]).values(**values))


def issue_tokens(session: Session, user_id: str, client_id: str | None = None) -> tuple[str, str, int]:
    users = TABLES["user"]
    generation = session.execute(select(users.c.token_generation).where(users.c.id == user_id)).scalar_one()
    now = _now()
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add_all(
        AuthToken(
            token_hash=_digest(secret),
            user_id=user_id,
            kind=kind,
            generation=generation,
            issued_at=now,
            expires_at=now + ttl,
            revoked=False,
            client_id=client_id,
        )
        for secret, kind, ttl in ((access, "access", ACCESS_TTL), (refresh, "refresh", REFRESH_TTL))
    )
    session.flush()
    return access, refresh, int(ACCESS_TTL.total_seconds())


@cache
def token_statement():
    """The token's row and its user's row, in one query, for the token ``:token_hash``
    (``token_params``). This runs on every request: built once, not for each."""
    tokens, users, devices = AuthToken.__table__, TABLES["user"], Device.__table__
    return (
        select(
            tokens.c.kind,
            tokens.c.generation,
            tokens.c.expires_at,
            tokens.c.revoked,
            tokens.c.client_id.label("token_client_id"),
            devices.c.revoked_at.label("device_revoked_at"),
            users.c.id.label("user_id"),
        )
        .add_columns(*[c for c in users.c if c.name != "id"])
        .select_from(
            tokens.outerjoin(users, users.c.id == tokens.c.user_id).outerjoin(
                devices, devices.c.client_id == tokens.c.client_id
            )
        )
        .where(tokens.c.token_hash == bindparam("token_hash", type_=tokens.c.token_hash.type))
    )


def token_params(token: str) -> dict[str, str]:
    return {"token_hash": _digest(token)}


def check_token(row, kind: str) -> CurrentUser:
    """The user a token row (from ``token_statement``) stands for, or the reason it is refused."""
    if row is None or row["kind"] != kind:
        raise AuthError("invalid_token", "Your session is not valid. Please log in again.")
    if row["revoked"]:
        raise AuthError("token_revoked", "Your session was ended. Please log in again.")
    if row["expires_at"] <= _now():
        raise AuthError("token_expired", "Your session has expired. Please refresh it or log in again.")
    if row["username"] is None or row["deleted"] or not row["active"]:
        raise AuthError(
            "account_deactivated", "This account has been deactivated. Ask your administrator.", 403
        )
    if row["token_generation"] != row["generation"]:
        raise AuthError("token_revoked", "Your session was ended. Please log in again.")
    return to_current({**row, "id": row["user_id"]})


def authenticate(session: Session, token: str) -> CurrentUser:
    return check_token(session.execute(token_statement(), token_params(token)).mappings().first(), "access")


def refresh(session: Session, refresh_token: str) -> tuple[CurrentUser, str, str, int]:
    """Rotate a refresh token: the old one stops working, a new pair is issued.

    The rotation is one conditional update, so of two requests racing with the same refresh
    token only one gets a new pair."""
    row = session.execute(token_statement(), token_params(refresh_token)).mappings().first()
    user = check_token(row, "refresh")
    rotated = session.execute(
        update(AuthToken)
        .where(AuthToken.token_hash == _digest(refresh_token), AuthToken.revoked.is_(False))
        .values(revoked=True)
    )
    if rotated.rowcount != 1:
        raise AuthError("token_revoked", "Your session was ended. Please log in again.")
    access, new_refresh, ttl = issue_tokens(session, user.id, row["token_client_id"])  # the same laptop
    return user, access, new_refresh, ttl


def revoke(session: Session, token: str) -> None:
    session.execute(update(AuthToken).where(AuthToken.token_hash == _digest(token)).values(revoked=True))


def revoke_all(session: Session, user_id: str) -> None:
    users = TABLES["user"]
    session.execute(
        update(users).where(users.c.id == user_id).values(token_generation=users.c.token_generation + 1)
    )
