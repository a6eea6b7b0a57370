"""The attachments panel and the photo viewer, driven like a rep over a real replica synced
from a real server, with real files: add by path, drop, paste, a refused file among good
ones, the viewer's next/previous and zoom, and a laptop without a camera."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QMimeData, QObject, QPoint, QPointF, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from local_db import queries
from local_db import visits as visits_db
from local_db.models import OutboxEntry
from sync.file_cache import AttachmentFiles
from tests.sync.helpers import work_through_complaint
from ui.attachments import AttachmentsPanel, camera
from ui.attachments.model import LINES_ROLE
from ui.attachments.thumbnails import THUMB
from ui.errors import attachment_refusal_text
from ui.evidence import MARKER, flag_sentence
from ui.formatting import fmt_size
from ui.visits.form import VisitForm


@pytest.fixture
def rep(world):
    org, _store, laptop, runner = world
    lap = laptop("rep_a")
    return org, lap, runner


def photo(path, colour=(200, 40, 40), size=(640, 480), text="shelf"):
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).text((20, 20), text, fill=(255, 255, 255))
    image.save(path, "JPEG" if path.suffix == ".jpg" else "PNG", quality=85)
    return path


def open_panel(qtbot, lap, runner, parent_type, parent_id) -> AttachmentsPanel:
    panel = AttachmentsPanel(lap.db, parent_type, parent_id, runner=runner, rows=2)
    qtbot.addWidget(panel)
    panel.resize(700, 420)
    panel.show()
    return panel


def wait_added(qtbot, panel, count: int) -> None:
    qtbot.waitUntil(lambda: panel.adding is None and panel.model.rowCount() == count, timeout=10_000)


def attachment_inserts(db) -> int:
    with db.session() as s:
        return len(s.scalars(select(OutboxEntry).where(OutboxEntry.entity == "attachment")).all())


def a_customer(org) -> str:
    return sorted(org.customers["N1"])[0]


def test_files_added_by_path_show_as_tiles_with_who_when_and_size(qtbot, rep, tmp_path):
    org, lap, runner = rep
    cid = a_customer(org)
    visit = visits_db.check_in(lap.db, cid)
    panel = open_panel(qtbot, lap, runner, "visit", visit)
    assert panel.stack.currentWidget() is panel.empty  # the empty state says how to add
    assert "Drop" in panel.empty.text()

    paths = [photo(tmp_path / "货架.jpg"), photo(tmp_path / "stock.png", colour=(40, 160, 60))]
    panel.add_paths(paths)
    wait_added(qtbot, panel, 2)

    assert panel.stack.currentWidget() is panel.list
    assert attachment_inserts(lap.db) == 2  # each one a row in the outbox, to be synced
    names = [panel.model.item(i).file_name for i in range(2)]
    assert sorted(names) == sorted(p.name for p in paths)
    title, who, state = panel.model.data(panel.model.index(0), LINES_ROLE)
    assert title == panel.model.item(0).file_name
    with lap.db.session() as s:
        me = queries.user_name(s, lap.db.get_state("user_id"))
    assert me and who.startswith(me + " · ")
    assert fmt_size(panel.model.item(0).size_bytes) in state
    # The thumbnails arrive from the runner, decoded off the UI thread.
    qtbot.waitUntil(
        lambda: all(panel.loader.get(v.sha256) is not None for v in panel.views()), timeout=10_000
    )
    assert panel.loader.get(panel.views()[0].sha256).width() <= THUMB.width()

    # A caption, typed and saved with Enter, is what the tile shows from then on.
    panel.select_row(0)
    panel.caption.setText("冷柜陈列")
    panel.save_caption()
    assert panel.model.data(panel.model.index(0), LINES_ROLE)[0] == "冷柜陈列"


def test_a_refused_file_says_why_and_the_others_still_land(qtbot, rep, tmp_path):
    org, lap, runner = rep
    panel = open_panel(qtbot, lap, runner, "customer", a_customer(org))
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    fake = tmp_path / "notes.jpg"
    fake.write_text("not a photo at all")
    good = [photo(tmp_path / "a.jpg"), photo(tmp_path / "b.png")]
    panel.add_paths([good[0], empty, fake, good[1]])
    wait_added(qtbot, panel, 2)

    assert sorted(v.file_name for v in panel.views()) == ["a.jpg", "b.png"]
    refused = dict(panel.last_outcome.refused)
    assert set(refused) == {"empty.jpg", "notes.jpg"}
    message = panel.message.text()
    assert panel.message.isVisible()
    for name, exc in refused.items():
        assert name in message and attachment_refusal_text(exc) in message
    assert attachment_inserts(lap.db) == 2


def test_files_dropped_on_the_panel_are_attached(qtbot, rep, tmp_path):
    org, lap, runner = rep
    panel = open_panel(qtbot, lap, runner, "customer", a_customer(org))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo(tmp_path / p))) for p in ("d1.jpg", "d2.png")])
    where = QPointF(panel.rect().center())
    enter = QDragEnterEvent(
        QPoint(int(where.x()), int(where.y())),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(panel, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        where, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(panel, drop)
    assert drop.isAccepted()
    wait_added(qtbot, panel, 2)
    assert sorted(v.file_name for v in panel.views()) == ["d1.jpg", "d2.png"]

    text_only = QMimeData()
    text_only.setText("just words")
    refused = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        text_only,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(panel, refused)
    assert not refused.isAccepted()


def test_an_image_pasted_from_the_clipboard_is_attached(qtbot, rep, tmp_path):
    org, lap, runner = rep
    panel = open_panel(qtbot, lap, runner, "customer", a_customer(org))
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (30, 90, 200)).save(buffer, "PNG")
    QGuiApplication.clipboard().setImage(QImage.fromData(buffer.getvalue()))
    panel.list.setFocus()
    panel.paste()
    wait_added(qtbot, panel, 1)
    view = panel.views()[0]
    assert view.file_name.startswith("image-") and view.file_name.endswith(".png")
    assert panel.files.has(view.sha256)
    assert not list(panel_scratch().glob("pasted-*"))  # the temporary PNG is gone

    QGuiApplication.clipboard().setText("no picture here")
    panel.paste()
    assert "no image" in panel.message.text()


def panel_scratch():
    from ui.attachments.opening import scratch_dir

    return scratch_dir()


def test_the_viewer_goes_to_the_next_and_previous_photo_and_zooms(qtbot, rep, tmp_path):
    org, lap, runner = rep
    panel = open_panel(qtbot, lap, runner, "customer", a_customer(org))
    panel.add_paths(
        [photo(tmp_path / f"p{i}.jpg", colour=(60 * i, 80, 120), size=(1600, 1200)) for i in range(3)]
    )
    wait_added(qtbot, panel, 3)
    panel.open_row(0)
    viewer = panel.viewer
    qtbot.addWidget(viewer)
    qtbot.waitExposed(viewer)
    first = viewer.current
    assert viewer.title.text() == first.file_name
    qtbot.waitUntil(lambda: first.sha256 in viewer._decoded, timeout=10_000)
    assert viewer.picture.item.pixmap().width() == 1600  # the full photo, not the thumbnail
    assert viewer.picture.zoom < 1  # fitted to the window

    qtbot.keyClick(viewer.picture, Qt.Key.Key_Right)
    assert viewer.index == 1 and viewer.title.text() == panel.views()[1].file_name
    qtbot.keyClick(viewer.picture, Qt.Key.Key_Right)
    qtbot.keyClick(viewer.picture, Qt.Key.Key_Right)  # the last one stays
    assert viewer.index == 2 and not viewer.next_button.isEnabled()
    qtbot.keyClick(viewer.picture, Qt.Key.Key_Left)
    assert viewer.index == 1
    assert viewer.counter.text() == "2 of 3"

    qtbot.waitUntil(lambda: viewer.current.sha256 in viewer._decoded, timeout=10_000)
    viewer.actual_button.click()
    assert viewer.picture.zoom == pytest.approx(1.0)
    viewer.fit_button.click()
    assert viewer.picture.zoom < 1


def test_without_a_camera_the_button_says_so(qtbot, rep, monkeypatch):
    org, lap, runner = rep
    # As on a laptop whose Qt Multimedia cannot load (no libpulse here): the import fails.
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    monkeypatch.setattr(camera, "_checked", None)
    panel = open_panel(qtbot, lap, runner, "customer", a_customer(org))
    assert not panel.camera_button.isEnabled()
    assert "No camera" in panel.camera_button.toolTip()
    assert panel.camera_note.isVisibleTo(panel)
    assert panel.take_photo() is None


def real_multimedia():
    try:
        from PySide6 import QtMultimedia
    except ImportError as exc:  # Qt Multimedia needs libpulse; .ci/run installs it
        pytest.skip(f"Qt Multimedia does not load here: {exc}")
    return QtMultimedia


def test_real_qt_multimedia_with_no_camera_disables_the_button(qtbot, rep, monkeypatch):
    org, lap, runner = rep
    if real_multimedia().QMediaDevices.videoInputs():
        pytest.skip("this machine has a camera")
    monkeypatch.setattr(camera, "_checked", None)
    panel = open_panel(qtbot, lap, runner, "customer", a_customer(org))
    assert not panel.camera_button.isEnabled()
    assert "No camera" in panel.camera_button.toolTip()


def test_a_camera_that_cannot_start_says_so_and_takes_nothing(qtbot, tmp_path):
    # The panel saw a camera, then it was unplugged or another program took it: the dialog
    # opens on a camera that fails. Here Qt Multimedia is real and there is no camera at all.
    if real_multimedia().QMediaDevices.videoInputs():
        pytest.skip("this machine has a camera")
    dialog = camera.CameraDialog(tmp_path / "shots")
    qtbot.addWidget(dialog)
    taken = []
    dialog.taken.connect(taken.append)
    dialog.show()
    qtbot.waitUntil(dialog.error.isVisible, timeout=5_000)
    assert "could not be started" in dialog.error.text()
    assert dialog.camera.errorString() in dialog.error.text()
    assert not dialog.take_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    dialog.reject()
    assert taken == [] and not (tmp_path / "shots").exists()


class Opened(QObject):
    """Stands in for the system's viewer: Qt hands it the URL QDesktopServices would open."""

    def __init__(self):
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_a_document_opens_in_the_system_viewer_from_a_plaintext_copy(qtbot, rep, tmp_path):
    org, lap, runner = rep
    panel = open_panel(qtbot, lap, runner, "customer", a_customer(org))
    pdf = tmp_path / "合同.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    panel.add_paths([pdf])
    wait_added(qtbot, panel, 1)
    view = panel.views()[0]
    assert not view.is_photo
    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        panel.open_row(0)
        qtbot.waitUntil(lambda: bool(opened.urls), timeout=10_000)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    copy = Path(opened.urls[0].toLocalFile())
    assert copy.name == "合同.pdf" and copy.read_bytes() == pdf.read_bytes()
    stored = panel.files.path(view.sha256).read_bytes()
    assert panel.files.sealed and stored != pdf.read_bytes()  # the laptop's own copy stays sealed
    assert copy.is_relative_to(panel_scratch())  # removed when the app quits


