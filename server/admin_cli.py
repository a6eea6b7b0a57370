"""Administration commands of ``fieldsales-server`` (wired in by ``server.cli``):

    fieldsales-server import-customers FILE --territory CODE [--mapping SPEC] [--sheet NAME]
                                       [--dry-run] [--include-duplicates] [--skip-invalid]
    fieldsales-server classify [--as-of YYYY-MM-DD]
    fieldsales-server move-customers --to CODE (--from CODE | CUSTOMER ...)
    fieldsales-server check-blobs [--blob-dir DIR] [--days N] [--verify-hashes] [--delete-orphans] [--json]

and the scheduled classification of ``serve`` (``--classify-every HOURS``, default 24).

``import-customers`` uses the same importer as the API: the columns are mapped from their
names (``--mapping 'Company=name,Tel=phone,Notes='`` overrides the guess for the columns it
names — an empty field ignores the column — or ``--mapping file.json`` with
``{"column": "field"}``), every row is validated and checked for duplicates, and each
problem is printed with its row number. Then the new customers and contacts are stored
in one transaction — unless a row has errors (nothing is stored; ``--skip-invalid``
imports the other rows) — leaving out likely duplicates unless ``--include-duplicates``.
``--dry-run`` only reports.

``check-blobs`` compares the attachment metadata with the blob store (``server.blob_check``):
metadata without blobs, blobs without metadata, stale unfinished uploads and the chunk
files a server killed mid-body left beside them. It prints a report (``--json`` for
scripts) and exits 1 when anything is inconsistent; ``--delete-orphans`` removes the blobs
without metadata, the stale partial uploads and the stale chunk files, never a row.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path


def _mapping(spec: str | None, headers: list[str]) -> dict[str, str | None]:
    from server.importer import suggest_mapping

    mapping = suggest_mapping(headers)
    if not spec:
        return mapping
    path = Path(spec)
    if path.suffix.lower() == ".json" and path.exists():
        given = json.loads(path.read_text(encoding="utf-8"))
    else:
        given = {}
        for part in spec.split(","):
            if "=" not in part:
                raise SystemExit(f"--mapping: {part!r} is not COLUMN=FIELD")
            column, _, key = part.partition("=")
            given[column.strip()] = key.strip() or None
    for column, key in given.items():
        if key:  # a field comes from one column only
            for other, k in mapping.items():
                if k == key:
                    mapping[other] = None
        mapping[column] = key
    return mapping


def _print_issue(issue) -> None:
    where = f"row {issue.row}" if issue.row is not None else "file"
    print(f"  {where}: {issue.message}")


def cmd_import_customers(args, ready_store) -> int:
    from server import importer

    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise SystemExit(f"cannot read {path}: {exc.strerror}") from None
    try:
        table = importer.read_table(path.name, content, args.sheet)
    except importer.ImportFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    mapping = _mapping(args.mapping, table.headers)
    store = ready_store(args)
    with store.session() as s:
        analysis = importer.analyse(s, table, mapping, args.territory)
        print("Columns: " + ", ".join(f"{h} → {k or '(ignored)'}" for h, k in analysis.mapping.items()))
        if analysis.problems:
            print("The mapping needs fixing; nothing was imported:")
            for issue in analysis.problems:
                _print_issue(issue)
            return 1
        counts = analysis.counts()
        print(
            f"{counts['rows']} rows: {counts['new']} new customers, {counts['contact']} further contacts, "
            f"{counts['duplicate']} likely duplicates, {counts['error']} with errors."
        )
        for r in analysis.rows:
            for issue in r.errors:
                _print_issue(issue)
            for d in r.duplicates:
                other = f"customer {d.code}" if d.kind == "existing" else f"row {d.row}"
                print(f"  row {r.row}: looks like {other} “{d.name}” (same {' and '.join(d.reasons)})")
        if counts["error"] and not args.skip_invalid:
            print("Nothing was imported: fix the rows above, or pass --skip-invalid to import the others.")
            return 1
        confirmed = importer.confirmable(analysis, args.include_duplicates)
        try:
            report = importer.commit(s, analysis, confirmed, None, dry_run=args.dry_run)
        except importer.ImportRefused as exc:
            print(f"Nothing was imported: {exc}")
            for issue in exc.problems:
                _print_issue(issue)
            return 1
        if args.dry_run:
            print(f"Dry run: would import {report.customers} customers and {report.contacts} contacts.")
            return 0
    print(
        f"Imported {report.customers} customers and {report.contacts} contacts; "
        f"{len(report.skipped)} rows left out."
    )
    return 0


def cmd_classify(args, ready_store) -> int:
    from server.classify import run

    as_of = date.fromisoformat(args.as_of) if args.as_of else None
    with ready_store(args).session() as s:
        summary = run(s, as_of=as_of)
    print(
        f"Classified {summary.customers} customers as of {summary.as_of}: {summary.changed} changed, "
        f"{summary.overridden} with overrides, {summary.at_risk} at risk."
    )
    print("Tiers: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.tiers.items())))
    print("Credit grades: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.credit_grades.items())))
    return 0


def cmd_move_customers(args, ready_store) -> int:
    from sqlalchemy import select

    from server import org
    from server.scope import territory_descendants
    from server.store.tables import TABLES

    with ready_store(args).session() as s:
        keys = list(args.customers)
        if args.source:
            node = org.find_territory(s, args.source)
            c = TABLES["customer"]
            nodes = territory_descendants(s).get(node["id"], {node["id"]})
            keys += list(s.scalars(select(c.c.id).where(c.c.territory_id.in_(list(nodes)), ~c.c.deleted)))
        if not keys:
            raise SystemExit("name the customers to move, or --from a territory")
        receipt = org.move_customers(s, keys, args.to)
        names = org.usernames(s, receipt.changes)
    print(f"Moved {receipt.moved} customers to {args.to} (change {receipt.seq}).")
    for uid, (added, removed) in sorted(receipt.changes.items(), key=lambda kv: names.get(kv[0], ("",))[0]):
        print(f"  {names.get(uid, (uid,))[0]}: +{added} −{removed} at their next sync")
    return 0


def cmd_client_release(args, ready_store) -> int:
    from dataclasses import replace

    from domain.errors import InvalidValue
    from domain.org_settings import CLIENT_RELEASE_KEY
    from server import org_settings
    from server.audit import audit
    from sync.release import ClientRelease, client_release_from_json, client_release_to_json

    store = ready_store(args)
    with store.session() as s:
        current = org_settings.read(s, CLIENT_RELEASE_KEY, client_release_from_json, ClientRelease())
        if args.clear:
            org_settings.reset(s, CLIENT_RELEASE_KEY, None)
            audit(s, None, "reset_client_release", None)
            print("Client release cleared: no update is announced and every app version may sync.")
            return 0
        changes = {
            k: v
            for k, v in (("latest", args.latest), ("minimum", args.minimum), ("url", args.url))
            if v is not None
        }
        if changes:
            try:
                release = client_release_from_json(client_release_to_json(replace(current, **changes)))
            except InvalidValue as exc:
                print(f"error: {exc.message}", file=sys.stderr)
                return 2
            org_settings.save(s, CLIENT_RELEASE_KEY, client_release_to_json(release), None)
            audit(s, None, "set_client_release", None)
            current = release
    print(f"latest: {current.latest or '-'}\nminimum: {current.minimum or '-'}\nurl: {current.url or '-'}")
    if changes:
        print("Laptops hear of it at their next sync; apps below the minimum are refused until updated.")
    return 0


def cmd_check_blobs(args, ready_store) -> int:
    from server.blob_check import check_blobs, text_report
    from server.blobs import FileSystemBlobStore, default_blob_dir

    store = ready_store(args)
    root = Path(args.blob_dir) if args.blob_dir else default_blob_dir(store.engine.url)
    if not root.is_dir():
        print(
            f"error: the blob directory {root} does not exist (--blob-dir, or FIELDSALES_BLOB_DIR)",
            file=sys.stderr,
        )
        return 2
    report = check_blobs(
        store,
        FileSystemBlobStore(root),
        days=args.days,
        verify_hashes=args.verify_hashes,
        delete_orphans=args.delete_orphans,
    )
    if args.json:
        print(json.dumps({"blob_dir": str(root), **report.as_json()}, ensure_ascii=False, indent=1))
    else:
        print(f"Blob store: {root}")
        print(text_report(report, args.days))
    return 0 if report.consistent else 1


def add_commands(sub, ready_store) -> None:
    s = sub.add_parser("import-customers", help="import customers and contacts from a CSV or Excel file")
    s.add_argument("file")
    s.add_argument("--territory", help="territory code for rows without a Territory column")
    s.add_argument("--mapping", help="COLUMN=field,… (overrides the guessed mapping) or a .json file")
    s.add_argument("--sheet", help="Excel: the sheet to read (default: the first)")
    s.add_argument("--dry-run", action="store_true", help="report only; store nothing")
    s.add_argument(
        "--include-duplicates", action="store_true", help="also import rows that look like duplicates"
    )
    s.add_argument(
        "--skip-invalid", action="store_true", help="import the valid rows even when others have errors"
    )
    s.set_defaults(func=lambda a: cmd_import_customers(a, ready_store))
    s = sub.add_parser("classify", help="recompute value tiers, lifecycle, churn risk and credit ratings now")
    s.add_argument("--as-of", help="classify as of this day (YYYY-MM-DD; default: today)")
    s.set_defaults(func=lambda a: cmd_classify(a, ready_store))
    s = sub.add_parser("move-customers", help="move customers (with their history) to another territory")
    s.add_argument("customers", nargs="*", help="customer codes or ids")
    s.add_argument("--from", dest="source", help="move every customer of this territory")
    s.add_argument("--to", required=True, help="code of the destination territory or grid cell")
    s.set_defaults(func=lambda a: cmd_move_customers(a, ready_store))
    s = sub.add_parser(
        "client-release",
        help="announce the latest app version and set the minimum one (no options: show them)",
    )
    s.add_argument(
        "--latest", help="the newest app version, e.g. 1.4.2 (apps below it say an update is available)"
    )
    s.add_argument("--minimum", help="the oldest app version allowed to sync (older apps must update first)")
    s.add_argument("--url", help="where the latest version can be downloaded")
    s.add_argument("--clear", action="store_true", help="announce nothing, require nothing")
    s.set_defaults(func=lambda a: cmd_client_release(a, ready_store))
    s = sub.add_parser(
        "check-blobs",
        help="find attachment metadata without blobs and blobs without metadata (exit 1 when any)",
    )
    s.add_argument(
        "--blob-dir", help="the blob store (default: FIELDSALES_BLOB_DIR, else next to the database)"
    )
    s.add_argument(
        "--days",
        type=float,
        default=7,
        help="report attachments never uploaded, and unfinished uploads untouched, for this long (default 7)",
    )
    s.add_argument("--verify-hashes", action="store_true", help="also re-hash every blob (reads them all)")
    s.add_argument(
        "--delete-orphans",
        action="store_true",
        help="delete blobs no attachment refers to, stale unfinished uploads and their stale chunk files "
        "(never metadata)",
    )
    s.add_argument("--json", action="store_true", help="the report as JSON")
    s.set_defaults(func=lambda a: cmd_check_blobs(a, ready_store))
    serve = sub.choices.get("serve")
    if serve is not None:
        serve.add_argument(
            "--classify-every",
            type=float,
            default=None,
            metavar="HOURS",
            help="run the classification when the last run is this old (default: the setting, 24; 0: never)",
        )
        serve.add_argument(
            "--classify-first-check",
            type=float,
            default=60,
            metavar="SECONDS",
            help="first check of the classification schedule this long after start (default 60)",
        )


def start_classification(store, args):
    """The scheduled classification of ``serve`` (see ``server.classify``); None when turned off."""
    from server.classify import Scheduler, load_config

    hours = getattr(args, "classify_every", None)
    if hours is None:
        with store.session() as s:
            hours = load_config(s).schedule_hours
    if not hours or hours <= 0:
        return None
    first = timedelta(seconds=max(0.0, getattr(args, "classify_first_check", 60) or 0))
    scheduler = Scheduler(store, timedelta(hours=hours), first_check=first)
    scheduler.start()
    return scheduler
