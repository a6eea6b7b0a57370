"""The server's store of attachment bytes, content-addressed by SHA-256.

The database keeps only the metadata (the ``attachment`` rows); the bytes live behind
:class:`BlobStore`, a deliberately small interface so an S3-compatible store can replace
the filesystem one later without touching the API. An upload is resumable: the bytes
received so far are kept as a partial blob whose size is the acknowledged offset, and
the blob becomes visible only once its hash is verified (docs/ARCHITECTURE.md,
"Attachments").
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import shutil
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from sqlalchemy.engine import make_url

from domain.attachments import is_sha256

ENV_BLOB_DIR = "FIELDSALES_BLOB_DIR"
_READ = 1024 * 1024
#: A chunk's bytes: one buffer, or the pieces its request body arrived in (written as they
#: are, so a 4 MiB chunk is never copied into one string first).
Chunk = bytes | bytearray | memoryview | Sequence[bytes | bytearray | memoryview]


def chunk_pieces(data: Chunk) -> list[bytes | bytearray | memoryview]:
    return [data] if isinstance(data, (bytes, bytearray, memoryview)) else list(data)


class OffsetMismatch(Exception):
    """A chunk starts after the bytes received so far (a gap would be written)."""

    def __init__(self, acknowledged: int):
        super().__init__(f"the upload continues at byte {acknowledged}")
        self.acknowledged = acknowledged


class HashMismatch(Exception):
    """All bytes arrived but their SHA-256 is not the announced one; the partial is dropped."""


@dataclass(frozen=True)
class BlobEntry:
    """One stored object: a complete blob, or the partial bytes of an unfinished upload."""

    sha256: str
    size: int
    modified: datetime  # aware UTC: when its bytes last changed
    partial: bool


@dataclass(frozen=True)
class ChunkFile:
    """A chunk's own file beside a partial upload (see :class:`ChunkWriter`), as a server
    killed mid-body leaves it: never committed, never discarded."""

    name: str  # the file's name in the store (what ``remove_chunk_file`` takes)
    sha256: str  # the upload it was a chunk of
    size: int
    modified: datetime  # aware UTC: when a piece was last written to it


class ChunkWriter(Protocol):
    """One chunk on its way in: its pieces are kept apart from the acknowledged bytes until
    ``commit`` adds them whole, so a body cut half-way moves no offset."""

    def write(self, piece: bytes | bytearray | memoryview) -> None:
        """The next piece of the chunk (not yet acknowledged)."""

    def commit(self) -> int:
        """Add the chunk to the partial blob; the acknowledged offset (see ``write_chunk``)."""

    def discard(self) -> None:
        """Drop what was written (a cut or refused body); safe to call after ``commit``."""


class BlobStore(Protocol):
    def size(self, sha256: str) -> int | None:
        """Size of the complete blob, None if there is none."""

    def received(self, sha256: str) -> int:
        """Bytes of an unfinished upload acknowledged so far (0 if none)."""

    def write_chunk(self, sha256: str, offset: int, data: Chunk) -> int:
        """Store ``data`` (bytes, or the pieces a request body arrived in) at ``offset`` of the
        partial blob; returns the acknowledged offset.

        A chunk that only repeats bytes already received changes nothing (a replay)."""

    def begin_chunk(self, sha256: str, offset: int) -> ChunkWriter:
        """A chunk to be written piece by piece as its body arrives (:class:`ChunkWriter`):
        nothing of it is acknowledged until it is committed whole."""

    def finish(self, sha256: str) -> None:
        """Verify the partial blob's hash and make it the blob (:class:`HashMismatch` if wrong).

        On a blob already complete it changes nothing, but returns only once that blob is
        durable (a ``finish`` of the same hash still under way is waited for)."""

    def open(self, sha256: str) -> Iterator[bytes]:
        """The complete blob's bytes, in pieces."""

    def path_of(self, sha256: str) -> Path | None:
        """A local file of the complete blob if the store has one (lets the server send it directly)."""

    def derived(self, sha256: str, kind: str) -> bytes | None:
        """A small file made from the blob (``kind`` e.g. ``"thumbnail"``), None if not made yet."""

    def put_derived(self, sha256: str, kind: str, data: bytes) -> None:
        """Keep what was made from the blob beside it (atomically: a reader sees all or nothing)."""

    def inventory(self) -> Iterator[BlobEntry]:
        """Every complete blob and every partial upload (for ``fieldsales-server check-blobs``)."""

    def remove(self, sha256: str, partial: bool) -> None:
        """Delete a complete blob or a partial upload (orphans only: the check decides)."""

    def chunk_files(self) -> Iterator[ChunkFile]:
        """Every chunk file on disk: bodies arriving now, and those a killed server left."""

    def remove_chunk_file(self, name: str) -> None:
        """Delete a chunk file (stale ones only: the check decides)."""