def test_the_visit_log_keeps_its_photos_without_a_draft(qtbot, rep, tmp_path):
    org, lap, runner = rep
    visit = visits_db.check_in(lap.db, a_customer(org))
    form = VisitForm(lap.db, visit, runner=runner)
    qtbot.addWidget(form)
    form.show()
    form.attachments.add_paths([photo(tmp_path / "门头.jpg")])
    wait_added(qtbot, form.attachments, 1)
    form.close()
    again = VisitForm(lap.db, visit, runner=runner)
    qtbot.addWidget(again)
    assert [v.file_name for v in again.attachments.views()] == ["门头.jpg"]
    assert again.attachments.count_text() == "Photos and files (1)"


def test_the_viewer_shows_a_photo_taken_before_check_in_as_a_flag(qtbot, rep, tmp_path):
    org, lap, runner = rep
    visit = visits_db.check_in(lap.db, a_customer(org))
    old = tmp_path / "old.jpg"
    image = Image.new("RGB", (640, 480), (90, 90, 90))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2025:06:01 09:15:00"  # DateTimeOriginal: months before the visit
    image.save(old, "JPEG", exif=exif)
    panel = open_panel(qtbot, lap, runner, "visit", visit)
    panel.add_paths([old, photo(tmp_path / "now.jpg")])
    wait_added(qtbot, panel, 2)
    flagged = [v for v in panel.views() if v.evidence]
    assert [v.file_name for v in flagged] == ["old.jpg"]
    panel.open_row(panel.model.row_of(flagged[0].id))
    viewer = panel.viewer
    qtbot.addWidget(viewer)
    assert viewer.flags_title.isVisibleTo(viewer)
    shown = [viewer.flags_box.itemAt(i).widget().text() for i in range(viewer.flags_box.count())]
    assert shown == [f"{MARKER} {flag_sentence(f)}" for f in flagged[0].evidence]
    viewer.next()
    assert not viewer.flags_title.isVisibleTo(viewer)  # the other photo has nothing to look at twice


