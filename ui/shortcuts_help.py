"""Help ▸ Keyboard shortcuts: the list is read from the window's actions when it opens.

Every shortcut in the app is a ``QAction`` with its key sequence (menus, page actions such
as the review queue's A and R); the dialog collects them from the live window, so what it
shows is what the keys do and it cannot fall out of date when an action is added or
rebound.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QWidget

from ui.support.layouts import column
from ui.tables import Col, RowsModel, list_view


def _plain(text: str) -> str:
    """A menu text without its mnemonic and trailing ellipsis ("&Sync now" → "Sync now",
    "同步中心(&C)…" → "同步中心")."""
    text = re.sub(r"\s*\(&\w\)", "", text)  # Chinese menus put the mnemonic in brackets
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".").strip()


def registered_shortcuts(window) -> list[tuple[str, str, str]]:
    """(where, what, keys) for every action of ``window`` that has a shortcut, menu order first."""
    where_of: dict[int, str] = {}
    order: list[QAction] = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is None:
            continue
        for action in menu.actions():
            where_of.setdefault(id(action), _plain(top.text()))
            order.append(action)
    pages = getattr(window, "pages", {})
    titles = {}
    nav = getattr(window, "nav", None)
    if nav is not None:
        for row in range(nav.count()):
            item = nav.item(row)
            titles[item.data(Qt.ItemDataRole.UserRole)] = item.text()
    for action in window.findChildren(QAction):
        if id(action) not in where_of:
            area = ""
            owner = action.parent()
            while owner is not None and not area:
                # a dialog of the window (the visit log) names itself with this property
                area = owner.property("shortcut_area") or next(
                    (titles.get(k, "") for k, page in pages.items() if page is owner), ""
                )
                owner = owner.parent()
            where_of[id(action)] = area
            order.append(action)
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for action in order:
        keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
        what = _plain(action.text()) or _plain(action.toolTip())
        where = where_of.get(id(action), "")
        if not keys or not what or (where, what, keys) in seen:
            continue
        seen.add((where, what, keys))
        rows.append((where, what, keys))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(640, 560)
        heading = QLabel(self.tr("Keyboard shortcuts"), objectName="PageTitle")
        hint = QLabel(
            self.tr("What the keys do in this window. Shortcuts wait while an input method is composing."),
            objectName="PageSubtitle",
            wordWrap=True,
        )
        self.model = RowsModel(
            [Col(0, self.tr("Where")), Col(1, self.tr("Action")), Col(2, self.tr("Keys"))], parent=self
        )
        self.model.set_rows(registered_shortcuts(window))
        self.table = list_view(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column(self, heading, hint, (self.table, 1), buttons, margins=(24, 20, 24, 16), spacing=10)

    def rows(self) -> list[tuple[str, str, str]]:
        return list(self.model.rows)
