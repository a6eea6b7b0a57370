"""Administration → Settings, offscreen against a live server: the admin reads and saves the
organisation settings, a bad value is refused in words with the form left as typed, a
reset asks first, an unreachable server changes nothing — and a rep's laptop computes
with the saved values after its next sync."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from domain.visit_review import DEFAULT_THRESHOLDS
from local_db import org_settings as local_org_settings
from local_db import quotes as qx
from local_db import review as rx
from server import org_settings
from tests.sync.helpers import Laptop
from ui.admin.settings import SECTIONS

WAIT = 20_000


@pytest.fixture
def settings_tab(org_server, open_admin, qtbot, tmp_path):
    org, server = org_server
    page = open_admin(900)
    tab = page.show_tab("settings")
    qtbot.waitUntil(lambda: len(tab.data) == len(SECTIONS) and tab.busy == 0, timeout=WAIT)
    return org, server, page, tab, tmp_path


def test_admin_edits_the_settings_and_a_rep_laptop_follows(settings_tab, qtbot, sqlite_store):
    org, server, page, tab, tmp_path = settings_tab
    # what the server holds is shown: the defaults, and saying so
    assert tab.min_minutes.value() == 10 and tab.max_delay.value() == 48 and tab.in_person_only.isChecked()
    assert tab.first_response["critical"].value() == 4 and tab.resolution["low"].value() == 336
    assert "defaults" in tab.stamps["review"].text()

    tab.min_minutes.setValue(25)
    tab.max_distance.setValue(3.5)
    tab.in_person_only.setChecked(False)
    tab.save("review")
    qtbot.waitUntil(lambda: tab.banner.kind == "ok" and tab.busy == 0, timeout=WAIT)
    assert "next sync" in tab.banner.message() and "defaults" not in tab.stamps["review"].text()
    with sqlite_store.session() as s:
        assert org_settings.load(s, "visit_review").value["min_minutes"] == 25

    tab.company["name_zh"].setText("宁波海岸贸易有限公司")
    tab.company["name_en"].setText("Ningbo Coast Trading Co., Ltd.")
    tab.company["email"].setText("not an address")
    tab.save("company")  # refused by the server: said in words, the form keeps what was typed
    qtbot.waitUntil(lambda: tab.banner.kind == "error" and tab.busy == 0, timeout=WAIT)
    assert "e-mail address" in tab.banner.message()
    assert tab.company["email"].text() == "not an address"
    with sqlite_store.session() as s:
        assert org_settings.load(s, "company_profile") is None
    tab.company["email"].setText("info@coast-trading.cn")
    tab.save("company")
    qtbot.waitUntil(lambda: tab.banner.kind == "ok" and tab.busy == 0, timeout=WAIT)

    # the update channel: versions are checked as versions before anything is stored
    tab.release["latest"].setText("0.1.10")
    tab.release["minimum"].setText("0.0.9")
    tab.release["url"].setText("https://intranet.example.cn/fieldsales/")
    tab.save("client-release")
    qtbot.waitUntil(lambda: tab.banner.kind == "ok" and tab.busy == 0, timeout=WAIT)
    tab.release["minimum"].setText("0.1.11")
    tab.save("client-release")
    qtbot.waitUntil(lambda: tab.banner.kind == "error" and tab.busy == 0, timeout=WAIT)
    assert "newer than the latest" in tab.banner.message()
    with sqlite_store.session() as s:
        assert org_settings.load(s, "client_release").value["minimum"] == "0.0.9"

    rep = Laptop(tmp_path / "rep.sqlite3", server.url, "rep_a").login()
    rep.sync()
    with rep.db.session() as s:
        assert local_org_settings.client_release(s).latest == "0.1.10"
        t = rx.thresholds(s)
        assert (t.min_minutes, t.max_distance_km, t.short_in_person_only) == (25, 3.5, False)
        assert qx.company_profile(s).name_en == "Ningbo Coast Trading Co., Ltd."

    # restoring the defaults asks first; saying no changes nothing
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    original = QMessageBox.question
    QMessageBox.question = staticmethod(lambda *a, **k: next(answers))
    try:
        tab.reset("review")
        assert tab.busy == 0
        tab.reset("review")
        qtbot.waitUntil(lambda: tab.busy == 0 and "defaults" in tab.stamps["review"].text(), timeout=WAIT)
    finally:
        QMessageBox.question = original
    assert tab.min_minutes.value() == 10
    rep.sync()
    with rep.db.session() as s:
        assert rx.thresholds(s) == DEFAULT_THRESHOLDS


def test_an_unreachable_server_changes_nothing(settings_tab, qtbot):
    org, server, page, tab, _tmp = settings_tab
    server.stop()
    tab.first_response["critical"].setValue(1)
    tab.save("sla")
    qtbot.waitUntil(lambda: tab.banner.kind == "error" and tab.busy == 0, timeout=WAIT)
    assert "cannot be reached" in tab.banner.message() and "nothing was changed" in tab.banner.message()
    assert tab.first_response["critical"].value() == 1  # the admin's typing is kept for a retry
    assert tab.save_buttons["sla"].isEnabled()


def test_admin_sets_the_time_zone_and_a_laptop_follows(settings_tab, qtbot, sqlite_store):
    org, server, page, tab, tmp_path = settings_tab
    assert tab.zone.currentText() == "Asia/Shanghai" and "built-in defaults" in tab.stamps["time-zone"].text()
    tab.zone.setCurrentText("Mars/Olympus")
    tab.save("time-zone")
    qtbot.waitUntil(lambda: tab.banner.kind == "error" and tab.busy == 0, timeout=WAIT)
    assert (
        "IANA" in tab.banner.message() and tab.zone.currentText() == "Mars/Olympus"
    )  # kept for a correction
    tab.zone.setCurrentText("Europe/Berlin")
    tab.save("time-zone")
    qtbot.waitUntil(lambda: tab.banner.kind == "ok" and tab.busy == 0, timeout=WAIT)
    with sqlite_store.session() as s:
        assert org_settings.load(s, "time_zone").value == {"zone": "Europe/Berlin"}
    rep = Laptop(tmp_path / "rep.sqlite3", server.url, "rep_a").login()
    rep.sync()
    with rep.db.session() as s:
        assert local_org_settings.time_zone(s) == "Europe/Berlin"
    rep.engine.transport.close()
    rep.db.close()


def test_admin_sets_the_laptop_security_rules_and_a_rep_laptop_follows(settings_tab, qtbot, sqlite_store):
    from domain.org_settings import DevicePolicy
    from local_db.org_settings import device_policy

    _org, server, _page, tab, tmp_path = settings_tab
    assert (tab.lock_after.value(), tab.lease_days.value()) == (15, 30)  # the defaults
    assert "defaults" in tab.stamps["security"].text()
    tab.lock_after.setValue(5)
    tab.lease_days.setValue(0)  # "never"
    assert tab.lease_days.text() == "never"
    tab.save("security")
    qtbot.waitUntil(lambda: tab.banner.kind == "ok" and tab.busy == 0, timeout=WAIT)
    with sqlite_store.session() as s:
        assert org_settings.load(s, "device_security").value == {"lock_after_minutes": 5, "lease_days": 0}
    rep = Laptop(tmp_path / "rep.sqlite3", server.url, "rep_a").login()
    rep.sync()
    with rep.db.session() as s:
        assert device_policy(s) == DevicePolicy(lock_after_minutes=5, lease_days=0)


def test_admin_sets_the_photo_policy_and_a_rep_laptop_follows(settings_tab, qtbot, sqlite_store):
    from domain.attachments import AttachmentPolicy

    _org, server, _page, tab, tmp_path = settings_tab
    assert (tab.max_side.value(), tab.jpeg_quality.value(), tab.max_file_mb.value()) == (2048, 80, 25)
    assert not tab.keep_originals.isChecked() and not tab.keep_location.isChecked()
    assert "defaults" in tab.stamps["attachments"].text()
    tab.max_side.setValue(1600)
    tab.jpeg_quality.setValue(85)
    tab.max_file_mb.setValue(10)
    tab.keep_location.setChecked(True)
    tab.save("attachments")
    qtbot.waitUntil(lambda: tab.banner.kind == "ok" and tab.busy == 0, timeout=WAIT)
    assert "defaults" not in tab.stamps["attachments"].text()
    with sqlite_store.session() as s:
        assert org_settings.load(s, "attachment_policy").value["max_side_px"] == 1600
    rep = Laptop(tmp_path / "rep.sqlite3", server.url, "rep_a").login()
    rep.sync()
    with rep.db.session() as s:
        assert local_org_settings.attachment_policy(s) == AttachmentPolicy(
            max_side_px=1600, jpeg_quality=85, keep_location=True, max_file_bytes=10 * 1024 * 1024
        )
    rep.engine.transport.close()
    rep.db.close()
