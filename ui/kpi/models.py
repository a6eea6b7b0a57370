"""Table models of the KPI dashboard: the six KPIs per rep with the team line, and visit
coverage per territory. Both are small (one row per rep or territory), computed in the
background, and handed over whole."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from local_db.kpi_facts import KpiReport, RepLine
from ui.formatting import fmt_decimal, fmt_int, fmt_money
from ui.i18n import fill
from ui.tables import ItemsModel

translate = QCoreApplication.translate
DASH = "—"  # a rate with nothing to divide by (docs/DOMAIN.md): never 0, never an error


def fmt_rate(value: Decimal | None) -> str:
    """0.8533 → "85.3%"; None → "—"."""
    return DASH if value is None else fmt_decimal(Decimal(value) * 100, 1) + "%"


def fmt_opt_money(value: Decimal | None) -> str:
    return DASH if value is None else fmt_money(value)


def fmt_opt_decimal(value: Decimal | None) -> str:
    return DASH if value is None else fmt_decimal(value, 2)


@dataclass(frozen=True)
class Col:
    title: str  # source text in context "Kpi"
    kind: str  # for export: text, int, decimal, money, rate
    value: Callable[[Any], Any]  # raw value (export)
    text: Callable[[Any], str]  # shown
    tip: str = ""  # definition (header tooltip), context "Kpi"
    cell_tip: Callable[[Any], str] | None = None
    numeric: bool = True


def _rep_name(line: RepLine) -> str:
    return line.rep.name if line.rep else translate("Kpi", "Team total")


def _visits_tip(line: RepLine) -> str:
    b = line.base
    if line.to_date:
        text = translate("Kpi", "%1 completed visits ÷ %2 working days so far")
    else:
        text = translate("Kpi", "%1 completed visits ÷ %2 working days")
    return fill(text, fmt_int(b.completed_visits), fmt_int(b.working_days))


def _over_100(rate: Decimal | None) -> bool:
    return rate is not None and rate > 1


def _per_customer_tip(text: str, money: Callable[[Any], Decimal], customers: Callable[[Any], Any]):
    """A cell's tip: ``text`` (context "Kpi") with %1 the line's ``money`` and %2 how many ``customers``."""

    def tip(line: RepLine) -> str:
        return fill(translate("Kpi", text), fmt_money(money(line.base)), fmt_int(len(customers(line.base))))

    return tip


def _collection_tip(
    text: str, collected: Callable[[Any], Decimal], due: Callable[[Any], Decimal], rate, over: str
):
    """A cell's tip: ``text`` (context "Kpi") with %1 the line's ``collected``, %2 what it is a rate of;
    below it ``over`` when the line's ``rate`` is above 100 %."""

    def tip(line: RepLine) -> str:
        said = fill(translate("Kpi", text), fmt_money(collected(line.base)), fmt_money(due(line.base)))
        return said + "\n" + translate("Kpi", over) if _over_100(rate(line.kpis)) else said

    return tip


_deal_tip = _per_customer_tip(
    QT_TRANSLATE_NOOP("Kpi", "%1 sales ÷ %2 customers with a sale"),
    lambda b: b.sales,
    lambda b: b.customers_with_sale,
)
_cost_tip = _per_customer_tip(
    QT_TRANSLATE_NOOP("Kpi", "%1 visit costs ÷ %2 customers visited"),
    lambda b: b.visit_cost,
    lambda b: b.customers_visited,
)
_cash_tip = _collection_tip(
    QT_TRANSLATE_NOOP("Kpi", "%1 collected ÷ %2 sales"),
    lambda b: b.cash_collected,
    lambda b: b.sales,
    lambda k: k.cash_collection_rate,
    QT_TRANSLATE_NOOP(
        "Kpi", "Over 100 %: the cash collected includes payments for sales made before this period."
    ),
)
_recv_tip = _collection_tip(
    QT_TRANSLATE_NOOP("Kpi", "%1 collected on receivables ÷ %2 falling due"),
    lambda b: b.receivables_collected,
    lambda b: b.receivables_due,
    lambda k: k.receivables_collection_rate,
    QT_TRANSLATE_NOOP(
        "Kpi", "Over 100 %: receivables that fell due before this period were collected in it too."
    ),
)


