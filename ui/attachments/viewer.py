"""The photo viewer: one photo of a record at a time, zoomable, with what is known about it.

Left/Right (or the buttons) go to the previous/next photo of the record; the picture fits
the window until the rep zooms (Ctrl+wheel, Ctrl++ / Ctrl+-, "100 %" for actual pixels,
"Fit" to go back). Beside it: the caption, the capture time (EXIF), who attached it and
when, the location if recorded, and the evidence flags a supervisor checks. The full
picture is decoded on the task runner; until then, or when the file is not on this laptop,
the thumbnail (or a placeholder) is shown.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QKeyEvent, QKeySequence, QPainter, QPixmap, QShortcut, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.attachments import texts
from ui.attachments.thumbnails import decode, placeholder
from ui.evidence import MARKER, flag_sentence
from ui.formatting import fmt_datetime, fmt_decimal
from ui.i18n import fill
from ui.support.layouts import row
from ui.widgets import push_button

# The viewer has no workspace style sheet: a flag looks like the review queue's warn chip.
CHIP_WARN = "border-radius: 6px; padding: 4px 8px; background: #fef3c7; color: #92400e;"
_NAV_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End)
ZOOM_STEP = 1.25


class ZoomView(QGraphicsView):
    """A picture that fits its view until zoomed; Ctrl+wheel zooms about the cursor."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.scene_ = QGraphicsScene(self)
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene_.addItem(self.item)
        self.setScene(self.scene_)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setBackgroundBrush(Qt.GlobalColor.darkGray)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.fitting = True
        self.stand_in = False  # a thumbnail shown until the photo is decoded: fitted even if small

    def set_pixmap(self, pixmap: QPixmap, stand_in: bool = False) -> None:
        self.stand_in = stand_in
        self.item.setPixmap(pixmap)
        self.scene_.setSceneRect(self.item.boundingRect())
        if self.fitting:
            self.fit()

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def fit(self) -> None:
        self.fitting = True
        self.resetTransform()
        rect = self.item.boundingRect()
        if rect.isEmpty():
            return
        view = self.viewport().rect()
        if self.stand_in or rect.width() > view.width() or rect.height() > view.height():
            self.fitInView(self.item, Qt.AspectRatioMode.KeepAspectRatio)

    def actual_size(self) -> None:
        self.fitting = False
        self.resetTransform()

    def zoom_by(self, factor: float) -> None:
        self.fitting = False
        if 0.05 <= self.zoom * factor <= 16:
            self.scale(factor, factor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
        else:
            super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _NAV_KEYS and not self.fitting and event.modifiers():
            super().keyPressEvent(event)  # with a modifier, arrows scroll a zoomed picture
        elif event.key() in _NAV_KEYS:
            event.ignore()  # the dialog goes to the previous/next photo
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fitting:
            self.fit()


class ViewerDialog(QDialog):
    """The photos ``views`` of a record, starting at ``index``; ``panel`` gives the files,
    the thumbnails, the runner and the names."""

    def __init__(self, panel, views: list, index: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle(self.tr("Photo"))
        self.resize(1000, 700)
        self.panel = panel
        self.views = list(views)
        self.index = -1
        self._decoded: dict[str, QPixmap] = {}
        self._loading: set[str] = set()

        self.picture = ZoomView(self)
        self.counter = QLabel(objectName="Muted")
        self.previous_button = push_button(
            self.tr("‹ Previous"), self.tr("The previous photo (Left arrow)"), self.previous
        )
        self.next_button = push_button(self.tr("Next ›"), self.tr("The next photo (Right arrow)"), self.next)
        self.fit_button = push_button(
            self.tr("Fit"), self.tr("Fit the photo to the window (Ctrl+0)"), self.picture.fit
        )
        self.actual_button = push_button(
            self.tr("100 %"),
            self.tr("Show the photo at its actual size (Ctrl+1); Ctrl+wheel zooms"),
            self.picture.actual_size,
        )
        for button in (self.previous_button, self.next_button, self.fit_button, self.actual_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrows stay with the photo

        self.title = QLabel(objectName="PageTitle", wordWrap=True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.taken = QLabel(wordWrap=True)
        self.added = QLabel(objectName="Muted", wordWrap=True)
        self.place = QLabel(objectName="Muted", wordWrap=True)
        self.state = QLabel(objectName="Muted", wordWrap=True)
        self.flags_title = QLabel(self.tr("For the supervisor"), objectName="SectionTitle")
        self.flags_box = QVBoxLayout()
        self.flags_box.setSpacing(4)
        side = QVBoxLayout()
        side.setSpacing(6)
        for w in (self.title, self.taken, self.added, self.place, self.state, self.flags_title):
            side.addWidget(w)
        side.addLayout(self.flags_box)
        side.addStretch(1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(280)

        close = QPushButton(self.tr("Close"))
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.clicked.connect(self.close)
        bar = row(
            self.previous_button,
            self.next_button,
            12,
            self.counter,
            None,
            self.fit_button,
            self.actual_button,
            close,
        )
        body = QHBoxLayout()
        body.addWidget(self.picture, 1)
        body.addWidget(side_widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addLayout(body, 1)
        layout.addLayout(bar)

        QShortcut(QKeySequence("Ctrl+0"), self, self.picture.fit)
        QShortcut(QKeySequence("Ctrl+1"), self, self.picture.actual_size)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.picture.zoom_by(ZOOM_STEP))
        QShortcut(QKeySequence("Ctrl+="), self, lambda: self.picture.zoom_by(ZOOM_STEP))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.picture.zoom_by(1 / ZOOM_STEP))
        panel.loader.ready.connect(self._thumbnail_ready)
        self.show_index(index)
        self.picture.setFocus()

    @property
    def current(self):
        return self.views[self.index] if 0 <= self.index < len(self.views) else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Left:
            self.previous()
        elif key == Qt.Key.Key_Right:
            self.next()
        elif key == Qt.Key.Key_Home:
            self.show_index(0)
        elif key == Qt.Key.Key_End:
            self.show_index(len(self.views) - 1)
        else:
            super().keyPressEvent(event)

    def previous(self) -> None:
        self.show_index(self.index - 1)

    def next(self) -> None:
        self.show_index(self.index + 1)

    def show_index(self, index: int) -> None:
        if not self.views or not 0 <= index < len(self.views) or index == self.index:
            return
        self.index = index
        view = self.views[index]
        self.counter.setText(fill(self.tr("%1 of %2"), index + 1, len(self.views)))
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.views) - 1)
        self.title.setText(texts.title(view))
        self.taken.setText(
            texts.taken(fmt_datetime(view.captured_at))
            if view.captured_at is not None
            else self.tr("The photo does not say when it was taken.")
        )
        who = self.panel.model.names.get(view.created_by) or texts.translate("Attachments", "someone")
        self.added.setText(fill(self.tr("Added by %1 on %2"), who, fmt_datetime(view.created_at)))
        if view.latitude is not None and view.longitude is not None:
            self.place.setText(
                fill(
                    self.tr("Location: %1, %2"), fmt_decimal(view.latitude, 5), fmt_decimal(view.longitude, 5)
                )
            )
        else:
            self.place.setText("")
        self.place.setVisible(bool(self.place.text()))
        here = view.sha256 in self.panel.model.here
        file_line = f"{view.file_name} · {texts.state(view, here)}"
        self.state.setText(file_line)
        while self.flags_box.count():
            item = self.flags_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for flag in view.evidence:
            line = QLabel(f"{MARKER} {flag_sentence(flag)}", objectName="ChipWarn", wordWrap=True)
            line.setStyleSheet(CHIP_WARN)
            self.flags_box.addWidget(line)
        self.flags_title.setVisible(bool(view.evidence))
        self.picture.fitting = True
        self._show_picture(view, here)

    def _show_picture(self, view, here: bool) -> None:
        full = self._decoded.get(view.sha256)
        if full is not None:
            self.picture.set_pixmap(full)
            return
        thumb = self.panel.loader.get(view.sha256)
        if thumb is not None:
            self.picture.set_pixmap(thumb, stand_in=True)
        elif here or self.panel.file_cache() is not None:
            self.picture.set_pixmap(placeholder(self.tr("Loading…"), QSize(320, 240)))
        else:
            self.picture.set_pixmap(placeholder(self.tr("Not downloaded yet"), QSize(320, 240)))
        if not here:
            self.panel.model._picture(view, here)  # the cache's thumbnail meanwhile, if it has one
        if here or self.panel.file_cache() is not None:
            self._decode_full(view.sha256)  # fetched from the server first when not here

    def _decode_full(self, sha256: str) -> None:
        if sha256 in self._loading:
            return
        self._loading.add(sha256)
        read = self.panel.full_reader()

        def job(_ctx) -> QImage:
            return decode(read(sha256), QSize(8192, 8192))

        self.panel.runner.submit(
            job,
            name="photo",
            on_result=lambda image, sha=sha256: self._decoded_full(sha, image),
            on_error=lambda exc, sha=sha256: self._not_shown(sha, exc),  # the thumbnail stays
        )

    def _not_shown(self, sha256: str, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._loading.discard(sha256)
        if self.current is not None and self.current.sha256 == sha256:
            self.state.setText(self.panel.why(exc))
            if self.panel.loader.get(sha256) is None:
                self.picture.set_pixmap(placeholder(self.tr("Not downloaded yet"), QSize(320, 240)))

    def _decoded_full(self, sha256: str, image: QImage) -> None:
        if not shiboken6.isValid(self):
            return
        self._loading.discard(sha256)
        if image.isNull():
            return
        self._decoded[sha256] = QPixmap.fromImage(image)
        if sha256 not in self.panel.model.here and self.panel.files.has(sha256):  # fetched just now
            self.panel.model.mark_here(sha256)
            if self.current is not None and self.current.sha256 == sha256:
                self.state.setText(f"{self.current.file_name} · {texts.state(self.current, True)}")
        while len(self._decoded) > 3:  # full-size pictures are large: keep the few around this one
            del self._decoded[next(iter(self._decoded))]
        if self.current is not None and self.current.sha256 == sha256:
            self.picture.set_pixmap(self._decoded[sha256])

    def _thumbnail_ready(self, sha256: str) -> None:
        if self.current is not None and self.current.sha256 == sha256 and sha256 not in self._decoded:
            self.picture.set_pixmap(self.panel.loader.get(sha256), stand_in=True)
