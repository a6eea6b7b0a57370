"""Session tokens and replica keys, kept in the operating system's keyring and nowhere on disk.

When the machine has no usable keyring (a headless box, a locked-down desktop), tokens
live in memory for this run only and the user logs in again next time: a plain file
would be readable by anyone with the laptop.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from local_db.replica import KeyringEntries, ReplicaKeys

SERVICE = "fieldsales"


@dataclass
class Tokens:
    access_token: str
    refresh_token: str


class CredentialStore(KeyringEntries):
    fallback = "the session is kept in memory only"

    def __init__(self, service: str = SERVICE):
        super().__init__(service)
        self._memory: dict[str, Tokens] = {}
        # The keys that open each profile's encrypted replica, in the same keyring; one
        # object per app, so the window and the sync worker share a key kept in memory.
        self.replica_keys = ReplicaKeys(service)

    def _key(self, server_url: str, username: str) -> str:
        return f"{username}@{server_url.rstrip('/')}"

    def load(self, server_url: str, username: str) -> Tokens | None:
        key = self._key(server_url, username)
        if key in self._memory:
            return self._memory[key]
        raw = self._read(key)
        if not raw:
            return None
        try:
            tokens = Tokens(**json.loads(raw))
        except (ValueError, TypeError):
            return None
        self._memory[key] = tokens
        return tokens

    def save(self, server_url: str, username: str, tokens: Tokens) -> None:
        key = self._key(server_url, username)
        self._memory[key] = tokens
        self._write(key, json.dumps(asdict(tokens)))

    def forget(self, server_url: str, username: str) -> None:
        key = self._key(server_url, username)
        self._memory.pop(key, None)
        self._delete(key)
