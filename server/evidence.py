"""Duplicate photos, judged where every territory is visible (docs/ARCHITECTURE.md,
"Attachments"; the rule is ``domain.evidence.pick_original``).

A supervisor's laptop holds only its team's attachments, and a rep could reuse a photo
from another territory. So the server decides, once per attachment: when the attachment's
bytes become complete (the same moment it gets ``uploaded_at``, under the same feed
number), it writes ``duplicate_of`` and ``duplicate_context`` if the same bytes were on
another record first. The context describes that record (its kind, id, customer and the
customer's name, its date) because the reader may not be allowed to see it: the
customer's name and a date are all that leaves its territory.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.enums import AttachmentParent
from domain.evidence import Candidate, Original, pick_original
from server.store.tables import TABLES

_att = TABLES["attachment"]
_customers = TABLES["customer"]
_visits = TABLES["visit"]


#: The columns :func:`duplicate_fields` judges by (a caller that reads the rows anyway passes them).
JUDGED = (_att.c.id, _att.c.created_at, _att.c.uploaded_at, _att.c.parent_type, _att.c.parent_id)


def duplicate_fields(
    session: Session, sha256: str, marking: Sequence[str], rows: Sequence | None = None
) -> dict[str, dict[str, Any]]:
    """The evidence fields to write on the attachments ``marking`` (rows with ``sha256``
    whose ``uploaded_at`` is being set now): ``{id: {"duplicate_of": …, "duplicate_context":
    …}}`` for each that is a duplicate. Deleted rows are neither judged nor an original.

    ``rows``: the live rows with ``sha256`` (columns :data:`JUDGED`, as they are before the
    marking) when the caller has read them already; else they are read here."""
    if rows is None:
        rows = session.execute(select(*JUDGED).where(_att.c.sha256 == sha256, ~_att.c.deleted)).all()
    marking_set = set(marking)
    now = [Candidate(r.id, r.created_at) for r in rows if r.id in marking_set]
    earlier = [Candidate(r.id, r.created_at, r.uploaded_at) for r in rows if r.uploaded_at is not None]
    earlier = [c for c in earlier if c.id not in marking_set]
    record = {r.id: (r.parent_type, r.parent_id) for r in rows}
    # "On another record": the same photo added twice to one record is no reuse.
    originals = {rid: oid for rid, oid in pick_original(now, earlier).items() if record[rid] != record[oid]}
    if not originals:
        return {}
    context = {oid: describe(session, oid).to_json() for oid in set(originals.values())}
    return {rid: {"duplicate_of": oid, "duplicate_context": context[oid]} for rid, oid in originals.items()}


def describe(session: Session, attachment_id: str) -> Original:
    """What a reader needs to name the record an attachment is on."""
    a = session.execute(
        select(_att.c.parent_type, _att.c.parent_id, _att.c.customer_id, _att.c.created_at).where(
            _att.c.id == attachment_id
        )
    ).one()
    name = session.scalar(select(_customers.c.name).where(_customers.c.id == a.customer_id))
    at = a.created_at
    if a.parent_type == AttachmentParent.VISIT.value:
        visit = session.execute(
            select(_visits.c.check_in_at, _visits.c.planned_at).where(_visits.c.id == a.parent_id)
        ).first()
        if visit is not None:
            at = visit.check_in_at or visit.planned_at or at
    return Original(attachment_id, a.parent_type, a.parent_id, a.customer_id, name, at)
