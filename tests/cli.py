"""The ``fieldsales`` command as a user runs it: a process of its own, with a data directory of
the test's and nothing else of the test's environment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.file_keyring import subprocess_env

FIELDSALES = str(Path(sys.executable).parent / "fieldsales")


def cli_env(data_dir: Path, keyring: Path | None = None, **more: str) -> dict[str, str]:
    """The environment of a ``fieldsales`` child: this data directory, a bare PATH, the test's file
    keyring at ``keyring`` when given (the replica's key lives there, as on a laptop), and ``more``."""
    return {
        "FIELDSALES_DATA_DIR": str(data_dir),
        "PATH": "/usr/bin:/bin",
        **(subprocess_env(keyring) if keyring is not None else {}),
        **more,
    }


def fieldsales(*args: str, env: dict[str, str], password: str | None = None) -> subprocess.CompletedProcess:
    """``fieldsales ARGS`` run to its end (two minutes at most), its output captured as text; with a
    ``password``, ``--password-stdin`` is added and the password typed on its standard input."""
    return subprocess.run(
        [FIELDSALES, *args, *(["--password-stdin"] if password else [])],
        input=(password + "\n") if password else None,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
