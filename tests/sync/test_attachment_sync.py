"""Issue 13's sync tests for attachment files: photos attached offline arrive exactly once,
an interrupted upload (the connection, or the client process) resumes from the server's
last acknowledged chunk, and nobody uploads to or downloads from records they cannot see.

Real server on loopback, real encrypted SQLite replicas, real JPEG files made with Pillow.
"""

from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from PIL import Image
from sqlalchemy import func, select

from domain.attachments import CHUNK_BYTES, AttachmentPolicy
from domain.errors import DomainError
from local_db import file_uploads
from local_db.attachments import add_attachment
from local_db.replica import open_replica
from local_db.visits import check_in, submit_log
from local_db.writes import LocalWriter
from server.blobs import ENV_BLOB_DIR
from server.runner import ServerThread
from server.store.tables import TABLES
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER
from sync.credentials import CredentialStore
from sync.engine import SyncEngine
from sync.transport import Unreachable
from sync.uploads import LocalFiles
from tests.cli import FIELDSALES, cli_env, fieldsales
from tests.factories import PASSWORD, build_org
from tests.sync.helpers import Laptop, insert_attachment, server_row
from tests.sync.proxy import Proxy

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}


def photo(size_at_least: int = 0) -> bytes:
    """A real JPEG, different every time (noise compresses badly, so the size is easy to reach)."""
    side = max(64, int((size_at_least / 2.0) ** 0.5))
    while True:
        img = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
        out = io.BytesIO()
        img.save(out, "JPEG", quality=95)
        if out.tell() >= size_at_least:
            return out.getvalue()
        side = int(side * 1.15) + 1


class Counting:
    """The laptop's transport, counting the chunk bytes it sends; ``lose_reply_of`` drops the
    answer to the Nth chunk PUT after the server handled it (a retried request)."""

    def __init__(self, real):
        self.real, self.chunk_bytes, self.puts, self.lose_reply_of = real, 0, 0, None

    def request(self, method, path, body, token, **kw):
        result = self.real.request(method, path, body, token, **kw)
        if "/chunks/" in path:
            self.puts += 1
            self.chunk_bytes += len(kw.get("content") or b"")
            if self.lose_reply_of == self.puts:
                raise Unreachable("the answer was lost")
        return result

    def __getattr__(self, name):
        return getattr(self.real, name)


def attach(db, files: LocalFiles, customer_id: str, parent_type: str, parent_id: str, data: bytes, name: str):
    """What the attach screens do: keep the bytes, then one writer transaction for the row."""
    sha = files.add(data)
    with db.session() as s:
        w = LocalWriter.for_owner(s)
        return insert_attachment(
            w, customer_id, sha, len(data), parent_type=parent_type, parent_id=parent_id, file_name=name
        )


@contextmanager
def rep_behind_proxy(store, live_server, tmp_path):
    """rep_a's laptop, signed in and synced through a TCP proxy that can slow or cut the link;
    yields the proxy, the laptop and the first of rep_a's customers."""
    o = build_org(store)
    srv = live_server(store)
    proxy = Proxy(srv.port)
    try:
        lap = Laptop.synced(tmp_path / "rep.sqlite3", proxy.url, "rep_a")
        yield proxy, lap, sorted(o.customers["N1"])[0]
    finally:
        proxy.close()


def blob_files(root: Path) -> list[Path]:
    return (
        sorted(p for p in root.rglob("*") if p.is_file() and "partial" not in p.parts)
        if root.exists()
        else []
    )


def partial(root: Path, sha: str) -> Path:
    return root / "partial" / f"{sha}.part"


def token_of(lap: Laptop) -> dict:
    tokens = lap.engine.credentials.load(lap.engine.server_url, lap.engine.username)
    return {**H, "Authorization": f"Bearer {tokens.access_token}"}


def login(url: str, user: str) -> dict:
    r = requests.post(
        f"{url}{API_PREFIX}/auth/login", json={"username": user, "password": PASSWORD}, headers=H, timeout=10
    )
    return {**H, "Authorization": f"Bearer {r.json()['access_token']}"}


