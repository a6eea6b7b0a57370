"""A push whose answer is lost: the message says it will be retried and may have arrived."""

from __future__ import annotations

import pytest

from server.store.tables import AppliedMutation
from sync.transport import PushUnconfirmed, Unreachable
from tests.factories import build_org
from tests.sync.helpers import Laptop, server_row
from tests.sync.hooks import HookTransport
from ui.errors import describe_error


def test_lost_push_answer_says_it_may_already_have_arrived_and_the_replay_applies_once(
    sqlite_store, live_server, tmp_path
):
    o = build_org(sqlite_store)
    srv = live_server(sqlite_store)
    rep = Laptop(tmp_path / "rep_a.sqlite3", srv.url, "rep_a").login()
    rep.engine.transport = HookTransport(srv.url)
    rep.sync()
    cid = sorted(o.customers["N1"])[0]
    with rep.write() as w:
        w.update("customer", cid, {"notes": "sent once"})

    lost_once = []

    def lose_answer(path, body, result):  # the server committed; its answer never comes back
        if path == "/sync/push" and not lost_once:
            lost_once.append(path)
            raise Unreachable("The server at x cannot be reached (ReadTimeout).") from TimeoutError()

    rep.engine.transport.after.append(lose_answer)
    with pytest.raises(PushUnconfirmed) as lost:
        rep.sync()
    assert "will be retried; they may already have arrived" in str(lost.value)
    assert describe_error(lost.value) == (
        "The server cannot be reached. What was being sent will be retried; it may already have arrived."
    )
    assert server_row(sqlite_store, "customer", cid)["notes"] == "sent once"  # it had arrived
    report = rep.sync()  # the replay gets the stored outcome and changes nothing
    assert (report.pushed, report.applied, report.rejected) == (1, 1, 0)
    assert server_row(sqlite_store, "customer", cid)["version"] == 2
    with sqlite_store.session() as s:
        assert s.query(AppliedMutation).count() == 1
