"""Building blocks of the administration screens: the list view over the rows the server
sends (``ui.tables``), a message banner, export paths, cell formats (admin errors are
worded in ``ui.errors.admin_error``).

The admin screens show server data (they work online); their tables are model/view like
every list, over rows already fetched (a few thousand at most), so sorting is done here.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QTableView,
    QWidget,
)

from ui.banner import Banner
from ui.formatting import fmt_decimal, fmt_money
from ui.tables import RowsModel, list_view

translate = QCoreApplication.translate
Index = QModelIndex | QPersistentModelIndex

OK_COLOUR, WARN_COLOUR, ERROR_COLOUR, MUTED_COLOUR = "#15803d", "#b45309", "#b91c1c", "#64748b"


def table_view(model: RowsModel, *, multi: bool = False, parent: QWidget | None = None) -> QTableView:
    view = list_view(model, multi=multi, row_padding=12, parent=parent)
    header = view.horizontalHeader()
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
                view.setColumnWidth(
                    i, min(max(view.columnWidth(i) + 8, least), max(least, 2 * col.width * char + 16))
                )

    model.modelReset.connect(fit)
    view.setSortingEnabled(True)
    header.setSortIndicatorShown(False)
    header.sectionClicked.connect(lambda _i: header.setSortIndicatorShown(True))
    return view


def selected_rows(view: QTableView) -> list[int]:
    return sorted({i.row() for i in view.selectionModel().selectedRows()})


def admin_banner(parent: QWidget | None = None) -> Banner:
    """An administration screen's result line (``ui.banner.Banner``): hidden until
    ``show_message``, closable, its text selectable (an admin copies an error to IT)."""
    banner = Banner("info", parent, closable=True, selectable=True)
    banner.hide()
    return banner


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
    path, chosen = QFileDialog.getSaveFileName(
        parent, translate("Admin", "Export list"), f"{stem}.xlsx", f"{xlsx};;{csv}"
    )
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
