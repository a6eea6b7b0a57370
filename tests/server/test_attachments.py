"""Attachments: metadata syncs in its parent's scope, the bytes upload resumably and are
downloaded only by whoever may see the parent record (real server on loopback, SQLite and
PostgreSQL)."""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import datetime, timezone

import pytest
import requests
from sqlalchemy import select

from domain.attachments import CHUNK_BYTES
from domain.errors import DomainError
from server.blobs import ENV_BLOB_DIR
from server.store.tables import TABLES
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER
from tests.factories import PASSWORD
from tests.sync.helpers import (
    Laptop,
    attachment_values,
    insert_attachment,
    insert_mutation,
    push_request,
    record_complaint,
    serve_org,
    server_row,
    update_mutation,
    work_through_complaint,
)

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}
SIZE = 2 * CHUNK_BYTES + 12_345  # three chunks, the last one short


def _auth(url, user):
    r = requests.post(
        f"{url}{API_PREFIX}/auth/login", json={"username": user, "password": PASSWORD}, headers=H, timeout=10
    )
    return {**H, "Authorization": f"Bearer {r.json()['access_token']}"}


@pytest.fixture
def world(any_store, live_server, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_BLOB_DIR, str(tmp_path / "blobs"))
    store, srv, o, _laptop = serve_org(any_store, live_server, tmp_path)
    return store, srv, o, tmp_path


def _rep_a(srv, tmp) -> Laptop:
    """rep_a's laptop, logged in and synced."""
    rep = Laptop(tmp / "a.sqlite3", srv.url, "rep_a").login()
    rep.sync()
    return rep


def _synced_file(srv, o, tmp, size: int) -> tuple[Laptop, bytes, str, str]:
    """rep_a's laptop with a visit photo of ``size`` random bytes attached and its row
    synced (the bytes not uploaded): ``(laptop, bytes, attachment id, sha256)``."""
    rep = _rep_a(srv, tmp)
    data = os.urandom(size)
    aid = _attach(rep, o, data)
    rep.sync()
    return rep, data, aid, hashlib.sha256(data).hexdigest()


def _attach(lap: Laptop, o, data: bytes, parent_type="visit", customer=None, parent=None) -> str:
    cid = customer or sorted(o.customers["N1"])[0]
    if parent is None:
        t = {"visit": "visit", "complaint": "complaint", "quote": "quote"}.get(parent_type)
        parent = cid if t is None else sorted(r for r in lap.ids(t) if lap.row(t, r)["customer_id"] == cid)[0]
    with lap.write() as w:
        return insert_attachment(
            w,
            cid,
            hashlib.sha256(data).hexdigest(),
            len(data),
            parent_type=parent_type,
            parent_id=parent,
            file_name="货架照片.jpg",
            caption="shelf",
            captured_at=datetime(2026, 3, 2, 2, tzinfo=timezone.utc),
        )


def _push_body(o, customer_id: str, sha256: str, **values) -> tuple[dict, str]:
    """A push of a new 10-byte PNG attachment by rep_a, to send past the laptop's checks (as a
    modified client could): ``(body, row id)``."""
    row_id = str(uuid.uuid4())
    changes = attachment_values(
        customer_id,
        sha256,
        10,
        o.users["rep_a"],
        "2026-03-02T02:00:00+00:00",
        mime_type="image/png",
        file_name="x.png",
        **values,
    )
    return push_request(insert_mutation("attachment", changes, row_id, base_version=0)), row_id


def _upload(url, headers, data: bytes, stop_after: int | None = None) -> int:
    """Send the file from the server's acknowledged offset; returns the bytes sent."""
    sha = hashlib.sha256(data).hexdigest()
    head = requests.head(f"{url}{API_PREFIX}/blobs/{sha}/upload", headers=headers, timeout=10)
    assert head.status_code == 200, head.text
    offset, sent, chunks = int(head.headers["Upload-Offset"]), 0, 0
    while offset < len(data):
        if stop_after is not None and chunks == stop_after:
            return sent
        piece = data[offset : offset + CHUNK_BYTES]
        r = requests.put(
            f"{url}{API_PREFIX}/blobs/{sha}/chunks/{offset}", data=piece, headers=headers, timeout=30
        )
        assert r.status_code == 200, r.text
        sent += len(piece)
        chunks += 1
        offset = r.json()["offset"]
    return sent


