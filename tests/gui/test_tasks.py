"""The background task runner: work off the UI thread, news back on it."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication

from ui.support.tasks import TaskCancelled, TaskRunner


def on_ui_thread() -> bool:
    return QApplication.instance().thread().isCurrentThread()


def test_result_and_progress_arrive_on_the_ui_thread(qtbot):
    runner = TaskRunner()
    seen: dict[str, object] = {"progress": []}

    def job(ctx):
        seen["worker"] = threading.get_ident()
        for i in range(3):
            ctx.progress(i)
        return 42

    def progress(value):
        seen["progress"].append((value, on_ui_thread()))

    def result(value):
        seen["result"] = (value, on_ui_thread())

    with qtbot.waitSignal(runner.busyChanged, timeout=5000, check_params_cb=lambda busy: not busy):
        task = runner.submit(job, on_result=result, on_progress=progress)
    assert seen["worker"] != threading.get_ident()
    assert task.worker_thread == seen["worker"]
    assert seen["result"] == (42, True)
    qtbot.waitUntil(lambda: len(seen["progress"]) == 3)
    assert all(on_ui for _v, on_ui in seen["progress"])
    assert not runner.busy


def test_errors_arrive_as_exceptions_on_the_ui_thread(qtbot):
    runner = TaskRunner()
    errors = []

    def job(_ctx):
        raise ValueError("boom")

    with qtbot.waitSignal(runner.busyChanged, timeout=5000, check_params_cb=lambda busy: not busy):
        runner.submit(job, on_error=lambda exc: errors.append((exc, on_ui_thread())))
    assert len(errors) == 1
    exc, on_ui = errors[0]
    assert isinstance(exc, ValueError) and str(exc) == "boom" and on_ui


def test_cancelled_task_stops_at_its_next_progress_point(qtbot):
    runner = TaskRunner()
    started, release = threading.Event(), threading.Event()
    errors = []

    def job(ctx):
        started.set()
        release.wait(5)
        ctx.progress("after the step")  # raises: the task was cancelled meanwhile
        return "not reached"

    task = runner.submit(job, on_error=errors.append)
    assert started.wait(5)
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert len(errors) == 1 and isinstance(errors[0], TaskCancelled)
    assert runner.shutdown(2000)
