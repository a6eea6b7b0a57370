"""Every sentence the UI says when something failed or was refused, in the user's language.

Failures talking to the server (:func:`describe_error`, :func:`admin_error`) are told by
the exception's type; refusals by a rule's code (a ``domain.errors.DomainError`` raised on
this laptop, or the server's rejection of a pushed change), one sentence per code
(:func:`code_text`). The server's and the rules' own messages are English; they are shown
only for codes this module does not know.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from domain.errors import AttachmentRefused, DomainError, ReplicaOfAnotherUser
from local_db.sealed import SealedFileDamaged
from sync.file_cache import FileDamaged
from sync.transport import (
    AccountDeactivated,
    AuthRequired,
    BadCaBundle,
    ClientTooOld,
    DeviceRevoked,
    InsecureServer,
    PushUnconfirmed,
    ServerRefused,
    ServerTrouble,
    SyncError,
    TooManyAttempts,
    Unreachable,
    UntrustedCertificate,
)

# lupdate only sees literal translate("Context", "text") calls, so no wrapper function.
translate = QCoreApplication.translate


def _plain_sentences() -> tuple[tuple[type[BaseException], str], ...]:
    """The failures told by their type alone, one sentence each (a subclass before its base).
    No other branch of :func:`describe_error` catches one of them, so they are looked at first."""
    return (
        (
            InsecureServer,
            translate(
                "Errors",
                "This server address is not encrypted (http://) and not on this computer. "
                "Use its https:// address, or allow unencrypted connections to it.",
            ),
        ),
        (
            DeviceRevoked,
            translate(
                "Errors",
                "An administrator removed this computer from your account, so its copy of "
                "the company's data was deleted. Sign in to use it again if that was a mistake.",
            ),
        ),
        (
            AccountDeactivated,
            translate("Errors", "This account has been deactivated. Ask your administrator."),
        ),
        (
            ClientTooOld,
            translate(
                "Errors", "This version of Fieldsales is too old for the server. Please install the update."
            ),
        ),
        (
            FileDamaged,
            translate("Errors", "The file arrived damaged and was not kept. Try opening it again."),
        ),
        (
            ReplicaOfAnotherUser,
            translate("Errors", "This local data belongs to another user. Choose a different profile."),
        ),
    )


def describe_error(exc: BaseException) -> str:
    for kind, sentence in _plain_sentences():
        if isinstance(exc, kind):
            return sentence
    if isinstance(exc, BadCaBundle):
        return translate(
            "Errors", "The certificate authority file in the settings cannot be read: %1"
        ).replace("%1", str(exc))
    if isinstance(exc, Unreachable):
        if isinstance(exc, UntrustedCertificate):  # TLS: the certificate is not trusted
            return translate(
                "Errors",
                "The server's certificate is not trusted. If your company uses its own "
                "certificate authority, choose its certificate under “Company CA” when you log in.",
            )
        if isinstance(exc, PushUnconfirmed):  # no answer to a push: it may have been applied all the same
            if exc.server_trouble:
                return translate(
                    "Errors",
                    "The server is having trouble right now. What was being sent will be "
                    "retried; it may already have arrived.",
                )
            return translate(
                "Errors",
                "The server cannot be reached. What was being sent will be retried; it "
                "may already have arrived.",
            )
        if isinstance(exc, ServerTrouble):  # a 5xx: reachable but failing
            return translate("Errors", "The server is having trouble right now. Try again in a few minutes.")
        return translate(
            "Errors", "The server cannot be reached. Check the server address and your network connection."
        )
    if isinstance(exc, AuthRequired):
        return {
            "invalid_credentials": translate("Errors", "Wrong username or password."),
            "token_expired": translate("Errors", "Your session has expired. Please log in again."),
            "token_revoked": translate("Errors", "Your session was ended. Please log in again."),
        }.get(exc.code, translate("Errors", "Please log in again."))
    if isinstance(exc, TooManyAttempts):
        if exc.retry_after is not None:
            return translate(
                "Errors", "Too many failed logins. Try again in %n second(s).", None, exc.retry_after
            )
        return translate("Errors", "Too many failed logins. Try again later.")
    if isinstance(exc, ServerRefused) and exc.code == "not_uploaded":
        return translate(
            "Errors",
            "This file is not on the server yet: the computer it was attached on has not "
            "uploaded it. Try again after that computer has synced.",
        )
    if isinstance(exc, ServerRefused):
        return translate("Errors", "The server refused the request: %1").replace("%1", str(exc))
    if isinstance(exc, SyncError):
        return str(exc)
    if isinstance(exc, (AttachmentRefused, SealedFileDamaged)):
        return attachment_refusal_text(exc)
    return translate("Errors", "Something went wrong: %1").replace("%1", str(exc) or type(exc).__name__)


# -- refusals: a rule's code (a DomainError's, or the server's rejection of a change) -----------
#
# One sentence per code, whatever screen meets it; a screen adds a sentence only where the
# code means something particular there (``_QUOTE``, ``_REVIEW``, the complaint fields), and
# falls back to the shared one. Unknown codes show the rule's own (English) message.


def _shared() -> dict[str, str]:
    transition = translate(
        "SyncIssues", "This status change is not possible from the record's current status on the server."
    )
    return {
        "not_logged_in": translate("SyncIssues", "Log in and sync once before making changes."),
        "not_found": translate(
            "SyncIssues",
            "This record is no longer on this computer (it was deleted on the "
            "server or is no longer assigned to you).",
        ),
        "out_of_scope": translate("QuoteErrors", "This customer is not assigned to you."),
        "field_not_writable": translate(
            "SyncIssues", "Only a supervisor or administrator can change one of these fields."
        ),
        "forged_author": translate("SyncIssues", "A record can only be made or approved in your own name."),
        "server_computed": translate(
            "SyncIssues",
            "Classifications, the credit limit and the payment terms are set "
            "by the server's classification. To fix one by hand, set an "
            "override with a reason (Administration → Classification).",
        ),
        "admin_only": translate("SyncIssues", "Only an administrator can change this."),
        "not_permitted": translate("SyncIssues", "You are not allowed to make this change."),
        "invalid_visit_transition": transition,
        "invalid_quote_transition": transition,
        "invalid_complaint_transition": transition,
        "integrity": translate(
            "SyncIssues",
            "The server already has a record with this number or code, or a "
            "record this one refers to is missing.",
        ),
        "already_exists": translate("SyncIssues", "A record with this id already exists on the server."),
        "required": translate("SyncIssues", "A required field is empty."),
        "comment_required": translate("SyncIssues", "A comment is required for this change."),
        "issue_gone": translate("SyncIssues", "This issue was already settled."),
        "changed_again": translate(
            "SyncIssues", "The server's value changed again meanwhile. Check the new value and choose again."
        ),
        "mutation_id_reused": translate(
            "SyncIssues", "This change reused the id of a different change and was not applied."
        ),
        # quotes (the editor, the approvals inbox, the review page)
        "approval_required": translate(
            "QuoteErrors",
            "The discount is above your limit: submit the quote for approval before sending it.",
        ),
        "quote_locked": translate(
            "QuoteErrors",
            "This quote is no longer a draft: its lines and prices are fixed. "
            "Create a revision to change the offer.",
        ),
        "empty_quote": translate("QuoteErrors", "Add at least one line first."),
        "quantity_not_positive": translate(
            "QuoteErrors", "The quantity must be greater than 0; remove the line instead."
        ),
        "percent_out_of_range": translate("QuoteErrors", "A percentage must be between 0 and 100."),
        "negative_price": translate("QuoteErrors", "A price cannot be negative."),
        "own_quote_approval": translate(
            "QuoteErrors",
            "You cannot approve or return your own quote; another supervisor or an "
            "administrator decides on its discount.",
        ),
        "approver_role_required": translate(
            "QuoteErrors", "Only a supervisor or an administrator can decide on a quote waiting for approval."
        ),
        "above_approver_limit": translate(
            "QuoteErrors", "The discount is above your approval limit; an administrator must approve it."
        ),
        "not_quote_owner": translate("QuoteErrors", "This quote belongs to another rep."),
        "quote_final": translate("QuoteErrors", "This quote is closed and can no longer change."),
        "not_revisable": translate(
            "QuoteErrors", "Only a quote that was sent to the customer can be revised; copy it instead."
        ),
        # complaints
        "resolution_details_required": translate(
            "Complaints", "To resolve the complaint, fill in the root cause and the resolution."
        ),
        "satisfaction_required": translate(
            "Complaints", "Record the customer's satisfaction (1–5) from the follow-up call."
        ),
        "satisfaction_invalid": translate("Complaints", "Satisfaction is a whole number from 1 to 5."),
        "reopen_reason_required": translate(
            "Complaints", "Say why the complaint is reopened: a reason is required."
        ),
        "not_complaint_owner": translate(
            "Complaints",
            "Only the complaint's owner, a supervisor or an "
            "administrator can do this; ask the owner to hand it "
            "over first.",
        ),
        "complaint_closed": translate("Complaints", "A closed complaint cannot be changed; reopen it first."),
        "complaint_not_open": translate(
            "Complaints", "Only a complaint that is not resolved yet can be escalated."
        ),
        # attachments (domain.errors.AttachmentRefused, local_db.sealed, domain.write_rules)
        "file_empty": translate("Attachments", "The file is empty (0 bytes): there is nothing to attach."),
        "file_unreadable": translate(
            "Attachments",
            "The file cannot be opened: it was moved or deleted, it is a folder, or you may not read it.",
        ),
        "file_not_supported": translate(
            "Attachments",
            "This kind of file cannot be attached. Attach photos (JPEG, PNG) or documents "
            "(PDF, Word, Excel, PowerPoint, text, CSV).",
        ),
        "file_too_large": translate("Attachments", "The file is larger than the limit for one attachment."),
        "file_damaged": translate(
            "Attachments",
            "The file is damaged or was altered, so it is not used. Attach it again from the original.",
        ),
        "attachment_fixed": translate(
            "Attachments",
            "An attached file cannot be changed, only its caption; attach the new file instead.",
        ),
        "invalid_parent": translate(
            "Attachments", "The record this file is attached to is gone or belongs to another customer."
        ),
    }


def code_text(code: str | None) -> str | None:
    """The sentence for a refusal code (a local rule's or the server's); None if it has none."""
    return _shared().get(code or "")


def refusal_text(exc: BaseException) -> str:
    """A refused action (a DomainError, or anything else that went wrong), in the user's language."""
    if isinstance(exc, (AttachmentRefused, SealedFileDamaged)):
        return attachment_refusal_text(exc)
    if isinstance(exc, DomainError):
        return code_text(exc.code) or exc.message
    return translate("Errors", "Something went wrong: %1").replace("%1", str(exc) or type(exc).__name__)


