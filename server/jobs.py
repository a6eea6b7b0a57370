"""Scheduled jobs that run exactly once per interval across every server process and host.

Each ``fieldsales-server serve`` process (one or several per host) runs the schedulers of
the SLA escalation and the classification. Before a run, a scheduler opens a transaction
and

1. takes the job's PostgreSQL advisory lock with ``pg_try_advisory_xact_lock``: when
   another process holds it (it is running the job right now) this process skips at once,
   without waiting;
2. reads the job's run record (``job_run:<job>`` in the server-only ``settings`` table) and
   skips when the last run, by any process, is younger than the interval;
3. runs the job and writes the run record in the same transaction, so the lock is released
   by the commit that makes the record visible to the next process that looks.

The lock belongs to the transaction: a process killed mid-run loses its connection, which
rolls the run back and frees the lock, and the next process due runs the job. SQLite
serves one process only (``serve`` refuses several), so there the record alone suffices.

Every check is counted in ``fieldsales_job_checks_total{job, outcome}`` (``/metrics``):
``ran``, ``busy`` (another process holds the lock), ``not_due`` or ``failed``.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from server import metrics
from server.store.changes import now
from server.store.db import Store
from server.store.tables import Setting

log = logging.getLogger(__name__)

#: Advisory lock keys (one 64-bit number per job; "FS" in the high bytes keeps them apart
#: from any other application's locks on a shared database).
LOCK_KEYS = {"escalation": 0x4653_0000_0000_0001, "classification": 0x4653_0000_0000_0002}
RECORD_PREFIX = "job_run:"
#: A run counts as due slightly before a full interval has passed, so processes that wake
#: up a little early because of clock and timer jitter do not skip a whole period.
EARLY = 0.95


def try_lock(session: Session, job: str) -> bool:
    """Take the job's lock for this transaction; False when another process holds it."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(
        session.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": LOCK_KEYS[job]}).scalar_one()
    )


def last_run(session: Session, job: str) -> dict | None:
    row = session.scalars(select(Setting).where(Setting.key == RECORD_PREFIX + job)).first()
    return None if row is None else row.value


def is_due(record: dict | None, every: timedelta, at: datetime | None = None) -> bool:
    if not record:
        return True
    at = at or now()
    return datetime.fromisoformat(record["at"]) <= at - every * EARLY


def record_run(session: Session, job: str, summary: dict[str, Any] | None = None) -> dict:
    """Write the job's run record (who ran it, when, how many runs so far) in this transaction."""
    row = session.get(Setting, RECORD_PREFIX + job)
    runs = (row.value.get("runs", 0) if row is not None else 0) + 1
    value = {
        "at": now().isoformat(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "runs": runs,
        **(summary or {}),
    }
    if row is None:
        session.add(Setting(key=RECORD_PREFIX + job, value=value, updated_at=now(), updated_by=None))
    else:
        row.value, row.updated_at = value, now()
    session.flush()
    return value


def run_if_due(
    store: Store, job: str, every: timedelta, work: Callable[[Session], dict[str, Any] | None]
) -> str:
    """One check of a scheduled job: run ``work`` when due and nobody else is running it.

    ``work`` runs in the locked transaction and returns a summary for the run record, or
    None when it decided there was nothing to run (nothing is recorded then).
    """
    try:
        with store.session() as session:
            if not try_lock(session, job):
                outcome = "busy"
            elif not is_due(last_run(session, job), every):
                outcome = "not_due"
            else:
                summary = work(session)
                if summary is None:
                    outcome = "not_due"
                else:
                    record_run(session, job, summary)
                    outcome = "ran"
    except Exception:  # noqa: BLE001 - a failed run (database busy, restarting…) is retried next time
        log.exception("scheduled %s failed", job)
        outcome = "failed"
    metrics.JOB_CHECKS.labels(job=job, outcome=outcome).inc()
    return outcome


class JobLoop:
    """Checks one job every ``check_every`` seconds on a daemon thread (inside ``serve``)."""

    def __init__(
        self,
        store: Store,
        job: str,
        every: timedelta,
        work: Callable[[Session], dict | None],
        check_every: timedelta | None = None,
        first_check: timedelta = timedelta(0),
    ):
        self.store, self.job, self.every, self.work = store, job, every, work
        self.check_every = check_every if check_every is not None else every
        self.first_check = first_check
        self.checks = 0
        self.runs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"fieldsales-{job}", daemon=True)

    def start(self):
        self._thread.start()
        return self

    def _loop(self) -> None:
        wait = self.first_check
        while not self._stop.wait(wait.total_seconds()):
            wait = self.check_every
            if run_if_due(self.store, self.job, self.every, self.work) == "ran":
                self.runs += 1
            self.checks += 1

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()