def test_a_photo_from_another_laptop_shows_its_thumbnail_and_opens_fetched_from_the_server(
    qtbot, world, tmp_path
):
    org, _store, laptop, runner = world
    rep_lap, sup = laptop("rep_a"), laptop("sup_n")
    cid = a_customer(org)
    mine = open_panel(qtbot, rep_lap, runner, "customer", cid)
    mine.add_paths([photo(tmp_path / "门店.jpg", size=(1600, 1200))])
    wait_added(qtbot, mine, 1)
    # The sync sends the row first, then its bytes (the server takes bytes only for a row it has).
    assert rep_lap.sync().files.uploaded
    sup.sync()  # the supervisor's laptop gets the row and, after it, the thumbnail

    theirs = open_panel(qtbot, sup, runner, "customer", cid)
    view = theirs.views()[0]
    assert view.sha256 not in theirs.model.here
    assert "not downloaded" in theirs.model.data(theirs.model.index(0), LINES_ROLE)[2]
    theirs.attachment_files = lambda: AttachmentFiles.for_window(sup.engine, sup.db)
    theirs.reload()
    theirs.list.viewport().repaint()
    qtbot.waitUntil(lambda: theirs.loader.get(view.sha256) is not None, timeout=10_000)

    theirs.open_row(0)
    viewer = theirs.viewer
    qtbot.addWidget(viewer)
    qtbot.waitUntil(lambda: view.sha256 in viewer._decoded, timeout=15_000)
    assert viewer.picture.item.pixmap().width() == 1600  # the full photo, fetched on open
    assert view.sha256 in theirs.model.here and theirs.files.has(view.sha256)
    assert "not downloaded" not in viewer.state.text()


