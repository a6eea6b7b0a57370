"""The upload state of the attachment files made on this laptop (table ``file_uploads``).

A file is *waiting* from the moment it is attached (a trigger of migration 0010 adds the
row with the attachment), *uploading* once the server has acknowledged part of it,
*uploaded* when the server has all of it, and *failed* when an attempt ended with a
reason (the server's error code or a local one) — retried at a later sync, backing off.
``sync.uploads.UploadQueue`` moves the states; the sync centre and the status bar read
them here. Only files whose attachment is still on the laptop count: an attachment
removed before its upload takes its file out of the list (and the queue drops the row).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import Session

from local_db.models import FileUpload
from local_db.queries import Sort
from local_db.tables import TABLES

WAITING, UPLOADING, UPLOADED, FAILED = "waiting", "uploading", "uploaded", "failed"
OPEN_STATES = (WAITING, UPLOADING, FAILED)
#: How long an uploaded file stays in the sync centre's list, so the rep sees it went up.
SHOWN_AFTER_UPLOAD = timedelta(days=1)
#: The first retry of a failed file waits this long, doubling per attempt up to the maximum.
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)

_fu = FileUpload.__table__
_att = TABLES["attachment"]
_cust = TABLES["customer"]
_live = exists().where(_att.c.sha256 == _fu.c.sha256, ~_att.c.deleted)


def now() -> datetime:
    return datetime.now(timezone.utc)


def count_open_files(session: Session) -> int:
    """Files attached here that the server does not have yet (the status bar's count)."""
    return (
        session.scalar(select(func.count()).select_from(_fu).where(_fu.c.state.in_(OPEN_STATES), _live)) or 0
    )


def _shown(at: datetime):
    return and_(_live, (_fu.c.state != UPLOADED) | (_fu.c.updated_at >= at - SHOWN_AFTER_UPLOAD))


def count_files(session: Session, at: datetime | None = None) -> int:
    """Rows of the sync centre's file list (open files, and those uploaded lately)."""
    return session.scalar(select(func.count()).select_from(_fu).where(_shown(at or now()))) or 0


FILES_SORT = Sort("state")  # the list has one order: what needs the rep first
_ORDER = case({FAILED: 0, UPLOADING: 1, WAITING: 2}, value=_fu.c.state, else_=3)


def list_files(
    session: Session, sort=None, offset: int = 0, limit: int = 200, at: datetime | None = None
) -> list[dict[str, Any]]:
    """One row per file: what needs the rep first (failed), then the one going up, the
    waiting ones, the uploaded ones. Name, parent and customer come from the file's first
    attachment (the same photo on two records is one upload)."""
    rows = session.execute(
        select(_fu)
        .where(_shown(at or now()))
        .order_by(_ORDER, _fu.c.updated_at.desc(), _fu.c.sha256)
        .offset(max(0, offset))
        .limit(max(0, limit))
    ).mappings()
    out = []
    for r in rows:
        first = session.execute(
            select(_att.c.file_name, _att.c.parent_type, _att.c.parent_id, _att.c.created_at, _cust.c.name)
            .select_from(_att.outerjoin(_cust, _cust.c.id == _att.c.customer_id))
            .where(_att.c.sha256 == r["sha256"], ~_att.c.deleted)
            .order_by(_att.c.created_at, _att.c.id)
            .limit(1)
        ).first()
        out.append(
            {
                **r,
                "id": r["sha256"],
                "file_name": first.file_name if first else "",
                "parent_type": first.parent_type if first else None,
                "parent_id": first.parent_id if first else None,
                "customer_name": first.name if first else None,
                "attached_at": first.created_at if first else None,
            }
        )
    return out


def get(session: Session, sha256: str) -> FileUpload | None:
    return session.get(FileUpload, sha256)


def due(session: Session, at: datetime | None = None) -> list[str]:
    """Files to try in this sync: not uploaded, their row accepted by the server (``version`` > 0)
    and not yet marked uploaded there, and not backing off after a failure.

    Tidies on the way: a file whose attachments are all gone is dropped; one the server
    has marked uploaded on every attachment (another laptop sent the same bytes) is uploaded.
    """
    return [f.sha256 for f in due_files(session, at)]


@dataclass(frozen=True)
class DueFile:
    """A file :func:`due_files` found, with what the queue needs to start it (one query for all)."""

    sha256: str
    size_bytes: int
    fresh: bool  # never tried from here: nothing sent, nothing failed


def any_open(session: Session) -> bool:
    """Whether any file is not uploaded yet (one indexed probe): without one, :func:`due_files`
    has nothing to tidy or return, and a sync does not run it."""
    return session.connection().exec_driver_sql(_ANY_OPEN, (UPLOADED,)).first() is not None


_ANY_OPEN = "SELECT 1 FROM file_uploads WHERE state != ? LIMIT 1"


def due_files(session: Session, at: datetime | None = None) -> list[DueFile]:
    """:func:`due`, with each file's size and whether it was ever tried."""
    if not any_open(session):  # every sync asks, mostly with no file waiting: one probe, not three statements
        return []
    at = at or now()
    gone = list(session.scalars(select(_fu.c.sha256).where(_fu.c.state != UPLOADED, ~_live)))
    if gone:
        session.execute(_fu.delete().where(_fu.c.sha256.in_(gone)))
    lacking = exists().where(_att.c.sha256 == _fu.c.sha256, ~_att.c.deleted, _att.c.uploaded_at.is_(None))
    session.execute(
        _fu.update().where(_fu.c.state != UPLOADED, _live, ~lacking).values(state=UPLOADED, updated_at=at)
    )
    accepted = exists().where(
        _att.c.sha256 == _fu.c.sha256, ~_att.c.deleted, _att.c.version > 0, _att.c.uploaded_at.is_(None)
    )
    rows = session.execute(
        select(_fu.c.sha256, _fu.c.size_bytes, _fu.c.state, _fu.c.acknowledged, _fu.c.attempts)
        .where(
            _fu.c.state != UPLOADED,
            accepted,
            _fu.c.next_try_at.is_(None) | (_fu.c.next_try_at <= at),
        )
        .order_by(_ORDER, _fu.c.sha256)
    )
    return [
        DueFile(r.sha256, r.size_bytes, r.state == WAITING and r.acknowledged == 0 and r.attempts == 0)
        for r in rows
    ]


def set_progress(session: Session, sha256: str, acknowledged: int, size: int) -> None:
    session.execute(
        _fu.update()
        .where(_fu.c.sha256 == sha256)
        .values(state=UPLOADING, acknowledged=acknowledged, size_bytes=size, updated_at=now())
    )


def set_uploaded(session: Session, sha256: str, size: int) -> None:
    session.execute(
        _fu.update()
        .where(_fu.c.sha256 == sha256)
        .values(
            state=UPLOADED,
            acknowledged=size,
            size_bytes=size,
            code=None,
            detail=None,
            next_try_at=None,
            updated_at=now(),
        )
    )


def set_failed(session: Session, sha256: str, code: str, detail: str, at: datetime | None = None) -> datetime:
    """Record a failed attempt; returns when the next sync may try again."""
    at = at or now()
    attempts = (session.scalar(select(_fu.c.attempts).where(_fu.c.sha256 == sha256)) or 0) + 1
    wait = min(BACKOFF_FIRST * 2 ** min(attempts - 1, 20), BACKOFF_MAX)
    session.execute(
        _fu.update()
        .where(_fu.c.sha256 == sha256)
        .values(
            state=FAILED,
            code=code[:64],
            detail=detail,
            attempts=attempts,
            next_try_at=at + wait,
            updated_at=at,
        )
    )
    return at + wait


def retry_now(session: Session) -> int:
    """Let every failed file be tried at the next sync (the rep asked for it)."""
    return session.execute(_fu.update().where(_fu.c.state == FAILED).values(next_try_at=None)).rowcount
