"""The read-only lists of the other areas: quotes, complaints, review, users (visits: ui.pages.visits).

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
