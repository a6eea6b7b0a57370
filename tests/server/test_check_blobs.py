"""`fieldsales-server check-blobs`: metadata without blobs and blobs without metadata, on a
store filled the real way (a laptop attaches, syncs and uploads over loopback)."""

from __future__ import annotations

import hashlib
import json
import os
import time
from datetime import datetime, timedelta, timezone

from server import cli
from server.blobs import ENV_BLOB_DIR, FileSystemBlobStore
from sync.uploads import LocalFiles
from tests.factories import build_org
from tests.sync.helpers import Laptop, insert_attachment


def _attach(lap, o, data: bytes | None, size: int = 0, index: int = 0, created_at=None, keep=True) -> str:
    """An attachment of ``data`` (kept on the laptop unless ``keep`` is false)."""
    cid = sorted(o.customers["N1"])[index]
    sha = LocalFiles.beside(lap.db).add(data) if keep else hashlib.sha256(data).hexdigest()
    with lap.write() as w:
        return insert_attachment(w, cid, sha, len(data), created_at)


def _check(url, *extra, capsys) -> tuple[int, dict]:
    code = cli.main(["--database-url", url, "check-blobs", "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


def test_check_blobs_finds_both_kinds_of_inconsistency_and_deletes_only_orphans(
    sqlite_store, live_server, tmp_path, monkeypatch, capsys
):
    root = tmp_path / "blobs"
    monkeypatch.setenv(ENV_BLOB_DIR, str(root))
    o = build_org(sqlite_store)
    srv = live_server(sqlite_store)
    url = str(sqlite_store.engine.url)
    lap = Laptop(tmp_path / "rep.sqlite3", srv.url, "rep_a").login()
    lap.sync()
    kept, lost = os.urandom(3000), os.urandom(2000)
    _attach(lap, o, kept)
    lost_id = _attach(lap, o, lost, index=1)
    report = lap.sync()
    assert len(report.files.uploaded) == 2

    code, out = _check(url, "--verify-hashes", capsys=capsys)
    assert code == 0 and out["consistent"] and (out["attachments"], out["blobs"]) == (2, 2)
    assert cli.main(["--database-url", url, "check-blobs"]) == 0
    assert "Consistent." in capsys.readouterr().out

    # Now break it every way: a blob lost from the disk, a blob nobody refers to, a partial
    # upload left for weeks, the chunk file of a body cut weeks ago (a server killed
    # mid-body never commits nor discards it), an attachment whose file never came, and a
    # damaged blob. A chunk file being written now is none of these.
    store = FileSystemBlobStore(root)
    store.path_of(hashlib.sha256(lost).hexdigest()).unlink()
    stray = os.urandom(100)
    stray_sha = hashlib.sha256(stray).hexdigest()
    store.write_chunk(stray_sha, 0, stray)
    store.finish(stray_sha)
    left = os.urandom(50)
    left_sha = hashlib.sha256(left).hexdigest()
    store.write_chunk(left_sha, 0, left[:10])
    weeks_ago = time.time() - 30 * 86400
    os.utime(root / "partial" / f"{left_sha}.part", (weeks_ago, weeks_ago))
    cut = store.begin_chunk(left_sha, 10)
    cut.write(left[10:30])
    cut_file = cut.path
    os.utime(cut_file, (weeks_ago - 86400, weeks_ago - 86400))
    arriving = store.begin_chunk(stray_sha, 0)
    arriving.write(stray[:40])
    never = os.urandom(700)
    never_id = _attach(
        lap, o, never, index=2, created_at=datetime.now(timezone.utc) - timedelta(days=9), keep=False
    )
    recent_id = _attach(lap, o, os.urandom(800), index=3, keep=False)
    lap.sync()
    kept_path = store.path_of(hashlib.sha256(kept).hexdigest())
    kept_path.write_bytes(kept[::-1])  # same size, other bytes

    code, out = _check(url, "--verify-hashes", capsys=capsys)
    assert code == 1 and not out["consistent"]
    assert [m["attachment_id"] for m in out["missing"]] == [lost_id]
    assert [m["attachment_id"] for m in out["not_uploaded"]] == [never_id]  # the recent one is just waiting
    assert recent_id not in json.dumps(out)
    assert [b["sha256"] for b in out["orphans"]] == [stray_sha]
    assert [p["sha256"] for p in out["stale_partials"]] == [left_sha]
    assert [(c["file"], c["sha256"]) for c in out["stale_chunks"]] == [(cut_file.name, left_sha)]
    assert [b["sha256"] for b in out["bad_hash"]] == [hashlib.sha256(kept).hexdigest()]
    assert cli.main(["--database-url", url, "check-blobs", "--days", "30"]) == 1
    text = capsys.readouterr().out
    assert "Marked uploaded, but the blob is missing: 1" in text and "Inconsistent." in text
    assert "Never uploaded" not in text  # nine days is within thirty
    assert f"Chunk of an interrupted upload untouched for 30 days: 1\n  {cut_file.name}" in text

    # --delete-orphans removes what no metadata refers to, nothing else.
    code, out = _check(url, "--delete-orphans", capsys=capsys)
    assert code == 1  # the missing blob and the never-uploaded file remain to be dealt with
    assert sorted((d["sha256"], d["partial"], d.get("file", "")) for d in out["deleted"]) == sorted(
        [(stray_sha, False, ""), (left_sha, True, ""), (left_sha, True, cut_file.name)]
    )
    assert store.size(stray_sha) is None and store.received(left_sha) == 0
    assert not cut_file.exists() and arriving.path.exists()  # the body arriving now is left alone
    assert kept_path.exists()
    code, out = _check(url, capsys=capsys)
    assert out["orphans"] == [] and out["stale_partials"] == [] and out["stale_chunks"] == []
    assert len(out["missing"]) == 1
    arriving.discard()
    cut.discard()  # what the killed server's file handle was: closed, the file already gone


def test_check_blobs_says_when_there_is_no_store(sqlite_store, tmp_path, capsys):
    build_org(sqlite_store, per_territory=1)
    url = str(sqlite_store.engine.url)
    assert cli.main(["--database-url", url, "check-blobs", "--blob-dir", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err
