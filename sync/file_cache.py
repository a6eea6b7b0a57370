"""Attachment files on the laptop: thumbnails after each sync, full files on open, a budget.

The rows of attachments sync like any other entity; their bytes come lazily:

* **Thumbnails** of the attachments in scope are fetched after each sync
  (:meth:`AttachmentFiles.after_sync`, run by ``SyncEngine.sync`` once the rows are in),
  a bounded number per sync, so the row sync never waits for them and the next sync
  continues. A photo whose full file is on the laptop (the rep's own) gets its thumbnail
  made here instead, on demand; a document gets none (the screens show an icon). With
  nothing to fetch this makes no request (docs/SYNC_CONTRACT.md, invariant 13).
* **Full files** are fetched when opened (:meth:`AttachmentFiles.full`), checked against
  their SHA-256 before they are kept, and for every attachment of a customer the rep marked
  "available offline" (:meth:`AttachmentFiles.set_available_offline`) at the next sync.
* **The cache budget** (default 2 GB, :meth:`AttachmentFiles.set_budget`) bounds the full
  files the server also has; over it, the least recently opened go first, those of
  customers kept offline only when nothing else is left. A file the server does not have
  yet (the rep's own, not yet uploaded) is never evicted and does not count. An evicted
  file is fetched again when opened.
* **Scope loss.** A customer that left the scope is kept (its eviction deferred, like one
  with unpushed edits) while this laptop holds files of its attachments, made by this
  user, that the server does not have yet (:meth:`AttachmentFiles.unsent_customers`); once
  they are up it is evicted with its rows, and the files no row uses any more are removed
  (``file_sweep``, queued by triggers of the client migration that made these tables).

The bytes are kept in :class:`sync.uploads.LocalFiles` (sealed when the replica is), the
thumbnails too, under their own hash; what the laptop knows about them is local-only state
(``local_db.models.CachedFile``, ``OfflineCustomer``, ``FileSweep``). See
docs/ARCHITECTURE.md, "Attachments".
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from sqlalchemy import column, delete, exists, func, inspect, select, table, update
from sqlalchemy.orm import Session

from domain.errors import DomainError
from domain.thumbnails import can_have_thumbnail, make_thumbnail
from local_db.db import LocalDb, set_state
from local_db.models import CachedFile, FileSweep, OfflineCustomer, OutboxEntry, SyncState
from local_db.sealed import SealedFileDamaged
from local_db.tables import TABLES
from sync.transport import AccountDeactivated, AuthRequired, ClientTooOld, ServerRefused, SyncError, Transport

if TYPE_CHECKING:
    from sync.engine import SyncEngine, SyncReport
    from sync.uploads import LocalFiles

log = logging.getLogger(__name__)

DEFAULT_BUDGET = 2 * 1024**3
BUDGET_KEY = "file_cache_budget"  # sync_state: bytes of full files the laptop may keep
DUE_KEY = "files_due"  # sync_state: "0" once a run after the sync found nothing left to fetch
#: What one sync fetches at most after its rows; the next sync continues.
THUMBNAILS_PER_SYNC = 200
OFFLINE_FILES_PER_SYNC = 50
BACKGROUND_SECONDS = 60.0

HAVE, NONE = "have", "none"  # CachedFile.thumb_state

_att = TABLES["attachment"]
_cf = CachedFile.__table__
_oc = OfflineCustomer.__table__

Progress = Callable[[int, int], None]  # bytes so far, bytes in all
_local = threading.local()  # each task thread's own HTTP session (AttachmentFiles.for_window)


class FileDamaged(SyncError):
    """The bytes the server sent do not have the attachment's SHA-256; nothing was kept."""

    code = "download_damaged"


@dataclass
class DownloadReport:
    thumbnails: int = 0  # fetched from the server in this sync
    files: int = 0  # full files fetched for customers kept offline
    bytes_received: int = 0
    evicted: int = 0  # full files removed to keep within the budget
    removed: int = 0  # files removed because no attachment on the laptop uses them any more
    not_fitting: int = 0  # files of customers kept offline that the budget has no room for
    stopped: str | None = None  # why the background fetch ended early (retried at the next sync)


def _now() -> datetime:
    return datetime.now(timezone.utc)


