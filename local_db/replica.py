"""Opening a profile's replica: its key, the conversion of a plain file, a lost key.

The replica is the company's customer file, so it is encrypted at rest (SQLCipher 4). Each
profile has its own random 256-bit key, created when the replica is first created and kept
in the operating system's keyring only (next to the session tokens), never on disk.

``open_replica`` is the one way the app opens a profile's database:

- no file yet: a new key, a new encrypted file;
- a plain file made by an earlier version: converted in place (``sqlcipher_export`` into a
  temporary file, flushed to disk, then renamed over the old one), so a crash half-way
  leaves the old plain file as it was, never a half-converted one;
- an encrypted file without its key (new OS profile, keyring reset) or one the key does not
  open (damaged, or not ours): ``ReplicaKeyLost`` / ``ReplicaUnreadable``, which the app
  turns into plain words; ``set_aside`` then keeps the file (it may hold unsent edits) under
  another name so the user can sign in again and download a fresh copy.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import keyring
from keyring.errors import KeyringError

from local_db.db import LocalDb
from local_db.sqlite_engine import key_literal, key_pragma, sqlcipher_module

log = logging.getLogger(__name__)

SERVICE = "fieldsales"  # the same keyring service as the session tokens
PLAIN_HEADER = b"SQLite format 3\x00"
ASIDE_MARK = ".locked-"  # fieldsales.sqlite3.locked-20261203T061500Z
SIDE_FILES = ("-wal", "-shm")


class ReplicaError(Exception):
    """The replica cannot be opened; ``path`` is the file."""

    def __init__(self, path: Path, message: str):
        super().__init__(message)
        self.path = path


class ReplicaKeyLost(ReplicaError):
    """The file is encrypted and this machine's keyring has no key for it."""


class ReplicaUnreadable(ReplicaError):
    """The file is damaged, or the key in the keyring does not open it."""


class KeyringEntries:
    """Named secrets in the OS keyring under one service (the replica keys, the session
    tokens). Without a usable keyring a read finds nothing, a write is lost and
    ``persistent`` turns False: the owner keeps its values in memory for this run only."""

    #: What the log says happens to the secrets when there is no usable keyring.
    fallback = "secrets are kept for this run only"

    def __init__(self, service: str):
        self.service = service
        self.persistent = True

    def _read(self, name: str) -> str | None:
        try:
            return keyring.get_password(self.service, name) or None
        except (KeyringError, RuntimeError) as exc:
            self._unusable(exc)
            return None

    def _write(self, name: str, value: str) -> None:
        try:
            keyring.set_password(self.service, name, value)
        except (KeyringError, RuntimeError) as exc:
            self._unusable(exc)

    def _delete(self, name: str) -> None:
        try:
            keyring.delete_password(self.service, name)
        except (KeyringError, RuntimeError):  # incl. PasswordDeleteError: there was none
            pass

    def _unusable(self, exc: Exception) -> None:
        log.info("no usable keyring (%s); %s", exc, self.fallback)
        self.persistent = False


class ReplicaKeys(KeyringEntries):
    """Replica keys in the OS keyring, one entry per replica file.

    Without a usable keyring no key would outlive this run, so ``open_replica`` keeps the
    file plain there instead of making one the next start cannot read (docs/SECURITY.md).
    """

    fallback = "a replica key lasts for this run only"

    def __init__(self, service: str = SERVICE):
        super().__init__(service)
        self._memory: dict[str, str] = {}

    @staticmethod
    def entry(path: Path) -> str:
        return f"replica-key:{Path(path).resolve()}"

    def get(self, path: Path) -> str | None:
        name = self.entry(path)
        if name in self._memory:
            return self._memory[name]
        value = self._read(name)
        if value:
            self._memory[name] = value
        return value

    def put(self, path: Path, key: str) -> None:
        key_pragma(key)  # validates
        name = self.entry(path)
        self._memory[name] = key
        self._write(name, key)

    def create(self, path: Path) -> str:
        key = secrets.token_hex(32)  # 256 bits
        self.put(path, key)
        return key

    def drop_from_memory(self, path: Path) -> None:
        self._memory.pop(self.entry(path), None)

    def forget(self, path: Path) -> None:
        name = self.entry(path)
        self._memory.pop(name, None)
        self._delete(name)


