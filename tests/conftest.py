"""Shared fixtures: real SQLite files, real PostgreSQL, a real server on a loopback port.

The OS keyring is the one part replaced: there is no Secret Service on a headless test
machine, so an in-memory keyring backend stands in for it (the code under test still
goes through the ``keyring`` API).

Speed without cutting corners (the suite runs in parallel, ``pytest -n auto``):

- Migrations run for real once per test process, into templates: a migrated server
  database (a SQLite file; a PostgreSQL template database) and a migrated, empty client
  database. ``sqlite_store`` and ``any_store`` copy the server template (file copy,
  ``CREATE DATABASE ... TEMPLATE``), and a new ``LocalDb`` file starts as a copy of the
  client template. Tests about the migrations themselves ask for the real thing with
  ``@pytest.mark.real_migrations``.
- ``tests.factories.build_org`` hashes the shared test password once per process.
- Everything a test writes is per test or per worker: ``tmp_path`` (and
  ``FIELDSALES_DATA_DIR`` inside it), PostgreSQL database names with a random part,
  ports chosen by the OS, the in-memory keyring, one offscreen ``QApplication`` per
  worker process.
"""

from __future__ import annotations

import os
import queue
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import create_engine, inspect, text

import local_db.migrate
from desktop import paths
from server.api import deps
from server.runner import ServerThread
from server.store.db import Store
from server.store.migrate import upgrade

PG_ADMIN_URL = os.environ.get("FIELDSALES_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
# "gw0", "gw1", ... under pytest-xdist; "main" in a plain run. Only names, never shared state.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


SERVER_FIXTURES = {"live_server", "sqlite_store", "any_store", "store_url", "pg_url"}


def pytest_collection_modifyitems(config, items):
    """Mark the tests that need the server's store (``-m "not server"`` is ``make test-fast``),
    and put the few long ones first: in a parallel run the others fill the time around them,
    instead of one worker finishing the suite alone. Otherwise the order is the files'."""
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.server)
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):
    """Whatever the desktop code writes (profiles, settings) stays inside this test's tmp_path."""
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(tmp_path / "data"))


@pytest.fixture(autouse=True)
def _fresh_server_caches():
    """The server keeps a short-lived copy of the client release setting per store, keyed by
    the store object's id; a later test's store may get the same id within seconds, so no
    test inherits an earlier one's copy."""
    yield
    deps._releases.clear()


def _real_migrations(request) -> bool:
    return request.node.get_closest_marker("real_migrations") is not None


# -- migrated templates ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def server_sqlite_template(tmp_path_factory) -> Path:
    """A server database migrated to head (a closed SQLite file, ready to be copied)."""
    path = tmp_path_factory.mktemp("templates") / "server.sqlite3"
    store = Store.from_url(f"sqlite:///{path}")
    upgrade(store.engine)
    store.engine.dispose()  # the last connection checkpoints the WAL into the file
    return path


def _copy_sqlite(template: Path, target: Path) -> None:
    shutil.copyfile(template, target)


@pytest.fixture(scope="session", autouse=True)
def client_template(tmp_path_factory):
    """New client databases start as a copy of one migrated by the real migrations here.

    ``local_db.migrate.ensure_current`` is wrapped for the session: on a database with no
    tables at all it first copies the template in (SQLite's backup API, into the very
    connection the engine uses), then runs the real function, which finds it current.
    Anything else (an older revision, a half-made file) goes through the real migrations.
    """
    from local_db.db import LocalDb

    path = tmp_path_factory.mktemp("templates") / "client.sqlite3"
    LocalDb(path).engine.dispose()
    real = local_db.migrate.ensure_current
    state = {"enabled": True}

    def ensure_current(engine):
        # An encrypted replica (the sqlcipher3 driver) migrates for real: SQLite's backup API
        # cannot copy a plain template into an encrypted file.
        if state["enabled"] and engine.dialect.name == "sqlite" and engine.dialect.dbapi is sqlite3:
            with engine.connect() as conn:
                empty = not inspect(conn).get_table_names()
            if empty:
                raw = engine.raw_connection()
                try:
                    with sqlite3.connect(path) as source:
                        source.backup(raw.driver_connection)
                finally:
                    raw.close()
        real(engine)

    local_db.migrate.ensure_current = ensure_current
    yield state
    local_db.migrate.ensure_current = real


@pytest.fixture(autouse=True)
def _client_migrations(request, client_template):
    """``@pytest.mark.real_migrations`` turns the client template off for one test."""
    if not _real_migrations(request):
        yield
        return
    client_template["enabled"] = False
    yield
    client_template["enabled"] = True


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture
def file_keyring(tmp_path, memory_keyring):
    """A keyring in a file, shared with the `fieldsales` processes a test starts."""
    from tests.file_keyring import FileKeyring

    ring = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(ring)  # memory_keyring puts the previous one back afterwards
    return ring


def _pg_reachable() -> str | None:
    try:
        eng = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with eng.connect() as c:
            c.execute(text("select 1"))
        eng.dispose()
        return None
    except Exception as exc:  # noqa: BLE001
        return f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {type(exc).__name__}"


