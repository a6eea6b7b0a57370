"""The dashboard's charts (QtCharts), built from a computed :class:`KpiReport`.

* visits per day — completed visits, stacked by rep (per week or month for long periods);
* sales against target — per rep, side by side;
* cash collection over time — cumulative sales and cash collected through the period.

Money axes count in 万元 (10,000) for Chinese readers and in thousands otherwise, so the
labels stay short.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QDateTimeAxis,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from local_db.kpi_facts import KpiReport

translate = QCoreApplication.translate

PALETTE = (
    "#2563eb",
    "#f59e0b",
    "#10b981",
    "#ef4444",
    "#8b5cf6",
    "#06b6d4",
    "#ec4899",
    "#84cc16",
    "#64748b",
    "#f97316",
    "#14b8a6",
    "#a855f7",
)
SALES_COLOR, TARGET_COLOR, CASH_COLOR = "#2563eb", "#cbd5e1", "#16a34a"


def money_unit() -> tuple[Decimal, str]:
    """(divisor, axis title) for money axes in the current language."""
    if QLocale().language() == QLocale.Language.Chinese:
        return Decimal(10000), translate("Kpi", "Amount (¥10,000)")
    return Decimal(1000), translate("Kpi", "Amount (¥ thousand)")


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setPointSizeF(max(font.pointSizeF(), 10.5))
    font.setWeight(QFont.Weight.DemiBold)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(6, 6, 6, 6))
    chart.setBackgroundRoundness(0)
    return chart


def _value_axis(title: str, top: float, integer: bool = False) -> QValueAxis:
    axis = QValueAxis()
    axis.setTitleText(title)
    axis.setRange(0, max(top, 5 if integer else 1) * 1.05)
    axis.applyNiceNumbers()  # round steps (0, 20, 40, 60…) just above the largest value
    axis.setLabelFormat("%d" if integer or axis.max() >= 10 else "%.1f")
    axis.setGridLineColor(QColor("#e2e8f0"))
    return axis


def buckets(days: Sequence[date]) -> tuple[list[str], list[int]]:
    """Bar categories for a period: days up to a month, weeks up to ~6 months, else months.

    Returns the labels and, for each date, the index of its bucket.
    """
    if not days:
        return [], []
    if len(days) <= 31:
        return [str(d.day) for d in days], list(range(len(days)))
    labels: list[str] = []
    index: list[int] = []
    if len(days) <= 190:
        key = None
        for d in days:
            week = d - timedelta(days=d.weekday())
            if week != key:
                key = week
                start = max(week, days[0])
                labels.append(f"{start.month}/{start.day}")
            index.append(len(labels) - 1)
        return labels, index
    key = None
    for d in days:
        if (d.year, d.month) != key:
            key = (d.year, d.month)
            labels.append(f"{d.year}-{d.month:02d}")
        index.append(len(labels) - 1)
    return labels, index


def visits_chart(report: KpiReport) -> QChart:
    labels, index = buckets(report.days)
    if len(report.days) <= 31:
        title = translate("Kpi", "Completed visits per day")
    elif len(report.days) <= 190:
        title = translate("Kpi", "Completed visits per week")
    else:
        title = translate("Kpi", "Completed visits per month")
    chart = _chart(title)
    series = QStackedBarSeries()
    totals = [0] * len(labels)
    for n, line in enumerate(report.lines):
        counts = [0] * len(labels)
        for i, value in enumerate(report.visits_per_day.get(line.rep.id, [])):
            counts[index[i]] += value
        bar = QBarSet(line.rep.name)
        bar.setColor(QColor(PALETTE[n % len(PALETTE)]))
        bar.setBorderColor(QColor(PALETTE[n % len(PALETTE)]))
        bar.append([float(c) for c in counts])
        series.append(bar)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    series.setBarWidth(0.7)
    chart.addSeries(series)
    x = QBarCategoryAxis()
    x.append(labels)
    if len(labels) > 20:
        font = QFont(x.labelsFont())
        font.setPointSizeF(font.pointSizeF() * 0.85)
        x.setLabelsFont(font)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(x)
    y = _value_axis(translate("Kpi", "Visits"), max(totals, default=0), integer=True)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(y)
    return chart


def sales_target_chart(report: KpiReport) -> QChart:
    divisor, unit = money_unit()
    chart = _chart(translate("Kpi", "Sales against target"))
    series = QBarSeries()
    sales = QBarSet(translate("Kpi", "Sales"))
    sales.setColor(QColor(SALES_COLOR))
    sales.setBorderColor(QColor(SALES_COLOR))
    target = QBarSet(translate("Kpi", "Target"))
    target.setColor(QColor(TARGET_COLOR))
    target.setBorderColor(QColor("#94a3b8"))
    top = 0.0
    for line in report.lines:
        s = float(line.base.sales / divisor)
        t = float((line.base.target or 0) / divisor)
        sales.append(s)
        target.append(t)
        top = max(top, s, t)
    series.append(sales)
    series.append(target)
    series.setBarWidth(0.75)
    chart.addSeries(series)
    x = QBarCategoryAxis()
    x.append([line.rep.name for line in report.lines])
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(x)
    y = _value_axis(unit, top)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(y)
    return chart


def _ms(day: date) -> float:
    return float(datetime.combine(day, time(12)).timestamp() * 1000)


def cash_chart(report: KpiReport) -> QChart:
    divisor, unit = money_unit()
    chart = _chart(translate("Kpi", "Cash collection over time (cumulative)"))
    sales = QLineSeries()
    sales.setName(translate("Kpi", "Sales"))
    cash = QLineSeries()
    cash.setName(translate("Kpi", "Cash collected"))
    total_sales = total_cash = Decimal(0)
    for day, s, c in zip(report.days, report.sales_per_day, report.cash_per_day, strict=True):
        total_sales += s
        total_cash += c
        sales.append(_ms(day), float(total_sales / divisor))
        cash.append(_ms(day), float(total_cash / divisor))
    for series, color in ((sales, SALES_COLOR), (cash, CASH_COLOR)):
        pen = QPen(QColor(color))
        pen.setWidthF(2.5)
        series.setPen(pen)
        chart.addSeries(series)
    x = QDateTimeAxis()
    x.setFormat("M/d")
    x.setTickCount(min(8, max(2, len(report.days))))
    x.setGridLineColor(QColor("#e2e8f0"))
    if report.days:
        first = datetime.combine(report.days[0], time(12))
        last = datetime.combine(report.days[-1], time(12))
        x.setRange(first, last if last > first else first + timedelta(days=1))
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    y = _value_axis(unit, float(max(total_sales, total_cash) / divisor))
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    for series in (sales, cash):
        series.attachAxis(x)
        series.attachAxis(y)
    return chart


def chart_view(parent: QWidget | None = None):
    from PySide6.QtCharts import QChartView

    view = QChartView(parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    return view
