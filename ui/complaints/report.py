"""The complaint report (docs/DOMAIN.md, Complaints): received, open, resolved, average handling time, SLA
breach rate and average satisfaction — in total, by category and by rep — for a period,
with export to Excel and CSV.

The figures come from ``domain.complaints.complaint_report`` over the local replica (a
rep's customers, a supervisor's region, an admin's everything), computed on the task
runner; a rate whose denominator is zero shows "—".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.complaints import ComplaintStats
from domain.enums import ComplaintCategory
from domain.period import Period
from local_db import complaints as cx
from ui.complaints.texts import DASH, hours_text, rate_text, score_text
from ui.formatting import fmt_date, fmt_int
from ui.labels import label
from ui.report_table import ask_export_path, export_buttons, report_table
from ui.support import export
from ui.support.layouts import column, row
from ui.tables import Col, RowsModel

_Index = QModelIndex | QPersistentModelIndex
THIS_MONTH, LAST_MONTH, THIS_QUARTER, LAST_QUARTER, THIS_YEAR, LAST_YEAR = (
    "this_month",
    "last_month",
    "this_quarter",
    "last_quarter",
    "this_year",
    "last_year",
)


def period_for(key: str, today: date) -> Period:
    quarter = (today.month - 1) // 3 + 1
    if key == LAST_MONTH:
        first = today.replace(day=1) - timedelta(days=1)
        return Period.month(first.year, first.month)
    if key == THIS_QUARTER:
        return Period.quarter(today.year, quarter)
    if key == LAST_QUARTER:
        return Period.quarter(today.year - 1, 4) if quarter == 1 else Period.quarter(today.year, quarter - 1)
    if key == THIS_YEAR:
        return Period.year(today.year)
    if key == LAST_YEAR:
        return Period.year(today.year - 1)
    return Period.month(today.year, today.month)


def _figures_model(headers: Sequence[str], parent) -> RowsModel:
    """A breakdown: a name, then figures (right-aligned); rows are lists of cell texts."""
    return RowsModel([Col(i, title, right=i > 0) for i, title in enumerate(headers)], parent=parent)


class Tile(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent, objectName="ReportTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel(DASH)
        self.value.setStyleSheet("font-size: 22px; font-weight: 600;")
        self.caption = QLabel(caption, objectName="PageSubtitle", wordWrap=True)
        col = QVBoxLayout(self)
        col.setContentsMargins(14, 10, 14, 10)
        col.addWidget(self.value)
        col.addWidget(self.caption)


def _table(model: RowsModel) -> QTableView:
    view = report_table(model, stretch_first=True, alternating=True)
    view.horizontalHeader().setMinimumSectionSize(
        view.fontMetrics().averageCharWidth() * 12
    )  # room between figures
    return view


class ReportView(QWidget):
    """Period choice, six figures, the breakdowns by category and by rep, export."""

    computed = Signal()  # a report arrived (tests and screenshots wait for it)
    exported = Signal(str)  # the path written

    def __init__(self, db, runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.data: cx.ReportData | None = None
        self._request = 0

        self.period = QComboBox()
        for key, text in (
            (THIS_MONTH, self.tr("This month")),
            (LAST_MONTH, self.tr("Last month")),
            (THIS_QUARTER, self.tr("This quarter")),
            (LAST_QUARTER, self.tr("Last quarter")),
            (THIS_YEAR, self.tr("This year")),
            (LAST_YEAR, self.tr("Last year")),
        ):
            self.period.addItem(text, key)
        self.period.setToolTip(self.tr("The period the report covers"))
        self.period.currentIndexChanged.connect(self.refresh)
        self.range_label = QLabel(objectName="PageSubtitle")
        self.status = QLabel(objectName="PageSubtitle")
        self.export_xlsx, self.export_csv = export_buttons(
            self,
            self.choose_export,
            xlsx_tip=self.tr("Save the report as an Excel workbook (Ctrl+E)"),
            csv_tip=self.tr("Save the report as a CSV file (Ctrl+Shift+E)"),
        )

        top = row(self.period, 8, self.range_label, None, self.status, self.export_xlsx, self.export_csv)

        self.tiles = {
            "received": Tile(self.tr("Received")),
            "open": Tile(self.tr("Open at the end")),
            "resolved": Tile(self.tr("Resolved")),
            "handling": Tile(self.tr("Average handling time")),
            "breach": Tile(self.tr("SLA breach rate")),
            "satisfaction": Tile(self.tr("Average satisfaction (1–5)")),
        }
        tiles = QGridLayout()
        tiles.setSpacing(10)
        for i, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, 0, i)

        figures = self.figure_headers()
        self.by_category = _figures_model([self.tr("Category"), *figures], self)
        self.by_rep = _figures_model([self.tr("Owner"), *figures], self)
        self.category_table = _table(self.by_category)
        self.rep_table = _table(self.by_rep)
        self.empty = QLabel(objectName="EmptyDetail")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        column(
            self,
            top,
            tiles,
            self.empty,
            QLabel(self.tr("By category"), objectName="EmptyTitle"),
            (self.category_table, 2),
            QLabel(self.tr("By owner"), objectName="EmptyTitle"),
            (self.rep_table, 3),
            margins=(0, 10, 0, 0),
            spacing=10,
        )
        self._set_exportable(False)

    def figure_headers(self) -> list[str]:
        return [
            self.tr("Received"),
            self.tr("Open"),
            self.tr("Resolved"),
            self.tr("Avg. handling time"),
            self.tr("SLA breach rate"),
            self.tr("Avg. satisfaction"),
        ]

    # -- computing --------------------------------------------------------------------------------

    def current_period(self, today: date | None = None) -> Period:
        return period_for(self.period.currentData(), today or datetime.now().date())

    def refresh(self) -> None:
        """Recompute the report for the chosen period in the background."""
        period = self.current_period()
        self.range_label.setText(
            self.tr("%1 – %2").replace("%1", fmt_date(period.start)).replace("%2", fmt_date(period.end))
        )
        self.status.setText(self.tr("Computing…"))
        self._request += 1
        token = self._request
        db = self.db

        def job(_ctx) -> cx.ReportData:
            with db.session() as s:
                return cx.build_report(s, period)

        def arrived(data: cx.ReportData) -> None:
            if token == self._request:  # else a newer request is on its way
                self._show(data)

        def failed(exc: BaseException) -> None:
            if token == self._request:
                self.status.setText(self.tr("The report could not be computed: %1").replace("%1", str(exc)))

        self.runner.submit(job, name="complaint-report", on_result=arrived, on_error=failed)

    def _show(self, data: cx.ReportData) -> None:
        self.data = data
        r = data.report
        self.tiles["received"].value.setText(fmt_int(r.received))
        self.tiles["open"].value.setText(fmt_int(r.open))
        self.tiles["resolved"].value.setText(fmt_int(r.resolved))
        self.tiles["handling"].value.setText(hours_text(r.average_handling_time))
        self.tiles["breach"].value.setText(rate_text(r.sla_breach_rate))
        self.tiles["satisfaction"].value.setText(score_text(r.average_satisfaction))
        self.by_category.set_rows(
            [
                [label(ComplaintCategory, k), *self._cells(v)]
                for k, v in self._sorted_categories(r.by_category)
            ]
        )
        self.by_rep.set_rows(
            [
                [data.names.get(k) or DASH, *self._cells(v)]
                for k, v in sorted(r.by_rep.items(), key=lambda kv: data.names.get(kv[0]) or "")
            ]
        )
        nothing = not (r.received or r.open or r.resolved)
        self.empty.setText(self.tr("No complaints in this period.") if nothing else "")
        self.empty.setVisible(nothing)
        self.status.setText("")
        self._set_exportable(True)
        self.computed.emit()

    @staticmethod
    def _sorted_categories(by: dict) -> list:
        order = {c.value: i for i, c in enumerate(ComplaintCategory)}
        return sorted(by.items(), key=lambda kv: order.get(kv[0], 99))

    @staticmethod
    def _cells(s: ComplaintStats) -> list[str]:
        return [
            fmt_int(s.received),
            fmt_int(s.open),
            fmt_int(s.resolved),
            hours_text(s.average_handling_time),
            rate_text(s.sla_breach_rate),
            score_text(s.average_satisfaction),
        ]

    # -- export -----------------------------------------------------------------------------------

    def _set_exportable(self, on: bool) -> None:
        self.export_xlsx.setEnabled(on)
        self.export_csv.setEnabled(on)

    @staticmethod
    def _hours(value: timedelta | None) -> Decimal | None:
        return None if value is None else Decimal(value // timedelta(seconds=1)) / Decimal(3600)

    def _figures(self, s: ComplaintStats) -> list:
        return [
            s.received,
            s.open,
            s.resolved,
            self._hours(s.average_handling_time),
            s.sla_breach_rate,
            s.average_satisfaction,
        ]

    def sheets(self) -> list[export.Sheet]:
        """The report as sheets: the totals, by category, by owner (numbers stay numbers)."""
        data = self.data
        assert data is not None
        r = data.report
        headers = [
            self.tr("Received"),
            self.tr("Open"),
            self.tr("Resolved"),
            self.tr("Avg. handling time (h)"),
            self.tr("SLA breach rate"),
            self.tr("Avg. satisfaction"),
        ]
        kinds = ["int", "int", "int", "hours", "rate", "decimal"]
        period = (
            self.tr("%1 – %2")
            .replace("%1", data.period.start.isoformat())
            .replace("%2", data.period.end.isoformat())
        )
        total = export.Sheet(
            self.tr("Complaints"),
            [self.tr("Period"), *headers],
            ["text", *kinds],
            [[period, *self._figures(r)]],
        )
        by_category = export.Sheet(
            self.tr("By category"),
            [self.tr("Category"), *headers],
            ["text", *kinds],
            [
                [label(ComplaintCategory, k), *self._figures(v)]
                for k, v in self._sorted_categories(r.by_category)
            ],
        )
        by_rep = export.Sheet(
            self.tr("By owner"),
            [self.tr("Owner"), *headers],
            ["text", *kinds],
            [
                [data.names.get(k) or k, *self._figures(v)]
                for k, v in sorted(r.by_rep.items(), key=lambda kv: data.names.get(kv[0]) or "")
            ],
        )
        return [total, by_category, by_rep]

    def default_file_name(self, fmt: str) -> str:
        p = self.data.period if self.data else self.current_period()
        return f"complaints-{p.start.isoformat()}-{p.end.isoformat()}.{fmt}"

    def choose_export(self, fmt: str) -> None:
        if self.data is None or not self.export_xlsx.isEnabled():
            return
        path = ask_export_path(self, self.tr("Export the complaint report"), self.default_file_name(fmt), fmt)
        if path:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        """Write the shown report to ``path`` (.xlsx or .csv) on the task runner."""
        sheets = self.sheets()
        self.status.setText(self.tr("Saving…"))

        def done(written: Path) -> None:
            self.status.setText(self.tr("Saved %1").replace("%1", Path(written).name))
            self.exported.emit(str(written))

        def failed(exc: BaseException) -> None:
            self.status.setText(self.tr("Could not save the file: %1").replace("%1", str(exc)))

        export.export_in_background(
            self.runner, path, sheets, on_result=done, on_error=failed, name="complaint-report-export"
        )
