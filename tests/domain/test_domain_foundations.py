"""The shared pieces: DomainError, exact decimal helpers, UTC times."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal as D

import pytest

from domain.errors import DomainError, InvalidValue, NotPermitted, TotalsMismatch, TransitionNotAllowed
from domain.money import money, round_half_up, safe_ratio, to_decimal
from domain.timeutil import ensure_utc, optional_utc


def test_domain_error_has_code_message_and_field() -> None:
    error = DomainError(
        "The quantity must be greater than 0.", code="quantity_not_positive", field="quantity"
    )
    assert isinstance(error, ValueError)
    assert error.code == "quantity_not_positive"
    assert error.message == str(error) == "The quantity must be greater than 0."
    assert error.field == "quantity"


def test_subclasses_have_stable_default_codes() -> None:
    assert InvalidValue("x").code == "invalid_value"
    assert TransitionNotAllowed("x").code == "transition_not_allowed"
    assert NotPermitted("x").code == "not_permitted"
    assert TotalsMismatch("x", total=D("1")).details == {"total": D("1")}
    assert DomainError("x").code == "domain_error"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("0.125", 2, "0.13"),  # half-up, not half-even (0.12)
        ("0.135", 2, "0.14"),
        ("-0.125", 2, "-0.13"),  # halves away from zero
        ("2.5", 0, "3"),
        ("1.23456", 4, "1.2346"),
    ],
)
def test_round_half_up(value: str, places: int, expected: str) -> None:
    assert round_half_up(D(value), places) == D(expected)


def test_to_decimal_accepts_exact_inputs_only() -> None:
    assert to_decimal(" 1.50 ") == D("1.50")
    assert to_decimal(3) == D(3)
    for bad in (0.1, True, None, "1,5", "NaN", "Infinity", [1]):
        with pytest.raises(InvalidValue):
            to_decimal(bad, "price")


def test_money_refuses_sub_cent_amounts() -> None:
    assert money("12.3") == D("12.30")
    with pytest.raises(InvalidValue, match="more than two decimal places"):
        money("12.345")


def test_safe_ratio() -> None:
    assert safe_ratio(D("1"), D("3")) == D("0.3333")
    assert safe_ratio(D("2"), D("3"), 2) == D("0.67")
    assert safe_ratio(D("5"), D("0")) is None
    assert safe_ratio(D("0"), D("5")) == D("0")


def test_ensure_utc() -> None:
    beijing = timezone(timedelta(hours=8))
    moment = ensure_utc(datetime(2026, 3, 1, 8, 0, tzinfo=beijing))
    assert moment == datetime(2026, 3, 1, 0, 0, tzinfo=timezone.utc)
    assert moment.tzinfo == timezone.utc
    with pytest.raises(InvalidValue, match="no time zone") as caught:
        ensure_utc(datetime(2026, 3, 1), "check-in time")
    assert caught.value.code == "naive_datetime"
    assert "check-in time" in caught.value.message
    assert optional_utc(None) is None


def test_the_organisation_time_zone_must_be_a_known_iana_zone():
    from domain.org_settings import DEFAULT_TIME_ZONE, time_zone_from_json, time_zone_to_json

    assert DEFAULT_TIME_ZONE == "Asia/Shanghai"
    assert time_zone_from_json(time_zone_to_json("Europe/Berlin")) == "Europe/Berlin"
    for bad in ("Mars/Olympus", "", "../../etc/passwd", None):
        with pytest.raises(InvalidValue) as refused:
            time_zone_to_json(bad)
        assert refused.value.code == "unknown_time_zone"
    with pytest.raises(InvalidValue):
        time_zone_from_json(["Asia/Shanghai"])
