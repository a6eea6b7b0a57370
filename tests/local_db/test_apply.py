"""Applying a pull page (``local_db.apply``): a row the replica already holds gets only the
columns that changed, so a trigger on other columns stays quiet, and every row ends up
exactly as the server sent it, whatever the page mixes (new rows, changed, unchanged,
the same row twice).

Real SQLite files migrated by Alembic (the ``db`` fixture of the search tests: a territory
and its rep, so customers can be written)."""

from __future__ import annotations

from sqlalchemy import text

from domain.schema import BY_NAME
from domain.values import row_fields
from local_db import search
from local_db.apply import apply_page
from tests.local_db.test_search import customer, db  # noqa: F401 - db is a fixture

FIELDS = list(row_fields(BY_NAME["customer"]))


def page(*rows: dict) -> dict:
    return {"customer": {"fields": FIELDS, "rows": [[r.get(f) for f in FIELDS] for r in rows]}}


def held(db, customer_id: str) -> dict:  # noqa: F811 - the fixture's value
    with db.session() as s:
        row = s.execute(text("SELECT * FROM customers WHERE id = :id"), {"id": customer_id}).mappings().one()
    return {f: row[f] for f in FIELDS}


def stored(row: dict) -> dict:
    """A wire row as SQLite holds it (booleans as 0/1, unsent columns empty)."""
    return {f: int(row[f]) if isinstance(row.get(f), bool) else row.get(f) for f in FIELDS}


def test_a_change_the_search_does_not_use_leaves_the_search_index_alone(db):  # noqa: F811
    a = customer("杭州星云科技有限公司", "C00001", phone="0571-88886666", city="杭州市", notes="老客户")
    with db.session() as s:
        apply_page(s, page(a), [])
        search.catch_up(s)
        assert search.backlog(s) == 0

    noted = {**a, "version": 2, "notes": "每月拜访一次"}
    with db.session() as s:
        stats = apply_page(s, page(noted), [])
        assert stats.upserted == {"customer": 1}
        assert search.backlog(s) == 0  # nothing the search shows changed: not queued again
    assert held(db, a["id"]) == stored(noted)

    renamed = {**noted, "version": 3, "name": "杭州星云智能科技有限公司"}
    with db.session() as s:
        apply_page(s, page(renamed), [])
        assert search.backlog(s) == 1  # the name changed: queued for its index entry
    assert held(db, a["id"]) == stored(renamed)


def test_every_row_of_a_mixed_page_ends_as_sent(db):  # noqa: F811
    a = customer(
        "宁波华信贸易有限公司", "C00002", phone="0574-87654321", key_account=True, credit_limit="5000.00"
    )
    b = customer("重庆长安汽车配件有限公司", "C00003", city="重庆市")
    with db.session() as s:
        apply_page(s, page(a, b), [])

    c = customer("Acme Trading Co., Ltd.", "C00004")  # new
    a2 = {**a, "version": 2, "key_account": False, "credit_limit": "8000.00", "phone": None}
    b2 = {**b, "city": "重庆市"}  # the same as held
    with db.session() as s:
        apply_page(s, page(a2, b2, c), [])
    assert [held(db, r["id"]) for r in (a2, b2, c)] == [stored(r) for r in (a2, b2, c)]

    # the same row twice in one page (two changes the server returned together): the last wins
    a3, a4 = {**a2, "version": 3, "city": "宁波市"}, {**a2, "version": 4, "city": "舟山市"}
    with db.session() as s:
        apply_page(s, page(a3, a4), [])
    assert held(db, a["id"]) == stored(a4)
