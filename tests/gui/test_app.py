"""The application's wiring end to end: login dialog, background login and sync, status bar."""

from __future__ import annotations

import threading

import pytest
import requests
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from desktop.app import DesktopApp
from desktop.settings import Settings
from local_db.writes import pending_count
from sync.contract import API_PREFIX, PROTOCOL_HEADER, PROTOCOL_VERSION, SCHEMA_HEADER, SCHEMA_VERSION
from sync.engine import SyncEngine
from tests.factories import PASSWORD
from tests.sync.helpers import Laptop


@pytest.fixture
def make_app(new_app):
    return new_app


def remember(profile) -> None:
    """The profile kept in the settings, as after an earlier session: the next start opens it."""
    settings = Settings.load()
    settings.remember_profile(profile)
    settings.save()


def started_and_synced(qtbot, profile, make_app) -> DesktopApp:
    """The app started on a remembered profile, after its first background sync."""
    remember(profile)
    app = make_app()
    app.start()
    with qtbot.waitSignal(app.syncFinished, timeout=20_000):
        pass
    return app


def log_in(qtbot, app: DesktopApp, url: str, username: str, password: str) -> None:
    dialog = app.login_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.server.setText(url)
    dialog.username.setText(username)
    dialog.password.setText(password)
    dialog.login_button.click()


def test_first_start_logs_in_in_the_background_then_syncs(qtbot, org_server, make_app):
    org, server = org_server
    app = make_app()
    app.start()
    assert app.window is None, "no profile yet: the login dialog comes first"

    log_in(qtbot, app, server.url, "rep_a", "wrong password")
    qtbot.waitUntil(lambda: app.login_dialog.error.isVisible(), timeout=10_000)
    assert app.login_dialog.error.text() == "Wrong username or password."
    assert app.window is None

    # Record from before the click: the first sync may finish while the test is still waiting for
    # the window, and a waitSignal opened afterwards would miss it.
    finished: list[tuple[bool, str]] = []
    app.syncFinished.connect(lambda ok, message: finished.append((ok, message)))
    log_in(qtbot, app, server.url, "rep_a", PASSWORD)
    qtbot.waitUntil(lambda: app.window is not None and bool(finished), timeout=30_000)
    assert finished[0] == (True, "")
    window = app.window
    assert window.customers_page.model.rowCount() == len(org.customers["N1"])
    status = window.status
    assert "rep_a" in status.user_label.text() and "Sales rep" in status.user_label.text()
    assert status.last_sync_label.text() == "Last sync: just now"
    assert "Server reachable" in status.online_label.text()
    assert not status.progress.isVisible()
    assert app.login_dialog is None
    # The attachment screens reach the server's copies through the signed-in sync engine.
    cache = window.attachment_files()
    assert cache.engine is app.controller.engine() and cache.db is app.ui_db

    settings = Settings.load()
    assert settings.last_username == "rep_a" and settings.last_server_url == server.url


def test_login_errors_are_shown_in_the_users_language(qtbot, org_server, make_app):
    _org, server = org_server
    app = make_app("zh_CN")
    app.start()
    log_in(qtbot, app, server.url, "rep_a", "wrong password")
    qtbot.waitUntil(lambda: app.login_dialog.error.isVisible(), timeout=10_000)
    assert app.login_dialog.error.text() == "用户名或密码错误。"

    closed = server.url.rsplit(":", 1)[0] + ":9"  # nothing listens on the discard port
    log_in(qtbot, app, closed, "rep_a", PASSWORD)
    qtbot.waitUntil(lambda: app.login_dialog.error.text().startswith("无法连接服务器"), timeout=15_000)


def test_next_start_opens_local_data_at_once_even_offline(qtbot, org_server, rep_a_profile, make_app):
    org, server = org_server
    remember(rep_a_profile)
    server.stop()  # the laptop is offline today

    app = make_app()
    app.start()
    assert app.window is not None, "the window opens from local data without the network"
    assert app.window.customers_page.model.rowCount() == len(org.customers["N1"])
    assert app.window.status.last_sync_label.text().startswith("Last sync:")
    with qtbot.waitSignal(app.syncFinished, timeout=20_000) as finished:
        pass
    assert finished.args[0] is False
    assert "Offline" in app.window.status.online_label.text()
    assert not app.window.status.error_label.isVisible(), "offline is a state, not an error"
    assert "cannot be reached" in app.window.status.online_label.toolTip()
    assert app.window.customers_page.model.rowCount() == len(org.customers["N1"])


