"""The laptop's attachment files and their upload: bytes follow their accepted metadata.

The files live in :class:`LocalFiles`, content-addressed like on the server, until they
are uploaded (and after: eviction and the cache budget are their own modules). Every
sync runs :class:`UploadQueue` right after the push (``SyncEngine.upload_files``): an
attachment's bytes go up only once the server has accepted its row (``version`` > 0: the
server has numbered it), because the server allows an upload only for a row it knows
(server/api/blob_routes.py). Each upload starts from the offset the server acknowledges,
so an interrupted one continues where it stopped rather than from zero, and a finished
one is confirmed without re-sending. The state of each file is kept in ``file_uploads``
(``local_db.file_uploads``). See docs/ARCHITECTURE.md, "Attachments".
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from domain.attachments import CHUNK_BYTES
from local_db import file_uploads as fu
from local_db.db import LocalDb
from local_db.replica import files_dir
from local_db.sealed import SealedFileDamaged, SealedReader, files_key, is_sealed, seal_to
from sync.transport import AccountDeactivated, AuthRequired, ClientTooOld, ServerRefused, ServerTrouble

if TYPE_CHECKING:  # the engine runs the queue in every sync (SyncEngine.upload_files)
    from sync.engine import SyncEngine

log = logging.getLogger(__name__)


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
    failed: dict[str, str] = field(default_factory=dict)  # hash → why (the server's or the laptop's reason)
    bytes_sent: int = 0


@dataclass(frozen=True)
class FileProgress:
    """How far one file's upload got, for the window (sent through the task's progress)."""

    sha256: str
    acknowledged: int  # bytes the server has confirmed
    size: int
    state: str  # local_db.file_uploads: uploading, uploaded, failed

    @property
    def percent(self) -> int:
        return 100 if self.size <= 0 else min(100, self.acknowledged * 100 // self.size)


FileProgressFn = Callable[[FileProgress], None]


class UploadQueue:
    """Uploads the files in ``file_uploads`` whose attachment row the server has accepted.

    Each file's state is committed as it moves (``local_db.file_uploads``), so a restart
    shows where things stood; where to continue is always asked from the server (its
    acknowledged offset), so a process killed mid-chunk resumes from the last whole chunk.
    A file that fails (the server refuses it, the local copy is damaged or unreadable, the
    server is in trouble) is recorded with its reason and retried at a later sync, backing
    off; the other files and the row sync go on. A lost connection ends the run
    (``Unreachable`` propagates): nothing is recorded against the file, and the next sync
    resumes it. With nothing due this makes no request at all (the no-op sync stays one
    request, docs/SYNC_CONTRACT.md, invariant 13).
    """

    def __init__(
        self, engine: SyncEngine, files: LocalFiles | None = None, progress: FileProgressFn | None = None
    ):
        self.engine = engine
        self._files = files
        self.progress = progress

    @property
    def files(self) -> LocalFiles:
        if self._files is None:
            self._files = LocalFiles.beside(self.engine.db)
        return self._files

    def pending(self) -> list[str]:
        """Hashes to upload now: accepted by the server, not marked uploaded, not backing off."""
        with self.engine.db.session() as s:
            return fu.due(s)

    def run(self) -> UploadReport:
        """Upload every due file; see the class. A lost connection propagates (``Unreachable``)."""
        report = UploadReport()
        for sha in self.pending():
            try:
                if not self.files.has(sha):
                    raise FileNotFoundError(f"{self.files.path(sha)} is not on this computer")
                self._upload(sha, report)
            except AccountDeactivated:
                self.engine.wipe_local_copy()
                raise
            except (AuthRequired, ClientTooOld):
                raise  # a person must act; the file stays as it is
            except ServerTrouble as e:
                self._failed(sha, "server_trouble", str(e), report)
            except ServerRefused as e:
                self._failed(sha, e.code, str(e), report)
            except SealedFileDamaged as e:
                # Never upload bytes that fail their check: the server would refuse them
                # after the last chunk anyway (hash_mismatch), and they may not be ours.
                log.error("%s", e)
                self._failed(sha, "file_damaged", str(e), report)
            except FileNotFoundError as e:
                self._failed(sha, "file_missing", str(e), report)
            except OSError as e:
                self._failed(sha, "file_unreadable", str(e), report)
        return report

    def _failed(self, sha: str, code: str, detail: str, report: UploadReport) -> None:
        with self.engine.db.session() as s:
            retry = fu.set_failed(s, sha, code, detail)
            row = fu.get(s, sha)
            progress = FileProgress(sha, row.acknowledged, row.size_bytes, fu.FAILED)
        log.warning(
            "upload of %s failed (%s), retried after %s: %s", sha[:12], code, retry.isoformat(), detail
        )
        report.failed[sha] = detail
        self._tell(progress)

    def _tell(self, progress: FileProgress) -> None:
        if self.progress is not None:
            self.progress(progress)  # may raise TaskCancelled: what the server has stays

    def _acknowledged(self, sha: str, offset: int, size: int) -> None:
        with self.engine.db.session() as s:
            fu.set_progress(s, sha, offset, size)
        self._tell(FileProgress(sha, offset, size, fu.UPLOADING))

    def _done(self, sha: str, size: int, report: UploadReport) -> None:
        with self.engine.db.session() as s:
            fu.set_uploaded(s, sha, size)
        report.uploaded.append(sha)
        self._tell(FileProgress(sha, size, size, fu.UPLOADED))

    def _upload(self, sha: str, report: UploadReport) -> None:
        with self.engine.db.session() as s:
            row = fu.get(s, sha)
            fresh = row.state == fu.WAITING and row.acknowledged == 0 and row.attempts == 0
            known_size = row.size_bytes
        if fresh:
            # Never sent from here: the first chunk's answer says where the server stands (a
            # replay if it had bytes already), which saves a request per file.
            state = {"offset": 0, "size": known_size, "complete": False}
        else:
            state = self.engine.request("GET", f"/blobs/{sha}/upload")
        offset, size = state["offset"], state["size"]
        if state["complete"]:
            # The same bytes are already there (another record, or an earlier run whose
            # answer was lost): confirm, so the server marks this attachment uploaded too.
            self.engine.request("PUT", f"/blobs/{sha}/chunks/{size}", content=b"")
            self._done(sha, size, report)
            return
        self._acknowledged(sha, offset, size)
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
                if not state["complete"]:
                    self._acknowledged(sha, offset, size)
        self._done(sha, size, report)
