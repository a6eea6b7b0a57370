"""The one background task runner: every long job (sync, bulk DB work, reports) goes here.

A job is a plain callable ``fn(ctx)`` run on a pool thread. Its result, error and progress
come back on the UI thread as Qt signals, so callers never touch widgets from a worker and
the window never waits for the job.

Delivery to the UI thread is made explicit rather than left to how a binding treats plain
Python callables: the worker only emits private signals of a ``Task`` that lives in the UI
thread, connected to that task's own slots, which Qt therefore queues; those slots then
call the caller's callbacks.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMetaMethod, QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class TaskCancelled(Exception):
    """Raised inside a job by ``ctx.progress`` once the task was cancelled."""


class TaskContext:
    """What a job sees: a way to report progress and to notice cancellation."""

    def __init__(self, task: Task):
        self._task = task

    @property
    def cancelled(self) -> bool:
        return self._task._cancel.is_set()

    def check(self) -> None:
        if self.cancelled:
            raise TaskCancelled(self._task.name)

    def progress(self, value: Any) -> None:
        # Progress points are the natural places to stop: a job that reports after each
        # committed step can be cancelled without leaving half a step behind.
        self.check()
        self._task._progress_from_worker.emit(value)


class Task(QObject):
    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    finished = Signal()  # after succeeded or failed

    _progress_from_worker = Signal(object)
    _result_from_worker = Signal(object)
    _error_from_worker = Signal(object)

    def __init__(self, name: str, fn: Callable[[TaskContext], Any], parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.fn = fn
        self.worker_thread: int | None = None  # ident of the thread that ran the job
        self.done = False
        self._cancel = threading.Event()
        self._progress_from_worker.connect(self._deliver_progress)
        self._result_from_worker.connect(self._deliver_result)
        self._error_from_worker.connect(self._deliver_error)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _run_in_worker(self) -> None:
        self.worker_thread = threading.get_ident()
        try:
            result = self.fn(TaskContext(self))
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the UI thread
            self._error_from_worker.emit(exc)
        else:
            self._result_from_worker.emit(result)

    @Slot(object)
    def _deliver_progress(self, value: Any) -> None:
        if not self.done:
            self.progress.emit(value)

    @Slot(object)
    def _deliver_result(self, result: Any) -> None:
        self.done = True
        self.succeeded.emit(result)
        self.finished.emit()

    @Slot(object)
    def _deliver_error(self, exc: BaseException) -> None:
        self.done = True
        if not self.isSignalConnected(QMetaMethod.fromSignal(self.failed)) and not isinstance(
            exc, TaskCancelled
        ):
            log.error("background task %r failed", self.name, exc_info=exc)
        self.failed.emit(exc)
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task):
        super().__init__()
        self.task = task

    def run(self) -> None:
        self.task._run_in_worker()


class TaskRunner(QObject):
    """Runs jobs off the UI thread; ``busyChanged`` says whether any job is running."""

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 4):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._active: set[Task] = set()  # keeps the Python objects alive until delivered

    def submit(
        self,
        fn: Callable[[TaskContext], Any],
        *,
        name: str = "task",
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        on_finished: Callable[[], None] | None = None,
    ) -> Task:
        # No Qt parent: a task deletes itself (deleteLater) once delivered. Were it a child of
        # the runner, a runner destroyed first would leave that pending delete dangling.
        task = Task(name, fn)
        if on_result:
            task.succeeded.connect(on_result)
        if on_error:
            task.failed.connect(on_error)
        if on_progress:
            task.progress.connect(on_progress)
        if on_finished:
            task.finished.connect(on_finished)
        task.finished.connect(lambda t=task: self._retire(t))
        was_busy = self.busy
        self._active.add(task)
        self._pool.start(_Runnable(task))
        if not was_busy:
            self.busyChanged.emit(True)
        return task

    def _retire(self, task: Task) -> None:
        self._active.discard(task)
        task.deleteLater()
        if not self._active:
            self.busyChanged.emit(False)

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel what is running and wait for it; True when every job has stopped."""
        for task in self._active:
            task.cancel()
        return self._pool.waitForDone(timeout_ms)
