"""Quote workflow, validity and numbering."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.enums import QuoteStatus as S
from domain.enums import Role
from domain.errors import DomainError, InvalidValue, NotPermitted, TransitionNotAllowed
from domain.quote_lifecycle import (
    QuoteNumber,
    allowed_targets,
    can_transition,
    check_transition,
    effective_status,
    format_quote_number,
    is_expired,
    next_counter,
    parse_quote_number,
)

REP = "rep-1"
OTHER_REP = "rep-2"
SUP = "sup-1"
ADMIN = "admin-1"


def refusal(error: type[DomainError], match: str, *transition, **options) -> DomainError:
    """The error ``check_transition`` raises for ``transition``, checked to be ``error`` saying ``match``."""
    with pytest.raises(error, match=match) as caught:
        check_transition(*transition, **options)
    return caught.value


# --------------------------------------------------------------------------- happy paths


def test_draft_to_sent_directly_when_no_approval_needed() -> None:
    assert check_transition(S.DRAFT, S.SENT, Role.REP, REP, REP, False) is None


def test_draft_cannot_be_sent_when_approval_is_needed() -> None:
    assert (
        refusal(
            TransitionNotAllowed, "submit the quote for approval", S.DRAFT, S.SENT, Role.REP, REP, REP, True
        ).code
        == "approval_required"
    )


def test_full_approval_path() -> None:
    check_transition(S.DRAFT, S.PENDING_APPROVAL, Role.REP, REP, REP, True)
    check_transition(S.PENDING_APPROVAL, S.APPROVED, Role.SUPERVISOR, SUP, REP, True)
    check_transition(S.APPROVED, S.SENT, Role.REP, REP, REP, True)
    check_transition(S.SENT, S.ACCEPTED, Role.REP, REP, REP, True)


@pytest.mark.parametrize("outcome", [S.ACCEPTED, S.REJECTED, S.EXPIRED])
def test_sent_quote_outcomes(outcome: S) -> None:
    assert check_transition(S.SENT, outcome, Role.REP, REP, REP, False) is None


@pytest.mark.parametrize("origin", [S.DRAFT, S.PENDING_APPROVAL, S.APPROVED, S.SENT])
def test_cancel_from_every_open_state(origin: S) -> None:
    assert check_transition(origin, S.CANCELLED, Role.REP, REP, REP, True) is None


@pytest.mark.parametrize("final", [S.ACCEPTED, S.REJECTED, S.EXPIRED, S.CANCELLED])
@pytest.mark.parametrize("target", list(S))
def test_final_states_never_change(final: S, target: S) -> None:
    with pytest.raises(TransitionNotAllowed):
        check_transition(final, target, Role.ADMIN, ADMIN, REP, False)


def test_final_state_message_suggests_a_revision() -> None:
    with pytest.raises(TransitionNotAllowed, match="new revision"):
        check_transition(S.ACCEPTED, S.CANCELLED, Role.REP, REP, REP, False)


@pytest.mark.parametrize(
    ("origin", "target"),
    [
        (S.DRAFT, S.APPROVED),  # skipping the approval step
        (S.DRAFT, S.ACCEPTED),
        (S.DRAFT, S.EXPIRED),
        (S.PENDING_APPROVAL, S.SENT),  # sending before the decision
        (S.PENDING_APPROVAL, S.REJECTED),
        (S.APPROVED, S.ACCEPTED),
        (S.APPROVED, S.PENDING_APPROVAL),
        (S.SENT, S.DRAFT),
        (S.SENT, S.APPROVED),
    ],
)
def test_moves_outside_the_workflow_are_refused(origin: S, target: S) -> None:
    with pytest.raises(TransitionNotAllowed, match="cannot go from"):
        check_transition(origin, target, Role.ADMIN, ADMIN, REP, False)


def test_same_status_is_not_a_transition() -> None:
    with pytest.raises(TransitionNotAllowed, match="already draft"):
        check_transition(S.DRAFT, S.DRAFT, Role.REP, REP, REP, False)


def test_allowed_targets() -> None:
    assert allowed_targets(S.DRAFT) == {S.PENDING_APPROVAL, S.SENT, S.CANCELLED}
    assert allowed_targets(S.PENDING_APPROVAL) == {S.APPROVED, S.DRAFT, S.CANCELLED}
    assert allowed_targets(S.SENT) == {S.ACCEPTED, S.REJECTED, S.EXPIRED, S.CANCELLED}
    assert allowed_targets(S.CANCELLED) == frozenset()


# --------------------------------------------------------------------------- who decides


def test_rep_cannot_approve_their_own_discount() -> None:
    with pytest.raises(NotPermitted, match="Only a supervisor or an admin"):
        check_transition(S.PENDING_APPROVAL, S.APPROVED, Role.REP, REP, REP, True)


def test_rep_cannot_approve_another_reps_quote_either() -> None:
    with pytest.raises(NotPermitted):
        check_transition(S.PENDING_APPROVAL, S.APPROVED, Role.REP, OTHER_REP, REP, True)


def test_supervisor_cannot_approve_their_own_quote() -> None:
    assert (
        refusal(
            NotPermitted, "your own quote", S.PENDING_APPROVAL, S.APPROVED, Role.SUPERVISOR, SUP, SUP, True
        ).code
        == "own_quote_approval"
    )


def test_admin_may_approve_a_supervisors_quote_but_not_their_own() -> None:
    check_transition(S.PENDING_APPROVAL, S.APPROVED, Role.ADMIN, ADMIN, SUP, True)
    with pytest.raises(NotPermitted):
        check_transition(S.PENDING_APPROVAL, S.APPROVED, Role.ADMIN, ADMIN, ADMIN, True)


def test_return_to_draft_needs_a_comment() -> None:
    for blank in (None, "", "   ", "\u3000"):
        with pytest.raises(TransitionNotAllowed, match="comment is required"):
            check_transition(S.PENDING_APPROVAL, S.DRAFT, Role.SUPERVISOR, SUP, REP, True, comment=blank)
    assert (
        check_transition(S.PENDING_APPROVAL, S.DRAFT, Role.SUPERVISOR, SUP, REP, True, comment="Max 15 %")
        is None
    )


def test_rep_cannot_return_their_own_pending_quote() -> None:
    with pytest.raises(NotPermitted):
        check_transition(S.PENDING_APPROVAL, S.DRAFT, Role.REP, REP, REP, True, comment="oops")


def test_supervisor_cannot_approve_beyond_their_own_limit() -> None:
    with pytest.raises(NotPermitted, match="an admin must approve it"):
        check_transition(
            S.PENDING_APPROVAL, S.APPROVED, Role.SUPERVISOR, SUP, REP, True, discount_pct=D("30")
        )
    check_transition(S.PENDING_APPROVAL, S.APPROVED, Role.SUPERVISOR, SUP, REP, True, discount_pct=D("25"))
    check_transition(S.PENDING_APPROVAL, S.APPROVED, Role.ADMIN, ADMIN, REP, True, discount_pct=D("30"))


def test_another_rep_cannot_touch_the_quote() -> None:
    assert (
        refusal(NotPermitted, "belongs to another rep", S.DRAFT, S.SENT, Role.REP, OTHER_REP, REP, False).code
        == "not_quote_owner"
    )
    with pytest.raises(NotPermitted):
        check_transition(S.SENT, S.CANCELLED, Role.REP, OTHER_REP, REP, False)


def test_supervisor_may_act_for_the_rep() -> None:
    check_transition(S.APPROVED, S.SENT, Role.SUPERVISOR, SUP, REP, True)
    check_transition(S.SENT, S.ACCEPTED, Role.ADMIN, ADMIN, REP, False)


def test_can_transition_boolean_form() -> None:
    assert can_transition(S.DRAFT, S.SENT, Role.REP, REP, REP, False)
    assert not can_transition(S.DRAFT, S.SENT, Role.REP, REP, REP, True)


def test_strings_are_accepted_and_unknown_values_are_readable_errors() -> None:
    assert check_transition("draft", "sent", "rep", REP, REP, False) is None
    with pytest.raises(InvalidValue, match="Unknown quote status"):
        check_transition("drafted", "sent", "rep", REP, REP, False)
    with pytest.raises(InvalidValue, match="Unknown role"):
        check_transition("draft", "sent", "manager", REP, REP, False)


def test_errors_are_domain_errors_and_value_errors() -> None:
    with pytest.raises(ValueError):
        check_transition(S.DRAFT, S.ACCEPTED, Role.REP, REP, REP, False)
    with pytest.raises(DomainError):
        check_transition(S.DRAFT, S.ACCEPTED, Role.REP, REP, REP, False)


# --------------------------------------------------------------------------- validity


def test_is_expired_is_inclusive_of_the_validity_date() -> None:
    assert not is_expired(date(2026, 3, 31), date(2026, 3, 30))
    assert not is_expired(date(2026, 3, 31), date(2026, 3, 31))  # valid through the day
    assert is_expired(date(2026, 3, 31), date(2026, 4, 1))
    assert not is_expired(None, date(2099, 1, 1))


def test_effective_status_marks_sent_quotes_expired() -> None:
    until = date(2026, 3, 31)
    assert effective_status(S.SENT, until, date(2026, 4, 1)) is S.EXPIRED
    assert effective_status(S.SENT, until, date(2026, 3, 31)) is S.SENT
    # only sent quotes change: drafts are still being edited, final states stay
    assert effective_status(S.DRAFT, until, date(2026, 4, 1)) is S.DRAFT
    assert effective_status(S.ACCEPTED, until, date(2026, 4, 1)) is S.ACCEPTED
    assert effective_status("sent", None, date(2026, 4, 1)) is S.SENT


# --------------------------------------------------------------------------- numbering


@pytest.mark.parametrize(
    ("code", "year", "counter", "number"),
    [
        ("R03", 2026, 42, "R03-2026-0042"),
        ("R03", 2026, 1, "R03-2026-0001"),
        ("ZHANG7", 2025, 9999, "ZHANG7-2025-9999"),
        ("R03", 2026, 12345, "R03-2026-12345"),  # grows past four digits
    ],
)
def test_format_and_parse_round_trip(code: str, year: int, counter: int, number: str) -> None:
    assert format_quote_number(code, year, counter) == number
    assert parse_quote_number(number) == QuoteNumber(code, year, counter)
    assert str(parse_quote_number(number)) == number


@pytest.mark.parametrize(
    ("code", "year", "counter"),
    [("R-03", 2026, 1), ("", 2026, 1), ("R 3", 2026, 1), ("R03", 26, 1), ("R03", 2026, 0), ("R03", 2026, -4)],
)
def test_format_rejects_bad_parts(code: str, year: int, counter: int) -> None:
    with pytest.raises(InvalidValue):
        format_quote_number(code, year, counter)


@pytest.mark.parametrize(
    "bad", ["", "R03-2026", "R03-2026-42", "R03-26-0042", "R03_2026_0042", "R03-2026-0000", "X-Y-Z"]
)
def test_parse_rejects_malformed_numbers(bad: str) -> None:
    with pytest.raises(InvalidValue, match="not a quote number"):
        parse_quote_number(bad)


def test_next_counter_starts_at_one() -> None:
    assert next_counter([]) == 1


def test_next_counter_never_reuses_gaps() -> None:
    # 0002 was cancelled and deleted locally: still the next is 4, never 2
    assert next_counter(["R03-2026-0001", "R03-2026-0003"]) == 4
    assert next_counter([1, 7, 3]) == 8


def test_next_counter_filters_by_rep_and_year() -> None:
    numbers = ["R03-2026-0005", "R03-2025-0090", "R04-2026-0100", "legacy-123"]
    assert next_counter(numbers, rep_code="R03", year=2026) == 6
    assert next_counter(numbers, rep_code="R03", year=2027) == 1


def test_parsed_number_unpacks_as_a_triple() -> None:
    rep, year, counter = parse_quote_number("R03-2026-0042")
    assert (rep, year, counter) == ("R03", 2026, 42)
    assert parse_quote_number("R03-2026-0042") == ("R03", 2026, 42)
