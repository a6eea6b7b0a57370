"""`fieldsales recover-edits`: bring back unsent changes from a replica that was set aside.

When a laptop lost the key of its replica (or the file could not be read), the app kept the
file aside as ``fieldsales.sqlite3.locked-<time>`` and downloaded a fresh copy. If the key
turns up (a keyring backup, an old OS profile), support runs::

    fieldsales recover-edits --from …/fieldsales.sqlite3.locked-20261203T061500Z --key HEX --profile DIR

and the changes that were still queued in the old file go back into the profile's queue;
the next sync sends them, and the server treats them like any late edit (applied, merged or
kept as a sync issue for the rep to decide). Without ``--profile`` it only lists them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DatabaseError

from desktop.paths import DB_FILE
from local_db.db import LocalDb
from local_db.models import OutboxEntry
from local_db.replica import ReplicaError, ReplicaKeys, open_replica
from local_db.sqlite_engine import key_literal


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def read_outbox(path: Path, key: str) -> list[dict]:
    """The queued changes in an encrypted replica, oldest first (``ReplicaError`` if it will not open)."""
    db = LocalDb(path, key=key, migrate=False, must_exist=True)
    try:
        with db.session() as s:
            entries = s.scalars(select(OutboxEntry).order_by(OutboxEntry.client_seq)).all()
            return [
                {
                    c: getattr(e, c)
                    for c in (
                        "mutation_id",
                        "entity",
                        "row_id",
                        "op",
                        "changes",
                        "base",
                        "base_version",
                        "schema_version",
                        "customer_id",
                        "created_at",
                    )
                }
                for e in entries
            ]
    except DatabaseError as exc:
        raise ReplicaError(path, f"{path} does not open with this key ({exc.orig})") from exc
    finally:
        db.close()


def requeue(db: LocalDb, entries: list[dict]) -> int:
    """Add the entries the replica does not already hold (by mutation id); returns how many."""
    with db.session() as s:
        known = set(s.scalars(select(OutboxEntry.mutation_id)))
        fresh = [e for e in entries if e["mutation_id"] not in known]
        s.add_all(OutboxEntry(**e) for e in fresh)
    return len(fresh)


def run(args) -> int:
    source = Path(args.source)
    if not source.is_file():
        return _fail(f"{source} does not exist")
    keys = ReplicaKeys()
    key = (args.key or "").strip().lower() or keys.get(source)
    if not key:
        return _fail(f"no key for {source}: pass it with --key (64 hex digits)")
    try:
        key_literal(key)
    except ValueError as exc:
        return _fail(str(exc))
    try:
        entries = read_outbox(source, key)
    except ReplicaError as exc:
        return _fail(str(exc))
    for e in entries:
        print(f"{e['created_at']:%Y-%m-%d %H:%M} {e['op']} {e['entity']} {e['row_id']}")
    if args.profile is None:
        print(f"{len(entries)} unsent changes in {source} (give --profile DIR to queue them again)")
        return 0
    try:
        db = open_replica(Path(args.profile) / DB_FILE, keys, create=False)
    except FileNotFoundError:
        return _fail(f"{args.profile} has no local copy yet: sign in and sync once, then run this again")
    except ReplicaError as exc:
        return _fail(str(exc))
    try:
        added = requeue(db, entries)
    finally:
        db.close()
    print(f"queued {added} of {len(entries)} unsent changes again; the next sync sends them")
    return 0
