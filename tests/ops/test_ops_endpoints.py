"""/health, /ready and /metrics; request ids and JSON logs (a real server on loopback)."""

from __future__ import annotations

import json
import logging

import requests
from prometheus_client.parser import text_string_to_metric_families

from server.observe import JsonFormatter, _RequestIdFilter
from server.runner import ServerThread
from server.store.db import Store
from server.store.migrate import upgrade
from tests.factories import build_org
from tests.sync.helpers import Laptop


def _samples(url: str, name: str) -> list:
    text = requests.get(url + "/metrics", timeout=5).text
    return [s for f in text_string_to_metric_families(text) for s in f.samples if s.name == name]


def test_health_ready_and_metrics_after_real_syncs(sqlite_store, tmp_path):
    o = build_org(sqlite_store)
    with ServerThread(sqlite_store) as srv:
        assert requests.get(srv.url + "/health", timeout=5).json()["status"] == "ok"
        ready = requests.get(srv.url + "/ready", timeout=5)
        assert ready.status_code == 200 and ready.json()["status"] == "ready"
        lap = Laptop(tmp_path / "a.db", srv.url, "rep_a").login()
        lap.sync()
        customer = sorted(o.customers["N1"])[0]
        with lap.write() as w:
            w.update("customer", customer, {"phone": "0571-1"})
        lap.sync()
        lap.sync()  # a no-op
        pulls = [
            s
            for s in _samples(srv.url, "fieldsales_http_requests_total")
            if s.labels["route"] == "/api/v1/sync/pull" and s.labels["status"] == "200"
        ]
        assert sum(s.value for s in pulls) >= 3  # by route template, never by raw path
        latency = [
            s
            for s in _samples(srv.url, "fieldsales_http_request_duration_seconds_count")
            if s.labels["route"] == "/api/v1/sync/push"
        ]
        assert sum(s.value for s in latency) >= 1
        applied = [
            s
            for s in _samples(srv.url, "fieldsales_push_mutations_total")
            if s.labels["outcome"] == "applied"
        ]
        assert sum(s.value for s in applied) >= 1
        assert sum(s.value for s in _samples(srv.url, "fieldsales_pull_rows_total")) > 0
        assert _samples(srv.url, "fieldsales_admission_waiting") and _samples(
            srv.url, "fieldsales_db_pool_checked_out"
        )
        assert sum(s.value for s in _samples(srv.url, "fieldsales_admission_slots")) >= 1
        # an unknown path is counted under one label, not one per path
        requests.get(srv.url + "/no/such/thing/123", timeout=5)
        routes = {s.labels["route"] for s in _samples(srv.url, "fieldsales_http_requests_total")}
        assert "unmatched" in routes and "/no/such/thing/123" not in routes


def test_ready_is_503_when_migrations_are_behind_or_the_database_is_gone(tmp_path):
    behind = Store.from_url(f"sqlite:///{tmp_path}/old.sqlite3")
    upgrade(behind.engine, "0004")
    with ServerThread(behind) as srv:
        resp = requests.get(srv.url + "/ready", timeout=5)
        assert resp.status_code == 503 and resp.json()["error"]["code"] == "migrations_pending"
        assert "fieldsales-server init" in resp.json()["error"]["message"]
        assert requests.get(srv.url + "/health", timeout=5).status_code == 200  # alive all the same
    gone = Store.from_url("postgresql+psycopg://nobody@127.0.0.1:9/nothing?connect_timeout=2")
    with ServerThread(gone) as srv:
        resp = requests.get(srv.url + "/ready", timeout=10)
        assert resp.status_code == 503 and resp.json()["error"]["code"] == "database_unavailable"
        assert requests.get(srv.url + "/metrics", timeout=5).status_code == 200


def test_request_id_is_echoed_and_on_every_log_line(sqlite_store, caplog):
    # An access line is written after its answer has gone out: capture until the server has
    # stopped (a busy server thread may log it late), and pick the login's line by its path.
    with caplog.at_level(logging.INFO, logger="fieldsales.access"), ServerThread(sqlite_store) as srv:
        resp = requests.get(srv.url + "/health", headers={"X-Request-ID": "laptop-42.7"}, timeout=5)
        assert resp.headers["X-Request-ID"] == "laptop-42.7"
        made_up = requests.get(
            srv.url + "/health", headers={"X-Request-ID": "bad id\twith spaces"}, timeout=5
        )
        assert (
            made_up.headers["X-Request-ID"] != "bad id\twith spaces"
            and len(made_up.headers["X-Request-ID"]) == 32
        )
        requests.post(
            srv.url + "/api/v1/auth/login",
            json={"username": "x", "password": "y"},
            headers={"X-Request-ID": "rid-login"},
            timeout=5,
        )
    lines = [
        r for r in caplog.records if r.name == "fieldsales.access" and "/api/v1/auth/login" in r.getMessage()
    ]
    assert lines, "no access line"
    record = lines[-1]
    _RequestIdFilter().filter(record)  # what the handler adds; the context is gone by now
    entry = json.loads(JsonFormatter().format(record))
    assert entry["route"] == "/api/v1/auth/login" and entry["status"] in (400, 401, 422)
    assert entry["method"] == "POST" and "duration_ms" in entry and entry["level"] == "info"
