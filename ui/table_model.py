"""A read-only table model over a SQL query, fetched lazily one page at a time.

The view asks ``canFetchMore``/``fetchMore`` as the user scrolls, so a list of 50,000
customers costs one ``count`` and one page of rows to open. Sorting is done by the query
(``sort`` reloads with a new ``ORDER BY``), which keeps paging correct; a proxy model
would only sort the rows already fetched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from local_db.queries import Sort
from ui.tables import ColumnsModel

Row = Mapping[str, Any]
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str  # the sort key the query understands
    title: str  # untranslated source text, context "Columns" (marked with QT_TRANSLATE_NOOP)
    display: Callable[[Row], str]
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    sortable: bool = True
    width: int = 0  # preferred width in average characters; 0 = stretch to fill
    tooltip: Callable[[Row], str] | None = None
    color: Callable[[Row], QColor | None] | None = None
    # Texts the column may show (every label of an enum, a long date…): the view makes the
    # column wide enough for them in the current language, so nothing is cut off.
    samples: Callable[[], Iterable[str]] | None = None


class RowSource(Protocol):
    def count(self) -> int: ...

    def fetch(self, sort: Sort | None, offset: int, limit: int) -> Sequence[Row]: ...


class LazyTableModel(ColumnsModel):
    PAGE_SIZE = 200
    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    reloaded = Signal(int)  # total number of rows the query matches

    def __init__(self, columns: Sequence[Column], source: RowSource, default_sort: Sort, parent=None):
        super().__init__(columns, parent)
        self._source = source
        self._sort = default_sort
        self._total = 0

    # -- what callers use --------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self._total

    @property
    def current_sort(self) -> Sort:
        return self._sort

    def sort_column(self) -> int:
        for i, c in enumerate(self.columns):
            if c.key == self._sort.key:
                return i
        return -1

    def set_source(self, source: RowSource) -> None:
        self._source = source
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._total = self._source.count()
        self.rows = list(self._source.fetch(self._sort, 0, self.PAGE_SIZE)) if self._total else []
        self.endResetModel()
        self.reloaded.emit(self._total)

    # -- Qt's side ---------------------------------------------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        page = list(self._source.fetch(self._sort, len(self.rows), self.PAGE_SIZE))
        if not page:
            self._total = len(self.rows)  # rows vanished under us (a sync ran): stop asking
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, col = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.display(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip(row) if col.tooltip else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return col.color(row) if col.color else None
        if role == self.ID_ROLE:
            return row.get("id")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return QCoreApplication.translate("Columns", self.columns[section].title)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(self.columns[section].align | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].sortable:
            return
        new = Sort(self.columns[column].key, order == Qt.SortOrder.DescendingOrder)
        if new != self._sort:
            self._sort = new
            self.reload()


class QuerySource:
    """A ``RowSource`` over a ``LocalDb``: a count function and a page function of queries."""

    def __init__(self, db, count: Callable[..., int], fetch: Callable[..., Sequence[Row]], **kwargs):
        self._db, self._count, self._fetch, self._kwargs = db, count, fetch, kwargs

    def count(self) -> int:
        with self._db.session() as s:
            return self._count(s, **self._kwargs)

    def fetch(self, sort: Sort | None, offset: int, limit: int) -> Sequence[Row]:
        with self._db.session() as s:
            return self._fetch(s, sort=sort, offset=offset, limit=limit, **self._kwargs)