@pytest.fixture
def blobs(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "blobs"
    monkeypatch.setenv(ENV_BLOB_DIR, str(root))
    return root


def test_three_photos_attached_offline_arrive_exactly_once(any_store, live_server, tmp_path, blobs):
    o = build_org(any_store)
    srv = live_server(any_store)
    port = srv.port
    lap = Laptop.synced(tmp_path / "rep.sqlite3", srv.url, "rep_a")
    srv.stop()  # on the road

    cid = sorted(o.customers["N1"])[0]
    files = LocalFiles.beside(lap.db)
    visit = check_in(lap.db, cid)
    # Through the laptop's write API, as the visit screen does; originals kept, so each
    # photo is more than one chunk.
    ids = []
    for i in range(3):
        path = tmp_path / f"货架 {i}.jpg"
        path.write_bytes(photo(CHUNK_BYTES + 1000 * i))
        view = add_attachment(
            lap.db,
            files,
            parent_type="visit",
            parent_id=visit,
            path=path,
            policy=AttachmentPolicy(keep_originals=True),
        )
        ids.append(view.id)
    shots = [files.read(lap.row("attachment", i)["sha256"]) for i in ids]
    assert all(len(d) > CHUNK_BYTES for d in shots)
    submit_log(lap.db, visit, {"purpose": "routine", "channel": "in_person", "outcome": "follow_up"})
    with pytest.raises(Unreachable):
        lap.sync()
    with lap.db.session() as s:
        assert file_uploads.count_open_files(s) == 3
        assert {r["state"] for r in file_uploads.list_files(s)} == {"waiting"}

    srv = ServerThread(any_store, port=port).start()  # back in the office
    try:
        counting = Counting(lap.engine.transport)
        lap.engine.transport = counting
        report = lap.sync()
        assert report.files.failed == {} and len(report.files.uploaded) == 3
        assert counting.chunk_bytes == report.files.bytes_sent == sum(map(len, shots))

        t = TABLES["attachment"]
        with any_store.session() as s:
            rows = s.execute(select(t.c.id, t.c.sha256, t.c.uploaded_at).where(t.c.parent_id == visit)).all()
        assert sorted(r.id for r in rows) == sorted(ids) and all(r.uploaded_at for r in rows)
        stored = blob_files(blobs)
        assert sorted(p.name for p in stored) == sorted(hashlib.sha256(d).hexdigest() for d in shots)
        assert all(hashlib.sha256(p.read_bytes()).hexdigest() == p.name for p in stored)
        assert server_row(any_store, "visit", visit)["status"] == "submitted"
        assert all(lap.row("attachment", i)["uploaded_at"] for i in ids)  # the same sync pulled the marks
        with lap.db.session() as s:
            assert file_uploads.count_open_files(s) == 0

        # Replays change nothing: a chunk, the completion, a whole sync.
        with any_store.session() as s:
            seqs = dict(s.execute(select(t.c.id, t.c.seq).where(t.c.parent_id == visit)).all())
            counter = s.scalar(select(func.max(t.c.seq)))
        auth = token_of(lap)
        sha, data = hashlib.sha256(shots[0]).hexdigest(), shots[0]
        base = f"{srv.url}{API_PREFIX}/blobs/{sha}"
        r = requests.put(f"{base}/chunks/0", data=data[:CHUNK_BYTES], headers=auth, timeout=10)
        assert r.status_code == 200 and r.json()["complete"] and r.json()["offset"] == len(data)
        r = requests.put(f"{base}/chunks/{len(data)}", data=b"", headers=auth, timeout=10)
        assert r.status_code == 200 and r.json()["complete"]
        last = (len(data) // CHUNK_BYTES) * CHUNK_BYTES
        assert requests.put(f"{base}/chunks/{last}", data=data[last:], headers=auth, timeout=10).ok
        counting.chunk_bytes = 0
        again = lap.sync()
        assert again.pushed == 0 and again.files.uploaded == [] and counting.chunk_bytes == 0
        with any_store.session() as s:
            assert dict(s.execute(select(t.c.id, t.c.seq).where(t.c.parent_id == visit)).all()) == seqs
            assert s.scalar(select(func.max(t.c.seq))) == counter
            assert s.scalar(select(func.count()).select_from(t).where(t.c.parent_id == visit)) == 3
        assert blob_files(blobs) == stored
        assert not list((blobs / "partial").glob("*"))

        # A retried request: the server completed a file but its answer was lost.
        fourth = photo(2 * CHUNK_BYTES + 10)
        extra = attach(lap.db, files, cid, "customer", cid, fourth, "门头.jpg")
        counting.lose_reply_of = -(-len(fourth) // CHUNK_BYTES)  # the chunk that completes it
        counting.puts = counting.chunk_bytes = 0
        with pytest.raises(Unreachable):
            lap.sync()
        assert server_row(any_store, "attachment", extra)["uploaded_at"] is not None  # it did arrive
        marked = server_row(any_store, "attachment", extra)["seq"]
        counting.lose_reply_of, counting.chunk_bytes = None, 0
        report = lap.sync()
        assert report.files.uploaded == [hashlib.sha256(fourth).hexdigest()] and counting.chunk_bytes == 0
        assert server_row(any_store, "attachment", extra)["seq"] == marked  # confirmed, not marked twice
        assert len(blob_files(blobs)) == 4
    finally:
        srv.stop()


def test_a_connection_cut_mid_chunk_resumes_from_the_last_acknowledged_one(
    sqlite_store, live_server, tmp_path, blobs
):
    with rep_behind_proxy(sqlite_store, live_server, tmp_path) as (proxy, lap, cid):
        data = photo(3 * CHUNK_BYTES)
        sha = hashlib.sha256(data).hexdigest()
        attach(lap.db, LocalFiles.beside(lap.db), cid, "customer", cid, data, "仓库.jpg")
        counting = Counting(lap.engine.transport)
        lap.engine.transport = counting
        # The push and the first chunks get through; the link dies in the middle of a chunk's body.
        proxy.cut_after(int(1.5 * CHUNK_BYTES))
        with pytest.raises(Unreachable):
            lap.sync()
        acknowledged = partial(blobs, sha).stat().st_size
        assert 0 < acknowledged < len(data) and acknowledged % CHUNK_BYTES == 0  # whole chunks only
        with lap.db.session() as s:
            row = file_uploads.get(s, sha)
            assert row.state == "uploading" and row.acknowledged == acknowledged

        counting.chunk_bytes = 0
        report = lap.sync()
        assert report.files.uploaded == [sha]
        assert counting.chunk_bytes == report.files.bytes_sent == len(data) - acknowledged
        (stored,) = blob_files(blobs)
        assert stored.name == sha and hashlib.sha256(stored.read_bytes()).hexdigest() == sha


@pytest.mark.slow
def test_a_client_killed_mid_upload_resumes_from_the_last_acknowledged_chunk(
    sqlite_store, live_server, tmp_path, blobs, file_keyring
):
    o = build_org(sqlite_store)
    srv = live_server(sqlite_store)
    proxy = Proxy(srv.port)
    profile = tmp_path / "profile"
    env = cli_env(tmp_path, tmp_path / "keyring.json")
    try:
        first = fieldsales(
            "sync",
            "--server",
            proxy.url,
            "--user",
            "rep_a",
            "--profile",
            str(profile),
            password=PASSWORD,
            env=env,
        )
        assert first.returncode == 0, first.stderr
        db = open_replica(profile / "fieldsales.sqlite3")
        cid = sorted(o.customers["N1"])[0]
        data = photo(5 * CHUNK_BYTES)
        sha = hashlib.sha256(data).hexdigest()
        attach(db, LocalFiles.beside(db), cid, "customer", cid, data, "冷柜.jpg")
        db.close()

        proxy.rate = 2 * CHUNK_BYTES  # about 2.5 s for the file: the kill lands in the middle
        worker = subprocess.Popen(
            [FIELDSALES, "sync", "--profile", str(profile)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        deadline = time.monotonic() + 60
        while not (partial(blobs, sha).exists() and partial(blobs, sha).stat().st_size > CHUNK_BYTES):
            assert worker.poll() is None, worker.communicate()
            assert time.monotonic() < deadline, "the upload never got past one chunk"
            time.sleep(0.01)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        proxy.drop()  # what the dead process had in flight never arrives whole
        proxy.rate = None
        time.sleep(0.3)  # a chunk the server was already writing is written
        acknowledged = partial(blobs, sha).stat().st_size
        assert CHUNK_BYTES < acknowledged < len(data)

        # The next start: the local state says how far it got, the server where to go on.
        db = open_replica(profile / "fieldsales.sqlite3")
        with db.session() as s:
            row = file_uploads.get(s, sha)
            assert row.state == "uploading" and 0 < row.acknowledged <= acknowledged
        engine = SyncEngine(db, proxy.url, "rep_a", CredentialStore())
        counting = Counting(engine.transport)
        engine.transport = counting
        report = engine.sync()
        assert report.files.uploaded == [sha]
        assert counting.chunk_bytes == len(data) - acknowledged < len(data)
        (stored,) = blob_files(blobs)
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == sha
        with db.session() as s:
            assert file_uploads.get(s, sha).state == "uploaded"
        engine.transport.close()
        db.close()
    finally:
        proxy.close()


def test_nobody_uploads_to_or_downloads_from_records_they_cannot_see(
    sqlite_store, live_server, tmp_path, blobs
):
    o = build_org(sqlite_store)
    srv = live_server(sqlite_store)
    rep_a = Laptop.synced(tmp_path / "a.sqlite3", srv.url, "rep_a")
    cid = sorted(o.customers["N1"])[0]
    data = photo(CHUNK_BYTES + 10)
    sha = hashlib.sha256(data).hexdigest()
    aid = attach(rep_a.db, LocalFiles.beside(rep_a.db), cid, "customer", cid, data, "a.jpg")
    assert rep_a.sync().files.uploaded == [sha]
    base = f"{srv.url}{API_PREFIX}/blobs"

    # rep_c (South) cannot see the file of a North customer, nor learn that it exists.
    rep_c = login(srv.url, "rep_c")
    assert requests.get(f"{base}/{sha}", headers=rep_c, timeout=10).status_code == 404
    assert requests.head(f"{base}/{sha}/upload", headers=rep_c, timeout=10).status_code == 404

    # Nor attach to one: the row is refused, and bytes for it are refused before any is written.
    lap_c = Laptop.synced(tmp_path / "c.sqlite3", srv.url, "rep_c")
    with sqlite_store.session() as s:
        v = TABLES["visit"]
        north_visit = s.scalar(select(v.c.id).where(v.c.customer_id == cid).limit(1))
    other = photo(CHUNK_BYTES + 20)
    other_sha = hashlib.sha256(other).hexdigest()
    with pytest.raises(DomainError) as refused:  # the laptop's own rule already says no
        attach(lap_c.db, LocalFiles.beside(lap_c.db), cid, "visit", north_visit, other, "c.jpg")
    assert refused.value.code in ("out_of_scope", "invalid_parent")
    with lap_c.db.session() as s:
        assert file_uploads.count_open_files(s) == 0
    r = requests.put(f"{base}/{other_sha}/chunks/0", data=other[:CHUNK_BYTES], headers=rep_c, timeout=10)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = requests.put(f"{base}/{sha}/chunks/0", data=data[:CHUNK_BYTES], headers=rep_c, timeout=10)
    assert r.status_code == 404
    assert not partial(blobs, other_sha).exists() and [p.name for p in blob_files(blobs)] == [sha]
    t = TABLES["attachment"]
    with sqlite_store.session() as s:
        assert s.scalar(select(func.count()).select_from(t)) == 1
        assert s.scalar(select(func.count()).select_from(t).where(t.c.sha256 == other_sha)) == 0

    # The supervisors: the team's (North) yes, the other region's no; and the admin.
    r = requests.get(f"{base}/{sha}", headers=login(srv.url, "sup_n"), timeout=10)
    assert r.status_code == 200 and r.content == data
    assert requests.get(f"{base}/{sha}", headers=login(srv.url, "sup_s"), timeout=10).status_code == 404
    assert server_row(sqlite_store, "attachment", aid)["uploaded_at"] is not None
