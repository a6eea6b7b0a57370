"""``fieldsales-server serve`` as several processes: SQLite refuses, scheduled jobs run once."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import requests
from sqlalchemy import text

from server import jobs
from server.cli import main as server_cli
from server.store.db import Store
from server.store.migrate import upgrade
from tests.factories import build_org
from tests.ops.processes import JOBS_ONCE_AT_START, ServeProcess


def test_sqlite_refuses_several_workers(tmp_path, capsys):
    url = f"sqlite:///{tmp_path}/server.sqlite3"
    assert server_cli(["--database-url", url, "init"]) == 0
    with pytest.raises(SystemExit) as exc:
        server_cli(["--database-url", url, "serve", "--workers", "3"])
    assert "SQLite serves one process only" in str(exc.value) and "PostgreSQL" in str(exc.value)


@pytest.mark.postgres
def test_a_job_another_process_is_running_is_skipped_not_waited_for(pg_url):
    store = Store.from_url(pg_url)
    upgrade(store.engine)
    ran = []

    def work(_session):
        ran.append(1)
        return {"done": True}

    try:
        with store.session() as holder:
            assert jobs.try_lock(holder, "escalation")  # another process, mid-run
            assert jobs.run_if_due(store, "escalation", timedelta(minutes=5), work) == "busy"
        assert jobs.run_if_due(store, "escalation", timedelta(minutes=5), work) == "ran"
        assert jobs.run_if_due(store, "escalation", timedelta(minutes=5), work) == "not_due"
        with store.session() as s:
            record = jobs.last_run(s, "escalation")
        assert ran == [1] and record["runs"] == 1 and record["done"] is True
    finally:
        store.engine.dispose()


@pytest.mark.postgres
def test_three_processes_run_each_scheduled_job_exactly_once(pg_url, tmp_path):
    store = Store.from_url(pg_url)
    upgrade(store.engine)
    build_org(store)
    # Every process checks both jobs as soon as it starts; the interval is long, so one run
    # each is right and a second one by any process would be a double run.
    servers = [ServeProcess(pg_url, tmp_path, *JOBS_ONCE_AT_START, name=f"s{i}") for i in range(3)]
    try:
        for srv in servers:
            srv.start()
        for srv in servers:
            srv.wait_ready()
        for job in ("escalation", "classification"):
            checks = {}
            for srv in servers:
                # each process has had its first check (ran, busy or not due)
                for _ in range(300):
                    checks[srv.name] = srv.metric("fieldsales_job_checks_total", job=job)
                    if checks[srv.name] >= 1:
                        break
                    requests.get(srv.url + "/health", timeout=2)
                assert checks[srv.name] >= 1, srv.log()
            ran = sum(srv.metric("fieldsales_job_checks_total", job=job, outcome="ran") for srv in servers)
            failed = sum(
                srv.metric("fieldsales_job_checks_total", job=job, outcome="failed") for srv in servers
            )
            assert (ran, failed) == (1, 0), f"{job}: ran {ran} times, failed {failed}"
        with store.session() as s:
            assert jobs.last_run(s, "escalation")["runs"] == 1
            assert jobs.last_run(s, "classification")["runs"] == 1
            # one classification run: one feed number carries the classification's changes
            runs = s.execute(
                text("SELECT count(*) FROM settings WHERE key = 'classification.last_run'")
            ).scalar()
            assert runs == 1
    finally:
        for srv in servers:
            srv.stop()
        store.engine.dispose()


@pytest.mark.postgres
def test_workers_serve_one_port_and_add_up_their_metrics(pg_url, tmp_path):
    store = Store.from_url(pg_url)
    upgrade(store.engine)
    srv = ServeProcess(
        pg_url, tmp_path, "--workers", "2", "--escalate-every", "0", "--classify-every", "0", name="workers"
    )
    try:
        srv.start().wait_ready()
        deadline = time.monotonic() + 30  # the first worker may answer before the second is up
        while (
            srv.metric("fieldsales_db_pool_capacity") < 2 * store.pool_capacity
            and time.monotonic() < deadline
        ):
            time.sleep(0.2)
        for _ in range(20):
            assert requests.get(srv.url + "/health", timeout=5).status_code == 200
        # whichever worker answers, it reports the requests of both
        assert srv.metric("fieldsales_http_requests_total", route="/health", status="200") >= 20
        assert srv.metric("fieldsales_db_pool_capacity") == 2 * store.pool_capacity  # two pools, one each
    finally:
        srv.stop()
        store.engine.dispose()
