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
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject

from ui.sync_hooks import notify_local_change

T = TypeVar("T")


class LocalOp(Generic[T]):
    def __init__(self, parent: QObject, op: Callable[[], T]):
        self.parent = parent
        self.op = op
        self._success: Callable[[T], Any] | None = None
        self._failure: Callable[[BaseException], Any] | None = None
        self._changed: Callable[[T], bool] = lambda _result: True
        self._work: Callable[[Callable[[Any], None]], T] | None = None

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

    def changed(self, fn: Callable[[T], bool]) -> LocalOp[T]:
        """Whether the result wrote anything (a batch may have done nothing); default: yes."""
        self._changed = fn
        return self

    def run(self) -> T | None:
        """Run the write now, on the UI thread (a row or a few); its result, or None when it
        failed and a ``failure`` callback was told."""
        try:
            result = self.op()
        except Exception as exc:
            if self._failure is None:
                raise
            self._failure(exc)
            return None
        self._done(result)
        return result

    def run_in_background(
        self, runner, name: str = "local-write", on_progress: Callable[[Any], None] | None = None
    ):
        """Run the write on the task runner; the callbacks (and a ``reporting`` write's
        progress) come back on the UI thread."""
        work = self._work
        job = (lambda ctx: work(ctx.progress)) if work is not None else (lambda _ctx: self.op())
        task = runner.submit(
            job, name=name, on_result=self._done, on_error=self._failed, on_progress=on_progress
        )
        # Qt holds a bound method of a plain Python object weakly: without this reference a
        # caller that keeps no LocalOp would lose its callbacks when the op is collected.
        task.local_op = self
        return task

    def _failed(self, exc: BaseException) -> None:
        if self._failure is not None:
            self._failure(exc)

    def _done(self, result: T) -> None:
        if self._changed(result):
            notify_local_change(self.parent)
        if self._success is not None:
            self._success(result)
