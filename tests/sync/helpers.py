"""Helpers for sync tests: a laptop (LocalDb + SyncEngine) logged in to a live server."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import requests
from sqlalchemy import func, select

from domain.schema import BY_NAME
from local_db.db import LocalDb
from local_db.models import OutboxEntry
from local_db.replica import open_replica
from local_db.tables import TABLES as LOCAL
from local_db.writes import LocalWriter
from server.store.db import Store
from server.store.tables import TABLES as SERVER
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER, encode_row
from sync.engine import SyncEngine
from tests.factories import PASSWORD, build_org


class Laptop:
    def __init__(self, path: Path, url: str, username: str, credentials=None):
        self.db = open_replica(path)  # encrypted, its key in the (test) keyring, as on a laptop
        self.engine = SyncEngine(self.db, url, username, credentials=credentials)

    def login(self) -> Laptop:
        self.engine.login(PASSWORD)
        return self

    @classmethod
    def synced(cls, path: Path, url: str, username: str) -> Laptop:
        """A new replica for ``username`` at ``path``, logged in to ``url`` and synced once."""
        lap = cls(path, url, username).login()
        lap.sync()
        return lap

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

    def outbox_size(self) -> int:
        """How many changes wait in this laptop's outbox."""
        with self.db.session() as s:
            return s.scalar(select(func.count()).select_from(OutboxEntry))

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
        lap = Laptop.synced(directory / f"{user}.sqlite3", url, user)
        return lap

    return laptop


@contextmanager
def laptop_pool(directory: Path, url: str, *, reuse: bool = True) -> Iterator[Callable[[str], Laptop]]:
    """``laptop(user)`` within the block: a replica for ``user`` in ``directory``, logged in to
    ``url`` and synced once (with ``reuse``, the same one each time that user is asked for);
    every one made is closed when the block ends."""
    made: list[Laptop] = []
    by_user: dict[str, Laptop] = {}

    def laptop(user: str) -> Laptop:
        if reuse and user in by_user:
            return by_user[user]
        lap = Laptop.synced(directory / f"{user}.sqlite3", url, user)
        made.append(lap)
        by_user[user] = lap
        return lap

    yield laptop
    for lap in made:
        lap.engine.transport.close()
        lap.db.close()


def serve_org(store: Store, live_server, directory: Path, **build) -> tuple:
    """The test organisation built in ``store`` (``build_org(store, **build)``), a live server for
    it (the ``live_server`` fixture), and ``laptop(user)`` making a synced replica in ``directory``:
    ``(store, server, org, laptop)``."""
    o = build_org(store, **build)
    srv = live_server(store)
    return store, srv, o, laptop_maker(directory, srv.url)


def update_mutation(entity: str, row_id: str, changes: dict, base: dict, **more) -> dict:
    """A push mutation updating ``row_id`` from ``base`` to ``changes`` (``push_request`` adds the rest)."""
    return {"entity": entity, "row_id": row_id, "op": "update", "changes": changes, "base": base, **more}


def insert_mutation(entity: str, changes: dict, row_id: str | None = None, **more) -> dict:
    """A push mutation inserting a row (a fresh id unless ``row_id`` says which)."""
    return {
        "entity": entity,
        "row_id": row_id or str(uuid.uuid4()),
        "op": "insert",
        "changes": changes,
        **more,
    }


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


def work_through_complaint(db: LocalDb, complaint_id: str, *, close: bool = True) -> None:
    """Take a new complaint to its follow-up call (customer satisfied, 4 of 5), and close it
    unless ``close`` is False, as its owner would on ``db``."""
    from local_db import complaints

    with db.session() as s:
        complaints.acknowledge(s, complaint_id)
        complaints.start_work(s, complaint_id)
        complaints.resolve(s, complaint_id, root_cause="Loose pallet", resolution="Replaced both cartons")
        complaints.follow_up(s, complaint_id, satisfaction=4)
        if close:
            complaints.close(s, complaint_id)


def push_answers(lap: Laptop) -> list[dict]:
    """The push responses this laptop gets from now on (its engine's calls are wrapped)."""
    seen: list[dict] = []
    call = lap.engine.call

    def recording(path, body):
        resp = call(path, body)
        if path == "/sync/push":
            seen.append(resp)
        return resp

    lap.engine.call = recording
    return seen


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


def insert_two_widgets_quote(
    w: LocalWriter,
    product_id: str,
    customer_id: str,
    number: str,
    *,
    discount_pct: str,
    unit_price: str = "10.00",
    amounts: tuple[str, str, str] = ("0", "0", "0"),
    **quote,
) -> str:
    """A draft quote in CNY issued today by ``w``'s user, of one line: two units of ``product_id``
    at ``unit_price``, ``discount_pct`` off, 13 % tax. ``amounts`` (subtotal, tax, total) are stored
    on the quote and on its line as given (``local_db.quotes.recompute_totals`` works them out);
    ``quote`` adds columns of the quote. Returns the quote's id."""
    subtotal, tax, total = (Decimal(a) for a in amounts)
    qid = w.insert(
        "quote",
        {
            "customer_id": customer_id,
            "rep_id": w.actor.id,
            "number": number,
            "status": "draft",
            "currency": "CNY",
            "issue_date": date.today(),
            "subtotal": subtotal,
            "tax_total": tax,
            "total": total,
            **quote,
        },
    )
    w.insert(
        "quote_line",
        {
            "customer_id": customer_id,
            "quote_id": qid,
            "line_no": 1,
            "product_id": product_id,
            "quantity": Decimal("2"),
            "unit_price": Decimal(unit_price),
            "discount_pct": Decimal(discount_pct),
            "tax_rate": Decimal("13"),
            "line_subtotal": subtotal,
            "line_tax": tax,
            "line_total": total,
        },
    )
    return qid


def draft_quote(customer_id: str, rep_id: str, number: str, **more) -> dict:
    """A draft quote's values: CNY, issued 5 March 2026 (``more`` adds columns)."""
    return {
        "customer_id": customer_id,
        "rep_id": rep_id,
        "number": number,
        "status": "draft",
        "currency": "CNY",
        "issue_date": date(2026, 3, 5),
        **more,
    }


def submitted_visit(customer_id: str, rep_id: str, order_amount: str, **more) -> dict:
    """A routine visit's values, submitted with an order of ``order_amount`` (``more`` adds columns)."""
    return {
        "customer_id": customer_id,
        "rep_id": rep_id,
        "status": "submitted",
        "purpose": "routine",
        "order_amount": Decimal(order_amount),
        **more,
    }
