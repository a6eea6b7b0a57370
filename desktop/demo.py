"""`fieldsales demo`: a seeded demo server in this process, and the app logged in to it.

The demo server's SQLite file lives under the data directory (``demo-server/server/``)
and is seeded once; later runs reuse it, so the demo starts fast and the local replica's
cursor stays valid. The demo users' local profiles live beside it (``demo-server/profiles/``)
because they only make sense with that server's data: reseeding removes them too.

Preparing, seeding and starting the server run in the task runner like every long job:
the window is up at once and shows what is going on.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from desktop import paths
from desktop.app import DesktopApp
from desktop.paths import Profile
from desktop.sync_controller import SyncController
from local_db.replica import ReplicaError, set_aside
from ui.errors import describe_error
from ui.support.tasks import TaskContext

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

DEMO_USERS = {"rep": "rep1", "supervisor": "sup1", "admin": "admin"}
DEMO_PASSWORD = "demo1234"
DEFAULT_CUSTOMERS = 2000
DEMO_SEED = 2026


class DemoServer:
    def __init__(self, customers: int | None = None, directory: Path | None = None):
        self.root = directory or paths.demo_server_dir()
        self.dir = self.root / "server"
        self.customers = customers
        self.thread = None
        self.store = None

    @property
    def db_path(self) -> Path:
        return self.dir / "server.sqlite3"

    @property
    def marker(self) -> Path:
        return self.dir / "seeded.json"

    def profile(self, username: str) -> Profile:
        return Profile(self.root / "profiles" / username, "", username)

    def forget_profiles(self) -> None:
        shutil.rmtree(self.root / "profiles", ignore_errors=True)

    def _seeded_with(self) -> int | None:
        try:
            return int(json.loads(self.marker.read_text())["customers"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def needs_seeding(self) -> bool:
        seeded = self._seeded_with()
        if seeded is None or not self.db_path.exists():
            return True
        return self.customers is not None and seeded != self.customers

    def prepare(self) -> None:
        """Create and seed the database if it is missing, half-made, or of another size."""
        if self.needs_seeding():
            # Imported lazily: only the demo needs the server side in the desktop process.
            from server.store.db import Store
            from server.store.migrate import upgrade

            # The marker is written last, so an interrupted seeding is redone from scratch.
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir.mkdir(parents=True)
            customers = self.customers or DEFAULT_CUSTOMERS
            store = Store.from_url(f"sqlite:///{self.db_path}")
            upgrade(store.engine)
            summary = _seed(store, customers)
            store.engine.dispose()
            self.marker.write_text(json.dumps({"customers": customers, "seed": DEMO_SEED}))
            log.info("demo server seeded: %s", summary)

    def start(self) -> str:
        from server.runner import ServerThread
        from server.store.db import Store

        self.store = Store.from_url(f"sqlite:///{self.db_path}")
        self.thread = ServerThread(self.store).start()
        return self.thread.url

    def stop(self) -> None:
        if self.thread is not None:
            self.thread.stop()
            self.thread = None
        if self.store is not None:
            self.store.engine.dispose()
            self.store = None


def _seed(store, customers: int) -> dict:
    from server.seed import seed_demo

    return seed_demo(store, customers=customers, seed=DEMO_SEED)


def start_demo(app: DesktopApp, role: str, customers: int | None) -> DemoServer:
    """Open the demo user's window now; seed, serve, log in and pull in the background."""
    username = DEMO_USERS[role]
    server = DemoServer(customers)
    app.on_shutdown.append(server.stop)
    profile = server.profile(username)
    if server.needs_seeding():
        server.forget_profiles()  # they hold copies of the data about to be replaced
    try:
        window = app.open_profile(profile, role=role)
    except ReplicaError as exc:
        # A machine without a keyring keeps a replica's key for one run only: the demo
        # keeps the old copy aside, as the app does, and downloads a fresh one.
        log.warning("demo: %s; downloading a fresh copy", exc)
        set_aside(exc.path, app.credentials.replica_keys)
        window = app.open_profile(profile, role=role)
    preparing = translate("Demo", "Preparing the demo server…")
    if server.needs_seeding():
        preparing = translate("Demo", "Creating the demo company (first run only)…")
    window.set_sync_busy(True, preparing)

    def prepare_and_start(_ctx: TaskContext) -> str:
        server.prepare()
        return server.start()

    def failed(exc: BaseException) -> None:
        log.error("demo failed", exc_info=exc)
        message = describe_error(exc)
        if app.window is not None:
            app.window.set_sync_busy(False)
            app.window.set_error(message)
        app.syncFinished.emit(False, message)

    def started(url: str) -> None:
        controller = SyncController(profile.with_server(url), app.runner, app.credentials, app)
        app.profile = controller.profile
        app.attach_controller(controller)
        task = controller.login(DEMO_PASSWORD)
        task.succeeded.connect(lambda user: _logged_in(app, controller, user))
        task.failed.connect(failed)

    app.runner.submit(prepare_and_start, name="demo-server", on_result=started, on_error=failed)
    return server


def _logged_in(app: DesktopApp, controller: SyncController, user: dict) -> None:
    app.set_identity(user.get("display_name") or controller.profile.username, user.get("role"))
    controller.sync_now()
