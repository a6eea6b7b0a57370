"""Organisation settings (SLA policy, visit-review thresholds, company profile): the admin's
endpoints validate and are admin-only, every change reaches a rep's laptop through a real
sync, and the laptop uses what it holds offline — real stores, a real server, real laptops."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest
import requests
import sqlalchemy as sa

from domain.errors import NotPermitted
from domain.org_settings import CompanyProfile
from domain.visit_review import DEFAULT_THRESHOLDS, ReviewThresholds
from local_db import complaints as cx
from local_db import org_settings as held
from local_db import quotes as qx
from local_db import review as rx
from local_db.tables import TABLES as LOCAL
from server import org_settings, sla
from server.store.changes import committed_seq
from server.store.db import Store
from server.store.migrate import upgrade
from server.store.tables import TABLES
from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER, new_id, parse_datetime
from tests.factories import build_org
from tests.sync.helpers import auth_headers

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}
LOCAL_ORG_SETTINGS = LOCAL["org_setting"]
UTC = timezone.utc

SLA = {
    "targets": {
        "critical": {"first_response_hours": "2", "resolution_hours": "12"},
        "high": {"first_response_hours": "6", "resolution_hours": "48"},
        "medium": {"first_response_hours": "24", "resolution_hours": "168"},
        "low": {"first_response_hours": "72", "resolution_hours": "336"},
    },
}
REVIEW = {"min_minutes": 20, "max_distance_km": "2.5", "max_delay_hours": 24, "short_in_person_only": False}
COMPANY = {
    "name_zh": "宁波海岸贸易有限公司",
    "name_en": "Ningbo Coast Trading Co., Ltd.",
    "address_zh": "浙江省宁波市鄞州区天童南路 1 号",
    "address_en": "1 Tiantong South Road, Ningbo",
    "phone": "0574-8765 4321",
    "email": "info@coast-trading.cn",
    "website": "coast-trading.cn",
    "tax_id": "91330212MA2YYYYY1R",
    "bank_zh": "中国银行宁波分行 3501",
    "bank_en": "Bank of China Ningbo 3501",
}


def _auth(srv, user: str) -> dict:
    return auth_headers(srv.url, user)


def _url(srv, area: str) -> str:
    return f"{srv.url}{API_PREFIX}/settings/{area}"


@pytest.fixture
def world(org_world):
    return org_world


def test_settings_reach_a_rep_laptop_through_sync(world):
    store, srv, o, laptop = world
    admin = _auth(srv, "admin")
    rep = laptop("rep_a")
    with rep.db.session() as s:  # nothing set yet: the laptop computes with the defaults
        assert rx.thresholds(s) == DEFAULT_THRESHOLDS
        assert held.company_profile(s) is None and qx.company_profile(s) == CompanyProfile()
        assert cx.sla_policy(s) == sla.DEFAULT_SLA_POLICY

    for area, body in (("sla", SLA), ("review", REVIEW), ("company", COMPANY)):
        r = requests.put(_url(srv, area), json=body, headers=admin, timeout=10)
        assert r.status_code == 200, r.text
        assert r.json()["is_default"] is False and r.json()["updated_by"] == o.users["admin"]
    got = requests.get(_url(srv, "review"), headers=_auth(srv, "rep_a"), timeout=10).json()
    assert (got["min_minutes"], got["max_distance_km"], got["short_in_person_only"]) == (20, "2.5", False)

    report = rep.sync()
    assert report.by_entity.get("org_setting") == 3
    with rep.db.session() as s:
        assert rx.thresholds(s) == ReviewThresholds(20, 2.5, 24, False)
        assert qx.company_profile(s) == CompanyProfile(**COMPANY)
        policy = cx.sla_policy(s)
        assert policy.target_for("critical", None).first_response == timedelta(hours=2)
    assert rep.engine.verify() == []  # the organisation bucket agrees, settings included

    # a second change is an update of the same row, and a reset a tombstone: back to defaults
    requests.put(_url(srv, "review"), json={**REVIEW, "min_minutes": 5}, headers=admin, timeout=10)
    assert requests.delete(_url(srv, "company"), headers=admin, timeout=10).json()["is_default"] is True
    rep.sync()
    with rep.db.session() as s:
        assert rx.thresholds(s).min_minutes == 5
        assert held.company_profile(s) is None and qx.company_profile(s) == CompanyProfile()
    assert rep.engine.verify() == []
    # saving again after a reset revives the one row of the key
    requests.put(_url(srv, "company"), json=COMPANY, headers=admin, timeout=10)
    rep.sync()
    with store.session() as s:
        t = TABLES["org_setting"]
        assert s.scalar(sa.select(sa.func.count()).select_from(t)) == 3
    with rep.db.session() as s:
        assert qx.company_profile(s).name_en == COMPANY["name_en"]


def test_an_offline_complaint_gets_due_times_from_the_policy_the_laptop_holds(world):
    store, srv, o, laptop = world
    admin = _auth(srv, "admin")
    requests.put(_url(srv, "sla"), json=SLA, headers=admin, timeout=10).raise_for_status()
    rep = laptop("rep_a")  # synced: holds critical 2 h / 12 h
    # the admin tightens it again while the rep is on the road; the laptop does not know yet
    tighter = {
        "targets": {**SLA["targets"], "critical": {"first_response_hours": "1", "resolution_hours": "6"}}
    }
    requests.put(_url(srv, "sla"), json=tighter, headers=admin, timeout=10).raise_for_status()
    srv.stop()  # offline

    recorded = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
    with rep.db.session() as s:
        cid = cx.record(
            s,
            customer_id=sorted(o.customers["N1"])[0],
            channel="visit",
            category="delivery",
            severity="critical",
            description="到货少了两箱",
            recorded_at=recorded,
        )
    row = rep.row("complaint", cid)
    # counted from the recording, under the policy held then (not the default 4 h, not the newer 1 h)
    assert parse_datetime(row["first_response_due"]) == recorded + timedelta(hours=2)
    assert parse_datetime(row["resolution_due"]) == recorded + timedelta(hours=12)
    with rep.db.session() as s:  # three hours later, offline: the first response is already late
        assert cx.sla_clock(cx.get_complaint(s, cid)).overdue


@pytest.mark.parametrize(
    "area, body, problem",
    [
        ("review", {**REVIEW, "min_minutes": -1}, "min_minutes"),
        ("review", {**REVIEW, "max_distance_km": "0"}, "max_distance_km"),
        ("review", {**REVIEW, "max_distance_km": "abc"}, "max_distance_km"),
        ("review", {**REVIEW, "max_delay_hours": 0}, "max_delay_hours"),
        (
            "review",
            {k: v for k, v in REVIEW.items() if k != "short_in_person_only"},
            "short_in_person_only: is required",
        ),
        ("review", {**REVIEW, "colour": "red"}, "not a known field"),
        ("company", {**COMPANY, "name_zh": "   "}, "name_zh"),
        ("company", {k: v for k, v in COMPANY.items() if k != "name_en"}, "name_en: is required"),
        ("company", {**COMPANY, "email": "sales at coast"}, "e-mail address"),
        ("company", {**COMPANY, "phone": "1" * 41}, "phone"),
        ("company", "not an object", "request"),
        ("sla", {"targets": {"low": SLA["targets"]["low"]}}, "required for every severity"),
        ("security", {"lock_after_minutes": -1, "lease_days": 30}, "lock_after_minutes"),
        ("security", {"lock_after_minutes": 15, "lease_days": 366}, "lease_days"),
        ("security", {"lock_after_minutes": "soon", "lease_days": 30}, "lock_after_minutes"),
        ("security", {"lock_after_minutes": 15}, "lease_days: is required"),
    ],
)
def test_bad_settings_get_a_readable_422_and_change_nothing(sqlite_store, live_server, area, body, problem):
    build_org(sqlite_store, per_territory=1)
    srv = live_server(sqlite_store)
    with sqlite_store.session() as s:
        before = committed_seq(s)
    r = requests.put(_url(srv, area), json=body, headers=_auth(srv, "admin"), timeout=10)
    assert r.status_code == 422, r.text
    assert problem in r.json()["error"]["message"]
    with sqlite_store.session() as s:
        assert committed_seq(s) == before  # nothing written, nothing in the feed
        assert s.scalar(sa.select(sa.func.count()).select_from(TABLES["org_setting"])) == 0


def test_only_an_admin_changes_settings(sqlite_store, live_server):
    build_org(sqlite_store, per_territory=1)
    srv = live_server(sqlite_store)
    bodies = {"sla": SLA, "review": REVIEW, "company": COMPANY}
    for user in ("rep_a", "sup_n"):
        headers = _auth(srv, user)
        for area, body in bodies.items():
            assert requests.get(_url(srv, area), headers=headers, timeout=10).status_code == 200
            for r in (
                requests.put(_url(srv, area), json=body, headers=headers, timeout=10),
                requests.delete(_url(srv, area), headers=headers, timeout=10),
            ):
                assert r.status_code == 403 and r.json()["error"]["code"] == "admin_only"
                assert "administrator" in r.json()["error"]["message"]
    anonymous = requests.put(_url(srv, "review"), json=REVIEW, headers=H, timeout=10)
    assert anonymous.status_code == 401
    with sqlite_store.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(TABLES["org_setting"])) == 0


def test_settings_cannot_be_pushed_even_by_an_admin(world):
    store, srv, o, laptop = world
    admin_laptop = laptop("admin")
    with pytest.raises(NotPermitted), admin_laptop.write() as w:
        w.insert("org_setting", {"key": "visit_review", "value": REVIEW})
    push = {
        "client_id": str(uuid.uuid4()),
        "mutations": [
            {
                "mutation_id": str(uuid.uuid4()),
                "client_seq": 1,
                "entity": "org_setting",
                "row_id": new_id(),
                "op": "insert",
                "changes": {"key": "visit_review", "value": REVIEW},
                "base": {},
                "base_version": 0,
                "schema_version": 1,
            }
        ],
    }
    r = requests.post(f"{srv.url}{API_PREFIX}/sync/push", json=push, headers=_auth(srv, "admin"), timeout=10)
    assert r.status_code == 200, r.text
    result = r.json()["results"][0]
    assert result["outcome"] == "rejected" and result["code"] == "server_written"
    with store.session() as s:
        assert org_settings.load(s, "visit_review") is None


def test_a_saved_sla_policy_moves_into_the_synced_settings(tmp_path):
    """Migration 0005: a policy saved in the old server-only ``settings`` table becomes an
    ``org_setting`` row under a new feed number (so laptops receive it)."""
    store = Store.from_url(f"sqlite:///{tmp_path}/old.sqlite3")
    upgrade(store.engine, "0004")
    policy = sla.policy_to_json(sla.policy_from_json(SLA))
    with store.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO settings (key, value, updated_at, updated_by) VALUES "
                "('complaint_sla', :v, '2026-01-05T08:00:00.000000Z', NULL), "
                "('classification_config', '{}', '2026-01-05T08:00:00.000000Z', NULL)"
            ),
            {"v": json.dumps(policy)},
        )
        before = conn.execute(sa.text("SELECT last_seq FROM change_counter")).scalar()
    upgrade(store.engine)
    with store.session() as s:
        stored = org_settings.load(s, "complaint_sla")
        assert stored is not None and stored.value == policy
        assert sla.load_policy(s).target_for("critical", None).first_response == timedelta(hours=2)
        row = s.execute(sa.select(TABLES["org_setting"])).mappings().one()
        assert row["seq"] == before + 1 == committed_seq(s)
        left = set(s.scalars(sa.text("SELECT key FROM settings")))
        assert left == {"classification_config"}  # server-only settings stay where they were
    store.engine.dispose()


def test_an_updated_laptop_fetches_the_settings_it_pulled_past(world):
    """An old client pulled the settings rows and ignored them; after the update (client
    migration 0003 sets ``rescope_pending``) the next sync verifies and repairs the
    organisation bucket, and the laptop holds the admin's values."""
    store, srv, o, laptop = world
    rep = laptop("rep_a")
    requests.put(_url(srv, "review"), json=REVIEW, headers=_auth(srv, "admin"), timeout=10).raise_for_status()
    rep.sync()
    with rep.db.session() as s:  # as an old client would be: past the rows, without them
        s.execute(sa.delete(LOCAL_ORG_SETTINGS))
    rep.db.set_state("rescope_pending", "app update: organisation settings")
    report = rep.sync()
    assert "org" in report.repaired
    with rep.db.session() as s:
        assert rx.thresholds(s).min_minutes == 20
    assert rep.db.get_state("rescope_pending") is None
