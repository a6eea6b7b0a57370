"""GUI test fixtures: real widgets offscreen, a real server, real SQLite profiles.

``QT_QPA_PLATFORM`` must be chosen before Qt is first imported, hence at the top.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.admin_client import AdminClient  # noqa: E402
from desktop.app import DesktopApp  # noqa: E402
from desktop.paths import Profile  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from local_db.replica import open_replica  # noqa: E402
from sync.credentials import CredentialStore  # noqa: E402
from sync.engine import SyncEngine  # noqa: E402
from tests.factories import PASSWORD, build_org  # noqa: E402
from tests.sync.helpers import Laptop, laptop_pool  # noqa: E402
from ui.admin import AdminPage  # noqa: E402
from ui.i18n import Translations  # noqa: E402
from ui.support.tasks import TaskRunner  # noqa: E402


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """Every file the desktop app writes goes here, never into the real user profile."""
    directory = tmp_path / "data"
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(directory))
    return directory


@pytest.fixture
def org_server(sqlite_store, live_server):
    """The small known organisation of tests.factories on a real loopback server."""
    org = build_org(sqlite_store)
    server = live_server(sqlite_store)
    return org, server


@pytest.fixture
def world(org_server, sqlite_store, tmp_path):
    """The known organisation on a server, a ``laptop(user)`` that logs in and syncs, and a runner.

    Test modules that need a different world define their own fixture of this name.
    """
    org, server = org_server
    with laptop_pool(tmp_path, server.url, reuse=False) as laptop:
        runner = TaskRunner()
        yield org, sqlite_store, laptop, runner
        runner.shutdown()


@pytest.fixture
def laptops(org_server, tmp_path):
    """``laptops(user)``: that user's laptop on the org server, logged in and synced the first
    time it is asked for; closed after the test."""
    _org, server = org_server
    with laptop_pool(tmp_path, server.url) as laptop:
        yield laptop


@pytest.fixture
def runner(qapp):
    """A task runner for the pages under test, shut down after the test."""
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


@pytest.fixture
def new_app(qapp, data_dir):
    """``new_app(language, profile=None, **kw)``: a DesktopApp (with ``profile`` remembered
    first), shut down and its catalogue removed afterwards."""
    made: list[DesktopApp] = []

    def make(language: str = "en", *, profile=None, **kw) -> DesktopApp:
        if profile is not None:
            settings = Settings.load()
            settings.remember_profile(profile)
            settings.save()
        translations = Translations()
        translations.install(language)
        app = DesktopApp(Settings.load(), translations, CredentialStore(), **kw)
        made.append(app)
        return app

    yield make
    for app in made:
        app.shutdown()
        if app.window is not None:
            app.window.close()
        app.translations.uninstall()
    Translations().install("en")


@pytest.fixture
def open_admin(org_server, qtbot, tmp_path):
    """``open_admin(height)``: the administration page, connected as admin, shown 1280 wide."""
    _org, server = org_server
    runners: list[TaskRunner] = []

    def open_page(height: int) -> AdminPage:
        laptop = Laptop(tmp_path / "admin.sqlite3", server.url, "admin").login()
        runner = TaskRunner()
        runners.append(runner)
        page = AdminPage()
        qtbot.addWidget(page)
        page.resize(1280, height)
        page.set_client(AdminClient(runner, lambda: laptop.engine))
        page.show()
        return page

    yield open_page
    for runner in runners:
        runner.shutdown(5000)


def _installed(language: str):
    """The catalogue of ``language`` installed for one test, removed afterwards."""
    translations = Translations()
    translations.install(language)
    yield translations
    translations.uninstall()


@pytest.fixture
def english(qapp):
    """The English catalogue (plural forms) installed, removed afterwards."""
    yield from _installed("en")


@pytest.fixture
def chinese(qapp):
    yield from _installed("zh_CN")
    Translations().install("en")  # restores the default locale for later tests


@pytest.fixture
def rep_a_profile(org_server, data_dir):
    """rep_a logged in and pulled with the real sync engine: a profile as after a first sync."""
    _org, server = org_server
    profile = Profile(paths.profile_dir_for(server.url, "rep_a"), server.url, "rep_a")
    db = open_replica(profile.db_path)
    engine = SyncEngine(db, server.url, "rep_a", CredentialStore())
    engine.login(PASSWORD)
    engine.pull()
    engine.transport.close()
    db.close()
    return profile


@pytest.fixture
def rep_a_db(rep_a_profile):
    db = open_replica(rep_a_profile.db_path)
    yield db
    db.close()
