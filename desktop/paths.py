"""Where the desktop client keeps its files.

Everything lives under one data directory (platformdirs' user data dir for "fieldsales"),
so ``FIELDSALES_DATA_DIR`` can move all of it at once: tests and the screenshot run use
that to stay out of the user's real profile.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_data_dir

ENV_DATA_DIR = "FIELDSALES_DATA_DIR"
#: The names the platform files the app under (QCoreApplication and platformdirs): Windows
#: ``%LOCALAPPDATA%\Fieldsales\Fieldsales``, macOS ``~/Library/Application Support/Fieldsales``,
#: Linux ``~/.local/share/fieldsales`` (lower case there, as XDG directories are).
APP_NAME = "Fieldsales"
ORG_NAME = "Fieldsales"
ORG_DOMAIN = "fieldsales.app"
DB_FILE = "fieldsales.sqlite3"


def platform_data_dir() -> Path:
    if sys.platform in ("win32", "darwin"):
        return Path(user_data_dir(APP_NAME, ORG_NAME))
    return Path(user_data_dir(APP_NAME.lower(), appauthor=False))


def data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    path = Path(override) if override else platform_data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings_file() -> Path:
    return data_dir() / "settings.json"


def demo_server_dir() -> Path:
    return data_dir() / "demo-server"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "x"


def profile_dir_for(server_url: str, username: str) -> Path:
    """One directory per server and user, readable for support yet unique.

    The short hash keeps two servers on the same host (different paths or schemes) apart.
    """
    url = server_url.rstrip("/")
    parts = urlsplit(url)
    host = parts.netloc or url
    digest = hashlib.sha1(f"{url}\n{username}".encode()).hexdigest()[:8]
    return data_dir() / "profiles" / f"{_slug(username)}@{_slug(host)}-{digest}"


@dataclass(frozen=True)
class Profile:
    """A local replica: one user's data from one server, in one directory."""

    dir: Path
    server_url: str = ""
    username: str = ""

    @property
    def db_path(self) -> Path:
        return self.dir / DB_FILE

    @property
    def exists(self) -> bool:
        return self.db_path.exists()

    def with_server(self, server_url: str) -> Profile:
        return Profile(self.dir, server_url.rstrip("/"), self.username)
