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
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from domain.attachments import CHUNK_BYTES
from local_db.db import LocalDb
from local_db.replica import files_dir
from local_db.sealed import SealedFileDamaged, SealedReader, files_key, is_sealed, seal_to
from local_db.tables import TABLES
from sync.engine import SyncEngine
from sync.transport import ServerRefused

log = logging.getLogger(__name__)

_att = TABLES["attachment"]


class LocalFiles:
    """Attachment bytes on the laptop: ``<replica stem>-files/ab/cd/<sha256>``.

    With ``key`` (the replica's SQLCipher key) every file is sealed (``local_db.sealed``:
    AES-GCM records under a key derived from it); without one (a replica left plain because
    the machine has no keyring, see ``open_replica``) the files are plain too, so both stay
    readable at the next start. Either way ``open`` gives the plaintext, seekable.
    """

    SEALED_MARK = ".sealed"  # in the root: every file here has been sealed

    def __init__(self, root: Path, key: str | None = None):
        self.root = Path(root)
        self._master = files_key(key) if key else None

    @classmethod
    def beside(cls, db: LocalDb) -> LocalFiles:
        files = cls(files_dir(db.path), db.key)
        files.seal_plain_files()
        return files

    @property
    def sealed(self) -> bool:
        return self._master is not None

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def add(self, data: bytes) -> str:
        """Keep ``data``; returns its SHA-256 (written atomically, so a crash leaves no half file)."""
        sha = hashlib.sha256(data).hexdigest()
        final = self.path(sha)
        if not final.exists():
            self._write(final, data, sha)
        return sha

    def _write(self, final: Path, data: bytes, sha: str) -> None:
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_suffix(".tmp")
        with open(tmp, "wb") as out:
            if self._master is None:
                out.write(data)
            else:
                seal_to(out, data, sha, self._master)
        os.replace(tmp, final)

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def open(self, sha256: str) -> BinaryIO | SealedReader:
        """The plaintext, seekable; a sealed file that fails its check raises ``SealedFileDamaged``."""
        if self._master is None:
            return open(self.path(sha256), "rb")
        return SealedReader(self.path(sha256), sha256, self._master)

    def read(self, sha256: str) -> bytes:
        with self.open(sha256) as f:
            return f.read()

    def seal_plain_files(self) -> int:
        """Seal the files written while the replica was plain (the machine got a keyring since).

        Once done, a mark in the root skips the walk at later starts. A plain file whose
        bytes do not match its name is left alone (it is not ours to vouch for).
        """
        if self._master is None:
            (self.root / self.SEALED_MARK).unlink(missing_ok=True)  # plain files may follow
            return 0
        mark = self.root / self.SEALED_MARK
        if mark.exists():
            return 0
        sealed = 0
        for path in self.root.glob("??/??/*"):
            if path.suffix == ".tmp" or not path.is_file() or is_sealed(path):
                continue
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != path.name:
                log.warning("%s does not match its hash; left as it is", path)
                continue
            self._write(path, data, path.name)
            sealed += 1
        # From here on a plain file is not one of ours: it is refused, never adopted.
        self.root.mkdir(parents=True, exist_ok=True)
        mark.touch()
        if sealed:
            log.info("sealed %d attachment files written before the replica was encrypted", sealed)
        return sealed


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
            except SealedFileDamaged as e:
                # Never upload bytes that fail their check: the server would refuse them
                # after the last chunk anyway (hash_mismatch), and they may not be ours.
                log.error("%s", e)
                report.failed[sha] = str(e)
        return report

    def _upload(self, sha: str, report: UploadReport) -> None:
        state = self.engine.request("GET", f"/blobs/{sha}/upload")
        offset, size = state["offset"], state["size"]
        if state["complete"]:
            # The same bytes are already there (another record, or an earlier run whose
            # answer was lost): confirm, so the server marks this attachment uploaded too.
            self.engine.request("PUT", f"/blobs/{sha}/chunks/{size}", content=b"")
            report.uploaded.append(sha)
            return
        with self.files.open(sha) as f:
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