def test_sync_centre_lists_what_waits_offline_and_calls_offline_no_error(
    qtbot, org_server, rep_a_profile, make_app
):
    """Issue 16.3: offline with 2 pending, the sync centre lists them and does not claim success."""
    org, server = org_server
    remember(rep_a_profile)
    lap = Laptop(rep_a_profile.db_path, server.url, "rep_a")
    first, second = sorted(org.customers["N1"])[:2]
    with lap.write() as w:
        w.update("customer", first, {"phone": "0571-88886666"})
        w.update("customer", second, {"notes": "Gate code 4711"})
    names = {cid: lap.row("customer", cid)["name"] for cid in (first, second)}
    lap.db.close()
    server.stop()

    app = make_app()
    app.start()
    with qtbot.waitSignal(app.syncFinished, timeout=20_000):
        pass
    window = app.window
    assert not window.status.error_label.isVisible()
    assert "Offline" in window.status.online_label.text()
    assert "#dc2626" not in window.status.online_label.text(), "no red dot for being offline"
    window.issues_action.trigger()
    dialog = window.status.issues_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.tabs.currentWidget() is dialog.pending_stack
    assert dialog.tabs.tabText(0) == "Waiting to be sent (2)" and dialog.tabs.tabText(1) == "Issues (0)"
    model = dialog.pending_model
    titles = [c.title for c in model.columns]
    rows = [{t: model.index(r, i).data() for i, t in enumerate(titles)} for r in range(model.rowCount())]
    assert [(r["Customer"], r["Change"], r["Fields changed"]) for r in rows] == [
        (names[first], "Edit", "Phone"),
        (names[second], "Edit", "Notes"),
    ]
    assert all(r["Waiting since"] for r in rows)
    state = dialog.state.text()
    assert state.startswith("Offline") and "2 changes wait here" in state
    assert "accepted" not in state and "Everything is sent" not in state
    assert "#dc2626" not in dialog.state.styleSheet()


def test_sync_runs_on_a_worker_thread_and_the_window_stays_responsive(
    qtbot, org_server, rep_a_profile, make_app, monkeypatch
):
    org, _server = org_server
    remember(rep_a_profile)

    gate = threading.Event()
    sync_threads: list[int] = []
    original = SyncEngine.sync

    def slow_sync(self, progress=None, **kw):
        sync_threads.append(threading.get_ident())
        assert gate.wait(15), "the test never released the sync"
        return original(self, progress, **kw)

    monkeypatch.setattr(SyncEngine, "sync", slow_sync)
    app = make_app()
    app.start()
    window = app.window
    qtbot.waitUntil(lambda: bool(sync_threads), timeout=10_000)
    assert sync_threads[0] != threading.get_ident(), "sync must not run on the UI thread"
    assert window.status.progress.isVisible() and not window.sync_action.isEnabled()

    # While the sync is blocked, the UI thread keeps handling timers and typing.
    ticks: list[int] = []
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    qtbot.keyClicks(window.customers_page.search, "C00003")
    qtbot.waitUntil(lambda: len(ticks) >= 5 and window.customers_page.model.rowCount() == 1, timeout=5000)
    timer.stop()

    delivered_on: list[bool] = []
    app.controller.synced.connect(
        lambda _r: delivered_on.append(QApplication.instance().thread().isCurrentThread())
    )
    gate.set()
    with qtbot.waitSignal(app.syncFinished, timeout=20_000):
        pass
    assert delivered_on == [True], "results come back on the UI thread"
    assert not window.status.progress.isVisible() and window.sync_action.isEnabled()


def test_sync_now_action_syncs_again(qtbot, org_server, rep_a_profile, make_app):
    remember(rep_a_profile)
    app = make_app()
    app.start()
    with qtbot.waitSignal(app.syncFinished, timeout=20_000):
        pass
    with qtbot.waitSignal(app.syncFinished, timeout=20_000) as again:
        app.window.sync_action.trigger()
    assert again.args == [True, ""]


def test_lost_session_asks_for_the_password_again(qtbot, org_server, rep_a_profile, make_app, memory_keyring):
    _org, server = org_server
    remember(rep_a_profile)
    for entry in [e for e in memory_keyring.store if not e[1].startswith("replica-key:")]:
        del memory_keyring.store[entry]  # e.g. the token was revoked and forgotten (the replica's key stays)

    app = make_app()
    app.start()
    assert app.window is not None
    qtbot.waitUntil(lambda: app.login_dialog is not None and app.login_dialog.isVisible(), timeout=5000)
    assert app.login_dialog.server.isReadOnly() and app.login_dialog.username.text() == "rep_a"
    app.login_dialog.password.setText(PASSWORD)
    app.login_dialog.login_button.click()
    with qtbot.waitSignal(app.syncFinished, timeout=20_000) as finished:
        pass
    assert finished.args == [True, ""]


def test_enter_after_a_failed_login_tries_again_and_never_cancels(qtbot, org_server, make_app):
    """Issue 16.1: while checking, Login is disabled; Cancel must not become the default button."""
    _org, server = org_server
    app = make_app()
    app.start()
    dialog = app.login_dialog
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    closed = server.url.rsplit(":", 1)[0] + ":9"  # nothing listens on the discard port
    attempts: list[str] = []
    dialog.loginRequested.connect(lambda url, _user, _pw: attempts.append(url))
    rejected: list[bool] = []
    dialog.rejected.connect(lambda: rejected.append(True))
    for url, password in ((server.url, "wrong password"), (closed, PASSWORD)):
        dialog.server.setText(url)
        dialog.username.setText("rep_a")
        dialog.password.setText(password)
        dialog.password.setFocus()
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=15_000)
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).isDefault()
        # Enter on whatever has the focus now means "try again", never "cancel"
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Return)
        assert dialog.isVisible() and not rejected
        assert app.login_dialog is dialog
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=15_000)
    assert attempts == [server.url, server.url, closed, closed]
    assert app.window is None and app.login_dialog is dialog


