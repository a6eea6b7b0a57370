"""The no-op pull (a laptop asking "anything new?") is answered from one read; it must still
see every change, refuse every bad token exactly like the full path, and keep the record of
how far each laptop has pulled."""

from __future__ import annotations

import requests
from sqlalchemy import select

from domain import schema as S
from server import org
from server.auth import revoke
from server.store.changes import allocate_seq, update_row
from server.store.tables import TABLES, UserSyncState
from sync.contract import API_PREFIX, iter_rows
from tests.factories import build_org
from tests.server.test_pull_scope import HEADERS, login, pull_all


def pull(url: str, token: str, cursor: str) -> requests.Response:
    return requests.post(
        f"{url}{API_PREFIX}/sync/pull",
        json={"cursor": cursor},
        headers={**HEADERS, "Authorization": f"Bearer {token}"},
        timeout=30,
    )


def pulled_seq(store, user_id: str) -> int | None:
    with store.session() as s:
        return s.scalar(select(UserSyncState.pulled_seq).where(UserSyncState.user_id == user_id))


def test_up_to_date_pull_is_tiny_and_changes_still_arrive(any_store, live_server):
    o = build_org(any_store)
    url = live_server(any_store).url
    token = login(url, "rep_a")
    _rows, _evict, cursor = pull_all(url, token)
    recorded = pulled_seq(any_store, o.users["rep_a"])
    assert recorded is not None

    for _ in range(3):  # nothing new: the same cursor back, a small answer, nothing recorded anew
        r = pull(url, token, cursor)
        assert r.status_code == 200, r.text
        assert len(r.content) <= 1024
        body = r.json()
        assert body["changes"] == {} and body["evict"] == [] and not body["has_more"]
        assert body["next_cursor"] == cursor
    assert pulled_seq(any_store, o.users["rep_a"]) == recorded

    customer = o.customers["N1"][0]
    with any_store.session() as s:
        update_row(s, S.CUSTOMER, customer, {"phone": "0571-12345678"}, allocate_seq(s), o.users["admin"])
    r = pull(url, token, cursor)
    assert r.status_code == 200, r.text
    rows = list(iter_rows(r.json()["changes"], "customer"))
    assert [(x["id"], x["phone"]) for x in rows] == [(customer, "0571-12345678")]
    assert pulled_seq(any_store, o.users["rep_a"]) > recorded


def test_up_to_date_pull_refuses_bad_tokens_like_the_full_path(any_store, live_server):
    build_org(any_store)
    url = live_server(any_store).url
    token = login(url, "rep_a")
    _rows, _evict, cursor = pull_all(url, token)
    assert pull(url, token, cursor).status_code == 200

    forged = pull(url, "not-a-token", cursor)
    assert forged.status_code == 401 and forged.json()["error"]["code"] == "invalid_token"

    with any_store.session() as s:
        revoke(s, token)
    revoked = pull(url, token, cursor)
    assert revoked.status_code == 401 and revoked.json()["error"]["code"] == "token_revoked"

    token_b = login(url, "rep_b")
    _rows, _evict, cursor_b = pull_all(url, token_b)
    with any_store.session() as s:
        org.deactivate(s, "rep_b")
    gone = pull(url, token_b, cursor_b)
    assert gone.status_code in (401, 403), gone.text
    assert gone.json()["error"]["code"] in ("account_deactivated", "token_revoked")


def test_a_pull_after_commits_elsewhere_skips_the_entities_with_nothing_new(any_store, live_server):
    """Every commit anywhere sends every laptop's next pull down the full path; the entities
    with nothing in the window are not queried, yet whatever is in scope still arrives
    (changed rows, and the history of a customer that entered the scope)."""
    from sqlalchemy import event

    from domain.schema import ENTITIES

    o = build_org(any_store)
    url = live_server(any_store).url
    token = login(url, "rep_a")
    _rows, _evict, cursor = pull_all(url, token)
    statements: list[str] = []
    event.listen(any_store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

    elsewhere = o.customers["S1"][0]  # rep_c's: not in rep_a's scope
    with any_store.session() as s:
        update_row(s, S.CUSTOMER, elsewhere, {"phone": "0755-1234567"}, allocate_seq(s), o.users["admin"])
    statements.clear()
    r = pull(url, token, cursor)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["changes"] == {} and body["evict"] == [] and not body["has_more"]
    assert body["next_cursor"] != cursor, "the window closed: the laptop moves past it"
    assert len(statements) < len(ENTITIES), statements  # not one query per entity
    cursor = body["next_cursor"]

    mine = o.customers["N1"][0]
    with any_store.session() as s:
        update_row(s, S.CUSTOMER, mine, {"phone": "0571-7654321"}, allocate_seq(s), o.users["admin"])
    r = pull(url, token, cursor)
    assert [(x["id"], x["phone"]) for x in iter_rows(r.json()["changes"], "customer")] == [
        (mine, "0571-7654321")
    ]
    cursor = r.json()["next_cursor"]

    # A customer of N2 enters rep_a's scope: its rows arrive though none of them changed.
    entering = o.customers["N2"][0]
    with any_store.session() as s:
        org.assign_customers(s, "rep_a", [entering], seq=allocate_seq(s))
        contacts = set(
            s.scalars(select(TABLES["contact"].c.id).where(TABLES["contact"].c.customer_id == entering))
        )
    rows, _evict, _cursor = pull_all(url, token, cursor=cursor)
    assert f"customer:{entering}" in rows
    assert contacts and {f"contact:{c}" for c in contacts} <= set(rows)


def test_a_pull_runs_as_the_user_its_transaction_reads_not_the_one_read_before_it(
    any_store, live_server, monkeypatch
):
    """The up-to-date read runs outside the pull's transaction: a deactivation or a role
    change committed right after it must not get one more page as the old user (invariant 8:
    the page is the scope of the user as the page's transaction sees them)."""
    from server import feed

    o = build_org(any_store)
    url = live_server(any_store).url
    tokens = {name: login(url, name) for name in ("rep_a", "rep_b")}
    cursors = {name: pull_all(url, token)[2] for name, token in tokens.items()}
    with any_store.session() as s:  # something new for both: the pulls take the full path
        update_row(
            s, S.CUSTOMER, o.customers["N1"][0], {"phone": "0571-1"}, allocate_seq(s), o.users["admin"]
        )
    real, changes_in_between = feed.up_to_date, []

    def then_the_admin_acts(autocommit, token, lo):
        answer = real(autocommit, token, lo)
        with any_store.session() as s:
            changes_in_between.pop(0)(s)
        return answer

    monkeypatch.setattr(feed, "up_to_date", then_the_admin_acts)
    changes_in_between.append(lambda s: org.deactivate(s, "rep_a"))
    gone = pull(url, tokens["rep_a"], cursors["rep_a"])
    assert gone.status_code == 403 and gone.json()["error"]["code"] == "account_deactivated", gone.text
    changes_in_between.append(lambda s: org.update_user(s, "rep_b", {"role": "supervisor"}))
    moved = pull(url, tokens["rep_b"], cursors["rep_b"])
    assert moved.status_code == 401 and moved.json()["error"]["code"] == "token_revoked", moved.text
    assert changes_in_between == []
