"""The words of the complaint screens that are computed: durations, SLA clocks.

Refusals are worded in ``ui.errors`` (``complaint_refusal_text``).

Every string goes through ``QCoreApplication.translate`` (context ``Complaints``) so it is
shown in the user's language; lupdate only sees literal calls, hence no wrapper.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from domain.complaints import SatisfactionLevel, satisfaction_level
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
    return (
        {
            SatisfactionLevel.HIGHLY_SATISFIED: translate("Complaints", "highly satisfied"),
            SatisfactionLevel.SATISFIED: translate("Complaints", "satisfied"),
            SatisfactionLevel.DISSATISFIED: translate("Complaints", "dissatisfied"),
        }.get(level, "")
        if level
        else ""
    )