def file_kind(path: Path) -> str:
    """``missing`` (or empty), ``plain`` (an unencrypted SQLite file) or ``encrypted``."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(PLAIN_HEADER))
    except FileNotFoundError:
        return "missing"
    if not head:
        return "missing"
    return "plain" if head == PLAIN_HEADER else "encrypted"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    if os.name == "posix":
        _fsync(path)


def _temp_path(path: Path) -> Path:
    return path.with_name(path.name + ".encrypting")


# Tests stop a conversion between its steps (as a crash would) by raising from this hook.
fault_hook: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if fault_hook is not None:
        fault_hook(name)


def convert_plain(path: Path, key: str) -> None:
    """Encrypt a plain replica in place; the old file stays whole until the final rename."""
    tmp = _temp_path(path)
    tmp.unlink(missing_ok=True)  # what an interrupted conversion left behind
    driver = sqlcipher_module()
    conn = driver.connect(str(path), timeout=30, isolation_level=None)
    try:
        # Everything into the main file first: the copy reads the main file and the WAL, but
        # the rename must not leave a plain WAL next to the encrypted file.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY {key_literal(key)}", (str(tmp),))
        _step("attached")
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE encrypted")
        # Back to a rollback journal, so closing this last connection removes the WAL file.
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    _step("exported")
    _fsync(tmp)
    _step("flushed")
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists() and side.stat().st_size and suffix == "-wal":
            raise ReplicaError(path, "the replica is in use by another program; close it and start again")
        side.unlink(missing_ok=True)
    os.replace(tmp, path)
    _fsync_dir(path.parent)
    _step("renamed")
    log.info("converted the plain replica %s to an encrypted one", path)


def _check_opens(path: Path, key: str) -> None:
    driver = sqlcipher_module()
    conn = driver.connect(str(path), timeout=30)
    try:
        conn.execute(key_pragma(key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver.DatabaseError as exc:
        raise ReplicaUnreadable(path, f"{path} cannot be read with its key: {exc}") from exc
    finally:
        conn.close()


def open_replica(
    path: Path | str, keys: ReplicaKeys | None = None, *, migrate: bool = True, create: bool = True
) -> LocalDb:
    """The profile's database, encrypted, opened with its key from the keyring."""
    path = Path(path)
    keys = keys or ReplicaKeys()
    kind = file_kind(path)
    key = keys.get(path)
    if kind == "missing":
        if not create:
            raise FileNotFoundError(path)
        path.unlink(missing_ok=True)  # an empty file: SQLCipher would take it for a plain one
        _temp_path(path).unlink(missing_ok=True)
        key = key or keys.create(path)
        if not keys.persistent:
            # A key that dies with this run would make the next start set the file aside,
            # with any edits made offline in it: without a keyring the copy stays plain
            # (as the tokens stay in memory) rather than lose work.
            keys.drop_from_memory(path)
            log.warning("no usable keyring: %s is created unencrypted", path)
            return LocalDb(path, migrate=migrate)
        return LocalDb(path, key=key, migrate=migrate)
    if kind == "plain":
        _temp_path(path).unlink(missing_ok=True)
        if key is None:
            key = keys.create(path)
        if not keys.persistent:
            # Converting now would make the file unreadable at the next start (the key
            # dies with this run), taking unsent edits with it: it stays plain until the
            # machine has a keyring.
            log.warning("no usable keyring: %s stays unencrypted for now", path)
            return LocalDb(path, migrate=migrate)
        convert_plain(path, key)
        return LocalDb(path, key=key, migrate=migrate, must_exist=True)
    if key is None:
        raise ReplicaKeyLost(path, f"the key of {path} is not in this computer's keyring")
    _check_opens(path, key)
    return LocalDb(path, key=key, migrate=migrate, must_exist=True)


def files_dir(path: Path) -> Path:
    """The attachment files beside a replica (``sync.uploads.LocalFiles``), sealed with its key."""
    return path.with_name(f"{path.stem}-files")


def set_aside(path: Path, keys: ReplicaKeys | None = None) -> Path:
    """Rename the replica (and its WAL) out of the way, keeping it for recovery; returns the new name.

    A key still in the keyring goes with the file, so support can open it later.
    """
    keys = keys or ReplicaKeys()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}{ASIDE_MARK}{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}{ASIDE_MARK}{stamp}-{n}")
    key = keys.get(path)
    os.replace(path, aside)
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    if files_dir(path).is_dir():
        # Sealed with the same key, and they may be unsent attachments: they go with it.
        os.replace(files_dir(path), aside.with_name(aside.name + "-files"))
    if key is not None:
        keys.put(aside, key)
        keys.forget(path)
    log.warning("replica %s set aside as %s", path, aside)
    return aside


def wipe(path: Path, keys: ReplicaKeys | None = None) -> None:
    """Delete the replica, its side files, its attachment files and its key (a revoked device, a
    deactivated user)."""
    keys = keys or ReplicaKeys()
    for suffix in ("", *SIDE_FILES):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    shutil.rmtree(files_dir(path), ignore_errors=True)
    keys.forget(path)
