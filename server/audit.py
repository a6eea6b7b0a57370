"""Record who did what, for actions that are not a row edit (row edits carry updated_by)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from server.store.changes import now
from server.store.tables import AuditEntry


def audit(session: Session, user_id: str | None, action: str, detail: str | None = None) -> None:
    session.add(AuditEntry(at=now(), user_id=user_id, action=action, detail=detail))
