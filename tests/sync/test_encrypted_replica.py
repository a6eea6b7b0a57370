"""The laptop's replica is encrypted at rest; a plain one is converted safely; a lost key is survivable."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import select

from local_db import replica
from local_db.db import LocalDb
from local_db.models import Draft, OutboxEntry, SyncState
from local_db.replica import ReplicaKeyLost, ReplicaKeys, ReplicaUnreadable, file_kind, open_replica
from local_db.tables import TABLES as LOCAL
from local_db.writes import LocalWriter
from server.store.tables import TABLES as SERVER
from sync.engine import CURSOR, SyncEngine
from sync.uploads import LocalFiles
from tests.cli import cli_env, fieldsales
from tests.factories import PASSWORD, build_org
from tests.file_keyring import subprocess_env
from tests.sync.helpers import Laptop, server_row

# Long (subprocesses killed mid-conversion, `fieldsales` runs): scheduled first in a parallel run.
pytestmark = pytest.mark.slow

ROOT = str(Path(__file__).resolve().parents[2])


def _customer_names(store) -> list[str]:
    with store.session() as s:
        return list(s.scalars(select(SERVER["customer"].c.name)))


def _sync_env(data_dir: Path, ring) -> dict[str, str]:
    """A `fieldsales` child with this data directory and the test's file keyring, nothing else."""
    return cli_env(data_dir, ring.path, PYTHONPATH=ROOT)


def _sign_in_and_sync(url: str, profile: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return fieldsales(
        "sync", "--server", url, "--user", "rep_a", "--profile", str(profile), password=PASSWORD, env=env
    )


def _raw_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def _snapshot(db: LocalDb) -> dict:
    out = {}
    with db.session() as s:
        for name, t in LOCAL.items():
            out[name] = s.execute(select(t).order_by(t.c.id)).all()
        out["outbox"] = [
            (e.mutation_id, e.entity, e.row_id, e.changes)
            for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.client_seq))
        ]
        out["state"] = dict(s.execute(select(SyncState.key, SyncState.value)).all())
    return out


def test_the_replica_is_unreadable_without_its_key_and_holds_no_customer_name_in_clear(
    sqlite_store, live_server, tmp_path, memory_keyring
):
    build_org(sqlite_store)
    srv = live_server(sqlite_store)
    path = tmp_path / "fieldsales.sqlite3"
    lap = Laptop(path, srv.url, "sup_n").login()
    lap.sync()
    count = len(lap.ids("customer"))
    assert count > 0
    names = _customer_names(sqlite_store)
    with lap.db.session() as s:  # a half-typed form is customer data too: it lives in the same file
        s.add(
            Draft(key="customer:new", kind="customer", data={"name": names[0]}, updated_at=datetime.now(UTC))
        )
    # So is an attachment: a delivery note naming the customer, kept beside the replica.
    note = LocalFiles.beside(lap.db).add(f"Delivery note for {names[0]}, signed".encode())
    assert (tmp_path / "fieldsales-files").is_dir()
    lap.engine.transport.close()

    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    raw = _raw_bytes(path)
    assert names and not [n for n in names if n.encode() in raw]
    scanned = [p for p in tmp_path.rglob("*") if p.is_file() and "server" not in p.name]
    assert LocalFiles.beside(lap.db).path(note) in scanned  # the scan covers the files dir
    everything = b"".join(p.read_bytes() for p in scanned)
    assert not [n for n in names if n.encode() in everything]
    assert LocalFiles.beside(lap.db).read(note).decode().startswith(f"Delivery note for {names[0]}")

    # The key is in the keyring, nowhere else: with it, SQLCipher reads the file.
    (key,) = [v for (service, entry), v in memory_keyring.store.items() if entry.startswith("replica-key:")]
    conn = sqlcipher3.connect(str(path))
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == count
    conn.close()
    assert key.encode() not in b"".join(
        p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.name != "server.sqlite3"
    )
    lap.db.close()


