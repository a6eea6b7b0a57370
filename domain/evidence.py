"""Evidence flags: attachments a supervisor should look at twice (issue 13).

A photo is *evidence* of a visit. Two things make it doubtful:

* **Its capture time** (EXIF, ``attachment.captured_at``) falls outside the visit's
  check-in/check-out window, by more than :data:`TOLERANCE`: "taken before check-in",
  "taken after check-out".
* **The same bytes** (same SHA-256) were attached to another record first: "same photo as
  the visit to Y on date". Only the later attachment is flagged; the first one is where
  the photo was presumably taken. A copy on the first one's own record (added twice) is
  not flagged.

Nothing is refused for a flag: a flag is a reason for the supervisor to look, not a rule
the rep broke (a photo of yesterday's delivery note is fine on today's visit).

Pure rules: no Qt, SQL or HTTP. The server decides duplicates (it sees every territory,
``server/evidence.py``, written on the attachment as ``duplicate_of`` and
``duplicate_context``); the laptop decides capture times, and guesses duplicates from
its own rows until the server has judged (docs/ARCHITECTURE.md, "Attachments").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

#: How far outside the visit's window a capture time may be before it is flagged. The
#: camera's clock and the laptop's are different clocks (a phone whose photos are copied
#: over, a camera set by hand); a few minutes of drift, or a photo of the shop front taken
#: just before walking in, is normal and must not bury the real cases. Ten minutes is
#: also the review queue's default "too short" visit, the scale a supervisor thinks in.
TOLERANCE = timedelta(minutes=10)


class EvidenceCode(StrEnum):
    BEFORE_CHECK_IN = "before_check_in"
    AFTER_CHECK_OUT = "after_check_out"
    DUPLICATE = "duplicate"


#: The order flags are listed and the bit each has in :func:`flag_bits`.
_BITS = {EvidenceCode.BEFORE_CHECK_IN: 1, EvidenceCode.AFTER_CHECK_OUT: 2, EvidenceCode.DUPLICATE: 4}


@dataclass(frozen=True)
class Original:
    """The record a duplicated photo was attached to first: enough to describe it even when
    that record is outside the reader's scope (then only the server knows it)."""

    attachment_id: str
    parent_type: str  # domain.enums.AttachmentParent value
    parent_id: str
    customer_id: str | None = None
    customer_name: str | None = None
    at: datetime | None = None  # the visit's check-in (else its plan), else when it was attached

    def to_json(self) -> dict[str, Any]:
        """The stored form (``attachment.duplicate_context``), ``attachment_id`` apart."""
        return {
            "parent_type": self.parent_type,
            "parent_id": self.parent_id,
            "customer_id": self.customer_id,
            "customer_name": self.customer_name,
            "at": _iso(self.at),
        }

    @classmethod
    def from_json(cls, attachment_id: str, data: object) -> Original:
        """Read the stored form; anything unreadable in it is left out, never raised (a flag
        is still shown, with less detail)."""
        d: Mapping[str, Any] = data if isinstance(data, Mapping) else {}

        def text(key: str) -> str | None:
            value = d.get(key)
            return value if isinstance(value, str) and value else None

        return cls(
            attachment_id=attachment_id,
            parent_type=text("parent_type") or "",
            parent_id=text("parent_id") or "",
            customer_id=text("customer_id"),
            customer_name=text("customer_name"),
            at=_instant(d.get("at")),
        )


@dataclass(frozen=True)
class Flag:
    code: EvidenceCode
    minutes: int | None = None  # time flags: how many minutes outside the window
    original: Original | None = None  # DUPLICATE: the record the photo was on first


@dataclass(frozen=True)
class Candidate:
    """Another attachment with the same hash, as :func:`pick_original` orders them."""

    id: str
    created_at: datetime
    uploaded_at: datetime | None = None


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(timezone.utc).isoformat() if value else None


def _instant(value: object) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _minutes_outside(delta: timedelta) -> int:
    return max(1, int(delta.total_seconds() // 60))


def time_flag(
    captured_at: object, check_in_at: object, check_out_at: object, tolerance: timedelta = TOLERANCE
) -> Flag | None:
    """ "Taken before check-in" / "taken after check-out", or None.

    Judged only where there is something to judge: no capture time (a document, a photo
    without EXIF) or no check-in (a planned visit) gives nothing; before check-out (the
    visit is going on) only "before check-in" can apply. A capture time exactly
    ``tolerance`` outside the window is still inside.
    """
    taken, start, end = _instant(captured_at), _instant(check_in_at), _instant(check_out_at)
    if taken is None or start is None:
        return None
    if taken < start - tolerance:
        return Flag(EvidenceCode.BEFORE_CHECK_IN, minutes=_minutes_outside(start - taken))
    if end is not None and taken > end + tolerance:
        return Flag(EvidenceCode.AFTER_CHECK_OUT, minutes=_minutes_outside(taken - end))
    return None


def evidence_flags(
    *,
    captured_at: object = None,
    check_in_at: object = None,
    check_out_at: object = None,
    original: Original | None = None,
    tolerance: timedelta = TOLERANCE,
) -> tuple[Flag, ...]:
    """The flags of one attachment, in a fixed order (time first, then duplicate).

    ``check_in_at``/``check_out_at`` are the parent visit's (None for an attachment on a
    complaint, quote or customer: only the duplicate flag applies there). ``original`` is
    the record the same photo was attached to first, when there is one.
    """
    found: list[Flag] = []
    timed = time_flag(captured_at, check_in_at, check_out_at, tolerance)
    if timed:
        found.append(timed)
    if original is not None:
        found.append(Flag(EvidenceCode.DUPLICATE, original=original))
    return tuple(found)


def flag_bits(flags: Iterable[Flag]) -> int:
    """The flags as one integer (for SQL filtering); 0 when there are none."""
    bits = 0
    for f in flags:
        bits |= _BITS[f.code]
    return bits


def pick_original(marking: Iterable[Candidate], earlier: Iterable[Candidate]) -> dict[str, str]:
    """Which of ``marking`` (attachments whose bytes just became complete, all with one
    hash) are duplicates, and of what: ``{id: id of the original}``.

    ``earlier`` are the other live attachments with the hash whose bytes were complete
    before. The original is the first of them to be complete (then the oldest attached);
    when there is none, the oldest attached of ``marking`` (then the smallest id, so two
    servers agree). Every other one of ``marking`` is a duplicate of it. The server calls
    this exactly once per attachment — when its ``uploaded_at`` is set — so a row judged
    original stays original even if an older-dated copy arrives later.
    """
    far = datetime.max.replace(tzinfo=timezone.utc)
    before = sorted(earlier, key=lambda c: (c.uploaded_at or far, c.created_at, c.id))
    now = sorted(marking, key=lambda c: (c.created_at, c.id))
    ordered = before + now
    if not ordered:
        return {}
    first = ordered[0].id
    return {c.id: first for c in now if c.id != first}
