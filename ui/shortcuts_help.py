"""Help ▸ Keyboard shortcuts: the list is read from the window's actions when it opens.

Every shortcut in the app is a ``QAction`` with its key sequence (menus, page actions such
as the review queue's A and R); the dialog collects them from the live window, so what it
shows is what the keys do and it cannot fall out of date when an action is added or
rebound.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QWidget

from ui.support.layouts import column

_Index = QModelIndex | QPersistentModelIndex


def _plain(text: str) -> str:
    """A menu text without its mnemonic and trailing ellipsis ("&Sync now" → "Sync now", "同步中心(&C)…" → "同步中心")."""
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
                area = next((titles.get(k, "") for k, page in pages.items() if page is owner), "")
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


class _ShortcutModel(QAbstractTableModel):
    def __init__(self, rows: list[tuple[str, str, str]], heads: tuple[str, str, str]):
        super().__init__()
        self.rows, self.heads = rows, heads

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 3

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.heads[section]
        return None


class ShortcutsDialog(QDialog):
    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(640, 560)
        heading = QLabel(self.tr("Keyboard shortcuts"), objectName="PageTitle")
        hint = QLabel(
            self.tr("What the keys do in this window. Shortcuts wait while an input method is composing."),
            objectName="PageSubtitle",
        )
        hint.setWordWrap(True)
        self.model = _ShortcutModel(
            registered_shortcuts(window), (self.tr("Where"), self.tr("Action"), self.tr("Keys"))
        )
        self.table = QTableView(objectName="DataTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column(self, heading, hint, (self.table, 1), buttons, margins=(24, 20, 24, 16), spacing=10)

    def rows(self) -> list[tuple[str, str, str]]:
        return list(self.model.rows)
