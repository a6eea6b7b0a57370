"""The laptops that sign in (``devices``), and revoking one.

A laptop is its replica's client id: it sends it with its login (with its name, OS and app
version), the tokens issued then carry it, and every push and every pull that carries
data refreshes its last sync time and address. (The no-op pull — "anything new?" — stays
one read with no write, so "last sync" is the last sync that moved something, a login
or a token refresh.)

Revoking a device is per laptop: its tokens (and a new login, if its session expired)
keep working for a push, so its queued changes still arrive; every other request from it
— its pull first — is answered ``403 device_revoked``, on which the laptop wipes its
local copy and its key. The user's other laptops are not affected. Deactivating the user
still ends every session at once.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from server.api.errors import ApiError
from server.auth import _digest
from server.store.changes import now
from server.store.tables import TABLES, AuthToken, Device


def revoked_error() -> ApiError:
    return ApiError(
        403,
        "device_revoked",
        "An administrator removed this computer from your account; "
        "its local copy of the company's data is deleted.",
    )


def register(
    session: Session,
    user_id: str,
    client_id: str,
    *,
    name: str | None,
    os: str | None,
    app_version: str | None,
    ip: str | None,
) -> None:
    """At login: record the laptop (or refresh what it runs).

    A revoked laptop may sign in again (its session may have expired): its push still
    delivers what it queued, and its pull then tells it to wipe itself."""
    device = session.get(Device, client_id)
    at = now()
    if device is None:
        session.add(
            Device(
                client_id=client_id,
                user_id=user_id,
                device_name=name or "desktop",
                os=os,
                app_version=app_version,
                first_seen_at=at,
                last_sync_at=at,
                last_ip=ip,
            )
        )
        session.flush()
        return
    if device.user_id != user_id:
        raise ApiError(
            409,
            "device_of_another_user",
            "This computer's local copy belongs to another user: "
            "sign in as that user, or use another profile.",
        )
    device.device_name = name or device.device_name
    device.os, device.app_version = os or device.os, app_version or device.app_version
    device.last_sync_at, device.last_ip = at, ip or device.last_ip


def touch(session: Session, client_id: str | None, ip: str | None) -> None:
    if client_id:
        session.execute(_touch_statement(), {"cid": client_id, "at": now(), "ip": ip})


@cache
def _touch_statement():
    """Every pull and push records when the laptop last synced: a statement built once, on
    the table (no ORM objects to keep in step)."""
    t = Device.__table__
    return (
        update(t)
        .where(t.c.client_id == bindparam("cid", type_=t.c.client_id.type))
        .values(
            last_sync_at=bindparam("at", type_=t.c.last_sync_at.type),
            last_ip=bindparam("ip", type_=t.c.last_ip.type),
        )
    )


def token_device(session: Session, token: str) -> Device | None:
    """The laptop a token was issued to (None for tokens from before devices were recorded)."""
    return session.scalar(
        select(Device)
        .join(AuthToken, AuthToken.client_id == Device.client_id)
        .where(AuthToken.token_hash == _digest(token))
    )


def note_if_revoked(session: Session, token: str) -> bool:
    """True when the token's laptop was revoked; the first such answer is its wipe, recorded."""
    device = token_device(session, token)
    if device is None or device.revoked_at is None:
        return False
    if device.wiped_at is None:
        device.wiped_at = now()
    return True


def revoke(session: Session, client_id: str, by: str | None) -> Device | None:
    device = session.get(Device, client_id)
    if device is not None and device.revoked_at is None:
        device.revoked_at, device.revoked_by = now(), by
    return device


def listing(session: Session, username: str | None = None) -> list[dict]:
    users = TABLES["user"]
    q = (
        select(Device, users.c.username)
        .join(users, users.c.id == Device.user_id)
        .order_by(users.c.username, Device.last_sync_at.desc())
    )
    if username:
        q = q.where(users.c.username == username)
    out = []
    for device, name in session.execute(q).all():
        out.append(
            {
                "client_id": device.client_id,
                "username": name,
                "device_name": device.device_name,
                "os": device.os,
                "app_version": device.app_version,
                "first_seen_at": device.first_seen_at,
                "last_sync_at": device.last_sync_at,
                "last_ip": device.last_ip,
                "revoked_at": device.revoked_at,
                "wiped_at": device.wiped_at,
            }
        )
    return out


def status(device: dict) -> str:
    if device["wiped_at"] is not None:
        return "wiped"
    return "revoked" if device["revoked_at"] is not None else "active"


def fmt(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC") if at else "—"
