"""The one banner: a line of news above a page, a form or the whole window.

Every screen says "what happened, or why nothing did" with it: the Today page's running
visit, a form's restored draft, the administration's results and refusals, the update
notice above the pages. Its look is in ``ui.style.STYLE_SHEET`` (``QFrame#MessageBanner``),
one colour per level:

* ``info`` (also ``""``), ``ok``, ``warn``, ``error`` (also ``"bad"``);
* ``strip=True``: the full-width strip above the pages (square, a line below it), instead
  of a rounded box inside a page.

``text`` is its label; ``row`` the layout that buttons are added to; ``closable`` adds a ×
that hides it. ``show_message(text, kind)`` sets both and shows it, and ``message()`` is
what it says while it is shown ("" when hidden).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

LEVELS = ("info", "ok", "warn", "error")
_SAME = {"": "info", "bad": "error"}  # the workspace's names for two of the levels


def level_of(kind: str) -> str:
    level = _SAME.get(kind, kind)
    if level not in LEVELS:
        raise ValueError(f"unknown banner level {kind!r}")
    return level


class Banner(QFrame):
    """A message above a screen's content: info, ok, warn or error."""

    def __init__(
        self,
        kind: str = "info",
        parent: QWidget | None = None,
        *,
        closable: bool = False,
        strip: bool = False,
        selectable: bool = False,
    ):
        super().__init__(parent, objectName="MessageBanner")
        self.setProperty("strip", strip)
        self.row = QHBoxLayout(self)
        if strip:
            self.row.setContentsMargins(12, 6, 12, 6)
        elif closable:
            self.row.setContentsMargins(12, 7, 6, 7)
        else:
            self.row.setContentsMargins(12, 8, 12, 8)
        self.text = QLabel(objectName="BannerText", wordWrap=True)
        if selectable:
            self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.row.addWidget(self.text, 1)
        self.close_button: QToolButton | None = None
        if closable:
            self.close_button = QToolButton(text="×", autoRaise=True)
            self.close_button.clicked.connect(self.hide)
            self.row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.kind = ""
        self.set_kind(kind)

    def set_kind(self, kind: str) -> None:
        """The level (see the module docstring); ``kind`` is kept as given."""
        self.setProperty("level", level_of(kind))
        self.kind = kind
        for widget in (self, self.text):  # the label's colour follows the level too
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def show_message(self, text: str, kind: str = "info") -> None:
        self.set_kind(kind)
        self.text.setText(text)
        self.show()

    def message(self) -> str:
        return self.text.text() if self.isVisible() else ""
