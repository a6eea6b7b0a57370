"""Building blocks of the administration screens: a table model over the rows the server
sends, a table view, a message banner, and the words for admin errors.

The admin screens show server data (they work online); their tables are model/view like
every list, over rows already fetched (a few thousand at most), so sorting is done here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QToolButton,
    QWidget,
)

from sync.transport import ServerRefused, Unreachable
from ui.errors import describe_error
from ui.formatting import fmt_decimal, fmt_money

translate = QCoreApplication.translate
Index = QModelIndex | QPersistentModelIndex

OK_COLOUR, WARN_COLOUR, ERROR_COLOUR, MUTED_COLOUR = "#15803d", "#b45309", "#b91c1c", "#64748b"


@dataclass
class Col:
    """One column: ``text(row)`` gives the cell; ``sort(row)`` the sort key (default: the text)."""

    key: str
    title: str  # already translated
    text: Callable[[dict], str] | None = None
    sort: Callable[[dict], Any] | None = None
    width: int | None = None  # characters; None: stretch
    right: bool = False
    colour: Callable[[dict], str | None] | None = None
    tooltip: Callable[[dict], str | None] | None = None
    bold: Callable[[dict], bool] | None = None

    def cell(self, row: dict) -> str:
        if self.text is not None:
            return self.text(row)
        value = row.get(self.key)
        return "" if value is None else str(value)


class RowsModel(QAbstractTableModel):
    """Rows (dicts) with columns; optionally a check box in the first column."""

    checkedChanged = Signal()

    def __init__(self, columns: Sequence[Col], checkable: bool = False, parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[dict] = []
        self.checkable = checkable
        self.checked: set[int] = set()  # indexes into rows
        self.can_check: Callable[[dict], bool] = lambda _row: True

    def set_rows(self, rows: Sequence[dict], checked: set[int] | None = None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.checked = set(checked or ())
        self.endResetModel()
        self.checkedChanged.emit()

    def row(self, i: int) -> dict:
        return self.rows[i]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
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
        if role == Qt.ItemDataRole.TextAlignmentRole and col.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])
        self.checkedChanged.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        col = self.columns[column]
        key = col.sort or col.cell
        checked_rows = [id(self.rows[i]) for i in self.checked]
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=lambda r: (key(r) is None, key(r) if key(r) is not None else ""),
                       reverse=order == Qt.SortOrder.DescendingOrder)
        ids = set(checked_rows)
        self.checked = {i for i, r in enumerate(self.rows) if id(r) in ids}
        self.layoutChanged.emit()

    def export_rows(self) -> tuple[list[str], list[list[str]]]:
        """Headers and cell texts, as shown (for CSV/Excel export)."""
        return [c.title for c in self.columns], [[c.cell(r) for c in self.columns] for r in self.rows]


def table_view(model: RowsModel, *, multi: bool = False, parent: QWidget | None = None) -> QTableView:
    view = QTableView(parent, objectName="DataTable")
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    char = view.fontMetrics().averageCharWidth()
    stretched = False
    for i, col in enumerate(model.columns):
        title = view.fontMetrics().horizontalAdvance(col.title) + 36
        if col.width:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
            view.setColumnWidth(i, max(col.width * char + 16, title))
        else:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
            stretched = True
    if not stretched:
        header.setStretchLastSection(True)

    def fit() -> None:
        # Fixed columns grow to their contents (within reason), so codes, phones and statuses
        # are not cut off; the stretching columns take the rest.
        for i, col in enumerate(model.columns):
            if col.width:
                least = max(col.width * char + 16, view.fontMetrics().horizontalAdvance(col.title) + 36)
                view.resizeColumnToContents(i)
                view.setColumnWidth(i, min(max(view.columnWidth(i) + 8, least), max(least, 2 * col.width * char + 16)))

    model.modelReset.connect(fit)
    view.setSortingEnabled(True)
    header.setSortIndicatorShown(False)
    header.sectionClicked.connect(lambda _i: header.setSortIndicatorShown(True))
    return view


def selected_rows(view: QTableView) -> list[int]:
    return sorted({i.row() for i in view.selectionModel().selectedRows()})


BANNER_STYLE = {
    "info": ("#eff6ff", "#1e40af", "#bfdbfe"),
    "ok": ("#f0fdf4", "#166534", "#bbf7d0"),
    "warn": ("#fffbeb", "#92400e", "#fde68a"),
    "error": ("#fef2f2", "#991b1b", "#fecaca"),
}


class Banner(QWidget):
    """A one-line message above a screen's content: what happened, or why nothing did."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setObjectName("AdminBanner")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton(text="×", autoRaise=True)
        self.close_button.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 7, 6, 7)
        row.addWidget(self.label, 1)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        bg, fg, border = BANNER_STYLE[kind]
        self.kind = kind
        self.setStyleSheet(f"QWidget#AdminBanner {{ background: {bg}; border: 1px solid {border}; "
                           f"border-radius: 6px; }} QWidget#AdminBanner QLabel {{ color: {fg}; }}")
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""


def admin_error(exc: BaseException) -> str:
    """What to tell the admin when a call failed, in their language."""
    if isinstance(exc, Unreachable):
        return translate("Admin", "The server cannot be reached, so nothing was changed. Administration works "
                                  "online only: check the network connection and try again.")
    if isinstance(exc, ServerRefused) and exc.status in (400, 404, 409, 422) and exc.code not in (
            "client_too_old", "server_too_old"):
        return translate("Admin", "The server did not accept this: %1").replace("%1", str(exc))
    return describe_error(exc)


def money(value: Any) -> str:
    try:
        return fmt_money(Decimal(str(value))) if value not in (None, "") else ""
    except InvalidOperation:
        return str(value)


def number(value: Any, places: int = 0) -> str:
    try:
        return fmt_decimal(Decimal(str(value)), places) if value not in (None, "") else ""
    except InvalidOperation:
        return str(value)


def decimal_key(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def ask_export_path(parent: QWidget, stem: str) -> str | None:
    """Where to export a list: ``.xlsx`` or ``.csv`` by the chosen filter."""
    xlsx = translate("Admin", "Excel workbook (*.xlsx)")
    csv = translate("Admin", "CSV, UTF-8 (*.csv)")
    path, chosen = QFileDialog.getSaveFileName(parent, translate("Admin", "Export list"), f"{stem}.xlsx",
                                               f"{xlsx};;{csv}")
    if not path:
        return None
    if chosen == csv and not path.lower().endswith(".csv"):
        path += ".csv"
    elif chosen == xlsx and not path.lower().endswith((".xlsx", ".csv")):
        path += ".xlsx"
    return path


def part(value: str) -> str:
    """A code or username made safe as one segment of an API path."""
    from urllib.parse import quote

    return quote(str(value), safe="")


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)
