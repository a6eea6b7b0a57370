"""The read-only lists of the other areas: visits, quotes, complaints, review, users.

Each is a ``RecordsPage`` over the generic lazy model; this module only says which query,
which columns and which words.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor

from domain import enums as E
from local_db import queries
from ui.columns import date_column, datetime_column, enum_column, money_column, text_column
from ui.pages.common import RecordsPage
from ui.style import OFFLINE, WARNING
from ui.table_model import LazyTableModel, QuerySource

# lupdate only sees literal translate("Context", "text") calls, so no wrapper function.
translate = QCoreApplication.translate

_visit_when = datetime_column("when", QT_TRANSLATE_NOOP("Columns", "Date"), lambda r: r["check_in_at"] or r["planned_at"])
_visit_customer = text_column("customer", QT_TRANSLATE_NOOP("Columns", "Customer"), "customer_name")
_visit_rep = text_column("rep", QT_TRANSLATE_NOOP("Columns", "Sales rep"), "rep_name", width=8)
_visit_purpose = enum_column("purpose", QT_TRANSLATE_NOOP("Columns", "Purpose"), E.VisitPurpose, "purpose")
_visit_status = enum_column("status", QT_TRANSLATE_NOOP("Columns", "Status"), E.VisitStatus, "status")
_visit_outcome = enum_column("outcome", QT_TRANSLATE_NOOP("Columns", "Outcome"), E.VisitOutcome, "outcome")
_visit_amount = money_column("order_amount", QT_TRANSLATE_NOOP("Columns", "Order amount"), "order_amount")


def visits_page(db, show_rep: bool) -> RecordsPage:
    columns = [_visit_when, _visit_customer] + ([_visit_rep] if show_rep else []) + [
        _visit_purpose, _visit_status, _visit_outcome, _visit_amount]
    model = LazyTableModel(columns, QuerySource(db, queries.count_visits, queries.list_visits),
                           queries.DEFAULT_VISIT_SORT)
    return RecordsPage(
        translate("Pages", "Visits"), model,
        lambda n: translate("Pages", "%n visit(s), newest first", None, n),
        translate("Pages", "No visits yet"),
        translate("Pages", "Planned and logged visits appear here after a sync."))



def quotes_page(db) -> RecordsPage:
    columns = [
        text_column("number", QT_TRANSLATE_NOOP("Columns", "Number"), "number", width=16),
        text_column("customer", QT_TRANSLATE_NOOP("Columns", "Customer"), "customer_name"),
        date_column("issue_date", QT_TRANSLATE_NOOP("Columns", "Issued"), "issue_date"),
        date_column("valid_until", QT_TRANSLATE_NOOP("Columns", "Valid until"), "valid_until"),
        enum_column("status", QT_TRANSLATE_NOOP("Columns", "Status"), E.QuoteStatus, "status"),
        money_column("total", QT_TRANSLATE_NOOP("Columns", "Total"), "total", currency_field="currency"),
    ]
    model = LazyTableModel(columns, QuerySource(db, queries.count_quotes, queries.list_quotes),
                           queries.DEFAULT_QUOTE_SORT)
    return RecordsPage(
        translate("Pages", "Quotes"), model,
        lambda n: translate("Pages", "%n quote(s), newest first", None, n),
        translate("Pages", "No quotes yet"),
        translate("Pages", "Quotes for your customers appear here after a sync."))


def _severity_color(row) -> QColor | None:
    return {E.Severity.CRITICAL: QColor(OFFLINE), E.Severity.HIGH: QColor(WARNING)}.get(row["severity"])


def _due_color(row) -> QColor | None:
    return QColor(OFFLINE) if row["sla_breached"] else None


def complaints_page(db) -> RecordsPage:
    columns = [
        datetime_column("recorded_at", QT_TRANSLATE_NOOP("Columns", "Received"), lambda r: r["recorded_at"]),
        text_column("customer", QT_TRANSLATE_NOOP("Columns", "Customer"), "customer_name",
                    tooltip=lambda r: r["description"] or ""),
        enum_column("category", QT_TRANSLATE_NOOP("Columns", "Category"), E.ComplaintCategory, "category"),
        enum_column("severity", QT_TRANSLATE_NOOP("Columns", "Severity"), E.Severity, "severity", color=_severity_color),
        enum_column("status", QT_TRANSLATE_NOOP("Columns", "Status"), E.ComplaintStatus, "status"),
        datetime_column("resolution_due", QT_TRANSLATE_NOOP("Columns", "Resolve by"), lambda r: r["resolution_due"],
                        color=_due_color),
    ]
    model = LazyTableModel(columns, QuerySource(db, queries.count_complaints, queries.list_complaints),
                           queries.DEFAULT_COMPLAINT_SORT)
    return RecordsPage(
        translate("Pages", "Complaints"), model,
        lambda n: translate("Pages", "%n complaint(s), newest first", None, n),
        translate("Pages", "No complaints"),
        translate("Pages", "Complaints recorded for your customers appear here."))


def _active_text(row) -> str:
    return translate("Pages", "Active") if row["active"] else translate("Pages", "Deactivated")
