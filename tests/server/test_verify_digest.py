"""The server's verification digests (``server.feed.verify``) are exactly ``bucket_digest``.

``verify`` reads each entity in the digest's order straight from the database and hashes
as it goes; laptops, old and new, compute their side with ``bucket_digest``'s definition.
So every digest must equal the straightforward computation kept here as the reference
(the algorithm ``verify`` used before: a tuple per row, sorted in Python), for every role,
on SQLite and PostgreSQL, with tombstones, and with ids whose order under a locale's
collation differs from byte order.

About ids and collations: the app writes canonical lowercase UUIDs, and for those every
common collation orders as bytes do (same length, hyphens in the same places, 0-9 before
a-f); ``test_canonical_uuids_sort_alike_under_a_locale`` checks it for ICU's en-US. Mixed
case or punctuation in other places do not, which is why PostgreSQL orders ``COLLATE "C"``;
``test_verify_in_a_locale_collated_database`` runs where that matters.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import and_, create_engine, select, text

from domain import schema as S
from domain.schema import ENTITIES, Entity, Scope
from server import auth
from server.feed import FeedReader, verify
from server.scope import refresh_scope
from server.store.changes import allocate_seq, insert_rows, update_row
from server.store.db import Store
from server.store.migrate import upgrade
from server.store.tables import TABLES, UserScope
from sync.contract import bucket_digest, bucket_of, new_id
from tests.conftest import PG_ADMIN_URL
from tests.factories import build_org

# Customer ids (all of bucket customers-a) whose order under en-US differs from byte order:
# upper before lower case in bytes, letters before punctuation, '-' against letters/digits.
ODD_CUSTOMERS = (
    "0190ffff-aaaa-7000-8000-00000000000a",
    "0190FFFF-AAAA-7000-8000-00000000000a",
    "0190ffff-aaaa-7000-8000-0000000000-a",
    "0190ffff-aaaa-7000-8000-000000000_0a",
    "Zeta-customer-a",
    "alpha-customer-a",
    "alpha_customer-a",
    "alphacustomer-a",
)
# Contacts of the first odd customer: the order inside one entity of one bucket.
ODD_CONTACTS = ("B-contact", "a-contact", "b-contact", "b_contact", "bcontact", "A-contact", "a.contact")
ODD_TARGETS = ("T-target", "t-target", "t_target", "ttarget")  # rep_a's sales targets (bucket "user")


def reference_verify(session, user) -> dict[str, dict]:
    """The old algorithm: every row in scope as an (entity, id, version) tuple, sorted and
    hashed by ``bucket_digest``."""
    reader = FeedReader(session, user)
    items: dict[str, list[tuple[str, str, int]]] = {}
    for e in ENTITIES:
        for row in session.execute(_reference_scope_query(reader, e)):
            key = bucket_of(e, {"id": row.id, "customer_id": getattr(row, "cust", None)})
            items.setdefault(key, []).append((e.name, row.id, row.version))
    return {k: bucket_digest(v) for k, v in items.items()}


def _reference_scope_query(reader: FeedReader, e: Entity):
    t = TABLES[e.name]
    cols = [t.c.id, t.c.version]
    if e.scope is Scope.CUSTOMER:
        cols.append((t.c.id if e.name == "customer" else t.c.customer_id).label("cust"))
    q = select(*cols).where(~t.c.deleted)
    if e.scope is Scope.CUSTOMER and not reader.sees_all:
        us = UserScope.__table__
        key = t.c.id if e.name == "customer" else t.c.customer_id
        q = q.join(us, and_(us.c.customer_id == key, us.c.user_id == reader.user.id, us.c.active))
    elif e.scope is Scope.USER and not reader.sees_all:
        q = q.where(t.c[e.user_field].in_(reader.team()))
    return q


def add_odd_rows(store: Store, o) -> None:
    """Rows with odd ids in rep_a's territory, edits (versions above 1) and tombstones."""
    t0 = datetime(2026, 3, 2, 1, 30, tzinfo=timezone.utc)
    rep, terr = o.users["rep_a"], o.territories["N1"]
    with store.session() as s:
        seq = allocate_seq(s)
        insert_rows(
            s,
            S.CUSTOMER,
            [
                {
                    "id": cid,
                    "code": f"ODD{n}",
                    "name": f"奇 {n}",
                    "customer_type": "organisation",
                    "territory_id": terr,
                    "owner_id": rep,
                    "created_at": t0,
                }
                for n, cid in enumerate(ODD_CUSTOMERS)
            ],
            seq,
            None,
        )
        insert_rows(
            s,
            S.CONTACT,
            [{"id": k, "customer_id": ODD_CUSTOMERS[0], "name": k} for k in ODD_CONTACTS],
            seq,
            None,
        )
        insert_rows(
            s,
            S.CONTACT,
            [
                {"id": f"c{n}-{cid}"[:36], "customer_id": cid, "name": "c"}
                for n, cid in enumerate(ODD_CUSTOMERS[1:])
            ],
            seq,
            None,
        )
        insert_rows(
            s,
            S.SALES_TARGET,
            [
                {"id": k, "user_id": rep, "month": f"2026-0{n + 1}", "amount": Decimal("1000.00")}
                for n, k in enumerate(ODD_TARGETS)
            ],
            seq,
            None,
        )
        refresh_scope(s, seq)
    with store.session() as s:
        seq = allocate_seq(s)
        for _ in range(9):  # version 10: "10" < "9" as text, which must not matter
            update_row(s, S.CONTACT, "b-contact", {"title": "edited"}, seq, None)
        update_row(s, S.CONTACT, "a-contact", {}, seq, None, deleted=True)
        update_row(s, S.CUSTOMER, ODD_CUSTOMERS[4], {}, seq, None, deleted=True)  # its contact stays live
        update_row(s, S.SALES_TARGET, "t_target", {}, seq, None, deleted=True)
        c = TABLES["contact"]
        for cid in (o.customers["N1"][0], o.customers["S1"][0]):  # ordinary rows too
            victim = s.scalar(select(c.c.id).where(c.c.customer_id == cid).order_by(c.c.id).limit(1))
            update_row(s, S.CONTACT, victim, {}, seq, None, deleted=True)
        refresh_scope(s, seq)


