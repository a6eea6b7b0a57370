"""The frame every list page shares: a header, a table and its empty state."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui.support.layouts import column, heading
from ui.table_model import LazyTableModel
from ui.widgets import EmptyState, data_table, stacked


class PageFrame(QWidget):
    """Header (title, subtitle, optional tools on the right), then table or empty state.

    It holds no translatable text of its own: pages hand it already translated strings,
    so it can be shared without mixing translation contexts.
    """

    def __init__(self, title: str, model: LazyTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.title = QLabel(title, objectName="PageTitle")
        self.subtitle = QLabel(objectName="PageSubtitle")
        self.tools = QHBoxLayout()
        self.tools.setSpacing(8)

        top = QHBoxLayout()
        top.addLayout(heading(self.title, self.subtitle), 1)
        top.addLayout(self.tools)

        self.table = data_table(model)
        self.empty = EmptyState()
        self.stack = stacked(self.table, self.empty)

        column(self, top, (self.stack, 1), margins=(24, 20, 24, 12), spacing=14)

    def show_rows(self, has_rows: bool) -> None:
        self.stack.setCurrentWidget(self.table if has_rows else self.empty)


class RecordsPage(PageFrame):
    """A read-only list of local rows (visits, quotes, complaints, users…)."""

    def __init__(
        self,
        title: str,
        model: LazyTableModel,
        subtitle: Callable[[int], str],
        empty_title: str,
        empty_detail: str,
        parent: QWidget | None = None,
    ):
        super().__init__(title, model, parent)
        self._subtitle = subtitle
        self.empty.set_text(empty_title, empty_detail)
        model.reloaded.connect(self._on_reloaded)

    def reload(self) -> None:
        self.model.reload()

    def _on_reloaded(self, total: int) -> None:
        self.subtitle.setText(self._subtitle(total))
        self.show_rows(total > 0)


def selected_customer(window) -> str | None:
    """The customer highlighted in the customer list, when that list is showing
    (File ▸ New quote and New complaint start with it)."""
    try:
        if window.current_area() != "customers":
            return None
        page = window.customers_page
        index = page.table.currentIndex()
        return page.model.row(index.row())["id"] if index.isValid() else None
    except (AttributeError, IndexError, KeyError):
        return None
