"""The words of the review screens that more than one widget needs: exception reasons.

A refused change is worded in ``ui.errors`` (``review_refusal_text``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from local_db.review import DEFAULT_THRESHOLDS, ReviewThresholds, VisitException, VisitFlag
from ui.formatting import fmt_decimal
from ui.i18n import fill

# lupdate only sees literal translate("Context", "text") calls, so no wrapper function.
translate = QCoreApplication.translate

MARKER = "⚠"


def exception_label(exc: VisitException) -> str:
    """A short name for the exception (the list column)."""
    return {
        VisitFlag.SHORT: translate("Review", "Too short"),
        VisitFlag.NO_NOTES: translate("Review", "No notes"),
        VisitFlag.FAR: translate("Review", "Far away"),
        VisitFlag.LATE: translate("Review", "Late log"),
    }[exc.flag]


def exception_reason(exc: VisitException, thresholds: ReviewThresholds = DEFAULT_THRESHOLDS) -> str:
    """The full reason, with the measured value and the threshold."""
    if exc.flag is VisitFlag.SHORT:
        return fill(
            translate("Review", "Short visit: %1 min on site (less than %2 min)"),
            exc.minutes,
            thresholds.min_minutes,
        )
    if exc.flag is VisitFlag.NO_NOTES:
        return translate("Review", "No notes: nothing was written about the visit")
    if exc.flag is VisitFlag.FAR:
        return fill(
            translate("Review", "Checked in %1 km from the customer's address (more than %2 km)"),
            fmt_decimal(exc.km, 1),
            fmt_decimal(thresholds.max_distance_km, 1),
        )
    return fill(
        translate("Review", "Logged late: reached the server %1 h after the visit (more than %2 h)"),
        exc.hours,
        thresholds.max_delay_hours,
    )


def exceptions_summary(found: list[VisitException]) -> str:
    """ "⚠ Short visit · No notes" for the list; "" when the log is clean."""
    if not found:
        return ""
    return f"{MARKER} " + " · ".join(exception_label(e) for e in found)
