"""Who may write what: the rules every change of a synced row must pass.

They run twice: on the laptop before a change enters the outbox (so the rep sees the
problem while still with the customer) and on the server for every pushed mutation (the
authority). Both sides give the rules an :class:`Access` that answers questions only a
database can (does this user cover that customer?), so the rules themselves stay pure.

Per-entity workflow rules (quote and complaint status changes) come from their own
modules; this module decides which of them apply to a change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from domain import attachments, complaints, quote_lifecycle
from domain.enums import ComplaintStatus, Role, VisitStatus
from domain.errors import ComplaintClosed, DomainError, NotPermitted, TransitionNotAllowed
from domain.pricing import QuoteLineInput, max_discount_pct, needs_approval
from domain.schema import Entity, Scope

INSERT, UPDATE, DELETE = "insert", "update", "delete"

# What describes an attachment's file and where it hangs: fixed once attached, for every
# role (the bytes are addressed by the hash; another file is another attachment).
ATTACHMENT_FIXED = (
    "customer_id",
    "parent_type",
    "parent_id",
    "sha256",
    "size_bytes",
    "mime_type",
    "file_name",
    "created_by",
    "created_at",
    "captured_at",
    "latitude",
    "longitude",
)
OPS = (INSERT, UPDATE, DELETE)

# Fields that name the person who did something: a user may only put themselves there.
AUTHOR_FIELDS: Mapping[str, tuple[str, ...]] = {
    "visit": ("rep_id", "reviewed_by"),
    "quote": ("rep_id", "approved_by"),
    "complaint": ("recorded_by",),
    "payment": ("rep_id",),
    "attachment": ("created_by",),
}

# Fields a rep may not edit but must (or may) fill when creating a row; anything else a
# rep may not write is refused.
REP_SETS_ON_INSERT: Mapping[str, frozenset[str]] = {
    "customer": frozenset({"territory_id", "owner_id", "created_at"}),
    "contact": frozenset({"customer_id"}),
    "visit": frozenset({"customer_id", "rep_id"}),
    "quote": frozenset({"customer_id", "rep_id"}),
    "quote_line": frozenset({"customer_id"}),
    "complaint": frozenset({"customer_id", "recorded_by"}),
    "payment": frozenset({"customer_id", "rep_id"}),
    "attachment": frozenset(ATTACHMENT_FIXED),
}

# Visit review (稽查): submitted logs are approved or returned by a supervisor; a returned
# log goes back to its rep, who corrects and resubmits it.
_VISIT_MOVES: Mapping[tuple[VisitStatus, VisitStatus], frozenset[Role]] = {
    (VisitStatus.PLANNED, VisitStatus.IN_PROGRESS): frozenset({Role.REP, Role.SUPERVISOR, Role.ADMIN}),
    (VisitStatus.PLANNED, VisitStatus.SUBMITTED): frozenset({Role.REP, Role.SUPERVISOR, Role.ADMIN}),
    (VisitStatus.PLANNED, VisitStatus.CANCELLED): frozenset({Role.REP, Role.SUPERVISOR, Role.ADMIN}),
    (VisitStatus.IN_PROGRESS, VisitStatus.SUBMITTED): frozenset({Role.REP, Role.SUPERVISOR, Role.ADMIN}),
    (VisitStatus.IN_PROGRESS, VisitStatus.CANCELLED): frozenset({Role.REP, Role.SUPERVISOR, Role.ADMIN}),
    (VisitStatus.SUBMITTED, VisitStatus.APPROVED): frozenset({Role.SUPERVISOR, Role.ADMIN}),
    (VisitStatus.SUBMITTED, VisitStatus.RETURNED): frozenset({Role.SUPERVISOR, Role.ADMIN}),
    (VisitStatus.RETURNED, VisitStatus.SUBMITTED): frozenset({Role.REP, Role.SUPERVISOR, Role.ADMIN}),
}


@dataclass(frozen=True)
class Actor:
    id: str
    role: Role


class Access(Protocol):
    """What the rules need to know from a database."""

    def covers_customer(self, customer_id: str) -> bool: ...

    def covers_territory(self, territory_id: str) -> bool: ...

    def quote_needs_approval(self, quote: Mapping[str, Any]) -> bool: ...

    def parent_customer(self, entity: str, row_id: str) -> str | None:
        """The customer of a live (not deleted) row of ``entity``, None if there is none."""
        ...

    def parent_status(self, entity: str, row_id: str) -> str | None:
        """The status of a live row of ``entity`` (one with a status), None if there is none."""
        ...


def check_write(
    entity: Entity,
    op: str,
    actor: Actor,
    old: Mapping[str, Any] | None,
    changes: Mapping[str, Any],
    access: Access,
) -> None:
    """Raise a :class:`DomainError` (code, readable message, field) if the change is refused.

    ``old`` is the row before the change (None for an insert); ``changes`` holds the new
    values of the fields being written, already type-checked.
    """
    if op not in OPS:
        raise DomainError(f"Unknown operation {op!r}.", code="invalid_operation")
    role = Role(actor.role)
    if entity.server_written:
        raise NotPermitted(
            "Organisation settings are changed online, in Administration → Settings.", code="server_written"
        )
    if entity.scope is not Scope.CUSTOMER:
        if role is not Role.ADMIN:
            raise NotPermitted("Only an administrator can change this.", code="admin_only")
        return
    after = {**(old or {}), **changes}
    customer_id = after.get("id") if entity.name == "customer" else after.get("customer_id")

    # Scope: the row must belong to a customer this user covers.
    if role is not Role.ADMIN:
        if op == INSERT and entity.name == "customer":
            if not after.get("territory_id") or not access.covers_territory(after["territory_id"]):
                raise NotPermitted(
                    "You can only create customers in your own territories.",
                    code="out_of_scope",
                    field="territory_id",
                )
        elif not customer_id or not access.covers_customer(customer_id):
            raise NotPermitted(
                "This customer is not assigned to you.", code="out_of_scope", field="customer_id"
            )
        if (
            old is not None
            and entity.name != "customer"
            and "customer_id" in changes
            and changes["customer_id"] != old.get("customer_id")
        ):
            raise NotPermitted(
                "A record cannot be moved to another customer.", code="not_permitted", field="customer_id"
            )

    # Nobody may sign in someone else's name.
    for name in AUTHOR_FIELDS.get(entity.name, ()):
        if (
            name in changes
            and changes[name] is not None
            and changes[name] != actor.id
            and role is not Role.ADMIN
        ):
            raise NotPermitted(
                "A record can only be made or approved in your own name.", code="forged_author", field=name
            )

    _check_server_fields(entity, op, old, changes)
    if role is Role.REP:
        _check_rep_fields(entity, op, actor, old, changes)
    if entity.name == "complaint" and old is not None:
        _check_closed_complaint(op, old, changes)
    if entity.name == "attachment":
        hangs_on = after if old is None else old  # where it hangs: fixed once attached
        check_files_open(str(hangs_on.get("parent_type") or ""), str(hangs_on.get("parent_id") or ""), access)

    if op == DELETE:
        if (
            entity.name == "attachment"
            and role is Role.REP
            and old is not None
            and old.get("created_by") != actor.id
        ):
            raise NotPermitted(
                "Only whoever attached a file, or a supervisor, can remove it.", code="not_permitted"
            )
        return
    status_moves = old is not None and "status" in changes and changes["status"] != old["status"]
    if entity.name == "quote" and status_moves:
        quote_lifecycle.check_transition(
            old["status"],
            changes["status"],
            role,
            actor.id,
            after["rep_id"],
            access.quote_needs_approval(after),
            comment=after.get("approval_comment"),
        )
    elif (
        entity.name == "quote"
        and old is None
        and after.get("status") not in (None, "draft", "pending_approval")
    ):
        raise TransitionNotAllowed(
            "A new quote starts as a draft.", code="invalid_quote_transition", field="status"
        )
    if entity.name == "complaint":
        _check_complaint_owner(role, actor, old, changes)
    if entity.name == "complaint" and status_moves:
        complaints.check_transition(
            old["status"],
            changes["status"],
            role,
            actor.id,
            after["owner_id"],
            root_cause=after.get("root_cause"),
            resolution=after.get("resolution"),
            satisfaction=after.get("satisfaction"),
            reason=after.get("reopen_reason"),
        )
    if entity.name == "visit" and status_moves:
        _check_visit_move(old, changes, role, actor)
    if entity.name == "attachment":
        _check_attachment(op, role, actor, old, changes, after, access)


def _check_server_fields(entity: Entity, op: str, old, changes) -> None:
    """Classifications and the credit policy's limit and terms are the server's: a pushed
    value would be applied and then silently replaced by the next classification run."""
    for f in entity.fields:
        if not f.server_written or f.name not in changes:
            continue
        new = changes[f.name]
        if (new is None) if op == INSERT else (old is not None and _same(old.get(f.name), new)):
            continue
        if f.name in ("credit_limit", "payment_terms_days"):
            message = (
                "The credit limit and payment terms follow the credit policy of the customer's credit grade. "
                "To set them by hand, a supervisor or administrator sets an override with a reason "
                "(Administration → Classification)."
            )
        elif entity.name == "attachment":
            message = (
                f"{f.name.replace('_', ' ').capitalize()} is set by the server when the file's bytes "
                "have arrived; a laptop never sends it."
            )
        else:
            message = (
                f"{f.name.replace('_', ' ').capitalize()} is computed by the server's classification. "
                "To fix it by hand, a supervisor or administrator sets an override with a reason "
                "(Administration → Classification)."
            )
        raise NotPermitted(message, code="server_computed", field=f.name)


def _check_rep_fields(entity: Entity, op: str, actor: Actor, old, changes) -> None:
    allowed_on_insert = REP_SETS_ON_INSERT.get(entity.name, frozenset())
    for f in entity.fields:
        if f.rep_writable or f.name not in changes:
            continue
        new = changes[f.name]
        if op == INSERT:
            if f.name in allowed_on_insert or new is None:
                continue
        elif old is not None and _same(old.get(f.name), new):
            continue
        raise NotPermitted(
            f"Only a supervisor or administrator can change {f.name.replace('_', ' ')}.",
            code="field_not_writable",
            field=f.name,
        )
    if op == INSERT and entity.name == "customer" and changes.get("owner_id") not in (None, actor.id):
        raise NotPermitted("A customer you create is owned by you.", code="forged_author", field="owner_id")


def _check_complaint_owner(role: Role, actor: Actor, old, changes) -> None:
    """First-contact ownership (首问负责制): whoever records a complaint owns it until it is
    handed over explicitly; a new complaint starts as new."""
    if old is None:
        if changes.get("status") not in (None, "new"):
            raise TransitionNotAllowed(
                "A new complaint starts as new.", code="invalid_complaint_transition", field="status"
            )
        if role is not Role.ADMIN and changes.get("owner_id") != changes.get("recorded_by"):
            raise NotPermitted("Whoever records a complaint owns it.", code="forged_author", field="owner_id")
        return
    if "owner_id" in changes and changes["owner_id"] != old.get("owner_id"):
        complaints.check_handover(
            role, actor.id, old["owner_id"], changes["owner_id"], status=old.get("status")
        )


def _check_closed_complaint(op: str, old: Mapping[str, Any], changes: Mapping[str, Any]) -> None:
    """A closed complaint takes one change, whoever makes it: its reopening (a status move,
    with the fields reopening writes; ``complaints.check_transition`` judges the move and
    who makes it). Fields sent with their current value change nothing and pass.

    The reopening clears the last round (``REOPEN_CLEARS``): judged on the values the row
    will hold, so a reopen that sets one of them, or omits one that is still set, is refused
    — the laptop's own reopen sends them all cleared."""
    if old.get("status") != ComplaintStatus.CLOSED.value:
        return
    changed = [name for name, value in changes.items() if not _same(old.get(name), value)]
    if op != DELETE and not changed:
        return
    if op != DELETE and "status" in changed and set(changed) <= complaints.REOPEN_FIELDS:
        kept = next((n for n in complaints.REOPEN_CLEARS if changes.get(n, old.get(n)) is not None), None)
        if kept is None:
            return
        raise ComplaintClosed(
            "Reopening a closed complaint clears its resolution time, closing time and "
            f"follow-up scores, but this change leaves the {kept.replace('_', ' ')} set.",
            field=kept,
        )
    complaints.check_open(
        old["status"], field=next((n for n in changed if n not in complaints.REOPEN_FIELDS), None)
    )


