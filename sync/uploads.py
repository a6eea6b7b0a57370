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
import threading
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


class ChunkBody:
    """One chunk's bytes as the pieces they were read in (the sealed file's records), for a
    PUT's body: sized, so ``requests`` sends a Content-Length, and iterable, so each piece
    goes to the socket as it is, never joined into one 4 MiB string first. Read before the
    request starts, so a damaged or unreadable file is found here, not half-way through a
    request (where it would look like a lost connection)."""

    def __init__(self, pieces: list):
        self.pieces = pieces
        self._length = sum(len(p) for p in pieces)

    def __len__(self) -> int:
        return self._length

    def __iter__(self):
        return iter(self.pieces)


def _read_chunk(f, offset: int, size: int) -> ChunkBody:
    """Bytes ``offset`` … ``offset + CHUNK_BYTES`` of the local copy, at most to ``size``."""
    if isinstance(f, SealedReader):
        return ChunkBody(list(f.pieces(offset, max(0, min(CHUNK_BYTES, size - offset)))))
    f.seek(offset)
    return ChunkBody([f.read(max(0, min(CHUNK_BYTES, size - offset)))])


class UploadQueue:
    """Uploads the files in ``file_uploads`` whose attachment row the server has accepted.

    Where to continue is always the server's word (its acknowledged offset), so a process
    killed mid-chunk resumes from the last whole chunk. The state of a file is committed
    (``local_db.file_uploads``) after every chunk but its last, so a restart shows where
    things stood and asks the server before sending, and when the file is done; a file
    never tried before starts without a commit or a state request (its first chunk's answer
    says where the server stands), and progress goes to the window as it happens.

    Up to ``PARALLEL`` files are in flight at once (each on its own pooled connection of
    the engine's HTTP session): while one waits for the server to write, hash and sync a
    file, the next one is on the wire. Every file's state is its own row, written by the
    thread that uploads it.

    A file that fails (the server refuses it, the local copy is damaged or unreadable, the
    server is in trouble) is recorded with its reason and retried at a later sync, backing
    off; the other files and the row sync go on. A lost connection ends the run
    (``Unreachable`` propagates once the files in flight have stopped): nothing is recorded
    against the file, and the next sync resumes it. With nothing due this makes no request
    at all (the no-op sync stays one request, docs/SYNC_CONTRACT.md, invariant 13).
    """

    #: Files in flight at once. Each file ends with the server syncing it (and its folder) to
    #: disk, some 10-20 ms in which neither end computes; a third file on the wire fills that
    #: wait (loopback, separate processes: 2 → 3 took the upload from 49-80 % to 78-101 % of a
    #: plain PUT with as many in flight, docs/BENCHMARKS.md). A slow link shares its bandwidth.
    PARALLEL = 3

    def __init__(
        self,
        engine: SyncEngine,
        files: LocalFiles | None = None,
        progress: FileProgressFn | None = None,
    ):
        self.engine = engine
        self._files = files
        self.progress = progress
        self._lock = threading.Lock()  # the report, and which file is next
        self._stop = threading.Event()  # a file ended the run: the others stop at their next chunk

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
        with self.engine.db.session() as s:
            due = fu.due_files(s)
        if not due:
            return report
        files = self.files  # made once, before any thread asks for it
        self._stop.clear()  # a run that ended early does not stop the next one
        todo = list(due)
        errors: list[BaseException] = []

        def work() -> None:
            while not self._stop.is_set():
                with self._lock:
                    if not todo:
                        return
                    item = todo.pop(0)
                try:
                    self._one(files, item, report)
                except BaseException as e:  # noqa: BLE001 - handed to the calling thread below
                    with self._lock:
                        errors.append(e)
                    self._stop.set()
                    return

        helpers = [
            threading.Thread(target=work, name=f"upload-{i}", daemon=True)
            for i in range(1, min(max(1, self.PARALLEL), len(due)))
        ]
        for t in helpers:
            t.start()
        work()
        for t in helpers:
            t.join()
        if errors:
            if isinstance(errors[0], AccountDeactivated):
                self.engine.wipe_local_copy()  # once no file is in flight any more
            raise errors[0]
        return report

    def _one(self, files: LocalFiles, item: fu.DueFile, report: UploadReport) -> None:
        """One file, with what its failure means (see the class); raises what ends the run."""
        sha = item.sha256
        try:
            if not files.has(sha):
                raise FileNotFoundError(f"{files.path(sha)} is not on this computer")
            self._upload(files, item, report)
        except (AuthRequired, ClientTooOld, AccountDeactivated):
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

    def _failed(self, sha: str, code: str, detail: str, report: UploadReport) -> None:
        with self.engine.db.session() as s:
            retry = fu.set_failed(s, sha, code, detail)
            row = fu.get(s, sha)
            progress = FileProgress(sha, row.acknowledged, row.size_bytes, fu.FAILED)
        log.warning(
            "upload of %s failed (%s), retried after %s: %s", sha[:12], code, retry.isoformat(), detail
        )
        with self._lock:
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
        with self._lock:
            report.uploaded.append(sha)
        self._tell(FileProgress(sha, size, size, fu.UPLOADED))

    def _put(self, sha: str, offset: int, body: ChunkBody | bytes) -> dict:
        return self.engine.request("PUT", f"/blobs/{sha}/chunks/{offset}", content=body)

    def _upload(self, files: LocalFiles, item: fu.DueFile, report: UploadReport) -> None:
        sha = item.sha256
        with files.open(sha) as f:
            have = f.size if isinstance(f, SealedReader) else os.fstat(f.fileno()).st_size
            if item.fresh:
                # Never sent from here: the first chunk goes straight away, and its answer says
                # where the server stands (a replay if it had the bytes already): no state
                # request and no commit before it.
                size = item.size_bytes
                self._tell(FileProgress(sha, 0, size, fu.UPLOADING))
                state = self._send(f, sha, 0, size, have, report, first=True)
            else:
                state = self.engine.request("GET", f"/blobs/{sha}/upload")
                size = state["size"]
                if state["complete"]:
                    # The same bytes are already there (another record, or an earlier run whose
                    # answer was lost): confirm, so the server marks this attachment uploaded too.
                    self._put(sha, size, b"")
                    self._done(sha, size, report)
                    return
            while not state["complete"]:
                self._acknowledged(sha, state["offset"], size)
                if self._stop.is_set():
                    return  # another file ended the run; this one resumes from here next time
                state = self._send(f, sha, state["offset"], size, have, report)
        self._done(sha, size, report)

    def _send(
        self, f, sha: str, offset: int, size: int, have: int, report: UploadReport, first: bool = False
    ) -> dict:
        """PUT the chunk at ``offset``; the server's state after it. A 409 (the server has more,
        or less, than we thought) gives its offset, with nothing sent."""
        body = _read_chunk(f, offset, min(size, have)) if offset < size else b""
        if offset < size and not len(body):
            raise OSError(f"the local copy of {sha} has {have} bytes, its attachment {size}")
        try:
            state = self._put(sha, offset, body)
        except ServerRefused as e:
            if e.code != "upload_offset":
                raise
            return {"offset": e.details[0]["offset"], "size": size, "complete": False}
        except BaseException:
            if first:  # marked started, so the next sync asks the server before sending again
                with self.engine.db.session() as s:
                    fu.set_progress(s, sha, 0, size)
            raise
        self._count(report, len(body))
        return state

    def _count(self, report: UploadReport, sent: int) -> None:
        with self._lock:
            report.bytes_sent += sent
