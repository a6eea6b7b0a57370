"""The laptop's upload queue through a real server on loopback: bytes follow their
accepted metadata, an interrupted upload resumes from the server's acknowledged offset."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest

from domain.attachments import CHUNK_BYTES
from server.blobs import ENV_BLOB_DIR
from sync.transport import Unreachable
from sync.uploads import LocalFiles, UploadQueue
from tests.factories import build_org
from tests.sync.helpers import Laptop, server_row


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
    o = build_org(any_store)
    srv = live_server(any_store)
    lap = Laptop(tmp_path / "a.sqlite3", srv.url, "rep_a").login()
    lap.sync()
    return any_store, o, lap


def _attach(lap, files, o, data: bytes, customer_index=0) -> str:
    cid = sorted(o.customers["N1"])[customer_index]
    sha = files.add(data)
    with lap.write() as w:
        return w.insert(
            "attachment",
            {
                "customer_id": cid,
                "parent_type": "customer",
                "parent_id": cid,
                "sha256": sha,
                "size_bytes": len(data),
                "mime_type": "image/jpeg",
                "file_name": "照片.jpg",
                "created_by": w.actor.id,
                "created_at": datetime.now(timezone.utc),
            },
        )


def test_upload_waits_for_the_row_and_resumes_after_a_lost_connection(rep):
    store, o, lap = rep
    files = LocalFiles.beside(lap.db)
    data = os.urandom(3 * CHUNK_BYTES + 777)
    aid = _attach(lap, files, o, data)
    cut = CutAfter(lap.engine.transport, chunks=2)
    lap.engine.transport = cut
    queue = UploadQueue(lap.engine, files)
    assert queue.pending() == []  # not yet accepted by the server: nothing to upload
    lap.sync()
    assert len(queue.pending()) == 1

    with pytest.raises(Unreachable):
        queue.run()
    assert cut.sent == 2 * CHUNK_BYTES
    cut.chunks, cut.sent = None, 0
    report = queue.run()
    assert cut.sent == report.bytes_sent == len(data) - 2 * CHUNK_BYTES  # from the acknowledged offset
    assert server_row(store, "attachment", aid)["uploaded_at"] is not None
    lap.sync()
    assert queue.pending() == []

    # The same photo on a second record is confirmed, not sent again.
    second = _attach(lap, files, o, data, customer_index=1)
    lap.sync()
    cut.sent = 0
    report = queue.run()
    assert report.bytes_sent == 0 and cut.sent == 0 and report.failed == {}
    assert server_row(store, "attachment", second)["uploaded_at"] is not None