def check_files_open(parent_type: str, parent_id: str, access: Access) -> None:
    """Files hang on their record as its details do: a closed complaint's files are neither
    added, changed nor removed until it is reopened (raises ``ComplaintClosed``). Records of
    the other kinds take files whatever their status."""
    if parent_type == "complaint":
        complaints.check_open(access.parent_status("complaint", parent_id))


def _check_attachment(op: str, role: Role, actor: Actor, old, changes, after, access: Access) -> None:
    """Whoever may write the parent record may attach to it (its customer's scope, checked
    above); the attachment must hang on a live record of the customer it names."""
    if op == UPDATE and old is not None:
        for name in ATTACHMENT_FIXED:
            if name in changes and not _same(old.get(name), changes[name]):
                raise NotPermitted(
                    "An attached file cannot be changed; attach the new file instead.",
                    code="attachment_fixed",
                    field=name,
                )
        return
    sha = str(after.get("sha256") or "")
    if not attachments.is_sha256(sha):
        raise DomainError(
            "The file's SHA-256 must be 64 lowercase hexadecimal digits.",
            code="invalid_value",
            field="sha256",
        )
    size = after.get("size_bytes")
    if not isinstance(size, int) or size < 1 or size > attachments.MAX_BYTES:
        raise DomainError(
            f"A file must have between 1 byte and {attachments.MAX_BYTES // (1024 * 1024)} MB.",
            code="invalid_value",
            field="size_bytes",
        )
    parent_type, parent_id = str(after.get("parent_type") or ""), str(after.get("parent_id") or "")
    if parent_type not in attachments.PARENTS:
        raise DomainError(
            "A file can be attached to a visit, complaint, quote or customer.",
            code="invalid_value",
            field="parent_type",
        )
    if access.parent_customer(parent_type, parent_id) != after.get("customer_id"):
        raise NotPermitted(
            "The record this file is attached to does not exist or belongs to another customer.",
            code="invalid_parent",
            field="parent_id",
        )


