"""`fieldsales sync`: one sync of a profile without a window, for scripts and support.

Prints what was pushed, pulled and merged, and what needs a person (``--verify`` also
checks the whole replica against the server and repairs what differs); exits non-zero when
the sync itself failed (so a script can retry), zero when it completed, even if some
changes need attention (those are listed, and kept on the laptop).
"""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.paths import DB_FILE, profile_dir_for
from desktop.settings import Settings, apply_transport_settings
from local_db.replica import ReplicaError, ReplicaKeyLost, open_replica, set_aside, wipe
from sync.credentials import CredentialStore
from sync.engine import SERVER_URL, USERNAME, SyncEngine
from sync.file_cache import AttachmentFiles
from sync.transport import (
    AccountDeactivated,
    AuthRequired,
    ClientTooOld,
    InsecureServer,
    ServerRefused,
    SyncError,
    Unreachable,
    needs_permission,
    policy,
    server_key,
)

EXIT_OK, EXIT_USAGE, EXIT_UNREACHABLE, EXIT_AUTH, EXIT_DEACTIVATED, EXIT_TOO_OLD, EXIT_REFUSED = (
    0,
    2,
    3,
    4,
    5,
    6,
    7,
)


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def run(args) -> int:
    profile: Path | None = getattr(args, "profile", None)
    if profile is None:
        if not (args.server and args.user):
            return _fail("say which profile to sync: --server URL --user NAME, or --profile DIR", EXIT_USAGE)
        profile = profile_dir_for(args.server, args.user)
    credentials = CredentialStore()
    path = Path(profile) / DB_FILE
    try:
        db = open_replica(path, credentials.replica_keys)
    except ReplicaError as exc:
        if not (args.server and args.user):
            return _fail(
                f"{exc}. Give --server URL and --user NAME to sign in and download a fresh copy.", EXIT_USAGE
            )
        aside = set_aside(path, credentials.replica_keys)
        why = (
            "this computer's keyring no longer has the key that unlocks it"
            if isinstance(exc, ReplicaKeyLost)
            else "the file is damaged or does not belong to this computer"
        )
        print(
            f"warning: the local copy cannot be read ({why}); it was kept as {aside}, "
            "and a fresh copy is downloaded. Unsent changes in it can be recovered with "
            "`fieldsales recover-edits` if the key turns up.",
            file=sys.stderr,
        )
        db = open_replica(path, credentials.replica_keys)
    server = args.server or db.get_state(SERVER_URL)
    user = args.user or db.get_state(USERNAME)
    if not server or not user:
        return _fail(f"{profile} has never been synced: give --server URL and --user NAME", EXIT_USAGE)
    known = db.get_state(USERNAME)
    if known and known != user:
        return _fail(f"{profile} belongs to {known}, not {user}", EXIT_USAGE)
    settings = Settings.load()
    apply_transport_settings(settings)
    if getattr(args, "ca_bundle", None):
        policy.ca_bundle = str(args.ca_bundle)
    if getattr(args, "allow_http", False) and needs_permission(server):
        policy.insecure_servers.add(server_key(server))
        print(
            f"warning: {server} is not encrypted: the password and the data cross the network readable",
            file=sys.stderr,
        )
    engine = SyncEngine(db, server, user, credentials)
    cache_mb = getattr(args, "file_cache_mb", None)
    if cache_mb is not None:
        if cache_mb < 0:
            return _fail("--file-cache-mb must be 0 or more", EXIT_USAGE)
        AttachmentFiles(engine).set_budget(cache_mb * 1024 * 1024)
        print(f"file cache: at most {cache_mb} MB of downloaded attachment files")
    try:
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                return _fail("no password on standard input", EXIT_USAGE)
            engine.login(password)
        elif not engine.has_session:
            return _fail(
                f"{user} is not logged in on this machine: pass the password with --password-stdin", EXIT_AUTH
            )
        # --verify: after the push and pull, check every bucket against the server and
        # re-download only those out of step (unpushed edits are kept). The engine also
        # does this by itself after a role or team change.
        report = engine.sync(verify=bool(getattr(args, "verify", False)))
    except AccountDeactivated as exc:
        db.close()
        wipe(path, credentials.replica_keys)  # the rows, and now the file and its key
        return _fail(f"{exc} The local copy was removed.", EXIT_DEACTIVATED)
    except AuthRequired as exc:
        return _fail(f"{exc} (log in again with --password-stdin)", EXIT_AUTH)
    except ClientTooOld as exc:
        return _fail(str(exc), EXIT_TOO_OLD)
    except Unreachable as exc:
        return _fail(f"{exc} Nothing was lost: your changes stay queued on this laptop.", EXIT_UNREACHABLE)
    except ServerRefused as exc:
        return _fail(str(exc), EXIT_REFUSED)
    except InsecureServer as exc:
        return _fail(f"{exc} (--allow-http allows it for this run)", EXIT_USAGE)
    except SyncError as exc:
        return _fail(str(exc), EXIT_UNREACHABLE)
    finally:
        db.close()
    print(f"synced {user}@{server}")
    print(f"pushed: {report.pushed} (applied {report.applied}, merged {report.merged})")
    print(f"pulled: {report.pulled} rows in {report.pages} pages")
    if report.files.uploaded or report.files.failed:
        print(
            f"files: {len(report.files.uploaded)} uploaded ({report.files.bytes_sent} bytes sent), "
            f"{len(report.files.failed)} failed (retried at a later sync)"
        )
        for sha, why in report.files.failed.items():
            print(f"  - {sha[:12]}: {why}")
    if report.evicted:
        print(f"removed: {report.evicted} customers no longer assigned to you")
    if report.rescoped:
        print(f"scope changed: {report.rescoped}")
    if report.repaired:
        print(f"repaired: {', '.join(report.repaired)} ({report.repaired_rows} rows re-downloaded)")
    elif report.verified:
        print("verified: this laptop holds exactly what the server says it should")
    got = report.downloads
    if got is not None and (got.thumbnails or got.files or got.evicted or got.stopped):
        print(
            f"attachments: {got.thumbnails} thumbnails and {got.files} offline files fetched, "
            f"{got.evicted} cached files removed for the cache budget"
            + (f" (stopped early: {got.stopped})" if got.stopped else "")
        )
    print(f"needs attention: {report.needs_attention}")
    for line in report.issues:
        print(f"  - {line}")
    return EXIT_OK
