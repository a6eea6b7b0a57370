"""What a page does so that background sync works well for it.

Two hooks, both safe to call from any widget of the main window (or a dialog parented
to one):

``notify_local_change(widget, changes)``
    Emits the main window's ``localChanged`` signal once a ``LocalWriter`` transaction has
    committed: the status bar re-counts the changes waiting to be sent, and the sync
    controller syncs a few seconds later (debounced, so a burst of edits is one sync).
    ``dataChanged`` carries what changed to the pages that show it (``ui.main_window``).
    Screens do not call it themselves: they write through ``ui.operations.LocalOp``,
    which calls it after every write that committed::

        LocalOp(self, lambda: customers_db.save_customer(self.db, cid, {"phone": phone})).run()

``keep_view(view)``
    A context manager around a model reload that puts the user back where they were:
    the same selected and current rows (found again by id, whatever moved), and the
    same first visible row (or the same scroll offset when that row is gone). The main
    window wraps every page's reload after a sync in it, through the page's ``table``;
    a page that reloads on its own can do the same::

        with keep_view(self.table):
            self.model.reload()
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, QObject, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the id role of ui.table_model.LazyTableModel
_MAX_FETCH = 20_000  # rows a restore may page in to find the user's place again


def notify_local_change(widget: QObject | None, changes: Any = None, *, sync: bool = True) -> bool:
    """Tell the main window a local write committed; False when no window was found.

    ``changes`` (a ``ui.operations.Changes``) goes to the window's ``dataChanged``, for the
    pages that show it; ``sync=False`` (a write of local-only state) leaves ``localChanged``,
    and so the sync, alone.
    """
    node = widget
    while node is not None:
        signal = getattr(node, "localChanged", None)
        if signal is not None and hasattr(signal, "emit"):
            if sync:
                signal.emit()
            shown = getattr(node, "dataChanged", None)
            if changes is not None and shown is not None and hasattr(shown, "emit"):
                shown.emit(changes)
            return True
        node = node.parent()
    return False


@dataclass
class ViewState:
    selected: list[Any] = field(default_factory=list)
    current: Any = None
    current_column: int = 0
    top: Any = None
    top_row: int = -1
    loaded: int = 0
    vertical: int = 0
    horizontal: int = 0


def _id_role(model: QAbstractItemModel) -> int:
    return int(getattr(model, "ID_ROLE", ID_ROLE))


def _row_id(model: QAbstractItemModel, row: int) -> Any:
    if row < 0:
        return None
    return model.data(model.index(row, 0), _id_role(model))


def capture(view: QAbstractItemView) -> ViewState:
    model = view.model()
    state = ViewState(
        loaded=model.rowCount(),
        vertical=view.verticalScrollBar().value(),
        horizontal=view.horizontalScrollBar().value(),
    )
    selection = view.selectionModel()
    if selection is not None:
        state.selected = [_row_id(model, i.row()) for i in selection.selectedRows()]
        current = selection.currentIndex()
        if current.isValid():
            state.current, state.current_column = _row_id(model, current.row()), current.column()
    state.top_row = view.indexAt(QPoint(1, 1)).row()
    state.top = _row_id(model, state.top_row)
    return state


def restore(view: QAbstractItemView, state: ViewState) -> None:
    model = view.model()
    # A lazy model starts again with one page: page in as much as the user had seen.
    while model.rowCount() < min(state.loaded, _MAX_FETCH) and model.canFetchMore(QModelIndex()):
        before = model.rowCount()
        model.fetchMore(QModelIndex())
        if model.rowCount() == before:
            break
    wanted = {i for i in (*state.selected, state.current, state.top) if i is not None}
    found: dict[Any, int] = {}
    if wanted:
        for row in range(model.rowCount()):
            rid = _row_id(model, row)
            if rid in wanted:
                found[rid] = row
                if len(found) == len(wanted):
                    break
    selection = view.selectionModel()
    if selection is not None:
        flags = QItemSelectionModel.SelectionFlag
        if state.current in found:
            selection.setCurrentIndex(model.index(found[state.current], state.current_column), flags.NoUpdate)
        for rid in state.selected:
            if rid in found:
                selection.select(model.index(found[rid], 0), flags.Select | flags.Rows)
    if state.top in found:
        view.scrollTo(model.index(found[state.top], 0), QAbstractItemView.ScrollHint.PositionAtTop)
        # scrollTo may leave the row a pixel off; the saved offset is exact when nothing moved
        if found[state.top] == state.top_row:
            view.verticalScrollBar().setValue(state.vertical)
    else:
        view.verticalScrollBar().setValue(state.vertical)
    view.horizontalScrollBar().setValue(state.horizontal)


@contextmanager
def keep_view(view: QWidget | None) -> Iterator[None]:
    """Reload inside this block; the view's selection and scroll position survive it."""
    if not isinstance(view, QAbstractItemView) or view.model() is None:
        yield
        return
    state = capture(view)
    yield
    restore(view, state)
