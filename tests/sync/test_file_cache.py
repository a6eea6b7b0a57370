"""The laptop's attachment files through a real server on loopback, real replicas and real
files: thumbnails after the sync, full files on open (checked, kept, evicted by the cache
budget, fetched again), customers kept offline, and files leaving with a customer that
left the scope — after the ones not yet uploaded went up."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest
import requests
from sqlalchemy import inspect, select, text

from local_db.db import LocalDb
from local_db.models import CachedFile
from local_db.tables import TABLES as LOCAL
from server import org
from server.blobs import ENV_BLOB_DIR
from sync.contract import API_PREFIX
from sync.file_cache import AttachmentFiles, FileDamaged
from sync.transport import ServerRefused, ServerTrouble, Unreachable
from sync.uploads import LocalFiles, UploadQueue
from tests.factories import build_org
from tests.server.test_attachments import _auth
from tests.server.test_thumbnails import attach, photo
from tests.sync.helpers import Laptop, serve_org, server_row
from tests.sync.hooks import HookTransport

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class Counting(HookTransport):
    """Counts the file requests (``raw``) the laptop makes, and can cut them."""

    def __init__(self, base_url: str):
        super().__init__(base_url)
        self.files: list[str] = []
        self.cut = False  # file requests find no connection
        self.failing = False  # file requests get a 503

    def request(self, method, path, body, token, **kw):
        if path.startswith("/blobs/"):
            if self.cut:
                raise Unreachable("connection lost")
            if self.failing:
                raise ServerTrouble(503, "the blob store is unavailable")
            self.files.append(path)
        return super().request(method, path, body, token, **kw)


def laptop(path: Path, url: str, user: str, sync: bool = True) -> Laptop:
    lap = Laptop(path, url, user).login()
    lap.engine.transport = Counting(url)
    if sync:
        lap.sync()
    return lap


@pytest.fixture
def world(sqlite_store, live_server, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_BLOB_DIR, str(tmp_path / "blobs"))
    store, srv, o, _laptop = serve_org(sqlite_store, live_server, tmp_path)
    return store, srv, o, tmp_path


def _cached(lap: Laptop) -> dict[str, CachedFile]:
    with lap.db.session() as s:
        return {r.sha256: r for r in s.scalars(select(CachedFile))}


def _uploaded_photos(rep: Laptop, cid: str, n: int, size: int = 900, first_seed: int = 0) -> list[bytes]:
    files = LocalFiles.beside(rep.db)
    photos = [photo(size, size * 3 // 4, seed=first_seed + i) for i in range(n)]
    for i, data in enumerate(photos):
        attach(rep, files, cid, data, "image/jpeg", f"照片{i}.jpg")
    rep.sync()
    assert UploadQueue(rep.engine, files).run().failed == {}
    return photos


def test_thumbnails_arrive_after_the_sync_and_full_files_on_open(world):
    store, srv, o, tmp = world
    rep = laptop(tmp / "a.sqlite3", srv.url, "rep_a")
    cid = sorted(o.customers["N1"])[0]
    photos = _uploaded_photos(rep, cid, 3)
    attach(rep, LocalFiles.beside(rep.db), cid, PDF, "application/pdf", "合同.pdf")
    rep.sync()
    UploadQueue(rep.engine, LocalFiles.beside(rep.db)).run()
    shas = [hashlib.sha256(p).hexdigest() for p in photos]
    pdf = hashlib.sha256(PDF).hexdigest()

    sup = laptop(tmp / "sup.sqlite3", srv.url, "sup_n", sync=False)  # the rep's supervisor
    report = sup.sync()
    assert report.downloads.thumbnails == 3
    assert sorted(sup.engine.transport.files) == sorted(
        f"/blobs/{s}/thumbnail" for s in shas
    )  # none for the PDF
    cache = AttachmentFiles(sup.engine)
    for sha in shas:
        thumb = cache.thumbnail(sha)
        assert thumb[:2] == b"\xff\xd8" and len(thumb) < 30_000
        assert not cache.has_full(sha)
    assert cache.thumbnail(pdf) is None and _cached(sup)[pdf].thumb_state == "none"
    # The thumbnails are sealed like every file of an encrypted replica.
    thumb_sha = _cached(sup)[shas[0]].thumb_sha256
    assert cache.files.path(thumb_sha).read_bytes()[:2] != b"\xff\xd8"

    # Nothing new: the sync stays one small request, no file is probed.
    transport = sup.engine.transport
    before, got = transport.requests_made, transport.bytes_received
    sup.sync()
    assert transport.requests_made == before + 1 and transport.bytes_received - got < 1024

    # Opening a file fetches it once, checks it and keeps it.
    seen: list[tuple[int, int]] = []
    transport.files.clear()
    assert cache.full(shas[1], progress=lambda done, total: seen.append((done, total))) == photos[1]
    assert transport.files == [f"/blobs/{shas[1]}"] and seen[-1] == (len(photos[1]),) * 2
    assert cache.has_full(shas[1]) and cache.full(shas[1]) == photos[1]
    assert transport.files == [f"/blobs/{shas[1]}"]  # the second open is local
    # A screen's task: its own connection to the replica, its thread's own HTTP session.
    window_db = LocalDb(sup.db.path, key=sup.db.key, must_exist=True)
    got: list[bytes] = []
    task = threading.Thread(
        target=lambda: got.append(AttachmentFiles.for_window(sup.engine, window_db).full(shas[0]))
    )
    task.start()
    task.join(30)
    assert got == [photos[0]] and transport.files == [f"/blobs/{shas[1]}"]  # not the sync's transport
    assert cache.has_full(shas[0])
    window_db.close()
    # The rep's own photos get their thumbnails from the files they hold, without asking.
    rep.engine.transport.files.clear()
    assert AttachmentFiles(rep.engine).thumbnail(shas[2])[:2] == b"\xff\xd8"
    assert rep.engine.transport.files == []


def test_cache_budget_evicts_the_oldest_downloads_never_unsent_files(world):
    store, srv, o, tmp = world
    rep = laptop(tmp / "a.sqlite3", srv.url, "rep_a")
    cid = sorted(o.customers["N1"])[0]
    photos = _uploaded_photos(rep, cid, 4, size=1200)
    shas = [hashlib.sha256(p).hexdigest() for p in photos]

    other = laptop(tmp / "a2.sqlite3", srv.url, "rep_a")  # the same rep's second laptop
    cache = AttachmentFiles(other.engine)
    own = photo(1000, 750, seed=99)  # attached on this laptop and not uploaded: never evicted
    own_sha = attach(other, cache.files, cid, own, "image/jpeg", "mine.jpg")
    other.engine.transport.failing = True  # the sync's upload of it fails (and backs off)
    other.sync()
    other.engine.transport.failing = False
    biggest = max(len(p) for p in photos)
    cache.set_budget(2 * biggest + biggest // 2)  # room for two downloads
    for sha in shas:  # opened in this order: the first ones are the least recently used
        cache.full(sha)
    assert [cache.has_full(s) for s in shas] == [False, False, True, True]
    assert cache.has_full(own_sha) and cache.full(own_sha) == own
    assert cache.usage() <= cache.budget()

    # An evicted file is fetched again on open, and the bytes are the same.
    transport = other.engine.transport
    transport.files.clear()
    assert cache.full(shas[0]) == photos[0]
    assert transport.files == [f"/blobs/{shas[0]}"]
    assert cache.has_full(shas[0]) and not cache.has_full(shas[2])  # now the third was oldest

    # Even a budget of nothing keeps the file not yet on the server (and the one just opened).
    cache.set_budget(0)
    assert [cache.has_full(s) for s in shas] == [False] * 4
    assert cache.has_full(own_sha)
    # Offline, an evicted file cannot be opened: the error says so, nothing else changes.
    transport.cut = True
    with pytest.raises(Unreachable):
        cache.full(shas[3])
    assert cache.full(own_sha) == own


def test_customers_kept_offline_get_their_files_at_the_next_sync(world):
    store, srv, o, tmp = world
    rep = laptop(tmp / "a.sqlite3", srv.url, "rep_a")
    kept, other_customer = sorted(o.customers["N1"])[:2]
    photos = _uploaded_photos(rep, kept, 2)
    elsewhere = _uploaded_photos(rep, other_customer, 1, first_seed=10)

    sup = laptop(tmp / "sup.sqlite3", srv.url, "sup_n")
    cache = AttachmentFiles(sup.engine)
    cache.set_available_offline(kept, True)
    assert cache.available_offline(kept) and not cache.available_offline(other_customer)
    report = sup.sync()
    assert report.downloads.files == 2
    for data in photos:
        assert cache.has_full(hashlib.sha256(data).hexdigest())
    assert not cache.has_full(hashlib.sha256(elsewhere[0]).hexdigest())
    sup.engine.transport.files.clear()
    assert cache.full(hashlib.sha256(photos[0]).hexdigest()) == photos[0]
    assert sup.engine.transport.files == []  # opened offline-ready: no request

    # Budget pressure takes other files first; the kept customer's only when nothing else is left.
    cache.full(hashlib.sha256(elsewhere[0]).hexdigest())
    cache.set_budget(sum(len(p) for p in photos))
    assert not cache.has_full(hashlib.sha256(elsewhere[0]).hexdigest())
    assert all(cache.has_full(hashlib.sha256(p).hexdigest()) for p in photos)
    # Too small even for them: the oldest goes, and the next sync does not fetch it back
    # only to evict it again.
    cache.set_budget(max(len(p) for p in photos))
    assert sum(cache.has_full(hashlib.sha256(p).hexdigest()) for p in photos) == 1
    report = sup.sync()
    assert report.downloads.files == 0 and report.downloads.not_fitting == 1
    cache.set_available_offline(kept, False)
    assert not cache.available_offline(kept)


def test_bytes_that_do_not_match_their_hash_are_not_kept(world):
    store, srv, o, tmp = world
    rep = laptop(tmp / "a.sqlite3", srv.url, "rep_a")
    cid = sorted(o.customers["N1"])[0]
    photos = _uploaded_photos(rep, cid, 1)
    sha = hashlib.sha256(photos[0]).hexdigest()
    blob = next((tmp / "blobs").rglob(sha))
    blob.write_bytes(photos[0][:-1] + b"\x00")  # damaged on the server's disk

    sup = laptop(tmp / "sup.sqlite3", srv.url, "sup_n")
    cache = AttachmentFiles(sup.engine)
    with pytest.raises(FileDamaged):
        cache.full(sha)
    assert not cache.has_full(sha)


def _retry_uploads_now(lap: Laptop) -> None:
    """A failed upload waits before its next try where the laptop keeps an upload state
    (``file_uploads``); the test does not wait."""
    with lap.db.session() as s:
        if inspect(s.connection()).has_table("file_uploads"):
            s.execute(text("UPDATE file_uploads SET next_try_at = NULL"))


def _move(store, cid: str, territory: str) -> None:
    with store.session() as s:
        org.move_customers(s, [cid], territory)


def test_a_customer_leaving_the_scope_takes_its_files_after_the_unsent_ones_went_up(
    any_store, live_server, tmp_path, monkeypatch
):
    monkeypatch.setenv(ENV_BLOB_DIR, str(tmp_path / "blobs"))
    store = any_store
    o = build_org(store)
    srv = live_server(store)
    rep = laptop(tmp_path / "a.sqlite3", srv.url, "rep_a")
    moved, stays = sorted(o.customers["N1"])[:2]
    sent = _uploaded_photos(rep, moved, 1)[0]  # uploaded: the laptop holds it as a cache file
    files = LocalFiles.beside(rep.db)
    unsent = photo(700, 500, seed=42)
    unsent_sha = attach(rep, files, moved, unsent, "image/jpeg", "not yet up.jpg")
    same = attach(rep, files, stays, sent, "image/jpeg", "the same photo, another customer.jpg")
    rep.engine.transport.failing = True  # the sync's upload fails (and backs off)
    rep.sync()  # the rows are accepted; the new photo's bytes are not on the server
    rep.engine.transport.failing = False
    sent_sha = hashlib.sha256(sent).hexdigest()
    assert same == sent_sha
    cache = AttachmentFiles(rep.engine)
    assert cache.thumbnail(unsent_sha) is not None
    moved_rows = {r for r in rep.ids("attachment") if rep.row("attachment", r)["customer_id"] == moved}
    assert len(moved_rows) == 2

    _move(store, moved, "N2")  # the admin gives the customer to another rep
    rep.engine.transport.failing = True  # and the server cannot take files for now
    rep.sync()
    rep.engine.transport.failing = False
    # The customer waits for its unsent file: rows and the file stay.
    assert moved in rep.ids("customer") and moved_rows <= rep.ids("attachment")
    assert cache.has_full(unsent_sha)
    blobs = tmp_path / "blobs"
    assert not list(blobs.rglob(unsent_sha))

    # The author may still deliver the bytes of a row accepted while they covered the
    # customer, though not download anything of it any more.
    auth = _auth(srv.url, "rep_a")
    assert (
        requests.get(f"{srv.url}{API_PREFIX}/blobs/{sent_sha}", headers=_auth(srv.url, "rep_c"), timeout=10)
    ).status_code == 404
    _retry_uploads_now(rep)
    assert UploadQueue(rep.engine, files).run().failed == {}
    assert hashlib.sha256(next(blobs.rglob(unsent_sha)).read_bytes()).hexdigest() == unsent_sha
    r = requests.get(f"{srv.url}{API_PREFIX}/blobs/{unsent_sha}", headers=auth, timeout=10)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    (unsent_row,) = [r for r in moved_rows if rep.row("attachment", r)["sha256"] == unsent_sha]
    assert server_row(store, "attachment", unsent_row)["uploaded_at"] is not None

    report = rep.sync()  # now the customer leaves, with its rows and files
    assert report.evicted == 1
    assert moved not in rep.ids("customer") and not (moved_rows & rep.ids("attachment"))
    assert not cache.has_full(unsent_sha) and cache.thumbnail(unsent_sha) is None
    assert not files.path(unsent_sha).exists()
    cached = _cached(rep)
    assert unsent_sha not in cached
    # The same photo on a customer the rep still has stays.
    assert cache.has_full(sent_sha) and cache.full(sent_sha) == sent

    # The new rep gets the customer with its attachments and their thumbnails.
    new = laptop(tmp_path / "b.sqlite3", srv.url, "rep_b")
    assert moved_rows <= new.ids("attachment")
    assert AttachmentFiles(new.engine).thumbnail(unsent_sha)[:2] == b"\xff\xd8"
    with pytest.raises(ServerRefused) as e:
        AttachmentFiles(rep.engine).full(unsent_sha)  # the old rep has no row: nothing is fetched
    assert e.value.code == "not_found"


def test_the_demo_reps_laptop_gets_the_thumbnails_of_the_demo_photos(
    sqlite_store, live_server, tmp_path, monkeypatch
):
    from server.seed import DEMO_PASSWORD, seed_demo

    monkeypatch.setenv(ENV_BLOB_DIR, str(tmp_path / "blobs"))
    seed_demo(sqlite_store, customers=60)
    srv = live_server(sqlite_store)
    lap = Laptop(tmp_path / "rep1.sqlite3", srv.url, "rep1")
    lap.engine.login(DEMO_PASSWORD)
    report = lap.sync()
    with lap.db.session() as s:
        a = LOCAL["attachment"]
        photos = set(
            s.scalars(select(a.c.sha256).where(a.c.uploaded_at.is_not(None), a.c.mime_type.like("image/%")))
        )
    assert photos, "the demo gives the rep's customers some photos"
    assert report.downloads.thumbnails == len(photos)
    cache = AttachmentFiles(lap.engine)
    assert all(cache.thumbnail(sha)[:2] == b"\xff\xd8" for sha in photos)


def test_a_full_disk_stops_the_file_step_but_not_the_sync(world, monkeypatch):
    store, srv, o, tmp = world
    rep = laptop(tmp / "a.sqlite3", srv.url, "rep_a")
    cid = sorted(o.customers["N1"])[0]
    photos = _uploaded_photos(rep, cid, 2)
    sup = laptop(tmp / "sup.sqlite3", srv.url, "sup_n", sync=False)

    def full_disk(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(LocalFiles, "add", full_disk)
    report = sup.sync()
    assert "No space left" in report.downloads.stopped and report.downloads.thumbnails == 0
    assert {hashlib.sha256(p).hexdigest() for p in photos} <= {
        sup.row("attachment", r)["sha256"] for r in sup.ids("attachment")
    }  # the rows arrived
    monkeypatch.undo()
    report = sup.sync()  # the next sync fetches what the last one could not keep
    assert report.downloads.thumbnails == 2 and report.downloads.stopped is None


def test_the_budget_is_set_from_the_command_line(sqlite_store, live_server, tmp_path, file_keyring):
    from local_db.replica import open_replica
    from sync.file_cache import BUDGET_KEY
    from tests.factories import PASSWORD
    from tests.sync.test_headless_verify import run

    build_org(sqlite_store)
    srv = live_server(sqlite_store)
    profile = tmp_path / "profile"
    first = run(
        "--server", srv.url, "--user", "rep_a", "--profile", str(profile), "--file-cache-mb", "300",
        password=PASSWORD, env_dir=tmp_path,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert "file cache: at most 300 MB" in first.stdout
    bad = run("--profile", str(profile), "--file-cache-mb", "-1", password=PASSWORD, env_dir=tmp_path)
    assert bad.returncode != 0 and "--file-cache-mb must be 0 or more" in bad.stderr
    db = open_replica(profile / "fieldsales.sqlite3")
    assert db.get_state(BUDGET_KEY) == str(300 * 1024 * 1024)  # kept for the profile's next syncs
    db.close()
