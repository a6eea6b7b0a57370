"""What the attachment screens say about one file: its lines under the thumbnail and why
it was not added (its evidence flags are worded by ``ui.evidence``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.errors import attachment_refusal_text
from ui.formatting import fmt_datetime, fmt_size
from ui.i18n import fill

# lupdate only sees literal translate("Context", "text") calls, so no wrapper function.
translate = QCoreApplication.translate


def title(view) -> str:
    """The caption, else the file's name."""
    return view.caption or view.file_name


def who_and_when(view, names: dict[str, str]) -> str:
    who = names.get(view.created_by) or translate("Attachments", "someone")
    return f"{who} · {fmt_datetime(view.created_at)}"


def state(view, here: bool) -> str:
    """The size, and where the bytes are when that matters to the person looking."""
    size = fmt_size(view.size_bytes)
    if not here:
        return fill(translate("Attachments", "%1 · not downloaded yet"), size)
    if not view.uploaded:
        return fill(translate("Attachments", "%1 · not sent yet"), size)
    return size


def refused(file_name: str, exc: BaseException) -> str:
    """One line per file that was not added: why, naming the file."""
    text = attachment_refusal_text(exc)
    return text if file_name in text else fill(translate("Attachments", "%1: %2"), file_name, text)


def taken(when: str) -> str:
    return fill(translate("Attachments", "Taken %1"), when)