def _megabytes(size: object) -> str:
    value = (size if isinstance(size, int) else 0) / (1024 * 1024)
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def attachment_refusal_text(exc: BaseException) -> str:
    """Why a file cannot be attached (or a stored one used), naming the file when known."""
    code = getattr(exc, "code", None)
    details = getattr(exc, "details", None) or {}
    name = details.get("file_name")
    if isinstance(exc, SealedFileDamaged):
        return translate(
            "Attachments",
            "The copy of this attachment kept on this computer is damaged or was altered, so it "
            "is not used. Attach the file again, or ask support to restore it from the server.",
        )
    if not name:
        return code_text(code) or str(exc)
    particular = {
        "file_empty": translate("Attachments", "“%1” is empty (0 bytes): there is nothing to attach."),
        "file_unreadable": translate(
            "Attachments",
            "“%1” cannot be opened: it was moved or deleted, it is a folder, or you may not read it.",
        ),
        "file_not_supported": translate(
            "Attachments",
            "“%1” cannot be attached: it is neither a photo (JPEG, PNG) nor a document (PDF, "
            "Word, Excel, PowerPoint, text, CSV), whatever its name says.",
        ),
        "file_damaged": translate(
            "Attachments", "“%1” is damaged and cannot be read. Attach it again from the original."
        ),
    }
    if code == "file_not_supported" and details.get("kind") == "heic":
        text = translate(
            "Attachments",
            "“%1” is a HEIC photo, which cannot be read on this computer. Set the phone's camera to "
            "“Most Compatible” (JPEG), or export the photo as JPEG, and attach it again.",
        )
    elif code == "file_too_large" and "max_pixels" in details:
        text = translate(
            "Attachments",
            "“%1” has too many pixels to be prepared on this computer (at most %2 megapixels). "
            "Take the photo at a lower resolution, or shrink it first.",
        ).replace("%2", str(details["max_pixels"] // 1_000_000))
    elif code == "file_too_large" and "size" in details and "limit" in details:
        text = (
            translate("Attachments", "“%1” is %2 MB; one attachment may have at most %3 MB.")
            .replace("%2", _megabytes(details["size"]))
            .replace("%3", _megabytes(details["limit"]))
        )
    elif code in particular:
        text = particular[code]
    else:
        return code_text(code) or str(exc)
    return text.replace("%1", str(name))


def quote_refusal_text(exc: BaseException) -> str:
    """A refused quote action: on a quote, a few codes say what they mean for the quote."""
    code, field = getattr(exc, "code", None), getattr(exc, "field", None)
    if code == "required" and field == "customer_id":
        return translate("QuoteErrors", "Choose the customer first.")
    particular = {
        "comment_required": translate("QuoteErrors", "Say why the quote is returned: a comment is required."),
        "invalid_quote_transition": translate(
            "QuoteErrors", "This step is not possible in the quote's status."
        ),
        "no_change": translate("QuoteErrors", "The quote is already in that status."),
    }
    return particular.get(code or "") or refusal_text(exc)


def review_refusal_text(code: str | None, message: str) -> str:
    """A refused review of a visit log or decision on a quote (the review page, the inbox):
    by the rule's code, else the rule's own text."""
    particular = {
        "not_permitted": translate(
            "Review", "Only the rep's supervisor can approve or return this log (not your own visits)."
        ),
        "invalid_visit_transition": translate("Review", "This log is no longer waiting for review."),
        "comment_required": translate("Review", "A comment is required to return it."),
        "invalid_quote_transition": translate("Review", "This quote is no longer waiting for approval."),
        "no_change": translate("Review", "This quote is no longer waiting for approval."),
    }
    if code in particular:
        return particular[code]
    return code_text(code) or message


def upload_reason_text(code: str | None, detail: str | None = None) -> str:
    """Why an attachment file's upload failed (``local_db.file_uploads``): on an upload a few
    codes say what they mean for the file; else the shared sentence, else the detail."""
    texts = {
        "not_found": translate(
            "FileUploads",
            "The server does not know this attachment (its record was removed, or the customer "
            "is no longer assigned to you).",
        ),
        "hash_mismatch": translate(
            "FileUploads", "The file arrived damaged on the server; it is sent again from the start."
        ),
        "beyond_size": translate("FileUploads", "The file is larger than its attachment says."),
        "chunk_too_large": translate("FileUploads", "The server refused a part of the file as too large."),
        "file_damaged": translate(
            "FileUploads", "The copy of this file on this computer is damaged; it is not sent."
        ),
        "file_missing": translate("FileUploads", "The file is no longer on this computer."),
        "file_unreadable": translate("FileUploads", "The file on this computer cannot be read."),
        "server_trouble": translate("FileUploads", "The server is having trouble; the file is sent later."),
        "blob_store_unavailable": translate(
            "FileUploads", "The server cannot store files right now; the file is sent later."
        ),
    }
    return texts.get(code or "") or code_text(code) or detail or code or ""


def complaint_refusal_text(exc: BaseException) -> str:
    """A refused complaint action: by its code, else by the field it names (the form's prompts)."""
    if not isinstance(exc, DomainError):
        return refusal_text(exc)
    field = exc.field or ""
    if exc.code == "invalid_complaint_transition":
        return translate("Complaints", "This step is not possible in the complaint's current status.")
    if exc.code == "no_change" and field == "escalation_level":
        return translate("Complaints", "The complaint is already with the administrator.")
    if exc.code == "no_change":
        return translate("Complaints", "The complaint already belongs to that person.")
    if exc.code == "not_permitted" and field == "escalation_level":
        return translate(
            "Complaints",
            "Only a supervisor or an administrator can escalate a complaint; it "
            "escalates by itself when its deadline passes.",
        )
    known = code_text(exc.code) if exc.code not in ("required", "not_permitted") else None
    if known:
        return known
    by_field = {
        "customer_id": translate("Complaints", "Choose the customer who complains."),
        "description": translate("Complaints", "Describe the complaint in the customer's words."),
        "channel": translate("Complaints", "Choose the channel the complaint came through."),
        "category": translate("Complaints", "Choose the category."),
        "severity": translate("Complaints", "Choose the severity."),
        "contact_id": translate("Complaints", "The contact belongs to another customer."),
        "visit_id": translate("Complaints", "The visit belongs to another customer."),
        "compensation_amount": translate(
            "Complaints",
            "Enter the amount of a refund or compensation as a number "
            "above zero (at most two decimals); other remedies have "
            "no amount.",
        ),
        "expectation_score": translate(
            "Complaints", "Enter both the expectation and the perceived score (1–5), or neither."
        ),
        "perceived_score": translate(
            "Complaints", "Enter both the expectation and the perceived score (1–5), or neither."
        ),
        "owner_id": translate("Complaints", "Choose an active colleague to take over the complaint."),
    }
    return by_field.get(field, exc.message)


def admin_error(exc: BaseException) -> str:
    """What to tell the admin when a call failed, in their language."""
    if isinstance(exc, Unreachable):
        return translate(
            "Admin",
            "The server cannot be reached, so nothing was changed. Administration works "
            "online only: check the network connection and try again.",
        )
    if (
        isinstance(exc, ServerRefused)
        and exc.status in (400, 404, 409, 422)
        and exc.code not in ("client_too_old", "server_too_old")
    ):
        return translate("Admin", "The server did not accept this: %1").replace("%1", str(exc))
    return describe_error(exc)