def _check_visit_move(old, changes, role: Role, actor: Actor) -> None:
    frm, to = VisitStatus(old["status"]), VisitStatus(changes["status"])
    allowed = _VISIT_MOVES.get((frm, to))
    if allowed is None:
        raise TransitionNotAllowed(
            f"A visit cannot go from {frm.value} to {to.value}.",
            code="invalid_visit_transition",
            field="status",
        )
    if role not in allowed or (
        to in (VisitStatus.APPROVED, VisitStatus.RETURNED) and old.get("rep_id") == actor.id
    ):
        raise NotPermitted(
            "Only the rep's supervisor can approve or return a visit log.",
            code="not_permitted",
            field="status",
        )
    # The comment must come with this return: a resubmitted log still carries the last one.
    comment = changes.get("review_comment")
    if to is VisitStatus.RETURNED and not (comment and str(comment).strip()):
        raise TransitionNotAllowed(
            "Say what needs fixing: a comment is required to return a visit log.",
            code="comment_required",
            field="review_comment",
        )


# --------------------------------------------------------------------------- quote approval facts
# Both sides' ``Access.quote_needs_approval`` read the rows from their own database and hand
# them to these two functions, so the laptop and the server decide "needs approval" alike.

#: Which price list a customer of each value tier gets, in order of preference. A tier
#: without a list of its own falls through to the next entry: major customers share the
#: VIP list (as the demo catalogue's "VIP及主要客户价格表" does); a list without a tier is
#: the general list; customers not yet classified get the general, then the ordinary list.
PRICE_LIST_TIERS: Mapping[str | None, tuple[str | None, ...]] = {
    "vip": ("vip", None),
    "major": ("major", "vip", None),
    "ordinary": ("ordinary", None),
    "small": ("small", None),
    None: (None, "ordinary"),
}


