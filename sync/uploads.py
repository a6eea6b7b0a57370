"""The laptop's attachment upload queue: bytes follow their accepted metadata.

The files live in :class:`LocalFiles`, content-addressed like on the server, until they
are uploaded (and, for now, after: eviction and the cache budget come later). An
attachment is uploaded only once the server has accepted its row (``version`` > 0: the
server has numbered it), because the server allows an upload only for a row it knows
(server/api/blob_routes.py). Each upload starts from the offset the server acknowledges,
so an interrupted one continues where it stopped rather than from zero, and a finished
one is confirmed without re-sending. See docs/ARCHITECTURE.md, "Attachments".
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from domain.attachments import CHUNK_BYTES
from local_db.db import LocalDb
from local_db.tables import TABLES
from sync.engine import SyncEngine
from sync.transport import ServerRefused

_att = TABLES["attachment"]


class LocalFiles:
    """Attachment bytes on the laptop: ``<replica stem>-files/ab/cd/<sha256>``."""

    def __init__(self, root: Path):
        self.root = Path(root)

    @classmethod
    def beside(cls, db: LocalDb) -> LocalFiles:
        return cls(db.path.with_name(f"{db.path.stem}-files"))

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def add(self, data: bytes) -> str:
        """Keep ``data``; returns its SHA-256 (written atomically, so a crash leaves no half file)."""
        sha = hashlib.sha256(data).hexdigest()
        final = self.path(sha)
        if not final.exists():
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp = final.with_suffix(".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, final)
        return sha

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()


@dataclass
class UploadReport:
    uploaded: list[str] = field(default_factory=list)  # hashes now complete on the server
    failed: dict[str, str] = field(default_factory=dict)  # hash → the server's reason
    bytes_sent: int = 0


class UploadQueue:
    def __init__(self, engine: SyncEngine, files: LocalFiles):
        self.engine = engine
        self.files = files

    def pending(self) -> list[str]:
        """Hashes to upload: accepted by the server, not yet marked uploaded, bytes held here."""
        with self.engine.db.session() as s:
            hashes = s.scalars(
                select(_att.c.sha256)
                .where(~_att.c.deleted, _att.c.version > 0, _att.c.uploaded_at.is_(None))
                .distinct()
            )
            return sorted(h for h in hashes if self.files.has(h))

    def run(self) -> UploadReport:
        """Upload every pending file. A lost connection propagates (``Unreachable``): what the
        server acknowledged so far stays, and the next run continues from there."""
        report = UploadReport()
        for sha in self.pending():
            try:
                self._upload(sha, report)
            except ServerRefused as e:
                report.failed[sha] = str(e)
        return report

    def _upload(self, sha: str, report: UploadReport) -> None:
        state = self.engine.request("GET", f"/blobs/{sha}/upload")
        offset, size = state["offset"], state["size"]
        if state["complete"]:
            # The same bytes are already there (another record, or an earlier run whose
            # answer was lost): confirm, so the server marks this attachment uploaded too.
            self.engine.request("PUT", f"/blobs/{sha}/chunks/{size}", content=b"")
        with open(self.files.path(sha), "rb") as f:
            while not state["complete"]:
                f.seek(offset)
                piece = f.read(CHUNK_BYTES) if offset < size else b""
                try:
                    state = self.engine.request("PUT", f"/blobs/{sha}/chunks/{offset}", content=piece)
                except ServerRefused as e:
                    if e.code != "upload_offset":
                        raise
                    offset = e.details[0]["offset"]  # the server has more (or less) than we thought
                    continue
                report.bytes_sent += len(piece)
                offset = state["offset"]
        report.uploaded.append(sha)
