"""The report tables shared by the complaint report and the team KPIs, and the shared exporter
they write with."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook
from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from ui.report_table import export_buttons, report_table
from ui.support import export


def test_a_report_table_is_read_only_and_stretches_the_chosen_columns(qtbot):
    model = QStringListModel(["a", "b"])
    names_first = report_table(model, stretch_first=True, min_section_width=33)
    figures_first = report_table(model, stretch_first=False)
    for view in (names_first, figures_first):
        qtbot.addWidget(view)
        assert view.editTriggers() == view.EditTrigger.NoEditTriggers
        assert not view.showGrid() and not view.verticalHeader().isVisible()
    assert names_first.horizontalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    assert figures_first.horizontalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents
    assert names_first.horizontalHeader().minimumSectionSize() == 33


def test_export_buttons_and_their_shortcuts_ask_for_the_format(qtbot, english):
    owner = QWidget()
    qtbot.addWidget(owner)
    asked: list[str] = []
    xlsx, csv = export_buttons(owner, asked.append, xlsx_tip="Excel (Ctrl+E)", csv_tip="CSV (Ctrl+Shift+E)")
    layout = QVBoxLayout(owner)
    layout.addWidget(xlsx)
    layout.addWidget(csv)
    owner.show()
    owner.activateWindow()
    qtbot.waitUntil(owner.isActiveWindow, timeout=3000)
    assert (xlsx.text(), csv.text()) == ("Export to Excel…", "Export CSV…")
    assert xlsx.toolTip() == "Excel (Ctrl+E)"
    xlsx.click()
    csv.click()
    xlsx.setFocus()
    qtbot.keyClick(xlsx, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(xlsx, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert asked == ["xlsx", "csv", "xlsx", "csv"]


def test_frozen_columns_stay_in_view_in_excel(tmp_path):
    rows = [["rep_a", Decimal("0.36")], ["Team total", None]]
    plain = export.Sheet("Plain", ["Sales rep", "Visits / day"], ["text", "decimal"], rows)
    named = export.Sheet("Named", ["Sales rep", "Visits / day"], ["text", "decimal"], rows, frozen_columns=1)
    book = load_workbook(export.write(tmp_path / "r.xlsx", [plain, named]))
    assert book["Plain"].freeze_panes == "A2"
    assert book["Named"].freeze_panes == "B2"
    assert book["Named"]["B2"].value == 0.36 and book["Named"]["B3"].value == "—"
