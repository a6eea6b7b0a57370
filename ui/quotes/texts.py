"""Words and numbers of the quote screens: refusals in the user's language, typed amounts.

Domain errors carry English messages and a stable ``code``; :func:`refusal_text` turns
the codes a rep or supervisor meets on a quote into a translated sentence and keeps the
domain's own text for anything else.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication, QLocale

from domain.enums import QuoteStatus
from domain.errors import DomainError
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


def refusal_text(exc: BaseException) -> str:
    """A translated sentence for a refused quote action."""
    code = getattr(exc, "code", None)
    texts = {
        "approval_required": translate(
            "QuoteErrors", "The discount is above your limit: submit the quote for approval before sending it."),
        "quote_locked": translate(
            "QuoteErrors", "This quote is no longer a draft: its lines and prices are fixed. "
                           "Create a revision to change the offer."),
        "empty_quote": translate("QuoteErrors", "Add at least one line first."),
        "quantity_not_positive": translate(
            "QuoteErrors", "The quantity must be greater than 0; remove the line instead."),
        "percent_out_of_range": translate("QuoteErrors", "A percentage must be between 0 and 100."),
        "negative_price": translate("QuoteErrors", "A price cannot be negative."),
        "own_quote_approval": translate(
            "QuoteErrors", "You cannot approve or return your own quote; another supervisor or an "
                           "administrator decides on its discount."),
        "approver_role_required": translate(
            "QuoteErrors", "Only a supervisor or an administrator can decide on a quote waiting for approval."),
        "above_approver_limit": translate(
            "QuoteErrors", "The discount is above your approval limit; an administrator must approve it."),
        "comment_required": translate("QuoteErrors", "Say why the quote is returned: a comment is required."),
        "not_quote_owner": translate("QuoteErrors", "This quote belongs to another rep."),
        "invalid_quote_transition": translate("QuoteErrors", "This step is not possible in the quote's status."),
        "quote_final": translate("QuoteErrors", "This quote is closed and can no longer change."),
        "no_change": translate("QuoteErrors", "The quote is already in that status."),
        "not_revisable": translate(
            "QuoteErrors", "Only a quote that was sent to the customer can be revised; copy it instead."),
        "not_logged_in": translate("QuoteErrors", "Log in and sync once before making changes."),
        "out_of_scope": translate("QuoteErrors", "This customer is not assigned to you."),
        "not_found": translate("QuoteErrors", "This record is no longer on this computer."),
    }
    if code == "required" and getattr(exc, "field", None) == "customer_id":
        return translate("QuoteErrors", "Choose the customer first.")
    if code in texts:
        return texts[code]
    if isinstance(exc, DomainError):
        return exc.message
    return translate("QuoteErrors", "Something went wrong: %1").replace("%1", str(exc) or type(exc).__name__)


def parse_decimal(text: str) -> Decimal | None:
    """A number as a person types it (``1,234.5``, ``12,5``, ``¥ 99``, ``10%``); None if it is not one."""
    loc = QLocale()
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    cleaned = re.sub(r"^[^\d.,\-]+|%$", "", cleaned)
    if not cleaned:
        return None
    point, group = loc.decimalPoint(), loc.groupSeparator()
    if point != "." and point in cleaned:
        cleaned = cleaned.replace(".", "").replace(point, ".") if group == "." else cleaned.replace(point, ".")
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
