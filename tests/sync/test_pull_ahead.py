"""The pull asks for the next page while it applies the current one (sync.engine._PagesAhead).

Pages are still applied one by one, each with its cursor in its own transaction: a request
that fails while asked ahead surfaces after the page before it is committed, a page that
fails to apply is never followed by the next one, and either way the next sync resumes
from the stored cursor and ends with the same replica as a sync that was never stopped.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from local_db import apply as apply_module
from local_db.db import LocalDb
from local_db.tables import TABLES as LOCAL
from sync import engine as engine_module
from sync.transport import AccountDeactivated, Transport, Unreachable
from tests.sync.bench_world import bench_server, many_page_laptops

CUSTOMERS = 60  # with their contacts, visits and quotes: 240 rows and more


class Recording(Transport):
    """Records each pull's cursor and the cursor the laptop had committed when it was asked;
    fails the given pull once, with the given error."""

    def __init__(self, url: str, db_path=None, fail_at: int | None = None, error: Exception | None = None):
        super().__init__(url)
        self.db_path = db_path
        self.fail_at, self.error = fail_at, error
        self.pulls: list[str | None] = []
        self.started = threading.Event()  # set when the second pull is asked for
        self.threads: set[str] = set()

    def request(self, method, path, body, token):
        if path == "/sync/pull":
            self.pulls.append(body.get("cursor"))
            self.threads.add(threading.current_thread().name)
            if len(self.pulls) == 2:
                self.started.set()
            if len(self.pulls) == self.fail_at:
                self.fail_at = None
                raise self.error or Unreachable("injected: the link dropped")
        return super().request(method, path, body, token)


@pytest.fixture
def server(sqlite_store, live_server):
    return bench_server(sqlite_store, live_server, CUSTOMERS)


_laptop = many_page_laptops(40)


def _held(db: LocalDb) -> dict[str, list]:
    with db.session() as s:
        return {e: sorted(s.execute(select(t)).all()) for e, t in LOCAL.items()}


def _count(db: LocalDb) -> int:
    with db.session() as s:
        return sum(s.scalar(select(func.count()).select_from(t)) for t in LOCAL.values())


def _no_thread_left() -> bool:
    return not any(t.name.startswith("fieldsales-pull-ahead") for t in threading.enumerate())


def test_the_next_page_is_asked_for_while_the_current_one_is_applied(tmp_path, server, monkeypatch):
    transport = Recording(server.url)
    rep = _laptop(tmp_path, server.url, transport)
    overlapped = []
    real = apply_module.apply_page

    def slow_first_page(session, changes, evict, **how):
        if not overlapped:  # the first page waits until the second one is being asked for
            overlapped.append(transport.started.wait(10))
        return real(session, changes, evict, **how)

    monkeypatch.setattr(engine_module, "apply_page", slow_first_page)
    report = rep.sync()
    assert overlapped == [True]
    assert report.pages > 3
    assert any(name.startswith("fieldsales-pull-ahead") for name in transport.threads)
    # every page was asked for once, each from the cursor of the page before
    assert len(transport.pulls) == report.pages and len(set(transport.pulls)) == report.pages
    reference = _laptop(tmp_path, server.url, Transport(server.url), "reference")
    reference.max_rows = 5000
    reference.sync()
    assert _held(rep.db) == _held(reference.db)
    assert _no_thread_left()


def test_a_request_failing_ahead_surfaces_after_the_page_before_it_is_committed(tmp_path, server):
    transport = Recording(server.url, fail_at=4)
    rep = _laptop(tmp_path, server.url, transport)
    with pytest.raises(Unreachable):
        rep.sync()
    assert len(transport.pulls) == 4  # nothing asked for after the failed request
    # pages 1-3 are committed with their cursor: the one the failed request was asked with
    assert rep.db.get_state("cursor") == transport.pulls[3]
    assert _no_thread_left()
    reference = _laptop(tmp_path, server.url, Transport(server.url), "reference")
    reference.sync()
    assert 0 < _count(rep.db) == 3 * rep.max_rows < _count(reference.db)

    report = rep.sync()
    assert transport.pulls[4] == transport.pulls[3]  # resumed from the stored cursor
    assert len(transport.pulls) == 4 + report.pages and len(set(transport.pulls[4:])) == report.pages
    assert _held(rep.db) == _held(reference.db)


def test_a_page_failing_to_apply_stops_the_pull_and_the_page_asked_ahead_is_dropped(
    tmp_path, server, monkeypatch
):
    transport = Recording(server.url)
    rep = _laptop(tmp_path, server.url, transport)
    real = apply_module.apply_page
    applied = []

    def third_fails(session, changes, evict, **how):
        if len(applied) == 2:
            raise OSError("injected: the disk is full")
        applied.append(real(session, changes, evict, **how))
        return applied[-1]

    monkeypatch.setattr(engine_module, "apply_page", third_fails)
    with pytest.raises(OSError):
        rep.sync()
    assert _no_thread_left()  # the request asked ahead was waited for (or cancelled), its page dropped
    asked = len(transport.pulls)
    assert asked in (3, 4)  # pages 1-3, and perhaps the one asked for while the third was applied
    assert rep.db.get_state("cursor") == transport.pulls[2]  # page 3 was not committed
    assert _count(rep.db) == sum(a.rows for a in applied) == 2 * rep.max_rows

    monkeypatch.setattr(engine_module, "apply_page", real)
    rep.sync()
    assert transport.pulls[asked] == transport.pulls[2]  # page 3 again, from the stored cursor
    reference = _laptop(tmp_path, server.url, Transport(server.url), "reference")
    reference.sync()
    assert _held(rep.db) == _held(reference.db)


def test_a_deactivation_heard_ahead_wipes_the_copy_between_pages(tmp_path, server):
    transport = Recording(
        server.url,
        fail_at=3,
        error=AccountDeactivated(403, "account_deactivated", "This account has been deactivated."),
    )
    rep = _laptop(tmp_path, server.url, transport)
    with pytest.raises(AccountDeactivated):
        rep.sync()
    assert _no_thread_left()
    assert all(rows == [] for rows in _held(rep.db).values())  # page 2, applied meanwhile, went too
    assert rep.db.get_state("cursor") is None


def test_a_page_asked_ahead_for_another_cursor_is_dropped_and_the_right_one_fetched(
    tmp_path, server, monkeypatch
):
    """Invariant 7: a page is applied only for the cursor it was asked with. If the page
    waiting ahead was asked for another cursor than the one taken, it is dropped and the
    page after the taken cursor is fetched and applied — never the other cursor's page."""
    transport = Recording(server.url)
    rep = _laptop(tmp_path, server.url, transport)
    real_ask, real_apply = engine_module._PagesAhead.ask, apply_module.apply_page
    asked_stale, applied = [], []

    def first_ask_for_the_start(self, cursor):
        if not asked_stale:  # once: ask ahead for the first page's cursor again, not the next one
            asked_stale.append(cursor)
            cursor = None
        real_ask(self, cursor)

    def recording(session, changes, evict, **how):
        applied.append(repr(changes))
        return real_apply(session, changes, evict, **how)

    monkeypatch.setattr(engine_module._PagesAhead, "ask", first_ask_for_the_start)
    monkeypatch.setattr(engine_module, "apply_page", recording)
    report = rep.sync()
    assert asked_stale and transport.pulls[:3] == [
        None,
        None,
        asked_stale[0],
    ]  # the stale ask, then the right one
    assert len(applied) == len(set(applied)) == report.pages  # no page applied twice
    assert report.pages == len(transport.pulls) - 1 == len(set(transport.pulls))
    reference = _laptop(tmp_path, server.url, Transport(server.url), "reference")
    reference.max_rows = 5000
    reference.sync()
    assert _held(rep.db) == _held(reference.db)
    assert _no_thread_left()
