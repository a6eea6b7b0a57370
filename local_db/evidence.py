"""Evidence flags on the laptop: which attachments a supervisor should look at twice.

The rule is ``domain.evidence`` (pure). This module feeds it from the replica:

* **capture time** against the parent visit's check-in and check-out, both on this laptop;
* **duplicates**: once the server has judged the attachment (``uploaded_at`` set), its
  word — ``duplicate_of`` and ``duplicate_context``, written from every territory's rows
  (``server/evidence.py``). Until then (the rep's own laptop before the upload, or bytes
  that never arrived) the laptop's guess from the rows it holds: another live attachment
  with the same hash attached earlier (``created_at``, then id).

:func:`flags_for` answers per attachment (the attachments panel); :func:`visit_flags`
per visit (the review queue and the visit log); :func:`flagged_count_sql` is the same
rule inside SQLite (registered as ``fs_evidence``), so the review queue can filter and
sort by it without re-implementing it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session

from domain import enums as E
from domain.evidence import Flag, Original, evidence_flags, flag_bits
from local_db.tables import TABLES

attachments = TABLES["attachment"]
visits = TABLES["visit"]
customers = TABLES["customer"]

SQL_EVIDENCE = "fs_evidence"

_same = attachments.alias("same_hash")
_first = attachments.alias("first_copy")


def _earliest_same_hash(a) -> ColumnElement:
    """The id of the earliest other live attachment on this laptop with ``a``'s hash,
    attached before ``a`` (the laptop's guess at the original), or NULL; NULL too when that
    one is on ``a``'s own record (the same photo added twice to one record is no reuse, as
    the server judges it)."""
    earliest = (
        select(_same.c.id)
        .where(
            _same.c.sha256 == a.c.sha256,
            _same.c.id != a.c.id,
            _same.c.deleted == false(),
            or_(
                _same.c.created_at < a.c.created_at,
                and_(_same.c.created_at == a.c.created_at, _same.c.id < a.c.id),
            ),
        )
        .order_by(_same.c.created_at, _same.c.id)
        .limit(1)
        .correlate_except(_same)  # ``a`` is two levels up: auto-correlation looks one level
        .scalar_subquery()
    )
    return (
        select(_first.c.id)
        .where(
            _first.c.id == earliest,
            or_(_first.c.parent_type != a.c.parent_type, _first.c.parent_id != a.c.parent_id),
        )
        .correlate_except(_first)
        .scalar_subquery()
    )


def _original_id(uploaded_at, duplicate_of, guess) -> str | None:
    # The server's judgement replaces the guess as soon as there is one.
    return duplicate_of if uploaded_at is not None else guess


def _sql_evidence(captured_at, check_in_at, check_out_at, uploaded_at, duplicate_of, guess) -> int:
    try:
        original = _original_id(uploaded_at, duplicate_of, guess)
        stand_in = Original(original, "", "") if original else None
        return flag_bits(
            evidence_flags(
                captured_at=captured_at, check_in_at=check_in_at, check_out_at=check_out_at, original=stand_in
            )
        )
    except (ValueError, TypeError):  # a malformed stored value must not break the whole list
        return 0


def register_functions(session: Session) -> None:
    """Make the evidence rule callable from SQL on this session's connection."""
    raw = session.connection().connection.driver_connection
    raw.create_function(SQL_EVIDENCE, 6, _sql_evidence, deterministic=True)


def flagged_count_sql(visit_table=visits) -> ColumnElement:
    """How many live attachments of the visit (a row of ``visit_table`` in the outer
    query) have a flag. Call :func:`register_functions` on the session first."""
    a = attachments.alias("evidence")
    bits = getattr(func, SQL_EVIDENCE)(
        a.c.captured_at,
        visit_table.c.check_in_at,
        visit_table.c.check_out_at,
        a.c.uploaded_at,
        a.c.duplicate_of,
        _earliest_same_hash(a),
    )
    return (
        select(func.count())
        .select_from(a)
        .where(
            a.c.parent_type == E.AttachmentParent.VISIT.value,
            a.c.parent_id == visit_table.c.id,
            a.c.deleted == false(),
            bits != 0,
        )
        .scalar_subquery()
    )


