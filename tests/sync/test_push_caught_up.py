"""A push that is all of the laptop's next pull window answers that window itself
(``PushResponse.next_cursor``, server/push.py ``_caught_up``): the pull after it is the
one-read no-op, and nothing anyone else writes is missed because of it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from domain.schema import CUSTOMER
from local_db.db import CURSOR
from server.feed import Cursor
from server.store.changes import allocate_seq, committed_seq, update_row
from server.store.tables import UserSyncState
from tests.factories import build_org
from tests.sync.helpers import laptop_maker, push_answers, server_row


@pytest.fixture
def world(any_store, live_server, tmp_path):
    o = build_org(any_store)
    srv = live_server(any_store)
    return any_store, o, laptop_maker(tmp_path, srv.url)


def _pulled_seq(store, user_id: str) -> int:
    with store.session() as s:
        return s.scalar(select(UserSyncState.pulled_seq).where(UserSyncState.user_id == user_id))


def _office_edit(store, cid: str, fax: str) -> None:
    with store.session() as s:
        update_row(s, CUSTOMER, cid, {"fax": fax}, allocate_seq(s), None)


def test_an_up_to_date_laptop_pushes_and_its_pull_is_the_no_op(world):
    store, o, laptop = world
    rep = laptop("rep_a")
    c1, c2, c3 = sorted(o.customers["N1"])[:3]
    with rep.write() as w:
        w.update("customer", c1, {"notes": "one"})
        w.update("customer", c2, {"notes": "two"})
    answers = push_answers(rep)
    t = rep.engine.transport
    r0 = t.requests_made
    report = rep.sync()
    assert (report.pushed, report.applied, report.pulled) == (2, 2, 0)
    assert t.requests_made - r0 == 2  # the push, then the pull
    assert answers[0]["next_cursor"]
    with store.session() as s:
        top = committed_seq(s)
    # the push's window is recorded as pulled, and the laptop's cursor is past it
    assert _pulled_seq(store, o.users["rep_a"]) == top
    assert Cursor.decode(rep.db.get_state(CURSOR)).lo == top
    assert server_row(store, "customer", c1)["notes"] == "one"
    # the pull after it is the no-op answer, and so is the next sync
    r1, b1 = t.requests_made, t.bytes_received
    assert rep.sync().pulled == 0
    assert (t.requests_made - r1, t.bytes_received - b1 <= 1024) == (1, True)
    # what someone else writes afterwards still arrives
    _office_edit(store, c3, "0571-88")
    again = rep.sync()
    assert again.pulled == 1 and rep.row("customer", c3)["fax"] == "0571-88"


def test_a_push_after_someone_elses_change_is_followed_by_a_real_pull(world):
    store, o, laptop = world
    rep = laptop("rep_a")
    c1, c2 = sorted(o.customers["N1"])[:2]
    _office_edit(store, c2, "0571-77")  # committed after the laptop's last pull
    with rep.write() as w:
        w.update("customer", c1, {"notes": "mine"})
    answers = push_answers(rep)
    report = rep.sync()
    assert answers[0]["next_cursor"] is None
    assert (report.applied, report.pulled) == (1, 1)
    assert rep.row("customer", c2)["fax"] == "0571-77"


def test_a_push_that_moves_coverage_is_followed_by_a_real_pull(world):
    store, o, laptop = world
    rep = laptop("rep_a")
    with rep.write() as w:
        cid = w.insert(
            "customer",
            {
                "code": "C-NEW-1",
                "name": "新客户",
                "customer_type": "organisation",
                "territory_id": o.territories["N1"],
            },
        )
    answers = push_answers(rep)
    report = rep.sync()
    assert report.applied == 1 and server_row(store, "customer", cid) is not None
    assert answers[0]["next_cursor"] is None  # the pull closes the window: the scope moved
    with store.session() as s:
        top = committed_seq(s)
    assert _pulled_seq(store, o.users["rep_a"]) == top
    assert rep.row("customer", cid) is not None
    assert rep.sync().pulled == 0
