"""Words and numbers of the quote screens: status colours, typed amounts.

Refusals (a rule's code as a sentence) are worded in ``ui.errors``, with every other
screen's.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication, QLocale

from domain.enums import QuoteStatus
from ui.style import ACCENT, MUTED, OFFLINE, ONLINE, WARNING

# lupdate only sees literal translate("Context", "text") calls, so no wrapper function.
translate = QCoreApplication.translate

#: The colour a status is shown in (chips in the editor, the status column of the list).
STATUS_COLORS = {
    QuoteStatus.DRAFT: MUTED,
    QuoteStatus.PENDING_APPROVAL: WARNING,
    QuoteStatus.APPROVED: ACCENT,
    QuoteStatus.SENT: ACCENT,
    QuoteStatus.ACCEPTED: ONLINE,
    QuoteStatus.REJECTED: OFFLINE,
    QuoteStatus.EXPIRED: OFFLINE,
    QuoteStatus.CANCELLED: MUTED,
}


def parse_decimal(text: str) -> Decimal | None:
    """A number as a person types it (``1,234.5``, ``12,5``, ``¥ 99``, ``10%``); None if it is not one."""
    loc = QLocale()
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    cleaned = re.sub(r"^[^\d.,\-]+|%$", "", cleaned)
    if not cleaned:
        return None
    point, group = loc.decimalPoint(), loc.groupSeparator()
    if point != "." and point in cleaned:
        cleaned = (
            cleaned.replace(".", "").replace(point, ".") if group == "." else cleaned.replace(point, ".")
        )
    cleaned = cleaned.replace(group, "") if group not in (".",) else cleaned
    cleaned = cleaned.replace(",", "")
    if not re.fullmatch(r"-?\d+(\.\d*)?|-?\.\d+", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def plain_number(value: Decimal | None, max_places: int = 4) -> str:
    """A number with only the decimals it needs (``12.5000`` → ``12.5``), locale's decimal point."""
    if value is None:
        return ""
    q = Decimal(value).quantize(Decimal(1).scaleb(-max_places))
    text = f"{q:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", QLocale().decimalPoint())