def describe(session: Session, attachment_id: str) -> Original | None:
    """The record an attachment on this laptop is on (None: not on this laptop)."""
    v = visits.alias("original_visit")
    row = session.execute(
        select(
            attachments.c.parent_type,
            attachments.c.parent_id,
            attachments.c.customer_id,
            attachments.c.created_at,
            customers.c.name,
            v.c.check_in_at,
            v.c.planned_at,
        )
        .select_from(
            attachments.outerjoin(customers, customers.c.id == attachments.c.customer_id).outerjoin(
                v,
                and_(
                    attachments.c.parent_type == E.AttachmentParent.VISIT.value,
                    v.c.id == attachments.c.parent_id,
                ),
            )
        )
        .where(attachments.c.id == attachment_id)
    ).first()
    if row is None:
        return None
    at = row.check_in_at or row.planned_at or row.created_at
    return Original(attachment_id, row.parent_type, row.parent_id, row.customer_id, row.name, at)


def _flag_rows(session: Session, where: ColumnElement) -> list[Any]:
    a = attachments
    v = visits.alias("parent_visit")
    return list(
        session.execute(
            select(
                a.c.id,
                a.c.parent_id,
                a.c.file_name,
                a.c.captured_at,
                a.c.uploaded_at,
                a.c.duplicate_of,
                a.c.duplicate_context,
                v.c.check_in_at,
                v.c.check_out_at,
                _earliest_same_hash(a).label("guess"),
            )
            .select_from(
                a.outerjoin(
                    v, and_(a.c.parent_type == E.AttachmentParent.VISIT.value, v.c.id == a.c.parent_id)
                )
            )
            .where(where)
            .order_by(a.c.created_at, a.c.id)
        )
    )


def _flags_of(session: Session, row, cache: dict[str, Original | None]) -> tuple[Flag, ...]:
    original: Original | None = None
    if row.uploaded_at is not None:
        if row.duplicate_of:
            original = Original.from_json(row.duplicate_of, row.duplicate_context)
    elif row.guess:
        if row.guess not in cache:
            cache[row.guess] = describe(session, row.guess)
        original = cache[row.guess]
    return evidence_flags(
        captured_at=row.captured_at,
        check_in_at=row.check_in_at,
        check_out_at=row.check_out_at,
        original=original,
    )


def flags_for(session: Session, attachment_ids: Iterable[str]) -> dict[str, tuple[Flag, ...]]:
    """The flags of each attachment (every id asked for is a key; no flags: ``()``)."""
    ids = list(dict.fromkeys(attachment_ids))
    found: dict[str, tuple[Flag, ...]] = {i: () for i in ids}
    cache: dict[str, Original | None] = {}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        for row in _flag_rows(session, attachments.c.id.in_(chunk)):
            found[row.id] = _flags_of(session, row, cache)
    return found


@dataclass(frozen=True)
class FlaggedAttachment:
    """One flagged attachment of a visit, for the review queue and the visit log."""

    attachment_id: str
    file_name: str
    flags: tuple[Flag, ...]


def visit_flags(session: Session, visit_ids: Sequence[str]) -> dict[str, tuple[FlaggedAttachment, ...]]:
    """The flagged live attachments of each visit, oldest attached first; a visit without
    any is left out."""
    found: dict[str, list[FlaggedAttachment]] = defaultdict(list)
    cache: dict[str, Original | None] = {}
    ids = list(dict.fromkeys(visit_ids))
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        where = and_(
            attachments.c.parent_type == E.AttachmentParent.VISIT.value,
            attachments.c.parent_id.in_(chunk),
            attachments.c.deleted == false(),
        )
        for row in _flag_rows(session, where):
            flags = _flags_of(session, row, cache)
            if flags:
                found[row.parent_id].append(FlaggedAttachment(row.id, row.file_name, flags))
    return {vid: tuple(items) for vid, items in found.items()}