class FileSystemBlobStore:
    """Blobs as files under ``root``: ``ab/cd/<sha256>``, partial uploads under ``partial/``,
    files made from a blob (thumbnails) under ``<kind>/ab/cd/<sha256>``.

    A finished blob is moved into place with an atomic rename, so a reader never sees half
    a file. Writes to one partial blob are serialised by a lock per hash (within one
    process; several server processes uploading the same hash at once is left to the
    hash check at the end: a wrong result is dropped and re-sent).
    """

    #: Running hashes of uploads in progress kept at most (an abandoned one is dropped first).
    MAX_HASHERS = 256

    def __init__(self, root: Path):
        self.root = Path(root)
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        # sha → the running SHA-256 of a partial written in order by this process: the check
        # at the end then needs no second read. Anything else (a restart, another process, a
        # rewritten tail, a partial dropped and rebuilt) falls back to reading the partial.
        self._hashers: dict[str, _Running] = {}

    def _lock(self, sha256: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(sha256, threading.Lock())

    def _final(self, sha256: str) -> Path:
        if not is_sha256(sha256):
            raise ValueError("not a SHA-256")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def _partial(self, sha256: str) -> Path:
        if not is_sha256(sha256):
            raise ValueError("not a SHA-256")
        return self.root / "partial" / f"{sha256}.part"

    def size(self, sha256: str) -> int | None:
        try:
            return self._final(sha256).stat().st_size
        except FileNotFoundError:
            return None

    def received(self, sha256: str) -> int:
        try:
            return self._partial(sha256).stat().st_size
        except FileNotFoundError:
            return 0

    def write_chunk(self, sha256: str, offset: int, data: Chunk) -> int:
        writer = self.begin_chunk(sha256, offset)
        try:
            for piece in chunk_pieces(data):
                writer.write(piece)
            return writer.commit()
        finally:
            writer.discard()

    def begin_chunk(self, sha256: str, offset: int) -> _FileChunk:
        with self._guard:
            known = self._hashers.get(sha256)
        # The partial's running hash, if this chunk continues it: hashed as its pieces arrive.
        # The entry itself is kept (``base``): the commit stores the result only if the
        # partial is still the one that hash was taken over (it may be dropped and rebuilt to
        # the same length with other bytes while this body streams).
        digest = (
            hashlib.sha256()
            if offset == 0
            else known.digest.copy()
            if known and known.length == offset
            else None
        )
        return _FileChunk(self, sha256, offset, digest, known)

    def _commit(self, chunk: _FileChunk) -> int:
        """Put a whole chunk's file onto the partial blob (see :class:`_FileChunk`)."""
        sha256, offset, length = chunk.sha256, chunk.offset, chunk.length
        path = self._partial(sha256)
        with self._lock(sha256):
            try:
                st = path.stat()
            except FileNotFoundError:
                st = None
            have = 0 if st is None else st.st_size
            if offset > have:
                raise OffsetMismatch(have)
            if offset + length <= have:
                return have  # a replay of bytes already acknowledged
            # Not synced to disk per chunk: a crash may lose acknowledged bytes, which the
            # laptop then sends again (it always continues from the offset the server
            # reports), and damaged ones fail the hash check at the end. Only the finished
            # blob is made durable (``finish``).
            with self._guard:
                base = self._hashers.pop(sha256, None)
            # The chunk's hash continues the partial's only over the very bytes it was taken
            # over: a fresh upload, or the same entry still on an untouched file (neither
            # dropped and rebuilt here, nor written by another process).
            continues = (
                chunk.digest is not None
                and have == offset
                and (offset == 0 or (base is not None and base is chunk.base and base.stamp == _stamp(st)))
            )
            if have == 0:
                os.replace(chunk.path, path)  # the first chunk becomes the partial: no copy
            else:
                with open(chunk.path, "rb") as src, open(path, "r+b") as dst:
                    dst.seek(have)
                    src.seek(have - offset)
                    shutil.copyfileobj(src, dst, _READ)
            if continues:
                running = _Running(offset + length, chunk.digest, _stamp(path.stat()))
                with self._guard:
                    self._hashers[sha256] = running
                    while len(self._hashers) > self.MAX_HASHERS:
                        self._hashers.pop(next(iter(self._hashers)))
            return offset + length

    def finish(self, sha256: str) -> None:
        path = self._partial(sha256)
        with self._lock(sha256):
            if self.size(sha256) is not None:
                path.unlink(missing_ok=True)
                return
            with self._guard:
                known = self._hashers.pop(sha256, None)
            with open(path, "rb") as f:
                if known is not None and known.stamp == _stamp(os.fstat(f.fileno())):
                    digest = known.digest
                else:
                    digest = hashlib.sha256()
                    while piece := f.read(_READ):
                        digest.update(piece)
                os.fsync(f.fileno())
            if digest.hexdigest() != sha256:
                path.unlink(missing_ok=True)
                raise HashMismatch(sha256)
            final = self._final(sha256)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, final)
            _sync_dir(final.parent)

    def open(self, sha256: str) -> Iterator[bytes]:
        with open(self._final(sha256), "rb") as f:
            while piece := f.read(_READ):
                yield piece

    def path_of(self, sha256: str) -> Path | None:
        path = self._final(sha256)
        return path if path.exists() else None

    def _derived(self, sha256: str, kind: str) -> Path:
        if not kind.isalpha():
            raise ValueError("not a kind of derived file")
        final = self._final(sha256)
        return self.root / kind / final.relative_to(self.root)

    def derived(self, sha256: str, kind: str) -> bytes | None:
        try:
            return self._derived(sha256, kind).read_bytes()
        except FileNotFoundError:
            return None

    def put_derived(self, sha256: str, kind: str, data: bytes) -> None:
        path = self._derived(sha256, kind)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(
            f"{path.name}.{threading.get_ident()}.tmp"
        )  # two makers at once each write their own
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def inventory(self) -> Iterator[BlobEntry]:
        def entry(path: Path, sha: str, partial: bool) -> BlobEntry | None:
            try:
                st = path.stat()
            except FileNotFoundError:  # finished or removed meanwhile
                return None
            return BlobEntry(sha, st.st_size, datetime.fromtimestamp(st.st_mtime, timezone.utc), partial)

        for path in sorted(self.root.glob("??/??/*")):
            if (
                is_sha256(path.name)
                and path.parent.parent.name == path.name[:2]
                and (e := entry(path, path.name, False))
            ):
                yield e
        for path in sorted((self.root / "partial").glob("*.part")):
            if is_sha256(path.stem) and (e := entry(path, path.stem, True)):
                yield e

    def remove(self, sha256: str, partial: bool) -> None:
        with self._lock(sha256):
            if partial:
                with self._guard:
                    self._hashers.pop(sha256, None)  # a partial rebuilt later has other bytes
                self._partial(sha256).unlink(missing_ok=True)
                return
            self._final(sha256).unlink(missing_ok=True)
            for kind in self.root.iterdir():  # what was made from it goes with it (thumbnails)
                if kind.is_dir() and kind.name.isalpha() and len(kind.name) > 2 and kind.name != "partial":
                    self._derived(sha256, kind.name).unlink(missing_ok=True)

    def chunk_files(self) -> Iterator[ChunkFile]:
        for path in sorted((self.root / "partial").glob("*.chunk")):
            sha = path.name.split(".", 1)[0]
            if not is_sha256(sha):
                continue
            try:
                st = path.stat()
            except FileNotFoundError:  # committed or discarded meanwhile
                continue
            yield ChunkFile(path.name, sha, st.st_size, datetime.fromtimestamp(st.st_mtime, timezone.utc))

    def remove_chunk_file(self, name: str) -> None:
        if Path(name).name != name or not name.endswith(".chunk") or not is_sha256(name.split(".", 1)[0]):
            raise ValueError("not a chunk file")
        (self.root / "partial" / name).unlink(missing_ok=True)


