"""The update channel in the window: a real server announces releases (``fieldsales-server
client-release``), the desktop app hears of them with a real sync and says so on the banner;
below the minimum the server refuses the sync (426) and the local edits stay queued."""

from __future__ import annotations

from local_db.writes import pending_count
from server.api import deps
from server.cli import main as server_cli
from server.store.tables import TABLES
from sync.version import APP_VERSION
from tests.sync.helpers import Laptop

URL = "https://intranet.example.cn/fieldsales/"


def _release(store, *args: str) -> None:
    url = store.engine.url.render_as_string(hide_password=False)
    assert server_cli(["--database-url", url, "client-release", *args]) == 0


def _sync(qtbot, app) -> tuple[bool, str]:
    with qtbot.waitSignal(app.syncFinished, timeout=20_000) as finished:
        app.sync_now()
    return tuple(finished.args)


def test_banner_after_a_real_sync_dismissed_per_version_then_required_keeps_edits(
    qtbot, org_server, sqlite_store, rep_a_profile, new_app, monkeypatch, capsys
):
    org, server = org_server
    monkeypatch.setattr(deps, "RELEASE_TTL_S", 0)  # the server re-reads the setting on every request
    _release(sqlite_store, "--latest", "99.0", "--url", URL)

    app = new_app(profile=rep_a_profile)
    app.start()
    with qtbot.waitSignal(app.syncFinished, timeout=20_000) as first:
        pass
    assert first.args == [True, ""]
    banner = app.window.update_banner
    assert banner.isVisible(), "the sync brought the announcement"
    assert banner.text.text() == f"Fieldsales 99.0 is available (you have {APP_VERSION})."
    assert banner.get.isVisible() and banner.close_button.isVisible()

    banner.close_button.click()
    assert not banner.isVisible()
    assert _sync(qtbot, app) == (True, "")
    assert not banner.isVisible(), "dismissed for 99.0: a sync does not bring it back"

    # A restarted app remembers the dismissal (settings), and a newer version shows again.
    app.shutdown()
    app.window.close()
    app = new_app(profile=rep_a_profile)
    app.start()
    with qtbot.waitSignal(app.syncFinished, timeout=20_000):
        pass
    banner = app.window.update_banner
    assert not banner.isVisible()
    _release(sqlite_store, "--latest", "99.1", "--url", URL)
    assert _sync(qtbot, app) == (True, "")
    assert banner.isVisible() and "99.1 is available" in banner.text.text()

    # Below the minimum: refused, said firmly (no dismissing), and the edits stay queued.
    _release(sqlite_store, "--minimum", "99.0")
    lap = Laptop(rep_a_profile.db_path, server.url, "rep_a")
    first_customer, second_customer = sorted(org.customers["N1"])[:2]
    with lap.write() as w:
        w.update("customer", first_customer, {"notes": "written before the update"})
        w.update("customer", second_customer, {"phone": "0571-87654321"})
    ok, message = _sync(qtbot, app)
    assert not ok and "too old" in message
    assert banner.isVisible() and banner.property("level") == "error"
    assert banner.text.text().startswith(f"This version of Fieldsales ({APP_VERSION}) must be updated")
    assert "version 99.0 or later is required" in banner.text.text()
    assert "kept and will be sent after the update" in banner.text.text()
    assert not banner.close_button.isVisible() and banner.get.isVisible()
    assert app.window.status.error_label.isVisible()
    with lap.db.session() as s:
        assert pending_count(s) == 2, "nothing was sent, nothing was dropped"
    assert lap.row("customer", first_customer)["notes"] == "written before the update"
    assert lap.row("customer", second_customer)["phone"] == "0571-87654321"

    # Once the server accepts this version again (here: the minimum lowered), they go through.
    _release(sqlite_store, "--minimum", "0.1")
    assert _sync(qtbot, app) == (True, "")
    with lap.db.session() as s:
        assert pending_count(s) == 0
    with sqlite_store.session() as s:
        customer = TABLES["customer"]
        notes = s.execute(customer.select().where(customer.c.id == first_customer)).mappings().one()["notes"]
    assert notes == "written before the update"
    assert banner.isVisible() and banner.property("level") == "info", "99.1 is still newer"
    lap.db.close()
    capsys.readouterr()
