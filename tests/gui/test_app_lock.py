"""The app lock (idle, sleep, wrong passwords) and the offline lease, on the real window."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from desktop.app import DesktopApp
from local_db import unlock
from local_db.tables import TABLES
from local_db.writes import LocalWriter
from sync.engine import LAST_SYNC
from tests.factories import PASSWORD
from tests.sync.helpers import Laptop, server_row
from ui.lock_screen import IDLE, LEASE, LOCKOUT


@pytest.fixture
def make_app(new_app):
    def make(profile) -> DesktopApp:
        app = new_app(profile=profile)
        app.restore_geometry = False
        return app

    return make


def _started(qtbot, app: DesktopApp) -> DesktopApp:
    finished: list = []
    app.syncFinished.connect(lambda ok, message: finished.append((ok, message)))
    app.start()
    qtbot.waitUntil(lambda: bool(finished), timeout=30_000)
    assert finished[0] == (True, "")
    return app


def _data_hidden(app: DesktopApp) -> bool:
    return app.lock.screen.isVisible() and app.window.centralWidget().isHidden()


def test_idle_locks_the_window_and_the_password_unlocks_it_offline(
    qtbot, org_server, rep_a_profile, make_app, tmp_path
):
    org, server = org_server
    app = _started(qtbot, make_app(rep_a_profile))
    assert not app.lock.locked and app.window.centralWidget().isVisible()
    assert app.lock._idle.interval() == 15 * 60_000  # the organisation's default
    app.lock.idle_ms_override = 300  # a short idle time for the test
    app.lock.reload_policy()
    qtbot.waitUntil(lambda: app.lock.reason == IDLE, timeout=10_000)
    assert _data_hidden(app) and not app.window.menuBar().isEnabled()

    # Sync keeps running while locked: an office change arrives in the hidden window's replica.
    cid = sorted(org.customers["N1"])[0]
    admin = Laptop(tmp_path / "admin.sqlite3", server.url, "admin").login()
    admin.sync()
    with admin.write() as w:
        w.update("customer", cid, {"notes": "changed in the office"})
    admin.sync()
    admin.engine.transport.close()
    with qtbot.waitSignal(app.syncFinished, timeout=30_000) as done:
        app.sync_now()
    assert done.args == [True, ""] and app.lock.reason == IDLE
    customers = TABLES["customer"]
    with app.ui_db.session() as s:
        assert s.scalar(select(customers.c.notes).where(customers.c.id == cid)) == "changed in the office"

    server.stop()  # offline from here: the password is checked against the local verifier
    app.lock.screen.password.setText("not it")
    app.lock.screen.unlock_button.click()
    assert (
        app.lock.reason == IDLE
        and "4 more attempts before the local data locks" in app.lock.screen.error.text()
    )
    app.lock.screen.password.setText(PASSWORD)
    app.lock.screen.unlock_button.click()
    assert not app.lock.locked and app.window.centralWidget().isVisible() and not app.lock.screen.isVisible()
    assert unlock.failures(app.ui_db) == 0


def test_waking_from_sleep_locks(qtbot, org_server, rep_a_profile, make_app):
    app = _started(qtbot, make_app(rep_a_profile))
    assert not app.lock.locked
    lock = app.lock
    wall, mono = lock._wall, lock._mono
    lock.check_clock(wall + 15, mono + 15)  # an ordinary tick
    assert not lock.locked
    lock.check_clock(wall + 15 + 3600, mono + 30)  # an hour passed on the wall clock only: it slept
    assert lock.reason == IDLE and _data_hidden(app)


def test_five_wrong_passwords_lock_the_data_until_an_online_login(qtbot, org_server, rep_a_profile, make_app):
    app = _started(qtbot, make_app(rep_a_profile))
    app.lock.lock_now()
    screen = app.lock.screen
    for n in range(unlock.MAX_TRIES):
        screen.password.setText(f"guess {n}")
        screen.unlock_button.click()
    assert app.lock.reason == LOCKOUT and _data_hidden(app)
    assert screen.sign_in_button.isVisible() and not screen.password.isVisible()
    assert app.lock.try_password(PASSWORD) == unlock.LOCKED_OUT  # even the right one, now

    # It survives a restart: the count is in the encrypted replica.
    app.shutdown()
    again = _started(qtbot, make_app(rep_a_profile))
    assert again.lock.reason == LOCKOUT and _data_hidden(again)
    assert again.window.isVisible()
    again.lock.screen.sign_in_button.click()
    dialog = again.login_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(again.syncFinished, timeout=30_000):
        dialog.login_button.click()
    assert not again.lock.locked and again.window.centralWidget().isVisible()


def _days_ago(days: float) -> str:
    return (datetime.now(timezone.utc) - timedelta(days=days)).isoformat()


def test_an_expired_lease_locks_until_a_sync_which_pushes_the_queued_edits_first(
    qtbot, org_server, rep_a_profile, make_app, sqlite_store
):
    org, _server = org_server
    from local_db.replica import open_replica

    db = open_replica(rep_a_profile.db_path)
    cid = sorted(org.customers["N1"])[0]
    with db.session() as s:
        LocalWriter.for_owner(s).update("customer", cid, {"notes": "typed on the road"})
    db.set_state(LAST_SYNC, _days_ago(31))  # the default lease is 30 days
    db.close()

    app = make_app(rep_a_profile)
    finished: list = []
    app.syncFinished.connect(lambda ok, message: finished.append(ok))
    app.start()
    assert app.lock.reason == LEASE and _data_hidden(app), "locked before the first sync is back"
    assert "30 days" in app.lock.screen.message.text() and app.lock.screen.sync_button.isVisible()
    qtbot.waitUntil(lambda: bool(finished), timeout=30_000)
    assert finished[0] is True
    assert not app.lock.locked and app.window.centralWidget().isVisible()
    assert server_row(sqlite_store, "customer", cid)["notes"] == "typed on the road"


def test_the_status_bar_counts_down_the_last_days_of_the_lease(qtbot, org_server, rep_a_profile, make_app):
    from local_db.replica import open_replica

    db = open_replica(rep_a_profile.db_path)
    db.set_state(LAST_SYNC, _days_ago(27.5))
    db.close()
    app = make_app(rep_a_profile)
    app.start()  # the window opens before the sync; the countdown shows at once
    assert not app.lock.locked
    assert app.lock.countdown.isVisibleTo(app.window)
    assert app.lock.countdown.text() == "Sync within 3 days, or local data locks"


def test_the_clock_tick_reads_nothing_from_the_database_and_a_typed_password_does(qtbot, rep_a_profile):
    from sqlalchemy import event

    from desktop.app_lock import AppLock
    from local_db.replica import open_replica

    db = open_replica(rep_a_profile.db_path)
    db.set_state(LAST_SYNC, _days_ago(31))  # read when the lock starts: the lease has run out
    lock = AppLock(db)
    try:
        assert lock.reason == LEASE
        statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        for _ in range(3):
            lock.check_clock()  # the 15-second tick: the cached state decides
        assert statements == [] and lock.reason == LEASE

        lock.try_password("not the password")  # counted in the database, and read back at once
        assert statements and unlock.tries_left(db) == unlock.MAX_TRIES - 1
        db.set_state(LAST_SYNC, _days_ago(0))
        lock.synced()  # what the app calls after every successful sync
        assert lock.reason is None
        statements.clear()
        lock.check_clock()
        assert statements == [] and lock.reason is None
    finally:
        lock.close()
        db.close()
