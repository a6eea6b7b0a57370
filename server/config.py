"""Where the server keeps its data: a SQLite file by default, PostgreSQL by URL."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_DATABASE_URL = "FIELDSALES_DATABASE_URL"


def default_sqlite_path() -> Path:
    return Path(user_data_dir("fieldsales-server", appauthor=False)) / "server.sqlite3"


def database_url(explicit: str | None = None) -> str:
    if explicit:
        return explicit
    if os.environ.get(ENV_DATABASE_URL):
        return os.environ[ENV_DATABASE_URL]
    path = default_sqlite_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"
