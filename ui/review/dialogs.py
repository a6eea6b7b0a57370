"""A small dialog asking for a review comment (required to return a log or a quote), and the
note that reports what a decision did."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QWidget

from ui.banner import Banner
from ui.support.layouts import column


class CommentDialog(QDialog):
    """Title, a sentence saying what happens, a comment box; Ctrl+Enter confirms.

    With ``required`` the confirm button stays disabled until something is written.
    """

    def __init__(
        self,
        title: str,
        prompt: str,
        confirm_text: str,
        *,
        required: bool,
        placeholder: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.required = required
        heading = QLabel(title, objectName="DialogTitle")
        text = QLabel(prompt, objectName="DialogHint", wordWrap=True)
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText(placeholder)
        self.comment.setTabChangesFocus(True)
        self.comment.setMinimumHeight(110)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm = self.buttons.addButton(confirm_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm.setDefault(True)
        self.confirm.setToolTip(self.tr("Confirm (Ctrl+Enter)"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._confirm, context=Qt.ShortcutContext.WindowShortcut)
        self.comment.textChanged.connect(self._update)

        column(self, heading, text, self.comment, self.buttons, margins=(24, 20, 24, 16), spacing=10)
        self.comment.setFocus()
        self._update()

    def text(self) -> str:
        return self.comment.toPlainText().strip()

    def _update(self) -> None:
        self.confirm.setEnabled(bool(self.text()) or not self.required)

    def _confirm(self) -> None:
        if self.confirm.isEnabled():
            self.accept()


def show_result(banner: Banner, text: str, error: bool) -> None:
    """Show ``text`` above a list as done (green) or refused (red); no text hides it."""
    banner.show_message(text, "error" if error else "ok")
    banner.setVisible(bool(text))
