"""`fieldsales sync` as a user would run it: a separate process, real server, real profile."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from local_db.replica import open_replica
from local_db.writes import LocalWriter
from tests.cli import cli_env, fieldsales
from tests.factories import PASSWORD, build_org
from tests.sync.helpers import server_row

# Long (a subprocess or many runs): scheduled first, so a parallel run does not end waiting for it.
pytestmark = pytest.mark.slow


def run(*args: str, password: str | None = None, env_dir: Path) -> subprocess.CompletedProcess:
    # The keyring is a file the test shares (the replica's key lives there, as on a laptop).
    return fieldsales("sync", *args, password=password, env=cli_env(env_dir, env_dir / "keyring.json"))


def test_headless_sync_pushes_pulls_and_reports(sqlite_store, live_server, tmp_path, file_keyring):
    o = build_org(sqlite_store)
    srv = live_server(sqlite_store)
    profile = tmp_path / "profile"
    first = run(
        "--server", srv.url, "--user", "rep_a", "--profile", str(profile), password=PASSWORD, env_dir=tmp_path
    )
    assert first.returncode == 0, first.stderr
    assert "pulled:" in first.stdout and "needs attention: 0" in first.stdout
    # an offline edit in that profile is pushed by the next headless sync
    db = open_replica(profile / "fieldsales.sqlite3")
    cid = sorted(o.customers["N1"])[0]
    with db.session() as s:
        LocalWriter.for_owner(s).update("customer", cid, {"notes": "from the command line"})
    db.close()
    second = run("--profile", str(profile), password=PASSWORD, env_dir=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "pushed: 1 (applied 1" in second.stdout
    assert server_row(sqlite_store, "customer", cid)["notes"] == "from the command line"


def test_headless_sync_fails_loudly(sqlite_store, live_server, tmp_path):
    build_org(sqlite_store)
    srv = live_server(sqlite_store)
    profile = str(tmp_path / "p")
    bad = run(
        "--server", srv.url, "--user", "rep_a", "--profile", profile, password="wrong", env_dir=tmp_path
    )
    assert bad.returncode == 4 and "Wrong username or password" in bad.stderr
    no_password = run("--server", srv.url, "--user", "rep_a", "--profile", profile, env_dir=tmp_path)
    assert no_password.returncode == 4 and "--password-stdin" in no_password.stderr
    down = run(
        "--server",
        "http://127.0.0.1:9",
        "--user",
        "rep_a",
        "--profile",
        str(tmp_path / "q"),
        password=PASSWORD,
        env_dir=tmp_path,
    )
    assert down.returncode == 3 and "cannot be reached" in down.stderr
    usage = run(env_dir=tmp_path)
    assert usage.returncode == 2