def test_a_rep_removes_their_own_files_and_not_a_supervisors(qtbot, world, tmp_path):
    org, _store, laptop, runner = world
    rep_lap, sup = laptop("rep_a"), laptop("sup_n")
    cid = a_customer(org)
    theirs = open_panel(qtbot, sup, runner, "customer", cid)
    theirs.add_paths([photo(tmp_path / "sup.jpg")])
    wait_added(qtbot, theirs, 1)
    sup.sync()
    rep_lap.sync()

    panel = open_panel(qtbot, rep_lap, runner, "customer", cid)
    panel.add_paths([photo(tmp_path / "mine.jpg", colour=(10, 200, 10))])
    wait_added(qtbot, panel, 2)
    by_name = {v.file_name: i for i, v in enumerate(panel.views())}
    panel.select_row(by_name["sup.jpg"])
    assert not panel.remove_button.isEnabled()
    assert "supervisor" in panel.remove_button.toolTip()
    assert not panel.remove_selected(confirm=False)
    panel.select_row(by_name["mine.jpg"])
    assert panel.remove_button.isEnabled()
    assert panel.remove_selected(confirm=False)
    assert [v.file_name for v in panel.views()] == ["sup.jpg"]


def test_a_closed_complaint_keeps_its_files_until_it_is_reopened(qtbot, rep, tmp_path):
    """A closed complaint is a closed record (its details are fixed too): no Add files, no
    removal, and the laptop refuses an attach in words; reopened, files can be added again."""
    from domain.errors import TransitionNotAllowed
    from local_db import attachments as attachments_db
    from local_db import complaints as cx
    from ui.errors import refusal_text

    org, lap, runner = rep
    with lap.db.session() as s:
        cid = cx.record(
            s,
            customer_id=a_customer(org),
            channel="phone",
            category="delivery",
            severity="medium",
            description="Two cartons arrived crushed",
        )
    panel = open_panel(qtbot, lap, runner, "complaint", cid)
    panel.add_paths([photo(tmp_path / "crushed.jpg")])
    wait_added(qtbot, panel, 1)
    work_through_complaint(lap.db, cid)

    panel.reload()
    assert not panel.add_button.isEnabled() and not panel.paste_button.isEnabled()
    assert panel.closed_note.isVisible() and "Reopen it" in panel.closed_note.text()
    panel.select_row(0)
    assert not panel.remove_button.isEnabled() and not panel.remove_selected(confirm=False)
    assert panel.add_paths([photo(tmp_path / "late.jpg")]) is None
    with pytest.raises(TransitionNotAllowed) as refused:
        attachments_db.add_attachment(
            lap.db, panel.files, parent_type="complaint", parent_id=cid, path=tmp_path / "late.jpg"
        )
    assert refusal_text(refused.value) == "A closed complaint cannot be changed; reopen it first."
    with pytest.raises(TransitionNotAllowed):
        attachments_db.remove_attachment(lap.db, panel.views()[0].id)
    assert attachment_inserts(lap.db) == 1

    with lap.db.session() as s:
        cx.reopen(s, cid, "The replacement cartons were crushed too")
    panel.reload()
    assert panel.add_button.isEnabled() and not panel.closed_note.isVisible()
    panel.add_paths([photo(tmp_path / "late.jpg")])
    wait_added(qtbot, panel, 2)
