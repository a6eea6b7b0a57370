"""Scope changes during syncs (issue 15): a customer that comes back stays, edits made while
the laptop still covered a customer land, and the laptop ends holding exactly its scope.

The interleavings are deterministic: a hook transport runs the admin's move and the rep's
edits at exact points of a sync (between the push and the pull, between pull pages).
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from domain.schema import CUSTOMER
from local_db.models import OutboxEntry, SyncIssue
from server import org
from server.feed import GRACE_WINDOWS, Cursor
from server.store.changes import allocate_seq, update_row
from server.store.tables import UserScope
from tests.factories import build_org
from tests.sync.helpers import Laptop, post_push, push_request, server_row, update_mutation
from tests.sync.hooks import HookTransport, once


@pytest.fixture
def world(any_store, live_server, tmp_path):
    o = build_org(any_store)
    srv = live_server(any_store)

    def laptop(user: str) -> Laptop:
        lap = Laptop(tmp_path / f"{user}.sqlite3", srv.url, user).login()
        lap.engine.transport = HookTransport(srv.url)
        lap.sync()
        return lap

    return any_store, o, laptop


def move(store, cid: str, territory: str) -> None:
    with store.session() as s:
        org.move_customers(s, [cid], territory)


def scope_of(store, lap: Laptop) -> set[str]:
    user_id = lap.db.get_state("user_id")
    with store.session() as s:
        return set(
            s.scalars(select(UserScope.customer_id).where(UserScope.user_id == user_id, UserScope.active))
        )


def issues(lap: Laptop) -> list[SyncIssue]:
    with lap.db.session() as s:
        return list(s.scalars(select(SyncIssue)))


def waiting(lap: Laptop) -> list[str]:
    """The customers whose eviction is postponed (read as stored, any version's form)."""
    return list(json.loads(lap.db.get_state("deferred_evictions") or "[]"))


def edit(lap: Laptop, cid: str, notes: str) -> None:
    with lap.write() as w:
        w.update("customer", cid, {"notes": notes})


def _sync_learning_the_move(store, rep: Laptop, cid: str) -> None:
    """The admin moves the customer away; the rep's sync learns it while the rep is still
    editing the customer (typed after the push, before the page with the eviction is
    applied): the eviction waits for that edit."""
    move(store, cid, "N2")
    rep.engine.transport.before.append(
        once(lambda path, body: path == "/sync/pull" and (edit(rep, cid, "typed during the sync") or True))
    )
    rep.sync()
    rep.engine.transport.before.clear()
    assert cid in rep.ids("customer") and cid in waiting(rep)


@pytest.mark.parametrize("when", ["before the next sync", "between its push and its pull"])
def test_customer_moved_back_stays_on_the_laptop(world, when):
    store, o, laptop = world
    rep = laptop("rep_a")
    cid = sorted(o.customers["N1"])[0]
    _sync_learning_the_move(store, rep, cid)
    if when == "before the next sync":
        move(store, cid, "N1")
    else:
        rep.engine.transport.before.append(
            once(lambda path, body: path == "/sync/pull" and (move(store, cid, "N1") or True))
        )
    report = rep.sync()
    assert cid in rep.ids("customer"), f"removed although assigned again: {report.summary()}"
    assert rep.ids("customer") == scope_of(store, rep) == set(o.customers["N1"])
    assert cid not in waiting(rep)
    assert server_row(store, "customer", cid)["notes"] == "typed during the sync"
    assert not issues(rep)
    # and it stays: later syncs neither remove it nor re-check it
    rep.engine.transport.log.clear()
    rep.sync()
    assert cid in rep.ids("customer") and "/sync/scope" not in rep.engine.transport.log


def test_customer_that_stays_away_is_evicted_once_its_edits_are_pushed(world):
    store, o, laptop = world
    rep = laptop("rep_a")
    cid = sorted(o.customers["N1"])[1]
    _sync_learning_the_move(store, rep, cid)
    rep.sync()
    assert cid not in rep.ids("customer") and not waiting(rep)
    assert rep.ids("customer") == scope_of(store, rep)
    with rep.db.session() as s:
        assert not s.scalars(select(OutboxEntry)).all()


def test_edits_typed_during_the_sync_that_learned_of_the_move_land(world):
    """Issue 15.2: the rep keeps typing while the sync that learns of the move runs; every
    edit was made while the laptop still covered the customer, so every one lands."""
    store, o, laptop = world
    rep, sup = laptop("rep_a"), laptop("sup_n")
    gone = sorted(o.customers["N1"])[:2]
    staying = sorted(o.customers["N1"])[2:]
    with sup.write() as w:  # other changes in the same window, so the pull takes several pages
        for cid in staying:
            w.update("customer", cid, {"fax": "0571-7"})
    sup.sync()
    for cid in gone:
        move(store, cid, "N2")
    rep.engine.max_rows = 1
    typed: list[tuple[str, str]] = []

    def type_between_pages(path, body):
        if path == "/sync/pull":
            for cid in gone:
                if cid in rep.ids("customer"):
                    notes = f"page {len(typed)}"
                    edit(rep, cid, notes)
                    typed.append((cid, notes))
                    with rep.write() as w:
                        w.insert(
                            "visit",
                            {"customer_id": cid, "rep_id": w.actor.id, "status": "submitted", "notes": notes},
                        )

    rep.engine.transport.before.append(type_between_pages)
    first = rep.sync()
    rep.engine.transport.before.clear()
    assert first.pages >= 3 and len(typed) >= 2 * len(gone)
    assert set(gone) <= rep.ids("customer")  # still here: their edits wait
    second = rep.sync()
    assert second.rejected == 0, second.issues
    assert not issues(rep)
    for cid in gone:
        last = [n for c, n in typed if c == cid][-1]
        assert server_row(store, "customer", cid)["notes"] == last
    assert rep.ids("customer") == scope_of(store, rep) == set(staying)
    with rep.db.session() as s:
        assert not s.scalars(select(OutboxEntry)).all()


def test_client_seq_rises_for_the_life_of_the_replica(world):
    store, o, laptop = world
    rep = laptop("rep_a")
    cid = sorted(o.customers["N1"])[0]
    seen = []
    for n in range(3):
        edit(rep, cid, f"edit {n}")
        with rep.db.session() as s:
            seen.append(s.scalar(select(OutboxEntry.client_seq)))
        rep.sync()  # the outbox empties every time
    assert seen == sorted(seen) and len(set(seen)) == 3, seen


def _raw_push(lap: Laptop, cid: str, known_cursor: str | None, fax: str) -> dict:
    """One customer edit pushed by hand, claiming ``known_cursor`` as what the laptop knew."""
    url = lap.engine.server_url
    token = lap.engine.credentials.load(url, lap.engine.username).access_token
    m = update_mutation("customer", cid, {"fax": fax}, {"fax": None})
    if known_cursor is not None:
        m["known_cursor"] = known_cursor
    r = post_push(url, token, push_request(m))
    assert r.status_code == 200, r.text
    return r.json()["results"][0]


def test_a_claimed_old_cursor_never_opens_a_customer_the_user_did_not_cover(world):
    store, o, laptop = world
    rep = laptop("rep_a")
    south = sorted(o.customers["S1"])[0]
    result = _raw_push(rep, south, Cursor(lo=0).encode(), "0571-1")
    assert (result["outcome"], result["code"]) == ("rejected", "out_of_scope")
    assert server_row(store, "customer", south)["fax"] is None


def test_a_claim_older_than_the_users_recent_pulls_is_judged_as_of_the_oldest_of_them(world):
    """The grace is bounded: once the user's laptops have closed GRACE_WINDOWS windows after
    the move, an edit claiming to predate it no longer reaches the customer."""
    store, o, laptop = world
    rep = laptop("rep_a")
    before_move = rep.db.get_state("cursor")
    gone, other = sorted(o.customers["N1"])[:2]
    move(store, gone, "N2")
    assert _raw_push(rep, gone, before_move, "0571-2")["outcome"] in ("applied", "merged")  # within the grace
    for n in range(GRACE_WINDOWS):
        with store.session() as s:
            update_row(s, CUSTOMER, other, {"website": f"w{n}.example"}, allocate_seq(s), None)
        rep.sync()
    result = _raw_push(rep, gone, before_move, "0571-3")
    assert (result["outcome"], result["code"]) == ("rejected", "out_of_scope")
    assert server_row(store, "customer", gone)["fax"] == "0571-2"


def test_customer_coming_back_during_the_sync_that_learns_it_left_stays(world):
    """The eviction is postponed on the first page (the rep is typing); the admin moves the
    customer back before the next page. The laptop keeps it through this sync (its edit is
    queued) and the next one (the server's scope says it is covered again)."""
    store, o, laptop = world
    rep = laptop("rep_a")
    cid = sorted(o.customers["N1"])[2]
    move(store, cid, "N2")
    rep.engine.max_rows = 1
    pulls = []

    def hook(path, body):
        if path != "/sync/pull":
            return
        pulls.append(path)
        if len(pulls) == 1:  # before the page with the eviction: the rep is typing
            edit(rep, cid, "typed while it moved")
        elif len(pulls) == 2:  # the eviction was postponed; the admin changes their mind
            assert cid in waiting(rep)
            move(store, cid, "N1")

    rep.engine.transport.before.append(hook)
    rep.sync()
    assert cid in rep.ids("customer")
    rep.engine.transport.before.clear()
    rep.sync()
    assert cid in rep.ids("customer") and cid not in waiting(rep)
    assert rep.ids("customer") == scope_of(store, rep) == set(o.customers["N1"])
    assert server_row(store, "customer", cid)["notes"] == "typed while it moved"
    assert not issues(rep)
