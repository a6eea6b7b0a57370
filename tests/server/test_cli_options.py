"""fieldsales-server as a new user types it: options after the command, quiet commands."""

from __future__ import annotations

import os
import subprocess
import sys


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    env.pop("FIELDSALES_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_database_url_after_the_command_and_migration_log_only_for_init(tmp_path):
    url = f"sqlite:///{tmp_path}/server.sqlite3"
    init = _run("init", "--database-url", url)
    assert init.returncode == 0, init.stderr
    assert "Database ready" in init.stdout and str(tmp_path) in init.stdout
    assert "alembic" in init.stderr  # init shows what it migrated
    created = _run(
        "create-user", "sup", "--role", "supervisor", "--password", "secret-pass-1", "--database-url", url
    )
    assert created.returncode == 0, created.stderr
    assert "alembic" not in created.stderr and created.stderr.strip() == ""
    before = _run("--database-url", url, "deactivate", "sup")  # before the command still works
    assert before.returncode == 0 and "Deactivated sup" in before.stdout and "alembic" not in before.stderr
    verbose = _run("deactivate", "sup", "--database-url", url, "--verbose")
    assert verbose.returncode == 0 and "alembic" in verbose.stderr