def test_sign_out_keeps_unsent_changes_warns_and_lets_another_user_log_in(
    qtbot, org_server, rep_a_profile, make_app
):
    """Issue 16.13: File ▸ Sign out / switch user."""
    org, server = org_server
    app = started_and_synced(qtbot, rep_a_profile, make_app)
    window = app.window
    customer = sorted(org.customers["N1"])[0]
    lap = Laptop(rep_a_profile.db_path, server.url, "rep_a")
    with lap.write() as w:
        w.update("customer", customer, {"phone": "0571-12345678"})
    box = window.sign_out()
    assert box is not None and box.isVisible(), "one unsent change: the rep is told before signing out"
    assert box.text().startswith("1 change made on this computer not yet sent")
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert app.window is window and window.isVisible()

    tokens = app.credentials.load(server.url, "rep_a")
    box = window.sign_out()
    box.buttonClicked.emit(window.sign_out_button)
    qtbot.waitUntil(lambda: app.window is None and app.login_dialog is not None, timeout=10_000)
    dialog = app.login_dialog
    assert dialog.isVisible() and not dialog.username.isReadOnly()
    assert app.credentials.load(server.url, "rep_a") is None, "the session is forgotten"
    # ... and ended on the server, in the background: a copy of the refresh token is worthless.
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=15_000)
    renewed = requests.post(
        f"{server.url}{API_PREFIX}/auth/refresh",
        json={"refresh_token": tokens.refresh_token},
        headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION), SCHEMA_HEADER: str(SCHEMA_VERSION)},
        timeout=10,
    )
    assert renewed.status_code == 401, renewed.text
    with lap.db.session() as s:
        assert pending_count(s) == 1, "the unsent change stays on this computer"
    lap.db.close()

    log_in(qtbot, app, server.url, "rep_b", PASSWORD)
    qtbot.waitUntil(
        lambda: app.window is not None and "rep_b" in app.window.status.user_label.text(), timeout=20_000
    )
    assert app.profile.username == "rep_b"


def test_signing_out_closes_the_connection_it_ends_the_session_with(
    qtbot, org_server, rep_a_profile, make_app, monkeypatch
):
    """The background request that ends the session on the server closes its HTTP
    connection pool afterwards, told or not: a sign-out leaves no socket behind."""
    import desktop.app as app_module
    from sync.transport import Transport

    made: list = []

    class Recorded(Transport):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.closed, self.paths = False, []
            made.append(self)

        def post(self, path, body, token=None):
            self.paths.append(path)
            return super().post(path, body, token)

        def close(self):
            self.closed = True
            super().close()

    _org, server = org_server
    app = started_and_synced(qtbot, rep_a_profile, make_app)
    monkeypatch.setattr(app_module, "Transport", Recorded)
    app.sign_out()
    qtbot.waitUntil(lambda: app.window is None and not app.runner.busy, timeout=15_000)
    ended = [t for t in made if "/auth/logout" in t.paths]
    assert len(ended) == 1 and ended[0].closed


def test_a_lost_replica_key_is_explained_and_a_fresh_copy_is_downloaded(
    qtbot, org_server, rep_a_profile, make_app, memory_keyring
):
    from PySide6.QtWidgets import QLabel

    org, server = org_server
    remember(rep_a_profile)
    for entry in [e for e in memory_keyring.store if e[1].startswith("replica-key:")]:
        del memory_keyring.store[entry]  # a reset keyring, a new OS profile

    app = make_app()
    app.start()  # no traceback: a message, and the login dialog
    assert app.window is None
    dialog = app.login_dialog
    assert dialog is not None and dialog.isVisible()
    assert "no longer has the key" in app.replica_notice
    assert any(app.replica_notice == label.text() for label in dialog.findChildren(QLabel))
    (aside,) = rep_a_profile.dir.glob("fieldsales.sqlite3.locked-*[0-9TZ]")
    assert aside.name in app.replica_notice and aside.stat().st_size > 0  # kept, not deleted
    assert dialog.username.text() == "rep_a" and dialog.server.text() == server.url

    finished: list[tuple[bool, str]] = []
    app.syncFinished.connect(lambda ok, message: finished.append((ok, message)))
    dialog.password.setText(PASSWORD)
    dialog.login_button.click()
    qtbot.waitUntil(lambda: app.window is not None and bool(finished), timeout=30_000)
    assert finished[0] == (True, "")
    assert app.window.customers_page.model.rowCount() == len(org.customers["N1"])