def user_of(store: Store, username: str):
    with store.session() as s:
        return auth.to_current(auth.find_login(s, username))


def check_all_roles(store: Store) -> dict[str, dict]:
    results = {}
    for name in ("rep_a", "sup_n", "sup_s", "rep_c", "admin"):
        user = user_of(store, name)
        with store.session() as s:
            expected = reference_verify(s, user)
            got, seq = verify(s, user)
        assert got == expected, name
        assert seq > 0
        results[name] = got
    return results


def test_verify_equals_the_reference(any_store):
    o = build_org(any_store)
    add_odd_rows(any_store, o)
    results = check_all_roles(any_store)
    rep, sup, admin = results["rep_a"], results["sup_n"], results["admin"]
    # The odd rows are really there: rep_a's bucket "a" holds them, tombstones left out.
    assert rep["customers-a"]["count"] >= (len(ODD_CUSTOMERS) - 1) + (len(ODD_CONTACTS) - 1)
    assert rep["user"]["count"] == 1 + len(ODD_TARGETS) - 1  # an assignment and the live targets
    assert sup["customers-a"]["count"] >= rep["customers-a"]["count"]
    assert set(admin) >= {"org", "catalog", "user", "customers-a"}
    assert results["rep_c"].get("customers-a") != rep["customers-a"]


def test_buckets_without_rows_are_absent(any_store):
    """A bucket the caller has no rows in is not reported (as ``bucket_digest`` never saw it)."""
    o = build_org(any_store, per_territory=0)
    with any_store.session() as s:
        user = user_of(any_store, "rep_a")
        got, _seq = verify(s, user)
        assert got == reference_verify(s, user)
    assert not any(b.startswith("customers-") for b in got)
    assert o.customers["N1"] == []


@pytest.fixture
def icu_store(pg_available):
    """A PostgreSQL database whose default collation is ICU's en-US (not byte order)."""
    name = f"fs_test_icu_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(
            text(
                f"CREATE DATABASE \"{name}\" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' "
                "LOCALE 'C.UTF-8'"
            )
        )
    store = Store.from_url(PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name)
    upgrade(store.engine)
    yield store
    store.engine.dispose()
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.postgres
def test_verify_in_a_locale_collated_database(icu_store):
    o = build_org(icu_store)
    add_odd_rows(icu_store, o)
    with icu_store.session() as s:
        t = TABLES["contact"]
        by_locale = list(s.scalars(select(t.c.id).where(t.c.id.in_(ODD_CONTACTS)).order_by(t.c.id)))
    assert by_locale != sorted(by_locale), "the database's own order should differ from byte order here"
    check_all_roles(icu_store)


@pytest.mark.postgres
def test_canonical_uuids_sort_alike_under_a_locale(icu_store):
    """What the app writes (lowercase UUIDv7) orders the same under en-US as in bytes; mixed
    case does not (so the byte order ``verify`` asks for is a guarantee, not a habit)."""
    ids = [new_id() for _ in range(300)] + [str(uuid.uuid4()) for _ in range(300)]
    with icu_store.session() as s:

        def ordered(values):
            return list(
                s.scalars(
                    text("SELECT v FROM unnest(CAST(:vs AS varchar[])) AS v ORDER BY v"), {"vs": values}
                )
            )

        assert ordered(ids) == sorted(ids)
        mixed = [i.upper() if n % 2 else i for n, i in enumerate(ids)]
        assert ordered(mixed) != sorted(mixed)
