"""Scope changes during syncs (issue 15): a customer that comes back stays, edits made while
the laptop still covered a customer land, and the laptop ends holding exactly its scope.

The interleavings are deterministic: a hook transport runs the admin's move and the rep's
edits at exact points of a sync (between the push and the pull, between pull pages).
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from local_db.models import OutboxEntry, SyncIssue
from server import org
from server.store.tables import UserScope
from tests.factories import build_org
from tests.sync.helpers import Laptop, server_row
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
        return set(s.scalars(select(UserScope.customer_id).where(UserScope.user_id == user_id, UserScope.active)))


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
    rep.engine.transport.before.append(once(
        lambda path, body: path == "/sync/pull" and (edit(rep, cid, "typed during the sync") or True)))
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
        rep.engine.transport.before.append(once(
            lambda path, body: path == "/sync/pull" and (move(store, cid, "N1") or True)))
    report = rep.sync()
    assert cid in rep.ids("customer"), f"removed although assigned again: {report.summary()}"
    assert rep.ids("customer") == scope_of(store, rep) == set(o.customers["N1"])
    assert cid not in waiting(rep)
    if when == "before the next sync":  # (the other case needs item 2: below)
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
