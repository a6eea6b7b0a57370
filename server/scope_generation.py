"""The scope generation a pull reports: what decides a user's scope beyond ``user_scope``.

``user_scope`` carries customers moving in and out, and the feed sends and evicts them.
Two things it does not carry: the role (an admin sees everything and has no scope rows)
and, for a supervisor, the team whose USER-scoped records they receive. When either
changes, rows that did not change themselves enter or leave the user's scope, so the
feed has nothing to send. The pull answer therefore names a short fingerprint of both;
a client that sees it change re-checks its whole replica (``/sync/verify``) and repairs
the buckets that differ.

The fingerprint is a pure function of the current user rows, so every app process
computes the same one and nothing needs storing.
"""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from domain.enums import Role
from server.auth import CurrentUser
from server.feed import team_ids


def scope_generation(session: Session, user: CurrentUser) -> str:
    parts = [user.role]
    if user.role == Role.SUPERVISOR.value:
        parts += sorted(team_ids(session, user))  # one read of the users table, supervisors only
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
