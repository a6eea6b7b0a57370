"""Two attachment files in flight at once (``UploadQueue.PARALLEL``): a connection cut while
both are going up leaves each file's state right, and the next sync finishes both exactly
once, each from the offset the server acknowledged for it.

Real server on loopback behind a real TCP proxy that cuts the link, real encrypted replica.
"""

from __future__ import annotations

import hashlib
import threading
import time

import pytest
from sqlalchemy import select

from domain.attachments import CHUNK_BYTES
from local_db import file_uploads
from server.store.tables import TABLES
from sync.transport import Unreachable
from sync.uploads import LocalFiles, UploadQueue
from tests.sync.test_attachment_sync import (  # noqa: F401 - blobs: fixture
    attach,
    blob_files,
    blobs,
    partial,
    photo,
    rep_behind_proxy,
)


class InFlight:
    """The laptop's transport, counting chunk bytes and how many chunk PUTs were open at once."""

    def __init__(self, real):
        self.real, self.chunk_bytes, self.now, self.most = real, 0, 0, 0
        self.lock = threading.Lock()

    def request(self, method, path, body, token, **kw):
        if "/chunks/" not in path:
            return self.real.request(method, path, body, token, **kw)
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            result = self.real.request(method, path, body, token, **kw)
        finally:
            with self.lock:
                self.now -= 1
        with self.lock:
            self.chunk_bytes += len(kw.get("content") or b"")
        return result

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_two_files_in_flight_cut_mid_way_end_exactly_once(sqlite_store, live_server, tmp_path, blobs):  # noqa: F811
    assert UploadQueue.PARALLEL >= 2  # both of the two files go up at once
    with rep_behind_proxy(sqlite_store, live_server, tmp_path) as (proxy, lap, cid):
        files = LocalFiles.beside(lap.db)
        shots = [photo(3 * CHUNK_BYTES), photo(3 * CHUNK_BYTES + 500)]
        shas = [hashlib.sha256(d).hexdigest() for d in shots]
        ids = [attach(lap.db, files, cid, "customer", cid, d, f"货架 {i}.jpg") for i, d in enumerate(shots)]
        counting = InFlight(lap.engine.transport)
        lap.engine.transport = counting

        # Slow enough that both files are on the wire together; the link dies after about
        # three and a half chunks of the six, in the middle of some chunk's body.
        proxy.rate = 16 * CHUNK_BYTES
        proxy.cut_after(int(3.5 * CHUNK_BYTES))
        with pytest.raises(Unreachable):
            lap.sync()
        proxy.rate = None
        assert counting.most == 2  # two chunk PUTs were open at the same time
        # A chunk whose body reached the server whole before the cut is still joined to its
        # partial after the laptop saw the link die; read what the server holds once no chunk
        # is being received or joined (each lives in a .chunk file beside the partial until then).
        deadline = time.monotonic() + 15
        while list((blobs / "partial").glob("*.chunk")) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not list((blobs / "partial").glob("*.chunk"))
        acknowledged = {}
        for sha, data in zip(shas, shots, strict=True):
            assert not any(p.name == sha for p in blob_files(blobs))  # neither got all its bytes
            have = partial(blobs, sha).stat().st_size if partial(blobs, sha).exists() else 0
            assert have < len(data) and have % CHUNK_BYTES == 0  # whole chunks only
            acknowledged[sha] = have
            with lap.db.session() as s:
                row = file_uploads.get(s, sha)
                # Each file's own state: started, and never ahead of what the server has.
                assert row.state == "uploading" and row.acknowledged <= have
                assert row.size_bytes == len(data)
        # (Not "fewer than four chunks in all": after the cut the other file's thread may start
        # its next chunk on a fresh connection before the queue's stop reaches it; what counts
        # is that each file stopped short, above, and resumes from what the server holds, below.)

        counting.chunk_bytes = 0
        report = lap.sync()
        assert sorted(report.files.uploaded) == sorted(shas) and report.files.failed == {}
        # Each resumed from the server's offset for it: nothing acknowledged was sent again.
        assert (
            counting.chunk_bytes
            == report.files.bytes_sent
            == sum(map(len, shots)) - sum(acknowledged.values())
        )
        stored = blob_files(blobs)
        assert sorted(p.name for p in stored) == sorted(shas)
        assert all(hashlib.sha256(p.read_bytes()).hexdigest() == p.name for p in stored)
        assert not list((blobs / "partial").glob("*"))
        t = TABLES["attachment"]
        with sqlite_store.session() as s:
            marked = dict(
                s.execute(select(t.c.id, t.c.seq).where(t.c.id.in_(ids), t.c.uploaded_at.is_not(None))).all()
            )
        assert sorted(marked) == sorted(ids)
        with lap.db.session() as s:
            assert {file_uploads.get(s, sha).state for sha in shas} == {"uploaded"}
            assert file_uploads.count_open_files(s) == 0

        # Exactly once: another sync sends nothing and marks nothing again.
        counting.chunk_bytes = 0
        again = lap.sync()
        assert again.files.uploaded == [] and counting.chunk_bytes == 0
        with sqlite_store.session() as s:
            assert dict(s.execute(select(t.c.id, t.c.seq).where(t.c.id.in_(ids))).all()) == marked