def _target_tip(line: RepLine) -> str:
    b = line.base
    if b.target is None:
        return translate("Kpi", "No sales target was set for this period")
    return fill(translate("Kpi", "%1 sales ÷ %2 target"), fmt_money(b.sales), fmt_money(b.target))


KPI_COLUMNS: tuple[Col, ...] = (
    Col(QT_TRANSLATE_NOOP("Kpi", "Sales rep"), "text", _rep_name, _rep_name, numeric=False),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Visits / day"),
        "decimal",
        lambda ln: ln.kpis.visits_per_working_day,
        lambda ln: fmt_opt_decimal(ln.kpis.visits_per_working_day),
        QT_TRANSLATE_NOOP("Kpi", "Visits per working day: completed visits ÷ working days (Mon–Fri)"),
        _visits_tip,
    ),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Deal / customer"),
        "money",
        lambda ln: ln.kpis.deal_amount_per_customer,
        lambda ln: fmt_opt_money(ln.kpis.deal_amount_per_customer),
        QT_TRANSLATE_NOOP("Kpi", "Deal amount per customer: sales (accepted quotes) ÷ customers with a sale"),
        _deal_tip,
    ),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Cash collection"),
        "rate",
        lambda ln: ln.kpis.cash_collection_rate,
        lambda ln: fmt_rate(ln.kpis.cash_collection_rate),
        QT_TRANSLATE_NOOP("Kpi", "Cash collection rate: cash collected ÷ sales"),
        _cash_tip,
    ),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Receivables collection"),
        "rate",
        lambda ln: ln.kpis.receivables_collection_rate,
        lambda ln: fmt_rate(ln.kpis.receivables_collection_rate),
        QT_TRANSLATE_NOOP(
            "Kpi",
            "Receivables collection rate: receivables collected in the period ÷ "
            "receivables due in the period",
        ),
        _recv_tip,
    ),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Visit cost / customer"),
        "money",
        lambda ln: ln.kpis.visit_cost_per_customer,
        lambda ln: fmt_opt_money(ln.kpis.visit_cost_per_customer),
        QT_TRANSLATE_NOOP("Kpi", "Visit cost per customer: visit costs ÷ customers visited"),
        _cost_tip,
    ),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Target achieved"),
        "rate",
        lambda ln: ln.kpis.target_achievement_rate,
        lambda ln: fmt_rate(ln.kpis.target_achievement_rate),
        QT_TRANSLATE_NOOP("Kpi", "Target achievement rate: sales ÷ sales target"),
        _target_tip,
    ),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Sales"),
        "money",
        lambda ln: ln.base.sales,
        lambda ln: fmt_money(ln.base.sales),
        QT_TRANSLATE_NOOP("Kpi", "Accepted quotes in the period"),
    ),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Target"),
        "money",
        lambda ln: ln.base.target,
        lambda ln: fmt_opt_money(ln.base.target),
        QT_TRANSLATE_NOOP("Kpi", "Monthly sales targets, pro rata for partly covered months"),
    ),
)

# The sums behind the KPIs, exported next to them so every figure can be checked.
BASE_COLUMNS: tuple[Col, ...] = (
    Col(QT_TRANSLATE_NOOP("Kpi", "Completed visits"), "int", lambda ln: ln.base.completed_visits, str),
    Col(QT_TRANSLATE_NOOP("Kpi", "Working days"), "int", lambda ln: ln.base.working_days, str),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Customers with a sale"),
        "int",
        lambda ln: len(ln.base.customers_with_sale),
        str,
    ),
    Col(QT_TRANSLATE_NOOP("Kpi", "Cash collected"), "money", lambda ln: ln.base.cash_collected, str),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Receivables collected"),
        "money",
        lambda ln: ln.base.receivables_collected,
        str,
    ),
    Col(QT_TRANSLATE_NOOP("Kpi", "Receivables due"), "money", lambda ln: ln.base.receivables_due, str),
    Col(QT_TRANSLATE_NOOP("Kpi", "Visit costs"), "money", lambda ln: ln.base.visit_cost, str),
    Col(QT_TRANSLATE_NOOP("Kpi", "Customers visited"), "int", lambda ln: len(ln.base.customers_visited), str),
)

