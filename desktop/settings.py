"""The user's settings: a small JSON file next to the profiles.

Kept in plain JSON rather than QSettings so it is readable before Qt starts (the language
must be known before the first widget exists) and moves with ``FIELDSALES_DATA_DIR``.
Secrets never go here: tokens live in the OS keyring (``sync.credentials``).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from desktop import paths

log = logging.getLogger(__name__)

DEFAULT_SERVER_URL = "http://127.0.0.1:8765"


@dataclass
class Settings:
    language: str = ""  # "" follows the system locale
    last_server_url: str = ""
    last_username: str = ""
    last_profile_dir: str = ""
    window_geometry: str = ""  # QMainWindow.saveGeometry(), base64
    extra: dict = field(default_factory=dict)  # room for later issues without a format change
    # Servers the user allowed to reach over plain http:// although not on this computer
    # (``sync.transport.server_key`` form), and a PEM file of the company's certificate
    # authorities for a server with a company-issued TLS certificate.
    insecure_servers: list[str] = field(default_factory=list)
    ca_bundle: str = ""

    path: Path | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or paths.settings_file()
        data: dict = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            # A damaged settings file must never keep the app from starting.
            log.warning("ignoring unreadable settings %s: %s", path, exc)
        known = {f.name for f in fields(cls)} - {"path"}
        settings = cls(**{k: v for k, v in data.items() if k in known})
        settings.path = path
        return settings

    def save(self) -> None:
        path = self.path or paths.settings_file()
        data = {k: v for k, v in asdict(self).items() if k != "path"}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)  # atomic: a crash never leaves half a file

    def remember_profile(self, profile: paths.Profile) -> None:
        self.last_server_url = profile.server_url
        self.last_username = profile.username
        self.last_profile_dir = str(profile.dir)


ENV_CA_BUNDLE = "FIELDSALES_CA_BUNDLE"


def apply_transport_settings(settings: Settings) -> None:
    """Hand the user's connection choices to every transport (``sync.transport.policy``)."""
    from sync.transport import policy

    policy.insecure_servers = set(settings.insecure_servers)
    policy.ca_bundle = settings.ca_bundle or os.environ.get(ENV_CA_BUNDLE) or None


def allow_insecure(settings: Settings, server_url: str) -> None:
    """The user's explicit yes to plain http:// for this one server (saved, and in force now)."""
    from sync.transport import server_key

    key = server_key(server_url)
    if key not in settings.insecure_servers:
        settings.insecure_servers.append(key)
        settings.save()
    apply_transport_settings(settings)
