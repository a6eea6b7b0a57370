"""The words of evidence flags (``domain.evidence``): a short label for a list or a photo's
badge, and the full sentence for a tooltip or a detail panel. Used by the review queue,
the visit log and the attachments panel."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from domain.enums import AttachmentParent
from domain.evidence import EvidenceCode, Flag
from ui.formatting import fmt_date
from ui.i18n import fill

# lupdate only sees literal translate("Context", "text") calls, so no wrapper function.
translate = QCoreApplication.translate

MARKER = "⚠"  # the review queue's marker: one sign for "look twice"


def flag_label(flag: Flag) -> str:
    """A few words for a list column (the sentence says the rest)."""
    return {
        EvidenceCode.BEFORE_CHECK_IN: translate("Evidence", "Early photo"),
        EvidenceCode.AFTER_CHECK_OUT: translate("Evidence", "Late photo"),
        EvidenceCode.DUPLICATE: translate("Evidence", "Reused photo"),
    }[flag.code]


def _span(minutes: int) -> str:
    if minutes < 120:
        return translate("Evidence", "%n min", None, minutes)
    if minutes < 48 * 60:
        return translate("Evidence", "%n h", None, minutes // 60)
    return translate("Evidence", "%n day(s)", None, minutes // (24 * 60))


def flag_sentence(flag: Flag) -> str:
    """The whole reason, with how far outside the visit or where the photo was first."""
    if flag.code is EvidenceCode.BEFORE_CHECK_IN:
        return fill(translate("Evidence", "Taken before check-in (%1 earlier)"), _span(flag.minutes or 0))
    if flag.code is EvidenceCode.AFTER_CHECK_OUT:
        return fill(translate("Evidence", "Taken after check-out (%1 later)"), _span(flag.minutes or 0))
    original = flag.original
    name = (original.customer_name if original else None) or translate("Evidence", "another customer")
    when = fmt_date(original.at) if original and original.at else translate("Evidence", "an unknown date")
    kind = original.parent_type if original else ""
    if kind == AttachmentParent.VISIT.value:
        text = translate("Evidence", "Same photo as the visit to %1 on %2")
    elif kind == AttachmentParent.COMPLAINT.value:
        text = translate("Evidence", "Same photo as on a complaint of %1 (%2)")
    elif kind == AttachmentParent.QUOTE.value:
        text = translate("Evidence", "Same photo as on a quote for %1 (%2)")
    else:
        text = translate("Evidence", "Same photo as in the customer file of %1 (%2)")
    return fill(text, name, when)


def attachment_sentences(file_name: str, flags: Iterable[Flag]) -> list[str]:
    """One line per flag of one attachment, naming the file."""
    return [fill(translate("Evidence", "%1: %2"), file_name, flag_sentence(f)) for f in flags]


def labels(flagged: Iterable) -> list[str]:
    """The distinct labels of a visit's flagged attachments
    (``local_db.evidence.FlaggedAttachment``), in order."""
    found: list[str] = []
    for item in flagged:
        for f in item.flags:
            text = flag_label(f)
            if text not in found:
                found.append(text)
    return found


def summary(flagged: Iterable) -> str:
    """ "⚠ Early photo · Reused photo"; "" when nothing is flagged."""
    found = labels(flagged)
    return f"{MARKER} " + " · ".join(found) if found else ""


def sentences(flagged: Iterable) -> list[str]:
    """Every flag of a visit's flagged attachments, one line each."""
    return [line for item in flagged for line in attachment_sentences(item.file_name, item.flags)]
