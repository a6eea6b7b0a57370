"""`fieldsales sync --verify`: a support person checks (and repairs) a laptop from a shell."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from local_db.replica import open_replica
from local_db.tables import TABLES as LOCAL
from tests.cli import cli_env, fieldsales
from tests.factories import PASSWORD, build_org

# Long (a subprocess or many runs): scheduled first, so a parallel run does not end waiting for it.
pytestmark = pytest.mark.slow


def run(*args: str, env_dir: Path, password: str | None = None) -> subprocess.CompletedProcess:
    return fieldsales("sync", *args, password=password, env=cli_env(env_dir, env_dir / "keyring.json"))


def test_verify_repairs_a_damaged_laptop_and_then_finds_it_clean(
    sqlite_store, live_server, tmp_path, file_keyring
):
    build_org(sqlite_store)
    srv = live_server(sqlite_store)
    profile = tmp_path / "profile"
    first = run(
        "--server",
        srv.url,
        "--user",
        "sup_n",
        "--profile",
        str(profile),
        "--verify",
        password=PASSWORD,
        env_dir=tmp_path,
    )
    assert first.returncode == 0, first.stderr
    assert "verified: this laptop holds exactly what the server says it should" in first.stdout
    db = open_replica(profile / "fieldsales.sqlite3")
    visits = LOCAL["visit"]
    with db.session() as s:
        victim, cid = s.execute(select(visits.c.id, visits.c.customer_id).limit(1)).one()
        s.execute(visits.delete().where(visits.c.id == victim))
    db.close()
    plain = run("--profile", str(profile), password=PASSWORD, env_dir=tmp_path)
    assert plain.returncode == 0 and "repaired" not in plain.stdout and "verified" not in plain.stdout
    fixed = run("--profile", str(profile), "--verify", password=PASSWORD, env_dir=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert f"repaired: customers-{cid[-1]} (" in fixed.stdout
    db = open_replica(profile / "fieldsales.sqlite3")
    with db.session() as s:
        assert s.scalar(select(visits.c.id).where(visits.c.id == victim)) == victim
    db.close()
    again = run("--profile", str(profile), "--verify", password=PASSWORD, env_dir=tmp_path)
    assert "verified:" in again.stdout and "repaired" not in again.stdout
