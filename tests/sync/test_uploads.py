"""The laptop's upload queue through a real server on loopback: bytes follow their
accepted metadata, an interrupted upload resumes from the server's acknowledged offset."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, timezone

import pytest

from domain.attachments import CHUNK_BYTES
from local_db import file_uploads, sealed
from local_db.replica import open_replica, set_aside, wipe
from local_db.sealed import SealedFileDamaged
from server.blobs import ENV_BLOB_DIR
from sync.transport import Unreachable
from sync.uploads import LocalFiles, UploadQueue
from tests.sync.helpers import insert_attachment, serve_org, server_row


class CutAfter:
    """The laptop's transport, whose connection dies after ``chunks`` chunk uploads."""

    def __init__(self, real, chunks: int | None = None):
        self.real, self.chunks, self.sent = real, chunks, 0

    def request(self, method, path, body, token, **kw):
        if "/chunks/" in path:
            if self.chunks is not None and self.chunks == 0:
                raise Unreachable("connection lost")
            if self.chunks is not None:
                self.chunks -= 1
            self.sent += len(kw.get("content") or b"")
        return self.real.request(method, path, body, token, **kw)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.fixture
def rep(any_store, live_server, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_BLOB_DIR, str(tmp_path / "blobs"))
    store, _srv, o, laptop = serve_org(any_store, live_server, tmp_path)
    return store, o, laptop("rep_a")


def _attach(lap, files, o, data: bytes, customer_index=0) -> str:
    cid = sorted(o.customers["N1"])[customer_index]
    sha = files.add(data)
    with lap.write() as w:
        return insert_attachment(w, cid, sha, len(data))


def _upload_row(lap, sha: str) -> dict | None:
    with lap.db.session() as s:
        row = file_uploads.get(s, sha)
        return None if row is None else {c: getattr(row, c) for c in ("state", "acknowledged", "size_bytes")}


def test_upload_waits_for_the_row_and_resumes_after_a_lost_connection(rep):
    store, o, lap = rep
    files = LocalFiles.beside(lap.db)
    assert files.sealed  # the replica is encrypted, so its files are too
    data = os.urandom(3 * CHUNK_BYTES + 777)
    sha = hashlib.sha256(data).hexdigest()
    aid = _attach(lap, files, o, data)
    assert data[:4096] not in files.path(sha).read_bytes()
    assert _upload_row(lap, sha) == {"state": "waiting", "acknowledged": 0, "size_bytes": len(data)}
    cut = CutAfter(lap.engine.transport, chunks=2)
    lap.engine.transport = cut
    queue = UploadQueue(lap.engine, files)
    assert queue.pending() == []  # not yet accepted by the server: nothing to upload

    # The sync pushes the row, then uploads; the connection dies after two chunks.
    with pytest.raises(Unreachable):
        lap.sync()
    assert server_row(store, "attachment", aid)["version"] > 0
    assert cut.sent == 2 * CHUNK_BYTES
    assert _upload_row(lap, sha) == {
        "state": "uploading",
        "acknowledged": 2 * CHUNK_BYTES,
        "size_bytes": len(data),
    }
    assert queue.pending() == [sha]
    cut.chunks, cut.sent = None, 0
    report = lap.sync()
    assert cut.sent == report.files.bytes_sent == len(data) - 2 * CHUNK_BYTES  # from the acknowledged offset
    assert report.files.uploaded == [sha]
    assert server_row(store, "attachment", aid)["uploaded_at"] is not None
    assert lap.row("attachment", aid)["uploaded_at"] is not None  # the same sync's pull brought it back
    assert _upload_row(lap, sha)["state"] == "uploaded"
    assert queue.pending() == []

    # The same photo on a second record is confirmed, not sent again.
    second = _attach(lap, files, o, data, customer_index=1)
    assert _upload_row(lap, sha)["state"] == "waiting"
    cut.sent = 0
    report = lap.sync()
    assert report.files.bytes_sent == 0 and cut.sent == 0 and report.files.failed == {}
    assert report.files.uploaded == [sha]
    assert server_row(store, "attachment", second)["uploaded_at"] is not None


