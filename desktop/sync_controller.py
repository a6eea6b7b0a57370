"""Runs the sync engine in the background and tells the window how it went.

The controller owns a ``SyncEngine`` with its own ``LocalDb`` connection to the profile's
file (created on the worker thread, so opening or migrating it never blocks the window).
At most one job (login or sync) runs at a time, because the engine and its HTTP session
are not shared between threads; a sync asked for while one runs is remembered and run
after ("again").

When it syncs by itself (docs/SYNC_CONTRACT.md, invariant 14):

- at start-up (``start``) and on demand (``sync_now``: the F5 / Ctrl+R action);
- a few seconds after local writes: pages call ``local_change()`` (through the main
  window's ``localChanged`` signal) after a ``LocalWriter`` transaction commits; the
  timer restarts on every call, so a burst of edits is one sync;
- periodically while online (``SyncTimings.period_ms`` after the last sync);
- when the server becomes reachable again: while offline, a background probe
  (``Transport.reachable``, a tiny GET of ``/health`` on its own HTTP session) runs on
  a timer, and the first successful probe starts a sync;
- after a failure, with exponential backoff and jitter (``backoff_ms``), reset by the
  next success. A failure where the server never answered retries by probing (cheap,
  capped at ``probe_max_ms`` so a returning network is noticed soon); a failure where
  the server answered with an error retries the sync itself at the full backoff. A lost
  session, a deactivated account or a too-old client are not retried: they need a person.

After the push and pull, a sync *verifies* the replica (count and hash per bucket,
``SyncEngine.verify_and_repair``) when it is due: after the first successful sync of the
app's run, then at most every ``verify_every_ms``, and after a sync that evicted
customers; the engine itself verifies after a role or team change. A clean replica
costs one small request and a local scan; a bucket out of step is re-downloaded alone,
keeping unpushed edits, logged, and recorded (``last_repair`` here, and the engine's
``last_repair`` sync-state key for support).

Automatic syncs are *quiet*: the window shows their progress only when they take a
while. Every interval lives in ``SyncTimings`` so tests can run the whole cycle in
seconds (``SyncController.default_timings`` or the ``timings`` argument).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.paths import Profile
from local_db.replica import open_replica
from sync.contract import parse_datetime
from sync.credentials import CredentialStore
from sync.engine import LAST_SYNC, SyncEngine, SyncReport
from sync.transport import (
    AccountDeactivated,
    AuthRequired,
    ClientTooOld,
    SyncError,
    Transport,
    Unreachable,
)
from sync.uploads import FileProgress
from ui.errors import describe_error
from ui.support.tasks import Task, TaskCancelled, TaskContext, TaskRunner

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncTimings:
    after_write_ms: int = 3_000  # quiet time after the last local write before syncing
    period_ms: int = 5 * 60_000  # between syncs while online
    backoff_first_ms: int = 5_000  # first retry after a failure; doubles with each failure
    backoff_max_ms: int = 10 * 60_000
    probe_max_ms: int = 60_000  # while offline, look for the server at least this often
    jitter: float = 0.2  # ± share of every backoff delay, so laptops do not retry in step
    verify_every_ms: int = 6 * 3_600_000  # re-verify the replica at most this often (plus the triggers)


def backoff_ms(
    failures: int, first_ms: int, max_ms: int, jitter: float, rand: Callable[[], float] = random.random
) -> int:
    """Delay before retry number ``failures`` (1, 2, …): first·2ⁿ⁻¹ capped at max, ± jitter."""
    if failures < 1:
        return 0
    base = min(first_ms * 2 ** min(failures - 1, 32), max_ms)
    return max(1, int(base * (1 + jitter * (2 * rand() - 1))))


def server_answered(exc: BaseException) -> bool:
    """False when the failure was the network (no answer at all), True when the server answered."""
    return not (isinstance(exc, Unreachable) and exc.__cause__ is not None)


# How the next automatic attempt is made after a failure.
RETRY_NONE, RETRY_PROBE, RETRY_SYNC = "none", "probe", "sync"


class SyncController(QObject):
    busyChanged = Signal(bool)
    progressed = Signal(int)  # rows received so far in this sync
    fileProgressed = Signal(object)  # sync.uploads.FileProgress: an attachment file moved along
    synced = Signal(object)  # SyncReport
    failed = Signal(str)  # a sentence for the user, in their language
    updateRequired = Signal(object)  # the server refused this app version: {minimum, latest, url} (or {})
    onlineChanged = Signal(object)  # True, False, or None (not known yet)
    lastSyncChanged = Signal(object)  # aware UTC datetime
    authRequired = Signal(str)  # why (translated); the app asks for the password
    loggedIn = Signal(dict)  # the server's user record
    loginFailed = Signal(object)  # the exception; the login dialog words it
    wiped = Signal()  # the account was deactivated and the local copy removed
    syncEnded = Signal()  # after every sync attempt, whatever its outcome (refresh counts)

    default_timings = SyncTimings()

    def __init__(
        self,
        profile: Profile,
        runner: TaskRunner,
        credentials: CredentialStore,
        parent: QObject | None = None,
        *,
        timings: SyncTimings | None = None,
        rand: Callable[[], float] = random.random,
    ):
        super().__init__(parent)
        self.profile = profile
        self.runner = runner
        self.credentials = credentials
        self.timings = timings or self.default_timings
        self._rand = rand
        self.online: bool | None = None
        self.busy = False
        self.quiet = False  # the running sync was started automatically
        self.last_error: str | None = None
        self.last_report: SyncReport | None = None
        self.last_task: Task | None = None
        self.job: str | None = None  # "login" or "sync" while one runs
        self.failures = 0  # consecutive failed syncs (or probes) since the last success
        self.retry_mode = RETRY_NONE
        self.probes = 0  # probes run (for tests and diagnostics)
        self.verified_at: float | None = None  # time.monotonic() of the last verification in this run
        self.verifications = 0  # verifications run in this run (for tests and diagnostics)
        self.last_repair: dict | None = None  # {"at", "buckets", "rows"} of the last repair, if any
        self._engine: SyncEngine | None = None
        self._engine_lock = threading.Lock()
        self._again = False
        self._again_quiet = True
        self._probe_task: Task | None = None
        self._closed = False

        self._after_write = self._timer(self.timings.after_write_ms, self._auto_sync)
        self._periodic = self._timer(self.timings.period_ms, self._auto_sync)
        self._retry = self._timer(0, self._retry_due)

    def _timer(self, interval: int, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(slot)
        return timer

    # -- the engine, created where it runs ---------------------------------------------------

    def engine(self) -> SyncEngine:
        with self._engine_lock:
            if self._engine is None:
                db = open_replica(self.profile.db_path, self.credentials.replica_keys)
                self._engine = SyncEngine(
                    db, self.profile.server_url, self.profile.username, self.credentials
                )
            return self._engine

    @property
    def has_session(self) -> bool:
        return self.credentials.load(self.profile.server_url, self.profile.username) is not None

    # -- what the app calls --------------------------------------------------------------------

    def start(self) -> None:
        """At start-up: sync if a session exists, else ask for the password."""
        if self.has_session:
            self.sync_now()
        else:
            self.authRequired.emit("")

    def login(self, password: str) -> Task | None:
        if self.busy:
            return None
        return self._run(
            "login", lambda ctx: self.engine().login(password), self._login_done, self._login_error
        )

    def sync_now(self, quiet: bool = False) -> Task | None:
        """Sync at once (or right after the running job); ``quiet`` for automatic syncs."""
        if self._closed:
            return None
        if self.busy:
            self._again = True
            self._again_quiet = self._again_quiet and quiet
            return None
        self._after_write.stop()
        self._periodic.stop()
        self._retry.stop()
        self.quiet = quiet
        return self._run("sync", self._sync_job, self._sync_done, self._sync_error)

    @Slot()
    def local_change(self) -> None:
        """A local write was committed: sync once things have been quiet for a moment."""
        if not self._closed:
            self._after_write.start(self.timings.after_write_ms)

    def cancel(self) -> None:
        """Ask a running job to stop at its next committed page."""
        if self.last_task is not None and not self.last_task.done:
            self.last_task.cancel()

    def stop_timers(self) -> None:
        for timer in (self._after_write, self._periodic, self._retry):
            timer.stop()

    def close(self) -> None:
        """Release the engine's connections; call after the runner has stopped its jobs."""
        self._closed = True
        self.stop_timers()
        self.cancel()
        with self._engine_lock:
            if self._engine is not None:
                self._engine.transport.close()
                self._engine.db.close()
                self._engine = None

    # -- when the next automatic attempt is due (for the window and tests) ----------------------

    @property
    def retry_pending(self) -> bool:
        return self._retry.isActive()

    # -- automatic syncs ---------------------------------------------------------------------------

    def _auto_sync(self) -> None:
        """A timer says it is time (after writes, periodic): sync, or probe when offline."""
        if self._closed or self.busy or not self.has_session:
            if self.busy:
                self._again = True
            return
        if self.online is False and self.retry_mode == RETRY_PROBE:
            self._probe()  # the server did not answer last time: look before syncing
        elif self.retry_mode == RETRY_SYNC and self._retry.isActive():
            return  # the server is in trouble: the backoff retry will carry these changes
        else:
            self.sync_now(quiet=True)

    def _retry_due(self) -> None:
        if self._closed or self.busy:
            return
        if self.retry_mode == RETRY_PROBE:
            self._probe()
        elif self.retry_mode == RETRY_SYNC:
            self.sync_now(quiet=True)

    def _schedule_retry(self, mode: str) -> None:
        self.retry_mode = mode
        if mode == RETRY_NONE or self._closed:
            self._retry.stop()
            return
        t = self.timings
        delay = backoff_ms(self.failures, t.backoff_first_ms, t.backoff_max_ms, t.jitter, self._rand)
        if mode == RETRY_PROBE:
            delay = min(delay, t.probe_max_ms)
        self._retry.start(delay)

    def _probe(self) -> None:
        """Is the server there again? Asked off the UI thread, on an HTTP session of its own."""
        if self._probe_task is not None and not self._probe_task.done:
            return
        self.probes += 1
        url = self.profile.server_url

        def probe(_ctx: TaskContext) -> bool:
            transport = Transport(url)
            try:
                return transport.reachable()
            finally:
                transport.close()

        self._probe_task = self.runner.submit(
            probe, name="probe", on_result=self._probe_done, on_error=lambda _exc: self._probe_done(False)
        )

    def _probe_done(self, reachable: bool) -> None:
        self._probe_task = None
        if self._closed:
            return
        if self.busy or self.online is not False:
            return  # a sync ran meanwhile and already knows better
        if reachable:
            self.sync_now(quiet=True)
        else:
            self.failures += 1
            self._schedule_retry(RETRY_PROBE)

    # -- jobs (worker thread) --------------------------------------------------------------------

    def verify_due(self, report: SyncReport) -> bool:
        """Should this sync end with a verification? (The engine already did after a scope change.)"""
        if report.verified:
            return False
        if report.evicted or self.verified_at is None:
            return True
        return (time.monotonic() - self.verified_at) * 1000 >= self.timings.verify_every_ms

    def _sync_job(self, ctx: TaskContext) -> tuple[SyncReport, str | None]:
        engine = self.engine()
        # ctx.progress raises TaskCancelled once the task is cancelled; the engine lets it
        # through, so a cancelled sync stops after a committed page.
        progress = lambda rows, _more: ctx.progress(rows)  # noqa: E731
        report = engine.sync(progress=progress, file_progress=ctx.progress)
        if self.verify_due(report):
            # After the push and the pull: the outbox is as empty as it gets, and a repair
            # keeps whatever edits were made meanwhile.
            engine.verify_and_repair(report, progress)
        return report, engine.db.get_state(LAST_SYNC)

    # -- results (UI thread) ---------------------------------------------------------------------

    def _run(self, name: str, fn, on_result, on_error) -> Task:
        self.job = name
        self._set_busy(True)
        task = self.runner.submit(
            fn,
            name=name,
            on_result=on_result,
            on_error=on_error,
            on_progress=self._progress,
            on_finished=self._finished,
        )
        self.last_task = task
        return task

    def _progress(self, value) -> None:
        # One progress channel from the worker: row counts of the pull, and file uploads.
        if isinstance(value, FileProgress):
            self.fileProgressed.emit(value)
        else:
            self.progressed.emit(value)

    def _finished(self) -> None:
        was = self.job
        self.job = None
        self._set_busy(False)
        if was == "sync":
            self.syncEnded.emit()
        if self._again and not self._closed:
            quiet = self._again_quiet
            self._again, self._again_quiet = False, True
            self.sync_now(quiet=quiet)

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busyChanged.emit(busy)

    def _set_online(self, online: bool | None) -> None:
        if online != self.online:
            self.online = online
            self.onlineChanged.emit(online)

    def _login_done(self, user: dict) -> None:
        self._set_online(True)
        self.last_error = None
        self.failures = 0
        self._schedule_retry(RETRY_NONE)
        self.loggedIn.emit(user)

    def _login_error(self, exc: BaseException) -> None:
        if isinstance(exc, Unreachable):
            self._set_online(False)
        elif not isinstance(exc, TaskCancelled):
            self._set_online(True)
        self.loginFailed.emit(exc)

    def _sync_done(self, result: tuple[SyncReport, str | None]) -> None:
        report, last = result
        self.last_report = report
        if report.verified:
            self.verified_at = time.monotonic()
            self.verifications += 1
        if report.repaired:
            self.last_repair = {
                "buckets": list(report.repaired),
                "rows": report.repaired_rows,
                "scope_changed": bool(report.rescoped),
            }
        self.last_error = None
        self.failures = 0
        self._schedule_retry(RETRY_NONE)
        self._set_online(True)
        if not self._closed:
            self._periodic.start(self.timings.period_ms)
        if last:
            self.lastSyncChanged.emit(parse_datetime(last))
        self.synced.emit(report)

    def _sync_error(self, exc: BaseException) -> None:
        if isinstance(exc, TaskCancelled):
            return
        self._again = False
        answered = server_answered(exc)
        self._set_online(answered)
        message = describe_error(exc)
        self.last_error = message
        self.failures += 1
        if isinstance(exc, (AuthRequired, AccountDeactivated, ClientTooOld)):
            self._schedule_retry(RETRY_NONE)  # a person has to act first
        else:
            self._schedule_retry(RETRY_SYNC if answered else RETRY_PROBE)
        if isinstance(exc, AuthRequired):
            self.authRequired.emit(message)
            return
        if isinstance(exc, ClientTooOld):
            details = exc.details[0] if isinstance(exc.details, list) and exc.details else {}
            self.updateRequired.emit(details if isinstance(details, dict) else {})
        if isinstance(exc, AccountDeactivated):
            self.wiped.emit()
        else:
            # Expected failures (network, server refusals) need no traceback; anything else does.
            log.warning("sync failed: %s", exc, exc_info=None if isinstance(exc, SyncError) else exc)
        self.failed.emit(message)


def parse_last_sync(value: str | None) -> datetime | None:
    return parse_datetime(value) if value else None
