"""Shared fixtures: real SQLite files, real PostgreSQL, a real server on a loopback port.

The OS keyring is the one part replaced: there is no Secret Service on a headless test
machine, so an in-memory keyring backend stands in for it (the code under test still
goes through the ``keyring`` API).
"""

from __future__ import annotations

import os
import uuid

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import create_engine, text

from server.runner import ServerThread
from server.store.db import Store
from server.store.migrate import upgrade

PG_ADMIN_URL = os.environ.get("FIELDSALES_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


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


@pytest.fixture
def pg_url(pg_available):
    """A fresh, empty PostgreSQL database, dropped afterwards."""
    name = f"fs_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/server.sqlite3"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def sqlite_store(tmp_path):
    store = Store.from_url(f"sqlite:///{tmp_path}/server.sqlite3")
    upgrade(store.engine)
    yield store
    store.engine.dispose()


@pytest.fixture
def any_store(store_url):
    """The server's store on SQLite and on PostgreSQL (the test runs once for each)."""
    store = Store.from_url(store_url)
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
