"""The one model for short lists held in memory, and the one read-only list view.

:class:`RowsModel` shows rows already at hand (a report's breakdowns, a day's route, what
the server sent an admin screen): each :class:`Col` says how a row becomes a cell, its
alignment, colour, tooltip and sort key; a row is a dict (``Col.key`` names the field) or
a list (``Col.key`` is the position). Lists too long to hold use
``ui.table_model.LazyTableModel`` instead; both go into :func:`list_view`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

Index = QModelIndex | QPersistentModelIndex


@dataclass
class Col:
    """One column: ``text(row)`` gives the cell; ``sort(row)`` the sort key (default: the text)."""

    key: str | int
    title: str  # already translated
    text: Callable[[Any], str] | None = None
    sort: Callable[[Any], Any] | None = None
    width: int | None = None  # characters; None: stretch
    right: bool = False
    colour: Callable[[Any], str | None] | None = None
    tooltip: Callable[[Any], str | None] | None = None
    bold: Callable[[Any], bool] | None = None
    align: Qt.AlignmentFlag | None = None  # other than left (default) or right (``right``)

    def cell(self, row: Any) -> str:
        if self.text is not None:
            return self.text(row)
        value = row[self.key] if isinstance(self.key, int) else row.get(self.key)
        return "" if value is None else str(value)

    def alignment(self) -> int | None:
        flag = self.align if self.align is not None else Qt.AlignmentFlag.AlignRight if self.right else None
        return None if flag is None else int(flag | Qt.AlignmentFlag.AlignVCenter)


class ItemsModel(QAbstractTableModel):
    """The base of a model whose subclass draws its own cells: one row per item of a list
    that the page replaces whole (``set_items``)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: list[Any] = []

    def set_items(self, items: Sequence[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)


class KeyedItemsModel(ItemsModel):
    """An ItemsModel with fixed columns: ``COLUMNS`` pairs a key the subclass's ``data`` draws
    with a title (source text, translated in ``CONTEXT`` when shown); ``ID_ROLE`` gives an item's id."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    CONTEXT: str
    COLUMNS: tuple[tuple[str, str], ...]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self.CONTEXT, self.COLUMNS[section][1])
        return None

    def cell(self, index: Index) -> tuple[Any, str]:
        """The item of ``index``'s row and the key of its column."""
        return self.items[index.row()], self.COLUMNS[index.column()][0]


class ColumnsModel(QAbstractTableModel):
    """The base of a model of ``rows`` (one a line) under ``columns`` (one a column)."""

    def __init__(self, columns: Sequence[Any], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []

    def row(self, i: int) -> Any:
        return self.rows[i]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)


class RowsModel(ColumnsModel):
    """Rows with columns; optionally a check box in the first column."""

    checkedChanged = Signal()

    def __init__(self, columns: Sequence[Col], checkable: bool = False, parent=None):
        super().__init__(columns, parent)
        self.checkable = checkable
        self.checked: set[int] = set()  # indexes into rows
        self.can_check: Callable[[Any], bool] = lambda _row: True

    def set_rows(self, rows: Sequence[Any], checked: set[int] | None = None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.checked = set(checked or ())
        self.endResetModel()
        self.checkedChanged.emit()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.columns[section].alignment()
        return None

    def flags(self, index: Index):
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.checkable and index.column() == 0 and self.can_check(self.rows[index.row()]):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.cell(row)
        if role == Qt.ItemDataRole.CheckStateRole and self.checkable and index.column() == 0:
            return Qt.CheckState.Checked if index.row() in self.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and col.colour is not None:
            colour = col.colour(row)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip(row) if col.tooltip is not None else (col.cell(row) or None)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return col.alignment()
        if role == Qt.ItemDataRole.FontRole and col.bold is not None and col.bold(row):
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not self.checkable or index.column() != 0:
            return False
        if not self.can_check(self.rows[index.row()]):
            return False
        on = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        (self.checked.add if on else self.checked.discard)(index.row())
        self.dataChanged.emit(index, index, [role])
        self.checkedChanged.emit()
        return True

    def set_checked(self, rows: set[int]) -> None:
        self.checked = {i for i in rows if self.can_check(self.rows[i])}
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, 0), [Qt.ItemDataRole.CheckStateRole]
            )
        self.checkedChanged.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        col = self.columns[column]
        key = col.sort or col.cell
        checked_rows = [id(self.rows[i]) for i in self.checked]

        def blanks_last(row):
            value = key(row)  # once per row: a cell formats its text each time
            return (value is None, "" if value is None else value)

        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=blanks_last, reverse=order == Qt.SortOrder.DescendingOrder)
        ids = set(checked_rows)
        self.checked = {i for i, r in enumerate(self.rows) if id(r) in ids}
        self.layoutChanged.emit()

    def export_rows(self) -> tuple[list[str], list[list[str]]]:
        """Headers and cell texts, as shown (for CSV/Excel export)."""
        return [c.title for c in self.columns], [[c.cell(r) for c in self.columns] for r in self.rows]


def list_view(
    model: QAbstractItemModel,
    *,
    multi: bool = False,
    row_padding: int = 14,
    alternating: bool = True,
    parent: QWidget | None = None,
) -> QTableView:
    """The read-only list every screen uses: whole rows selected (one, or several with
    ``multi``), no editing, no grid, no row numbers, one line a row; the caller sizes the
    columns."""
    view = QTableView(parent, objectName="DataTable")
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(alternating)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + row_padding)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return view
