"""Type to find, Enter to take: the search field behind the product and customer pickers.

A ``FindField`` is a line edit with a result list floating under it (a child widget, not
a popup window, so the keyboard stays in the field and an input method keeps working).
Up/Down move through the results, Enter takes the highlighted one (the best match when
none is highlighted), Escape closes the list and then clears the field. When nothing
matches, the list shows one line saying so (``empty_text``) and Enter takes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListView, QWidget


@dataclass(frozen=True)
class Found:
    id: str
    text: str  # the main line
    detail: str = ""  # right-hand or second text: price, code, city…


class FindField(QLineEdit):
    chosen = Signal(str)  # the id of the result taken with Enter or a click

    MAX_ROWS = 9

    def __init__(
        self,
        search: Callable[[str], Sequence[Found]],
        parent: QWidget | None = None,
        *,
        show_all_when_empty: bool = False,
        empty_text: Callable[[str], str] | None = None,
    ):
        super().__init__(parent)
        self._search = search
        self._show_all = show_all_when_empty
        self._empty_text = empty_text
        self._nothing_found = False  # the list shows the "no match" line, not results
        self.setClearButtonEnabled(True)
        self.results = QStandardItemModel(self)
        self.list = QListView(objectName="FindResults")
        self.list.setModel(self.results)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(True)
        self.list.setStyleSheet(
            "QListView#FindResults { border: 1px solid #94a3b8; border-radius: 4px; background: white;"
            " font-size: 13px; } QListView#FindResults::item { padding: 5px 8px; }"
            " QListView#FindResults::item:selected { background: #dbeafe; color: #0f172a; }"
        )
        self.list.clicked.connect(lambda index: self._take(index.row()))
        self.list.hide()
        self._debounce = QTimer(self, singleShot=True, interval=60)
        self._debounce.timeout.connect(self.refresh)
        self.textEdited.connect(lambda _t: self._debounce.start())

    # -- the list ---------------------------------------------------------------------------

    def _host(self) -> QWidget:
        return self.window()

    def refresh(self) -> None:
        self._debounce.stop()
        text = self.text()
        if not text.strip() and not self._show_all:
            self.hide_results()
            return
        found = list(self._search(text))
        self.results.clear()
        self._nothing_found = False
        for f in found:
            item = QStandardItem(f"{f.text}    {f.detail}" if f.detail else f.text)
            item.setData(f.id, Qt.ItemDataRole.UserRole)
            item.setToolTip(f.text)
            self.results.appendRow(item)
        if not found:
            if self._empty_text is None or not text.strip():
                self.hide_results()
                return
            line = QStandardItem(self._empty_text(text.strip()))
            line.setFlags(Qt.ItemFlag.NoItemFlags)  # nothing to highlight or take
            self.results.appendRow(line)
            self._nothing_found = True
            self._place()
            return
        self.list.setCurrentIndex(self.results.index(0, 0))
        self._place()

    def _place(self) -> None:
        host = self._host()
        if self.list.parent() is not host:
            self.list.setParent(host)
        origin = self.mapTo(host, QPoint(0, self.height() + 2))
        rows = min(self.results.rowCount(), self.MAX_ROWS)
        row_h = max(self.list.sizeHintForRow(0), self.fontMetrics().height() + 10)
        width = max(self.width(), 420)
        self.list.setGeometry(
            origin.x(), origin.y(), min(width, host.width() - origin.x() - 8), rows * row_h + 6
        )
        self.list.show()
        self.list.raise_()

    def hide_results(self) -> None:
        self.list.hide()

    def results_visible(self) -> bool:
        return self.list.isVisible()

    def nothing_found(self) -> bool:
        """The list is showing the "no match" line."""
        return self._nothing_found and self.results_visible()

    def result_ids(self) -> list[str]:
        if self._nothing_found:
            return []
        return [self.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.results.rowCount())]

    def _take(self, row: int) -> None:
        if self._nothing_found:
            return
        if 0 <= row < self.results.rowCount():
            item_id = self.results.item(row).data(Qt.ItemDataRole.UserRole)
            self.hide_results()
            self.chosen.emit(item_id)

    # -- keys -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            if not self.results_visible():
                self.refresh()
                if self.results_visible():
                    return
            if self.results_visible():
                step = {
                    Qt.Key.Key_Down: 1,
                    Qt.Key.Key_Up: -1,
                    Qt.Key.Key_PageDown: self.MAX_ROWS,
                    Qt.Key.Key_PageUp: -self.MAX_ROWS,
                }[key]
                row = max(0, min(self.results.rowCount() - 1, self.list.currentIndex().row() + step))
                self.list.setCurrentIndex(self.results.index(row, 0))
                return
        if (
            key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            if self._debounce.isActive():
                self.refresh()  # typed fast and pressed Enter before the list caught up
            if self.results_visible():
                self._take(max(0, self.list.currentIndex().row()))
                return
        if key == Qt.Key.Key_Escape:
            if self.results_visible():
                self.hide_results()
                return
            if self.text():
                self.clear()
                return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        QTimer.singleShot(150, self._hide_unless_focused)  # a click on the list comes first

    def _hide_unless_focused(self) -> None:
        if not self.hasFocus():
            self.hide_results()