def _plain_replica_with_an_unsent_edit(store, url: str, path: Path) -> tuple[str, dict]:
    """A replica as the previous version left it: plain SQLite, synced, one edit queued."""
    o = build_org(store)
    db = LocalDb(path)
    engine = SyncEngine(db, url, "rep_a")
    engine.login(PASSWORD)
    engine.sync()
    engine.transport.close()
    cid = sorted(o.customers["N1"])[0]
    with db.session() as s:
        LocalWriter.for_owner(s).update("customer", cid, {"notes": "written before the upgrade"})
    snap = _snapshot(db)
    assert snap["outbox"] and snap["state"][CURSOR]
    db.close()
    assert file_kind(path) == "plain"
    return cid, snap


def test_a_plain_replica_is_converted_in_place_with_data_outbox_and_cursor(
    sqlite_store, live_server, tmp_path
):
    srv = live_server(sqlite_store)
    path = tmp_path / "fieldsales.sqlite3"
    cid, before = _plain_replica_with_an_unsent_edit(sqlite_store, srv.url, path)

    db = open_replica(path)
    assert file_kind(path) == "encrypted"
    assert _snapshot(db) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "fieldsales" in p.name and "-" not in p.name) == [
        "fieldsales.sqlite3"
    ]  # no temporary file left behind
    engine = SyncEngine(db, srv.url, "rep_a")
    assert engine.sync().applied == 1  # the queued edit survives and is pushed
    assert server_row(sqlite_store, "customer", cid)["notes"] == "written before the upgrade"
    engine.transport.close()
    db.close()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()


CONVERT_AND_DIE = """
import os, signal, sys
from local_db import replica
step = sys.argv[2]
replica.fault_hook = lambda name: os.kill(os.getpid(), signal.SIGKILL) if name == step else None
replica.open_replica(sys.argv[1])
print("finished")
"""


@pytest.mark.parametrize("step", ["attached", "exported", "flushed", "renamed"])
def test_a_conversion_killed_between_steps_leaves_a_working_replica(
    sqlite_store, live_server, tmp_path, file_keyring, step
):
    srv = live_server(sqlite_store)
    path = tmp_path / "fieldsales.sqlite3"
    _cid, before = _plain_replica_with_an_unsent_edit(sqlite_store, srv.url, path)
    child = subprocess.run(
        [sys.executable, "-c", CONVERT_AND_DIE, str(path), step],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **subprocess_env(file_keyring.path), "PYTHONPATH": ROOT},
    )
    assert child.returncode == -9 and "finished" not in child.stdout, child.stderr
    assert file_kind(path) == ("encrypted" if step == "renamed" else "plain")
    db = open_replica(path)  # the next start finishes (or redoes) the conversion
    assert file_kind(path) == "encrypted"
    assert _snapshot(db) == before
    db.close()


def test_a_conversion_that_fails_half_way_keeps_the_plain_file(
    sqlite_store, live_server, tmp_path, monkeypatch
):
    srv = live_server(sqlite_store)
    path = tmp_path / "fieldsales.sqlite3"
    _cid, before = _plain_replica_with_an_unsent_edit(sqlite_store, srv.url, path)

    def disk_full(name):
        if name == "exported":
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(replica, "fault_hook", disk_full)
    with pytest.raises(OSError):
        open_replica(path)
    assert file_kind(path) == "plain"
    assert _snapshot(LocalDb(path, migrate=False)) == before


