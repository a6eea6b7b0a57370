"""Team KPIs (业务员效率指标): the six KPIs per rep and period, the team total, charts, coverage.

Everything is computed from this laptop's database in the background (the task runner):
the facts are read by ``local_db.kpi_facts`` and turned into KPIs by ``domain.kpi``. A
rate with nothing to divide by shows "—". The table and the charts export to Excel
(every sheet) and CSV (the KPI table).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain.kpi import Period
from local_db import kpi_facts
from local_db.kpi_facts import KpiReport
from ui.formatting import fmt_date
from ui.i18n import fill
from ui.kpi import charts
from ui.kpi.models import BASE_COLUMNS, COVERAGE_COLUMNS, KPI_COLUMNS, CoverageModel, KpiTableModel
from ui.report_table import ask_export_path, export_buttons, report_table
from ui.support import export
from ui.support.export import Sheet
from ui.support.layouts import column, heading
from ui.widgets import EmptyState, stacked

translate = QCoreApplication.translate
MONTH, QUARTER, CUSTOM = "month", "quarter", "custom"
MONTHS_BACK = 24


def _table(model) -> QTableView:
    view = report_table(model, stretch_first=False, min_section_width=70, multi=False)
    # Room for titles that wrap onto two lines (see the models' header alignment).
    view.horizontalHeader().setFixedHeight(2 * view.fontMetrics().lineSpacing() + 18)
    return view


class KpiPage(QWidget):
    """Period choice, the KPI table with the team line, charts in tabs, export."""

    computed = Signal(object)  # the KpiReport now shown

    def __init__(self, db, runner, today: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.today = today
        self.report: KpiReport | None = None
        self._generation = 0
        self._pending = False

        self.title = QLabel(self.tr("Team KPIs"), objectName="PageTitle")
        self.subtitle = QLabel(objectName="PageSubtitle", wordWrap=True)

        self.kind = QComboBox()
        self.kind.addItem(self.tr("Month"), MONTH)
        self.kind.addItem(self.tr("Quarter"), QUARTER)
        self.kind.addItem(self.tr("Custom range"), CUSTOM)
        self.kind.setToolTip(self.tr("Which kind of period to report"))
        self.month = QComboBox()
        self.quarter = QComboBox()
        self.start = self._date_edit()
        self.end = self._date_edit()
        self.start.setToolTip(self.tr("First day of the range"))
        self.end.setToolTip(self.tr("Last day of the range"))
        self.dash = QLabel("–")
        self._fill_periods()

        self.export_xlsx, self.export_csv = export_buttons(
            self,
            self.choose_export,
            xlsx_tip=self.tr("Save the KPIs, coverage and daily figures as an Excel workbook (Ctrl+E)"),
            csv_tip=self.tr("Save the KPI table as a CSV file (Ctrl+Shift+E)"),
        )
        self.busy_label = QLabel(objectName="PageSubtitle")

        top = QHBoxLayout()
        top.addLayout(heading(self.title, self.subtitle), 1)
        top.addWidget(self.export_xlsx, 0, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.export_csv, 0, Qt.AlignmentFlag.AlignBottom)

        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(QLabel(self.tr("Period")))
        for w in (self.kind, self.month, self.quarter, self.start, self.dash, self.end, self.busy_label):
            bar.addWidget(w)
        bar.addStretch(1)

        self.kpi_model = KpiTableModel(self)
        self.kpi_table = _table(self.kpi_model)
        self.kpi_table.setToolTip(self.tr("Hover a figure to see how it was computed"))
        self.coverage_model = CoverageModel(self)
        self.coverage_table = _table(self.coverage_model)

        self.visits_view = charts.chart_view()
        self.sales_view = charts.chart_view()
        self.cash_view = charts.chart_view()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.visits_view, self.tr("Visits over time"))
        self.tabs.addTab(self.sales_view, self.tr("Sales against target"))
        self.tabs.addTab(self.cash_view, self.tr("Cash collection"))
        self.tabs.addTab(self.coverage_table, self.tr("Visit coverage by territory"))
        self.no_activity = EmptyState()
        self.no_activity.set_text(
            self.tr("No activity in this period"),
            self.tr(
                "No visits, sales or payments were recorded. Choose another period, "
                "or sync to receive your team's latest work."
            ),
        )
        self.chart_stack = stacked(self.tabs, self.no_activity)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(12)
        body_layout.addWidget(self.kpi_table)
        body_layout.addWidget(self.chart_stack, 1)

        self.no_team = EmptyState()
        self.no_team.set_text(
            self.tr("No team to report on yet"),
            self.tr("Your reps and their visits, sales and targets appear here after a sync."),
        )
        self.computing = EmptyState()
        self.computing.set_text(self.tr("Computing KPIs…"))
        self.stack = stacked(body, self.no_team, self.computing)
        self.body = body

        column(self, top, bar, (self.stack, 1), margins=(24, 20, 24, 12), spacing=12)

        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.month.currentIndexChanged.connect(lambda _i: self.reload())
        self.quarter.currentIndexChanged.connect(lambda _i: self.reload())
        self.start.dateChanged.connect(lambda _d: self.reload())
        self.end.dateChanged.connect(lambda _d: self.reload())
        self._kind_changed(compute=False)
        self.stack.setCurrentWidget(self.computing)
        self._set_exportable(False)

    # -- the period --------------------------------------------------------------------------

    def _today(self) -> date:
        return self.today or date.today()

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _fill_periods(self) -> None:
        today = self._today()
        y, m = today.year, today.month
        for _ in range(MONTHS_BACK):
            # %3: the month without its leading zero, for languages that write it so (3月)
            self.month.addItem(fill(self.tr("%1-%2"), y, f"{m:02d}", m), (y, m))
            y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        y, q = today.year, (today.month - 1) // 3 + 1
        for _ in range(MONTHS_BACK // 3):
            self.quarter.addItem(fill(self.tr("%1 Q%2"), y, q), (y, q))
            y, q = (y - 1, 4) if q == 1 else (y, q - 1)
        self.start.setDate(QDate(today.year, today.month, 1))
        self.end.setDate(QDate(today.year, today.month, today.day))

    def _kind_changed(self, compute: bool = True) -> None:
        kind = self.kind.currentData()
        self.month.setVisible(kind == MONTH)
        self.quarter.setVisible(kind == QUARTER)
        for w in (self.start, self.dash, self.end):
            w.setVisible(kind == CUSTOM)
        if compute:
            self.reload()

    def period(self) -> Period | None:
        """The chosen period; None for a custom range that ends before it starts."""
        kind = self.kind.currentData()
        if kind == MONTH:
            return Period.month(*self.month.currentData())
        if kind == QUARTER:
            return Period.quarter(*self.quarter.currentData())
        s, e = self.start.date(), self.end.date()
        first, last = date(s.year(), s.month(), s.day()), date(e.year(), e.month(), e.day())
        return Period(first, last) if first <= last else None

    def set_custom(self, start: date, end: date) -> None:
        for w in (self.start, self.end, self.kind):
            w.blockSignals(True)
        self.kind.setCurrentIndex(self.kind.findData(CUSTOM))
        self.start.setDate(QDate(start.year, start.month, start.day))
        self.end.setDate(QDate(end.year, end.month, end.day))
        for w in (self.start, self.end, self.kind):
            w.blockSignals(False)
        self._kind_changed()

    # -- computing ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Recompute in the background for the chosen period (after a sync or a change)."""
        period = self.period()
        if period is None:
            self.subtitle.setText(self.tr("The range ends before it starts."))
            return
        self._generation += 1
        generation = self._generation
        db = self.db
        self.busy_label.setText(self.tr("Computing…"))
        if self.report is None:
            self.stack.setCurrentWidget(self.computing)

        today = self._today()

        def job(_ctx=None) -> tuple[KpiReport, bool]:
            return kpi_facts.own_kpi_report(db, period, today=today)

        def done(result) -> None:
            if generation == self._generation:
                self._show(*result)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.busy_label.setText(fill(self.tr("Could not compute the KPIs: %1"), exc))

        self.runner.submit(job, name="kpis", on_result=done, on_error=failed)

    def _show(self, report: KpiReport, has_team: bool) -> None:
        self.report = report
        self.busy_label.setText("")
        p = report.period
        if report.counted is None:  # a period still to come: nothing to count yet
            text = fill(
                self.tr("%1 – %2 · not started yet · %3 working days · %n rep(s)", None, len(report.lines)),
                fmt_date(p.start),
                fmt_date(p.end),
                p.working_days(),
            )
        elif report.in_progress:  # figures to date: per working day means per day elapsed
            elapsed = report.counted.working_days() if report.counted is not None else 0
            text = fill(
                self.tr("%1 – %2 · to date: %3 of %4 working days · %n rep(s)", None, len(report.lines)),
                fmt_date(p.start),
                fmt_date(p.end),
                elapsed,
                p.working_days(),
            )
        else:
            text = fill(
                self.tr("%1 – %2 · %3 working days · %n rep(s)", None, len(report.lines)),
                fmt_date(p.start),
                fmt_date(p.end),
                p.working_days(),
            )
        self.subtitle.setText(text)
        if not has_team:
            self.stack.setCurrentWidget(self.no_team)
            self._set_exportable(False)
            self.computed.emit(report)
            return
        self.kpi_model.set_report(report)
        self.coverage_model.set_report(report)
        rows = self.kpi_model.rowCount()
        height = (
            self.kpi_table.horizontalHeader().height()
            + rows * self.kpi_table.verticalHeader().defaultSectionSize()
            + 4
        )
        self.kpi_table.setFixedHeight(min(height, 320))
        self.visits_view.setChart(charts.visits_chart(report))
        self.sales_view.setChart(charts.sales_target_chart(report))
        self.cash_view.setChart(charts.cash_chart(report))
        if report.counted is None:
            self.no_activity.set_text(
                self.tr("This period has not started yet"),
                self.tr("Its figures appear here as the team's visits, sales and payments come in."),
            )
        else:
            self.no_activity.set_text(
                self.tr("No activity in this period"),
                self.tr(
                    "No visits, sales or payments were recorded. Choose another period, "
                    "or sync to receive your team's latest work."
                ),
            )
        self.chart_stack.setCurrentWidget(self.no_activity if report.empty else self.tabs)
        self.stack.setCurrentWidget(self.body)
        self._set_exportable(True)
        self.computed.emit(report)

    def _set_exportable(self, on: bool) -> None:
        self.export_xlsx.setEnabled(on)
        self.export_csv.setEnabled(on)

    # -- export ------------------------------------------------------------------------------

    def sheets(self) -> list[Sheet]:
        """The report as sheets: KPIs (with their sums), coverage, figures by day."""
        report = self.report
        assert report is not None
        cols = list(KPI_COLUMNS) + list(BASE_COLUMNS)
        lines = [*report.lines, report.team]
        kpis = Sheet(
            self.tr("KPIs"),
            [translate("Kpi", c.title) for c in cols],
            [c.kind for c in cols],
            [[c.value(line) for c in cols] for line in lines],
            frozen_columns=1,
        )
        coverage = Sheet(
            self.tr("Coverage"),
            [translate("Kpi", c.title) for c in COVERAGE_COLUMNS],
            [c.kind for c in COVERAGE_COLUMNS],
            [[c.value(line) for c in COVERAGE_COLUMNS] for line in report.coverage],
            frozen_columns=1,
        )
        daily_headers = (
            [self.tr("Date")]
            + [line.rep.name for line in report.lines]
            + [self.tr("Sales"), self.tr("Cash collected")]
        )
        daily_rows = []
        for i, day in enumerate(report.days):
            daily_rows.append(
                [day]
                + [report.visits_per_day[line.rep.id][i] for line in report.lines]
                + [report.sales_per_day[i], report.cash_per_day[i]]
            )
        daily = Sheet(
            self.tr("By day"),
            daily_headers,
            ["date"] + ["int"] * len(report.lines) + ["money", "money"],
            daily_rows,
            frozen_columns=1,
        )
        return [kpis, coverage, daily]

    def default_file_name(self, fmt: str) -> str:
        p = self.report.period if self.report else self.period()
        return f"kpi-{p.start.isoformat()}-{p.end.isoformat()}.{fmt}" if p else f"kpi.{fmt}"

    def choose_export(self, fmt: str) -> None:
        if self.report is None or not self.export_xlsx.isEnabled():
            return
        path = ask_export_path(self, self.tr("Export KPIs"), self.default_file_name(fmt), fmt)
        if path:
            self.export_to(path, fmt)

    def export_to(self, path: Path, fmt: str, on_done=None) -> None:
        """Write the shown report to ``path`` (``xlsx``: every sheet; ``csv``: the KPI table)
        in the background, with the shared exporter (``ui.support.export``)."""
        sheets = self.sheets()
        chosen = sheets if fmt == "xlsx" else sheets[0]
        path = export.with_suffix(path, fmt)

        def done(written: Path) -> None:
            self.busy_label.setText(fill(self.tr("Saved %1"), written.name))
            if on_done:
                on_done(written)

        def failed(exc: BaseException) -> None:
            self.busy_label.setText(fill(self.tr("Could not save the file: %1"), exc))

        self.busy_label.setText(self.tr("Saving…"))
        export.export_in_background(
            self.runner, path, chosen, on_result=done, on_error=failed, name="kpi-export"
        )
