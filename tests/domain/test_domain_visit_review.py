"""The visit-log exception rules (稽查), pure: too short, no notes, far away, logged late,
and the stored form of the admin's thresholds."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from domain.errors import InvalidValue
from domain.visit_review import (
    DEFAULT_THRESHOLDS,
    ReviewThresholds,
    VisitFlag,
    haversine_km,
    thresholds_from_json,
    thresholds_to_json,
    visit_exceptions,
    visit_flags,
)

UTC = timezone.utc
D = Decimal


T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def flags(**kw) -> VisitFlag:
    base = dict(
        check_in_at=T0,
        check_out_at=T0 + timedelta(minutes=30),
        server_received_at=T0 + timedelta(hours=1),
        notes="Met the buyer",
        channel="in_person",
    )
    return visit_flags(**{**base, **kw})


def test_a_clean_visit_has_no_exception():
    assert flags() == VisitFlag.NONE


def test_short_visits_from_the_threshold_on():
    assert flags(check_out_at=T0 + timedelta(minutes=10)) == VisitFlag.NONE  # exactly the threshold
    assert flags(check_out_at=T0 + timedelta(minutes=9, seconds=59)) == VisitFlag.SHORT
    found = visit_exceptions(check_in_at=T0, check_out_at=T0 + timedelta(minutes=4), notes="x")
    assert found[0].flag is VisitFlag.SHORT and found[0].minutes == 4
    # a four-minute phone call is normal, unless the supervisor wants phone calls judged too
    assert flags(check_out_at=T0 + timedelta(minutes=4), channel="phone") == VisitFlag.NONE
    strict = ReviewThresholds(short_in_person_only=False)
    assert (
        flags(check_out_at=T0 + timedelta(minutes=4), channel="phone", thresholds=strict) == VisitFlag.SHORT
    )
    assert (
        flags(check_out_at=T0 + timedelta(minutes=25), thresholds=ReviewThresholds(min_minutes=30))
        == VisitFlag.SHORT
    )
    assert flags(check_out_at=None) == VisitFlag.NONE  # no check-out: nothing to measure


def test_missing_notes():
    assert flags(notes=None) == VisitFlag.NO_NOTES
    assert flags(notes="  \n ") == VisitFlag.NO_NOTES


def test_far_from_the_customer_only_when_both_positions_exist():
    assert round(haversine_km(39.9042, 116.4074, 31.2304, 121.4737)) == 1067  # Beijing – Shanghai
    # 0.01° of latitude is 1.11 km
    here = dict(latitude=D("30.250000"), longitude=D("120.150000"))
    assert (
        flags(**here, customer_latitude=D("30.260000"), customer_longitude=D("120.150000")) == VisitFlag.FAR
    )
    assert (
        flags(**here, customer_latitude=D("30.258000"), customer_longitude=D("120.150000")) == VisitFlag.NONE
    )
    assert flags(**here, customer_latitude=None, customer_longitude=None) == VisitFlag.NONE
    assert flags(customer_latitude=D("30.26"), customer_longitude=D("120.15")) == VisitFlag.NONE
    found = visit_exceptions(
        check_in_at=None,
        check_out_at=None,
        notes="x",
        latitude="30.25",
        longitude="120.15",
        customer_latitude="30.27",
        customer_longitude="120.15",
    )
    assert found[0].flag is VisitFlag.FAR and found[0].km == 2.2


def test_logged_late_after_48_hours():
    end = T0 + timedelta(minutes=30)
    assert flags(server_received_at=end + timedelta(hours=47, minutes=59)) == VisitFlag.NONE
    assert flags(server_received_at=end + timedelta(hours=49)) == VisitFlag.LATE
    assert flags(server_received_at=None) == VisitFlag.NONE  # not synced yet: not judged
    # the stored text form works as well (what SQLite hands the registered function)
    assert (
        visit_flags(
            check_in_at="2026-03-02T01:00:00.000000Z",
            check_out_at="2026-03-02T01:05:00.000000Z",
            server_received_at="2026-03-05T01:05:00.000000Z",
            notes="",
        )
        == VisitFlag.SHORT | VisitFlag.NO_NOTES | VisitFlag.LATE
    )


def test_thresholds_round_trip_through_their_stored_form():
    t = ReviewThresholds(min_minutes=15, max_distance_km=2.5, max_delay_hours=72, short_in_person_only=False)
    data = thresholds_to_json(t)
    assert data == {
        "min_minutes": 15,
        "max_distance_km": "2.5",
        "max_delay_hours": 72,
        "short_in_person_only": False,
    }
    assert thresholds_from_json(data) == t
    assert thresholds_from_json({}) == DEFAULT_THRESHOLDS  # a missing entry keeps its default
    assert thresholds_to_json(DEFAULT_THRESHOLDS)["max_distance_km"] == "1"


@pytest.mark.parametrize(
    "data, field",
    [
        ({"min_minutes": -1}, "min_minutes"),
        ({"min_minutes": "10"}, "min_minutes"),
        ({"min_minutes": True}, "min_minutes"),
        ({"max_delay_hours": 0}, "max_delay_hours"),
        ({"max_distance_km": "0"}, "max_distance_km"),
        ({"max_distance_km": "abc"}, "max_distance_km"),
        ({"max_distance_km": "NaN"}, "max_distance_km"),
        ({"short_in_person_only": "yes"}, "short_in_person_only"),
    ],
)
def test_unreadable_thresholds_are_refused_with_the_field(data, field):
    with pytest.raises(InvalidValue) as err:
        thresholds_from_json(data)
    assert err.value.field == field and field in err.value.message


def test_thresholds_change_what_is_flagged():
    loose = ReviewThresholds(min_minutes=5, max_distance_km=5.0, max_delay_hours=100)
    visit = dict(
        check_in_at=T0,
        check_out_at=T0 + timedelta(minutes=7),
        notes="ok",
        server_received_at=T0 + timedelta(hours=60),
        latitude="30.25",
        longitude="120.15",
        customer_latitude="30.27",
        customer_longitude="120.15",
    )
    assert visit_flags(**visit) == VisitFlag.SHORT | VisitFlag.FAR | VisitFlag.LATE
    assert visit_flags(loose, **visit) == VisitFlag.NONE


def test_the_check_out_warning_uses_the_review_rule():
    from domain.visit_review import short_visit

    one_minute = short_visit(T0, T0 + timedelta(minutes=1), "in_person")
    assert one_minute is not None and one_minute.minutes == 1
    assert short_visit(T0, T0 + timedelta(minutes=10), "in_person") is None
    assert short_visit(T0, T0 + timedelta(minutes=1), "phone") is None
    assert (
        short_visit(T0, T0 + timedelta(minutes=12), "in_person", ReviewThresholds(min_minutes=15)).minutes
        == 12
    )
    assert short_visit(None, T0, "in_person") is None  # never checked in: nothing to measure
