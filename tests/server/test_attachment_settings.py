"""The attachment policy as an organisation setting: the admin sets it over the API (validated,
readable 422s, admin-only), it reaches a rep's laptop through a real sync, and the laptop
prepares photos by it offline. Real store, real server, real laptops, real image files."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest
import requests
import sqlalchemy as sa
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from domain.attachments import DEFAULT_POLICY, AttachmentPolicy
from local_db import attachments as ax
from local_db import org_settings as held
from server.store.changes import committed_seq
from server.store.tables import TABLES
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER, parse_datetime
from sync.uploads import LocalFiles
from tests.factories import build_org
from tests.sync.helpers import auth_headers, laptop_maker, server_row

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}
POLICY = {
    "max_side_px": 1024,
    "jpeg_quality": 70,
    "keep_originals": False,
    "keep_location": True,
    "max_file_mb": 10,
}


def _auth(srv, user: str) -> dict:
    return auth_headers(srv.url, user)


def _url(srv) -> str:
    return f"{srv.url}{API_PREFIX}/settings/attachments"


def test_the_admins_policy_reaches_the_laptop_and_prepares_its_photos(any_store, live_server, tmp_path):
    o = build_org(any_store, per_territory=1)
    srv = live_server(any_store)
    admin = _auth(srv, "admin")
    got = requests.get(_url(srv), headers=_auth(srv, "rep_a"), timeout=10).json()
    assert got["is_default"] is True and got["max_side_px"] == 2048 and got["max_file_mb"] == 25

    r = requests.put(_url(srv), json=POLICY, headers=admin, timeout=10)
    assert r.status_code == 200, r.text
    assert {k: r.json()[k] for k in POLICY} == POLICY and r.json()["updated_by"] == o.users["admin"]

    rep = laptop_maker(tmp_path, srv.url)("rep_a")
    with rep.db.session() as s:
        assert held.attachment_policy(s) == AttachmentPolicy(
            max_side_px=1024, jpeg_quality=70, keep_location=True, max_file_bytes=10 * 1024 * 1024
        )
    # no sync from here on: the laptop prepares by the policy it holds
    photo = tmp_path / "门店.jpg"
    exif = Image.Exif()
    exif.get_ifd(0x8769).update({0x9003: "2026:11:30 09:15:00", 0x9011: "+08:00"})
    exif.get_ifd(0x8825).update(
        {1: "N", 2: (IFDRational(30), IFDRational(15), IFDRational(0)), 3: "E", 4: (IFDRational(120), 0, 0)}
    )
    Image.effect_noise((3000, 2000), 50).convert("RGB").save(photo, quality=90, exif=exif)
    customer = sorted(o.customers["N1"])[0]
    view = ax.add_attachment(
        rep.db, LocalFiles.beside(rep.db), parent_type="customer", parent_id=customer, path=photo
    )
    assert max(Image.open(LocalFiles.beside(rep.db).open(view.sha256)).size) <= 1024
    assert view.latitude == Decimal("30.25") and view.longitude == Decimal("120")

    reset = requests.delete(_url(srv), headers=admin, timeout=10).json()
    assert reset["is_default"] is True and reset["jpeg_quality"] == 80
    rep.sync()
    with rep.db.session() as s:
        assert held.attachment_policy(s) == DEFAULT_POLICY
    # the row the laptop wrote passes the server's rules as it is
    row = server_row(any_store, "attachment", view.id)
    assert row is not None and row["sha256"] == view.sha256 and row["size_bytes"] == view.size_bytes
    assert parse_datetime(row["captured_at"]) == datetime(2026, 11, 30, 1, 15, tzinfo=timezone.utc)
    assert Decimal(row["latitude"]) == view.latitude and row["created_by"] == o.users["rep_a"]


@pytest.mark.parametrize(
    "body, problem",
    [
        ({**POLICY, "max_side_px": 255}, "max_side_px"),
        ({**POLICY, "max_side_px": 8193}, "max_side_px"),
        ({**POLICY, "jpeg_quality": 29}, "jpeg_quality"),
        ({**POLICY, "jpeg_quality": 96}, "jpeg_quality"),
        ({**POLICY, "max_file_mb": 0}, "max_file_mb"),
        ({**POLICY, "max_file_mb": 26}, "max_file_mb"),
        ({**POLICY, "max_file_mb": "lots"}, "max_file_mb"),
        ({**POLICY, "keep_location": "maybe"}, "keep_location"),
        ({k: v for k, v in POLICY.items() if k != "keep_originals"}, "keep_originals: is required"),
        ({**POLICY, "watermark": True}, "not a known field"),
        ([1, 2], "request"),
    ],
)
def test_a_bad_policy_gets_a_readable_422_and_changes_nothing(sqlite_store, live_server, body, problem):
    build_org(sqlite_store, per_territory=1)
    srv = live_server(sqlite_store)
    with sqlite_store.session() as s:
        before = committed_seq(s)
    r = requests.put(_url(srv), json=body, headers=_auth(srv, "admin"), timeout=10)
    assert r.status_code == 422, r.text
    assert problem in r.json()["error"]["message"]
    with sqlite_store.session() as s:
        assert committed_seq(s) == before
        assert s.scalar(sa.select(sa.func.count()).select_from(TABLES["org_setting"])) == 0


def test_only_an_admin_changes_the_policy(sqlite_store, live_server):
    build_org(sqlite_store, per_territory=1)
    srv = live_server(sqlite_store)
    for user in ("rep_a", "sup_n"):
        headers = _auth(srv, user)
        assert requests.get(_url(srv), headers=headers, timeout=10).status_code == 200
        for r in (
            requests.put(_url(srv), json=POLICY, headers=headers, timeout=10),
            requests.delete(_url(srv), headers=headers, timeout=10),
        ):
            assert r.status_code == 403 and r.json()["error"]["code"] == "admin_only"
    with sqlite_store.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(TABLES["org_setting"])) == 0
