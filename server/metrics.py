"""Prometheus metrics of a server process (``GET /metrics``), with ``prometheus-client``.

With several worker processes (``serve --workers N``) every process writes its samples to
files in ``PROMETHEUS_MULTIPROC_DIR`` and ``/metrics`` of any worker adds them all up
(``prometheus_client.multiprocess``); ``serve`` sets that directory up (and empties it)
before the workers start. The variable must be set before this module is imported, which
is why the workers get it from their parent's environment. Gauges are summed over the
live processes only; files of processes that died (a killed worker) are dropped at the
next scrape.
"""

from __future__ import annotations

import glob
import os
import re

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import Engine, event

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter(
    "fieldsales_http_requests",
    "HTTP requests answered, by route template and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "fieldsales_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30),
)
PUSH_MUTATIONS = Counter(
    "fieldsales_push_mutations",
    "Pushed mutations by outcome (applied, merged, conflict, rejected…).",
    ["outcome"],
)
PULL_ROWS = Counter("fieldsales_pull_rows", "Rows sent in pull pages.")
PULL_PAGES = Counter("fieldsales_pull_pages", "Pull pages answered, by kind (noop: nothing new).", ["kind"])
ADMISSION_WAITING = Gauge(
    "fieldsales_admission_waiting",
    "Requests waiting for an admission slot (server.api.admission).",
    multiprocess_mode="livesum",
)
ADMISSION_ACTIVE = Gauge(
    "fieldsales_admission_active", "Requests holding an admission slot.", multiprocess_mode="livesum"
)
ADMISSION_SLOTS = Gauge(
    "fieldsales_admission_slots",
    "Admission slots (requests working with the database at once).",
    multiprocess_mode="livesum",
)
POOL_CHECKED_OUT = Gauge(
    "fieldsales_db_pool_checked_out", "Database connections in use.", multiprocess_mode="livesum"
)
POOL_CAPACITY = Gauge(
    "fieldsales_db_pool_capacity",
    "Database connections the pools may open (size + overflow).",
    multiprocess_mode="livesum",
)
JOB_CHECKS = Counter(
    "fieldsales_job_checks",
    "Checks of the scheduled jobs by outcome (ran, busy: another process runs it, not_due, failed).",
    ["job", "outcome"],
)

_watched: set[int] = set()


def watch_pool(engine: Engine, capacity: int) -> None:
    """Count this engine's checked-out connections (once per engine)."""
    if id(engine) in _watched:
        return
    _watched.add(id(engine))
    POOL_CAPACITY.inc(capacity)

    @event.listens_for(engine, "checkout")
    def _out(*_a):
        POOL_CHECKED_OUT.inc()

    @event.listens_for(engine, "checkin")
    def _in(*_a):
        POOL_CHECKED_OUT.dec()


def _prune_dead(path: str) -> None:
    """Forget the live gauges of processes that are gone (e.g. a worker killed by a signal)."""
    pids = set()
    for name in glob.glob(os.path.join(path, "gauge_live*_*.db")):
        m = re.search(r"_(\d+)\.db$", name)
        if m:
            pids.add(int(m.group(1)))
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            multiprocess.mark_process_dead(pid, path)
        except OSError:
            pass


def render() -> tuple[bytes, str]:
    """The exposition text of this process, or of all processes sharing the directory."""
    path = os.environ.get(MULTIPROC_ENV)
    if path and os.path.isdir(path):
        _prune_dead(path)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
