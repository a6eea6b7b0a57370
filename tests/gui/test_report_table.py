"""The report tables shared by the complaint report and the team KPIs, and the shared exporter
they write with."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from ui.report_table import export_buttons, report_table
from ui.support import export
from ui.support.tasks import TaskRunner


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
    qtbot.keyClick(
        xlsx, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert asked == ["xlsx", "csv", "xlsx", "csv"]


def test_frozen_columns_stay_in_view_in_excel(tmp_path):
    rows = [["rep_a", Decimal("0.36")], ["Team total", None]]
    plain = export.Sheet("Plain", ["Sales rep", "Visits / day"], ["text", "decimal"], rows)
    named = export.Sheet("Named", ["Sales rep", "Visits / day"], ["text", "decimal"], rows, frozen_columns=1)
    book = load_workbook(export.write(tmp_path / "r.xlsx", [plain, named]))
    assert book["Plain"].freeze_panes == "A2"
    assert book["Named"].freeze_panes == "B2"
    assert book["Named"]["B2"].value == 0.36 and book["Named"]["B3"].value == "—"


FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]


def _cells(path):
    """(value, is text) of every cell, header row included, as a spreadsheet would see it."""
    if path.suffix == ".xlsx":
        sheet = load_workbook(path).active
        return [(c.value, c.data_type == "s") for row in sheet.iter_rows() for c in row]
    import csv

    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [(v, not v.startswith(tuple(f[0] for f in FORMULAS))) for row in csv.reader(fh) for v in row]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("entry", ["write_table", "export_in_background"])
def test_every_export_writes_formula_like_text_as_text(qtbot, tmp_path, suffix, entry):
    """An admin list (write_table) and a report (export_in_background) both go through the
    one exporter: a cell a spreadsheet would run (=, +, -, @, tab, CR) stays text."""
    path = tmp_path / f"list{suffix}"
    headers, rows = ["=HEAD", "Name"], [[f, "plain"] for f in FORMULAS]
    if entry == "write_table":
        export.write_table(path, headers, rows)
    else:
        runner = TaskRunner()
        done: list = []
        export.export_in_background(
            runner, path, export.Sheet("List", headers, rows=rows), on_result=done.append
        )
        qtbot.waitUntil(lambda: bool(done), timeout=10_000)
        assert runner.shutdown()
    cells = _cells(path)
    assert len(cells) == 2 * (1 + len(FORMULAS))
    assert all(is_text for _value, is_text in cells)
    if suffix == ".csv":
        assert [v for v, _t in cells[2::2]] == ["'" + f for f in FORMULAS]