@pytest.fixture(scope="session")
def pg_available():
    reason = _pg_reachable()
    if reason:
        if os.environ.get("FIELDSALES_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + " (FIELDSALES_REQUIRE_POSTGRES=1: CI never skips these tests)")
        pytest.skip(reason)
    return True


def _pg_database_url(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


class PgAdmin:
    """Creates test databases, and drops them on a background thread.

    ``DROP DATABASE`` waits for a checkpoint, a second or more on a busy disk; the next
    test need not wait for it. Every database is dropped before the session ends.
    """

    def __init__(self, url: str):
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")
        self._drops: queue.Queue[str | None] = queue.Queue()
        self.failed: list[str] = []
        self._dropper = threading.Thread(target=self._drop_all, name="drop-test-databases", daemon=True)
        self._dropper.start()

    def execute(self, sql: str) -> None:
        with self.engine.connect() as c:
            c.execute(text(sql))

    def drop_later(self, name: str) -> None:
        self._drops.put(name)

    def _drop_all(self) -> None:
        while (name := self._drops.get()) is not None:
            try:
                self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except Exception as exc:  # noqa: BLE001 - a leftover database must not stop the others' drops
                self.failed.append(f"{name}: {exc}")

    def close(self) -> None:
        self._drops.put(None)
        self._dropper.join()
        self.engine.dispose()


@pytest.fixture(scope="session")
def pg_admin(pg_available):
    admin = PgAdmin(PG_ADMIN_URL)
    yield admin
    admin.close()
    assert not admin.failed, "test databases left behind: " + "; ".join(admin.failed)


def _pg_database(admin: PgAdmin, template: str | None = None):
    """Create a database with a name no other test or worker uses; yield its URL; drop it."""
    name = f"fs_test_{WORKER}_{uuid.uuid4().hex[:10]}"
    admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    yield _pg_database_url(name)
    admin.drop_later(name)


@contextmanager
def migrated_store(request, tmp: Path) -> Iterator[Store]:
    """For a module-scoped world parametrised "sqlite"/"postgres" (``request.param``): the
    server's store, migrated, in ``tmp`` or in a fresh PostgreSQL database dropped afterwards."""
    databases = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp}/server.sqlite3"
    else:
        databases = _pg_database(request.getfixturevalue("pg_admin"))
        url = next(databases)
    store = Store.from_url(url)
    upgrade(store.engine)
    try:
        yield store
    finally:
        store.engine.dispose()
        if databases is not None:
            next(databases, None)


@pytest.fixture
def pg_url(pg_admin):
    """A fresh, empty PostgreSQL database, dropped afterwards."""
    yield from _pg_database(pg_admin)


@pytest.fixture(scope="session")
def pg_template(pg_admin):
    """A PostgreSQL database migrated to head, used only as a template (never connected to
    while tests copy it)."""
    databases = _pg_database(pg_admin)
    url = next(databases)
    engine = create_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url.rsplit("/", 1)[1]
    next(databases, None)  # drops it


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_kind(request) -> str:
    """Which store a test runs against; ``store_url`` and ``any_store`` run each test once per kind."""
    return request.param


@pytest.fixture
def store_url(store_kind, request, tmp_path):
    """The URL of an empty database of each kind (nothing migrated yet)."""
    if store_kind == "sqlite":
        return f"sqlite:///{tmp_path}/server.sqlite3"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def sqlite_store(request, tmp_path):
    path = tmp_path / "server.sqlite3"
    if not _real_migrations(request):
        _copy_sqlite(request.getfixturevalue("server_sqlite_template"), path)
    store = Store.from_url(f"sqlite:///{path}")
    if _real_migrations(request):
        upgrade(store.engine)
    yield store
    store.engine.dispose()


@pytest.fixture
def any_store(store_kind, request, tmp_path):
    """The server's store on SQLite and on PostgreSQL (the test runs once for each), migrated."""
    if _real_migrations(request):
        url = request.getfixturevalue("store_url")
    elif store_kind == "sqlite":
        path = tmp_path / "server.sqlite3"
        _copy_sqlite(request.getfixturevalue("server_sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        databases = _pg_database(request.getfixturevalue("pg_admin"), request.getfixturevalue("pg_template"))
        url = next(databases)
        request.addfinalizer(lambda: next(databases, None))
    store = Store.from_url(url)
    if _real_migrations(request):
        upgrade(store.engine)
    yield store
    store.engine.dispose()


@pytest.fixture
def live_server():
    """Start a real server on a loopback port for a given store; stopped after the test."""
    started: list[ServerThread] = []

    def start(store: Store) -> ServerThread:
        srv = ServerThread(store).start()
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.stop()


@pytest.fixture
def org_world(any_store, live_server, tmp_path):
    """The test organisation (two customers a territory) on each kind of store, a live server
    for it, and ``laptop(user)`` making a synced replica: ``(store, server, org, laptop)``."""
    from tests.sync.helpers import serve_org

    return serve_org(any_store, live_server, tmp_path, per_territory=2)
