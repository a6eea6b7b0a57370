"""One run of the desktop application: wiring of local database, sync and windows.

``DesktopApp`` decides what opens (the last profile's window, or the login dialog), owns
the task runner, the credential store and the sync controller, and forwards the
controller's news to whichever main window is current. The widgets stay ignorant of
sync and HTTP; the controller stays ignorant of widgets.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QTimer, Signal, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from desktop import paths
from desktop.app_lock import AppLock
from desktop.paths import Profile
from desktop.settings import DEFAULT_SERVER_URL, Settings, allow_insecure, apply_transport_settings
from desktop.sync_controller import SyncController, parse_last_sync
from local_db import org_settings as local_org_settings
from local_db.db import LocalDb
from local_db.replica import ReplicaError, ReplicaKeyLost, ReplicaKeys, open_replica, set_aside, wipe
from sync.credentials import CredentialStore, Tokens
from sync.engine import (
    DISPLAY_NAME,
    LAST_REPAIR,
    LAST_SYNC,
    LAST_VERIFY,
    ROLE,
    SERVER_URL,
    USERNAME,
    SyncReport,
    revoke_session,
)
from sync.release import ClientRelease
from sync.transport import InsecureServer, Transport
from sync.version import APP_VERSION
from ui.errors import describe_error
from ui.i18n import Translations, fill
from ui.icons import app_icon
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.style import apply_style
from ui.support.tasks import TaskRunner

log = logging.getLogger(__name__)
DISMISSED_UPDATE = "dismissed_update"  # Settings.extra: the announced version the user dismissed
translate = QCoreApplication.translate


def _quiet_offscreen_messages(mode, context, message: str) -> None:
    # The offscreen platform (screenshots, tests) warns about every dialog it cannot size
    # like a window manager would; that says nothing about the app, so it is dropped.
    if "propagateSizeHints" in message:
        return
    sys.stderr.write(message + "\n")


def create_qt_app(argv: list[str] | None = None) -> QApplication:
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        qInstallMessageHandler(_quiet_offscreen_messages)
    app = QApplication.instance() or QApplication(argv or ["fieldsales"])
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.ORG_NAME)
    app.setOrganizationDomain(paths.ORG_DOMAIN)
    app.setApplicationVersion(APP_VERSION)
    app.setDesktopFileName("fieldsales")  # Wayland/X11: the .desktop entry and its icon
    app.setWindowIcon(app_icon())
    apply_style(app)
    return app


def read_identity(db_path: Path, keys: ReplicaKeys | None = None) -> dict[str, str | None]:
    """Who a local replica belongs to and where it syncs, as recorded at login.

    Raises ``ReplicaError`` when the replica cannot be opened (no key, damaged file).
    """
    if not db_path.exists():
        return {}
    db = open_replica(db_path, keys)
    try:
        return {k: db.get_state(k) for k in (SERVER_URL, USERNAME, DISPLAY_NAME, ROLE, LAST_SYNC)}
    finally:
        db.close()


def _end_session(url: str, tokens: Tokens) -> bool:
    """Tell the server a session ended (``revoke_session``) on a connection of its own,
    closed afterwards whatever the answer: sign-outs do not leave sockets behind."""
    transport = Transport(url, timeout=10)
    try:
        return revoke_session(transport, tokens)
    finally:
        transport.close()


class DesktopApp(QObject):
    windowChanged = Signal(object)  # the new MainWindow
    syncFinished = Signal(bool, str)  # ok, message for the user (after every sync attempt)

    def __init__(
        self,
        settings: Settings,
        translations: Translations,
        credentials: CredentialStore | None = None,
        profile_dir: Path | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.settings = settings
        apply_transport_settings(settings)
        self.translations = translations
        self.credentials = credentials or CredentialStore()
        self.profile_dir = profile_dir  # --profile: use this directory whoever logs in
        self.runner = TaskRunner(self)
        self.profile: Profile | None = None
        self.ui_db: LocalDb | None = None
        self.window: MainWindow | None = None
        self.controller: SyncController | None = None
        self.login_dialog: LoginDialog | None = None
        self._role: str | None = None
        self._display_name = ""
        self.restore_geometry = True
        self.on_shutdown: list[Callable[[], None]] = []
        self.replica_notice: str | None = None  # why the last replica was set aside, if it was
        self.lock: AppLock | None = None
        self._shut_down = False
        from desktop import admin_client  # the administration area works online, through the API

        admin_client.install(self)

    # -- start-up ------------------------------------------------------------------------------

    def start(self) -> None:
        """Open the last profile's local data at once (no network needed), else ask to log in."""
        try:
            profile = self.initial_profile()
            if profile is not None and profile.exists and profile.server_url and profile.username:
                self.open_profile(profile)
                self.controller.start()
                return
        except ReplicaError as exc:
            self._replica_unavailable(exc)
            return
        self.ask_login(profile)

    def _replica_unavailable(self, exc: ReplicaError) -> None:
        """No key or a damaged file: keep the file aside, say so, and offer a fresh download."""
        log.warning("the local copy cannot be opened: %s", exc)
        self._close_profile()
        aside = set_aside(exc.path, self.credentials.replica_keys)
        if isinstance(exc, ReplicaKeyLost):
            message = translate(
                "Replica",
                "This computer no longer has the key that unlocks your local copy of the company's "
                "data (for example after a system reset or on a new user account), so nothing in it "
                "can be read. The old copy was kept as %1. Sign in to download your data again; "
                "support can recover changes that were not sent yet if the key turns up.",
            )
        else:
            message = translate(
                "Replica",
                "Your local copy of the company's data cannot be read: the file is damaged or does "
                "not belong to this computer. It was kept as %1. Sign in to download your "
                "data again.",
            )
        self.replica_notice = fill(message, aside.name)
        directory = exc.path.parent
        same_as_last = str(directory) == self.settings.last_profile_dir
        self.ask_login(
            Profile(
                directory,
                self.settings.last_server_url if same_as_last else "",
                self.settings.last_username if same_as_last else "",
            ),
            message=self.replica_notice,
        )

    def initial_profile(self) -> Profile | None:
        directory = self.profile_dir or (
            Path(self.settings.last_profile_dir) if self.settings.last_profile_dir else None
        )
        if directory is None:
            return None
        ident = read_identity(directory / paths.DB_FILE, self.credentials.replica_keys)
        same_as_last = str(directory) == self.settings.last_profile_dir
        return Profile(
            directory,
            ident.get(SERVER_URL) or (self.settings.last_server_url if same_as_last else ""),
            ident.get(USERNAME) or (self.settings.last_username if same_as_last else ""),
        )

    def open_profile(
        self,
        profile: Profile,
        *,
        role: str | None = None,
        display_name: str | None = None,
        controller: SyncController | None = None,
    ) -> MainWindow:
        self.profile = profile
        self.ui_db = open_replica(profile.db_path, self.credentials.replica_keys)
        self._role = role or self.ui_db.get_state(ROLE)
        self._display_name = display_name or self.ui_db.get_state(DISPLAY_NAME) or profile.username
        self.lock = AppLock(self.ui_db, self)
        self.lock.signInRequested.connect(lambda: self.ask_login(self.profile))
        self.lock.syncRequested.connect(self.sync_now)
        self._build_window()
        if controller is None and profile.server_url:
            controller = SyncController(profile, self.runner, self.credentials, self)
        if controller is not None:
            self.attach_controller(controller)
        self.window.show()
        return self.window

    def _build_window(self) -> MainWindow:
        window = MainWindow(
            self.ui_db,
            role=self._role,
            display_name=self._display_name,
            language=self.translations.language,
            runner=self.runner,
        )
        if self.restore_geometry and self.settings.window_geometry:
            window.restoreGeometry(QByteArray.fromBase64(self.settings.window_geometry.encode()))
        window.set_last_sync(parse_last_sync(self.ui_db.get_state(LAST_SYNC)))
        window.set_verification(*self._verification())
        window.update_banner.dismissed_version = self.settings.extra.get(DISMISSED_UPDATE)
        window.update_banner.dismissed.connect(self._update_dismissed)
        self._show_release(window)
        if self.controller is not None:
            window.set_online(self.controller.online)
            window.set_sync_busy(self.controller.busy)
            window.set_error(self.controller.last_error)
        window.attachment_files = self._attachment_files  # the attachment screens' way to the server's copies
        window.syncRequested.connect(self.sync_now)
        window.localChanged.connect(self._local_changed)  # pages wrote: sync a few seconds later
        window.languageChosen.connect(self._save_language)
        window.signOutRequested.connect(self.sign_out)
        window.closing.connect(self.shutdown)
        self.window = window
        if self.lock is not None:
            self.lock.attach(window)  # before anything shows: a locked profile opens locked
        self.windowChanged.emit(window)
        return window

    def _attachment_files(self):
        """The laptop's file cache for a screen's task (``sync.file_cache``: thumbnails, full
        files fetched on open), with that task thread's own HTTP session; None before login."""
        controller = self.controller
        if controller is None or self.ui_db is None:
            return None
        from sync.file_cache import AttachmentFiles

        return AttachmentFiles.for_window(controller.engine(), self.ui_db)

    def rebuild_window(self) -> MainWindow:
        """Replace the window with a new one (e.g. after switching the language at run time)."""
        old = self.window
        geometry = old.saveGeometry() if old is not None else None
        if old is not None:
            old.closing.disconnect(self.shutdown)
        window = self._build_window()
        if geometry is not None:
            window.restoreGeometry(geometry)
        window.show()
        if old is not None:
            old.hide()
            old.deleteLater()
        return window

    def attach_controller(self, controller: SyncController) -> None:
        self.controller = controller
        controller.busyChanged.connect(self._busy_changed)
        controller.progressed.connect(lambda rows: self.window and self.window.set_sync_progress(rows))
        controller.fileProgressed.connect(lambda p: self.window and self.window.status.set_file_progress(p))
        controller.onlineChanged.connect(lambda online: self.window and self.window.set_online(online))
        controller.lastSyncChanged.connect(self._last_sync_changed)
        controller.synced.connect(self._synced)
        controller.failed.connect(self._sync_failed)
        controller.updateRequired.connect(self._update_required)
        controller.authRequired.connect(self._auth_required)
        controller.wiped.connect(lambda: QTimer.singleShot(0, self._wiped))
        controller.syncEnded.connect(lambda: self.window and self.window.status.refresh_counts())
        if self.window is not None:
            self.window.set_online(controller.online)

    def set_identity(self, display_name: str, role: str | None) -> None:
        old_role = self._role
        self._display_name, self._role = display_name, role or self._role
        if self.window is None:
            return
        if self._role != old_role:
            # The areas depend on the role (today, review, inbox, KPIs, administration):
            # a window built for the old role is replaced by one built for the new.
            log.info("role changed from %s to %s: rebuilding the window", old_role, self._role)
            self.rebuild_window()
        else:
            self.window.set_identity(display_name, self._role)

    def sync_now(self) -> None:
        if self.controller is None:
            return
        if not self.controller.has_session:
            self._auth_required("")
            return
        self.controller.sync_now()

    # -- sync news -----------------------------------------------------------------------------

    def _busy_changed(self, busy: bool) -> None:
        if self.window is None:
            return
        logging_in = busy and self.controller is not None and self.controller.job == "login"
        quiet = (
            busy and self.controller is not None and self.controller.job == "sync" and self.controller.quiet
        )
        self.window.set_sync_busy(busy, translate("Status", "Logging in…") if logging_in else "", quiet)

    def _local_changed(self) -> None:
        if self.controller is not None:
            self.controller.local_change()

    def _last_sync_changed(self, when: datetime) -> None:
        if self.window is not None:
            self.window.set_last_sync(when)

    def _synced(self, report: SyncReport) -> None:
        if report.rescoped and self.ui_db is not None:
            # The user's scope changed on the server; if their role did too (as the
            # engine recorded at login or refresh), the window follows it.
            role = self.ui_db.get_state(ROLE)
            if role and role != self._role:
                self.set_identity(self.ui_db.get_state(DISPLAY_NAME) or self._display_name, role)
        if self.lock is not None:
            self.lock.synced()
        if self.window is not None:
            self.window.set_error(None)
            self.window.set_verification(*self._verification())
            self._show_release(self.window)
            if report.pulled or report.evicted or report.merged or report.needs_attention or report.repaired:
                self.window.refresh()  # keeps each list's selection and scroll position
        self.syncFinished.emit(True, "")

    def _wiped(self) -> None:
        """Deactivated, or this laptop revoked: the engine emptied the replica and forgot its
        key; the file goes too, and the login dialog says why."""
        profile, message = self.profile, self.controller.last_error if self.controller else ""
        if profile is None:
            return
        self._close_profile()
        wipe(profile.db_path, self.credentials.replica_keys)
        log.warning("local copy of %s deleted", profile.dir)
        self.ask_login(profile, message=message or "")

    def _verification(self) -> tuple[datetime | None, dict | None]:
        """The replica's last check against the server and its last repair (engine state)."""
        checked = parse_last_sync(self.ui_db.get_state(LAST_VERIFY))
        repair = None
        raw = self.ui_db.get_state(LAST_REPAIR)
        if raw:
            try:
                data = json.loads(raw)
                repair = {
                    "at": parse_last_sync(data["at"]),
                    "buckets": data.get("buckets", []),
                    "rows": int(data.get("rows", 0)),
                }
            except (ValueError, KeyError, TypeError):
                log.warning("unreadable %s state: %r", LAST_REPAIR, raw)
        return checked, repair

    # -- the update channel ------------------------------------------------------------------

    def _show_release(self, window: MainWindow) -> None:
        """What the organisation's client release (synced) means for this app, on the banner."""
        with self.ui_db.session() as s:
            release = local_org_settings.client_release(s)
        window.update_banner.show_release(release)

    def _update_required(self, details: dict) -> None:
        if self.window is None:
            return
        with self.ui_db.session() as s:
            release = local_org_settings.client_release(s)
        if details.get("minimum"):
            release = ClientRelease(
                latest=details.get("latest"), minimum=details.get("minimum"), url=details.get("url") or ""
            )
        self.window.update_banner.show_release(release, required=True)

    def _update_dismissed(self, version: str) -> None:
        self.settings.extra[DISMISSED_UPDATE] = version
        try:
            self.settings.save()
        except OSError as exc:
            log.warning("could not save the settings: %s", exc)

    def _sync_failed(self, message: str) -> None:
        if self.window is not None:
            self.window.set_error(message)
        self.syncFinished.emit(False, message)

    def _auth_required(self, message: str) -> None:
        if self.login_dialog is not None and self.login_dialog.isVisible():
            return
        self.ask_login(self.profile, message=message)

    # -- login ---------------------------------------------------------------------------------

    def ask_login(self, profile: Profile | None = None, message: str = "") -> LoginDialog:
        locked = (
            self.window is not None and profile is not None and bool(profile.server_url and profile.username)
        )
        dialog = LoginDialog(
            (profile.server_url if profile else "") or self.settings.last_server_url or DEFAULT_SERVER_URL,
            (profile.username if profile else "") or self.settings.last_username,
            ca_bundle=self.settings.ca_bundle,
            identity_locked=locked,
            message=message,
            parent=self.window,
        )
        dialog.loginRequested.connect(self._login_requested)
        dialog.rejected.connect(self._login_cancelled)
        self.login_dialog = dialog
        dialog.open()
        return dialog

    def _login_requested(self, server_url: str, username: str, password: str) -> None:
        if self.login_dialog is not None:
            self._use_ca_bundle(self.login_dialog.ca_bundle_path())  # the dialog checked it
        current = self.profile
        if current is not None and current.server_url == server_url and current.username == username:
            profile = current
        else:
            directory = self.profile_dir or paths.profile_dir_for(server_url, username)
            profile = Profile(directory, server_url, username)
        if self.controller is not None and self.controller.profile == profile:
            controller = self.controller
        else:
            controller = SyncController(profile, self.runner, self.credentials, self)
        fresh_dir = not profile.dir.exists()
        task = controller.login(password)
        if task is None:  # a sync is running on this profile; it reports back on its own
            self.login_dialog.show_error(translate("Login", "Please wait until the running sync ends."))
            return
        task.succeeded.connect(lambda user: self._login_succeeded(profile, controller, user))
        task.failed.connect(lambda exc: self._login_failed(profile, controller, fresh_dir, exc))

    def _login_succeeded(self, profile: Profile, controller: SyncController, user: dict) -> None:
        self.settings.remember_profile(profile)
        self.settings.save()
        if self.lock is not None:
            self.lock.online_login()
        dialog, self.login_dialog = self.login_dialog, None
        if self.window is None or self.profile is None or self.profile.dir != profile.dir:
            self._close_profile()
            self.open_profile(
                profile, role=user.get("role"), display_name=user.get("display_name"), controller=controller
            )
            if dialog is not None:
                # Only now: closing the dialog before the window is shown would quit the app
                # (it would be the last window).
                dialog.accept()
        else:
            if dialog is not None:
                # First: the dialog belongs to the window, which a changed role replaces.
                dialog.accept()
            self.set_identity(user.get("display_name") or profile.username, user.get("role"))
        controller.sync_now()

    def _login_failed(
        self, profile: Profile, controller: SyncController, fresh_dir: bool, exc: BaseException
    ) -> None:
        if isinstance(exc, InsecureServer) and self._ask_insecure(profile.server_url):
            allow_insecure(self.settings, profile.server_url)
            exc = None
        if self.login_dialog is not None:
            self.login_dialog.show_error(
                describe_error(exc)
                if exc is not None
                else translate(
                    "Login", "Unencrypted connections to this server are allowed now. Log in again."
                )
            )
        if controller is not self.controller:
            controller.close()
            controller.deleteLater()
            if fresh_dir:
                # A mistyped username must not leave an empty profile behind.
                shutil.rmtree(profile.dir, ignore_errors=True)

    def _use_ca_bundle(self, path: str) -> None:
        """The company certificate authority chosen at login: saved, and in force for this login."""
        if path == self.settings.ca_bundle:
            return
        self.settings.ca_bundle = path
        try:
            self.settings.save()
        except OSError as exc:
            log.warning("could not save the settings: %s", exc)
        apply_transport_settings(self.settings)

    def _ask_insecure(self, server_url: str) -> bool:
        """The explicit permission plain http:// to another machine needs, with the risk in words."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.warning(
            self.login_dialog,
            translate("Login", "Unencrypted connection"),
            translate(
                "Login",
                "%1 is not encrypted (http:// instead of https://). Your password and your "
                "customers' data would cross the network readable by anyone on the way.\n\n"
                "Allow unencrypted connections to this server anyway? Only do this on a network "
                "you trust, or ask your administrator for the https:// address.",
            ).replace("%1", server_url),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _login_cancelled(self) -> None:
        self.login_dialog = None
        if self.window is None:
            QApplication.quit()
        else:
            self.window.set_error(
                translate("Login", "Not logged in: working with local data. Press F5 to log in and sync.")
            )

    def sign_out(self) -> LoginDialog:
        """Forget this user's session, close their window and ask who logs in next.

        The profile's local database stays as it is (changes not yet sent included): the
        same user logging in again gets it back, and sends them with the first sync.
        """
        profile = self.profile
        if profile is not None and profile.server_url and profile.username:
            tokens = self.credentials.load(profile.server_url, profile.username)
            self.credentials.forget(profile.server_url, profile.username)
            if tokens is not None:
                # The server ends the session too (a copied refresh token is then worthless);
                # in the background, since it may be unreachable, and offline is fine.
                url = profile.server_url
                self.runner.submit(lambda _ctx: _end_session(url, tokens), name="sign-out")
        self.settings.last_profile_dir = ""  # the next start asks who logs in
        self.settings.save()
        window, self.window = self.window, None
        # The dialog first: closing the last window would end the application.
        dialog = self.ask_login(
            None, message=translate("Login", "Signed out. Log in as yourself or as another user.")
        )
        self.window = window
        self._close_profile()
        self.profile = None
        return dialog

    # -- shutting down -------------------------------------------------------------------------

    def _save_language(self, code: str) -> None:
        self.settings.language = code
        self.settings.save()

    def _close_profile(self) -> None:
        if self.controller is not None:
            self.controller.cancel()
            self.runner.shutdown(3000)
            self.controller.close()
            self.controller = None
        if self.window is not None:
            self.window.closing.disconnect(self.shutdown)
            self.window.close()
            self.window.deleteLater()
            self.window = None
        if self.lock is not None:
            self.lock.close()
            self.lock = None
        if self.ui_db is not None:
            self.ui_db.close()
            self.ui_db = None

    def shutdown(self) -> None:
        if self._shut_down:
            return
        self._shut_down = True
        if self.window is not None and self.restore_geometry:
            self.settings.window_geometry = bytes(self.window.saveGeometry().toBase64()).decode()
            try:
                self.settings.save()
            except OSError as exc:
                log.warning("could not save settings: %s", exc)
        if self.controller is not None:
            self.controller.cancel()
        if not self.runner.shutdown(5000):
            log.warning("a background job is still running at exit")
        if self.controller is not None:
            self.controller.close()
        if self.lock is not None:
            self.lock.close()
        if self.ui_db is not None:
            self.ui_db.close()
        for hook in self.on_shutdown:
            try:
                hook()
            except Exception:  # noqa: BLE001 - one failing hook must not stop the others
                log.exception("shutdown hook failed")