class AttachmentFiles:
    """The laptop's attachment files: what the screens call (from the task runner, never
    the UI thread) and what the sync runs after its rows.

    ``db``: the caller's own connection to the replica (the window's); the engine's by
    default. ``transport``: the calling thread's own HTTP session (as the admin screens
    use, ``desktop.admin_client``); the engine's by default, which only the sync thread
    may use.
    """

    def __init__(
        self,
        engine: SyncEngine | None,
        files: LocalFiles | None = None,
        *,
        db: LocalDb | None = None,
        transport: Transport | None = None,
    ):
        if engine is None and db is None:
            raise ValueError("AttachmentFiles needs the engine or, for local use only, the replica")
        self.engine = engine
        self.db = db or engine.db
        self._files = files
        self.transport = transport

    @classmethod
    def for_window(cls, engine: SyncEngine, db: LocalDb) -> AttachmentFiles:
        """For a screen's task: the window's connection to the replica and the calling
        thread's own HTTP session to the server (the engine's belongs to the sync thread)."""
        transports = getattr(_local, "transports", None)
        if transports is None:
            transports = _local.transports = {}
        if engine.server_url not in transports:
            transports[engine.server_url] = Transport(engine.server_url, timeout=120)
        return cls(engine, db=db, transport=transports[engine.server_url])

    @classmethod
    def local(cls, db: LocalDb, files: LocalFiles | None = None) -> AttachmentFiles:
        """Only what the laptop holds (``thumbnail``, ``has_full``, the offline marks, the
        budget), for a screen with no server session at hand; fetching needs the engine."""
        return cls(None, files, db=db)

    @property
    def files(self) -> LocalFiles:
        """Made when first needed: a replica without attachments gets no files directory."""
        if self._files is None:
            from sync.uploads import LocalFiles  # sync.uploads imports the engine's module

            self._files = LocalFiles.beside(self.db)
        return self._files

    # -- what the screens call ---------------------------------------------------------------

    def thumbnail(self, sha256: str) -> bytes | None:
        """The thumbnail JPEG if the laptop has one or can make one from the full file it
        holds; None otherwise (a document, not fetched yet, or offline). Never asks the server."""
        with self.db.session() as s:
            row = s.get(CachedFile, sha256)
            thumb = (row.thumb_state, row.thumb_sha256) if row is not None else (None, None)
            mime = s.scalar(select(_att.c.mime_type).where(_att.c.sha256 == sha256).limit(1))
        if thumb[0] == NONE:
            return None
        if thumb[0] == HAVE and thumb[1]:
            try:
                return self.files.read(thumb[1])
            except (OSError, SealedFileDamaged) as e:
                log.warning("thumbnail of %s unreadable (%s); made or fetched again", sha256[:12], e)
                self._set_thumb(sha256, None, None)
        if not can_have_thumbnail(mime):
            if mime is not None:
                self._set_thumb(sha256, NONE, None)
            return None
        if not self.files.has(sha256):
            return None
        try:
            data = make_thumbnail(self.files.read(sha256))
        except (OSError, SealedFileDamaged) as e:
            log.warning("cannot read %s to make its thumbnail: %s", sha256[:12], e)
            return None
        if data is None:
            self._set_thumb(sha256, NONE, None)
            return None
        self._set_thumb(sha256, HAVE, self.files.add(data))
        return data

    def has_full(self, sha256: str) -> bool:
        """Whether opening the file needs no network."""
        return self.files.has(sha256)

    def full(self, sha256: str, progress: Progress | None = None) -> bytes:
        """The file's bytes: from the laptop, or fetched from the server (checked against the
        hash, then kept, within the budget). Raises ``sync.transport.Unreachable`` offline,
        ``ServerRefused`` (``not_uploaded``: its laptop has not sent it yet; ``not_found``:
        no longer in your scope), :class:`FileDamaged` if the bytes do not match."""
        if self.files.has(sha256):
            try:
                data = self.files.read(sha256)
            except SealedFileDamaged:
                if sha256 in self._unsent({sha256}):
                    raise  # the only copy: nothing to fetch it from
                log.warning("%s is damaged on this laptop; fetched again", sha256[:12])
                self.files.path(sha256).unlink(missing_ok=True)
            else:
                self._touch(sha256, len(data))
                return data
        size = self._size(sha256)
        if progress:
            progress(0, size)
        data = self._fetch(sha256)
        if progress:
            progress(len(data), len(data))
        self.enforce_budget(keep={sha256})
        return data

    def set_available_offline(self, customer_id: str, on: bool) -> None:
        """Keep every file of the customer on this laptop (fetched at the next sync), or stop."""
        with self.db.session() as s:
            if on:
                customer = TABLES["customer"]
                if s.scalar(select(customer.c.id).where(customer.c.id == customer_id)) is None:
                    raise DomainError("This customer is not on this computer.", code="not_found")
                if s.get(OfflineCustomer, customer_id) is None:
                    s.add(OfflineCustomer(customer_id=customer_id, since=_now()))
                    set_state(s, DUE_KEY, "1")
            else:
                s.execute(delete(_oc).where(_oc.c.customer_id == customer_id))

    def available_offline(self, customer_id: str) -> bool:
        with self.db.session() as s:
            return s.get(OfflineCustomer, customer_id) is not None

    def budget(self) -> int:
        raw = self.db.get_state(BUDGET_KEY)
        return int(raw) if raw and raw.isdigit() else DEFAULT_BUDGET

    def set_budget(self, max_bytes: int | None) -> None:
        """Bytes of full files to keep (None: the default, 2 GB); applied at once."""
        if max_bytes is not None and (not isinstance(max_bytes, int) or max_bytes < 0):
            raise DomainError(
                "The file cache size must be a whole number of bytes, 0 or more.", code="invalid_value"
            )
        with self.db.session() as s:
            set_state(s, BUDGET_KEY, None if max_bytes is None else str(max_bytes))
            set_state(s, DUE_KEY, "1")  # more room: files kept offline that did not fit may now
        self.enforce_budget()

    def usage(self) -> int:
        """Bytes of full files held that count against the budget (the server has them)."""
        with self.db.session() as s:
            return sum(size for _sha, size, _at, _pinned in self._evictable(s))

    # -- after a sync ---------------------------------------------------------------------

    def after_sync(self, synced: SyncReport | None = None, deadline: float | None = None) -> DownloadReport:
        """Tidy, then fetch thumbnails and the files of customers kept offline, within bounds.

        Runs after the rows are applied: a failure here (the network went) ends this step
        only, and the next sync continues where it stopped. Whether there can be anything
        to fetch is known without looking: attachment rows arrived (``synced``), or the
        last run left work (``files_due`` in ``sync_state``), or the rep changed what to
        keep; otherwise only the sweep runs."""
        report = DownloadReport()
        with self.db.session() as s:  # what to sweep and whether fetching may be due, read together
            conn = s.connection()  # straight to the driver: this runs after every sync
            queued = [sha for (sha,) in conn.exec_driver_sql("SELECT sha256 FROM file_sweep")]
            due = conn.exec_driver_sql("SELECT value FROM sync_state WHERE key = ?", (DUE_KEY,)).scalar()
        report.removed = self.sweep(queued)
        arrived = synced is not None and (synced.by_entity.get("attachment") or synced.repaired)
        if not arrived and due == "0":
            return report
        deadline = deadline or time.monotonic() + BACKGROUND_SECONDS
        done = False
        try:
            done = self._fetch_thumbnails(report, deadline)
            done = self._fetch_offline(report, deadline) and done
        except AccountDeactivated:
            self.engine.wipe_local_copy()
            raise
        except (AuthRequired, ClientTooOld) as e:
            report.stopped = str(e)  # the sync itself asks the person
        except SyncError as e:
            report.stopped = str(e)
            log.info("attachment files: stopped for this sync (%s)", e)
        except (
            OSError
        ) as e:  # the disk is full or the files directory unwritable: the rows are in all the same
            report.stopped = str(e)
            log.warning("attachment files: cannot keep files on this computer (%s)", e)
        report.evicted = self.enforce_budget()
        self.db.set_state(DUE_KEY, "0" if done else "1")
        return report

    def _fetch_thumbnails(self, report: DownloadReport, deadline: float) -> bool:
        """Fetch what is due; True when nothing is left for the next sync."""
        limit = THUMBNAILS_PER_SYNC * 2
        with self.db.session() as s:
            document = ~func.coalesce(_att.c.mime_type, "").like("image/%")
            on_server = _att.c.uploaded_at.is_not(None) & ~func.coalesce(_cf.c.has_full, False)
            todo = s.execute(
                select(_att.c.sha256, func.max(_att.c.mime_type))
                .select_from(_att.outerjoin(_cf, _cf.c.sha256 == _att.c.sha256))
                .where(~_att.c.deleted, _cf.c.thumb_state.is_(None), document | on_server)
                .group_by(_att.c.sha256)
                .limit(limit)
            ).all()
        fetched = 0
        for sha, mime in todo:
            if not can_have_thumbnail(mime):
                self._set_thumb(sha, NONE, None)  # a document: an icon, never a request
                continue
            if self.files.has(sha):
                continue  # the full file is here: its thumbnail is made from it when shown
            if fetched >= THUMBNAILS_PER_SYNC or time.monotonic() > deadline:
                return False
            try:
                data = self._get(f"/blobs/{sha}/thumbnail")
            except ServerRefused as e:
                if e.code == "no_thumbnail":
                    self._set_thumb(sha, NONE, None)
                continue  # not_found (left the scope meanwhile), not_uploaded: the row says when
            fetched += 1
            report.bytes_received += len(data)
            self._set_thumb(sha, HAVE, self.files.add(data))
        report.thumbnails = fetched
        return len(todo) < limit

    def _fetch_offline(self, report: DownloadReport, deadline: float) -> bool:
        with self.db.session() as s:
            pinned = select(_oc.c.customer_id)
            wanted = s.execute(
                select(_att.c.sha256, func.max(_att.c.size_bytes))
                .where(~_att.c.deleted, _att.c.uploaded_at.is_not(None), _att.c.customer_id.in_(pinned))
                .group_by(_att.c.sha256)
                .order_by(_att.c.sha256)
            ).all()
            held = sum(size for _sha, size, _at, is_pinned in self._evictable(s) if is_pinned)
        budget = self.budget()
        for sha, size in wanted:
            if self.files.has(sha):
                continue
            if held + size > budget:
                report.not_fitting += 1
                continue
            if report.files >= OFFLINE_FILES_PER_SYNC or time.monotonic() > deadline:
                return False
            try:
                data = self._fetch(sha)
            except ServerRefused:
                continue  # not there yet (or no longer visible): the next sync asks again
            except FileDamaged as e:
                log.warning("%s", e)
                continue
            held += len(data)
            report.files += 1
            report.bytes_received += len(data)
        if report.not_fitting:
            log.info("%d files of customers kept offline do not fit the file cache", report.not_fitting)
        return True

    # -- the budget ----------------------------------------------------------------------

    def enforce_budget(self, keep: Iterable[str] = ()) -> int:
        """Remove the least recently opened full files until the rest fit the budget; files
        of customers kept offline go last. Returns how many were removed."""
        keep = set(keep)
        budget = self.budget()
        with self.db.session() as s:
            self._register_own(s)
            held = self._evictable(s)
        total = sum(size for _sha, size, _at, _pinned in held)
        if total <= budget:
            return 0
        oldest = datetime.min.replace(tzinfo=timezone.utc)
        order = sorted(held, key=lambda r: (r[3], r[2] or oldest, r[0]))
        gone: list[str] = []
        for sha, size, _at, _pinned in order:
            if total <= budget:
                break
            if sha in keep:
                continue
            try:
                self.files.path(sha).unlink(missing_ok=True)
            except OSError as e:  # open in a viewer on Windows: next time
                log.info("could not remove %s from the file cache: %s", sha[:12], e)
                continue
            gone.append(sha)
            total -= size
        if gone:
            with self.db.session() as s:
                s.execute(update(_cf).where(_cf.c.sha256.in_(gone)).values(has_full=False))
            log.info("file cache over its budget: removed %d files (fetched again when opened)", len(gone))
        return len(gone)

    def _evictable(self, s: Session) -> list[tuple[str, int, datetime | None, bool]]:
        """Full files held that the server has: (hash, size, last opened, kept offline)."""
        pinned = exists().where(
            _att.c.sha256 == _cf.c.sha256, ~_att.c.deleted, _att.c.customer_id.in_(select(_oc.c.customer_id))
        )
        rows = s.execute(
            select(_cf.c.sha256, _cf.c.size_bytes, _cf.c.last_access, pinned).where(
                _cf.c.has_full, ~_unsent_clause(s, _cf.c.sha256)
            )
        ).all()
        return [(sha, size, at, bool(p)) for sha, size, at, p in rows]

    def _register_own(self, s: Session) -> None:
        """Files made on this laptop join the cache once the server has them: their last
        access is the first time the cache sees them."""
        me = s.scalar(select(SyncState.value).where(SyncState.key == "user_id"))
        new = s.execute(
            select(_att.c.sha256, func.max(_att.c.size_bytes))
            .where(_att.c.created_by == me, ~_att.c.deleted, ~exists().where(_cf.c.sha256 == _att.c.sha256))
            .group_by(_att.c.sha256)
        ).all()
        at = _now()
        for sha, size in new:
            s.add(CachedFile(sha256=sha, size_bytes=size, has_full=self.files.has(sha), last_access=at))

    # -- scope loss ------------------------------------------------------------------------

    def unsent_customers(self, customer_ids: Iterable[str]) -> set[str]:
        """Of these customers, those with attachments made by this user whose files are on
        this laptop and not yet on the server: their eviction waits for the upload.

        Asks the server about each such file (``GET /blobs/{sha}/upload``; the author may
        always ask, docs/SYNC_CONTRACT.md, invariant 9), because once a customer has left the
        scope the feed no longer brings its ``uploaded_at``. Only evictions ask, so a sync
        with none makes no request. When the server cannot answer, the customer waits."""
        ids = sorted(set(customer_ids))
        if not ids:
            return set()
        me = self.db.get_state("user_id")
        with self.db.session() as s:
            rows = s.execute(
                select(_att.c.customer_id, _att.c.sha256).where(
                    _att.c.customer_id.in_(ids),
                    ~_att.c.deleted,
                    _att.c.uploaded_at.is_(None),
                    _att.c.created_by == me,
                )
            ).all()
        waiting: set[str] = set()
        answers: dict[str, bool] = {}
        for cid, sha in rows:
            if cid in waiting or not self.files.has(sha):
                continue
            if sha not in answers:
                answers[sha] = self._on_server(sha)
            if not answers[sha]:
                waiting.add(cid)
        return waiting

    def _on_server(self, sha: str) -> bool:
        try:
            return bool(
                self.engine.request("GET", f"/blobs/{sha}/upload", transport=self.transport)["complete"]
            )
        except AccountDeactivated:
            raise
        except SyncError as e:
            log.info("could not ask whether %s is uploaded (%s): its customer stays for now", sha[:12], e)
            return False

    def sweep(self, queued: list[str] | None = None) -> int:
        """Remove the files (full and thumbnail) of hashes no live attachment uses any more.

        ``queued``: the hashes queued for the sweep, when the caller has just read them."""
        if queued is None:
            with self.db.session() as s:
                queued = list(s.scalars(select(FileSweep.sha256)))
        if not queued:
            return 0
        removed = 0
        with self.db.session() as s:
            # Write first, so SQLite holds the write lock: an attachment saved meanwhile with
            # one of these hashes commits after this transaction and keeps its file... unless
            # its bytes were written to the files directory before, in the instant between
            # that and its commit (then its upload reports the file missing; see ARCHITECTURE).
            s.execute(update(FileSweep).where(FileSweep.sha256.in_(queued)).values(sha256=FileSweep.sha256))
            # Still used: a live attachment, or a removal not yet pushed (the server may refuse it).
            queued_change = exists().where(
                OutboxEntry.entity == "attachment", OutboxEntry.row_id == _att.c.id
            )
            used = set(
                s.scalars(
                    select(_att.c.sha256)
                    .where(_att.c.sha256.in_(queued), ~_att.c.deleted | queued_change)
                    .distinct()
                )
            )
            unsent = set(
                s.scalars(
                    select(FileSweep.sha256).where(
                        FileSweep.sha256.in_(queued), _unsent_clause(s, FileSweep.sha256)
                    )
                )
            )
            done = []
            for sha in queued:
                if sha in used:
                    done.append(sha)
                    continue
                if sha in unsent:
                    continue  # the upload state still holds it: asked again at the next sweep
                path = self.files.path(sha)
                row = s.get(CachedFile, sha)
                thumb = row.thumb_sha256 if row is not None else None
                try:
                    if path.exists():
                        path.unlink()
                        removed += 1
                except OSError as e:
                    log.info("could not remove %s: %s", sha[:12], e)
                    continue
                if thumb and not s.scalar(
                    select(func.count()).where(_cf.c.thumb_sha256 == thumb, _cf.c.sha256 != sha)
                ):
                    self.files.path(thumb).unlink(missing_ok=True)
                s.execute(delete(_cf).where(_cf.c.sha256 == sha))
                done.append(sha)
            s.execute(delete(FileSweep.__table__).where(FileSweep.sha256.in_(done)))
            customer = TABLES["customer"]
            s.execute(delete(_oc).where(~exists().where(customer.c.id == _oc.c.customer_id)))
        if removed:
            log.info("removed %d attachment files no record on this laptop uses any more", removed)
        return removed

    # -- helpers ---------------------------------------------------------------------------

    def _get(self, path: str) -> bytes:
        if self.engine is None:
            raise AuthRequired(401, "not_authenticated", "Please log in.")  # AttachmentFiles.local
        return self.engine.request("GET", path, raw=True, transport=self.transport)

    def _fetch(self, sha256: str) -> bytes:
        data = self._get(f"/blobs/{sha256}")
        if hashlib.sha256(data).hexdigest() != sha256:
            raise FileDamaged(
                "The file that arrived does not match the attachment (it was damaged on the way); "
                "it was not kept. Try again."
            )
        self.files.add(data)
        at = _now()
        with self.db.session() as s:
            row = s.get(CachedFile, sha256)
            if row is None:
                s.add(
                    CachedFile(
                        sha256=sha256, size_bytes=len(data), has_full=True, fetched_at=at, last_access=at
                    )
                )
            else:
                row.size_bytes, row.has_full, row.fetched_at, row.last_access = len(data), True, at, at
        return data

    def _touch(self, sha256: str, size: int) -> None:
        at = _now()
        with self.db.session() as s:
            row = s.get(CachedFile, sha256)
            if row is None:
                s.add(CachedFile(sha256=sha256, size_bytes=size, has_full=True, last_access=at))
            else:
                row.has_full, row.last_access = True, at

    def _set_thumb(self, sha256: str, state: str | None, thumb_sha: str | None) -> None:
        with self.db.session() as s:
            row = s.get(CachedFile, sha256)
            if row is None:
                size = s.scalar(select(func.max(_att.c.size_bytes)).where(_att.c.sha256 == sha256)) or 0
                s.add(
                    CachedFile(
                        sha256=sha256,
                        size_bytes=size,
                        has_full=self.files.has(sha256),
                        thumb_state=state,
                        thumb_sha256=thumb_sha,
                    )
                )
            else:
                row.thumb_state, row.thumb_sha256 = state, thumb_sha

    def _size(self, sha256: str) -> int:
        with self.db.session() as s:
            return s.scalar(select(func.max(_att.c.size_bytes)).where(_att.c.sha256 == sha256)) or 0

    def _unsent(self, hashes: set[str]) -> set[str]:
        with self.db.session() as s:
            return set(
                s.scalars(
                    select(_att.c.sha256).where(_att.c.sha256.in_(hashes), _unsent_clause(s, _att.c.sha256))
                )
            )


def _unsent_clause(s: Session, sha_column):
    """SQL: the file ``sha_column`` names may not be on the server yet: a live attachment
    with it lacks ``uploaded_at``, or the laptop's upload state (``file_uploads``, where the
    app keeps one) says it is not uploaded."""
    a = _att.alias("unsent_att")
    clause = exists().where(a.c.sha256 == sha_column, ~a.c.deleted, a.c.uploaded_at.is_(None))
    if _has_upload_state(s):
        fu = table("file_uploads", column("sha256"), column("state"))
        clause = clause | exists().where(fu.c.sha256 == sha_column, fu.c.state != "uploaded")
    return clause


def _has_upload_state(s: Session) -> bool:
    return inspect(s.connection()).has_table("file_uploads")
