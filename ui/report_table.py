"""Report tables: the read-only view of a report's figures and its Excel/CSV export controls.

Shared by the complaint report (``ui.complaints.report``) and the team KPIs
(``ui.kpi.page``): both show small, already computed tables and export them with
``ui.support.export`` — Excel with Ctrl+E, CSV with Ctrl+Shift+E.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QHeaderView, QPushButton, QTableView, QWidget

from ui.support import export
from ui.tables import list_view

translate = QCoreApplication.translate
XLSX, CSV = "xlsx", "csv"
_SHORTCUTS = ((XLSX, "Ctrl+E"), (CSV, "Ctrl+Shift+E"))


def report_table(
    model: QAbstractItemModel,
    *,
    stretch_first: bool,
    min_section_width: int | None = None,
    multi: bool = True,
    alternating: bool = False,
) -> QTableView:
    """A read-only table of figures (``ui.tables.list_view``), its columns sized for figures.

    ``stretch_first``: the first column (the names) takes the room left and the figures
    fit their contents; otherwise the figures share the room and the first column fits.
    """
    view = list_view(model, multi=multi, row_padding=12, alternating=alternating)
    header = view.horizontalHeader()
    first, rest = QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.ResizeToContents
    if not stretch_first:
        first, rest = rest, first
    header.setSectionResizeMode(rest)
    header.setSectionResizeMode(0, first)
    if min_section_width is not None:
        header.setMinimumSectionSize(min_section_width)
    return view


def export_buttons(
    owner: QWidget, choose_export: Callable[[str], None], *, xlsx_tip: str, csv_tip: str
) -> tuple[QPushButton, QPushButton]:
    """The "Export to Excel…" and "Export CSV…" buttons, and their shortcuts on ``owner``
    (Ctrl+E, Ctrl+Shift+E, active while the focus is inside it). Both call
    ``choose_export("xlsx" | "csv")``; the tooltips say what each writes and its shortcut."""
    xlsx = QPushButton(translate("ReportTable", "Export to Excel…"))
    xlsx.setToolTip(xlsx_tip)
    csv = QPushButton(translate("ReportTable", "Export CSV…"))
    csv.setToolTip(csv_tip)
    xlsx.clicked.connect(lambda: choose_export(XLSX))
    csv.clicked.connect(lambda: choose_export(CSV))
    for fmt, keys in _SHORTCUTS:
        act = QAction(owner)
        act.setShortcut(QKeySequence(keys))
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.triggered.connect(lambda _checked=False, f=fmt: choose_export(f))
        owner.addAction(act)
    return xlsx, csv


def ask_export_path(parent: QWidget, caption: str, file_name: str, fmt: str) -> Path | None:
    """Ask where to save (starting at ``file_name`` in the home folder); the chosen path
    ends in ``.fmt``. None when the user cancels."""
    if fmt == XLSX:
        filters = translate("ReportTable", "Excel workbook (*.xlsx)")
    else:
        filters = translate("ReportTable", "CSV file (*.csv)")
    path, _ = QFileDialog.getSaveFileName(parent, caption, str(Path.home() / file_name), filters)
    return export.with_suffix(path, fmt) if path else None
