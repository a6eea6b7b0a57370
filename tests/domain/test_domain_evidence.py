"""Evidence flags (domain/evidence.py): capture time outside the visit, the same photo twice."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from domain.evidence import (
    TOLERANCE,
    Candidate,
    EvidenceCode,
    Original,
    evidence_flags,
    flag_bits,
    pick_original,
    time_flag,
)

IN = datetime(2026, 5, 4, 9, 0, tzinfo=timezone.utc)
OUT = IN + timedelta(minutes=40)


def codes(flags) -> list[str]:
    return [f.code.value for f in flags]


@pytest.mark.parametrize(
    ("taken", "expected", "minutes"),
    [
        (IN - TOLERANCE - timedelta(minutes=5), EvidenceCode.BEFORE_CHECK_IN, 15),
        (IN - timedelta(days=3), EvidenceCode.BEFORE_CHECK_IN, 3 * 24 * 60),
        (IN - TOLERANCE, None, None),  # exactly the tolerance: still inside
        (IN - TOLERANCE + timedelta(seconds=1), None, None),
        (IN + timedelta(minutes=20), None, None),
        (OUT + TOLERANCE, None, None),
        (OUT + TOLERANCE + timedelta(seconds=1), EvidenceCode.AFTER_CHECK_OUT, 10),
        (OUT + timedelta(hours=2), EvidenceCode.AFTER_CHECK_OUT, 120),
    ],
)
def test_capture_time_against_the_visit_window(taken, expected, minutes):
    flag = time_flag(taken, IN, OUT)
    assert (flag.code if flag else None) is expected
    assert (flag.minutes if flag else None) == minutes


def test_nothing_to_judge_gives_no_time_flag():
    assert time_flag(None, IN, OUT) is None  # a document, or a photo without EXIF
    assert time_flag(IN - timedelta(days=1), None, None) is None  # a planned visit
    # Still on site: only "before check-in" can be judged.
    assert time_flag(IN + timedelta(hours=5), IN, None) is None
    assert time_flag(IN - timedelta(hours=1), IN, None).code is EvidenceCode.BEFORE_CHECK_IN


def test_stored_text_and_naive_values_are_read_as_utc():
    assert time_flag("2026-05-04T08:00:00Z", IN.isoformat(), OUT.isoformat()).minutes == 60
    assert time_flag(datetime(2026, 5, 4, 8, 0), IN, OUT).minutes == 60
    assert time_flag("not a time", IN, OUT) is None


def test_a_tolerance_of_choice():
    taken = IN - timedelta(minutes=3)
    assert time_flag(taken, IN, OUT) is None
    assert time_flag(taken, IN, OUT, tolerance=timedelta(0)).minutes == 3


def test_flags_in_a_fixed_order_and_as_bits():
    original = Original("a1", "visit", "v1", "c1", "华鑫商贸", IN - timedelta(days=7))
    flags = evidence_flags(
        captured_at=IN - timedelta(hours=1), check_in_at=IN, check_out_at=OUT, original=original
    )
    assert codes(flags) == ["before_check_in", "duplicate"]
    assert flags[1].original is original
    assert flag_bits(flags) == 1 | 4
    assert (
        flag_bits(evidence_flags(captured_at=OUT + timedelta(hours=1), check_in_at=IN, check_out_at=OUT)) == 2
    )
    assert evidence_flags(captured_at=IN + timedelta(minutes=5), check_in_at=IN, check_out_at=OUT) == ()
    assert flag_bits(()) == 0
    # On a complaint, quote or customer there is no window: only the duplicate flag applies.
    assert codes(evidence_flags(captured_at=IN, original=original)) == ["duplicate"]


def test_the_original_round_trips_through_its_stored_form():
    original = Original("a1", "complaint", "k1", "c1", "华鑫商贸", IN)
    assert Original.from_json("a1", original.to_json()) == original
    assert Original.from_json("a1", None) == Original("a1", "", "")
    broken = Original.from_json("a1", {"parent_type": 3, "at": "yesterday", "customer_name": "X"})
    assert (broken.parent_type, broken.at, broken.customer_name) == ("", None, "X")


def _c(id_: str, minutes: int, uploaded: int | None = None) -> Candidate:
    up = IN + timedelta(minutes=uploaded) if uploaded is not None else None
    return Candidate(id_, IN + timedelta(minutes=minutes), up)


def test_the_first_complete_copy_is_the_original_and_stays_it():
    # Two rows with the same photo pushed together, then the bytes complete: the older one
    # attached is the original, the other its duplicate.
    assert pick_original([_c("b", 5), _c("a", 9)], []) == {"a": "b"}
    # Same attachment time: the smaller id, so every server agrees.
    assert pick_original([_c("y", 5), _c("x", 5)], []) == {"y": "x"}
    # A copy arriving later is the duplicate even if its laptop says it was attached
    # earlier: the row already complete was judged original once and stays it.
    assert pick_original([_c("late", -600)], [_c("first", 5, uploaded=30)]) == {"late": "first"}
    # Of several complete copies, the first complete.
    assert pick_original([_c("n", 1)], [_c("p", 0, uploaded=50), _c("q", 3, uploaded=40)]) == {"n": "q"}
    # A single row with fresh bytes is nobody's duplicate; nothing to mark, nothing found.
    assert pick_original([_c("only", 0)], []) == {}
    assert pick_original([], [_c("p", 0, uploaded=1)]) == {}
