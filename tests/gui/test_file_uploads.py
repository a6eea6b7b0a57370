"""Attachment uploads in the running app: the status bar counts files apart from changes,
the sync centre lists each file with its state, and the upload's progress reaches the
window from the sync's worker thread while the sync runs (real app, real server, real
encrypted replica and files, offscreen Qt)."""

from __future__ import annotations

import hashlib
import os
import threading

from domain.attachments import CHUNK_BYTES
from server.runner import ServerThread
from sync.uploads import FileProgress, LocalFiles
from tests.sync.helpers import Laptop, insert_attachment


def _attach(lap: Laptop, files: LocalFiles, cid: str, data: bytes, name: str) -> str:
    sha = files.add(data)
    with lap.write() as w:
        insert_attachment(w, cid, sha, len(data), file_name=name)
    return sha


def _rows(dialog) -> list[dict]:
    model = dialog.files_model
    titles = [c.title for c in model.columns]
    return [{t: model.index(r, i).data() for i, t in enumerate(titles)} for r in range(model.rowCount())]


def test_files_are_counted_listed_and_their_upload_progress_shown(
    qtbot, org_server, sqlite_store, rep_a_profile, new_app
):
    org, server = org_server
    port = server.port
    lap = Laptop(rep_a_profile.db_path, server.url, "rep_a")
    files = LocalFiles.beside(lap.db)
    cid = sorted(org.customers["N1"])[0]
    big = _attach(lap, files, cid, os.urandom(4 * CHUNK_BYTES + 99), "门店照片.jpg")
    small = _attach(lap, files, cid, os.urandom(5000), "送货单.jpg")
    broken = _attach(lap, files, cid, os.urandom(3000), "破损.jpg")
    path = files.path(broken)
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 1  # the laptop's copy is damaged: it must be reported, never sent
    path.write_bytes(bytes(raw))
    names = {cid: lap.row("customer", cid)["name"]}
    lap.db.close()
    server.stop()

    app = new_app("en", profile=rep_a_profile)
    with qtbot.waitSignal(app.syncFinished, timeout=20_000) as first:
        app.start()
    assert first.args[0] is False  # offline
    status = app.window.status
    assert (status.pending, status.pending_files) == (3, 3)
    assert status.pending_label.text() == "3 changes, 3 files waiting"
    app.window.issues_action.trigger()
    dialog = status.issues_dialog
    assert dialog.tabs.tabText(2) == "Files (3)"
    rows = _rows(dialog)
    assert sorted(r["File"] for r in rows) == sorted(["门店照片.jpg", "送货单.jpg", "破损.jpg"])
    assert {r["Upload"] for r in rows} == {"Waiting"}
    assert {r["Customer"] for r in rows} == {names[cid]} and {r["Attached to"] for r in rows} == {"Customer"}

    seen: list[tuple[FileProgress, bool, bool]] = []
    ui_thread = threading.get_ident()
    app.controller.fileProgressed.connect(
        lambda p: seen.append((p, app.controller.busy, threading.get_ident() == ui_thread))
    )
    back = ServerThread(sqlite_store, port=port).start()
    try:
        with qtbot.waitSignal(app.syncFinished, timeout=30_000) as done:
            app.controller.sync_now()
        assert done.args[0] is True, done.args
        uploading = [p for p, busy, _ in seen if p.sha256 == big and p.state == "uploading"]
        assert len(uploading) >= 3 and any(0 < p.percent < 100 for p in uploading)
        assert [p.acknowledged for p in uploading] == sorted(p.acknowledged for p in uploading)
        assert all(busy and on_ui for _, busy, on_ui in seen)  # during the sync, delivered on the UI thread
        assert {p.sha256 for p, _, _ in seen if p.state == "uploaded"} == {big, small}
        assert [p.sha256 for p, _, _ in seen if p.state == "failed"] == [broken]

        qtbot.waitUntil(lambda: status.pending_files == 1, timeout=5_000)
        assert status.pending == 0 and status.pending_label.text() == "All changes sent, 1 file waiting"
        qtbot.waitUntil(lambda: {r["Upload"] for r in _rows(dialog)} != {"Waiting"}, timeout=5_000)
        rows = {r["File"]: r["Upload"] for r in _rows(dialog)}
        assert rows["门店照片.jpg"] == rows["送货单.jpg"] == "Uploaded"
        assert (
            rows["破损.jpg"] == "Failed: The copy of this file on this computer is damaged; it is not sent."
        )
        assert _rows(dialog)[0]["File"] == "破损.jpg"  # what needs the rep comes first
        assert dialog.tabs.tabText(2) == "Files (1)"
        stored = {p.name for p in (sqlite_store_dir(sqlite_store)).rglob("*") if p.is_file()}
        assert (
            hashlib.sha256(b"").hexdigest() not in stored and {big, small} <= stored and broken not in stored
        )
    finally:
        app.shutdown()
        back.stop()


def sqlite_store_dir(store):
    from server.blobs import default_blob_dir

    return default_blob_dir(store.engine.url)
