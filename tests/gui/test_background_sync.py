"""Background sync in the running app: it syncs by itself, shows what is pending, and brings
sync issues to the rep (issue 3, item 7). Real app, real server, real SQLite, offscreen Qt.

Intervals are shortened through ``SyncController.default_timings`` so the whole cycle
(offline, backoff, probing, server back, sync) runs in seconds.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import select

from desktop.app import DesktopApp
from desktop.sync_controller import SyncController, SyncTimings, backoff_ms
from local_db.db import LocalDb
from local_db.replica import open_replica
from local_db.tables import TABLES
from local_db.writes import LocalWriter
from server.runner import ServerThread
from sync.credentials import CredentialStore
from tests.factories import build_org
from tests.sync.helpers import Laptop, draft_quote, server_row
from ui.conflict_dialog import ConflictDialog
from ui.main_window import CUSTOMERS, MainWindow
from ui.status_bar import StatusBar
from ui.support.tasks import TaskRunner
from ui.sync_hooks import notify_local_change
from ui.sync_issues import COLUMNS, RejectionDialog

FAST = SyncTimings(
    after_write_ms=150,
    period_ms=600_000,
    backoff_first_ms=150,
    backoff_max_ms=600,
    probe_max_ms=300,
    jitter=0.2,
)


@pytest.fixture
def fast(monkeypatch):
    monkeypatch.setattr(SyncController, "default_timings", FAST)
    return FAST


@pytest.fixture
def make_app(new_app):
    return lambda profile=None, language="en": new_app(language, profile=profile)


@pytest.fixture
def laptops(tmp_path):
    made: list[Laptop] = []

    def make(url: str, user: str) -> Laptop:
        lap = Laptop(tmp_path / f"{user}.sqlite3", url, user).login()
        lap.sync()
        made.append(lap)
        return lap

    yield make
    for lap in made:
        lap.engine.transport.close()
        lap.db.close()


def started(qtbot, app: DesktopApp, ok: bool = True) -> DesktopApp:
    with qtbot.waitSignal(app.syncFinished, timeout=20_000) as first:
        app.start()
    assert first.args[0] is ok, first.args
    return app


def write(app: DesktopApp, entity: str, row_id: str, values: dict) -> None:
    """What a page does: one LocalWriter transaction, then the hook."""
    with app.ui_db.session() as s:
        LocalWriter.for_owner(s).update(entity, row_id, values)
    assert notify_local_change(app.window.customers_page), "the hook must find the main window"


# -- backoff -------------------------------------------------------------------------------------


def test_backoff_doubles_from_the_first_delay_up_to_the_cap_with_jitter():
    exact = [backoff_ms(n, 5_000, 600_000, 0.2, rand=lambda: 0.5) for n in range(1, 10)]
    assert exact == [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000]
    assert backoff_ms(1, 5_000, 600_000, 0.2, rand=lambda: 0.0) == 4_000
    assert backoff_ms(1, 5_000, 600_000, 0.2, rand=lambda: 0.999999) == 5_999
    assert backoff_ms(200, 5_000, 600_000, 0.2, rand=lambda: 0.5) == 600_000  # no overflow for long outages
    defaults = SyncTimings()
    assert (defaults.after_write_ms, defaults.period_ms) == (3_000, 300_000)
    assert (defaults.backoff_first_ms, defaults.backoff_max_ms) == (5_000, 600_000)


# -- the acceptance test of issue 3 --------------------------------------------------------------


def test_offline_change_is_pending_and_syncs_by_itself_when_the_server_is_back(
    qtbot, org_server, sqlite_store, rep_a_profile, make_app, fast
):
    org, server = org_server
    port = server.port
    server.stop()  # the rep is on the road
    app = started(qtbot, make_app(rep_a_profile), ok=False)
    status = app.window.status
    assert "Offline" in status.online_label.text()
    assert status.pending == 0 and status.pending_label.text() == "All changes sent"

    cid = sorted(org.customers["N1"])[0]
    write(app, "customer", cid, {"phone": "0571-12345678"})
    assert status.pending == 1 and status.pending_label.text() == "Changes to send: 1"
    assert not status.issues_button.isVisible()

    # Nobody presses anything: the app keeps looking for the server, backing off.
    controller = app.controller
    qtbot.waitUntil(lambda: controller.probes >= 3 and controller.retry_pending, timeout=10_000)
    assert status.pending == 1 and "Offline" in status.online_label.text()
    assert controller.failures >= 3 and controller.retry_mode == "probe"

    back = ServerThread(sqlite_store, port=port).start()  # the same server comes back
    try:
        qtbot.waitUntil(lambda: status.pending == 0, timeout=20_000)
        assert server_row(sqlite_store, "customer", cid)["phone"] == "0571-12345678"
        assert "Server reachable" in status.online_label.text()
        assert status.pending_label.text() == "All changes sent"
        assert status.last_sync_label.text() == "Last sync: just now"
        assert not status.error_label.isVisible()
        assert app.controller.failures == 0 and not app.controller.retry_pending
    finally:
        app.shutdown()
        back.stop()


def test_a_burst_of_local_writes_is_one_sync_a_moment_later(
    qtbot, org_server, sqlite_store, rep_a_profile, make_app, fast
):
    org, _server = org_server
    app = started(qtbot, make_app(rep_a_profile))
    reports = []
    app.controller.synced.connect(reports.append)
    ids = sorted(org.customers["N1"])
    for i, cid in enumerate(ids):
        write(app, "customer", cid, {"notes": f"note {i}"})
    assert app.window.status.pending == len(ids)
    assert reports == [], "the sync waits for a quiet moment after the writes"
    qtbot.waitUntil(lambda: app.window.status.pending == 0, timeout=10_000)
    assert [r.pushed for r in reports] == [len(ids)]
    assert [server_row(sqlite_store, "customer", c)["notes"] for c in ids] == [
        f"note {i}" for i in range(len(ids))
    ]


def test_it_syncs_periodically_while_online(qtbot, org_server, rep_a_profile, make_app, monkeypatch):
    monkeypatch.setattr(SyncController, "default_timings", SyncTimings(period_ms=200))
    app = started(qtbot, make_app(rep_a_profile))
    reports = []
    app.controller.synced.connect(reports.append)
    qtbot.waitUntil(lambda: len(reports) >= 2, timeout=10_000)
    assert all(r.pushed == 0 for r in reports)


def test_a_server_that_answers_with_errors_is_retried_with_backoff_not_probed(
    qtbot, org_server, rep_a_profile, make_app, fast, monkeypatch
):
    import desktop.sync_controller as controller_module
    from sync.engine import SyncEngine
    from sync.transport import ServerTrouble

    calls = []
    delays = []  # what the controller scheduled: wall-clock gaps would measure the machine's load

    def troubled(self, progress=None, **_kw):
        calls.append(datetime.now(timezone.utc))
        raise ServerTrouble(503, "database busy")

    def recorded_backoff(*args, **kwargs):
        delays.append(backoff_ms(*args, **kwargs))
        return delays[-1]

    monkeypatch.setattr(SyncEngine, "sync", troubled)
    monkeypatch.setattr(controller_module, "backoff_ms", recorded_backoff)
    app = started(qtbot, make_app(rep_a_profile), ok=False)
    qtbot.waitUntil(lambda: len(calls) >= 4, timeout=30_000)
    assert app.controller.probes == 0, "the server answered: retry the sync itself"
    assert app.controller.online is True
    assert "trouble" in app.window.status.error_label.text()
    assert len(delays) >= 3
    assert delays[-1] > delays[0], "each retry waits longer"
    assert max(delays) <= FAST.backoff_max_ms * (1 + FAST.jitter), "and never longer than the cap"


# -- progress ------------------------------------------------------------------------------------


def test_an_automatic_sync_shows_progress_only_when_it_takes_long(qtbot, english):
    bar = StatusBar()
    qtbot.addWidget(bar)
    bar.show()
    bar._long.setInterval(100)
    bar.set_busy(True, quiet=True)
    assert not bar.progress.isVisible()
    qtbot.waitUntil(bar.progress.isVisible, timeout=2000)
    bar.set_busy(False)
    assert not bar.progress.isVisible()
    bar.set_busy(True, quiet=True)
    bar.set_busy(False)  # a quick one: never shown
    qtbot.wait(200)
    assert not bar.progress.isVisible() and not bar.activity_label.isVisible()
    bar.set_busy(True)  # one the user asked for: at once
    assert bar.progress.isVisible()


# -- reloading keeps the user's place ------------------------------------------------------------


def test_reloading_after_a_sync_keeps_scroll_position_and_selection(
    qtbot, tmp_path, sqlite_store, live_server, english
):
    org = build_org(sqlite_store, per_territory=320)
    server = live_server(sqlite_store)
    lap = Laptop(tmp_path / "rep_a.sqlite3", server.url, "rep_a").login()
    lap.sync()
    db = LocalDb(tmp_path / "rep_a.sqlite3", key=lap.db.key)  # a second connection on the encrypted replica
    try:
        window = MainWindow(db, role="rep", display_name="Rep A", language="en", runner=TaskRunner())
        qtbot.addWidget(window)
        window.show()
        window.show_area(CUSTOMERS)
        page = window.customers_page
        view, model = page.table, page.model
        while model.rowCount() < 300 and model.canFetchMore():
            model.fetchMore()
        view.selectRow(260)
        view.scrollTo(model.index(250, 0), view.ScrollHint.PositionAtTop)
        chosen, top = model.row(260)["id"], model.row(view.indexAt(QPoint(1, 1)).row())["id"]
        assert model.rowCount() > model.PAGE_SIZE
        # something changes a customer above the user's place, then the lists reload
        with lap.write() as w:
            w.update("customer", model.row(3)["id"], {"notes": "changed elsewhere"})
        window.refresh()
        selected = [model.row(i.row())["id"] for i in view.selectionModel().selectedRows()]
        assert selected == [chosen]
        assert model.row(view.indexAt(QPoint(1, 1)).row())["id"] == top
        assert view.verticalScrollBar().value() > 0
        assert len(org.customers["N1"]) == model.total
    finally:
        lap.engine.transport.close()
        lap.db.close()
        db.close()


# -- sync issues ---------------------------------------------------------------------------------


def visit_of(app: DesktopApp) -> tuple[str, str]:
    v, c = TABLES["visit"], TABLES["customer"]
    with app.ui_db.session() as s:
        row = s.execute(select(v.c.id, c.c.name).join(c, c.c.id == v.c.customer_id).order_by(v.c.id)).first()
    return row[0], row[1]


def test_a_real_conflict_reaches_the_status_bar_and_the_rep_decides_in_the_dialogs(
    qtbot, org_server, sqlite_store, rep_a_profile, make_app, laptops, fast
):
    _org, server = org_server
    app = started(qtbot, make_app(rep_a_profile))
    status = app.window.status
    vid, customer = visit_of(app)
    admin = laptops(server.url, "admin")
    with admin.write() as w:  # the office changes the order amount first...
        w.update("visit", vid, {"order_amount": Decimal("150.00")})
    admin.sync()
    write(app, "visit", vid, {"order_amount": Decimal("120.00")})  # ...and the rep, offline, too

    qtbot.waitUntil(lambda: status.issue_count == 1, timeout=15_000)
    assert status.issues_button.isVisible() and status.issues_button.text() == "⚠ Sync issues: 1"
    assert status.pending == 0

    qtbot.mouseClick(status.issues_button, Qt.MouseButton.LeftButton)
    issues = status.issues_dialog
    assert issues is not None and issues.isVisible()
    assert issues.model.rowCount() == 1
    cells = {c.key: issues.model.index(0, i).data() for i, c in enumerate(COLUMNS)}
    assert cells["entity"] == "Visit" and cells["customer"] == customer
    assert cells["what"] == "Needs your decision"
    assert (
        cells["details"] == "Someone else changed Order amount at the same time. Choose which value to keep."
    )
    assert cells["record"]  # the visit's date

    dialog = issues.open_selected()
    assert isinstance(dialog, ConflictDialog) and dialog.isVisible()
    assert dialog.heading.text().startswith(f"Visit · {customer}")
    row = [dialog.grid.itemAtPosition(1, c).widget().text() for c in range(4)]
    assert row == ["Order amount", "¥100.50", "¥150.00", "¥120.00"]
    assert not dialog.apply_button.isEnabled(), "a person must choose"
    dialog.mine_buttons["order_amount"].click()
    assert dialog.apply_button.isEnabled()
    dialog.apply_button.click()

    assert not dialog.isVisible()
    assert status.issue_count == 0 and not status.issues_button.isVisible()
    assert issues.stack.currentWidget() is issues.empty
    assert status.pending == 1, "my value is queued as a new change"
    qtbot.waitUntil(lambda: status.pending == 0, timeout=15_000)
    assert server_row(sqlite_store, "visit", vid)["order_amount"] == "120.00"
    assert status.issue_count == 0


def test_a_rejected_change_is_shown_with_the_reps_values_and_can_be_edited_and_retried(
    qtbot, org_server, sqlite_store, rep_a_profile, make_app, laptops, fast
):
    org, server = org_server
    app = started(qtbot, make_app(rep_a_profile))
    status = app.window.status
    cid = sorted(org.customers["N1"])[0]
    with app.ui_db.session() as s:
        vid = LocalWriter.for_owner(s).insert(
            "visit", {"customer_id": cid, "rep_id": org.users["rep_a"], "status": "planned"}
        )
    notify_local_change(app.window)
    qtbot.waitUntil(lambda: status.pending == 0, timeout=15_000)
    sup = laptops(server.url, "sup_n")
    with sup.write() as w:  # the supervisor cancels the visit while the rep starts it
        w.update("visit", vid, {"status": "cancelled"})
    sup.sync()
    arrived = datetime(2026, 3, 9, 1, 10, tzinfo=timezone.utc)
    write(app, "visit", vid, {"status": "in_progress", "check_in_at": arrived, "notes": "arrived 9:10"})
    qtbot.waitUntil(lambda: status.issue_count == 1, timeout=15_000)

    issues = status.open_issues()
    cells = {c.key: issues.model.index(0, i).data() for i, c in enumerate(COLUMNS)}
    assert cells["what"] == "Not accepted"
    assert (
        cells["details"]
        == "This status change is not possible from the record's current status on the server."
    )
    dialog = issues.open_selected()
    assert isinstance(dialog, RejectionDialog)
    assert dialog.values() == {
        "status": "in_progress",
        "check_in_at": "2026-03-09T01:10:00.000000Z",
        "notes": "arrived 9:10",
    }
    server_now = {
        dialog.grid.itemAtPosition(r, 0).widget().text(): dialog.grid.itemAtPosition(r, 1).widget().text()
        for r in range(1, 4)
    }
    assert server_now == {"Status": "Cancelled", "Checked in": "(empty)", "Notes": "(empty)"}

    dialog.retry_button.click()  # as it was: the rules refuse it again, nothing is lost
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text() == (
        "Not sent: This status change is not possible from the record's current status on the server."
    )
    assert dialog.editors["status"].widget.styleSheet(), "the refused field is marked"
    assert status.issue_count == 1

    dialog.include["status"].setChecked(False)  # edit: keep only the notes
    dialog.retry_button.click()
    assert not dialog.isVisible()
    assert status.issue_count == 0 and status.pending == 1
    qtbot.waitUntil(lambda: status.pending == 0, timeout=15_000)
    row = server_row(sqlite_store, "visit", vid)
    assert (row["status"], row["notes"], row["check_in_at"]) == (
        "cancelled",
        "arrived 9:10",
        "2026-03-09T01:10:00.000000Z",
    )


def test_discarding_a_rejected_new_record_asks_first(
    qtbot, org_server, sqlite_store, rep_a_profile, make_app, laptops, fast
):
    org, server = org_server
    app = started(qtbot, make_app(rep_a_profile))
    status = app.window.status
    admin = laptops(server.url, "admin")
    with admin.write() as w:
        w.insert("quote", draft_quote(sorted(org.customers["S1"])[0], org.users["admin"], "RA-2026-0900"))
    admin.sync()
    with app.ui_db.session() as s:
        qid = LocalWriter.for_owner(s).insert(
            "quote", draft_quote(sorted(org.customers["N1"])[1], org.users["rep_a"], "RA-2026-0900")
        )
    notify_local_change(app.window)
    qtbot.waitUntil(lambda: status.issue_count == 1, timeout=15_000)

    dialog = status.open_issues().open_selected()
    assert isinstance(dialog, RejectionDialog) and dialog.values()["number"] == "RA-2026-0900"
    box = dialog.ask_discard()
    box.button(box.StandardButton.Cancel).click()
    assert dialog.isVisible() and status.issue_count == 1  # changed their mind: nothing happens
    box = dialog.ask_discard()
    dialog.confirm_discard_button.click()
    assert not dialog.isVisible()
    assert status.issue_count == 0
    with app.ui_db.session() as s:
        t = TABLES["quote"]
        assert s.scalar(select(t.c.id).where(t.c.id == qid)) is None
    assert server_row(sqlite_store, "quote", qid) is None


# -- verification and role changes ----------------------------------------------------------------


def _profile_for(server, user: str):
    from desktop import paths
    from desktop.paths import Profile
    from sync.engine import SyncEngine
    from tests.factories import PASSWORD

    profile = Profile(paths.profile_dir_for(server.url, user), server.url, user)
    db = open_replica(profile.db_path)
    engine = SyncEngine(db, server.url, user, CredentialStore())
    engine.login(PASSWORD)
    engine.pull()
    engine.transport.close()
    db.close()
    return profile


def test_background_sync_verifies_once_per_run_then_when_due_and_repairs_quietly(
    qtbot, org_server, rep_a_profile, make_app, monkeypatch
):
    monkeypatch.setattr(SyncController, "default_timings", SyncTimings(period_ms=600_000))
    org, _server = org_server
    app = started(qtbot, make_app(rep_a_profile))
    controller = app.controller
    first = controller.last_report
    assert first.verified and first.repaired == [] and controller.verifications == 1
    with qtbot.waitSignal(app.syncFinished, timeout=20_000):
        app.sync_now()
    assert not controller.last_report.verified, "not again within the interval"

    # A visit goes missing from the replica (e.g. a bug, a restored backup)…
    visits = TABLES["visit"]
    cid = sorted(org.customers["N1"])[0]
    with app.ui_db.session() as s:
        victim = s.scalar(select(visits.c.id).where(visits.c.customer_id == cid).limit(1))
        s.execute(visits.delete().where(visits.c.id == victim))
    # …and the interval has passed: the next background sync finds and repairs that bucket only.
    controller.verified_at -= controller.timings.verify_every_ms / 1000 + 1
    with qtbot.waitSignal(app.syncFinished, timeout=20_000) as done:
        app.sync_now()
    assert done.args == [True, ""]
    report = controller.last_report
    assert report.verified and report.repaired == [f"customers-{cid[-1]}"]
    assert controller.last_repair["buckets"] == report.repaired and controller.verifications == 2
    with app.ui_db.session() as s:
        assert s.scalar(select(visits.c.id).where(visits.c.id == victim)) == victim
    assert not app.window.status.error_label.isVisible()
    # Quiet, but not hidden: the last-sync tooltip tells support what happened.
    tip = app.window.status.last_sync_label.toolTip()
    assert "Local copy last checked against the server" in tip
    assert "part of the local copy was out of step with the server" in tip
    assert f"{report.repaired_rows} records of that part were downloaded again" in tip


def test_a_verification_keeps_an_edit_made_during_the_sync(
    qtbot, org_server, sqlite_store, rep_a_profile, make_app, monkeypatch, fast
):
    """An edit committed between the pull and the repair is neither lost nor hidden."""
    from sync.engine import SyncEngine

    org, _server = org_server
    app = started(qtbot, make_app(rep_a_profile))
    cid = sorted(org.customers["N1"])[0]
    visits = TABLES["visit"]
    with app.ui_db.session() as s:
        s.execute(visits.delete().where(visits.c.customer_id == cid))  # damage: the bucket needs repair
    original = SyncEngine.verify_and_repair

    def edit_first(self, report=None, progress=None):
        with app.ui_db.session() as s:  # the window writes while the worker is about to repair
            LocalWriter.for_owner(s).update("customer", cid, {"notes": "typed during the sync"})
        return original(self, report, progress)

    monkeypatch.setattr(SyncEngine, "verify_and_repair", edit_first)
    app.controller.verified_at = None  # due now
    with qtbot.waitSignal(app.syncFinished, timeout=20_000):
        app.sync_now()
    assert app.controller.last_report.repaired == [f"customers-{cid[-1]}"]
    monkeypatch.setattr(SyncEngine, "verify_and_repair", original)
    with app.ui_db.session() as s:
        notes = s.scalar(select(TABLES["customer"].c.notes).where(TABLES["customer"].c.id == cid))
    assert notes == "typed during the sync"
    assert app.window.status.pending == 1
    with qtbot.waitSignal(app.syncFinished, timeout=20_000):
        app.sync_now()
    assert app.window.status.pending == 0
    assert server_row(sqlite_store, "customer", cid)["notes"] == "typed during the sync"


def test_a_role_change_shows_the_new_areas_and_brings_the_new_scope(
    qtbot, org_server, sqlite_store, make_app, data_dir, memory_keyring
):
    from server import org as server_org
    from tests.factories import PASSWORD
    from ui.main_window import ADMIN, REVIEW

    org, server = org_server
    profile = _profile_for(server, "sup_n")
    app = started(qtbot, make_app(profile))
    assert REVIEW in app.window.pages and ADMIN not in app.window.pages
    south = set(org.customers["S1"])
    customers = TABLES["customer"]

    def local_customers() -> set[str]:
        with app.ui_db.session() as s:
            return set(s.scalars(select(customers.c.id)))

    assert not south & local_customers()
    with sqlite_store.session() as s:
        server_org.update_user(s, "sup_n", {"role": "admin"})  # signs sup_n out everywhere
    app.sync_now()
    qtbot.waitUntil(lambda: app.login_dialog is not None and app.login_dialog.isVisible(), timeout=10_000)
    app.login_dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(app.syncFinished, timeout=30_000) as finished:
        app.login_dialog.login_button.click()
    assert finished.args == [True, ""]
    window = app.window
    assert ADMIN in window.pages, "the administration area appears without restarting the app"
    assert window.isVisible() and app.login_dialog is None
    assert south <= local_customers(), "the whole organisation arrived"
    report = app.controller.last_report
    assert report.rescoped and report.repaired
    laptop = Laptop(profile.db_path, server.url, "sup_n")
    try:
        assert laptop.engine.verify() == []
    finally:
        laptop.engine.transport.close()
        laptop.db.close()
