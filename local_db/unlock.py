"""Offline unlock and the offline lease, from facts kept inside the encrypted replica.

* At every successful online login the engine stores an Argon2id verifier of the password
  (``remember_password``): the lock screen checks the password against it with no network.
  The verifier is in the encrypted file, so it is no more exposed than the data it guards.
* Wrong tries are counted in the replica too, so quitting the app does not reset them;
  after ``MAX_TRIES`` wrong tries in a row the local data stays locked until the next
  successful online login (which proves the password to the server).
* The lease: a laptop that has not synced for more than the organisation's ``lease_days``
  locks its data until a sync succeeds (``lease``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from local_db.db import LocalDb

VERIFIER = "unlock_verifier"
FAILURES = "unlock_failures"
MAX_TRIES = 5
LEASE_WARNING_DAYS = 5

OK, WRONG, LOCKED_OUT, NO_VERIFIER = "ok", "wrong", "locked_out", "no_verifier"

# Argon2id with OWASP's recommended minimum (19 MiB, 2 passes): a guess costs an attacker as much as
# a login costs the rep, about 20 ms here.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def remember_password(db: LocalDb, password: str) -> None:
    """After an online login: the new verifier, and the count of wrong tries cleared."""
    verifier = _hasher.hash(password)
    db.set_state(VERIFIER, verifier)
    db.set_state(FAILURES, "0")


def failures(db: LocalDb) -> int:
    try:
        return int(db.get_state(FAILURES) or 0)
    except ValueError:
        return MAX_TRIES  # a damaged counter errs on the safe side


def locked_out(db: LocalDb) -> bool:
    return failures(db) >= MAX_TRIES


def check_password(db: LocalDb, password: str) -> str:
    """``ok`` (and the count cleared), ``wrong``, ``locked_out`` or ``no_verifier``."""
    if locked_out(db):
        return LOCKED_OUT
    verifier = db.get_state(VERIFIER)
    if not verifier:
        return NO_VERIFIER
    try:
        _hasher.verify(verifier, password)
    except (VerificationError, InvalidHashError):
        count = failures(db) + 1
        db.set_state(FAILURES, str(count))
        return LOCKED_OUT if count >= MAX_TRIES else WRONG
    db.set_state(FAILURES, "0")
    return OK


def tries_left(db: LocalDb) -> int:
    return max(MAX_TRIES - failures(db), 0)


@dataclass(frozen=True)
class Lease:
    """Where the offline lease stands: ``expired`` locks the data; ``days_left`` counts down."""

    expired: bool
    days_left: float | None  # None: no lease (0 days) or never synced


def lease(last_sync: datetime | None, lease_days: int, now: datetime) -> Lease:
    if lease_days <= 0 or last_sync is None:
        return Lease(False, None)
    left = (last_sync + timedelta(days=lease_days) - now) / timedelta(days=1)
    return Lease(left <= 0, left)