def test_a_queue_whose_run_was_cut_uploads_on_its_next_run(rep):
    store, o, lap = rep
    files = LocalFiles.beside(lap.db)
    data = os.urandom(2 * CHUNK_BYTES + 5)
    sha = hashlib.sha256(data).hexdigest()
    _attach(lap, files, o, data)
    lap.engine.push()  # the row is accepted: its file is due
    cut = CutAfter(lap.engine.transport, chunks=1)
    lap.engine.transport = cut
    queue = UploadQueue(lap.engine, files)
    with pytest.raises(Unreachable):
        queue.run()
    cut.chunks = None
    assert queue.run().uploaded == [sha]


MARKER = b"CUSTOMER-MARKER \xe5\xbc\xa0\xe4\xb8\x89 Huaxin Trading"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + MARKER


def _photo(size: int) -> bytes:
    """A JPEG-looking file with the marker in every megabyte, ``size`` bytes long."""
    block = (JPEG + os.urandom(CHUNK_BYTES - len(JPEG) - len(MARKER)) + MARKER) * (size // CHUNK_BYTES + 1)
    return block[:size]


def test_attachment_files_are_sealed_and_read_back_at_any_offset(tmp_path):
    db = open_replica(tmp_path / "fieldsales.sqlite3")
    files = LocalFiles.beside(db)
    data = _photo(2 * sealed.RECORD_BYTES + 12345)
    sha = files.add(data)
    empty = files.add(b"")

    raw = files.path(sha).read_bytes()
    assert raw.startswith(sealed.MAGIC)
    assert MARKER not in raw and b"JFIF" not in raw and data[:64] not in raw
    assert files.read(sha) == data and files.read(empty) == b""
    assert files.path(sha).parent.parent.parent == tmp_path / "fieldsales-files"
    with files.open(sha) as f:  # what a resumed upload does: read from wherever it stopped
        for offset in (0, 1, sealed.RECORD_BYTES - 3, sealed.RECORD_BYTES, 2 * sealed.RECORD_BYTES + 12000):
            f.seek(offset)
            assert f.read(CHUNK_BYTES) == data[offset : offset + CHUNK_BYTES]
        f.seek(len(data))
        assert f.read(10) == b""

    # The same key opens them at the next start; another replica's key does not.
    db.close()
    again = open_replica(tmp_path / "fieldsales.sqlite3")
    assert LocalFiles.beside(again).read(sha) == data
    other = open_replica(tmp_path / "other.sqlite3")
    with pytest.raises(SealedFileDamaged, match="damaged or was altered"):
        LocalFiles(files.root, other.key).read(sha)
    again.close()
    other.close()


@pytest.mark.parametrize("damage", ["flip", "truncate", "reorder", "swap", "plain"])
def test_a_tampered_attachment_file_is_refused_with_a_clear_error(tmp_path, damage):
    db = open_replica(tmp_path / "fieldsales.sqlite3")
    files = LocalFiles.beside(db)
    data = _photo(2 * sealed.RECORD_BYTES)  # two full records: they could trade places
    sha = files.add(data)
    other = files.add(_photo(sealed.RECORD_BYTES + 500)[::-1])
    path = files.path(sha)
    raw = bytearray(path.read_bytes())
    if damage == "flip":
        raw[sealed.HEADER_BYTES + sealed.RECORD_BYTES + 40] ^= 1  # inside the second record
    elif damage == "truncate":
        raw = raw[:-10]
    elif damage == "reorder":
        step = sealed.NONCE_BYTES + sealed.RECORD_BYTES + sealed.TAG_BYTES
        first, second = (
            slice(sealed.HEADER_BYTES, sealed.HEADER_BYTES + step),
            slice(sealed.HEADER_BYTES + step, sealed.HEADER_BYTES + 2 * step),
        )
        raw[first], raw[second] = raw[second], raw[first]
    elif damage == "swap":
        raw = bytearray(files.path(other).read_bytes())  # a valid file, under another name
    else:
        raw = bytearray(data)  # the bytes put back in clear
    path.write_bytes(bytes(raw))

    with pytest.raises(SealedFileDamaged) as err:
        files.read(sha)
    assert str(path) in str(err.value) and "damaged or was altered" in str(err.value)
    assert "Traceback" not in str(err.value)
    db.close()


def test_a_tampered_file_is_reported_and_never_completes_on_the_server(rep):
    store, o, lap = rep
    files = LocalFiles.beside(lap.db)
    data = os.urandom(2 * CHUNK_BYTES + 5)
    aid = _attach(lap, files, o, data)
    good = _attach(lap, files, o, os.urandom(1000), customer_index=1)
    sha = hashlib.sha256(data).hexdigest()
    raw = bytearray(files.path(sha).read_bytes())
    raw[-1] ^= 0x80  # the last record's tag
    files.path(sha).write_bytes(bytes(raw))

    cid = sorted(o.customers["N1"])[0]
    with lap.write() as w:
        w.update("customer", cid, {"notes": "pushed although a file fails"})
    sync = lap.sync()
    report = sync.files
    assert list(report.failed) == [sha] and "damaged or was altered" in report.failed[sha]
    assert server_row(store, "attachment", aid)["uploaded_at"] is None
    assert server_row(store, "attachment", good)["uploaded_at"] is not None  # the others go on
    assert sync.applied == 3 and server_row(store, "customer", cid)["notes"] == "pushed although a file fails"
    with lap.db.session() as s:
        row = file_uploads.get(s, sha)
        assert (row.state, row.code, row.attempts) == ("failed", "file_damaged", 1)
        assert row.next_try_at > datetime.now(timezone.utc)

    # Backing off: the next syncs do not try it (nor ask the server anything about it) ...
    before = lap.engine.transport.requests_made
    assert lap.sync().files.failed == {}
    assert lap.engine.transport.requests_made - before == 1  # the pull only
    # ... until it is due again; then it fails again, one more attempt, a longer wait.
    with lap.db.session() as s:
        assert file_uploads.retry_now(s) == 1
    assert list(lap.sync().files.failed) == [sha]
    with lap.db.session() as s:
        row = file_uploads.get(s, sha)
        assert row.attempts == 2 and row.next_try_at - row.updated_at == 2 * file_uploads.BACKOFF_FIRST


def test_without_a_keyring_files_stay_plain_and_are_sealed_once_the_replica_is(tmp_path):
    import keyring
    from keyring.backends import fail

    path = tmp_path / "fieldsales.sqlite3"
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        db = open_replica(path)
        files = LocalFiles.beside(db)
        assert db.key is None and not files.sealed
        data = _photo(sealed.RECORD_BYTES + 1)
        sha = files.add(data)
        assert files.path(sha).read_bytes() == data  # plain, like the replica: readable next start
        db.close()
    finally:
        keyring.set_keyring(previous)

    db = open_replica(path)  # a keyring now: the replica is converted, the files are sealed
    files = LocalFiles.beside(db)
    assert files.sealed and MARKER not in files.path(sha).read_bytes()
    assert files.read(sha) == data
    db.close()


def test_set_aside_takes_the_files_along_and_wipe_removes_them(tmp_path):
    path = tmp_path / "fieldsales.sqlite3"
    db = open_replica(path)
    sha = LocalFiles.beside(db).add(JPEG)
    key = db.key
    db.close()
    aside = set_aside(path)
    moved = LocalFiles(aside.with_name(aside.name + "-files"), key)
    assert moved.read(sha) == JPEG and not (tmp_path / "fieldsales-files").exists()

    db = open_replica(path)
    LocalFiles.beside(db).add(JPEG)
    db.close()
    wipe(path)
    assert not (tmp_path / "fieldsales-files").exists()
