"""Thumbnails of attached photos, decoded on the task runner, never on the UI thread.

A photo on this laptop is read through ``LocalFiles`` (it may be sealed) and decoded at
thumbnail size (``QImageReader.setScaledSize`` lets the JPEG decoder skip most of the
work). A ``QImage`` may be made in any thread; the pixmap is made on the UI thread when
the image arrives. Each hash is decoded once per loader; a file that cannot be decoded
keeps the placeholder.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QImageReader, QPainter, QPen, QPixmap

THUMB = QSize(160, 110)


def decode(data: bytes, size: QSize = THUMB) -> QImage:
    """``data`` as an image no larger than ``size`` (aspect kept, EXIF orientation applied);
    a null image when it is not one Qt can read."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    full = reader.size()
    if full.isValid() and (full.width() > size.width() or full.height() > size.height()):
        reader.setScaledSize(full.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return image if not image.isNull() else QImage()


def placeholder(text: str, size: QSize = THUMB, *, document: bool = False) -> QPixmap:
    """A drawn tile for a file without a thumbnail: a document's type, or "not downloaded"."""
    pixmap = QPixmap(size)
    pixmap.fill(QColor("#f1f5f9"))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if document:  # a sheet with a folded corner
        w, h = size.height() * 0.55, size.height() * 0.72
        x, y = (size.width() - w) / 2, (size.height() - h) / 2 - 6
        painter.setPen(QPen(QColor("#94a3b8"), 1.5))
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(QRectF(x, y, w, h), 3, 3)
    font = QFont(painter.font())
    font.setPointSizeF(max(7.0, font.pointSizeF() * (1.1 if document else 0.9)))
    font.setBold(document)
    painter.setFont(font)
    painter.setPen(QColor("#475569"))
    painter.drawText(
        QRectF(4, 0, size.width() - 8, size.height() - (12 if document else 0)),
        int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
        text,
    )
    painter.end()
    return pixmap


class ThumbnailLoader(QObject):
    """Decodes thumbnails on the runner ``runner_of()`` gives (the window's, found once the
    panel is in it); ``ready(sha256)`` once one is in :meth:`get`."""

    ready = Signal(str)

    def __init__(self, runner_of, files, parent: QObject | None = None):
        super().__init__(parent)
        self.runner_of = runner_of
        self.files = files
        self._pixmaps: dict[str, QPixmap] = {}
        self._asked: set[str] = set()
        self._missing: set[str] = set()  # asked, but no thumbnail yet (a later sync may bring one)

    def get(self, sha256: str) -> QPixmap | None:
        return self._pixmaps.get(sha256)

    def request(self, sha256: str, fetch=None) -> None:
        """Decode the photo with this hash unless done or under way. ``fetch(sha) -> bytes |
        None`` gives the bytes (default: the laptop's own copy)."""
        if sha256 in self._asked:
            return
        self._asked.add(sha256)
        files = self.files
        read = fetch or (lambda sha: files.read(sha) if files.has(sha) else None)

        def job(_ctx) -> QImage:
            data = read(sha256)
            return decode(data) if data else QImage()

        self.runner_of().submit(
            job,
            name="thumbnail",
            on_result=lambda image, sha=sha256: self._arrived(sha, image),
            on_error=lambda _exc, sha=sha256: self._arrived(sha, QImage()),  # the placeholder stays
        )

    def retry_missing(self) -> None:
        """Ask again, at the next paint, for the thumbnails that were not there (after a sync)."""
        self._asked -= self._missing
        self._missing.clear()

    def _arrived(self, sha256: str, image: QImage) -> None:
        if not shiboken6.isValid(self):  # the panel closed meanwhile
            return
        if image.isNull():
            self._missing.add(sha256)
            return
        self._pixmaps[sha256] = QPixmap.fromImage(image)
        self.ready.emit(sha256)
