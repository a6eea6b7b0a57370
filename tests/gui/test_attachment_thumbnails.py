"""A photo attached on another laptop shows on this one as the thumbnail its sync fetched
(real server, real replicas, the real panel offscreen)."""

from __future__ import annotations

import hashlib

from sync.file_cache import AttachmentFiles
from sync.uploads import LocalFiles, UploadQueue
from tests.server.test_thumbnails import attach, photo
from ui.attachments import AttachmentsPanel


def test_a_photo_from_another_laptop_shows_its_fetched_thumbnail(qtbot, world):
    org, _store, laptop, runner = world
    rep = laptop("rep_a")
    cid = sorted(org.customers["N1"])[0]
    files = LocalFiles.beside(rep.db)
    data = photo(1200, 900, seed=7)
    sha = attach(rep, files, cid, data, "image/jpeg", "货架.jpg")
    rep.sync()
    assert UploadQueue(rep.engine, files).run().failed == {}

    sup = laptop("sup_n")  # its sync fetches the thumbnail, not the photo
    cache = AttachmentFiles(sup.engine)
    assert not cache.has_full(sha) and cache.thumbnail(sha) is not None
    panel = AttachmentsPanel(sup.db, "customer", cid, runner=runner, rows=2)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.loader.get(sha) is not None, timeout=10_000)
    pixmap = panel.loader.get(sha)
    assert max(pixmap.width(), pixmap.height()) > 60  # a picture, not the "not downloaded" tile
    assert not cache.has_full(sha) and hashlib.sha256(data).hexdigest() == sha