def _blob_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_interrupted_upload_resumes_from_the_last_acknowledged_chunk(world):
    store, srv, o, tmp = world
    rep = _rep_a(srv, tmp)
    data = os.urandom(SIZE)
    aid = _attach(rep, o, data)
    assert rep.sync().applied == 1
    assert server_row(store, "attachment", aid)["uploaded_at"] is None
    auth = _auth(srv.url, "rep_a")

    assert _upload(srv.url, auth, data, stop_after=1) == CHUNK_BYTES  # the connection dies after one chunk
    assert _upload(srv.url, auth, data) == SIZE - CHUNK_BYTES  # resumes, does not start from zero
    sha = hashlib.sha256(data).hexdigest()
    stored = next((tmp / "blobs").rglob(sha))
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == sha
    row = server_row(store, "attachment", aid)
    assert row["uploaded_at"] is not None
    rep.sync()
    assert rep.row("attachment", aid)["uploaded_at"] is not None  # the laptop learns it too

    # A replayed last chunk, a confirmation and a whole new upload change nothing.
    last = (SIZE // CHUNK_BYTES) * CHUNK_BYTES
    r = requests.put(
        f"{srv.url}{API_PREFIX}/blobs/{sha}/chunks/{last}", data=data[last:], headers=auth, timeout=10
    )
    assert r.status_code == 200 and r.json() == {
        "sha256": sha,
        "size": SIZE,
        "offset": SIZE,
        "complete": True,
    }
    assert _upload(srv.url, auth, data) == 0
    assert server_row(store, "attachment", aid)["seq"] == row["seq"]
    assert _blob_files(tmp / "blobs") == [f"{sha[:2]}/{sha[2:4]}/{sha}"]


def test_same_bytes_on_a_second_record_are_stored_once(world):
    store, srv, o, tmp = world
    rep = _rep_a(srv, tmp)
    data = os.urandom(1000)
    first = _attach(rep, o, data)
    rep.sync()
    auth = _auth(srv.url, "rep_a")
    assert _upload(srv.url, auth, data) == 1000
    second = _attach(rep, o, data, parent_type="customer", customer=sorted(o.customers["N1"])[1])
    rep.sync()
    sha = hashlib.sha256(data).hexdigest()
    # Already complete: the laptop confirms with an empty chunk at the end instead of re-sending.
    r = requests.put(f"{srv.url}{API_PREFIX}/blobs/{sha}/chunks/1000", data=b"", headers=auth, timeout=10)
    assert r.json()["complete"] is True
    assert server_row(store, "attachment", second)["uploaded_at"] is not None
    assert server_row(store, "attachment", first)["uploaded_at"] is not None
    assert len(_blob_files(tmp / "blobs")) == 1


def test_other_territory_is_refused_and_the_supervisor_sees_the_team(world):
    store, srv, o, tmp = world
    rep, data, _aid, sha = _synced_file(srv, o, tmp, 5000)
    base = f"{srv.url}{API_PREFIX}/blobs/{sha}"

    other = _auth(srv.url, "rep_c")  # South 1
    assert requests.head(f"{base}/upload", headers=other, timeout=10).status_code == 404
    r = requests.put(f"{base}/chunks/0", data=data, headers=other, timeout=10)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert _blob_files(tmp / "blobs") == []  # nothing written

    assert _upload(srv.url, _auth(srv.url, "rep_a"), data) == 5000
    assert requests.get(base, headers=other, timeout=10).status_code == 404
    assert requests.get(base, headers=_auth(srv.url, "sup_s"), timeout=10).status_code == 404
    r = requests.get(base, headers=_auth(srv.url, "sup_n"), timeout=10)
    assert r.status_code == 200 and r.content == data and r.headers["content-type"] == "image/jpeg"
    assert requests.get(base, headers=H, timeout=10).status_code == 401


def test_bad_chunks_get_clear_errors_and_change_nothing(world):
    store, srv, o, tmp = world
    rep, data, aid, sha = _synced_file(srv, o, tmp, CHUNK_BYTES + 10)
    base = f"{srv.url}{API_PREFIX}/blobs/{sha}"
    auth = _auth(srv.url, "rep_a")

    r = requests.put(f"{srv.url}{API_PREFIX}/blobs/NOT-A-HASH/chunks/0", data=b"x", headers=auth, timeout=10)
    assert r.status_code == 422
    r = requests.put(f"{base}/chunks/-1", data=b"x", headers=auth, timeout=10)
    assert r.status_code == 422
    r = requests.put(f"{base}/chunks/0", data=b"x" * (CHUNK_BYTES + 1), headers=auth, timeout=10)
    assert r.status_code == 413 and r.json()["error"]["code"] == "chunk_too_large"
    r = requests.put(f"{base}/chunks/5", data=b"x", headers=auth, timeout=10)  # a gap
    assert r.status_code == 409 and r.json()["error"]["details"] == [{"offset": 0}]
    assert r.headers["Upload-Offset"] == "0"
    assert (
        requests.put(f"{base}/chunks/0", data=data[:CHUNK_BYTES], headers=auth, timeout=10).json()["offset"]
        == CHUNK_BYTES
    )
    r = requests.put(f"{base}/chunks/{CHUNK_BYTES}", data=b"y" * 20, headers=auth, timeout=10)
    assert r.status_code == 422 and r.json()["error"]["code"] == "beyond_size"
    assert requests.get(base, headers=auth, timeout=10).json()["error"]["code"] == "not_uploaded"

    # Right size, wrong bytes: refused at the end and discarded, so the next try starts at 0.
    bad = bytearray(data)
    bad[-1] ^= 0xFF
    r = requests.put(f"{base}/chunks/{CHUNK_BYTES}", data=bytes(bad[CHUNK_BYTES:]), headers=auth, timeout=10)
    assert r.status_code == 422 and r.json()["error"]["code"] == "hash_mismatch"
    assert requests.get(f"{base}/upload", headers=auth, timeout=10).json()["offset"] == 0
    assert server_row(store, "attachment", aid)["uploaded_at"] is None
    assert _upload(srv.url, auth, data) == len(data)


def test_attach_only_to_a_live_record_of_the_named_customer(world):
    store, srv, o, tmp = world
    rep = _rep_a(srv, tmp)
    c0, c1 = sorted(o.customers["N1"])[:2]
    visit_of_c1 = sorted(r for r in rep.ids("visit") if rep.row("visit", r)["customer_id"] == c1)[0]
    with pytest.raises(DomainError) as e:
        _attach(rep, o, b"abc", customer=c0, parent=visit_of_c1)
    assert e.value.code == "invalid_parent"
    with pytest.raises(DomainError) as e:
        _attach(rep, o, b"abc", customer=sorted(o.customers["S1"])[0], parent_type="customer")
    assert e.value.code == "out_of_scope"
    aid = _attach(rep, o, b"abc", parent_type="quote")
    with pytest.raises(DomainError) as e, rep.write() as w:
        w.update("attachment", aid, {"sha256": "0" * 64})
    assert e.value.code in ("attachment_fixed", "field_not_writable")
    with rep.write() as w:
        w.update("attachment", aid, {"caption": "signed delivery note"})
    report = rep.sync()
    assert report.rejected == 0 and report.applied >= 1
    with store.session() as s:
        t = TABLES["attachment"]
        assert s.execute(select(t.c.caption, t.c.parent_type).where(t.c.id == aid)).one() == (
            "signed delivery note",
            "quote",
        )


def test_server_refuses_attaching_to_another_territory_or_a_foreign_parent(world):
    """The laptop's checks can be bypassed; the server applies the same rules to the push."""

    store, srv, o, tmp = world
    auth = _auth(srv.url, "rep_a")
    with store.session() as s:
        v = TABLES["visit"]
        south_customer = sorted(o.customers["S1"])[0]
        south_visit = s.scalar(select(v.c.id).where(v.c.customer_id == south_customer).limit(1))
    own_customer = sorted(o.customers["N1"])[0]

    def push(customer_id, parent_type, parent_id):
        body, row_id = _push_body(o, customer_id, "a" * 64, parent_type=parent_type, parent_id=parent_id)
        r = requests.post(f"{srv.url}{API_PREFIX}/sync/push", json=body, headers=auth, timeout=10)
        assert r.status_code == 200, r.text
        return r.json()["results"][0], row_id

    result, row_id = push(south_customer, "visit", south_visit)
    assert (result["outcome"], result["code"]) == ("rejected", "out_of_scope")
    result, row_id2 = push(own_customer, "visit", south_visit)  # own customer, someone else's visit
    assert (result["outcome"], result["code"]) == ("rejected", "invalid_parent")
    assert (
        server_row(store, "attachment", row_id) is None and server_row(store, "attachment", row_id2) is None
    )
    result, _ = push(own_customer, "customer", own_customer)
    assert result["outcome"] == "applied"


def test_a_slow_chunk_holds_no_database_connection_while_its_body_arrives(world):
    """A laptop on a slow link sends a chunk for seconds: the pool must not be held meanwhile."""
    import socket
    import time
    from urllib.parse import urlsplit

    store, srv, o, tmp = world
    rep, data, aid, sha = _synced_file(srv, o, tmp, CHUNK_BYTES)
    auth = _auth(srv.url, "rep_a")
    pool = store.engine.pool

    def pool_goes_idle(within: float = 10.0) -> bool:
        # The server's job loops borrow a connection now and then; a request that held one
        # while its body arrives would keep the pool from ever emptying meanwhile.
        deadline = time.monotonic() + within
        while pool.checkedout() and time.monotonic() < deadline:
            time.sleep(0.02)
        return pool.checkedout() == 0

    host = urlsplit(srv.url)
    head = (
        f"PUT {API_PREFIX}/blobs/{sha}/chunks/0 HTTP/1.1\r\nHost: {host.netloc}\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in auth.items())
        + f"Content-Type: application/octet-stream\r\nContent-Length: {len(data)}\r\nConnection: "
        f"close\r\n\r\n"
    )
    with socket.create_connection((host.hostname, host.port)) as sock:
        sock.sendall(head.encode() + data[: len(data) // 2])
        time.sleep(0.5)  # the server has checked the caller and is waiting for the rest
        assert pool_goes_idle()
        other = requests.get(f"{srv.url}{API_PREFIX}/blobs/{sha}/upload", headers=auth, timeout=10)
        assert other.status_code == 200 and other.json()["offset"] == 0  # half a chunk is not acknowledged
        sock.sendall(data[len(data) // 2 :])
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200") and b'"complete":true' in answer
    assert server_row(store, "attachment", aid)["uploaded_at"] is not None

    # Cut off half-way: nothing is kept of that chunk, and the server does not fail.
    second = os.urandom(CHUNK_BYTES + 5)
    _attach(rep, o, second, parent_type="customer")
    rep.sync()
    sha2 = hashlib.sha256(second).hexdigest()
    with socket.create_connection((host.hostname, host.port)) as sock:
        sock.sendall(
            head.replace(sha, sha2).replace(str(len(data)), str(CHUNK_BYTES)).encode() + second[:1000]
        )
    time.sleep(0.3)
    state = requests.get(f"{srv.url}{API_PREFIX}/blobs/{sha2}/upload", headers=auth, timeout=10).json()
    assert state["offset"] == 0 and pool_goes_idle()


# --------------------------------------------------------------------------- a closed complaint
# A closed complaint keeps its details and its files as they were closed until it is
# reopened (docs/DOMAIN.md, Complaints): one rule, domain.write_rules, on both sides.


def _closed_complaint_with_a_file(store, srv, o, tmp):
    """rep_a's complaint with a file on it, worked on and closed on rep_a's laptop and synced:
    ``(laptop, customer id, complaint id, attachment id, the file's bytes)``."""
    rep = _rep_a(srv, tmp)
    cid = sorted(o.customers["N1"])[0]
    comp = record_complaint(rep, cid)
    data = os.urandom(CHUNK_BYTES + 999)
    aid = _attach(rep, o, data, parent_type="complaint", customer=cid, parent=comp)
    work_through_complaint(rep.db, comp)
    report = rep.sync()
    assert report.rejected == 0 and report.conflicts == 0, report.issues
    assert server_row(store, "complaint", comp)["status"] == "closed"
    assert server_row(store, "attachment", aid)["parent_id"] == comp
    return rep, cid, comp, aid, data


def _push_all(url, auth, *mutations) -> list[dict]:
    """One push of ``mutations`` in order, as an old client or a replayed outbox sends them."""
    body = {
        "client_id": str(uuid.uuid4()),
        "mutations": [
            {
                "mutation_id": str(uuid.uuid4()),
                "client_seq": n,
                "base_version": 1,
                "schema_version": 1,
                "changes": {},
                "base": {},
                **m,
            }
            for n, m in enumerate(mutations, start=1)
        ],
    }
    r = requests.post(f"{url}{API_PREFIX}/sync/push", json=body, headers=auth, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["results"]


def test_the_server_refuses_changing_a_closed_complaint_or_its_files_and_applies_what_follows(world):
    """Past the laptop's checks (an older client, a replayed outbox): attaching to a closed
    complaint, changing or removing its file, and editing its details are each rejected with
    ``complaint_closed``, nothing written, and the change after them is applied (invariant 4)."""
    store, srv, o, tmp = world
    _rep, cid, comp, aid, _data = _closed_complaint_with_a_file(store, srv, o, tmp)
    att, complaint, customer = (
        server_row(store, "attachment", aid),
        server_row(store, "complaint", comp),
        server_row(store, "customer", cid),
    )
    late = str(uuid.uuid4())
    results = _push_all(
        srv.url,
        _auth(srv.url, "rep_a"),
        insert_mutation(
            "attachment",
            attachment_values(
                cid,
                "b" * 64,
                10,
                o.users["rep_a"],
                "2026-03-02T02:00:00+00:00",
                parent_type="complaint",
                parent_id=comp,
                mime_type="image/png",
                file_name="late.png",
            ),
            late,
            base_version=0,
        ),
        update_mutation(
            "attachment",
            aid,
            {"caption": "not the pallet"},
            {"caption": att["caption"]},
            base_version=att["version"],
        ),
        {"entity": "attachment", "row_id": aid, "op": "delete", "base_version": att["version"]},
        update_mutation(
            "complaint",
            comp,
            {"description": "Three cartons", "severity": "critical"},
            {"description": complaint["description"], "severity": complaint["severity"]},
            base_version=complaint["version"],
        ),
        update_mutation(
            "customer",
            cid,
            {"notes": "after the complaint"},
            {"notes": customer["notes"]},
            base_version=customer["version"],
        ),
    )
    assert [(r["outcome"], r.get("code")) for r in results] == [("rejected", "complaint_closed")] * 4 + [
        ("applied", None)
    ], results
    assert "reopen it first" in results[0]["message"]
    assert server_row(store, "attachment", late) is None
    assert server_row(store, "attachment", aid) == att
    assert server_row(store, "complaint", comp) == complaint
    assert server_row(store, "customer", cid)["notes"] == "after the complaint"


def test_a_closed_complaint_is_reopened_and_then_takes_files_again_on_both_sides(world):
    """The laptop's writer refuses what the server refuses, with the same code, and queues
    nothing; reopening (with nothing else changed in it) is allowed, and then files are."""
    from local_db import complaints as cx

    store, srv, o, tmp = world
    rep, cid, comp, aid, _data = _closed_complaint_with_a_file(store, srv, o, tmp)
    refused = []
    for write in (
        lambda w: insert_attachment(w, cid, "c" * 64, 10, parent_type="complaint", parent_id=comp),
        lambda w: w.update("attachment", aid, {"caption": "not the pallet"}),
        lambda w: w.delete("attachment", aid),
        lambda w: w.update("complaint", comp, {"description": "Three cartons"}),
        # a reopening is the one change, not a way to slip an edit in with it
        lambda w: w.update(
            "complaint", comp, {"status": "in_progress", "reopen_reason": "Crushed again", "description": "x"}
        ),
    ):
        with pytest.raises(DomainError) as e, rep.write() as w:
            write(w)
        refused.append((e.value.code, e.value.field))
    assert refused == [("complaint_closed", None)] * 3 + [("complaint_closed", "description")] * 2
    assert rep.outbox_size() == 0 and rep.row("complaint", comp)["status"] == "closed"

    with rep.db.session() as s:
        cx.reopen(s, comp, "The replacement cartons were crushed too")
    aid2 = _attach(rep, o, b"second photo", parent_type="complaint", customer=cid, parent=comp)
    with rep.write() as w:
        w.update("attachment", aid, {"caption": "first delivery"})
    report = rep.sync()
    assert report.rejected == 0 and report.applied == 3, report.issues
    assert server_row(store, "complaint", comp)["status"] == "in_progress"
    assert server_row(store, "complaint", comp)["reopen_reason"] == "The replacement cartons were crushed too"
    assert server_row(store, "attachment", aid2)["parent_id"] == comp
    assert server_row(store, "attachment", aid)["caption"] == "first delivery"


def test_reopening_a_closed_complaint_must_clear_the_last_round_on_both_sides(world):
    """Reopening clears the last round's resolution time, closing time and follow-up scores
    (docs/DOMAIN.md, Complaints): a reopen that sets one of them, or leaves one set by
    omitting it, is refused by the laptop's writer and rejected by the server with
    ``complaint_closed`` naming the field, nothing written; the reopen that clears them is applied."""
    store, srv, o, tmp = world
    rep, _cid, comp, _aid, _data = _closed_complaint_with_a_file(store, srv, o, tmp)
    cleared = dict.fromkeys(
        ("resolved_at", "closed_at", "satisfaction", "expectation_score", "perceived_score")
    )
    reopen = {"status": "in_progress", "reopen_reason": "Crushed again"}
    keeps_score = {**reopen, **cleared, "satisfaction": 5}
    keeps_all = dict(reopen)  # the last round left as it was
    refused = []
    for changes in (keeps_score, keeps_all):
        with pytest.raises(DomainError) as e, rep.write() as w:
            w.update("complaint", comp, changes)
        refused.append((e.value.code, e.value.field))
    assert refused == [("complaint_closed", "satisfaction"), ("complaint_closed", "resolved_at")]
    assert rep.outbox_size() == 0 and rep.row("complaint", comp)["status"] == "closed"

    complaint = server_row(store, "complaint", comp)
    base = {k: complaint[k] for k in ("status", "reopen_reason", *cleared)}
    results = _push_all(
        srv.url,
        _auth(srv.url, "rep_a"),
        update_mutation(
            "complaint",
            comp,
            {**reopen, **cleared, "closed_at": "2026-03-09T08:00:00+00:00"},
            base,
            base_version=complaint["version"],
        ),
        update_mutation("complaint", comp, keeps_all, base, base_version=complaint["version"]),
    )
    assert [(r["outcome"], r.get("code")) for r in results] == [("rejected", "complaint_closed")] * 2, results
    assert server_row(store, "complaint", comp) == complaint
    results = _push_all(
        srv.url,
        _auth(srv.url, "rep_a"),
        update_mutation("complaint", comp, {**reopen, **cleared}, base, base_version=complaint["version"]),
    )
    assert [r["outcome"] for r in results] == ["applied"], results
    after = server_row(store, "complaint", comp)
    assert after["status"] == "in_progress" and all(after[k] is None for k in cleared)


def test_a_stale_laptops_edit_of_a_complaint_closed_meanwhile_becomes_a_sync_issue(world):
    """The supervisor's copy still shows the complaint in follow-up when the rep closes it;
    the supervisor's caption and resolution edits come back rejected (kept as sync issues with
    the code, their copy put back to the server's), and their next change goes through."""
    from local_db import complaints as cx
    from local_db.models import SyncIssue

    store, srv, o, tmp = world
    rep = _rep_a(srv, tmp)
    cid = sorted(o.customers["N1"])[0]
    comp = record_complaint(rep, cid)
    aid = _attach(rep, o, b"crushed cartons", parent_type="complaint", customer=cid, parent=comp)
    work_through_complaint(rep.db, comp, close=False)
    rep.sync()
    sup = Laptop(tmp / "sup.sqlite3", srv.url, "sup_n").login()
    sup.sync()
    assert sup.row("complaint", comp)["status"] == "follow_up"
    with rep.db.session() as s:
        cx.close(s, comp)
    rep.sync()

    with sup.write() as w:
        w.update("attachment", aid, {"caption": "seen by the supervisor"})
        w.update("complaint", comp, {"resolution": "Replaced both cartons and the pallet"})
        w.update("customer", cid, {"notes": "watch the deliveries"})
    report = sup.sync()
    assert (report.rejected, report.applied) == (2, 1), report.issues
    with sup.db.session() as s:
        issues = {(i.entity, i.code) for i in s.query(SyncIssue)}
    assert issues == {("attachment", "complaint_closed"), ("complaint", "complaint_closed")}
    assert sup.row("attachment", aid)["caption"] == "shelf"
    assert sup.row("complaint", comp)["resolution"] == "Replaced both cartons"
    assert sup.row("complaint", comp)["status"] == "closed"
    assert server_row(store, "customer", cid)["notes"] == "watch the deliveries"
    assert server_row(store, "attachment", aid)["caption"] == "shelf"


def test_the_bytes_of_a_file_accepted_before_the_complaint_closed_still_upload(world):
    """The rule is about the records, not the evidence: a row accepted while the complaint
    was open gets its bytes after it is closed."""
    store, srv, o, tmp = world
    _rep, _cid, _comp, aid, data = _closed_complaint_with_a_file(store, srv, o, tmp)
    assert server_row(store, "attachment", aid)["uploaded_at"] is None
    assert _upload(srv.url, _auth(srv.url, "rep_a"), data) == len(data)
    assert server_row(store, "attachment", aid)["uploaded_at"] is not None


def _stalled_chunk(srv, auth: dict, sha: str, offset: int, declared: int, first: bytes):
    """A raw connection that has sent a chunk PUT's head and ``first`` bytes of its body, then
    waits (a laptop stalled mid-body); close it to cut the body."""
    import socket
    from urllib.parse import urlsplit

    host = urlsplit(srv.url)
    head = (
        f"PUT {API_PREFIX}/blobs/{sha}/chunks/{offset} HTTP/1.1\r\nHost: {host.netloc}\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in auth.items())
        + f"Content-Type: application/octet-stream\r\nContent-Length: {declared}\r\nConnection: close\r\n\r\n"
    )
    sock = socket.create_connection((host.hostname, host.port))
    sock.sendall(head.encode() + first)
    return sock


def test_a_chunk_cut_half_way_is_not_acknowledged_and_blocks_no_resume(world):
    """The pieces of a chunk in flight are not part of the acknowledged bytes: a body stalled
    and then cut leaves the offset at the last whole chunk and nothing behind on disk, and
    meanwhile the same file's resumed upload goes through, sending exactly size − offset."""
    import time

    store, srv, o, tmp = world
    rep, data, aid, sha = _synced_file(srv, o, tmp, SIZE)
    auth = _auth(srv.url, "rep_a")
    assert _upload(srv.url, auth, data, stop_after=1) == CHUNK_BYTES
    partial_dir = tmp / "blobs" / "partial"

    stalled = _stalled_chunk(
        srv, auth, sha, CHUNK_BYTES, CHUNK_BYTES, data[CHUNK_BYTES : CHUNK_BYTES + 2_000_000]
    )
    try:
        time.sleep(0.5)  # the server has the first 2 MB of the second chunk
        head = requests.head(f"{srv.url}{API_PREFIX}/blobs/{sha}/upload", headers=auth, timeout=10)
        assert head.headers["Upload-Offset"] == str(CHUNK_BYTES)
        assert (partial_dir / f"{sha}.part").stat().st_size == CHUNK_BYTES
        # The laptop gave up on that connection and resumes on a new one: not held up by it.
        started = time.monotonic()
        assert _upload(srv.url, auth, data) == SIZE - CHUNK_BYTES
        assert time.monotonic() - started < 20
    finally:
        stalled.close()  # the old body is cut at last
    time.sleep(0.3)
    (blob,) = [p for p in (tmp / "blobs").rglob(sha) if "partial" not in p.parts]
    assert hashlib.sha256(blob.read_bytes()).hexdigest() == sha
    assert server_row(store, "attachment", aid)["uploaded_at"] is not None
    assert list(partial_dir.iterdir()) == []  # neither the cut chunk nor the partial is left

    # A fresh file cut in its first chunk: nothing acknowledged, nothing left, then whole.
    second = os.urandom(CHUNK_BYTES + 5)
    _attach(rep, o, second, parent_type="customer")
    rep.sync()
    sha2 = hashlib.sha256(second).hexdigest()
    _stalled_chunk(srv, auth, sha2, 0, CHUNK_BYTES, second[:1_000_000]).close()
    time.sleep(0.3)
    assert (
        requests.get(f"{srv.url}{API_PREFIX}/blobs/{sha2}/upload", headers=auth, timeout=10).json()["offset"]
        == 0
    )
    assert list(partial_dir.iterdir()) == []
    assert _upload(srv.url, auth, second) == len(second)


def test_the_chunk_put_checks_protocol_and_token_first(world):
    """The chunk PUT's own route (server/api/chunk_route.py) answers like the other routes:
    protocol headers, then the token, then the permission, before any byte is kept; a path
    it does not take as its own (a leading zero) is FastAPI's, with the same answer."""
    store, srv, o, tmp = world
    rep, data, _aid, sha = _synced_file(srv, o, tmp, 100)
    base = f"{srv.url}{API_PREFIX}/blobs/{sha}"
    auth = _auth(srv.url, "rep_a")

    r = requests.put(
        f"{base}/chunks/0", data=data, headers={"Authorization": auth["Authorization"]}, timeout=10
    )
    assert r.status_code == 400 and r.json()["error"]["code"] == "missing_version"
    r = requests.put(f"{base}/chunks/0", data=data, headers={**H, PROTOCOL_HEADER: "0"}, timeout=10)
    assert r.status_code == 426 and r.json()["error"]["code"] == "client_too_old"
    r = requests.put(f"{base}/chunks/0", data=data, headers=H, timeout=10)
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_authenticated"
    assert r.headers["WWW-Authenticate"] == "Bearer" and r.headers["X-Request-ID"]
    r = requests.put(f"{base}/chunks/0", data=data, headers={**H, "Authorization": "Bearer nope"}, timeout=10)
    assert r.status_code == 401
    other = _auth(srv.url, "rep_b")
    r = requests.put(f"{base}/chunks/0", data=data, headers=other, timeout=10)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    lean = requests.put(f"{base}/chunks/5", data=data, headers=auth, timeout=10)
    routed = requests.put(f"{base}/chunks/05", data=data, headers=auth, timeout=10)
    assert lean.status_code == routed.status_code == 422
    assert lean.json() == routed.json() and lean.json()["error"]["code"] == "beyond_size"
    assert lean.headers["Upload-Offset"] == routed.headers["Upload-Offset"] == "0"
    assert _blob_files(tmp / "blobs") == []
    r = requests.put(f"{base}/chunks/0", data=data, headers=auth, timeout=10)
    assert r.status_code == 200 and r.json() == {"sha256": sha, "size": 100, "offset": 100, "complete": True}


class _FullDisk:
    """A chunk file on a disk that has just filled: every write fails, and so does the close
    (its buffer's last flush), as a real ENOSPC does."""

    def __init__(self, f):
        self._f = f

    def write(self, _piece):
        raise OSError(28, "No space left on device")

    def close(self):
        self._f.close()
        raise OSError(28, "No space left on device")


def test_a_full_disk_answers_503_and_leaves_no_chunk_file(world):
    """A chunk whose bytes cannot be written is a 503 the laptop retries later — never a 500 —
    and leaves no chunk file; the upload goes on from where it was once the disk has room."""
    from server.blobs import FileSystemBlobStore

    store, srv, o, tmp = world
    rep, data, _aid, sha = _synced_file(srv, o, tmp, SIZE)
    auth = _auth(srv.url, "rep_a")
    assert _upload(srv.url, auth, data, stop_after=1) == CHUNK_BYTES
    app = srv._server.config.app
    real = app.state.blobs

    class FullDiskStore(FileSystemBlobStore):
        def begin_chunk(self, sha256, offset):
            chunk = super().begin_chunk(sha256, offset)
            chunk._file = _FullDisk(chunk._file)
            return chunk

    app.state.blobs = FullDiskStore(real.root)
    try:
        r = requests.put(
            f"{srv.url}{API_PREFIX}/blobs/{sha}/chunks/{CHUNK_BYTES}",
            data=data[CHUNK_BYTES : 2 * CHUNK_BYTES],
            headers=auth,
            timeout=30,
        )
    finally:
        app.state.blobs = real
    assert r.status_code == 503, r.text
    assert r.json()["error"]["code"] == "blob_store_unavailable"
    partial_dir = tmp / "blobs" / "partial"
    assert sorted(p.name for p in partial_dir.iterdir()) == [f"{sha}.part"]
    assert (partial_dir / f"{sha}.part").stat().st_size == CHUNK_BYTES
    assert _upload(srv.url, auth, data) == SIZE - CHUNK_BYTES


def test_uploaded_at_waits_until_the_finished_blob_is_durable(world, monkeypatch):
    """Between the rename that makes a blob visible and the directory's fsync that makes the
    rename durable, a second PUT of the same file (the laptop's confirmation, another laptop)
    must not mark the rows uploaded: a crash then would lose a file the feed says is there."""
    import threading
    import time

    import server.blobs

    store, srv, o, tmp = world
    rep, data, aid, sha = _synced_file(srv, o, tmp, SIZE)
    auth = _auth(srv.url, "rep_a")
    assert _upload(srv.url, auth, data, stop_after=2) == 2 * CHUNK_BYTES
    synced, release = threading.Event(), threading.Event()
    real_sync = server.blobs._sync_dir

    def slow_sync(path):
        synced.set()
        assert release.wait(30)
        real_sync(path)

    monkeypatch.setattr(server.blobs, "_sync_dir", slow_sync)
    answers = {}

    def put(name, offset, body):
        answers[name] = requests.put(
            f"{srv.url}{API_PREFIX}/blobs/{sha}/chunks/{offset}", data=body, headers=auth, timeout=60
        )

    last = threading.Thread(target=put, args=("last", 2 * CHUNK_BYTES, data[2 * CHUNK_BYTES :]))
    last.start()
    try:
        assert synced.wait(30)  # renamed into place, not yet durable
        confirm = threading.Thread(target=put, args=("confirm", SIZE, b""))
        confirm.start()
        time.sleep(1.0)
        assert server_row(store, "attachment", aid)["uploaded_at"] is None
        assert "confirm" not in answers
    finally:
        release.set()
        last.join(60)
    confirm.join(60)
    assert answers["last"].status_code == 200, answers["last"].text
    assert answers["confirm"].status_code == 200, answers["confirm"].text
    assert answers["confirm"].json()["complete"] is True
    assert server_row(store, "attachment", aid)["uploaded_at"] is not None


def test_stalled_chunk_bodies_hold_no_admission_slot(world):
    """More laptops stalled mid-chunk than the server has admission slots: another laptop's
    pull still goes through (the gate guards the database hops, not the body's arrival)."""
    store, srv, o, tmp = world
    rep, data, _aid, sha = _synced_file(srv, o, tmp, SIZE)
    auth = _auth(srv.url, "rep_a")
    other = _auth(srv.url, "rep_b")
    slots = srv._server.config.app.state.admission.slots
    stalled = [_stalled_chunk(srv, auth, sha, 0, CHUNK_BYTES, data[:10_000]) for _ in range(slots + 2)]
    try:
        # Each stalled body is past its permission check and waiting for bytes (the last one's
        # state read below comes after all of them on the server's one event loop).
        for _ in range(100):
            head = requests.head(f"{srv.url}{API_PREFIX}/blobs/{sha}/upload", headers=auth, timeout=5)
            if len(list((tmp / "blobs" / "partial").glob("*.chunk"))) == len(stalled):
                break
        assert len(list((tmp / "blobs" / "partial").glob("*.chunk"))) == len(stalled), head
        r = requests.post(
            f"{srv.url}{API_PREFIX}/sync/pull", json={"cursor": None}, headers=other, timeout=15
        )
        assert r.status_code == 200, r.text
    finally:
        for sock in stalled:
            sock.close()
