"""The photos and files of one record (a visit, complaint, quote or customer).

Files come in by the picker, a drop, the clipboard (Ctrl+V: an image, or copied files) or
the camera, and all end in :meth:`AttachmentsPanel.add_paths`: one ``LocalOp`` on the task
runner that adds them one by one (``local_db.attachments.add_attachment``, each its own
transaction), reports progress, and collects the files it refused with the reason, so
one bad file never stops the others. The list is a model/view icon list whose thumbnails
are decoded in the background. A photo opens in the viewer, a document in the system's
viewer (from a temporary plaintext copy). The caption can be edited; a file can be
removed by whoever the write rules allow (a rep: their own).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

from domain.enums import Role
from domain.errors import DomainError
from local_db import attachments as attachments_db
from sync.file_cache import AttachmentFiles
from sync.uploads import LocalFiles
from ui.attachments import sources, texts
from ui.attachments.camera import CameraDialog, camera_available
from ui.attachments.model import AttachmentsModel, TileDelegate
from ui.attachments.opening import open_in_system_viewer, plain_copy, scratch_dir
from ui.attachments.thumbnails import ThumbnailLoader
from ui.errors import describe_error, refusal_text
from ui.i18n import fill
from ui.operations import LocalOp
from ui.support.layouts import column
from ui.support.tasks import TaskRunner
from ui.widgets import push_button, stacked

PHOTO_PATTERNS = "*.jpg *.jpeg *.png *.heic *.heif *.webp *.tif *.tiff *.bmp *.gif"
DOCUMENT_PATTERNS = "*.pdf *.doc *.docx *.xls *.xlsx *.ppt *.pptx *.odt *.ods *.txt *.csv"


@dataclass
class AddOutcome:
    added: list = field(default_factory=list)  # AttachmentView
    refused: list[tuple[str, BaseException]] = field(default_factory=list)  # (file name, why)


class AttachmentsPanel(QWidget):
    """``changed()`` after a file was added, captioned or removed; ``countChanged(n)`` after
    every reload. ``rows``: the list's height in rows of tiles (None: as tall as the host
    lets it be); ``titled``: the panel shows its own "Photos and files (n)" heading."""

    changed = Signal()
    countChanged = Signal(int)

    def __init__(
        self,
        db,
        parent_type: str | None = None,
        parent_id: str | None = None,
        *,
        runner: TaskRunner,
        rows: int | None = 1,
        titled: bool = True,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("AttachmentsPanel")
        self.db = db
        self.parent_type, self.parent_id = parent_type, parent_id
        self.runner = runner
        self.files = LocalFiles.beside(db)
        self.user_id = db.get_state("user_id")
        self.role = db.get_state("role")
        self.adding = None  # the add task under way
        self.open = True  # files may be added and removed (not a closed complaint); see reload
        self.viewer = None  # the open viewer dialog
        self.last_outcome: AddOutcome | None = None
        self.setAcceptDrops(True)

        self.attachment_files = None  # the file cache's maker; None: the window's (file_cache)
        self.loader = ThumbnailLoader(lambda: self.runner, self.files, self)
        self.model = AttachmentsModel(self.loader, self)
        # Photos whose full file is not here show the thumbnail the sync fetched (sync.file_cache:
        # read from the laptop, no server session needed).
        self._local_cache = AttachmentFiles.local(db, self.files)
        self.model.remote_thumbnail = lambda: self._local_cache.thumbnail
        self.list = QListView(objectName="AttachmentList")
        self.list.setModel(self.model)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setWrapping(True)
        self.list.setUniformItemSizes(True)
        self.list.setSpacing(4)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        delegate = TileDelegate(self.list)
        self.list.setItemDelegate(delegate)
        tile = delegate.tile_size(self.list.font())
        self.list.setGridSize(tile + QSize(8, 8))
        # The panel takes the drops, not the list (icon mode would make them moves).
        self.list.setDragEnabled(False)
        self.list.setAcceptDrops(False)
        self.list.viewport().setAcceptDrops(False)
        self.list.activated.connect(lambda index: self.open_row(index.row()))  # double-click, Enter
        self.list.selectionModel().currentChanged.connect(lambda *_: self._show_selected())

        self.empty = QLabel(
            objectName="AttachmentsEmpty", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True
        )
        self.empty.setText(
            self.tr(
                "No photos or files yet. Drop them here, paste one (Ctrl+V), or use Add files or Take photo."
            )
        )
        self.empty.setStyleSheet(
            "QLabel#AttachmentsEmpty { color: #64748b; border: 1px dashed #cbd5e1; border-radius: 6px;"
            " padding: 10px; }"
        )
        self.stack = stacked(self.list, self.empty)
        if rows:
            self.stack.setFixedHeight(rows * (tile.height() + 8) + 14)

        self.add_button = push_button(
            self.tr("Add files…"), self.tr("Attach photos or documents from this computer"), self.pick_files
        )
        self.paste_button = push_button(
            self.tr("Paste"), self.tr("Attach the image or files on the clipboard (Ctrl+V)"), self.paste
        )
        self.camera_button = QPushButton(self.tr("Take photo…"))
        self.has_camera = camera_available()
        self.camera_button.setEnabled(self.has_camera)
        self.camera_button.setToolTip(
            self.tr("Take a photo with this computer's camera")
            if self.has_camera
            else self.tr("No camera is available on this computer")
        )
        self.camera_button.clicked.connect(self.take_photo)
        self.camera_note = QLabel(self.tr("No camera"), objectName="Muted")
        self.camera_note.setVisible(not self.has_camera)
        self.camera_note.setToolTip(self.camera_button.toolTip())
        self.count_label = QLabel(objectName="SectionTitle")
        self.count_label.setVisible(titled)  # else the host's frame carries the title (count_text)
        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        for w in (self.camera_note, self.camera_button, self.paste_button, self.add_button):
            bar.addWidget(w)

        self.caption = QLineEdit()
        self.caption.setPlaceholderText(self.tr("Caption of the selected file (Enter saves it)"))
        self.caption.returnPressed.connect(self.save_caption)
        self.caption.editingFinished.connect(self.save_caption)
        self.open_button = push_button(
            self.tr("Open"),
            self.tr("Show the photo, or open the document in its program (Enter)"),
            lambda: self.open_row(self.current_row()),
        )
        self.remove_button = push_button(
            self.tr("Remove…"),
            self.tr("Remove the selected file from this record (Delete)"),
            lambda: self.remove_selected(),
        )
        self.details = QWidget()
        details = QHBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addWidget(self.caption, 1)
        details.addWidget(self.open_button)
        details.addWidget(self.remove_button)

        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setVisible(False)
        # A closed complaint keeps its files as they were (domain.write_rules.check_files_open).
        self.closed_note = QLabel(
            self.tr(
                "The complaint is closed: its files cannot be changed. Reopen it to add or remove files."
            ),
            objectName="AttachmentsClosed",
            wordWrap=True,
        )
        self.closed_note.setVisible(False)
        self.message = QLabel(objectName="AttachmentsMessage", wordWrap=True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setVisible(False)

        column(
            self,
            bar,
            self.stack,
            self.details,
            self.progress,
            self.closed_note,
            self.message,
            margins=(0, 0, 0, 0),
            spacing=6,
        )

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence.StandardKey.Paste, self.list, self.paste, context=context)
        QShortcut(QKeySequence.StandardKey.Paste, self.empty, self.paste, context=context)
        QShortcut(QKeySequence.StandardKey.Delete, self.list, self.remove_selected, context=context)
        self.empty.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.reload()

    # -- the server's copies ------------------------------------------------------------------

    def file_cache(self):
        """What makes the laptop's file cache (``sync.file_cache.AttachmentFiles``) on the
        calling task's thread: the panel's own, else the window's (``desktop`` sets it once
        signed in); None when there is none, and files not on this laptop stay placeholders."""
        if self.attachment_files is not None:
            return self.attachment_files
        widget = self.parentWidget()
        while widget is not None:
            maker = getattr(widget, "attachment_files", None)
            if callable(maker):
                return maker
            widget = widget.parentWidget()
        return None

    def full_reader(self):
        """``read(sha) -> bytes`` for a task: this laptop's copy, else the server's through the
        file cache (checked against the hash and kept); ``NotHere`` without a cache."""
        files, maker = self.files, self.file_cache()

        def read(sha256: str) -> bytes:
            if files.has(sha256):
                return files.read(sha256)
            cache = maker() if maker is not None else None
            if cache is None:
                raise NotHere(sha256)
            return cache.full(sha256)

        return read

    # -- the record and its files -------------------------------------------------------------

    def set_record(self, parent_type: str | None, parent_id: str | None) -> None:
        self.parent_type, self.parent_id = parent_type, parent_id
        self.message.setVisible(False)
        self.reload()

    def reload(self) -> None:
        items, names, self.open = [], {}, False
        if self.parent_type and self.parent_id:
            found = attachments_db.record_files(self.db, self.parent_type, self.parent_id)
            items, names, self.open = found.views, found.author_names, found.accepts_files
        here = {v.sha256 for v in items if self.files.has(v.sha256)}
        self.loader.retry_missing()  # a sync since may have brought thumbnails
        selected = self.current_view()
        self.model.set_items(items, names, here)
        self.stack.setCurrentWidget(self.list if items else self.empty)
        self.count_label.setText(self.count_text())
        enabled = bool(self.parent_id) and self.open
        for w in (self.add_button, self.paste_button):
            w.setEnabled(enabled)
        self.camera_button.setEnabled(enabled and self.has_camera)
        closed = bool(self.parent_id) and not self.open
        self.closed_note.setVisible(closed)
        if selected is not None and (row := self.model.row_of(selected.id)) is not None:
            self.select_row(row)
        self._show_selected()
        self.countChanged.emit(len(items))

    def count_text(self) -> str:
        return self.tr("Photos and files (%n)", "", self.model.rowCount())

    def views(self) -> list:
        return list(self.model.items)

    def current_row(self) -> int:
        index = self.list.currentIndex()
        return index.row() if index.isValid() else -1

    def current_view(self):
        row = self.current_row()
        return self.model.item(row) if 0 <= row < self.model.rowCount() else None

    def select_row(self, row: int) -> None:
        self.list.selectionModel().setCurrentIndex(
            self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def may_remove(self, view) -> bool:
        return self.open and (self.role != Role.REP.value or view.created_by == self.user_id)

    def _show_selected(self) -> None:
        view = self.current_view()
        self.details.setVisible(view is not None)
        if view is None:
            return
        self.caption.blockSignals(True)
        self.caption.setText(view.caption)
        self.caption.blockSignals(False)
        self.remove_button.setEnabled(self.may_remove(view))
        if self.may_remove(view):
            tip = self.tr("Remove the selected file from this record (Delete)")
        elif not self.open:
            tip = self.closed_note.text()
        else:
            tip = self.tr("Only whoever attached a file, or a supervisor, can remove it.")
        self.remove_button.setToolTip(tip)

    # -- adding --------------------------------------------------------------------------------

    def pick_files(self) -> None:
        filters = ";;".join(
            (
                self.tr("Photos and documents (%1)").replace("%1", f"{PHOTO_PATTERNS} {DOCUMENT_PATTERNS}"),
                self.tr("Photos (%1)").replace("%1", PHOTO_PATTERNS),
                self.tr("Documents (%1)").replace("%1", DOCUMENT_PATTERNS),
                self.tr("All files (*)"),
            )
        )
        names, _chosen = QFileDialog.getOpenFileNames(self, self.tr("Attach files"), "", filters)
        if names:
            self.add_paths([Path(n) for n in names])

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if not self.add_from_mime(mime):
            self._say(self.tr("The clipboard holds no image or file to attach."))

    def take_photo(self) -> CameraDialog | None:
        if not self.has_camera or not self.parent_id:
            return None
        dialog = CameraDialog(scratch_dir(), self)
        dialog.taken.connect(lambda path: self.add_paths([path], temporary=True))
        dialog.open()
        return dialog

    def add_from_mime(self, mime) -> bool:
        """Add what a drop or the clipboard offers; False when it offers nothing to attach."""
        paths = sources.local_paths(mime)
        if paths:
            self.add_paths(paths)
            return True
        image = sources.image_of(mime)
        if image is not None:
            self.add_paths([image.copy()], temporary=True)
            return True
        return False

    def add_paths(self, items: Iterable[Path | QImage], *, temporary: bool = False):
        """Attach each file (or clipboard image) in the background; the task, or None when
        there is no record yet or nothing to add. ``temporary``: the files are ours to delete
        afterwards (pasted images, camera photos)."""
        items = list(items)
        if not items or not self.parent_id or not self.open:
            return None
        db, files, parent_type, parent_id = self.db, self.files, self.parent_type, self.parent_id
        scratch = scratch_dir()

        def work(report) -> AddOutcome:
            outcome = AddOutcome()
            for i, item in enumerate(items):
                path = item if isinstance(item, Path) else None
                try:
                    if path is None:
                        path = sources.save_image(item, scratch)
                    view = attachments_db.add_attachment(
                        db, files, parent_type=parent_type, parent_id=parent_id, path=path
                    )
                    outcome.added.append(view)
                except (DomainError, OSError) as exc:  # this file only: the others go on
                    outcome.refused.append((path.name if path else "?", exc))
                finally:
                    if path is not None and (temporary or isinstance(item, QImage)):
                        shutil.rmtree(path.parent, ignore_errors=True)
                report((i + 1, len(items), path.name if path else ""))
            return outcome

        self.progress.setRange(0, len(items))
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("Adding %v of %m…"))
        self.progress.setVisible(True)
        self.message.setVisible(False)
        self.add_button.setEnabled(False)
        op = (
            LocalOp.reporting(self, work)
            .changed(lambda outcome: bool(outcome.added))
            .success(self._added)
            .failure(self._add_failed)
        )
        self.adding = op.run_in_background(self.runner, name="attach-files", on_progress=self._add_progress)
        return self.adding

    def _add_progress(self, value) -> None:
        done, total, _name = value
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _added(self, outcome: AddOutcome) -> None:
        self.adding = None
        self.last_outcome = outcome
        self.progress.setVisible(False)
        self.reload()
        if outcome.added:
            self.select_row(self.model.row_of(outcome.added[-1].id) or 0)
            self.changed.emit()
        if outcome.refused:
            lines = [texts.refused(name, exc) for name, exc in outcome.refused]
            head = self.tr("%n file(s) could not be attached:", "", len(outcome.refused))
            self._say(head + "\n" + "\n".join(lines), bad=True)

    def _add_failed(self, exc: BaseException) -> None:
        self.adding = None
        self.progress.setVisible(False)
        self.reload()
        self._say(refusal_text(exc), bad=True)

    def _say(self, text: str, bad: bool = False) -> None:
        self.message.setStyleSheet(f"color: {'#b91c1c' if bad else '#334155'};")
        self.message.setText(text)
        self.message.setVisible(True)

    # -- drag and drop -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.parent_id and self.open and sources.offers_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self.parent_id and self.open and sources.offers_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.parent_id and self.open and self.add_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    # -- one file ------------------------------------------------------------------------------

    def save_caption(self) -> None:
        view = self.current_view()
        text = self.caption.text().strip()
        if view is None or text == view.caption:
            return
        try:
            LocalOp(self, lambda: attachments_db.set_caption(self.db, view.id, text)).run()
        except DomainError as exc:
            self._say(refusal_text(exc), bad=True)
            return
        self.reload()
        self.changed.emit()

    def remove_selected(self, confirm: bool = True) -> bool:
        view = self.current_view()
        if view is None or not self.may_remove(view):
            return False
        if confirm:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Remove file"),
                fill(self.tr("Remove “%1” from this record?"), texts.title(view)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.setDefaultButton(QMessageBox.StandardButton.No)
            if box.exec() != QMessageBox.StandardButton.Yes:
                return False
        try:
            LocalOp(self, lambda: attachments_db.remove_attachment(self.db, view.id)).run()
        except DomainError as exc:
            self._say(refusal_text(exc), bad=True)
            return False
        self.reload()
        self.changed.emit()
        return True

    def open_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        view = self.model.item(row)
        if view.is_photo:
            from ui.attachments.viewer import ViewerDialog

            photos = [v for v in self.model.items if v.is_photo]
            if self.viewer is not None:
                self.viewer.close()
            self.viewer = ViewerDialog(self, photos, photos.index(view), self.window())
            self.viewer.show()
        else:
            self.open_document(view)

    def open_document(self, view):
        """Open the document in the system's viewer (fetched first when it is not here)."""
        read = self.full_reader()

        def job(_ctx) -> Path:
            data = read(view.sha256)
            return plain_copy(data, view)

        def opened(path: Path) -> None:
            if self.files.has(view.sha256):  # fetched just now
                self.model.mark_here(view.sha256)
            if not open_in_system_viewer(path):
                self._say(fill(self.tr("No program on this computer opens “%1”."), view.file_name), bad=True)

        return self.runner.submit(
            job,
            name="open-document",
            on_result=opened,
            on_error=lambda exc: self._say(self.why(exc), bad=True),
        )

    def why(self, exc: BaseException) -> str:
        """Why a file could not be shown or opened, in the user's language."""
        if isinstance(exc, NotHere):
            return self.tr("This file is not on this computer yet; it is downloaded at a later sync.")
        return describe_error(exc)


class NotHere(Exception):
    """The file's bytes are not on this laptop, and there is no way to fetch them now."""
