"""The panel in a window of its own, for a record whose screen has no room for it (a quote:
its editor is the lines and the totals)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ui.attachments.panel import AttachmentsPanel
from ui.i18n import fill


class AttachmentsDialog(QDialog):
    def __init__(
        self, db, parent_type: str, parent_id: str, what: str, *, runner, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle(fill(self.tr("Photos and files — %1"), what))
        self.resize(760, 520)
        self.panel = AttachmentsPanel(db, parent_type, parent_id, runner=runner, rows=None, parent=self)
        heading = QLabel(what, objectName="PageTitle", wordWrap=True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.addWidget(heading)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
