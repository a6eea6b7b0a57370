"""Complaints on the laptop, end to end through a real server: record offline, the workflow
rules on both sides, ownership, field-by-field merge, SLA counted from recording, report."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from domain.complaints import DEFAULT_SLA_POLICY
from domain.errors import DomainError, InvalidValue, NotPermitted, TransitionNotAllowed
from domain.period import Period
from local_db import complaints as cx
from local_db.models import OutboxEntry, SyncIssue
from sync.contract import PROTOCOL_HEADER, SCHEMA_HEADER, parse_datetime
from tests.sync.helpers import Laptop, post_push, push_request, record_complaint, server_row

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}
UTC = timezone.utc


@pytest.fixture
def world(org_world):
    return org_world


_record = record_complaint


def _shared_complaint(o, laptop) -> tuple[Laptop, Laptop, str]:
    """rep_a records a complaint and syncs, then sup_n syncs: ``(rep, sup, complaint id)``."""
    rep, sup = laptop("rep_a"), laptop("sup_n")
    comp = _record(rep, sorted(o.customers["N1"])[0])
    rep.sync()
    sup.sync()
    return rep, sup, comp


def _do(lap: Laptop, fn, *args, **kw):
    with lap.db.session() as s:
        return fn(s, *args, **kw)


def _raw_push(srv, lap: Laptop, user: str, mutation: dict) -> dict:
    token = lap.engine.credentials.load(srv.url, user).access_token
    r = post_push(srv.url, token, push_request(mutation))
    assert r.status_code == 200, r.text
    return r.json()["results"][0]


def _raw_update(srv, lap: Laptop, complaint: str, version: int, changes: dict, base: dict) -> dict:
    """rep_a's update of ``complaint`` pushed as a modified client could: past the laptop's rules."""
    return _raw_push(
        srv,
        lap,
        "rep_a",
        {
            "entity": "complaint",
            "row_id": complaint,
            "op": "update",
            "base_version": version,
            "changes": changes,
            "base": base,
        },
    )


def _outbox(lap: Laptop) -> int:
    with lap.db.session() as s:
        return s.scalar(select(func.count()).select_from(OutboxEntry))


# --------------------------------------------------------------------------- capture


def test_recording_offline_owns_it_and_counts_the_sla_from_recording(world):
    store, _srv, o, laptop = world
    rep = laptop("rep_a")
    cid = sorted(o.customers["N1"])[0]
    vid = next(v for v in rep.ids("visit") if rep.row("visit", v)["customer_id"] == cid)
    contact = next(c for c in rep.ids("contact") if rep.row("contact", c)["customer_id"] == cid)
    # recorded ten hours ago while offline: a critical complaint's first response was due after 4 h
    recorded = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=10)
    comp = _record(
        rep, cid, channel="visit", severity="critical", visit_id=vid, contact_id=contact, recorded_at=recorded
    )
    local = rep.row("complaint", comp)
    assert local["owner_id"] == local["recorded_by"] == o.users["rep_a"]
    assert (local["status"], local["version"]) == ("new", 0)
    assert parse_datetime(local["first_response_due"]) == recorded + timedelta(hours=4)
    assert parse_datetime(local["resolution_due"]) == recorded + timedelta(hours=24)
    with rep.db.session() as s:  # the laptop already knows it is overdue, offline
        row = cx.get_complaint(s, comp)
    assert cx.sla_clock(row).kind == "first_response" and cx.sla_clock(row).overdue
    assert cx.breached(row)
    assert server_row(store, "complaint", comp) is None and _outbox(rep) == 1

    report = rep.sync()
    assert report.applied == 1 and _outbox(rep) == 0
    srow = server_row(store, "complaint", comp)
    # the server's deadlines count from the recording, not from the sync ten hours later
    assert parse_datetime(srow["first_response_due"]) == recorded + timedelta(hours=4)
    assert parse_datetime(srow["recorded_at"]) == recorded
    assert srow["sla_breached"] is True and srow["escalation_level"] == "supervisor"
    assert srow["owner_id"] == o.users["rep_a"] and srow["visit_id"] == vid
    assert rep.row("complaint", comp)["escalation_level"] == "supervisor"


def test_capture_validates_before_anything_is_queued(world):
    _store, _srv, o, laptop = world
    rep = laptop("rep_a")
    mine, other = sorted(o.customers["N1"])[0], sorted(o.customers["N1"])[1]
    foreign_contact = next(c for c in rep.ids("contact") if rep.row("contact", c)["customer_id"] == other)
    for kw, field in (
        ({"description": "   "}, "description"),
        ({"severity": "urgent"}, "severity"),
        ({"contact_id": foreign_contact}, "contact_id"),
        ({"channel": ""}, "channel"),
    ):
        with pytest.raises(InvalidValue) as err:
            _record(rep, mine, **kw)
        assert err.value.field == field
    with pytest.raises(InvalidValue):
        _record(rep, sorted(o.customers["S1"])[0])  # not on this laptop
    with pytest.raises(InvalidValue, match="no time zone"):
        _record(rep, mine, recorded_at=datetime(2026, 3, 1, 9, 0))
    assert _outbox(rep) == 0


# --------------------------------------------------------------------------- workflow


def test_whole_workflow_with_remedy_and_follow_up_reaches_the_server(world):
    store, _srv, o, laptop = world
    rep = laptop("rep_a")
    comp = _record(rep, sorted(o.customers["N1"])[0])
    _do(rep, cx.acknowledge, comp)
    assert rep.row("complaint", comp)["first_responded_at"] is not None
    _do(rep, cx.start_work, comp)
    with pytest.raises(TransitionNotAllowed) as err:
        _do(rep, cx.resolve, comp, root_cause="", resolution="补发货物")
    assert err.value.code == "resolution_details_required" and err.value.field == "root_cause"
    with pytest.raises(InvalidValue) as err:
        _do(rep, cx.resolve, comp, root_cause="仓库漏发", resolution="补发", remedy="compensation")
    assert err.value.field == "compensation_amount"
    with pytest.raises(InvalidValue):
        _do(
            rep,
            cx.resolve,
            comp,
            root_cause="仓库漏发",
            resolution="补发",
            remedy="apology",
            compensation_amount="50",
        )
    _do(
        rep,
        cx.resolve,
        comp,
        root_cause="仓库漏发",
        resolution="补发并赔偿运费",
        remedy="compensation",
        compensation_amount="200.00",
    )
    with pytest.raises(TransitionNotAllowed) as err:
        _do(rep, cx.follow_up, comp, satisfaction=None)
    assert err.value.code == "satisfaction_required"
    with pytest.raises(InvalidValue):
        _do(rep, cx.follow_up, comp, satisfaction=4, expectation=4)  # both or neither
    with pytest.raises(DomainError):
        _do(rep, cx.follow_up, comp, satisfaction=6)
    ratio = _do(rep, cx.follow_up, comp, satisfaction=4, expectation=4, perceived=5)
    assert ratio == Decimal("1.25")
    _do(rep, cx.close, comp)
    assert rep.sync().rejected == 0
    srow = server_row(store, "complaint", comp)
    assert srow["status"] == "closed" and srow["compensation_amount"] == "200.00"
    assert (srow["satisfaction"], srow["expectation_score"], srow["perceived_score"]) == (4, 4, 5)
    assert srow["closed_at"] and srow["resolved_at"] and srow["first_responded_at"]

    # reopen needs a reason and a fresh follow-up; the old resolution time is cleared
    with pytest.raises(TransitionNotAllowed) as err:
        _do(rep, cx.reopen, comp, "  ")
    assert err.value.code == "reopen_reason_required"
    _do(rep, cx.reopen, comp, "问题再次出现")
    row = rep.row("complaint", comp)
    assert (row["status"], row["resolved_at"], row["satisfaction"], row["closed_at"]) == (
        "in_progress",
        None,
        None,
        None,
    )
    _do(rep, cx.resolve, comp, root_cause="包装不牢", resolution="更换包装", remedy="replace")
    with pytest.raises(TransitionNotAllowed):
        _do(rep, cx.follow_up, comp, satisfaction=None)  # the previous score does not count again
    rep.sync()
    assert server_row(store, "complaint", comp)["reopen_reason"] == "问题再次出现"


def test_server_rejects_illegal_moves_and_resolution_without_root_cause(world):
    store, srv, o, laptop = world
    rep = laptop("rep_a")
    comp = _record(rep, sorted(o.customers["N1"])[0])
    rep.sync()
    v = server_row(store, "complaint", comp)["version"]
    # the laptop would refuse these, so they are pushed raw, as a modified client could
    resolve = {"status": "resolved", "root_cause": "x", "resolution": "y"}
    skip = _raw_update(srv, rep, comp, v, resolve, {"status": "new", "root_cause": None, "resolution": None})
    assert skip["outcome"] == "rejected" and skip["code"] == "invalid_complaint_transition"
    assert skip["message"] == "A complaint cannot go from new to resolved."
    _do(rep, cx.acknowledge, comp)
    _do(rep, cx.start_work, comp)
    rep.sync()
    v = server_row(store, "complaint", comp)["version"]
    in_progress = {"status": "in_progress", "resolution": None}
    bare = _raw_update(srv, rep, comp, v, {"status": "resolved", "resolution": "补发"}, in_progress)
    assert bare["outcome"] == "rejected" and bare["code"] == "resolution_details_required"
    assert bare["message"] == "To resolve the complaint, fill in the root cause."
    reopen = _raw_update(srv, rep, comp, v, {"status": "closed"}, {"status": "in_progress"})
    assert reopen["outcome"] == "rejected" and "in progress to closed" in reopen["message"]
    assert server_row(store, "complaint", comp)["status"] == "in_progress"


def test_concurrent_rep_and_supervisor_edits_merge_field_by_field(world):
    store, _srv, o, laptop = world
    rep, sup = laptop("rep_a"), laptop("sup_n")
    comp = _record(rep, sorted(o.customers["N1"])[0], severity="low")
    _do(rep, cx.acknowledge, comp)
    _do(rep, cx.start_work, comp)
    rep.sync()
    sup.sync()
    recorded = parse_datetime(server_row(store, "complaint", comp)["recorded_at"])
    # offline, both edit the same complaint: the rep its resolution, the supervisor its severity
    _do(rep, cx.update_details, comp, root_cause="司机走错路线", resolution="重新安排配送")
    _do(sup, cx.update_details, comp, severity="critical")
    assert sup.sync().applied == 1
    report = rep.sync()
    assert (report.merged, report.conflicts, report.rejected) == (1, 0, 0)
    srow = server_row(store, "complaint", comp)
    assert (srow["severity"], srow["resolution"], srow["root_cause"]) == (
        "critical",
        "重新安排配送",
        "司机走错路线",
    )
    # the new severity moved the deadlines, still counted from the recording
    assert parse_datetime(srow["first_response_due"]) == recorded + timedelta(hours=4)
    assert parse_datetime(srow["resolution_due"]) == recorded + timedelta(hours=24)
    sup.sync()
    for lap in (rep, sup):
        row = lap.row("complaint", comp)
        assert (row["severity"], row["resolution"]) == ("critical", "重新安排配送")


def test_a_status_clash_needs_a_person(world):
    store, _srv, o, laptop = world
    rep, sup, comp = _shared_complaint(o, laptop)
    _do(rep, cx.acknowledge, comp)
    _do(sup, cx.acknowledge, comp)  # a supervisor may act on the team's complaints
    assert sup.sync().applied == 1
    report = rep.sync()
    assert report.conflicts + report.merged == 1 and report.rejected == 0
    assert server_row(store, "complaint", comp)["status"] == "acknowledged"


# --------------------------------------------------------------------------- ownership


def test_owner_changes_only_by_an_explicit_hand_over(world):
    store, srv, o, laptop = world
    rep, sup, comp = _shared_complaint(o, laptop)
    # the supervisor acting on it does not make them the owner
    _do(sup, cx.acknowledge, comp)
    sup.sync()
    assert server_row(store, "complaint", comp)["owner_id"] == o.users["rep_a"]
    rep.sync()
    with pytest.raises(DomainError) as err:
        _do(rep, cx.hand_over, comp, o.users["rep_a"])
    assert err.value.code == "no_change"
    _do(rep, cx.hand_over, comp, o.users["sup_n"])
    rep.sync()
    assert server_row(store, "complaint", comp)["owner_id"] == o.users["sup_n"]
    # no longer the owner: the rep can neither move it nor take it back
    with pytest.raises(NotPermitted) as err:
        _do(rep, cx.start_work, comp)
    assert err.value.code == "not_complaint_owner"
    with pytest.raises(NotPermitted):
        _do(rep, cx.hand_over, comp, o.users["rep_a"])
    v = server_row(store, "complaint", comp)["version"]
    pushed = _raw_update(srv, rep, comp, v, {"status": "in_progress"}, {"status": "acknowledged"})
    assert pushed["outcome"] == "rejected" and pushed["code"] == "not_complaint_owner"


def test_server_refuses_a_hand_over_by_someone_not_allowed(world):
    store, srv, o, laptop = world
    rep, rep_b = laptop("rep_a"), laptop("rep_b")
    sup = laptop("sup_n")
    comp = _record(sup, sorted(o.customers["N1"])[0])  # owned by the supervisor
    sup.sync()
    rep.sync()
    v = server_row(store, "complaint", comp)["version"]
    grab = _raw_update(srv, rep, comp, v, {"owner_id": o.users["rep_a"]}, {"owner_id": o.users["sup_n"]})
    assert grab["outcome"] == "rejected"
    assert rep_b is not None


def test_only_supervisors_escalate_by_hand_and_never_down(world):
    store, _srv, o, laptop = world
    rep, sup, comp = _shared_complaint(o, laptop)
    with pytest.raises(NotPermitted):
        _do(rep, cx.escalate, comp)
    assert _do(sup, cx.escalate, comp).value == "supervisor"
    assert _do(sup, cx.escalate, comp).value == "admin"
    with pytest.raises(TransitionNotAllowed):
        _do(sup, cx.escalate, comp)
    sup.sync()
    srow = server_row(store, "complaint", comp)
    assert (
        srow["escalation_level"] == "admin" and srow["escalated_at"] and srow["owner_id"] == o.users["rep_a"]
    )
    rep.sync()
    assert rep.row("complaint", comp)["escalation_level"] == "admin"


# --------------------------------------------------------------------------- lists and report


def test_lists_rep_by_due_time_and_team_attention(world):
    _store, _srv, o, laptop = world
    rep, sup = laptop("rep_a"), laptop("sup_n")
    c1, c2 = sorted(o.customers["N1"])
    now = datetime.now(UTC)
    low = _record(rep, c1, severity="low", recorded_at=now - timedelta(hours=1))  # due in 71 h
    critical = _record(rep, c2, severity="critical", recorded_at=now - timedelta(hours=1))  # due in 3 h
    late = _record(rep, c1, severity="medium", recorded_at=now - timedelta(hours=30))  # overdue
    done = _record(rep, c2, severity="high")
    for step in (cx.acknowledge, cx.start_work):
        _do(rep, step, done)
    _do(rep, cx.resolve, done, root_cause="a", resolution="b")
    with rep.db.session() as s:
        mine = cx.list_complaints(s, cx.MINE, user_id=o.users["rep_a"])
        assert [r["id"] for r in mine] == [late, critical, low, done]  # resolved: no clock, last
        assert cx.count_complaints(s, cx.MINE, user_id=o.users["sup_n"]) == 0
        by_customer = cx.list_complaints(s, cx.ALL, customer_id=c1)
        assert {r["id"] for r in by_customer} == {low, late}
        assert mine[0]["owner_name"] and mine[0]["customer_name"]
    rep.sync()
    sup.sync()
    with sup.db.session() as s:
        attention = [r["id"] for r in cx.list_complaints(s, cx.ATTENTION, sort=cx.TEAM_SORT)]
        assert attention == [late]  # breached (and escalated by the server on arrival)
    _do(sup, cx.escalate, critical)
    with sup.db.session() as s:
        attention = [r["id"] for r in cx.list_complaints(s, cx.ATTENTION, sort=cx.TEAM_SORT)]
        assert set(attention) == {late, critical}
        assert cx.view_counts(s, o.users["sup_n"])[cx.ACTIVE] == 4


def test_report_counts_from_the_local_replica(world):
    _store, _srv, o, laptop = world
    rep = laptop("rep_a")
    now = datetime.now(UTC)
    c1 = sorted(o.customers["N1"])[0]
    a = _record(rep, c1, category="delivery", severity="high", recorded_at=now - timedelta(hours=2))
    _record(rep, c1, category="billing", severity="low", recorded_at=now - timedelta(hours=1))
    for step in (cx.acknowledge, cx.start_work):
        _do(rep, step, a)
    _do(rep, cx.resolve, a, root_cause="a", resolution="b", at=now - timedelta(hours=1))
    _do(rep, cx.follow_up, a, satisfaction=5)
    today = now.astimezone().date()
    period = Period(today - timedelta(days=1), today + timedelta(days=1))
    with rep.db.session() as s:
        data = cx.build_report(s, period, now=now)
    r = data.report
    assert (r.received, r.open, r.resolved) == (2, 1, 1)
    assert r.average_handling_time == timedelta(hours=1)
    assert r.sla_breach_rate == Decimal("0") and r.average_satisfaction == Decimal("5.00")
    assert set(r.by_category) == {"delivery", "billing"}
    assert data.names[o.users["rep_a"]] and set(r.by_rep) == {o.users["rep_a"]}
    with rep.db.session() as s:
        empty = cx.build_report(s, Period(date(2020, 1, 1), date(2020, 1, 31)), now=now).report
    assert empty.received == 0 and empty.sla_breach_rate is None and empty.average_satisfaction is None


def test_provisional_due_uses_the_customer_tier_and_default_policy(world):
    _store, _srv, o, laptop = world
    rep = laptop("rep_a")
    cid = sorted(o.customers["N1"])[0]
    at = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    with rep.db.session() as s:
        due = cx.provisional_due(s, cid, "medium", at)
    target = DEFAULT_SLA_POLICY.target_for("medium", None)
    assert (
        due
        == (at + target.first_response, at + target.resolution)
        == (at + timedelta(hours=24), at + timedelta(days=7))
    )


def test_no_sync_issue_is_left_by_the_normal_path(world):
    _store, _srv, o, laptop = world
    rep = laptop("rep_a")
    comp = _record(rep, sorted(o.customers["N1"])[0])
    _do(rep, cx.acknowledge, comp)
    rep.sync()
    with rep.db.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncIssue)) == 0
