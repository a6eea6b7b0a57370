"""The quote state machine, validity, and offline-safe quote numbers.

Workflow (docs/DOMAIN.md, Quotes 报价单)::

    draft ──────────────────────────────► sent ──► accepted | rejected | expired
      │  ▲                                  ▲
      ▼  │ returned with a comment          │
    pending_approval ──► approved ──────────┘

    cancelled: from any open state (draft, pending_approval, approved, sent)

Rules:

* ``draft → sent`` only when the quote needs no approval; otherwise it must go
  ``draft → pending_approval → approved → sent``. A rep may still ask for approval of a
  quote that does not need it.
* Deciding a pending quote (``→ approved``, or returning it ``→ draft`` with a
  non-blank comment) is for a supervisor or admin, never the quote's own rep — a
  supervisor's own quote goes to an admin. When the discount is given, the approver's
  own limit must cover it (a supervisor cannot approve 30 % against a 25 % limit).
* Everything else (submit, send, record the customer's answer, cancel) is for the
  quote's rep, or a supervisor/admin acting for them; another rep may not touch it.
* ``accepted``, ``rejected``, ``expired`` and ``cancelled`` are final; a changed offer is a
  new revision.

Quote numbers are ``<rep code>-<year>-<counter>`` (e.g. ``R03-2026-0042``): unique without
asking the server because each rep numbers only their own quotes, and a counter is never
reused, even after a cancellation, so a number on a printed document always means one quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from domain.enums import QuoteStatus, Role
from domain.errors import DomainError, InvalidValue, NotPermitted, TransitionNotAllowed, enum_value
from domain.pricing import can_approve, discount_limit

S = QuoteStatus

#: Statuses from which a quote may still change (and be cancelled).
OPEN_STATUSES: frozenset[QuoteStatus] = frozenset({S.DRAFT, S.PENDING_APPROVAL, S.APPROVED, S.SENT})
FINAL_STATUSES: frozenset[QuoteStatus] = frozenset({S.ACCEPTED, S.REJECTED, S.EXPIRED, S.CANCELLED})

#: Every allowed (from, to) move.
TRANSITIONS: frozenset[tuple[QuoteStatus, QuoteStatus]] = frozenset(
    {
        (S.DRAFT, S.PENDING_APPROVAL),
        (S.DRAFT, S.SENT),
        (S.PENDING_APPROVAL, S.APPROVED),
        (S.PENDING_APPROVAL, S.DRAFT),
        (S.APPROVED, S.SENT),
        (S.SENT, S.ACCEPTED),
        (S.SENT, S.REJECTED),
        (S.SENT, S.EXPIRED),
    }
    | {(status, S.CANCELLED) for status in OPEN_STATUSES}
)

_APPROVER_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


def _status(value: QuoteStatus | str, label: str) -> QuoteStatus:
    return enum_value(QuoteStatus, value, "quote status", label)


def _role(value: Role | str) -> Role:
    return enum_value(Role, value, "role", "role")


def allowed_targets(from_status: QuoteStatus | str) -> frozenset[QuoteStatus]:
    """The statuses a quote in ``from_status`` may move to (ignoring who acts)."""
    origin = _status(from_status, "from_status")
    return frozenset(to for frm, to in TRANSITIONS if frm is origin)


def check_transition(
    from_status: QuoteStatus | str,
    to_status: QuoteStatus | str,
    actor_role: Role | str,
    actor_id: str,
    quote_rep_id: str,
    needs_approval: bool,
    *,
    comment: str | None = None,
    discount_pct: Decimal | None = None,
    limits: Mapping[Role, Decimal] | None = None,
) -> None:
    """Return ``None`` if the move is allowed, else raise a readable :class:`DomainError`.

    ``needs_approval`` says whether the quote's discount is above its rep's limit (see
    :func:`domain.pricing.needs_approval`). ``comment`` is required to return a pending
    quote to draft. ``discount_pct`` (optional) lets an approval check the approver's
    own limit. Raises :class:`TransitionNotAllowed` for moves outside the workflow or
    unmet preconditions and :class:`NotPermitted` for the wrong person.
    """
    origin = _status(from_status, "from_status")
    target = _status(to_status, "to_status")
    role = _role(actor_role)

    if origin is target:
        raise TransitionNotAllowed(
            f"The quote is already {origin.value.replace('_', ' ')}.", code="no_change"
        )
    if origin in FINAL_STATUSES:
        raise TransitionNotAllowed(
            f"The quote is {origin.value} and can no longer change; create a new revision instead.",
            code="quote_final",
        )
    if (origin, target) not in TRANSITIONS:
        raise TransitionNotAllowed(
            f"A quote cannot go from {origin.value.replace('_', ' ')} to {target.value.replace('_', ' ')}.",
            code="invalid_quote_transition",
        )

    is_own = bool(actor_id) and actor_id == quote_rep_id

    if origin is S.PENDING_APPROVAL and target in (S.APPROVED, S.DRAFT):
        action = "approve" if target is S.APPROVED else "return"
        if role not in _APPROVER_ROLES:
            raise NotPermitted(
                f"Only a supervisor or an admin can {action} a quote waiting for approval.",
                code="approver_role_required",
            )
        if is_own:
            raise NotPermitted(
                f"You cannot {action} your own quote; another supervisor or an admin "
                "must decide on its discount.",
                code="own_quote_approval",
            )
        if target is S.DRAFT and (comment is None or not comment.strip()):
            raise TransitionNotAllowed(
                "Say why the quote is returned: a comment is required.",
                code="comment_required",
                field="comment",
            )
        if target is S.APPROVED and discount_pct is not None and not can_approve(role, discount_pct, limits):
            raise NotPermitted(
                f"A discount of {discount_pct}% is above the {role.value} limit of "
                f"{discount_limit(role, limits)}%; an admin must approve it.",
                code="above_approver_limit",
            )
        return None

    if role is Role.REP and not is_own:
        raise NotPermitted(
            "This quote belongs to another rep; only its rep, a supervisor or an admin can change it.",
            code="not_quote_owner",
        )
    if origin is S.DRAFT and target is S.SENT and needs_approval:
        raise TransitionNotAllowed(
            "The discount is above the rep's limit: submit the quote for approval before sending it.",
            code="approval_required",
        )
    return None


def can_transition(*args: Any, **kwargs: Any) -> bool:
    """Boolean form of :func:`check_transition` (the same arguments), for enabling buttons."""
    try:
        check_transition(*args, **kwargs)
    except DomainError:
        return False
    return True


# --------------------------------------------------------------------------- validity


def is_expired(valid_until: date | None, today: date) -> bool:
    """Whether a quote valid until ``valid_until`` (inclusive) has expired on ``today``.

    A quote is valid through its validity date and expired from the day after. No
    validity date means it never expires by itself.
    """
    if valid_until is None:
        return False
    return today > valid_until


def effective_status(status: QuoteStatus | str, valid_until: date | None, today: date) -> QuoteStatus:
    """The status to display: a *sent* quote past its validity date shows as expired.

    Only ``sent`` changes: a draft or pending quote past its date is still being worked
    on (the rep updates the date before sending), and final statuses never change.
    """
    current = _status(status, "status")
    if current is S.SENT and is_expired(valid_until, today):
        return S.EXPIRED
    return current


# --------------------------------------------------------------------------- numbering

_REP_CODE = re.compile(r"^[A-Za-z0-9]+$")
_NUMBER = re.compile(r"^(?P<rep>[A-Za-z0-9]+)-(?P<year>\d{4})-(?P<counter>\d{4,})$")
COUNTER_WIDTH = 4


class QuoteNumber(NamedTuple):
    """The parts of a quote number such as ``R03-2026-0042`` (unpacks as a triple)."""

    rep_code: str
    year: int
    counter: int

    def __str__(self) -> str:
        return format_quote_number(self.rep_code, self.year, self.counter)


def format_quote_number(rep_code: str, year: int, counter: int) -> str:
    """``format_quote_number("R03", 2026, 42)`` → ``"R03-2026-0042"``.

    The counter is zero-padded to four digits and simply grows wider past 9999. Rep
    codes are letters and digits only, so the number can be split back unambiguously.
    """
    code = rep_code.strip() if isinstance(rep_code, str) else rep_code
    if not isinstance(code, str) or not _REP_CODE.match(code):
        raise InvalidValue(
            f"The rep code {rep_code!r} must be letters and digits only (e.g. R03).",
            field="rep_code",
        )
    if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
        raise InvalidValue(f"The year {year!r} must be a four-digit year.", field="year")
    if isinstance(counter, bool) or not isinstance(counter, int) or counter < 1:
        raise InvalidValue(
            f"The quote counter must be a whole number from 1 (got {counter!r}).",
            field="counter",
        )
    return f"{code}-{year:04d}-{counter:0{COUNTER_WIDTH}d}"


def parse_quote_number(number: str) -> QuoteNumber:
    """Split ``"R03-2026-0042"`` into ``QuoteNumber("R03", 2026, 42)``; raise if malformed."""
    match = _NUMBER.match(number.strip()) if isinstance(number, str) else None
    if match is None or int(match["counter"]) < 1:
        raise InvalidValue(f"{number!r} is not a quote number like R03-2026-0042.", field="number")
    return QuoteNumber(match["rep"], int(match["year"]), int(match["counter"]))


def next_counter(
    existing_numbers_for_rep_year: Iterable[str | int],
    *,
    rep_code: str | None = None,
    year: int | None = None,
) -> int:
    """The next counter: one more than the highest ever used (1 when none).

    Taking max + 1 rather than filling gaps means a number freed by a cancelled or
    deleted quote is never handed out again. Items may be full quote numbers or bare
    counters. With ``rep_code``/``year`` given, numbers of other reps or years are
    ignored (so the whole local list can be passed); strings that are not quote numbers
    of this scheme (e.g. imported legacy numbers) cannot collide and are ignored.
    """
    highest = 0
    for item in existing_numbers_for_rep_year:
        if isinstance(item, bool):
            continue
        if isinstance(item, int):
            highest = max(highest, item)
            continue
        try:
            parsed = parse_quote_number(item)
        except InvalidValue:
            continue
        if rep_code is not None and parsed.rep_code != rep_code.strip():
            continue
        if year is not None and parsed.year != year:
            continue
        highest = max(highest, parsed.counter)
    return highest + 1
