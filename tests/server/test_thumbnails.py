"""Thumbnails from the server: made once with Pillow, kept beside the blob, given only to
whoever may see the parent record; documents and unreadable pictures have none (real
server on loopback, SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import io

import pytest
import requests
from PIL import Image

from domain.thumbnails import THUMB_SIDE
from server.blobs import ENV_BLOB_DIR
from sync.contract import API_PREFIX
from sync.uploads import LocalFiles, UploadQueue
from tests.server.test_attachments import H, _auth
from tests.sync.helpers import Laptop, insert_attachment, serve_org


def photo(width: int, height: int, seed: int = 0, fmt: str = "JPEG", mode: str = "RGB") -> bytes:
    img = Image.new(mode, (width, height), (seed * 40 % 256, 120, 200))
    for x in range(0, width, 37):  # some detail, so every seed gives other bytes
        img.putpixel((x, (x * 7 + seed) % height), (255, seed % 256, 0))
    out = io.BytesIO()
    img.save(out, fmt)
    return out.getvalue()


def attach(lap: Laptop, files: LocalFiles, cid: str, data: bytes, mime: str, name: str) -> str:
    sha = files.add(data)
    with lap.write() as w:
        insert_attachment(w, cid, sha, len(data), mime_type=mime, file_name=name)
    return sha


@pytest.fixture
def world(any_store, live_server, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_BLOB_DIR, str(tmp_path / "blobs"))
    _store, srv, o, laptop = serve_org(any_store, live_server, tmp_path)
    return srv, o, laptop("rep_a"), tmp_path


def test_thumbnail_is_made_once_and_kept_beside_the_blob(world):
    srv, o, lap, tmp = world
    files = LocalFiles.beside(lap.db)
    cid = sorted(o.customers["N1"])[0]
    big = photo(1600, 1200)
    tall = photo(300, 900, seed=1, fmt="PNG", mode="RGBA")
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    fake = b"this is not a picture at all, only called one"
    waiting = photo(800, 600, seed=2)
    shas = {
        "big": attach(lap, files, cid, big, "image/jpeg", "货架.jpg"),
        "tall": attach(lap, files, cid, tall, "image/png", "tall.png"),
        "pdf": attach(lap, files, cid, pdf, "application/pdf", "送货单.pdf"),
        "fake": attach(lap, files, cid, fake, "image/jpeg", "fake.jpg"),
    }
    lap.sync()
    assert UploadQueue(lap.engine, files).run().failed == {}
    shas["waiting"] = attach(lap, files, cid, waiting, "image/jpeg", "later.jpg")
    files.path(shas["waiting"]).unlink()  # so the sync cannot upload it
    lap.sync()  # its row is on the server, its bytes are not
    auth = _auth(srv.url, "rep_a")

    def get(kind):
        return requests.get(f"{srv.url}{API_PREFIX}/blobs/{shas[kind]}/thumbnail", headers=auth, timeout=10)

    r = get("big")
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(r.content)) as img:
        assert img.format == "JPEG" and img.size == (THUMB_SIDE, THUMB_SIDE * 3 // 4)
    assert len(r.content) < len(big) // 4
    sha = shas["big"]
    kept = tmp / "blobs" / "thumbnail" / sha[:2] / sha[2:4] / sha
    assert kept.read_bytes() == r.content
    # The second request is answered from the store: whatever is kept is what is sent.
    kept.write_bytes(r.content + b"\0")
    assert get("big").content == r.content + b"\0"

    r = get("tall")
    with Image.open(io.BytesIO(r.content)) as img:
        assert img.format == "JPEG" and img.mode == "RGB"  # transparency flattened
        assert img.height == THUMB_SIDE and abs(img.width * 3 - THUMB_SIDE) <= 3

    for kind in ("pdf", "fake"):  # a document, or a file Pillow cannot read: none, and none kept
        r = get(kind)
        assert r.status_code == 404 and r.json()["error"]["code"] == "no_thumbnail", r.text
    r = get("waiting")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_uploaded"
    assert sorted(p.name for p in (tmp / "blobs" / "thumbnail").rglob("*") if p.is_file()) == sorted(
        [shas["big"], shas["tall"]]
    )


def test_thumbnail_permission_is_the_parent_records(world):
    srv, o, lap, tmp = world
    files = LocalFiles.beside(lap.db)
    data = photo(640, 480)
    sha = attach(lap, files, sorted(o.customers["N1"])[0], data, "image/jpeg", "shelf.jpg")
    lap.sync()
    UploadQueue(lap.engine, files).run()
    url = f"{srv.url}{API_PREFIX}/blobs/{sha}/thumbnail"

    for user in ("rep_c", "sup_s"):  # another territory, another region
        r = requests.get(url, headers=_auth(srv.url, user), timeout=10)
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert not (tmp / "blobs" / "thumbnail").exists()  # nothing made for them
    r = requests.get(url, headers=_auth(srv.url, "sup_n"), timeout=10)  # the rep's supervisor
    assert r.status_code == 200 and r.content[:2] == b"\xff\xd8"
    assert requests.get(url, headers=_auth(srv.url, "admin"), timeout=10).status_code == 200
    assert requests.get(url, headers=H, timeout=10).status_code == 401
    unknown = hashlib.sha256(b"nobody attached this").hexdigest()
    r = requests.get(f"{srv.url}{API_PREFIX}/blobs/{unknown}/thumbnail", headers=_auth(srv.url, "rep_a"))
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = requests.get(f"{srv.url}{API_PREFIX}/blobs/NOT-A-HASH/thumbnail", headers=_auth(srv.url, "rep_a"))
    assert r.status_code == 422
