"""The one exception family raised by domain rules.

Every rule that refuses an input raises a :class:`DomainError`. It subclasses
``ValueError`` so generic callers can still catch it, carries a stable machine ``code``
(for the sync protocol's ``rejected`` outcome, logs and tests, which must not depend on
wording) and a human ``message`` written for the person at the keyboard (shown in forms
and in the sync-issues list). Messages are English here; the UI may translate by ``code``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, TypeVar

E = TypeVar("E", bound=Enum)


class DomainError(ValueError):
    """A domain rule refused an input.

    ``code`` is stable and machine-readable (snake_case); ``message`` is for people;
    ``field`` names the offending input when there is one (forms highlight it);
    ``details`` holds structured values (e.g. expected and actual amounts).
    """

    code: str = "domain_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        **details: Any,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field
        self.details = details

    def __str__(self) -> str:
        return self.message


class InvalidValue(DomainError):
    """An input value is malformed or out of its allowed range."""

    code = "invalid_value"


class TransitionNotAllowed(DomainError):
    """A status change is not part of the workflow, or its preconditions are unmet."""

    code = "transition_not_allowed"


class ComplaintClosed(TransitionNotAllowed):
    """The complaint is closed: its details and its files stay as they were closed until it
    is reopened (``domain.complaints.check_open``)."""

    code = "complaint_closed"


class NotPermitted(DomainError):
    """The acting user's role or relation to the record does not allow the action."""

    code = "not_permitted"


class ReplicaOfAnotherUser(DomainError):
    """This laptop's database is another user's copy: logging in here would mix two people's data."""

    code = "replica_of_another_user"


class TotalsMismatch(DomainError):
    """Declared document totals disagree with the totals recomputed from its lines."""

    code = "totals_mismatch"


class AttachmentRefused(DomainError):
    """A file cannot be attached (or a stored one cannot be used); ``code`` says why.

    ``file_empty``, ``file_unreadable`` (missing, a folder, no permission),
    ``file_not_supported`` (not a photo or document type we take, whatever its name says;
    ``details["kind"]`` may name it, e.g. ``heic``), ``file_too_large`` (``details``:
    ``size`` and ``limit`` in bytes), ``file_damaged`` (the content is broken).
    ``details["file_name"]`` names the file so a sentence can say which one.
    """

    code = "file_refused"


def enum_value(kind: type[E], value: object, what: str, field: str) -> E:
    """``value`` as a member of the vocabulary ``kind``; otherwise :class:`InvalidValue`
    "Unknown <what> <value>." naming ``field``."""
    try:
        return kind(value)
    except ValueError:
        raise InvalidValue(f"Unknown {what} {value!r}.", field=field) from None
