"""The words of the complaint screens that are computed: durations, SLA clocks, errors.

Every string goes through ``QCoreApplication.translate`` (context ``Complaints``) so it is
shown in the user's language; lupdate only sees literal calls, hence no wrapper.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from domain.complaints import SatisfactionLevel, satisfaction_level
from domain.errors import DomainError
from local_db.complaints import Clock
from ui.style import OFFLINE, WARNING

translate = QCoreApplication.translate

DASH = "—"
SOON = timedelta(hours=4)  # a deadline this close is shown in amber


def duration_text(value: timedelta) -> str:
    """A short human duration: "2 d 5 h", "3 h 20 min", "12 min" (two units at most)."""
    minutes = max(0, int(value.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        if hours:
            return translate("Complaints", "%1 d %2 h").replace("%1", str(days)).replace("%2", str(hours))
        return translate("Complaints", "%1 d").replace("%1", str(days))
    if hours:
        if mins:
            return translate("Complaints", "%1 h %2 min").replace("%1", str(hours)).replace("%2", str(mins))
        return translate("Complaints", "%1 h").replace("%1", str(hours))
    return translate("Complaints", "%1 min").replace("%1", str(mins))


def hours_text(value: timedelta | None) -> str:
    """An average handling time: "—" when there is none."""
    return DASH if value is None else duration_text(value)


def clock_text(clock: Clock) -> str:
    """The list's "time left" cell: "3 h 20 min left", "overdue 2 h", or "" without a clock."""
    state = clock.state
    if state is None or state.due is None:
        return ""
    if state.breached and state.overdue_by is not None:
        return translate("Complaints", "Overdue %1").replace("%1", duration_text(state.overdue_by))
    if state.remaining is not None:
        return translate("Complaints", "%1 left").replace("%1", duration_text(state.remaining))
    return ""


def clock_color(clock: Clock) -> QColor | None:
    state = clock.state
    if state is None or state.due is None:
        return None
    if state.breached:
        return QColor(OFFLINE)
    if state.remaining is not None and state.remaining <= SOON:
        return QColor(WARNING)
    return None


def rate_text(value: Decimal | None) -> str:
    """A share 0–1 as a percentage with one decimal; "—" when undefined (zero denominator)."""
    if value is None:
        return DASH
    from ui.formatting import fmt_decimal

    return fmt_decimal(value * 100, 1) + "%"


def score_text(value: Decimal | None) -> str:
    if value is None:
        return DASH
    from ui.formatting import fmt_decimal

    return fmt_decimal(value, 2)


def satisfaction_words(perceived: int | None, expectation: int | None) -> str:
    level = satisfaction_level(perceived, expectation)
    return {
        SatisfactionLevel.HIGHLY_SATISFIED: translate("Complaints", "highly satisfied"),
        SatisfactionLevel.SATISFIED: translate("Complaints", "satisfied"),
        SatisfactionLevel.DISSATISFIED: translate("Complaints", "dissatisfied"),
    }.get(level, "") if level else ""


def error_text(exc: BaseException) -> str:
    """A domain refusal in the user's language (by its code and field), else its own message."""
    if not isinstance(exc, DomainError):
        return translate("Complaints", "Something went wrong: %1").replace("%1", str(exc) or type(exc).__name__)
    field = exc.field or ""
    by_code = {
        "resolution_details_required": translate("Complaints", "To resolve the complaint, fill in the root cause "
                                                               "and the resolution."),
        "satisfaction_required": translate("Complaints", "Record the customer's satisfaction (1–5) from the "
                                                         "follow-up call."),
        "satisfaction_invalid": translate("Complaints", "Satisfaction is a whole number from 1 to 5."),
        "reopen_reason_required": translate("Complaints", "Say why the complaint is reopened: a reason is "
                                                          "required."),
        "not_complaint_owner": translate("Complaints", "Only the complaint's owner, a supervisor or an "
                                                       "administrator can do this; ask the owner to hand it "
                                                       "over first."),
        "invalid_complaint_transition": translate("Complaints", "This step is not possible in the complaint's "
                                                                "current status."),
        "complaint_closed": translate("Complaints", "A closed complaint cannot be changed; reopen it first."),
        "complaint_not_open": translate("Complaints", "Only a complaint that is not resolved yet can be "
                                                      "escalated."),
        "not_logged_in": translate("Complaints", "Log in and sync once before recording complaints."),
        "not_found": translate("Complaints", "This complaint is no longer on this computer."),
        "out_of_scope": translate("Complaints", "This customer is not assigned to you."),
    }
    if exc.code in by_code:
        return by_code[exc.code]
    if exc.code == "no_change" and field == "escalation_level":
        return translate("Complaints", "The complaint is already with the administrator.")
    if exc.code == "no_change":
        return translate("Complaints", "The complaint already belongs to that person.")
    if exc.code == "not_permitted" and field == "escalation_level":
        return translate("Complaints", "Only a supervisor or an administrator can escalate a complaint; it "
                                       "escalates by itself when its deadline passes.")
    by_field = {
        "customer_id": translate("Complaints", "Choose the customer who complains."),
        "description": translate("Complaints", "Describe the complaint in the customer's words."),
        "channel": translate("Complaints", "Choose the channel the complaint came through."),
        "category": translate("Complaints", "Choose the category."),
        "severity": translate("Complaints", "Choose the severity."),
        "contact_id": translate("Complaints", "The contact belongs to another customer."),
        "visit_id": translate("Complaints", "The visit belongs to another customer."),
        "compensation_amount": translate("Complaints", "Enter the amount of a refund or compensation as a number "
                                                       "above zero (at most two decimals); other remedies have "
                                                       "no amount."),
        "expectation_score": translate("Complaints", "Enter both the expectation and the perceived score "
                                                     "(1–5), or neither."),
        "perceived_score": translate("Complaints", "Enter both the expectation and the perceived score (1–5), "
                                                   "or neither."),
        "owner_id": translate("Complaints", "Choose an active colleague to take over the complaint."),
    }
    return by_field.get(field, exc.message)