def choose_price_list(
    price_lists: Iterable[Mapping[str, Any]], tier: str | None, on: date | None
) -> Mapping[str, Any] | None:
    """The price list that applies to a customer of ``tier`` on ``on`` (None: no list → list prices).

    Only active, not deleted lists valid on that day count (``valid_from``/``valid_to``
    inclusive, open when empty). Among several candidates for the same tier the one that
    started last wins (then the highest id, so the choice never depends on row order).
    """
    usable = [
        pl
        for pl in price_lists
        if pl.get("active") is not False
        and not pl.get("deleted")
        and (on is None or pl.get("valid_from") is None or pl["valid_from"] <= on)
        and (on is None or pl.get("valid_to") is None or on <= pl["valid_to"])
    ]
    for wanted in PRICE_LIST_TIERS.get(tier, (tier, None)):
        matching = [pl for pl in usable if (pl.get("tier") or None) == wanted]
        if matching:
            return max(matching, key=lambda pl: (pl.get("valid_from") or date.min, str(pl.get("id") or "")))
    return None


def quote_discount_pct(
    quote: Mapping[str, Any],
    lines: Iterable[Mapping[str, Any]],
    reference_price: Callable[[Mapping[str, Any]], Decimal | None],
) -> Decimal:
    """The effective discount of a quote (``domain.pricing.max_discount_pct``) from its stored lines.

    ``reference_price(line)`` is the price-list price the line's unit price is measured
    against (None for a free-text line: its own unit price), so typing a price below the
    customer's price list counts as a discount just like a discount percent does.
    """
    inputs = [
        QuoteLineInput(
            quantity=line["quantity"],
            unit_price=line["unit_price"],
            discount_pct=line.get("discount_pct") or Decimal(0),
            tax_rate=line.get("tax_rate") or Decimal(0),
            reference_price=reference_price(line),
        )
        for line in lines
    ]
    return max_discount_pct(inputs, quote.get("header_discount_pct") or Decimal(0))


def quote_discount_needs_approval(discount_pct: Decimal, rep_role: Role | str | None) -> bool:
    """Whether a quote with this effective discount must be approved before it is sent.

    Measured against the limit of the quote's rep (a supervisor's own quote against the
    supervisor limit; unknown roles count as reps).
    """
    try:
        role = Role(rep_role) if rep_role else Role.REP
    except ValueError:
        role = Role.REP
    return needs_approval(discount_pct, role)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        try:
            return Decimal(str(a)) == Decimal(str(b))
        except ArithmeticError:
            return False
    return a == b