@dataclass(frozen=True, eq=False)
class _Running:
    """The running SHA-256 of a partial blob: over its first ``length`` bytes, as the file
    was when ``stamp`` was taken (compared by identity and stamp, never by value)."""

    length: int
    digest: object
    stamp: tuple[int, int, int, int]


def _stamp(st: os.stat_result | None) -> tuple[int, int, int, int] | None:
    """Which file, of what size, last written when: a partial rewritten since no longer matches."""
    return None if st is None else (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class _FileChunk:
    """A chunk written to a file of its own beside the partial blob (``partial/<sha>.<offset>.<n>.chunk``),
    hashed as it streams, and put onto the partial only when whole (``commit``): no lock is
    held between pieces, so a laptop stalled mid-body holds up nobody, not even its own
    resumed upload, and a cut body leaves the acknowledged offset where it was."""

    _serial = itertools.count()

    def __init__(self, store: FileSystemBlobStore, sha256: str, offset: int, digest, base: _Running | None):
        self.store, self.sha256, self.offset, self.digest = store, sha256, offset, digest
        self.base = base  # the running hash ``digest`` continues (see ``FileSystemBlobStore._commit``)
        self.length = 0
        partial = store._partial(sha256)
        self.path = partial.with_name(f"{sha256}.{offset}.{os.getpid()}-{next(self._serial)}.chunk")
        try:
            self._file = open(self.path, "wb")
        except FileNotFoundError:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "wb")

    def write(self, piece) -> None:
        self._file.write(piece)
        if self.digest is not None:
            self.digest.update(piece)
        self.length += len(piece)

    def commit(self) -> int:
        self._file.close()
        return self.store._commit(self)

    def discard(self) -> None:
        # Runs in the route's ``finally``, often because a write failed (a full disk): closing
        # then fails again as the buffer's last flush does, and that must neither replace the
        # answer being sent nor keep the file.
        with contextlib.suppress(OSError):
            self._file.close()
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)


def _sync_dir(path: Path) -> None:
    """Make a rename into ``path`` durable (where the platform can open a directory)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def default_blob_dir(database_url) -> Path:
    """``FIELDSALES_BLOB_DIR``, else a directory next to the SQLite file, else the server's
    data directory (PostgreSQL keeps no file of its own to sit next to)."""
    if os.environ.get(ENV_BLOB_DIR):
        return Path(os.environ[ENV_BLOB_DIR])
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        db = Path(url.database)
        return db.with_name(f"{db.stem}-blobs")
    from server.config import default_sqlite_path

    return default_sqlite_path().with_name("blobs")