def test_a_lost_key_sets_the_file_aside_and_its_edits_can_be_recovered(
    sqlite_store, live_server, tmp_path, file_keyring
):
    o = build_org(sqlite_store)
    srv = live_server(sqlite_store)
    profile = tmp_path / "profile"
    path = profile / "fieldsales.sqlite3"
    lap = Laptop(path, srv.url, "rep_a").login()
    lap.sync()
    cid = sorted(o.customers["N1"])[0]
    with lap.write() as w:
        w.update("customer", cid, {"notes": "typed before the keyring was reset"})
    lap.engine.transport.close()
    lap.db.close()
    keys = ReplicaKeys()
    key = keys.get(path)
    keys.forget(path)  # a new OS profile, a reset keyring

    with pytest.raises(ReplicaKeyLost):
        open_replica(path)
    # `fieldsales sync` says so in words, keeps the file and downloads a fresh copy.
    env = _sync_env(tmp_path, file_keyring)
    out = _sign_in_and_sync(srv.url, profile, env)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr and "no longer has the key" in out.stderr
    (aside,) = profile.glob("fieldsales.sqlite3.locked-*[0-9TZ]")
    assert file_kind(aside) == "encrypted"
    fresh = open_replica(path)
    with fresh.session() as s:
        assert cid in set(s.scalars(select(LOCAL["customer"].c.id)))  # downloaded again
        assert not s.scalars(select(OutboxEntry)).all()
    fresh.close()
    assert server_row(sqlite_store, "customer", cid)["notes"] != "typed before the keyring was reset"

    # The key turns up: support puts the unsent edit back in the queue; the next sync sends it.
    wrong = fieldsales(
        "recover-edits", "--from", str(aside), "--key", "0" * 64, "--profile", str(profile), env=env
    )
    assert wrong.returncode == 2 and "does not open with this key" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    rec = fieldsales("recover-edits", "--from", str(aside), "--key", key, "--profile", str(profile), env=env)
    assert rec.returncode == 0, rec.stderr
    assert "queued 1 of 1" in rec.stdout
    again = fieldsales("sync", "--profile", str(profile), password=PASSWORD, env=env)
    assert again.returncode == 0, again.stderr
    assert "pushed: 1 (applied 1" in again.stdout
    assert server_row(sqlite_store, "customer", cid)["notes"] == "typed before the keyring was reset"


def test_a_damaged_replica_gets_a_readable_message_and_is_kept(
    sqlite_store, live_server, tmp_path, file_keyring
):
    build_org(sqlite_store)
    srv = live_server(sqlite_store)
    profile = tmp_path / "profile"
    path = profile / "fieldsales.sqlite3"
    lap = Laptop(path, srv.url, "rep_a").login()
    lap.sync()
    lap.engine.transport.close()
    lap.db.close()
    with open(path, "r+b") as f:  # scribble over the first pages
        f.write(os.urandom(8192))
    with pytest.raises(ReplicaUnreadable):
        open_replica(path)
    env = _sync_env(tmp_path, file_keyring)
    no_identity = fieldsales("sync", "--profile", str(profile), env=env)
    assert no_identity.returncode == 2 and "Traceback" not in no_identity.stderr
    assert "cannot be read" in no_identity.stderr and path.exists()
    out = _sign_in_and_sync(srv.url, profile, env)
    assert out.returncode == 0, out.stderr
    assert "damaged" in out.stderr and "Traceback" not in out.stderr
    assert len(list(profile.glob("fieldsales.sqlite3.locked-*[0-9TZ]"))) == 1


def test_without_a_keyring_a_new_replica_stays_plain_so_offline_edits_survive_a_restart(tmp_path):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        path = tmp_path / "fieldsales.sqlite3"
        db = open_replica(path, ReplicaKeys())
        with db.session() as s:
            s.add(
                Draft(
                    key="visit:1", kind="visit", data={"notes": "typed offline"}, updated_at=datetime.now(UTC)
                )
            )
        db.close()
        assert file_kind(path) == "plain"
        again = open_replica(path, ReplicaKeys())  # the next start: no key anywhere, still readable
        with again.session() as s:
            assert s.get(Draft, "visit:1").data == {"notes": "typed offline"}
        again.close()
        assert not list(tmp_path.glob("*.locked-*")), "nothing set aside"
    finally:
        keyring.set_keyring(previous)
