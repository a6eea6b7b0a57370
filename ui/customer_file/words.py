"""Words shared by the customer list, the customer file and the Today view (light to import)."""

from __future__ import annotations

from datetime import date, datetime

from local_db import queries
from ui.customer_file.fields import fmt_weekday
from ui.formatting import fmt_int, translate
from ui.style import OFFLINE, ONLINE, WARNING


def sync_text(state: str | None) -> tuple[str, str]:
    """(text, colour) of a customer's sync state."""
    if state == queries.ISSUE:
        return translate("SyncState", "Sync issue"), OFFLINE
    if state == queries.PENDING:
        return translate("SyncState", "Not sent yet"), WARNING
    return translate("SyncState", "Synced"), ONLINE


def visit_due_text(
    due_on: date | None,
    last_visit_at: datetime | None,
    planned_at: datetime | None,
    today: date | None = None,
) -> tuple[str, str]:
    """What the rep reads about a customer's next visit, and its kind ("", "warn", "bad", "good")."""
    today = today or date.today()
    if planned_at is not None:
        return translate("VisitDue", "Planned %1").replace(
            "%1", fmt_weekday(planned_at.astimezone().date())
        ), "good"
    if due_on is None:
        if last_visit_at is None:
            return translate("VisitDue", "Never visited"), "warn"
        return "", ""
    days = (today - due_on).days
    if days > 0:
        return translate("VisitDue", "%1 d overdue").replace("%1", fmt_int(days)), "bad"
    if days == 0:
        return translate("VisitDue", "Due today"), "warn"
    return translate("VisitDue", "Due %1").replace("%1", fmt_weekday(due_on)), ""


def business_fields() -> list[tuple[str, str]]:
    """The customer's business profile, field and label, in the order the file and the form show it."""
    return [
        ("product_mix", translate("CustomerFileView", "Product mix")),
        ("sales_situation", translate("CustomerFileView", "Sales situation")),
        ("financial_status", translate("CustomerFileView", "Financial status")),
        ("credit_status", translate("CustomerFileView", "Credit status")),
        ("main_competitors", translate("CustomerFileView", "Main competitors")),
        ("strategic_plans", translate("CustomerFileView", "Strategic plans")),
        ("key_needs", translate("CustomerFileView", "Key needs")),
        ("surface_needs", translate("CustomerFileView", "Surface needs")),
        ("future_needs", translate("CustomerFileView", "Future needs")),
        ("notes", translate("CustomerFileView", "Notes")),
    ]
