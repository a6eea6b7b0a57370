"""How a screen writes to this laptop's database: :class:`LocalOp`, the one way.

The write itself is a function of ``local_db`` (``local_db.visits``, ``local_db.review``,
``local_db.quotes``, …) that takes what the user entered and returns what the screen
shows; it goes through ``LocalWriter``, so the row and its outbox entry are one
transaction. A widget never calls it bare: it hands it to a ``LocalOp``, which runs it —
now, or on the task runner when it may take long — and, once it has committed, tells the
window (``ui.sync_hooks.notify_local_change``): the status bar re-counts what waits to be
sent and the sync controller syncs a few seconds later. So no screen can forget to wake
the sync (Anki's ``CollectionOp`` and ``operation_did_execute`` are the model)::

    LocalOp(self, lambda: visits_db.plan_visit(self.db, customer_id, when)).run()

    LocalOp.in_session(self, self.db, lambda s: review.approve_visits(s, ids, comment)) \\
        .success(self._report).failure(self._refused).run_in_background(self.runner)

A refusal (a ``DomainError``, or anything the job raised) goes to the ``failure``
callback; without one, :meth:`run` raises it to the caller, as the write would have.
Nothing is notified when the write failed, or when ``changed(result)`` says it changed
nothing.

After a write the window is also told *what* changed (the window's ``dataChanged``, with
a :class:`Changes`): the entities ``LocalWriter`` wrote during the op (recorded by
``local_db.writes.recording_writes``), plus any kinds the op names with :meth:`touches`.
Every page that shows one of them re-reads, the page in front at once, the others when
they are next shown (``ui.main_window``); the page that made the write shows its own result.

A write of this laptop's own state (a form's draft, a saved filter) is :meth:`local_only`:
the other pages are told, but nothing waits to be sent, so the sync is not woken::

    LocalOp.in_session(self, db, lambda s: queries.save_draft(s, key, kind, data)) \\
        .local_only("draft").run()
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject

from local_db.writes import recording_writes
from ui.sync_hooks import notify_local_change

T = TypeVar("T")

# Kinds of this laptop's own data (beside the entity names of domain.schema) an op may touch.
# No area lists drafts, so none re-reads after one (each form restores its own); the kind
# still says what the write was to whoever listens to the window's dataChanged.
DRAFT = "draft"  # what a form holds before it is saved (local_db.models.Draft)
SAVED_FILTER = "saved_filter"  # the customer list's named filters (its menu; ui.main_window.AREA_SHOWS)


@dataclass(frozen=True)
class Changes:
    """What one local write changed: kinds of data (entity names such as ``"visit"``, or
    :data:`DRAFT`, :data:`SAVED_FILTER`), and the object that asked for it."""

    kinds: frozenset[str]
    origin: QObject | None = None

    def touches(self, kinds) -> bool:
        return not self.kinds.isdisjoint(kinds)

    def made_by(self, widget: QObject) -> bool:
        """Whether ``widget`` (or something inside it) made the write."""
        node = self.origin
        while node is not None:
            if node is widget:
                return True
            node = node.parent()
        return False


class LocalOp(Generic[T]):
    def __init__(self, parent: QObject, op: Callable[[], T]):
        self.parent = parent
        self.op = op
        self._success: Callable[[T], Any] | None = None
        self._failure: Callable[[BaseException], Any] | None = None
        self._changed: Callable[[T], bool] = lambda _result: True
        self._work: Callable[[Callable[[Any], None]], T] | None = None
        self._kinds: set[str] = set()
        self._local_only = False

    @classmethod
    def in_session(cls, parent: QObject, db, work: Callable[[Any], T]) -> LocalOp[T]:
        """``work(session)`` in one transaction of ``db``, committed when it returns."""

        def op() -> T:
            with db.session() as s:
                return work(s)

        return cls(parent, op)

    @classmethod
    def reporting(cls, parent: QObject, work: Callable[[Callable[[Any], None]], T]) -> LocalOp[T]:
        """``work(report)``: a write in steps (several files, each its own transaction) that
        says how far it got; ``report(value)`` is the task's progress on the runner, and does
        nothing when the write runs now."""
        op = cls(parent, lambda: work(lambda _value: None))
        op._work = work
        return op

    def success(self, fn: Callable[[T], Any]) -> LocalOp[T]:
        self._success = fn
        return self

    def failure(self, fn: Callable[[BaseException], Any]) -> LocalOp[T]:
        self._failure = fn
        return self

    def touches(self, *kinds: str) -> LocalOp[T]:
        """Kinds of data the write changes beyond what ``LocalWriter`` records itself."""
        self._kinds.update(kinds)
        return self

    def local_only(self, *kinds: str) -> LocalOp[T]:
        """A write of this laptop's own state (``kinds``): the pages are told, the sync is not
        woken (unless ``LocalWriter`` wrote something after all)."""
        self._local_only = True
        return self.touches(*kinds)

    def changed(self, fn: Callable[[T], bool]) -> LocalOp[T]:
        """Whether the result wrote anything (a batch may have done nothing); default: yes."""
        self._changed = fn
        return self

    def run(self) -> T | None:
        """Run the write now, on the UI thread (a row or a few); its result, or None when it
        failed and a ``failure`` callback was told."""
        try:
            with recording_writes() as written:
                result = self.op()
        except Exception as exc:
            if self._failure is None:
                raise
            self._failure(exc)
            return None
        self._finish(result, written)
        return result

    def run_in_background(
        self, runner, name: str = "local-write", on_progress: Callable[[Any], None] | None = None
    ):
        """Run the write on the task runner; the callbacks (and a ``reporting`` write's
        progress) come back on the UI thread."""
        work = self._work

        def job(ctx) -> tuple[T, set[str]]:
            with recording_writes() as written:  # in the worker's thread, where the write runs
                result = work(ctx.progress) if work is not None else self.op()
            return result, written

        task = runner.submit(
            job, name=name, on_result=self._delivered, on_error=self._failed, on_progress=on_progress
        )
        # Qt holds a bound method of a plain Python object weakly: without this reference a
        # caller that keeps no LocalOp would lose its callbacks when the op is collected.
        task.local_op = self
        return task

    def _failed(self, exc: BaseException) -> None:
        if self._failure is not None:
            self._failure(exc)

    def _delivered(self, outcome: tuple[T, set[str]]) -> None:
        self._finish(*outcome)

    def _finish(self, result: T, written: set[str]) -> None:
        if self._changed(result):
            changes = Changes(frozenset(written | self._kinds), self.parent)
            notify_local_change(self.parent, changes, sync=bool(written) or not self._local_only)
        if self._success is not None:
            self._success(result)
