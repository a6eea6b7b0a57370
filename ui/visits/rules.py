"""The visit log's words and checks: the seven steps, and what a log needs before it is sent.

The checks run as the rep types and again at check-out; each problem is a message for the
field it is about. They are form rules (what makes a log complete); the server's rules
(who may write what, which status moves are allowed) are in ``domain.write_rules`` and run
when the log is written.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from domain.enums import VisitOutcome
from ui.customer_file.fields import ParseError, parse_money

translate = QCoreApplication.translate

#: The seven steps of a visit (拜访七步骤), keys as stored in ``visit.checklist``.
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("step1", QT_TRANSLATE_NOOP("VisitChecklist", "Check displays and materials")),
    ("step2", QT_TRANSLATE_NOOP("VisitChecklist", "Check that the displays work")),
    ("step3", QT_TRANSLATE_NOOP("VisitChecklist", "Count the stock")),
    ("step4", QT_TRANSLATE_NOOP("VisitChecklist", "Handle complaints")),
    ("step5", QT_TRANSLATE_NOOP("VisitChecklist", "Deliver or restock, recommend new products")),
    (
        "step6",
        QT_TRANSLATE_NOOP("VisitChecklist", "Collect information: competitors, market, consumer feedback"),
    ),
    ("step7", QT_TRANSLATE_NOOP("VisitChecklist", "Relationship communication")),
)
STOCK_LOW = "stock_low"  # step 3: stock below 1.5× the outlet's periodic sales

MONEY_FIELDS = ("order_amount", "cash_collected", "visit_cost")


def step_label(key: str) -> str:
    source = dict(CHECKLIST)[key]
    return translate("VisitChecklist", source)


def check_log(
    values: dict[str, Any], visit_day: date, *, submitting: bool
) -> tuple[dict[str, str], dict[str, Any]]:
    """Problems by field, and the typed values of the log.

    ``values`` are what the form holds (texts for amounts, ISO text for the date).
    While typing (``submitting`` False) only what is wrong is reported; at check-out also
    what is missing.
    """
    errors: dict[str, str] = {}
    typed: dict[str, Any] = {}
    for name in MONEY_FIELDS:
        try:
            typed[name] = parse_money(values.get(name) or "")
        except ParseError as exc:
            errors[name] = str(exc)
    for name in ("contact_id", "purpose", "channel", "outcome"):
        typed[name] = values.get(name) or None
    for name in ("competitor_notes", "notes", "next_step"):
        typed[name] = (values.get(name) or "").strip() or None
    typed["checklist"] = dict(values.get("checklist") or {})

    raw_next = values.get("next_visit_date")
    next_day = date.fromisoformat(raw_next) if isinstance(raw_next, str) and raw_next else None
    typed["next_visit_date"] = next_day
    if next_day is not None and next_day <= visit_day:
        errors["next_visit_date"] = translate(
            "VisitRules", "The next visit must be after the day of this visit."
        )

    if typed["outcome"] == VisitOutcome.ORDER.value and "order_amount" not in errors:
        amount = typed["order_amount"]
        if amount is not None and amount == Decimal(0) or (submitting and amount is None):
            errors["order_amount"] = translate("VisitRules", "An order was taken: enter its amount.")
    if submitting:
        if not typed["purpose"]:
            errors["purpose"] = translate("VisitRules", "Choose the purpose of the visit.")
        if not typed["channel"]:
            errors["channel"] = translate("VisitRules", "Choose how the visit took place.")
        if not typed["outcome"]:
            errors["outcome"] = translate("VisitRules", "Choose the outcome before checking out.")
    return errors, typed
