"""The attachments of one record as a list model, and the delegate that draws each tile.

A tile is the thumbnail (or a drawn placeholder) over three lines: the caption or file
name, who attached it and when (local time), and the size with where the bytes are.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.attachments import texts
from ui.attachments.thumbnails import THUMB, ThumbnailLoader, placeholder
from ui.evidence import MARKER, flag_sentence
from ui.formatting import fmt_datetime
from ui.style import ACCENT, MUTED, WARNING

Index = QModelIndex | QPersistentModelIndex

VIEW_ROLE = Qt.ItemDataRole.UserRole + 1  # the AttachmentView
LINES_ROLE = Qt.ItemDataRole.UserRole + 2  # (title, who · when, size · state)


class AttachmentsModel(QAbstractListModel):
    def __init__(self, loader: ThumbnailLoader, parent=None):
        super().__init__(parent)
        self.loader = loader
        self.items: list = []  # AttachmentView, oldest first
        self.names: dict[str, str] = {}  # user id → display name
        self.here: set[str] = set()  # hashes whose bytes are on this laptop
        # () -> fetch(sha) -> bytes | None (run on the task runner), for photos not on this
        # laptop: the file cache's thumbnails; None: placeholders
        self.remote_thumbnail = None
        self._placeholders: dict[str, QPixmap] = {}
        loader.ready.connect(self._thumbnail_ready)

    def set_items(self, items, names: dict[str, str], here: set[str]) -> None:
        self.beginResetModel()
        self.items, self.names, self.here = list(items), dict(names), set(here)
        self.endResetModel()

    def mark_here(self, sha256: str) -> None:
        """The full file was fetched: its tiles say so."""
        self.here.add(sha256)
        for i, view in enumerate(self.items):
            if view.sha256 == sha256:
                index = self.index(i)
                self.dataChanged.emit(index, index, [LINES_ROLE])

    def item(self, row: int):
        return self.items[row]

    def row_of(self, attachment_id: str) -> int | None:
        return next((i for i, v in enumerate(self.items) if v.id == attachment_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        view = self.items[index.row()]
        here = view.sha256 in self.here
        if role == Qt.ItemDataRole.DisplayRole:
            return texts.title(view)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._picture(view, here)
        if role == LINES_ROLE:
            return texts.title(view), texts.who_and_when(view, self.names), texts.state(view, here)
        if role == VIEW_ROLE:
            return view
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [view.file_name]
            if view.caption:
                lines.insert(0, view.caption)
            if view.captured_at is not None:
                lines.append(texts.taken(fmt_datetime(view.captured_at)))
            lines += [f"{MARKER} {flag_sentence(f)}" for f in view.evidence]
            return "\n".join(lines)
        return None

    def _picture(self, view, here: bool) -> QPixmap:
        if view.is_photo:
            pixmap = self.loader.get(view.sha256)
            if pixmap is not None:
                return pixmap
            if here:
                self.loader.request(view.sha256)
            elif (fetch := self.remote_thumbnail() if self.remote_thumbnail else None) is not None:
                self.loader.request(view.sha256, fetch)
        if not view.is_photo:
            key = "doc:" + _extension(view.file_name)
            text = _extension(view.file_name).upper() or "FILE"
        elif here:
            key, text = "loading", ""
        else:
            key, text = "remote", texts.translate("Attachments", "Not downloaded yet")
        if key not in self._placeholders:
            self._placeholders[key] = placeholder(text, document=not view.is_photo)
        return self._placeholders[key]

    def _thumbnail_ready(self, sha256: str) -> None:
        for i, view in enumerate(self.items):
            if view.sha256 == sha256:
                index = self.index(i)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


def _extension(file_name: str) -> str:
    _stem, dot, ext = file_name.rpartition(".")
    return ext.lower()[:5] if dot else ""


class TileDelegate(QStyledItemDelegate):
    """The thumbnail centred in its box, and the three lines elided to the tile's width."""

    PAD = 6

    def tile_size(self, font: QFont) -> QSize:
        lines = QFontMetrics(font).lineSpacing() * 3 + 6
        return QSize(THUMB.width() + 2 * self.PAD + 36, THUMB.height() + lines + 2 * self.PAD)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return self.tile_size(option.font)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        rect = option.rect.adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(ACCENT) if selected else QColor("#e2e8f0"))
        painter.setBrush(QColor("#eff6ff") if selected else QColor("white"))
        painter.drawRoundedRect(rect, 6, 6)
        box = QRect(
            rect.left() + self.PAD, rect.top() + self.PAD, rect.width() - 2 * self.PAD, THUMB.height()
        )
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            size = pixmap.size().scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            if pixmap.width() <= box.width() and pixmap.height() <= box.height():
                size = pixmap.size()
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(box.center())
            painter.drawPixmap(target, pixmap)
        view = index.data(VIEW_ROLE)
        if view is not None and view.flags:  # evidence flag: a corner mark the supervisor sees
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(WARNING))
            painter.drawEllipse(box.right() - 12, box.top() + 2, 10, 10)
        title, who, state = index.data(LINES_ROLE) or ("", "", "")
        metrics = QFontMetrics(option.font)
        y = box.bottom() + 4
        width = rect.width() - 2 * self.PAD
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        for text, font, colour in (
            (title, bold, QColor("#0f172a")),
            (who, option.font, QColor(MUTED)),
            (state, option.font, QColor(MUTED)),
        ):
            painter.setFont(font)
            painter.setPen(colour)
            line = QRect(rect.left() + self.PAD, y, width, metrics.lineSpacing())
            elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
            painter.drawText(line, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), elided)
            y += metrics.lineSpacing()
        painter.restore()
