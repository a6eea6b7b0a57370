"""Runs one pull in a separate process, so a test can kill it with SIGKILL mid-apply."""

from __future__ import annotations

import sys

from local_db.db import LocalDb
from sync.credentials import CredentialStore, Tokens
from sync.engine import SyncEngine


def main() -> None:
    db_path, url, user, access, refresh, max_rows, key = sys.argv[1:8]
    creds = CredentialStore(service="fieldsales-test-worker")
    creds._memory[creds._key(url, user)] = Tokens(access, refresh)  # no keyring in a test subprocess
    # The replica is encrypted; its key comes from the test, as the keyring is in its process.
    engine = SyncEngine(LocalDb(db_path, key=key), url, user, credentials=creds)
    engine.max_rows = int(max_rows)
    engine.pull()
    print("done", flush=True)


if __name__ == "__main__":
    main()
