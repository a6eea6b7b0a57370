"""A keyring backend in a JSON file, so a test and the `fieldsales` processes it starts share
one keyring (the in-memory one of conftest lives in the test process only).

Subprocesses select it with ``PYTHON_KEYRING_BACKEND=tests.file_keyring.FileKeyring`` and
find the file in ``FIELDSALES_TEST_KEYRING``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend
from keyring.compat import properties

ENV = "FIELDSALES_TEST_KEYRING"


class FileKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        # keyring picks its default among every backend class imported into the process:
        # without its file this one must not be picked (it would fail on first use).
        if ENV not in os.environ:
            raise RuntimeError(f"{ENV} is not set")
        return 1

    def __init__(self, path: Path | str | None = None):
        super().__init__()
        self._path = Path(path) if path else None

    @property
    def path(self) -> Path:
        return self._path or Path(os.environ[ENV])

    def _read(self) -> dict:
        try:
            return json.loads(self.path.read_text())
        except FileNotFoundError:
            return {}

    def get_password(self, service, username):
        return self._read().get(f"{service}\n{username}")

    def set_password(self, service, username, password):
        data = self._read()
        data[f"{service}\n{username}"] = password
        self.path.write_text(json.dumps(data))

    def delete_password(self, service, username):
        data = self._read()
        data.pop(f"{service}\n{username}", None)
        self.path.write_text(json.dumps(data))


def subprocess_env(path: Path) -> dict[str, str]:
    """The environment entries that give a child process this keyring."""
    return {
        "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring",
        ENV: str(path),
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }


@contextmanager
def keyring_workdir() -> Iterator[Path]:
    """A temporary work folder whose ``keyring.json`` is this process's keyring: how a
    benchmark (no conftest there) gives its replicas their keys."""
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        keyring.set_keyring(FileKeyring(work / "keyring.json"))
        yield work
