"""Photos and files on visits, complaints, quotes and customers, on the laptop: attach,
list, caption, remove. Works offline.

Attaching prepares the file (``local_db.photos``: the slow part, so screens run it on the
task runner), keeps its bytes in ``sync.uploads.LocalFiles`` and writes the ``attachment``
row through ``LocalWriter`` (checked by the same rules as the server's, queued in the
outbox) in one transaction. The bytes are written first and the row is committed after
them, so a row never lacks its file; if the row is refused, a file this call wrote is
removed again. A refused file (``AttachmentRefused``) leaves nothing behind: no row, no
outbox entry, no file. The bytes upload later (``sync.uploads.UploadQueue``).

``files`` is a ``sync.uploads.LocalFiles`` (anything with ``add``/``has``/``path``).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime, timezone, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy import false, func, select
from sqlalchemy.orm import Session

from domain import write_rules
from domain.attachments import PARENTS, AttachmentPolicy, is_photo_type
from domain.errors import ComplaintClosed, DomainError
from domain.evidence import Flag
from domain.timeutil import ensure_utc
from local_db import evidence, org_settings, queries
from local_db.photos import prepare_file
from local_db.tables import TABLES
from local_db.writes import LocalAccess, LocalWriter

_att = TABLES["attachment"]
_writing = threading.Lock()


@dataclass(frozen=True)
class AttachmentView:
    """One attachment as the screens show it. Times are UTC."""

    id: str
    parent_type: str
    parent_id: str
    customer_id: str
    sha256: str
    file_name: str
    mime_type: str
    size_bytes: int
    caption: str
    created_by: str
    created_at: datetime
    captured_at: datetime | None
    latitude: Decimal | None
    longitude: Decimal | None
    is_photo: bool
    uploaded: bool  # the server has the bytes
    # Evidence flags (``local_db.evidence``): their codes (``domain.evidence.EvidenceCode``
    # values, in order), and the flags themselves with how far outside the visit the photo
    # was taken or which record it was on first (``ui.evidence.flag_sentence`` words them).
    flags: tuple[str, ...] = ()
    evidence: tuple[Flag, ...] = ()


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else ensure_utc(value, "time")


#: The fields of an :class:`AttachmentView` that are the stored row's columns as they are (the
#: others are worked out in :func:`view_of` or added by :func:`_views`).
_AS_STORED = tuple(
    f.name
    for f in fields(AttachmentView)
    if f.name not in {"caption", "created_at", "captured_at", "is_photo", "uploaded", "flags", "evidence"}
)


def view_of(row: Mapping[str, Any]) -> AttachmentView:
    return AttachmentView(
        **{name: row[name] for name in _AS_STORED},
        caption=row["caption"] or "",
        created_at=_utc(row["created_at"]),
        captured_at=_utc(row["captured_at"]),
        is_photo=is_photo_type(row["mime_type"]),
        uploaded=row["uploaded_at"] is not None,
    )


def _views(s: Session, rows) -> list[AttachmentView]:
    """``view_of`` each row, with its evidence flags."""
    rows = list(rows)
    found = evidence.flags_for(s, [r["id"] for r in rows])
    views = []
    for r in rows:
        flags = found.get(r["id"], ())
        views.append(replace(view_of(r), flags=tuple(f.code.value for f in flags), evidence=flags))
    return views


def policy(db) -> AttachmentPolicy:
    """The organisation's attachment policy this laptop holds (defaults when unset or unreadable)."""
    with db.session() as s:
        return org_settings.attachment_policy(s)


def _parent_customer(s: Session, parent_type: str, parent_id: str) -> str:
    if parent_type not in PARENTS:
        raise DomainError(
            "A file can be attached to a visit, complaint, quote or customer.",
            code="invalid_value",
            field="parent_type",
        )
    t = TABLES[parent_type]
    col = t.c.id if parent_type == "customer" else t.c.customer_id
    customer_id = s.scalar(select(col).where(t.c.id == parent_id, t.c.deleted == false()))
    if customer_id is None:
        raise DomainError("This record is no longer on this laptop.", code="not_found", field="parent_id")
    return customer_id


def _row(s: Session, attachment_id: str):
    row = (
        s.execute(select(_att).where(_att.c.id == attachment_id, _att.c.deleted == false()))
        .mappings()
        .first()
    )
    if row is None:
        raise DomainError("This attachment is no longer on this laptop.", code="not_found")
    return row


def add_attachment(
    db,
    files,
    *,
    parent_type: str,
    parent_id: str,
    path: str | os.PathLike,
    caption: str = "",
    policy: AttachmentPolicy | None = None,
    tz: tzinfo | None = None,
) -> AttachmentView:
    """Attach the file at ``path`` to the record; see the module's doc. Slow for photos (run
    it on the task runner). Raises ``AttachmentRefused`` for a file that cannot be attached,
    ``DomainError`` when the record is gone or the rules refuse."""
    with db.session() as s:  # fail fast, before the slow part, when the record is gone or closed
        w = LocalWriter.for_owner(s)
        _parent_customer(s, parent_type, parent_id)
        write_rules.check_files_open(parent_type, parent_id, w.access)
        if policy is None:
            policy = org_settings.attachment_policy(s)
    prepared = prepare_file(path, policy, tz=tz)
    sha = hashlib.sha256(prepared.data).hexdigest()
    # One writer at a time from here (milliseconds; the preparing above runs in parallel):
    # a failed attach of a photo must not remove the bytes a concurrent attach of the same
    # photo has just committed a row for.
    with _writing:
        return _store(db, files, prepared, sha, parent_type, parent_id, caption)


