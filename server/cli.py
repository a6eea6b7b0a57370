"""`fieldsales-server`: create the database, seed demo data, manage users, serve."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from datetime import date

from domain.enums import Role
from server import admin_cli
from server.config import ENV_DATABASE_URL, database_url
from server.store.db import Store
from server.store.migrate import is_current, upgrade


def _store(args) -> Store:
    return Store.from_url(database_url(args.database_url))


def _ready_store(args) -> Store:
    store = _store(args)
    if not is_current(store.engine):
        raise SystemExit(
            "The database is not initialised or not up to date: run `fieldsales-server init` first."
        )
    return store


def _ready_session(args):
    """A transaction on the ready store (committed when the block ends)."""
    return _ready_store(args).session()


def cmd_init(args) -> int:
    store = _store(args)
    upgrade(store.engine)
    store.analyze()
    print(f"Database ready: {store.engine.url.render_as_string(hide_password=True)}")
    return 0


def cmd_seed_demo(args) -> int:
    from server.seed import seed_demo

    store = _store(args)
    upgrade(store.engine)
    as_of = date.fromisoformat(args.as_of) if args.as_of else None
    summary = seed_demo(store, customers=args.customers, seed=args.seed, as_of=as_of)
    store.analyze()
    for key, value in summary.items():
        print(f"{key}: {value}")
    return 0


def cmd_create_user(args) -> int:
    from server import org

    password = args.password
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif password is None:
        password = getpass.getpass(f"Password for {args.username}: ")
    with _ready_session(args) as s:
        region_id = org.find_territory(s, args.region)["id"] if args.region else None
        supervisor_id = org.find_user(s, args.supervisor)["id"] if args.supervisor else None
        org.create_user(
            s,
            args.username,
            password,
            Role(args.role),
            display_name=args.display_name,
            rep_code=args.rep_code,
            region_id=region_id,
            supervisor_id=supervisor_id,
        )
    print(f"Created {args.role} {args.username}.")
    return 0


def cmd_assign(args, undo: bool = False) -> int:
    from server import org

    with _ready_session(args) as s:
        fn = org.unassign if undo else org.assign
        added, removed = fn(s, args.rep, args.territory)
    verb = "Unassigned" if undo else "Assigned"
    print(
        f"{verb} {args.territory} {'from' if undo else 'to'} {args.rep}: "
        f"{added} customers added, {removed} removed at their next sync."
    )
    return 0


def cmd_deactivate(args) -> int:
    from server import org

    with _ready_session(args) as s:
        org.deactivate(s, args.username)
    print(f"Deactivated {args.username}: their next sync removes the local copy and signs them out.")
    return 0


def cmd_devices(args) -> int:
    from server import devices

    with _ready_session(args) as s:
        rows = devices.listing(s, args.user)
    if not rows:
        print("No devices have signed in" + (f" for {args.user}." if args.user else "."))
        return 0
    print(f"{'client id':36}  {'user':12} {'device':20} {'app':8} {'last sync':20} {'last IP':15} status")
    for d in rows:
        print(
            f"{d['client_id']:36}  {d['username']:12} {d['device_name'][:20]:20} "
            f"{(d['app_version'] or '—')[:8]:8} "
            f"{devices.fmt(d['last_sync_at']):20} {(d['last_ip'] or '—')[:15]:15} {devices.status(d)}"
        )
    return 0


def cmd_revoke_device(args) -> int:
    from server import devices

    with _ready_session(args) as s:
        device = devices.revoke(s, args.client_id, None)
    if device is None:
        print(f"error: no device {args.client_id} (see `fieldsales-server devices`)", file=sys.stderr)
        return 2
    print(
        f"Revoked {args.client_id}: at its next sync it sends its queued changes, "
        "then deletes its local copy and key. The user's other devices keep working."
    )
    return 0


def cmd_serve(args) -> int:
    import uvicorn

    from server.observe import ENV_LOG_FORMAT, configure_logging

    store = _ready_store(args)
    workers = args.workers
    if workers < 1:
        raise SystemExit("--workers must be 1 or more.")
    if workers > 1 and not store.is_postgres:
        raise SystemExit(
            "SQLite serves one process only (it allows one writer at a time): use PostgreSQL "
            f"(--database-url or ${ENV_DATABASE_URL}) to run --workers {workers}, or leave --workers at 1."
        )
    log_config = configure_logging(
        args.log_format or os.environ.get(ENV_LOG_FORMAT) or "plain", args.log_level, access=args.access_log
    )
    # The scheduled jobs run in this process (the supervisor when there are workers); with
    # several processes or hosts exactly one of them runs each job (server.jobs).
    if workers > 1:
        _prepare_multiprocess_metrics()
    _start_escalation(store, args)  # complaint SLA breaches escalate every few minutes (server.sla)
    admin_cli.start_classification(store, args)  # scheduled classification runs (server.classify)
    common = dict(
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        log_config=log_config,
        timeout_graceful_shutdown=10,
    )
    if workers == 1:
        from server.app import create_app

        uvicorn.run(create_app(store), **common)
    else:
        # Workers are fresh processes: they build the app from the environment.
        os.environ[ENV_DATABASE_URL] = store.engine.url.render_as_string(hide_password=False)
        uvicorn.run("server.app:app_from_environment", factory=True, workers=workers, **common)
    return 0


def _prepare_multiprocess_metrics() -> None:
    """One metrics directory for the workers of this process, emptied before they start."""
    import atexit
    import glob
    import shutil
    import tempfile

    from server.metrics import MULTIPROC_ENV

    path = os.environ.get(MULTIPROC_ENV)
    if path:
        os.makedirs(path, exist_ok=True)
        for name in glob.glob(os.path.join(path, "*.db")):
            os.remove(name)
    else:
        path = tempfile.mkdtemp(prefix="fieldsales-metrics-")
        atexit.register(shutil.rmtree, path, ignore_errors=True)
        os.environ[MULTIPROC_ENV] = path


def _start_escalation(store: Store, args):
    from server.sla import EscalationLoop

    every = getattr(args, "escalate_every", 0)
    return EscalationLoop(store, every).start() if every and every > 0 else None


def cmd_escalate(args) -> int:
    from datetime import datetime

    from server.sla import run_escalation

    at = datetime.fromisoformat(args.at) if args.at else None
    if at is not None and at.tzinfo is None:
        raise SystemExit("--at needs a time zone, e.g. 2026-03-02T08:00:00+08:00")
    run = run_escalation(_ready_store(args), at)
    print(f"Complaint SLA check at {run.at.isoformat()}: {run.summary()}.")
    return 0


URL_HELP = (
    f"SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db (default: ${ENV_DATABASE_URL}, "
    "else a SQLite file)"
)
VERBOSE_HELP = "also show the database migration log (Alembic), which only `init` shows by default"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="fieldsales-server", description="Fieldsales central server.")
    p.add_argument("--database-url", help=URL_HELP)
    p.add_argument("-v", "--verbose", action="store_true", help=VERBOSE_HELP)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create or upgrade the database").set_defaults(func=cmd_init)
    s = sub.add_parser("seed-demo", help="create a realistic demo organisation")
    s.add_argument("--customers", type=int, default=2000)
    s.add_argument("--seed", type=int, default=2026)
    s.add_argument("--as-of", help="the demo's 'today' (YYYY-MM-DD; default: today), for reproducible data")
    s.set_defaults(func=cmd_seed_demo)
    s = sub.add_parser("create-user", help="create a user")
    s.add_argument("username")
    s.add_argument("--role", required=True, choices=[r.value for r in Role])
    s.add_argument("--display-name")
    s.add_argument("--rep-code")
    s.add_argument("--region", help="code of the user's home region")
    s.add_argument("--supervisor", help="username of the rep's supervisor")
    g = s.add_mutually_exclusive_group()
    g.add_argument("--password")
    g.add_argument("--password-stdin", action="store_true")
    s.set_defaults(func=cmd_create_user)
    for name, undo in (("assign", False), ("unassign", True)):
        s = sub.add_parser(name, help=f"{name} a territory (or region) for a user")
        s.add_argument("--territory", required=True, help="territory or region code")
        s.add_argument("--rep", required=True, help="username")
        s.set_defaults(func=lambda a, undo=undo: cmd_assign(a, undo))
    s = sub.add_parser("deactivate", help="deactivate a user")
    s.add_argument("username")
    s.set_defaults(func=cmd_deactivate)
    s = sub.add_parser("serve", help="run the HTTP API")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=int(os.environ.get("FIELDSALES_PORT", 8765)))
    s.add_argument("--log-level", default="info")
    s.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("FIELDSALES_WORKERS", 1)),
        metavar="N",
        help="worker processes (uvicorn; PostgreSQL only; default 1)",
    )
    s.add_argument(
        "--log-format",
        choices=["plain", "json"],
        help="log lines as text or one JSON object each (default: $FIELDSALES_LOG_FORMAT, else plain)",
    )
    s.add_argument(
        "--access-log",
        action="store_true",
        help="log every request (method, route, status, duration, request id)",
    )
    s.add_argument(
        "--escalate-every",
        type=float,
        default=300,
        metavar="SECONDS",
        help="check complaint SLAs and escalate breaches this often (0: never; default 300)",
    )
    s.set_defaults(func=cmd_serve)
    s = sub.add_parser(
        "escalate", help="flag complaint SLA breaches and escalate them now (rep → supervisor → admin)"
    )
    s.add_argument("--at", help="evaluate as of this time (ISO 8601 with zone; default: now)")
    s.set_defaults(func=cmd_escalate)
    s = sub.add_parser("devices", help="list the laptops that signed in (client id, user, last sync, status)")
    s.add_argument("--user", metavar="USERNAME", help="only this user's devices")
    s.set_defaults(func=cmd_devices)
    s = sub.add_parser("revoke-device", help="make one laptop wipe its local copy at its next sync")
    s.add_argument("client_id", metavar="CLIENT_ID")
    s.set_defaults(func=cmd_revoke_device)
    admin_cli.add_commands(sub, _ready_store)  # import-customers, classify, move-customers, check-blobs
    # People type the global options after the command too (`init --database-url URL`):
    # every command accepts them; SUPPRESS keeps a value given before the command.
    for command in sub.choices.values():
        command.add_argument("--database-url", default=argparse.SUPPRESS, help=URL_HELP)
        command.add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=VERBOSE_HELP
        )
    return p


def main(argv: list[str] | None = None) -> int:
    from server.org import OrgError

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    # Alembic says what it checks and runs at INFO: the point of `init`, noise for `assign`.
    logging.getLogger("alembic").setLevel(
        logging.INFO if args.command == "init" or args.verbose else logging.WARNING
    )
    try:
        return args.func(args)
    except OrgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
