"""Duplicate photos are judged by the server, which sees every territory: once, when an
attachment's bytes are complete, under the feed number that marks it uploaded (real
server on loopback, SQLite and PostgreSQL; server/evidence.py)."""

from __future__ import annotations

import hashlib
import os
import uuid

import pytest
import requests

from domain.errors import DomainError
from domain.evidence import EvidenceCode
from local_db import evidence as local_evidence
from sync.contract import API_PREFIX
from tests.server.test_attachments import _attach, _auth, _push_body, _rep_a, _upload, world  # noqa: F401 (fixture)
from tests.sync.helpers import Laptop, insert_attachment, server_row


def test_a_photo_from_another_territory_is_flagged_with_its_origin(world):  # noqa: F811
    store, srv, o, tmp = world
    south = Laptop(tmp / "c.sqlite3", srv.url, "rep_c").login()
    south.sync()
    north = Laptop(tmp / "a.sqlite3", srv.url, "rep_a").login()
    north.sync()
    data = os.urandom(3000)
    sha = hashlib.sha256(data).hexdigest()
    south_customer = sorted(o.customers["S1"])[0]
    first = _attach(south, o, data, parent_type="customer", customer=south_customer)
    south.sync()
    assert _upload(srv.url, _auth(srv.url, "rep_c"), data) == 3000
    assert server_row(store, "attachment", first)["duplicate_of"] is None  # the first copy is no duplicate

    # Rep A attaches the same photo to a visit in the north and confirms the bytes.
    reused = _attach(north, o, data, parent_type="visit")
    north.sync()
    auth = _auth(srv.url, "rep_a")
    r = requests.put(f"{srv.url}{API_PREFIX}/blobs/{sha}/chunks/3000", data=b"", headers=auth, timeout=10)
    assert r.status_code == 200 and r.json()["complete"] is True
    row = server_row(store, "attachment", reused)
    assert row["duplicate_of"] == first
    context = row["duplicate_context"]
    assert context["parent_type"] == "customer" and context["parent_id"] == south_customer
    assert context["customer_id"] == south_customer and context["customer_name"]
    marked = row["seq"]

    # A replayed confirmation, and a whole upload again, judge nothing again.
    for _ in range(2):
        r = requests.put(f"{srv.url}{API_PREFIX}/blobs/{sha}/chunks/3000", data=b"", headers=auth, timeout=10)
        assert r.status_code == 200
    assert _upload(srv.url, auth, data) == 0
    assert server_row(store, "attachment", reused)["seq"] == marked
    assert server_row(store, "attachment", first)["duplicate_of"] is None

    # The north supervisor cannot see the south customer, and still learns where the photo was.
    sup = Laptop(tmp / "s.sqlite3", srv.url, "sup_n").login()
    sup.sync()
    assert south_customer not in sup.ids("customer")
    assert sup.engine.verify() == []  # the judgement arrived as the server holds it
    with sup.db.session() as s:
        flags = local_evidence.flags_for(s, [reused])[reused]
    duplicate = next(f for f in flags if f.code is EvidenceCode.DUPLICATE)
    assert duplicate.original.customer_name == context["customer_name"]
    assert duplicate.original.attachment_id == first


def test_two_rows_completed_together_and_deleted_copies(world):  # noqa: F811
    store, srv, o, tmp = world
    rep = _rep_a(srv, tmp)
    data = os.urandom(2000)
    gone_data = os.urandom(2100)
    one = _attach(rep, o, data, parent_type="visit")
    two = _attach(rep, o, data, parent_type="customer")
    gone = _attach(rep, o, gone_data, parent_type="customer")
    rep.sync()
    with rep.write() as w:
        w.delete("attachment", gone)
    again = _attach(rep, o, gone_data, parent_type="visit")
    rep.sync()
    auth = _auth(srv.url, "rep_a")
    _upload(srv.url, auth, data)
    _upload(srv.url, auth, gone_data)
    # Both rows of the first photo got their bytes at once: the older attached is the original.
    assert server_row(store, "attachment", one)["duplicate_of"] is None
    assert server_row(store, "attachment", two)["duplicate_of"] == one
    assert server_row(store, "attachment", one)["seq"] == server_row(store, "attachment", two)["seq"]
    # A removed attachment is nobody's original.
    assert server_row(store, "attachment", again)["duplicate_of"] is None


def test_the_same_photo_twice_on_one_record_is_judged_no_duplicate(world):  # noqa: F811
    store, srv, o, tmp = world
    rep = _rep_a(srv, tmp)
    data = os.urandom(2200)
    one = _attach(rep, o, data, parent_type="visit")
    twice = _attach(rep, o, data, parent_type="visit")  # the same visit: added twice by mistake
    elsewhere = _attach(rep, o, data, parent_type="customer")
    rep.sync()
    _upload(srv.url, _auth(srv.url, "rep_a"), data)
    assert server_row(store, "attachment", one)["duplicate_of"] is None
    assert server_row(store, "attachment", twice)["duplicate_of"] is None  # "on another record" only
    assert server_row(store, "attachment", twice)["uploaded_at"] is not None
    assert server_row(store, "attachment", elsewhere)["duplicate_of"] == one


def test_nobody_pushes_the_evidence_fields(world):  # noqa: F811
    """The laptop refuses them, and so does the server when the laptop's check is bypassed."""
    store, srv, o, tmp = world
    rep = _rep_a(srv, tmp)
    customer = sorted(o.customers["N1"])[0]
    with pytest.raises(DomainError) as refused:
        with rep.write() as w:
            insert_attachment(
                w,
                customer,
                "b" * 64,
                10,
                mime_type="image/png",
                file_name="x.png",
                duplicate_of=str(uuid.uuid4()),
            )
    assert (refused.value.code, refused.value.field) == ("server_computed", "duplicate_of")
    assert "set by the server" in refused.value.message

    body, row_id = _push_body(o, customer, "c" * 64, duplicate_context={"customer_name": "made up"})
    r = requests.post(
        f"{srv.url}{API_PREFIX}/sync/push", json=body, headers=_auth(srv.url, "rep_a"), timeout=10
    )
    assert r.status_code == 200, r.text
    assert (r.json()["results"][0]["outcome"], r.json()["results"][0]["code"]) == (
        "rejected",
        "server_computed",
    )
    assert server_row(store, "attachment", row_id) is None