def _store(db, files, prepared, sha: str, parent_type: str, parent_id: str, caption: str) -> AttachmentView:
    had_file = files.has(sha)
    try:
        with db.session() as s:
            w = LocalWriter.for_owner(s)
            customer_id = _parent_customer(s, parent_type, parent_id)
            row_id = w.insert(
                "attachment",
                {
                    "customer_id": customer_id,
                    "parent_type": parent_type,
                    "parent_id": parent_id,
                    "sha256": sha,
                    "size_bytes": len(prepared.data),
                    "mime_type": prepared.mime_type,
                    "file_name": prepared.file_name,
                    "caption": caption.strip() or None,
                    "created_by": w.actor.id,
                    "created_at": datetime.now(timezone.utc),
                    "captured_at": prepared.captured_at,
                    "latitude": prepared.latitude,
                    "longitude": prepared.longitude,
                },
            )
            if not had_file:
                files.add(prepared.data)  # before the commit: a committed row always has its bytes
            view = _views(s, [_row(s, row_id)])[0]
    except BaseException:
        if not had_file:
            _forget_file(db, files, sha)
        raise
    return view


def _forget_file(db, files, sha: str) -> None:
    """Remove the bytes this call wrote when no row of this replica needs them."""
    try:
        with db.session() as s:
            if s.scalar(select(_att.c.id).where(_att.c.sha256 == sha).limit(1)) is not None:
                return
        files.path(sha).unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - the original failure is what the caller must see
        pass


def list_attachments(db, parent_type: str, parent_id: str) -> list[AttachmentView]:
    """The record's attachments, oldest first (the newest last)."""
    with db.session() as s:
        return _views(s, _listed(s, parent_type, parent_id))


def _listed(s: Session, parent_type: str, parent_id: str):
    return s.execute(
        select(_att)
        .where(_att.c.parent_type == parent_type, _att.c.parent_id == parent_id, _att.c.deleted == false())
        .order_by(_att.c.created_at, _att.c.id)
    ).mappings()


@dataclass(frozen=True)
class RecordFiles:
    """What a record's files panel shows, read in one session (``record_files``)."""

    views: list[AttachmentView]
    author_names: dict[str, str]  # created_by → the user's name ("" when unknown)
    accepts_files: bool  # files may be added, changed and removed (not a closed complaint)


def record_files(db, parent_type: str, parent_id: str) -> RecordFiles:
    """The record's attachments (``list_attachments``), their authors' names, and whether the
    write rules let files be added or removed now (``write_rules.check_files_open``)."""
    with db.session() as s:
        views = _views(s, _listed(s, parent_type, parent_id))
        names = {uid: queries.user_name(s, uid) or "" for uid in {v.created_by for v in views}}
        try:
            write_rules.check_files_open(parent_type, parent_id, LocalAccess(s, ""))
        except ComplaintClosed:
            return RecordFiles(views, names, False)
        return RecordFiles(views, names, True)


def get_attachment(db, attachment_id: str) -> AttachmentView:
    with db.session() as s:
        return _views(s, [_row(s, attachment_id)])[0]


def set_caption(db, attachment_id: str, caption: str) -> AttachmentView:
    """Change the caption (the one thing of an attachment that changes)."""
    with db.session() as s:
        _row(s, attachment_id)
        LocalWriter.for_owner(s).update("attachment", attachment_id, {"caption": caption.strip() or None})
        return _views(s, [_row(s, attachment_id)])[0]


def remove_attachment(db, attachment_id: str) -> None:
    """Remove the attachment (a rep only their own: ``NotPermitted`` otherwise).

    The bytes stay in ``LocalFiles``: another record may show the same photo, and the
    laptop's file cache decides when unreferenced files go.
    """
    with db.session() as s:
        _row(s, attachment_id)
        LocalWriter.for_owner(s).delete("attachment", attachment_id)


def showcase_record(db, parent_type: str) -> str | None:
    """The record of ``parent_type`` with the most attachments (ties: the latest), one with
    an evidence flag if there is one among the first few (the demo's screenshots of the
    viewer show the flag)."""
    with db.session() as s:
        ids = list(
            s.scalars(
                select(_att.c.parent_id)
                .where(~_att.c.deleted, _att.c.parent_type == parent_type)
                .group_by(_att.c.parent_id)
                .order_by(func.count().desc(), func.max(_att.c.created_at).desc())
                .limit(30)
            )
        )
    flagged = (i for i in ids if any(v.flags for v in list_attachments(db, parent_type, i)))
    return next(flagged, ids[0] if ids else None)
