"""A first sync of several pages builds the replica's indexes once, at its end (local_db.bulk).

After it the replica has exactly the schema its migrations make (every index and trigger
back), search finds what it should (bigrams, pinyin, contacts), and edits keep the search
index in step again. Cut short, the load resumes where it stopped (re-downloading at most
one page), searching works meanwhile, and the indexes come back when it completes.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from local_db import bulk, queries, search
from local_db.db import LocalDb
from local_db.tables import TABLES as LOCAL
from local_db.writes import LocalWriter
from sync.transport import Transport, Unreachable
from tests.sync.bench_world import bench_server, many_page_laptops

CUSTOMERS = 120


def _schema(db: LocalDb) -> set[tuple[str, str, str]]:
    with db.engine.connect() as c:
        return set(
            c.exec_driver_sql("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')")
        )


class CutAfter(Transport):
    """Loses the connection once, when the given pull page is asked for; counts pulls."""

    def __init__(self, url: str, cut_at: int | None):
        super().__init__(url)
        self.cut_at = cut_at
        self.pulls = 0
        self.cursors: list[str | None] = []

    def request(self, method, path, body, token):
        if path == "/sync/pull":
            self.pulls += 1
            self.cursors.append(body.get("cursor"))
            if self.pulls == self.cut_at:
                self.cut_at = None
                raise Unreachable("injected: the link dropped")
        return super().request(method, path, body, token)


@pytest.fixture
def server(sqlite_store, live_server):
    return bench_server(sqlite_store, live_server, CUSTOMERS)


_laptop = many_page_laptops(50)


def _names(db: LocalDb, text: str) -> set[str]:
    with db.session() as s:
        return {r["name"] for r in queries.search_customers(s, text, limit=1000)}


def _expected(db: LocalDb, needle: str) -> set[str]:
    c = LOCAL["customer"]
    with db.session() as s:
        return set(s.scalars(select(c.c.name).where(c.c.name.contains(needle))))


def test_a_first_sync_leaves_the_schema_its_migrations_make_and_search_correct(tmp_path, server):
    fresh = _schema(LocalDb(tmp_path / "fresh.sqlite3"))
    rep = _laptop(tmp_path, server.url, Transport(server.url))
    report = rep.sync()
    assert report.pages > 3
    assert _schema(rep.db) == fresh
    with rep.db.session() as s:
        assert not bulk.active(s)
        assert s.scalar(select(func.count()).select_from(LOCAL["customer"])) == CUSTOMERS
        assert search.catch_up(s) == CUSTOMERS
        assert search.backlog(s) == 0
    city = "杭州"
    assert _names(rep.db, city) == _expected(rep.db, city) != set()
    assert _names(rep.db, "hangzhou") == _expected(rep.db, city)  # pinyin
    with rep.db.session() as s:
        contact = s.execute(select(LOCAL["contact"].c.name, LOCAL["contact"].c.customer_id).limit(1)).one()
        owner = s.scalar(
            select(LOCAL["customer"].c.name).where(LOCAL["customer"].c.id == contact.customer_id)
        )
    assert owner in _names(rep.db, contact.name)

    # the triggers are back: an edit queues its customer, and search follows it
    with rep.db.session() as s:
        LocalWriter.for_owner(s).update("customer", contact.customer_id, {"name": "宁波极光贸易有限公司"})
        assert search.backlog(s) == 1
        search.catch_up(s)
    assert _names(rep.db, "极光") == {"宁波极光贸易有限公司"}
    assert _names(rep.db, "jiguang") == {"宁波极光贸易有限公司"}


def test_an_interrupted_first_sync_resumes_and_searches_meanwhile(tmp_path, server):
    fresh = _schema(LocalDb(tmp_path / "fresh.sqlite3"))
    transport = CutAfter(server.url, cut_at=4)
    rep = _laptop(tmp_path, server.url, transport)
    with pytest.raises(Unreachable):
        rep.sync()
    with rep.db.session() as s:
        assert bulk.active(s)  # the indexes wait for the end of the load...
        assert search.catch_up(s) == 0  # ...and so does the search index
        held = {r for r in s.scalars(select(LOCAL["customer"].c.name))}
    assert held and _schema(rep.db) != fresh
    some = next(iter(held))[:4]
    assert _names(rep.db, some) == _expected(rep.db, some) != set()  # searched directly meanwhile

    stored = rep.db.get_state("cursor")
    asked_before = transport.pulls
    rep.sync()
    # it went on from the stored cursor: only the page that was cut is asked for again
    assert transport.cursors[asked_before] == stored == transport.cursors[asked_before - 1]
    assert _schema(rep.db) == fresh
    with rep.db.session() as s:
        assert not bulk.active(s)
        assert s.scalar(select(func.count()).select_from(LOCAL["customer"])) == CUSTOMERS
        search.catch_up(s)
    assert _names(rep.db, "杭州") == _expected(rep.db, "杭州")


def test_a_single_page_first_sync_does_not_set_anything_aside(tmp_path, server, monkeypatch):
    rep = _laptop(tmp_path, server.url, Transport(server.url))
    rep.max_rows = 5000
    begun = []
    monkeypatch.setattr(bulk, "begin", lambda session: begun.append(session))
    assert rep.sync().pages == 1
    assert begun == []
