"""Issue 13's evidence test, end to end: a real server on loopback, real replicas, real widgets.

A rep attaches a photo taken (EXIF) two hours before checking in, and one photo to two
visits. After the rep syncs (rows, then bytes) and the supervisor syncs, the supervisor's
review queue flags both visits — "taken before check-in" on the first, "same photo as the
visit to …" on the second — and so does the visit log. Nothing was refused.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from domain.evidence import EvidenceCode
from local_db import evidence, queries, review
from local_db.attachments import add_attachment
from local_db.visits import check_in, submit_log
from server.blobs import ENV_BLOB_DIR
from sync.uploads import LocalFiles, UploadQueue
from tests.factories import build_org
from tests.sync.helpers import Laptop, laptop_pool, server_row
from ui.pages.visits import VisitsPage
from ui.review import ReviewPage
from ui.support.tasks import TaskRunner
from ui.visits.form import VisitForm

UTC = timezone.utc
EXIF_IFD, DATE_TIME_ORIGINAL = 0x8769, 0x9003


def jpeg_taken_at(moment: datetime, shade: int) -> bytes:
    """A real JPEG whose EXIF says it was taken at ``moment`` (camera clocks are local time)."""
    exif = Image.Exif()
    exif.get_ifd(EXIF_IFD)[DATE_TIME_ORIGINAL] = moment.astimezone().strftime("%Y:%m:%d %H:%M:%S")
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (shade, 120, 200 - shade)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def attach(lap: Laptop, files: LocalFiles, visit_id: str, data: bytes, path) -> str:
    """What the rep's attachments panel does: the photo file through ``add_attachment``
    (EXIF capture time read, re-encoded, row and outbox entry written)."""
    path.write_bytes(data)
    return add_attachment(lap.db, files, parent_type="visit", parent_id=visit_id, path=path).id


def log_visit(lap: Laptop, customer_id: str, start: datetime, minutes: int) -> str:
    vid = check_in(lap.db, customer_id, at=start)
    return vid, lambda: submit_log(
        lap.db,
        vid,
        {"purpose": "routine", "channel": "in_person", "outcome": "follow_up", "notes": "Shelf checked"},
        at=start + timedelta(minutes=minutes),
    )


@pytest.fixture
def world(sqlite_store, live_server, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_BLOB_DIR, str(tmp_path / "blobs"))
    org = build_org(sqlite_store)
    server = live_server(sqlite_store)
    runner = TaskRunner()
    with laptop_pool(tmp_path, server.url, reuse=False) as laptop:
        yield org, sqlite_store, laptop, runner
        runner.shutdown()


def test_photo_before_check_in_and_the_same_photo_on_two_visits_are_flagged_for_review(
    world, qtbot, tmp_path
):
    org, store, laptop, runner = world
    rep = laptop("rep_a")
    files = LocalFiles.beside(rep.db)
    first_customer, second_customer = sorted(org.customers["N1"])[:2]
    start = (datetime.now(UTC) - timedelta(hours=4)).replace(microsecond=0)

    first, close_first = log_visit(rep, first_customer, start, 40)
    early = jpeg_taken_at(start - timedelta(hours=2), 10)  # two hours before check-in
    shelf = jpeg_taken_at(start + timedelta(minutes=15), 90)  # during the first visit
    early_id = attach(rep, files, first, early, tmp_path / "门头.jpg")
    shelf_id = attach(rep, files, first, shelf, tmp_path / "货架.jpg")
    close_first()
    second, close_second = log_visit(rep, second_customer, start + timedelta(hours=2), 30)
    reused_id = attach(rep, files, second, shelf, tmp_path / "货架.jpg")  # the first visit's photo again
    close_second()

    # Before anything is uploaded the rep's own laptop already sees it (its own guess).
    with rep.db.session() as s:
        guessed = evidence.flags_for(s, [early_id, shelf_id, reused_id])
    assert [f.code for f in guessed[early_id]] == [EvidenceCode.BEFORE_CHECK_IN]
    assert guessed[shelf_id] == ()
    assert EvidenceCode.DUPLICATE in [f.code for f in guessed[reused_id]]

    rep.sync()  # nothing is refused for a flag: all rows accepted
    for aid in (early_id, shelf_id, reused_id):
        assert server_row(store, "attachment", aid)["version"] >= 1
    report = UploadQueue(rep.engine, files).run()
    assert report.failed == {}
    assert server_row(store, "attachment", reused_id)["duplicate_of"] == shelf_id
    assert server_row(store, "attachment", shelf_id)["duplicate_of"] is None

    sup = laptop("sup_n")
    rep.sync()
    # The server's judgement reached both laptops as the server holds it (same digests).
    assert sup.engine.verify() == [] and rep.engine.verify() == []
    with sup.db.session() as s:
        rows = {r["id"]: r for r in review.list_review(s)}
        flagged_logs = review.count_review_exceptions(
            s, review.ReviewFilters(thresholds=review.thresholds(s))
        )
        only = review.list_review(s, review.ReviewFilters(exceptions_only=True))
    by_visit = {
        vid: {a.attachment_id: [f.code for f in a.flags] for a in rows[vid]["evidence"]}
        for vid in (first, second)
    }
    assert by_visit[first] == {early_id: [EvidenceCode.BEFORE_CHECK_IN]}  # the shelf photo is fine there
    assert by_visit[second] == {reused_id: [EvidenceCode.BEFORE_CHECK_IN, EvidenceCode.DUPLICATE]}
    original = rows[second]["evidence"][0].flags[1].original
    assert (original.parent_type, original.parent_id) == ("visit", first)
    assert original.customer_name == sup.row("customer", first_customer)["name"]
    assert {first, second} <= {r["id"] for r in only} and flagged_logs >= 2

    # The queue shows the marker and says why; the visit log too.
    page = ReviewPage(sup.db, runner=runner)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() >= 2, timeout=5000)
    ids = [page.model.row(i)["id"] for i in range(page.model.rowCount())]
    cell = page.model.index(ids.index(second), 0)
    assert "⚠" in cell.data() and "Reused photo" in cell.data()
    tip = page.model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert "货架.jpg: Same photo as the visit to" in tip and "Taken before check-in" in tip
    page.select_row(ids.index(first))
    assert "门头.jpg: Taken before check-in (2 h earlier)" in page.detail_text.text()

    visits_page = VisitsPage(sup.db, show_rep=True)
    qtbot.addWidget(visits_page)
    visits_page.show()
    visits_page.reload()
    qtbot.waitUntil(lambda: visits_page.model.rowCount() >= 2, timeout=5000)
    column = [c.key for c in visits_page.model.columns].index("evidence")
    texts = {
        visits_page.model.row(i)["id"]: visits_page.model.index(i, column).data()
        for i in range(visits_page.model.rowCount())
    }
    assert "Early photo" in texts[first] and "Reused photo" in texts[second]
    with sup.db.session() as s:
        assert all(not r["evidence"] for r in queries.list_visits(s) if r["id"] not in (first, second))

    form = VisitForm(sup.db, second, runner=runner)  # the log itself
    qtbot.addWidget(form)
    assert form.evidence_banner.isVisibleTo(form)
    assert "Same photo as the visit to" in form.evidence_banner.text.text()
