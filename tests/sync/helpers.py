"""Helpers for sync tests: a laptop (LocalDb + SyncEngine) logged in to a live server."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import requests
from sqlalchemy import select

from domain.schema import BY_NAME
from local_db.db import LocalDb
from local_db.replica import open_replica
from local_db.tables import TABLES as LOCAL
from local_db.writes import LocalWriter
from server.store.db import Store
from server.store.tables import TABLES as SERVER
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER, encode_row
from sync.engine import SyncEngine
from tests.factories import PASSWORD


class Laptop:
    def __init__(self, path: Path, url: str, username: str, credentials=None):
        self.db = open_replica(path)  # encrypted, its key in the (test) keyring, as on a laptop
        self.engine = SyncEngine(self.db, url, username, credentials=credentials)

    def login(self) -> Laptop:
        self.engine.login(PASSWORD)
        return self

    def sync(self):
        return self.engine.sync()

    def write(self):
        """A transaction with a writer acting as this laptop's user: ``with lap.write() as w``."""
        return _Writing(self.db)

    def row(self, entity: str, row_id: str) -> dict | None:
        t = LOCAL[entity]
        with self.db.session() as s:
            r = s.execute(select(t).where(t.c.id == row_id)).mappings().first()
        return None if r is None else encode_row(BY_NAME[entity], r)

    def ids(self, entity: str) -> set[str]:
        t = LOCAL[entity]
        with self.db.session() as s:
            return set(s.scalars(select(t.c.id)))


class _Writing:
    def __init__(self, db: LocalDb):
        self.db = db

    def __enter__(self) -> LocalWriter:
        self._cm = self.db.session()
        session = self._cm.__enter__()
        return LocalWriter.for_owner(session)

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)


def laptop_maker(directory: Path, url: str) -> Callable[[str], Laptop]:
    """``laptop(user)``: a new replica for ``user`` in ``directory``, logged in to ``url`` and synced once."""

    def laptop(user: str) -> Laptop:
        lap = Laptop(directory / f"{user}.sqlite3", url, user).login()
        lap.sync()
        return lap

    return laptop


def push_request(mutation: dict) -> dict:
    """A push body with one mutation, as a client would send it: fresh client and mutation ids,
    ``client_seq`` 1, schema 1, and an empty update of version 1 unless ``mutation`` says more."""
    return {
        "client_id": str(uuid.uuid4()),
        "mutations": [
            {
                "mutation_id": str(uuid.uuid4()),
                "client_seq": 1,
                "base_version": 1,
                "schema_version": 1,
                "changes": {},
                "base": {},
                **mutation,
            }
        ],
    }


def auth_headers(url: str, user: str, password: str = PASSWORD) -> dict:
    """The headers of an API call signed in as ``user`` (a fresh login)."""
    r = requests.post(
        f"{url}{API_PREFIX}/auth/login",
        json={"username": user, "password": password},
        headers={PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"},
        timeout=10,
    )
    return {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1", "Authorization": f"Bearer {r.json()['access_token']}"}


def post_push(url: str, token: str, body: dict, timeout: float = 10) -> requests.Response:
    """``body`` sent raw to the server's push endpoint as the holder of ``token``, past the
    laptop's own checks (as a modified client could)."""
    return requests.post(
        f"{url}{API_PREFIX}/sync/push",
        json=body,
        headers={PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1", "Authorization": f"Bearer {token}"},
        timeout=timeout,
    )


#: A complaint as a rep would record it, unless a test says otherwise.
COMPLAINT = {
    "channel": "phone",
    "category": "delivery",
    "severity": "high",
    "description": "货物晚到三天，客户很不满意",
}


def record_complaint(lap: Laptop, customer_id: str, **values) -> str:
    """Record a complaint on ``lap`` as its user would (``local_db.complaints.record``)."""
    from local_db import complaints

    with lap.db.session() as s:
        return complaints.record(s, customer_id=customer_id, **{**COMPLAINT, **values})


def server_row(store: Store, entity: str, row_id: str) -> dict | None:
    t = SERVER[entity]
    with store.session() as s:
        r = s.execute(select(t).where(t.c.id == row_id)).mappings().first()
    return (
        None
        if r is None
        else {**encode_row(BY_NAME[entity], r), "seq": r["seq"], "updated_by": r["updated_by"]}
    )


def attachment_values(
    customer_id: str,
    sha256: str,
    size_bytes: int,
    created_by: str,
    created_at,
    *,
    parent_type: str = "customer",
    parent_id: str | None = None,
    mime_type: str = "image/jpeg",
    file_name: str = "照片.jpg",
    **more,
) -> dict:
    """An attachment row's values: a photo on the customer's own file unless a test says otherwise
    (``more`` adds columns, e.g. a caption)."""
    return {
        "customer_id": customer_id,
        "parent_type": parent_type,
        "parent_id": customer_id if parent_id is None else parent_id,
        "sha256": sha256,
        "size_bytes": size_bytes,
        "mime_type": mime_type,
        "file_name": file_name,
        "created_by": created_by,
        "created_at": created_at,
        **more,
    }


def insert_attachment(
    w: LocalWriter, customer_id: str, sha256: str, size_bytes: int, created_at=None, **values
) -> str:
    """An attachment row written by ``w`` as its user, as the attach screens write it, created now
    unless ``created_at`` says when; the bytes are kept apart (``LocalFiles.add``). Returns its id."""
    return w.insert(
        "attachment",
        attachment_values(
            customer_id, sha256, size_bytes, w.actor.id, created_at or datetime.now(timezone.utc), **values
        ),
    )
