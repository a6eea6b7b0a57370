"""The complaint SLA on the server: the escalation job, its command and loop, and the admin's
SLA settings — through real stores, a real server and real laptops."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest
import requests

from local_db import complaints as cx
from server import sla
from server.cli import main as server_cli
from server.store.changes import committed_seq
from server.store.tables import TABLES
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER, parse_datetime
from tests.factories import build_org
from tests.sync.helpers import Laptop, auth_headers, record_complaint, server_row

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}
UTC = timezone.utc


@pytest.fixture
def world(org_world):
    return org_world


def _record(lap: Laptop, customer_id: str, **kw) -> str:
    """A critical product-quality complaint taken on the hotline, unless ``kw`` says otherwise."""
    kw = {"channel": "hotline", "category": "product_quality", "severity": "critical", **kw}
    return record_complaint(lap, customer_id, **{"description": "设备开机即报警", **kw})


def _seq(store) -> int:
    with store.session() as s:
        return committed_seq(s)


def test_breached_complaint_is_escalated_once_and_reaches_the_supervisor(world):
    store, _srv, o, laptop = world
    rep, sup = laptop("rep_a"), laptop("sup_n")
    recorded = datetime.now(UTC).replace(microsecond=0)
    comp = _record(rep, sorted(o.customers["N1"])[0], recorded_at=recorded)
    rep.sync()
    sup.sync()
    fresh = server_row(store, "complaint", comp)
    assert (fresh["sla_breached"], fresh["escalation_level"]) == (False, "rep")

    # before the first-response deadline (4 h): nothing to do, and no feed number taken
    before = _seq(store)
    run = sla.run_escalation(store, recorded + timedelta(hours=3, minutes=59))
    assert run.changed == 0 and run.seq is None and _seq(store) == before

    at = recorded + timedelta(hours=5)
    run = sla.run_escalation(store, at)
    assert run.flagged == [comp] and run.escalated == {comp: "supervisor"} and run.seq == before + 1
    row = server_row(store, "complaint", comp)
    assert (row["sla_breached"], row["escalation_level"]) == (True, "supervisor")
    assert parse_datetime(row["escalated_at"]) == at and row["updated_by"] is None
    version = row["version"]

    # rerun: idempotent — same state, no new version, no new feed number
    for again in (at, at + timedelta(minutes=5)):
        rerun = sla.run_escalation(store, again)
        assert rerun.changed == 0 and rerun.seq is None
    assert server_row(store, "complaint", comp)["version"] == version and _seq(store) == before + 1

    # the change reaches the supervisor's laptop (and the rep's) at their next sync
    assert sup.sync().pulled >= 1
    local = sup.row("complaint", comp)
    assert (local["escalation_level"], local["sla_breached"]) == ("supervisor", True)
    with sup.db.session() as s:
        assert [r["id"] for r in cx.list_complaints(s, cx.ATTENTION, sort=cx.TEAM_SORT)] == [comp]
    rep.sync()
    assert rep.row("complaint", comp)["escalation_level"] == "supervisor"

    # the resolution deadline (24 h) passes too: one more rung, to the admin, once
    late = recorded + timedelta(hours=25)
    assert sla.run_escalation(store, late).escalated == {comp: "admin"}
    assert sla.run_escalation(store, late).changed == 0
    assert server_row(store, "complaint", comp)["escalation_level"] == "admin"


def test_answered_in_time_escalates_to_supervisor_only_and_resolved_late_is_only_flagged(world):
    store, _srv, o, laptop = world
    rep = laptop("rep_a")
    recorded = datetime.now(UTC).replace(microsecond=0)
    c1, c2 = sorted(o.customers["N1"])
    answered = _record(rep, c1, recorded_at=recorded)
    resolved_late = _record(rep, c2, recorded_at=recorded)
    with rep.db.session() as s:
        cx.acknowledge(s, answered, at=recorded + timedelta(hours=1))
        cx.acknowledge(s, resolved_late, at=recorded + timedelta(hours=1))
        cx.start_work(s, resolved_late)
        cx.resolve(
            s,
            resolved_late,
            root_cause="批次缺陷",
            resolution="更换设备",
            remedy="replace",
            at=recorded + timedelta(hours=30),
        )
    rep.sync()
    run = sla.run_escalation(store, recorded + timedelta(hours=31))
    assert run.escalated == {answered: "supervisor"}  # one breached deadline: one rung
    assert set(run.flagged) == {answered, resolved_late}
    late_row = server_row(store, "complaint", resolved_late)
    assert (late_row["sla_breached"], late_row["escalation_level"]) == (True, "rep")
    assert sla.run_escalation(store, recorded + timedelta(hours=32)).changed == 0


def test_a_supervisor_level_is_never_lowered_by_the_job(world):
    store, _srv, o, laptop = world
    rep, sup = laptop("rep_a"), laptop("sup_n")
    comp = _record(rep, sorted(o.customers["N1"])[0], severity="low")
    rep.sync()
    sup.sync()
    with sup.db.session() as s:
        cx.escalate(s, comp)
        cx.escalate(s, comp)
    sup.sync()
    assert sla.run_escalation(store).changed == 0
    assert server_row(store, "complaint", comp)["escalation_level"] == "admin"


def test_escalate_command_and_the_serve_loop(world, capsys):
    store, _srv, o, laptop = world
    rep = laptop("rep_a")
    recorded = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=6)
    comp = _record(rep, sorted(o.customers["N1"])[0], severity="high", recorded_at=recorded)
    # recorded offline 6 h ago, a high complaint answered... never: it arrives already late
    rep.sync()
    assert server_row(store, "complaint", comp)["escalation_level"] == "rep"  # 8 h not passed yet
    url = store.engine.url.render_as_string(hide_password=False)
    at = (recorded + timedelta(hours=9)).isoformat()
    assert server_cli(["--database-url", url, "escalate", "--at", at]) == 0
    assert "escalated: 1 to supervisor" in capsys.readouterr().out
    assert server_cli(["--database-url", url, "escalate", "--at", at]) == 0
    assert "nothing to change" in capsys.readouterr().out
    assert server_row(store, "complaint", comp)["escalation_level"] == "supervisor"
    with pytest.raises(SystemExit):
        server_cli(["--database-url", url, "escalate", "--at", "2026-03-01T08:00:00"])

    # inside `serve` the job runs on a thread, at start and then every interval
    loop = sla.EscalationLoop(store, interval=0.05).start()
    try:
        deadline = time.monotonic() + 10
        while loop.runs < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert loop.runs >= 2
    finally:
        loop.stop()
    assert not loop.alive


def test_deleted_and_closed_complaints_are_left_alone(world):
    store, _srv, o, laptop = world
    rep = laptop("rep_a")
    recorded = datetime.now(UTC).replace(microsecond=0)
    comp = _record(rep, sorted(o.customers["N1"])[0], recorded_at=recorded)
    with rep.db.session() as s:
        cx.acknowledge(s, comp, at=recorded + timedelta(hours=1))
        cx.start_work(s, comp)
        cx.resolve(s, comp, root_cause="a", resolution="b", at=recorded + timedelta(hours=2))
        cx.follow_up(s, comp, satisfaction=5)
        cx.close(s, comp)
    rep.sync()
    run = sla.run_escalation(store, recorded + timedelta(days=30))
    assert run.candidates == 0 and run.changed == 0


# --------------------------------------------------------------------------- settings


def _auth(srv, user: str) -> dict:
    return auth_headers(srv.url, user)


POLICY = {
    "targets": {
        "critical": {"first_response_hours": "2", "resolution_hours": "12"},
        "high": {"first_response_hours": 6, "resolution_hours": 48},
        "medium": {"first_response_hours": "24", "resolution_hours": "168"},
        "low": {"first_response_hours": "72", "resolution_hours": "336"},
    },
    "tier_factors": {"vip": "0.5"},
}


def test_admin_sets_the_sla_and_new_complaints_follow_it(world):
    store, srv, o, laptop = world
    admin, rep_h = _auth(srv, "admin"), _auth(srv, "rep_a")
    base = f"{srv.url}{API_PREFIX}/settings/sla"
    got = requests.get(base, headers=rep_h, timeout=10)
    assert got.status_code == 200 and got.json()["is_default"] is True
    assert got.json()["targets"]["critical"] == {"first_response_hours": "4", "resolution_hours": "24"}
    assert got.json()["tier_factors"]["vip"] == "1"

    refused = requests.put(base, json=POLICY, headers=rep_h, timeout=10)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "admin_only"
    put = requests.put(base, json=POLICY, headers=admin, timeout=10)
    assert put.status_code == 200, put.text
    body = put.json()
    assert body["is_default"] is False and body["updated_by"] == o.users["admin"]
    assert body["targets"]["high"] == {"first_response_hours": "6", "resolution_hours": "48"}
    assert body["tier_factors"]["vip"] == "0.5" and body["tier_factors"]["major"] == "1"

    # a complaint arriving now gets the admin's durations, counted from its recording
    cust = sorted(o.customers["N1"])
    with store.session() as s:  # one VIP customer
        t = TABLES["customer"]
        s.execute(t.update().where(t.c.id == cust[1]).values(tier="vip"))
    rep = laptop("rep_a")
    recorded = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    ordinary = _record(rep, cust[0], recorded_at=recorded)
    vip = _record(rep, cust[1], recorded_at=recorded)
    # the laptop synced after the change: offline, it already stamps the admin's durations
    assert parse_datetime(rep.row("complaint", ordinary)["first_response_due"]) == recorded + timedelta(
        hours=2
    )
    rep.sync()
    for comp, first, final in ((ordinary, 2, 12), (vip, 1, 6)):
        row = server_row(store, "complaint", comp)
        assert parse_datetime(row["first_response_due"]) == recorded + timedelta(hours=first)
        assert parse_datetime(row["resolution_due"]) == recorded + timedelta(hours=final)
        # the laptop's estimate was replaced by the server's deadline
        assert rep.row("complaint", comp)["first_response_due"] == row["first_response_due"]

    reset = requests.delete(base, headers=admin, timeout=10)
    assert reset.status_code == 200 and reset.json()["is_default"] is True
    with store.session() as s:
        assert sla.load_policy(s) is sla.DEFAULT_SLA_POLICY


@pytest.mark.parametrize(
    "body, problem",
    [
        ({**POLICY, "targets": {k: v for k, v in POLICY["targets"].items() if k != "low"}}, "missing: low"),
        (
            {
                **POLICY,
                "targets": {**POLICY["targets"], "low": {"first_response_hours": 10, "resolution_hours": 5}},
            },
            "before the first response",
        ),
        (
            {
                **POLICY,
                "targets": {**POLICY["targets"], "low": {"first_response_hours": 0, "resolution_hours": 5}},
            },
            "greater than 0",
        ),
        ({**POLICY, "tier_factors": {"vip": "0"}}, "tier_factors"),
        ({**POLICY, "tier_factors": {"vip": "NaN"}}, "tier_factors"),
        ({**POLICY, "tier_factors": {"gold": "1"}}, "tier_factors"),
        ({**POLICY, "targets": {**POLICY["targets"], "urgent": POLICY["targets"]["low"]}}, "targets"),
        ({**POLICY, "extra": 1}, "not a known field"),
        ([], "request"),
    ],
)
def test_invalid_sla_settings_get_a_readable_422(sqlite_store, live_server, body, problem):
    build_org(sqlite_store, per_territory=1)
    srv = live_server(sqlite_store)
    r = requests.put(
        f"{srv.url}{API_PREFIX}/settings/sla", json=body, headers=_auth(srv, "admin"), timeout=10
    )
    assert r.status_code == 422, r.text
    assert problem in r.json()["error"]["message"]
    with sqlite_store.session() as s:  # nothing was stored
        assert sla.load_policy(s) is sla.DEFAULT_SLA_POLICY


def test_a_broken_stored_policy_falls_back_to_the_defaults(sqlite_store):
    from server import org_settings

    with sqlite_store.session() as s:
        org_settings.save(s, sla.SETTING_KEY, {"targets": {"low": {"first_response_hours": "x"}}}, None)
    with sqlite_store.session() as s:
        assert sla.load_policy(s) is sla.DEFAULT_SLA_POLICY