COVERAGE_COLUMNS: tuple[Col, ...] = (
    Col(QT_TRANSLATE_NOOP("Kpi", "Territory"), "text", lambda c: c.name, lambda c: c.name, numeric=False),
    Col(QT_TRANSLATE_NOOP("Kpi", "Customers"), "int", lambda c: c.customers, lambda c: fmt_int(c.customers)),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Due by grade"),
        "int",
        lambda c: c.expected,
        lambda c: fmt_int(c.expected),
        QT_TRANSLATE_NOOP("Kpi", "Visits the customers' visit grades call for (A every 7 days, B 14, C 30)"),
    ),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Planned"),
        "int",
        lambda c: c.planned,
        lambda c: fmt_int(c.planned),
        QT_TRANSLATE_NOOP("Kpi", "Visits planned for a time in the period"),
    ),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Done as planned"),
        "int",
        lambda c: c.planned_done,
        lambda c: fmt_int(c.planned_done),
        QT_TRANSLATE_NOOP("Kpi", "Planned visits whose log was submitted"),
    ),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Plan kept"),
        "rate",
        lambda c: c.plan_rate,
        lambda c: fmt_rate(c.plan_rate),
        QT_TRANSLATE_NOOP("Kpi", "Done as planned ÷ planned"),
    ),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Visits made"),
        "int",
        lambda c: c.done,
        lambda c: fmt_int(c.done),
        QT_TRANSLATE_NOOP("Kpi", "All completed visits, planned or not"),
    ),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Made vs due"),
        "rate",
        lambda c: c.expected_rate,
        lambda c: fmt_rate(c.expected_rate),
        QT_TRANSLATE_NOOP("Kpi", "Visits made ÷ due by grade"),
    ),
    Col(
        QT_TRANSLATE_NOOP("Kpi", "Coverage"),
        "rate",
        lambda c: c.coverage,
        lambda c: fmt_rate(c.coverage),
        QT_TRANSLATE_NOOP("Kpi", "Customers visited at least once ÷ customers in the territory"),
    ),
)


class _ListModel(ItemsModel):
    def __init__(self, columns: Sequence[Col], parent=None):
        super().__init__(parent)
        self.columns = list(columns)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def is_total(self, row: int) -> bool:
        return False

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item, col = self.items[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(item)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if col.numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col.cell_tip:
            return col.cell_tip(item)
        if role == Qt.ItemDataRole.FontRole and self.is_total(index.row()):
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and self.is_total(index.row()):
            return QBrush(QColor("#eef2ff"))
        if role == Qt.ItemDataRole.UserRole:
            return col.value(item)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        col = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return translate("Kpi", col.title)
        if role == Qt.ItemDataRole.ToolTipRole and col.tip:
            return translate("Kpi", col.tip)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            # Long titles wrap onto a second line instead of being cut off.
            horizontal = Qt.AlignmentFlag.AlignRight if col.numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter) | int(Qt.TextFlag.TextWordWrap)
        return None


class KpiTableModel(_ListModel):
    """One row per rep, then the team total (from summed bases, see ``domain.kpi``)."""

    def __init__(self, parent=None):
        super().__init__(KPI_COLUMNS, parent)
        self.not_started = False

    def set_report(self, report: KpiReport | None) -> None:
        # A period that has not begun has no figures yet: every one is "—", not ¥0.00 here and
        # "—" there (domain.kpi.to_date counts nothing of it).
        self.not_started = report is not None and report.counted is None
        self.set_items([] if report is None else [*report.lines, report.team])

    def is_total(self, row: int) -> bool:
        return self.items[row].rep is None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if (
            self.not_started
            and index.isValid()
            and self.columns[index.column()].kind != "text"
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole)
        ):
            if role == Qt.ItemDataRole.DisplayRole:
                return DASH
            if role == Qt.ItemDataRole.ToolTipRole:
                return translate("Kpi", "This period has not started yet")
            return None
        return super().data(index, role)

    def text(self, row: int, title: str) -> str:
        """The shown text of a cell by its column's source title (for tests and exports)."""
        col = next(i for i, c in enumerate(self.columns) if c.title == title)
        return self.data(self.index(row, col))


class CoverageModel(_ListModel):
    def __init__(self, parent=None):
        super().__init__(COVERAGE_COLUMNS, parent)

    def set_report(self, report: KpiReport | None) -> None:
        self.set_items([] if report is None else report.coverage)
