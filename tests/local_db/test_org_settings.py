"""The organisation settings a laptop holds: read with domain's rules, defaults when absent or
unreadable; what an older client does with the new entity; and the client migration that
makes an updated laptop fetch the settings it pulled past."""

from __future__ import annotations

from datetime import timedelta

from domain.complaints import DEFAULT_SLA_POLICY, sla_policy_to_json
from domain.org_settings import COMPANY_FIELDS, CompanyProfile
from domain.values import new_id
from domain.visit_review import DEFAULT_THRESHOLDS
from local_db import complaints as cx
from local_db import org_settings as held
from local_db import quotes as qx
from local_db.apply import apply_page
from local_db.db import LocalDb
from local_db.migrate import HEAD, current_revision
from tests.local_db.old_schema import upgrade_to

FIELDS = ["id", "version", "deleted", "key", "value"]


def _page(*rows, extra=None) -> dict:
    return {"org_setting": {"fields": FIELDS, "rows": [list(r) for r in rows]}, **(extra or {})}


def test_held_settings_and_their_fallbacks(tmp_path):
    db = LocalDb(tmp_path / "c.sqlite3")
    with db.session() as s:
        assert held.sla_policy(s) is DEFAULT_SLA_POLICY and held.review_thresholds(s) is DEFAULT_THRESHOLDS
        qx.save_company_profile(s, CompanyProfile(name_en="Laptop Own Ltd."))
    with db.session() as s:  # no organisation profile: the laptop's own letterhead
        assert qx.company_profile(s).name_en == "Laptop Own Ltd."
    faster = sla_policy_to_json(DEFAULT_SLA_POLICY)
    faster["targets"]["low"] = {"first_response_hours": "1", "resolution_hours": "2"}
    with db.session() as s:
        apply_page(
            s,
            _page(
                [new_id(), 1, False, "complaint_sla", faster],
                [new_id(), 1, False, "visit_review", {"min_minutes": "soon"}],  # unreadable
                [new_id(), 1, False, "company_profile", {"name_zh": "组织公司", "name_en": "Org Co."}],
            ),
            [],
        )
    with db.session() as s:
        assert held.sla_policy(s).target_for("low", None).resolution == timedelta(hours=2)
        assert held.review_thresholds(s) is DEFAULT_THRESHOLDS  # unreadable here: defaults, no crash
        blank = dict.fromkeys(COMPANY_FIELDS, "")  # what the server did not say is empty, not a default
        assert qx.company_profile(s) == CompanyProfile(
            **{**blank, "name_zh": "组织公司", "name_en": "Org Co."}
        )
        assert cx.sla_policy(s).target_for("low", None).first_response == timedelta(hours=1)


def test_a_page_with_an_entity_this_client_does_not_know_applies_the_rest(tmp_path):
    """What an older client does with a newer server's entity: it skips it (its apply walks
    its own entity list), so adding an entity never breaks older laptops."""
    db = LocalDb(tmp_path / "c.sqlite3")
    row = [new_id(), 1, False, "visit_review", {"min_minutes": 30}]
    with db.session() as s:
        stats = apply_page(
            s, _page(row, extra={"entity_from_the_future": {"fields": ["id"], "rows": [["x"]]}}), []
        )
    assert stats.upserted == {"org_setting": 1}
    with db.session() as s:
        assert held.review_thresholds(s).min_minutes == 30


def _at_0002(path) -> LocalDb:
    db = LocalDb(path, migrate=False)
    with db.engine.begin() as conn:
        upgrade_to(conn, "0002")
    return db


def test_updating_a_synced_laptop_asks_the_next_sync_to_re_check(tmp_path):
    synced = _at_0002(tmp_path / "synced.sqlite3")
    synced.set_state("cursor", "eyJ2IjoxfQ")
    fresh = _at_0002(tmp_path / "fresh.sqlite3")
    for db in (synced, fresh):
        db.engine.dispose()
    synced, fresh = LocalDb(tmp_path / "synced.sqlite3"), LocalDb(tmp_path / "fresh.sqlite3")
    assert current_revision(synced.engine) == current_revision(fresh.engine) == HEAD
    assert synced.get_state("rescope_pending")  # pulled past the settings: verify at the next sync
    assert fresh.get_state("rescope_pending") is None  # never synced: the first sync brings them
